// Generated from Rust by ts-rs (hand-written until the Rust side generates it; same name and shape).
import type { KeyMode } from "./KeyMode";

export type CreateVaultRequest = { key_mode: KeyMode, passphrase: string | null };

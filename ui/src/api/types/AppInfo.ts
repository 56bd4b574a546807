// Generated from Rust by ts-rs (hand-written until the Rust side generates it; same name and shape).
import type { KeyMode } from "./KeyMode";

export type AppInfo = { version: string, vault_path: string, vault_exists: boolean, unlocked: boolean, key_mode: KeyMode | null, keychain_available: boolean, demo_passphrase: string | null };

// Generated from Rust by ts-rs (hand-written until the Rust side generates it; same name and shape).
import type { KeyMode } from "./KeyMode";
import type { TableCount } from "./TableCount";

export type VaultStatus = { path: string, schema_version: number, key_mode: KeyMode, counts: Array<TableCount>, integrity: string };

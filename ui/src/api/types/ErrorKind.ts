// Generated from Rust by ts-rs (hand-written until the Rust side generates it; same name and shape).
export type ErrorKind = "locked" | "vault_missing" | "vault_exists" | "wrong_key" | "keychain_unavailable" | "invalid_input" | "not_found" | "network" | "conflict" | "internal";

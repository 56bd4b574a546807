// Generated from Rust by ts-rs (hand-written until the Rust side generates it; same name and shape).
export type KeyMode = "keychain" | "passphrase";

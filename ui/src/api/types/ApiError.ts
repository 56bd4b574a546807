// Generated from Rust by ts-rs (hand-written until the Rust side generates it; same name and shape).
import type { ErrorKind } from "./ErrorKind";

export type ApiError = { kind: ErrorKind, message: string };

// Errors that cross the UI/backend boundary. Every rejected `call` rejects with a CallError:
// either the backend's ApiError as sent, or one the transport synthesized (network failure,
// unreadable answer, or "unauthorized" when `coffer serve` rejected the per-launch token).
import type { ApiError } from "./types/ApiError";
import type { ErrorKind } from "./types/ErrorKind";

/** "unauthorized" exists only on the UI side: HTTP 401 from `coffer serve` (missing/wrong token). */
export type CallErrorKind = ErrorKind | "unauthorized";
export type CallError = { kind: CallErrorKind; message: string };

export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.kind === "string" && typeof v.message === "string";
}

export function isCallError(value: unknown): value is CallError {
  return isApiError(value);
}

/** Turns anything thrown or rejected into a CallError without losing the message. */
export function toCallError(value: unknown): CallError {
  if (isApiError(value)) return { kind: value.kind, message: value.message };
  if (typeof value === "string" && value.length > 0) return { kind: "internal", message: value };
  if (value instanceof Error) return { kind: "internal", message: value.message };
  return { kind: "internal", message: "Something went wrong in Coffer." };
}

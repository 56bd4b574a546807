// The command table: every backend command's name, request type and response type. This is the
// single place a new command is declared — one line here and `call("name", request)` is typed in
// both transports. `void` as the request means the command takes no argument.
import type { AppInfo } from "./types/AppInfo";
import type { CreateVaultRequest } from "./types/CreateVaultRequest";
import type { UnlockRequest } from "./types/UnlockRequest";
import type { VaultStatus } from "./types/VaultStatus";

export interface Commands {
  app_info: [void, AppInfo];
  vault_create: [CreateVaultRequest, VaultStatus];
  vault_unlock: [UnlockRequest, VaultStatus];
  vault_lock: [void, null];
  vault_status: [void, VaultStatus];
}

export type CommandName = keyof Commands;
export type RequestOf<K extends CommandName> = Commands[K][0];
export type ResponseOf<K extends CommandName> = Commands[K][1];

/** Argument list of `call`: nothing for `void` requests, exactly one request otherwise. */
export type RequestArgs<K extends CommandName> = [RequestOf<K>] extends [void] ? [] : [request: RequestOf<K>];

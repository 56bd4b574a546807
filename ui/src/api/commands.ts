// The command table: every backend command's name, request type and response type. This is the
// single place a new command is declared — one line here and `call("name", request)` is typed in
// both transports. `void` as the request means the command takes no argument.
import type { AppInfo } from "./types/AppInfo";
import type { CreateVaultRequest } from "./types/CreateVaultRequest";
import type { UnlockRequest } from "./types/UnlockRequest";
import type { VaultStatus } from "./types/VaultStatus";
import type { AccountView } from "./types/AccountView";
import type { AuditEntry } from "./types/AuditEntry";
import type { AuditLogRequest } from "./types/AuditLogRequest";
import type { CardEventView } from "./types/CardEventView";
import type { ConnectionInfo } from "./types/ConnectionInfo";
import type { CreditScoreView } from "./types/CreditScoreView";
import type { DashboardSummary } from "./types/DashboardSummary";
import type { RewardProgramView } from "./types/RewardProgramView";
import type { StatementPdfFile } from "./types/StatementPdfFile";
import type { StatementPdfRequest } from "./types/StatementPdfRequest";
import type { StatementView } from "./types/StatementView";
import type { SyncRequest } from "./types/SyncRequest";
import type { SyncSummary } from "./types/SyncSummary";
import type { TransactionsPage } from "./types/TransactionsPage";
import type { TransactionsPageRequest } from "./types/TransactionsPageRequest";
import type { TransferView } from "./types/TransferView";
import type { UnlinkRequest } from "./types/UnlinkRequest";
import type { UnlinkResult } from "./types/UnlinkResult";

export interface Commands {
  app_info: [void, AppInfo];
  vault_create: [CreateVaultRequest, VaultStatus];
  vault_unlock: [UnlockRequest, VaultStatus];
  vault_lock: [void, null];
  vault_status: [void, VaultStatus];
  accounts_list: [void, AccountView[]];
  transactions_page: [TransactionsPageRequest, TransactionsPage];
  categories_list: [void, string[]];
  connections_list: [void, ConnectionInfo[]];
  connection_unlink: [UnlinkRequest, UnlinkResult];
  /** Without progress; `syncRun` in ./streams.ts streams it where the transport can. */
  sync_run: [SyncRequest, SyncSummary];
  dashboard_summary: [void, DashboardSummary];
  statements_list: [void, StatementView[]];
  statement_pdf: [StatementPdfRequest, StatementPdfFile];
  transfers_list: [void, TransferView[]];
  card_events_list: [void, CardEventView[]];
  credit_scores_list: [void, CreditScoreView[]];
  reward_programs_list: [void, RewardProgramView[]];
  audit_log_list: [AuditLogRequest, AuditEntry[]];
}

export type CommandName = keyof Commands;
export type RequestOf<K extends CommandName> = Commands[K][0];
export type ResponseOf<K extends CommandName> = Commands[K][1];

/** Argument list of `call`: nothing for `void` requests, exactly one request otherwise. */
export type RequestArgs<K extends CommandName> = [RequestOf<K>] extends [void] ? [] : [request: RequestOf<K>];

// The command table: every backend command's name, request type and response type. This is the
// single place a new command is declared — one line here and `call("name", request)` is typed in
// both transports. `void` as the request means the command takes no argument.
import type { AppInfo } from "./types/AppInfo";
import type { ChartPng } from "./types/ChartPng";
import type { ChartPngRequest } from "./types/ChartPngRequest";
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
import type { CdLadderView } from "./types/CdLadderView";
import type { FicoReportView } from "./types/FicoReportView";
import type { NetWorthReportView } from "./types/NetWorthReportView";
import type { RecurringView } from "./types/RecurringView";
import type { ReportRequest } from "./types/ReportRequest";
import type { RewardsReportView } from "./types/RewardsReportView";
import type { SpendReportView } from "./types/SpendReportView";

import type { AppSettings } from "./types/AppSettings";
import type { BackupRequest } from "./types/BackupRequest";
import type { BackupResult } from "./types/BackupResult";
import type { ChosenBackupRequest } from "./types/ChosenBackupRequest";
import type { FdxFinishRequest } from "./types/FdxFinishRequest";
import type { FdxStartRequest } from "./types/FdxStartRequest";
import type { FdxStarted } from "./types/FdxStarted";
import type { ImportFileRequest } from "./types/ImportFileRequest";
import type { ImportOutcome } from "./types/ImportOutcome";
import type { IssuerChallenge } from "./types/IssuerChallenge";
import type { IssuerCodeRequest } from "./types/IssuerCodeRequest";
import type { IssuerLoginRequest } from "./types/IssuerLoginRequest";
import type { LinkOfxDirectRequest } from "./types/LinkOfxDirectRequest";
import type { LinkResult } from "./types/LinkResult";
import type { LinkSimplefinRequest } from "./types/LinkSimplefinRequest";
import type { RekeyRequest } from "./types/RekeyRequest";
import type { RestoreRequest } from "./types/RestoreRequest";
import type { RestoreResult } from "./types/RestoreResult";
import type { RulePreview } from "./types/RulePreview";
import type { RuleRequest } from "./types/RuleRequest";
import type { RuleSaved } from "./types/RuleSaved";
import type { SetCategoryRequest } from "./types/SetCategoryRequest";

export interface Commands {
  app_info: [void, AppInfo];
  vault_create: [CreateVaultRequest, VaultStatus];
  vault_unlock: [UnlockRequest, VaultStatus];
  vault_lock: [void, null];
  vault_status: [void, VaultStatus];
  vault_check: [void, VaultStatus];
  accounts_list: [void, AccountView[]];
  transactions_page: [TransactionsPageRequest, TransactionsPage];
  categories_list: [void, string[]];
  connections_list: [void, ConnectionInfo[]];
  connection_unlink: [UnlinkRequest, UnlinkResult];
  /** Without progress; `syncRun` in ./streams.ts streams its progress in both transports. */
  sync_run: [SyncRequest, SyncSummary];
  dashboard_summary: [void, DashboardSummary];
  statements_list: [void, StatementView[]];
  statement_pdf: [StatementPdfRequest, StatementPdfFile];
  transfers_list: [void, TransferView[]];
  card_events_list: [void, CardEventView[]];
  credit_scores_list: [void, CreditScoreView[]];
  reward_programs_list: [void, RewardProgramView[]];
  audit_log_list: [AuditLogRequest, AuditEntry[]];
  link_demo: [void, LinkResult];
  link_simplefin: [LinkSimplefinRequest, LinkResult];
  link_ofx_direct: [LinkOfxDirectRequest, LinkResult];
  link_issuer_start: [IssuerLoginRequest, IssuerChallenge];
  link_issuer_code: [IssuerCodeRequest, LinkResult];
  link_fdx_start: [FdxStartRequest, FdxStarted];
  link_fdx_finish: [FdxFinishRequest, LinkResult];
  import_file: [ImportFileRequest, ImportOutcome];
  transaction_set_category: [SetCategoryRequest, null];
  rule_preview: [RuleRequest, RulePreview];
  rule_create: [RuleRequest, RuleSaved];
  settings_get: [void, AppSettings];
  settings_set: [AppSettings, AppSettings];
  vault_rekey: [RekeyRequest, VaultStatus];
  vault_backup: [BackupRequest, BackupResult];
  /** Desktop only: the native save dialog picks the file; `null` when the user cancelled. */
  vault_backup_to_chosen_file: [ChosenBackupRequest, BackupResult | null];
  vault_restore: [RestoreRequest, RestoreResult];
  report_spend: [ReportRequest, SpendReportView];
  report_networth: [ReportRequest, NetWorthReportView];
  report_fico: [ReportRequest, FicoReportView];
  report_rewards: [ReportRequest, RewardsReportView];
  report_cds: [ReportRequest, CdLadderView];
  report_recurring: [ReportRequest, RecurringView[]];
  report_chart_png: [ChartPngRequest, ChartPng];
}

export type CommandName = keyof Commands;
export type RequestOf<K extends CommandName> = Commands[K][0];
export type ResponseOf<K extends CommandName> = Commands[K][1];

/** Argument list of `call`: nothing for `void` requests, exactly one request otherwise. */
export type RequestArgs<K extends CommandName> = [RequestOf<K>] extends [void] ? [] : [request: RequestOf<K>];

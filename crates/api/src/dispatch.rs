//! `Session::dispatch`: every command by name with a JSON request, for transports without typed
//! commands (`coffer serve`). The Tauri shell calls the typed methods directly.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{ApiError, ErrorKind};
use crate::Session;

fn parse<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    // Commands without a request accept `{}` or `null`.
    let value = if value.is_null() {
        serde_json::json!({})
    } else {
        value
    };
    serde_json::from_value(value)
        .map_err(|e| ApiError::invalid(format!("The request is not valid: {e}.")))
}

fn reply<T: Serialize>(value: T) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(value).map_err(|e| {
        ApiError::new(
            ErrorKind::Internal,
            format!("Could not encode the reply: {e}."),
        )
    })
}

impl Session {
    /// Whether `command` reports progress while it runs (see [`Session::dispatch_streaming`]).
    pub fn streams_progress(command: &str) -> bool {
        matches!(command, "sync_run")
    }

    /// Runs a command by name, handing each progress event (as JSON) to `on_event` while it
    /// runs; commands without progress behave as in [`Session::dispatch`].
    pub fn dispatch_streaming(
        &self,
        command: &str,
        request: serde_json::Value,
        on_event: &mut dyn FnMut(serde_json::Value),
    ) -> Result<serde_json::Value, ApiError> {
        match command {
            "sync_run" => reply(self.sync_run(parse(request)?, &mut |event| {
                if let Ok(value) = serde_json::to_value(event) {
                    on_event(value);
                }
            })?),
            _ => self.dispatch(command, request),
        }
    }

    /// Runs a command by name. Progress of `sync_run` is not streamed here; the reply is the
    /// final summary.
    pub fn dispatch(
        &self,
        command: &str,
        request: serde_json::Value,
    ) -> Result<serde_json::Value, ApiError> {
        match command {
            "app_info" => reply(self.app_info()),
            "vault_create" => reply(self.vault_create(parse(request)?)?),
            "vault_unlock" => reply(self.vault_unlock(parse(request)?)?),
            "vault_lock" => {
                self.vault_lock();
                reply(())
            }
            "vault_status" => reply(self.vault_status()?),
            "vault_check" => reply(self.vault_check()?),
            "accounts_list" => reply(self.accounts_list()?),
            "transactions_page" => reply(self.transactions_page(parse(request)?)?),
            "categories_list" => reply(self.categories_list()?),
            "connections_list" => reply(self.connections_list()?),
            "connection_unlink" => reply(self.connection_unlink(parse(request)?)?),
            "sync_run" => reply(self.sync_run(parse(request)?, &mut |_| {})?),
            "dashboard_summary" => reply(self.dashboard_summary()?),
            "statements_list" => reply(self.statements_list()?),
            "statement_pdf" => reply(self.statement_pdf(parse(request)?)?),
            "transfers_list" => reply(self.transfers_list()?),
            "card_events_list" => reply(self.card_events_list()?),
            "credit_scores_list" => reply(self.credit_scores_list()?),
            "reward_programs_list" => reply(self.reward_programs_list()?),
            "audit_log_list" => reply(self.audit_log_list(parse(request)?)?),
            "link_simplefin" => reply(self.link_simplefin(parse(request)?)?),
            "link_ofx_direct" => reply(self.link_ofx_direct(parse(request)?)?),
            "link_issuer_start" => reply(self.link_issuer_start(parse(request)?)?),
            "link_issuer_code" => reply(self.link_issuer_code(parse(request)?)?),
            "link_fdx_start" => reply(self.link_fdx_start(parse(request)?)?),
            "link_fdx_finish" => reply(self.link_fdx_finish(parse(request)?)?),
            "link_demo" => reply(self.link_demo()?),
            "import_file" => reply(self.import_file(parse(request)?)?),
            "transaction_set_category" => reply(self.transaction_set_category(parse(request)?)?),
            "rule_preview" => reply(self.rule_preview(parse(request)?)?),
            "rule_create" => reply(self.rule_create(parse(request)?)?),
            "settings_get" => reply(self.settings_get()?),
            "settings_set" => reply(self.settings_set(parse(request)?)?),
            "vault_rekey" => reply(self.vault_rekey(parse(request)?)?),
            "vault_backup" => reply(self.vault_backup(parse(request)?)?),
            "vault_restore" => reply(self.vault_restore(parse(request)?)?),
            "report_spend" => reply(self.report_spend(parse(request)?)?),
            "report_networth" => reply(self.report_networth(parse(request)?)?),
            "report_fico" => reply(self.report_fico(parse(request)?)?),
            "report_rewards" => reply(self.report_rewards(parse(request)?)?),
            "report_cds" => reply(self.report_cds(parse(request)?)?),
            "report_recurring" => reply(self.report_recurring(parse(request)?)?),
            "report_chart_png" => reply(self.report_chart_png(parse(request)?)?),
            other => Err(ApiError::new(
                ErrorKind::NotFound,
                format!("There is no command named '{other}'."),
            )),
        }
    }
}

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
            other => Err(ApiError::new(
                ErrorKind::NotFound,
                format!("There is no command named '{other}'."),
            )),
        }
    }
}

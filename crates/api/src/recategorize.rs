//! Category edits from the Transactions view: set one row's category, preview how many similar
//! transactions a rule would move ("apply to N similar", counted before anything changes), and
//! save the rule.

use coffer_core::reports::{self, ReportError};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ErrorKind};
use crate::Session;

/// The rule kinds the app offers, as stored.
pub const RULE_KINDS: [&str; 4] = ["contains", "starts_with", "exact", "regex"];

/// Set one transaction's category by hand (it then wins over rules and the MCC table).
#[derive(Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct SetCategoryRequest {
    #[ts(type = "number")]
    pub transaction_id: i64,
    pub category: String,
}

/// A proposed rule: texts matching `pattern` (merchant or description) get `category`.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct RuleRequest {
    /// `contains`, `starts_with`, `exact` or `regex`.
    pub match_kind: String,
    pub pattern: String,
    pub category: String,
}

/// How many transactions the rule would move to its category (manual edits never move).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RulePreview {
    #[ts(type = "number")]
    pub similar: u64,
}

/// A saved rule, and how many transactions it moved.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RuleSaved {
    #[ts(type = "number")]
    pub rule_id: i64,
    #[ts(type = "number")]
    pub applied: u64,
}

/// Rules the user makes outrank none of each other: newer rules of equal priority come later.
const USER_RULE_PRIORITY: i64 = 100;

fn report_error(err: ReportError) -> ApiError {
    match err {
        ReportError::Vault(v) => v.into(),
        ReportError::Analytics(a) => ApiError::invalid(format!("{a}.")),
    }
}

fn check_rule(request: &RuleRequest, categories: &[String]) -> Result<(), ApiError> {
    if !RULE_KINDS.contains(&request.match_kind.as_str()) {
        return Err(ApiError::invalid(
            "Choose how the rule matches: contains, starts with, exact or regex.",
        ));
    }
    if request.pattern.trim().is_empty() {
        return Err(ApiError::invalid("Enter the text the rule looks for."));
    }
    check_category(&request.category, categories)
}

fn check_category(category: &str, categories: &[String]) -> Result<(), ApiError> {
    if categories.iter().any(|c| c == category) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorKind::InvalidInput,
            format!("There is no category named '{category}'."),
        ))
    }
}

impl Session {
    pub fn transaction_set_category(&self, request: SetCategoryRequest) -> Result<(), ApiError> {
        self.with_vault(|vault| {
            check_category(&request.category, &vault.category_names()?)?;
            vault.set_transaction_category(request.transaction_id, &request.category)?;
            Ok(())
        })
    }

    pub fn rule_preview(&self, request: RuleRequest) -> Result<RulePreview, ApiError> {
        self.with_vault(|vault| {
            check_rule(&request, &vault.category_names()?)?;
            let similar = reports::similar_count(
                vault,
                &request.match_kind,
                request.pattern.trim(),
                &request.category,
                USER_RULE_PRIORITY,
            )
            .map_err(report_error)?;
            Ok(RulePreview { similar })
        })
    }

    /// Saves the rule and writes its decisions back into the stored rows (the core records it
    /// in the audit log); `applied` is how many rows it moved.
    pub fn rule_create(&self, request: RuleRequest) -> Result<RuleSaved, ApiError> {
        self.with_vault(|vault| {
            check_rule(&request, &vault.category_names()?)?;
            // A bad regex is refused here in plain words, before anything is saved.
            reports::similar_count(
                vault,
                &request.match_kind,
                request.pattern.trim(),
                &request.category,
                USER_RULE_PRIORITY,
            )
            .map_err(report_error)?;
            let (rule_id, applied) = vault.save_category_rule(
                &request.match_kind,
                request.pattern.trim(),
                &request.category,
                USER_RULE_PRIORITY,
            )?;
            Ok(RuleSaved { rule_id, applied })
        })
    }
}

//! `import_file`: an OFX/QFX or CSV file the user dropped or picked, sent as Base64. A CSV layout
//! Coffer does not know comes back as "needs a mapping" (not an error), the UI asks which column
//! is which, and the mapping is saved for that account so the next file imports in one step.

use base64::Engine as _;
use coffer_core::connectors::csv::CsvError;
use coffer_core::connectors::csv::{ColumnRef, CsvColumns, CsvMapping, SignConvention};
use coffer_core::import::{import_file, ImportError, ImportOptions, ImportReport};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ErrorKind};
use crate::Session;

/// Largest file accepted through the app (the request carries it as Base64).
pub const MAX_IMPORT_BYTES: usize = 24 * 1024 * 1024;

/// One file to import.
#[derive(Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ImportFileRequest {
    pub file_name: String,
    pub content_base64: String,
    /// The account the rows belong to (CSV files whose preamble does not name one).
    #[ts(type = "number | null")]
    pub account_id: Option<i64>,
    /// Which column is which, for a CSV layout Coffer does not know; saved for the account.
    pub mapping: Option<ColumnMapping>,
}

/// A CSV column mapping as the app asks for it: 0-based column positions.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ColumnMapping {
    pub date: u32,
    pub description: u32,
    /// A single amount column (with `sign` `as_is` or `inverted`).
    pub amount: Option<u32>,
    /// Money out / money in columns (with `sign` `debit_credit`).
    pub debit: Option<u32>,
    pub credit: Option<u32>,
    /// `as_is` (spending is negative), `inverted` (spending is positive) or `debit_credit`.
    pub sign: String,
    /// chrono format, e.g. `%m/%d/%Y` or `%Y-%m-%d`.
    pub date_format: String,
    pub has_header: bool,
    /// Lines before the header (a preamble).
    pub skip_lines: u32,
}

/// What happened to the file.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(tag = "status", rename_all = "snake_case")]
#[ts(export)]
pub enum ImportOutcome {
    Imported {
        format: String,
        #[ts(type = "number")]
        added: u64,
        #[ts(type = "number")]
        updated: u64,
        #[ts(type = "number")]
        unchanged: u64,
        #[ts(type = "Array<number>")]
        accounts: Vec<i64>,
        warnings: Vec<String>,
        /// Whether a column mapping was saved (or used) for the account.
        mapping_saved: bool,
    },
    /// The CSV layout is unknown: choose the account and map the columns.
    NeedsMapping { message: String },
    /// The rows' account is not named in the file: choose one.
    NeedsAccount { message: String },
}

fn mapping_name(account_id: i64) -> String {
    format!("account-{account_id}")
}

fn to_csv_mapping(m: &ColumnMapping) -> Result<CsvMapping, ApiError> {
    let col = |i: u32| Some(ColumnRef::Index(i as usize));
    let sign = match m.sign.as_str() {
        "as_is" => SignConvention::AsIs,
        "inverted" => SignConvention::Inverted,
        "debit_credit" => SignConvention::DebitCredit,
        _ => {
            return Err(ApiError::invalid(
                "Say how amounts are signed: as is, inverted, or debit and credit columns.",
            ))
        }
    };
    let mapping = CsvMapping {
        columns: CsvColumns {
            date: col(m.date),
            description: col(m.description),
            amount: m.amount.and_then(col),
            debit: m.debit.and_then(col),
            credit: m.credit.and_then(col),
            ..CsvColumns::default()
        },
        has_header: m.has_header,
        skip_lines: m.skip_lines as usize,
        date_format: m.date_format.clone(),
        sign,
        ..CsvMapping::default()
    };
    mapping
        .validate()
        .map_err(|e| ApiError::invalid(format!("The column mapping is incomplete: {e}.")))?;
    Ok(mapping)
}

fn import_error(err: ImportError) -> Result<ImportOutcome, ApiError> {
    match err {
        ImportError::Csv { source, .. } if matches!(*source, CsvError::UnknownLayout) => {
            Ok(ImportOutcome::NeedsMapping {
                message: sentence_case(&source.to_string()),
            })
        }
        ImportError::AccountNeeded { .. } => Ok(ImportOutcome::NeedsAccount {
            message: "Which account is this file for? It does not say; choose one.".into(),
        }),
        ImportError::Vault(v) => Err(v.into()),
        ImportError::UnknownAccount(id) => Err(ApiError::new(
            ErrorKind::NotFound,
            format!("There is no account {id}."),
        )),
        other => Err(ApiError::invalid(format!("{other}."))),
    }
}

/// The core's message as a sentence: a capital first letter and a full stop.
fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

impl Session {
    pub fn import_file(&self, request: ImportFileRequest) -> Result<ImportOutcome, ApiError> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(request.content_base64.trim())
            .map_err(|_| ApiError::invalid("The file did not arrive whole; try again."))?;
        if bytes.len() > MAX_IMPORT_BYTES {
            return Err(ApiError::invalid(format!(
                "{} is larger than the app imports ({} MiB); use `coffer import` for it.",
                request.file_name,
                MAX_IMPORT_BYTES / (1024 * 1024)
            )));
        }
        let given = request.mapping.as_ref().map(to_csv_mapping).transpose()?;
        if given.is_some() && request.account_id.is_none() {
            return Ok(ImportOutcome::NeedsAccount {
                message: "Choose the account these rows belong to.".into(),
            });
        }
        self.with_vault(|vault| {
            // A mapping saved for the account applies when none is given.
            let (mapping, from_store) = match (given, request.account_id) {
                (Some(m), _) => (Some(m), false),
                (None, Some(id)) => match vault.csv_mapping(&mapping_name(id))? {
                    Some((json, _)) => (serde_json::from_str(&json).ok(), true),
                    None => (None, false),
                },
                (None, None) => (None, false),
            };
            let options = ImportOptions {
                file_name: request.file_name.clone(),
                account_id: request.account_id,
                mapping: mapping.clone(),
                dry_run: false,
            };
            let report: ImportReport = match import_file(vault, &bytes, &options) {
                Ok(report) => report,
                Err(err) => return import_error(err),
            };
            let mut mapping_saved = from_store;
            if let (Some(m), Some(id), false) = (&mapping, request.account_id, from_store) {
                let json = serde_json::to_string(m).map_err(|_| {
                    ApiError::new(ErrorKind::Internal, "Could not save the column mapping.")
                })?;
                vault.save_csv_mapping(&mapping_name(id), Some(id), &json)?;
                mapping_saved = true;
            }
            Ok(ImportOutcome::Imported {
                format: serde_json::to_value(report.format)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                added: report.added,
                updated: report.updated,
                unchanged: report.unchanged,
                accounts: report.accounts,
                warnings: report.warnings,
                mapping_saved,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(sign: &str) -> ColumnMapping {
        ColumnMapping {
            date: 0,
            description: 1,
            amount: Some(2),
            debit: None,
            credit: None,
            sign: sign.into(),
            date_format: "%Y-%m-%d".into(),
            has_header: true,
            skip_lines: 0,
        }
    }

    #[test]
    fn core_messages_become_sentences() {
        assert_eq!(
            sentence_case("this layout is unknown"),
            "This layout is unknown."
        );
        assert_eq!(sentence_case("Done."), "Done.");
    }

    #[test]
    fn a_mapping_needs_its_amount_columns() {
        assert!(to_csv_mapping(&mapping("inverted")).is_ok());
        assert!(to_csv_mapping(&mapping("sideways")).is_err());
        let err = to_csv_mapping(&mapping("debit_credit")).unwrap_err();
        assert!(err.message.contains("debit"), "{}", err.message);
    }
}

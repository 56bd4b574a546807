//! Importing statement files — OFX/QFX and CSV — into the vault: the format is detected, rows go
//! to the right account, and the apply is idempotent (re-importing changes nothing); a dry run
//! reports what would change and changes nothing.

use serde::Serialize;

use crate::connectors::csv::{self, CsvAccount, CsvError, CsvMapping};
use crate::connectors::ofx::{self, OfxError};
use crate::domain::ConnectionKind;
use crate::money::Currency;
use crate::sync::Batch;
use crate::vault::store::{ApplyReport, DEFAULT_MATCH_RULE};
use crate::vault::{Vault, VaultError};

/// The formats Coffer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    Ofx,
    Csv,
}

/// How to import one file.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The file's name, for messages and the audit log.
    pub file_name: String,
    /// The local account the rows belong to (CSV files need one unless their preamble names it).
    pub account_id: Option<i64>,
    /// A column mapping for CSV layouts Coffer does not know.
    pub mapping: Option<CsvMapping>,
    /// Report what would change; change nothing.
    pub dry_run: bool,
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub format: FileFormat,
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Local ids of the accounts touched.
    pub accounts: Vec<i64>,
    pub dry_run: bool,
    /// Things worth knowing that did not stop the import.
    pub warnings: Vec<String>,
}

/// Why a file could not be imported; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file} is neither an OFX/QFX nor a CSV file Coffer can read")]
    UnknownFormat { file: String },
    #[error("{file}: {source}")]
    Ofx {
        file: String,
        #[source]
        source: Box<OfxError>,
    },
    #[error("{file}: {source}")]
    Csv {
        file: String,
        #[source]
        source: Box<CsvError>,
    },
    #[error(
        "{file}: say which account these rows belong to (--account ID), or give a column mapping"
    )]
    AccountNeeded { file: String },
    #[error("there is no account {0}")]
    UnknownAccount(i64),
    #[error(transparent)]
    Vault(#[from] VaultError),
}

/// Sniffs the format from the first bytes.
pub fn detect_format(bytes: &[u8]) -> Option<FileFormat> {
    let head = String::from_utf8_lossy(bytes.get(..4096).unwrap_or(bytes)).to_ascii_uppercase();
    if head.contains("OFXHEADER") || head.contains("<OFX>") {
        Some(FileFormat::Ofx)
    } else if head.contains(',') || head.contains(';') || head.contains('\t') {
        Some(FileFormat::Csv)
    } else {
        None
    }
}

/// Imports one file.
pub fn import_file(
    vault: &mut Vault,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let file = options.file_name.clone();
    let format =
        detect_format(bytes).ok_or_else(|| ImportError::UnknownFormat { file: file.clone() })?;
    let (connection, report, warnings) = match format {
        FileFormat::Ofx => import_ofx(vault, bytes, options)?,
        FileFormat::Csv => import_csv(vault, bytes, options)?,
    };
    if !options.dry_run {
        vault.record_audit(
            "import",
            Some(connection),
            true,
            &serde_json::json!({
                "file": file, "format": format, "added": report.added,
                "updated": report.updated, "unchanged": report.unchanged,
            }),
        )?;
    }
    Ok(ImportReport {
        format,
        added: report.added,
        updated: report.updated,
        unchanged: report.unchanged,
        accounts: report.accounts,
        dry_run: options.dry_run,
        warnings,
    })
}

/// Stores an OFX file's rows while the rest of the file is still read (see
/// [`ofx::parse_in_chunks`]); the file's connection is made in the same transaction, so a file
/// that fails to read or store leaves the vault as it was.
fn import_ofx(
    vault: &mut Vault,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<(i64, ApplyReport, Vec<String>), ImportError> {
    let ofx_error = |source| ImportError::Ofx {
        file: options.file_name.clone(),
        source: Box::new(source),
    };
    let label = format!("file {}", options.file_name);
    // Files carry no link from postings to pendings: settle by the matching rule.
    let rule = Some(&DEFAULT_MATCH_RULE);
    let commit = !options.dry_run;
    let chunked = ofx::parse_in_chunks(bytes, |parsed, chunks| {
        let batch = parsed.to_batch(label.clone());
        vault.apply_file_batch(
            ConnectionKind::Ofx,
            &institution_of(parsed),
            &batch,
            Some(chunks),
            rule,
            commit,
        )
    })
    .map_err(ofx_error)?;
    if let ofx::Chunked::Read { stored, warnings } = chunked {
        let (connection, report) = stored?;
        return Ok((connection, report, warnings));
    }
    // A correction named a row already stored: read the file whole, then store it.
    let mut parsed = ofx::parse(bytes).map_err(ofx_error)?;
    // A replaced or deleted FITID is voided either way; a replacement's new row is in the batch.
    let voided: Vec<(String, String)> = parsed
        .corrections()
        .map(|c| (c.account_source_id.clone(), c.corrected_source_id.clone()))
        .collect();
    let warnings = std::mem::take(&mut parsed.warnings);
    let institution = institution_of(&parsed);
    let mut batch = parsed.into_batch(label);
    batch.voided_transactions = voided;
    let (connection, report) = vault.apply_file_batch(
        ConnectionKind::Ofx,
        &institution,
        &batch,
        None,
        rule,
        commit,
    )?;
    Ok((connection, report, warnings))
}

/// The institution an OFX file's rows are imported under: `SONRS/FI/ORG`.
fn institution_of(parsed: &ofx::ParsedOfx) -> String {
    parsed
        .institution
        .as_ref()
        .and_then(|i| i.org.clone())
        .unwrap_or_else(|| "OFX import".to_string())
}

/// The institution a CSV file's own connection is named after.
const CSV_INSTITUTION: &str = "Barclaycard US (CSV)";

/// Stores a CSV file's rows: into the account asked for, or under the file's own connection,
/// made in the batch's transaction (so a file that fails to store leaves none behind).
fn import_csv(
    vault: &mut Vault,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<(i64, ApplyReport, Vec<String>), ImportError> {
    let (target, batch) = csv_batch(vault, bytes, options)?;
    // Files carry no link from postings to pendings: settle by the matching rule.
    let rule = Some(&DEFAULT_MATCH_RULE);
    let (connection, report) = match target {
        Some(connection) if options.dry_run => {
            (connection, vault.preview_batch(connection, &batch, rule)?)
        }
        Some(connection) => (connection, vault.apply_batch(connection, &batch, rule)?),
        None => vault.apply_file_batch(
            ConnectionKind::Csv,
            CSV_INSTITUTION,
            &batch,
            None,
            rule,
            !options.dry_run,
        )?,
    };
    Ok((connection, report, Vec::new()))
}

/// The file's rows as a batch, and the connection of the account asked for (`None`: the rows
/// go under the file's own connection).
fn csv_batch(
    vault: &mut Vault,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<(Option<i64>, Batch), ImportError> {
    let file = options.file_name.clone();
    let target = match options.account_id {
        Some(id) => Some(
            vault
                .accounts()?
                .into_iter()
                .find(|a| a.id == id)
                .ok_or(ImportError::UnknownAccount(id))?,
        ),
        None => None,
    };
    let account = CsvAccount {
        source_id: target.as_ref().map(|a| a.source_id.clone()),
        currency: target
            .as_ref()
            .and_then(|a| Currency::parse(&a.currency).ok())
            .unwrap_or(Currency::USD),
    };
    let parsed = match &options.mapping {
        Some(mapping) => {
            if account.source_id.is_none() {
                return Err(ImportError::AccountNeeded { file });
            }
            csv::parse(bytes, mapping, &account)
        }
        None => csv::parse_known(bytes, &account),
    }
    .map_err(|source| match source {
        CsvError::MissingAccount => ImportError::AccountNeeded { file: file.clone() },
        source => ImportError::Csv {
            file: file.clone(),
            source: Box::new(source),
        },
    })?;
    let mut batch = parsed.into_batch(format!("file {file}"));
    if target.is_some() {
        // Rows go into an account that already exists: do not restate it from the file.
        batch.accounts.clear();
    }
    Ok((target.map(|a| a.connection_id), batch))
}

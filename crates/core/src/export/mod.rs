//! CSV export of every table the UI shows: the rows matching the view's filter (all of them,
//! streamed, never one page), RFC 4180 quoting, UTF-8 with a header row, amounts as plain
//! decimals, ISO dates, formula-like text neutralized, chosen columns; recorded in the audit log.

mod cells;

use std::io::Write;

use serde::Serialize;

pub use crate::vault::store::export_rows::{export_columns, ColumnType, ExportCell, ExportKind};
use crate::vault::store::reads::RowFilter;
use crate::vault::{Vault, VaultError};
pub use cells::{format_minor, neutralize};

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{kind} has no column '{name}'; its columns are: {available}")]
    UnknownColumn {
        kind: &'static str,
        name: String,
        available: String,
    },
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error("writing the CSV failed: {0}")]
    Write(#[from] csv::Error),
}

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub kind: ExportKind,
    pub filter: RowFilter,
    /// Column names in the order wanted; none: every column.
    pub columns: Option<Vec<String>>,
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize)]
pub struct ExportReport {
    pub kind: &'static str,
    pub rows: u64,
    pub columns: Vec<String>,
}

/// Writes the export as CSV to `out` and records it in the audit log (also when it failed).
pub fn export_csv<W: Write>(
    vault: &Vault,
    options: &ExportOptions,
    out: W,
) -> Result<ExportReport, ExportError> {
    let result = write_csv(vault, options, out);
    let (ok, detail) = match &result {
        Ok(r) => (
            true,
            serde_json::json!({"kind": r.kind, "rows": r.rows, "columns": r.columns}),
        ),
        Err(e) => (
            false,
            serde_json::json!({"kind": options.kind.as_str(), "error": e.to_string()}),
        ),
    };
    vault.record_audit("export", None, ok, &detail)?;
    result
}

fn write_csv<W: Write>(
    vault: &Vault,
    options: &ExportOptions,
    out: W,
) -> Result<ExportReport, ExportError> {
    let all = export_columns(options.kind);
    let picks: Vec<usize> = match &options.columns {
        None => (0..all.len()).collect(),
        Some(names) => names
            .iter()
            .map(|name| {
                all.iter()
                    .position(|(n, _)| *n == name.trim())
                    .ok_or_else(|| ExportError::UnknownColumn {
                        kind: options.kind.as_str(),
                        name: name.clone(),
                        available: all.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
                    })
            })
            .collect::<Result<_, _>>()?,
    };
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(std::io::BufWriter::with_capacity(1 << 16, out));
    let header: Vec<String> = picks.iter().map(|&i| all[i].0.to_string()).collect();
    writer.write_record(&header)?;
    let mut buffer = String::new();
    let rows = vault.export_rows(options.kind, &options.filter, |cells| {
        for &i in &picks {
            buffer.clear();
            cells::write_cell(&mut buffer, &cells[i]);
            writer.write_field(buffer.as_bytes())?;
        }
        writer.write_record(None::<&[u8]>)
    })??;
    writer.flush().map_err(csv::Error::from)?;
    Ok(ExportReport {
        kind: options.kind.as_str(),
        rows,
        columns: header,
    })
}

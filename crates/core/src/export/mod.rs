//! CSV export of every table the UI shows: the rows matching the view's filter (all of them,
//! streamed, never one page), RFC 4180 quoting, UTF-8 with a header row, amounts as plain
//! decimals, ISO dates, formula-like text neutralized, chosen columns; recorded in the audit log.

mod cells;

use std::io::Write;

use serde::Serialize;

pub use crate::vault::store::export_rows::{
    export_columns, ColumnType, ExportCell, ExportKind, ViewKey,
};
use crate::vault::store::reads::RowFilter;
use crate::vault::{Vault, VaultError};
pub use cells::{format_minor, iso_day, neutralize};

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
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let header: Vec<String> = picks.iter().map(|&i| all[i].0.to_string()).collect();
    let mut header_writer = csv_writer(&mut out);
    header_writer.write_record(&header)?;
    header_writer.flush().map_err(csv::Error::from)?;
    drop(header_writer);
    let rows = if options.kind.table_order() {
        let lines = format_lines(vault, options, &picks)??;
        let count = lines.count();
        lines
            .write_in_view_order(&mut out)
            .map_err(csv::Error::from)?;
        count
    } else {
        let mut writer = csv_writer(&mut out);
        let mut buffer = String::new();
        let rows = vault.export_rows(options.kind, &options.filter, |_, cells| {
            write_row(&mut writer, &mut buffer, &picks, cells)
        })??;
        writer.flush().map_err(csv::Error::from)?;
        rows
    };
    out.flush().map_err(csv::Error::from)?;
    Ok(ExportReport {
        kind: options.kind.as_str(),
        rows,
        columns: header,
    })
}

fn csv_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .buffer_capacity(1 << 12)
        .from_writer(out)
}

/// Writes the picked cells of one row as one CSV record.
fn write_row<W: Write>(
    writer: &mut csv::Writer<W>,
    buffer: &mut String,
    picks: &[usize],
    cells: &[ExportCell<'_>],
) -> Result<(), csv::Error> {
    for &i in picks {
        buffer.clear();
        cells::write_cell(buffer, &cells[i]);
        writer.write_field(buffer.as_bytes())?;
    }
    writer.write_record(None::<&[u8]>)
}

/// Every exported row already formatted as a CSV line in one byte arena, with where each line
/// sits and its place in the view, for kinds read in table order.
struct Lines {
    arena: Vec<u8>,
    entries: Vec<(ViewKey, usize, usize)>,
}

impl Lines {
    fn count(&self) -> u64 {
        self.entries.len() as u64
    }

    /// Sorts the lines into the view's order (newest first) and writes them.
    fn write_in_view_order(mut self, out: &mut impl Write) -> std::io::Result<()> {
        self.entries
            .sort_unstable_by_key(|e| std::cmp::Reverse(e.0));
        for &(_, start, end) in &self.entries {
            out.write_all(&self.arena[start..end])?;
        }
        Ok(())
    }
}

/// Reads the rows in table order (each page read once), formatting each straight into the
/// arena.
fn format_lines(
    vault: &Vault,
    options: &ExportOptions,
    picks: &[usize],
) -> Result<Result<Lines, csv::Error>, VaultError> {
    let mut writer = csv_writer(Vec::with_capacity(1 << 20));
    let mut entries = Vec::new();
    let mut buffer = String::new();
    let read = vault.export_rows(options.kind, &options.filter, |key, cells| {
        let start = writer.get_ref().len();
        write_row(&mut writer, &mut buffer, picks, cells)?;
        writer.flush()?;
        entries.push((key, start, writer.get_ref().len()));
        Ok::<_, csv::Error>(())
    })?;
    Ok(read.and_then(|_| {
        let arena = writer
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))?;
        Ok(Lines { arena, entries })
    }))
}

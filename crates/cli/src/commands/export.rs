//! `coffer export <kind> --csv FILE`: every row matching the filters, as CSV.

use anyhow::{Context as _, Result};
use coffer_core::export::{export_csv, ExportKind, ExportOptions};
use coffer_core::vault::store::reads::RowFilter;

use super::Context;
use crate::args::ExportArgs;
use crate::exit::BadInput;

pub fn export(ctx: &mut Context, args: ExportArgs) -> Result<()> {
    let kind = ExportKind::parse(&args.kind)
        .ok_or_else(|| BadInput(format!("cannot export '{}'", args.kind)))?;
    let vault = ctx.open_vault()?;
    let options = ExportOptions {
        kind,
        filter: RowFilter {
            account_id: args.account,
            from: args.from,
            to: args.to,
            category: args.category,
            status: args.status,
            search: args.search,
        },
        columns: args.columns,
    };
    let file = std::fs::File::create(&args.csv)
        .with_context(|| format!("creating {}", args.csv.display()))?;
    let report = export_csv(&vault, &options, file).map_err(|e| match e {
        coffer_core::export::ExportError::UnknownColumn { .. } => BadInput(e.to_string()).into(),
        other => anyhow::Error::from(other),
    })?;
    ctx.print(&report, |r| {
        format!(
            "{} {} rows written to {}\n",
            r.rows,
            r.kind,
            args.csv.display()
        )
    })
}

//! `coffer import FILE`: OFX/QFX or CSV into the vault, reporting added / updated / unchanged.

use anyhow::{Context as _, Result};
use coffer_core::connectors::csv::CsvMapping;
use coffer_core::import::{import_file, ImportError, ImportOptions};

use super::Context;
use crate::args::ImportArgs;
use crate::exit::BadInput;

pub fn import(ctx: &mut Context, args: ImportArgs) -> Result<()> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("could not read {}", args.file.display()))?;
    let mut vault = ctx.open_vault()?;
    let mapping = match (&args.mapping_file, &args.mapping) {
        (Some(path), name) => {
            let json = std::fs::read_to_string(path)
                .with_context(|| format!("could not read {}", path.display()))?;
            let mapping: CsvMapping = serde_json::from_str(&json)
                .map_err(|e| BadInput(format!("{}: not a CSV mapping: {e}", path.display())))?;
            if let Some(name) = name {
                vault.save_csv_mapping(name, args.account, &serde_json::to_string(&mapping)?)?;
            }
            Some(mapping)
        }
        (None, Some(name)) => {
            let (json, _) = vault
                .csv_mapping(name)?
                .ok_or_else(|| BadInput(format!("there is no saved CSV mapping named '{name}'")))?;
            Some(serde_json::from_str(&json)?)
        }
        (None, None) => None,
    };
    let options = ImportOptions {
        file_name: args.file.display().to_string(),
        account_id: args.account,
        mapping,
        dry_run: args.dry_run,
    };
    let report = import_file(&mut vault, &bytes, &options).map_err(|e| match e {
        ImportError::Vault(v) => anyhow::Error::new(v),
        other => anyhow::Error::new(BadInput(other.to_string())),
    })?;
    ctx.print(&report, |r| {
        let verb = if r.dry_run {
            "Would import"
        } else {
            "Imported"
        };
        let mut out = format!(
            "{verb} {}: {} added, {} updated, {} unchanged.\n",
            args.file.display(),
            r.added,
            r.updated,
            r.unchanged
        );
        for warning in &r.warnings {
            out.push_str(&format!("  note: {warning}\n"));
        }
        out
    })
}

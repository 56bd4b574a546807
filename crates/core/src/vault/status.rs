//! What `coffer status` reports: schema version, key mode, row counts and integrity.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Vault, VaultError};
use crate::key::KeyMode;

/// The tables whose row counts the status reports, in the order people think of them.
pub const DATA_TABLES: &[&str] = &[
    "connections",
    "accounts",
    "balance_snapshots",
    "transactions",
    "statements",
    "credit_scores",
    "reward_programs",
    "reward_balances",
    "reward_events",
    "transfers",
    "card_events",
    "consents",
    "sync_runs",
    "audit_log",
    "categories",
    "category_rules",
];

/// The vault's health, as `coffer status --json` prints it and the UI shows it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct VaultStatus {
    pub path: String,
    pub schema_version: i32,
    pub key_source: KeyMode,
    /// Row count per table name.
    #[ts(type = "Record<string, number>")]
    pub counts: BTreeMap<String, u64>,
    /// `"ok"` or what SQLCipher's checks found wrong; `None` in a brief status, which skips the
    /// checks (they read and authenticate every page: about half a minute per million rows).
    pub integrity: Option<String>,
}

impl Vault {
    /// Location, schema version and key mode only: what unlocking needs, in constant time
    /// whatever the vault's size. No row counts and no integrity checks.
    pub fn brief_status(&self) -> Result<VaultStatus, VaultError> {
        Ok(VaultStatus {
            path: self.path.display().to_string(),
            schema_version: self.schema_version()? as i32,
            key_source: self.key_mode(),
            counts: BTreeMap::new(),
            integrity: None,
        })
    }

    /// Row counts, schema version and the result of the integrity checks.
    pub fn status(&self) -> Result<VaultStatus, VaultError> {
        let mut counts = BTreeMap::new();
        for table in DATA_TABLES {
            let rows: i64 = self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                    row.get(0)
                })
                .map_err(VaultError::sqlite("counting rows"))?;
            counts.insert((*table).to_string(), rows.max(0) as u64);
        }
        Ok(VaultStatus {
            path: self.path.display().to_string(),
            schema_version: self.schema_version()? as i32,
            key_source: self.key_mode(),
            counts,
            integrity: Some(self.integrity_check()?),
        })
    }

    /// SQLCipher's page-HMAC check over every page, then SQLite's structural quick check.
    /// Returns `"ok"` or the problems found, one per line.
    pub fn integrity_check(&self) -> Result<String, VaultError> {
        let mut problems = Vec::new();
        let collect = |sql: &str, problems: &mut Vec<String>| -> Result<(), rusqlite::Error> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
            for row in rows {
                let line = row?;
                if line != "ok" {
                    problems.push(line);
                }
            }
            Ok(())
        };
        let outcome = collect("PRAGMA cipher_integrity_check", &mut problems)
            .and_then(|_| collect("PRAGMA quick_check", &mut problems));
        if let Err(e) = outcome {
            problems.push(e.to_string());
        }
        Ok(if problems.is_empty() {
            "ok".to_string()
        } else {
            problems.join("\n")
        })
    }
}

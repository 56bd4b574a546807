//! Saved CSV column mappings: defined once per account, remembered by name.

use rusqlite::{params, OptionalExtension};

use crate::vault::{now_rfc3339, Vault, VaultError};

impl Vault {
    /// Saves (or replaces) a mapping's JSON definition under `name`.
    pub fn save_csv_mapping(
        &self,
        name: &str,
        account_id: Option<i64>,
        definition_json: &str,
    ) -> Result<(), VaultError> {
        self.conn
            .execute(
                "INSERT INTO csv_mappings (name, account_id, definition, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (name) DO UPDATE SET account_id = excluded.account_id, definition = excluded.definition",
                params![name, account_id, definition_json, now_rfc3339()],
            )
            .map(|_| ())
            .map_err(VaultError::sqlite("saving the CSV mapping"))
    }

    /// A saved mapping's JSON definition and the account it was saved for.
    pub fn csv_mapping(&self, name: &str) -> Result<Option<(String, Option<i64>)>, VaultError> {
        self.conn
            .query_row(
                "SELECT definition, account_id FROM csv_mappings WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(VaultError::sqlite("reading the CSV mapping"))
    }
}

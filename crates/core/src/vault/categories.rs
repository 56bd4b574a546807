//! The category table: names to ids, for assigning categories while storing.

use std::collections::HashMap;

use rusqlite::Connection;

use super::VaultError;

/// Category name → id.
pub(crate) fn category_ids(conn: &Connection) -> Result<HashMap<String, i64>, VaultError> {
    let mut stmt = conn
        .prepare_cached("SELECT name, id FROM categories")
        .map_err(VaultError::sqlite("reading categories"))?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .map_err(VaultError::sqlite("reading categories"))?;
    rows.collect::<Result<_, _>>()
        .map_err(VaultError::sqlite("reading categories"))
}

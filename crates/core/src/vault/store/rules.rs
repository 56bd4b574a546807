//! Category rules and manual category edits: the user's word over the MCC table.

use rusqlite::params;

use crate::vault::{now_rfc3339, Vault, VaultError};

/// A stored rule: `match_kind` is `contains`, `starts_with`, `exact` or `regex`.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleRow {
    pub id: i64,
    pub match_kind: String,
    pub pattern: String,
    pub category: String,
    pub category_kind: String,
    pub priority: i64,
}

impl Vault {
    /// The user's category rules, highest priority first, then oldest first.
    pub fn category_rules(&self) -> Result<Vec<RuleRow>, VaultError> {
        self.read_rows(
            "reading category rules",
            "SELECT r.id, r.match_kind, r.pattern, c.name, c.kind, r.priority
             FROM category_rules r JOIN categories c ON c.id = r.category_id
             ORDER BY r.priority DESC, r.id",
            vec![],
            |r| {
                Ok(RuleRow {
                    id: r.get(0)?,
                    match_kind: r.get(1)?,
                    pattern: r.get(2)?,
                    category: r.get(3)?,
                    category_kind: r.get(4)?,
                    priority: r.get(5)?,
                })
            },
        )
    }

    /// Category names with their kinds (`spend`, `income`, `transfer`, `payment`, `fee`).
    pub fn category_kinds(&self) -> Result<Vec<(String, String)>, VaultError> {
        self.read_rows(
            "reading categories",
            "SELECT name, kind FROM categories ORDER BY name",
            vec![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// Saves (or replaces) a rule (the category must exist) and writes its decisions back into
    /// the stored rows, in one transaction; the audit log records the rule and how many rows it
    /// moved. Returns the rule's id.
    pub fn put_category_rule(
        &self,
        match_kind: &str,
        pattern: &str,
        category: &str,
        priority: i64,
    ) -> Result<i64, VaultError> {
        Ok(self
            .save_category_rule(match_kind, pattern, category, priority)?
            .0)
    }

    /// [`Vault::put_category_rule`], returning the rule's id and how many stored rows it moved.
    pub fn save_category_rule(
        &self,
        match_kind: &str,
        pattern: &str,
        category: &str,
        priority: i64,
    ) -> Result<(i64, u64), VaultError> {
        let category_id = self.category_id(category)?;
        let tx = self
            .conn
            .unchecked_transaction()
            .map_err(VaultError::sqlite("saving a category rule"))?;
        tx.execute(
            "INSERT INTO category_rules (match_kind, pattern, category_id, priority, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (match_kind, pattern) DO UPDATE
             SET category_id = excluded.category_id, priority = excluded.priority",
            params![match_kind, pattern, category_id, priority, now_rfc3339()],
        )
        .map_err(VaultError::sqlite("saving a category rule"))?;
        let id: i64 = tx
            .query_row(
                "SELECT id FROM category_rules WHERE match_kind = ?1 AND pattern = ?2",
                params![match_kind, pattern],
                |r| r.get(0),
            )
            .map_err(VaultError::sqlite("saving a category rule"))?;
        let moved = self.write_back_rules()?;
        self.record_audit(
            "category.rule_applied",
            None,
            true,
            &serde_json::json!({
                "rule_id": id, "match_kind": match_kind, "pattern": pattern,
                "category": category, "priority": priority, "rows_recategorized": moved,
            }),
        )?;
        tx.commit()
            .map_err(VaultError::sqlite("saving a category rule"))?;
        Ok((id, moved))
    }

    /// A manual category edit of one transaction; it wins over rules and the MCC table. The
    /// analytics sums follow (schema triggers) and the audit log records it.
    pub fn set_transaction_category(&self, id: i64, category: &str) -> Result<(), VaultError> {
        let category_id = self.category_id(category)?;
        let tx = self
            .conn
            .unchecked_transaction()
            .map_err(VaultError::sqlite("editing a category"))?;
        let changed = tx
            .execute(
                "UPDATE transactions SET category_id = ?2, category_source = 'manual', updated_at = ?3
                 WHERE id = ?1",
                params![id, category_id, now_rfc3339()],
            )
            .map_err(VaultError::sqlite("editing a category"))?;
        if changed == 0 {
            return Err(VaultError::Data(format!("there is no transaction {id}")));
        }
        self.record_audit(
            "category.edit",
            None,
            true,
            &serde_json::json!({ "transaction_id": id, "category": category }),
        )?;
        tx.commit()
            .map_err(VaultError::sqlite("editing a category"))
    }

    fn category_id(&self, name: &str) -> Result<i64, VaultError> {
        super::super::categories::category_ids(&self.conn)?
            .get(name)
            .copied()
            .ok_or_else(|| VaultError::Data(format!("there is no category named '{name}'")))
    }
}

//! Category decisions written back to the stored rows: when a rule is saved, every row it now
//! decides (by merchant group, as the reports decide) gets the rule's category in the vault,
//! with the analytics sums moved by the schema's triggers and a line in the audit log; a manual
//! edit is audited the same way. Rows arriving later get the rules when their batch is written
//! ([`apply_rules_to_new_rows`], before they are summed).

use std::collections::BTreeMap;

use rusqlite::{params, Connection};

use super::reads::SpendGroup;
use super::rules::RuleRow;
use crate::analytics::rules::{compile_rules, decide, group_merchant, CategoryRule};
use crate::money::Currency;
use crate::vault::{now_rfc3339, Vault, VaultError};

const FAIL: &str = "writing categories back";

impl Vault {
    /// The merchant groups of the counted rows, over every account and month, each with its
    /// stored category (from the maintained sums: a few thousand rows, not a million).
    fn merchant_groups(&self) -> Result<Vec<SpendGroup>, VaultError> {
        self.summaries_current()?;
        self.read_rows(
            FAIL,
            "SELECT s.merchant_key, min(s.description), s.has_merchant, s.mcc, c.name, c.kind,
                    s.category_source, sum(s.row_count)
             FROM spend_summary s LEFT JOIN categories c ON c.id = s.category_id
             GROUP BY s.merchant_key, s.has_merchant, s.mcc, s.category_id, s.category_source",
            vec![],
            |r| {
                let source: String = r.get(6)?;
                Ok(SpendGroup {
                    month: String::new(),
                    merchant: r.get(0)?,
                    description: r.get(1)?,
                    has_source_merchant: r.get(2)?,
                    mcc: crate::domain::Mcc::parse(&r.get::<_, String>(3)?),
                    category: r.get(4)?,
                    category_kind: r.get(5)?,
                    category_source: (!source.is_empty()).then_some(source),
                    currency: Currency::USD,
                    outflow_minor: 0,
                    inflow_minor: 0,
                    count: r.get::<_, i64>(7)? as u64,
                    original: None,
                })
            },
        )
    }

    /// Writes the saved rules' decisions into the rows: every merchant group a rule decides
    /// (manual edits excepted) gets that rule's category, `category_source = 'rule'`. Returns
    /// how many rows changed. Runs inside the caller's transaction when there is one.
    pub(crate) fn write_back_rules(&self) -> Result<u64, VaultError> {
        let rules = read_rules(&self.conn)?;
        if rules.is_empty() {
            return Ok(0);
        }
        let decisions = rule_decisions(&self.conn, &rules, self.merchant_groups()?)?;
        write_decisions(&self.conn, decisions, 0)
    }
}

/// The user's rules, compiled, highest priority first.
fn read_rules(conn: &Connection) -> Result<Vec<CategoryRule>, VaultError> {
    let rows = conn
        .prepare_cached(
            "SELECT r.id, r.match_kind, r.pattern, c.name, c.kind, r.priority
             FROM category_rules r JOIN categories c ON c.id = r.category_id
             ORDER BY r.priority DESC, r.id",
        )
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok(RuleRow {
                    id: r.get(0)?,
                    match_kind: r.get(1)?,
                    pattern: r.get(2)?,
                    category: r.get(3)?,
                    category_kind: r.get(4)?,
                    priority: r.get(5)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()
        })
        .map_err(VaultError::sqlite(FAIL))?;
    compile_rules(&rows).map_err(|e| VaultError::Data(e.to_string()))
}

/// For each category, the merchant keys of the groups a rule puts in it (and that are not
/// there by that rule already); manual edits are never overridden.
fn rule_decisions(
    conn: &Connection,
    rules: &[CategoryRule],
    groups: Vec<SpendGroup>,
) -> Result<BTreeMap<String, Vec<String>>, VaultError> {
    let kinds: Vec<(String, String)> = conn
        .prepare_cached("SELECT name, kind FROM categories")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<Vec<_>, _>>()
        })
        .map_err(VaultError::sqlite(FAIL))?;
    let kind_of = |name: &str| {
        kinds
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, k)| k.clone())
    };
    let mut keys_by_category: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for group in groups {
        if group.category_source.as_deref() == Some("manual") {
            continue;
        }
        let merchant = group_merchant(&group);
        let Some(decided) = decide(&group, &merchant, rules, &kind_of) else {
            continue;
        };
        let already = group.category.as_deref() == Some(decided.category.as_str())
            && group.category_source.as_deref() == Some("rule");
        if decided.by == "rule" && !already {
            keys_by_category
                .entry(decided.category)
                .or_default()
                .push(group.merchant);
        }
    }
    Ok(keys_by_category)
}

/// Gives the decided rows (ids above `above_id`) their rule's category; returns how many
/// changed.
fn write_decisions(
    conn: &Connection,
    decisions: BTreeMap<String, Vec<String>>,
    above_id: i64,
) -> Result<u64, VaultError> {
    let now = now_rfc3339();
    let mut changed = 0u64;
    for (category, mut keys) in decisions {
        keys.sort();
        keys.dedup();
        let keys = serde_json::to_string(&keys).unwrap_or_else(|_| "[]".into());
        changed += conn
            .prepare_cached(
                "UPDATE transactions
                 SET category_id = (SELECT id FROM categories WHERE name = ?1),
                     category_source = 'rule', updated_at = ?3
                 WHERE id > ?4
                   AND coalesce(merchant, description) IN (SELECT value FROM json_each(?2))
                   AND category_source IS NOT 'manual'
                   AND (category_source IS NOT 'rule' OR category_id IS NOT
                        (SELECT id FROM categories WHERE name = ?1))",
            )
            .and_then(|mut s| s.execute(params![category, keys, now, above_id]))
            .map_err(VaultError::sqlite(FAIL))? as u64;
    }
    Ok(changed)
}

/// Gives rows new since the sums' watermark (a batch's own rows, not yet summed) the user's
/// rules, so stored categories agree with what reports show; run in the batch's transaction
/// before the rows are summed. Returns how many rows a rule recategorized.
pub(crate) fn apply_rules_to_new_rows(conn: &Connection) -> Result<u64, VaultError> {
    let rules = read_rules(conn)?;
    if rules.is_empty() {
        return Ok(0);
    }
    let through: i64 = conn
        .query_row("SELECT through_id FROM summary_state", [], |r| r.get(0))
        .map_err(VaultError::sqlite(FAIL))?;
    let groups = conn
        .prepare_cached(
            "SELECT coalesce(t.merchant, t.description), min(t.description),
                    t.merchant IS NOT NULL, t.mcc, c.name, c.kind, t.category_source, count(*)
             FROM transactions t LEFT JOIN categories c ON c.id = t.category_id
             WHERE t.id > ?1
             GROUP BY 1, 3, 4, t.category_id, 7",
        )
        .and_then(|mut s| {
            s.query_map([through], |r| {
                Ok(SpendGroup {
                    month: String::new(),
                    merchant: r.get(0)?,
                    description: r.get(1)?,
                    has_source_merchant: r.get(2)?,
                    mcc: r
                        .get::<_, Option<String>>(3)?
                        .and_then(|m| crate::domain::Mcc::parse(&m)),
                    category: r.get(4)?,
                    category_kind: r.get(5)?,
                    category_source: r.get(6)?,
                    currency: Currency::USD,
                    outflow_minor: 0,
                    inflow_minor: 0,
                    count: r.get::<_, i64>(7)? as u64,
                    original: None,
                })
            })?
            .collect::<Result<Vec<_>, _>>()
        })
        .map_err(VaultError::sqlite(FAIL))?;
    if groups.is_empty() {
        return Ok(0);
    }
    let decisions = rule_decisions(conn, &rules, groups)?;
    write_decisions(conn, decisions, through)
}

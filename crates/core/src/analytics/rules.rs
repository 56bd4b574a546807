//! The user's category rules (contains / starts with / exact / regex, highest priority first),
//! how a transaction's category is decided, and "apply to N similar".
//!
//! Precedence: a manual edit, then the first matching rule, then the category the row was stored
//! with (the source's or the MCC table's), then the MCC table, else none. Rules match the clean
//! merchant name or the raw description, case-insensitively.

use regex::Regex;

use super::merchant::clean_merchant;
use super::AnalyticsError;
use crate::categorize::category_for_mcc;
use crate::domain::Mcc;
use crate::vault::store::reads::SpendGroup;
use crate::vault::store::rules::RuleRow;

/// How a rule's pattern matches.
#[derive(Debug, Clone)]
pub enum Matcher {
    Contains(String),
    StartsWith(String),
    Exact(String),
    Regex(Regex),
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct CategoryRule {
    pub matcher: Matcher,
    pub category: String,
    /// The category's kind (`spend`, `income`, `transfer`, `payment`, `fee`).
    pub category_kind: String,
    pub priority: i64,
}

impl CategoryRule {
    pub fn new(
        match_kind: &str,
        pattern: &str,
        category: &str,
        category_kind: &str,
        priority: i64,
    ) -> Result<CategoryRule, AnalyticsError> {
        let lower = pattern.to_lowercase();
        let matcher = match match_kind {
            "contains" => Matcher::Contains(lower),
            "starts_with" => Matcher::StartsWith(lower),
            "exact" => Matcher::Exact(lower),
            "regex" => Matcher::Regex(Regex::new(&format!("(?i){pattern}")).map_err(|source| {
                AnalyticsError::BadRegex {
                    pattern: pattern.to_string(),
                    source,
                }
            })?),
            other => return Err(AnalyticsError::BadRuleKind(other.to_string())),
        };
        Ok(CategoryRule {
            matcher,
            category: category.to_string(),
            category_kind: category_kind.to_string(),
            priority,
        })
    }

    pub fn from_row(row: &RuleRow) -> Result<CategoryRule, AnalyticsError> {
        Self::new(
            &row.match_kind,
            &row.pattern,
            &row.category,
            &row.category_kind,
            row.priority,
        )
    }

    /// Whether the rule matches any of the texts.
    pub fn matches(&self, texts: &[&str]) -> bool {
        texts.iter().any(|text| match &self.matcher {
            Matcher::Regex(re) => re.is_match(text),
            Matcher::Contains(p) => text.to_lowercase().contains(p.as_str()),
            Matcher::StartsWith(p) => text.to_lowercase().starts_with(p.as_str()),
            Matcher::Exact(p) => text.trim().to_lowercase() == *p,
        })
    }
}

/// Rules in the order they are tried: priority descending, then as given (stable).
pub fn compile_rules(rows: &[RuleRow]) -> Result<Vec<CategoryRule>, AnalyticsError> {
    let mut rules = rows
        .iter()
        .map(CategoryRule::from_row)
        .collect::<Result<Vec<_>, _>>()?;
    rules.sort_by_key(|r| std::cmp::Reverse(r.priority));
    Ok(rules)
}

/// A decided category: its name, kind and what decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    pub category: String,
    pub kind: String,
    /// `manual`, `rule`, `source`, `mcc` or `none`.
    pub by: &'static str,
}

/// The clean name of a group's merchant: the source's clean name, else cleaned from the raw text.
pub fn group_merchant(group: &SpendGroup) -> String {
    if group.has_source_merchant {
        group.merchant.clone()
    } else {
        clean_merchant(&group.merchant)
    }
}

/// The category of a group of transactions, by the precedence in the module docs. `kind_of`
/// gives a category name's kind.
pub fn decide(
    group: &SpendGroup,
    merchant: &str,
    rules: &[CategoryRule],
    kind_of: &dyn Fn(&str) -> Option<String>,
) -> Option<Decided> {
    if group.category_source.as_deref() == Some("manual") {
        if let (Some(c), Some(k)) = (&group.category, &group.category_kind) {
            return Some(Decided {
                category: c.clone(),
                kind: k.clone(),
                by: "manual",
            });
        }
    }
    if let Some(rule) = rules
        .iter()
        .find(|r| r.matches(&[merchant, &group.description]))
    {
        return Some(Decided {
            category: rule.category.clone(),
            kind: rule.category_kind.clone(),
            by: "rule",
        });
    }
    if let (Some(c), Some(k)) = (&group.category, &group.category_kind) {
        let by = if group.category_source.as_deref() == Some("source") {
            "source"
        } else {
            "mcc"
        };
        return Some(Decided {
            category: c.clone(),
            kind: k.clone(),
            by,
        });
    }
    let category = category_for_mcc(group.mcc?);
    Some(Decided {
        category: category.to_string(),
        kind: kind_of(category)?,
        by: "mcc",
    })
}

/// "Apply to N similar": how many transactions `rule` would move to its category (manual edits
/// are never overridden; rows already in that category do not count). Pass every rule already
/// saved: a higher-priority rule that already decides a row keeps it.
pub fn count_similar(
    rule: &CategoryRule,
    existing: &[CategoryRule],
    groups: &[SpendGroup],
    kind_of: &dyn Fn(&str) -> Option<String>,
) -> u64 {
    let mut all: Vec<CategoryRule> = existing.to_vec();
    all.push(rule.clone());
    all.sort_by_key(|r| std::cmp::Reverse(r.priority));
    groups
        .iter()
        .filter(|g| {
            let merchant = group_merchant(g);
            let before = decide(g, &merchant, existing, kind_of).map(|d| d.category);
            let after = decide(g, &merchant, &all, kind_of);
            after.is_some_and(|a| a.by == "rule" && a.category == rule.category)
                && before.as_deref() != Some(rule.category.as_str())
        })
        .map(|g| g.count)
        .sum()
}

/// The MCC table's category for a code, for callers without a stored category.
pub fn mcc_category(mcc: Mcc) -> &'static str {
    category_for_mcc(mcc)
}

//! Settling pending authorizations: a posting supersedes its pending, by the source's link where
//! there is one, otherwise by the matching rule below. The pending row is never deleted: it stays
//! visible as `superseded`, linked from the posting (`settles_id`), and is never counted.
//!
//! The matching rule, for sources that post under a new id with no link (SimpleFIN, OFX, CSV):
//! a posting settles the pending of the same account that
//! 1. is still `pending` and not already settled by another posting;
//! 2. has the same sign and an amount within `max(tolerance_minor, tolerance_percent %)` of the
//!    posting (tips and currency conversion change the final amount);
//! 3. was made between `window_days` before the posting and the posting's date;
//! 4. shares a merchant word (3+ letters, case-insensitive) with the posting's description.
//!
//! Among several candidates the closest amount wins, then the closest date.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Transaction};

use crate::vault::VaultError;

/// Tolerances of the matching rule.
#[derive(Debug, Clone, Copy)]
pub struct MatchRule {
    pub tolerance_minor: i64,
    pub tolerance_percent: i64,
    pub window_days: i64,
}

/// $1.00 or 25 %, whichever is larger, within 10 days.
pub const DEFAULT_MATCH_RULE: MatchRule = MatchRule {
    tolerance_minor: 100,
    tolerance_percent: 25,
    window_days: 10,
};

const FAIL: &str = "settling a pending transaction";

/// The source said which authorization this posting settles. A pending this claims leaves
/// `pendings`, so the matching rule never hands it to another posting of the batch.
pub(super) fn settle_by_link(
    tx: &Transaction<'_>,
    account: i64,
    posting_source_id: &str,
    authorization_source_id: &str,
    now: &str,
    pendings: &mut PendingIndex,
) -> Result<(), VaultError> {
    let superseded: Option<i64> = tx
        .prepare_cached(
            "UPDATE transactions SET status = 'superseded', updated_at = ?3
             WHERE account_id = ?1 AND source_id = ?2 AND status = 'pending'
             RETURNING id",
        )
        .and_then(|mut s| {
            s.query_row(params![account, authorization_source_id, now], |r| r.get(0))
                .optional()
        })
        .map_err(VaultError::sqlite(FAIL))?;
    if let Some(pending) = superseded {
        pendings.forget(account, pending);
    }
    let claimed: Option<Option<i64>> = tx
        .prepare_cached(
            "UPDATE transactions SET settles_id =
                (SELECT id FROM transactions WHERE account_id = ?1 AND source_id = ?3)
             WHERE account_id = ?1 AND source_id = ?2 AND settles_id IS NULL
             RETURNING settles_id",
        )
        .and_then(|mut s| {
            s.query_row(
                params![account, posting_source_id, authorization_source_id],
                |r| r.get(0),
            )
            .optional()
        })
        .map_err(VaultError::sqlite(FAIL))?;
    if let Some(Some(pending)) = claimed {
        pendings.forget(account, pending);
    }
    Ok(())
}

/// What the matching rule needs of a posting.
pub(super) struct PostingFacts {
    pub id: i64,
    pub amount: i64,
    /// Posted, else transacted.
    pub day: Option<NaiveDate>,
    pub description: String,
    /// It already settles a pending.
    pub settles: bool,
}

impl PostingFacts {
    /// Reads a stored posting's facts by its identity.
    pub(super) fn read(
        tx: &Transaction<'_>,
        account: i64,
        source_id: &str,
    ) -> Result<Option<PostingFacts>, VaultError> {
        tx.prepare_cached(
            "SELECT id, amount_minor, coalesce(posted_on, transacted_on), description, settles_id
             FROM transactions WHERE account_id = ?1 AND source_id = ?2",
        )
        .and_then(|mut s| {
            s.query_row(params![account, source_id], |r| {
                Ok(PostingFacts {
                    id: r.get(0)?,
                    amount: r.get(1)?,
                    day: r.get::<_, Option<String>>(2)?.and_then(|d| d.parse().ok()),
                    description: r.get(3)?,
                    settles: r.get::<_, Option<i64>>(4)?.is_some(),
                })
            })
            .optional()
        })
        .map_err(VaultError::sqlite(FAIL))
    }
}

/// A pending still open to settlement.
struct Pending {
    id: i64,
    amount: i64,
    day: NaiveDate,
    words: Vec<String>,
}

/// The open pendings of the accounts a batch settles by the rule, read once per account per
/// batch (an account has few), so matching a posting reads nothing from the file.
#[derive(Default)]
pub(super) struct PendingIndex {
    accounts: HashMap<i64, Vec<Pending>>,
}

impl PendingIndex {
    fn forget(&mut self, account: i64, pending_id: i64) {
        if let Some(open) = self.accounts.get_mut(&account) {
            open.retain(|p| p.id != pending_id);
        }
    }

    fn open(
        &mut self,
        tx: &Transaction<'_>,
        account: i64,
    ) -> Result<&mut Vec<Pending>, VaultError> {
        if let Entry::Vacant(slot) = self.accounts.entry(account) {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT p.id, p.amount_minor, coalesce(p.transacted_on, p.posted_on), p.description
                     FROM transactions p
                     WHERE p.account_id = ?1 AND p.status = 'pending'
                       AND NOT EXISTS (SELECT 1 FROM transactions s WHERE s.settles_id = p.id)
                     ORDER BY coalesce(p.transacted_on, p.posted_on), p.id",
                )
                .map_err(VaultError::sqlite(FAIL))?;
            let rows = stmt
                .query_map([account], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                })
                .map_err(VaultError::sqlite(FAIL))?;
            let mut open = Vec::new();
            for row in rows {
                let (id, amount, day, description) = row.map_err(VaultError::sqlite(FAIL))?;
                if let Some(day) = day.and_then(|d| d.parse().ok()) {
                    open.push(Pending {
                        id,
                        amount,
                        day,
                        words: merchant_words(&description),
                    });
                }
            }
            slot.insert(open);
        }
        Ok(self.accounts.entry(account).or_default())
    }

    /// No link: settle the pending this posting most likely settles (see the module docs).
    pub(super) fn settle_by_rule(
        &mut self,
        tx: &Transaction<'_>,
        account: i64,
        posting: &PostingFacts,
        rule: &MatchRule,
        now: &str,
    ) -> Result<(), VaultError> {
        let (false, Some(posted_on)) = (posting.settles, posting.day) else {
            return Ok(());
        };
        let open = self.open(tx, account)?;
        if open.is_empty() {
            return Ok(());
        }
        let amount = posting.amount;
        let words = merchant_words(&posting.description);
        let earliest = posted_on - chrono::Days::new(rule.window_days.max(0) as u64);
        let mut best: Option<(usize, i64, i64)> = None; // (index, amount distance, day distance)
        for (at, pending) in open.iter().enumerate() {
            if pending.id == posting.id || pending.day < earliest || pending.day > posted_on {
                continue;
            }
            if (pending.amount < 0) != (amount < 0) {
                continue;
            }
            let distance = (pending.amount - amount).abs();
            let allowed = rule
                .tolerance_minor
                .max(pending.amount.abs() * rule.tolerance_percent / 100);
            if distance > allowed || !pending.words.iter().any(|w| words.contains(w)) {
                continue;
            }
            let day_distance = (posted_on - pending.day).num_days();
            if best.is_none_or(|(_, d, dd)| (distance, day_distance) < (d, dd)) {
                best = Some((at, distance, day_distance));
            }
        }
        if let Some((at, _, _)) = best {
            let pending = open.remove(at);
            tx.prepare_cached(
                "UPDATE transactions SET status = 'superseded', updated_at = ?2 WHERE id = ?1",
            )
            .and_then(|mut s| s.execute(params![pending.id, now]))
            .map_err(VaultError::sqlite(FAIL))?;
            tx.prepare_cached("UPDATE transactions SET settles_id = ?2 WHERE id = ?1")
                .and_then(|mut s| s.execute(params![posting.id, pending.id]))
                .map_err(VaultError::sqlite(FAIL))?;
        }
        Ok(())
    }
}

fn merchant_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
fn shares_a_word(words: &[String], other: &str) -> bool {
    merchant_words(other).iter().any(|w| words.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merchant_words_ignore_numbers_and_short_tokens() {
        assert_eq!(
            merchant_words("SQ *BLUE BOTTLE 0042"),
            vec!["blue", "bottle"]
        );
        assert!(shares_a_word(
            &merchant_words("Blue Bottle Coffee"),
            "SQ *BLUE BOTTLE"
        ));
        assert!(!shares_a_word(&merchant_words("Uber trip"), "Lyft ride"));
    }
}

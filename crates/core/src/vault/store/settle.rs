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

use rusqlite::{params, Transaction};

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

/// The source said which authorization this posting settles.
pub(super) fn settle_by_link(
    tx: &Transaction<'_>,
    account: i64,
    posting_source_id: &str,
    authorization_source_id: &str,
    now: &str,
) -> Result<(), VaultError> {
    tx.prepare_cached(
        "UPDATE transactions SET status = 'superseded', updated_at = ?3
         WHERE account_id = ?1 AND source_id = ?2 AND status = 'pending'",
    )
    .and_then(|mut s| s.execute(params![account, authorization_source_id, now]))
    .map_err(VaultError::sqlite(FAIL))?;
    tx.prepare_cached(
        "UPDATE transactions SET settles_id =
            (SELECT id FROM transactions WHERE account_id = ?1 AND source_id = ?3)
         WHERE account_id = ?1 AND source_id = ?2 AND settles_id IS NULL",
    )
    .and_then(|mut s| s.execute(params![account, posting_source_id, authorization_source_id]))
    .map_err(VaultError::sqlite(FAIL))?;
    Ok(())
}

/// No link: find the pending this posting most likely settles (see the module docs).
pub(super) fn settle_by_rule(
    tx: &Transaction<'_>,
    account: i64,
    posting_source_id: &str,
    rule: &MatchRule,
    now: &str,
) -> Result<(), VaultError> {
    let posting = tx
        .prepare_cached(
            "SELECT id, amount_minor, coalesce(posted_on, transacted_on), description, settles_id
             FROM transactions WHERE account_id = ?1 AND source_id = ?2",
        )
        .and_then(|mut s| {
            s.query_row(params![account, posting_source_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                ))
            })
        })
        .map_err(VaultError::sqlite(FAIL))?;
    let (posting_id, amount, Some(posted_on), description, None) = posting else {
        return Ok(());
    };
    let words = merchant_words(&description);
    let mut stmt = tx
        .prepare_cached(
            "SELECT p.id, p.amount_minor, coalesce(p.transacted_on, p.posted_on), p.description,
                    julianday(?3) - julianday(coalesce(p.transacted_on, p.posted_on))
             FROM transactions p
             WHERE p.account_id = ?1 AND p.status = 'pending' AND p.id <> ?2
               AND coalesce(p.transacted_on, p.posted_on) BETWEEN date(?3, ?4) AND ?3
               AND NOT EXISTS (SELECT 1 FROM transactions s WHERE s.settles_id = p.id)",
        )
        .map_err(VaultError::sqlite(FAIL))?;
    let window = format!("-{} days", rule.window_days);
    let candidates = stmt
        .query_map(params![account, posting_id, posted_on, window], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(3)?,
                r.get::<_, f64>(4)?,
            ))
        })
        .map_err(VaultError::sqlite(FAIL))?;
    let mut best: Option<(i64, i64, i64)> = None; // (id, amount distance, day distance)
    for candidate in candidates {
        let (id, pending_amount, pending_description, days) =
            candidate.map_err(VaultError::sqlite(FAIL))?;
        if (pending_amount < 0) != (amount < 0) {
            continue;
        }
        let distance = (pending_amount - amount).abs();
        let allowed = rule
            .tolerance_minor
            .max(pending_amount.abs() * rule.tolerance_percent / 100);
        if distance > allowed || !shares_a_word(&words, &pending_description) {
            continue;
        }
        let day_distance = days.round() as i64;
        if best.is_none_or(|(_, d, dd)| (distance, day_distance) < (d, dd)) {
            best = Some((id, distance, day_distance));
        }
    }
    if let Some((pending_id, _, _)) = best {
        tx.execute(
            "UPDATE transactions SET status = 'superseded', updated_at = ?2 WHERE id = ?1",
            params![pending_id, now],
        )
        .map_err(VaultError::sqlite(FAIL))?;
        tx.execute(
            "UPDATE transactions SET settles_id = ?2 WHERE id = ?1",
            params![posting_id, pending_id],
        )
        .map_err(VaultError::sqlite(FAIL))?;
    }
    Ok(())
}

fn merchant_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect()
}

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

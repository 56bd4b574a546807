//! Reads for the FICO trend, rewards ledger, transfers and recurring payments: plain facts,
//! points as integers, money as minor units beside a currency.

use chrono::{Datelike, NaiveDate};
use rusqlite::types::Value;

use super::reads::{RowFilter, TX_DATE};
use crate::domain::{RewardEventKind, RewardUnit, TransferDirection, TransferStatus};
use crate::money::Currency;
use crate::vault::{Vault, VaultError};

/// One credit score, labelled with its model, bureau (when known) and source.
#[derive(Debug, Clone, PartialEq)]
pub struct ScorePoint {
    pub as_of: NaiveDate,
    pub score: u16,
    pub model: String,
    pub bureau: Option<String>,
    pub source: String,
}

/// A reward program and its expiry rule as the source states it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramFacts {
    pub id: i64,
    pub source_id: String,
    pub name: String,
    pub unit: RewardUnit,
    pub expiry_rule: Option<String>,
}

/// A program's reported balance on a day.
#[derive(Debug, Clone, PartialEq)]
pub struct RewardBalancePoint {
    pub program_id: i64,
    pub as_of: NaiveDate,
    pub balance: i64,
}

/// A program's events of one day, one account (or none), one kind and one bonus category,
/// summed (`reward_summary`): positive and negative points apart.
#[derive(Debug, Clone, PartialEq)]
pub struct RewardDayFacts {
    pub program_id: i64,
    pub occurred_on: NaiveDate,
    pub account_id: Option<i64>,
    pub kind: RewardEventKind,
    pub bonus_category: Option<String>,
    /// The sum of the positive points (earnings).
    pub gained: i64,
    /// The sum of the negative points (burns), zero or below.
    pub lost: i64,
    pub events: u64,
    /// Accruals judged against their purchase and the stated earn rate.
    pub checked: u64,
}

/// An accrual whose reported points differ from what its purchase earns at the stated rate.
#[derive(Debug, Clone, PartialEq)]
pub struct RewardDiscrepancyFacts {
    pub source_id: String,
    pub account_id: Option<i64>,
    pub occurred_on: NaiveDate,
    pub expected: i64,
    pub reported: i64,
}

/// An ACH transfer; `amount_minor` is positive, `direction` says which way.
#[derive(Debug, Clone, PartialEq)]
pub struct TransferFacts {
    pub account_id: i64,
    pub counterparty: String,
    pub direction: TransferDirection,
    pub amount_minor: i64,
    pub currency: Currency,
    pub status: TransferStatus,
    pub scheduled_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
}

/// Outflows of one merchant and one exact amount seen at least three times, with their days.
#[derive(Debug, Clone, PartialEq)]
pub struct RepeatedCharge {
    pub merchant: String,
    pub amount_minor: i64,
    pub currency: Currency,
    pub account_id: i64,
    /// Days since 1970-01-01, ascending (dates are made only of the days a report shows:
    /// [`epoch_day_date`]).
    pub days: Vec<i32>,
}

/// 1970-01-01 as days from 0001-01-01 (chrono's day count).
const EPOCH_FROM_CE: i32 = 719_163;

/// Days since 1970-01-01 of `date`.
pub fn epoch_day(date: NaiveDate) -> i32 {
    date.num_days_from_ce() - EPOCH_FROM_CE
}

/// The date `day` days after 1970-01-01 (`None` outside chrono's range).
pub fn epoch_day_date(day: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(day.checked_add(EPOCH_FROM_CE)?)
}

fn day(text: Option<String>) -> Option<NaiveDate> {
    text.and_then(|t| NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok())
}

impl Vault {
    /// Credit scores, oldest first.
    pub fn score_points(&self, filter: &RowFilter) -> Result<Vec<ScorePoint>, VaultError> {
        let mut sql = String::from(
            "SELECT as_of, score, model, bureau, source FROM credit_scores WHERE 1 = 1",
        );
        let mut args = Vec::new();
        filter.push_common(&mut sql, &mut args, None, Some("as_of"));
        sql.push_str(" ORDER BY as_of, model, bureau");
        self.read_rows("reading credit scores", &sql, args, |r| {
            Ok(ScorePoint {
                as_of: day(r.get(0)?).unwrap_or_default(),
                score: r.get(1)?,
                model: r.get(2)?,
                bureau: r
                    .get::<_, String>(3)
                    .map(|b| (!b.is_empty()).then_some(b))?,
                source: r.get(4)?,
            })
        })
    }

    pub fn program_facts(&self) -> Result<Vec<ProgramFacts>, VaultError> {
        self.read_rows(
            "reading reward programs",
            "SELECT id, source_id, name, unit, expiry_rule FROM reward_programs ORDER BY name, id",
            vec![],
            |r| {
                Ok(ProgramFacts {
                    id: r.get(0)?,
                    source_id: r.get(1)?,
                    name: r.get(2)?,
                    unit: RewardUnit::parse(&r.get::<_, String>(3)?).unwrap_or(RewardUnit::Points),
                    expiry_rule: r.get(4)?,
                })
            },
        )
    }

    pub fn reward_balance_points(&self) -> Result<Vec<RewardBalancePoint>, VaultError> {
        self.read_rows(
            "reading reward balances",
            "SELECT program_id, as_of, balance FROM reward_balances ORDER BY as_of, program_id",
            vec![],
            |r| {
                Ok(RewardBalancePoint {
                    program_id: r.get(0)?,
                    as_of: day(r.get(1)?).unwrap_or_default(),
                    balance: r.get(2)?,
                })
            },
        )
    }

    /// Reward events summed by program × day × account × kind × bonus category, by program
    /// and day.
    pub fn reward_day_facts(&self, filter: &RowFilter) -> Result<Vec<RewardDayFacts>, VaultError> {
        let mut sql = String::from(
            "SELECT program_id, occurred_on, account_key, kind, bonus_key, gained, lost, events, checked
             FROM reward_summary WHERE 1 = 1",
        );
        let mut args = Vec::new();
        filter.push_common(
            &mut sql,
            &mut args,
            Some("account_key"),
            Some("occurred_on"),
        );
        sql.push_str(" ORDER BY program_id, occurred_on");
        self.read_rows("reading the reward sums", &sql, args, |r| {
            Ok(RewardDayFacts {
                program_id: r.get(0)?,
                occurred_on: day(r.get(1)?).unwrap_or_default(),
                account_id: Some(r.get::<_, i64>(2)?).filter(|&id| id != 0),
                kind: RewardEventKind::parse(&r.get::<_, String>(3)?)
                    .unwrap_or(RewardEventKind::Adjustment),
                bonus_category: Some(r.get::<_, String>(4)?).filter(|b| !b.is_empty()),
                gained: r.get(5)?,
                lost: r.get(6)?,
                events: r.get::<_, i64>(7)?.max(0) as u64,
                checked: r.get::<_, i64>(8)?.max(0) as u64,
            })
        })
    }

    /// Accruals whose reported points differ from their verdict, oldest first.
    pub fn reward_discrepancy_facts(
        &self,
        filter: &RowFilter,
    ) -> Result<Vec<RewardDiscrepancyFacts>, VaultError> {
        let mut sql = String::from(
            "SELECT source_id, account_id, occurred_on, expected_points, points
             FROM reward_events WHERE kind = 'accrual' AND expected_points <> points",
        );
        let mut args = Vec::new();
        filter.push_common(&mut sql, &mut args, Some("account_id"), Some("occurred_on"));
        sql.push_str(" ORDER BY occurred_on, id");
        self.read_rows("reading reward discrepancies", &sql, args, |r| {
            Ok(RewardDiscrepancyFacts {
                source_id: r.get(0)?,
                account_id: r.get(1)?,
                occurred_on: day(r.get(2)?).unwrap_or_default(),
                expected: r.get(3)?,
                reported: r.get(4)?,
            })
        })
    }

    pub fn transfer_facts(&self, filter: &RowFilter) -> Result<Vec<TransferFacts>, VaultError> {
        let mut sql = String::from(
            "SELECT account_id, counterparty, direction, amount_minor, currency, status,
                    scheduled_on, completed_on FROM transfers WHERE 1 = 1",
        );
        let mut args = Vec::new();
        let date = "coalesce(completed_on, scheduled_on)";
        filter.push_common(&mut sql, &mut args, Some("account_id"), Some(date));
        sql.push_str(" ORDER BY coalesce(completed_on, scheduled_on), id");
        self.read_rows("reading transfers", &sql, args, |r| {
            Ok(TransferFacts {
                account_id: r.get(0)?,
                counterparty: r.get(1)?,
                direction: TransferDirection::parse(&r.get::<_, String>(2)?)
                    .unwrap_or(TransferDirection::Outbound),
                amount_minor: r.get(3)?,
                currency: Currency::parse(&r.get::<_, String>(4)?).unwrap_or(Currency::USD),
                status: TransferStatus::parse(&r.get::<_, String>(5)?)
                    .unwrap_or(TransferStatus::Scheduled),
                scheduled_on: day(r.get(6)?),
                completed_on: day(r.get(7)?),
            })
        })
    }

    /// Posted outflows of one merchant and one exact amount seen three times or more, whose
    /// ascending days `keep` accepts. Groups it refuses cost no allocation (most groups of a
    /// large vault are a few purchases of one amount by chance, not a cadence).
    pub fn repeated_charges_where(
        &self,
        filter: &RowFilter,
        keep: impl FnMut(&[i32]) -> bool,
    ) -> Result<Vec<RepeatedCharge>, VaultError> {
        if filter.search.is_none() && filter.category.is_none() {
            return self.repeated_charges_from_sums(filter, keep);
        }
        let mut keep = keep;
        let mut found = self.repeated_charges_from_rows(filter)?;
        found.retain(|c| keep(&c.days));
        Ok(found)
    }

    /// From the maintained per-merchant-and-amount days: groups seen three times or more whose
    /// days are on average at least three apart (a cadence of weekly or longer needs that: at
    /// least half its gaps are six days or more), then the filter's dates.
    fn repeated_charges_from_sums(
        &self,
        filter: &RowFilter,
        mut keep: impl FnMut(&[i32]) -> bool,
    ) -> Result<Vec<RepeatedCharge>, VaultError> {
        const CONTEXT: &str = "finding repeated charges";
        self.summaries_current()?;
        let (sql, args) = repeated_charges_query(filter);
        // No ORDER BY: SQLite's sorter would copy every group's day list; the groups are put
        // in order below, moving only their handles.
        let from = filter.from.map(epoch_day).unwrap_or(i32::MIN);
        let to = filter.to.map(epoch_day).unwrap_or(i32::MAX);
        let mut stmt = self
            .conn
            .prepare_cached(&sql)
            .map_err(VaultError::sqlite(CONTEXT))?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(args))
            .map_err(VaultError::sqlite(CONTEXT))?;
        // One buffer for every group's days; only groups that are kept get a copy, and only
        // they read their merchant text.
        let mut numbers: Vec<i32> = Vec::new();
        let mut found = Vec::new();
        while let Some(r) = rows.next().map_err(VaultError::sqlite(CONTEXT))? {
            let days = r
                .get_ref(4)
                .and_then(|v| Ok(v.as_bytes()?))
                .map_err(VaultError::sqlite(CONTEXT))?;
            numbers.clear();
            push_day_list(days, from, to, &mut numbers);
            numbers.sort_unstable();
            // A cadence of weekly or longer has its days on average at least three apart.
            let n = numbers.len();
            if n < 3 || i64::from(numbers[n - 1]) - i64::from(numbers[0]) < 3 * (n as i64 - 1) {
                continue;
            }
            if !keep(&numbers) {
                continue;
            }
            let read = |r: &rusqlite::Row<'_>| -> rusqlite::Result<RepeatedCharge> {
                Ok(RepeatedCharge {
                    merchant: r.get(0)?,
                    amount_minor: r.get(1)?,
                    currency: Currency::parse(r.get_ref(2)?.as_str()?).unwrap_or(Currency::USD),
                    account_id: r.get(3)?,
                    days: numbers.clone(),
                })
            };
            found.push(read(r).map_err(VaultError::sqlite(CONTEXT))?);
        }
        found.sort_by(|a, b| (&a.merchant, a.amount_minor).cmp(&(&b.merchant, b.amount_minor)));
        Ok(found)
    }

    fn repeated_charges_from_rows(
        &self,
        filter: &RowFilter,
    ) -> Result<Vec<RepeatedCharge>, VaultError> {
        let mut sql = format!(
            "SELECT coalesce(t.merchant, t.description), t.amount_minor, t.currency, t.account_id,
                    group_concat({TX_DATE}, ',')
             FROM transactions t WHERE t.amount_minor < 0"
        );
        let mut args = Vec::new();
        let posted = RowFilter {
            status: Some("posted".into()),
            ..filter.clone()
        };
        posted.push_transactions(&mut sql, &mut args);
        sql.push_str(" GROUP BY 1, 2, 3, 4 HAVING count(*) >= 3 ORDER BY 1, 2");
        self.read_rows("finding repeated charges", &sql, args, |r| {
            let mut days: Vec<i32> = r
                .get::<_, String>(4)?
                .split(',')
                .filter_map(|d| day(Some(d.to_string())))
                .map(epoch_day)
                .collect();
            days.sort_unstable();
            Ok(RepeatedCharge {
                merchant: r.get(0)?,
                amount_minor: r.get(1)?,
                currency: Currency::parse(&r.get::<_, String>(2)?).unwrap_or(Currency::USD),
                account_id: r.get(3)?,
                days,
            })
        })
    }
}

/// Appends the numbers of a comma-separated list of (possibly negative) integers that lie in
/// `from..=to`, read in one pass over the bytes; malformed or out-of-range items are skipped.
fn push_day_list(text: &[u8], from: i32, to: i32, out: &mut Vec<i32>) {
    let mut i = 0;
    while i < text.len() {
        let negative = text[i] == b'-';
        if negative {
            i += 1;
        }
        let start = i;
        let mut n: i64 = 0;
        // At most 10 digits are read as a number, so it cannot overflow.
        while i < text.len() && text[i].is_ascii_digit() && i - start < 11 {
            n = n * 10 + i64::from(text[i] - b'0');
            i += 1;
        }
        let whole = i > start && i - start <= 10 && (i == text.len() || text[i] == b',');
        if whole {
            let value = if negative { -n } else { n };
            if let Ok(day) = i32::try_from(value) {
                if (from..=to).contains(&day) {
                    out.push(day);
                }
            }
        } else {
            while i < text.len() && text[i] != b',' {
                i += 1;
            }
        }
        i += 1;
    }
}

/// The groups of three or more charges that the filter's account selects. `row_count >= 3` is
/// the predicate of the partial index `charge_summary_repeated` (schema v9), which holds every
/// column read here: the query reads that index and not the table.
pub(super) fn repeated_charges_query(filter: &RowFilter) -> (String, Vec<Value>) {
    let mut sql = String::from(
        "SELECT merchant_key, amount_minor, currency, account_id, days FROM charge_summary
         WHERE row_count >= 3",
    );
    let mut args = Vec::new();
    filter.push_common(&mut sql, &mut args, Some("account_id"), None);
    (sql, args)
}

#[cfg(test)]
mod tests {
    use super::{epoch_day, epoch_day_date, push_day_list};
    use chrono::NaiveDate;

    fn days(text: &str, from: i32, to: i32) -> Vec<i32> {
        let mut out = Vec::new();
        push_day_list(text.as_bytes(), from, to, &mut out);
        out
    }

    #[test]
    fn day_lists_parse_in_one_pass() {
        assert_eq!(days("19358,5,-3,0", i32::MIN, i32::MAX), [19358, 5, -3, 0]);
        assert_eq!(days("", i32::MIN, i32::MAX), Vec::<i32>::new());
        // Malformed items are skipped, never mistaken for numbers.
        assert_eq!(days("1,,x2,3-4,--5,-,7", i32::MIN, i32::MAX), [1, 7]);
        assert_eq!(days("99999999999,8", i32::MIN, i32::MAX), [8]);
        // Only days inside the filter's range.
        assert_eq!(days("10,20,30,40", 20, 30), [20, 30]);
    }

    #[test]
    fn epoch_days_round_trip() {
        let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(epoch_day(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()), 0);
        assert_eq!(epoch_day_date(epoch_day(d)), Some(d));
        assert_eq!(epoch_day_date(-1), NaiveDate::from_ymd_opt(1969, 12, 31));
        assert_eq!(epoch_day_date(i32::MAX), None);
    }
}

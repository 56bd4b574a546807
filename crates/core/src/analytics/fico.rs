//! FICO trend: one series per (model, bureau, source), never joined across models or bureaus,
//! each point with its 30- and 90-day change, and utilization month by month beside it.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::vault::store::reads_ledgers::ScorePoint;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FicoPoint {
    pub as_of: NaiveDate,
    pub score: u16,
    /// Change from the latest score of the same series at least 30 (90) days earlier.
    pub change_30d: Option<i32>,
    pub change_90d: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FicoSeries {
    pub model: String,
    pub bureau: Option<String>,
    pub source: String,
    /// e.g. "FICO 8 Bankcard · TransUnion (Barclays US)".
    pub label: String,
    pub points: Vec<FicoPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FicoReport {
    pub series: Vec<FicoSeries>,
    /// `(YYYY-MM, percent)` overall revolving utilization, shown beside the scores.
    pub utilization: Vec<(String, Option<String>)>,
}

fn change(points: &[(NaiveDate, u16)], at: usize, days: i64) -> Option<i32> {
    let (day, score) = points[at];
    let cutoff = day - Duration::days(days);
    points[..at]
        .iter()
        .rev()
        .find(|(d, _)| *d <= cutoff)
        .map(|(_, s)| i32::from(score) - i32::from(*s))
}

/// (model, bureau, source): what keeps series apart.
type SeriesKey = (String, Option<String>, String);

/// The trend; `utilization` comes from the net-worth report's months.
pub fn fico_trend(scores: &[ScorePoint], utilization: Vec<(String, Option<String>)>) -> FicoReport {
    let mut groups: BTreeMap<SeriesKey, Vec<(NaiveDate, u16)>> = BTreeMap::new();
    for s in scores {
        groups
            .entry((s.model.clone(), s.bureau.clone(), s.source.clone()))
            .or_default()
            .push((s.as_of, s.score));
    }
    let series = groups
        .into_iter()
        .map(|((model, bureau, source), mut pts)| {
            pts.sort();
            pts.dedup_by_key(|p| p.0);
            let label = match &bureau {
                Some(b) => format!("{model} · {b} ({source})"),
                None => format!("{model} ({source})"),
            };
            let points = (0..pts.len())
                .map(|i| FicoPoint {
                    as_of: pts[i].0,
                    score: pts[i].1,
                    change_30d: change(&pts, i, 30),
                    change_90d: change(&pts, i, 90),
                })
                .collect();
            FicoSeries {
                model,
                bureau,
                source,
                label,
                points,
            }
        })
        .collect();
    FicoReport {
        series,
        utilization,
    }
}

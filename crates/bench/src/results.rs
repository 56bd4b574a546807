//! The measured samples `scripts/bench/run.sh` writes (`results.tsv`), grouped into medians and
//! spreads per (rows, tool, operation).

use std::collections::BTreeMap;

/// One timed run of one command.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub rows: u64,
    pub tool: String,
    pub op: String,
    pub wall_s: f64,
    pub cpu_s: Option<f64>,
    pub peak_rss_kib: Option<u64>,
    pub status: String,
}

/// Every run of one measurement.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    pub rows: u64,
    pub tool: String,
    pub op: String,
    pub median_s: f64,
    pub min_s: f64,
    pub max_s: f64,
    pub cpu_median_s: Option<f64>,
    pub peak_rss_kib: Option<u64>,
    pub runs: usize,
    /// Runs that did not finish (stopped at the time limit, or failed).
    pub unfinished: usize,
    /// Of those, runs that failed (exit status, not the time limit).
    pub failed: usize,
}

impl Measurement {
    pub fn finished(&self) -> bool {
        self.unfinished == 0
    }
}

/// `rows tool op wall cpu rss status`, tab-separated; blank cells are unknown.
pub fn parse(text: &str) -> anyhow::Result<Vec<Sample>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        anyhow::ensure!(cells.len() == 7, "results line {}: 7 cells expected", n + 1);
        out.push(Sample {
            rows: cells[0].parse()?,
            tool: cells[1].to_owned(),
            op: cells[2].to_owned(),
            wall_s: cells[3].parse()?,
            cpu_s: cells[4].parse().ok(),
            peak_rss_kib: cells[5].parse().ok(),
            status: cells[6].to_owned(),
        });
    }
    Ok(out)
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if !n.is_multiple_of(2) {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// Samples grouped by (rows, tool, op), in first-seen order of tool/op within each size.
pub fn summarize(samples: &[Sample]) -> Vec<Measurement> {
    let mut order: Vec<(u64, String, String)> = Vec::new();
    let mut groups: BTreeMap<(u64, String, String), Vec<&Sample>> = BTreeMap::new();
    for s in samples {
        let key = (s.rows, s.tool.clone(), s.op.clone());
        if !groups.contains_key(&key) {
            order.push(key.clone());
        }
        groups.entry(key).or_default().push(s);
    }
    order.sort_by_key(|k| k.0);
    order
        .into_iter()
        .map(|key| {
            let group = &groups[&key];
            let mut walls: Vec<f64> = group.iter().map(|s| s.wall_s).collect();
            walls.sort_by(f64::total_cmp);
            let mut cpus: Vec<f64> = group.iter().filter_map(|s| s.cpu_s).collect();
            cpus.sort_by(f64::total_cmp);
            Measurement {
                rows: key.0,
                tool: key.1,
                op: key.2,
                median_s: median(&walls),
                min_s: walls[0],
                max_s: walls[walls.len() - 1],
                cpu_median_s: (!cpus.is_empty()).then(|| median(&cpus)),
                peak_rss_kib: group.iter().filter_map(|s| s.peak_rss_kib).max(),
                runs: group.len(),
                unfinished: group.iter().filter(|s| s.status != "ok").count(),
                failed: group.iter().filter(|s| s.status == "failed").count(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_runs_into_median_and_spread() {
        let text = "10\tcoffer\timport-ofx\t3.0\t2.5\t1000\tok\n\
                    10\tcoffer\timport-ofx\t1.0\t0.9\t1200\tok\n\
                    10\tcoffer\timport-ofx\t2.0\t1.5\t1100\tok\n\
                    10\tactual\timport-csv\t600\t\t\ttimeout\n";
        let m = summarize(&parse(text).unwrap());
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].median_s, m[0].min_s, m[0].max_s), (2.0, 1.0, 3.0));
        assert_eq!(m[0].cpu_median_s, Some(1.5));
        assert_eq!(m[0].peak_rss_kib, Some(1200));
        assert!(m[0].finished());
        assert!(!m[1].finished());
        assert_eq!(m[1].failed, 0, "a timeout is not a failure");
        assert_eq!(m[1].cpu_median_s, None);
    }

    #[test]
    fn a_short_line_is_an_error() {
        assert!(parse("10\tcoffer\n").is_err());
    }
}

//! The Markdown section `make bench` writes into BENCHMARKS.md between its markers: the machine,
//! the command, per-size tables with medians, spreads and ratios to the peers of the same run.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::results::Measurement;

pub const BEGIN: &str = "<!-- bench:begin -->";
pub const END: &str = "<!-- bench:end -->";

/// What the run left beside its samples: `key=value` lines about the machine, versions, notes
/// and the raw output of Coffer's own benches.
pub struct Context {
    pub machine: BTreeMap<String, String>,
    pub versions: String,
    pub notes: String,
    pub analytics: String,
    pub vault_open: String,
    pub svg_link: String,
}

/// (peer tool, peer op, Coffer op it is compared with)
const PAIRS: &[(&str, &str, &str)] = &[
    ("actual", "import-csv", "import-csv"),
    ("actual", "reimport-csv", "reimport-csv"),
    ("hledger", "read-csv", "import-csv"),
    ("ofxtools", "parse-ofx", "import-ofx"),
    ("ofxparse", "parse-ofx", "import-ofx"),
];

pub fn label(tool: &str, op: &str) -> String {
    let what = match (tool, op) {
        ("coffer", "import-ofx") => "Coffer: import OFX 1.x into a new encrypted vault",
        ("coffer", "reimport-ofx") => "Coffer: import the same OFX again (nothing changes)",
        ("coffer", "import-csv") => "Coffer: import CSV into a new encrypted vault",
        ("coffer", "reimport-csv") => "Coffer: import the same CSV again (nothing changes)",
        ("coffer", "sync") => "Coffer: full sync from the sandbox bank (loopback HTTP)",
        ("actual", "import-csv") => "Actual Budget `importTransactions`, new local budget",
        ("actual", "reimport-csv") => "Actual Budget `importTransactions` of the same rows again",
        ("actual", "process") => "Actual Budget: whole node process (parse, budget, both imports)",
        ("hledger", "read-csv") => "hledger: CSV through a rules file, `print`",
        ("ofxtools", "parse-ofx") => "ofxtools: parse + convert the OFX (Python)",
        ("ofxparse", "parse-ofx") => "ofxparse: parse the OFX (Python)",
        ("ceiling", "minimal") => "bare storage ceiling: SQLCipher inserts + unique index + FTS5",
        ("ceiling", "vault-schema") => "storage ceiling with the vault's own schema",
        _ => "",
    };
    if what.is_empty() {
        format!("{tool}: {op}")
    } else {
        what.to_owned()
    }
}

fn secs(s: f64) -> String {
    if s >= 100.0 {
        format!("{s:.0} s")
    } else if s >= 10.0 {
        format!("{s:.1} s")
    } else {
        format!("{s:.2} s")
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn find<'a>(ms: &'a [Measurement], rows: u64, tool: &str, op: &str) -> Option<&'a Measurement> {
    ms.iter()
        .find(|m| m.rows == rows && m.tool == tool && m.op == op)
}

/// "Coffer N× faster" for a peer, "N× the ceiling" for the storage ceiling.
fn ratio(ms: &[Measurement], m: &Measurement) -> String {
    if m.tool == "ceiling" {
        return match find(ms, m.rows, "coffer", "import-ofx") {
            Some(c) if c.finished() && m.median_s > 0.0 => {
                format!("Coffer's OFX import = {:.2}× this", c.median_s / m.median_s)
            }
            _ => String::new(),
        };
    }
    let Some((_, _, coffer_op)) = PAIRS
        .iter()
        .find(|(tool, op, _)| *tool == m.tool && *op == m.op)
    else {
        return String::new();
    };
    if m.failed > 0 {
        return String::new();
    }
    match find(ms, m.rows, "coffer", coffer_op) {
        Some(c) if c.finished() && c.median_s > 0.0 => {
            let r = m.median_s / c.median_s;
            let bound = if m.finished() { "" } else { "> " };
            let by_cpu = match (m.cpu_median_s, c.cpu_median_s) {
                (Some(p), Some(q)) if m.finished() && q > 0.0 => format!(" (CPU {:.1}×)", p / q),
                _ => String::new(),
            };
            if r >= 1.0 {
                format!("Coffer {bound}{r:.1}× faster{by_cpu}")
            } else {
                format!("Coffer {:.1}× slower{by_cpu}", 1.0 / r)
            }
        }
        _ => String::new(),
    }
}

fn table(out: &mut String, ms: &[Measurement], rows: u64) {
    out.push_str(
        "| what | median | min – max | CPU (median) | peak RSS | runs | rows/s | ratio of medians, same run (wall; CPU) |\n\
         |---|---:|---:|---:|---:|---:|---:|---|\n",
    );
    for m in ms.iter().filter(|m| m.rows == rows && m.op != "sync") {
        let median = if m.finished() {
            secs(m.median_s)
        } else if m.failed > 0 {
            format!("failed ({} of {} runs)", m.failed, m.runs)
        } else {
            format!("> {} (stopped)", secs(m.max_s))
        };
        let rate = if m.finished() && m.median_s > 0.0 {
            thousands((m.rows as f64 / m.median_s) as u64)
        } else {
            "–".into()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} – {} | {} | {} | {} | {} | {} |",
            label(&m.tool, &m.op),
            median,
            secs(m.min_s),
            secs(m.max_s),
            m.cpu_median_s.map(secs).unwrap_or_else(|| "–".into()),
            m.peak_rss_kib
                .map(|k| format!("{} MB", k / 1024))
                .unwrap_or_else(|| "–".into()),
            m.runs,
            rate,
            ratio(ms, m),
        );
    }
}

pub fn render(ms: &[Measurement], ctx: &Context) -> String {
    let get = |k: &str| ctx.machine.get(k).cloned().unwrap_or_default();
    let mut out = String::new();
    let _ = writeln!(out, "{BEGIN}");
    out.push_str("## `make bench`: Coffer beside the tools people use, on the same data\n\n");
    out.push_str(
        "Written by `make bench` (`scripts/bench/run.sh`); edit the script, not this section.\n\n",
    );
    let scale = get("scale");
    let command = if let Some(given) = ctx.machine.get("command") {
        given.clone()
    } else if scale == "small" {
        "BENCH_SCALE=small make bench".to_owned()
    } else {
        "make bench".to_owned()
    };
    let _ = writeln!(
        out,
        "Command: `CARGO_TARGET_DIR=/work/target-bench {command}` (BENCH_RUNS={}, 1M runs {}, peers stopped after {} s). \
         Run started {} and took {} min.\n",
        get("runs"),
        get("runs_1m"),
        get("timeout"),
        get("started"),
        get("minutes")
    );
    let _ = writeln!(
        out,
        "Machine: {} cores ({}), {} RAM, {}, {}; load average at the end {} (1, 5 and 15 minutes; above the core count, other work shared the cores).\n",
        get("nproc"),
        get("cpu"),
        get("ram"),
        get("os"),
        get("kernel"),
        get("load")
    );
    let _ = writeln!(
        out,
        "Versions: {}.\n",
        ctx.versions.trim().lines().collect::<Vec<_>>().join(" · ")
    );
    out.push_str(
        "Data: one card's 24 months from the sandbox bank (`coffer sandbox file --cards 1 --months 24 \
         --tx-per-month N`, N = 420 / 4,200 / 42,000), written as OFX 1.x (SGML) and as the Barclaycard \
         CSV download. Times are wall-clock seconds of the whole command (process start included) \
         except Actual's, which are its `importTransactions` calls inside one node process (budget \
         creation and node start excluded, which favours it). CPU = user + system seconds. \
         Coffer's vault key comes from the OS keychain (gnome-keyring in a private D-Bus session).\n\n",
    );
    let mut sizes: Vec<u64> = ms
        .iter()
        .filter(|m| m.op != "sync")
        .map(|m| m.rows)
        .collect();
    sizes.dedup();
    for rows in sizes {
        let _ = writeln!(out, "### Import, {} transactions\n", thousands(rows));
        table(&mut out, ms, rows);
        out.push('\n');
    }
    let _ = writeln!(out, "### How each cost grows\n\n![Seconds against transactions, log–log: Coffer's imports and sync beside the peers]({})\n", ctx.svg_link);
    let syncs: Vec<&Measurement> = ms.iter().filter(|m| m.op == "sync").collect();
    if !syncs.is_empty() {
        out.push_str("### Full sync from the sandbox bank (`scripts/bench-sync.sh`, 10 cards × 24 months, plus every other data kind)\n\n");
        out.push_str("| transactions stored | wall | transactions/s |\n|---:|---:|---:|\n");
        for m in syncs {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                thousands(m.rows),
                secs(m.median_s),
                thousands((m.rows as f64 / m.median_s.max(1e-9)) as u64)
            );
        }
        out.push('\n');
    }
    for (title, text) in [
        ("Queries, search and CSV export (`cargo bench -p coffer-core --bench analytics`, largest size)", &ctx.analytics),
        ("Vault unlock (`cargo bench -p coffer-core --bench vault_open`)", &ctx.vault_open),
    ] {
        if !text.trim().is_empty() {
            let _ = writeln!(out, "### {title}\n\n```\n{}\n```\n", text.trim_end());
        }
    }
    if !ctx.notes.trim().is_empty() {
        out.push_str("Notes of this run:\n\n");
        for line in ctx.notes.lines().filter(|l| !l.trim().is_empty()) {
            let _ = writeln!(out, "- {line}");
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{END}");
    out
}

/// The file with the section between the markers replaced (or appended when there is none).
pub fn splice(file: &str, section: &str) -> String {
    match (file.find(BEGIN), file.find(END)) {
        (Some(b), Some(e)) if e > b => {
            let mut out = String::with_capacity(file.len() + section.len());
            out.push_str(&file[..b]);
            out.push_str(section.trim_end());
            out.push_str(&file[e + END.len()..]);
            out
        }
        _ => format!("{}\n\n{}", file.trim_end(), section),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(tool: &str, op: &str, median: f64, unfinished: usize) -> Measurement {
        Measurement {
            rows: 10_000,
            tool: tool.into(),
            op: op.into(),
            median_s: median,
            min_s: median,
            max_s: median,
            cpu_median_s: None,
            peak_rss_kib: None,
            runs: 1,
            unfinished,
            failed: 0,
        }
    }

    #[test]
    fn peers_get_their_ratio_to_the_matching_coffer_run() {
        let ms = vec![
            m("coffer", "import-csv", 0.5, 0),
            m("actual", "import-csv", 25.0, 0),
            m("hledger", "read-csv", 600.0, 1),
            m("coffer", "import-ofx", 2.0, 0),
            m("ofxtools", "parse-ofx", 1.0, 0),
        ];
        assert_eq!(ratio(&ms, &ms[1]), "Coffer 50.0× faster");
        assert_eq!(ratio(&ms, &ms[2]), "Coffer > 1200.0× faster");
        assert_eq!(ratio(&ms, &ms[4]), "Coffer 2.0× slower");
        assert_eq!(ratio(&ms, &ms[0]), "");
    }

    #[test]
    fn the_section_replaces_only_what_lies_between_the_markers() {
        let file = format!("# B\n\nkept\n\n{BEGIN}\nold\n{END}\n\n## after\n");
        let out = splice(&file, &format!("{BEGIN}\nnew\n{END}\n"));
        assert_eq!(
            out,
            format!("# B\n\nkept\n\n{BEGIN}\nnew\n{END}\n\n## after\n")
        );
        let appended = splice("# B\n", &format!("{BEGIN}\nx\n{END}\n"));
        assert!(appended.starts_with("# B\n\n<!--"));
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(996_083), "996,083");
        assert_eq!(thousands(42), "42");
    }
}

//! `coffer-bench`: turns what `scripts/bench/run.sh` measured (a results directory) into the
//! BENCHMARKS.md section between `<!-- bench:begin -->` and `<!-- bench:end -->` and the growth
//! plot SVG.
//!
//! `coffer-bench --dir target/bench --benchmarks BENCHMARKS.md --svg docs/bench-growth.svg [--write]`
//! Without `--write` the section is printed and no file changes.

mod plot;
mod report;
mod results;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

fn read_or_empty(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

fn main() -> anyhow::Result<()> {
    let mut dir = PathBuf::from("target/bench");
    let mut benchmarks = PathBuf::from("BENCHMARKS.md");
    let mut svg = PathBuf::from("docs/bench-growth.svg");
    let mut write = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dir" => dir = args.next().context("--dir needs a path")?.into(),
            "--benchmarks" => benchmarks = args.next().context("--benchmarks needs a path")?.into(),
            "--svg" => svg = args.next().context("--svg needs a path")?.into(),
            "--write" => write = true,
            other => anyhow::bail!("unknown argument {other:?} (see the module docs)"),
        }
    }
    let text = std::fs::read_to_string(dir.join("results.tsv"))
        .with_context(|| format!("reading {}", dir.join("results.tsv").display()))?;
    let measurements = results::summarize(&results::parse(&text)?);
    let machine: BTreeMap<String, String> = read_or_empty(&dir.join("machine.txt"))
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    // The link is relative to BENCHMARKS.md's folder.
    let base = benchmarks.parent().unwrap_or(Path::new(""));
    let svg_link = svg
        .strip_prefix(base)
        .unwrap_or(&svg)
        .to_string_lossy()
        .into_owned();
    let ctx = report::Context {
        machine,
        versions: read_or_empty(&dir.join("versions.txt")),
        notes: read_or_empty(&dir.join("notes.txt")),
        analytics: read_or_empty(&dir.join("analytics.txt")),
        vault_open: read_or_empty(&dir.join("vault_open.txt")),
        svg_link,
    };
    let section = report::render(&measurements, &ctx);
    if !write {
        print!("{section}");
        return Ok(());
    }
    plot::draw(&measurements, &svg)?;
    let file = std::fs::read_to_string(&benchmarks)
        .with_context(|| format!("reading {}", benchmarks.display()))?;
    std::fs::write(&benchmarks, report::splice(&file, &section))?;
    println!("wrote {} and {}", benchmarks.display(), svg.display());
    Ok(())
}

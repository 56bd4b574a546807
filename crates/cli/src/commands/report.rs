//! `coffer report networth|spend|fico|rewards|cds|recurring`: an analysis as text or `--json`,
//! and its chart with `--svg FILE` and/or `--png FILE`.

use std::fmt::Write as _;

use anyhow::{Context as _, Result};
use coffer_core::charts;
use coffer_core::reports;
use coffer_core::vault::store::reads::RowFilter;

use super::Context;
use crate::args::ReportArgs;
use crate::exit::BadInput;

pub fn report(ctx: &mut Context, args: ReportArgs) -> Result<()> {
    let vault = ctx.open_vault()?;
    let filter = RowFilter {
        account_id: args.account,
        from: args.from,
        to: args.to,
        ..RowFilter::default()
    };
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let svg = match args.kind.as_str() {
        "networth" => {
            let r = reports::networth(&vault, &filter)?;
            ctx.print(&r, |r| {
                r.months.iter().fold(String::new(), |mut out, m| {
                    let _ = writeln!(
                        out,
                        "{}  net worth {:>14}  assets {:>14}  cards {:>12}  utilization {}%",
                        m.month,
                        m.net_worth.amount_text(),
                        m.assets.amount_text(),
                        m.liabilities.amount_text(),
                        m.utilization_percent.as_deref().unwrap_or("—")
                    );
                    out
                })
            })?;
            charts::net_worth_svg(&r)?
        }
        "spend" => {
            let r = reports::spend(&vault, &filter)?;
            ctx.print(&r, |r| {
                let mut out = format!("Total spent {} {}\n", r.total.amount_text(), r.currency);
                for l in &r.by_category {
                    let _ = writeln!(
                        out,
                        "  {:<20} {:>12}  ({} rows)",
                        l.name,
                        l.spent.amount_text(),
                        l.count
                    );
                }
                for m in &r.by_month {
                    let change = m
                        .change_percent
                        .as_deref()
                        .map(|p| format!("{p}%"))
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "  {}  {:>12}  {}",
                        m.month,
                        m.spent.amount_text(),
                        change
                    );
                }
                out
            })?;
            charts::spend_by_category_svg(&r)?
        }
        "fico" => {
            let r = reports::fico(&vault, &filter)?;
            ctx.print(&r, |r| {
                r.series.iter().fold(String::new(), |mut out, s| {
                    if let Some(p) = s.points.last() {
                        let delta =
                            |d: Option<i32>| d.map(|d| format!("{d:+}")).unwrap_or("—".into());
                        let _ = writeln!(
                            out,
                            "{:<50} {} on {}  30d {}  90d {}",
                            s.label,
                            p.score,
                            p.as_of,
                            delta(p.change_30d),
                            delta(p.change_90d)
                        );
                    }
                    out
                })
            })?;
            charts::fico_svg(&r)?
        }
        "rewards" => {
            let r = reports::rewards(&vault, &filter, today)?;
            ctx.print(&r, |r| {
                let mut out = String::new();
                for p in &r.programs {
                    let _ = writeln!(
                        out,
                        "{:<24} {:>10} {}  earned {}  burned {}  expiring within 90 days {}",
                        p.name, p.balance, p.unit, p.earned, p.burned, p.expiring_soon
                    );
                }
                let _ = writeln!(
                    out,
                    "{} accruals reconciled, {} discrepancies",
                    r.reconciled,
                    r.discrepancies.len()
                );
                out
            })?;
            charts::rewards_svg(&r)?
        }
        "cds" => {
            let r = reports::cds(&vault, today)?;
            ctx.print(&r, |r| {
                let mut out = String::new();
                for c in &r.cds {
                    let _ = writeln!(
                        out,
                        "{:<24} {:>12}  {}% APY  matures {}  interest to maturity {}",
                        c.name,
                        c.principal.amount_text(),
                        c.apy,
                        c.maturity_on.map(|d| d.to_string()).unwrap_or_default(),
                        c.interest_to_maturity.amount_text()
                    );
                }
                let _ = writeln!(
                    out,
                    "blended APY {}%  next maturity {}",
                    r.blended_apy.as_deref().unwrap_or("—"),
                    r.next_maturity.map(|d| d.to_string()).unwrap_or("—".into())
                );
                out
            })?;
            charts::cd_ladder_svg(&r)?
        }
        _ => {
            let r = reports::recurring(&vault, &filter)?;
            ctx.print(&r, |r| {
                r.iter().fold(String::new(), |mut out, x| {
                    let _ = writeln!(
                        out,
                        "{:<30} {:>10} {:<9} next {}",
                        x.merchant,
                        x.amount.amount_text(),
                        x.cadence,
                        x.next_expected
                    );
                    out
                })
            })?;
            String::new()
        }
    };
    if (args.svg.is_some() || args.png.is_some()) && svg.is_empty() {
        return Err(BadInput(format!("`report {}` has no chart", args.kind)).into());
    }
    if let Some(path) = &args.svg {
        std::fs::write(path, &svg).with_context(|| format!("writing {}", path.display()))?;
    }
    if let Some(path) = &args.png {
        let png = charts::svg_to_png(&svg)?;
        std::fs::write(path, png).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

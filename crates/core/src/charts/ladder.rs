//! The CD ladder timeline: one bar per CD from opening to maturity, labelled with its APY.

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;

use super::{colour, fail, ChartError, FONT, HEIGHT, WIDTH};
use crate::analytics::cds::CdLadder;

pub fn cd_ladder_svg(ladder: &CdLadder) -> Result<String, ChartError> {
    const CHART: &str = "CD ladder";
    let spans: Vec<(String, NaiveDate, NaiveDate)> = ladder
        .cds
        .iter()
        .filter_map(|c| {
            let end = c.maturity_on?;
            let start = c.opened_on.unwrap_or(end);
            Some((format!("{} · {}% APY", c.name, c.apy), start, end))
        })
        .collect();
    let day = |d: NaiveDate| d.num_days_from_ce() as f64;
    let lo = spans.iter().map(|s| day(s.1)).fold(f64::MAX, f64::min);
    let hi = spans.iter().map(|s| day(s.2)).fold(f64::MIN, f64::max);
    let (lo, hi) = if lo >= hi { (0.0, 1.0) } else { (lo, hi) };
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        area.fill(&WHITE).map_err(fail(CHART))?;
        let mut c = ChartBuilder::on(&area)
            .caption("CD ladder", (FONT, 20))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(10)
            .build_cartesian_2d(lo..hi + (hi - lo) * 0.02, 0.0..spans.len().max(1) as f64)
            .map_err(fail(CHART))?;
        c.configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(8)
            .x_label_formatter(&|x| {
                NaiveDate::from_num_days_from_ce_opt(*x as i32)
                    .map(|d| d.format("%Y-%m").to_string())
                    .unwrap_or_default()
            })
            .label_style((FONT, 12))
            .draw()
            .map_err(fail(CHART))?;
        for (i, (label, start, end)) in spans.iter().enumerate() {
            let y = i as f64;
            c.draw_series([Rectangle::new(
                [(day(*start), y + 0.2), (day(*end), y + 0.8)],
                colour(i).filled(),
            )])
            .map_err(fail(CHART))?;
            c.draw_series([Text::new(label.clone(), (day(*start), y + 0.5), (FONT, 13))])
                .map_err(fail(CHART))?;
        }
        area.present().map_err(fail(CHART))?;
    }
    Ok(svg)
}

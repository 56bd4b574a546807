//! Bar charts: spend by category or merchant, and by month stacked by category.

use plotters::prelude::*;

use super::{axis_number, colour, fail, pixels, ChartError, FONT, HEIGHT, WIDTH};
use crate::analytics::spend::{SpendLine, SpendReport};

fn bars(chart: &'static str, title: &str, lines: &[SpendLine]) -> Result<String, ChartError> {
    let lines: Vec<&SpendLine> = lines.iter().take(12).collect();
    let hi = lines
        .iter()
        .map(|l| pixels(&l.spent))
        .fold(1.0f64, f64::max);
    let lo = lines
        .iter()
        .map(|l| pixels(&l.spent))
        .fold(0.0f64, f64::min);
    let names: Vec<String> = lines.iter().map(|l| l.name.clone()).collect();
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        area.fill(&WHITE).map_err(fail(chart))?;
        let mut c = ChartBuilder::on(&area)
            .caption(title, (FONT, 20))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(190)
            .build_cartesian_2d(lo..hi * 1.05, 0.0..names.len().max(1) as f64)
            .map_err(fail(chart))?;
        c.configure_mesh()
            .disable_y_mesh()
            .x_label_formatter(&|x| axis_number(*x))
            .y_labels(names.len().max(1) * 2 + 1)
            .y_label_formatter(&|y| {
                let i = (y - 0.5).round();
                if (y - 0.5 - i).abs() < 1e-6 && i >= 0.0 {
                    names.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .label_style((FONT, 12))
            .draw()
            .map_err(fail(chart))?;
        c.draw_series(lines.iter().enumerate().map(|(i, l)| {
            let y = i as f64;
            Rectangle::new(
                [(0.0, y + 0.1), (pixels(&l.spent), y + 0.9)],
                colour(0).filled(),
            )
        }))
        .map_err(fail(chart))?;
        area.present().map_err(fail(chart))?;
    }
    Ok(svg)
}

pub fn spend_by_category_svg(report: &SpendReport) -> Result<String, ChartError> {
    bars(
        "spend by category",
        "Spending by category",
        &report.by_category,
    )
}

pub fn spend_by_merchant_svg(report: &SpendReport) -> Result<String, ChartError> {
    bars(
        "spend by merchant",
        "Spending by merchant",
        &report.by_merchant,
    )
}

pub fn spend_by_month_svg(report: &SpendReport) -> Result<String, ChartError> {
    const CHART: &str = "spend by month";
    let categories: Vec<String> = report.by_category.iter().map(|l| l.name.clone()).collect();
    let months: Vec<String> = report.by_month.iter().map(|m| m.month.clone()).collect();
    let hi = report
        .by_month
        .iter()
        .map(|m| {
            m.by_category
                .iter()
                .map(|(_, v)| pixels(v).max(0.0))
                .sum::<f64>()
        })
        .fold(1.0f64, f64::max);
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        area.fill(&WHITE).map_err(fail(CHART))?;
        let mut c = ChartBuilder::on(&area)
            .caption("Spending by month", (FONT, 20))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(70)
            .build_cartesian_2d(0.0..months.len().max(1) as f64, 0.0..hi * 1.05)
            .map_err(fail(CHART))?;
        c.configure_mesh()
            .disable_x_mesh()
            .x_labels(months.len().min(12))
            .x_label_formatter(&|x| months.get(x.floor() as usize).cloned().unwrap_or_default())
            .y_label_formatter(&|y| axis_number(*y))
            .label_style((FONT, 12))
            .draw()
            .map_err(fail(CHART))?;
        for (ci, category) in categories.iter().enumerate() {
            let mut rects = Vec::new();
            for (mi, m) in report.by_month.iter().enumerate() {
                let below: f64 = m
                    .by_category
                    .iter()
                    .filter(|(c, _)| categories.iter().position(|x| x == c) < Some(ci))
                    .map(|(_, v)| pixels(v).max(0.0))
                    .sum();
                let own = m
                    .by_category
                    .iter()
                    .find(|(c, _)| c == category)
                    .map(|(_, v)| pixels(v).max(0.0))
                    .unwrap_or(0.0);
                let x = mi as f64;
                rects.push(Rectangle::new(
                    [(x + 0.1, below), (x + 0.9, below + own)],
                    colour(ci).filled(),
                ));
            }
            let style = colour(ci);
            c.draw_series(rects)
                .map_err(fail(CHART))?
                .label(category.clone())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 10, y + 5)], style.filled())
                });
        }
        c.configure_series_labels()
            .label_font((FONT, 11))
            .border_style(BLACK)
            .background_style(WHITE)
            .draw()
            .map_err(fail(CHART))?;
        area.present().map_err(fail(CHART))?;
    }
    Ok(svg)
}

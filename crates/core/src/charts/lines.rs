//! Line charts over time: net worth, FICO (one line per model/bureau/source, never joined)
//! with utilization beneath, rewards balance per program.

use plotters::prelude::*;

use super::{axis_number, colour, fail, pixels, ChartError, FONT, HEIGHT, WIDTH};
use crate::analytics::fico::FicoReport;
use crate::analytics::networth::NetWorthReport;
use crate::analytics::rewards::RewardsReport;

/// One named series of `(x index, y)` points, x labelled by `labels`.
struct Series {
    name: String,
    points: Vec<(f64, f64)>,
}

fn draw_lines(
    area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    chart: &'static str,
    title: &str,
    labels: &[String],
    series: &[Series],
) -> Result<(), ChartError> {
    let ys = series.iter().flat_map(|s| s.points.iter().map(|p| p.1));
    let (lo, hi) = ys.fold((f64::MAX, f64::MIN), |(l, h), y| (l.min(y), h.max(y)));
    let (lo, hi) = if lo > hi {
        (0.0, 1.0)
    } else {
        (lo, hi.max(lo + 1.0))
    };
    let pad = (hi - lo) * 0.05;
    let n = labels.len().max(1) as f64;
    let mut c = ChartBuilder::on(area)
        .caption(title, (FONT, 20))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(60)
        .build_cartesian_2d(-0.5..n - 0.5, (lo - pad)..(hi + pad))
        .map_err(fail(chart))?;
    let labels = labels.to_vec();
    c.configure_mesh()
        .x_labels(labels.len().min(12))
        .x_label_formatter(&|x| labels.get(x.round() as usize).cloned().unwrap_or_default())
        .y_label_formatter(&|y| axis_number(*y))
        .label_style((FONT, 12))
        .draw()
        .map_err(fail(chart))?;
    for (i, s) in series.iter().enumerate() {
        let style = colour(i);
        c.draw_series(LineSeries::new(s.points.clone(), style.stroke_width(2)))
            .map_err(fail(chart))?
            .label(s.name.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], style));
        // A series of one or two points is hardly a line: mark each point so it shows.
        if s.points.len() <= 2 {
            c.draw_series(s.points.iter().map(|p| Circle::new(*p, 4, style.filled())))
                .map_err(fail(chart))?;
        }
    }
    if !series.is_empty() {
        c.configure_series_labels()
            .label_font((FONT, 12))
            .border_style(BLACK)
            .background_style(WHITE)
            .draw()
            .map_err(fail(chart))?;
    }
    Ok(())
}

fn render(
    chart: &'static str,
    f: impl FnOnce(&DrawingArea<SVGBackend<'_>, plotters::coord::Shift>) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        area.fill(&WHITE).map_err(fail(chart))?;
        f(&area)?;
        area.present().map_err(fail(chart))?;
    }
    Ok(svg)
}

pub fn net_worth_svg(report: &NetWorthReport) -> Result<String, ChartError> {
    let labels: Vec<String> = report.months.iter().map(|m| m.month.clone()).collect();
    let line = |name: &str, get: &dyn Fn(usize) -> f64| Series {
        name: name.to_string(),
        points: (0..labels.len()).map(|i| (i as f64, get(i))).collect(),
    };
    let m = &report.months;
    let series = [
        line("Net worth", &|i| pixels(&m[i].net_worth)),
        line("Assets", &|i| pixels(&m[i].assets)),
        line("Card balances", &|i| pixels(&m[i].liabilities)),
    ];
    render("net worth", |a| {
        draw_lines(a, "net worth", "Net worth", &labels, &series)
    })
}

pub fn fico_svg(report: &FicoReport) -> Result<String, ChartError> {
    let mut days: Vec<String> = report
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.as_of.format("%Y-%m").to_string()))
        .chain(report.utilization.iter().map(|u| u.0.clone()))
        .collect();
    days.sort();
    days.dedup();
    let x = |month: &str| days.iter().position(|d| d == month).unwrap_or(0) as f64;
    let series: Vec<Series> = report
        .series
        .iter()
        .map(|s| Series {
            name: s.label.clone(),
            points: s
                .points
                .iter()
                .map(|p| (x(&p.as_of.format("%Y-%m").to_string()), f64::from(p.score)))
                .collect(),
        })
        .collect();
    let util = [Series {
        name: "Utilization %".into(),
        points: report
            .utilization
            .iter()
            .filter_map(|(m, u)| Some((x(m), u.as_deref()?.parse::<f64>().ok()?)))
            .collect(),
    }];
    render("FICO", |a| {
        let (top, bottom) = a.split_vertically(HEIGHT * 2 / 3);
        draw_lines(
            &top,
            "FICO",
            "FICO score by model and bureau",
            &days,
            &series,
        )?;
        draw_lines(&bottom, "FICO", "Revolving utilization (%)", &days, &util)
    })
}

pub fn rewards_svg(report: &RewardsReport) -> Result<String, ChartError> {
    let mut days: Vec<String> = report
        .programs
        .iter()
        .flat_map(|p| {
            p.balance_over_time
                .iter()
                .map(|b| b.0.format("%Y-%m").to_string())
        })
        .collect();
    days.sort();
    days.dedup();
    let x = |month: &str| days.iter().position(|d| d == month).unwrap_or(0) as f64;
    let series: Vec<Series> = report
        .programs
        .iter()
        .map(|p| Series {
            name: format!("{} ({})", p.name, p.unit),
            points: p
                .balance_over_time
                .iter()
                .map(|(d, b)| (x(&d.format("%Y-%m").to_string()), *b as f64))
                .collect(),
        })
        .collect();
    render("rewards", |a| {
        draw_lines(a, "rewards", "Rewards balance by program", &days, &series)
    })
}

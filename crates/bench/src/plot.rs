//! The growth plot: seconds against transactions (both axes logarithmic) for every measurement
//! that has a median, so a reader sees at a glance whether each cost grows linearly (a straight
//! line of slope 1) or worse. `f64` here is only pixels and seconds, never money.

use std::path::Path;

use plotters::coord::combinators::IntoLogRange;
use plotters::prelude::*;

use crate::report::label;
use crate::results::Measurement;

const PALETTE: [(u8, u8, u8); 10] = [
    (31, 119, 180),
    (255, 127, 14),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (127, 127, 127),
    (188, 189, 34),
    (23, 190, 207),
];

/// One line per (tool, op), in first-seen order; points of unfinished runs are left out.
fn series(ms: &[Measurement]) -> Vec<(String, Vec<(f64, f64)>)> {
    let mut out: Vec<(String, Vec<(f64, f64)>)> = Vec::new();
    for m in ms.iter().filter(|m| m.finished() && m.median_s > 0.0) {
        if m.tool == "actual" && m.op == "process" {
            continue;
        }
        let name = label(&m.tool, &m.op);
        let point = (m.rows as f64, m.median_s);
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some((_, points)) => points.push(point),
            None => out.push((name, vec![point])),
        }
    }
    for (_, points) in &mut out {
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    out
}

pub fn draw(ms: &[Measurement], path: &Path) -> anyhow::Result<()> {
    let lines = series(ms);
    anyhow::ensure!(!lines.is_empty(), "no finished measurement to plot");
    let all = lines.iter().flat_map(|(_, p)| p.iter());
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in all {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    let root = SVGBackend::new(path, (960, 640)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Import / sync time against transactions (log–log; slope 1 = linear)",
            ("sans-serif", 20),
        )
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(64)
        .build_cartesian_2d(
            (x0 / 1.5..x1 * 1.5).log_scale(),
            (y0 / 2.0..y1 * 2.0).log_scale(),
        )?;
    chart
        .configure_mesh()
        .x_desc("transactions")
        .y_desc("seconds (median)")
        .x_label_formatter(&|x| format!("{:.0}k", x / 1000.0))
        .y_label_formatter(&|y| format!("{y}"))
        .label_style(("sans-serif", 12))
        .draw()?;
    for (i, (name, points)) in lines.iter().enumerate() {
        let (r, g, b) = PALETTE[i % PALETTE.len()];
        let colour = RGBColor(r, g, b);
        let dashed = !name.starts_with("Coffer");
        let width = if dashed { 1 } else { 3 };
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(width)))?
            .label(name.clone())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(width))
            });
        chart.draw_series(points.iter().map(|&p| Circle::new(p, 3, colour.filled())))?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 12))
        .draw()?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(rows: u64, tool: &str, median: f64, unfinished: usize) -> Measurement {
        Measurement {
            rows,
            tool: tool.into(),
            op: "import-ofx".into(),
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
    fn one_line_per_measurement_without_unfinished_points() {
        let ms = [
            m(100_000, "coffer", 1.0, 0),
            m(10_000, "coffer", 0.1, 0),
            m(10_000, "x", 9.0, 1),
        ];
        let s = series(&ms);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].1, vec![(10_000.0, 0.1), (100_000.0, 1.0)]);
    }

    #[test]
    fn draws_an_svg_with_every_label() {
        let dir = std::env::temp_dir().join(format!("coffer-bench-plot-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("g.svg");
        draw(
            &[m(10_000, "coffer", 0.1, 0), m(1_000_000, "coffer", 9.0, 0)],
            &path,
        )
        .unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("Coffer: import OFX 1.x"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

//! Charts drawn with plotters into SVG (and PNG from that SVG, [`svg_to_png`]): net worth, spend by category and by month (stacked),
//! FICO trend with utilization, rewards balances, the CD ladder timeline.
//!
//! Output is deterministic (no timestamps; text is written as SVG `<text>` in a generic family,
//! so no system font library is read). Every text from data is escaped by plotters' SVG
//! backend (`<`, `>`, `&`, quotes), so a merchant called `<script>` stays text. Money becomes
//! `f64` only here, at the last pixel ([`pixels`]).

mod bars;
mod ladder;
mod lines;
mod png;

pub use bars::{spend_by_category_svg, spend_by_merchant_svg, spend_by_month_svg};
pub use ladder::cd_ladder_svg;
pub use lines::{fico_svg, net_worth_svg, rewards_svg};
pub use png::svg_to_png;

use crate::money::Money;

pub const WIDTH: u32 = 800;
pub const HEIGHT: u32 = 480;
pub(crate) const FONT: &str = "sans-serif";

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("drawing the {chart} chart failed: {message}")]
pub struct ChartError {
    pub chart: &'static str,
    pub message: String,
}

pub(crate) fn fail<E: std::fmt::Display>(chart: &'static str) -> impl Fn(E) -> ChartError {
    move |e| ChartError {
        chart,
        message: e.to_string(),
    }
}

/// Money as a pixel coordinate: the one place an amount becomes `f64`.
pub fn pixels(m: &Money) -> f64 {
    let minor = m.to_minor().unwrap_or(0) as f64;
    minor / 10f64.powi(m.currency().minor_exponent() as i32)
}

/// An axis value as a whole number grouped by thousands ("60,000", "-10,000", "785"); a small
/// fraction keeps one decimal ("0.5").
pub(crate) fn axis_number(y: f64) -> String {
    if y.abs() < 100.0 && (y - y.round()).abs() > 1e-6 {
        return format!("{y:.1}");
    }
    let whole = y.round() as i64;
    let digits = whole.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    if whole < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// A fixed palette, so the same data always gets the same colours.
pub(crate) fn colour(i: usize) -> plotters::style::RGBColor {
    const P: [(u8, u8, u8); 8] = [
        (31, 119, 180),
        (255, 127, 14),
        (44, 160, 44),
        (214, 39, 40),
        (148, 103, 189),
        (140, 86, 75),
        (227, 119, 194),
        (127, 127, 127),
    ];
    let (r, g, b) = P[i % P.len()];
    plotters::style::RGBColor(r, g, b)
}

#[cfg(test)]
mod tests {
    use super::axis_number;

    #[test]
    fn axis_numbers_are_grouped_whole_numbers() {
        assert_eq!(axis_number(60000.0), "60,000");
        assert_eq!(axis_number(-10000.0), "-10,000");
        assert_eq!(axis_number(785.0), "785");
        assert_eq!(axis_number(1234567.4), "1,234,567");
        assert_eq!(axis_number(0.0), "0");
        assert_eq!(axis_number(0.5), "0.5");
    }
}

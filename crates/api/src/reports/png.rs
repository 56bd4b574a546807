//! `report_chart_png`: one chart of a report as PNG bytes (Base64), rasterized by the core
//! (`charts::svg_to_png`, resvg with its own font) from the same SVG the report command returns
//! for the same period, so a saved PNG shows exactly the chart on screen.

use base64::Engine as _;
use coffer_core::charts;
use serde::{Deserialize, Serialize};

use super::types::{ChartSvg, ReportRequest};
use crate::error::{ApiError, ErrorKind};
use crate::Session;

/// The reports that draw charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ChartReport {
    Spend,
    Networth,
    Fico,
    Rewards,
    Cds,
}

/// Which chart: the report, the chart's place in its `charts` list, and the report's period.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ChartPngRequest {
    pub report: ChartReport,
    /// Index into the report's `charts`, from 0.
    pub chart: u32,
    #[serde(default)]
    #[ts(optional)]
    pub period: Option<ReportRequest>,
}

/// A chart as a PNG image.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ChartPng {
    /// The chart's title (as in the report's `charts`).
    pub title: String,
    pub width: u32,
    pub height: u32,
    /// The PNG file, Base64 (standard alphabet, padded).
    pub png_base64: String,
}

/// Width and height from a PNG's IHDR chunk (bytes 16..24, big-endian).
fn dimensions(png: &[u8]) -> Option<(u32, u32)> {
    let word = |at: usize| Some(u32::from_be_bytes(png.get(at..at + 4)?.try_into().ok()?));
    Some((word(16)?, word(20)?))
}

impl Session {
    pub fn report_chart_png(&self, request: ChartPngRequest) -> Result<ChartPng, ApiError> {
        let period = request.period.unwrap_or_default();
        let drawn: Vec<ChartSvg> = match request.report {
            ChartReport::Spend => self.report_spend(period)?.charts,
            ChartReport::Networth => self.report_networth(period)?.charts,
            ChartReport::Fico => self.report_fico(period)?.charts,
            ChartReport::Rewards => self.report_rewards(period)?.charts,
            ChartReport::Cds => self.report_cds(period)?.charts,
        };
        let count = drawn.len();
        let chart = drawn
            .into_iter()
            .nth(request.chart as usize)
            .ok_or_else(|| {
                ApiError::new(
                    ErrorKind::NotFound,
                    format!(
                        "This report has {count} chart(s); there is no chart number {}.",
                        request.chart
                    ),
                )
            })?;
        let png = charts::svg_to_png(&chart.svg)
            .map_err(|e| ApiError::new(ErrorKind::Internal, format!("{e}.")))?;
        let (width, height) = dimensions(&png)
            .ok_or_else(|| ApiError::new(ErrorKind::Internal, "The PNG has no image header."))?;
        Ok(ChartPng {
            title: chart.title,
            width,
            height,
            png_base64: base64::engine::general_purpose::STANDARD.encode(&png),
        })
    }
}

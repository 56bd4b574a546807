//! The report commands: spend, net worth, FICO, rewards, the CD ladder and recurring payments over
//! a period, each with its plotters charts as SVG text. The analyses are the core's
//! (`coffer_core::reports`); this module reads them through the session and shapes them for the UI.

mod convert;
pub mod png;
pub mod types;

use chrono::NaiveDate;
use coffer_core::charts::{self, ChartError};
use coffer_core::reports::{self, ReportError};
use coffer_core::vault::store::reads::RowFilter;

use crate::data::date;
use crate::error::{ApiError, ErrorKind};
use crate::Session;
use types::{
    CdLadderView, ChartSvg, FicoReportView, NetWorthReportView, RecurringView, ReportRequest,
    RewardsReportView, SpendReportView,
};

impl From<ReportError> for ApiError {
    fn from(err: ReportError) -> Self {
        match err {
            ReportError::Vault(e) => e.into(),
            ReportError::Analytics(e) => ApiError::new(
                ErrorKind::InvalidInput,
                format!("The report could not be made: {e}."),
            ),
        }
    }
}

fn chart(title: &str, drawn: Result<String, ChartError>) -> Result<ChartSvg, ApiError> {
    let svg = drawn.map_err(|e| ApiError::new(ErrorKind::Internal, format!("{e}.")))?;
    Ok(ChartSvg {
        title: title.to_string(),
        svg,
    })
}

/// The period's filter and the report's day.
fn period(request: ReportRequest) -> Result<(RowFilter, NaiveDate), ApiError> {
    let filter = RowFilter {
        account_id: request.account_id,
        from: date(request.from, "first")?,
        to: date(request.to, "last")?,
        ..RowFilter::default()
    };
    if let (Some(from), Some(to)) = (filter.from, filter.to) {
        if from > to {
            return Err(ApiError::invalid(format!(
                "The period starts ({from}) after it ends ({to}); pick a first day on or before the last."
            )));
        }
    }
    let today = date(request.today, "report")?.unwrap_or_else(|| chrono::Local::now().date_naive());
    Ok((filter, today))
}

impl Session {
    pub fn report_spend(&self, request: ReportRequest) -> Result<SpendReportView, ApiError> {
        let (filter, _) = period(request)?;
        self.with_vault(|v| {
            let r = reports::spend(v, &filter)?;
            let charts = vec![
                chart("Spending by category", charts::spend_by_category_svg(&r))?,
                chart("Spending by month", charts::spend_by_month_svg(&r))?,
                chart("Spending by merchant", charts::spend_by_merchant_svg(&r))?,
            ];
            Ok(convert::spend(&r, charts))
        })
    }

    pub fn report_networth(&self, request: ReportRequest) -> Result<NetWorthReportView, ApiError> {
        let (filter, _) = period(request)?;
        self.with_vault(|v| {
            let r = reports::networth(v, &filter)?;
            let charts = vec![chart("Net worth over time", charts::net_worth_svg(&r))?];
            Ok(convert::networth(&r, charts))
        })
    }

    pub fn report_fico(&self, request: ReportRequest) -> Result<FicoReportView, ApiError> {
        let (filter, _) = period(request)?;
        self.with_vault(|v| {
            let r = reports::fico(v, &filter)?;
            let charts = vec![chart(
                "Credit scores by model and bureau, with utilization",
                charts::fico_svg(&r),
            )?];
            Ok(convert::fico(&r, charts))
        })
    }

    pub fn report_rewards(&self, request: ReportRequest) -> Result<RewardsReportView, ApiError> {
        let (filter, today) = period(request)?;
        self.with_vault(|v| {
            let r = reports::rewards(v, &filter, today)?;
            let names = convert::names(&v.accounts()?);
            let charts = vec![chart(
                "Rewards balance per program",
                charts::rewards_svg(&r),
            )?];
            Ok(convert::rewards(&r, &names, charts))
        })
    }

    /// The ladder of every CD as of the report's day (the period does not apply to it).
    pub fn report_cds(&self, request: ReportRequest) -> Result<CdLadderView, ApiError> {
        let (_, today) = period(request)?;
        self.with_vault(|v| {
            let r = reports::cds(v, today)?;
            let charts = vec![chart("CD maturities", charts::cd_ladder_svg(&r))?];
            Ok(convert::cds(&r, charts))
        })
    }

    pub fn report_recurring(&self, request: ReportRequest) -> Result<Vec<RecurringView>, ApiError> {
        let (filter, _) = period(request)?;
        self.with_vault(|v| {
            let r = reports::recurring(v, &filter)?;
            let names = convert::names(&v.accounts()?);
            Ok(convert::recurring(&r, &names))
        })
    }
}

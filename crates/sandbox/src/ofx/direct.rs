//! `POST /ofx`: OFX Direct Connect. Signon with the sandbox credentials (USERID/USERPASS
//! `demo`/`demo`); each statement request is answered in the request's OFX version.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::render::{Answer, OfxVersion, OfxWriter, Statement};
use super::request::{parse_instant, parse_request};
use crate::api::AppState;
use crate::calendar;
use crate::export::is_card;
use crate::generator::rows::TxRow;

/// A row's `DTPOSTED` instant (noon US Eastern = 17:00 UTC).
fn posted_instant(row: &TxRow) -> i64 {
    calendar::unix_seconds(row.posted, 17 * 3600)
}

fn within(row: &TxRow, start: i64, end: i64) -> bool {
    let at = posted_instant(row);
    at >= start && at < end
}

/// Days that certainly contain every instant in `[start, end)` (the exact test is `within`).
fn day_bounds(start: i64, end: i64) -> (calendar::Day, calendar::Day) {
    let epoch = calendar::unix_seconds(0, 0);
    let day = |t: i64| ((t - epoch).div_euclid(86_400)) as calendar::Day;
    (day(start) - 1, day(end) + 1)
}

pub async fn direct_connect(State(state): State<AppState>, body: String) -> Response {
    let request = match parse_request(&body) {
        Ok(request) => request,
        Err(error) => return (StatusCode::BAD_REQUEST, format!("{error}\n")).into_response(),
    };
    let credentials = &state.credentials;
    let signon =
        if request.user_id == credentials.username && request.password == credentials.password {
            0
        } else {
            15500
        };
    let bank = &state.bank;
    let now = state.now();
    let answers: Vec<Answer> = request
        .statements
        .iter()
        .map(|rq| {
            let found = bank
                .account(&rq.account_id)
                .filter(|a| is_card(a) == rq.card);
            let Some(account) = found else {
                return Answer::Error {
                    card: rq.card,
                    trnuid: rq.trnuid.clone(),
                    code: 2003,
                    message: format!("Account {} not found", rq.account_id),
                };
            };
            let start = rq
                .start
                .as_deref()
                .and_then(parse_instant)
                .unwrap_or(i64::MIN);
            let end = rq
                .end
                .as_deref()
                .and_then(parse_instant)
                .unwrap_or(i64::MAX);
            let (from, to) = day_bounds(start.max(0), end.min(i64::from(i32::MAX) * 1000));
            Answer::Statement(Statement {
                account_index: account.index,
                start: rq.start.is_some().then_some(from),
                end: rq.end.is_some().then_some(to),
                include_transactions: rq.include,
                trnuid: rq.trnuid.clone(),
                keep: Some(within),
                instants: (start, end),
            })
        })
        .collect();
    let mut bytes = Vec::new();
    let mut writer = OfxWriter::new(&mut bytes, request.version);
    if writer.document(bank, now, signon, false, &answers).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let content_type = match request.version {
        OfxVersion::V1 => "application/x-ofx; charset=windows-1252",
        OfxVersion::V2 => "application/x-ofx; charset=utf-8",
    };
    ([(header::CONTENT_TYPE, content_type)], bytes).into_response()
}

//! `GET /_sandbox/files/{account}.{ofx|qfx|csv}`: the download files over HTTP, as of the
//! sandbox's today. Query: `version=1|2` (OFX, default 1), `layout=barclays-short|
//! barclays-category` (CSV, default short), `start`/`end` = inclusive `YYYY-MM-DD` posting days.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::{csv, render_ofx, CsvLayout, FileError};
use crate::api::AppState;
use crate::ofx::render::OfxVersion;

pub fn router() -> Router<AppState> {
    Router::new().route("/_sandbox/files/{file}", get(download))
}

fn bad(message: String) -> Response {
    (StatusCode::BAD_REQUEST, format!("{message}\n")).into_response()
}

async fn download(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Some((account, extension)) = file.rsplit_once('.') else {
        return bad("expected {account}.ofx, .qfx or .csv".to_owned());
    };
    let date = |key: &str| match query.get(key).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| format!("{key} must be YYYY-MM-DD")),
    };
    let range = match (date("start"), date("end")) {
        (Ok(None), Ok(None)) => None,
        (Ok(start), Ok(end)) => Some((
            start.unwrap_or(chrono::NaiveDate::MIN),
            end.unwrap_or(chrono::NaiveDate::MAX),
        )),
        (Err(e), _) | (_, Err(e)) => return bad(e),
    };
    let (bank, now) = (&state.bank, state.now());
    let mut bytes = Vec::new();
    let (result, content_type) = match extension {
        "ofx" | "qfx" => {
            let version = match query.get("version").map(String::as_str) {
                None | Some("1") | Some("102") => OfxVersion::V1,
                Some("2") | Some("220") => OfxVersion::V2,
                Some(other) => return bad(format!("unknown OFX version {other}")),
            };
            let qfx = extension == "qfx";
            (
                render_ofx(bank, now, account, range, version, qfx, &mut bytes),
                if qfx {
                    "application/vnd.intu.qfx"
                } else {
                    "application/x-ofx"
                },
            )
        }
        "csv" => {
            let layout = query.get("layout").map_or("barclays-short", String::as_str);
            let Some(layout) = CsvLayout::parse(layout) else {
                return bad(format!("unknown CSV layout {layout}"));
            };
            (
                csv::render(bank, now, account, range, layout, &mut bytes),
                "text/csv; charset=utf-8",
            )
        }
        other => return bad(format!("unknown file type .{other}")),
    };
    match result {
        Ok(_) => {
            let disposition = format!("attachment; filename=\"{file}\"");
            (
                [
                    (header::CONTENT_TYPE, content_type.to_owned()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response()
        }
        Err(FileError::UnknownAccount(id)) => {
            (StatusCode::NOT_FOUND, format!("no account {id}\n")).into_response()
        }
        Err(FileError::Io(_)) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

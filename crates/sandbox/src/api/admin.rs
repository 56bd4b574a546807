//! `/_sandbox/`: the control surface for tests and the CLI (truth, advance a month, faults).
//! Never faulted, never authenticated: the server only listens on loopback.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde_json::{json, Value};

use super::AppState;
use crate::faults::FaultSpec;
use crate::truth::{truth_at, Truth};

pub const OPENAPI_YAML: &str = include_str!("../../../../docs/openapi/issuer.yaml");

pub async fn truth(State(state): State<AppState>) -> Json<Truth> {
    Json(truth_at(&state.bank, state.now()))
}

pub async fn advance_month(State(state): State<AppState>) -> Json<Value> {
    let report = crate::server::advance_month(&state).await;
    Json(json!({
        "as_of": report.as_of.to_string(),
        "months_advanced": report.months_advanced,
        "webhook_deliveries": report.webhook_deliveries,
    }))
}

pub async fn set_faults(State(state): State<AppState>, body: String) -> (StatusCode, Json<Value>) {
    match body.parse::<FaultSpec>() {
        Ok(spec) => {
            state.set_faults(spec.clone());
            (StatusCode::OK, Json(json!({"faults": spec.to_string()})))
        }
        Err(error) => (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_request", "message": error.to_string()})),
        ),
    }
}

pub async fn get_faults(State(state): State<AppState>) -> Json<Value> {
    Json(json!({"faults": state.faults().to_string()}))
}

pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/yaml")], OPENAPI_YAML)
}

/// `GET /_sandbox/truth/{fdx|simplefin|ofx}`: the truth of a full sync through that protocol.
pub async fn protocol_truth(
    State(state): State<AppState>,
    axum::extract::Path(protocol): axum::extract::Path<String>,
) -> Result<Json<crate::protocol_truth::ProtocolTruth>, StatusCode> {
    use crate::protocol_truth::{truth_fdx_at, truth_ofx_at, truth_simplefin_at};
    let (bank, now) = (&state.bank, state.now());
    match protocol.as_str() {
        "fdx" => Ok(Json(truth_fdx_at(bank, now))),
        "simplefin" => Ok(Json(truth_simplefin_at(bank, now))),
        "ofx" | "csv" => Ok(Json(truth_ofx_at(bank, now))),
        _ => Err(StatusCode::NOT_FOUND),
    }
}

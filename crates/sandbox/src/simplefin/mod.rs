//! SimpleFIN Bridge: setup tokens (Base64 of a claim URL), one-time claims that return an
//! Access URL with Basic credentials, and `GET {access}/accounts` with date filters, pending,
//! balances-only, a daily request budget, 402 (subscription lapsed) and 403 (revoked).

pub mod accounts;
pub mod store;

use axum::routing::{get, post};
use axum::Router;

use crate::api::AppState;
use crate::generator::Account;

/// Path of the SimpleFIN server root on the sandbox (`{root}/info`, `{root}/accounts`).
pub const SIMPLEFIN_ROOT: &str = "/simplefin";
/// Requests per access URL per sandbox day before the answer carries a quota warning.
pub const DEFAULT_DAILY_BUDGET: u32 = 24;
/// Custom currencies of reward programs are URLs under this prefix.
pub const CURRENCY_BASE: &str = "https://sandbox.coffer.local/currencies/";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/simplefin/info", get(accounts::info))
        .route("/simplefin/claim/{token}", post(accounts::claim))
        .route("/simplefin/accounts", get(accounts::accounts))
        .route(
            "/_sandbox/simplefin/setup-token",
            get(accounts::setup_token),
        )
        .route("/_sandbox/simplefin/revoke", post(accounts::revoke))
        .route("/_sandbox/simplefin/lapse", post(accounts::lapse))
}

/// The SimpleFIN id of a bank account (`ACT-` + the sandbox id).
pub fn account_id(account: &Account) -> String {
    format!("ACT-{}", account.id)
}

/// The SimpleFIN id of a card's reward-program account.
pub fn reward_account_id(account: &Account) -> String {
    format!("ACT-{}-rewards", account.id)
}

/// e.g. `https://sandbox.coffer.local/currencies/aadvantage-miles`.
pub fn currency_url(program_code: &str) -> String {
    let unit = crate::catalog::PRODUCTS
        .iter()
        .find(|p| p.program.code == program_code)
        .map(|p| p.program.unit)
        .unwrap_or("points");
    format!("{CURRENCY_BASE}{}-{unit}", program_code.replace('_', "-"))
}

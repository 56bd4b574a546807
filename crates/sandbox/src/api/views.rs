//! JSON shapes of the issuer API, rendered from generator data (amounts as exact numbers).

use serde::Serialize;

use crate::calendar::{self, Day};
use crate::generator::balances::Balance;
use crate::generator::rows::{Fx as RowFx, Resolution, Role, RowState, TxKind, TxRow};
use crate::generator::{Account, AccountKind, Bank};
use crate::money::{Cents, Fixed};

#[derive(Serialize)]
pub struct FxView {
    pub original_amount: Fixed,
    pub original_currency: &'static str,
    pub rate: Fixed,
}

pub fn fx_view(fx: &Option<RowFx>, kind: TxKind) -> Option<FxView> {
    fx.map(|fx| {
        let digits = crate::catalog::currency(fx.currency).minor_digits;
        let sign = if kind == TxKind::Refund { 1 } else { -1 };
        FxView {
            original_amount: Fixed::new(sign * fx.original_minor, digits),
            original_currency: fx.currency,
            rate: Fixed::new(fx.rate_micros, 6),
        }
    })
}

pub fn row_id(account: &Account, row: &TxRow) -> String {
    let prefix = if matches!(row.role, Role::Authorization { .. }) {
        "au"
    } else {
        "tx"
    };
    format!("{prefix}_{}_{:x}", account.id, row.key)
}

pub fn key_id(account: &Account, key: u64, authorization: bool) -> String {
    format!(
        "{}_{}_{key:x}",
        if authorization { "au" } else { "tx" },
        account.id
    )
}

pub fn statement_id(account: &Account, month: i32) -> String {
    format!("st_{}_{}", account.id, calendar::month_label(month))
}

#[derive(Serialize)]
pub struct TransactionView {
    pub id: String,
    pub account_id: String,
    pub state: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub transacted: String,
    pub posted: Option<String>,
    pub amount: Cents,
    pub currency: &'static str,
    pub description: String,
    pub merchant: Option<&'static str>,
    pub mcc: Option<String>,
    pub category: Option<&'static str>,
    pub fx: Option<FxView>,
    pub authorization_id: Option<String>,
    pub superseded_by: Option<String>,
    pub expires_on: Option<String>,
    pub statement_id: Option<String>,
    pub updated: String,
}

pub fn transaction_view(account: &Account, row: &TxRow, now: Day) -> TransactionView {
    let state = row.state_at(now);
    let merchant = row.merchant();
    let (authorization_id, superseded_by, expires_on) = match row.role {
        Role::Posted { authorization } => {
            (authorization.map(|k| key_id(account, k, true)), None, None)
        }
        Role::Authorization { resolution } => match (state, resolution) {
            (RowState::Superseded, Resolution::Posts { posted_key, .. }) => {
                (None, Some(key_id(account, posted_key, false)), None)
            }
            (RowState::Pending, _) => {
                let expiry = row.transacted + crate::generator::cards::AUTHORIZATION_EXPIRY_DAYS;
                (None, None, Some(calendar::day_label(expiry)))
            }
            _ => (None, None, None),
        },
    };
    let is_card = matches!(account.kind, AccountKind::Card(_));
    let posted = (state == RowState::Posted).then(|| calendar::day_label(row.posted));
    TransactionView {
        id: row_id(account, row),
        account_id: account.id.clone(),
        state: state.name(),
        kind: row.kind.name(),
        transacted: calendar::day_label(row.transacted),
        statement_id: (is_card && state == RowState::Posted)
            .then(|| statement_id(account, calendar::month_of_day(row.posted))),
        posted,
        amount: row.amount,
        currency: "USD",
        description: row.description(),
        merchant: merchant.map(|m| m.name),
        mcc: merchant.map(|m| format!("{:04}", m.mcc)),
        category: merchant.map(|m| m.category.name()),
        fx: fx_view(&row.fx, row.kind),
        authorization_id,
        superseded_by,
        expires_on,
        updated: calendar::day_label(row.last_change(now)),
    }
}

#[derive(Serialize)]
pub struct BalanceView {
    pub as_of: String,
    pub current: Cents,
    pub available: Cents,
    pub pending: Cents,
    pub credit_limit: Option<Cents>,
}

pub fn balance_view(balance: &Balance) -> BalanceView {
    BalanceView {
        as_of: calendar::day_label(balance.day),
        current: balance.current,
        available: balance.available,
        pending: balance.pending,
        credit_limit: balance.credit_limit,
    }
}

#[derive(Serialize)]
pub struct AccountView {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    pub product: Option<&'static str>,
    pub co_brand: Option<&'static str>,
    pub network: Option<&'static str>,
    pub mask: String,
    pub currency: &'static str,
    pub status: &'static str,
    pub open_date: String,
    pub credit_limit: Option<Cents>,
    pub cash_advance_limit: Option<Cents>,
    pub apr: Option<Fixed>,
    pub apy: Option<Fixed>,
    pub term_months: Option<i32>,
    pub maturity_date: Option<String>,
    pub reward_program_id: Option<String>,
    pub balances: BalanceView,
}

pub fn account_view(bank: &Bank, account: &Account, now: Day) -> AccountView {
    let balance = crate::generator::balances::balance_at(bank, account.index, now);
    let mut view = AccountView {
        id: account.id.clone(),
        kind: account.kind.name(),
        name: account.name.clone(),
        product: None,
        co_brand: None,
        network: None,
        mask: account.mask.clone(),
        currency: "USD",
        status: "open",
        open_date: calendar::day_label(account.open_day),
        credit_limit: None,
        cash_advance_limit: None,
        apr: None,
        apy: None,
        term_months: None,
        maturity_date: None,
        reward_program_id: None,
        balances: balance_view(&balance),
    };
    match &account.kind {
        AccountKind::Card(terms) => {
            view.product = Some(terms.product.code);
            view.co_brand = Some(terms.product.co_brand);
            view.network = Some(terms.product.network);
            view.credit_limit = Some(terms.credit_limit);
            view.cash_advance_limit = Some(terms.cash_advance_limit);
            view.apr = Some(Fixed::new(terms.product.apr_bps, 2));
            view.reward_program_id = Some(program_id(account));
        }
        AccountKind::Savings(terms) => view.apy = Some(Fixed::new(terms.apy_bps, 2)),
        AccountKind::Cd(terms) => {
            view.apy = Some(Fixed::new(terms.apy_bps, 2));
            view.term_months = Some(terms.term_months);
            view.maturity_date = Some(calendar::day_label(terms.maturity_day));
            if terms.maturity_day <= now {
                view.status = "matured";
            }
        }
    }
    view
}

pub fn program_id(account: &Account) -> String {
    format!("rp_{}", account.id)
}

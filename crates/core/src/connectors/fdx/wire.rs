//! FDX v6 JSON shapes, read tolerantly: unknown fields ignored, accounts and transactions either
//! keyed by type (`{"locAccount":{…}}`) or flat with `accountCategory`, numbers exact.

use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;

use crate::connectors::http::decimal;

/// Paging metadata: `nextPageKey` (v6) or the deprecated `nextOffset`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Page {
    pub next_page_key: Option<Value>,
    pub next_offset: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Links {
    pub next: Option<Link>,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct Link {
    pub href: Option<String>,
    pub rel: Option<String>,
    pub types: Vec<String>,
}

/// Any paged list: `{page, links, <items>:[…]}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Listing {
    pub page: Option<Page>,
    pub links: Option<Links>,
    pub accounts: Vec<Value>,
    pub transactions: Vec<Value>,
    pub statements: Vec<Statement>,
}

/// The next page to ask for, in the server's own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextPage {
    PageKey(String),
    Offset(String),
    Href(String),
}

impl Listing {
    pub fn next(&self) -> Option<NextPage> {
        let text = |v: &Option<Value>| match v {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let page = self.page.as_ref();
        if let Some(key) = page.and_then(|p| text(&p.next_page_key)) {
            return Some(NextPage::PageKey(key));
        }
        if let Some(offset) = page.and_then(|p| text(&p.next_offset)) {
            return Some(NextPage::Offset(offset));
        }
        self.links
            .as_ref()
            .and_then(|l| l.next.as_ref())
            .and_then(|n| n.href.clone())
            .filter(|h| !h.is_empty())
            .map(NextPage::Href)
    }
}

/// Unwraps `{"depositAccount":{…}}` (or `…Transaction`) into `(Some("depositAccount"), {…})`;
/// a flat object comes back as `(None, itself)`.
pub fn unwrap_keyed(value: Value, suffix: &str) -> (Option<String>, Value) {
    if let Value::Object(map) = &value {
        if map.len() == 1 {
            let (key, inner) = map.iter().next().expect("one entry");
            if key.ends_with(suffix) && inner.is_object() {
                return (Some(key.clone()), inner.clone());
            }
        }
    }
    (None, value)
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CurrencyWire {
    #[serde(default)]
    pub currency_code: Option<String>,
}

/// The fields of deposit and line-of-credit accounts Coffer uses.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Account {
    pub account_id: String,
    pub account_category: Option<String>,
    pub account_type: Option<String>,
    pub account_number_display: Option<String>,
    pub product_name: Option<String>,
    pub nickname: Option<String>,
    pub status: Option<String>,
    pub currency: Option<CurrencyWire>,
    pub account_open_date: Option<String>,
    pub balance_as_of: Option<String>,
    #[serde(deserialize_with = "decimal::option")]
    pub current_balance: Option<Decimal>,
    #[serde(deserialize_with = "decimal::option")]
    pub available_balance: Option<Decimal>,
    #[serde(deserialize_with = "decimal::option")]
    pub credit_line: Option<Decimal>,
    #[serde(deserialize_with = "decimal::option")]
    pub available_credit: Option<Decimal>,
    #[serde(deserialize_with = "decimal::option")]
    pub cash_advance_limit: Option<Decimal>,
    #[serde(deserialize_with = "decimal::option")]
    pub last_stmt_balance: Option<Decimal>,
    pub last_stmt_date: Option<String>,
    #[serde(deserialize_with = "decimal::option")]
    pub minimum_payment_amount: Option<Decimal>,
    #[serde(deserialize_with = "decimal::option")]
    pub next_payment_amount: Option<Decimal>,
    pub payment_due_date: Option<String>,
    pub next_payment_date: Option<String>,
    #[serde(deserialize_with = "decimal::option")]
    pub interest_rate: Option<Decimal>,
    #[serde(deserialize_with = "decimal::option")]
    pub annual_percentage_yield: Option<Decimal>,
    pub maturity_date: Option<String>,
    pub term: Option<Value>,
}

/// The fields of a transaction Coffer uses.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Transaction {
    pub transaction_id: String,
    pub reference_transaction_id: Option<String>,
    pub posted_timestamp: Option<String>,
    pub transaction_timestamp: Option<String>,
    pub description: Option<String>,
    pub memo: Option<String>,
    #[serde(deserialize_with = "decimal::option")]
    pub amount: Option<Decimal>,
    pub debit_credit_memo: Option<String>,
    pub status: Option<String>,
    pub transaction_type: Option<String>,
    pub category: Option<String>,
    pub merchant_category_code: Option<Value>,
    pub payee: Option<String>,
    pub merchant: Option<Merchant>,
    #[serde(deserialize_with = "decimal::option")]
    pub foreign_amount: Option<Decimal>,
    pub foreign_currency: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Merchant {
    pub name: Option<String>,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(rename_all = "camelCase", default)]
pub struct Statement {
    pub statement_id: String,
    pub statement_date: Option<String>,
    pub description: Option<String>,
    pub status: Option<String>,
    pub links: Vec<Link>,
}

/// An FDX error body `{code, message, debugMessage}`; `code` may be a string or a number.
#[derive(Debug, Default)]
pub struct FdxErrorBody {
    pub code: Option<String>,
    pub message: Option<String>,
    pub debug_message: Option<String>,
}

impl FdxErrorBody {
    pub fn from_value(body: Option<&Value>) -> FdxErrorBody {
        let text = |key: &str| {
            body.and_then(|b| b.get(key)).and_then(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
        };
        FdxErrorBody {
            code: text("code").or_else(|| text("error")),
            message: text("message").or_else(|| text("error_description")),
            debug_message: text("debugMessage"),
        }
    }
}

/// The date of an FDX `DateString` or `Timestamp` (its calendar date as written).
pub fn date_of(text: Option<&str>) -> Option<chrono::NaiveDate> {
    let t = text?.trim();
    let day = t.get(..10)?;
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

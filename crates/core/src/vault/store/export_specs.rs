//! What each export kind reads: its tables, typed columns, filter columns and the view's order
//! (the specs behind `export_rows`).

use super::export_rows::{ColumnType, ExportKind};

pub(super) struct Spec {
    pub(super) from: &'static str,
    pub(super) columns: &'static [(&'static str, &'static str, ColumnType)],
    pub(super) account_col: Option<&'static str>,
    pub(super) date_expr: Option<&'static str>,
    pub(super) text_col: Option<&'static str>,
    pub(super) order: &'static str,
}

use ColumnType::*;

const ACCOUNT_COLUMNS: &[(&str, &str, ColumnType)] = &[
    ("id", "a.id", Integer),
    ("kind", "a.kind", Text),
    ("product", "a.product", Text),
    ("name", "a.name", Text),
    ("mask", "a.mask", Text),
    ("currency", "a.currency", Text),
    ("credit_limit", "a.credit_limit_minor", Money("currency")),
    (
        "cash_advance_limit",
        "a.cash_advance_limit_minor",
        Money("currency"),
    ),
    ("apy", "a.apy", Decimal),
    ("opened_on", "a.opened_on", Date),
    ("term_months", "a.term_months", Integer),
    ("maturity_on", "a.maturity_on", Date),
    ("status", "a.status", Text),
    ("balance", "b.current_minor", Money("currency")),
    ("available", "b.available_minor", Money("currency")),
    ("balance_as_of", "b.as_of", Date),
];
const ACCOUNTS_FROM: &str = "accounts a LEFT JOIN balance_snapshots b ON b.id =
    (SELECT id FROM balance_snapshots WHERE account_id = a.id ORDER BY as_of DESC LIMIT 1)";

pub(super) fn spec(kind: ExportKind) -> Spec {
    match kind {
        ExportKind::Transactions => Spec {
            // Read in table order from `transactions t` alone (see `TX_NAMES`).
            from: "transactions t JOIN accounts a ON a.id = t.account_id
                   LEFT JOIN categories c ON c.id = t.category_id",
            columns: &[
                ("id", "t.id", Integer),
                ("account_id", "t.account_id", Integer),
                ("account", "a.name", Text),
                ("source_id", "t.source_id", Text),
                ("status", "t.status", Text),
                ("transacted_on", "t.transacted_on", Date),
                ("posted_on", "t.posted_on", Date),
                ("amount", "t.amount_minor", Money("currency")),
                ("currency", "t.currency", Text),
                (
                    "original_amount",
                    "t.original_amount_minor",
                    Money("original_currency"),
                ),
                ("original_currency", "t.original_currency", Text),
                ("fx_rate", "t.fx_rate", Decimal),
                ("description", "t.description", Text),
                ("merchant", "t.merchant", Text),
                ("mcc", "t.mcc", Text),
                ("category", "c.name", Text),
                ("memo", "t.memo", Text),
            ],
            account_col: None,
            date_expr: None,
            text_col: None,
            // Read in table order (see `ExportKind::table_order`); this is the view's order.
            order: "coalesce(t.posted_on, t.transacted_on) DESC, t.id DESC",
        },
        ExportKind::Accounts | ExportKind::Cds => Spec {
            from: ACCOUNTS_FROM,
            columns: ACCOUNT_COLUMNS,
            account_col: Some("a.id"),
            date_expr: None,
            text_col: Some("a.name"),
            order: "a.kind, a.name, a.id",
        },
        ExportKind::Statements => Spec {
            from: "statements s JOIN accounts a ON a.id = s.account_id",
            columns: &[
                ("account_id", "s.account_id", Integer),
                ("account", "a.name", Text),
                ("source_id", "s.source_id", Text),
                ("period_start", "s.period_start", Date),
                ("period_end", "s.period_end", Date),
                (
                    "closing_balance",
                    "s.closing_balance_minor",
                    Money("currency"),
                ),
                ("minimum_due", "s.minimum_due_minor", Money("currency")),
                ("due_on", "s.due_on", Date),
                ("fees", "s.fees_minor", Money("currency")),
                ("interest", "s.interest_minor", Money("currency")),
                ("currency", "s.currency", Text),
            ],
            account_col: Some("s.account_id"),
            date_expr: Some("s.period_end"),
            text_col: None,
            order: "s.period_end DESC, s.id",
        },
        ExportKind::Fico => Spec {
            from: "credit_scores f",
            columns: &[
                ("as_of", "f.as_of", Date),
                ("score", "f.score", Integer),
                ("model", "f.model", Text),
                ("bureau", "f.bureau", Text),
                ("source", "f.source", Text),
            ],
            account_col: None,
            date_expr: Some("f.as_of"),
            text_col: Some("f.model"),
            order: "f.as_of DESC, f.model, f.bureau",
        },
        ExportKind::Rewards => Spec {
            from: "reward_events e JOIN reward_programs p ON p.id = e.program_id",
            columns: &[
                ("occurred_on", "e.occurred_on", Date),
                ("program", "p.name", Text),
                ("unit", "p.unit", Text),
                ("account_id", "e.account_id", Integer),
                ("kind", "e.kind", Text),
                ("points", "e.points", Integer),
                ("earn_rate", "e.earn_rate", Decimal),
                ("bonus_category", "e.bonus_category", Text),
                ("description", "e.description", Text),
                ("transaction_source_id", "e.transaction_source_id", Text),
            ],
            account_col: Some("e.account_id"),
            date_expr: Some("e.occurred_on"),
            text_col: Some("e.description"),
            order: "e.occurred_on DESC, e.id DESC",
        },
        ExportKind::Transfers => Spec {
            from: "transfers x",
            columns: &[
                ("account_id", "x.account_id", Integer),
                ("source_id", "x.source_id", Text),
                ("counterparty", "x.counterparty", Text),
                ("direction", "x.direction", Text),
                ("amount", "x.amount_minor", Money("currency")),
                ("currency", "x.currency", Text),
                ("status", "x.status", Text),
                ("scheduled_on", "x.scheduled_on", Date),
                ("completed_on", "x.completed_on", Date),
            ],
            account_col: Some("x.account_id"),
            date_expr: Some("coalesce(x.completed_on, x.scheduled_on)"),
            text_col: Some("x.counterparty"),
            order: "coalesce(x.completed_on, x.scheduled_on) DESC, x.id DESC",
        },
        ExportKind::CardEvents => Spec {
            from: "card_events e",
            columns: &[
                ("account_id", "e.account_id", Integer),
                ("source_id", "e.source_id", Text),
                ("kind", "e.kind", Text),
                ("occurred_at", "e.occurred_at", Date),
                ("reason", "e.reason", Text),
            ],
            account_col: Some("e.account_id"),
            date_expr: Some("substr(e.occurred_at, 1, 10)"),
            text_col: Some("e.reason"),
            order: "e.occurred_at DESC, e.id DESC",
        },
    }
}

/// Transaction columns whose names are read by id in table order: the joined expression, the
/// id column standing in for it, and the query listing every (id, name).
pub(super) const TX_NAMES: &[(&str, &str, &str)] = &[
    ("a.name", "t.account_id", "SELECT id, name FROM accounts"),
    ("c.name", "t.category_id", "SELECT id, name FROM categories"),
];

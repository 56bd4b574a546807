//! From the element tree to statements: sign-on status, message sets, `STMTRS` / `CCSTMTRS`
//! with their account, balances and transaction list.

use super::error::{status_meaning, OfxError};
use super::header::OfxVersion;
use super::list_order::ListOrder;
use super::model::{OfxInstitution, OfxStatement, ParsedOfx};
use super::reader::Reader;
use super::transaction::{read_transactions_on, threads_for};
use super::tree::Tree;
use crate::domain::{AccountKind, AccountRecord, AccountStatus, BalanceRecord};
use crate::money::{Currency, Money};

/// A statement's `BANKTRANLIST`, still to read.
pub(crate) struct TransactionList {
    /// Which of the document's statements it belongs to.
    pub statement: usize,
    pub path: String,
    /// Its `STMTTRN` elements, in document order.
    pub trns: Vec<u32>,
    /// The statement's `ACCTID` and `CURDEF`.
    pub account: String,
    pub currency: Currency,
}

/// The whole document: every statement with its transactions.
pub(crate) fn read_document(tree: &Tree<'_>, version: OfxVersion) -> Result<ParsedOfx, OfxError> {
    let (mut parsed, lists) = read_statements(tree, version)?;
    let r = Reader { tree };
    for list in lists {
        let threads = threads_for(list.trns.len());
        let reads = read_transactions_on(
            threads,
            &r,
            &list.trns,
            &list.path,
            &list.account,
            list.currency,
        )?;
        let mut order = ListOrder::new(&list.path, reads.len());
        let mut rows = Vec::with_capacity(reads.len());
        rows.extend(
            reads
                .into_iter()
                .filter_map(|read| order.take(read, &mut parsed.warnings)),
        );
        if !order.late().is_empty() {
            rows.retain(|row| !order.late().contains(&row.source_id));
        }
        if let Some(statement) = parsed.statements.get_mut(list.statement) {
            statement.transactions = rows;
            statement.corrections = order.corrections;
        }
    }
    Ok(parsed)
}

/// The document's statements without their transactions, and the lists that hold those.
pub(crate) fn read_statements(
    tree: &Tree<'_>,
    version: OfxVersion,
) -> Result<(ParsedOfx, Vec<TransactionList>), OfxError> {
    let r = Reader { tree };
    let mut lists = Vec::new();
    let ofx = tree
        .child(Tree::ROOT, "OFX")
        .ok_or_else(|| OfxError::NotOfx("there is no <OFX> element".into()))?;
    let mut parsed = ParsedOfx {
        version,
        institution: None,
        statements: Vec::new(),
        warnings: Vec::new(),
    };
    if let Some(sonrs) = tree
        .child(ofx, "SIGNONMSGSRSV1")
        .and_then(|m| tree.child(m, "SONRS"))
    {
        if let Some((code, message)) = r.status(sonrs, "OFX/SIGNONMSGSRSV1/SONRS")? {
            if code != 0 {
                let meaning = status_meaning(code);
                return Err(OfxError::Signon {
                    code,
                    meaning,
                    message,
                });
            }
        }
        parsed.institution = tree.child(sonrs, "FI").map(|fi| OfxInstitution {
            org: r.opt_string(fi, "ORG"),
            fid: r.opt_string(fi, "FID"),
        });
    }
    let mut refused = Vec::new();
    let sets = ["BANKMSGSRSV1", "CREDITCARDMSGSRSV1", "INVSTMTMSGSRSV1"];
    for (set, name, path) in r.children_in(ofx, "OFX", &sets) {
        if name == "INVSTMTMSGSRSV1" {
            parsed
                .warnings
                .push(format!("{path}: investment statements are not imported"));
            continue;
        }
        let wrappers = ["STMTTRNRS", "CCSTMTTRNRS", "STMTRS", "CCSTMTRS"];
        for (wrapper, w, wpath) in r.children_in(set, &path, &wrappers) {
            let (stmt, spath) = match w.as_str() {
                "STMTTRNRS" | "CCSTMTTRNRS" => {
                    let inner = if w == "STMTTRNRS" {
                        "STMTRS"
                    } else {
                        "CCSTMTRS"
                    };
                    let stmt = tree.child(wrapper, inner);
                    if let Some((code, message)) = r.status(wrapper, &wpath)? {
                        if code != 0 {
                            let said = message.map(|m| format!(" ({m})")).unwrap_or_default();
                            let what =
                                format!("{wpath}: code {code}, {}{said}", status_meaning(code));
                            if stmt.is_none() {
                                refused.push(what);
                                continue;
                            }
                            parsed.warnings.push(what);
                        }
                    }
                    match stmt {
                        Some(s) => (s, format!("{wpath}/{inner}")),
                        None => continue,
                    }
                }
                _ => (wrapper, wpath),
            };
            let card = tree.is(stmt, "CCSTMTRS");
            let (statement, list) = read_statement(&r, stmt, &spath, card)?;
            lists.extend(list.map(|list| TransactionList {
                statement: parsed.statements.len(),
                ..list
            }));
            parsed.statements.push(statement);
        }
    }
    if parsed.statements.is_empty() && !refused.is_empty() {
        return Err(OfxError::NoStatement(refused.join("; ")));
    }
    parsed.warnings.extend(refused);
    Ok((parsed, lists))
}

/// A statement without its transactions, and its list.
fn read_statement(
    r: &Reader<'_, '_>,
    stmt: u32,
    path: &str,
    card: bool,
) -> Result<(OfxStatement, Option<TransactionList>), OfxError> {
    let currency = r.currency(stmt, path, "CURDEF")?;
    let from_name = if card { "CCACCTFROM" } else { "BANKACCTFROM" };
    let from = r.aggregate(stmt, path, from_name)?;
    let from_path = format!("{path}/{from_name}");
    let (_, acct_id) = r.req(from, &from_path, "ACCTID")?;
    let acct_id = acct_id.into_owned();
    let (kind, label) = if card {
        (AccountKind::CreditCard, "Credit card")
    } else {
        let (id, ty) = r.req(from, &from_path, "ACCTTYPE")?;
        match ty.to_ascii_uppercase().as_str() {
            "CHECKING" => (AccountKind::Checking, "Checking"),
            "SAVINGS" => (AccountKind::Savings, "Savings"),
            "MONEYMRKT" => (AccountKind::Savings, "Money market"),
            "CD" => (AccountKind::Cd, "CD"),
            // A bank line of credit behaves like a card: a balance owed.
            "CREDITLINE" => (AccountKind::CreditCard, "Line of credit"),
            other => {
                return Err(r.error(
                    id,
                    &format!("{from_path}/ACCTTYPE"),
                    format!(
                        "ACCTTYPE '{other}' is not CHECKING, SAVINGS, MONEYMRKT, CD or CREDITLINE"
                    ),
                ))
            }
        }
    };
    let mask = mask_of(&acct_id);
    let account = AccountRecord {
        source_id: acct_id.clone(),
        kind,
        product: None,
        name: match &mask {
            Some(m) => format!("{label} …{m}"),
            None => label.to_string(),
        },
        mask,
        currency,
        credit_limit: None,
        cash_advance_limit: None,
        apy: None,
        opened_on: None,
        term_months: None,
        maturity_on: None,
        status: AccountStatus::Open,
        reward_program_source_id: None,
    };
    let mut statement = OfxStatement {
        bank_id: if card {
            None
        } else {
            r.opt_string(from, "BANKID")
        },
        balance: read_balance(r, stmt, path, &account)?,
        account,
        transactions: Vec::new(),
        corrections: Vec::new(),
        period: None,
    };
    let mut transactions = None;
    if let Some(list) = r.tree.child(stmt, "BANKTRANLIST") {
        let lpath = format!("{path}/BANKTRANLIST");
        let start = r.opt_date(list, &lpath, "DTSTART")?;
        let end = r.opt_date(list, &lpath, "DTEND")?;
        statement.period = start.zip(end);
        transactions = Some(TransactionList {
            statement: 0,
            trns: r.tree.named(list, "STMTTRN").collect(),
            path: lpath,
            account: acct_id,
            currency,
        });
    }
    Ok((statement, transactions))
}

fn read_balance(
    r: &Reader<'_, '_>,
    stmt: u32,
    path: &str,
    account: &AccountRecord,
) -> Result<Option<BalanceRecord>, OfxError> {
    let Some(ledger) = r.tree.child(stmt, "LEDGERBAL") else {
        return Ok(None);
    };
    let lpath = format!("{path}/LEDGERBAL");
    let mut current = r.req_money(ledger, &lpath, "BALAMT", account.currency)?;
    let as_of = r.req_date(ledger, &lpath, "DTASOF")?;
    if account.kind == AccountKind::CreditCard {
        current = Money::new(-current.amount(), account.currency).unwrap_or(current);
    }
    let available = match r.tree.child(stmt, "AVAILBAL") {
        Some(avail) => Some(r.req_money(
            avail,
            &format!("{path}/AVAILBAL"),
            "BALAMT",
            account.currency,
        )?),
        None => None,
    };
    Ok(Some(BalanceRecord {
        account_source_id: account.source_id.clone(),
        as_of,
        current,
        available,
        limit: None,
    }))
}

/// The last four letters or digits of an account id (`XXXXXXXXXXXX1234` → `1234`).
pub(crate) fn mask_of(acct_id: &str) -> Option<String> {
    let chars: Vec<char> = acct_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let tail = chars.get(chars.len().saturating_sub(4)..)?;
    (!tail.is_empty()).then(|| tail.iter().collect())
}

//! OFX/QFX fixtures written by hand from the OFX 1.0.2/1.6 (SGML) and 2.1.1 (XML) specs, parsed
//! into records: accounts, balances, transactions, corrections, and errors that name where.

use std::path::PathBuf;

use chrono::NaiveDate;
use coffer_core::connectors::ofx::{self, OfxCorrectionAction, OfxError, OfxVersion, ParsedOfx};
use coffer_core::domain::{AccountKind, TransactionStatus};
use coffer_core::{Currency, Money};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ofx")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse(name: &str) -> ParsedOfx {
    ofx::parse(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn usd(text: &str) -> Money {
    Money::parse(text, Currency::USD).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn sgml_1252_bank_statement_with_unclosed_leaves() {
    let parsed = parse("bank_sgml_1252.ofx");
    assert_eq!(
        parsed.version,
        OfxVersion::Sgml {
            version: "102".into()
        }
    );
    let fi = parsed.institution.as_ref().unwrap();
    assert_eq!(fi.org.as_deref(), Some("Coffer Test Bank"));
    assert_eq!(parsed.statements.len(), 1);
    let s = &parsed.statements[0];
    assert_eq!(s.account.source_id, "000123456789");
    assert_eq!(s.account.kind, AccountKind::Checking);
    assert_eq!(s.account.mask.as_deref(), Some("6789"));
    assert_eq!(s.account.currency, Currency::USD);
    assert_eq!(s.bank_id.as_deref(), Some("121000358"));
    assert_eq!(s.period, Some((day(2024, 3, 1), day(2024, 3, 15))));
    let bal = s.balance.as_ref().unwrap();
    assert_eq!(
        (bal.current, bal.available),
        (usd("3295.25"), Some(usd("3195.25")))
    );
    assert_eq!(bal.as_of, day(2024, 3, 15));

    let t = &s.transactions;
    assert_eq!(t.len(), 3);
    assert_eq!(t[0].source_id, "2024030401");
    assert_eq!(t[0].account_source_id, "000123456789");
    assert_eq!(t[0].status, TransactionStatus::Posted);
    assert_eq!(t[0].posted_on, Some(day(2024, 3, 4)));
    assert_eq!(t[0].transacted_on, Some(day(2024, 3, 2)));
    assert_eq!(t[0].amount, usd("-4.75"));
    assert_eq!(t[0].description, "CAFÉ DU MONDE");
    assert_eq!(t[0].memo.as_deref(), Some("Baristas\u{2019} tip jar"));
    assert_eq!(t[1].description, "Smith & Sons Landlords");
    assert_eq!(t[1].memo.as_deref(), Some("Check 1044"));
    assert_eq!(t[1].amount, usd("-1200"));
    assert_eq!(t[1].transacted_on, None);
    // "+2500,00": comma radix point; 23:30 EST stays on the 15th (dates are local, as written).
    assert_eq!(t[2].amount, usd("2500"));
    assert_eq!(t[2].posted_on, Some(day(2024, 3, 15)));
    assert_eq!(t[2].memo.as_deref(), Some("Salary <March>"));
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn xml_card_statement_with_currencies_and_owed_balance() {
    let parsed = parse("card_xml_v2.ofx");
    assert_eq!(
        parsed.version,
        OfxVersion::Xml {
            version: "211".into()
        }
    );
    let s = &parsed.statements[0];
    assert_eq!(s.account.kind, AccountKind::CreditCard);
    assert_eq!(s.account.source_id, "XXXXXXXXXXXX4321");
    assert_eq!(s.account.mask.as_deref(), Some("4321"));
    assert_eq!(s.bank_id, None);
    // OFX card ledger balance is negative when owed; ours is owed, positive.
    let bal = s.balance.as_ref().unwrap();
    assert_eq!(bal.current, usd("1234.56"));
    assert_eq!(bal.available, Some(usd("8765.44")));
    assert_eq!(s.period, Some((day(2024, 3, 1), day(2024, 3, 31))));

    let t = &s.transactions;
    assert_eq!(t.len(), 4);
    // ORIGCURRENCY: TRNAMT already in USD; original = TRNAMT / CURRATE.
    let eur = Currency::parse("EUR").unwrap();
    assert_eq!(t[0].amount, usd("-108"));
    assert_eq!(
        t[0].original_amount,
        Some(Money::parse("-100", eur).unwrap())
    );
    assert_eq!(t[0].fx_rate.map(|r| r.to_string()), Some("1.08".into()));
    assert_eq!(t[0].posted_on, Some(day(2024, 3, 12)));
    assert_eq!(t[0].transacted_on, Some(day(2024, 3, 10)));
    // CURRENCY: TRNAMT in JPY; amount = TRNAMT * CURRATE in USD. Description from PAYEE/NAME.
    let jpy = Currency::parse("JPY").unwrap();
    assert_eq!(t[1].amount, usd("-33.50"));
    assert_eq!(
        t[1].original_amount,
        Some(Money::parse("-5000", jpy).unwrap())
    );
    assert_eq!(t[1].description, "TOKYO RAMEN");
    assert_eq!(t[2].amount, usd("500"));
    assert!(!t[2].amount.is_negative());
    // <NAME/> empty: the memo describes it; "-0.00" is plain zero.
    assert_eq!(t[3].description, "Annual fee waived");
    assert_eq!(t[3].amount.amount_text(), "0.00");
}

#[test]
fn several_accounts_lowercase_tags_and_corrections() {
    let parsed = parse("multi_account.ofx");
    assert_eq!(
        parsed.version,
        OfxVersion::Sgml {
            version: "160".into()
        }
    );
    let kinds: Vec<_> = parsed
        .statements
        .iter()
        .map(|s| (s.account.source_id.as_str(), s.account.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("5550001111", AccountKind::Savings),
            ("5550002222", AccountKind::Cd),
            ("4111000011119999", AccountKind::CreditCard)
        ]
    );
    assert_eq!(parsed.statements[0].transactions[0].amount, usd("12.34"));
    assert!(parsed.statements[1].transactions.is_empty());
    assert_eq!(
        parsed.statements[1].balance.as_ref().unwrap().current,
        usd("25000")
    );
    // The refused third bank account is a warning, not a failure of the others.
    assert_eq!(parsed.warnings.len(), 1);
    assert!(
        parsed.warnings[0].contains("2003"),
        "{}",
        parsed.warnings[0]
    );
    assert!(
        parsed.warnings[0].contains("STMTTRNRS[3]"),
        "{}",
        parsed.warnings[0]
    );

    let card = &parsed.statements[2];
    assert_eq!(card.balance.as_ref().unwrap().current, usd("39.99"));
    // A1 deleted and A2 replaced within the file; A4/A6 are deletion markers, not rows.
    let ids: Vec<_> = card
        .transactions
        .iter()
        .map(|t| t.source_id.as_str())
        .collect();
    assert_eq!(ids, ["A3", "A5"]);
    assert_eq!(card.transactions[0].amount, usd("-30"));
    let corrections: Vec<_> = parsed
        .corrections()
        .map(|c| {
            (
                c.corrected_source_id.as_str(),
                c.action.clone(),
                c.account_source_id.as_str(),
            )
        })
        .collect();
    let replace = |by: &str| OfxCorrectionAction::Replace {
        replacement_source_id: by.into(),
    };
    let acct = "4111000011119999";
    assert_eq!(
        corrections,
        [
            ("A2", replace("A3"), acct),
            ("A1", OfxCorrectionAction::Delete, acct),
            ("OLD-77", replace("A5"), acct),
            ("OLD-78", OfxCorrectionAction::Delete, acct),
        ]
    );
    let batch = parsed.to_batch("multi");
    assert_eq!(
        (
            batch.accounts.len(),
            batch.balances.len(),
            batch.transactions.len()
        ),
        (3, 3, 3)
    );
}

#[test]
fn qfx_intuit_extensions_are_ignored() {
    let parsed = parse("quicken.qfx");
    let s = &parsed.statements[0];
    assert_eq!(s.account.source_id, "5499001122334455");
    assert_eq!(s.transactions.len(), 1);
    assert_eq!(
        s.transactions[0].description,
        "AMERICAN AIRLINES 0012345678"
    );
    assert_eq!(s.transactions[0].memo.as_deref(), Some("DFW"));
    assert_eq!(s.balance.as_ref().unwrap().current, usd("64.20"));
    assert!(parsed.warnings.is_empty());
}

#[test]
fn signon_error_is_clear() {
    let err = ofx::parse(&fixture("signon_error.ofx")).unwrap_err();
    assert!(
        matches!(err, OfxError::Signon { code: 15500, .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains("15500") && text.contains("user ID or password"),
        "{text}"
    );
    assert!(text.contains("Invalid user ID or password"), "{text}");
}

fn error_of(name: &str) -> String {
    match ofx::parse(&fixture(name)) {
        Ok(_) => panic!("{name} parsed"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn broken_files_name_where() {
    let truncated = error_of("broken_truncated.qfx");
    assert!(truncated.starts_with("line 58, column 1:"), "{truncated}");
    assert!(
        truncated.contains("OFX/CREDITCARDMSGSRSV1/CCSTMTTRNRS/CCSTMTRS/AVAILBAL"),
        "{truncated}"
    );
    assert!(truncated.contains("truncated"), "{truncated}");

    assert_eq!(
        error_of("broken_bad_amount.qfx"),
        "line 47, OFX/CREDITCARDMSGSRSV1/CCSTMTTRNRS/CCSTMTRS/BANKTRANLIST/STMTTRN[1]/TRNAMT: \
         TRNAMT 'abc' is not an amount in USD"
    );
    assert_eq!(
        error_of("broken_missing_fitid.qfx"),
        "line 44, OFX/CREDITCARDMSGSRSV1/CCSTMTTRNRS/CCSTMTRS/BANKTRANLIST/STMTTRN[1]: FITID is missing"
    );
    assert!(error_of("broken_garbage.ofx").starts_with("not an OFX file"));
    assert!(ofx::parse(b"").is_err());
    assert!(ofx::parse(b"<OFX>")
        .unwrap_err()
        .to_string()
        .contains("truncated"));
}

#[test]
fn parsing_twice_gives_identical_records() {
    for name in [
        "bank_sgml_1252.ofx",
        "card_xml_v2.ofx",
        "multi_account.ofx",
        "quicken.qfx",
    ] {
        assert_eq!(parse(name), parse(name), "{name}");
        assert!(ofx::looks_like_ofx(&fixture(name)), "{name}");
    }
}

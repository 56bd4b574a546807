//! Unit tests of the OFX tokenizer, values and request builder.

use chrono::{NaiveDate, TimeZone, Utc};
use zeroize::Zeroizing;

use super::entities::decode_entities;
use super::tree::{build, line_col, Tree, TreeLimits};
use super::*;
use crate::money::Currency;

const LIMITS: TreeLimits = TreeLimits {
    max_depth: 8,
    max_nodes: 1000,
};

#[test]
fn dates_offsets_and_date_only() {
    let d = parse_datetime("19961005132200.124[-5:EST]").unwrap();
    assert_eq!(d.date, NaiveDate::from_ymd_opt(1996, 10, 5).unwrap());
    assert_eq!(d.offset_seconds, Some(-5 * 3600));
    assert_eq!(
        d.instant().unwrap().to_rfc3339(),
        "1996-10-05T13:22:00-05:00"
    );
    assert_eq!(
        parse_datetime("20240101[+5.30:IST]")
            .unwrap()
            .offset_seconds,
        Some(5 * 3600 + 1800)
    );
    assert_eq!(
        parse_datetime("20240101000000[-3.5:NST]")
            .unwrap()
            .offset_seconds,
        Some(-(3 * 3600 + 1800))
    );
    assert_eq!(
        parse_datetime("20240101[0:GMT]").unwrap().offset_seconds,
        Some(0)
    );
    assert_eq!(parse_datetime(" 20240229 ").unwrap().time, None);
    for bad in [
        "2024",
        "20240230",
        "2024013",
        "20240101[-5:EST",
        "20240101[x]",
        "20240101[+15:X]",
        "2024010112",
        "abc",
        "",
    ] {
        assert!(parse_datetime(bad).is_err(), "{bad}");
    }
}

#[test]
fn amounts_follow_the_spec() {
    assert_eq!(
        parse_amount("-80,32", Currency::USD).unwrap().amount_text(),
        "-80.32"
    );
    assert_eq!(
        parse_amount("+12", Currency::USD).unwrap().amount_text(),
        "12.00"
    );
    assert_eq!(
        parse_amount(" 12. ", Currency::USD).unwrap().amount_text(),
        "12.00"
    );
    assert_eq!(
        parse_amount("-0.00", Currency::USD).unwrap().amount_text(),
        "0.00"
    );
    for bad in ["1,234.56", "abc", "", "1.2.3", &"9".repeat(40)] {
        assert!(parse_amount(bad, Currency::USD).is_err(), "{bad}");
    }
}

#[test]
fn tree_closes_empty_leaves_implicitly() {
    // <NAME> has no value: its "children" belong to STMTTRN.
    let src = "<OFX><STMTTRN><NAME><MEMO>hi<TRNAMT>1</STMTTRN></OFX>";
    let tree = build(src, 0, LIMITS).unwrap();
    let ofx = tree.child(Tree::ROOT, "OFX").unwrap();
    let trn = tree.child(ofx, "STMTTRN").unwrap();
    let names: Vec<_> = tree
        .children(trn)
        .map(|c| tree.node(c).unwrap().name)
        .collect();
    assert_eq!(names, ["NAME", "MEMO", "TRNAMT"]);
    assert_eq!(tree.text(tree.child(trn, "MEMO").unwrap()), "hi");
}

#[test]
fn tree_tolerates_stray_markup_and_reports_position() {
    let tree = build(
        "<OFX>\n<A>x < 3 &amp; y</A></B>\n<!-- c --></OFX>",
        0,
        LIMITS,
    )
    .unwrap();
    let a = tree
        .child(tree.child(Tree::ROOT, "OFX").unwrap(), "a")
        .unwrap();
    assert_eq!(tree.text(a), "x < 3 & y");
    assert_eq!(tree.line(a), 2);
    assert!(build("<OFX><A", 0, LIMITS)
        .unwrap_err()
        .to_string()
        .starts_with("line 1, column 6"));
    assert!(build(&"<X>".repeat(20), 0, LIMITS)
        .unwrap_err()
        .to_string()
        .contains("deeply"));
    assert_eq!(line_col("a\r\nb\rc\nd", 7), (4, 1));
    assert_eq!(decode_entities("&#233;&#x2019;&bogus;&"), "é’&bogus;&");
}

fn request(
    version: OfxRequestVersion,
    account: &OfxAccountRef,
    password: &str,
) -> Result<Zeroizing<String>, OfxRequestError> {
    let credentials = OfxCredentials {
        user_id: "jane".into(),
        password: Zeroizing::new(password.into()),
    };
    build_statement_request(&StatementRequest {
        version,
        credentials: &credentials,
        fi_org: Some("B1"),
        fi_fid: Some("10898"),
        app_id: "QWIN",
        app_ver: "2700",
        client_uid: None,
        account,
        start: NaiveDate::from_ymd_opt(2024, 1, 1),
        end: NaiveDate::from_ymd_opt(2024, 1, 31),
        client_time: Utc.with_ymd_and_hms(2024, 2, 1, 12, 0, 0).unwrap(),
        trn_uid: "c0ffee00-0000-4000-8000-000000000001",
    })
}

#[test]
fn statement_requests_in_sgml_and_xml() {
    let card = OfxAccountRef::CreditCard {
        acct_id: "4111000011119999".into(),
    };
    let sgml = request(OfxRequestVersion::V102, &card, "p<&>ss").unwrap();
    assert!(sgml.starts_with("OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\n"));
    assert!(sgml.contains("<USERPASS>p&lt;&amp;&gt;ss\r\n"));
    assert!(
        sgml.contains("<CCSTMTRQ>\r\n<CCACCTFROM>\r\n<ACCTID>4111000011119999\r\n</CCACCTFROM>")
    );
    assert!(sgml.contains("<DTSTART>20240101\r\n<DTEND>20240201\r\n<INCLUDE>Y"));
    assert!(sgml.contains("<DTCLIENT>20240201120000.000[0:GMT]"));
    let bank = OfxAccountRef::Bank {
        bank_id: "121000358".into(),
        acct_id: "000123456789".into(),
        acct_type: "checking".into(),
    };
    let xml = request(OfxRequestVersion::V211, &bank, "secret").unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\""));
    assert!(xml.contains("<?OFX OFXHEADER=\"200\" VERSION=\"211\""));
    assert!(xml.contains("<ACCTTYPE>CHECKING</ACCTTYPE>"));
    assert!(xml.contains("<BANKMSGSRQV1>\r\n<STMTTRNRQ>"));
    // The builder's own output parses as OFX markup.
    let text = xml.as_str();
    let tree = build(
        text,
        text.find("<OFX>").unwrap(),
        TreeLimits {
            max_depth: 16,
            max_nodes: 100,
        },
    )
    .unwrap();
    assert!(tree.child(Tree::ROOT, "OFX").is_some());
    // A newline in the password could forge markup: refused, without echoing the value.
    let err = request(OfxRequestVersion::V102, &card, "a\nb").unwrap_err();
    assert_eq!(
        err.to_string(),
        "OFX request field USERPASS: contains a control character"
    );
    let creds = OfxCredentials {
        user_id: "u".into(),
        password: Zeroizing::new("hunter2".into()),
    };
    assert!(!format!("{creds:?}").contains("hunter2"));
}

#[test]
fn sniffs_ofx() {
    assert!(looks_like_ofx(b"\xef\xbb\xbf  OFXHEADER:100"));
    assert!(looks_like_ofx(
        b"<?xml version=\"1.0\"?><?OFX OFXHEADER=\"200\"?>"
    ));
    assert!(!looks_like_ofx(b"Transaction Date,Description"));
    let err = parse(b"OFXHEADER:200\nDATA:OFXSGML\n<OFX></OFX>").unwrap_err();
    assert_eq!(
        err.to_string(),
        "OFX header: OFXHEADER is 200, expected 100"
    );
}

/// A list of `n` transactions; rows in `broken` carry an amount that is not a number, rows in
/// `deleted` a deletion, and every 7th repeats the previous FITID.
fn transaction_list(n: usize, broken: &[usize], deleted: &[usize]) -> String {
    let mut src = String::from("<OFX><BANKTRANLIST>");
    for i in 1..=n {
        let fitid = if i % 7 == 0 { i - 1 } else { i };
        let amount = if broken.contains(&i) {
            "12..5".to_string()
        } else {
            format!("-{i}.{:02}", i % 100)
        };
        let correction = if deleted.contains(&i) {
            format!("<CORRECTFITID>{}<CORRECTACTION>DELETE", i - 3)
        } else {
            String::new()
        };
        src.push_str(&format!(
            "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260102<TRNAMT>{amount}<FITID>F{fitid}\
             {correction}<NAME>Shop &amp; {i}<MEMO>m{i}</STMTTRN>\n"
        ));
    }
    src.push_str("</BANKTRANLIST></OFX>");
    src
}

fn read_list_on(src: &str, threads: usize) -> Result<Vec<String>, String> {
    use super::reader::Reader;
    use super::transaction::{read_transactions_on, Read};
    let limits = TreeLimits {
        max_depth: 8,
        max_nodes: 100_000,
    };
    let tree = build(src, 0, limits).unwrap();
    let list = tree
        .child(tree.child(Tree::ROOT, "OFX").unwrap(), "BANKTRANLIST")
        .unwrap();
    let trns: Vec<u32> = tree.named(list, "STMTTRN").collect();
    let reads = read_transactions_on(
        threads,
        &Reader { tree: &tree },
        &trns,
        "L",
        "A",
        Currency::USD,
    )
    .map_err(|e| e.to_string())?;
    Ok(reads
        .into_iter()
        .map(|keyed| match keyed.read {
            Read::Transaction(t, c) => format!("{t:?} {c:?}"),
            Read::Deletion(c) => format!("{c:?}"),
        })
        .collect())
}

#[test]
fn a_list_read_on_several_threads_equals_the_reading_on_one() {
    let src = transaction_list(1_000, &[], &[40, 41, 997]);
    let one = read_list_on(&src, 1).unwrap();
    assert_eq!(one.len(), 1_000);
    assert!(one[39].contains("Delete") && one[998].contains("Shop & 999"));
    for threads in [2, 3, 4, 7, 1_000, 5_000] {
        assert_eq!(
            read_list_on(&src, threads).unwrap(),
            one,
            "{threads} threads"
        );
    }
    // The first broken row in the document is the one named, whichever thread reads it.
    let src = transaction_list(1_000, &[612, 150, 999], &[]);
    let one = read_list_on(&src, 1).unwrap_err();
    assert!(one.contains("L/STMTTRN[150]/TRNAMT"), "{one}");
    for threads in [2, 3, 4, 7, 1_000] {
        assert_eq!(
            read_list_on(&src, threads).unwrap_err(),
            one,
            "{threads} threads"
        );
    }
}

#[test]
fn a_repeated_fitid_keeps_the_first_and_says_where() {
    let src = format!(
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS>\
         <CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>1234<ACCTTYPE>CHECKING</BANKACCTFROM>{}</STMTRS></STMTTRNRS>\
         </BANKMSGSRSV1></OFX>",
        transaction_list(20, &[], &[]).replace("<OFX>", "").replace("</OFX>", "")
    );
    let parsed = parse(src.as_bytes()).unwrap();
    let rows = &parsed.statements[0].transactions;
    assert_eq!(rows.len(), 18);
    assert_eq!(rows[5].description, "Shop & 6");
    assert_eq!(rows[6].description, "Shop & 8");
    assert!(
        parsed.warnings[0].contains("STMTTRN[7]: FITID 'F6' appears twice"),
        "{:?}",
        parsed.warnings
    );
}

//! OFX Direct Connect round trips (1.0.2 SGML and 2.2 XML), signon and account errors, and the
//! downloadable OFX/QFX/CSV files: well-formed, right headers, rows and sums equal to the truth.

mod common;

use std::net::SocketAddr;

use common::*;
use quick_xml::events::Event;

fn sgml_request(user: &str, card: &str, savings: &str, window: &str) -> String {
    format!(
        "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n\
<OFX><SIGNONMSGSRQV1><SONRQ><DTCLIENT>20261101120000<USERID>{user}<USERPASS>demo<LANGUAGE>ENG<FI><ORG>CofferSandbox<FID>9999</FI><APPID>QWIN<APPVER>2700</SONRQ></SIGNONMSGSRQV1>\
<BANKMSGSRQV1><STMTTRNRQ><TRNUID>1001<STMTRQ><BANKACCTFROM><BANKID>999999999<ACCTID>{savings}<ACCTTYPE>SAVINGS</BANKACCTFROM><INCTRAN>{window}<INCLUDE>Y</INCTRAN></STMTRQ></STMTTRNRQ></BANKMSGSRQV1>\
<CREDITCARDMSGSRQV1><CCSTMTTRNRQ><TRNUID>1002<CCSTMTRQ><CCACCTFROM><ACCTID>{card}</CCACCTFROM><INCTRAN>{window}<INCLUDE>Y</INCTRAN></CCSTMTRQ></CCSTMTTRNRQ>\
<CCSTMTTRNRQ><TRNUID>1003<CCSTMTRQ><CCACCTFROM><ACCTID>cc_missing</CCACCTFROM><INCTRAN><INCLUDE>N</INCTRAN></CCSTMTRQ></CCSTMTTRNRQ></CREDITCARDMSGSRQV1></OFX>\r\n"
    )
}

fn xml_request(card: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"220\" SECURITY=\"NONE\" OLDFILEUID=\"NONE\" NEWFILEUID=\"NONE\"?>\n\
<OFX><SIGNONMSGSRQV1><SONRQ><DTCLIENT>20261101120000</DTCLIENT><USERID>demo</USERID><USERPASS>demo</USERPASS><LANGUAGE>ENG</LANGUAGE><APPID>COFFER</APPID><APPVER>0100</APPVER></SONRQ></SIGNONMSGSRQV1>\
<CREDITCARDMSGSRQV1><CCSTMTTRNRQ><TRNUID>abc-1</TRNUID><CCSTMTRQ><CCACCTFROM><ACCTID>{card}</ACCTID></CCACCTFROM><INCTRAN><INCLUDE>Y</INCLUDE></INCTRAN></CCSTMTRQ></CCSTMTTRNRQ></CREDITCARDMSGSRQV1></OFX>"
    )
}

async fn post_ofx(addr: SocketAddr, body: &str) -> HttpResponse {
    raw_request(
        addr,
        "POST",
        "/ofx",
        &[("Content-Type", "application/x-ofx")],
        body.as_bytes(),
    )
    .await
    .expect("response")
}

/// Every value of a leaf element, in order (works for SGML and XML).
fn leaves(text: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    text.split(&open)
        .skip(1)
        .map(|rest| {
            rest.split(['<', '\r', '\n'])
                .next()
                .unwrap_or("")
                .trim()
                .to_owned()
        })
        .collect()
}

fn cents(text: &str) -> i64 {
    let negative = text.starts_with('-');
    let (whole, frac) = text.trim_start_matches('-').split_once('.').unwrap();
    let value = whole.parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap();
    if negative {
        -value
    } else {
        value
    }
}

/// Parses XML to the end with quick-xml, panicking on any well-formedness error; returns the
/// number of `STMTTRN` elements.
fn well_formed_count(xml: &str) -> usize {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut count = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.name().into_inner() == "STMTTRN" => count += 1,
            Ok(Event::Eof) => return count,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.buffer_position()),
        }
    }
}

#[tokio::test]
async fn direct_connect_sgml_round_trip_with_errors() {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    let card = sandbox.bank().accounts[0].id.clone();
    let savings = sandbox.bank().accounts[2].id.clone();
    let window = "<DTSTART>20260801000000[-5:EST]<DTEND>20260901000000[-5:EST]";
    let response = post_ofx(addr, &sgml_request("demo", &card, &savings, window)).await;
    assert_eq!(response.status, 200);
    assert!(response
        .header("content-type")
        .unwrap()
        .starts_with("application/x-ofx"));
    let text = response.text();
    assert!(text.starts_with("OFXHEADER:100"));
    assert_eq!(leaves(&text, "CODE")[0], "0", "signon ok");
    assert_eq!(leaves(&text, "TRNUID"), ["1001", "1002", "1003"]);
    assert!(text.contains("<CODE>2003"), "unknown account answers 2003");
    assert!(
        text.contains("<TRNAMT>") && !text.contains("</TRNAMT>"),
        "SGML leaves stay unclosed"
    );
    let posted = leaves(&text, "DTPOSTED");
    assert!(!posted.is_empty());
    assert!(posted
        .iter()
        .all(|d| d.as_str() >= "20260801" && d.as_str() < "20260901"));
    let bad = post_ofx(addr, &sgml_request("mallory", &card, &savings, ""))
        .await
        .text();
    assert_eq!(leaves(&bad, "CODE"), ["15500"]);
    assert!(!bad.contains("STMTTRNRS"));
    assert_eq!(post_ofx(addr, "hello").await.status, 400);
}

#[tokio::test]
async fn direct_connect_xml_round_trip_matches_truth() {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    let card = sandbox.bank().accounts[0].id.clone();
    let response = post_ofx(addr, &xml_request(&card)).await;
    let text = response.text();
    assert!(text.starts_with("<?xml"));
    let count = well_formed_count(&text);
    let truth = &sandbox.truth_ofx().accounts[&card];
    assert_eq!(count as u64, truth.transactions);
    let sum: i64 = leaves(&text, "TRNAMT").iter().map(|a| cents(a)).sum();
    assert_eq!(sum, cents(&truth.posted_sum));
    assert_eq!(leaves(&text, "TRNUID"), ["abc-1"]);
    assert_eq!(leaves(&text, "BALAMT")[0], truth.balance);
    let fitids = leaves(&text, "FITID");
    let unique: std::collections::BTreeSet<_> = fitids.iter().collect();
    assert_eq!(unique.len(), fitids.len());
    sandbox.set_faults("5xx=1".parse().unwrap());
    assert!(post_ofx(addr, &xml_request(&card)).await.status >= 500);
}

#[test]
fn files_parse_and_sum_to_the_truth() {
    let spec = small_spec();
    let truth = coffer_sandbox::truth_ofx(&spec);
    for (id, expected) in &truth.accounts {
        let mut v2 = Vec::new();
        let written = coffer_sandbox::files::ofx_v2(&spec, id, None, &mut v2).unwrap();
        assert_eq!(written.rows, expected.transactions);
        assert_eq!(written.sum.to_decimal_string(), expected.posted_sum);
        assert_eq!(
            well_formed_count(&String::from_utf8(v2).unwrap()) as u64,
            expected.transactions
        );

        let mut v1 = Vec::new();
        coffer_sandbox::files::ofx_v1(&spec, id, None, &mut v1).unwrap();
        let text = String::from_utf8_lossy(&v1).into_owned();
        assert!(text.starts_with("OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\n"));
        assert!(text.contains("CHARSET:1252"));
        assert_eq!(leaves(&text, "FITID").len() as u64, expected.transactions);
        let sum: i64 = leaves(&text, "TRNAMT").iter().map(|a| cents(a)).sum();
        assert_eq!(sum, cents(&expected.posted_sum));

        let mut short = Vec::new();
        coffer_sandbox::files::csv_barclays_short(&spec, id, None, &mut short).unwrap();
        let short = String::from_utf8(short).unwrap();
        let lines: Vec<&str> = short.split("\r\n").collect();
        assert_eq!(lines[0], "Barclays Bank Delaware");
        assert!(lines[1].starts_with("Account Number: XXXXXXXXXXXX"));
        assert!(lines[2].starts_with("Account Balance as of "));
        assert_eq!(lines[3], "");
        assert_eq!(lines[4], "Transaction Date,Description,Category,Amount");
        let rows: Vec<&str> = lines[5..]
            .iter()
            .copied()
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(rows.len() as u64, expected.transactions);
        let mut total = 0;
        for row in &rows {
            let amount = row.rsplit(',').next().unwrap();
            let category = row.rsplit(',').nth(1).unwrap();
            assert_eq!(
                category,
                if amount.starts_with('-') {
                    "DEBIT"
                } else {
                    "CREDIT"
                }
            );
            total += cents(amount);
        }
        assert_eq!(total, cents(&expected.posted_sum));

        let mut category = Vec::new();
        let written =
            coffer_sandbox::files::csv_barclays_category(&spec, id, None, &mut category).unwrap();
        let category = String::from_utf8(category).unwrap();
        assert!(category.starts_with("Transaction Date,Description,Category,Amount\r\n"));
        assert_eq!(written.sum.to_decimal_string(), expected.posted_sum);
    }
    // A date range limits rows to posting days inside it (inclusive).
    let card = truth
        .accounts
        .keys()
        .find(|k| k.starts_with("cc_"))
        .unwrap();
    let range = Some((
        chrono::NaiveDate::from_ymd_opt(2026, 8, 1).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 8, 31).unwrap(),
    ));
    let mut out = Vec::new();
    let august = coffer_sandbox::files::ofx_v2(&spec, card, range, &mut out).unwrap();
    assert!(august.rows > 0 && august.rows < truth.accounts[card].transactions);
    let text = String::from_utf8(out).unwrap();
    assert!(leaves(&text, "DTPOSTED")
        .iter()
        .all(|d| d.starts_with("202608")));
}

#[tokio::test]
async fn file_endpoints() {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    let card = sandbox.bank().accounts[0].id.clone();
    let get = |path: String| async move { request(addr, "GET", &path, None, None).await.unwrap() };
    let qfx = get(format!("/_sandbox/files/{card}.qfx")).await;
    assert_eq!(qfx.status, 200);
    assert!(qfx.text().contains("<INTU.BID>"));
    let v2 = get(format!(
        "/_sandbox/files/{card}.ofx?version=2&start=2026-08-01&end=2026-08-31"
    ))
    .await;
    assert!(well_formed_count(&v2.text()) > 0);
    let all = get("/_sandbox/files/all.ofx?version=2".to_owned())
        .await
        .text();
    assert!(
        all.contains("<CCSTMTRS>") && all.contains("<STMTRS>"),
        "several accounts in one file"
    );
    let csv = get(format!(
        "/_sandbox/files/{card}.csv?layout=barclays-category"
    ))
    .await;
    assert!(csv
        .text()
        .starts_with("Transaction Date,Description,Category,Amount"));
    assert_eq!(get("/_sandbox/files/nope.csv".to_owned()).await.status, 404);
    assert_eq!(
        get(format!("/_sandbox/files/{card}.csv?layout=weird"))
            .await
            .status,
        400
    );
    let truth = request(addr, "GET", "/_sandbox/truth/ofx", None, None)
        .await
        .unwrap()
        .json();
    assert_eq!(truth["protocol"], "ofx");
}

struct Counter(u64);

impl std::io::Write for Counter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len() as u64;
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn million_row_files_generate_quickly() {
    let spec = coffer_sandbox::DataSpec {
        cards: 1,
        savings: 0,
        cds: 0,
        months: 24,
        tx_per_month: 42_500,
        ..Default::default()
    };
    let account = coffer_sandbox::Bank::new(spec.clone()).accounts[0]
        .id
        .clone();
    type Render = fn(
        &coffer_sandbox::DataSpec,
        &str,
        coffer_sandbox::files::DateRange,
        &mut dyn std::io::Write,
    )
        -> Result<coffer_sandbox::files::Written, coffer_sandbox::files::FileError>;
    let renderers: [(&str, Render); 3] = [
        (
            "csv barclays-short",
            coffer_sandbox::files::csv_barclays_short,
        ),
        ("ofx 1.0.2", coffer_sandbox::files::ofx_v1),
        ("ofx 2.2", coffer_sandbox::files::ofx_v2),
    ];
    for (name, render) in renderers {
        let started = std::time::Instant::now();
        let mut sink = Counter(0);
        let written = render(&spec, &account, None, &mut sink).unwrap();
        println!(
            "{name}: {} rows, {} MB in {:?}",
            written.rows,
            sink.0 / 1_000_000,
            started.elapsed()
        );
        assert!(written.rows >= 1_000_000, "{}", written.rows);
    }
}

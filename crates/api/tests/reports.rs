//! The report commands over a vault synced from the sandbox bank: each answers through `dispatch`
//! with money as decimal text (no JSON number with a fraction anywhere), the same figures as the
//! core's reports on the same vault, and SVG charts; bad periods and a locked vault are refused.

mod support;

use coffer_api::reports::types::ReportRequest;
use coffer_api::views::SyncRequest;
use coffer_api::{ErrorKind, Session};
use coffer_core::connectors::issuer;
use coffer_core::domain::ConnectionKind;
use coffer_core::keychain::Keychain;
use coffer_core::reports;
use coffer_core::vault::store::reads::RowFilter;
use coffer_core::vault::store::NewConnection;
use coffer_core::vault::Unlock;
use coffer_core::{Passphrase, Vault};
use coffer_sandbox::DataSpec;
use serde_json::{json, Value};
use zeroize::Zeroizing;

struct Synced {
    session: Session,
    _sandbox: coffer_sandbox::SandboxHandle,
    _runtime: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

fn synced() -> Synced {
    let data = DataSpec {
        cards: 2,
        savings: 1,
        cds: 2,
        months: 6,
        tx_per_month: 25,
        ..DataSpec::default()
    };
    let (runtime, sandbox) = support::start_sandbox(data);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reports.db");
    let mut vault = Vault::create(
        &path,
        Unlock::Passphrase(Passphrase::new("reports pw".into()).unwrap()),
    )
    .unwrap();
    let url = sandbox.api_url();
    let login = runtime
        .block_on(issuer::login(&url, "demo", "demo", None, None, |_| {
            Ok("123456".into())
        }))
        .unwrap();
    let mut secrets = login.secrets;
    secrets.push((
        issuer::SECRET_ACCESS_TOKEN.into(),
        Zeroizing::new(login.access_token.as_bytes().to_vec()),
    ));
    vault
        .create_connection(NewConnection {
            kind: ConnectionKind::Issuer,
            institution: "Sandbox Bank",
            display_name: "Sandbox Bank",
            base_url: Some(&url),
            scopes: &login.scopes,
            secrets,
        })
        .unwrap();
    let session = Session::new(path, Keychain::from_env()).with_open_vault(vault);
    session
        .sync_run(SyncRequest::default(), &mut |_| {})
        .unwrap();
    Synced {
        session,
        _sandbox: sandbox,
        _runtime: runtime,
        _dir: dir,
    }
}

/// Fails on any JSON number that is not an integer: money must travel as text.
fn assert_no_fractional_numbers(value: &Value, path: &str) {
    match value {
        Value::Number(n) => assert!(n.is_i64() || n.is_u64(), "{path} is the number {n}"),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| assert_no_fractional_numbers(v, &format!("{path}[{i}]"))),
        Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| assert_no_fractional_numbers(v, &format!("{path}.{k}"))),
        _ => {}
    }
}

fn charts_are_svg(reply: &Value, expected: usize) {
    let charts = reply["charts"].as_array().expect("charts");
    assert_eq!(charts.len(), expected);
    for c in charts {
        assert!(!c["title"].as_str().unwrap().is_empty());
        let svg = c["svg"].as_str().unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    }
}

#[test]
fn every_report_answers_with_text_money_the_core_figures_and_charts() {
    let s = synced().session;
    let today = "2026-11-23";
    let request = json!({ "today": today });
    let mut replies = Vec::new();
    for command in [
        "report_spend",
        "report_networth",
        "report_fico",
        "report_rewards",
        "report_cds",
        "report_recurring",
    ] {
        let reply = s.dispatch(command, request.clone()).unwrap();
        assert_no_fractional_numbers(&reply, command);
        replies.push(reply);
    }
    let [spend, networth, fico, rewards, cds, recurring] = &replies[..] else {
        unreachable!()
    };
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let all = RowFilter::default();
    let core = s
        .with_vault(|v| {
            Ok((
                reports::spend(v, &all).unwrap(),
                reports::networth(v, &all).unwrap(),
                reports::fico(v, &all).unwrap(),
                reports::rewards(v, &all, day).unwrap(),
                reports::cds(v, day).unwrap(),
                reports::recurring(v, &all).unwrap(),
            ))
        })
        .unwrap();

    assert_eq!(spend["total"], core.0.total.amount_text());
    let sum_of = |f: fn(&coffer_core::analytics::spend::SpendLine) -> rust_decimal::Decimal| {
        core.0
            .by_category
            .iter()
            .map(f)
            .sum::<rust_decimal::Decimal>()
    };
    let purchases = sum_of(|l| l.purchases.amount());
    let refunds = sum_of(|l| l.refunds.amount());
    assert_eq!(spend["purchases"], purchases.to_string());
    assert_eq!(spend["refunds"], refunds.to_string());
    assert_eq!(
        purchases - refunds,
        core.0.total.amount(),
        "refunds net against purchases"
    );
    assert!(core.0.total.amount() > rust_decimal::Decimal::ZERO);
    assert_eq!(
        spend["by_category"].as_array().unwrap().len(),
        core.0.by_category.len()
    );
    assert_eq!(
        spend["by_category"][0]["spent"],
        core.0.by_category[0].spent.amount_text()
    );
    assert_eq!(
        spend["by_month"].as_array().unwrap().len(),
        core.0.by_month.len()
    );
    charts_are_svg(spend, 3);

    let last = core.1.months.last().unwrap();
    let wire_last = networth["months"].as_array().unwrap().last().unwrap();
    assert_eq!(wire_last["net_worth"], last.net_worth.amount_text());
    assert_eq!(wire_last["month"], last.month.as_str());
    charts_are_svg(networth, 1);

    assert_eq!(
        fico["series"].as_array().unwrap().len(),
        core.2.series.len()
    );
    for (wire, series) in fico["series"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&core.2.series)
    {
        assert_eq!(wire["label"], series.label.as_str());
        assert_eq!(
            wire["points"].as_array().unwrap().len(),
            series.points.len()
        );
    }
    charts_are_svg(fico, 1);

    let programs = rewards["programs"].as_array().unwrap();
    assert_eq!(programs.len(), core.3.programs.len());
    for (wire, p) in programs.iter().zip(&core.3.programs) {
        assert_eq!(wire["balance"], p.balance);
        assert_eq!(wire["earned"], p.earned);
        assert_eq!(wire["expiring_soon"], p.expiring_soon);
    }
    for card in rewards["by_card"].as_array().unwrap() {
        assert!(!card["account_name"]
            .as_str()
            .unwrap()
            .starts_with("Account "));
        assert!(!card["program"].as_str().unwrap().is_empty());
    }
    charts_are_svg(rewards, 1);

    assert_eq!(cds["cds"].as_array().unwrap().len(), core.4.cds.len());
    assert_eq!(cds["total_principal"], core.4.total_principal.amount_text());
    assert_eq!(
        cds["blended_apy"],
        json!(core.4.blended_apy.clone()),
        "blended APY as the core computes it"
    );
    let interest: rust_decimal::Decimal = core
        .4
        .cds
        .iter()
        .map(|c| c.interest_to_maturity.amount())
        .sum();
    assert_eq!(cds["total_interest_to_maturity"], interest.to_string());
    charts_are_svg(cds, 1);

    assert_eq!(recurring.as_array().unwrap().len(), core.5.len());
}

#[test]
fn a_period_narrows_the_report_and_bad_periods_are_refused() {
    let s = synced().session;
    let whole = s.report_spend(ReportRequest::default()).unwrap();
    let first = whole.by_month.first().unwrap().month.clone();
    let one = s
        .report_spend(ReportRequest {
            from: Some(format!("{first}-01")),
            to: Some(format!("{first}-28")),
            ..ReportRequest::default()
        })
        .unwrap();
    assert_eq!(one.by_month.len(), 1);
    assert!(one.total.parse::<rust_decimal::Decimal>().unwrap() < whole.total.parse().unwrap());

    let backwards = s
        .dispatch(
            "report_spend",
            json!({"from": "2026-05-01", "to": "2026-04-01"}),
        )
        .unwrap_err();
    assert_eq!(backwards.kind, ErrorKind::InvalidInput);
    assert!(
        backwards.message.contains("starts"),
        "{}",
        backwards.message
    );
    let not_a_date = s
        .dispatch("report_fico", json!({"from": "May 1st"}))
        .unwrap_err();
    assert_eq!(not_a_date.kind, ErrorKind::InvalidInput);
    assert!(not_a_date.message.contains("May 1st"));

    s.vault_lock();
    let locked = s.dispatch("report_cds", json!({})).unwrap_err();
    assert_eq!(locked.kind, ErrorKind::Locked);
}

#[test]
fn a_chart_comes_as_a_png_that_decodes_at_the_chart_size() {
    use base64::Engine as _;
    let s = synced().session;
    for (report, charts) in [
        ("spend", 3),
        ("networth", 1),
        ("fico", 1),
        ("rewards", 1),
        ("cds", 1),
    ] {
        for index in 0..charts {
            let reply = s
                .dispatch(
                    "report_chart_png",
                    json!({"report": report, "chart": index, "period": {"today": "2026-11-23"}}),
                )
                .unwrap();
            let svg_reply = s
                .dispatch(&format!("report_{report}"), json!({"today": "2026-11-23"}))
                .unwrap();
            assert_eq!(reply["title"], svg_reply["charts"][index]["title"]);
            let png = base64::engine::general_purpose::STANDARD
                .decode(reply["png_base64"].as_str().unwrap())
                .unwrap();
            assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{report} #{index}");
            let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
            assert_eq!((pixmap.width(), pixmap.height()), (800, 480));
            assert_eq!(
                (reply["width"].clone(), reply["height"].clone()),
                (json!(800), json!(480))
            );
            let inked = pixmap
                .pixels()
                .iter()
                .filter(|p| (p.red(), p.green(), p.blue()) != (255, 255, 255))
                .count();
            assert!(
                inked > 2_000,
                "{report} #{index} draws something: {inked} pixels"
            );
        }
    }
    // A period narrows the chart like the report: a spend chart of one month differs from all time.
    let png_of = |period: Value| {
        s.dispatch(
            "report_chart_png",
            json!({"report": "spend", "chart": 1, "period": period}),
        )
        .unwrap()["png_base64"]
            .clone()
    };
    let whole = s.report_spend(ReportRequest::default()).unwrap();
    let first = whole.by_month.first().unwrap().month.clone();
    assert_ne!(
        png_of(json!({})),
        png_of(json!({"from": format!("{first}-01"), "to": format!("{first}-28")}))
    );

    let missing = s
        .dispatch("report_chart_png", json!({"report": "cds", "chart": 1}))
        .unwrap_err();
    assert_eq!(missing.kind, ErrorKind::NotFound);
    assert!(missing.message.contains("1 chart"), "{}", missing.message);
    let unknown = s
        .dispatch(
            "report_chart_png",
            json!({"report": "recurring", "chart": 0}),
        )
        .unwrap_err();
    assert_eq!(unknown.kind, ErrorKind::InvalidInput);
    s.vault_lock();
    let locked = s
        .dispatch("report_chart_png", json!({"report": "spend", "chart": 0}))
        .unwrap_err();
    assert_eq!(locked.kind, ErrorKind::Locked);
}

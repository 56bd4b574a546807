//! The OpenAPI checker itself: it must reject drift (missing field, changed type, extra field,
//! sub-cent money), or the document test would prove nothing.

mod common;

use common::openapi::{check_money_text, load_document, validate};
use common::*;
use serde_json::Value;

#[tokio::test]
async fn the_checker_catches_drift() {
    let sandbox = start(small_spec()).await;
    let (token, _) = login(sandbox.addr(), None).await;
    let account = sandbox.bank().accounts[0].id.clone();
    let page = get(
        sandbox.addr(),
        &format!("/accounts/{account}/transactions?limit=1"),
        &token,
    )
    .await
    .json();
    let doc = load_document();
    let schema = serde_json::json!({"$ref": "#/components/schemas/Transaction"});
    let row = page["transactions"][0].clone();
    let errors_for = |value: &Value| {
        let mut errors = Vec::new();
        validate(&doc, &schema, value, "$", &mut errors);
        errors
    };
    assert!(errors_for(&row).is_empty());
    let mut missing = row.clone();
    missing.as_object_mut().unwrap().remove("state");
    assert!(
        !errors_for(&missing).is_empty(),
        "a missing required field is caught"
    );
    let mut retyped = row.clone();
    retyped["amount"] = Value::from("-12.00");
    assert!(!errors_for(&retyped).is_empty(), "a changed type is caught");
    let mut extra = row.clone();
    extra["surprise"] = Value::from(1);
    assert!(
        !errors_for(&extra).is_empty(),
        "an undocumented field is caught"
    );
    let mut fine = row;
    fine["amount"] = serde_json::json!(-12.345);
    assert!(!errors_for(&fine).is_empty(), "sub-cent money is caught");
    assert!(check_money_text(r#"{"amount":-3.5}"#).is_err());
    assert!(check_money_text(r#"{"amount":-3.50}"#).is_ok());
}

//! A small JSON-Schema subset checker over the OpenAPI document (type incl. null, required,
//! properties, additionalProperties: false, items, enum, oneOf, $ref, multipleOf, date formats).

#![allow(dead_code)]

use serde_json::{Map, Number, Value};
use yaml_rust2::{Yaml, YamlLoader};

pub fn load_document() -> Value {
    let text = include_str!("../../../../docs/openapi/issuer.yaml");
    let docs = YamlLoader::load_from_str(text).expect("issuer.yaml parses as YAML");
    yaml_to_json(&docs[0])
}

fn yaml_to_json(yaml: &Yaml) -> Value {
    match yaml {
        Yaml::Hash(hash) => {
            let mut map = Map::new();
            for (key, value) in hash {
                let key = match key {
                    Yaml::String(s) => s.clone(),
                    Yaml::Integer(i) => i.to_string(),
                    other => format!("{other:?}"),
                };
                map.insert(key, yaml_to_json(value));
            }
            Value::Object(map)
        }
        Yaml::Array(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Integer(i) => Value::Number((*i).into()),
        Yaml::Real(r) => r
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        Yaml::Boolean(b) => Value::Bool(*b),
        _ => Value::Null,
    }
}

pub fn resolve<'a>(doc: &'a Value, reference: &str) -> &'a Value {
    let pointer = reference.strip_prefix('#').expect("local $ref");
    doc.pointer(pointer)
        .unwrap_or_else(|| panic!("unresolved $ref {reference}"))
}

/// The documented response for `method` on `template` with `status` (exact code or `5XX`),
/// as `(content type, schema)`.
pub fn response_schema<'a>(
    doc: &'a Value,
    template: &str,
    method: &str,
    status: u16,
) -> (String, &'a Value) {
    let operation = &doc["paths"][template][method];
    assert!(
        operation.is_object(),
        "{method} {template} is not in the OpenAPI document"
    );
    let responses = &operation["responses"];
    let mut response = responses
        .get(status.to_string())
        .or_else(|| responses.get(format!("{}XX", status / 100)))
        .unwrap_or_else(|| panic!("{method} {template} does not document status {status}"));
    if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
        response = resolve(doc, reference);
    }
    let content = response["content"]
        .as_object()
        .unwrap_or_else(|| panic!("{method} {template} {status}: no content"));
    let (content_type, media) = content.iter().next().expect("one content type");
    (content_type.clone(), &media["schema"])
}

fn type_matches(name: &str, value: &Value) -> bool {
    match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "string" => value.is_string(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        other => panic!("unknown schema type {other}"),
    }
}

/// Appends a message per violation of `schema` by `value` at `at`.
pub fn validate(doc: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return validate(doc, resolve(doc, reference), value, at, errors);
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let matching = options
            .iter()
            .filter(|option| {
                let mut sub = Vec::new();
                validate(doc, option, value, at, &mut sub);
                sub.is_empty()
            })
            .count();
        if matching != 1 {
            errors.push(format!(
                "{at}: matches {matching} of oneOf, expected exactly 1"
            ));
        }
        return;
    }
    if let Some(types) = schema.get("type") {
        let names: Vec<&str> = match types {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => panic!("bad type at {at}"),
        };
        if !names.iter().any(|n| type_matches(n, value)) {
            errors.push(format!("{at}: expected {names:?}, got {value}"));
            return;
        }
    }
    if value.is_null() {
        return;
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        if !allowed.contains(value) {
            errors.push(format!("{at}: {value} is not one of {allowed:?}"));
        }
    }
    if let (Some(step), Some(number)) = (
        schema.get("multipleOf").and_then(Value::as_f64),
        value.as_f64(),
    ) {
        let ratio = number / step;
        if (ratio - ratio.round()).abs() > 1e-6 {
            errors.push(format!("{at}: {number} is not a multiple of {step}"));
        }
    }
    match (schema.get("format").and_then(Value::as_str), value.as_str()) {
        (Some("date"), Some(text))
            if chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_err() =>
        {
            errors.push(format!("{at}: {text} is not a date"));
        }
        (Some("date-time"), Some(text)) if chrono::DateTime::parse_from_rfc3339(text).is_err() => {
            errors.push(format!("{at}: {text} is not a date-time"));
        }
        _ => {}
    }
    if let Some(object) = value.as_object() {
        let properties = schema.get("properties").and_then(Value::as_object);
        for required in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = required.as_str().unwrap_or_default();
            if !object.contains_key(name) {
                errors.push(format!("{at}: missing required field `{name}`"));
            }
        }
        for (key, field) in object {
            match properties.and_then(|p| p.get(key)) {
                Some(field_schema) => {
                    validate(doc, field_schema, field, &format!("{at}.{key}"), errors)
                }
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{at}: undocumented field `{key}`"));
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, item) in array.iter().enumerate() {
            validate(doc, items, item, &format!("{at}[{i}]"), errors);
        }
    }
}

/// Every money field in a raw JSON body must be written with exactly two decimals.
pub fn check_money_text(body: &str) -> Result<(), String> {
    const MONEY_KEYS: [&str; 12] = [
        "amount",
        "current",
        "available",
        "pending",
        "credit_limit",
        "closing_balance",
        "opening_balance",
        "minimum_due",
        "early_withdrawal_penalty",
        "principal",
        "purchases",
        "interest_paid_ytd",
    ];
    for key in MONEY_KEYS {
        let needle = format!("\"{key}\":");
        for (at, _) in body.match_indices(&needle) {
            let rest = &body[at + needle.len()..];
            let number: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '-' || *c == '.')
                .collect();
            if number.is_empty() {
                continue;
            }
            let ok = number
                .split_once('.')
                .is_some_and(|(_, decimals)| decimals.len() == 2);
            if !ok {
                return Err(format!("{key} written as {number}"));
            }
        }
    }
    Ok(())
}

//! Exact JSON decoding: decimals straight from the number's text (never through `f64`), errors
//! that name the field path (`transactions[3].amount`), and sanitized server text.

use std::fmt;

use rust_decimal::Decimal;
use serde::de::DeserializeOwned;

/// A body that does not decode; `path` names the field (empty for the whole body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub path: String,
    pub detail: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.detail)
        } else {
            write!(f, "field {}: {}", self.path, self.detail)
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a JSON body; on failure names the path of the offending field.
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    serde_json::from_slice(body).map_err(|e| {
        let detail = strip_position(&e.to_string());
        let mut path = if e.line() == 0 {
            String::new()
        } else {
            // serde_json reports the 1-based column of the last byte it read: scan before it.
            path_at(
                body,
                offset_of(body, e.line(), e.column()).saturating_sub(1),
            )
        };
        if detail.starts_with("missing field") {
            // Reported at the object's closing brace: the path is the object's, not its last key.
            if let Some(dot) = path.rfind('.') {
                if !path[dot..].contains('[') {
                    path.truncate(dot);
                }
            }
        }
        let detail = if e.is_eof() {
            "the body ended early".to_string()
        } else if e.is_syntax() {
            "the body is not valid JSON".to_string()
        } else {
            sanitize_text(&detail)
        };
        DecodeError { path, detail }
    })
}

/// Server or serde text made safe to show: control characters dropped, long quoted strings
/// (which could be tokens) elided, at most 160 characters.
pub fn sanitize_text(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('"').enumerate() {
        if i > 0 {
            out.push('"');
        }
        if i % 2 == 1 && part.chars().count() > 24 {
            out.push('…');
        } else {
            out.extend(part.chars().filter(|c| !c.is_control()));
        }
    }
    if out.chars().count() > 160 {
        out = out.chars().take(159).collect::<String>() + "…";
    }
    out
}

fn strip_position(text: &str) -> String {
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text.to_string(),
    }
}

fn offset_of(body: &[u8], line: usize, column: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line {
        match body[offset..].iter().position(|&b| b == b'\n') {
            Some(p) => offset += p + 1,
            None => break,
        }
    }
    (offset + column).min(body.len())
}

enum Frame {
    /// The byte range of the key being read, once seen (no allocation while scanning: a
    /// failed decode scans the whole body, and the fuzzers fail thousands a second).
    Object(Option<(usize, usize)>),
    Array(usize),
}

/// The JSON path (e.g. `transactions[3].amount`) of the value being read at byte `end`.
fn path_at(body: &[u8], end: usize) -> String {
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    let mut expecting_key = false;
    while i < end {
        match body[i] {
            b'{' => {
                stack.push(Frame::Object(None));
                expecting_key = true;
            }
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
                expecting_key = false;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(_)) => expecting_key = true,
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < body.len() && body[i] != b'"' {
                    i += if body[i] == b'\\' { 2 } else { 1 };
                }
                if expecting_key {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        *key = Some((start, i.min(body.len())));
                    }
                    expecting_key = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object(Some((start, end))) => {
                if !path.is_empty() {
                    path.push('.');
                }
                let key = String::from_utf8_lossy(body.get(*start..*end).unwrap_or_default());
                path.push_str(&sanitize_text(&key));
            }
            Frame::Object(None) => {}
            Frame::Array(n) => path.push_str(&format!("[{n}]")),
        }
    }
    path
}

/// `deserialize_with` helpers reading a JSON number (or a numeric string) as an exact decimal.
pub mod decimal {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer};
    use serde_json::value::RawValue;

    /// A required decimal.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        match super::parse_raw(raw.get()) {
            Some(Some(value)) => Ok(value),
            _ => Err(serde::de::Error::custom("expected a decimal")),
        }
    }

    /// A decimal that may be `null` or absent (use with `#[serde(default)]`).
    pub fn option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        super::parse_raw(raw.get()).ok_or_else(|| serde::de::Error::custom("expected a decimal"))
    }
}

/// `None` when not a decimal; `Some(None)` for `null`.
fn parse_raw(text: &str) -> Option<Option<Decimal>> {
    let text = text.trim();
    if text == "null" {
        return Some(None);
    }
    let number = if text.starts_with('"') {
        serde_json::from_str::<String>(text).ok()?
    } else {
        text.to_string()
    };
    if number.contains(['e', 'E']) {
        return Decimal::from_scientific(&number).ok().map(Some);
    }
    crate::money::parse_plain_decimal(&number).ok().map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    struct Row {
        #[serde(deserialize_with = "decimal::deserialize")]
        amount: Decimal,
        #[serde(default, deserialize_with = "decimal::option")]
        fee: Option<Decimal>,
    }

    #[derive(Deserialize, Debug)]
    struct Page {
        transactions: Vec<Row>,
    }

    #[test]
    fn decimals_are_exact_and_accept_strings_and_null() {
        let page: Page = decode_json(
            br#"{"transactions":[{"amount":-318.40,"fee":null},{"fee":"0.10","amount":"12"},
               {"amount":0.1}, {"amount":1.5E2}]}"#,
        )
        .unwrap();
        let t = &page.transactions;
        assert_eq!(t[0].amount.to_string(), "-318.40");
        assert_eq!(t[0].fee, None);
        assert_eq!(t[1].fee.unwrap().to_string(), "0.10");
        assert_eq!(t[2].amount.to_string(), "0.1");
        assert_eq!(t[3].amount, Decimal::new(150, 0));
    }

    #[test]
    fn errors_name_the_field_path() {
        let body = br#"{"transactions":[{"amount":1.00},{"amount":2.00},{"amount":3.00},
            {"amount":"abc"}]}"#;
        let err = decode_json::<Page>(body).unwrap_err();
        assert_eq!(err.path, "transactions[3].amount");
        assert_eq!(
            err.to_string(),
            "field transactions[3].amount: expected a decimal"
        );

        let err =
            decode_json::<Page>(br#"{"transactions":[{"amount":1.00},{"fee":1}]}"#).unwrap_err();
        assert_eq!(err.path, "transactions[1]");
        assert!(err.detail.contains("missing field `amount`"), "{err}");

        let err = decode_json::<Page>(br#"{"transactions":[{"amount":1.00},{"amo"#).unwrap_err();
        assert_eq!(err.detail, "the body ended early");
        let err = decode_json::<Page>(b"<html>oops</html>").unwrap_err();
        assert_eq!(err.detail, "the body is not valid JSON");
    }

    #[test]
    fn sanitize_elides_long_strings_and_truncates() {
        let s =
            sanitize_text("invalid type: string \"at_907b76e9a2344f1196fb167ce986\", expected u64");
        assert!(!s.contains("907b76"), "{s}");
        assert_eq!(sanitize_text(&"x".repeat(500)).chars().count(), 160);
        assert_eq!(sanitize_text("a\nb\u{7}c"), "abc");
    }
}

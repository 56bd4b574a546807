//! Parses an OFX Direct Connect request (1.x SGML or 2.x XML) just far enough to answer it:
//! signon `USERID`/`USERPASS` and each `STMTTRNRQ`/`CCSTMTTRNRQ` with `TRNUID`, `ACCTID`,
//! `DTSTART`, `DTEND` and `INCLUDE`.

use super::render::OfxVersion;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum OfxRequestError {
    #[error("not an OFX request: no <OFX> element")]
    NotOfx,
    #[error("element <{0}> is not closed by '>'")]
    Unterminated(String),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatementRq {
    /// `CCSTMTTRNRQ` (credit card) rather than `STMTTRNRQ` (bank).
    pub card: bool,
    pub trnuid: String,
    pub account_id: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub include: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfxRequest {
    pub version: OfxVersion,
    pub user_id: String,
    pub password: String,
    pub statements: Vec<StatementRq>,
}

/// `(tag, text after it up to the next '<')`; closing tags come as `/TAG` with empty text.
fn elements(body: &str) -> Result<Vec<(String, String)>, OfxRequestError> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let close = rest
            .find('>')
            .ok_or_else(|| OfxRequestError::Unterminated(rest.chars().take(20).collect()))?;
        let tag = rest[..close].trim().to_ascii_uppercase();
        rest = &rest[close + 1..];
        let text_end = rest.find('<').unwrap_or(rest.len());
        let text = rest[..text_end].trim();
        out.push((tag, unescape(text)));
    }
    Ok(out)
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

pub fn parse_request(body: &str) -> Result<OfxRequest, OfxRequestError> {
    let start = body.find("<OFX>").ok_or(OfxRequestError::NotOfx)?;
    let head = &body[..start];
    let version = if head.contains("OFXHEADER=\"200\"") || head.trim_start().starts_with("<?xml") {
        OfxVersion::V2
    } else {
        OfxVersion::V1
    };
    let mut request = OfxRequest {
        version,
        user_id: String::new(),
        password: String::new(),
        statements: Vec::new(),
    };
    for (tag, text) in elements(&body[start..])? {
        match tag.as_str() {
            "USERID" => request.user_id = text,
            "USERPASS" => request.password = text,
            "STMTTRNRQ" | "CCSTMTTRNRQ" => request.statements.push(StatementRq {
                card: tag == "CCSTMTTRNRQ",
                include: true,
                ..StatementRq::default()
            }),
            _ => {
                let Some(current) = request.statements.last_mut() else {
                    continue;
                };
                match tag.as_str() {
                    "TRNUID" => current.trnuid = text,
                    "ACCTID" => current.account_id = text,
                    "DTSTART" => current.start = Some(text),
                    "DTEND" => current.end = Some(text),
                    "INCLUDE" => current.include = text != "N",
                    _ => {}
                }
            }
        }
    }
    Ok(request)
}

/// An OFX date-time (`YYYYMMDD[HHMMSS[.XXX]][[±H[.MM]][:TZ]]`, GMT when no zone) as unix seconds.
pub fn parse_instant(text: &str) -> Option<i64> {
    let text = text.trim();
    let date = chrono::NaiveDate::parse_from_str(text.get(..8)?, "%Y%m%d").ok()?;
    let (clock, zone) = match text.find('[') {
        Some(at) => (&text[8..at], Some(text[at + 1..].trim_end_matches(']'))),
        None => (&text[8..], None),
    };
    let digits: String = clock.chars().take_while(|c| c.is_ascii_digit()).collect();
    let field = |range: std::ops::Range<usize>| {
        digits
            .get(range)
            .and_then(|d| d.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let seconds = field(0..2) * 3600 + field(2..4) * 60 + field(4..6);
    let offset_hours = zone
        .and_then(|z| z.split(':').next())
        .and_then(|h| h.parse::<f64>().ok())
        .unwrap_or(0.0);
    let offset = (offset_hours * 3600.0).round() as i64;
    let midnight = date.and_hms_opt(0, 0, 0)?.and_utc().timestamp();
    Some(midnight + seconds - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_and_elements() {
        assert_eq!(parse_instant("19700102"), Some(86_400));
        assert_eq!(parse_instant("19700101120000.000[-5:EST]"), Some(17 * 3600));
        let request = parse_request("OFXHEADER:100\n\n<OFX><SIGNONMSGSRQV1><SONRQ><USERID>demo<USERPASS>a&amp;b</SONRQ></SIGNONMSGSRQV1><CREDITCARDMSGSRQV1><CCSTMTTRNRQ><TRNUID>7<CCSTMTRQ><CCACCTFROM><ACCTID>cc_1</CCACCTFROM><INCTRAN><DTSTART>20260101<INCLUDE>Y</INCTRAN></CCSTMTRQ></CCSTMTTRNRQ></CREDITCARDMSGSRQV1></OFX>").unwrap();
        assert_eq!(request.version, OfxVersion::V1);
        assert_eq!(request.password, "a&b");
        assert_eq!(request.statements[0].account_id, "cc_1");
        assert!(request.statements[0].card && request.statements[0].include);
    }
}

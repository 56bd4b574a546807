//! What can go wrong reading an OFX file; every error says where (line, element path).

use crate::money::MoneyError;

/// Why an OFX/QFX document could not be read. Messages are for people; none holds a secret.
#[derive(Debug, thiserror::Error)]
pub enum OfxError {
    /// The input is larger than the parser accepts.
    #[error("the file is {size} bytes, more than the {limit}-byte limit for OFX files")]
    TooLarge { size: usize, limit: usize },
    /// Neither an OFX 1.x SGML header, an OFX 2.x XML header nor an `<OFX>` element.
    #[error("not an OFX file: {0}")]
    NotOfx(String),
    /// The header block is present but wrong (e.g. `OFXHEADER:300`).
    #[error("OFX header: {0}")]
    Header(String),
    /// The markup itself is broken (unterminated tag, truncated file, nesting too deep).
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// An element is missing or its value is wrong. `path` is e.g.
    /// `OFX/CREDITCARDMSGSRSV1/CCSTMTTRNRS/CCSTMTRS/BANKTRANLIST/STMTTRN[12]/TRNAMT`.
    #[error("line {line}, {path}: {message}")]
    Field {
        line: usize,
        path: String,
        message: String,
        #[source]
        source: Option<MoneyError>,
    },
    /// The institution refused the sign-on (`SONRS/STATUS/CODE` ≠ 0), e.g. 15500.
    #[error(
        "the institution refused the sign-on (OFX code {code}: {meaning}){}",
        server_message(message)
    )]
    Signon {
        code: u32,
        meaning: &'static str,
        message: Option<String>,
    },
    /// Every statement in the response carried an error status and none had data.
    #[error("the institution returned no statement: {0}")]
    NoStatement(String),
}

fn server_message(message: &Option<String>) -> String {
    match message {
        Some(m) => format!("; the server said: {m}"),
        None => String::new(),
    }
}

/// What an OFX status code means (OFX 1.6/2.x §3.1.5 and §2.5.1.5 tables, common codes only).
pub fn status_meaning(code: u32) -> &'static str {
    match code {
        0 => "success",
        2000 => "general error",
        2002 => "general account error",
        2003 => "account not found",
        2004 => "account closed",
        2005 => "account not authorized",
        2019 => "duplicate request",
        2020 => "invalid date",
        2027 => "invalid date range",
        13504 => "the institution is temporarily unavailable",
        15000 => "you must change your password",
        15500 => "the user ID or password was not accepted",
        15501 => "customer account already in use",
        15502 => "the password is locked out",
        15503 => "could not change the password",
        15505 => "country not supported",
        15506 => "empty sign-on not supported",
        15507 => "sign-on invalid without a supporting pin change request",
        15510 => "client UID error",
        15511 => "call the institution to activate access",
        15512 => "an authentication token is required",
        15513 => "the authentication token is invalid",
        _ => "unknown status code",
    }
}

//! OFX Direct Connect statement requests (`STMTRQ` / `CCSTMTRQ`), built as a pure function. The
//! text holds the password, so it is returned as `Zeroizing<String>`: send it, never log it.

use std::fmt;

use chrono::{DateTime, Days, NaiveDate, Utc};
use zeroize::Zeroizing;

/// Which OFX dialect to speak: 1.x SGML or 2.x XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfxRequestVersion {
    V102,
    V103,
    V151,
    V160,
    V200,
    V203,
    V211,
    V220,
}

impl OfxRequestVersion {
    fn number(self) -> &'static str {
        match self {
            Self::V102 => "102",
            Self::V103 => "103",
            Self::V151 => "151",
            Self::V160 => "160",
            Self::V200 => "200",
            Self::V203 => "203",
            Self::V211 => "211",
            Self::V220 => "220",
        }
    }

    fn is_xml(self) -> bool {
        matches!(self, Self::V200 | Self::V203 | Self::V211 | Self::V220)
    }
}

/// Sign-on credentials. `Debug` never shows the password.
pub struct OfxCredentials {
    pub user_id: String,
    pub password: Zeroizing<String>,
}

impl fmt::Debug for OfxCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OfxCredentials")
            .field("user_id", &self.user_id)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// The account a statement is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfxAccountRef {
    /// `BANKACCTFROM`: routing number, account number, `ACCTTYPE` (CHECKING, SAVINGS,
    /// MONEYMRKT, CD, CREDITLINE).
    Bank {
        bank_id: String,
        acct_id: String,
        acct_type: String,
    },
    /// `CCACCTFROM`.
    CreditCard { acct_id: String },
}

/// Everything a statement request needs; the caller supplies the clock and TRNUID so the
/// builder stays pure and testable.
#[derive(Debug)]
pub struct StatementRequest<'a> {
    pub version: OfxRequestVersion,
    pub credentials: &'a OfxCredentials,
    /// `FI/ORG` and `FI/FID`, which most servers require.
    pub fi_org: Option<&'a str>,
    pub fi_fid: Option<&'a str>,
    /// `APPID`/`APPVER` the server expects (many accept only e.g. QWIN 2700).
    pub app_id: &'a str,
    pub app_ver: &'a str,
    /// `CLIENTUID` (OFX 1.6 / 2.x), when the institution requires it.
    pub client_uid: Option<&'a str>,
    pub account: &'a OfxAccountRef,
    /// First day wanted, inclusive.
    pub start: Option<NaiveDate>,
    /// Last day wanted, inclusive (sent as the next midnight: OFX's DTEND is exclusive).
    pub end: Option<NaiveDate>,
    pub client_time: DateTime<Utc>,
    /// Unique per request (e.g. a UUID), at most 36 characters.
    pub trn_uid: &'a str,
}

/// A value that cannot go into a request. Never carries the value itself.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("OFX request field {field}: {reason}")]
pub struct OfxRequestError {
    pub field: &'static str,
    pub reason: &'static str,
}

struct Writer {
    out: Zeroizing<String>,
    xml: bool,
}

impl Writer {
    fn open(&mut self, tag: &str) {
        self.out.push_str(&format!("<{tag}>\r\n"));
    }

    fn close(&mut self, tag: &str) {
        self.out.push_str(&format!("</{tag}>\r\n"));
    }

    fn leaf(&mut self, tag: &'static str, value: &str) -> Result<(), OfxRequestError> {
        if value.trim().is_empty() {
            return Err(OfxRequestError {
                field: tag,
                reason: "is empty",
            });
        }
        if value.chars().any(char::is_control) {
            return Err(OfxRequestError {
                field: tag,
                reason: "contains a control character",
            });
        }
        self.out.push('<');
        self.out.push_str(tag);
        self.out.push('>');
        for c in value.chars() {
            match c {
                '&' => self.out.push_str("&amp;"),
                '<' => self.out.push_str("&lt;"),
                '>' => self.out.push_str("&gt;"),
                c => self.out.push(c),
            }
        }
        if self.xml {
            self.out.push_str(&format!("</{tag}>"));
        }
        self.out.push_str("\r\n");
        Ok(())
    }
}

/// Builds the full request document (header and body) for one account's statement.
pub fn build_statement_request(
    req: &StatementRequest<'_>,
) -> Result<Zeroizing<String>, OfxRequestError> {
    if req.trn_uid.chars().count() > 36 {
        return Err(OfxRequestError {
            field: "TRNUID",
            reason: "is longer than 36 characters",
        });
    }
    let xml = req.version.is_xml();
    let mut w = Writer {
        out: Zeroizing::new(String::with_capacity(1024)),
        xml,
    };
    let all_ascii = req.credentials.user_id.is_ascii() && req.credentials.password.is_ascii();
    if xml {
        w.out
            .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\r\n");
        w.out.push_str(&format!(
            "<?OFX OFXHEADER=\"200\" VERSION=\"{}\" SECURITY=\"NONE\" OLDFILEUID=\"NONE\" NEWFILEUID=\"NONE\"?>\r\n",
            req.version.number()
        ));
    } else {
        let (encoding, charset) = if all_ascii {
            ("USASCII", "1252")
        } else {
            ("UTF-8", "NONE")
        };
        w.out.push_str(&format!(
            "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:{}\r\nSECURITY:NONE\r\nENCODING:{encoding}\r\nCHARSET:{charset}\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n",
            req.version.number()
        ));
    }
    w.open("OFX");
    w.open("SIGNONMSGSRQV1");
    w.open("SONRQ");
    w.leaf(
        "DTCLIENT",
        &format!("{}.000[0:GMT]", req.client_time.format("%Y%m%d%H%M%S")),
    )?;
    w.leaf("USERID", &req.credentials.user_id)?;
    w.leaf("USERPASS", &req.credentials.password)?;
    w.leaf("LANGUAGE", "ENG")?;
    if req.fi_org.is_some() || req.fi_fid.is_some() {
        w.open("FI");
        if let Some(org) = req.fi_org {
            w.leaf("ORG", org)?;
        }
        if let Some(fid) = req.fi_fid {
            w.leaf("FID", fid)?;
        }
        w.close("FI");
    }
    w.leaf("APPID", req.app_id)?;
    w.leaf("APPVER", req.app_ver)?;
    if let Some(uid) = req.client_uid {
        w.leaf("CLIENTUID", uid)?;
    }
    w.close("SONRQ");
    w.close("SIGNONMSGSRQV1");
    let (set, trnrq, stmtrq) = match req.account {
        OfxAccountRef::Bank { .. } => ("BANKMSGSRQV1", "STMTTRNRQ", "STMTRQ"),
        OfxAccountRef::CreditCard { .. } => ("CREDITCARDMSGSRQV1", "CCSTMTTRNRQ", "CCSTMTRQ"),
    };
    w.open(set);
    w.open(trnrq);
    w.leaf("TRNUID", req.trn_uid)?;
    w.open(stmtrq);
    match req.account {
        OfxAccountRef::Bank {
            bank_id,
            acct_id,
            acct_type,
        } => {
            w.open("BANKACCTFROM");
            w.leaf("BANKID", bank_id)?;
            w.leaf("ACCTID", acct_id)?;
            w.leaf("ACCTTYPE", &acct_type.to_ascii_uppercase())?;
            w.close("BANKACCTFROM");
        }
        OfxAccountRef::CreditCard { acct_id } => {
            w.open("CCACCTFROM");
            w.leaf("ACCTID", acct_id)?;
            w.close("CCACCTFROM");
        }
    }
    w.open("INCTRAN");
    if let Some(start) = req.start {
        w.leaf("DTSTART", &start.format("%Y%m%d").to_string())?;
    }
    if let Some(end) = req.end {
        let next = end.checked_add_days(Days::new(1)).unwrap_or(end);
        w.leaf("DTEND", &next.format("%Y%m%d").to_string())?;
    }
    w.leaf("INCLUDE", "Y")?;
    w.close("INCTRAN");
    w.close(stmtrq);
    w.close(trnrq);
    w.close(set);
    w.close("OFX");
    Ok(w.out)
}

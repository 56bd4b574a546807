//! Writes OFX documents: 1.0.2 SGML (header block, unclosed leaf elements, Windows-1252 bytes)
//! or 2.2 XML (every element closed, UTF-8), with signon, bank (`STMTRS`) and credit-card
//! (`CCSTMTRS`) statements. Streams rows month by month into any `Write`.

use std::io::{self, Write};

use super::{account_type, balances, ofx_datetime, trntype, BANK_ID, FI_FID, FI_ORG};
use crate::calendar::Day;
use crate::export::{for_each_posted, is_card, transaction_id};
use crate::generator::rows::TxRow;
use crate::generator::Bank;
use crate::money::{fixed_text, Cents};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfxVersion {
    /// OFX 1.0.2, SGML.
    V1,
    /// OFX 2.2, XML.
    V2,
}

/// One statement to render: the account, the posting-day window and `TRNUID`.
#[derive(Clone, Debug)]
pub struct Statement {
    pub account_index: usize,
    pub start: Option<Day>,
    pub end: Option<Day>,
    /// `INCLUDE=N` asks for balances only.
    pub include_transactions: bool,
    pub trnuid: String,
    /// Only rows for which this holds (Direct Connect's exact `DTSTART`/`DTEND` instants).
    pub keep: Option<fn(&TxRow, i64, i64) -> bool>,
    pub instants: (i64, i64),
}

/// A statement-level answer: the statement, or an OFX status code (e.g. 2003 account not found)
/// in the message set the request used (`card` = `CREDITCARDMSGSRSV1`).
pub enum Answer {
    Statement(Statement),
    Error {
        card: bool,
        trnuid: String,
        code: u32,
        message: String,
    },
}

/// Rows written and their signed sum.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub rows: u64,
    pub sum: Cents,
}

pub struct OfxWriter<'w> {
    out: &'w mut dyn Write,
    version: OfxVersion,
}

/// SGML/XML text escaping; OFX 1.x output is then mapped to Windows-1252 bytes.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl<'w> OfxWriter<'w> {
    pub fn new(out: &'w mut dyn Write, version: OfxVersion) -> OfxWriter<'w> {
        OfxWriter { out, version }
    }

    fn raw(&mut self, text: &str) -> io::Result<()> {
        match self.version {
            OfxVersion::V2 => self.out.write_all(text.as_bytes()),
            OfxVersion::V1 if text.is_ascii() => self.out.write_all(text.as_bytes()),
            OfxVersion::V1 => {
                let bytes: Vec<u8> = text
                    .chars()
                    .map(|c| {
                        if (c as u32) < 0x100 {
                            c as u32 as u8
                        } else {
                            b'?'
                        }
                    })
                    .collect();
                self.out.write_all(&bytes)
            }
        }
    }

    pub fn open(&mut self, tag: &str) -> io::Result<()> {
        self.raw(&format!("<{tag}>\n"))
    }

    pub fn close(&mut self, tag: &str) -> io::Result<()> {
        self.raw(&format!("</{tag}>\n"))
    }

    pub fn leaf(&mut self, tag: &str, value: &str) -> io::Result<()> {
        let value = escape(value);
        match self.version {
            OfxVersion::V1 => self.raw(&format!("<{tag}>{value}\n")),
            OfxVersion::V2 => self.raw(&format!("<{tag}>{value}</{tag}>\n")),
        }
    }

    pub fn header(&mut self) -> io::Result<()> {
        match self.version {
            OfxVersion::V1 => self.raw(
                "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n",
            ),
            OfxVersion::V2 => self.raw(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"220\" SECURITY=\"NONE\" OLDFILEUID=\"NONE\" NEWFILEUID=\"NONE\"?>\n",
            ),
        }
    }

    fn status(&mut self, code: u32, message: Option<&str>) -> io::Result<()> {
        self.open("STATUS")?;
        self.leaf("CODE", &code.to_string())?;
        self.leaf("SEVERITY", if code == 0 { "INFO" } else { "ERROR" })?;
        if let Some(message) = message {
            self.leaf("MESSAGE", message)?;
        }
        self.close("STATUS")
    }

    /// `SIGNONMSGSRSV1`; `code` 0 = success, 15500 = bad user id or password.
    pub fn signon(&mut self, now: Day, code: u32, qfx: bool) -> io::Result<()> {
        self.open("SIGNONMSGSRSV1")?;
        self.open("SONRS")?;
        let message = (code == 15500).then_some("Signon invalid: wrong user ID or password");
        self.status(code, message)?;
        self.leaf("DTSERVER", &ofx_datetime(now))?;
        self.leaf("LANGUAGE", "ENG")?;
        self.open("FI")?;
        self.leaf("ORG", FI_ORG)?;
        self.leaf("FID", FI_FID)?;
        self.close("FI")?;
        if qfx {
            self.leaf("INTU.BID", FI_FID)?;
        }
        self.close("SONRS")?;
        self.close("SIGNONMSGSRSV1")
    }

    fn transaction(&mut self, bank: &Bank, index: usize, row: &TxRow) -> io::Result<()> {
        let account = &bank.accounts[index];
        self.open("STMTTRN")?;
        self.leaf("TRNTYPE", trntype(row))?;
        self.leaf("DTPOSTED", &ofx_datetime(row.posted))?;
        self.leaf("DTUSER", &ofx_datetime(row.transacted))?;
        self.leaf("TRNAMT", &row.amount.to_decimal_string())?;
        self.leaf("FITID", &transaction_id(account, row))?;
        let description = row.description();
        let name = row
            .merchant()
            .map(|m| m.name.to_owned())
            .unwrap_or_else(|| description.clone());
        self.leaf("NAME", &name.chars().take(32).collect::<String>())?;
        self.leaf("MEMO", &description)?;
        if let Some(fx) = row.fx {
            self.open("ORIGCURRENCY")?;
            self.leaf("CURRATE", &fixed_text(fx.rate_micros, 6))?;
            self.leaf("CURSYM", fx.currency)?;
            self.close("ORIGCURRENCY")?;
        }
        self.close("STMTTRN")
    }

    /// One `STMTTRNRS` or `CCSTMTTRNRS` with its statement.
    pub fn statement(
        &mut self,
        bank: &Bank,
        now: Day,
        statement: &Statement,
    ) -> io::Result<Written> {
        let account = &bank.accounts[statement.account_index];
        let card = is_card(account);
        let (wrapper, body) = if card {
            ("CCSTMTTRNRS", "CCSTMTRS")
        } else {
            ("STMTTRNRS", "STMTRS")
        };
        self.open(wrapper)?;
        self.leaf("TRNUID", &statement.trnuid)?;
        self.status(0, None)?;
        self.open(body)?;
        self.leaf("CURDEF", "USD")?;
        if card {
            self.open("CCACCTFROM")?;
            self.leaf("ACCTID", &account.id)?;
            self.close("CCACCTFROM")?;
        } else {
            self.open("BANKACCTFROM")?;
            self.leaf("BANKID", BANK_ID)?;
            self.leaf("ACCTID", &account.id)?;
            self.leaf("ACCTTYPE", account_type(account))?;
            self.close("BANKACCTFROM")?;
        }
        let mut written = Written::default();
        if statement.include_transactions {
            let start = statement.start.unwrap_or(account.open_day);
            let end = statement.end.map_or(now, |e| e.min(now));
            self.open("BANKTRANLIST")?;
            self.leaf("DTSTART", &ofx_datetime(start))?;
            self.leaf("DTEND", &ofx_datetime(end))?;
            let mut failure = None;
            for_each_posted(
                bank,
                statement.account_index,
                now,
                statement.start,
                statement.end,
                |row| {
                    if failure.is_some()
                        || statement.keep.is_some_and(|keep| {
                            !keep(row, statement.instants.0, statement.instants.1)
                        })
                    {
                        return;
                    }
                    match self.transaction(bank, statement.account_index, row) {
                        Ok(()) => {
                            written.rows += 1;
                            written.sum += row.amount;
                        }
                        Err(error) => failure = Some(error),
                    }
                },
            );
            if let Some(error) = failure {
                return Err(error);
            }
            self.close("BANKTRANLIST")?;
        }
        let (ledger, available) = balances(bank, account, now);
        for (tag, amount) in [("LEDGERBAL", ledger), ("AVAILBAL", available)] {
            self.open(tag)?;
            self.leaf("BALAMT", &amount.to_decimal_string())?;
            self.leaf("DTASOF", &ofx_datetime(now))?;
            self.close(tag)?;
        }
        self.close(body)?;
        self.close(wrapper)?;
        Ok(written)
    }

    fn error(&mut self, card: bool, trnuid: &str, code: u32, message: &str) -> io::Result<()> {
        let wrapper = if card { "CCSTMTTRNRS" } else { "STMTTRNRS" };
        self.open(wrapper)?;
        self.leaf("TRNUID", trnuid)?;
        self.status(code, Some(message))?;
        self.close(wrapper)
    }

    /// A whole document: header, signon, then bank answers and card answers in their sets.
    pub fn document(
        &mut self,
        bank: &Bank,
        now: Day,
        signon_code: u32,
        qfx: bool,
        answers: &[Answer],
    ) -> io::Result<Written> {
        self.header()?;
        self.open("OFX")?;
        self.signon(now, signon_code, qfx)?;
        let mut total = Written::default();
        if signon_code == 0 {
            for (card, set) in [(false, "BANKMSGSRSV1"), (true, "CREDITCARDMSGSRSV1")] {
                let mine: Vec<&Answer> = answers
                    .iter()
                    .filter(|a| match a {
                        Answer::Statement(s) => is_card(&bank.accounts[s.account_index]) == card,
                        Answer::Error { card: c, .. } => *c == card,
                    })
                    .collect();
                if mine.is_empty() {
                    continue;
                }
                self.open(set)?;
                for answer in mine {
                    match answer {
                        Answer::Statement(statement) => {
                            let written = self.statement(bank, now, statement)?;
                            total.rows += written.rows;
                            total.sum += written.sum;
                        }
                        Answer::Error {
                            card,
                            trnuid,
                            code,
                            message,
                        } => self.error(*card, trnuid, *code, message)?,
                    }
                }
                self.close(set)?;
            }
        }
        self.close("OFX")?;
        Ok(total)
    }
}

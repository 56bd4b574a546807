//! Decoding bytes and reading CSV cells: text encodings, amounts with either separator, dates.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};
use rust_decimal::Decimal;

use super::mapping::CsvEncoding;
use crate::money::parse_plain_decimal;

/// Bytes to text. A UTF-8 or UTF-16 BOM always wins; `Auto` takes valid UTF-8 as UTF-8 and
/// anything else as Windows-1252 (which maps every byte).
pub(crate) fn decode(bytes: &[u8], encoding: CsvEncoding) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return UTF_16LE.decode_without_bom_handling(rest).0.into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return UTF_16BE.decode_without_bom_handling(rest).0.into_owned();
    }
    match encoding {
        CsvEncoding::Windows1252 => WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
        CsvEncoding::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
        CsvEncoding::Auto => match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(_) => WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        },
    }
}

/// Parses an amount such as `-1,234.56`, `1.234,56`, `$12.00`, `(12.00)`, `12.00-`, `+5`.
/// Returns `None` when the text is not an amount.
pub fn parse_amount_text(text: &str, decimal: char, thousands: Option<char>) -> Option<Decimal> {
    const SYMBOLS: [char; 4] = ['$', '€', '£', '¥'];
    let mut t = text.trim();
    if t.is_empty() || t.len() > 64 {
        return None;
    }
    let mut negative = false;
    if let Some(inner) = t.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        negative = true;
        t = inner.trim();
    }
    t = t.trim_start_matches(SYMBOLS).trim_start();
    if let Some(rest) = t.strip_suffix('-') {
        negative = !negative;
        t = rest.trim_end();
    }
    if let Some(rest) = t.strip_prefix('-') {
        negative = !negative;
        t = rest.trim_start();
    } else if let Some(rest) = t.strip_prefix('+') {
        t = rest.trim_start();
    }
    t = t.trim_start_matches(SYMBOLS).trim_start();
    let mut plain = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            c if c.is_whitespace() => {}
            c if Some(c) == thousands => {}
            c if c == decimal => plain.push('.'),
            c if c.is_ascii_digit() => plain.push(c),
            _ => return None,
        }
    }
    let mut value = parse_plain_decimal(&plain).ok()?;
    if negative && !value.is_zero() {
        value.set_sign_negative(true);
    }
    Some(value)
}

/// Lower case, whitespace collapsed, BOM and quotes dropped: how header cells are compared.
pub(crate) fn normalize_header(cell: &str) -> String {
    cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '"')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// 1-based physical line numbers of byte offsets, counted incrementally (offsets must not go
/// backwards). The csv crate's own line numbers lag behind on CRLF and blank lines.
pub(crate) struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        Lines {
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    /// The line on which the record that csv reports at `byte` really starts (past any line
    /// terminators that csv counts as the record's start).
    pub fn record_line(&mut self, byte: u64) -> u64 {
        let mut at = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        while matches!(self.bytes.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        self.line_at(at)
    }

    fn line_at(&mut self, at: usize) -> u64 {
        if at < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        let span = self.bytes.get(self.pos..at).unwrap_or_default();
        for (i, &b) in span.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && span.get(i + 1).or(self.bytes.get(at)) != Some(&b'\n'))
            {
                self.line += 1;
            }
        }
        self.pos = at;
        self.line
    }
}

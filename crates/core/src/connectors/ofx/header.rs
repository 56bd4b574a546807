//! Header sniffing and decoding: OFX 1.x (`OFXHEADER:100`, SGML) or 2.x (`<?OFX OFXHEADER="200"?>`,
//! XML), with the character set the header names (Windows-1252 / Latin-1 / UTF-8), BOMs tolerated.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use super::error::OfxError;

/// Which flavour of OFX the file declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfxVersion {
    /// OFX 1.x: SGML, leaf end tags optional. `version` is the header's VERSION (e.g. "102").
    Sgml { version: String },
    /// OFX 2.x: XML. `version` is the processing instruction's VERSION (e.g. "211").
    Xml { version: String },
    /// No header at all, the file starts at `<OFX>` (read with the same tolerant rules).
    Headerless,
}

/// The decoded document and where its markup starts.
pub(crate) struct Decoded {
    pub text: String,
    pub version: OfxVersion,
    /// Byte offset in `text` of the first `<` (the header lines come before it).
    pub body_start: usize,
}

/// What the header asks for, before decoding.
enum Charset {
    Utf8,
    Windows1252,
    /// Not stated (or US-ASCII/NONE): UTF-8 when the bytes are valid UTF-8, else Windows-1252.
    Auto,
}

pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, OfxError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let (version, _) = sniff(rest)?;
        return finish(decode_as(rest, Charset::Utf8), version);
    }
    for (bom, enc) in [(&[0xFF, 0xFE], UTF_16LE), (&[0xFE, 0xFF], UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, _) = enc.decode_without_bom_handling(rest);
            let (version, _) = sniff(text.as_bytes())?;
            return finish(text.into_owned(), version);
        }
    }
    let (version, charset) = sniff(bytes)?;
    finish(decode_as(bytes, charset), version)
}

fn finish(text: String, version: OfxVersion) -> Result<Decoded, OfxError> {
    let body_start = text
        .find('<')
        .ok_or_else(|| OfxError::NotOfx("no OFX markup after the header".into()))?;
    Ok(Decoded {
        text,
        version,
        body_start,
    })
}

fn decode_as(bytes: &[u8], charset: Charset) -> String {
    match charset {
        Charset::Windows1252 => WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
        // A file that says UTF-8 but is not is almost always Windows-1252 in disguise.
        Charset::Utf8 | Charset::Auto => match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(_) => WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        },
    }
}

/// Reads the header from the ASCII prefix of the file.
fn sniff(bytes: &[u8]) -> Result<(OfxVersion, Charset), OfxError> {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .ok_or_else(|| OfxError::NotOfx("the file is empty".into()))?;
    let rest = bytes.get(start..).unwrap_or_default();
    let lt = rest.iter().position(|&b| b == b'<').unwrap_or(rest.len());
    let prefix = rest.get(..lt).unwrap_or_default();
    if starts_with_ci(prefix, b"OFXHEADER") {
        return sgml_header(prefix);
    }
    if !prefix.is_empty() {
        return Err(OfxError::NotOfx(
            "the file starts with neither an OFX header nor '<'".into(),
        ));
    }
    if starts_with_ci(rest, b"<?xml") {
        return Ok(xml_header(rest));
    }
    Ok((OfxVersion::Headerless, Charset::Auto))
}

fn sgml_header(prefix: &[u8]) -> Result<(OfxVersion, Charset), OfxError> {
    let text = String::from_utf8_lossy(prefix);
    let (mut header, mut data, mut version) = (None, None, String::new());
    let (mut encoding, mut charset) = (String::new(), String::new());
    for token in text.split_whitespace() {
        let Some((key, value)) = token.split_once(':') else {
            return Err(OfxError::Header(format!("'{token}' is not KEY:VALUE")));
        };
        let value = value.trim().to_ascii_uppercase();
        match key.trim().to_ascii_uppercase().as_str() {
            "OFXHEADER" => header = Some(value),
            "DATA" => data = Some(value),
            "VERSION" => version = value,
            "ENCODING" => encoding = value,
            "CHARSET" => charset = value,
            _ => {}
        }
    }
    if header.as_deref() != Some("100") {
        return Err(OfxError::Header(format!(
            "OFXHEADER is {}, expected 100",
            header.unwrap_or_default()
        )));
    }
    if let Some(d) = data.filter(|d| d != "OFXSGML") {
        return Err(OfxError::Header(format!("DATA is {d}, expected OFXSGML")));
    }
    let charset = match (encoding.as_str(), charset.as_str()) {
        ("UTF-8" | "UTF8", _) => Charset::Utf8,
        (_, "1252" | "ISO-8859-1" | "8859-1" | "LATIN1" | "LATIN-1" | "WINDOWS-1252") => {
            Charset::Windows1252
        }
        _ => Charset::Auto,
    };
    Ok((OfxVersion::Sgml { version }, charset))
}

fn xml_header(rest: &[u8]) -> (OfxVersion, Charset) {
    let head = String::from_utf8_lossy(rest.get(..rest.len().min(1024)).unwrap_or_default());
    let decl_end = head.find("?>").unwrap_or(head.len());
    let decl = head.get(..decl_end).unwrap_or_default();
    let charset = match attribute(decl, "encoding") {
        None => Charset::Utf8,
        Some(label) => match Encoding::for_label(label.as_bytes()) {
            Some(enc) if enc == UTF_8 => Charset::Utf8,
            Some(enc) if enc == WINDOWS_1252 => Charset::Windows1252,
            _ => Charset::Auto,
        },
    };
    let upper = head.to_ascii_uppercase();
    let version = match upper.find("<?OFX") {
        Some(at) => {
            let pi = head.get(at..).unwrap_or_default();
            let pi = pi
                .get(..pi.find("?>").unwrap_or(pi.len()))
                .unwrap_or_default();
            let version = attribute(pi, "VERSION").unwrap_or_default();
            OfxVersion::Xml { version }
        }
        None => OfxVersion::Headerless,
    };
    (version, charset)
}

/// The value of `name="value"` (or single-quoted) inside a declaration, case-insensitive name.
fn attribute(decl: &str, name: &str) -> Option<String> {
    let upper = decl.to_ascii_uppercase();
    let at = upper.find(&format!("{}=", name.to_ascii_uppercase()))?;
    let after = decl.get(at + name.len() + 1..)?;
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = after.get(1..)?;
    Some(inner.get(..inner.find(quote)?)?.trim().to_string())
}

fn starts_with_ci(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len()
        && bytes
            .iter()
            .zip(prefix)
            .all(|(a, b)| a.eq_ignore_ascii_case(b))
}

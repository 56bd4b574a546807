//! Character references in OFX text: the SGML/XML named entities OFX uses and numeric ones.

use std::borrow::Cow;

/// Decodes `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;` and numeric references; unknown
/// entities stay as written.
pub(crate) fn decode_entities(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let after = rest.get(amp..).unwrap_or("");
        let semi = after.get(..after.len().min(12)).and_then(|s| s.find(';'));
        let decoded = semi.and_then(|s| entity(after.get(1..s)?).map(|c| (c, s)));
        match decoded {
            Some((c, s)) => {
                out.push(c);
                rest = after.get(s + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

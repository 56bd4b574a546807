//! Opaque cursors: what a client echoes back to continue or resume a listing.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::calendar::Day;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CursorError {
    #[error("the cursor is not one this server issued")]
    Malformed,
    #[error("the cursor belongs to another account or program")]
    WrongOwner,
}

/// A transactions cursor: a change window `(since, upto]` over rows' last-change days, plus the
/// position reached inside it. `upto == None` means "up to whatever today is on the next call".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TxCursor {
    pub account: usize,
    pub since: Option<Day>,
    pub upto: Option<Day>,
    pub after: Option<(Day, u64)>,
}

/// A ledger cursor (rewards events): the last `(day, key)` returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LedgerCursor {
    pub account: usize,
    pub after: (Day, u64),
}

fn field<T: ToString>(value: Option<T>) -> String {
    value
        .map(|v| v.to_string())
        .unwrap_or_else(|| "-".to_owned())
}

fn parse_field<T: std::str::FromStr>(text: &str) -> Result<Option<T>, CursorError> {
    if text == "-" {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| CursorError::Malformed)
}

fn decode_fields(text: &str, tag: &str, count: usize) -> Result<Vec<String>, CursorError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| CursorError::Malformed)?;
    let text = String::from_utf8(bytes).map_err(|_| CursorError::Malformed)?;
    let fields: Vec<String> = text.split(':').map(str::to_owned).collect();
    if fields.len() != count + 1 || fields[0] != tag {
        return Err(CursorError::Malformed);
    }
    Ok(fields[1..].to_vec())
}

impl TxCursor {
    pub fn encode(&self) -> String {
        let text = format!(
            "tx1:{}:{}:{}:{}:{}",
            self.account,
            field(self.since),
            field(self.upto),
            field(self.after.map(|a| a.0)),
            field(self.after.map(|a| a.1)),
        );
        URL_SAFE_NO_PAD.encode(text)
    }

    pub fn decode(text: &str, account: usize) -> Result<TxCursor, CursorError> {
        let fields = decode_fields(text, "tx1", 5)?;
        let owner: usize = parse_field(&fields[0])?.ok_or(CursorError::Malformed)?;
        if owner != account {
            return Err(CursorError::WrongOwner);
        }
        let after_day: Option<Day> = parse_field(&fields[3])?;
        let after_key: Option<u64> = parse_field(&fields[4])?;
        let after = match (after_day, after_key) {
            (Some(day), Some(key)) => Some((day, key)),
            (None, None) => None,
            _ => return Err(CursorError::Malformed),
        };
        Ok(TxCursor {
            account,
            since: parse_field(&fields[1])?,
            upto: parse_field(&fields[2])?,
            after,
        })
    }
}

impl LedgerCursor {
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!(
            "rw1:{}:{}:{}",
            self.account, self.after.0, self.after.1
        ))
    }

    pub fn decode(text: &str, account: usize) -> Result<LedgerCursor, CursorError> {
        let fields = decode_fields(text, "rw1", 3)?;
        let owner: usize = parse_field(&fields[0])?.ok_or(CursorError::Malformed)?;
        if owner != account {
            return Err(CursorError::WrongOwner);
        }
        let day = parse_field(&fields[1])?.ok_or(CursorError::Malformed)?;
        let key = parse_field(&fields[2])?.ok_or(CursorError::Malformed)?;
        Ok(LedgerCursor {
            account,
            after: (day, key),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let cursor = TxCursor {
            account: 2,
            since: Some(5),
            upto: None,
            after: Some((7, 9)),
        };
        assert_eq!(TxCursor::decode(&cursor.encode(), 2), Ok(cursor));
        assert_eq!(
            TxCursor::decode(&cursor.encode(), 3),
            Err(CursorError::WrongOwner)
        );
        assert_eq!(TxCursor::decode("garbage!", 2), Err(CursorError::Malformed));
        let ledger = LedgerCursor {
            account: 1,
            after: (3, 4),
        };
        assert_eq!(LedgerCursor::decode(&ledger.encode(), 1), Ok(ledger));
    }
}

//! The compact transaction row every account's month is made of, and its state at a given day.

use crate::calendar::Day;
use crate::catalog::{Merchant, FOREIGN_MERCHANTS, MERCHANTS};
use crate::money::Cents;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxKind {
    Purchase,
    Refund,
    Payment,
    Fee,
    Interest,
    InterestCredit,
    TransferIn,
    TransferOut,
}

impl TxKind {
    pub fn name(self) -> &'static str {
        match self {
            TxKind::Purchase => "purchase",
            TxKind::Refund => "refund",
            TxKind::Payment => "payment",
            TxKind::Fee => "fee",
            TxKind::Interest => "interest",
            TxKind::InterestCredit => "interest_credit",
            TxKind::TransferIn => "transfer_in",
            TxKind::TransferOut => "transfer_out",
        }
    }
}

/// What happens to an authorization (pending row).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// It posts on `day` as the row with key `posted_key` (a new id that links back).
    Posts { day: Day, posted_key: u64 },
    /// It is never captured and drops off on `day`.
    Expires { day: Day },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A posted row, linked to the authorization it settles when there was one.
    Posted { authorization: Option<u64> },
    /// An authorization hold: pending until it is resolved.
    Authorization { resolution: Resolution },
}

/// How the row's description is rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowText {
    Merchant {
        index: u16,
        foreign: bool,
        reference: u32,
    },
    Label(&'static str),
    /// An ACH line: `"<label> <counterparty>"`.
    Transfer {
        label: &'static str,
        counterparty: &'static str,
    },
}

/// A foreign purchase: amount in the original currency's minor units and the USD rate (millionths).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fx {
    pub original_minor: i64,
    pub currency: &'static str,
    pub rate_micros: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TxRow {
    /// Unique within the account, `(month offset << 32) | sequence`.
    pub key: u64,
    pub kind: TxKind,
    pub role: Role,
    pub transacted: Day,
    /// Posting day (for authorizations: the day they were authorized).
    pub posted: Day,
    pub amount: Cents,
    pub text: RowText,
    pub fx: Option<Fx>,
}

/// The state of a row as seen on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowState {
    Posted,
    Pending,
    Superseded,
    Expired,
}

impl RowState {
    pub fn name(self) -> &'static str {
        match self {
            RowState::Posted => "posted",
            RowState::Pending => "pending",
            RowState::Superseded => "superseded",
            RowState::Expired => "expired",
        }
    }
}

impl TxRow {
    /// The day the row first becomes visible through the API.
    pub fn created(&self) -> Day {
        match self.role {
            Role::Posted { .. } => self.posted,
            Role::Authorization { .. } => self.transacted,
        }
    }

    pub fn visible_at(&self, now: Day) -> bool {
        self.created() <= now
    }

    pub fn state_at(&self, now: Day) -> RowState {
        match self.role {
            Role::Posted { .. } => RowState::Posted,
            Role::Authorization { resolution } => match resolution {
                Resolution::Posts { day, .. } if day <= now => RowState::Superseded,
                Resolution::Expires { day } if day <= now => RowState::Expired,
                _ => RowState::Pending,
            },
        }
    }

    /// The day of the row's latest change visible at `now` (creation or resolution).
    pub fn last_change(&self, now: Day) -> Day {
        match self.role {
            Role::Authorization { resolution } => {
                let day = match resolution {
                    Resolution::Posts { day, .. } | Resolution::Expires { day } => day,
                };
                if day <= now {
                    day
                } else {
                    self.transacted
                }
            }
            Role::Posted { .. } => self.posted,
        }
    }

    pub fn merchant(&self) -> Option<&'static Merchant> {
        match self.text {
            RowText::Merchant {
                index,
                foreign: false,
                ..
            } => MERCHANTS.get(usize::from(index)),
            RowText::Merchant {
                index,
                foreign: true,
                ..
            } => FOREIGN_MERCHANTS.get(usize::from(index)),
            RowText::Label(_) | RowText::Transfer { .. } => None,
        }
    }

    /// The raw statement text, e.g. `AMZN Mktp US*2K4AB12C3`.
    pub fn description(&self) -> String {
        match self.text {
            RowText::Label(label) => label.to_owned(),
            RowText::Transfer {
                label,
                counterparty,
            } => format!("{label} {counterparty}"),
            RowText::Merchant { reference, .. } => {
                let raw = self.merchant().map(|m| m.raw).unwrap_or("UNKNOWN MERCHANT");
                let mut text = raw.replace("{ref}", &reference_code(reference));
                if text.contains("{num}") {
                    let store = 1_000 + (reference % 3) * 2_417 + (reference % 7) * 311;
                    text = text.replace("{num}", &format!("{store:05}"));
                }
                if self.kind == TxKind::Refund {
                    text.push_str(" RETURN");
                }
                text
            }
        }
    }
}

/// Nine characters from a reference number, like the suffixes on Amazon statement lines.
pub fn reference_code(reference: u32) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut value = u64::from(reference).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 7;
    (0..9)
        .map(|_| {
            let c = ALPHABET[(value % ALPHABET.len() as u64) as usize] as char;
            value /= ALPHABET.len() as u64;
            c
        })
        .collect()
}

/// Sum of amounts of rows posted on or before `now` (pending and superseded holds excluded).
pub fn posted_sum(rows: &[TxRow], now: Day) -> Cents {
    rows.iter()
        .filter(|r| matches!(r.role, Role::Posted { .. }) && r.posted <= now)
        .fold(Cents::ZERO, |sum, r| sum + r.amount)
}

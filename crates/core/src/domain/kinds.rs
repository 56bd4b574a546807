//! The closed vocabularies of the domain: kinds of accounts, statuses, reward units, events.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// The text stored in the vault and shown in exports.
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stored text.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// What a connection speaks.
    ConnectionKind { Issuer => "issuer", Fdx => "fdx", SimpleFin => "simplefin", Ofx => "ofx", Csv => "csv", File => "file" }
);

vocabulary!(
    /// What kind of account.
    AccountKind { CreditCard => "credit_card", Savings => "savings", Cd => "cd", Checking => "checking" }
);

vocabulary!(
    /// Whether an account is still in use.
    AccountStatus { Open => "open", Closed => "closed", Matured => "matured" }
);

vocabulary!(
    /// Where a transaction stands. `Superseded` is a pending authorization that a posting settled
    /// (kept and shown, never counted); `Expired` a pending that never posted; `Voided` a posting
    /// the institution later voided or replaced.
    TransactionStatus { Pending => "pending", Posted => "posted", Superseded => "superseded", Expired => "expired", Voided => "voided" }
);

vocabulary!(
    /// The unit a reward program counts in.
    RewardUnit { Miles => "miles", Points => "points", Cash => "cash" }
);

vocabulary!(
    /// What happened in a reward program.
    RewardEventKind { Accrual => "accrual", Bonus => "bonus", Redemption => "redemption", Adjustment => "adjustment", Expiry => "expiry" }
);

vocabulary!(
    /// Which way money moved in a transfer, seen from the account.
    TransferDirection { Inbound => "inbound", Outbound => "outbound" }
);

vocabulary!(
    /// Where a transfer stands.
    TransferStatus { Scheduled => "scheduled", Completed => "completed", Failed => "failed", Cancelled => "cancelled" }
);

vocabulary!(
    /// Card-control events.
    CardEventKind { Locked => "locked", Unlocked => "unlocked", ReplacementRequested => "replacement_requested", Shipped => "shipped", Delivered => "delivered" }
);

/// An ISO 18245 merchant category code: exactly four digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mcc(u16);

impl Mcc {
    pub fn parse(text: &str) -> Option<Mcc> {
        let t = text.trim();
        if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
            t.parse().ok().map(Mcc)
        } else {
            None
        }
    }

    pub fn code(&self) -> u16 {
        self.0
    }
}

impl fmt::Display for Mcc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.0)
    }
}

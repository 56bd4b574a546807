//! Static reference data: spending categories, merchants with ISO 18245 MCCs, co-brand products
//! and their reward programs.

mod merchants;
mod products;

pub use merchants::{merchant_index, Merchant, FOREIGN_MERCHANTS, MERCHANTS};
pub use products::{ExpiryRule, Product, RewardProgram, PRODUCTS};

/// Spending categories the sandbox assigns, each backed by real MCCs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Airline,
    Hotel,
    Cruise,
    Grocery,
    Dining,
    FastFood,
    Fuel,
    Rideshare,
    Streaming,
    Shopping,
    Pharmacy,
    Transit,
    CarRental,
    Utilities,
}

impl Category {
    pub const ALL: [Category; 14] = [
        Category::Airline,
        Category::Hotel,
        Category::Cruise,
        Category::Grocery,
        Category::Dining,
        Category::FastFood,
        Category::Fuel,
        Category::Rideshare,
        Category::Streaming,
        Category::Shopping,
        Category::Pharmacy,
        Category::Transit,
        Category::CarRental,
        Category::Utilities,
    ];

    /// The category name the API reports.
    pub fn name(self) -> &'static str {
        match self {
            Category::Airline => "airline",
            Category::Hotel => "hotel",
            Category::Cruise => "cruise",
            Category::Grocery => "grocery",
            Category::Dining => "dining",
            Category::FastFood => "fast_food",
            Category::Fuel => "fuel",
            Category::Rideshare => "rideshare",
            Category::Streaming => "streaming",
            Category::Shopping => "shopping",
            Category::Pharmacy => "pharmacy",
            Category::Transit => "transit",
            Category::CarRental => "car_rental",
            Category::Utilities => "utilities",
        }
    }
}

/// Foreign currencies the sandbox uses, with minor-unit digits and a base USD rate in millionths.
pub struct Currency {
    pub code: &'static str,
    pub minor_digits: u8,
    pub usd_rate_micros: i64,
}

pub const CURRENCIES: [Currency; 5] = [
    Currency {
        code: "EUR",
        minor_digits: 2,
        usd_rate_micros: 1_084_200,
    },
    Currency {
        code: "GBP",
        minor_digits: 2,
        usd_rate_micros: 1_268_500,
    },
    Currency {
        code: "JPY",
        minor_digits: 0,
        usd_rate_micros: 6_710,
    },
    Currency {
        code: "MXN",
        minor_digits: 2,
        usd_rate_micros: 58_300,
    },
    Currency {
        code: "CAD",
        minor_digits: 2,
        usd_rate_micros: 731_900,
    },
];

pub fn currency(code: &str) -> &'static Currency {
    CURRENCIES
        .iter()
        .find(|c| c.code == code)
        .unwrap_or(&CURRENCIES[0])
}

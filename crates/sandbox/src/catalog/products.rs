//! Barclays US co-brand card products, their reward programs, bonus categories and earn rates.

use super::{Category, Merchant};

/// How a reward program's points expire. Where both clauses are set, the earlier date wins.
pub struct ExpiryRule {
    pub text: &'static str,
    /// Points expire this many months after they were earned.
    pub months_after_earning: Option<i32>,
    /// All points expire after this many months without earning or redeeming.
    pub months_inactive: Option<i32>,
}

pub struct RewardProgram {
    pub code: &'static str,
    pub name: &'static str,
    /// `miles`, `points` or `cents` (cash back is counted in cents).
    pub unit: &'static str,
    pub expiry: ExpiryRule,
}

/// A bonus: `rate` points per dollar when the merchant or category matches.
pub enum BonusMatch {
    Merchant(&'static str),
    Category(Category),
}

pub struct Bonus {
    pub matches: BonusMatch,
    pub rate: i64,
    pub label: &'static str,
}

pub struct Product {
    pub code: &'static str,
    pub name: &'static str,
    pub co_brand: &'static str,
    pub network: &'static str,
    pub program: RewardProgram,
    pub bonuses: &'static [Bonus],
    pub base_rate: i64,
    pub annual_fee_cents: i64,
    pub apr_bps: i64,
    pub signup_bonus: i64,
    pub anniversary_bonus: i64,
    /// Spend weights per category (same order as `Category::ALL`), shaping realistic card use.
    pub spend_weights: [u32; 14],
}

impl Product {
    /// The earn rate (points per dollar) and bonus label for a merchant on this card.
    pub fn earn_rate(&self, merchant: &Merchant) -> (i64, &'static str) {
        for bonus in self.bonuses {
            let hit = match bonus.matches {
                BonusMatch::Merchant(name) => merchant.name == name,
                BonusMatch::Category(category) => merchant.category == category,
            };
            if hit {
                return (bonus.rate, bonus.label);
            }
        }
        (self.base_rate, "base")
    }
}

//                  air hot cru gro din ff fuel ride str shop pha tra car util
const TRAVELLER: [u32; 14] = [6, 3, 1, 18, 12, 14, 9, 6, 4, 16, 4, 3, 1, 3];
const CRUISER: [u32; 14] = [3, 2, 4, 20, 12, 12, 10, 4, 4, 17, 5, 2, 1, 4];
const COMMUTER: [u32; 14] = [2, 1, 0, 16, 16, 16, 4, 18, 5, 14, 4, 2, 0, 2];

pub static PRODUCTS: &[Product] = &[
    Product {
        code: "aadvantage_aviator_red",
        name: "AAdvantage Aviator Red World Elite Mastercard",
        co_brand: "American Airlines",
        network: "Mastercard",
        program: RewardProgram {
            code: "aadvantage",
            name: "AAdvantage",
            unit: "miles",
            expiry: ExpiryRule {
                text: "Miles expire after 24 months without earning or redeeming miles.",
                months_after_earning: None,
                months_inactive: Some(24),
            },
        },
        bonuses: &[Bonus {
            matches: BonusMatch::Merchant("American Airlines"),
            rate: 2,
            label: "american_airlines",
        }],
        base_rate: 1,
        annual_fee_cents: 9_900,
        apr_bps: 2_124,
        signup_bonus: 60_000,
        anniversary_bonus: 0,
        spend_weights: TRAVELLER,
    },
    Product {
        code: "jetblue_plus",
        name: "JetBlue Plus Card",
        co_brand: "JetBlue",
        network: "Mastercard",
        program: RewardProgram {
            code: "trueblue",
            name: "TrueBlue",
            unit: "points",
            expiry: ExpiryRule {
                text: "TrueBlue points do not expire.",
                months_after_earning: None,
                months_inactive: None,
            },
        },
        bonuses: &[
            Bonus {
                matches: BonusMatch::Merchant("JetBlue Airways"),
                rate: 6,
                label: "jetblue",
            },
            Bonus {
                matches: BonusMatch::Category(Category::Dining),
                rate: 2,
                label: "dining",
            },
            Bonus {
                matches: BonusMatch::Category(Category::FastFood),
                rate: 2,
                label: "dining",
            },
            Bonus {
                matches: BonusMatch::Category(Category::Grocery),
                rate: 2,
                label: "grocery",
            },
        ],
        base_rate: 1,
        annual_fee_cents: 9_900,
        apr_bps: 2_149,
        signup_bonus: 70_000,
        anniversary_bonus: 5_000,
        spend_weights: TRAVELLER,
    },
    Product {
        code: "wyndham_rewards_earner_plus",
        name: "Wyndham Rewards Earner Plus Card",
        co_brand: "Wyndham",
        network: "Visa",
        program: RewardProgram {
            code: "wyndham_rewards",
            name: "Wyndham Rewards",
            unit: "points",
            expiry: ExpiryRule {
                text: "Points expire after 18 months without earning or redeeming, or 4 years \
                       after they were earned, whichever comes first.",
                months_after_earning: Some(48),
                months_inactive: Some(18),
            },
        },
        bonuses: &[
            Bonus {
                matches: BonusMatch::Category(Category::Hotel),
                rate: 6,
                label: "hotels",
            },
            Bonus {
                matches: BonusMatch::Category(Category::Fuel),
                rate: 6,
                label: "gas",
            },
            Bonus {
                matches: BonusMatch::Category(Category::Dining),
                rate: 4,
                label: "dining",
            },
            Bonus {
                matches: BonusMatch::Category(Category::Grocery),
                rate: 4,
                label: "grocery",
            },
        ],
        base_rate: 1,
        annual_fee_cents: 7_500,
        apr_bps: 2_199,
        signup_bonus: 45_000,
        anniversary_bonus: 7_500,
        spend_weights: TRAVELLER,
    },
    Product {
        code: "hawaiian_airlines_world_elite",
        name: "Hawaiian Airlines World Elite Mastercard",
        co_brand: "Hawaiian Airlines",
        network: "Mastercard",
        program: RewardProgram {
            code: "hawaiianmiles",
            name: "HawaiianMiles",
            unit: "miles",
            expiry: ExpiryRule {
                text: "HawaiianMiles do not expire.",
                months_after_earning: None,
                months_inactive: None,
            },
        },
        bonuses: &[
            Bonus {
                matches: BonusMatch::Merchant("Hawaiian Airlines"),
                rate: 3,
                label: "hawaiian_airlines",
            },
            Bonus {
                matches: BonusMatch::Category(Category::Fuel),
                rate: 2,
                label: "gas",
            },
            Bonus {
                matches: BonusMatch::Category(Category::Dining),
                rate: 2,
                label: "dining",
            },
            Bonus {
                matches: BonusMatch::Category(Category::Grocery),
                rate: 2,
                label: "grocery",
            },
        ],
        base_rate: 1,
        annual_fee_cents: 9_900,
        apr_bps: 2_174,
        signup_bonus: 70_000,
        anniversary_bonus: 0,
        spend_weights: TRAVELLER,
    },
    Product {
        code: "carnival_world_mastercard",
        name: "Carnival World Mastercard",
        co_brand: "Carnival Cruise Line",
        network: "Mastercard",
        program: RewardProgram {
            code: "carnival_funpoints",
            name: "Carnival FunPoints",
            unit: "points",
            expiry: ExpiryRule {
                text: "FunPoints expire 12 months after the month they were earned.",
                months_after_earning: Some(12),
                months_inactive: None,
            },
        },
        bonuses: &[Bonus {
            matches: BonusMatch::Merchant("Carnival Cruise Line"),
            rate: 2,
            label: "carnival",
        }],
        base_rate: 1,
        annual_fee_cents: 0,
        apr_bps: 2_074,
        signup_bonus: 10_000,
        anniversary_bonus: 0,
        spend_weights: CRUISER,
    },
    Product {
        code: "princess_cruises_rewards_visa",
        name: "Princess Cruises Rewards Visa Card",
        co_brand: "Princess Cruises",
        network: "Visa",
        program: RewardProgram {
            code: "princess_points",
            name: "Princess Cruises Rewards",
            unit: "points",
            expiry: ExpiryRule {
                text: "Points expire 12 months after the month they were earned.",
                months_after_earning: Some(12),
                months_inactive: None,
            },
        },
        bonuses: &[Bonus {
            matches: BonusMatch::Merchant("Princess Cruises"),
            rate: 2,
            label: "princess",
        }],
        base_rate: 1,
        annual_fee_cents: 0,
        apr_bps: 2_074,
        signup_bonus: 10_000,
        anniversary_bonus: 0,
        spend_weights: CRUISER,
    },
    Product {
        code: "uber_visa",
        name: "Uber Visa Card",
        co_brand: "Uber",
        network: "Visa",
        program: RewardProgram {
            code: "uber_cash",
            name: "Uber Cash Back",
            unit: "cents",
            expiry: ExpiryRule {
                text: "Cash back does not expire while the account is open.",
                months_after_earning: None,
                months_inactive: None,
            },
        },
        bonuses: &[
            Bonus {
                matches: BonusMatch::Category(Category::Rideshare),
                rate: 5,
                label: "uber",
            },
            Bonus {
                matches: BonusMatch::Category(Category::Dining),
                rate: 3,
                label: "dining",
            },
            Bonus {
                matches: BonusMatch::Category(Category::Hotel),
                rate: 3,
                label: "hotels",
            },
            Bonus {
                matches: BonusMatch::Category(Category::Airline),
                rate: 3,
                label: "airfare",
            },
        ],
        base_rate: 1,
        annual_fee_cents: 0,
        apr_bps: 2_024,
        signup_bonus: 10_000,
        anniversary_bonus: 0,
        spend_weights: COMMUTER,
    },
];

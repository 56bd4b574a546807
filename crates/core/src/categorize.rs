//! Categories from merchant category codes: the complete ISO 18245 range table, shipped as data,
//! and a pure lookup over it. User rules and manual edits override it (see `analytics::rules`).

use crate::domain::Mcc;

/// Every code from 0000 to 9999 belongs to the entry with the greatest `start` not above it, so
/// the table is complete by construction. Names match the vault's seeded categories. Ranges
/// follow ISO 18245's groups (agricultural and contracted services, airlines, car rental,
/// lodging, transportation, utilities, retail, clothing, misc. retail, financial, personal and
/// business services, repair, amusement, medical, professional services, government).
pub const MCC_TABLE: &[(u16, &str)] = &[
    (0, "Services"),            // 0001–2999 agricultural and contracted services
    (3000, "Airfare"),          // 3000–3350 airlines
    (3351, "Car rental"),       // 3351–3500 car rental agencies
    (3501, "Lodging"),          // 3501–3999 hotels and resorts
    (4000, "Services"),         // 4011 railroads (freight)
    (4111, "Ground transport"), // 4111 commuter transport, 4112 passenger rail
    (4119, "Health"),           // 4119 ambulance services
    (4120, "Ground transport"), // 4121 taxis and rideshare, 4131 bus lines
    (4214, "Services"),         // 4214 freight, 4215 courier, 4225 storage
    (4411, "Cruises"),          // 4411 steamship and cruise lines
    (4457, "Entertainment"),    // 4457 boat rentals
    (4468, "Services"),         // 4468 marinas
    (4511, "Airfare"),          // 4511 airlines, 4582 airports
    (4583, "Services"),
    (4722, "Airfare"), // 4722 travel agencies, 4723 package tours
    (4724, "Services"),
    (4784, "Ground transport"), // 4784 tolls and bridge fees, 4789 transportation services
    (4812, "Utilities"),        // 4812–4816 telecommunications and network services
    (4821, "Services"),         // 4821 telegraph, 4829 wire transfers and money orders
    (4899, "Subscriptions"),    // 4899 cable, satellite and streaming
    (4900, "Utilities"),        // 4900 electric, gas, water, sanitary
    (5000, "Shopping"),         // 5000–5399 wholesale and retail
    (5411, "Groceries"),        // 5411 grocery stores and supermarkets
    (5412, "Shopping"),
    (5422, "Groceries"), // 5422 meat, 5441 candy, 5451 dairy, 5462 bakeries
    (5463, "Shopping"),
    (5499, "Groceries"), // 5499 convenience and specialty food
    (5500, "Shopping"),  // 5511–5599 automotive dealers and parts
    (5541, "Gas"),       // 5541 service stations, 5542 fuel dispensers
    (5543, "Shopping"),
    (5552, "Gas"),           // 5552 electric vehicle charging
    (5553, "Shopping"),      // 5600–5699 clothing, 5700–5799 home furnishing
    (5811, "Dining"),        // 5811 caterers, 5812 restaurants, 5813 bars, 5814 fast food
    (5815, "Subscriptions"), // 5815–5818 digital goods and media
    (5819, "Shopping"),
    (5912, "Health"),        // 5912 drug stores and pharmacies
    (5913, "Shopping"),      // 5960–5969 direct marketing
    (5968, "Subscriptions"), // 5968 continuity and subscription merchants
    (5969, "Shopping"),
    (5975, "Health"), // 5975 hearing aids, 5976 orthopedic goods
    (5977, "Shopping"),
    (5983, "Gas"),      // 5983 fuel dealers
    (5984, "Shopping"), // 5992–5999 misc. retail
    (6010, "Fees"),     // 6010–6012 cash disbursements
    (6013, "Services"),
    (6050, "Fees"),      // 6050, 6051 quasi-cash
    (6052, "Services"),  // 6211 securities, 6300 insurance, 6513 real estate and rent
    (6540, "Transfers"), // 6540 stored-value card loads
    (6541, "Services"),
    (7000, "Lodging"), // 7011 lodging, 7012 timeshares, 7032 camps, 7033 trailer parks
    (7034, "Services"), // 7210–7299 personal services, 7311–7399 business services
    (7511, "Gas"),     // 7511 truck stops
    (7512, "Car rental"), // 7512–7519 car, truck and RV rental
    (7523, "Ground transport"), // 7523 parking lots and garages
    (7531, "Services"), // 7531–7549 automotive service, 7600–7699 repair
    (7800, "Entertainment"), // 7800–7999 amusement and recreation
    (8000, "Health"),  // 8011–8099 medical services
    (8100, "Services"), // 8111–8999 professional services, education, membership
    (9000, "Services"), // 9211–9405 government services, taxes and postage
    (9950, "Transfers"), // 9950 intra-company purchases
    (9951, "Other"),
];

/// The category a merchant category code belongs to.
pub fn category_for_mcc(mcc: Mcc) -> &'static str {
    let code = mcc.code();
    let index = MCC_TABLE.partition_point(|(start, _)| *start <= code);
    MCC_TABLE[index.saturating_sub(1)].1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(code: &str) -> &'static str {
        category_for_mcc(Mcc::parse(code).unwrap())
    }

    #[test]
    fn well_known_codes() {
        assert_eq!(cat("3001"), "Airfare");
        assert_eq!(cat("4511"), "Airfare");
        assert_eq!(cat("7011"), "Lodging");
        assert_eq!(cat("4411"), "Cruises");
        assert_eq!(cat("5411"), "Groceries");
        assert_eq!(cat("5812"), "Dining");
        assert_eq!(cat("5542"), "Gas");
        assert_eq!(cat("4121"), "Ground transport");
        assert_eq!(cat("5311"), "Shopping");
        assert_eq!(cat("0742"), "Services");
        assert_eq!(cat("3400"), "Car rental");
        assert_eq!(cat("3700"), "Lodging");
        assert_eq!(cat("4899"), "Subscriptions");
        assert_eq!(cat("5912"), "Health");
        assert_eq!(cat("7523"), "Ground transport");
        assert_eq!(cat("7997"), "Entertainment");
        assert_eq!(cat("8062"), "Health");
        assert_eq!(cat("9999"), "Other");
    }

    #[test]
    fn the_table_is_sorted_starts_at_zero_and_names_seeded_categories() {
        assert_eq!(MCC_TABLE[0].0, 0);
        assert!(MCC_TABLE.windows(2).all(|w| w[0].0 < w[1].0));
        let seeded = include_str!("vault/migrations/0001_core.sql");
        for (_, name) in MCC_TABLE {
            assert!(seeded.contains(&format!("('{name}'")), "{name} is seeded");
        }
        for code in 0..=9999u16 {
            let _ = category_for_mcc(Mcc::parse(&format!("{code:04}")).unwrap());
        }
    }
}

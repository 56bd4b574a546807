//! Categories from merchant category codes (ISO 18245 ranges), a pure function.

use crate::domain::Mcc;

/// The spending category a merchant category code belongs to; names match the vault's seeded
/// categories.
pub fn category_for_mcc(mcc: Mcc) -> &'static str {
    match mcc.code() {
        3000..=3299 | 4511 | 4582 => "Airfare",
        3351..=3500 | 7512..=7519 => "Car rental",
        3501..=3999 | 7011 | 7012 => "Lodging",
        4411 => "Cruises",
        4111..=4131 | 4784 | 4789 | 7523 => "Ground transport",
        5411 | 5422 | 5441 | 5451 | 5462 | 5499 => "Groceries",
        5811..=5814 => "Dining",
        5541 | 5542 | 5552 | 5983 => "Gas",
        4899 | 5815..=5818 | 5968 => "Subscriptions",
        4812..=4816 | 4900 => "Utilities",
        5912 | 5975 | 5976 | 8011..=8099 => "Health",
        7832..=7841 | 7911..=7999 => "Entertainment",
        4722 | 4723 => "Airfare",
        6010 | 6011 | 6012 | 6050 | 6051 => "Fees",
        5000..=5999 => "Shopping",
        7000..=7299 | 7300..=7399 | 7500..=7699 | 8100..=8999 => "Services",
        _ => "Other",
    }
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
        assert_eq!(cat("0742"), "Other");
    }
}

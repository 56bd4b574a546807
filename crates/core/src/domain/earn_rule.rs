//! The earn rule a card states: the points a purchase earns at a rate, the one formula the
//! write path (which judges each reported accrual when it is stored) and the tests share.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// Points an amount (minor units, cents) earns at `rate` points per unit: truncated, signed like
/// a purchase (refunds earn negative points). `None` when the result does not fit.
pub fn expected_points(amount_minor: i64, rate: Decimal) -> Option<i64> {
    let points = (Decimal::from(amount_minor.unsigned_abs()) * rate / Decimal::from(100)).trunc();
    let points = points.to_i64()?;
    Some(if amount_minor < 0 { points } else { -points })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purchases_earn_truncated_points_and_refunds_take_them_back() {
        let rate = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(expected_points(-1999, rate("2")), Some(39));
        assert_eq!(expected_points(-1999, rate("1.5")), Some(29));
        assert_eq!(expected_points(1999, rate("2")), Some(-39));
        assert_eq!(expected_points(0, rate("3")), Some(0));
        assert_eq!(
            expected_points(i64::MIN, rate("1")),
            Some(92_233_720_368_547_758)
        );
    }
}

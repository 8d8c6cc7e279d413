//! Numbers and dates written the Vietnamese way: "75.740", "58,19%", "1.234,5", "08/6/2023".
//!
//! Presentation only: values arrive computed and exact; this module rounds for display and
//! never feeds a figure back into a computation.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};

pub use crate::plan::date::display as date;

/// Rounds half away from zero (so halves go up for the non-negative figures of a plan).
pub fn round_half_up(r: &BigRational) -> BigInt {
    let half = BigRational::new(1.into(), 2.into());
    if r.is_negative() {
        -(-r + &half).floor().to_integer()
    } else {
        (r + half).floor().to_integer()
    }
}

/// "75740" → "75.740"; "-1234" → "-1.234".
pub fn integer(i: &BigInt) -> String {
    let digits = i.abs().to_string();
    let mut out = String::new();
    for (n, c) in digits.chars().enumerate() {
        if n > 0 && (digits.len() - n).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if i.is_negative() {
        format!("-{out}")
    } else {
        out
    }
}

/// A number with `places` decimals, rounded half up: 1234.5 → "1.234,50" (places = 2).
pub fn decimal(r: &BigRational, places: u32) -> String {
    let scale = BigInt::from(10u32).pow(places);
    let scaled = round_half_up(&(r * BigRational::from_integer(scale.clone())));
    let (int, frac) = (&scaled.abs() / &scale, &scaled.abs() % &scale);
    let sign = if scaled.is_negative() { "-" } else { "" };
    if places == 0 {
        return format!("{sign}{}", integer(&int));
    }
    format!(
        "{sign}{},{:0width$}",
        integer(&int),
        frac,
        width = places as usize
    )
}

/// A ratio as a percentage with two decimals: 0.58194 → "58,19%".
pub fn percent(ratio: &BigRational) -> String {
    format!(
        "{}%",
        decimal(&(ratio * BigRational::from_integer(100.into())), 2)
    )
}

/// A number as a plain figure: whole numbers as integers, others with two decimals.
pub fn number(r: &BigRational) -> String {
    if r.is_integer() {
        integer(&r.to_integer())
    } else {
        decimal(r, 2)
    }
}

/// The nearest f64, for formats that carry raw values (JSON, CSV, XLSX).
pub fn to_f64(r: &BigRational) -> f64 {
    r.to_f64()
        .unwrap_or(if r.is_zero() { 0.0 } else { f64::NAN })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> BigRational {
        BigRational::new(n.into(), d.into())
    }

    #[test]
    fn thousands_and_decimal_comma() {
        assert_eq!(integer(&75740.into()), "75.740");
        assert_eq!(integer(&999.into()), "999");
        assert_eq!(integer(&(-1234567).into()), "-1.234.567");
        assert_eq!(decimal(&q(24691, 20), 1), "1.234,6");
        assert_eq!(percent(&q(58194, 100000)), "58,19%");
        assert_eq!(percent(&q(1, 8)), "12,50%");
        assert_eq!(number(&q(5, 2)), "2,50");
    }

    proptest::proptest! {
        #[test]
        fn a_tie_rounds_up_and_anything_else_to_the_nearest(k in 0i64..1_000_000, num in 0i64..1000, den in 1i64..1000) {
            // k + 1/2 is a tie: it goes up.
            proptest::prop_assert_eq!(round_half_up(&(q(k, 1) + q(1, 2))), BigInt::from(k + 1));
            // Otherwise the result is within half of the value, and ties aside, the nearest.
            let x = q(k, 1) + q(num % den, den);
            let r = BigRational::from_integer(round_half_up(&x));
            let half = q(1, 2);
            proptest::prop_assert!((&r - &x).abs() <= half);
            if (&r - &x).abs() == half {
                proptest::prop_assert!(r > x);
            }
        }
    }

    #[test]
    fn halves_go_up() {
        assert_eq!(round_half_up(&q(5, 2)), 3.into());
        assert_eq!(round_half_up(&q(7, 2)), 4.into());
        assert_eq!(round_half_up(&q(49, 10)), 5.into());
        assert_eq!(round_half_up(&q(41, 10)), 4.into());
        assert_eq!(percent(&q(1, 800)), "0,13%");
    }
}

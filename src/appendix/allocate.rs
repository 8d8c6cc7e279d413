//! Splitting a total in proportion to weights so the parts add up to it exactly: the largest
//! remainder method (Hamilton), ties going to the earlier row.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};

/// The parts of `total` in proportion to `weights`; `None` when the weights add up to zero.
/// Weights must not be negative (the checker reports negative counts before this runs).
pub fn largest_remainder(total: &BigInt, weights: &[BigRational]) -> Option<Vec<BigInt>> {
    let sum: BigRational = weights.iter().sum();
    if sum.is_zero() || weights.iter().any(|w| w.is_negative()) {
        return None;
    }
    // Each share as its whole part and a fraction to rank by: for whole weights and a total
    // of zero or more (the usual case), `total × w` divided by the sum, whose remainders
    // rank as the fractions do (one denominator) without reducing a fraction; otherwise the
    // shares as fractions.
    let (mut parts, fractions): (Vec<BigInt>, Vec<BigRational>) =
        if !total.is_negative() && weights.iter().all(BigRational::is_integer) {
            let sum = sum.to_integer();
            weights
                .iter()
                .map(|w| {
                    let scaled = total * w.numer();
                    let r = &scaled % &sum;
                    (scaled / &sum, BigRational::from_integer(r))
                })
                .unzip()
        } else {
            let total_r = BigRational::from_integer(total.clone());
            weights
                .iter()
                .map(|w| {
                    let share = &total_r * w / &sum;
                    (share.floor().to_integer(), share.fract())
                })
                .unzip()
        };
    let given: BigInt = parts.iter().sum();
    let mut left = total - given;
    let mut order: Vec<usize> = (0..parts.len()).collect();
    // Largest fractional part first; `sort_by` is stable, so ties keep the earlier row first.
    order.sort_by(|&a, &b| fractions[b].cmp(&fractions[a]));
    for i in order {
        if !left.is_positive() {
            break;
        }
        parts[i] += 1;
        left -= 1;
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn w(v: &[i64]) -> Vec<BigRational> {
        v.iter()
            .map(|&x| BigRational::from_integer(x.into()))
            .collect()
    }

    fn ints(v: Vec<BigInt>) -> Vec<i64> {
        v.into_iter().map(|x| i64::try_from(x).unwrap()).collect()
    }

    #[test]
    fn the_sketch_splits_1250_by_eligible_citizens() {
        let parts =
            largest_remainder(&1250.into(), &w(&[812, 655, 498, 1021, 377, 903, 241])).unwrap();
        assert_eq!(ints(parts.clone()), vec![225, 182, 138, 283, 105, 250, 67]);
        assert_eq!(parts.iter().sum::<BigInt>(), 1250.into());
    }

    #[test]
    fn ties_go_to_the_earlier_row() {
        assert_eq!(
            ints(largest_remainder(&1.into(), &w(&[1, 1])).unwrap()),
            vec![1, 0]
        );
        assert_eq!(
            ints(largest_remainder(&2.into(), &w(&[1, 1, 1])).unwrap()),
            vec![1, 1, 0]
        );
    }

    #[test]
    fn zero_weights_cannot_be_split() {
        assert_eq!(largest_remainder(&10.into(), &w(&[0, 0])), None);
        assert_eq!(largest_remainder(&10.into(), &[]), None);
    }

    /// The split worked out with fractions only, as it was before the whole-number path.
    fn by_fractions(total: &BigInt, weights: &[BigRational]) -> Vec<BigInt> {
        let sum: BigRational = weights.iter().sum();
        let total_r = BigRational::from_integer(total.clone());
        let shares: Vec<BigRational> = weights.iter().map(|w| &total_r * w / &sum).collect();
        let mut parts: Vec<BigInt> = shares.iter().map(|s| s.floor().to_integer()).collect();
        let mut left = total - parts.iter().sum::<BigInt>();
        let mut order: Vec<usize> = (0..shares.len()).collect();
        order.sort_by(|&a, &b| shares[b].fract().cmp(&shares[a].fract()));
        for i in order {
            if !left.is_positive() {
                break;
            }
            parts[i] += 1;
            left -= 1;
        }
        parts
    }

    proptest! {
        #[test]
        fn whole_weights_split_as_the_fractions_do(
            total in 0i64..10_000_000,
            weights in prop::collection::vec(0i64..100_000, 1..40),
        ) {
            prop_assume!(weights.iter().any(|&x| x > 0));
            let ws = w(&weights);
            let total = BigInt::from(total);
            prop_assert_eq!(largest_remainder(&total, &ws).unwrap(), by_fractions(&total, &ws));
        }

        #[test]
        fn parts_always_sum_to_the_total_and_stay_within_one_of_the_exact_share(
            total in 0i64..1_000_000,
            weights in prop::collection::vec(0i64..100_000, 1..40),
        ) {
            prop_assume!(weights.iter().any(|&x| x > 0));
            let ws = w(&weights);
            let parts = largest_remainder(&total.into(), &ws).unwrap();
            prop_assert_eq!(parts.iter().sum::<BigInt>(), BigInt::from(total));
            let sum: BigRational = ws.iter().sum();
            for (p, wt) in parts.iter().zip(&ws) {
                let exact = BigRational::from_integer(total.into()) * wt / &sum;
                let diff = (BigRational::from_integer(p.clone()) - exact).abs();
                prop_assert!(diff < BigRational::from_integer(1.into()));
            }
        }
    }
}

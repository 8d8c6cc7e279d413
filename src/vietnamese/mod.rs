//! Numbers and dates written the Vietnamese way: "75.740", "58,19%", "1.234,5", "08/6/2023".
//!
//! Both ways: [`read_number`] reads a figure as offices write it (the one rule for every
//! number in a plan, an inline row, a CSV or a workbook text cell); the rest writes computed,
//! exact values for a reader, rounding for display only.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};

pub mod calendar;
pub mod deadline;

pub use calendar::display as date;

/// Why a text is not a figure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number at all ("Thôn A", "x7").
    NotANumber,
    /// A dot that is not a thousands separator ("1.5", "12.50"): the writer meant a decimal
    /// comma or a whole number; both readings are offered, neither is guessed.
    Ambiguous { decimal: String, whole: String },
    /// More digits than any figure of a plan has ([`MAX_DIGITS`]).
    TooManyDigits,
}

/// The most digits a figure may have: a country's population has 9, and a spreadsheet keeps
/// 15 (a 20-digit figure would not reach a workbook or JSON as written).
pub const MAX_DIGITS: usize = 15;

/// Reads a figure the Vietnamese way: `1250`, `1.250` and `264.720` (a dot before groups of
/// exactly three digits separates thousands), `12,5` (a comma is the decimal mark), `-3`.
/// Spaces between digit groups are ignored. A dot anywhere else is [`NumberError::Ambiguous`].
pub fn read_number(text: &str) -> Result<BigRational, NumberError> {
    let t: String = text.trim().chars().filter(|c| !c.is_whitespace()).collect();
    if t.bytes().filter(u8::is_ascii_digit).count() > MAX_DIGITS {
        return Err(NumberError::TooManyDigits);
    }
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.as_str()),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (int, frac) = match t.split_once(',') {
        Some((i, f)) if digits(f) => (i, Some(f)),
        Some(_) => return Err(NumberError::NotANumber),
        None => (t, None),
    };
    let groups: Vec<&str> = int.split('.').collect();
    if !groups.iter().all(|g| digits(g)) {
        return Err(NumberError::NotANumber);
    }
    let thousands =
        groups.len() == 1 || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    if !thousands {
        let sign = if neg { "-" } else { "" };
        let whole: String = groups.concat();
        let decimal = format!("{sign}{}", int.replacen('.', ",", 1));
        return Err(NumberError::Ambiguous {
            decimal: if frac.is_none() && groups.len() == 2 {
                decimal
            } else {
                format!("{sign}{}", groups[0])
            },
            whole: format!("{sign}{whole}"),
        });
    }
    let whole: BigInt = groups
        .concat()
        .parse()
        .map_err(|_| NumberError::NotANumber)?;
    let value = match frac {
        Some(f) => {
            let scale = BigInt::from(10u32).pow(f.len() as u32);
            BigRational::new(
                whole * &scale + f.parse::<BigInt>().map_err(|_| NumberError::NotANumber)?,
                scale,
            )
        }
        None => BigRational::from_integer(whole),
    };
    Ok(if neg { -value } else { value })
}

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

pub fn roman(n: usize) -> String {
    const R: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut s = String::new();
    for (v, r) in R {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// A figure as it was printed: its value, the decimals it was written with (of the ratio, for a
/// percentage), and whether it was a percentage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stated {
    pub value: BigRational,
    pub decimals: u32,
    pub percent: bool,
}

impl Stated {
    /// `computed` written as this figure was: rounded half up to its decimals, and as a
    /// percentage if it was one ("24,45%").
    pub fn shown(&self, r: &BigRational) -> String {
        if self.percent {
            let hundred = BigRational::from_integer(100.into());
            format!(
                "{}%",
                decimal(&(r * hundred), self.decimals.saturating_sub(2))
            )
        } else {
            decimal(r, self.decimals)
        }
    }

    /// Whether `computed`, rounded to the decimals this figure was written with, is it.
    pub fn agrees(&self, computed: &BigRational) -> bool {
        let scale = BigRational::from_integer(BigInt::from(10u32).pow(self.decimals));
        BigRational::from_integer(round_half_up(&(computed * &scale))) == &self.value * scale
    }
}

/// Reads a figure retyped from a printed table: a number the Vietnamese way ([`read_number`])
/// or a percentage ("24,45%", "24,45 %"), with the precision it was written at.
pub fn read_stated(text: &str) -> Result<Stated, NumberError> {
    let t = text.trim();
    let (digits, percent) = match t.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (t, false),
    };
    let mut value = read_number(digits)?;
    let mut decimals = digits.split_once(',').map_or(0, |(_, f)| {
        f.trim().chars().filter(char::is_ascii_digit).count() as u32
    });
    if percent {
        value /= BigRational::from_integer(100.into());
        decimals += 2;
    }
    Ok(Stated {
        value,
        decimals,
        percent,
    })
}

/// The nearest f64, for formats that carry raw values (JSON, CSV, XLSX).
pub fn to_f64(r: &BigRational) -> f64 {
    r.to_f64()
        .unwrap_or(if r.is_zero() { 0.0 } else { f64::NAN })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stated_figure_agrees_at_the_precision_it_was_written() {
        let rate = BigRational::new(2445.into(), 10000.into());
        for (text, agrees) in [
            ("24,45%", true),
            ("24,45 %", true),
            ("0,2445", true),
            ("24,40%", false),
            ("24,5%", true),
            ("24%", true),
            ("0,24", true),
            ("0,25", false),
        ] {
            let s = read_stated(text).unwrap();
            assert_eq!(s.agrees(&rate), agrees, "{text}");
        }
        assert_eq!(read_stated("24,40%").unwrap().shown(&rate), "24,45%");
        assert_eq!(
            read_stated("1.234")
                .unwrap()
                .shown(&BigRational::from_integer(1235.into())),
            "1.235"
        );
        assert!(read_stated("abc").is_err());
    }

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

    fn read(s: &str) -> Result<String, NumberError> {
        read_number(s).map(|r| r.to_string())
    }

    #[test]
    fn figures_as_offices_write_them() {
        assert_eq!(read("1250"), Ok("1250".into()));
        assert_eq!(read("1.000"), Ok("1000".into()));
        assert_eq!(read("264.720"), Ok("264720".into()));
        assert_eq!(read("75.740.000"), Ok("75740000".into()));
        assert_eq!(read("1.250,5"), Ok("2501/2".into()));
        assert_eq!(read("12,5"), Ok("25/2".into()));
        assert_eq!(read(" 1 250 "), Ok("1250".into()));
        assert_eq!(read("-3"), Ok("-3".into()));
        assert_eq!(read("Thôn A"), Err(NumberError::NotANumber));
        assert_eq!(read("1,2,3"), Err(NumberError::NotANumber));
        assert_eq!(read(""), Err(NumberError::NotANumber));
        assert_eq!(
            read(&"9".repeat(1_000_000)),
            Err(NumberError::TooManyDigits)
        );
        assert_eq!(read("999.999.999.999.999"), Ok("999999999999999".into()));
        assert_eq!(read("9223372036854775808"), Err(NumberError::TooManyDigits));
    }

    #[test]
    fn a_dot_that_does_not_separate_thousands_is_not_guessed() {
        assert_eq!(
            read("1.5"),
            Err(NumberError::Ambiguous {
                decimal: "1,5".into(),
                whole: "15".into()
            })
        );
        assert_eq!(
            read("12.50"),
            Err(NumberError::Ambiguous {
                decimal: "12,50".into(),
                whole: "1250".into()
            })
        );
        assert!(matches!(read("1.2.3"), Err(NumberError::Ambiguous { .. })));
        assert!(matches!(
            read("1234.567"),
            Err(NumberError::Ambiguous { .. })
        ));
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

//! Formulas of computed columns: `level1 + level2`, `done / quota`, `max(quota - done, 0)`.
//!
//! evalexpr parses the text; the tree is turned into [`Expr`] and evaluated here with exact
//! fractions, so a percentage or a rounding tie never drifts with floating point. Allowed:
//! numbers, column keys, `days`, `deadline`, `as_of`, + − × ÷ (`*`, `/`), parentheses, and the
//! functions max, min, round, ceil, floor.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};
use evalexpr::{DefaultNumericTypes, Node, Operator, Value as EvalValue};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};

use crate::lang::Message;
use crate::msg;
use crate::vietnamese::round_half_up;

/// A parsed formula.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Number(BigRational),
    Var(String),
    Neg(Box<Expr>),
    Bin(Op, Box<Expr>, Box<Expr>),
    Call(Func, Vec<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    Max,
    Min,
    Round,
    Ceil,
    Floor,
}

/// A value a formula computes: a number, or a date (`deadline`, `as_of + 7`).
#[derive(Clone, Debug, PartialEq)]
pub enum Num {
    Number(BigRational),
    Date(NaiveDate),
}

/// Why a formula could not be computed.
#[derive(Clone, Debug, PartialEq)]
pub enum EvalError {
    DivisionByZero,
    Unknown(String),
    Type(Message),
}

/// The longest formula read: a table's formulas are a line each.
pub const MAX_FORMULA_CHARS: usize = 500;
/// The deepest nesting of parentheses in a formula.
pub const MAX_FORMULA_DEPTH: usize = 16;
/// The most digits of a number written in a formula (more would not be read exactly).
pub const MAX_FORMULA_DIGITS: usize = 15;
/// The largest numerator or denominator, in bits, that any step of a computation may reach
/// (about 300 digits): exact fractions never grow without bound.
pub const MAX_BITS: u64 = 1024;

/// Refuses, before parsing, what would make the parser or the evaluation run away.
fn within_limits(text: &str) -> Result<(), Message> {
    let chars = text.chars().count();
    if chars > MAX_FORMULA_CHARS {
        return Err(msg!(
            "công thức dài {chars} ký tự, quá giới hạn {MAX_FORMULA_CHARS}",
            "the formula is {chars} characters long, over the limit of {MAX_FORMULA_CHARS}"
        ));
    }
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                if depth > MAX_FORMULA_DEPTH {
                    return Err(msg!(
                        "công thức lồng ngoặc quá {MAX_FORMULA_DEPTH} tầng",
                        "the formula nests parentheses deeper than {MAX_FORMULA_DEPTH}"
                    ));
                }
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let longest = text
        .split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0);
    if longest > MAX_FORMULA_DIGITS {
        return Err(msg!(
            "công thức có số dài {longest} chữ số, quá giới hạn {MAX_FORMULA_DIGITS}",
            "the formula has a number of {longest} digits, over the limit of {MAX_FORMULA_DIGITS}"
        ));
    }
    Ok(())
}

/// A result that stays within [`MAX_BITS`].
fn bounded(r: BigRational) -> Result<BigRational, EvalError> {
    if r.numer().bits() > MAX_BITS || r.denom().bits() > MAX_BITS {
        return Err(EvalError::Type(msg!(
            "kết quả quá lớn (hơn khoảng 300 chữ số)",
            "the result is too large (over about 300 digits)"
        )));
    }
    Ok(r)
}

impl Expr {
    /// Parses a formula; `;` is accepted as the argument separator too (as in Excel).
    pub fn parse(text: &str) -> Result<Expr, Message> {
        within_limits(text)?;
        let text = text.replace(';', ",");
        let tree = evalexpr::build_operator_tree::<DefaultNumericTypes>(&text).map_err(|e| {
            msg!(
                "công thức `{text}` không đọc được: {e}",
                "cannot read the formula `{text}`: {e}"
            )
        })?;
        convert(&tree, &text)
    }

    /// The names the formula reads.
    pub fn vars(&self) -> BTreeSet<&str> {
        let mut out = BTreeSet::new();
        self.collect_vars(&mut out);
        out
    }

    fn collect_vars<'a>(&'a self, out: &mut BTreeSet<&'a str>) {
        match self {
            Expr::Number(_) => {}
            Expr::Var(v) => {
                out.insert(v);
            }
            Expr::Neg(e) => e.collect_vars(out),
            Expr::Bin(_, a, b) => {
                a.collect_vars(out);
                b.collect_vars(out);
            }
            Expr::Call(_, args) => args.iter().for_each(|a| a.collect_vars(out)),
        }
    }

    /// Evaluates with `lookup` giving each name's value.
    pub fn eval(&self, lookup: &dyn Fn(&str) -> Option<Num>) -> Result<Num, EvalError> {
        Ok(match self {
            Expr::Number(n) => Num::Number(n.clone()),
            Expr::Var(v) => lookup(v).ok_or_else(|| EvalError::Unknown(v.clone()))?,
            Expr::Neg(e) => Num::Number(-number(e.eval(lookup)?)?),
            Expr::Bin(op, a, b) => binary(*op, a.eval(lookup)?, b.eval(lookup)?)?,
            Expr::Call(f, args) => {
                let values = args
                    .iter()
                    .map(|a| a.eval(lookup).and_then(number))
                    .collect::<Result<Vec<_>, _>>()?;
                Num::Number(call(*f, values)?)
            }
        })
    }
}

fn number(n: Num) -> Result<BigRational, EvalError> {
    match n {
        Num::Number(r) => Ok(r),
        Num::Date(_) => Err(EvalError::Type(msg!(
            "không tính được với một ngày ở đây",
            "a date cannot be used here"
        ))),
    }
}

fn days(r: &BigRational) -> Result<Duration, EvalError> {
    r.to_integer()
        .to_i64()
        .filter(|_| r.is_integer())
        .and_then(Duration::try_days)
        .ok_or_else(|| {
            EvalError::Type(msg!(
                "chỉ cộng được số ngày nguyên vào một ngày",
                "only whole days can be added to a date"
            ))
        })
}

fn out_of_calendar() -> EvalError {
    EvalError::Type(msg!(
        "ngày tính ra nằm ngoài lịch",
        "the date computed is off the calendar"
    ))
}

fn binary(op: Op, a: Num, b: Num) -> Result<Num, EvalError> {
    use Num::{Date, Number};
    Ok(match (op, a, b) {
        (Op::Sub, Date(x), Date(y)) => Number(BigRational::from_integer((x - y).num_days().into())),
        (Op::Add, Date(x), Number(n)) | (Op::Add, Number(n), Date(x)) => Date(
            x.checked_add_signed(days(&n)?)
                .ok_or_else(out_of_calendar)?,
        ),
        (Op::Sub, Date(x), Number(n)) => Date(
            x.checked_sub_signed(days(&n)?)
                .ok_or_else(out_of_calendar)?,
        ),
        (op, a, b) => {
            let (a, b) = (number(a)?, number(b)?);
            Number(bounded(match op {
                Op::Add => a + b,
                Op::Sub => a - b,
                Op::Mul => a * b,
                Op::Div if b.is_zero() => return Err(EvalError::DivisionByZero),
                Op::Div => a / b,
            })?)
        }
    })
}

fn call(f: Func, args: Vec<BigRational>) -> Result<BigRational, EvalError> {
    let arity = |n: usize| {
        if args.len() == n {
            Ok(())
        } else {
            Err(EvalError::Type(msg!(
                "hàm cần {n} đối số, có {}",
                "the function takes {n} argument(s), not {}",
                args.len()
            )))
        }
    };
    Ok(match f {
        Func::Max | Func::Min if args.is_empty() => {
            return Err(EvalError::Type(msg!(
                "max/min cần ít nhất một đối số",
                "max/min need at least one argument"
            )));
        }
        Func::Max => args.into_iter().max().expect("not empty"),
        Func::Min => args.into_iter().min().expect("not empty"),
        Func::Round => {
            arity(1)?;
            BigRational::from_integer(round_half_up(&args[0]))
        }
        Func::Ceil => {
            arity(1)?;
            args[0].ceil()
        }
        Func::Floor => {
            arity(1)?;
            args[0].floor()
        }
    })
}

fn exact(v: &EvalValue<DefaultNumericTypes>, text: &str) -> Result<BigRational, Message> {
    match v {
        EvalValue::Int(i) => Ok(BigRational::from_integer(BigInt::from(*i))),
        // The shortest decimal that prints as this float is what the user wrote: read it exactly.
        EvalValue::Float(f) => {
            let s = format!("{f}");
            let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
            let scale = BigInt::from(10u32).pow(frac.len() as u32);
            let digits: BigInt = format!("{int}{frac}").parse().map_err(|_| bad(text))?;
            Ok(BigRational::new(digits, scale))
        }
        _ => Err(bad(text)),
    }
}

fn bad(text: &str) -> Message {
    msg!(
        "công thức `{text}` chỉ được dùng số, tên cột, + - * / ( ) và max, min, round, ceil, floor",
        "the formula `{text}` may only use numbers, column keys, + - * / ( ) and max, min, round, ceil, floor"
    )
}

/// Parentheses parse as nested root nodes; look through them.
fn unwrap_root(mut node: &Node<DefaultNumericTypes>) -> &Node<DefaultNumericTypes> {
    while let (Operator::RootNode, [one]) = (node.operator(), node.children()) {
        node = one;
    }
    node
}

fn convert(node: &Node<DefaultNumericTypes>, text: &str) -> Result<Expr, Message> {
    let children = node.children();
    let two = |op| -> Result<Expr, Message> {
        match children {
            [a, b] => Ok(Expr::Bin(
                op,
                Box::new(convert(a, text)?),
                Box::new(convert(b, text)?),
            )),
            _ => Err(bad(text)),
        }
    };
    match node.operator() {
        Operator::RootNode => match children {
            [one] => convert(one, text),
            _ => Err(bad(text)),
        },
        Operator::Add => two(Op::Add),
        Operator::Sub => two(Op::Sub),
        Operator::Mul => two(Op::Mul),
        Operator::Div => two(Op::Div),
        Operator::Neg => match children {
            [a] => Ok(Expr::Neg(Box::new(convert(a, text)?))),
            _ => Err(bad(text)),
        },
        Operator::Const { value } => Ok(Expr::Number(exact(value, text)?)),
        Operator::VariableIdentifierRead { identifier } => Ok(Expr::Var(identifier.clone())),
        Operator::FunctionIdentifier { identifier } => {
            let f = match identifier.as_str() {
                "max" => Func::Max,
                "min" => Func::Min,
                "round" => Func::Round,
                "ceil" => Func::Ceil,
                "floor" => Func::Floor,
                _ => {
                    return Err(msg!(
                        "không có hàm `{identifier}`; dùng max, min, round, ceil hoặc floor",
                        "there is no function `{identifier}`; use max, min, round, ceil or floor"
                    ));
                }
            };
            let args = match children {
                [arg] => match unwrap_root(arg).operator() {
                    Operator::Tuple => unwrap_root(arg)
                        .children()
                        .iter()
                        .map(|a| convert(a, text))
                        .collect::<Result<_, _>>()?,
                    _ => vec![convert(arg, text)?],
                },
                _ => return Err(bad(text)),
            };
            Ok(Expr::Call(f, args))
        }
        _ => Err(bad(text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> BigRational {
        BigRational::new(n.into(), d.into())
    }

    fn eval(text: &str, vars: &[(&str, i64)]) -> Result<Num, EvalError> {
        let e = Expr::parse(text).unwrap();
        e.eval(&|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| Num::Number(BigRational::from_integer((*v).into())))
        })
    }

    #[test]
    fn arithmetic_is_exact() {
        assert_eq!(
            eval("level1 + level2", &[("level1", 41), ("level2", 96)]),
            Ok(Num::Number(q(137, 1)))
        );
        assert_eq!(
            eval("done / quota", &[("done", 1), ("quota", 3)]),
            Ok(Num::Number(q(1, 3)))
        );
        assert_eq!(eval("0.1 + 0.2", &[]), Ok(Num::Number(q(3, 10))));
        assert_eq!(
            eval("(a - b) * 2", &[("a", 5), ("b", 7)]),
            Ok(Num::Number(q(-4, 1)))
        );
    }

    #[test]
    fn functions() {
        assert_eq!(
            eval("max(quota - done, 0)", &[("quota", 5), ("done", 9)]),
            Ok(Num::Number(q(0, 1)))
        );
        assert_eq!(
            eval("max(quota - done; 0)", &[("quota", 9), ("done", 5)]),
            Ok(Num::Number(q(4, 1)))
        );
        assert_eq!(eval("min(3, 1, 2)", &[]), Ok(Num::Number(q(1, 1))));
        assert_eq!(eval("round(5 / 2)", &[]), Ok(Num::Number(q(3, 1))));
        assert_eq!(eval("ceil(7 / 3)", &[]), Ok(Num::Number(q(3, 1))));
        assert_eq!(eval("floor(7 / 3)", &[]), Ok(Num::Number(q(2, 1))));
    }

    #[test]
    fn problems_are_reported() {
        assert_eq!(
            eval("a / b", &[("a", 1), ("b", 0)]),
            Err(EvalError::DivisionByZero)
        );
        assert_eq!(
            eval("a + x", &[("a", 1)]),
            Err(EvalError::Unknown("x".into()))
        );
        assert!(Expr::parse("sqrt(4)").is_err());
        assert!(Expr::parse("a == b").is_err());
        assert!(Expr::parse("(a + ").is_err());
        assert_eq!(
            Expr::parse("left / days")
                .unwrap()
                .vars()
                .into_iter()
                .collect::<Vec<_>>(),
            vec!["days", "left"]
        );
    }

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2023, 11, 5).unwrap();
        let e = Expr::parse("deadline").unwrap();
        assert_eq!(e.eval(&|_| Some(Num::Date(d))), Ok(Num::Date(d)));
    }
}

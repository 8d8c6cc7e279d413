//! Any text as a formula: parsed, and if it parses, evaluated with every name a number.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    use kehoach::appendix::formula::{Expr, Num};
    if let Ok(e) = Expr::parse(text) {
        let one = |_: &str| Some(Num::Number(num_rational::BigRational::from_integer(7.into())));
        let _ = e.eval(&one);
    }
});

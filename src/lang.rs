//! The language of messages to users: Vietnamese by default, English with `--lang en`.
//!
//! Every user-facing message is written in both languages where it is made ([`Message`]);
//! the language is chosen only when it is printed. [`closest`] finds the "did you mean" of a
//! message.

use clap::ValueEnum;

/// The language messages are printed in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// Tiếng Việt (default).
    #[default]
    Vi,
    /// English.
    En,
}

/// A message in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub vi: String,
    pub en: String,
}

impl Message {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Message {
            vi: vi.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// `msg!("vi text {x}", "en text {x}")` or `msg!("vi {}", "en {}", x)`: a [`Message`] from
/// two format strings sharing their arguments.
#[macro_export]
macro_rules! msg {
    ($vi:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        $crate::lang::Message::new(format!($vi $(, $arg)*), format!($en $(, $arg)*))
    };
}

/// The closest of `options` to `word`, if it is close enough to be a likely typo.
pub fn closest(word: &str, options: &[impl AsRef<str>]) -> Option<String> {
    options
        .iter()
        .map(|o| (strsim::jaro_winkler(word, o.as_ref()), o.as_ref()))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, o)| o.to_owned())
}

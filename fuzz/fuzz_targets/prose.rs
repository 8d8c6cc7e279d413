//! Any text through the scanner that finds dates, weekdays, times and references in prose.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = kehoach::check::prose::scan(text, Some(2023));
});

//! Any bytes as a plan file: the loader and every check rule answer with diagnostics, never a
//! panic, a hang or an abort.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = Arc::new(kehoach::source::SourceFile::new("fuzz.yaml", text.to_owned()));
    if let Ok(loaded) = kehoach::pipeline::load_text(file) {
        let _ = kehoach::pipeline::check(loaded, &Default::default());
    }
});

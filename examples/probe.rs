use std::sync::Arc;
fn main() {
    let cases = [
        ("title colon", "kind: ke-hoach\nsubject: Mục đích:\n  abc\n"),
        (
            "title colon2",
            "sections:\n  - title: Mục đích, yêu cầu:\n    items: []\n",
        ),
        (
            "inline colon",
            "items:\n  - Phạm vi triển khai: Trên địa bàn tỉnh.\n",
        ),
        ("text colon", "intro: Thời gian: từ ngày\n"),
        ("unclosed quote", "subject: \"abc\nplace: x\n"),
        ("tab", "kind: ke-hoach\n\tplace: x\n"),
        ("bad indent", "authority:\n  name: A\n code: B\n"),
        ("bad indent2", "sections:\n  - title: A\n   text: B\n"),
        ("unclosed flow", "x: { a: 1\n"),
        ("dup key", "a: 1\na: 2\n"),
        ("star", "items:\n  - *Bold* text\n"),
        ("bignum", "days: 123456789012345678901234567890\n"),
    ];
    for (name, text) in cases {
        let file = Arc::new(kehoach::source::SourceFile::new("t.yaml", text.to_string()));
        match kehoach::load::parse(file.clone()) {
            Ok(_) => println!("{name}: OK"),
            Err(ds) => {
                for d in ds {
                    let p = file.position(d.span.start);
                    println!(
                        "{name}: {} {}:{} {}",
                        d.code.as_str(),
                        p.line,
                        p.column,
                        d.message.en
                    )
                }
            }
        }
    }
    let text = "text: |\n  a\n\n  b\nfold: >-\n  c\n\n  d\nplain: e\n";
    let v: std::collections::BTreeMap<String, kehoach::plan::Located<String>> =
        serde_saphyr::from_str(text).unwrap();
    for (k, l) in v {
        let s = l.at.span();
        println!(
            "{k}: {:?} off={:?} len={:?} src={:?}",
            l.value,
            s.byte_offset(),
            s.byte_len(),
            &text[s.byte_offset().unwrap() as usize..]
        );
    }
}

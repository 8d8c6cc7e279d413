fn main() {
    for t in [
        "a: { name: A, code: B\nplace: A\n",
        "n: 99999999999999999999999\n",
        "a: [1, 2\nb: 3\n",
    ] {
        let r: Result<kehoach::load::node::Node, _> = serde_saphyr::from_str(t);
        if let Err(e) = r {
            println!(
                "{}",
                e.render_with_options(
                    serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off }
                )
            );
        }
    }
}

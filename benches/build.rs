//! How long building takes in-process (no process start-up): `cargo bench --bench build`.
//! `benches/build.sh` runs this beside the cold-process times and `typst compile`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kehoach::render::Pdf;
use kehoach::render::typst::Templates;

const RUNS: usize = 5;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The whole pipeline for one plan: load, check, compute, enrich, render the PDF.
fn build(path: &Path, pdf: &Pdf) -> usize {
    use kehoach::pipeline;
    let loaded = pipeline::load(path)
        .unwrap()
        .unwrap_or_else(|_| panic!("{} loads", path.display()));
    let checked = pipeline::check(loaded, &Default::default());
    assert!(!checked.has_errors());
    let doc = pipeline::enrich(&checked);
    pipeline::render(&doc, "bench", &[pdf]).unwrap()[0].1.len()
}

fn main() {
    let templates = Templates::built_in().unwrap();
    let pdf = Pdf(&templates);
    let plans: Vec<PathBuf> = kehoach::discover::plan_files(&[PathBuf::from("plans")])
        .unwrap()
        .into_iter()
        .map(|p| p.path)
        .collect();
    let one = PathBuf::from("plans/135-kh-bcd-can-gio.yaml");
    build(&one, &pdf); // warm the fonts and the library, as a long-running process would have them
    let mut t_one = Vec::new();
    let mut t_all = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        build(&one, &pdf);
        t_one.push(t.elapsed());
        let t = Instant::now();
        for p in &plans {
            build(p, &pdf);
        }
        t_all.push(t.elapsed());
    }
    println!("in-process, median of {RUNS} runs:");
    println!(
        "  one plan ({})      {:>8.1} ms",
        one.display(),
        median(t_one).as_secs_f64() * 1e3
    );
    println!(
        "  all {} plans, one after another {:>8.1} ms",
        plans.len(),
        median(t_all).as_secs_f64() * 1e3
    );
}

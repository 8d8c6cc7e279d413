//! How long building takes in-process (no process start-up): `cargo bench --bench build`.
//! `cargo bench --bench cold` times a cold process beside `typst compile`.

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
    stages(&one, &templates);
}

/// Where the time of one plan goes, stage by stage (median of RUNS).
fn stages(path: &Path, templates: &Templates) {
    use kehoach::pipeline;
    use kehoach::render::Docx;
    let mut t = [const { Vec::new() }; 6];
    for _ in 0..RUNS {
        let s = Instant::now();
        let loaded = pipeline::load(path).unwrap().unwrap();
        let checked = pipeline::check(loaded, &Default::default());
        t[0].push(s.elapsed());
        let s = Instant::now();
        let doc = pipeline::enrich(&checked);
        t[1].push(s.elapsed());
        let s = Instant::now();
        let source = kehoach::render::typst::source(&doc, templates).unwrap();
        t[2].push(s.elapsed());
        let s = Instant::now();
        let bytes = kehoach::render::typst::pdf(source, &doc, templates, "bench").unwrap();
        t[3].push(s.elapsed());
        let s = Instant::now();
        let docx = pipeline::render(&doc, "bench", &[&Docx]).unwrap();
        t[4].push(s.elapsed());
        t[5].push(Duration::from_nanos((bytes.len() + docx[0].1.len()) as u64));
    }
    let ms = |v: &Vec<Duration>| median(v.clone()).as_secs_f64() * 1e3;
    println!("stages of one plan, median of {RUNS}:");
    println!("  load, check, compute      {:>6.2} ms", ms(&t[0]));
    println!("  enrich (render model)     {:>6.2} ms", ms(&t[1]));
    println!("  Typst source (Tera)       {:>6.2} ms", ms(&t[2]));
    println!("  Typst layout + PDF/A      {:>6.2} ms", ms(&t[3]));
    println!("  DOCX (Tera + zip)         {:>6.2} ms", ms(&t[4]));
}

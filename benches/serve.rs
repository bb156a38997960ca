//! The live preview's rebuild after a one-file edit, on a corpus from gen_corpus.py:
//! `cargo bench --bench serve -- CORPUS_DIR` prints the initial build, the median of ten
//! text edits (edit → site brought up to date), the time to render the edited page the
//! reloading browser asks for, and a full rebuild (what a front matter edit costs).

use std::time::Instant;
use vouch::serve::{rebuild, Preview};

fn main() {
    let args: Vec<String> = std::env::args().filter(|a| a != "--bench").collect();
    let Some(corpus) = args.get(1) else {
        eprintln!("usage: cargo bench --bench serve -- CORPUS_DIR");
        std::process::exit(2);
    };
    let root = std::fs::canonicalize(corpus).expect("corpus folder");
    let preview = Preview::new(root.clone());
    let base = "http://127.0.0.1:1111/";
    let first = rebuild(&preview, false, base, &[], true);
    assert!(first.ok, "the corpus builds");
    println!("initial build: {} ms", first.took.as_millis());
    let file = walkdir::WalkDir::new(root.join("content/case-studies"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "md"))
        .expect("a case study")
        .into_path();
    let original = std::fs::read_to_string(&file).unwrap();
    let page = format!(
        "case-studies/{}/index.html",
        file.file_stem().unwrap().to_string_lossy()
    );
    let (mut times, mut views) = (Vec::new(), Vec::new());
    for i in 0..10 {
        std::fs::write(&file, format!("{original}\nEdit number {i}.\n")).unwrap();
        let started = Instant::now();
        let rebuilt = rebuild(&preview, false, base, std::slice::from_ref(&file), false);
        assert!(
            rebuilt.ok && rebuilt.incremental,
            "text edits take the fast path"
        );
        times.push(started.elapsed().as_micros());
        let started = Instant::now();
        let snapshot = preview.snapshot.read().unwrap();
        let served = snapshot.live.as_ref().and_then(|l| l.get(&page));
        assert!(served.is_some(), "{page}");
        views.push(started.elapsed().as_micros());
    }
    let full = rebuild(&preview, false, base, &[], true);
    std::fs::write(&file, original).unwrap();
    times.sort();
    views.sort();
    let ms = |us: u128| us as f64 / 1000.0;
    println!(
        "one-file text edit → rebuilt: median {:.1} ms (min {:.1}, max {:.1}); edited page rendered in {:.1} ms",
        ms(times[5]),
        ms(times[0]),
        ms(times[9]),
        ms(views[5])
    );
    println!(
        "full rebuild (front matter, templates, config): {} ms",
        full.took.as_millis()
    );
}

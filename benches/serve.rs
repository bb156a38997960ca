//! The live preview's rebuild after a one-file edit, on a corpus from gen_corpus.py:
//! `cargo bench --bench serve -- CORPUS_DIR` prints the initial build and the median of
//! ten edit → rebuilt-and-swapped-in times, in ms.

use std::sync::{Condvar, Mutex, RwLock};
use std::time::Instant;
use vouch::serve::{rebuild, Preview, Snapshot};

fn main() {
    let args: Vec<String> = std::env::args().filter(|a| a != "--bench").collect();
    let Some(corpus) = args.get(1) else {
        eprintln!("usage: cargo bench --bench serve -- CORPUS_DIR");
        std::process::exit(2);
    };
    let root = std::path::PathBuf::from(corpus);
    let preview = Preview {
        snapshot: RwLock::new(Snapshot::default()),
        changed: (Mutex::new(0), Condvar::new()),
        root: root.clone(),
    };
    let base = "http://127.0.0.1:1111/";
    let first = rebuild(&preview, false, base);
    println!(
        "initial build: {} ms ({} files)",
        first.took.as_millis(),
        first.files
    );
    let file = walkdir::WalkDir::new(root.join("content/case-studies"))
        .into_iter()
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "md"))
        .expect("a case study")
        .into_path();
    let original = std::fs::read_to_string(&file).unwrap();
    let mut times = Vec::new();
    for i in 0..10 {
        std::fs::write(&file, format!("{original}\nEdit number {i}.\n")).unwrap();
        let started = Instant::now();
        let rebuilt = rebuild(&preview, false, base);
        assert!(rebuilt.ok);
        times.push(started.elapsed().as_millis());
    }
    std::fs::write(&file, original).unwrap();
    times.sort();
    println!(
        "one-file edit → rebuilt: median {} ms (min {}, max {})",
        times[5], times[0], times[9]
    );
}

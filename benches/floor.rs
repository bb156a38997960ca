//! The floor: the least work any generator must do on the corpus — read each file, split
//! and parse its YAML front matter, render its Markdown with pulldown-cmark, and write one
//! HTML file per item, in parallel. vouch's build is measured against this.
//!
//! `cargo bench --bench floor -- CORPUS_DIR OUT_DIR` prints the wall time in ms.

use rayon::prelude::*;
use std::path::{Path, PathBuf};

fn main() {
    let args: Vec<String> = std::env::args().filter(|a| a != "--bench").collect();
    let (Some(corpus), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: cargo bench --bench floor -- CORPUS_DIR OUT_DIR");
        std::process::exit(2);
    };
    let started = std::time::Instant::now();
    let files: Vec<PathBuf> = walkdir::WalkDir::new(Path::new(corpus).join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let out = PathBuf::from(out);
    // Only ever delete a folder this benchmark wrote itself (it leaves a marker).
    let marker = out.join(".floor-output");
    if out.exists() {
        if !marker.exists() {
            eprintln!(
                "refusing to replace {}: not a floor output folder",
                out.display()
            );
            std::process::exit(2);
        }
        std::fs::remove_dir_all(&out).expect("remove old output");
    }
    std::fs::create_dir_all(&out).expect("output folder");
    std::fs::write(&marker, "").expect("marker");
    let written: usize = files
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            let text = std::fs::read_to_string(path).expect("read");
            let rest = text.strip_prefix("---\n").expect("front matter");
            let end = rest.find("\n---\n").expect("closing ---");
            let front: vouch::yaml::Value = vouch::yaml::from_str(&rest[..end]).expect("yaml");
            let body = &rest[end + 5..];
            let mut html = String::with_capacity(body.len() * 2);
            let opts =
                pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_FOOTNOTES;
            pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(body, opts));
            let title = front
                .get("title")
                .or(front.get("name"))
                .or(front.get("author"))
                .and_then(|t| t.as_str())
                .unwrap_or("");
            let page = format!("<!doctype html><title>{title}</title>{html}");
            std::fs::write(out.join(format!("{i}.html")), page).expect("write");
            1
        })
        .sum();
    println!(
        "floor: {written} files in {} ms",
        started.elapsed().as_millis()
    );
}

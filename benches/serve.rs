//! The live preview's rebuild after a save, on a corpus from gen_corpus.py:
//! `cargo bench --bench serve -- CORPUS_DIR` prints the initial build, then the median
//! (min, max) of ten saves of each kind (save → site brought up to date): a case study's
//! text, its title, its tags (which relate it to other pages), a testimonial (embedded
//! elsewhere), a story's date (it moves), a testimonial's customer, a customer's name
//! (its stories' cards show it), a new file and its deletion, an image added and
//! deleted, and everything (vouch.yml or a template);
//! and the time to render the edited page the reloading browser asks for.
//!
//! Env: `SERVE_BENCH_ONLY=WORDS` times only the kinds of save whose label contains one
//! of the comma-separated words (e.g. `new file`); `SERVE_BENCH_SAVES=N` makes N saves
//! of each kind instead of ten. New and deleted files are also reported apart.

use std::path::{Path, PathBuf};
use std::time::Instant;
use vouch::serve::{rebuild, Preview};

// The same allocator as the vouch binary, so the figures are the preview's own.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const BASE: &str = "http://127.0.0.1:1111/";

fn main() {
    let args: Vec<String> = std::env::args().filter(|a| a != "--bench").collect();
    let Some(corpus) = args.get(1) else {
        eprintln!("usage: cargo bench --bench serve -- CORPUS_DIR");
        std::process::exit(2);
    };
    let root = std::fs::canonicalize(corpus).expect("corpus folder");
    let preview = Preview::new(root.clone());
    let first = rebuild(&preview, vouch::site::now_from_env(), false, BASE, &[]);
    assert!(first.ok, "the corpus builds");
    println!("initial build: {} ms", first.took.as_millis());

    let case_study = first_file(&root.join("content/case-studies"));
    let original = std::fs::read_to_string(&case_study).unwrap();
    let page = format!(
        "case-studies/{}/index.html",
        case_study.file_stem().unwrap().to_string_lossy()
    );
    measure(&preview, "case study text", |i| {
        std::fs::write(&case_study, format!("{original}\nEdit number {i}.\n")).unwrap();
        vec![case_study.clone()]
    });
    let started = Instant::now();
    let served = preview
        .snapshot
        .read()
        .unwrap()
        .live
        .as_ref()
        .and_then(|l| l.get(&page))
        .is_some();
    assert!(served, "{page}");
    println!(
        "  edited page rendered in {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );

    measure(&preview, "case study front matter (title)", |i| {
        let edited = original.replacen("title: ", &format!("title: Edit {i} "), 1);
        std::fs::write(&case_study, edited).unwrap();
        vec![case_study.clone()]
    });
    std::fs::write(&case_study, &original).unwrap();
    rebuild(
        &preview,
        vouch::site::now_from_env(),
        false,
        BASE,
        std::slice::from_ref(&case_study),
    );

    measure(&preview, "case study tags (refiled in place)", |i| {
        let edited = original.replacen("tags: [", &format!("tags: [bench-tag-{i}, "), 1);
        std::fs::write(&case_study, edited).unwrap();
        vec![case_study.clone()]
    });
    std::fs::write(&case_study, &original).unwrap();
    rebuild(
        &preview,
        vouch::site::now_from_env(),
        false,
        BASE,
        std::slice::from_ref(&case_study),
    );

    let testimonial = first_file(&root.join("content/testimonials"));
    let original_t = std::fs::read_to_string(&testimonial).unwrap();
    measure(&preview, "testimonial text", |i| {
        std::fs::write(&testimonial, format!("{original_t}\nSaid again, {i}.\n")).unwrap();
        vec![testimonial.clone()]
    });
    std::fs::write(&testimonial, &original_t).unwrap();
    rebuild(
        &preview,
        vouch::site::now_from_env(),
        false,
        BASE,
        std::slice::from_ref(&testimonial),
    );

    measure(&preview, "case study date (moves in listings)", |i| {
        let year = 2000 + i;
        let edited = regex_date(&original, &format!("date: {year}-01-0{}", 1 + i % 9));
        std::fs::write(&case_study, edited).unwrap();
        vec![case_study.clone()]
    });
    std::fs::write(&case_study, &original).unwrap();
    rebuild(
        &preview,
        vouch::site::now_from_env(),
        false,
        BASE,
        std::slice::from_ref(&case_study),
    );

    let customers: Vec<String> = walkdir::WalkDir::new(root.join("content/customers"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter_map(|e| {
            e.path()
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .filter(|s| s != "customers")
        .take(10)
        .collect();
    measure(&preview, "testimonial's customer", |i| {
        let other = &customers[i % customers.len()];
        let edited = original_t.replacen("customer: ", &format!("customer: {other}\n# was: "), 1);
        std::fs::write(&testimonial, edited).unwrap();
        vec![testimonial.clone()]
    });
    std::fs::write(&testimonial, &original_t).unwrap();
    rebuild(
        &preview,
        vouch::site::now_from_env(),
        false,
        BASE,
        std::slice::from_ref(&testimonial),
    );

    let customer = first_file(&root.join("content/customers"));
    let original_c = std::fs::read_to_string(&customer).unwrap();
    measure(&preview, "customer's name (its stories' cards)", |i| {
        let edited = original_c.replacen("name: ", &format!("name: Renamed {i} "), 1);
        std::fs::write(&customer, edited).unwrap();
        vec![customer.clone()]
    });
    std::fs::write(&customer, &original_c).unwrap();
    rebuild(
        &preview,
        vouch::site::now_from_env(),
        false,
        BASE,
        std::slice::from_ref(&customer),
    );

    let new_file = case_study.with_file_name("zz-bench-new-story.md");
    measure(&preview, "new file created / deleted", |i| {
        if i % 2 == 0 {
            std::fs::write(&new_file, &original).unwrap();
        } else {
            std::fs::remove_file(&new_file).unwrap();
        }
        vec![new_file.clone()]
    });
    let _ = std::fs::remove_file(&new_file);
    rebuild(
        &preview,
        vouch::site::now_from_env(),
        false,
        BASE,
        std::slice::from_ref(&new_file),
    );

    let image = root.join("content/zz-bench-image.svg");
    measure(&preview, "image added / deleted", |i| {
        if i % 2 == 0 {
            std::fs::write(&image, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
        } else {
            std::fs::remove_file(&image).unwrap();
        }
        vec![image.clone()]
    });
    let _ = std::fs::remove_file(&image);
    rebuild(
        &preview,
        vouch::site::now_from_env(),
        false,
        BASE,
        std::slice::from_ref(&image),
    );

    measure(&preview, "everything (vouch.yml, templates)", |_| {
        Vec::new()
    });
}

/// Ten saves (or `SERVE_BENCH_SAVES`) made by `save` (which returns the changed paths),
/// each followed by the preview's rebuild, timed and reported as `what`; none when
/// `SERVE_BENCH_ONLY` leaves `what` out. A new file and its deletion are also reported
/// apart (even saves create it, odd ones delete it).
fn measure(preview: &Preview, what: &str, save: impl Fn(usize) -> Vec<PathBuf>) {
    let only = std::env::var("SERVE_BENCH_ONLY").unwrap_or_default();
    if !only.is_empty() && !only.split(',').any(|w| what.contains(w.trim())) {
        return;
    }
    let saves = std::env::var("SERVE_BENCH_SAVES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10);
    let times: Vec<f64> = (0..saves)
        .map(|i| {
            let changed = save(i);
            let started = Instant::now();
            let rebuilt = rebuild(preview, vouch::site::now_from_env(), false, BASE, &changed);
            assert!(rebuilt.ok, "the edit builds");
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    report(what, times.clone());
    if what.starts_with("new file") {
        let (even, odd): (Vec<_>, Vec<_>) = times.iter().enumerate().partition(|(i, _)| i % 2 == 0);
        report(
            "new file created",
            even.into_iter().map(|(_, t)| *t).collect(),
        );
        report("file deleted", odd.into_iter().map(|(_, t)| *t).collect());
    }
}

fn report(what: &str, mut times: Vec<f64>) {
    if times.is_empty() {
        return;
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{what:>36} → rebuilt: median {:.1} ms (min {:.1}, max {:.1})",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
}

fn first_file(dir: &Path) -> PathBuf {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "md"))
        .expect("a Markdown file")
        .into_path()
}

/// `text` with its `date: YYYY-MM-DD` line replaced by `line`.
fn regex_date(text: &str, line: &str) -> String {
    text.lines()
        .map(|l| if l.starts_with("date: ") { line } else { l })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

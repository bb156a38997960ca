//! What each fuzz target does with its bytes. Shared by the cargo-fuzz targets
//! (`fuzz/fuzz_targets/`, long runs on a nightly toolchain) and by `tests/fuzz.rs` (a
//! short proptest run in every `cargo test`, and every input kept in
//! `fuzz/regressions/`), so both drive the same code the same way.
//!
//! Each body panics only where vouch would: a panic, a hang (the fuzzer's timeout) or a
//! broken promise asserted here is a finding.

use std::path::{Path, PathBuf};

/// The fixed "now" every run uses (2026-06-15T12:00:00Z), so runs repeat.
pub fn now() -> jiff::Timestamp {
    jiff::Timestamp::from_second(1_781_524_800).expect("a valid moment")
}

/// A site in a temporary folder: a minimal vouch.yml, a customer, and `files`.
fn site(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut all: Vec<(&str, &[u8])> = vec![
        (
            "vouch.yml",
            b"title: Fuzz Stories\nbase_url: https://example.com/\n",
        ),
        (
            "content/customers/acme.md",
            b"---\nname: Acme Corp\nindustry: Healthcare\n---\nAcme makes anvils.\n",
        ),
    ];
    all.extend_from_slice(files);
    for (path, bytes) in all {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("a parent")).expect("folders");
        std::fs::write(full, bytes).expect("a file");
    }
    dir
}

/// Every stage but writing, as `vouch check` runs them (pictures are decoded and
/// encoded into the site's cache).
fn check(root: &Path, drafts: bool) -> Result<(), vouch::diagnostics::Diagnostics> {
    let request = vouch::Request {
        index_links: false,
        root: root.to_path_buf(),
        drafts,
        base_url: None,
        now: now(),
    };
    vouch::check(&request).map(|_| ())
}

const FOLDERS: [&str; 7] = [
    "case-studies",
    "testimonials",
    "quotes",
    "events",
    "customers",
    "advocates",
    "pages",
];

/// Front matter and Markdown: the bytes after the first are a content file of the kind
/// the first byte picks. Parsed alone; when it parses, checked within a whole site
/// (relations, taxonomies, rendering). Problems must name the file.
pub fn front_matter(data: &[u8]) {
    let Some((&first, text)) = data.split_first() else {
        return;
    };
    let folder = FOLDERS[usize::from(first) % FOLDERS.len()];
    let content_path = format!("{folder}/fuzz.md");
    let rel = PathBuf::from("content").join(&content_path);
    let parsed = match std::str::from_utf8(text) {
        Ok(text) => vouch::content::parse_document(text, rel.clone(), content_path.clone()),
        Err(_) => return,
    };
    if let Err(problems) = &parsed {
        assert!(
            problems.iter().all(|d| d.path == rel),
            "a problem names another file: {problems:?}"
        );
        return;
    }
    let dir = site(&[(rel.to_str().expect("UTF-8"), text)]);
    if let Err(problems) = check(dir.path(), first & 0x80 != 0) {
        assert!(!problems.0.is_empty(), "a failed check says why");
    }
}

/// CSV rows imported as testimonials or quotes (the first byte picks, and whether bad
/// rows are left out). What an import writes is a draft that builds: every written file
/// is read back by `vouch check --drafts` without an error.
pub fn import_rows(data: &[u8]) {
    let Some((&first, rows)) = data.split_first() else {
        return;
    };
    let dir = site(&[("rows.csv", rows)]);
    let options = vouch::import::Options {
        file: dir.path().join("rows.csv"),
        kind: if first & 1 == 0 {
            vouch::content::Kind::Testimonial
        } else {
            vouch::content::Kind::Quote
        },
        maps: Vec::new(),
        dry_run: false,
        force_partial: first & 2 != 0,
        date_format: match first >> 2 & 3 {
            1 => Some(vouch::import::dates::Order::DayFirst),
            2 => Some(vouch::import::dates::Order::MonthFirst),
            _ => None,
        },
        now: now(),
    };
    let Ok(imported) = vouch::import::run(dir.path(), &options) else {
        return;
    };
    if imported.written && !imported.files.is_empty() {
        if let Err(problems) = check(dir.path(), true) {
            panic!(
                "imported drafts do not build:\n{}",
                problems
                    .iter()
                    .map(|d| d.render(dir.path(), false))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }
}

/// Picture files: the bytes after the first, under the name the first byte picks, used
/// as a case study's picture (in its body and as its share image) and as a customer's
/// logo. Checked within a whole site: probed, decoded, resized and encoded.
pub fn picture(data: &[u8]) {
    const NAMES: [&str; 6] = ["p.png", "p.jpg", "p.webp", "p.gif", "p.svg", "p.jpeg"];
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(first) % NAMES.len()];
    let story = format!(
        "---\ntitle: A picture\ndate: 2026-01-10\ncustomer: acme\nsummary: Pictures.\nimage: {name}\ndraft: true\n---\n![A picture]({name})\n"
    );
    let folder = "content/case-studies/fuzz";
    let picture = format!("{folder}/{name}");
    let logo = format!("content/customers/logos/{name}");
    let customer = format!("---\nname: Beta Ltd\nlogo: /customers/logos/{name}\n---\nBeta.\n");
    let dir = site(&[
        (&format!("{folder}/index.md"), story.as_bytes()),
        (&picture, bytes),
        (&logo, bytes),
        ("content/customers/beta.md", customer.as_bytes()),
    ]);
    if let Err(problems) = check(dir.path(), true) {
        assert!(!problems.0.is_empty(), "a failed check says why");
    }
}

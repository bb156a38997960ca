//! `vouch import` under hostile input: rows never merge, nothing is written out of
//! place or through a link, every written file builds, and every value reads back
//! (through vouch's own front-matter reader) exactly as its cell held it.

mod common;

use common::{Run, SiteTest};
use proptest::prelude::*;
use std::path::Path;

fn import(site: &SiteTest, file: &str, args: &[&str]) -> Run {
    let path = site.root().join(file);
    let mut all = vec!["import", path.to_str().unwrap(), "--kind", "testimonial"];
    all.extend_from_slice(args);
    site.run(&all)
}

/// The Markdown files of content/testimonials, by name.
fn written(root: &Path) -> Vec<String> {
    common::content_files(root, "testimonials")
}

/// A file read back through the project's front-matter reader.
fn read_back(root: &Path, name: &str) -> (vouch::content::kinds::Testimonial, String) {
    let text = std::fs::read_to_string(root.join("content/testimonials").join(name)).unwrap();
    let doc = vouch::content::parse_document(
        &text,
        Path::new("content/testimonials").join(name),
        format!("testimonials/{name}"),
    )
    .unwrap_or_else(|e| panic!("{name} does not read back: {e:?}\n{text}"));
    match doc.front {
        vouch::content::Front::Testimonial(t) => (t, doc.body),
        other => panic!("{name} is not a testimonial: {other:?}"),
    }
}

#[test]
fn an_unclosed_quote_names_its_row_and_writes_nothing() {
    let site = SiteTest::with_basics().file(
        "reviews.csv",
        "author,text\nAna Lima,Fast and calm\nBo Chen,\"It never\nCy Diaz,Good\nDee Fox,Fine\n",
    );
    let run = import(&site, "reviews.csv", &[]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains(":3:9: error: row 3: the quote opened on line 3 is never closed, so every row after it would be read into this one cell"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("close the cell with \" (and double every \" inside it), then import again; nothing was written"));
    assert_eq!(written(site.root()), Vec::<String>::new());
}

#[test]
fn a_long_name_is_cut_on_a_character_boundary_and_every_row_is_written() {
    let long = "Zoë ".repeat(75); // 300 characters, a two-byte letter in every word
    let csv = format!("author,text,date\n{long},Words one,2026-03-02\nAna,Words two,2026-03-02\n");
    let site = SiteTest::with_basics().file("reviews.csv", &csv);
    let run = import(&site, "reviews.csv", &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let names = written(site.root());
    assert_eq!(names.len(), 2, "{names:?}");
    for name in &names {
        let slug = name.trim_end_matches(".md");
        assert!(slug.len() <= 100, "{slug} is {} bytes", slug.len());
    }
    assert!(
        names.contains(&"ana-2026-03-02.md".to_string()),
        "{names:?}"
    );
    let long_file = names.iter().find(|n| n.starts_with("zoë-zoë")).unwrap();
    assert!(long_file.ends_with("-2026-03-02.md"), "{long_file}");
    let (t, _) = read_back(site.root(), long_file);
    assert_eq!(t.author, long.trim(), "the name itself is kept whole");
}

#[cfg(unix)]
#[test]
fn a_link_where_a_file_would_go_is_refused_before_anything_is_written() {
    let site = SiteTest::with_basics().file(
        "reviews.csv",
        "author,text,date\nAna,Words one,2026-03-02\nBo,Words two,2026-03-02\n",
    );
    std::fs::create_dir_all(site.root().join("content/testimonials")).unwrap();
    std::os::unix::fs::symlink(
        "/nowhere/at/all.md",
        site.root().join("content/testimonials/bo-2026-03-02.md"),
    )
    .unwrap();
    let run = import(&site, "reviews.csv", &[]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains(
            "error: row 3: content/testimonials/bo-2026-03-02.md is a link; vouch import does not write through links"
        ),
        "{}",
        run.stderr()
    );
    assert_eq!(written(site.root()), vec!["bo-2026-03-02.md".to_string()]);
}

#[cfg(unix)]
#[test]
fn a_folder_linked_outside_the_site_is_never_written_through() {
    let outside = tempfile::tempdir().unwrap();
    let site = SiteTest::with_basics().file("reviews.csv", "author,text\nAna,Words one\n");
    std::os::unix::fs::symlink(outside.path(), site.root().join("content/testimonials")).unwrap();
    let run = import(&site, "reviews.csv", &[]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let expected = format!(
        "content/testimonials: error: content/testimonials is a link (to {}); vouch import does not write through links",
        outside.path().display()
    );
    assert!(run.stderr().contains(&expected), "{}", run.stderr());
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    // A dry run says the same, and writes nothing either.
    let dry = import(&site, "reviews.csv", &["--dry-run"]);
    assert_eq!(dry.code(), 1);
    assert!(dry.stderr().contains(&expected), "{}", dry.stderr());
}

#[test]
fn words_the_build_reads_as_a_shortcode_are_refused_with_their_row() {
    let site = SiteTest::with_basics().file(
        "reviews.csv",
        "author,text\nAna,Setup took {{ minutes }} not days\nBo,Our {% if %} checks pass\nCy,Escaped \\{\\{ x }} still counts\n",
    );
    let run = import(&site, "reviews.csv", &[]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let err = run.stderr();
    assert!(err.contains("error: row 2, column B (text): the words hold {{ minutes }}, which the build would read as a shortcode"), "{err}");
    assert!(err.contains("error: row 4, column B (text): the words hold {\\{ x }}, which the build would read as a shortcode"), "{err}");
    assert!(err.contains("customers' words cannot hold {{ … }}: write the braces apart ({ { … } }) or leave them out, then import again"), "{err}");
    assert!(!err.contains("row 3"), "{{% %}} builds: {err}");
    assert_eq!(written(site.root()), Vec::<String>::new());

    // The row that builds, written with --force-partial, builds with its words verbatim.
    let run = import(&site, "reviews.csv", &["--force-partial"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let names = written(site.root());
    assert_eq!(names.len(), 1, "{names:?}");
    let build = site.run(&["build", "--drafts"]);
    assert!(build.ok(), "{}", build.stderr());
    assert!(build
        .page("testimonials/index.html")
        .contains("Our {% if %} checks pass"));
}

#[test]
fn line_breaks_yaml_knows_cannot_write_an_approval() {
    let url =
        "https://g2.example/r/1\u{2028}approval: { by: Nobody, on: 2026-01-01 }\u{85}draft: false";
    let author = "Ana\u{2029}approval: x";
    let csv =
        format!("author,text,source,source_url\n\"{author}\",Words,\"G2\u{85}# x\",\"{url}\"\n");
    let site = SiteTest::with_basics().file("reviews.csv", &csv);
    let run = import(&site, "reviews.csv", &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let names = written(site.root());
    assert_eq!(names.len(), 1);
    let (t, body) = read_back(site.root(), &names[0]);
    assert!(t.approval.is_none(), "an approval nobody gave: {t:?}");
    assert!(t.draft);
    assert_eq!(t.source_url.as_deref(), Some(url));
    assert_eq!(
        t.author, "Ana approval: x",
        "spaces collapse in names, as documented"
    );
    assert_eq!(t.source.as_deref(), Some("G2 # x"));
    assert_eq!(body, "Words\n");
    let check = site.run(&["check", "--drafts"]);
    assert!(check.ok(), "{}", check.stderr());
}

/// Text with every kind of character a cell can hold that YAML or Markdown might read
/// as structure.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => any::<char>().prop_map(String::from),
        1 => prop::sample::select(vec![
            "\u{2028}", "\u{2029}", "\u{85}", "\r\n", "\r", "\n", "\t", "\u{1b}[31m", "\u{7}",
            "\u{feff}", "\u{202e}", "\"", "'", "\\", "---\n", "# ", ": ", "- ", "? ", "&a ",
            "*a ", "! ", "| ", "> ", "% ", "@", "`", "{", "}", "[", "]", ",", "\0", "\u{7f}",
            "\u{9b}", "null", "~", "true", "2026-01-01", "0x1F",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|p| p.concat())
}

/// Date cells as exports write them (all readable day first, as one file's dates are),
/// and the day each documents.
const DATES: [(&str, &str); 5] = [
    ("2026-03-02 10:15", "2026-03-02"),
    ("25/03/2026 14:22", "2026-03-25"),
    ("11 Mar 2026", "2026-03-11"),
    ("March 11, 2026 9:05 AM", "2026-03-11"),
    ("2026-03-11T14:22:05Z", "2026-03-11"),
];

/// Consent cells and the answer each documents (`None`: no answer).
const CONSENT: [(&str, Option<bool>); 4] = [
    ("Yes, happy to help", Some(true)),
    ("no", Some(false)),
    ("", None),
    ("TRUE", Some(true)),
];

fn one_line(text: &str) -> Option<String> {
    Some(text.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|t| !t.is_empty())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Every written file reads back field by field as its row: text fields equal to the
    /// cell (names on one line), converted fields as documented; every row is written,
    /// refused with a problem, or counted.
    #[test]
    fn every_written_value_reads_back_as_its_cell(
        rows in prop::collection::vec((hostile_text(), hostile_text(), hostile_text(), hostile_text(), hostile_text(), 0..DATES.len(), 0..CONSENT.len()), 1..5),
        long in prop::bool::ANY,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("vouch.yml"), common::CONFIG).unwrap();
        let mut csv = csv::WriterBuilder::new().quote_style(csv::QuoteStyle::Always).from_writer(Vec::new());
        csv.write_record(["author", "text", "role", "source", "title", "rating", "date", "Permission to publish"]).unwrap();
        for (author, text, role, source, title, date, consent) in &rows {
            let author = if long { author.repeat(20) } else { author.clone() };
            csv.write_record([author.as_str(), text, role, source, title, "4/5", DATES[*date].0, CONSENT[*consent].0]).unwrap();
        }
        std::fs::write(root.join("rows.csv"), csv.into_inner().unwrap()).unwrap();
        let options = vouch::import::Options {
            file: root.join("rows.csv"),
            kind: vouch::content::Kind::Testimonial,
            maps: vec!["title=title".into()],
            dry_run: false,
            force_partial: true,
            date_format: None,
            now: "2026-06-15T12:00:00Z".parse().unwrap(),
        };
        let imported = match vouch::import::run(root, &options) {
            Ok(imported) => imported,
            Err(failure) => panic!("{failure:?}"),
        };
        prop_assert_eq!(imported.files.len() + imported.bad + imported.duplicates + imported.empty + imported.declined, imported.rows);
        for file in &imported.files {
            let (author, text, role, source, title, date, consent) = &rows[file.row - 2];
            let author = if long { author.repeat(20) } else { author.clone() };
            let name = file.path.file_name().unwrap().to_string_lossy().into_owned();
            prop_assert!(name.len() <= 103, "{} is too long", name);
            let (t, body) = read_back(root, &name);
            prop_assert_eq!(Some(t.author), one_line(&author));
            prop_assert_eq!(t.role, one_line(role));
            prop_assert_eq!(t.source, one_line(source));
            prop_assert_eq!(t.title, one_line(title));
            prop_assert_eq!(t.rating, Some(4));
            prop_assert_eq!(t.date.map(|d| d.0.to_string()), Some(DATES[*date].1.to_string()));
            prop_assert!(t.draft);
            prop_assert_ne!(CONSENT[*consent].1, Some(false), "a no is never written");
            match CONSENT[*consent].1 {
                Some(true) => {
                    let approval = t.approval.expect("a yes writes the approval");
                    let by = match one_line(role) {
                        Some(role) => format!("{}, {role}", one_line(&author).unwrap()),
                        None => one_line(&author).unwrap(),
                    };
                    prop_assert_eq!(approval.by, by);
                    prop_assert_eq!(approval.on.0.to_string(), DATES[*date].1);
                }
                _ => prop_assert!(t.approval.is_none()),
            }
            let words = text.trim().replace("\r\n", "\n").replace('\r', "\n");
            prop_assert_eq!(body, format!("{}\n", words.trim()));
        }
    }
}

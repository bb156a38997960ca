//! A marketer's first week (issue 37, points 4-7) and hostile `vouch new`, `--base-url`
//! and vouch.yml values (issue 39): every message asserted whole.

mod common;

use common::{SiteTest, NOW_EPOCH};
use std::path::{Path, PathBuf};
use vouch::serve::{rebuild, Preview};

fn now() -> jiff::Timestamp {
    jiff::Timestamp::from_second(NOW_EPOCH.parse().unwrap()).unwrap()
}

/// The errors the preview reports after loading the site, rendered as `vouch check`
/// prints them.
fn preview_errors(root: &Path) -> Vec<String> {
    let preview = Preview::new(root.to_path_buf());
    let rebuilt = rebuild(&preview, now(), false, "http://127.0.0.1:1111/", &[]);
    assert!(!rebuilt.ok, "the preview accepted the site");
    rebuilt
        .problems
        .sorted()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render(root, false))
        .collect()
}

/// The errors `vouch check` prints, one rendered diagnostic each (as the preview's).
fn check_errors(root: &Path) -> Vec<String> {
    let request = vouch::Request {
        index_links: false,
        root: root.to_path_buf(),
        drafts: false,
        base_url: None,
        now: now(),
    };
    let problems = vouch::check(&request).expect_err("the check accepted the site");
    problems
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render(root, false))
        .collect()
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap()
}

// ---- 37.4: placeholders publish -------------------------------------------------------

/// A case study from `vouch new`, its customer filled in and `draft: true` removed.
fn published_new_case_study() -> SiteTest {
    let site = SiteTest::with_basics();
    let run = site.run(&["new", "case-study", "Acme goes faster"]);
    assert_eq!(run.stdout(), "content/case-studies/acme-goes-faster.md\n");
    let path = "content/case-studies/acme-goes-faster.md";
    let text = read(site.root(), path)
        .replace("customer: customer-slug", "customer: acme")
        .replace("draft: true ", "# draft: true ");
    site.file(path, &text)
}

#[test]
fn placeholders_of_vouch_new_fail_a_published_item_in_build_and_preview() {
    let site = published_new_case_study();
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 1);
    insta::assert_snapshot!(run.stderr());
    // The preview refuses it with the same errors.
    assert_eq!(preview_errors(site.root()), check_errors(site.root()));
    assert_eq!(check_errors(site.root()).len(), 4);
}

#[test]
fn drafts_may_keep_placeholders() {
    let site = SiteTest::with_basics();
    for (kind, name) in [
        ("case-study", "Acme goes faster"),
        ("testimonial", "Jordan Ellis"),
        ("quote", "Sam Lee"),
        ("event", "Meetup"),
        ("customer", "Globex"),
        ("advocate", "Ana Silva"),
        ("page", "Join us"),
    ] {
        assert!(site.run(&["new", kind, name]).ok());
    }
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let run = site.run(&["check", "--drafts"]);
    assert!(!run.stderr().contains("placeholder"), "{}", run.stderr());
}

#[test]
fn every_placeholder_is_written_by_vouch_new() {
    let written: String = vouch::content::Kind::ALL
        .into_iter()
        .map(|k| vouch::scaffold::template(k, "T", "2026-06-15"))
        .collect();
    for p in vouch::scaffold::placeholders::PLACEHOLDERS {
        assert!(written.contains(p.text), "{p:?} is never written");
    }
}

// ---- 37.5: the argument fills the kind's identifying field ----------------------------

#[test]
fn vouch_new_puts_the_name_in_the_kinds_identifying_field() {
    let site = SiteTest::new();
    for (kind, path, line) in [
        (
            "testimonial",
            "content/testimonials/jordan-ellis.md",
            "author: \"Jordan Ellis\"",
        ),
        (
            "quote",
            "content/quotes/jordan-ellis.md",
            "author: \"Jordan Ellis\"",
        ),
        (
            "customer",
            "content/customers/jordan-ellis.md",
            "name: \"Jordan Ellis\"",
        ),
        (
            "advocate",
            "content/advocates/jordan-ellis.md",
            "name: \"Jordan Ellis\"",
        ),
        (
            "case-study",
            "content/case-studies/jordan-ellis.md",
            "title: \"Jordan Ellis\"",
        ),
        (
            "event",
            "content/events/jordan-ellis.md",
            "title: \"Jordan Ellis\"",
        ),
        ("page", "content/jordan-ellis.md", "title: \"Jordan Ellis\""),
    ] {
        let run = site.run(&["new", kind, "Jordan Ellis"]);
        assert_eq!(run.stdout(), format!("{path}\n"), "{kind}");
        let text = read(site.root(), path);
        let first = text.lines().nth(1).unwrap();
        assert!(first.starts_with(line), "{kind}: {first}");
        let named = text.lines().filter(|l| l.contains("Jordan Ellis")).count();
        assert_eq!(named, 1, "{kind}: the name is written once\n{text}");
    }
    insta::assert_snapshot!(read(site.root(), "content/testimonials/jordan-ellis.md"));
}

// ---- 37.6: nav, footer and cta links are checked --------------------------------------

const LINKED_CONFIG: &str = "title: Test Stories\nbase_url: https://example.com/stories/\nnav:\n  - { label: Stories, url: /case-studies/ }\n  - { label: Events, url: /evnets/ }\nfooter:\n  - label: About\n    url: /about/\n  - label: Elsewhere\n    url: https://example.org/\n  - label: Feed\n    url: /atom.xml\ncta:\n  text: Join\n  url: /join/\n";

#[test]
fn links_in_vouch_yml_to_missing_pages_fail_build_and_preview() {
    let site = SiteTest::with_basics().file("vouch.yml", LINKED_CONFIG);
    let run = site.build();
    assert_eq!(run.code(), 1);
    insta::assert_snapshot!(run.stderr());
    assert_eq!(preview_errors(site.root()), check_errors(site.root()));
    // With the pages there, the same links build.
    let site = site
        .file("content/about.md", "---\ntitle: About\n---\nUs.\n")
        .file("content/join.md", "---\ntitle: Join\n---\nJoin.\n")
        .file("vouch.yml", &LINKED_CONFIG.replace("/evnets/", "/events/"));
    let run = site.build();
    assert_eq!(run.code(), 0, "{}", run.stderr());
}

// ---- 37.7: the vouch.yml reference ---------------------------------------------------

fn docs(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

#[test]
fn configuration_reference_is_generated_and_up_to_date() {
    let generated = vouch::schema::config_reference();
    assert_eq!(
        docs("docs/configuration.md"),
        generated,
        "docs/configuration.md is out of date: run `vouch schema --config --markdown > docs/configuration.md`"
    );
    let run = SiteTest::new().run(&["schema", "--config", "--markdown"]);
    assert_eq!(run.stdout(), generated);
}

#[test]
fn every_key_of_vouch_yml_is_documented_with_its_range() {
    let reference = vouch::schema::config_reference();
    let keys = vouch::schema::config_keys();
    for key in [
        "title",
        "base_url",
        "theme",
        "cta.url",
        "nav[].label",
        "footer[].url",
        "brand.primary_color",
        "taxonomies.<name>.terms",
        "report.stale_after_months",
        "images.max_megapixels",
        "redirects[].status",
    ] {
        assert!(keys.iter().any(|k| k == key), "{key} missing from {keys:?}");
    }
    for key in &keys {
        let row = reference
            .lines()
            .find(|l| l.starts_with(&format!("| `{key}` |")))
            .unwrap_or_else(|| panic!("{key} is not documented"));
        let description = row.rsplit(" | ").next().unwrap();
        assert!(description.len() > 5, "{key} has no description: {row}");
    }
    for range in vouch::config::NUMBER_RANGES {
        let key = match range.key {
            "redirects.status" => "redirects[].status".to_string(),
            k => k.to_string(),
        };
        let row = reference
            .lines()
            .find(|l| l.starts_with(&format!("| `{key}` |")))
            .unwrap_or_else(|| panic!("{key} is not documented"));
        let allowed = format!("| {} to {} |", range.min, range.max);
        assert!(row.contains(&allowed), "{row}");
    }
    assert!(reference.contains("## Overriding a template"));
    assert!(reference.contains("## Changing the home page's words"));
}

/// A vouch.yml setting every top-level key, each to a value the reader accepts.
const EVERY_KEY: &str = "title: T\nbase_url: https://e.com/\ndescription: D\nlanguage: en\ntheme: mine\napprovals: warn\nbrand: { name: B, primary_color: \"#1f4fd1\" }\nnav: [{ label: Home, url: / }]\nfooter: [{ label: Out, url: \"https://e.org/\" }]\ncta: { text: Read, url: /case-studies/ }\npage_size: 12\nterm_page_size: 50\ntaxonomies: { tags: { title: Topics } }\ncompress: false\nredirects: [{ from: /old/, to: /case-studies/, status: 302 }]\nreport: { stale_after_months: 12 }\nimages: { quality: 70 }\nshare_images: { quotes: false }\nembeds: { customer_walls: false, walls: { pricing: { kind: testimonial, limit: 3 } } }\ncampaigns: { source: newsletter }\nlanguages: { de: { title: Geschichten } }\neditor: { repo: group/project, branch: main }\n";

#[test]
fn every_key_the_reader_accepts_is_documented() {
    // The documented top-level keys are exactly the ones of a vouch.yml that sets every
    // key and loads; a key outside them is refused (the reader denies unknown keys).
    let keys = vouch::schema::config_keys();
    let mut documented: Vec<&str> = keys
        .iter()
        .map(String::as_str)
        .filter(|k| !k.contains(['.', '[']))
        .collect();
    let mut set: Vec<&str> = EVERY_KEY
        .lines()
        .filter_map(|l| l.split_once(':').map(|(k, _)| k))
        .collect();
    documented.sort_unstable();
    set.sort_unstable();
    assert_eq!(documented, set);
    let site = SiteTest::with_basics()
        .file("vouch.yml", EVERY_KEY)
        .file("themes/mine/static/extra.css", "p {}\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let run = site
        .file("vouch.yml", &format!("{EVERY_KEY}surprise: 1\n"))
        .run(&["check"]);
    assert!(
        run.stderr().contains("unknown field 'surprise'"),
        "{}",
        run.stderr()
    );
}

// ---- 39: vouch new under hostile titles ------------------------------------------------

#[test]
fn vouch_new_writes_a_checkable_file_with_a_portable_name_for_any_title() {
    let site = SiteTest::new();
    let long = "Ünïcödé ".repeat(40);
    for (title, path) in [
        (
            "Line one\n---\nevil: true",
            "content/testimonials/line-one-evil-true.md",
        ),
        (
            "\u{1b}[31mRed\u{7} alert\u{2028}now",
            "content/testimonials/31mred-alert-now.md",
        ),
        ("CON", "content/testimonials/con-testimonial.md"),
        ("lpt9", "content/testimonials/lpt9-testimonial.md"),
        ("Trailing dots... ", "content/testimonials/trailing-dots.md"),
        ("Page", "content/testimonials/page-testimonial.md"),
        ("\"Quoted\" \\ back", "content/testimonials/quoted-back.md"),
    ] {
        let run = site.run(&["new", "testimonial", title]);
        assert_eq!(
            run.stdout(),
            format!("{path}\n"),
            "{title:?}: {}",
            run.stderr()
        );
    }
    let run = site.run(&["new", "testimonial", &long]);
    let written = run.stdout();
    let name = Path::new(written.trim())
        .file_stem()
        .unwrap()
        .to_str()
        .unwrap();
    assert!(name.len() <= 100 && name.len() > 90, "{name}");
    assert_eq!(name, name.to_lowercase());
    let run = site.run(&["new", "page", "Search"]);
    assert_eq!(run.stdout(), "content/search-page.md\n");
    let run = site.run(&["check", "--drafts"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let text = read(site.root(), "content/testimonials/line-one-evil-true.md");
    assert!(
        text.contains("author: \"Line one --- evil: true\""),
        "{text}"
    );
}

#[test]
fn a_title_without_letters_is_refused_with_why() {
    let run = SiteTest::new().run(&["new", "quote", "\u{1b}\n--- !"]);
    assert_eq!(run.code(), 2);
    insta::assert_snapshot!(run.stderr());
}

mod property {
    use super::*;
    use proptest::prelude::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("vouch.yml"), common::CONFIG).unwrap();
        dir
    }

    fn check_drafts(root: &Path) -> Result<(), String> {
        let request = vouch::Request {
            index_links: false,
            root: root.to_path_buf(),
            drafts: true,
            base_url: None,
            now: now(),
        };
        vouch::check(&request).map(|_| ()).map_err(|problems| {
            let lines: Vec<String> = problems.iter().map(|d| d.render(root, false)).collect();
            lines.join("\n")
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Whatever the title, `vouch new` refuses it or writes a file `vouch check
        /// --drafts` accepts, under a portable name.
        #[test]
        fn what_vouch_new_writes_passes_check(
            title in "(\\PC|[\\x00-\\x1f\\u{2028}\\u{85}\"\\\\:#{}\\[\\]-]){0,60}",
            kind in 0usize..7,
        ) {
            let kind = vouch::content::Kind::ALL[kind];
            let dir = site();
            let written: Result<PathBuf, _> =
                vouch::scaffold::new_item(dir.path(), kind, &title, "2026-06-15");
            if let Ok(path) = written {
                let name = path.file_stem().unwrap().to_str().unwrap().to_string();
                prop_assert!(name.len() <= 100);
                prop_assert_eq!(name.clone(), name.to_lowercase());
                prop_assert!(!name.ends_with(['.', ' ']));
                if let Err(problems) = check_drafts(dir.path()) {
                    let text = std::fs::read_to_string(dir.path().join(&path)).unwrap();
                    prop_assert!(false, "{problems}\n{text}");
                }
            }
        }
    }
}

// ---- 39: --base-url and base_url -------------------------------------------------------

#[test]
fn base_url_flag_accepts_only_absolute_http_urls() {
    let site = SiteTest::with_basics();
    let mut out = String::new();
    for url in [
        "javascript:alert(1)//",
        "ftp://example.com/",
        "//evil.example/",
        "https://exa mple.com/",
        "",
        "https:///nohost/",
    ] {
        let run = site.run(&["build", "--base-url", url]);
        assert_eq!(run.code(), 2, "{url:?}");
        assert!(!site.root().join("public").exists());
        out.push_str(&run.stderr());
    }
    insta::assert_snapshot!(out);
    let run = site.run(&["build", "--base-url", "https://group.gitlab.io/project/"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
}

#[test]
fn base_url_in_vouch_yml_must_be_absolute_http() {
    let mut out = String::new();
    for url in [
        "\"javascript:alert(1)//\"",
        "//evil.example/",
        "\"\"",
        "\"https://a b/\"",
    ] {
        let run = SiteTest::with_basics()
            .file(
                "vouch.yml",
                &format!("title: T\n# the address\nbase_url: {url}\n"),
            )
            .run(&["check"]);
        assert_eq!(run.code(), 1, "{url}");
        out.push_str(&run.stderr());
    }
    insta::assert_snapshot!(out);
}

// ---- 39: every number in vouch.yml has a range ----------------------------------------

#[test]
fn numbers_out_of_range_in_vouch_yml_are_errors_not_panics() {
    let config = "title: T\nbase_url: https://e.com/\npage_size: 100000\nterm_page_size: 0\nreport: { stale_after_months: 4294967295 }\nimages:\n  quality: 0\n  logo: [8]\nredirects:\n  - { from: /old/, to: /new/, status: 307 }\n";
    let site = SiteTest::with_basics().file("vouch.yml", config);
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 1);
    insta::assert_snapshot!(run.stderr());
    let report = site.run(&["report"]);
    assert_eq!(report.code(), 1, "{}", report.stderr());
    assert!(report
        .stderr()
        .contains("report.stale_after_months must be at least 1 and at most 1200, not 4294967295"));
}

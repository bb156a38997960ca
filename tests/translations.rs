//! Translations (issue 34): `acme.de.md` beside `acme.md` is its German wording,
//! published under `/de/` with its own approval; pages name their versions in the
//! other languages (`hreflang`, reciprocal, with `x-default`), and so does the sitemap.

mod common;

use common::{Run, SiteTest};
use std::collections::{BTreeMap, BTreeSet};

const LANGUAGES: &str = "languages:\n  de: { title: Kundengeschichten }\n  fr: {}\n";

/// A site in English, German and French: the basics' case study in all three, a quote in
/// English and German, a testimonial in English only.
fn site(approvals: &str) -> SiteTest {
    SiteTest::with_basics()
        .file(
            "vouch.yml",
            &format!("{}approvals: {approvals}\n{LANGUAGES}", common::CONFIG),
        )
        .file(
            "content/case-studies/acme-ships.de.md",
            "---\ntitle: Acme liefert schneller\nsummary: Acme hat die Release-Zeit verkürzt.\napproval: { by: \"Dana, CTO, Acme\", on: 2026-01-05 }\n---\n## Die Ergebnisse\n\nSchneller. {{ quote(id=\"dana\") }}\n",
        )
        .file(
            "content/case-studies/acme-ships.fr.md",
            "---\ntitle: Acme livre plus vite\napproval: { by: \"Dana, CTO, Acme\", on: 2026-01-06 }\n---\nPlus vite.\n",
        )
        .file(
            "content/quotes/dana.md",
            "---\nauthor: Dana\nrole: CTO\ncustomer: acme\ndate: 2026-01-02\napproval: { by: \"Dana, CTO, Acme\", on: 2026-01-01 }\n---\nWe ship every day now.\n",
        )
        .file(
            "content/quotes/dana.de.md",
            "---\nrole: Technische Leiterin\napproval: { by: \"Dana, CTO, Acme\", on: 2026-01-05 }\n---\nWir liefern jetzt jeden Tag aus.\n",
        )
        .file(
            "content/testimonials/ravi.md",
            "---\nauthor: Ravi\ncustomer: acme\nrating: 5\ndate: 2026-01-03\napproval: { by: \"Ravi, Acme\", on: 2026-01-01 }\n---\nGreat tool.\n",
        )
}

/// Every HTML page of the built site with its `hreflang` alternates (hreflang → URL).
fn alternates_of_every_page(run: &Run) -> BTreeMap<String, BTreeMap<String, String>> {
    let public = run.root.join("public");
    let mut pages = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(path).unwrap();
        let mut found = BTreeMap::new();
        for link in html.split("<link rel=\"alternate\" hreflang=\"").skip(1) {
            let (lang, rest) = link.split_once('"').unwrap();
            let href = rest
                .split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            found.insert(lang.to_string(), href.to_string());
        }
        let inside = path
            .strip_prefix(&public)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        pages.insert(inside, found);
    }
    pages
}

/// The file of the built site an absolute URL of it names.
fn file_of(url: &str) -> String {
    let inside = url.strip_prefix("https://example.com/").expect(url);
    format!("{inside}index.html")
}

#[test]
fn translated_pages_name_each_other_and_the_default() {
    let run = site("warn").build();
    assert!(run.ok(), "{}", run.stderr());
    let page = run.page("de/case-studies/acme-ships/index.html");
    assert!(page.contains("<html lang=\"de\">"), "{page}");
    assert!(page.contains("Acme liefert schneller"));
    assert!(
        page.contains("Wir liefern jetzt jeden Tag aus."),
        "the German quote is embedded"
    );
    assert!(page.contains("<title>Acme liefert schneller · Kundengeschichten</title>"));
    // The switcher: links to the page in every language it exists in.
    let switcher = page.split("<nav class=\"languages\"").nth(1).unwrap();
    let switcher = switcher.split("</nav>").next().unwrap();
    for href in [
        "/case-studies/acme-ships/",
        "/de/case-studies/acme-ships/",
        "/fr/case-studies/acme-ships/",
    ] {
        assert!(switcher.contains(&format!("href=\"{href}\"")), "{switcher}");
    }
    assert!(
        switcher.contains("aria-current=\"page\"><span class=\"language-name\">Deutsch</span>"),
        "{switcher}"
    );
    // Shared files stay at the root; the untranslated customer is linked where it is.
    assert!(page.contains("href=\"/assets/vouch.css\""));
    assert!(page.contains("href=\"/customers/acme/\""), "{page}");
    assert!(!run.exists("de/customers/acme/index.html"));
    assert!(!run.exists("de/assets/vouch.css"));

    let pages = alternates_of_every_page(&run);
    let translated: Vec<_> = pages.iter().filter(|(_, a)| !a.is_empty()).collect();
    assert!(translated.len() >= 6, "{translated:?}");
    for (path, alternates) in &translated {
        let default = &alternates["x-default"];
        assert_eq!(
            Some(default),
            alternates.get("en"),
            "{path}: x-default is the English page"
        );
        let langs: BTreeSet<&str> = alternates.keys().map(String::as_str).collect();
        assert!(langs.len() >= 3, "{path}: {langs:?}");
        for (lang, url) in alternates.iter().filter(|(l, _)| *l != "x-default") {
            let target = file_of(url);
            let back = pages
                .get(&target)
                .unwrap_or_else(|| panic!("{path}: {lang} names {url}, not built"));
            assert_eq!(
                back, *alternates,
                "{path} and {target} name different versions"
            );
            let html = run.page(&target);
            assert!(
                html.contains(&format!("<html lang=\"{lang}\">")),
                "{target}"
            );
        }
        // Each names itself among its versions.
        assert!(alternates.values().any(|u| file_of(u) == **path), "{path}");
    }
    // An item with no translation is on no page of the language: the testimonial is
    // English only, so the German wall (every listing exists in every language) is empty.
    assert!(run.page("testimonials/index.html").contains("Great tool."));
    assert!(!run
        .page("de/testimonials/index.html")
        .contains("Great tool."));
    assert!(
        !run.page("fr/quotes/index.html").contains("every day"),
        "French has no quotes"
    );
    assert!(!run.page("de/api/testimonials.json").contains("ravi"));
}

#[test]
fn the_sitemap_lists_every_version_with_its_alternates() {
    let run = site("warn").build();
    assert!(run.ok(), "{}", run.stderr());
    let sitemap = run.page("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(!run.exists("de/sitemap.xml"));
    let locs: BTreeSet<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    for url in [
        "https://example.com/case-studies/acme-ships/",
        "https://example.com/de/case-studies/acme-ships/",
        "https://example.com/fr/case-studies/acme-ships/",
        "https://example.com/de/quotes/",
    ] {
        assert!(locs.contains(url), "{url} not listed");
    }
    let mut alternates = 0;
    for entry in sitemap.split("<url>").skip(1) {
        for href in entry.split("hreflang=\"").skip(1) {
            let url = href
                .split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            assert!(locs.contains(url), "alternate {url} is not itself listed");
            alternates += 1;
        }
    }
    assert!(alternates >= 12, "{sitemap}");
    let german = sitemap
        .split("<url>")
        .find(|u| u.contains("<loc>https://example.com/de/case-studies/acme-ships/</loc>"))
        .unwrap();
    for lang in ["en", "de", "fr", "x-default"] {
        assert!(german.contains(&format!("hreflang=\"{lang}\"")), "{german}");
    }
}

#[test]
fn a_translated_quote_needs_its_own_approval() {
    let unapproved = "---\nrole: Technische Leiterin\n---\nWir liefern jetzt jeden Tag aus.\n";
    let warned = site("warn")
        .file("content/quotes/dana.de.md", unapproved)
        .build();
    assert!(warned.ok(), "{}", warned.stderr());
    let stderr = warned.stderr();
    assert!(
        stderr.contains("content/quotes/dana.de.md:1:1: warning: no customer approval recorded for this translation"),
        "{stderr}"
    );
    assert!(warned
        .page("de/quotes/index.html")
        .contains("Wir liefern jetzt"));

    let required = site("require")
        .file("content/quotes/dana.de.md", unapproved)
        .build();
    assert_eq!(required.code(), 1, "{}", required.stderr());
    let stderr = required.stderr();
    assert!(
        stderr.contains("content/quotes/dana.de.md:1:1: error: no customer approval recorded for this translation"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("content/quotes/dana.md"),
        "the original is approved: {stderr}"
    );
    assert!(!required.exists("quotes/index.html"), "nothing written");
}

#[test]
fn an_expired_original_withholds_its_translations() {
    let run = site("warn")
        .file(
            "content/quotes/dana.md",
            "---\nauthor: Dana\nrole: CTO\ncustomer: acme\ndate: 2026-01-02\napproval: { by: \"Dana, CTO, Acme\", on: 2025-01-01, expires: 2026-01-31 }\n---\nWe ship every day now.\n",
        )
        .file("content/case-studies/acme-ships.de.md", "---\ntitle: Acme liefert schneller\napproval: { by: \"Dana\", on: 2026-01-05 }\n---\nSchneller.\n")
        .build();
    assert!(run.ok(), "{}", run.stderr());
    let german = run.page("de/quotes/index.html");
    assert!(
        !german.contains("jeden Tag"),
        "the German quote is withheld with its original"
    );
    assert!(!run.page("quotes/index.html").contains("every day"));
}

#[test]
fn a_translation_states_words_not_facts() {
    let run = site("warn")
        .file(
            "content/quotes/dana.de.md",
            "---\nrole: Technische Leiterin\ncustomer: globex\nauthr: Dana\napproval: { by: \"Dana\", on: 2026-01-05 }\n---\nWir liefern.\n",
        )
        .build();
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        stderr.contains("content/quotes/dana.de.md:3:1: error: a translation states only words: 'customer' comes from the original (content/quotes/dana.md has customer: acme)"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "hint: remove the line; to change customer, change it in content/quotes/dana.md"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "content/quotes/dana.de.md:4:1: error: unknown field 'authr' in a translation"
        ),
        "{stderr}"
    );
}

#[test]
fn a_language_the_site_does_not_list_is_warned() {
    let run = site("warn")
        .file("content/quotes/dana.ja.md", "---\nauthor: Dana\ncustomer: acme\ndate: 2026-01-02\napproval: { by: \"Dana\", on: 2026-01-01 }\n---\n毎日リリースしています。\n")
        .build();
    assert!(run.ok(), "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        stderr.contains("content/quotes/dana.ja.md: warning: the file name ends in '.ja', like a translation, but 'ja' is not in languages: in vouch.yml"),
        "{stderr}"
    );
    assert!(
        stderr.contains("add `ja:` under languages: in vouch.yml"),
        "{stderr}"
    );
    // Published as an item of its own, as before.
    assert!(run.page("quotes/index.html").contains("id=\"dana-ja\""));
}

#[test]
fn a_translation_without_its_original_is_an_error() {
    let run = site("warn")
        .file("content/quotes/nobody.de.md", "---\nrole: x\n---\nWorte.\n")
        .build();
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("content/quotes/nobody.de.md: error: a translation of content/quotes/nobody.md, which does not exist"),
        "{}",
        run.stderr()
    );
}

#[test]
fn languages_must_be_language_codes() {
    let run = SiteTest::with_basics()
        .file(
            "vouch.yml",
            &format!("{}languages:\n  German: {{}}\n  en: {{}}\n", common::CONFIG),
        )
        .build();
    assert_eq!(run.code(), 1);
    let stderr = run.stderr();
    assert!(
        stderr.contains("vouch.yml:4:1: error: 'German' is not a language code"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: 'en' is the site's own language (language: en)"),
        "{stderr}"
    );
}

#[test]
fn a_site_without_languages_writes_what_it_wrote() {
    let run = SiteTest::with_basics().build();
    assert!(run.ok());
    let page = run.page("case-studies/acme-ships/index.html");
    assert!(!page.contains("hreflang"));
    assert!(!page.contains("class=\"languages\""));
    assert!(!run.page("sitemap.xml").contains("xhtml"));
}

#[test]
fn the_example_site_shows_its_german_translations() {
    let site = common::Example::build(&[]);
    let story = site.text("de/case-studies/northwind-health-weekly-releases/index.html");
    assert!(story.contains("<html lang=\"de\">"));
    assert!(story.contains("Northwind Health wechselt von monatlichen zu wöchentlichen Releases"));
    assert!(story.contains("hreflang=\"en\" href=\"https://forgeline.gitlab.io/case-studies/northwind-health-weekly-releases/\""));
    assert!(
        story.contains("Releases pro Monat"),
        "the results' metrics, translated"
    );
    let english = site.text("case-studies/northwind-health-weekly-releases/index.html");
    assert!(english.contains("hreflang=\"de\" href=\"https://forgeline.gitlab.io/de/case-studies/northwind-health-weekly-releases/\""));
    let quotes = site.text("de/quotes/index.html");
    assert!(
        quotes.contains("Bereitschaftsnächte"),
        "the quote approved in German"
    );
    assert!(site
        .text("de/index.html")
        .contains("Teams, die mit Zuversicht ausliefern"));
}

#[test]
fn vouch_new_writes_a_translation_and_the_report_tells_when_it_goes_stale() {
    let site = site("warn");
    let made = site.run(&[
        "new",
        "quote",
        "--lang",
        "fr",
        "--from",
        "content/quotes/dana.md",
    ]);
    assert!(made.ok(), "{}", made.stderr());
    assert_eq!(made.stdout().trim(), "content/quotes/dana.fr.md");
    let text = std::fs::read_to_string(site.root().join("content/quotes/dana.fr.md")).unwrap();
    assert!(text.contains("translated_from: \""), "{text}");
    assert!(
        text.contains("draft: true") && text.contains("role: CTO"),
        "{text}"
    );
    assert!(text.ends_with("We ship every day now.\n"), "{text}");
    // A draft until translated: it checks, and nothing of it is published.
    let check = site.run(&["check"]);
    assert!(check.ok(), "{}", check.stderr());
    // Translated and approved, it is current; then the original's words change.
    let done = text
        .replace(
            "draft: true\n",
            "approval: { by: \"Dana\", on: 2026-01-07 }\n",
        )
        .replace("We ship every day now.", "Nous livrons chaque jour.");
    let site = site.file("content/quotes/dana.fr.md", &done);
    let french = translations_in_report(&site, "fr");
    assert_eq!(french["stale"], serde_json::json!([]), "{french}");
    let site = site.file(
        "content/quotes/dana.md",
        "---\nauthor: Dana\nrole: CTO\ncustomer: acme\ndate: 2026-01-02\napproval: { by: \"Dana, CTO, Acme\", on: 2026-01-01 }\n---\nWe ship every hour now.\n",
    );
    let french = translations_in_report(&site, "fr");
    assert_eq!(
        french["stale"],
        serde_json::json!(["content/quotes/dana.fr.md"]),
        "{french}"
    );
    // The German quote has no translated_from: it cannot be told stale. The testimonial
    // is in no other language, so no language misses it; the French quote now exists,
    // so German misses nothing and French misses nothing either.
    let german = translations_in_report(&site, "de");
    assert_eq!(german["stale"], serde_json::json!([]));
    assert_eq!(german["untranslated"], serde_json::json!([]), "{german}");
    let text = site.run(&["report"]).stdout();
    assert!(
        text.contains("Translations into fr: 2 (stale 1, without approval 0, not translated 0)"),
        "{text}"
    );
    assert!(text.contains("content/quotes/dana.fr.md"), "{text}");
}

/// What `vouch report --format json` says of the site's translations into `language`.
fn translations_in_report(site: &SiteTest, language: &str) -> serde_json::Value {
    let run = site.run(&["report", "--format", "json"]);
    assert!(run.ok(), "{}", run.stderr());
    let report: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    let languages = report["translations"].as_array().unwrap();
    let found = languages.iter().find(|l| l["language"] == language);
    found
        .unwrap_or_else(|| panic!("no {language} in {report}"))
        .clone()
}

#[test]
fn the_report_lists_unapproved_and_missing_translations() {
    let site = site("warn").file(
        "content/quotes/dana.de.md",
        "---\nrole: Technische Leiterin\n---\nWir liefern jetzt jeden Tag aus.\n",
    );
    let german = translations_in_report(&site, "de");
    assert_eq!(
        german["unapproved"],
        serde_json::json!(["content/quotes/dana.de.md"])
    );
    let french = translations_in_report(&site, "fr");
    assert_eq!(
        french["untranslated"],
        serde_json::json!(["content/quotes/dana.md"]),
        "in German, not French"
    );
}

#[test]
fn vouch_new_refuses_a_language_the_site_lacks() {
    let run = site("warn").run(&[
        "new",
        "quote",
        "--lang",
        "ja",
        "--from",
        "content/quotes/dana.md",
    ]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr()
            .contains("'ja' is not one of the site's languages"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("the site's languages: de, fr"),
        "{}",
        run.stderr()
    );
}

#[test]
fn declared_terms_have_labels_per_language_under_one_slug() {
    let config = format!(
        "{}{LANGUAGES}taxonomies:\n  industry:\n    terms: [Healthcare, Retail]\n    languages:\n      de: {{ title: Branche, terms: {{ Healthcare: Gesundheitswesen }} }}\n",
        common::CONFIG
    );
    let run = site("warn").file("vouch.yml", &config).build();
    assert!(run.ok(), "{}", run.stderr());
    let german = run.page("de/industry/healthcare/index.html");
    assert!(german.contains("Gesundheitswesen"), "{german}");
    assert!(run
        .page("de/industry/index.html")
        .contains("<h1>Branche</h1>"));
    assert!(run
        .page("industry/healthcare/index.html")
        .contains("Healthcare"));
    assert!(
        run.page("fr/industry/healthcare/index.html")
            .contains("Healthcare"),
        "no French label"
    );
    let wrong = site("warn")
        .file(
            "vouch.yml",
            &config.replace(
                "{ Healthcare: Gesundheitswesen }",
                "{ Helthcare: Gesundheitswesen }",
            ),
        )
        .build();
    assert_eq!(wrong.code(), 1);
    assert!(
        wrong
            .stderr()
            .contains("'Helthcare' is not a declared term of industry"),
        "{}",
        wrong.stderr()
    );
    assert!(
        wrong.stderr().contains("did you mean 'Healthcare'?"),
        "{}",
        wrong.stderr()
    );
}

#[test]
fn a_bundle_translates_as_index_de_md_and_each_language_has_its_channels() {
    let run = site("warn")
        .file(
            "content/case-studies/globex/index.md",
            "---\ntitle: Globex goes global\ndate: 2026-01-11\ncustomer: acme\nsummary: Globex.\napproval: { by: \"Dana\", on: 2026-01-01 }\n---\n![Flow](flow.svg)\n",
        )
        .file("content/case-studies/globex/flow.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>")
        .file(
            "content/case-studies/globex/index.de.md",
            "---\ntitle: Globex wird global\napproval: { by: \"Dana\", on: 2026-01-05 }\n---\n![Ablauf](flow.svg)\n",
        )
        .build();
    assert!(run.ok(), "{}", run.stderr());
    let page = run.page("de/case-studies/globex/index.html");
    assert!(page.contains("Globex wird global"));
    // The bundle's picture is the one file every language shares, at the root.
    assert!(
        page.contains("src=\"/case-studies/globex/flow.svg\""),
        "{page}"
    );
    assert!(run.exists("case-studies/globex/flow.svg"));
    assert!(!run.exists("de/case-studies/globex/flow.svg"));
    let feed = run.page("de/atom.xml");
    assert!(
        feed.contains("Globex wird global") && !feed.contains("Globex goes global"),
        "{feed}"
    );
    let api = run.page("de/api/case-studies.json");
    assert!(api.contains("Globex wird global"), "{api}");
    assert!(
        run.exists("de/search/index.json"),
        "the German search index"
    );
}

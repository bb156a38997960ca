//! The repository's own example site (vouch.yml + content/) builds, with a page for every
//! published item and the richness issue 2 asks of it. The list of items comes from the
//! content folder itself, so adding a story is covered without touching this test.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

const TODAY: &str = "2026-11-25";

fn build() -> common::Example {
    common::Example::build(&[])
}

/// Every Markdown file of a kind folder: slug → front matter.
fn sources(folder: &str) -> BTreeMap<String, vouch::yaml::Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("content")
        .join(folder);
    let mut found = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&root).into_iter().flatten() {
        let path = entry.path();
        // Translations (`acme.de.md`) are no items of their own: tests/translations.rs.
        let translation = common::is_translation(path);
        if path.extension().is_none_or(|e| e != "md")
            || path.file_name().is_some_and(|n| n == "_index.md")
            || translation
        {
            continue;
        }
        let slug = if path.file_name().is_some_and(|n| n == "index.md") {
            path.parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        } else {
            path.file_stem().unwrap().to_string_lossy().into_owned()
        };
        let text = std::fs::read_to_string(path).unwrap();
        let yaml = text.split("---\n").nth(1).expect("front matter");
        found.insert(slug, vouch::yaml::from_str(yaml).unwrap());
    }
    found
}

fn text(v: &vouch::yaml::Value, key: &str) -> Option<String> {
    v.get(key).and_then(|x| x.as_str().map(str::to_string))
}

/// What the publishing rules say about an item today.
fn published(front: &vouch::yaml::Value) -> bool {
    let draft = front
        .get("draft")
        .and_then(|d| d.as_bool())
        .unwrap_or(false);
    let future = text(front, "date").is_some_and(|d| d.as_str() > TODAY);
    let expired = front
        .get("approval")
        .and_then(|a| text(a, "expires"))
        .is_some_and(|e| e.as_str() < TODAY);
    !draft && !future && !expired
}

#[test]
fn every_published_item_of_the_example_site_has_its_page() {
    let site = build();
    for folder in ["case-studies", "events", "customers", "advocates"] {
        for (slug, front) in sources(folder) {
            let page = site.out.join(folder).join(&slug).join("index.html");
            assert_eq!(
                page.exists(),
                published(&front),
                "{folder}/{slug}: page exists = {}",
                page.exists()
            );
        }
    }
    for page in ["join/index.html", "about/index.html"] {
        assert!(site.out.join(page).exists(), "{page}");
    }
    // Testimonials and quotes live on their walls, one anchor each.
    for (folder, kind) in [("testimonials", "testimonial"), ("quotes", "quote")] {
        let wall = site.text(&format!("{folder}/index.html"));
        for (slug, front) in sources(folder) {
            assert_eq!(
                wall.contains(&format!("id=\"{slug}\"")),
                published(&front),
                "{kind} {slug}"
            );
        }
    }
    // The only warning is the story whose approval ran out.
    assert!(
        site.stderr.contains("meridian-bank-mobile-platform.md")
            && site.stderr.contains("approval expired"),
        "{}",
        site.stderr
    );
    assert_eq!(
        site.stderr.matches("warning:").count(),
        1,
        "{}",
        site.stderr
    );
}

#[test]
fn the_example_site_shows_every_feature_issue_2_asks_for() {
    let site = build();
    let cases = sources("case-studies");
    let live: Vec<_> = cases.iter().filter(|(_, f)| published(f)).collect();
    assert!(live.len() >= 6, "{} published case studies", live.len());
    // Industries come from the case study or, failing that, its customer.
    let customers = sources("customers");
    let industries: std::collections::BTreeSet<String> = live
        .iter()
        .filter_map(|(_, f)| {
            text(f, "industry")
                .or_else(|| text(&customers[&text(f, "customer").unwrap()], "industry"))
        })
        .collect();
    assert!(industries.len() >= 4, "{industries:?}");
    assert!(cases.values().any(|f| f.get("draft").is_some()), "a draft");
    assert!(
        cases
            .values()
            .any(|f| text(f, "date").is_some_and(|d| d.as_str() > TODAY)),
        "a scheduled story"
    );
    assert!(
        cases.values().any(|f| !published(f)
            && f.get("approval")
                .is_some_and(|a| a.get("expires").is_some())),
        "an expired approval"
    );
    let bundle = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/case-studies");
    assert!(
        std::fs::read_dir(&bundle)
            .unwrap()
            .flatten()
            .any(|e| e.path().join("index.md").exists()),
        "a bundle"
    );

    assert!(sources("testimonials").len() >= 12 && sources("quotes").len() >= 12);
    assert_eq!(
        site.text("testimonials/index.html")
            .matches("class=\"card testimonial\"")
            .count(),
        sources("testimonials").len()
    );
    let events = sources("events");
    assert!(events.len() >= 6);
    assert!(
        events
            .values()
            .any(|e| text(e, "status").as_deref() == Some("cancelled")),
        "a cancelled event"
    );
    assert!(
        events
            .values()
            .any(|e| e.get("online_url").is_some() && e.get("location").is_none()),
        "an online event"
    );
    let listing = site.text("events/index.html");
    let (upcoming, past) = listing.split_at(listing.find("Past events").expect("past events"));
    assert!(upcoming.matches("event-card").count() >= 2 && past.matches("event-card").count() >= 2);

    assert!(customers.len() >= 8);
    for (slug, c) in &customers {
        let logo = text(c, "logo").unwrap_or_else(|| panic!("{slug} has a logo"));
        assert!(logo.ends_with(".svg"), "{slug}: {logo}");
        assert!(
            site.out.join(logo.trim_start_matches('/')).exists(),
            "{slug}: {logo} copied"
        );
        // Each customer page names its published case studies.
        let page = site.text(&format!("customers/{slug}/index.html"));
        for (story, f) in live
            .iter()
            .filter(|(_, f)| text(f, "customer").as_deref() == Some(slug))
        {
            assert!(
                page.contains(&format!("/case-studies/{story}/")),
                "{slug} lists {story}"
            );
            let _ = f;
        }
    }
    let advocates = sources("advocates");
    assert!(advocates.len() >= 6);
    assert!(advocates
        .values()
        .all(|a| text(a, "avatar").is_some_and(|p| p.ends_with(".svg") || p.ends_with(".jpg"))));
    // Every shortcode appears in some story.
    let all: String = walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    for shortcode in [
        "{{ quote(",
        "{{ testimonial(",
        "{{ metric(",
        "{{ video(",
        "](@/",
        "[^",
        "| --- |",
        "- [x]",
    ] {
        let needle = if shortcode == "| --- |" {
            "|---|"
        } else {
            shortcode
        };
        assert!(all.contains(needle), "the example uses {shortcode}");
    }
}

/// A taxonomy is one fact in a page's panel, however many terms the item has, and a
/// term with a `+` keeps it in its URL ("5000+" is not "5000").
#[test]
fn facts_list_each_taxonomy_once_and_plus_is_kept_in_term_urls() {
    let site = build();
    let story = site.text("case-studies/ledgerly-compliance-pipelines/index.html");
    let facts = story
        .split("<dl class=\"facts\">")
        .nth(1)
        .and_then(|rest| rest.split("</dl>").next())
        .expect("the story has a facts panel");
    assert_eq!(
        facts.matches("<dt>Product stage</dt>").count(),
        1,
        "{facts}"
    );
    let stages = facts
        .split("<dt>Product stage</dt><dd>")
        .nth(1)
        .and_then(|rest| rest.split("</dd>").next())
        .unwrap();
    for stage in ["plan", "build", "release", "deploy"] {
        assert!(
            stages.contains(&format!("\"/stages/{stage}/\"")),
            "{stages}"
        );
    }
    assert_eq!(stages.matches("</a>, <a").count(), 3, "{stages}");
    let customer = site.text("customers/haulpath/index.html");
    assert!(
        customer.contains("href=\"/company-size/5000-plus/\">5000+</a>"),
        "{customer}"
    );
    assert!(site
        .text("company-size/5000-plus/index.html")
        .contains("5000+"));
}

/// Programmes track people and companies: a customer's profile shows its results and a
/// logo for dark backgrounds; an advocate's page lists their activities, newest first.
#[test]
fn customers_show_results_and_a_dark_logo_and_advocates_their_activities() {
    let site = build();
    let customer = site.text("customers/ledgerly/index.html");
    assert!(
        customer.contains(r#"<source srcset="/customers/logos/ledgerly-dark.svg" media="(prefers-color-scheme: dark)">"#),
        "{customer}"
    );
    assert!(customer.contains("services on shared pipeline templates"));
    let advocate = site.text("advocates/priya-raman/index.html");
    let list = advocate
        .split("<ol class=\"activities\">")
        .nth(1)
        .and_then(|rest| rest.split("</ol>").next())
        .expect("the activities are listed");
    let dates: Vec<&str> = list
        .split("<time datetime=\"")
        .skip(1)
        .map(|rest| &rest[..10])
        .collect();
    assert_eq!(dates, ["2026-02-11", "2025-10-21", "2025-03-04"]);
    assert!(list.contains("Reference call: A call with"), "{list}");
    assert!(list.contains(r#"<a href="https://priya.example/audit-evidence">Audit evidence"#));
}

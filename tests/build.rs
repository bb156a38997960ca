//! `vouch build` on small fixture sites: pages, relations, taxonomies, publishing rules,
//! theme overrides and the all-or-nothing output folder.

mod common;
use common::SiteTest;

fn full_site() -> SiteTest {
    SiteTest::with_basics()
        .file("content/quotes/acme-cto.md", "---\nauthor: Dana Smith\nrole: CTO\ncustomer: acme\ndate: 2026-01-05\napproval: { by: Dana, on: 2026-01-01 }\n---\nWe ship daily now.\n")
        .file("content/testimonials/acme-dev.md", "---\nauthor: Lee Park\ncustomer: acme\nrating: 5\ndate: 2026-02-01\napproval: { by: Lee, on: 2026-01-01 }\n---\nBest pipeline we have used.\n")
        .file("content/advocates/dana.md", "---\nname: Dana Smith\nrole: CTO\ncustomer: acme\n---\nDana leads engineering.\n")
        .file("content/events/summit.md", "---\ntitle: DevOps Summit\nkind: conference\nstart: 2026-09-10T09:00:00\nend: 2026-09-10T17:00:00\ntimezone: Europe/Berlin\nlocation: { venue: Hall 4, city: Berlin, country: DE }\nspeakers: [dana, { name: Sam Guest, role: Analyst }]\ncustomers: [acme]\n---\nTalks.\n")
        .file("content/about.md", "---\ntitle: About us\n---\nSee [Acme](@/case-studies/acme-ships.md#the-results).\n\n{{ quote(id=\"acme-cto\") }}\n")
}

#[test]
fn every_item_gets_its_page_and_sections_exist() {
    let run = full_site().build();
    assert!(run.ok(), "{}", run.stderr());
    for page in [
        "index.html",
        "case-studies/index.html",
        "case-studies/acme-ships/index.html",
        "customers/acme/index.html",
        "advocates/dana/index.html",
        "events/summit/index.html",
        "events/summit/event.ics",
        "about/index.html",
        "testimonials/index.html",
        "quotes/index.html",
        "events/index.html",
        "customers/index.html",
        "advocates/index.html",
        "search/index.html",
        "search/index.json",
        "404.html",
        "atom.xml",
        "events.ics",
        "sitemap.xml",
        "robots.txt",
        "api/case-studies.json",
        "api/case-studies/page/1.json",
        "assets/vouch.css",
    ] {
        assert!(run.exists(page), "missing {page}\n{}", run.stderr());
    }
    assert!(run
        .page("case-studies/acme-ships/index.html")
        .contains("<h1>Acme ships faster</h1>"));
}

#[test]
fn customer_page_gathers_everything_about_the_customer() {
    let run = full_site().build();
    assert!(run.ok(), "{}", run.stderr());
    let page = run.page("customers/acme/index.html");
    for expected in [
        "href=\"/case-studies/acme-ships/\"",
        "We ship daily now.",
        "Best pipeline we have used.",
        "href=\"/events/summit/\"",
        "href=\"/advocates/dana/\"",
    ] {
        assert!(page.contains(expected), "customer page lacks {expected}");
    }
}

#[test]
fn relations_resolve_links_and_shortcodes() {
    let run = full_site().build();
    let about = run.page("about/index.html");
    assert!(
        about.contains("href=\"/case-studies/acme-ships/#the-results\""),
        "{about}"
    );
    assert!(
        about.contains("We ship daily now."),
        "quote shortcode not expanded: {about}"
    );
    let event = run.page("events/summit/index.html");
    assert!(
        event.contains("href=\"/advocates/dana/\""),
        "speaker link missing"
    );
    assert!(event.contains("Sam Guest"));
    assert!(
        event.contains("09:00 – 17:00 CEST (Europe/Berlin)"),
        "{event}"
    );
    let advocate = run.page("advocates/dana/index.html");
    assert!(
        advocate.contains("href=\"/events/summit/\""),
        "advocate page lacks their event"
    );
}

#[test]
fn taxonomy_term_pages_list_their_items() {
    let run = full_site().build();
    let term = run.page("industry/healthcare/index.html");
    assert!(
        term.contains("href=\"/case-studies/acme-ships/\""),
        "case study inherits its customer's industry"
    );
    assert!(term.contains("href=\"/customers/acme/\""));
    let stage = run.page("stages/release/index.html");
    assert!(stage.contains("Acme ships faster"));
    assert!(run
        .page("stages/index.html")
        .contains("href=\"/stages/verify/\""));
    assert!(run.exists("region/emea/index.html"));
}

#[test]
fn declared_terms_reject_other_values_with_a_suggestion() {
    let run = SiteTest::with_basics()
        .file("vouch.yml", "title: T\nbase_url: https://example.com/\ntaxonomies:\n  stages:\n    terms: [Plan, Verify, Release]\n")
        .file("content/case-studies/b.md", "---\ntitle: B\ndate: 2026-01-01\ncustomer: acme\nsummary: S\nstages: [relase]\n---\n")
        .build();
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains(
            "content/case-studies/b.md:6:1: error: 'relase' is not a declared product stage term"
        ),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("did you mean 'Release'?"),
        "{}",
        run.stderr()
    );
}

#[test]
fn drafts_and_scheduled_items_are_left_out_unless_asked() {
    let site = SiteTest::with_basics()
        .file("content/case-studies/draft.md", "---\ntitle: Draft story\ndate: 2026-01-01\ncustomer: acme\nsummary: S\ndraft: true\n---\n")
        .file("content/case-studies/later.md", "---\ntitle: Later story\ndate: 2027-01-01\ncustomer: acme\nsummary: S\n---\n");
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr());
    assert!(!run.exists("case-studies/draft/index.html"));
    assert!(!run.exists("case-studies/later/index.html"));
    assert!(!run.page("case-studies/index.html").contains("Draft story"));
    assert!(!run.page("sitemap.xml").contains("/later/"));
    let run = site.run(&["build", "--drafts"]);
    assert!(run.ok(), "{}", run.stderr());
    assert!(run.exists("case-studies/draft/index.html"));
    assert!(run.exists("case-studies/later/index.html"));
}

#[test]
fn expired_approval_withholds_the_item_with_a_warning() {
    let run = SiteTest::with_basics()
        .file("content/quotes/old.md", "---\nauthor: Old Voice\ncustomer: acme\ndate: 2025-01-01\napproval: { by: X, on: 2025-01-01, expires: 2026-01-01 }\n---\nOld words.\n")
        .build();
    assert!(run.ok(), "{}", run.stderr());
    assert!(run.stderr().contains("content/quotes/old.md:5:1: warning: approval expired on 2026-01-01; the item is withheld"), "{}", run.stderr());
    assert!(!run.page("quotes/index.html").contains("Old words."));
    assert!(!run.page("api/quotes.json").contains("Old Voice"));
    let page = "api/quotes/page/1.json";
    assert!(!run.exists(page) || !run.page(page).contains("Old words."));
    assert!(!run.page("customers/acme/index.html").contains("Old words."));
}

#[test]
fn required_approvals_make_missing_ones_errors() {
    let run = SiteTest::with_basics()
        .file(
            "vouch.yml",
            "title: T\nbase_url: https://example.com/\napprovals: require\n",
        )
        .file(
            "content/quotes/q.md",
            "---\nauthor: A\ncustomer: acme\ndate: 2026-01-01\n---\nHi.\n",
        )
        .build();
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("content/quotes/q.md:1:1: error: no customer approval recorded"),
        "{}",
        run.stderr()
    );
}

#[test]
fn theme_override_replaces_one_template_and_keeps_the_rest() {
    let run = SiteTest::with_basics()
        .file("vouch.yml", "title: T\nbase_url: https://example.com/\ntheme: brand\n")
        .file("themes/brand/templates/page.html", "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ item.card.title }}</p>{% endblock main %}")
        .file("content/about.md", "---\ntitle: About\n---\nHi\n")
        .build();
    assert!(run.ok(), "{}", run.stderr());
    let about = run.page("about/index.html");
    assert!(about.contains("<p class=\"custom\">About</p>"), "{about}");
    assert!(
        about.contains("class=\"site-header\""),
        "base.html of the default theme kept"
    );
    assert!(run
        .page("case-studies/acme-ships/index.html")
        .contains("<h1>Acme ships faster</h1>"));
}

#[test]
fn check_finds_errors_that_only_making_a_page_reveals() {
    // The template parses; only rendering the page finds the missing value.
    let site = SiteTest::with_basics()
        .file("vouch.yml", "title: T\nbase_url: https://example.com/\ntheme: brand\n")
        .file("themes/brand/templates/page.html", "{% extends \"base.html\" %}{% block main %}<p>{{ item.card.no_such_value.deeper }}</p>{% endblock main %}")
        .file("content/about.md", "---\ntitle: About\n---\nHi\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        stderr.contains("themes/brand/templates/page.html")
            && stderr.contains("template error while writing about/index.html"),
        "{stderr}"
    );
    assert!(!run.exists(""), "check writes nothing");
}

#[test]
fn failed_build_leaves_the_old_output_untouched() {
    let site = SiteTest::with_basics();
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr());
    let before = run.page("case-studies/acme-ships/index.html");
    let site = site.file(
        "content/case-studies/broken.md",
        "---\ntitle: Broken\ncustmer: acme\n---\n",
    );
    let run = site.build();
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("unknown field 'custmer'"),
        "{}",
        run.stderr()
    );
    assert_eq!(run.page("case-studies/acme-ships/index.html"), before);
    assert!(!run.exists("case-studies/broken/index.html"));
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("vouch-staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
}

#[test]
fn files_and_bundles_are_copied_beside_their_pages() {
    let run = SiteTest::with_basics()
        .file("content/logos/acme.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file("content/case-studies/bundle/index.md", "---\ntitle: Bundled\ndate: 2026-01-01\ncustomer: acme\nsummary: S\nslug: bundled-story\n---\n![Diagram](diagram.svg)\n")
        .file("content/case-studies/bundle/diagram.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .build();
    assert!(run.ok(), "{}", run.stderr());
    assert!(run.exists("logos/acme.svg"));
    assert!(run.exists("case-studies/bundled-story/diagram.svg"));
    assert!(run
        .page("case-studies/bundled-story/index.html")
        .contains("<img src=\"/case-studies/bundled-story/diagram.svg\" alt=\"Diagram\" width=\"100\" height=\"100\" loading=\"lazy\""));
}

#[test]
fn a_bundles_files_in_folders_follow_its_page_and_are_linked_where_they_are() {
    let run = SiteTest::with_basics()
        .file("content/case-studies/bundle/index.md", "---\ntitle: Bundled\ndate: 2026-01-01\ncustomer: acme\nsummary: S\nslug: bundled-story\n---\n![Nested](img/nested.svg)\n")
        .file("content/case-studies/bundle/img/nested.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .build();
    assert!(run.ok(), "{}", run.stderr());
    assert!(run.exists("case-studies/bundled-story/img/nested.svg"));
    assert!(!run.exists("case-studies/bundle/img/nested.svg"));
    let page = run.page("case-studies/bundled-story/index.html");
    assert!(
        page.contains("src=\"/case-studies/bundled-story/img/nested.svg\""),
        "{page}"
    );
}

#[test]
fn links_carry_the_base_path_under_a_sub_path() {
    let site = full_site();
    let run = site.run(&["build", "--base-url", "https://group.gitlab.io/project/"]);
    assert!(run.ok(), "{}", run.stderr());
    let home = run.page("index.html");
    assert!(home.contains("href=\"/project/assets/vouch.css\""));
    assert!(home.contains("href=\"/project/case-studies/acme-ships/\""));
    assert!(run
        .page("about/index.html")
        .contains("href=\"/project/case-studies/acme-ships/#the-results\""));
    assert!(run
        .page("sitemap.xml")
        .contains("<loc>https://group.gitlab.io/project/case-studies/acme-ships/</loc>"));
}

#[test]
fn unknown_references_are_errors_with_suggestions_all_at_once() {
    let run = SiteTest::with_basics()
        .file(
            "content/case-studies/b.md",
            "---\ntitle: B\ndate: 2026-01-01\ncustomer: acmee\nsummary: S\n---\n",
        )
        .file(
            "content/events/e.md",
            "---\ntitle: E\nkind: meetup\nstart: 2026-09-01\nspeakers: [nobody]\n---\n",
        )
        .file(
            "content/quotes/q.md",
            "---\nauthor: A\ndate: 2026-01-01\nrating: 3\n---\nHi\n",
        )
        .build();
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    assert!(
        err.contains("content/case-studies/b.md:4:1: error: no customer with the slug 'acmee'"),
        "{err}"
    );
    assert!(err.contains("did you mean 'acme'?"), "{err}");
    assert!(
        err.contains("content/events/e.md:5:1: error: no advocate with the slug 'nobody'"),
        "{err}"
    );
    assert!(
        err.contains("content/quotes/q.md:4:1: error: unknown field 'rating'"),
        "{err}"
    );
    assert!(err.contains("3 errors"), "{err}");
}

#[test]
fn related_case_studies_rank_same_industry_and_shared_stages_first() {
    let case = |slug: &str, date: &str, industry: &str, stages: &str| {
        (
            format!("content/case-studies/{slug}.md"),
            format!("---\ntitle: Story {slug}\ndate: {date}\ncustomer: acme\nsummary: S.\nindustry: {industry}\nstages: [{stages}]\napproval: {{ by: Dana, on: 2026-01-01 }}\n---\nText.\n"),
        )
    };
    let mut site = SiteTest::new().file(
        "content/customers/acme.md",
        "---\nname: Acme Corp\n---\nAcme.\n",
    );
    for (path, text) in [
        case("a", "2026-01-01", "fintech", "plan, create"),
        case("b", "2026-01-02", "fintech", "plan"),
        case("c", "2026-01-03", "retail", "plan, create"),
        case("d", "2026-01-04", "retail", "verify"),
        case("e", "2026-01-05", "fintech", "verify"),
    ] {
        site = site.file(&path, &text);
    }
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr());
    let page = run.page("case-studies/a/index.html");
    let related = &page[page.find("Related case studies").expect("related section")..];
    let at = |slug: &str| related.find(&format!("href=\"/case-studies/{slug}/\""));
    // b: same industry and one shared stage (3); c: two shared stages (2); e: same
    // industry (2); d: nothing in common, never related.
    let (b, c, e) = (
        at("b").expect("b"),
        at("c").expect("c"),
        at("e").expect("e"),
    );
    assert!(b < c && b < e, "b ranks first:\n{related}");
    assert!(at("d").is_none(), "d shares nothing:\n{related}");
}

#[test]
fn api_pages_hold_25_items_each_linked_by_prev_and_next() {
    let mut site = SiteTest::with_basics();
    for n in 1..=27 {
        site = site.file(
            &format!("content/quotes/q{n:02}.md"),
            &format!("---\nauthor: Voice {n}\ncustomer: acme\ndate: 2026-01-{n:02}\napproval: {{ by: X, on: 2026-01-01 }}\n---\nWords {n}.\n"),
        );
    }
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr());
    let json = |path: &str| -> serde_json::Value { serde_json::from_str(&run.page(path)).unwrap() };
    let index = json("api/quotes.json");
    assert_eq!(index["count"], 27);
    assert_eq!(index["pages"].as_array().unwrap().len(), 2);
    let (one, two) = (
        json("api/quotes/page/1.json"),
        json("api/quotes/page/2.json"),
    );
    assert_eq!((&one["count"], &two["count"]), (&25.into(), &2.into()));
    assert_eq!(one["next"], index["pages"][1]);
    assert_eq!(two["prev"], index["pages"][0]);
    assert!(one["prev"].is_null() && two["next"].is_null());
    // Newest first, as the site lists them; each entry points at its page.
    assert_eq!(index["items"][25]["api_url"], index["pages"][1]);
    assert_eq!(two["items"][0]["slug"], index["items"][25]["slug"]);
    assert!(two["items"][1]["html"]
        .as_str()
        .unwrap()
        .contains("Words 1."));
    assert!(!run.exists("api/quotes/page/3.json"));
}

#[test]
fn api_files_carry_every_published_item_in_a_versioned_envelope() {
    let run = full_site()
        .file("content/case-studies/secret.md", "---\ntitle: Not yet\ndate: 2026-01-02\ncustomer: acme\nsummary: S.\ndraft: true\n---\nHidden.\n")
        .build();
    assert!(run.ok(), "{}", run.stderr());
    let api: serde_json::Value = serde_json::from_str(&run.page("api/case-studies.json")).unwrap();
    assert_eq!(api["version"], 2);
    assert_eq!(api["kind"], "case-study");
    assert_eq!(api["count"], 1);
    let entry = &api["items"][0];
    assert_eq!(entry["slug"], "acme-ships");
    assert_eq!(entry["url"], "https://example.com/case-studies/acme-ships/");
    assert_eq!(entry["customer"], "acme");
    assert_eq!(
        entry["api_url"],
        "https://example.com/api/case-studies/page/1.json"
    );
    assert_eq!(api["pages"][0], entry["api_url"]);
    assert!(
        entry.get("html").is_none() && entry.get("fields").is_none(),
        "the index carries no bodies: {entry}"
    );
    let page: serde_json::Value =
        serde_json::from_str(&run.page("api/case-studies/page/1.json")).unwrap();
    assert_eq!(page["version"], 2);
    assert_eq!(page["kind"], "case-study");
    assert_eq!(
        (&page["page"], &page["pages"], &page["count"]),
        (&1.into(), &1.into(), &1.into())
    );
    assert!(page["prev"].is_null() && page["next"].is_null());
    let item = &page["items"][0];
    for field in [
        "slug", "title", "url", "date", "customer", "terms", "api_url",
    ] {
        assert_eq!(item[field], entry[field], "{field}");
    }
    assert_eq!(item["fields"]["summary"], "Acme cut release time.");
    assert!(item["html"]
        .as_str()
        .unwrap()
        .contains("<h2 id=\"the-results\">"));
    assert!(
        !run.page("api/case-studies.json").contains("Not yet")
            && !run.page("api/case-studies/page/1.json").contains("Not yet"),
        "drafts never appear"
    );
    for kind in ["testimonials", "quotes", "events", "customers", "advocates"] {
        let file: serde_json::Value =
            serde_json::from_str(&run.page(&format!("api/{kind}.json"))).unwrap();
        assert_eq!(
            file["count"].as_u64().unwrap() as usize,
            file["items"].as_array().unwrap().len(),
            "{kind}"
        );
    }
}

#[test]
fn internal_links_reach_section_listings_under_a_sub_path() {
    let run = SiteTest::with_basics()
        .file("vouch.yml", "title: T\nbase_url: https://g.gitlab.io/stories/\n")
        .file(
            "content/about.md",
            "---\ntitle: About\n---\nRead [the reviews](@/testimonials/_index.md), [events](@/events/_index.md#past-heading) and [home](@/_index.md).\n\n[Nowhere](@/webinars/_index.md)\n",
        )
        .build();
    assert_eq!(run.code(), 1, "an unknown section is a broken link");
    assert!(
        run.stderr()
            .contains("error: broken internal link: no published page at @/webinars/_index.md"),
        "{}",
        run.stderr()
    );
    let run = SiteTest::with_basics()
        .file("vouch.yml", "title: T\nbase_url: https://g.gitlab.io/stories/\n")
        .file(
            "content/about.md",
            "---\ntitle: About\n---\nRead [the reviews](@/testimonials/_index.md), [events](@/events/_index.md#past-heading) and [home](@/_index.md).\n",
        )
        .build();
    assert!(run.ok(), "{}", run.stderr());
    let about = run.page("about/index.html");
    for href in [
        "href=\"/stories/testimonials/\"",
        "href=\"/stories/events/#past-heading\"",
        "href=\"/stories/\">home",
    ] {
        assert!(about.contains(href), "{href} missing: {about}");
    }
}

#[test]
fn featured_case_studies_come_first_in_listings() {
    let story = |slug: &str, date: &str, featured: bool| {
        (
            format!("content/case-studies/{slug}.md"),
            format!("---\ntitle: Story {slug}\ndate: {date}\ncustomer: acme\nsummary: S.\nfeatured: {featured}\napproval: {{ by: Dana, on: 2026-01-01 }}\n---\nText.\n"),
        )
    };
    let mut site = SiteTest::new().file(
        "content/customers/acme.md",
        "---\nname: Acme Corp\n---\nAcme.\n",
    );
    for (path, text) in [
        story("old-but-featured", "2025-01-01", true),
        story("newest", "2026-05-01", false),
        story("middle", "2026-02-01", false),
    ] {
        site = site.file(&path, &text);
    }
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr());
    let list = run.page("case-studies/index.html");
    let at = |slug: &str| list.find(&format!("/case-studies/{slug}/")).unwrap();
    assert!(at("old-but-featured") < at("newest") && at("newest") < at("middle"));
}

#[test]
fn the_home_page_does_not_show_the_featured_story_twice() {
    let run = SiteTest::with_basics()
        .file("content/case-studies/star.md", "---\ntitle: Star story\ndate: 2025-01-01\ncustomer: acme\nsummary: S.\nfeatured: true\napproval: { by: Dana, on: 2025-01-01 }\n---\nText.\n")
        .build();
    assert!(run.ok(), "{}", run.stderr());
    let home = run.page("index.html");
    assert_eq!(
        home.matches("href=\"/case-studies/star/\"").count(),
        2,
        "featured band: heading link and button"
    );
    let from = home.find("stories-heading").unwrap();
    let latest = &home[from..from + home[from..].find("</section>").unwrap()];
    assert!(!latest.contains("/case-studies/star/"), "{latest}");
    assert!(latest.contains("/case-studies/acme-ships/"));
}

#[test]
fn timings_give_every_stage_its_wall_and_cpu_time() {
    let run = full_site().run(&["build", "--timings"]);
    assert!(run.ok(), "{}", run.stderr());
    let stderr = run.stderr();
    let stages = [
        "load content",
        "config and theme",
        "site model",
        "markdown",
        "cards",
        "plan",
        "pages and files written",
    ];
    let mut cpu_total = 0.0;
    for stage in stages {
        let line = stderr
            .lines()
            .find(|l| l.trim_end().ends_with(stage))
            .unwrap_or_else(|| panic!("no timing for {stage:?} in:\n{stderr}"));
        // "   12.3 ms     20.1 ms CPU  markdown": the wall time, then the CPU time.
        let numbers: Vec<f64> = line
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        assert_eq!(numbers.len(), 2, "wall and CPU time in {line:?}");
        assert!(line.contains("ms CPU"), "{line:?}");
        cpu_total += numbers[1];
    }
    assert!(cpu_total > 0.0, "a build takes some CPU time:\n{stderr}");
}

/// An event given in UTC shows its times in "UTC", and one with another offset names it.
#[test]
fn event_times_name_utc_plainly() {
    let run = SiteTest::with_basics()
        .file("content/events/webinar.md", "---\ntitle: Webinar\nkind: webinar\nstart: 2026-09-10T17:00:00Z\nend: 2026-09-10T18:00:00Z\nonline_url: https://example.com/w\n---\nTalk.\n")
        .file("content/events/offset.md", "---\ntitle: Offset meetup\nkind: meetup\nstart: 2026-09-11T17:00:00+02:00\n---\nTalk.\n")
        .build();
    assert!(run.ok(), "{}", run.stderr());
    let webinar = run.page("events/webinar/index.html");
    assert!(webinar.contains("17:00 – 18:00 UTC"), "{webinar}");
    assert!(!webinar.contains("UTC+00:00"), "{webinar}");
    assert!(run.page("events/offset/index.html").contains("UTC+02:00"));
}

/// A story whose image is missing stops the build like any other error: exit 1, the
/// line named, and the previous output left as it was.
#[test]
fn a_missing_image_in_a_body_stops_the_build_and_keeps_the_last_output() {
    let site = SiteTest::with_basics();
    assert!(site.build().ok());
    let before = std::fs::read_to_string(site.root().join("public/index.html")).unwrap();
    let story = site.root().join("content/case-studies/acme-ships.md");
    let text = std::fs::read_to_string(&story).unwrap();
    std::fs::write(
        &story,
        format!("{text}\n![The team](/images/team-photo.jpg)\n"),
    )
    .unwrap();
    let run = site.build();
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("acme-ships.md:13:1: error: broken image: this site has nothing at /images/team-photo.jpg"),
        "{}",
        run.stderr()
    );
    let after = std::fs::read_to_string(site.root().join("public/index.html")).unwrap();
    assert_eq!(before, after);
}

/// Events as programmes write them: kinds in any case and by their common names, the
/// format apart from the kind (an in-person event whose place is not known yet is not
/// "Online"), a region in the place, and a link to the event's page and recording that
/// stays once it is over.
#[test]
fn events_as_programmes_write_them() {
    let run = SiteTest::new()
        .file("content/events/summit.md", "---\ntitle: Denver Summit\nkind: Virtual Conference\nformat: In-Person\nstart: 2026-09-29\nevent_url: https://summit.example/\n---\nTalks.\n")
        .file("content/events/cast.md", "---\ntitle: Release Webcast\nkind: Webcast\nstart: 2026-03-10T17:00:00Z\nlocation: { city: Denver, region: CO, country: US }\nformat: hybrid\nregistration_url: https://reg.example/\nevent_url: https://cast.example/\nrecording_url: https://video.example/cast\n---\nOld.\n")
        .file("content/events/meet.md", "---\ntitle: Community Night\nkind: Community Event\nstart: 2026-10-01T18:00:00Z\n---\nPizza.\n")
        .build();
    assert!(run.ok(), "{}", run.stderr());
    let summit = run.page("events/summit/index.html");
    assert!(summit.contains("Place to be announced"), "{summit}");
    assert!(!summit.contains(">Online<"), "{summit}");
    assert!(summit.contains(r#"href="https://summit.example/">Event website</a>"#));
    assert!(summit.contains("OfflineEventAttendanceMode"), "{summit}");
    // A past event keeps its page and shows its recording; registration is gone.
    let cast = run.page("events/cast/index.html");
    assert!(cast.contains("Denver, CO, US and online"), "{cast}");
    assert!(cast.contains(r#"href="https://cast.example/">Event website</a>"#));
    assert!(cast.contains(r#"href="https://video.example/cast">Watch the recording</a>"#));
    assert!(!cast.contains("https://reg.example/"), "{cast}");
    assert!(cast.contains(r#""addressRegion":"CO""#), "{cast}");
    let meet = run.page("events/meet/index.html");
    assert!(meet.contains("Community Night"));
    // The kinds are the canonical ones in the calendar feed's categories and the API.
    let api = run.page("api/events/page/1.json");
    for kind in [
        r#""kind":"conference""#,
        r#""kind":"webinar""#,
        r#""kind":"meetup""#,
    ] {
        assert!(api.contains(kind), "{kind} in {api}");
    }
}

/// A figure copied from a web page (`10&#44;464`) shows as the number, not the entity.
#[test]
fn html_entities_in_a_metric_show_as_the_characters() {
    let site = SiteTest::with_basics();
    let story = site.root().join("content/case-studies/acme-ships.md");
    let text = std::fs::read_to_string(&story).unwrap().replacen(
        "---\n",
        "---\nresults:\n  - { metric: \"R&amp;D tickets\", value: \"10&#44;464\" }\n",
        1,
    );
    std::fs::write(&story, text).unwrap();
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr());
    let page = run.page("case-studies/acme-ships/index.html");
    assert!(page.contains(">10,464<"), "{page}");
    assert!(page.contains("R&amp;D tickets"), "{page}");
    assert!(!page.contains("&amp;#44;"), "{page}");
}

/// A testimonial whose customer is a draft would lose its company name without a word:
/// the build says so, and still publishes the testimonial.
#[test]
fn a_testimonial_of_a_draft_customer_is_warned_about() {
    let run = SiteTest::with_basics()
        .file(
            "content/customers/globex.md",
            "---\nname: Globex\ndraft: true\n---\nGlobex.\n",
        )
        .file(
            "content/testimonials/hank.md",
            "---\nauthor: Hank Scorpio\nrole: CEO\ncustomer: globex\nrating: 5\ndate: 2026-01-02\napproval: { by: \"Hank Scorpio\", on: 2026-01-02 }\n---\nGreat.\n",
        )
        .build();
    assert!(run.ok(), "{}", run.stderr());
    let err = run.stderr();
    assert!(
        err.contains(
            "content/testimonials/hank.md:4:1: warning: the customer 'globex' is not published (a draft, scheduled or withheld), so this testimonial shows no company\n"
        ),
        "{err}"
    );
    assert!(
        err.contains(" = hint: publish content/customers/globex.md (remove `draft: true`, or renew its approval), or name a published customer"),
        "{err}"
    );
    assert!(run.page("testimonials/index.html").contains("Great."));
    // With drafts shown, the customer is there and nothing is said.
    let drafts = SiteTest::with_basics()
        .file("content/customers/globex.md", "---\nname: Globex\ndraft: true\n---\nGlobex.\n")
        .file(
            "content/testimonials/hank.md",
            "---\nauthor: Hank Scorpio\nrole: CEO\ncustomer: globex\nrating: 5\ndate: 2026-01-02\napproval: { by: \"Hank Scorpio\", on: 2026-01-02 }\n---\nGreat.\n",
        )
        .run(&["build", "--drafts"]);
    assert!(
        !drafts.stderr().contains("is not published"),
        "{}",
        drafts.stderr()
    );
}

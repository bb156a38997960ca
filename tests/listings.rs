//! Paginated listings: every listing and term page split at the configured size, each
//! page with its own address, canonical URL, neighbours and place in the sitemap, and
//! every item reachable by links alone.

mod common;
use common::SiteTest;
use std::collections::BTreeSet;

/// Five case studies, five testimonials, three events (one upcoming, two past years),
/// two items a page.
fn paged_site() -> SiteTest {
    let mut site = SiteTest::new()
        .file(
            "vouch.yml",
            "title: Test Stories\nbase_url: https://example.com/\napprovals: off\npage_size: 2\nterm_page_size: 2\n",
        )
        .file("content/customers/acme.md", "---\nname: Acme Corp\nindustry: Retail\n---\nAnvils.\n");
    for n in 1..=5 {
        site = site
            .file(
                &format!("content/case-studies/story-{n}.md"),
                &format!("---\ntitle: Story {n}\ndate: 2026-01-0{n}\ncustomer: acme\nsummary: Story {n} summary.\ntags: [speed]\n---\nBody {n}.\n"),
            )
            .file(
                &format!("content/testimonials/voice-{n}.md"),
                &format!("---\nauthor: Person {n}\ncustomer: acme\ndate: 2026-02-0{n}\n---\nWords of person {n}.\n"),
            );
    }
    site.file(
        "content/events/soon.md",
        "---\ntitle: Soon Summit\nkind: conference\nstart: 2026-09-01T09:00:00Z\n---\nSoon.\n",
    )
    .file(
        "content/events/last-year.md",
        "---\ntitle: Last Year Meetup\nkind: meetup\nstart: 2025-03-01T18:00:00Z\n---\nBefore.\n",
    )
    .file(
        "content/events/long-ago.md",
        "---\ntitle: Long Ago Webinar\nkind: webinar\nstart: 2024-05-01T16:00:00Z\n---\nEarlier.\n",
    )
}

/// The links of a page's `href` attributes.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn listings_split_into_pages_with_their_own_addresses_and_neighbours() {
    let run = paged_site().build();
    assert!(run.ok(), "{}", run.stderr());
    let first = run.page("case-studies/index.html");
    let second = run.page("case-studies/page/2/index.html");
    let last = run.page("case-studies/page/3/index.html");
    assert!(!run.exists("case-studies/page/4/index.html"));
    assert!(
        !run.exists("case-studies/page/1/index.html"),
        "page 1 keeps the listing's address"
    );
    // Each page: its own canonical URL, rel=prev/next where it has neighbours.
    assert!(first.contains(r#"<link rel="canonical" href="https://example.com/case-studies/">"#));
    assert!(first.contains(r#"<link rel="next" href="https://example.com/case-studies/page/2/">"#));
    assert!(!first.contains(r#"rel="prev""#));
    assert!(second
        .contains(r#"<link rel="canonical" href="https://example.com/case-studies/page/2/">"#));
    assert!(second.contains(r#"<link rel="prev" href="https://example.com/case-studies/">"#));
    assert!(second.contains(r#"<link rel="next" href="https://example.com/case-studies/page/3/">"#));
    assert!(last.contains(r#"<link rel="prev" href="https://example.com/case-studies/page/2/">"#));
    assert!(!last.contains(r#"<link rel="next""#));
    // Page links a screen reader announces: a labelled nav, the current page marked.
    assert!(
        second.contains(r#"<nav class="pager" aria-label="Pages">"#),
        "{second}"
    );
    assert!(second.contains(r#"<a href="/case-studies/page/2/" aria-current="page"><span class="visually-hidden">Page </span>2</a>"#), "{second}");
    assert!(
        second.contains("<title>Case studies, page 2 of 3 · Test Stories</title>"),
        "{second}"
    );
    // Every story on exactly one page, newest first.
    let mut seen = Vec::new();
    for page in [&first, &second, &last] {
        for link in hrefs(page) {
            if let Some(slug) = link.strip_prefix("/case-studies/story-") {
                seen.push(slug.trim_end_matches('/').to_string());
            }
        }
    }
    assert_eq!(seen, ["5", "4", "3", "2", "1"]);
    // A listing page describes itself.
    assert!(second.contains(r#"<meta name="description" content="Case studies from Test Stories: 5 in all. Page 2 of 3.">"#), "{second}");
    // The sitemap names every page.
    let sitemap = run.page("sitemap.xml");
    for url in [
        "case-studies/page/2/",
        "case-studies/page/3/",
        "testimonials/page/3/",
        "tags/speed/page/3/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.com/{url}</loc>")),
            "{url} missing from the sitemap"
        );
    }
}

#[test]
fn testimonials_link_to_the_wall_page_that_shows_them_and_its_json_ld_holds_that_page_only() {
    let run = paged_site().build();
    assert!(run.ok(), "{}", run.stderr());
    // Newest first, two a page: voice-5, voice-4 | voice-3, voice-2 | voice-1.
    let second = run.page("testimonials/page/2/index.html");
    assert!(
        second.contains(r#"id="voice-3""#) && second.contains(r#"id="voice-2""#),
        "{second}"
    );
    assert!(!second.contains(r#"id="voice-5""#));
    // The search index's result chunks carry each item's address.
    let search: String = std::fs::read_dir(run.root.join("public/search/d"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        search.contains("\"/testimonials/page/2/#voice-3\""),
        "{search}"
    );
    assert!(search.contains("\"/testimonials/#voice-5\""), "{search}");
    let ld = second
        .split("application/ld+json\">")
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    assert!(ld.contains("Person 3") && ld.contains("Person 2"), "{ld}");
    assert!(!ld.contains("Person 5") && !ld.contains("Person 1"), "{ld}");
    assert!(
        ld.contains("https://example.com/testimonials/page/2/#voice-3"),
        "{ld}"
    );
}

#[test]
fn term_pages_are_paged_and_every_item_reachable_without_javascript() {
    let run = paged_site().build();
    assert!(run.ok(), "{}", run.stderr());
    let mut seen = BTreeSet::new();
    for page in [
        "tags/speed/index.html",
        "tags/speed/page/2/index.html",
        "tags/speed/page/3/index.html",
    ] {
        let html = run.page(page);
        seen.extend(
            hrefs(&html)
                .into_iter()
                .filter(|l| l.starts_with("/case-studies/story-")),
        );
    }
    assert_eq!(seen.len(), 5, "{seen:?}");
    // Listing pages link the taxonomies' term lists from their footer; an item's page
    // links its own terms instead.
    for listing in [
        "index.html",
        "case-studies/index.html",
        "tags/speed/index.html",
    ] {
        let html = run.page(listing);
        assert!(
            html.contains(r#"<nav aria-label="Browse by">"#),
            "{listing}: {html}"
        );
        assert!(
            html.contains(r#"<a href="/tags/">Tags</a>"#),
            "{listing}: {html}"
        );
    }
    let story = run.page("case-studies/story-1/index.html");
    assert!(
        !story.contains(r#"<nav aria-label="Browse by">"#),
        "{story}"
    );
    assert!(story.contains(r#"href="/tags/speed/""#), "{story}");
    // An icon is declared, so browsers do not ask for a missing /favicon.ico.
    assert!(run
        .page("index.html")
        .contains(r#"<link rel="icon" href="/assets/icon.svg">"#));
    assert!(run.exists("assets/icon.svg"));
}

#[test]
fn the_events_listing_shows_upcoming_first_then_past_events_by_year() {
    let run = paged_site()
        .file(
            "vouch.yml",
            "title: Test Stories\nbase_url: https://example.com/\napprovals: off\npage_size: 3\n",
        )
        .build();
    assert!(run.ok(), "{}", run.stderr());
    let events = run.page("events/index.html");
    let soon = events.find("Soon Summit").expect("upcoming event");
    let y2025 = events
        .find(r#"<h3 class="year">2025</h3>"#)
        .expect("2025 heading");
    let last = events.find("Last Year Meetup").unwrap();
    let y2024 = events
        .find(r#"<h3 class="year">2024</h3>"#)
        .expect("2024 heading");
    let ago = events.find("Long Ago Webinar").unwrap();
    assert!(
        soon < y2025 && y2025 < last && last < y2024 && y2024 < ago,
        "{events}"
    );
}

#[test]
fn the_library_filter_reads_a_compact_index_of_every_case_study() {
    let run = paged_site().build();
    assert!(run.ok(), "{}", run.stderr());
    let index: serde_json::Value =
        serde_json::from_str(&run.page("case-studies/filter.json")).unwrap();
    assert_eq!(index["count"], 5);
    let first = &index["items"][0];
    assert_eq!(first["t"], "Story 5");
    assert_eq!(first["u"], "/case-studies/story-5/");
    assert_eq!(first["c"], "Acme Corp");
    // The library's facets only (an inherited industry included), not every tag.
    assert_eq!(first["f"], "industry:retail");
    let listing = run.page("case-studies/index.html");
    assert!(listing.contains(r#"data-filter-index="/case-studies/filter.json""#));
    // Cards no longer carry every term for an in-page filter.
    assert!(!listing.contains("data-filters="));
}

#[test]
fn an_item_at_the_listing_pages_address_is_an_error() {
    let run = SiteTest::new()
        .file(
            "vouch.yml",
            "title: T\nbase_url: https://example.com/\napprovals: off\n",
        )
        .file(
            "content/customers/page.md",
            "---\nname: Page Industries\n---\nHi.\n",
        )
        .run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let err = run.stderr();
    assert!(err.contains("content/customers/page.md"), "{err}");
    assert!(
        err.contains("the customers listing's later pages (customers/page/2/, …)"),
        "{err}"
    );
    assert!(err.contains("a 'slug:' other than 'page'"), "{err}");
}

#[test]
fn a_page_size_of_zero_is_an_error() {
    let run = SiteTest::new()
        .file(
            "vouch.yml",
            "title: T\nbase_url: https://example.com/\npage_size: 0\n",
        )
        .run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let err = run.stderr();
    assert!(err.contains("page_size must be at least 1"), "{err}");
    assert!(err.contains("page_size: 24"), "{err}");
}

#[test]
fn events_are_filed_under_their_programme_region() {
    let run = SiteTest::new()
        .file(
            "vouch.yml",
            "title: T\nbase_url: https://example.com/\napprovals: off\ntaxonomies:\n  region:\n    terms: [EMEA, APAC]\n",
        )
        .file("content/events/berlin.md", "---\ntitle: Berlin Meetup\nkind: meetup\nstart: 2026-09-01T18:00:00Z\nlocation: { city: Berlin, region: BE, country: Germany }\nregion: EMEA\n---\nHi.\n")
        .build();
    assert!(run.ok(), "{}", run.stderr());
    let term = run.page("region/emea/index.html");
    assert!(
        term.contains(r#"<a href="/events/berlin/">Berlin Meetup</a>"#),
        "{term}"
    );
    let page = run.page("events/berlin/index.html");
    assert!(
        page.contains(r#"<a href="/region/emea/">EMEA</a>"#),
        "{page}"
    );

    let wrong = SiteTest::new()
        .file(
            "vouch.yml",
            "title: T\nbase_url: https://example.com/\napprovals: off\ntaxonomies:\n  region:\n    terms: [EMEA, APAC]\n",
        )
        .file("content/events/berlin.md", "---\ntitle: Berlin Meetup\nkind: meetup\nstart: 2026-09-01T18:00:00Z\nregion: EMAE\n---\nHi.\n")
        .run(&["check"]);
    assert_eq!(wrong.code(), 1);
    let err = wrong.stderr();
    assert!(err.contains("content/events/berlin.md:5"), "{err}");
    assert!(err.contains("EMEA"), "{err}");
}

#[test]
fn every_page_describes_itself_even_when_the_site_has_no_description() {
    let site = paged_site();
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr());
    let home = run.page("index.html");
    assert!(
        home.contains(r#"<meta name="description" content="Test Stories: 5 case studies, 5 testimonials and 3 events.">"#),
        "{home}"
    );
    // Other pages without a description of their own say what the site is, without
    // counts (the preview does not remake them when an item comes or goes).
    let search = run.page("search/index.html");
    assert!(
        search.contains(
            r#"<meta name="description" content="Test Stories: stories from our customers.">"#
        ),
        "{search}"
    );
    // The navigation (none here) does not link the search page: the footer does.
    assert!(
        home.contains(r#"<p><a href="/search/">Search the site</a></p>"#),
        "{home}"
    );
    let out = site.root().join("public");
    for entry in walkdir::WalkDir::new(&out) {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(&path).unwrap();
            assert!(
                !html.contains(r#"<meta name="description" content="">"#),
                "{} has an empty description",
                path.display()
            );
        }
    }
}

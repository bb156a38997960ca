//! The default theme without a browser: configuration from vouch.yml, accessibility
//! markup, budgets and privacy, asserted on the HTML and assets a build writes. The
//! browser checks (axe, phone width, dark mode, filters) are in tests/browser.rs.

mod common;
use common::SiteTest;

const BRANDED: &str = "title: Forge Stories\nbase_url: https://example.com/stories/\nbrand:\n  name: Forgeline\n  logo: /images/logo.svg\n  primary_color: \"#0b6e4f\"\nnav:\n  - { label: Case studies, url: /case-studies/ }\n  - { label: Events, url: /events/ }\nfooter:\n  - { label: Privacy, url: https://forgeline.example/privacy }\ncta: { text: Join the advocate program, url: /join/ }\n";

fn branded() -> SiteTest {
    SiteTest::with_basics()
        .file("vouch.yml", BRANDED)
        .bytes("content/images/logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
        .file("content/customers/acme.md", "---\nname: Acme Corp\nlogo: /images/logo.svg\n---\nAcme.\n")
        .file("content/join.md", "---\ntitle: Join\n---\nJoin us.\n")
        .file("content/testimonials/lee.md", "---\nauthor: Lee Park\ncustomer: acme\nrating: 4\ndate: 2026-02-01\napproval: { by: Lee, on: 2026-01-01 }\n---\nGreat.\n")
        .file("content/events/past.md", "---\ntitle: Old Meetup\nkind: meetup\nstart: 2026-03-01T18:00:00\ntimezone: Europe/Berlin\nlocation: { city: Berlin, country: DE }\n---\nBeer.\n")
        .file("content/events/next.md", "---\ntitle: Next Summit\nkind: conference\nstart: 2026-09-10T09:00:00\nend: 2026-09-10T17:00:00\ntimezone: America/New_York\nlocation: { venue: Pier 36, city: New York, country: US }\n---\nTalks.\n")
        .file("content/events/camp.md", "---\ntitle: Build Camp\nkind: workshop\nstart: 2026-10-05T09:00:00\nend: 2026-10-06T17:30:00\ntimezone: Europe/Berlin\nlocation: { city: Berlin, country: DE }\n---\nTwo days.\n")
        .file("content/events/off.md", "---\ntitle: Cancelled Webinar\nkind: webinar\nstart: 2026-08-01T16:00:00Z\nonline_url: https://meet.example/x\nstatus: cancelled\n---\nSorry.\n")
}

#[test]
fn brand_navigation_footer_and_call_to_action_come_from_vouch_yml() {
    let run = branded().build();
    assert!(run.ok(), "{}", run.stderr());
    let home = run.page("index.html");
    for expected in [
        "<span>Forgeline</span>",
        "src=\"/stories/images/logo.svg\"",
        "--brand:#0b6e4f",
        "href=\"/stories/case-studies/\">Case studies</a>",
        "href=\"/stories/events/\">Events</a>",
        "href=\"https://forgeline.example/privacy\">Privacy</a>",
        "href=\"/stories/join/\">Join the advocate program</a>",
    ] {
        assert!(home.contains(expected), "home lacks {expected}");
    }
    let events = run.page("events/index.html");
    assert!(
        events.contains("href=\"/stories/events/\" aria-current=\"page\""),
        "current page marked in the nav"
    );
}

#[test]
fn a_brand_colour_without_enough_contrast_is_a_warning() {
    let config = BRANDED.replace("#0b6e4f", "#f5d90a");
    let run = branded().file("vouch.yml", &config).build();
    assert!(run.ok(), "a warning, not an error: {}", run.stderr());
    let err = run.stderr();
    assert!(
        err.contains("brand.primary_color") && err.contains("4.5:1"),
        "{err}"
    );
    // The pages use a readable shade of the same hue, and the warning names it.
    let home = run.page("index.html");
    let shade = home
        .split("--brand:")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .expect("the brand colour is set");
    assert_ne!(shade, "#f5d90a");
    assert!(err.contains(&format!("darker shade {shade}")), "{err}");
}

#[test]
fn pages_have_landmarks_skip_link_one_h1_and_labelled_logos_and_stars() {
    let run = branded().build();
    assert!(run.ok(), "{}", run.stderr());
    for page in [
        "index.html",
        "case-studies/acme-ships/index.html",
        "customers/acme/index.html",
        "events/index.html",
        "testimonials/index.html",
    ] {
        let html = run.page(page);
        assert!(
            html.contains("<a class=\"skip-link\" href=\"#main\">"),
            "{page}: skip link"
        );
        assert!(html.contains("<main id=\"main\""), "{page}: main landmark");
        assert!(
            html.contains("<header class=\"site-header\">") && html.contains("<footer"),
            "{page}: banner and contentinfo"
        );
        assert!(
            html.contains("<nav aria-label=\"Main\">"),
            "{page}: labelled nav"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{page}: one h1");
        assert!(html.contains("<html lang=\"en\">"), "{page}: language");
    }
    let customer = run.page("customers/acme/index.html");
    assert!(
        customer.contains("alt=\"Acme Corp logo\""),
        "logo alt text names the customer"
    );
    let wall = run.page("testimonials/index.html");
    assert!(
        wall.contains("role=\"img\" aria-label=\"Rated 4 out of 5\""),
        "stars are read as a rating"
    );
    assert!(
        wall.contains("aria-label=\"Rated 4 out of 5\"><span aria-hidden=\"true\">★★★★<span class=\"off\">★</span></span></p>"),
        "four stars lit and one unlit, hidden behind the label"
    );
}

#[test]
fn events_split_upcoming_and_past_in_their_own_zone_with_calendar_links() {
    let run = branded().build();
    assert!(run.ok(), "{}", run.stderr());
    let events = run.page("events/index.html");
    let (upcoming, past) = events.split_at(events.find("Past events").expect("past section"));
    assert!(
        upcoming.contains("Next Summit") && !upcoming.contains("Old Meetup"),
        "{upcoming}"
    );
    assert!(past.contains("Old Meetup"), "{past}");
    let (summit, webinar) = (
        upcoming.find("Next Summit").unwrap(),
        upcoming.find("Cancelled Webinar").unwrap(),
    );
    assert!(
        webinar < summit,
        "upcoming events soonest first (August before September), not by file name"
    );
    assert!(
        events.contains(
            "Mon, October 5 – Tue, October 6, 2026</time>, 09:00 – 17:30 CEST (Europe/Berlin)"
        ),
        "a two-day event shows both days and its opening hours"
    );
    assert!(
        run.page("events/index.html")
            .contains("09:00 – 17:00 EDT (America/New_York)"),
        "time in the event's zone, named"
    );
    assert!(
        events.contains("is-cancelled") && events.contains("Cancelled"),
        "cancelled events marked"
    );
    let page = run.page("events/next/index.html");
    assert!(
        page.contains("href=\"/stories/events/next/event.ics\" download>Add to calendar</a>"),
        "add to calendar"
    );
}

#[test]
fn css_and_js_stay_within_budget_and_nothing_loads_from_other_hosts() {
    let run = branded().build();
    assert!(run.ok(), "{}", run.stderr());
    let css = run.page("assets/vouch.css");
    let js = run.page("assets/vouch.js");
    assert!(css.len() < 30 * 1024, "CSS is {} bytes", css.len());
    assert!(js.len() < 10 * 1024, "JS is {} bytes", js.len());
    assert!(css.contains("prefers-color-scheme:dark"), "dark mode");
    assert!(
        css.contains("prefers-reduced-motion:reduce"),
        "reduced motion"
    );
    assert!(css.contains("@media print"), "print stylesheet");
    assert!(
        !css.contains("@import") && !css.contains("url(http"),
        "no remote CSS or fonts"
    );
    for page in [
        "index.html",
        "case-studies/index.html",
        "case-studies/acme-ships/index.html",
        "events/next/index.html",
    ] {
        let html = run.page(page);
        for attr in [
            "src=\"http",
            "src=\"//",
            "<link rel=\"stylesheet\" href=\"http",
        ] {
            assert!(
                !html.contains(attr),
                "{page} loads from another host: {attr}"
            );
        }
        let scripts = html.matches("<script src=").count();
        assert!(scripts <= 1, "{page}: {scripts} scripts");
    }
}

#[test]
fn root_relative_markdown_links_the_404_page_and_search_fallback_work_under_a_sub_path() {
    let site = branded().file(
        "content/about.md",
        "---\ntitle: About\n---\nSee [how to join](/join/) and our ![logo](/images/logo.svg).\n",
    );
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr());
    let about = run.page("about/index.html");
    assert!(
        about.contains(r#"href="/stories/join/""#)
            && about.contains(r#"src="/stories/images/logo.svg""#),
        "root-relative links get the base path: {about}"
    );
    assert!(run.exists("join/index.html") && run.exists("images/logo.svg"));
    let not_found = run.page("404.html");
    assert!(not_found.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(
        !run.page("index.html").contains("noindex"),
        "only the 404 page"
    );
    let search = run.page("search/index.html");
    for link in ["/stories/case-studies/", "/stories/customers/"] {
        assert!(
            search.contains(&format!(r#"href="{link}""#)),
            "{link} in the fallback"
        );
        let page = link.trim_start_matches("/stories/");
        assert!(run.exists(&format!("{page}index.html")), "{page} exists");
    }
    let story = run.page("case-studies/acme-ships/index.html");
    // The story's share image (issue 33), under the sub-path like every link.
    let image = story
        .split(r#"<meta property="og:image" content="https://example.com/stories/"#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("{story}"));
    assert!(
        image.starts_with("share/case-studies/acme-ships.") && run.exists(image),
        "{image}"
    );
    // X reads the Open Graph tags; only the card type is its own.
    assert!(
        story.contains(r#"<meta name="twitter:card" content="summary_large_image">"#),
        "{story}"
    );
    assert!(!story.contains("twitter:title"), "{story}");
}

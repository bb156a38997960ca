//! Embeddable walls (issue 32): `embeds:` in vouch.yml, the pages at `/embed/…`, and
//! which words may be on them.

mod common;

use common::{SiteTest, CONFIG};

const APPROVED: &str = "approval: { by: \"Dana, CTO\", on: 2026-01-01 }\n";

fn testimonial(
    slug: &str,
    customer: &str,
    rating: u8,
    date: &str,
    extra: &str,
) -> (String, String) {
    (
        format!("content/testimonials/{slug}.md"),
        format!("---\nauthor: Author {slug}\ncustomer: {customer}\nrating: {rating}\ndate: {date}\n{extra}---\nWords of {slug}.\n"),
    )
}

fn quote(slug: &str, customer: &str, date: &str, extra: &str) -> (String, String) {
    (
        format!("content/quotes/{slug}.md"),
        format!("---\nauthor: Author {slug}\ncustomer: {customer}\ndate: {date}\n{extra}---\nQuoted {slug}.\n"),
    )
}

/// Two customers, words approved and not: `acme` is in healthcare, `globex` in retail.
fn site(embeds: &str) -> SiteTest {
    let mut site = SiteTest::new()
        .file("vouch.yml", &format!("{CONFIG}{embeds}"))
        .file(
            "content/customers/acme.md",
            "---\nname: Acme Corp\nindustry: Healthcare\n---\n",
        )
        .file(
            "content/customers/globex.md",
            "---\nname: Globex\nindustry: Retail\nlogo: https://cdn.example.net/globex.png\n---\n",
        );
    let files = [
        testimonial("acme-five", "acme", 5, "2026-03-01", APPROVED),
        testimonial("acme-three", "acme", 3, "2026-04-01", APPROVED),
        testimonial("globex-five", "globex", 5, "2026-02-01", APPROVED),
        quote("acme-quote", "acme", "2026-05-01", APPROVED),
        // Published on the site (approvals: warn) but kept in: no approval of its own.
        testimonial("acme-unapproved", "acme", 5, "2026-05-02", ""),
        // Expired, draft and scheduled: on no wall.
        testimonial(
            "acme-expired",
            "acme",
            5,
            "2026-05-03",
            "approval: { by: Dana, on: 2025-01-01, expires: 2026-01-01 }\n",
        ),
        testimonial(
            "acme-draft",
            "acme",
            5,
            "2026-05-04",
            &format!("draft: true\n{APPROVED}"),
        ),
        testimonial("acme-scheduled", "acme", 5, "2026-09-01", APPROVED),
    ];
    for (path, text) in files {
        site = site.file(&path, &text);
    }
    site
}

/// The authors on an embed page, in order.
fn authors(page: &str) -> Vec<String> {
    page.split("<strong>Author ")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().to_string())
        .collect()
}

#[test]
fn a_named_wall_shows_what_meets_every_criterion_newest_first() {
    let run = site(
        "embeds:\n  walls:\n    pricing:\n      terms: { industry: [Healthcare] }\n      min_rating: 4\n    all-quotes:\n      kind: quote\n    two:\n      limit: 2\n    picked:\n      slugs: [globex-five, acme-three]\n      customers: [globex]\n",
    )
    .build();
    assert!(run.ok(), "{}", run.stderr());
    assert_eq!(
        authors(&run.page("embed/pricing/index.html")),
        ["acme-five"]
    );
    assert_eq!(
        authors(&run.page("embed/all-quotes/index.html")),
        ["acme-quote"]
    );
    assert_eq!(
        authors(&run.page("embed/two/index.html")),
        ["acme-quote", "acme-three"]
    );
    assert_eq!(
        authors(&run.page("embed/picked/index.html")),
        ["globex-five"]
    );
}

#[test]
fn only_words_that_may_leave_the_site_are_on_a_customers_wall() {
    let run = site("").run(&["build", "--drafts"]);
    assert!(run.ok(), "{}", run.stderr());
    // The unapproved testimonial is on the site's wall, not in the embed.
    assert!(run
        .page("testimonials/index.html")
        .contains("Words of acme-unapproved"));
    assert!(run
        .page("testimonials/index.html")
        .contains("Words of acme-draft"));
    let page = run.page("embed/customers/acme/index.html");
    assert_eq!(authors(&page), ["acme-quote", "acme-three", "acme-five"]);
    for kept_out in ["unapproved", "expired", "draft", "scheduled"] {
        assert!(!page.contains(&format!("acme-{kept_out}")), "{kept_out}");
    }
}

#[test]
fn an_embed_page_is_self_contained_and_out_of_search() {
    let run = site("").build();
    let page = run.page("embed/customers/globex/index.html");
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(page.contains("<base target=\"_top\">"));
    assert!(page.contains("href=\"https://example.com/testimonials/#globex-five\""));
    // The logo served by another host is left out; nothing else is fetched either.
    assert!(!page.contains("cdn.example.net"), "{page}");
    assert!(!page.contains("<link"), "styles are inline");
    assert!(!page.contains(" src=\"http"), "{page}");
    assert_eq!(page.matches("<script").count(), 1);
    assert!(page.contains("parent.postMessage"));
    assert!(!run.page("sitemap.xml").contains("/embed/"));
    let search = std::fs::read_dir(run.root.join("public/search/d")).unwrap();
    for file in search {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        assert!(!text.contains("/embed/"));
    }
}

#[test]
fn customer_walls_can_be_turned_off() {
    let run = site("embeds:\n  customer_walls: false\n").build();
    assert!(run.ok(), "{}", run.stderr());
    assert!(!run.exists("embed/customers/acme/index.html"));
    assert!(!run.exists("embed"));
}

#[test]
fn a_theme_may_override_the_embed_template() {
    let run = site("theme: mine\n")
        .file(
            "themes/mine/templates/embed.html",
            "<p>{{ embed.cards | length }} voices</p>",
        )
        .build();
    assert_eq!(
        run.page("embed/customers/acme/index.html"),
        "<p>3 voices</p>"
    );
}

#[test]
fn mistakes_in_embeds_name_the_line_and_field_with_a_suggestion() {
    let run = site(
        "embeds:\n  walls:\n    pricing:\n      limit: 3\n      kind: testimonal\n      min_rating: 9\n",
    )
    .run(&["check"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    for expected in [
        "vouch.yml:7:1: error: an embed cannot show the kind 'testimonal' — did you mean 'testimonial'?",
        "= field: embeds.walls.pricing.kind",
        "vouch.yml:8:1: error: min_rating must be 1 to 5",
        "= field: embeds.walls.pricing.min_rating",
    ] {
        assert!(err.contains(expected), "missing:\n{expected}\nin:\n{err}");
    }
    let run = site(
        "embeds:\n  walls:\n    pricing: {}\n    other: {}\n    home:\n      customers: [acmee]\n      terms: { industry: [Helthcare] }\n      slugs: [acme-fiv]\n",
    )
    .run(&["check"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    for expected in [
        "vouch.yml:8:1: error: the wall 'home' names the customer 'acmee', which the site does not have — did you mean 'acme'?",
        "= field: embeds.walls.home.customers",
        "vouch.yml:9:1: error: the wall 'home' names the industry term 'Helthcare', which the site does not have — did you mean 'Healthcare'?",
        "vouch.yml:10:1: error: the wall 'home' names the testimonial or quote 'acme-fiv', which the site does not have — did you mean 'acme-five'?",
    ] {
        assert!(err.contains(expected), "missing:\n{expected}\nin:\n{err}");
    }
}

#[test]
fn embed_js_is_small_and_served_with_the_site() {
    let run = site("").build();
    let script = run.page("assets/embed.js");
    assert!(script.len() < 2048, "embed.js is {} bytes", script.len());
    assert!(script.contains("m.origin"), "checks the origin");
    assert!(
        script.contains("contentWindow===m.source"),
        "matches its iframe"
    );
}

/// docs/embeds.md shows what the example site's snippets are, and its `embeds:` example
/// loads against the example site.
#[test]
fn the_docs_show_the_snippets_as_they_come_out() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(root.join("docs/embeds.md")).unwrap();
    let snippet = |args: &[&str]| {
        let out = common::output_or_hang(
            std::process::Command::new(env!("CARGO_BIN_EXE_vouch"))
                .arg("--root")
                .arg(root)
                .arg("snippet")
                .args(args)
                .env("SOURCE_DATE_EPOCH", common::EXAMPLE_NOW_EPOCH),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let quote = "content/quotes/brightwater-open.md";
    for format in ["email", "html", "markdown"] {
        let text = snippet(&[quote, "--format", format, "--campaign", "renewal-q3"]);
        assert!(
            docs.contains(&text),
            "docs/embeds.md lacks the {format} snippet:\n{text}"
        );
    }
    let story = "content/case-studies/haulpath-edge-deployments.md";
    let text = snippet(&[story, "--format", "text", "--campaign", "renewal-q3"]);
    assert!(docs.contains(&text), "docs/embeds.md lacks:\n{text}");
    let example = docs
        .split("```yaml\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let config = std::fs::read_to_string(root.join("vouch.yml")).unwrap();
    let copy = tempfile::tempdir().unwrap();
    std::fs::write(copy.path().join("vouch.yml"), format!("{config}{example}")).unwrap();
    let copied = std::process::Command::new("cp")
        .arg("-r")
        .arg(root.join("content"))
        .arg(copy.path())
        .status()
        .unwrap();
    assert!(copied.success());
    let out = common::output_or_hang(
        std::process::Command::new(env!("CARGO_BIN_EXE_vouch"))
            .arg("--root")
            .arg(copy.path())
            .arg("build")
            .env("SOURCE_DATE_EPOCH", common::EXAMPLE_NOW_EPOCH),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = |p: &str| std::fs::read_to_string(copy.path().join("public").join(p)).unwrap();
    assert!(page("embed/pricing/index.html").contains("<figure class=\"card\">"));
    assert!(page("embed/hand-picked/index.html").contains("#cartwheel-peak"));
}

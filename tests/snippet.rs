//! `vouch snippet` (issue 32): the email snippet parsed and checked against the
//! allow-list, UTM tags on every site link, and no snippet for words kept in.

mod common;

use common::{SiteTest, CONFIG};

const APPROVED: &str = "approval: { by: \"Dana, CTO\", on: 2026-01-01 }\n";

fn site() -> SiteTest {
    SiteTest::with_basics()
        .file("vouch.yml", &format!("{CONFIG}brand: {{ primary_color: \"#1f4fd1\" }}\ncampaigns: {{ source: newsletter }}\n"))
        .file("content/testimonials/dana.md", &format!("---\nauthor: Dana <Smith>\nrole: CTO\ncustomer: acme\nrating: 5\ndate: 2026-02-01\n{APPROVED}---\nShipping is **boring** now & that is [good](@/case-studies/acme-ships.md).\n\nSecond thought.\n"))
        .file("content/quotes/unapproved.md", "---\nauthor: Lee\ncustomer: acme\ndate: 2026-02-01\n---\nNo approval.\n")
        .file("content/quotes/expired.md", "---\nauthor: Lee\ncustomer: acme\ndate: 2026-02-01\napproval: { by: Lee, on: 2025-01-01, expires: 2026-03-01 }\n---\nExpired.\n")
        .file("content/quotes/draft.md", &format!("---\nauthor: Lee\ncustomer: acme\ndate: 2026-02-01\ndraft: true\n{APPROVED}---\nDraft.\n"))
        .file("content/quotes/later.md", &format!("---\nauthor: Lee\ncustomer: acme\ndate: 2026-12-01\n{APPROVED}---\nLater.\n"))
}

/// Every element of a parsed HTML fragment.
fn check_email(html: &str) -> usize {
    let wrapped = format!("<root>{html}</root>");
    let doc = roxmltree::Document::parse(&wrapped).unwrap_or_else(|e| panic!("{e}\n{html}"));
    let mut site_links = 0;
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(!["script", "style", "link"].contains(&name), "<{name}>");
        assert!(node.attribute("class").is_none(), "class on <{name}>");
        if let Some(style) = node.attribute("style") {
            for rule in style.split(';').filter(|r| !r.is_empty()) {
                let property = rule.split(':').next().unwrap().trim();
                assert!(
                    vouch::snippet::EMAIL_CSS.contains(&property),
                    "{property} in {style}"
                );
            }
        }
        for attr in ["href", "src"] {
            if let Some(url) = node.attribute(attr) {
                assert!(url.starts_with("https://"), "relative {attr} {url}");
                if url.starts_with("https://example.com/") {
                    site_links += 1;
                    for tag in [
                        "utm_source=newsletter",
                        "utm_medium=email",
                        "utm_campaign=Spring%20launch",
                        "utm_content=dana",
                    ] {
                        assert!(url.contains(tag), "{url} lacks {tag}");
                    }
                }
            }
        }
    }
    site_links
}

#[test]
fn the_email_snippet_keeps_to_what_mail_clients_keep() {
    let run = site().run(&[
        "snippet",
        "content/testimonials/dana.md",
        "--campaign",
        "Spring launch",
    ]);
    assert!(run.ok(), "{}", run.stderr());
    let email = run.stdout();
    assert!(email.starts_with("<table role=\"presentation\""), "{email}");
    assert!(email.contains("Dana &lt;Smith&gt;"), "escaped: {email}");
    assert!(email.contains("Shipping is boring now &amp; that is good."));
    // The customer's page and the testimonial's place on the wall.
    assert_eq!(check_email(&email), 2);
    assert!(email.contains("https://example.com/testimonials/?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=Spring%20launch&amp;utm_content=dana#dana"));
}

#[test]
fn every_format_tags_its_links_and_a_case_study_has_one() {
    for format in ["html", "markdown", "text"] {
        let run = site().run(&[
            "snippet",
            "content/testimonials/dana.md",
            "--format",
            format,
        ]);
        assert!(run.ok(), "{}", run.stderr());
        let out = run.stdout();
        let links = out.matches("https://example.com/").count();
        let tagged = out.matches("utm_source=newsletter").count();
        assert!(links >= 1 && links == tagged, "{format}: {out}");
        assert!(
            out.contains("utm_medium=referral&") || out.contains("utm_medium=referral&amp;"),
            "{out}"
        );
        assert!(out.contains("utm_campaign=customer-stories"), "{out}");
    }
    let run = site().run(&[
        "snippet",
        "content/case-studies/acme-ships.md",
        "--format",
        "text",
    ]);
    assert_eq!(
        run.stdout(),
        "Acme ships faster\n\nAcme cut release time.\n\nRead the story: https://example.com/case-studies/acme-ships/?utm_source=newsletter&utm_medium=referral&utm_campaign=customer-stories&utm_content=acme-ships\n"
    );
}

#[test]
fn words_that_may_not_leave_get_no_snippet_and_say_why() {
    let site = site();
    for (file, why) in [
        ("unapproved", "no customer approval is recorded in the file"),
        ("expired", "the customer's approval expired on 2026-03-01"),
        ("draft", "it is a draft"),
        ("later", "it is scheduled for 2026-12-01"),
    ] {
        let run = site.run(&["snippet", &format!("content/quotes/{file}.md")]);
        assert_eq!(run.code(), 1, "{file}: {}", run.stdout());
        assert_eq!(run.stdout(), "");
        assert!(
            run.stderr()
                .contains(&format!("error: its words may not leave the site: {why}")),
            "{file}: {}",
            run.stderr()
        );
    }
    let run = site.run(&["snippet", "content/quotes/missing.md"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    let run = site.run(&["snippet", "content/customers/acme.md"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("a customer has no snippet"),
        "{}",
        run.stderr()
    );
}

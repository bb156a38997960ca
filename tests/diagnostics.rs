//! `vouch check` on broken sites: one fixture per kind of mistake a marketer makes, each
//! with its expected diagnostics as a snapshot (tests/snapshots/), plus the output
//! formats, --strict, exit codes and "every problem of every file in one run".

mod common;
use common::SiteTest;

const CUSTOMER: (&str, &str) = (
    "content/customers/acme.md",
    "---\nname: Acme Corp\n---\nAcme.\n",
);
const ADVOCATE: (&str, &str) = (
    "content/advocates/dana.md",
    "---\nname: Dana Smith\ncustomer: acme\n---\nDana.\n",
);
const APPROVAL: &str = "approval: { by: Dana, on: 2026-01-01 }";

fn site(files: &[(&str, &str)]) -> SiteTest {
    let mut site = SiteTest::new()
        .file(CUSTOMER.0, CUSTOMER.1)
        .file(ADVOCATE.0, ADVOCATE.1);
    for (path, text) in files {
        site = site.file(path, text);
    }
    site
}

fn story(front: &str, body: &str) -> String {
    format!("---\ntitle: Acme ships\ndate: 2026-01-10\ncustomer: acme\nsummary: Faster.\n{APPROVAL}\n{front}---\n{body}")
}

/// Runs `vouch check` and returns "exit N" and the diagnostics, for a snapshot.
fn check(site: &SiteTest) -> String {
    let run = site.run(&["check"]);
    format!("exit {}\n{}", run.code(), run.stderr())
}

macro_rules! broken {
    ($($name:ident: $files:expr;)*) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(check(&site(&$files)));
        }
    )*};
}

broken! {
    missing_front_matter: [("content/case-studies/a.md", "Just text, no fields.\n")];
    unclosed_front_matter: [("content/case-studies/a.md", "---\ntitle: Acme ships\ncustomer: acme\n\nThe story.\n")];
    yaml_syntax_error: [("content/case-studies/a.md", &story("tags: [ci, cd\n", "Text.\n"))];
    unknown_field_with_suggestion: [("content/case-studies/a.md", &story("custmer: acme\n", "Text.\n"))];
    wrong_type: [("content/testimonials/t.md", &format!("---\nauthor: Lee\ncustomer: acme\nrating: five\ndate: 2026-01-01\n{APPROVAL}\n---\nGreat.\n"))];
    decimal_rating: [("content/testimonials/t.md", &format!("---\nauthor: Lee\ncustomer: acme\nrating: 4.5\ndate: 2026-01-01\n{APPROVAL}\n---\nGreat.\n"))];
    time_zone_abbreviation: [("content/events/e.md", "---\ntitle: Summit\nkind: meetup\nstart: 2026-09-10T09:00:00\ntimezone: CST\n---\nTalks.\n")];
    rating_out_of_range: [("content/testimonials/t.md", &format!("---\nauthor: Lee\ncustomer: acme\nrating: 7\ndate: 2026-01-01\n{APPROVAL}\n---\nGreat.\n"))];
    impossible_date: [("content/case-studies/a.md", "---\ntitle: Acme ships\ndate: 2026-02-30\ncustomer: acme\nsummary: S.\n---\nText.\n")];
    event_ends_before_it_starts: [("content/events/e.md", "---\ntitle: Summit\nkind: conference\nstart: 2026-09-10T09:00:00Z\nend: 2026-09-09T17:00:00Z\n---\nTalks.\n")];
    invalid_event_kind: [("content/events/e.md", "---\ntitle: Summit\nkind: party\nstart: 2026-09-10T09:00:00Z\n---\nTalks.\n")];
    invalid_event_status: [("content/events/e.md", "---\ntitle: Summit\nkind: meetup\nstart: 2026-09-10T09:00:00Z\nstatus: canceled\n---\nTalks.\n")];
    unknown_customer: [("content/case-studies/a.md", &story("", "Text.\n").replace("customer: acme", "customer: acmee"))];
    unknown_quote: [("content/case-studies/a.md", &story("quote: acme-ceo\n", "Text.\n"))];
    unknown_speaker: [("content/events/e.md", "---\ntitle: Summit\nkind: meetup\nstart: 2026-09-10T09:00:00Z\nspeakers: [dama]\n---\nTalks.\n")];
    unknown_advocate_customer: [("content/advocates/lee.md", "---\nname: Lee Park\ncustomer: acne\n---\nLee.\n")];
    undeclared_term: [
        ("vouch.yml", "title: T\nbase_url: https://example.com/\ntaxonomies:\n  industry:\n    terms: [Healthcare, Retail]\n"),
        ("content/case-studies/a.md", &story("industry: Helthcare\n", "Text.\n")),
    ];
    undeclared_term_of_a_customer_is_reported_once: [
        ("vouch.yml", "title: T\nbase_url: https://example.com/\ntaxonomies:\n  industry:\n    terms: [Healthcare, Retail]\n"),
        ("content/customers/acme.md", "---\nname: Acme Corp\nindustry: Logistics\n---\nAcme.\n"),
        ("content/case-studies/a.md", &story("", "Text.\n")),
    ];
    a_tab_in_a_customer_is_the_only_error: [
        ("content/customers/acme.md", "---\nname: Acme Corp\n\tindustry: Retail\n---\nAcme.\n"),
        ("content/case-studies/a.md", &story("", "Text.\n")),
        ("content/quotes/q.md", &format!("---\nauthor: Lee\ncustomer: acme\ndate: 2026-01-01\n{APPROVAL}\n---\nWe ship.\n")),
    ];
    two_files_one_url: [
        ("content/case-studies/a.md", &story("", "Text.\n")),
        ("content/case-studies/b.md", &story("slug: a\n", "Text.\n")),
    ];
    page_at_a_listing_address: [("content/events.md", "---\ntitle: Events\n---\nOur events.\n")];
    page_at_a_taxonomy_address: [("content/company-size.md", "---\ntitle: Sizes\nslug: company-size\n---\nBy size.\n")];
    slug_not_a_plain_segment: [("content/case-studies/a.md", &story("slug: ../../etc\n", "Text.\n"))];
    broken_internal_link: [("content/about.md", "---\ntitle: About\n---\nSee [the story](@/case-studies/nope.md).\n")];
    missing_anchor: [
        ("content/case-studies/a.md", &story("", "## The results\n\nFaster.\n")),
        ("content/about.md", "---\ntitle: About\n---\nSee [results](@/case-studies/a.md#the-result).\n"),
    ];
    broken_root_relative_link_and_image: [
        ("content/images/team.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        ("content/case-studies/a.md", &story("", "Text.\n\n![Team](/images/team-photo.svg)\n\nRead [the other one](/case-studies/no-such-story/).\n")),
        ("content/about.md", "---\ntitle: About\n---\nOur [story](/case-studies/a/) and [team](/images/team.svg#top), [home](/), [about](/about).\n"),
    ];
    broken_link_under_a_sub_path: [
        ("vouch.yml", "title: T\nbase_url: https://example.com/stories/\n"),
        ("content/about.md", "---\ntitle: About\n---\nSee [join](/join/), [about](/stories/about/) and [about](/about/).\n"),
    ];
    every_field_of_an_event_at_once: [("content/events/e.md", "---\ntitle: Summit\nkind: Party\nstart: next tuesday\nend: 2022-09-31\nlocation: Denver, CO\nspeakers: dana\n---\nTalks.\n")];
    empty_required_text: [("content/quotes/q.md", &format!("---\nauthor: \"\"\ncustomer: acme\ndate: 2026-01-01\n{APPROVAL}\n---\nWe ship.\n"))];
    approval_without_its_date: [("content/quotes/q.md", "---\nauthor: Lee\ncustomer: acme\ndate: 2026-01-01\napproval: { by: Lee }\n---\nWe ship.\n")];
    company_size_as_a_number: [
        ("vouch.yml", "title: T\nbase_url: https://example.com/\ntaxonomies:\n  company_size:\n    terms: [\"1-50\", \"51-200\", \"201-1000\", \"1001-5000\", \"5000+\"]\n"),
        ("content/case-studies/a.md", &story("company_size: 100\n", "Text.\n")),
    ];
    term_of_an_empty_declared_list: [
        ("vouch.yml", "title: T\nbase_url: https://example.com/\ntaxonomies:\n  industry:\n    terms: []\n"),
        ("content/case-studies/a.md", &story("industry: Retail\n", "Text.\n")),
    ];
    missing_fields_all_at_once: [("content/testimonials/t.md", "---\nrole: CTO\nratng: 5\n---\nGreat.\n")];
    remote_logo: [("content/customers/acme.md", "---\nname: Acme Corp\nlogo: https://cdn.acme.example/brand/logo.svg?v=2\n---\nAcme.\n")];
    missing_logo_file: [("content/customers/acme.md", "---\nname: Acme Corp\nlogo: /logos/acme.svg\n---\nAcme.\n")];
    empty_testimonial: [("content/testimonials/t.md", &format!("---\nauthor: Lee\ncustomer: acme\ndate: 2026-01-01\n{APPROVAL}\n---\n\n"))];
    quote_too_long: [("content/quotes/q.md", &format!("---\nauthor: Lee\ncustomer: acme\ndate: 2026-01-01\n{APPROVAL}\n---\n{}\n", "We ship faster. ".repeat(20)))];
    expired_approval: [("content/quotes/q.md", "---\nauthor: Lee\ncustomer: acme\ndate: 2026-01-01\napproval: { by: Lee, on: 2025-01-01, expires: 2026-06-01 }\n---\nWe ship.\n")];
    approval_expiring_soon: [("content/quotes/q.md", "---\nauthor: Lee\ncustomer: acme\ndate: 2026-01-01\napproval: { by: Lee, on: 2025-01-01, expires: 2026-07-01 }\n---\nWe ship.\n")];
    invalid_config: [("vouch.yml", "title: T\nbase_url: https://example.com/\naprovals: require\n")];
    template_error_in_override: [
        ("vouch.yml", "title: T\nbase_url: https://example.com/\ntheme: mine\n"),
        ("themes/mine/templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ meta.heading }</h1>\n{% endblock main %}\n"),
        ("content/about.md", "---\ntitle: About\n---\nAbout us.\n"),
    ];
}

#[test]
fn non_utf8_file_names_the_byte_offset() {
    let site = site(&[]).bytes("content/quotes/q.md", b"---\nauthor: L\xe9a\n---\nHi.\n");
    insta::assert_snapshot!(check(&site));
}

#[test]
fn every_problem_in_every_file_comes_out_of_one_run() {
    let site = site(&[
        ("content/case-studies/a.md", &story("custmer: acme\n", "Text.\n")),
        ("content/testimonials/t.md", &format!("---\nauthor: Lee\ncustomer: acme\nrating: 9\ndate: 2026-01-01\n{APPROVAL}\n---\nGreat.\n")),
        ("content/events/e.md", "---\ntitle: Summit\nkind: party\nstart: 2026-09-10T09:00:00Z\n---\nTalks.\n"),
        ("content/about.md", "---\ntitle: About\n---\nSee [x](@/case-studies/nope.md).\n"),
    ]);
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    for expected in [
        "content/case-studies/a.md:7:1: error: unknown field 'custmer'",
        "content/testimonials/t.md:4:1: error: rating 9 is out of range",
        "content/events/e.md:3:7: error: invalid value 'party'",
        "content/about.md:4:1: error: broken internal link",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }
    // A build reports the same problems and leaves the output folder alone.
    let build = site.run(&["build"]);
    assert_eq!(build.code(), 1);
    assert!(build.stderr().contains("rating 9 is out of range"));
    assert!(!build.exists("index.html"));
}

#[test]
fn json_and_gitlab_formats_are_machine_readable() {
    let site = site(&[
        (
            "content/case-studies/a.md",
            &story("custmer: acme\n", "Text.\n"),
        ),
        (
            "content/quotes/q.md",
            &format!(
                "---\nauthor: Lee\ncustomer: acme\ndate: 2026-01-01\n{APPROVAL}\n---\n{}\n",
                "Long words here. ".repeat(20)
            ),
        ),
    ]);
    let json = site.run(&["check", "--format", "json"]);
    assert_eq!(json.code(), 1);
    let list: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON on stdout");
    let first = &list[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["path"], "content/case-studies/a.md");
    assert_eq!(first["line"], 7);
    assert_eq!(first["field"], "custmer");
    assert_eq!(first["hint"], "did you mean 'customer'?");
    assert_eq!(list[1]["severity"], "warning");

    let gitlab = site.run(&["check", "--format", "gitlab"]);
    let report: serde_json::Value =
        serde_json::from_str(&gitlab.stdout()).expect("Code Quality JSON");
    let entries = report.as_array().unwrap();
    assert_eq!(entries.len(), 2);
    for e in entries {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(e[key].is_string(), "{key} in {e}");
        }
        assert!(e["location"]["path"].is_string() && e["location"]["lines"]["begin"].is_u64());
    }
    assert_eq!(entries[0]["severity"], "major");
    assert_eq!(entries[1]["severity"], "minor");
    assert_eq!(entries[0]["location"]["lines"]["begin"], 7);
    // The same problem keeps its fingerprint from run to run, so GitLab can follow it.
    let again: serde_json::Value =
        serde_json::from_str(&site.run(&["check", "--format", "gitlab"]).stdout()).unwrap();
    assert_eq!(again[0]["fingerprint"], entries[0]["fingerprint"]);
    assert_ne!(entries[0]["fingerprint"], entries[1]["fingerprint"]);
}

#[test]
fn strict_turns_warnings_into_errors_but_not_notes() {
    let long = site(&[(
        "content/quotes/q.md",
        &format!(
            "---\nauthor: Lee\ncustomer: acme\ndate: 2026-01-01\n{APPROVAL}\n---\n{}\n",
            "Long words here. ".repeat(20)
        ),
    )]);
    assert_eq!(long.run(&["check"]).code(), 0, "warnings alone pass");
    let strict = long.run(&["check", "--strict"]);
    assert_eq!(strict.code(), 1);
    assert!(
        strict.stderr().contains("error: the quote is"),
        "{}",
        strict.stderr()
    );
    let soon = site(&[("content/quotes/q.md", "---\nauthor: Lee\ncustomer: acme\ndate: 2026-01-01\napproval: { by: Lee, on: 2025-01-01, expires: 2026-07-01 }\n---\nWe ship.\n")]);
    let run = soon.run(&["check", "--strict"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(run
        .stderr()
        .contains("note: approval expires on 2026-07-01 (in 16 days)"));
    let build = soon.build();
    assert!(
        build.ok() && !build.stderr().contains("note:"),
        "the build stays quiet about notes"
    );
}

#[test]
fn exit_codes_are_0_clean_1_content_2_usage() {
    let clean = SiteTest::with_basics();
    assert_eq!(
        clean.run(&["check"]).code(),
        0,
        "{}",
        clean.run(&["check"]).stderr()
    );
    assert_eq!(clean.run(&["check", "--format", "yaml"]).code(), 2);
    assert_eq!(clean.run(&["bulid"]).code(), 2);
    let broken = site(&[("content/case-studies/a.md", "no front matter\n")]);
    assert_eq!(broken.run(&["check"]).code(), 1);
    // A folder that is no site is a usage error, and `new` writes nothing there.
    let empty = tempfile::tempdir().unwrap();
    let vouch = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_vouch"))
            .arg("--root")
            .arg(empty.path())
            .args(args)
            .output()
            .unwrap()
    };
    let new = vouch(&["new", "quote", "Hi"]);
    assert_eq!(new.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&new.stderr).contains("vouch.yml is missing"));
    assert!(!empty.path().join("content").exists(), "nothing written");
    assert_eq!(vouch(&["build"]).status.code(), Some(2));
    let missing = std::process::Command::new(env!("CARGO_BIN_EXE_vouch"))
        .args(["--root", "/no/such/site", "check"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("this folder does not exist"));
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let site = site(&[(
        "content/case-studies/a.md",
        &story("custmer: acme\n", "Text.\n"),
    )]);
    let plain = site.run(&["check"]);
    assert!(
        !plain.stderr().contains('\x1b'),
        "NO_COLOR is set by the test harness"
    );
    let forced = std::process::Command::new(env!("CARGO_BIN_EXE_vouch"))
        .arg("--root")
        .arg(site.root())
        .arg("check")
        .env("SOURCE_DATE_EPOCH", common::NOW_EPOCH)
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&forced.stderr);
    assert!(
        err.contains("\x1b[1;31mcontent/case-studies/a.md:7:1: error:"),
        "{err:?}"
    );
    let both = std::process::Command::new(env!("CARGO_BIN_EXE_vouch"))
        .arg("--root")
        .arg(site.root())
        .arg("check")
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&both.stderr).contains('\x1b'),
        "NO_COLOR wins"
    );
}

#[test]
fn broken_links_in_section_intros_are_reported() {
    let site = site(&[(
        "content/case-studies/_index.md",
        "---\ntitle: Stories\n---\nSee [the old one](@/case-studies/gone.md).\n",
    )]);
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("content/case-studies/_index.md:4:1: error: broken internal link"),
        "{}",
        run.stderr()
    );
}

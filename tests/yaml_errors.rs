//! Issue 37, points 1 to 3: a marketer's YAML mistakes reported at the file's own line
//! and column, inside the field they are in, with indentation and tabs named; the YAML
//! parser behind the one seam (src/yaml.rs) and still refusing hostile input; and one
//! message per problem, in the order a marketer reads it.

mod common;
use common::SiteTest;
use std::path::Path;

const CUSTOMER: (&str, &str) = (
    "content/customers/acme.md",
    "---\nname: Acme Corp\n---\nAcme.\n",
);

/// A site with one customer and `files`.
fn site(files: &[(&str, &str)]) -> SiteTest {
    let mut site = SiteTest::new().file(CUSTOMER.0, CUSTOMER.1);
    for (path, text) in files {
        site = site.file(path, text);
    }
    site
}

/// `vouch check`'s exit code and diagnostics, for a snapshot.
fn check(site: &SiteTest) -> String {
    let run = site.run(&["check"]);
    format!("exit {}\n{}", run.code(), run.stderr())
}

/// One space too many before the second `results:` item (file line 10).
const RESULTS: &str = "---
title: Acme ships faster
date: 2026-01-10
customer: acme
summary: Releases went from monthly to daily.
approval: { by: \"Dana Smith, CTO, Acme\", on: 2026-01-01 }
results:
  - metric: faster releases
    value: 30x
   - metric: fewer incidents
    value: 40%
---
The story.
";

/// `city:` one space deeper than `venue:` (file line 7).
const LOCATION: &str = "---
title: Summit
kind: meetup
start: 2026-09-10T09:00:00Z
location:
  venue: Convention Center
   city: Denver
---
Talks.
";

/// `title:` of an activity one space short of its item's other keys (file line 7).
const ACTIVITIES: &str = "---
name: Dana Smith
customer: acme
activities:
  - date: 2026-03-01
    kind: talk
   title: Shipping daily at Acme
---
Dana.
";

/// A tab before `country:` inside the nested `location:` block (file line 8).
const TAB: &str = "---
title: Workshop
kind: workshop
start: 2026-10-01T09:00:00Z
location:
  venue: Hall B
  city: Lyon
  \tcountry: France
---
Hands on.
";

fn point_1_site() -> SiteTest {
    site(&[
        ("content/case-studies/results.md", RESULTS),
        ("content/events/location.md", LOCATION),
        ("content/advocates/dana.md", ACTIVITIES),
        ("content/events/tab.md", TAB),
    ])
}

#[test]
fn yaml_mistakes_name_the_files_line_the_field_and_the_cause() {
    insta::assert_snapshot!(check(&point_1_site()));
}

#[test]
fn yaml_mistakes_are_placed_the_same_in_json_and_code_quality() {
    let site = point_1_site();
    let json = site.run(&["check", "--format", "json"]);
    assert_eq!(json.code(), 1);
    let json: serde_json::Value = serde_json::from_str(&json.stdout()).unwrap();
    let placed = |v: &serde_json::Value, line: &str| {
        format!(
            "{} {} {} {}",
            v["path"].as_str().unwrap_or(""),
            v[line],
            v["field"].as_str().unwrap_or("-"),
            v["message"].as_str().unwrap_or("")
        )
    };
    let diagnostics = json["diagnostics"].as_array().or(json.as_array()).unwrap();
    let lines: Vec<String> = diagnostics.iter().map(|d| placed(d, "line")).collect();
    assert_eq!(
        lines,
        [
            "content/advocates/dana.md 7 activities wrong indentation: one space too few before 'title'",
            "content/case-studies/results.md 10 results wrong indentation: one space too many before this list item",
            "content/events/location.md 7 location wrong indentation: one space too many before 'city'",
            "content/events/tab.md 8 location YAML does not allow tabs for indentation",
        ]
    );
    let gitlab = site.run(&["check", "--format", "gitlab"]);
    let gitlab: serde_json::Value = serde_json::from_str(&gitlab.stdout()).unwrap();
    let lines: Vec<String> = gitlab
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{} {} {}",
                d["location"]["path"].as_str().unwrap(),
                d["location"]["lines"]["begin"],
                d["check_name"].as_str().unwrap(),
                d["description"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            "content/advocates/dana.md:7 vouch/activities wrong indentation: one space too few before 'title' (indent it by 4 spaces, like line 6)",
            "content/case-studies/results.md:10 vouch/results wrong indentation: one space too many before this list item (indent it by 2 spaces, like line 8)",
            "content/events/location.md:7 vouch/location wrong indentation: one space too many before 'city' (indent it by 2 spaces, like line 6)",
            "content/events/tab.md:8 vouch/location YAML does not allow tabs for indentation (replace the tab with spaces: YAML indents with spaces only)",
        ]
    );
}

#[test]
fn a_syntax_error_the_layout_does_not_explain_keeps_the_parsers_place_and_field() {
    let story =
        "---\ntitle: A\ndate: 2026-01-10\ncustomer: acme\nsummary: S\ntags: [a, b]]\n---\nText.\n";
    insta::assert_snapshot!(check(&site(&[("content/case-studies/a.md", story)])));
}

/// The lines of `vouch check`'s report that name a problem and its hint, without the
/// quoted source (a hostile line can be 20,000 characters long).
fn problem_lines(site: &SiteTest) -> Vec<String> {
    let run = site.run(&["check"]);
    let mut lines = vec![format!("exit {}", run.code())];
    lines.extend(
        run.stderr()
            .lines()
            .filter(|l| l.starts_with("content/") || l.starts_with(" = "))
            .map(str::to_string),
    );
    lines
}

#[test]
fn hostile_yaml_gets_a_clear_error_from_the_new_parser() {
    // A billion laughs inside a field that takes any YAML (tags), and 10,000 nested lists.
    let mut anchors = vec![format!("&a [{}]", ["lol"; 9].join(","))];
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        anchors.push(format!(
            "&{name} [{}]",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    let bomb = format!(
        "---
title: Bomb
tags: [{}]
---
",
        anchors.join(", ")
    );
    let deep = format!(
        "---
title: Deep
tags: {}{}
---
",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert_eq!(
        problem_lines(&site(&[
            ("content/bomb.md", &bomb),
            ("content/deep.md", &deep)
        ])),
        [
            "exit 1",
            "content/bomb.md: error: repetition limit exceeded",
            "content/deep.md:3:134: error: recursion limit exceeded",
        ]
    );
}

/// Every Rust file under `dir`, relative to the repository.
fn rust_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn only_the_seam_names_the_yaml_parser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches"] {
        rust_files(&root.join(dir), &mut files);
    }
    let naming: Vec<String> = files
        .iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            ["serde_norway", "serde_yaml"]
                .iter()
                .any(|name| text.contains(&format!("{name}::")))
        })
        .map(|f| f.strip_prefix(root).unwrap().display().to_string())
        .collect();
    assert_eq!(naming, ["src/yaml.rs"]);
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(!manifest.contains("serde_yaml"), "serde_yaml is deprecated");
}

#[test]
fn one_problem_one_message() {
    let sumary =
        "---\ntitle: Acme ships\ndate: 2026-01-10\ncustomer: acme\nsumary: Faster.\n---\nText.\n";
    let comma = "---\ntitle: Summit\nkind: meetup\nstart: 2026-09-10T09:00:00Z\nspeakers:\n  - { name: Tom de Vries, role: Analyst, Gartnerish }\n---\nTalks.\n";
    let first = "---\nauthor: Lee Park\ndate: 2026-01-01\nslug: x\n---\nGreat.\n";
    let second = "---\nauthor: Kim Ode\ndate: 2026-01-02\n\nslug: x\n---\nGood.\n";
    insta::assert_snapshot!(check(&site(&[
        ("content/case-studies/sumary.md", sumary),
        ("content/events/comma.md", comma),
        ("content/testimonials/a.md", first),
        ("content/testimonials/b.md", second),
    ])));
}

#[test]
fn a_page_clash_names_the_other_file_by_its_name() {
    let page = "---\ntitle: About\n---\nUs.\n";
    let other = "---\ntitle: About us\nslug: about\n---\nUs too.\n";
    let run = site(&[("content/about.md", page), ("content/team.md", other)]).run(&["check"]);
    let err = run.stderr();
    let first = err.lines().find(|l| l.contains("error:")).unwrap_or("");
    assert_eq!(
        first,
        "content/team.md:3:1: error: this file and content/about.md (by its file name) both map to /about/"
    );
}

#[test]
fn schema_of_an_unknown_kind_names_vouch_schema() {
    let run = SiteTest::new().run(&["schema", "--kind", "site"]);
    assert_eq!(run.code(), 2);
    assert_eq!(
        run.stderr(),
        "vouch schema: error: unknown kind 'site'\n = hint: kinds: case-study, testimonial, quote, event, customer, advocate, page\n\n"
    );
}

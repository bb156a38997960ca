//! `vouch report`: every count on the example site matches a count made here, from the
//! files, by rules written independently of vouch's; the JSON contract's fields; the CSV
//! table; the HTML file (inline SVG, nothing fetched); exact lists on a small fixture;
//! the preview's `/__vouch/report`.

mod common;

use common::SiteTest;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// The example site's "now" as a date (common::EXAMPLE_NOW_EPOCH).
const EXAMPLE_TODAY: &str = "2026-11-25";

/// Runs `vouch report` on the example site with its fixed now.
fn example(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_vouch"))
        .args(["--root", env!("CARGO_MANIFEST_DIR"), "report"])
        .args(args)
        .env("SOURCE_DATE_EPOCH", common::EXAMPLE_NOW_EPOCH)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn example_json(args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = example(&all);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

/// One content file, read here with the YAML seam alone (vouch::yaml).
struct File {
    /// `content/quotes/x.md`
    path: String,
    /// `quotes`, or `` for a page.
    folder: String,
    slug: String,
    front: vouch::yaml::Value,
}

impl File {
    fn str(&self, key: &str) -> Option<&str> {
        self.front.get(key).and_then(|v| v.as_str())
    }
    fn date(&self, key: &str) -> Option<String> {
        self.str(key).map(|s| s[..10].to_string())
    }
    fn list(&self, key: &str) -> Vec<String> {
        match self.front.get(key) {
            Some(vouch::yaml::Value::Sequence(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            Some(vouch::yaml::Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        }
    }
    fn draft(&self) -> bool {
        self.front.get("draft").and_then(|v| v.as_bool()) == Some(true)
    }
    fn expires(&self) -> Option<String> {
        let approval = self.front.get("approval")?;
        approval.get("expires")?.as_str().map(String::from)
    }
    /// Published at `today`: not a draft, not dated later, approval not expired.
    fn published(&self, today: &str) -> bool {
        !self.draft()
            && self.date("date").is_none_or(|d| d.as_str() <= today)
            && self.expires().is_none_or(|e| e.as_str() >= today)
    }
}

/// Every item file of a site, front matter parsed.
fn files(root: &Path) -> Vec<File> {
    let content = root.join("content");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&content) {
        let entry = entry.unwrap();
        let path = entry.path();
        // A translation (`acme.de.md`) is words of its original, not an item.
        let translation = common::is_translation(path);
        if path.extension().is_none_or(|e| e != "md") || path.ends_with("_index.md") || translation
        {
            continue;
        }
        let rel = path.strip_prefix(&content).unwrap();
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let known = [
            "case-studies",
            "testimonials",
            "quotes",
            "events",
            "customers",
            "advocates",
        ];
        let folder = if parts.len() > 1 && known.contains(&parts[0].as_str()) {
            parts[0].clone()
        } else {
            String::new()
        };
        let slug = match rel.file_name().unwrap().to_str().unwrap() {
            "index.md" => parts[parts.len() - 2].clone(),
            name => name.trim_end_matches(".md").to_string(),
        };
        let text = std::fs::read_to_string(path).unwrap();
        let yaml = text.split("---\n").nth(1).unwrap();
        out.push(File {
            path: format!("content/{}", parts.join("/")),
            folder,
            slug,
            front: vouch::yaml::from_str(yaml).unwrap(),
        });
    }
    out
}

/// The slug a term label has in URLs.
fn slug(label: &str) -> String {
    let mut out = String::new();
    for word in label
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

fn kind_of(folder: &str) -> &'static str {
    match folder {
        "case-studies" => "case-study",
        "testimonials" => "testimonial",
        "quotes" => "quote",
        "events" => "event",
        "customers" => "customer",
        "advocates" => "advocate",
        _ => "page",
    }
}

#[test]
fn every_count_on_the_example_site_matches_a_count_of_its_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let today = EXAMPLE_TODAY;
    let all = files(root);
    let published: Vec<&File> = all.iter().filter(|f| f.published(today)).collect();
    let report = example_json(&["--cross", "industry,lifecycle"]);
    assert_eq!(report["generated"], today);

    // Items per kind.
    let mut items: BTreeMap<&str, u64> = BTreeMap::new();
    for f in &published {
        *items.entry(kind_of(&f.folder)).or_default() += 1;
    }
    for (kind, n) in &items {
        assert_eq!(report["items"][kind], *n, "items of {kind}");
    }
    assert!(items["case-study"] > 0 && items["testimonial"] > 0);

    // Coverage: a case study's terms are its own or (industry, size, region) its
    // published customer's.
    let customer = |slug: &str| {
        published
            .iter()
            .find(|f| f.folder == "customers" && f.slug == slug)
    };
    let terms_of = |f: &File, taxonomy: &str| -> Vec<String> {
        let own = f.list(taxonomy);
        let inherited = ["industry", "company_size", "region"].contains(&taxonomy);
        let list = match (
            own.is_empty() && inherited && f.folder == "case-studies",
            f.str("customer"),
        ) {
            (true, Some(c)) => customer(c).map_or_else(Vec::new, |c| c.list(taxonomy)),
            _ => own,
        };
        list.iter().map(|t| slug(t)).collect()
    };
    let coverage = report["coverage"].as_array().unwrap();
    let mut checked = 0;
    for row in coverage {
        let (kind, taxonomy, term) = (
            row["kind"].as_str().unwrap(),
            row["taxonomy"].as_str().unwrap(),
            // Matched by this file's own slug rule on both sides, not vouch's.
            slug(row["term"].as_str().unwrap()),
        );
        let counted = published
            .iter()
            .filter(|f| kind_of(&f.folder) == kind)
            .filter(|f| terms_of(f, taxonomy).contains(&term))
            .count();
        assert_eq!(row["count"], counted, "{kind} {taxonomy} {term}");
        checked += 1;
    }
    // Every declared term of every taxonomy is there, zero counts included.
    let config: vouch::yaml::Value =
        vouch::yaml::from_str(&std::fs::read_to_string(root.join("vouch.yml")).unwrap()).unwrap();
    for (taxonomy, settings) in config["taxonomies"].as_mapping().unwrap() {
        let taxonomy = taxonomy.as_str().unwrap();
        for term in settings["terms"].as_sequence().into_iter().flatten() {
            let term = term.as_str().unwrap();
            assert!(
                coverage.iter().any(|r| r["kind"] == "case-study"
                    && r["taxonomy"] == taxonomy
                    && r["term"] == term),
                "{taxonomy}: {term}"
            );
        }
    }
    assert!(checked > 50, "{checked}");
    let gap = coverage
        .iter()
        .find(|r| {
            r["kind"] == "case-study" && r["taxonomy"] == "industry" && r["term"] == "Software"
        })
        .unwrap();
    assert_eq!(gap["count"], 0, "the example has no software case study");

    // The cross: case studies per industry and lifecycle stage.
    let cells = report["cross"]["cells"].as_array().unwrap();
    for cell in cells.iter().filter(|c| c["kind"] == "case-study") {
        let (row, column) = (
            slug(cell["row"].as_str().unwrap()),
            slug(cell["column"].as_str().unwrap()),
        );
        let counted = published
            .iter()
            .filter(|f| f.folder == "case-studies")
            .filter(|f| {
                terms_of(f, "industry").contains(&row) && terms_of(f, "lifecycle").contains(&column)
            })
            .count();
        assert_eq!(cell["count"], counted, "{row} × {column}");
    }
    assert_eq!(
        cells.iter().filter(|c| c["kind"] == "case-study").count(),
        7 * 5
    );

    // Freshness: dated stories, testimonials and quotes before 2025-05-25 (18 months).
    let mut stale: Vec<String> = published
        .iter()
        .filter(|f| ["case-studies", "testimonials", "quotes"].contains(&f.folder.as_str()))
        .filter(|f| f.date("date").is_some_and(|d| d.as_str() < "2025-05-25"))
        .map(|f| f.path.clone())
        .collect();
    let mut reported: Vec<String> = report["stale"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap().to_string())
        .collect();
    stale.sort();
    reported.sort();
    assert_eq!(reported, stale);
    assert!(!stale.is_empty());

    // Consent: every file with an approval, drafts too.
    let approvals = &report["approvals"];
    let expired: Vec<&str> = all
        .iter()
        .filter(|f| f.expires().is_some_and(|e| e.as_str() < today))
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(approvals["expired"], serde_json::json!(expired));
    let missing = all
        .iter()
        .filter(|f| ["case-studies", "testimonials", "quotes"].contains(&f.folder.as_str()))
        .filter(|f| f.front.get("approval").is_none() && f.str("customer").is_some())
        .count();
    assert_eq!(approvals["missing"].as_array().unwrap().len(), missing);
    let expiring = all
        .iter()
        .filter(|f| {
            f.expires()
                .is_some_and(|e| e.as_str() >= today && e.as_str() <= "2027-02-23")
        })
        .count();
    assert_eq!(approvals["expiring"].as_array().unwrap().len(), expiring);

    // Pipeline.
    let drafts = all.iter().filter(|f| f.draft()).count();
    let scheduled = all
        .iter()
        .filter(|f| !f.draft() && f.date("date").is_some_and(|d| d.as_str() > today))
        .count();
    assert_eq!(
        report["pipeline"]["drafts"].as_array().unwrap().len(),
        drafts
    );
    assert_eq!(
        report["pipeline"]["scheduled"].as_array().unwrap().len(),
        scheduled
    );
    assert!(drafts + scheduled > 0);

    // People: a customer's published stories, words and events; an advocate's events,
    // the words under their name and their activities.
    let people = report["people"].as_array().unwrap();
    let mut seen_customers = 0;
    for c in published.iter().filter(|f| f.folder == "customers") {
        let naming: Vec<&&File> = published
            .iter()
            .filter(|f| match f.folder.as_str() {
                "case-studies" | "testimonials" | "quotes" => f.str("customer") == Some(&c.slug),
                "events" => f.list("customers").contains(&c.slug),
                _ => false,
            })
            .collect();
        let person = people
            .iter()
            .find(|p| p["kind"] == "customer" && p["slug"] == c.slug.as_str())
            .unwrap();
        assert_eq!(person["items"], naming.len(), "{}", c.slug);
        let last = naming
            .iter()
            .filter_map(|f| f.date("date").or_else(|| f.date("start")))
            .max();
        assert_eq!(person["last"], serde_json::json!(last), "{}", c.slug);
        seen_customers += 1;
    }
    assert_eq!(seen_customers, items["customer"]);
    for a in published.iter().filter(|f| f.folder == "advocates") {
        let name = a.str("name").unwrap();
        let featured = published
            .iter()
            .filter(|f| match f.folder.as_str() {
                "events" => f.list("speakers").contains(&a.slug),
                "testimonials" | "quotes" => f.str("author") == Some(name),
                _ => false,
            })
            .count();
        // And the activities on their profile, each counted by its kind.
        let activities = match a.front.get("activities") {
            Some(vouch::yaml::Value::Sequence(list)) => list.clone(),
            _ => Vec::new(),
        };
        let person = people
            .iter()
            .find(|p| p["kind"] == "advocate" && p["slug"] == a.slug.as_str())
            .unwrap();
        assert_eq!(person["items"], featured + activities.len(), "{name}");
        let talks = activities
            .iter()
            .filter(|x| x["kind"].as_str() == Some("talk"))
            .count();
        assert_eq!(
            person["by_kind"]
                .get("talks")
                .and_then(Value::as_u64)
                .unwrap_or(0),
            talks as u64,
            "{name}"
        );
        assert_eq!(person["name"], name);
    }
}

#[test]
fn the_json_contract_has_its_fields() {
    let report = example_json(&[]);
    for key in [
        "generated",
        "items",
        "coverage",
        "stale",
        "approvals",
        "people",
    ] {
        assert!(report.get(key).is_some(), "{key}");
    }
    let row = &report["coverage"][0];
    for key in ["kind", "taxonomy", "term", "count"] {
        assert!(row.get(key).is_some(), "coverage.{key}");
    }
    let stale = &report["stale"][0];
    for key in ["file", "kind", "date"] {
        assert!(stale.get(key).is_some(), "stale.{key}");
    }
    for key in ["expired", "expiring", "missing"] {
        assert!(report["approvals"][key].is_array(), "approvals.{key}");
    }
    let person = &report["people"][0];
    for key in ["kind", "slug", "name", "items", "last"] {
        assert!(person.get(key).is_some(), "people.{key}");
    }
    assert!(report["cross"].is_null());
    // Paths are relative to the site.
    assert!(report["approvals"]["expired"][0]
        .as_str()
        .unwrap()
        .starts_with("content/case-studies/"));
}

#[test]
fn csv_is_the_coverage_table_or_the_cross() {
    let report = example_json(&[]);
    let (code, csv, _) = example(&["--format", "csv"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "kind,taxonomy,term,count");
    assert_eq!(
        lines.len() - 1,
        report["coverage"].as_array().unwrap().len()
    );
    assert!(lines.contains(&"case-study,industry,Software,0"), "{csv}");
    assert!(
        lines.contains(&"customer,industry,Financial services,2"),
        "{csv}"
    );
    let (_, cross, _) = example(&["--format", "csv", "--cross", "industry,lifecycle"]);
    let lines: Vec<&str> = cross.lines().collect();
    assert_eq!(lines[0], "kind,industry,lifecycle,count");
    assert_eq!(lines.len() - 1, 7 * 5);
}

#[test]
fn the_html_report_is_self_contained_with_an_svg_heat_map() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let (code, stdout, stderr) = example(&[
        "--out",
        out.to_str().unwrap(),
        "--cross",
        "industry,lifecycle",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("Coverage"),
        "the text report still goes to stdout"
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(
        html.matches("<svg role=\"img\"").count() >= 7,
        "a heat map per taxonomy and the cross"
    );
    assert!(html.contains(">gap</text>"), "gaps are marked in the cells");
    assert!(html.contains("Case studies: Industry × Customer lifecycle"));
    for outside in [
        "<script", "src=", "http://", "https://", "url(", "@import", "<link",
    ] {
        assert!(!html.contains(outside), "{outside}");
    }
    assert!(
        html.contains("content/case-studies/meridian-bank-mobile-platform.md"),
        "the expired approval"
    );
}

#[test]
fn exact_lists_on_a_small_site() {
    let site = SiteTest::with_basics()
        .file(
            "vouch.yml",
            &format!("{}report: {{ stale_after_months: 3 }}\ntaxonomies:\n  region:\n    terms: [EMEA, APAC]\n", common::CONFIG),
        )
        // Now is 2026-06-15: 10, 45 and 80 days ahead, and gone.
        .file("content/quotes/soon.md", "---\nauthor: Dana\ncustomer: acme\ndate: 2026-06-01\napproval: { by: Dana, on: 2026-01-01, expires: 2026-06-25 }\n---\nSoon.\n")
        .file("content/quotes/later.md", "---\nauthor: Dana\ncustomer: acme\ndate: 2026-06-01\napproval: { by: Dana, on: 2026-01-01, expires: 2026-07-30 }\n---\nLater.\n")
        .file("content/quotes/latest.md", "---\nauthor: Lee\ncustomer: acme\ndate: 2026-06-01\napproval: { by: Lee, on: 2026-01-01, expires: 2026-09-03 }\n---\nLatest.\n")
        .file("content/quotes/gone.md", "---\nauthor: Lee\ncustomer: acme\ndate: 2026-01-01\napproval: { by: Lee, on: 2025-01-01, expires: 2026-06-01 }\n---\nGone.\n")
        .file("content/testimonials/unapproved.md", "---\nauthor: Kim\ncustomer: acme\ndate: 2025-01-01\n---\nOld and unapproved.\n")
        .file("content/testimonials/draft.md", "---\nauthor: Kim\ncustomer: acme\ndate: 2026-05-01\ndraft: true\n---\nA draft.\n")
        .file("content/testimonials/next.md", "---\nauthor: Kim\ndate: 2026-09-01\n---\nScheduled.\n")
        .file("content/advocates/dana.md", "---\nname: Dana\ncustomer: acme\n---\nDana.\n")
        .file("content/customers/quiet.md", "---\nname: Quiet Inc\n---\nNever featured.\n");
    let run = site.run(&["report", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let r: Value = serde_json::from_str(&run.stdout()).unwrap();
    let a = &r["approvals"];
    assert_eq!(a["expired"], serde_json::json!(["content/quotes/gone.md"]));
    let expiring: Vec<(String, i64)> = a["expiring"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                e["days"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        expiring,
        [
            ("content/quotes/soon.md".to_string(), 10),
            ("content/quotes/later.md".to_string(), 45),
            ("content/quotes/latest.md".to_string(), 80)
        ]
    );
    assert_eq!(a["expiring"][0]["expires"], "2026-06-25");
    assert_eq!(
        a["missing"],
        serde_json::json!([
            "content/testimonials/draft.md",
            "content/testimonials/unapproved.md"
        ])
    );
    assert_eq!(
        r["pipeline"]["drafts"][0]["file"],
        "content/testimonials/draft.md"
    );
    assert_eq!(
        r["pipeline"]["scheduled"][0]["file"],
        "content/testimonials/next.md"
    );
    assert_eq!(r["pipeline"]["scheduled"][0]["date"], "2026-09-01");
    // Three months before 2026-06-15: the case study (January) and the old testimonial.
    let stale: Vec<&str> = r["stale"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        stale,
        [
            "content/testimonials/unapproved.md",
            "content/case-studies/acme-ships.md"
        ]
    );
    let person = |slug: &str| {
        r["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["slug"] == slug)
            .unwrap()
            .clone()
    };
    let acme = person("acme");
    assert_eq!(acme["items"], 5, "{acme}"); // a case study, three quotes, a testimonial
    assert_eq!(acme["by_kind"]["quote"], 3);
    assert_eq!(acme["last"], "2026-06-01");
    assert_eq!(person("quiet")["items"], 0);
    let dana = person("dana");
    assert_eq!(dana["items"], 2, "her two published quotes");
    let region = |term: &str| {
        r["coverage"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["kind"] == "case-study" && c["taxonomy"] == "region" && c["term"] == term)
            .unwrap()["count"]
            .clone()
    };
    assert_eq!(region("EMEA"), 1, "inherited from the customer");
    assert_eq!(region("APAC"), 0);

    let text = site.run(&["report"]).stdout();
    for expected in [
        "gaps in case studies: APAC",
        "expiring: 1 within 30 days, 2 within 60 days, 3 within 90 days",
        "content/quotes/soon.md on 2026-06-25 (in 10 days)",
        "no approval recorded: 2",
        "customers never featured: 1",
        "    Quiet Inc",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
}

#[test]
fn wrong_requests_and_broken_content() {
    let site = SiteTest::with_basics();
    let run = site.run(&["report", "--cross", "industy,region"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr()
            .contains("unknown taxonomy 'industy' — did you mean 'industry'?"),
        "{}",
        run.stderr()
    );
    let broken = SiteTest::with_basics().file(
        "content/quotes/bad.md",
        "---\nauthor: X\ncustomer: nobody\ndate: 2026-01-01\n---\nWords.\n",
    );
    let run = broken.run(&["report"]);
    assert_eq!(run.code(), 1);
    assert!(run.stdout().is_empty());
    assert!(
        run.stderr().contains("content/quotes/bad.md"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("no report"), "{}", run.stderr());
    let nowhere = SiteTest::new();
    std::fs::remove_file(nowhere.root().join("vouch.yml")).unwrap();
    assert_eq!(nowhere.run(&["report"]).code(), 2);
}

/// The preview shows the report at /__vouch/report, behind its host and origin checks,
/// and the built site never has it.
#[test]
fn the_preview_shows_the_report() {
    use std::io::{BufRead, BufReader, Read, Write};
    let site = SiteTest::with_basics();
    let mut child = Command::new(env!("CARGO_BIN_EXE_vouch"))
        .arg("--root")
        .arg(site.root())
        .args(["serve", "--port", "0"])
        .env("SOURCE_DATE_EPOCH", common::NOW_EPOCH)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(url) = line
                .strip_prefix("serving ")
                .and_then(|l| l.split_whitespace().next())
            {
                let _ = tx.send(url.to_string());
            }
        }
    });
    let base = rx.recv_timeout(common::HANG).expect("serve starts");
    let address = base
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let get = |path: &str, extra: &str| {
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {address}\r\n{extra}Connection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
        response
    };
    let page = get("/__vouch/report?cross=industry,region", "");
    let foreign = get("/__vouch/report", "Origin: http://attacker.example\r\n");
    let _ = child.kill();
    let _ = child.wait();
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("<svg role=\"img\""));
    assert!(page.contains("Case studies: Industry × Region"));
    assert!(foreign.starts_with("HTTP/1.1 403"), "{foreign}");
    let built = site.build();
    assert!(built.ok(), "{}", built.stderr());
    assert!(!built.root.join("public/__vouch").exists());
}

/// The starter's GitLab pipeline attaches the HTML report to merge requests.
#[test]
fn the_starter_pipeline_exposes_the_report_on_merge_requests() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let init = Command::new(env!("CARGO_BIN_EXE_vouch"))
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert!(init.status.success());
    let ci: vouch::yaml::Value =
        vouch::yaml::from_str(&std::fs::read_to_string(site.join(".gitlab-ci.yml")).unwrap())
            .unwrap();
    let check = &ci["check"];
    let script: Vec<&str> = check["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(
        script.contains(&"vouch report --out content-report.html"),
        "{script:?}"
    );
    assert_eq!(check["artifacts"]["paths"][0], "content-report.html");
    assert_eq!(check["artifacts"]["expose_as"], "content report");
    // The starter site itself reports cleanly.
    let out = dir.path().join("content-report.html");
    let report = Command::new(env!("CARGO_BIN_EXE_vouch"))
        .arg("--root")
        .arg(&site)
        .args(["report", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    assert!(std::fs::read_to_string(&out).unwrap().contains("<svg"));
}

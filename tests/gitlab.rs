//! From `git push` to GitLab Pages: `vouch init`, `vouch new`, `vouch schema`, the CI
//! files, `_redirects`, and the example site crawled over HTTP under a sub-path and at a
//! domain root with no broken links.

mod common;

use std::collections::{BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn vouch(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vouch"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("SOURCE_DATE_EPOCH", common::EXAMPLE_NOW_EPOCH)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn init_then_build_then_check_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("stories");
    let init = vouch(dir.path(), &["init", site.to_str().unwrap()]);
    assert!(init.status.success(), "{}", stderr(&init));
    for file in [
        "vouch.yml",
        ".gitlab-ci.yml",
        ".gitignore",
        "content/images/logo.svg",
    ] {
        assert!(site.join(file).exists(), "init writes {file}");
    }
    for folder in [
        "case-studies",
        "testimonials",
        "quotes",
        "events",
        "customers",
        "advocates",
    ] {
        let samples = std::fs::read_dir(site.join("content").join(folder))
            .unwrap()
            .count();
        assert!(samples >= 1, "a sample {folder} item");
    }
    assert!(std::fs::read_to_string(site.join(".gitignore"))
        .unwrap()
        .contains("/public/"));
    let build = vouch(&site, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(site
        .join("public/case-studies/sample-customer-ships-faster/index.html")
        .exists());
    assert!(site.join("public/events/sample-meetup/event.ics").exists());
    // Clean but for its placeholder address, which check points at until it is replaced.
    let check = vouch(&site, &["check", "--strict"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check)
            .contains("vouch.yml:4:1: error: base_url is still the starter's placeholder"),
        "{}",
        stderr(&check)
    );
    let config = std::fs::read_to_string(site.join("vouch.yml")).unwrap();
    let real = config.replace(
        "https://example.gitlab.io/stories/",
        "https://acme.gitlab.io/stories/",
    );
    std::fs::write(site.join("vouch.yml"), real).unwrap();
    let check = vouch(&site, &["check", "--strict"]);
    assert!(
        check.status.success(),
        "the starter site is clean once its address is set: {}",
        stderr(&check)
    );

    // A folder in use is refused (exit 2) unless --force.
    let again = vouch(dir.path(), &["init", site.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("the folder is not empty"),
        "{}",
        stderr(&again)
    );
    let forced = vouch(dir.path(), &["init", "--force", site.to_str().unwrap()]);
    assert!(forced.status.success());
}

/// The properties of a kind's front matter, from `vouch schema`.
fn fields_of(kind: &str, root: &Path) -> Vec<String> {
    let schema = vouch(root, &["schema"]);
    let schema: serde_json::Value = serde_json::from_slice(&schema.stdout).expect("JSON Schema");
    schema["kinds"][kind]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

#[test]
fn new_writes_every_field_of_every_kind_as_a_draft_and_the_site_still_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    assert!(vouch(site, &["init", site.to_str().unwrap()])
        .status
        .success());
    for (kind, folder) in [
        ("case-study", "content/case-studies"),
        ("testimonial", "content/testimonials"),
        ("quote", "content/quotes"),
        ("event", "content/events"),
        ("customer", "content/customers"),
        ("advocate", "content/advocates"),
        ("page", "content"),
    ] {
        let new = vouch(site, &["new", kind, "Acme: the \"fast\" story"]);
        assert!(new.status.success(), "{kind}: {}", stderr(&new));
        let printed = String::from_utf8_lossy(&new.stdout).trim().to_string();
        assert_eq!(printed, format!("{folder}/acme-the-fast-story.md"));
        let text = std::fs::read_to_string(site.join(&printed)).unwrap();
        assert!(text.contains("draft: true"), "{kind} starts as a draft");
        let front = text.split("---\n").nth(1).unwrap();
        for field in fields_of(kind, site) {
            let present = front.lines().any(|l| {
                let l = l.trim_start_matches("# ").trim_start();
                l.starts_with(&format!("{field}:"))
            });
            assert!(present, "{kind}: field {field} is missing from\n{front}");
        }
        // Never overwrites.
        let twice = vouch(site, &["new", kind, "Acme: the \"fast\" story"]);
        assert_eq!(twice.status.code(), Some(2));
        assert!(stderr(&twice).contains("already exists"));
    }
    let build = vouch(site, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    // With --drafts the new files are real content: they parse (the case study names a
    // placeholder customer, which check reports as such).
    let drafts = vouch(site, &["check", "--drafts"]);
    let err = stderr(&drafts);
    assert!(
        err.contains("no customer with the slug 'customer-slug'"),
        "{err}"
    );
    assert!(
        !err.contains("unknown field") && !err.contains("wrong type"),
        "{err}"
    );
    // The name given is the testimonial's title, never the person quoted.
    for kind in ["testimonial", "quote"] {
        let new = vouch(site, &["new", kind, "Priya at Acme"]);
        let path = String::from_utf8_lossy(&new.stdout).trim().to_string();
        let text = std::fs::read_to_string(site.join(path)).unwrap();
        assert!(text.contains("title: \"Priya at Acme\""), "{text}");
        assert!(!text.contains("author: \"Priya at Acme\""), "{text}");
    }
    let unknown = vouch(site, &["new", "casestudy", "X"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("did you mean 'case-study'?"));
}

#[test]
fn the_committed_reference_matches_the_schema_types() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let generated = vouch(root, &["schema", "--markdown"]);
    let committed = std::fs::read_to_string(root.join("docs/reference.md")).unwrap();
    assert!(
        String::from_utf8_lossy(&generated.stdout) == committed,
        "docs/reference.md is out of date: run `cargo run -- schema --markdown > docs/reference.md`"
    );
    assert!(committed.contains("| `customer` | text | **required** |"));
    let schema: serde_json::Value =
        serde_json::from_slice(&vouch(root, &["schema"]).stdout).unwrap();
    let case_study = &schema["kinds"]["case-study"];
    assert_eq!(
        case_study["additionalProperties"], false,
        "unknown fields are errors for editors too"
    );
    assert!(case_study["required"]
        .as_array()
        .unwrap()
        .contains(&"customer".into()));
    let kinds = schema["kinds"]["event"]["$defs"]["EventKind"].to_string();
    for kind in [
        "tradeshow",
        "conference",
        "seminar",
        "workshop",
        "webinar",
        "meetup",
    ] {
        assert!(kinds.contains(kind), "{kinds}");
    }
}

/// Runs check-jsonschema (pip) with `args`; the tests that call it are compiled as
/// ignored, with the reason, when it is missing outside CI (build.rs).
fn check_jsonschema(args: &[&str]) -> Output {
    Command::new("python3")
        .args(["-m", "check_jsonschema"])
        .args(args)
        .output()
        .expect("python3 runs")
}

/// GitLab's own CI schema, as vendored by check-jsonschema, validates both CI files:
/// the repository's own and the one `vouch init` writes.
#[test]
#[cfg_attr(
    schema_checker_missing,
    ignore = "needs check-jsonschema: pip install check-jsonschema"
)]
fn ci_files_validate_against_gitlabs_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    assert!(vouch(dir.path(), &["init", dir.path().to_str().unwrap()])
        .status
        .success());
    for file in [
        root.join(".gitlab-ci.yml"),
        dir.path().join(".gitlab-ci.yml"),
    ] {
        let file = file.to_str().unwrap();
        let o = check_jsonschema(&["--builtin-schema", "vendor.gitlab-ci", file]);
        assert!(
            o.status.success(),
            "{file} fails GitLab's CI schema:\n{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

/// `vouch schema --kind K` is a valid JSON Schema document (checked against the
/// metaschema) that accepts the example site's front matter of that kind and refuses a
/// misspelt field, as an editor using it would.
#[test]
#[cfg_attr(
    schema_checker_missing,
    ignore = "needs check-jsonschema: pip install check-jsonschema"
)]
fn each_kinds_schema_is_valid_and_checks_front_matter_as_check_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for (kind, sample) in [
        ("case-study", "case-studies/pixelmoor-build-times.md"),
        ("testimonial", "testimonials/cartwheel-peak.md"),
        ("quote", "quotes/cartwheel-flags.md"),
        ("event", "events/container-expo-2026.md"),
        ("customer", "customers/tidepool.md"),
        ("advocate", "advocates/priya-raman.md"),
        ("page", "join.md"),
    ] {
        let schema = dir.path().join(format!("{kind}.json"));
        let printed = vouch(root, &["schema", "--kind", kind]);
        assert!(printed.status.success(), "{}", stderr(&printed));
        std::fs::write(&schema, &printed.stdout).unwrap();
        let schema = schema.to_str().unwrap();
        let o = check_jsonschema(&["--check-metaschema", schema]);
        assert!(
            o.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&o.stdout)
        );
        let text = std::fs::read_to_string(root.join("content").join(sample)).unwrap();
        let front = text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---\n"))
            .unwrap()
            .0;
        let good = dir.path().join(format!("{kind}.yaml"));
        std::fs::write(&good, front).unwrap();
        let o = check_jsonschema(&["--schemafile", schema, good.to_str().unwrap()]);
        assert!(
            o.status.success(),
            "{sample} fails its schema: {}",
            String::from_utf8_lossy(&o.stdout)
        );
        let bad = dir.path().join(format!("{kind}-bad.yaml"));
        std::fs::write(&bad, format!("{front}\ncustmer: acme\n")).unwrap();
        let o = check_jsonschema(&["--schemafile", schema, bad.to_str().unwrap()]);
        assert!(!o.status.success(), "{kind}: a misspelt field passes");
    }
    let unknown = vouch(root, &["schema", "--kind", "casestudy"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("did you mean 'case-study'?"));
}

#[test]
fn ci_files_have_the_jobs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    assert!(vouch(dir.path(), &["init", dir.path().to_str().unwrap()])
        .status
        .success());
    for file in [
        root.join(".gitlab-ci.yml"),
        dir.path().join(".gitlab-ci.yml"),
    ] {
        let ci: serde_yaml::Value =
            serde_yaml::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let pages = &ci["pages"];
        assert!(pages["script"]
            .as_sequence()
            .unwrap()
            .iter()
            .any(|s| s.as_str().unwrap().contains("build")));
        assert_eq!(pages["artifacts"]["paths"][0], "public");
        assert_eq!(pages["pages"], true);
        let check = &ci["check"];
        assert!(check["script"][0]
            .as_str()
            .unwrap()
            .contains("check --format gitlab > gl-code-quality-report.json"));
        assert_eq!(
            check["artifacts"]["reports"]["codequality"],
            "gl-code-quality-report.json"
        );
        assert_eq!(
            check["rules"][0]["if"],
            "$CI_PIPELINE_SOURCE == \"merge_request_event\""
        );
        let preview = &ci["preview"];
        assert_eq!(preview["pages"]["path_prefix"], "mr-$CI_MERGE_REQUEST_IID");
        assert!(preview["script"][0]
            .as_str()
            .unwrap()
            .contains("--base-url \"$CI_PAGES_URL/mr-$CI_MERGE_REQUEST_IID/\""));
    }
}

#[test]
fn redirects_become_gitlab_pages_redirects_under_the_base_path() {
    let site = common::SiteTest::with_basics().file(
        "vouch.yml",
        "title: T\nbase_url: https://group.gitlab.io/project/\nredirects:\n  - { from: /case-studies/acme-old/, to: /case-studies/acme-ships/ }\n  - { from: /press/, to: \"https://press.example/\", status: 302 }\n",
    );
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr());
    let redirects = run.page("_redirects");
    assert!(
        redirects
            .contains("/project/case-studies/acme-old/ /project/case-studies/acme-ships/ 301\n"),
        "{redirects}"
    );
    assert!(
        redirects.contains("/project/press/ https://press.example/ 302\n"),
        "{redirects}"
    );
    let bad = site.file("vouch.yml", "title: T\nbase_url: https://e.com/\nredirects:\n  - { from: old, to: /new/, status: 307 }\n");
    let run = bad.build();
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("invalid redirect"),
        "{}",
        run.stderr()
    );
}

/// GET over HTTP/1.1: the status code and the body.
fn get(url: &str) -> (u16, Vec<u8>) {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest
        .split_once('/')
        .map(|(h, p)| (h, format!("/{p}")))
        .unwrap_or((rest, "/".into()));
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let head_end = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&response[..head_end]).into_owned();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, response[head_end + 4..].to_vec())
}

/// Every `href`, `src` and sitemap `<loc>` of a page, resolved against its URL.
fn links(page_url: &str, origin: &str, body: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\"", "<loc>"] {
        for piece in body.split(attr).skip(1) {
            let end = piece.find(['"', '<']).unwrap_or(piece.len());
            let link = piece[..end].replace("&amp;", "&");
            let link = link.split('#').next().unwrap_or("").to_string();
            if link.is_empty() || link.starts_with("mailto:") {
                continue;
            }
            let absolute = if link.starts_with("http://") || link.starts_with("https://") {
                link
            } else if link.starts_with('/') {
                format!("{origin}{link}")
            } else {
                let dir = &page_url[..page_url.rfind('/').unwrap() + 1];
                format!("{dir}{link}")
            };
            found.push(absolute);
        }
    }
    found
}

/// Builds the example site for `prefix` ("project/" or ""), serves it, and follows every
/// internal link; returns the pages visited and the broken links (from → to).
fn crawl(prefix: &str) -> (usize, Vec<String>) {
    crawl_built(prefix, true)
}

/// Builds the example site (for the server's URL, or with `base_url` from its own
/// vouch.yml as the README's first command does), serves it under `prefix` and follows
/// every link.
fn crawl_built(prefix: &str, for_the_server: bool) -> (usize, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let out: PathBuf = dir.path().join("public");
    let server = common::http::serve(&out, prefix);
    let mut args = vec!["build", "--out", out.to_str().unwrap()];
    if for_the_server {
        args.extend(["--base-url", &server.base]);
    }
    let build = vouch(Path::new(env!("CARGO_MANIFEST_DIR")), &args);
    assert!(build.status.success(), "{}", stderr(&build));
    let origin = server
        .base
        .trim_end_matches(prefix)
        .trim_end_matches('/')
        .to_string();
    let mut queue = VecDeque::from([server.base.clone(), format!("{}sitemap.xml", server.base)]);
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut broken = Vec::new();
    let mut visited = 0;
    while let Some(url) = queue.pop_front() {
        let (status, body) = get(&url);
        visited += 1;
        if status != 200 {
            broken.push(format!("{url} → {status}"));
            continue;
        }
        let is_text = url.ends_with('/') || url.ends_with(".html") || url.ends_with(".xml");
        if !is_text {
            continue;
        }
        for link in links(&url, &origin, &String::from_utf8_lossy(&body)) {
            if !link.starts_with(&origin) {
                continue; // another host: not ours to check, and no network in tests
            }
            if !link.starts_with(&server.base) {
                broken.push(format!("{url} links outside the site's path: {link}"));
                continue;
            }
            if seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
    }
    (visited, broken)
}

#[test]
fn the_example_site_has_no_broken_links_under_a_sub_path() {
    let (visited, broken) = crawl("project/");
    assert!(visited > 80, "crawled only {visited} URLs");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_example_site_has_no_broken_links_at_a_domain_root() {
    let (visited, broken) = crawl("");
    assert!(visited > 80, "crawled only {visited} URLs");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// The README's first command (`vouch build`, no options) gives a site that works when
/// `public/` is served at the root of a static file server.
#[test]
fn the_readme_build_works_served_at_a_root() {
    let (visited, broken) = crawl_built("", false);
    assert!(visited > 80, "crawled only {visited} URLs");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// What `vouch schema` (and so docs/reference.md) calls required is exactly what `check`
/// reports missing: for a real file of each kind, one copy per field with that field
/// taken out, all checked in one run.
#[test]
fn the_schema_requires_exactly_what_check_requires() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("vouch.yml"), site.join("vouch.yml")).unwrap();
    assert!(Command::new("cp")
        .arg("-r")
        .arg(root.join("content"))
        .arg(site)
        .status()
        .unwrap()
        .success());
    let schema: serde_json::Value =
        serde_json::from_slice(&vouch(root, &["schema"]).stdout).unwrap();
    let samples = [
        ("case-study", "case-studies/pixelmoor-build-times.md"),
        ("testimonial", "testimonials/cartwheel-peak.md"),
        ("quote", "quotes/cartwheel-flags.md"),
        ("event", "events/container-expo-2026.md"),
        ("customer", "customers/tidepool.md"),
        ("advocate", "advocates/priya-raman.md"),
        ("page", "about.md"),
    ];
    // (file written, field taken out, whether the schema requires it)
    let mut cases = Vec::new();
    for (kind, sample) in samples {
        let text = std::fs::read_to_string(site.join("content").join(sample))
            .unwrap_or_else(|e| panic!("{sample}: {e}"));
        let (front, body) = text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---\n"))
            .unwrap();
        let front: serde_yaml::Mapping = serde_yaml::from_str(front).unwrap();
        let required: Vec<&str> = schema["kinds"][kind]["required"]
            .as_array()
            .map(|r| r.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        for field in &required {
            assert!(
                front.contains_key(*field),
                "{sample} lacks the required field {field}: pick another sample"
            );
        }
        for key in front.keys() {
            let field = key.as_str().unwrap().to_string();
            let mut without = front.clone();
            without.remove(key);
            let folder = Path::new(sample).parent().unwrap();
            let name = format!(
                "{}-without-{field}.md",
                Path::new(sample).file_stem().unwrap().to_string_lossy()
            );
            let path = Path::new("content").join(folder).join(&name);
            let yaml = serde_yaml::to_string(&without).unwrap();
            std::fs::write(site.join(&path), format!("---\n{yaml}---\n{body}")).unwrap();
            cases.push((name, field.clone(), required.contains(&field.as_str())));
        }
    }
    let check = vouch(site, &["check"]);
    let err = stderr(&check);
    for (name, field, required) in cases {
        let reported = err
            .lines()
            .any(|l| l.contains(&name) && l.contains(&format!("missing required field '{field}'")));
        assert_eq!(
            reported,
            required,
            "{name}: the schema says {field} is {}required, check {}",
            if required { "" } else { "not " },
            if reported { "requires it" } else { "does not" }
        );
    }
}

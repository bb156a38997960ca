//! Hostile and broken input: no panic, no hang, nothing written outside the output
//! folder, everything escaped, and byte-identical rebuilds.

mod common;
use common::SiteTest;
use std::collections::BTreeMap;
use std::path::Path;

fn all_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn same_input_and_now_give_byte_identical_output() {
    let site = SiteTest::with_basics()
        .file(
            "content/events/e.md",
            "---\ntitle: E\nkind: meetup\nstart: 2026-09-01T18:00:00+02:00\n---\nHi\n",
        )
        .file(
            "content/quotes/q.md",
            "---\nauthor: A\ncustomer: acme\ndate: 2026-01-01\n---\nQuote.\n",
        );
    let first = site.build();
    assert!(first.ok(), "{}", first.stderr());
    let a = all_files(&site.root().join("public"));
    let second = site.build();
    assert!(second.ok(), "{}", second.stderr());
    let b = all_files(&site.root().join("public"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between two builds");
    }
    assert!(a.len() > 30);
}

#[test]
fn yaml_alias_bombs_and_deep_nesting_fail_fast() {
    let mut bomb = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        bomb.push_str(&format!(
            "{i}: &{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    bomb.push_str("title: x\n---\n");
    let deep = format!(
        "---\ntitle: {}{}\n---\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let deep_md = format!("---\ntitle: Deep\n---\n{}\n", "> ".repeat(50_000));
    // A build that hangs is killed and fails the test (common::HANG).
    let run = SiteTest::with_basics()
        .file("content/bomb.md", &bomb)
        .file("content/deep.md", &deep)
        .file("content/deep-md.md", &deep_md)
        .build();
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let err = run.stderr();
    assert!(err.contains("content/bomb.md"), "{err}");
    assert!(err.contains("content/deep.md"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn binary_empty_and_front_matter_only_files_are_handled() {
    let run = SiteTest::with_basics()
        .bytes("content/binary.md", &[0u8, 159, 146, 150, 255, 0, 1, 2])
        .file("content/empty.md", "")
        .file("content/only.md", "---\ntitle: Only front matter\n---\n")
        .build();
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    assert!(
        err.contains(
            "content/binary.md:1:2: error: the file is not UTF-8 text (invalid byte at offset 1)"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/empty.md:1:1: error: missing front matter"),
        "{err}"
    );
    assert!(!err.contains("only.md"), "{err}");
}

#[test]
fn large_files_build() {
    let body = "Customers ship faster with pipelines. ".repeat(400_000);
    let run = SiteTest::with_basics()
        .file("content/big.md", &format!("---\ntitle: Big\n---\n{body}\n"))
        .build();
    assert!(run.ok(), "{}", run.stderr());
    assert!(run.page("big/index.html").len() > 10_000_000);
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: Secret\n---\nsecret\n",
    )
    .unwrap();
    let site = SiteTest::with_basics();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        site.root().join("content/secret.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        site.root().join("content"),
        site.root().join("content/loop"),
    )
    .unwrap();
    let run = site.build();
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("content/secret.md: error: symbolic links are not followed"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr()
            .contains("content/loop: error: symbolic links are not followed"),
        "{}",
        run.stderr()
    );
}

#[test]
fn output_folders_that_hold_the_site_are_refused() {
    let site = SiteTest::with_basics();
    for out in [".", "content", "content/x", "themes", "/"] {
        let out_arg = if out == "/" {
            "/".to_string()
        } else {
            site.root().join(out).display().to_string()
        };
        let run = site.run(&["build", "--out", &out_arg]);
        assert_eq!(run.code(), 1, "--out {out}");
        assert!(
            run.stderr().contains("refusing to write the site there"),
            "{}",
            run.stderr()
        );
    }
    assert!(site
        .root()
        .join("content/case-studies/acme-ships.md")
        .exists());
    assert!(site.root().join("vouch.yml").exists());
}

#[test]
fn unicode_and_spaced_file_names_get_clean_urls_and_case_clashes_are_errors() {
    let run = SiteTest::with_basics()
        .file("content/Über Uns.md", "---\ntitle: Über uns\n---\nHallo\n")
        .build();
    assert!(run.ok(), "{}", run.stderr());
    assert!(run.exists("über-uns/index.html"));
    let run = SiteTest::with_basics()
        .file("content/About.md", "---\ntitle: A\n---\n")
        .file("content/about.md", "---\ntitle: B\n---\n")
        .build();
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("both map to /about/"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("content/About.md"),
        "{}",
        run.stderr()
    );
}

#[test]
fn front_matter_values_are_escaped_everywhere() {
    let evil = "</script><script>alert(1)</script>\\\"&<b>";
    let run = SiteTest::with_basics()
        .file("content/events/evil.md", &format!("---\ntitle: '{evil}'\nkind: meetup\nstart: 2026-09-01T18:00:00+02:00\nlocation: {{ city: 'A;B,C' }}\n---\nHi\n"))
        .file("content/quotes/q.md", "---\nauthor: '<img src=x onerror=alert(1)>'\ncustomer: acme\ndate: 2026-01-01\n---\nWords <script>alert(2)</script> [x](javascript:alert(3))\n")
        .build();
    assert!(run.ok(), "{}", run.stderr());
    let page = run.page("events/evil/index.html");
    assert!(!page.contains("<script>alert(1)"), "raw title in HTML");
    assert_eq!(
        page.matches("</script>").count(),
        page.matches("<script").count(),
        "a value closed a script element"
    );
    let quotes = run.page("quotes/index.html");
    assert!(!quotes.contains("<img src=x"), "author not escaped");
    assert!(
        !quotes.contains("<script>alert(2)"),
        "customer's HTML not neutralised"
    );
    assert!(!quotes.contains("javascript:"), "javascript: link survived");
    let ics = run.page("events/evil/event.ics");
    assert!(ics.contains("LOCATION:A\\;B\\,C"), "{ics}");
    let feed = run.page("atom.xml");
    assert!(!feed.contains("<script>"), "raw script in feed");
    let api: serde_json::Value = serde_json::from_str(&run.page("api/events.json")).unwrap();
    assert_eq!(api["items"][0]["title"], evil);
}

#[test]
fn link_fields_with_scripts_are_rejected() {
    let run = SiteTest::with_basics()
        .file(
            "content/customers/evil.md",
            "---\nname: Evil\nwebsite: javascript:alert(1)\n---\n",
        )
        .file(
            "content/advocates/a.md",
            "---\nname: A\nlinks:\n  - { label: Blog, url: \"data:text/html,x\" }\n---\n",
        )
        .build();
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    assert!(
        err.contains(
            "content/customers/evil.md:3:1: error: 'javascript:alert(1)' is not a web address"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/advocates/a.md:3:1: error: 'data:text/html,x' is not a web address"),
        "{err}"
    );
}

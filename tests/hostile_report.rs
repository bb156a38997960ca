//! `vouch report` under hostile content: no live formula in its CSV, no control
//! character reaching the terminal, no report written where a build publishes it, and
//! a cross of hundreds of free terms that finishes (guarded by `common::HANG` only).

mod common;

use common::SiteTest;

/// Customers whose terms start like spreadsheet formulas and whose name carries
/// terminal controls.
fn hostile_site() -> SiteTest {
    SiteTest::new()
        .file(
            "content/customers/evil.md",
            "---\nname: \"Evil\\e]0;owned\\a Corp\\u202E\\x9b\"\nindustry: \"=HYPERLINK(\\\"http://x.example\\\",\\\"y\\\")\"\nregion: \"@SUM(A1)\"\n---\nX.\n",
        )
        .file(
            "content/customers/plain.md",
            "---\nname: Plain\nindustry: \"+1\"\nregion: \"\\tTab\"\n---\nX.\n",
        )
        .file(
            "content/customers/minus.md",
            "---\nname: Minus\nindustry: \"-2\"\nregion: \"\\rCR\"\n---\nX.\n",
        )
}

#[test]
fn csv_text_cells_never_start_a_formula() {
    let site = hostile_site();
    let run = site.run(&["report", "--format", "csv"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let csv = run.stdout();
    let lines: Vec<&str> = csv.lines().collect();
    for expected in [
        "customer,industry,'+1,1",
        "customer,industry,'-2,1",
        "customer,industry,\"'=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\",1",
        "customer,region,'\tTab,1",
        "customer,region,\"'\rCR\",1",
        "customer,region,'@SUM(A1),1",
        "case-study,region,'@SUM(A1),0",
    ] {
        assert!(csv.contains(expected), "{expected:?} in\n{csv}");
    }
    assert_eq!(lines[0], "kind,taxonomy,term,count");

    let run = site.run(&["report", "--format", "csv", "--cross", "industry,region"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(
        run.stdout(),
        "kind,industry,region,count\ncustomer,'+1,'\tTab,1\ncustomer,'-2,\"'\rCR\",1\ncustomer,\"'=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\",'@SUM(A1),1\n"
    );
}

#[test]
fn control_characters_are_printed_escaped() {
    let site = hostile_site();
    let run = site.run(&["report"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let text = run.stdout();
    assert!(
        text.contains("    Evil\\u{1b}]0;owned\\u{7} Corp\\u{202e}\\u{9b}\n"),
        "{text}"
    );
    assert!(text.contains("  \\u{d}CR "), "{text}");
    assert!(
        !text.contains(['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}', '\r']),
        "{text:?}"
    );
}

#[test]
fn diagnostics_quoting_a_value_print_it_escaped() {
    let site = SiteTest::new().file(
        "content/quotes/q.md",
        "---\nauthor: X\ncustomer: \"nobody\\e[2J\"\ndate: 2026-01-01\n---\nWords.\n",
    );
    let run = site.run(&["report"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    assert!(err.contains("nobody\\u{1b}[2J"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn import_listing_prints_cells_escaped() {
    let site = SiteTest::new().file(
        "rows.csv",
        "author,text\n\"Ana\u{1b}[31m\",\"Bell\u{7} rings\"\n",
    );
    let path = site.root().join("rows.csv");
    let run = site.run(&[
        "import",
        path.to_str().unwrap(),
        "--kind",
        "quote",
        "--dry-run",
    ]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let out = run.stdout();
    assert!(out.contains("Bell\\u{7} rings"), "{out}");
    assert!(!out.contains(['\u{1b}', '\u{7}']), "{out:?}");
}

#[cfg(unix)]
#[test]
fn the_html_report_is_never_written_where_a_build_publishes() {
    let site = SiteTest::with_basics();
    let root = site.root();
    std::fs::create_dir_all(root.join("public")).unwrap();
    std::fs::create_dir_all(root.join("reports")).unwrap();
    std::os::unix::fs::symlink(root.join("public"), root.join("reports/pub")).unwrap();
    for (out, folder) in [
        "public/report.html",
        "reports/pub/report.html",
        "reports/../content/report.html",
        "content/customers/report.html",
    ]
    .iter()
    .zip(["public", "public", "content", "content"])
    {
        let path = root.join(out);
        let run = site.run(&["report", "--out", path.to_str().unwrap()]);
        assert_eq!(run.code(), 2, "{out}: {}", run.stderr());
        let expected = format!(
            "{}: error: the report would be written into {folder}/, and the next build would publish it\n = hint: the report lists drafts, missing approvals and who is asked too often: write it outside the site's content and output, e.g. --out report.html\n\n",
            path.display()
        );
        assert_eq!(run.stderr(), expected);
        assert!(run.stdout().is_empty(), "nothing printed for {out}");
    }
    assert!(!root.join("public/report.html").exists());
    assert!(!root.join("content/report.html").exists());
    assert!(!root.join("content/customers/report.html").exists());
    let fine = root.join("reports/report.html");
    let run = site.run(&["report", "--out", fine.to_str().unwrap()]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(std::fs::read_to_string(fine)
        .unwrap()
        .starts_with("<!doctype html>"));
}

#[test]
fn a_cross_of_hundreds_of_free_terms_lists_the_pairs_items_carry() {
    let mut site = SiteTest::new();
    for i in 1..=450 {
        site = site.file(
            &format!("content/customers/c{i}.md"),
            &format!(
                "---\nname: Customer {i}\nindustry: Industry {i}\nregion: Region {}\n---\nX.\n",
                i % 7
            ),
        );
    }
    let run = site.run(&["report", "--format", "csv", "--cross", "industry,region"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let csv = run.stdout();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "kind,industry,region,count");
    assert_eq!(lines.len(), 451, "one cell per pair an item carries");
    assert!(lines.contains(&"customer,Industry 1,Region 1,1"));
    assert!(lines.contains(&"customer,Industry 450,Region 2,1"));
    assert!(
        !lines.iter().any(|l| l.ends_with(",0")),
        "no empty pairs of free terms"
    );

    let run = site.run(&["report", "--cross", "industry,region"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let text = run.stdout();
    let row = text
        .lines()
        .find(|l| l.trim_start().starts_with("Industry 9 "))
        .unwrap();
    let counts: Vec<&str> = row.split_whitespace().skip(2).collect();
    assert_eq!(counts, ["–", "–", "1", "–", "–", "–", "–"], "{row}");

    // As HTML, 450 × 7 terms are listed as the pairs items carry, not drawn as a grid of
    // 3,150 mostly empty cells.
    let out = site.root().join("cross.html");
    let out = out.to_str().unwrap();
    let run = site.run(&["report", "--cross", "industry,region", "--out", out]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let html = std::fs::read_to_string(out).unwrap();
    assert!(
        html.contains("<h3>Customers: Industry × Region, as pairs (450 × 7 terms are too many for a grid)</h3>"),
        "{html:.2000}"
    );
    assert!(html.contains("<tr><td>Industry 1</td><td>Region 1</td><td>1</td></tr>"));
    assert!(!html.contains("id=\"cross-customer\""), "no grid drawn");
    assert_eq!(
        html.matches("<tr><td>Industry ").count(),
        450,
        "one row per pair"
    );
}

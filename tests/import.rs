//! `vouch import`: rows become drafts without approval with their source kept, and the
//! site then passes `vouch check --drafts`; no file is overwritten; duplicates are
//! skipped and counted; bad rows are all listed with row and column and nothing is
//! written unless --force-partial; --dry-run writes nothing; CSV with a BOM or
//! semicolons, and JSON arrays.

mod common;

use common::{Run, SiteTest};
use std::path::Path;

/// A site with two customers, one testimonial already in it, and the file to import
/// at `reviews.<ext>` (outside content/).
fn site_with(file: &str, bytes: &[u8]) -> SiteTest {
    SiteTest::with_basics()
        .file(
            "content/customers/globex.md",
            "---\nname: Globex Corporation\n---\nGlobex.\n",
        )
        .file(
            "content/testimonials/old.md",
            "---\nauthor: Old Hand\ncustomer: acme\ndate: 2026-01-02\n---\nWe have used it for years.\n",
        )
        .bytes(file, bytes)
}

fn import(site: &SiteTest, file: &str, args: &[&str]) -> Run {
    let path = site.root().join(file);
    let mut all = vec!["import", path.to_str().unwrap()];
    all.extend_from_slice(args);
    site.run(&all)
}

/// The Markdown files of a content folder, by name.
fn files(root: &Path, folder: &str) -> Vec<String> {
    common::content_files(root, folder)
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap()
}

fn check_drafts(site: &SiteTest) {
    let check = site.run(&["check", "--drafts"]);
    assert!(check.ok(), "check --drafts failed:\n{}", check.stderr());
}

const GOOD: &str = "Reviewer Name,Company,Stars,Review,Date,Review URL,Source,Pros\n\
Dana Smith,Acme Corp,5,\"Release day is boring now, in the best way.\",2026-03-02,https://g2.example/r/1,G2,fast\n\
Lee Wong,globex,4/5,\"Two lines:\nthe second one.\",2026-04-01T10:00:00Z,,survey,\n\
,,,,,,,\n";

#[test]
fn rows_become_drafts_without_approval_with_their_source_and_pass_check() {
    let site = site_with("reviews.csv", GOOD.as_bytes());
    let run = import(&site, "reviews.csv", &["--kind", "testimonial"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        run.stderr().contains("imported 2 testimonials as drafts without approval (0 rows already imported, 1 row empty)"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("columns left out: Pros"),
        "{}",
        run.stderr()
    );
    let written = files(site.root(), "testimonials");
    assert_eq!(
        written,
        [
            "dana-smith-2026-03-02.md",
            "lee-wong-2026-04-01.md",
            "old.md"
        ]
    );
    // Each written path is printed on standard output.
    assert_eq!(run.stdout().lines().count(), 2);
    let dana = read(site.root(), "content/testimonials/dana-smith-2026-03-02.md");
    assert_eq!(
        dana,
        "---\nauthor: \"Dana Smith\"\ncustomer: \"acme\"\nrating: 5\nsource: \"G2\"\nsource_url: \"https://g2.example/r/1\"\ndate: 2026-03-02\ndraft: true\n\
# Imported with `vouch import` from reviews.csv, row 2, on 2026-06-15.\n\
# To publish it, record the customer's permission and remove `draft: true`:\n\
#   approval: { by: \"Name, Role, Company\", on: YYYY-MM-DD, expires: YYYY-MM-DD }\n\
---\nRelease day is boring now, in the best way.\n"
    );
    let lee = read(site.root(), "content/testimonials/lee-wong-2026-04-01.md");
    assert!(
        lee.contains("customer: \"globex\"\nrating: 4\nsource: \"survey\"\n"),
        "{lee}"
    );
    assert!(lee.ends_with("---\nTwo lines:\nthe second one.\n"), "{lee}");
    assert!(!lee.contains("\napproval:"));
    check_drafts(&site);
    // A draft is not published.
    let built = site.build();
    assert!(built.ok(), "{}", built.stderr());
    assert!(!built
        .page("testimonials/index.html")
        .contains("Release day is boring"));
    // The report lists them as drafts awaiting approval.
    let report = site.run(&["report", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&report.stdout()).unwrap();
    let drafts = report["pipeline"]["drafts"].as_array().unwrap();
    assert_eq!(drafts.len(), 2);
    assert!(report["approvals"]["missing"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!(
            "content/testimonials/dana-smith-2026-03-02.md"
        )));
}

#[test]
fn importing_again_skips_every_row_and_overwrites_nothing() {
    let site = site_with("reviews.csv", GOOD.as_bytes());
    assert!(import(&site, "reviews.csv", &["--kind", "testimonial"]).ok());
    let dana = site
        .root()
        .join("content/testimonials/dana-smith-2026-03-02.md");
    // Someone records the approval and publishes it.
    let approved = std::fs::read_to_string(&dana).unwrap().replace(
        "draft: true\n",
        "approval: { by: \"Dana Smith, CTO, Acme\", on: 2026-06-01 }\n",
    );
    std::fs::write(&dana, &approved).unwrap();
    let again = import(&site, "reviews.csv", &["--kind", "testimonial"]);
    assert_eq!(again.code(), 0, "{}", again.stderr());
    assert!(
        again.stderr().contains("imported 0 testimonials"),
        "{}",
        again.stderr()
    );
    assert!(
        again.stderr().contains("2 rows already imported"),
        "{}",
        again.stderr()
    );
    assert_eq!(
        read(site.root(), "content/testimonials/dana-smith-2026-03-02.md"),
        approved
    );
    assert_eq!(files(site.root(), "testimonials").len(), 3);
    // The same words by the same author, spaced differently, twice in one file and once
    // in the site: skipped; another author's same words are not.
    let site = site_with(
        "dupes.csv",
        b"author,text,date\nOld Hand,We have used it   for years.,2026-05-01\nKim,Solid.,2026-05-01\nkim ,Solid.,2026-05-02\nAnn,Solid.,2026-05-01\n",
    );
    let run = import(&site, "dupes.csv", &["--kind", "testimonial"]);
    assert!(run.ok(), "{}", run.stderr());
    assert!(
        run.stderr().contains("imported 2 testimonials"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("2 rows already imported"),
        "{}",
        run.stderr()
    );
    // A file already at the name a row would take is left alone: the row gets the next.
    let site = site_with("one.csv", b"author,text,date\nKim,Great.,2026-05-01\n").file(
        "content/testimonials/kim-2026-05-01.md",
        "---\nauthor: Someone\ndate: 2026-05-01\n---\nOther words.\n",
    );
    let run = import(&site, "one.csv", &["--kind", "testimonial"]);
    assert!(run.ok(), "{}", run.stderr());
    assert!(read(site.root(), "content/testimonials/kim-2026-05-01.md").contains("Other words."));
    assert!(read(site.root(), "content/testimonials/kim-2026-05-01-2.md").contains("Great."));
    check_drafts(&site);
}

const BAD: &str = "author,company,rating,text,date,url\n\
Dana Smith,acme,5,Good.,2026-03-02,\n\
Lee Wong,Initech,five,Fine.,2026-03-03,\n\
,acme,4,,03/04/2026,ftp://files.example/x\n\
Kim,acme,4.5,Nice.,2026-03-05,\n";

#[test]
fn bad_rows_are_all_listed_and_nothing_is_written() {
    let site = site_with("bad.csv", BAD.as_bytes());
    let run = import(&site, "bad.csv", &["--kind", "testimonial"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let err = run.stderr();
    let shown = site.root().join("bad.csv").display().to_string();
    for expected in [
        format!("{shown}:3:10: error: row 3, column B (company): no customer 'Initech'"),
        format!("{shown}:3:18: error: row 3, column C (rating): 'five' is not a rating"),
        format!("{shown}:4:1: error: row 4, column A (author): missing author (who said it)"),
        format!("{shown}:4:9: error: row 4, column D (text): missing body (the words)"),
        format!("{shown}:4:10: error: row 4, column E (date): '03/04/2026' may be 3 April 2026 or 4 March 2026"),
        format!("{shown}:4:21: error: row 4, column F (url): 'ftp://files.example/x' is not a web address"),
        format!("{shown}:5:10: error: row 5, column C (rating): 4.5 is not a whole number of stars"),
        "nothing was written: 3 bad rows of 4 rows".to_string(),
    ] {
        assert!(err.contains(&expected), "{expected}\n---\n{err}");
    }
    // The line of the file is shown with a caret under the cell.
    assert!(
        err.contains(" 3 | Lee Wong,Initech,five,Fine.,2026-03-03,\n   |                  ^"),
        "{err}"
    );
    assert_eq!(files(site.root(), "testimonials"), ["old.md"]);

    // --force-partial writes the good row; the bad ones are still listed, exit 1.
    let run = import(
        &site,
        "bad.csv",
        &["--kind", "testimonial", "--force-partial"],
    );
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("3 bad rows left out"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        files(site.root(), "testimonials"),
        ["dana-smith-2026-03-02.md", "old.md"]
    );
    check_drafts(&site);
}

#[test]
fn a_dry_run_prints_the_files_and_writes_nothing() {
    let site = site_with("reviews.csv", GOOD.as_bytes());
    let run = import(
        &site,
        "reviews.csv",
        &["--kind", "testimonial", "--dry-run"],
    );
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        run.stdout()
            .contains("=== content/testimonials/dana-smith-2026-03-02.md"),
        "{}",
        run.stdout()
    );
    assert!(run.stdout().contains("author: \"Dana Smith\"\n"));
    assert!(
        run.stderr()
            .contains("dry run: 2 testimonials would be written"),
        "{}",
        run.stderr()
    );
    assert_eq!(files(site.root(), "testimonials"), ["old.md"]);
}

#[test]
fn spreadsheets_write_bom_semicolons_and_utf16_and_json_arrays_work_too() {
    // Excel's "CSV UTF-8" in a comma-decimal locale: a BOM and semicolons.
    let mut semicolons = b"\xEF\xBB\xBF".to_vec();
    semicolons.extend_from_slice("Name;Job title;Company;Stars;Comment;Date\nZoë Ålund;CTO;Globex Corporation;5;\"Fast; and calm.\";2026-02-01\n".as_bytes());
    let site = site_with("export.csv", &semicolons);
    let run = import(&site, "export.csv", &["--kind", "testimonial"]);
    assert!(run.ok(), "{}", run.stderr());
    let text = read(site.root(), "content/testimonials/zoë-ålund-2026-02-01.md");
    assert!(
        text.starts_with(
            "---\nauthor: \"Zoë Ålund\"\nrole: \"CTO\"\ncustomer: \"globex\"\nrating: 5\n"
        ),
        "{text}"
    );
    assert!(text.ends_with("---\nFast; and calm.\n"));
    check_drafts(&site);

    // Excel's "Unicode text": UTF-16 with tabs.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "author\ttext\tdate\nAnn\tTabs work.\t2026-02-02\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let site = site_with("export.txt", &utf16);
    let run = import(&site, "export.txt", &["--kind", "testimonial"]);
    assert!(run.ok(), "{}", run.stderr());
    assert!(read(site.root(), "content/testimonials/ann-2026-02-02.md").contains("Tabs work."));

    // A JSON array, as quotes: the source kept in a comment (quotes have no source
    // fields), a rating column left out (quotes have no rating).
    let json = r#"[
  {"author": "Ada", "quote": "Shipping is boring now.", "company": "acme", "source": "survey", "url": "https://s.example/1", "stars": 5},
  {"author": "Bo", "quote": "Calm releases.", "company": null, "date": "2026-03-01"}
]"#;
    let site = site_with("quotes.json", json.as_bytes());
    let run = import(&site, "quotes.json", &["--kind", "quote"]);
    assert!(run.ok(), "{}", run.stderr());
    assert!(
        run.stderr().contains("columns left out: stars"),
        "{}",
        run.stderr()
    );
    let ada = read(site.root(), "content/quotes/ada-2026-06-15.md");
    assert!(
        ada.contains("customer: \"acme\"\ndate: 2026-06-15\ndraft: true\n"),
        "{ada}"
    );
    assert!(
        ada.contains(
            "from quotes.json, record 1, on 2026-06-15.\n# Source: survey, https://s.example/1\n"
        ),
        "{ada}"
    );
    assert!(read(site.root(), "content/quotes/bo-2026-03-01.md").contains("Calm releases."));
    check_drafts(&site);

    // A bad JSON record is named by its place in the array and its line.
    let site = site_with(
        "bad.json",
        b"[\n {\"author\": \"A\", \"text\": \"x\"},\n {\"author\": \"\", \"text\": \"y\"}\n]\n",
    );
    let run = import(&site, "bad.json", &["--kind", "quote"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains(":3:1: error: record 2, field 'author': missing author"),
        "{}",
        run.stderr()
    );
}

#[test]
fn maps_name_columns_and_wrong_maps_are_usage_errors() {
    let csv = b"Who,Said,When,Extra\nKim,Mapped words.,2026-05-01,x\n";
    let site = site_with("odd.csv", csv);
    // Without maps, no column holds the author: a usage error naming the columns.
    let run = import(&site, "odd.csv", &["--kind", "quote"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("holds who said it (author)"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr()
            .contains("the columns are: Who, Said, When, Extra"),
        "{}",
        run.stderr()
    );
    let run = import(
        &site,
        "odd.csv",
        &[
            "--kind",
            "quote",
            "--map",
            "Who=author",
            "--map",
            "Said=body",
            "--map",
            "When=date",
            "--map",
            "extra=ignore",
        ],
    );
    assert!(run.ok(), "{}", run.stderr());
    assert!(!run.stderr().contains("left out"), "{}", run.stderr());
    assert!(read(site.root(), "content/quotes/kim-2026-05-01.md").contains("Mapped words."));
    let run = import(
        &site,
        "odd.csv",
        &["--kind", "quote", "--map", "Whom=author"],
    );
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr()
            .contains("the file has no column 'Whom' — did you mean 'Who'?"),
        "{}",
        run.stderr()
    );
    let run = import(
        &site,
        "odd.csv",
        &["--kind", "quote", "--map", "Who=auther"],
    );
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("did you mean 'author'?"),
        "{}",
        run.stderr()
    );
    let run = import(
        &site,
        "odd.csv",
        &["--kind", "quote", "--map", "Who=rating"],
    );
    assert_eq!(run.code(), 2, "a quote has no rating");
    let run = site.run(&["import", "missing.csv", "--kind", "quote"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("there is no such file"),
        "{}",
        run.stderr()
    );
    // Two columns giving one field must be told apart.
    let site = site_with(
        "two.csv",
        b"author,name,text
A,B,Words.
",
    );
    let run = import(&site, "two.csv", &["--kind", "quote"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr()
            .contains("the columns 'author' and 'name' both give the author"),
        "{}",
        run.stderr()
    );
}

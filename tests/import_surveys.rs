//! `vouch import` of survey exports (issue 38, point 2): dates and date-times as
//! spreadsheets and survey tools write them, `--date-format` where the file cannot
//! say, and a consent column: a no keeps the row out (listed), a yes writes the
//! approval for the marketer to confirm. Every written file is read back through
//! vouch's own front-matter reader.

mod common;

use common::{Run, SiteTest};
use std::path::Path;

fn import(site: &SiteTest, file: &str, args: &[&str]) -> Run {
    let path = site.root().join(file);
    let mut all = vec!["import", path.to_str().unwrap(), "--kind", "testimonial"];
    all.extend_from_slice(args);
    site.run(&all)
}

/// Each written testimonial, read back: (file name, front matter, file text).
fn read_all(root: &Path) -> Vec<(String, vouch::content::kinds::Testimonial, String)> {
    common::content_files(root, "testimonials")
        .into_iter()
        .map(|name| {
            let text =
                std::fs::read_to_string(root.join("content/testimonials").join(&name)).unwrap();
            let doc = vouch::content::parse_document(
                &text,
                Path::new("content/testimonials").join(&name),
                format!("testimonials/{name}"),
            )
            .unwrap_or_else(|e| panic!("{name} does not read back: {e:?}\n{text}"));
            match doc.front {
                vouch::content::Front::Testimonial(t) => (name, t, text),
                other => panic!("{name} is not a testimonial: {other:?}"),
            }
        })
        .collect()
}

fn dates_of(root: &Path) -> Vec<(String, String)> {
    let mut dates: Vec<(String, String)> = read_all(root)
        .into_iter()
        .map(|(_, t, _)| (t.author, t.date.unwrap().0.to_string()))
        .collect();
    dates.sort();
    dates
}

#[test]
fn survey_dates_in_the_forms_exports_write_them() {
    let csv = "Name,Feedback,Submitted\n\
        Ana,Words one,3/25/2026 14:22:05\n\
        Bo,Words two,2026-03-11T09:05:00+01:00\n\
        Cy,Words three,\"Mar 2, 2026 2:22 PM\"\n\
        Dee,Words four,02-Mar-2026\n\
        Eve,Words five,\"Wednesday, March 4, 2026\"\n\
        Fay,Words six,11/03/2026 10:00\n";
    let site = SiteTest::with_basics().file("survey.csv", csv);
    let run = import(&site, "survey.csv", &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    // 3/25 shows the column is month first, so Fay's 11/03 is 3 November.
    assert_eq!(
        dates_of(site.root()),
        [
            ("Ana", "2026-03-25"),
            ("Bo", "2026-03-11"),
            ("Cy", "2026-03-02"),
            ("Dee", "2026-03-02"),
            ("Eve", "2026-03-04"),
            ("Fay", "2026-11-03"),
        ]
        .map(|(a, d)| (a.to_string(), d.to_string()))
    );
    assert!(site.run(&["check", "--drafts"]).ok());
}

#[test]
fn an_ambiguous_date_asks_for_the_date_format_and_writes_nothing() {
    let csv = "Name,Feedback,Submitted\nAna,Words one,11/03/2026 14:22\nBo,Words two,04/04/2026\n";
    let site = SiteTest::with_basics().file("survey.csv", csv);
    let run = import(&site, "survey.csv", &[]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("error: row 2, column C (Submitted): '11/03/2026 14:22' may be 11 March 2026 or 3 November 2026"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains(
        "say how the file writes dates: --date-format dd/mm/yyyy (day first) or --date-format mm/dd/yyyy (month first)"
    ));
    assert!(read_all(site.root()).is_empty());

    let run = import(&site, "survey.csv", &["--date-format", "dd/mm/yyyy"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(
        dates_of(site.root()),
        [("Ana", "2026-03-11"), ("Bo", "2026-04-04")].map(|(a, d)| (a.to_string(), d.to_string()))
    );
}

#[test]
fn month_first_by_the_date_format() {
    let csv = "Name,Feedback,Submitted\nAna,Words one,11/03/2026 2:22 PM\n";
    let site = SiteTest::with_basics().file("survey.csv", csv);
    let run = import(&site, "survey.csv", &["--date-format", "MM/DD/YYYY"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(
        dates_of(site.root()),
        [("Ana".to_string(), "2026-11-03".to_string())]
    );
}

#[test]
fn a_column_written_both_ways_names_the_two_rows() {
    let csv = "Name,Feedback,Submitted\nAna,Words one,25/03/2026\nBo,Words two,3/26/2026\n";
    let site = SiteTest::with_basics().file("survey.csv", csv);
    let run = import(&site, "survey.csv", &[]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("error: the dates in column 'Submitted' are written day first in row 2 and month first in row 3"),
        "{}",
        run.stderr()
    );
    assert!(read_all(site.root()).is_empty());
}

#[test]
fn an_unknown_date_format_is_a_usage_error() {
    let site = SiteTest::with_basics().file("survey.csv", "Name,Feedback\nAna,Words\n");
    let run = import(&site, "survey.csv", &["--date-format", "yyyy/dd/mm"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(
        run.stderr().contains("'yyyy/dd/mm' is not a date format vouch knows; use dd/mm/yyyy (day first) or mm/dd/yyyy (month first)"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_date_that_is_no_date_names_its_cell() {
    let csv = "Name,Feedback,Submitted\nAna,Words one,next Tuesday\n";
    let site = SiteTest::with_basics().file("survey.csv", csv);
    let run = import(&site, "survey.csv", &[]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("row 2, column C (Submitted): 'next Tuesday' is not a date vouch can read"),
        "{}",
        run.stderr()
    );
}

const CONSENT: &str = "Name,Job title,Feedback,Submitted,Can we feature your words?\n\
    Ana Lima,CTO,Calm releases,25/03/2026 14:22,\"Yes, happy to help\"\n\
    Bo Chen,SRE,Not for print,26/03/2026 09:00,No\n\
    Cy Diaz,,Quiet nights,27/03/2026 10:00,\n";

#[test]
fn a_consent_column_keeps_out_the_noes_and_writes_the_yeses_approval() {
    let site = SiteTest::with_basics().file("survey.csv", CONSENT);
    let run = import(
        &site,
        "survey.csv",
        &["--map", "Can we feature your words?=consent"],
    );
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        run.stderr().contains("warning: row 3: Bo Chen answered \"No\" in \"Can we feature your words?\": not imported"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("1 row declined"), "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("1 carry the approval their consent answer gave: confirm it"),
        "{}",
        run.stderr()
    );
    let files = read_all(site.root());
    let authors: Vec<&str> = files.iter().map(|(_, t, _)| t.author.as_str()).collect();
    assert_eq!(authors, ["Ana Lima", "Cy Diaz"], "Bo Chen said no");
    let (_, ana, text) = &files[0];
    let approval = ana.approval.as_ref().expect("Ana's yes is an approval");
    assert_eq!(approval.by, "Ana Lima, CTO");
    assert_eq!(approval.on.0.to_string(), "2026-03-25");
    assert!(approval.expires.is_none());
    assert!(ana.draft, "the marketer confirms before it is published");
    assert!(
        text.contains("# The approval is the answer \"Yes, happy to help\" in the column \"Can we feature your words?\"."),
        "{text}"
    );
    let (_, cy, text) = &files[1];
    assert!(cy.approval.is_none(), "no answer, no approval");
    assert!(text.contains("# To publish it, record the customer's permission"));
    let check = site.run(&["check", "--drafts"]);
    assert!(check.ok(), "{}", check.stderr());
}

#[test]
fn a_consent_column_is_recognised_by_its_name_and_needs_yes_or_no() {
    let csv = "Name,Feedback,Permission to publish\nAna,Words,Maybe later\n";
    let site = SiteTest::with_basics().file("survey.csv", csv);
    let run = import(&site, "survey.csv", &[]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains(
            "row 2, column C (Permission to publish): 'Maybe later' is neither yes nor no"
        ),
        "{}",
        run.stderr()
    );
    assert!(read_all(site.root()).is_empty());
}

#[test]
fn without_a_date_the_approval_is_dated_the_day_of_the_import() {
    let csv = "Name,Feedback,Consent\nAna,Words,yes\n";
    let site = SiteTest::with_basics().file("survey.csv", csv);
    let run = import(&site, "survey.csv", &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let files = read_all(site.root());
    let (_, ana, text) = &files[0];
    let approval = ana.approval.as_ref().unwrap();
    assert_eq!(approval.by, "Ana");
    assert_eq!(Some(approval.on.0), ana.date.as_ref().map(|d| d.0));
    assert!(text.contains("(the file gives no date: `on` is the day of the import)"));
}

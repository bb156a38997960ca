//! The report for a terminal (short lists, the rest counted) and the coverage table as
//! CSV for a spreadsheet.

use super::{Report, EXPIRY_WINDOWS};
use crate::content::Kind;
use std::fmt::Write as _;

/// Entries a terminal list shows before "… and N more".
const SHOWN: usize = 8;

/// The kind's plural in lowercase, from its command-line name (`case-study` →
/// "case studies").
pub fn plural(kind: &str) -> String {
    Kind::ALL
        .into_iter()
        .find(|k| k.name() == kind)
        .map_or_else(|| kind.to_string(), |k| k.plural().to_lowercase())
}

/// The kind's plural as a heading (`case-study` → "Case studies").
pub fn heading_plural(kind: &str) -> &str {
    Kind::ALL
        .into_iter()
        .find(|k| k.name() == kind)
        .map_or(kind, |k| k.plural())
}

/// The taxonomy's heading as the site shows it.
fn heading<'a>(report: &'a Report, taxonomy: &'a str) -> &'a str {
    report
        .taxonomies
        .get(taxonomy)
        .map_or(taxonomy, String::as_str)
}

/// The whole report, readable in a terminal.
pub fn render(report: &Report) -> String {
    let out = render_raw(report);
    // Names and terms come from content: a control character in one is shown, not obeyed.
    crate::terminal::text(&out).into_owned()
}

fn render_raw(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — content report, {}\n",
        report.title, report.generated
    );
    let counts: Vec<String> = report
        .counts()
        .map(|(kind, n)| format!("{n} {}", plural(kind)))
        .collect();
    let _ = writeln!(out, "Published: {}\n", counts.join(", "));
    coverage(&mut out, report);
    cross(&mut out, report);
    freshness(&mut out, report);
    consent(&mut out, report);
    pipeline(&mut out, report);
    people(&mut out, report);
    translations(&mut out, report);
    out
}

/// Per language: what needs a translator's or the customer's attention.
fn translations(out: &mut String, report: &Report) {
    for language in &report.translations {
        let _ = writeln!(
            out,
            "Translations into {}: {} (stale {}, without approval {}, not translated {})",
            language.language,
            language.translations,
            language.stale.len(),
            language.unapproved.len(),
            language.untranslated.len()
        );
        for (what, paths) in [
            ("stale: the original's words changed since", &language.stale),
            (
                "without the customer's approval of these words",
                &language.unapproved,
            ),
            (
                "translated into another language, not this one",
                &language.untranslated,
            ),
        ] {
            if !paths.is_empty() {
                let _ = writeln!(out, "  {what}:");
                list(out, paths.iter().cloned());
            }
        }
        let _ = writeln!(out);
    }
}

/// At most [`SHOWN`] entries, then how many more.
fn list(out: &mut String, entries: impl ExactSizeIterator<Item = String>) {
    let total = entries.len();
    for entry in entries.take(SHOWN) {
        let _ = writeln!(out, "    {entry}");
    }
    if total > SHOWN {
        let _ = writeln!(
            out,
            "    … and {} more (--format json lists them all)",
            total - SHOWN
        );
    }
}

fn coverage(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "Coverage: published items per term (– none; gaps: declared terms with none)"
    );
    for table in report.coverage_tables() {
        let (taxonomy, kinds, terms) = (table.taxonomy, &table.kinds, &table.terms);
        let width = terms
            .iter()
            .map(|t| t.chars().count())
            .max()
            .unwrap_or(0)
            .max(4);
        let _ = write!(out, "\n  {:<width$}", heading(report, taxonomy));
        for kind in kinds {
            let _ = write!(out, "  {:>12}", plural(kind));
        }
        out.push('\n');
        let shown = terms.len().min(40);
        for (term, counts) in terms.iter().zip(&table.counts).take(shown) {
            let _ = write!(out, "  {term:<width$}");
            for &count in counts {
                let cell = if count == 0 {
                    "–".to_string()
                } else {
                    count.to_string()
                };
                let _ = write!(out, "  {cell:>12}");
            }
            out.push('\n');
        }
        if terms.len() > shown {
            let _ = writeln!(out, "  … and {} more terms", terms.len() - shown);
        }
        for kind in kinds {
            let gaps: Vec<&str> = report
                .gaps()
                .filter(|c| c.taxonomy == taxonomy && c.kind == *kind)
                .map(|c| c.term.as_str())
                .collect();
            if !gaps.is_empty() {
                let _ = writeln!(out, "  gaps in {}: {}", plural(kind), gaps.join(", "));
            }
        }
    }
    out.push('\n');
}

fn cross(out: &mut String, report: &Report) {
    let Some(cross) = &report.cross else { return };
    let (rows_title, columns_title) = (heading(report, cross.rows), heading(report, cross.columns));
    let mut kinds: Vec<&str> = cross.cells.iter().map(|c| c.kind).collect();
    kinds.dedup();
    if kinds.is_empty() {
        let _ = writeln!(
            out,
            "No kind carries both {rows_title} and {columns_title}.\n"
        );
        return;
    }
    for kind in kinds {
        let grid = super::cross::Grid::of(cross, kind);
        let (rows, columns) = (grid.rows.clone(), grid.columns.clone());
        let width = rows
            .iter()
            .map(|t| t.chars().count())
            .max()
            .unwrap_or(0)
            .max(4);
        let _ = writeln!(
            out,
            "{} by {rows_title} × {columns_title}",
            heading_plural(kind)
        );
        let _ = write!(out, "  {:<width$}", "");
        for column in &columns {
            let w = column.chars().count().max(3);
            let _ = write!(out, "  {column:>w$}");
        }
        out.push('\n');
        for row in &rows {
            let _ = write!(out, "  {row:<width$}");
            for column in &columns {
                let w = column.chars().count().max(3);
                let count = grid.count(row, column);
                let cell = if count == 0 {
                    "–".to_string()
                } else {
                    count.to_string()
                };
                let _ = write!(out, "  {cell:>w$}");
            }
            out.push('\n');
        }
        out.push('\n');
    }
}

fn freshness(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "Freshness: {} stale (older than {} months, dated before {})",
        report.stale.len(),
        report.stale_after_months,
        report.stale_before()
    );
    for kind in [Kind::CaseStudy, Kind::Testimonial, Kind::Quote] {
        let stale: Vec<_> = report
            .stale
            .iter()
            .filter(|s| s.kind == kind.name())
            .collect();
        let published = report.items.get(kind.name()).copied().unwrap_or(0);
        let _ = writeln!(
            out,
            "  {}: {} of {published}",
            kind.plural().to_lowercase(),
            stale.len()
        );
        list(
            out,
            stale.iter().map(|s| format!("{} ({})", s.file, s.date)),
        );
    }
    out.push('\n');
}

fn consent(out: &mut String, report: &Report) {
    let a = &report.approvals;
    let _ = writeln!(out, "Consent");
    let _ = writeln!(
        out,
        "  expired (withheld from the site): {}",
        a.expired.len()
    );
    list(out, a.expired.iter().cloned());
    let windows: Vec<String> = EXPIRY_WINDOWS
        .iter()
        .map(|w| {
            let n = a.expiring.iter().filter(|e| e.days <= *w).count();
            format!("{n} within {w} days")
        })
        .collect();
    let _ = writeln!(out, "  expiring: {}", windows.join(", "));
    list(
        out,
        a.expiring
            .iter()
            .map(|e| format!("{} on {} (in {} days)", e.file, e.expires, e.days)),
    );
    let _ = writeln!(out, "  no approval recorded: {}", a.missing.len());
    list(out, a.missing.iter().cloned());
    out.push('\n');
}

fn pipeline(out: &mut String, report: &Report) {
    let p = &report.pipeline;
    let _ = writeln!(out, "Pipeline");
    for (what, pending) in [("drafts", &p.drafts), ("scheduled", &p.scheduled)] {
        let _ = writeln!(out, "  {what}: {}", pending.len());
        list(
            out,
            pending.iter().map(|d| match d.date {
                Some(date) => format!("{} ({date})", d.file),
                None => d.file.clone(),
            }),
        );
    }
    out.push('\n');
}

fn people(out: &mut String, report: &Report) {
    let _ = writeln!(out, "People");
    for (kind, most, never) in [
        (
            "customer",
            "most featured customers",
            "customers never featured",
        ),
        (
            "advocate",
            "most asked advocates",
            "advocates never featured",
        ),
    ] {
        let of_kind = report.ranked(kind);
        let featured: Vec<_> = of_kind.iter().filter(|p| p.items > 0).collect();
        let _ = writeln!(out, "  {most}:");
        list(
            out,
            featured.iter().map(|p| {
                let last = p.last.map_or(String::new(), |d| format!(", last {d}"));
                format!("{} — {} items{last}", p.name, p.items)
            }),
        );
        let unfeatured: Vec<_> = of_kind.iter().filter(|p| p.items == 0).collect();
        let _ = writeln!(out, "  {never}: {}", unfeatured.len());
        list(out, unfeatured.iter().map(|p| p.name.clone()));
    }
}

/// A text cell a spreadsheet will not run: one starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return is a formula to Excel, LibreOffice and Google Sheets (a term
/// `=HYPERLINK(…)` would become a live link), so it gets a leading `'`, as OWASP
/// recommends. Only text from content goes through here; counts stay numbers.
pub fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The coverage table as CSV (`kind,taxonomy,term,count`), or with a cross the cross
/// (`kind,<rows>,<columns>,count`), for a spreadsheet.
pub fn csv(report: &Report) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let result = match &report.cross {
        Some(cross) => {
            let mut r = writer.write_record(["kind", cross.rows, cross.columns, "count"]);
            for c in &cross.cells {
                let count = c.count.to_string();
                let (row, column) = (inert(&c.row), inert(&c.column));
                r = r.and_then(|_| writer.write_record([c.kind, &row, &column, &count]));
            }
            r
        }
        None => {
            let mut r = writer.write_record(["kind", "taxonomy", "term", "count"]);
            for c in &report.coverage {
                let count = c.count.to_string();
                let term = inert(&c.term);
                r = r.and_then(|_| writer.write_record([c.kind, c.taxonomy, &term, &count]));
            }
            r
        }
    };
    // Writing to memory cannot fail.
    debug_assert!(result.is_ok());
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

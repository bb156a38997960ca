//! The report as one self-contained HTML file: its styles inline and its coverage heat
//! maps drawn as inline SVG, no script and nothing fetched from elsewhere, so it can be
//! opened from a merge request's artifacts or mailed as it is.

use super::text::{heading_plural, plural};
use super::{Report, EXPIRY_WINDOWS};
use crate::escape::xml as esc;
use std::fmt::Write as _;

/// Rows a table shows before saying how many more the JSON has.
const ROWS: usize = 500;

/// One heat map: row labels, column labels, and a count per cell (row-major).
struct Grid<'a> {
    id: String,
    title: String,
    rows: Vec<&'a str>,
    columns: Vec<String>,
    counts: Vec<usize>,
    /// Whether an empty cell is a gap (declared terms) or only unused (terms in use
    /// elsewhere).
    gaps: bool,
}

/// The whole report as an HTML page.
pub fn render(report: &Report) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let title = format!("{} — content report, {}", report.title, report.generated);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>{}</title>\n<style>{STYLE}</style>\n\
         </head>\n<body>\n<main>\n<h1>{}</h1>\n",
        esc(&title),
        esc(&title)
    );
    let counts: Vec<String> = report
        .counts()
        .map(|(kind, n)| format!("{n} {}", plural(kind)))
        .collect();
    let _ = writeln!(out, "<p>Published: {}.</p>", esc(&counts.join(", ")));
    coverage(&mut out, report);
    freshness(&mut out, report);
    consent(&mut out, report);
    pipeline(&mut out, report);
    people(&mut out, report);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The page shown instead of the report while the content has errors.
pub fn problems_page(root: &std::path::Path, problems: &crate::diagnostics::Diagnostics) -> String {
    let listed: String = problems
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("<pre>{}</pre>\n", esc(&d.render(root, false))))
        .collect();
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>No report: the content has errors</title>\n<style>{STYLE}</style>\n</head>\n\
         <body>\n<main>\n<h1>No report: the content has errors</h1>\n\
         <p>Counts of a site that does not build would mislead. Fix these (<code>vouch check</code> \
         lists the same) and reload this page.</p>\n{listed}</main>\n</body>\n</html>\n"
    )
}

fn coverage(out: &mut String, report: &Report) {
    out.push_str("<section>\n<h2>Coverage</h2>\n<p>Published items per term. A red cell is a gap: a term declared in vouch.yml with no item of that kind yet; a grey one a term used elsewhere but not by that kind.</p>\n");
    for table in report.coverage_tables() {
        let heading = report
            .taxonomies
            .get(table.taxonomy)
            .map_or(table.taxonomy, String::as_str);
        heat_map(
            out,
            &Grid {
                id: format!("coverage-{}", table.taxonomy),
                title: heading.to_string(),
                columns: table.kinds.iter().map(|k| plural(k)).collect(),
                counts: table.counts.concat(),
                rows: table.terms,
                gaps: table.declared,
            },
        );
    }
    if let Some(cross) = &report.cross {
        let title = |name: &str| {
            report
                .taxonomies
                .get(name)
                .cloned()
                .unwrap_or_else(|| name.to_string())
        };
        let mut kinds: Vec<&str> = cross.cells.iter().map(|c| c.kind).collect();
        kinds.dedup();
        for kind in kinds {
            let cells: Vec<_> = cross.cells.iter().filter(|c| c.kind == kind).collect();
            let mut rows: Vec<&str> = cells.iter().map(|c| c.row.as_str()).collect();
            rows.dedup();
            let mut columns: Vec<String> = Vec::new();
            for c in &cells {
                if !columns.contains(&c.column) {
                    columns.push(c.column.clone());
                }
            }
            heat_map(
                out,
                &Grid {
                    id: format!("cross-{kind}"),
                    title: format!(
                        "{}: {} × {}",
                        heading_plural(kind),
                        title(cross.rows),
                        title(cross.columns)
                    ),
                    rows,
                    columns,
                    counts: cells.iter().map(|c| c.count).collect(),
                    gaps: true,
                },
            );
        }
    }
    out.push_str("</section>\n");
}

/// A heat map as inline SVG: darker is more items, a red outline is a gap. Every cell
/// carries its count as text and a tooltip, so colour is never the only cue.
fn heat_map(out: &mut String, grid: &Grid<'_>) {
    const CELL_W: usize = 104;
    const CELL_H: usize = 26;
    const HEAD_H: usize = 30;
    let label_w = grid
        .rows
        .iter()
        .map(|r| r.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, 40)
        * 8
        + 12;
    let width = label_w + CELL_W * grid.columns.len().max(1);
    let height = HEAD_H + CELL_H * grid.rows.len().max(1);
    let max = grid.counts.iter().copied().max().unwrap_or(0).max(1);
    let id = esc(&grid.id);
    let _ = write!(
        out,
        "<figure>\n<figcaption>{}</figcaption>\n<svg role=\"img\" aria-labelledby=\"{id}\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" font-family=\"system-ui, sans-serif\" font-size=\"13\">\n\
         <title id=\"{id}\">{}</title>\n",
        esc(&grid.title),
        esc(&grid.title)
    );
    for (c, column) in grid.columns.iter().enumerate() {
        let x = label_w + c * CELL_W + CELL_W / 2;
        let _ = writeln!(
            out,
            "<text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"600\">{}</text>",
            HEAD_H - 10,
            esc(column)
        );
    }
    for (r, row) in grid.rows.iter().enumerate() {
        let y = HEAD_H + r * CELL_H;
        let short: String = row.chars().take(40).collect();
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            label_w - 8,
            y + CELL_H / 2 + 5,
            esc(&short)
        );
        for (c, column) in grid.columns.iter().enumerate() {
            let count = grid
                .counts
                .get(r * grid.columns.len() + c)
                .copied()
                .unwrap_or(0);
            let x = label_w + c * CELL_W;
            let (fill, ink, stroke) = shade(count, max, grid.gaps);
            let _ = writeln!(
                out,
                "<g><title>{}, {}: {count}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" \
                 rx=\"3\" fill=\"{fill}\" stroke=\"{stroke}\"/><text x=\"{}\" y=\"{}\" \
                 text-anchor=\"middle\" fill=\"{ink}\">{}</text></g>",
                esc(row),
                esc(column),
                x + 2,
                y + 2,
                CELL_W - 4,
                CELL_H - 4,
                x + CELL_W / 2,
                y + CELL_H / 2 + 5,
                match (count, grid.gaps) {
                    (0, true) => "gap".to_string(),
                    (0, false) => "–".to_string(),
                    _ => count.to_string(),
                }
            );
        }
    }
    out.push_str("</svg>\n</figure>\n");
}

/// Fill, text colour and outline of a cell: a light-to-dark blue scale, gaps in red,
/// unused terms of undeclared taxonomies in grey.
fn shade(count: usize, max: usize, gaps: bool) -> (String, &'static str, &'static str) {
    match (count, gaps) {
        (0, true) => return ("#fdf0f0".into(), "#9b1c1c", "#d64545"),
        (0, false) => return ("#f3f4f6".into(), "#4b5563", "none"),
        _ => {}
    }
    let t = count as f64 / max as f64;
    let mix =
        |from: u8, to: u8| (f64::from(from) + (f64::from(to) - f64::from(from)) * t).round() as u8;
    let fill = format!(
        "#{:02x}{:02x}{:02x}",
        mix(0xdb, 0x1e),
        mix(0xe7, 0x3a),
        mix(0xfb, 0x8a)
    );
    let ink = if t > 0.45 { "#ffffff" } else { "#111827" };
    (fill, ink, "none")
}

/// A table of at most [`ROWS`] rows, then how many more there are.
fn table(out: &mut String, head: &[&str], rows: impl ExactSizeIterator<Item = Vec<String>>) {
    let total = rows.len();
    if total == 0 {
        out.push_str("<p>None.</p>\n");
        return;
    }
    out.push_str("<table>\n<thead><tr>");
    for h in head {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows.take(ROWS) {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td>{}</td>", esc(&cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if total > ROWS {
        let _ = writeln!(
            out,
            "<p>… and {} more (<code>vouch report --format json</code> lists them all).</p>",
            total - ROWS
        );
    }
}

fn freshness(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "<section>\n<h2>Freshness</h2>\n<p>{} published stories, testimonials and quotes are older than {} months (dated before {}).</p>",
        report.stale.len(),
        report.stale_after_months,
        report.stale_before()
    );
    table(
        out,
        &["File", "Kind", "Date"],
        report
            .stale
            .iter()
            .map(|s| vec![s.file.clone(), s.kind.to_string(), s.date.to_string()]),
    );
    out.push_str("</section>\n");
}

fn consent(out: &mut String, report: &Report) {
    let a = &report.approvals;
    out.push_str("<section>\n<h2>Consent</h2>\n");
    let _ = writeln!(
        out,
        "<h3>Expired: withheld from the site ({})</h3>",
        a.expired.len()
    );
    table(out, &["File"], a.expired.iter().map(|f| vec![f.clone()]));
    let windows: Vec<String> = EXPIRY_WINDOWS
        .iter()
        .map(|w| {
            let n = a.expiring.iter().filter(|e| e.days <= *w).count();
            format!("{n} within {w} days")
        })
        .collect();
    let _ = writeln!(out, "<h3>Expiring ({})</h3>", windows.join(", "));
    table(
        out,
        &["File", "Expires", "Days left"],
        a.expiring
            .iter()
            .map(|e| vec![e.file.clone(), e.expires.to_string(), e.days.to_string()]),
    );
    let _ = writeln!(out, "<h3>No approval recorded ({})</h3>", a.missing.len());
    table(out, &["File"], a.missing.iter().map(|f| vec![f.clone()]));
    out.push_str("</section>\n");
}

fn pipeline(out: &mut String, report: &Report) {
    out.push_str("<section>\n<h2>Pipeline</h2>\n");
    let p = &report.pipeline;
    for (what, pending) in [("Drafts", &p.drafts), ("Scheduled", &p.scheduled)] {
        let _ = writeln!(out, "<h3>{what} ({})</h3>", pending.len());
        table(
            out,
            &["File", "Kind", "Date"],
            pending.iter().map(|d| {
                let date = d.date.map_or(String::new(), |d| d.to_string());
                vec![d.file.clone(), d.kind.to_string(), date]
            }),
        );
    }
    out.push_str("</section>\n");
}

fn people(out: &mut String, report: &Report) {
    out.push_str("<section>\n<h2>People</h2>\n");
    for (kind, heading) in [("customer", "Customers"), ("advocate", "Advocates")] {
        let of_kind = report.ranked(kind);
        let never = of_kind.iter().filter(|p| p.items == 0).count();
        let _ = writeln!(
            out,
            "<h3>{heading} ({} featured, {never} never)</h3>",
            of_kind.len() - never
        );
        table(
            out,
            &["Name", "Items", "Of which", "Last"],
            of_kind.iter().map(|p| {
                let detail: Vec<String> = p
                    .by_kind
                    .iter()
                    .map(|(k, n)| format!("{n} {}", plural(k)))
                    .collect();
                let last = p.last.map_or(String::new(), |d| d.to_string());
                vec![p.name.clone(), p.items.to_string(), detail.join(", "), last]
            }),
        );
    }
    out.push_str("</section>\n");
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;color:#111827;background:#fff;margin:0}\
main{max-width:72rem;margin:0 auto;padding:1.5rem}\
h1{font-size:1.6rem}h2{margin-top:2.5rem;border-bottom:2px solid #1f3f9f}\
table{border-collapse:collapse;margin:.5rem 0 1rem}\
th,td{border:1px solid #d1d5db;padding:.3rem .6rem;text-align:left;font-size:.9rem}\
th{background:#f3f4f6}figure{margin:1rem 0 2rem;overflow-x:auto}\
figcaption{font-size:.9rem;color:#374151}code{font-size:.9em}";

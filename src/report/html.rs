//! The report as one self-contained HTML file: its styles inline and its coverage heat
//! maps drawn as inline SVG, no script and nothing fetched from elsewhere, so it can be
//! opened from a merge request's artifacts or mailed as it is.

use super::text::{heading_plural, plural};
use super::{Report, EXPIRY_WINDOWS};
use serde::Serialize;
use std::sync::OnceLock;

/// Rows a table shows before saying how many more the JSON has.
const ROWS: usize = 500;

/// The report's styles, inlined into its page.
const STYLE: &str = include_str!("templates/report.css");

/// The report's templates: the page, the page shown while content has errors, and the
/// table and heat-map macros both use. Escaped as XML (`escape::xml`), so text the
/// content cannot carry into markup is dropped rather than passed on.
fn templates() -> &'static tera::Tera {
    static TEMPLATES: OnceLock<tera::Tera> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates([
            ("macros.html", include_str!("templates/macros.html")),
            ("report.html", include_str!("templates/report.html")),
            ("problems.html", include_str!("templates/problems.html")),
        ])
        .expect("the report's own templates parse (tested)");
        tera.set_escape_fn(crate::escape::xml);
        tera
    })
}

/// Renders one of the report's own templates; they are fixed and tested, so a failure is
/// a bug in vouch, reported as such rather than as the user's problem.
fn fill(template: &str, context: &impl Serialize) -> String {
    let context = tera::Context::from_serialize(context).expect("the report's views serialize");
    templates()
        .render(template, &context)
        .unwrap_or_else(|e| panic!("vouch's report template {template} failed: {e:?}"))
}

/// A table: its column headings, its first [`ROWS`] rows, how many rows there are and
/// how many of them it leaves to the JSON.
#[derive(Serialize)]
struct Table {
    head: &'static [&'static str],
    rows: Vec<Vec<String>>,
    total: usize,
    more: usize,
}

impl Table {
    fn new(
        head: &'static [&'static str],
        rows: impl ExactSizeIterator<Item = Vec<String>>,
    ) -> Table {
        let total = rows.len();
        Table {
            head,
            rows: rows.take(ROWS).collect(),
            total,
            more: total.saturating_sub(ROWS),
        }
    }
}

/// A section of headed tables (consent, pipeline, people).
#[derive(Serialize)]
struct Section {
    heading: &'static str,
    parts: Vec<Part>,
}

#[derive(Serialize)]
struct Part {
    heading: String,
    table: Table,
}

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

/// A heat map laid out for the template: every label and cell with its place.
#[derive(Serialize)]
struct HeatMap {
    id: String,
    title: String,
    width: usize,
    height: usize,
    columns: Vec<ColumnLabel>,
    rows: Vec<Row>,
}

#[derive(Serialize)]
struct ColumnLabel {
    x: usize,
    y: usize,
    label: String,
}

#[derive(Serialize)]
struct Row {
    x: usize,
    y: usize,
    /// The whole term, for the cells' tooltips.
    label: String,
    /// The term cut to 40 characters, beside the row.
    short: String,
    cells: Vec<Cell>,
}

#[derive(Serialize)]
struct Cell {
    column: String,
    count: usize,
    x: usize,
    y: usize,
    width: usize,
    height: usize,
    fill: String,
    ink: &'static str,
    stroke: &'static str,
    text_x: usize,
    text_y: usize,
    text: String,
}

/// The whole report as an HTML page.
pub fn render(report: &Report) -> String {
    #[derive(Serialize)]
    struct Page {
        title: String,
        style: &'static str,
        published: String,
        heat_maps: Vec<HeatMap>,
        cross_tables: Vec<Part>,
        stale: Table,
        stale_after_months: u32,
        stale_before: String,
        sections: [Section; 3],
    }
    let counts: Vec<String> = report
        .counts()
        .map(|(kind, n)| format!("{n} {}", plural(kind)))
        .collect();
    fill(
        "report.html",
        &Page {
            title: format!("{} — content report, {}", report.title, report.generated),
            style: STYLE,
            published: counts.join(", "),
            heat_maps: coverage(report).iter().map(heat_map).collect(),
            cross_tables: cross_tables(report),
            stale: Table::new(
                &["File", "Kind", "Date"],
                report
                    .stale
                    .iter()
                    .map(|s| vec![s.file.clone(), s.kind.to_string(), s.date.to_string()]),
            ),
            stale_after_months: report.stale_after_months,
            stale_before: report.stale_before().to_string(),
            sections: [consent(report), pipeline(report), people(report)],
        },
    )
}

/// The page shown instead of the report while the content has errors.
pub fn problems_page(root: &std::path::Path, problems: &crate::diagnostics::Diagnostics) -> String {
    #[derive(Serialize)]
    struct Problems {
        style: &'static str,
        problems: Vec<String>,
    }
    fill(
        "problems.html",
        &Problems {
            style: STYLE,
            problems: problems
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.render(root, false))
                .collect(),
        },
    )
}

/// The coverage heat maps: one per taxonomy, then one per kind for a cross.
fn coverage(report: &Report) -> Vec<Grid<'_>> {
    let mut grids = Vec::new();
    for table in report.coverage_tables() {
        let heading = report
            .taxonomies
            .get(table.taxonomy)
            .map_or(table.taxonomy, String::as_str);
        grids.push(Grid {
            id: format!("coverage-{}", table.taxonomy),
            title: heading.to_string(),
            columns: table.kinds.iter().map(|k| plural(k)).collect(),
            counts: table.counts.concat(),
            rows: table.terms,
            gaps: table.declared,
        });
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
            let grid = super::cross::Grid::of(cross, kind);
            if grid.rows.len() * grid.columns.len() > MAX_GRID_CELLS {
                continue;
            }
            let counts = grid
                .rows
                .iter()
                .flat_map(|r| grid.columns.iter().map(|c| grid.count(r, c)))
                .collect();
            let columns = grid.columns.iter().map(|c| c.to_string()).collect();
            let rows = grid.rows;
            grids.push(Grid {
                id: format!("cross-{kind}"),
                title: format!(
                    "{}: {} × {}",
                    heading_plural(kind),
                    title(cross.rows),
                    title(cross.columns)
                ),
                rows,
                columns,
                counts,
                gaps: true,
            });
        }
    }
    grids
}

/// The most cells a cross is drawn as a heat map with: past it (hundreds of free terms
/// each way) the grid would be megabytes of mostly empty cells, so the cross is listed
/// as the pairs items carry instead ([`cross_tables`]), which costs what the pairs do.
const MAX_GRID_CELLS: usize = 2_500;

/// The crosses too large to draw, one table of pairs per kind.
fn cross_tables(report: &Report) -> Vec<Part> {
    let Some(cross) = &report.cross else {
        return Vec::new();
    };
    let title = |name: &str| {
        report
            .taxonomies
            .get(name)
            .map_or(name, String::as_str)
            .to_string()
    };
    let mut kinds: Vec<&str> = cross.cells.iter().map(|c| c.kind).collect();
    kinds.dedup();
    kinds
        .into_iter()
        .filter_map(|kind| {
            let grid = super::cross::Grid::of(cross, kind);
            let (rows, columns) = (grid.rows.len(), grid.columns.len());
            if rows * columns <= MAX_GRID_CELLS {
                return None;
            }
            let pairs = cross.cells.iter().filter(|c| c.kind == kind);
            let pairs: Vec<Vec<String>> = pairs
                .map(|c| vec![c.row.clone(), c.column.clone(), c.count.to_string()])
                .collect();
            Some(Part {
                heading: format!(
                    "{}: {} × {}, as pairs ({rows} × {columns} terms are too many for a grid)",
                    heading_plural(kind),
                    title(cross.rows),
                    title(cross.columns)
                ),
                table: Table::new(&["Row term", "Column term", "Items"], pairs.into_iter()),
            })
        })
        .collect()
}

/// A heat map laid out as inline SVG: darker is more items, a red outline is a gap.
/// Every cell carries its count as text and a tooltip, so colour is never the only cue.
fn heat_map(grid: &Grid<'_>) -> HeatMap {
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
    let max = grid.counts.iter().copied().max().unwrap_or(0).max(1);
    let columns = grid
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| ColumnLabel {
            x: label_w + c * CELL_W + CELL_W / 2,
            y: HEAD_H - 10,
            label: column.clone(),
        })
        .collect();
    let rows = grid
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let y = HEAD_H + r * CELL_H;
            let cells = grid
                .columns
                .iter()
                .enumerate()
                .map(|(c, column)| {
                    let count = grid
                        .counts
                        .get(r * grid.columns.len() + c)
                        .copied()
                        .unwrap_or(0);
                    let x = label_w + c * CELL_W;
                    let (fill, ink, stroke) = shade(count, max, grid.gaps);
                    Cell {
                        column: column.clone(),
                        count,
                        x: x + 2,
                        y: y + 2,
                        width: CELL_W - 4,
                        height: CELL_H - 4,
                        fill,
                        ink,
                        stroke,
                        text_x: x + CELL_W / 2,
                        text_y: y + CELL_H / 2 + 5,
                        text: match (count, grid.gaps) {
                            (0, true) => "gap".to_string(),
                            (0, false) => "–".to_string(),
                            _ => count.to_string(),
                        },
                    }
                })
                .collect();
            Row {
                x: label_w - 8,
                y: y + CELL_H / 2 + 5,
                label: row.to_string(),
                short: row.chars().take(40).collect(),
                cells,
            }
        })
        .collect();
    HeatMap {
        id: grid.id.clone(),
        title: grid.title.clone(),
        width: label_w + CELL_W * grid.columns.len().max(1),
        height: HEAD_H + CELL_H * grid.rows.len().max(1),
        columns,
        rows,
    }
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

fn consent(report: &Report) -> Section {
    let a = &report.approvals;
    let windows: Vec<String> = EXPIRY_WINDOWS
        .iter()
        .map(|w| {
            let n = a.expiring.iter().filter(|e| e.days <= *w).count();
            format!("{n} within {w} days")
        })
        .collect();
    Section {
        heading: "Consent",
        parts: vec![
            Part {
                heading: format!("Expired: withheld from the site ({})", a.expired.len()),
                table: Table::new(&["File"], a.expired.iter().map(|f| vec![f.clone()])),
            },
            Part {
                heading: format!("Expiring ({})", windows.join(", ")),
                table: Table::new(
                    &["File", "Expires", "Days left"],
                    a.expiring
                        .iter()
                        .map(|e| vec![e.file.clone(), e.expires.to_string(), e.days.to_string()]),
                ),
            },
            Part {
                heading: format!("No approval recorded ({})", a.missing.len()),
                table: Table::new(&["File"], a.missing.iter().map(|f| vec![f.clone()])),
            },
        ],
    }
}

fn pipeline(report: &Report) -> Section {
    let p = &report.pipeline;
    let parts = [("Drafts", &p.drafts), ("Scheduled", &p.scheduled)]
        .into_iter()
        .map(|(what, pending)| Part {
            heading: format!("{what} ({})", pending.len()),
            table: Table::new(
                &["File", "Kind", "Date"],
                pending.iter().map(|d| {
                    let date = d.date.map_or(String::new(), |d| d.to_string());
                    vec![d.file.clone(), d.kind.to_string(), date]
                }),
            ),
        })
        .collect();
    Section {
        heading: "Pipeline",
        parts,
    }
}

fn people(report: &Report) -> Section {
    let parts = [("customer", "Customers"), ("advocate", "Advocates")]
        .into_iter()
        .map(|(kind, heading)| {
            let of_kind = report.ranked(kind);
            let never = of_kind.iter().filter(|p| p.items == 0).count();
            Part {
                heading: format!(
                    "{heading} ({} featured, {never} never)",
                    of_kind.len() - never
                ),
                table: Table::new(
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
                ),
            }
        })
        .collect();
    Section {
        heading: "People",
        parts,
    }
}

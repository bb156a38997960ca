//! `vouch import`: customer words arrive in spreadsheets and review-site exports, not
//! as Markdown. Each row of a CSV file or JSON array becomes one testimonial or quote
//! file, as a draft without approval (so nothing imported is published before someone
//! records the customer's permission), with its source kept.
//!
//! Every bad row is listed (row, column, what is wrong) and, unless the caller forces a
//! partial import, nothing is written; rows already in the site (same author and
//! words) are skipped and counted; an existing file is never overwritten.

mod consent;
pub mod dates;
mod entry;
pub mod fields;
mod known;
mod place;
pub mod rows;
mod write;
mod yaml_text;

use crate::config::Config;
use crate::content::{self, Kind};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::site::urls::slugify;
use entry::Entry;
use fields::Field;
use known::Known;
use place::Place;
use rows::Table;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::{Path, PathBuf};

/// What to import, from the command line.
#[derive(Debug, Clone)]
pub struct Options {
    /// The CSV or JSON file, as the user named it.
    pub file: PathBuf,
    /// `testimonial` or `quote`.
    pub kind: Kind,
    /// `COLUMN=FIELD` pairs (`--map`).
    pub maps: Vec<String>,
    /// Only say what would be written.
    pub dry_run: bool,
    /// Write the good rows even when some are bad.
    pub force_partial: bool,
    /// How the file writes a numeric day and month (`--date-format`), when it does not
    /// show it by itself.
    pub date_format: Option<dates::Order>,
    /// "Now" (the date of undated rows), read by the caller.
    pub now: jiff::Timestamp,
}

/// Why an import did not run: a request to fix on the command line (exit 2), or
/// problems in the file or the site (exit 1).
#[derive(Debug)]
pub enum Failure {
    /// A wrong kind, `--map` or missing column.
    Usage(Diagnostic),
    /// The file or the site cannot be read.
    Content(Diagnostics),
}

/// What an import did, or would do.
#[derive(Debug, Default)]
pub struct Imported {
    /// The files of the good rows, in row order.
    pub files: Vec<Planned>,
    /// Whether they were written (not on a dry run, nor with bad rows and no
    /// `--force-partial`).
    pub written: bool,
    /// Rows read (empty ones included).
    pub rows: usize,
    /// Rows already in the site, or earlier in the file.
    pub duplicates: usize,
    /// Rows with no text in any cell.
    pub empty: usize,
    /// Rows whose consent column says no: never written, each listed.
    pub declined: usize,
    /// Rows with problems (listed in `problems`).
    pub bad: usize,
    /// Every bad row's problems (errors) and what was left out (warnings).
    pub problems: Diagnostics,
}

/// One file to write.
#[derive(Debug, Clone)]
pub struct Planned {
    /// Its path from the site root (`content/testimonials/dana-smith-2026-03-02.md`).
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// The row it comes from.
    pub row: usize,
    /// Whether it carries the approval its consent cell gave (to be confirmed).
    pub consented: bool,
}

/// Reads the file, checks every row against the site and, unless it is a dry run or a
/// row is bad (without `force_partial`), writes one file per new row.
pub fn run(root: &Path, options: &Options) -> Result<Imported, Failure> {
    if !matches!(options.kind, Kind::Testimonial | Kind::Quote) {
        return Err(Failure::Usage(
            Diagnostic::error("--kind", format!("cannot import {}s", options.kind.name()))
                .hint("import testimonials or quotes: --kind testimonial or --kind quote"),
        ));
    }
    let shown = options.file.as_path();
    if !shown.is_file() {
        return Err(Failure::Usage(
            Diagnostic::error(shown, "there is no such file")
                .hint("name the CSV or JSON file to import, e.g. vouch import reviews.csv --kind testimonial"),
        ));
    }
    let config = Config::load(root).map_err(|d| Failure::Content(Diagnostics(d)))?;
    let table = rows::read(shown, shown).map_err(|d| Failure::Content(Diagnostics(vec![d])))?;
    let (columns, left_out) = map_columns(&table, options).map_err(Failure::Usage)?;
    let site = Known::load(root, options.kind, &config);
    let today = options
        .now
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    let mut imported = Imported {
        rows: table.rows.len(),
        ..Imported::default()
    };
    imported.problems.extend(left_out);
    let source_name = shown
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut seen = site.words.clone();
    let mut taken = site.slugs.clone();
    let folder = Path::new(content::CONTENT_DIR).join(options.kind.folder());
    write::check_folder(root, &folder).map_err(|d| Failure::Content(Diagnostics(vec![d])))?;
    let order = date_order(&table, &columns, options, shown)?;
    for row in &table.rows {
        if row.cells.iter().all(|c| c.text.trim().is_empty()) {
            imported.empty += 1;
            continue;
        }
        let place = Place {
            table: &table,
            row,
            file: shown,
        };
        let entry = match Entry::read(&place, &columns, &site, order, today) {
            Ok(entry) => entry,
            Err(problems) => {
                imported.bad += 1;
                imported.problems.extend(problems);
                continue;
            }
        };
        if let Some(no) = declined(&place, &entry) {
            imported.declined += 1;
            imported.problems.push(no);
            continue;
        }
        if !seen.insert(entry.words_key()) {
            imported.duplicates += 1;
            continue;
        }
        if options.kind == Kind::Quote {
            imported.problems.extend(long_quote(&place, &entry));
        }
        let slug = match free_slug(&entry, options.kind, root, &folder, &mut taken) {
            Ok(slug) => slug,
            Err(taken_by) => {
                imported.bad += 1;
                imported.problems.push(
                    Diagnostic::error(shown, format!("{}: {taken_by}", place.row_name()))
                        .at_line(row.line)
                        .hint("vouch import never writes through a link: remove it, then import again"),
                );
                continue;
            }
        };
        imported.files.push(Planned {
            path: folder.join(format!("{slug}.md")),
            text: entry.markdown(options.kind, &source_name, row.number, &table, today),
            row: row.number,
            consented: entry.consent.as_ref().is_some_and(|c| c.given),
        });
    }
    imported.problems.sort();
    let blocked = imported.bad > 0 && !options.force_partial;
    if options.dry_run || blocked {
        return Ok(imported);
    }
    let files: Vec<(&Path, &str, usize)> = imported
        .files
        .iter()
        .map(|f| (f.path.as_path(), f.text.as_str(), f.row))
        .collect();
    write::write_all(root, &files).map_err(|d| Failure::Content(Diagnostics(vec![d])))?;
    imported.written = true;
    Ok(imported)
}

/// A row whose consent cell says no: listed, never written.
fn declined(place: &Place<'_>, entry: &Entry) -> Option<Diagnostic> {
    let no = entry.consent.as_ref().filter(|c| !c.given)?;
    let answer = crate::terminal::line(&no.answer);
    let message = format!(
        "{}: {} answered \"{answer}\" in \"{}\": not imported",
        place.row_name(),
        entry.author,
        no.column
    );
    Some(
        Diagnostic::warning(place.file, message)
            .field(Field::Consent.name())
            .at_line(place.row.line)
            .hint("the customer did not give permission to publish these words"),
    )
}

/// A quote too long to quote: imported, with a warning.
fn long_quote(place: &Place<'_>, entry: &Entry) -> Option<Diagnostic> {
    let length = entry.body.chars().count();
    let most = crate::site::QUOTE_MAX_CHARS;
    (length > most).then(|| {
        Diagnostic::warning(
            place.file,
            format!(
                "{}: the quote is {length} characters long; quotes over {most} are hard to quote",
                place.row_name()
            ),
        )
        .at_line(place.row.line)
        .hint("it is imported; shorten it before publishing, or import it as a testimonial")
    })
}

/// How the date column writes a numeric day and month: `--date-format`, else what its
/// own values show (one `25/03/2026` makes the column day first). Values that show
/// both orders are a usage problem: `--date-format` settles it.
fn date_order(
    table: &Table,
    columns: &[Option<Field>],
    options: &Options,
    shown: &Path,
) -> Result<Option<dates::Order>, Failure> {
    if options.date_format.is_some() {
        return Ok(options.date_format);
    }
    let Some(at) = columns.iter().position(|f| *f == Some(Field::Date)) else {
        return Ok(None);
    };
    let values = table
        .rows
        .iter()
        .filter_map(|r| Some((r.number, r.cells.get(at)?.text.as_str())));
    dates::column_order(values).map_err(|(day_first, month_first)| {
        Failure::Content(Diagnostics(vec![Diagnostic::error(
                shown,
                format!(
                    "the dates in column '{}' are written day first in row {day_first} and month first in row {month_first}",
                    table.columns[at]
                ),
            )
            .field(Field::Date.name())
            .hint("say which the file uses with --date-format dd/mm/yyyy or --date-format mm/dd/yyyy, and correct the other rows")]))
    })
}

/// Which field each column fills (`None`: left out), and a warning naming the columns
/// left out without `--map COLUMN=ignore`.
fn map_columns(
    table: &Table,
    options: &Options,
) -> Result<(Vec<Option<Field>>, Vec<Diagnostic>), Diagnostic> {
    let allowed = Field::of_kind(options.kind);
    let mut columns: Vec<Option<Field>> = table
        .columns
        .iter()
        .map(|c| fields::recognise(c).filter(|f| allowed.contains(f)))
        .collect();
    let mut mapped = vec![false; columns.len()];
    for map in &options.maps {
        let (at, field) = mapped_column(map, table, options, &allowed)?;
        columns[at] = Some(field);
        mapped[at] = true;
    }
    let mut giver: HashMap<Field, usize> = HashMap::default();
    for (at, field) in columns.iter().enumerate() {
        let Some(field) = field.filter(|f| *f != Field::Ignore) else {
            continue;
        };
        if let Some(first) = giver.insert(field, at) {
            let (a, b) = (&table.columns[first], &table.columns[at]);
            return Err(Diagnostic::error(
                "--map",
                format!("the columns '{a}' and '{b}' both give the {}", field.name()),
            )
            .hint(format!("keep one, e.g. --map \"{b}=ignore\"")));
        }
    }
    for needed in [Field::Author, Field::Body] {
        if !giver.contains_key(&needed) {
            let what = match needed {
                Field::Author => "who said it (author)",
                _ => "the words (body)",
            };
            return Err(Diagnostic::error(
                "--map",
                format!("no column of {} holds {what}", options.file.display()),
            )
            .hint(format!(
                "name it with --map COLUMN={}; the columns are: {}",
                needed.name(),
                table.columns.join(", ")
            )));
        }
    }
    let left_out: Vec<&str> = table
        .columns
        .iter()
        .zip(&columns)
        .filter(|(name, field)| field.is_none() && !name.is_empty())
        .map(|(name, _)| name.as_str())
        .collect();
    let warning = (!left_out.is_empty()).then(|| {
        let names: Vec<&str> = allowed.iter().map(|f| f.name()).collect();
        Diagnostic::warning(
            &options.file,
            format!("columns left out: {}", left_out.join(", ")),
        )
        .hint(format!(
            "to keep one, name its field with --map COLUMN=FIELD ({}); --map COLUMN=ignore leaves it out quietly",
            names.join(", ")
        ))
    });
    let columns = columns
        .into_iter()
        .map(|f| f.filter(|f| *f != Field::Ignore))
        .collect();
    Ok((columns, warning.into_iter().collect()))
}

/// One `--map COLUMN=FIELD` read against the file's columns and the fields of the
/// kind: the column's place and its field, or why the map cannot be followed.
fn mapped_column(
    map: &str,
    table: &Table,
    options: &Options,
    allowed: &[Field],
) -> Result<(usize, Field), Diagnostic> {
    let Some((column, field)) = map.rsplit_once('=') else {
        return Err(
            Diagnostic::error("--map", format!("'{map}' is not COLUMN=FIELD"))
                .hint("e.g. --map \"Review Text=body\" --map Stars=rating"),
        );
    };
    let at = table
        .columns
        .iter()
        .position(|c| c.eq_ignore_ascii_case(column.trim()))
        .ok_or_else(|| {
            let d = Diagnostic::error("--map", format!("the file has no column '{column}'"));
            match did_you_mean(column, table.columns.iter().map(String::as_str)) {
                Some(best) => d.hint(format!("did you mean '{best}'?")),
                None => d.hint(format!("its columns are: {}", table.columns.join(", "))),
            }
        })?;
    let field = Field::named(field, allowed).ok_or_else(|| {
        let names: Vec<&str> = allowed.iter().map(|f| f.name()).collect();
        let d = Diagnostic::error(
            "--map",
            format!(
                "'{field}' is not a field a {} can take from a column",
                options.kind.name()
            ),
        );
        match did_you_mean(field, names.iter().copied()) {
            Some(best) => d.hint(format!("did you mean '{best}'?")),
            None => d.hint(format!("fields: {}", names.join(", "))),
        }
    })?;
    Ok((at, field))
}

/// The longest slug import makes, in bytes: a file name every file system takes (most
/// allow 255 bytes), with room for the `.md` and a `-2`.
pub const SLUG_MAX_BYTES: usize = 100;

/// A file name for the entry that no file or item of the kind has: the author and the
/// date (`dana-smith-2026-03-02`), then `-2`, `-3`… The author's part is cut (on a
/// character boundary) so the slug stays within [`SLUG_MAX_BYTES`]. A link where the
/// file would go is refused (the reason is returned).
fn free_slug(
    entry: &Entry,
    kind: Kind,
    root: &Path,
    folder: &Path,
    taken: &mut HashSet<String>,
) -> Result<String, String> {
    let author = slugify(&entry.author);
    let author = if author.is_empty() {
        kind.name().to_string()
    } else {
        author
    };
    // Room for "-YYYY-MM-DD" and a "-NNNNNN" counter.
    let mut cut = SLUG_MAX_BYTES - 11 - 7;
    while !author.is_char_boundary(cut.min(author.len())) {
        cut -= 1;
    }
    let author = author[..cut.min(author.len())].trim_end_matches('-');
    let base = match entry.date {
        Some(date) => format!("{author}-{date}"),
        None => author.to_string(),
    };
    let mut slug = base.clone();
    let mut n = 1;
    loop {
        let path = folder.join(format!("{slug}.md"));
        match write::occupied(root, &path) {
            Some("a link") => {
                return Err(format!(
                    "{} is a link; vouch import does not write through links",
                    path.display()
                ))
            }
            None if !taken.contains(&slug) => break,
            _ => {}
        }
        n += 1;
        slug = format!("{base}-{n}");
    }
    taken.insert(slug.clone());
    Ok(slug)
}

//! `vouch import`: customer words arrive in spreadsheets and review-site exports, not
//! as Markdown. Each row of a CSV file or JSON array becomes one testimonial or quote
//! file, as a draft without approval (so nothing imported is published before someone
//! records the customer's permission), with its source kept.
//!
//! Every bad row is listed (row, column, what is wrong) and, unless the caller forces a
//! partial import, nothing is written; rows already in the site (same author and
//! words) are skipped and counted; an existing file is never overwritten.

pub mod fields;
pub mod rows;
mod write;
mod yaml_text;

use crate::config::Config;
use crate::content::{self, Front, Kind};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::site::urls::{is_safe_link, slugify};
use fields::Field;
use jiff::civil::Date;
use rows::{Cell, Row, Table};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt::Write as _;
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
        let entry = match Entry::read(&place, &columns, &site, today) {
            Ok(entry) => entry,
            Err(problems) => {
                imported.bad += 1;
                imported.problems.extend(problems);
                continue;
            }
        };
        if !seen.insert(entry.words_key()) {
            imported.duplicates += 1;
            continue;
        }
        if options.kind == Kind::Quote {
            let length = entry.body.chars().count();
            if length > crate::site::QUOTE_MAX_CHARS {
                imported.problems.push(
                    Diagnostic::warning(shown, format!("{}: the quote is {length} characters long; quotes over {} are hard to quote", place.row_name(), crate::site::QUOTE_MAX_CHARS))
                        .at_line(row.line)
                        .hint("it is imported; shorten it before publishing, or import it as a testimonial"),
                );
            }
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

/// What the site already has: its customers (to resolve names), the words of its
/// testimonials or quotes (to skip rows imported before), their slugs (not to take
/// one twice), and the declared tags.
struct Known {
    /// Customer slug, and each customer's name and slug as people may write them.
    customers: HashMap<String, String>,
    /// Customers' names and slugs, for suggestions.
    customer_names: Vec<String>,
    words: HashSet<(String, String)>,
    slugs: HashSet<String>,
    /// Declared tag slugs with their labels, when tags are declared.
    tags: Option<Vec<(String, String)>>,
}

impl Known {
    fn load(root: &Path, kind: Kind, config: &Config) -> Known {
        // Problems in the site's files are `vouch check`'s to report.
        let (content, _) = content::load(root);
        let mut known = Known {
            customers: HashMap::default(),
            customer_names: Vec::new(),
            words: HashSet::default(),
            slugs: HashSet::default(),
            tags: config
                .taxonomy("tags")
                .1
                .map(|terms| terms.into_iter().map(|t| (slugify(&t), t)).collect()),
        };
        for doc in content.documents.iter().filter(|d| !d.is_section_intro) {
            let slug = match doc.front.common().slug {
                Some(slug) => slug.to_string(),
                None => slugify(&doc.file_slug),
            };
            match &doc.front {
                Front::Customer(c) => {
                    known.customers.insert(name_key(&c.name), slug.clone());
                    known.customers.insert(slugify(&c.name), slug.clone());
                    known.customers.insert(slug.clone(), slug.clone());
                    known.customer_names.push(c.name.clone());
                    known.customer_names.push(slug);
                }
                front if doc.kind == kind => {
                    let author = match front {
                        Front::Testimonial(t) => &t.author,
                        Front::Quote(q) => &q.author,
                        _ => continue,
                    };
                    known.words.insert((name_key(author), words_key(&doc.body)));
                    known.slugs.insert(slugify(&doc.file_slug));
                    known.slugs.insert(slug);
                }
                _ => {}
            }
        }
        known
    }

    /// The customer slug a cell names (a slug, or a customer's name).
    fn customer(&self, text: &str) -> Option<&String> {
        self.customers
            .get(&name_key(text))
            .or_else(|| self.customers.get(&slugify(text)))
    }
}

/// A name as people write it: spaces collapsed, case ignored.
fn name_key(name: &str) -> String {
    words_key(name).to_lowercase()
}

/// Words with their spacing collapsed: the same text however it was wrapped.
fn words_key(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where a row is, for messages.
struct Place<'a> {
    table: &'a Table,
    row: &'a Row,
    file: &'a Path,
}

impl Place<'_> {
    /// "row 4" (a spreadsheet's numbering) or "record 3" (JSON).
    fn row_name(&self) -> String {
        match self.table.format {
            rows::Format::Json => format!("record {}", self.row.number),
            rows::Format::Csv(_) => format!("row {}", self.row.number),
        }
    }

    /// A problem in the cell of column `at`.
    fn error(
        &self,
        at: usize,
        message: String,
        hint: impl Into<String>,
        field: Field,
    ) -> Diagnostic {
        let name = &self.table.columns[at];
        let column = match self.table.format {
            rows::Format::Json => format!("field '{name}'"),
            rows::Format::Csv(_) => format!("column {} ({name})", column_letters(at)),
        };
        let cell = self.row.cells.get(at);
        let d = Diagnostic::error(
            self.file,
            format!("{}, {column}: {message}", self.row_name()),
        )
        .field(field.name())
        .hint(hint);
        match cell.and_then(|c| c.at) {
            Some((line, col)) => d.at(line, col),
            None => d.at_line(self.row.line),
        }
    }

    /// A problem with the row as a whole (a column it lacks).
    fn row_error(&self, message: String, hint: &str, field: Field) -> Diagnostic {
        Diagnostic::error(self.file, format!("{}: {message}", self.row_name()))
            .field(field.name())
            .at_line(self.row.line)
            .hint(hint)
    }
}

/// A spreadsheet's column letters: A, B, … Z, AA, AB…
fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// One good row: the values of a testimonial or quote.
#[derive(Debug, Default)]
struct Entry {
    author: String,
    body: String,
    role: Option<String>,
    customer: Option<String>,
    rating: Option<i64>,
    source: Option<String>,
    source_url: Option<String>,
    date: Option<Date>,
    title: Option<String>,
    tags: Vec<String>,
}

impl Entry {
    /// The row's values, or every problem of the row.
    fn read(
        place: &Place<'_>,
        columns: &[Option<Field>],
        site: &Known,
        today: Date,
    ) -> Result<Entry, Vec<Diagnostic>> {
        let mut entry = Entry::default();
        let mut problems = Vec::new();
        let empty = Cell::default();
        for (at, field) in columns.iter().enumerate() {
            let Some(field) = *field else { continue };
            let cell = place.row.cells.get(at).unwrap_or(&empty);
            let text = cell.text.trim();
            let line = || Some(words_key(text)).filter(|t| !t.is_empty());
            match field {
                Field::Author => entry.author = words_key(text),
                Field::Body => entry.body = text.replace("\r\n", "\n").replace('\r', "\n"),
                Field::Role => entry.role = line(),
                Field::Source => entry.source = line(),
                Field::Title => entry.title = line(),
                Field::Rating if !text.is_empty() => match fields::rating(text) {
                    Ok(stars) => entry.rating = Some(stars),
                    Err((message, hint)) => problems.push(place.error(at, message, hint, field)),
                },
                Field::Date if !text.is_empty() => match fields::date(text) {
                    Ok(day) => entry.date = Some(day),
                    Err((message, hint)) => problems.push(place.error(at, message, hint, field)),
                },
                Field::SourceUrl if !text.is_empty() => {
                    if is_safe_link(text) {
                        entry.source_url = Some(text.to_string());
                    } else {
                        let message = format!("'{text}' is not a web address");
                        let hint = "links must start with https://, http:// or mailto:";
                        problems.push(place.error(at, message, hint, field));
                    }
                }
                Field::Customer if !text.is_empty() => match site.customer(text) {
                    Some(slug) => entry.customer = Some(slug.clone()),
                    None => {
                        let names = site.customer_names.iter().map(String::as_str);
                        let hint = match did_you_mean(text, names) {
                            Some(best) => format!("did you mean '{best}'?"),
                            None => format!(
                                "add the customer first (`vouch new customer \"{text}\"` writes content/customers/{}.md), or leave the cell empty",
                                slugify(text)
                            ),
                        };
                        problems.push(place.error(
                            at,
                            format!("no customer '{text}'"),
                            hint,
                            field,
                        ));
                    }
                },
                Field::Tags if !text.is_empty() => {
                    entry.read_tags(place, at, text, field, site, &mut problems);
                }
                _ => {}
            }
        }
        entry.check_required(place, columns, &mut problems);
        if let Some(call) = fields::shortcode_in(&entry.body) {
            let at = columns
                .iter()
                .position(|f| *f == Some(Field::Body))
                .unwrap_or(0);
            problems.push(place.error(
                at,
                format!("the words hold {call}, which the build would read as a shortcode"),
                "customers' words cannot hold {{ … }}: write the braces apart ({ { … } }) or leave them out, then import again",
                Field::Body,
            ));
        }
        entry.date = entry.date.or(Some(today));
        if problems.is_empty() {
            Ok(entry)
        } else {
            Err(problems)
        }
    }

    /// A tags cell may list several tags; each must be one the site declares (when it
    /// declares any), so a typo does not start a new topic page.
    fn read_tags(
        &mut self,
        place: &Place<'_>,
        at: usize,
        text: &str,
        field: Field,
        site: &Known,
        problems: &mut Vec<Diagnostic>,
    ) {
        for tag in text
            .split([',', ';'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            match &site.tags {
                Some(declared) if !declared.iter().any(|(s, _)| *s == slugify(tag)) => {
                    let labels = declared.iter().map(|(_, l)| l.as_str());
                    let hint = match did_you_mean(tag, labels) {
                        Some(best) => format!("did you mean '{best}'?"),
                        None => "use a tag declared in vouch.yml, or declare this one".to_string(),
                    };
                    problems.push(place.error(
                        at,
                        format!("'{tag}' is not a declared tag"),
                        hint,
                        field,
                    ));
                }
                _ => self.tags.push(tag.to_string()),
            }
        }
    }

    /// A testimonial or quote needs who said it and the words: a row without either
    /// is reported at its cell (or the row, when no column holds the field).
    fn check_required(
        &self,
        place: &Place<'_>,
        columns: &[Option<Field>],
        problems: &mut Vec<Diagnostic>,
    ) {
        let required = [
            (self.author.is_empty(), Field::Author, "who said it"),
            (self.body.trim().is_empty(), Field::Body, "the words"),
        ];
        for (missing, field, what) in required {
            if !missing {
                continue;
            }
            let at = columns.iter().position(|f| *f == Some(field));
            problems.push(match at {
                Some(at) => place.error(
                    at,
                    format!("missing {} ({what})", field.name()),
                    "fill the cell in, or delete the row",
                    field,
                ),
                None => place.row_error(format!("missing {}", field.name()), "fill it in", field),
            });
        }
    }

    /// What makes two rows the same testimonial or quote: its author and words.
    fn words_key(&self) -> (String, String) {
        (name_key(&self.author), words_key(&self.body))
    }

    /// The file: front matter (a draft, no approval, where it came from) and the words.
    fn markdown(
        &self,
        kind: Kind,
        source_name: &str,
        row: usize,
        table: &Table,
        today: Date,
    ) -> String {
        let q = yaml_text::quoted;
        let mut out = String::from("---\n");
        let _ = writeln!(out, "author: {}", q(&self.author));
        if let Some(role) = &self.role {
            let _ = writeln!(out, "role: {}", q(role));
        }
        if let Some(customer) = &self.customer {
            let _ = writeln!(out, "customer: {}", q(customer));
        }
        if let Some(title) = &self.title {
            let _ = writeln!(out, "title: {}", q(title));
        }
        if kind == Kind::Testimonial {
            if let Some(rating) = self.rating {
                let _ = writeln!(out, "rating: {rating}");
            }
            if let Some(source) = &self.source {
                let _ = writeln!(out, "source: {}", q(source));
            }
            if let Some(url) = &self.source_url {
                let _ = writeln!(out, "source_url: {}", q(url));
            }
        }
        if !self.tags.is_empty() {
            let tags: Vec<String> = self.tags.iter().map(|t| q(t)).collect();
            let _ = writeln!(out, "tags: [{}]", tags.join(", "));
        }
        if let Some(date) = self.date {
            let _ = writeln!(out, "date: {date}");
        }
        out.push_str("draft: true\n");
        let what = match table.format {
            rows::Format::Json => "record",
            rows::Format::Csv(_) => "row",
        };
        let from = yaml_text::comment(&words_key(source_name));
        let _ = writeln!(
            out,
            "# Imported with `vouch import` from {from}, {what} {row}, on {today}."
        );
        if kind == Kind::Quote {
            let source: Vec<&str> = [self.source.as_deref(), self.source_url.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            if !source.is_empty() {
                let _ = writeln!(out, "# Source: {}", yaml_text::comment(&source.join(", ")));
            }
        }
        out.push_str(
            "# To publish it, record the customer's permission and remove `draft: true`:\n",
        );
        out.push_str(
            "#   approval: { by: \"Name, Role, Company\", on: YYYY-MM-DD, expires: YYYY-MM-DD }\n",
        );
        out.push_str("---\n");
        out.push_str(self.body.trim());
        out.push('\n');
        out
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_columns_are_lettered() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
    }
}

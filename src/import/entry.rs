//! One row read into the values of a testimonial or quote, and the file written for it.

use super::consent;
use super::dates::{self, Order, Reading};
use super::fields::{self, Field};
use super::known::{name_key, words_key, Known};
use super::place::Place;
use super::rows::{self, Cell, Table};
use super::yaml_text;
use crate::content::Kind;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::site::urls::{is_safe_link, slugify};
use jiff::civil::Date;
use std::fmt::Write as _;

/// One good row: the values of a testimonial or quote.
#[derive(Debug, Default)]
pub(super) struct Entry {
    pub(super) author: String,
    pub(super) body: String,
    pub(super) role: Option<String>,
    pub(super) customer: Option<String>,
    pub(super) rating: Option<i64>,
    pub(super) source: Option<String>,
    pub(super) source_url: Option<String>,
    pub(super) date: Option<Date>,
    pub(super) title: Option<String>,
    pub(super) tags: Vec<String>,
    /// Whether the row gave its date (else `date` is the day of the import).
    pub(super) dated: bool,
    /// The customer's answer in a consent column, when the row has one.
    pub(super) consent: Option<Consent>,
}

/// A customer's answer to "may we publish this?", as the row gave it.
#[derive(Debug)]
pub(super) struct Consent {
    /// Yes or no.
    pub(super) given: bool,
    /// The answer as written ("Yes, happy to help").
    pub(super) answer: String,
    /// The column's name ("Permission to publish").
    pub(super) column: String,
}

impl Entry {
    /// The comment saying what publishing needs: confirming the approval the consent
    /// column gave, or recording one.
    fn permission_lines(&self, out: &mut String) {
        let Some(consent) = self.consent.as_ref().filter(|c| c.given) else {
            out.push_str(
                "# To publish it, record the customer's permission and remove `draft: true`:\n",
            );
            out.push_str(
                "#   approval: { by: \"Name, Role, Company\", on: YYYY-MM-DD, expires: YYYY-MM-DD }\n",
            );
            return;
        };
        let answer = yaml_text::comment(&consent.answer);
        let column = yaml_text::comment(&consent.column);
        let _ = writeln!(
            out,
            "# The approval is the answer \"{answer}\" in the column \"{column}\"{}.",
            if self.dated {
                ""
            } else {
                " (the file gives no date: `on` is the day of the import)"
            }
        );
        out.push_str(
            "# Confirm it (add the company to `by`, and `expires` if the customer set a term), then remove `draft: true`.\n",
        );
    }
}

/// A cell of a row: where it is and which field it fills.
pub(super) struct Spot<'p, 'a> {
    place: &'p Place<'a>,
    at: usize,
    field: Field,
}

/// A date spelled out, so that day and month cannot be mixed up: "11 March 2026".
fn spelled(date: Date) -> String {
    date.strftime("%-d %B %Y").to_string()
}

impl Entry {
    /// The row's values, or every problem of the row. `order` is how the date column
    /// writes a numeric day and month, when the file or `--date-format` says.
    pub(super) fn read(
        place: &Place<'_>,
        columns: &[Option<Field>],
        site: &Known,
        order: Option<Order>,
        today: Date,
    ) -> Result<Entry, Vec<Diagnostic>> {
        let mut entry = Entry::default();
        let mut problems = Vec::new();
        let empty = Cell::default();
        for (at, field) in columns.iter().enumerate() {
            let Some(field) = *field else { continue };
            let cell = place.row.cells.get(at).unwrap_or(&empty);
            let spot = Spot { place, at, field };
            entry.read_cell(&spot, cell.text.trim(), site, order, &mut problems);
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
        entry.dated = entry.date.is_some();
        entry.date = entry.date.or(Some(today));
        if problems.is_empty() {
            Ok(entry)
        } else {
            Err(problems)
        }
    }

    /// One cell into its field; a problem with it into `problems`.
    fn read_cell(
        &mut self,
        spot: &Spot<'_, '_>,
        text: &str,
        site: &Known,
        order: Option<Order>,
        problems: &mut Vec<Diagnostic>,
    ) {
        let (place, at, field) = (spot.place, spot.at, spot.field);
        let line = || Some(words_key(text)).filter(|t| !t.is_empty());
        let mut problem = |message: String, hint: &str| {
            problems.push(place.error(at, message, hint.to_string(), field));
        };
        match field {
            Field::Author => self.author = words_key(text),
            Field::Body => self.body = text.replace("\r\n", "\n").replace('\r', "\n"),
            Field::Role => self.role = line(),
            Field::Source => self.source = line(),
            Field::Title => self.title = line(),
            Field::Rating if !text.is_empty() => match fields::rating(text) {
                Ok(stars) => self.rating = Some(stars),
                Err((message, hint)) => problem(message, hint),
            },
            Field::Date if !text.is_empty() => match dates::read(text, order) {
                Ok(Reading::Date(day)) => self.date = Some(day),
                Ok(Reading::Ambiguous(day_first, month_first)) => problem(
                    format!(
                        "'{text}' may be {} or {}",
                        spelled(day_first),
                        spelled(month_first)
                    ),
                    "say how the file writes dates: --date-format dd/mm/yyyy (day first) or --date-format mm/dd/yyyy (month first)",
                ),
                Err((message, hint)) => problem(message, &hint),
            },
            Field::Consent => match consent::answer(text) {
                Ok(given) => {
                    self.consent = given.map(|given| Consent {
                        given,
                        answer: words_key(text),
                        column: place.table.columns[at].clone(),
                    })
                }
                Err((message, hint)) => problem(message, &hint),
            },
            Field::SourceUrl if !text.is_empty() => {
                if is_safe_link(text) {
                    self.source_url = Some(text.to_string());
                } else {
                    let hint = "links must start with https://, http:// or mailto:";
                    problem(format!("'{text}' is not a web address"), hint);
                }
            }
            Field::Customer if !text.is_empty() => match site.customer(text) {
                Some(slug) => self.customer = Some(slug.clone()),
                None => {
                    let names = site.customer_names.iter().map(String::as_str);
                    let hint = match did_you_mean(text, names) {
                        Some(best) => format!("did you mean '{best}'?"),
                        None => format!(
                            "add the customer first (`vouch new customer \"{text}\"` writes content/customers/{}.md), or leave the cell empty",
                            slugify(text)
                        ),
                    };
                    problem(format!("no customer '{text}'"), &hint);
                }
            },
            Field::Tags if !text.is_empty() => {
                self.read_tags(place, at, text, field, site, problems);
            }
            _ => {}
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
    pub(super) fn words_key(&self) -> (String, String) {
        (name_key(&self.author), words_key(&self.body))
    }

    /// The file: front matter (a draft, no approval, where it came from) and the words.
    pub(super) fn markdown(
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
        let consented = self.consent.as_ref().filter(|c| c.given);
        if let (Some(_), Some(on)) = (consented, self.date) {
            let by = match &self.role {
                Some(role) => format!("{}, {role}", self.author),
                None => self.author.clone(),
            };
            let _ = writeln!(out, "approval: {{ by: {}, on: {on} }}", q(&by));
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
        self.permission_lines(&mut out);
        out.push_str("---\n");
        out.push_str(self.body.trim());
        out.push('\n');
        out
    }
}

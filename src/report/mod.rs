//! `vouch report`: the content library's health, for the people who run the advocacy
//! program. Which industries, sizes, regions and stages have no story yet (coverage),
//! what is going stale (freshness), whose permission runs out (consent), what is
//! waiting (pipeline), and who is asked too often or never (people).
//!
//! The report is one value, [`Report`], made from the same [`Site`] a build makes
//! (published items, their terms and relations) plus the files the site leaves out
//! (drafts, scheduled and withheld items). Its JSON form is a contract (see
//! `docs/writing.md`); [`text`] and [`html`] only present it.

pub mod cross;
pub mod html;
pub mod text;

use crate::config::{Config, TAXONOMY_FIELDS};
use crate::content::{self, Document, Front, Kind};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::site::{self, ItemId, Site};
use jiff::civil::Date;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// How far ahead the consent section looks for approvals running out, in days: the
/// report groups them by the first of these they fall within.
pub const EXPIRY_WINDOWS: [i32; 3] = [30, 60, 90];

/// The kinds the advocacy program counts (pages are the team's own, not content about
/// customers).
pub const KINDS: [Kind; 6] = [
    Kind::CaseStudy,
    Kind::Testimonial,
    Kind::Quote,
    Kind::Event,
    Kind::Customer,
    Kind::Advocate,
];

/// What the report is asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// Two taxonomies to cross (`--cross industry,lifecycle`).
    pub cross: Option<(&'static str, &'static str)>,
    /// "Now", read by the caller.
    pub now: jiff::Timestamp,
}

/// The whole report; its JSON form is the contract other tools read.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The site's title.
    pub title: String,
    /// The day the report was made (the site's "now").
    pub generated: Date,
    /// Each taxonomy's heading (`industry` → "Industry").
    pub taxonomies: BTreeMap<&'static str, String>,
    /// Published items per kind (`case-study` → 9).
    pub items: BTreeMap<&'static str, usize>,
    /// Published items per kind, taxonomy and term, zero counts (gaps) included.
    pub coverage: Vec<Coverage>,
    /// The cross of two taxonomies, when asked for.
    pub cross: Option<Cross>,
    /// How old a dated item may be before it is stale.
    pub stale_after_months: u32,
    /// Published stories, testimonials and quotes older than that, oldest first.
    pub stale: Vec<Stale>,
    /// Permissions expired, running out, and missing.
    pub approvals: Approvals,
    /// Drafts and scheduled items.
    pub pipeline: Pipeline,
    /// Per customer and per advocate: how often they are featured, and when last.
    pub people: Vec<Person>,
    /// Per language of the site: stale translations, translated customers' words
    /// without their own approval, items translated into other languages only.
    pub translations: Vec<crate::translations::status::LanguageStatus>,
}

/// One taxonomy's coverage as a table: terms down, kinds across.
pub struct CoverageTable<'a> {
    /// The taxonomy (`industry`).
    pub taxonomy: &'a str,
    /// The kinds with terms in it, in the report's kind order.
    pub kinds: Vec<&'static str>,
    /// Its terms, in the report's order.
    pub terms: Vec<&'a str>,
    /// `counts[term][kind]`.
    pub counts: Vec<Vec<usize>>,
    /// Whether its terms are declared in vouch.yml (an empty cell is then a gap).
    pub declared: bool,
}

/// How many published items of a kind carry a term.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Coverage {
    /// The kind (`case-study`).
    pub kind: &'static str,
    /// The taxonomy (`industry`).
    pub taxonomy: &'static str,
    /// The term as shown (`Financial services`).
    pub term: String,
    /// The term's slug (`financial-services`).
    pub slug: String,
    /// Published items of the kind with the term; 0 is a gap.
    pub count: usize,
    /// Whether the term is declared in vouch.yml (else it is one in use elsewhere).
    pub declared: bool,
}

/// Published items per pair of terms of two taxonomies, for each kind carrying both.
#[derive(Debug, Clone, Serialize)]
pub struct Cross {
    /// The taxonomy of the rows.
    pub rows: &'static str,
    /// The taxonomy of the columns.
    pub columns: &'static str,
    /// The pairs of terms items carry; every pair, zero counts included, when both
    /// taxonomies declare their terms.
    pub cells: Vec<CrossCell>,
}

/// One cell of a [`Cross`].
#[derive(Debug, Clone, Serialize)]
pub struct CrossCell {
    /// The kind counted.
    pub kind: &'static str,
    /// The row's term.
    pub row: String,
    /// The column's term.
    pub column: String,
    /// Published items of the kind carrying both terms.
    pub count: usize,
    /// The column term's place in its taxonomy, to lay a sparse cross out in order.
    #[serde(skip)]
    pub column_at: usize,
}

/// A published item older than the freshness threshold.
#[derive(Debug, Clone, Serialize)]
pub struct Stale {
    /// The file, relative to the site (`content/quotes/acme.md`).
    pub file: String,
    /// The kind.
    pub kind: &'static str,
    /// Its date.
    pub date: Date,
}

/// Customers' permissions.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Approvals {
    /// Files whose approval has expired (withheld from the site).
    pub expired: Vec<String>,
    /// Approvals running out within 90 days, soonest first.
    pub expiring: Vec<Expiring>,
    /// Files attributed to a customer with no approval recorded (drafts included: they
    /// need one before they are published).
    pub missing: Vec<String>,
}

/// An approval running out soon.
#[derive(Debug, Clone, Serialize)]
pub struct Expiring {
    /// The file.
    pub file: String,
    /// The last day of the permission.
    pub expires: Date,
    /// Days from the report's day.
    pub days: i32,
}

/// What is not published yet.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Pipeline {
    /// Files with `draft: true`.
    pub drafts: Vec<Pending>,
    /// Files dated in the future (published on that day).
    pub scheduled: Vec<Pending>,
}

/// A draft or scheduled file.
#[derive(Debug, Clone, Serialize)]
pub struct Pending {
    /// The file.
    pub file: String,
    /// The kind.
    pub kind: &'static str,
    /// Its date, if it has one.
    pub date: Option<Date>,
}

/// How often a customer or an advocate is featured.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    /// `customer` or `advocate`.
    pub kind: &'static str,
    /// Their slug.
    pub slug: String,
    /// Their name.
    pub name: String,
    /// Published items featuring them (a customer: its case studies, testimonials,
    /// quotes and events; an advocate: the events they speak at, the testimonials
    /// and quotes under their name, and the activities on their profile).
    pub items: usize,
    /// The same, per kind.
    pub by_kind: BTreeMap<&'static str, usize>,
    /// The latest date among those items (an event's start day).
    pub last: Option<Date>,
}

/// The two taxonomies of `--cross a,b`, checked: a wrong name is a usage error with a
/// suggestion.
pub fn parse_cross(text: &str) -> Result<(&'static str, &'static str), Diagnostic> {
    let names: Vec<&str> = text.split(',').map(str::trim).collect();
    let usage = |message: String| {
        Diagnostic::error("--cross", message).hint(format!(
            "name two taxonomies, e.g. --cross industry,lifecycle (taxonomies: {})",
            TAXONOMY_FIELDS.join(", ")
        ))
    };
    let [a, b] = names[..] else {
        return Err(usage(format!("'{text}' is not two taxonomies")));
    };
    let find = |name: &str| {
        let wanted = name.replace('-', "_");
        TAXONOMY_FIELDS
            .into_iter()
            .find(|t| *t == wanted)
            .ok_or_else(|| {
                let d = Diagnostic::error("--cross", format!("unknown taxonomy '{name}'"));
                match did_you_mean(name, TAXONOMY_FIELDS) {
                    Some(best) => d.hint(format!("did you mean '{best}'?")),
                    None => d.hint(format!("taxonomies: {}", TAXONOMY_FIELDS.join(", "))),
                }
            })
    };
    let (a, b) = (find(a)?, find(b)?);
    if a == b {
        return Err(usage(format!("'{a}' crossed with itself says nothing")));
    }
    Ok((a, b))
}

/// Reads the site at `root` and makes its report. Fails with every problem when the
/// content has errors (the same ones `vouch check` lists): counts of a broken site
/// would mislead.
pub fn make(root: &Path, options: &Options) -> Result<Report, Diagnostics> {
    let config = Config::load(root).map_err(Diagnostics)?;
    let (content, mut load_problems) = content::load(root);
    // Translations are words of their originals, not items: the report counts items.
    let (content, translations, translation_problems) =
        crate::translations::split(content, &config);
    load_problems.extend(translation_problems);
    let files: Vec<Arc<Document>> = content
        .documents
        .iter()
        .filter(|d| !d.is_section_intro)
        .cloned()
        .collect();
    let site_options = site::Options {
        drafts: false,
        index_links: false,
        now: options.now,
    };
    let languages = crate::translations::status::status(&translations, &files, &config);
    let (site, site_problems) = site::assemble(config, content, &site_options, None);
    let mut problems = Diagnostics(load_problems);
    problems.extend(site_problems.into_sorted());
    if problems.has_errors() {
        problems.sort();
        return Err(problems.without_notes());
    }
    let mut report = Report::of(&site, &files, options.cross);
    report.translations = languages;
    Ok(report)
}

impl Report {
    /// The report of a published `site`, with `files` every item file of the content
    /// (drafts, scheduled and withheld ones too).
    pub fn of(
        site: &Site,
        files: &[Arc<Document>],
        cross: Option<(&'static str, &'static str)>,
    ) -> Report {
        let stale_after_months = site.config.report.stale_after_months;
        Report {
            title: site.config.title.clone(),
            generated: site.today,
            taxonomies: site
                .taxonomies
                .iter()
                .map(|t| (t.name, t.title.clone()))
                .collect(),
            items: KINDS
                .iter()
                .chain([&Kind::Page])
                .map(|k| (k.name(), site.of_kind(*k).len()))
                .collect(),
            coverage: coverage(site),
            cross: cross.map(|(rows, columns)| cross::crossed(site, rows, columns)),
            stale_after_months,
            stale: stale(site, stale_after_months),
            approvals: approvals(files, site.today),
            pipeline: pipeline(files, site.today),
            people: people(site),
            translations: Vec::new(),
        }
    }

    /// The coverage of each taxonomy as a table (terms down, kinds across), in the order
    /// the report lists them: what the text and the HTML report both draw.
    pub fn coverage_tables(&self) -> Vec<CoverageTable<'_>> {
        let mut taxonomies: Vec<&str> = self.coverage.iter().map(|c| c.taxonomy).collect();
        taxonomies.dedup();
        taxonomies
            .into_iter()
            .map(|taxonomy| {
                let rows: Vec<&Coverage> = self
                    .coverage
                    .iter()
                    .filter(|c| c.taxonomy == taxonomy)
                    .collect();
                let kinds: Vec<&'static str> = KINDS
                    .iter()
                    .map(|k| k.name())
                    .filter(|k| rows.iter().any(|c| c.kind == *k))
                    .collect();
                let mut terms: Vec<&str> = Vec::new();
                for row in &rows {
                    if !terms.contains(&row.term.as_str()) {
                        terms.push(&row.term);
                    }
                }
                let count = |term: &str, kind: &str| {
                    rows.iter()
                        .find(|c| c.kind == kind && c.term == term)
                        .map_or(0, |c| c.count)
                };
                let counts = terms
                    .iter()
                    .map(|t| kinds.iter().map(|k| count(t, k)).collect())
                    .collect();
                CoverageTable {
                    taxonomy,
                    declared: rows.iter().all(|c| c.declared),
                    kinds,
                    terms,
                    counts,
                }
            })
            .collect()
    }

    /// Declared terms with no item of a kind: what to ask customers for next.
    pub fn gaps(&self) -> impl Iterator<Item = &Coverage> {
        self.coverage.iter().filter(|c| c.count == 0 && c.declared)
    }

    /// The people of a kind (`customer`, `advocate`), the most featured first (then the
    /// most recently), in name order among equals.
    pub fn ranked(&self, kind: &str) -> Vec<&Person> {
        let mut people: Vec<&Person> = self.people.iter().filter(|p| p.kind == kind).collect();
        people.sort_by_key(|p| std::cmp::Reverse((p.items, p.last)));
        people
    }

    /// Published items per kind, in the order the site shows the kinds.
    pub fn counts(&self) -> impl Iterator<Item = (&'static str, usize)> + '_ {
        let kinds = KINDS.iter().chain([&Kind::Page]);
        kinds.map(|k| (k.name(), self.items.get(k.name()).copied().unwrap_or(0)))
    }

    /// The first day a dated item is no longer stale.
    pub fn stale_before(&self) -> Date {
        months_before(self.generated, self.stale_after_months)
    }
}

/// Whether items of `kind` carry terms of `taxonomy` (a case study every taxonomy, a
/// customer its company's, every kind tags).
pub fn carries(kind: Kind, taxonomy: &str) -> bool {
    match taxonomy {
        "tags" => true,
        "industry" | "company_size" | "region" => matches!(kind, Kind::CaseStudy | Kind::Customer),
        _ => kind == Kind::CaseStudy,
    }
}

/// Per taxonomy, term and kind carrying it: how many published items have the term.
/// The terms are the declared ones, or those in use when a taxonomy declares none (a
/// term one kind uses and another lacks is still a gap of the other).
fn coverage(site: &Site) -> Vec<Coverage> {
    let mut rows = Vec::new();
    for taxonomy in site.taxonomies.iter() {
        let declared = site.config.taxonomy(taxonomy.name).1.is_some();
        for kind in KINDS.into_iter().filter(|k| carries(*k, taxonomy.name)) {
            for term in &taxonomy.terms {
                rows.push(Coverage {
                    kind: kind.name(),
                    taxonomy: taxonomy.name,
                    term: term.label.clone(),
                    slug: term.slug.clone(),
                    count: of_kind(site, &term.items, kind).count(),
                    declared,
                });
            }
        }
    }
    rows
}

fn of_kind<'a>(site: &'a Site, ids: &'a [ItemId], kind: Kind) -> impl Iterator<Item = ItemId> + 'a {
    ids.iter()
        .copied()
        .filter(move |&id| site.items[id].kind() == kind)
}

/// The folders a report file must stay out of: the content (the next build would copy
/// it as an asset) and the build's output (`public/`, which GitLab Pages publishes).
/// The report lists drafts, missing approvals and people asked too often: it is for the
/// team, not the public.
pub const PRIVATE_FOLDERS: [&str; 2] = [content::CONTENT_DIR, "public"];

/// Refuses a `--out` file inside the content or the output folder, once `..` and links
/// are resolved (a link in `reports/` to `public/` is still `public/`).
pub fn check_out(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let resolved = resolve(out);
    for folder in PRIVATE_FOLDERS {
        let private = resolve(&root.join(folder));
        if resolved.starts_with(&private) {
            return Err(Diagnostic::error(
                out,
                format!("the report would be written into {folder}/, and the next build would publish it"),
            )
            .hint("the report lists drafts, missing approvals and who is asked too often: write it outside the site's content and output, e.g. --out report.html"));
        }
    }
    Ok(())
}

/// `path` with links and `..` resolved as far as it exists, the rest appended as
/// written (the report file itself usually does not exist yet).
fn resolve(path: &Path) -> std::path::PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    let mut existing = absolute.as_path();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut full = real;
            for part in rest.iter().rev() {
                match part {
                    std::path::Component::ParentDir => {
                        full.pop();
                    }
                    std::path::Component::CurDir => {}
                    other => full.push(other),
                }
            }
            return full;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// `months` calendar months before `day` (the last day of a shorter month when `day`
/// does not exist there).
fn months_before(day: Date, months: u32) -> Date {
    let span = jiff::Span::new().months(i64::from(months));
    day.checked_sub(span).unwrap_or(Date::MIN)
}

/// Published stories, testimonials and quotes dated before the threshold, oldest first.
fn stale(site: &Site, months: u32) -> Vec<Stale> {
    let before = months_before(site.today, months);
    let mut stale: Vec<Stale> = [Kind::CaseStudy, Kind::Testimonial, Kind::Quote]
        .into_iter()
        .flat_map(|kind| site.of_kind(kind).iter().map(|&id| &site.items[id]))
        .filter_map(|item| {
            let date = item.date.filter(|d| *d < before)?;
            Some(Stale {
                file: file_of(&item.doc),
                kind: item.kind().name(),
                date,
            })
        })
        .collect();
    stale.sort_by(|a, b| (a.date, &a.file).cmp(&(b.date, &b.file)));
    stale
}

/// The file's path relative to the site, with `/` separators on every system.
fn file_of(doc: &Document) -> String {
    let parts: Vec<_> = doc
        .path
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

/// Approvals of every file that carries one (drafts too: they are the next to publish).
fn approvals(files: &[Arc<Document>], today: Date) -> Approvals {
    let horizon = EXPIRY_WINDOWS[EXPIRY_WINDOWS.len() - 1];
    let mut out = Approvals::default();
    for doc in files {
        match doc.front.approval() {
            Some(approval) => {
                let Some(expires) = approval.expires.map(|d| d.0) else {
                    continue;
                };
                let days = (expires - today).get_days();
                if site::approval_expired(expires, today) {
                    out.expired.push(file_of(doc));
                } else if days <= horizon {
                    out.expiring.push(Expiring {
                        file: file_of(doc),
                        expires,
                        days,
                    });
                }
            }
            None => {
                if site::needs_approval(doc) {
                    out.missing.push(file_of(doc));
                }
            }
        }
    }
    out.expiring
        .sort_by(|a, b| (a.days, &a.file).cmp(&(b.days, &b.file)));
    out
}

/// Drafts, and files dated after today, in date order.
fn pipeline(files: &[Arc<Document>], today: Date) -> Pipeline {
    let mut out = Pipeline::default();
    for doc in files {
        let common = doc.front.common();
        let date = common.date.map(|d| d.0);
        let pending = || Pending {
            file: file_of(doc),
            kind: doc.kind.name(),
            date,
        };
        if common.draft {
            out.drafts.push(pending());
        } else if site::scheduled(date, today) {
            out.scheduled.push(pending());
        }
    }
    for list in [&mut out.drafts, &mut out.scheduled] {
        list.sort_by(|a, b| (a.date, &a.file).cmp(&(b.date, &b.file)));
    }
    out
}

/// A name as people write it, for matching an advocate to the words under their name.
fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The day an item counts as featured: its date, or an event's start day.
fn day_of(site: &Site, id: ItemId) -> Option<Date> {
    let item = &site.items[id];
    item.schedule.as_ref().map(|s| s.start.date()).or(item.date)
}

/// How the report counts an advocate's activities of a kind ("3 talks").
fn activity_plural(kind: crate::content::values::ActivityKind) -> &'static str {
    use crate::content::values::ActivityKind as A;
    match kind {
        A::Talk => "talks",
        A::Post => "posts",
        A::Contribution => "contributions",
        A::ReferenceCall => "reference calls",
        A::Other => "other activities",
    }
}

/// Per published customer and advocate, the published items featuring them.
fn people(site: &Site) -> Vec<Person> {
    let rel = &site.relations;
    let mut by_author: HashMap<String, Vec<ItemId>> = HashMap::default();
    for kind in [Kind::Testimonial, Kind::Quote] {
        for &id in site.of_kind(kind) {
            let author = match &site.items[id].doc.front {
                Front::Testimonial(t) => &t.author,
                Front::Quote(q) => &q.author,
                _ => continue,
            };
            by_author.entry(name_key(author)).or_default().push(id);
        }
    }
    let person = |kind: Kind, id: ItemId, featured: Vec<ItemId>| {
        let item = &site.items[id];
        let mut by_kind: BTreeMap<&'static str, usize> = BTreeMap::new();
        for &f in &featured {
            *by_kind.entry(site.items[f].kind().name()).or_default() += 1;
        }
        // An advocate's own record of talks, posts and reference calls counts as much
        // as the items under their name: it is what the programme asked of them.
        let activities = match &item.doc.front {
            Front::Advocate(a) => a.activities.as_slice(),
            _ => &[],
        };
        for activity in activities {
            *by_kind.entry(activity_plural(activity.kind)).or_default() += 1;
        }
        let last_item = featured.iter().filter_map(|&f| day_of(site, f)).max();
        let last_activity = activities.iter().map(|a| a.date.0).max();
        Person {
            kind: kind.name(),
            slug: item.slug.clone(),
            name: item.title.clone(),
            items: featured.len() + activities.len(),
            by_kind,
            last: last_item.max(last_activity),
        }
    };
    let customers = site.of_kind(Kind::Customer).iter().map(|&id| {
        let featured = rel.of_customer.get(&id).map_or_else(Vec::new, |of| {
            let lists = [&of.case_studies, &of.testimonials, &of.quotes, &of.events];
            lists.into_iter().flatten().copied().collect()
        });
        person(Kind::Customer, id, featured)
    });
    let advocates = site.of_kind(Kind::Advocate).iter().map(|&id| {
        let events = rel.events_of_advocate.get(&id).into_iter().flatten();
        let words = by_author.get(&name_key(&site.items[id].title));
        let featured = events.chain(words.into_iter().flatten()).copied().collect();
        person(Kind::Advocate, id, featured)
    });
    customers.chain(advocates).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cross_names_are_checked_with_a_suggestion() {
        assert_eq!(
            parse_cross("industry,lifecycle").unwrap(),
            ("industry", "lifecycle")
        );
        assert_eq!(
            parse_cross("company-size, region").unwrap(),
            ("company_size", "region")
        );
        let wrong = parse_cross("industy,lifecycle").unwrap_err();
        assert_eq!(wrong.message, "unknown taxonomy 'industy'");
        assert_eq!(wrong.hint.as_deref(), Some("did you mean 'industry'?"));
        assert!(parse_cross("industry").is_err());
        assert!(parse_cross("industry,industry").is_err());
    }

    #[test]
    fn stale_threshold_counts_calendar_months() {
        let day = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(months_before(day("2026-11-25"), 18), day("2025-05-25"));
        assert_eq!(months_before(day("2026-03-31"), 1), day("2026-02-28"));
    }

    #[test]
    fn taxonomies_belong_to_the_kinds_that_carry_them() {
        assert!(carries(Kind::CaseStudy, "lifecycle"));
        assert!(carries(Kind::Customer, "industry"));
        assert!(!carries(Kind::Customer, "stages"));
        assert!(carries(Kind::Quote, "tags"));
        assert!(!carries(Kind::Quote, "industry"));
    }
}

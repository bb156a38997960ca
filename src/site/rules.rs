//! Publishing rules: drafts, scheduled dates, approvals and what a file's own words
//! may say.

use super::files::check_own_fields;
use super::model::{Item, Published};
use super::{events, urls};
use crate::config::ApprovalPolicy;
use crate::content::kinds::Kind;
use crate::content::{Document, Front};
use crate::diagnostics::Diagnostic;
use crate::scaffold::placeholders::{self, Spot};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::sync::Arc;

pub(super) fn final_slug(doc: &Document) -> String {
    match doc.front.common().slug {
        Some(slug) => slug.to_string(),
        None => urls::slugify(&doc.file_slug),
    }
}

/// The publishing rules in force for one assembly of the site.
pub(super) struct Rules<'a> {
    /// What a missing approval does.
    pub(super) approvals: ApprovalPolicy,
    /// Publish drafts and scheduled items too.
    pub(super) drafts: bool,
    /// The day scheduled dates and approvals are compared with.
    pub(super) today: Date,
    /// The path prefix of every link.
    pub(super) base_path: &'a str,
}

/// Applies the publishing rules to one document with its final `slug`; `None` when it
/// is withheld.
pub(super) fn publishable(
    doc: Arc<Document>,
    slug: String,
    rules: &Rules<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Item> {
    let Rules {
        approvals,
        drafts,
        today,
        base_path,
    } = *rules;
    let common = doc.front.common();
    if !urls::is_plain_segment(&slug) {
        problems.push(
            Diagnostic::error(
                &doc.path,
                format!("the slug '{slug}' is not a plain URL segment"),
            )
            .field("slug")
            .at_line(doc.line_of("slug"))
            .hint("use lowercase letters, digits and dashes only, e.g. acme-ships-faster"),
        );
        return None;
    }
    let kind = doc.kind;
    let required_title = kind.required_after_parsing().contains(&"title");
    if required_title && common.title.is_none_or(|t| t.trim().is_empty()) {
        problems.push(
            Diagnostic::error(&doc.path, "missing required field 'title'")
                .field("title")
                .at(2, 1)
                .hint(format!(
                    "add a line 'title: …' to the front matter of this {}",
                    kind.label().to_lowercase()
                )),
        );
    }
    let required_date = kind.required_after_parsing().contains(&"date");
    if required_date && common.date.is_none() {
        problems.push(
            Diagnostic::error(&doc.path, "missing required field 'date'")
                .field("date")
                .at(2, 1)
                .hint("add a line 'date: YYYY-MM-DD' (the day it was published)"),
        );
    }
    if common.draft && !drafts {
        return None;
    }
    check_placeholders(&doc, problems);
    let date = common.date.map(|d| d.0);
    if scheduled(date, today) && !drafts {
        return None;
    }
    if !approved(&doc, approvals, today, problems) {
        return None;
    }
    check_customers_words(&doc, problems);
    check_own_fields(&doc, problems);
    let title = title_of(&doc.front);
    let (dir, url) = address_of(&doc, &slug, base_path);
    // Events are ordered by their start: resolve zones and offsets now.
    let schedule = match &doc.front {
        Front::Event(ev) => {
            match events::schedule(&doc, ev.start, ev.end, ev.timezone.as_deref()) {
                Ok(schedule) => Some(schedule),
                Err(d) => {
                    problems.push(d);
                    None
                }
            }
        }
        _ => None,
    };
    Some(Item {
        published: Arc::new(Published {
            doc,
            slug,
            title,
            date,
            dir,
            address: url,
            terms: BTreeMap::new(),
            schedule,
            notes: Arc::from([]),
        }),
        customer: None,
        wall_page: 0,
    })
}

/// An item's page folder, if it has a page, and its address.
fn address_of(doc: &Document, slug: &str, base_path: &str) -> (Option<String>, String) {
    if let Some(elsewhere) = &doc.elsewhere {
        // Shown by another language's pages without a translation: linked to where it is.
        return (None, elsewhere.clone());
    }
    if doc.kind.has_own_page() {
        let dir = page_dir(doc, slug);
        let url = urls::link(base_path, &dir);
        return (Some(dir), url);
    }
    let url = urls::link(base_path, &format!("{}/#{slug}", doc.kind.folder()));
    (None, url)
}

/// The output folder of an item with its own page.
pub(super) fn page_dir(doc: &Document, slug: &str) -> String {
    if doc.kind != Kind::Page {
        return urls::page_dir(doc.kind.folder(), slug);
    }
    // A page keeps its folders: content/company/team.md → company/team/.
    let parent = match &doc.bundle_dir {
        Some(dir) => dir.rsplit_once('/').map_or("", |(p, _)| p),
        None => doc.content_path.rsplit_once('/').map_or("", |(p, _)| p),
    };
    let parent: Vec<String> = parent
        .split('/')
        .filter(|s| !s.is_empty())
        .map(urls::slugify)
        .collect();
    urls::page_dir(&parent.join("/"), slug)
}

/// Stand-in words of `vouch new` left in an item that is not a draft: it would publish
/// "One or two sentences for cards…" (drafts may keep them, the preview shows them).
fn check_placeholders(doc: &Document, problems: &mut Vec<Diagnostic>) {
    if doc.front.common().draft {
        return;
    }
    let hint = "write the real text here, or keep 'draft: true' until it is ready";
    for p in placeholders::PLACEHOLDERS {
        let Spot::Field(name) = p.spot else { continue };
        let value = match (&doc.front, name) {
            (Front::CaseStudy(f), "summary") => f.summary.as_str(),
            (front, "customer") => match front.customer() {
                Some(slug) => slug,
                None => continue,
            },
            _ => continue,
        };
        if let Some(text) = placeholders::in_field(name, value) {
            problems.push(
                Diagnostic::error(
                    &doc.path,
                    format!("{name} is still the placeholder \"{text}\" written by vouch new"),
                )
                .field(name)
                .at_line(doc.line_of(name))
                .hint(match name {
                    "customer" => "write the customer's slug (its file name in content/customers/ without .md), or keep 'draft: true' until it is ready",
                    _ => hint,
                }),
            );
        }
    }
    for (line, text) in placeholders::in_body(&doc.body) {
        problems.push(
            Diagnostic::error(
                &doc.path,
                format!("the text still has the placeholder \"{text}\" written by vouch new"),
            )
            .at(doc.body_line + line, 1)
            .hint(hint),
        );
    }
}

/// The longest quote that still reads as a quote (a tweet's length), in characters.
pub const QUOTE_MAX_CHARS: usize = 280;

/// Testimonials and quotes are a customer's words: they need some, a rating on the
/// 1–5 scale, and a quote short enough to quote.
pub(super) fn check_customers_words(doc: &Document, problems: &mut Vec<Diagnostic>) {
    let rating = match &doc.front {
        Front::Testimonial(t) => t.rating,
        Front::Quote(_) => None,
        _ => return,
    };
    if let Some(rating) = rating.filter(|r| !(1..=5).contains(r)) {
        problems.push(
            Diagnostic::error(&doc.path, format!("rating {rating} is out of range"))
                .field("rating")
                .at_line(doc.line_of("rating"))
                .hint("use a whole number from 1 to 5 (stars), or leave rating out"),
        );
    }
    let words = doc.body.trim();
    let what = doc.kind.label().to_lowercase();
    if words.is_empty() {
        problems.push(
            Diagnostic::error(&doc.path, format!("the {what} has no text"))
                .at(doc.body_line.max(1), 1)
                .hint("write the customer's words below the closing '---' of the front matter"),
        );
    } else if doc.kind == Kind::Quote {
        let length = words.chars().count();
        if length > QUOTE_MAX_CHARS {
            problems.push(
                Diagnostic::warning(
                    &doc.path,
                    format!("the quote is {length} characters long; quotes over {QUOTE_MAX_CHARS} are hard to quote"),
                )
                .at(doc.body_line, 1)
                .hint("shorten it to its strongest sentence, or make it a testimonial"),
            );
        }
    }
}

/// Whether a file puts a customer's words or story on the site, so that publishing it
/// needs the customer's approval (an advocate's profile speaks for the advocate).
pub fn needs_approval(doc: &Document) -> bool {
    doc.front.customer().is_some() && doc.kind != Kind::Advocate
}

/// Whether an approval that runs out on `expires` has run out by `today` (the item is
/// withheld from that day).
pub fn approval_expired(expires: Date, today: Date) -> bool {
    expires < today
}

/// Whether an item's words may leave the site for other channels (embeds, snippets,
/// share images): a current approval of its own, whatever `approvals:` lets onto the
/// site, and never a draft, a scheduled item or an expired approval. Other channels
/// copy words where a later withdrawal cannot reach them, so the bar is the approval.
pub fn may_leave_site(doc: &Document, today: Date) -> bool {
    let common = doc.front.common();
    let date = common.date.map(|d| d.0);
    let current = doc.front.approval().is_some_and(|a| {
        a.on.0 <= today && a.expires.is_none_or(|e| !approval_expired(e.0, today))
    });
    current && !common.draft && !scheduled(date, today)
}

/// Whether a file dated `date` is still waiting for its day.
pub fn scheduled(date: Option<Date>, today: Date) -> bool {
    date.is_some_and(|d| d > today)
}

/// How far ahead `vouch check` looks for approvals about to run out.
pub const APPROVAL_NOTICE_DAYS: i32 = 30;

/// Whether the item may be published under the approval policy; an expired approval
/// always withholds it.
pub(super) fn approved(
    doc: &Document,
    policy: ApprovalPolicy,
    today: Date,
    problems: &mut Vec<Diagnostic>,
) -> bool {
    if let Some(approval) = doc.front.approval() {
        if let Some(expires) = approval.expires {
            if approval_expired(expires.0, today) {
                problems.push(
                    Diagnostic::warning(
                        &doc.path,
                        format!("approval expired on {}; the item is withheld", expires.0),
                    )
                    .field("approval")
                    .at_line(doc.line_of("approval"))
                    .hint("renew the customer's approval and update 'expires', or delete the item"),
                );
                return false;
            }
            let days_left = (expires.0 - today).get_days();
            if days_left <= APPROVAL_NOTICE_DAYS {
                problems.push(
                    Diagnostic::note(
                        &doc.path,
                        format!("approval expires on {} (in {days_left} days)", expires.0),
                    )
                    .field("approval")
                    .at_line(doc.line_of("approval"))
                    .hint("ask the customer to renew it, or the item is withheld from that day"),
                );
            }
        }
        return true;
    }
    if needs_approval(doc) && !doc.front.common().draft {
        let (message, hint) = match doc.translation {
            None => ("no customer approval recorded", "add approval: { by: \"Name, Role, Company\", on: YYYY-MM-DD, expires: YYYY-MM-DD }"),
            Some(_) => ("no customer approval recorded for this translation: the original's approval covers only the words the customer approved", "add the customer's approval of these words to the translation: approval: { by: \"Name, Role, Company\", on: YYYY-MM-DD }"),
        };
        match policy {
            ApprovalPolicy::Off => {}
            ApprovalPolicy::Warn => problems.push(
                Diagnostic::warning(&doc.path, message)
                    .field("approval")
                    .at(1, 1)
                    .hint(hint),
            ),
            ApprovalPolicy::Require => {
                problems.push(
                    Diagnostic::error(&doc.path, message)
                        .field("approval")
                        .at(1, 1)
                        .hint(hint),
                );
                return false;
            }
        }
    }
    true
}

pub(super) fn title_of(front: &Front) -> String {
    if let Some(title) = front.common().title {
        return title.to_string();
    }
    match front {
        Front::Testimonial(t) => t.author.clone(),
        Front::Quote(q) => q.author.clone(),
        Front::Customer(c) => c.name.clone(),
        Front::Advocate(a) => a.name.clone(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(front: &str) -> Document {
        let front = if front.contains("date:") {
            front.to_string()
        } else {
            format!("date: 2026-01-01\n{front}")
        };
        let text = format!("---\nauthor: Dana\ncustomer: acme\n{front}---\nShips faster.\n");
        crate::content::parse_document(
            &text,
            "content/quotes/dana.md".into(),
            "quotes/dana.md".into(),
        )
        .expect("a quote")
    }

    #[test]
    fn only_words_with_a_current_approval_leave_the_site() {
        let today: Date = "2026-06-01".parse().unwrap();
        let leaves = |front: &str| may_leave_site(&quote(front), today);
        assert!(leaves("approval: { by: Dana, on: 2026-01-01 }\n"));
        assert!(leaves(
            "approval: { by: Dana, on: 2026-01-01, expires: 2026-06-01 }\n"
        ));
        assert!(!leaves(""), "no approval, whatever approvals: says");
        assert!(!leaves(
            "approval: { by: Dana, on: 2026-01-01, expires: 2026-05-31 }\n"
        ));
        assert!(!leaves("approval: { by: Dana, on: 2026-07-01 }\n"));
        assert!(!leaves(
            "draft: true\napproval: { by: Dana, on: 2026-01-01 }\n"
        ));
        assert!(!leaves(
            "date: 2026-06-02\napproval: { by: Dana, on: 2026-01-01 }\n"
        ));
    }
}

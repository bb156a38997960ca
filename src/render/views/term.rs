//! Taxonomies and terms: a taxonomy with its terms (filters, the taxonomy page) and a
//! term page's items, named and linked without their cards.

use super::card::Card;
use serde::Serialize;

/// One line of a term page: an item named and linked, without its card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry<'a> {
    /// The title (a testimonial's or quote's author).
    pub title: &'a str,
    /// Its page or wall anchor.
    pub url: &'a str,
    /// The customer's name.
    pub customer: Option<&'a str>,
    /// The words of a testimonial or quote (they have no page of their own to say them).
    pub words: Option<&'a str>,
}

/// A term page's items of one kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryGroup<'a> {
    /// The heading ("Case studies").
    pub title: &'static str,
    /// The kind (`case-study`), for the heading's id.
    pub kind: &'static str,
    /// The items, in listing order.
    pub entries: Vec<Entry<'a>>,
}

impl<'a> Entry<'a> {
    /// The line of the item `card` shows.
    pub fn of(card: &'a Card) -> Entry<'a> {
        let quoted = matches!(card.kind, "testimonial" | "quote");
        Entry {
            title: &card.title,
            url: &card.url,
            customer: card.customer_name.as_deref(),
            words: quoted.then_some(card.summary.as_str()),
        }
    }
}

/// A term with its page and how many items it has.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermLink {
    /// The term slug.
    pub slug: String,
    /// The label.
    pub label: String,
    /// The term page.
    pub url: String,
    /// How many items.
    pub count: usize,
}

/// A taxonomy with its terms, for filters and the taxonomy page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Facet {
    /// Field name (`company_size`).
    pub name: &'static str,
    /// The heading.
    pub title: String,
    /// The taxonomy's page.
    pub url: String,
    /// Its terms (those in use).
    pub terms: Vec<TermLink>,
}

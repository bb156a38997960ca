//! The case-study library's filter index: every case study's title, address, customer
//! and facets in one compact file. A listing page shows one page of cards; the filter
//! fetches this file the first time a visitor uses it, so it filters all of them.

use crate::content::kinds::Kind;
use crate::render::Renderer;
use serde::Serialize;

/// The index file's shape; bumped when a field changes meaning or goes.
pub const LIBRARY_INDEX_VERSION: u32 = 1;

/// One case study, with short keys: at 10,000 items every byte counts ten thousand times.
#[derive(Serialize)]
struct Entry<'a> {
    /// Title.
    t: &'a str,
    /// URL.
    u: std::borrow::Cow<'a, str>,
    /// Customer name.
    #[serde(skip_serializing_if = "Option::is_none")]
    c: Option<&'a str>,
    /// Facets, `taxonomy:slug` words separated by spaces (as the cards' `data-filters`).
    f: &'a str,
}

#[derive(Serialize)]
struct Index<'a> {
    version: u32,
    count: usize,
    items: Vec<Entry<'a>>,
}

/// `case-studies/filter.json`, in listing order.
pub fn library_index(renderer: &Renderer<'_>) -> String {
    let site = renderer.site();
    let cards = renderer.cards();
    let items: Vec<Entry<'_>> = site
        .of_kind(Kind::CaseStudy)
        .iter()
        .map(|&id| {
            let card = &cards[id];
            Entry {
                t: &card.title,
                u: site.page_link(&card.url),
                c: card.customer_name.as_deref(),
                f: &card.filters,
            }
        })
        .collect();
    let index = Index {
        version: LIBRARY_INDEX_VERSION,
        count: items.len(),
        items,
    };
    serde_json::to_string(&index).unwrap_or_default()
}

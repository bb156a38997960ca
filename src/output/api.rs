//! JSON for other sites: per kind, `/api/<folder>.json`, an index of every published
//! item without bodies, and `/api/<folder>/page/<n>.json`, pages of [`PAGE_SIZE`] items
//! with their fields and rendered HTML, linked by `prev` and `next`. An index stays
//! small enough to fetch whole at 10,000 items (the old one file per kind with every
//! body reached 33 MB), and a consumer fetches only the pages of the bodies it shows.
//! Pages rather than a file per item: at 10,000 items, 10,900 more planned files made
//! every save in the preview 10–25 ms slower (docs/decisions.md). The shape is
//! described in docs/api.md.

use crate::content::kinds::Kind;
use crate::render::views::Card;
use crate::render::Body;
use crate::site::{ItemId, Site};
use serde::Serialize;
use std::collections::BTreeMap;

/// The version of the API files' shape; bumped when a field changes meaning or goes.
/// Version 2 moved `fields` and `html` out of the index into pages.
pub const API_VERSION: u32 = 2;

/// Items per page file: a page of case studies stays near 200 KB, and a kind of 4,000
/// items needs 160 pages, not 4,000 files.
pub const PAGE_SIZE: usize = 25;

/// The kinds that have API files.
pub fn api_kinds() -> impl Iterator<Item = Kind> {
    Kind::ALL.into_iter().filter(|k| *k != Kind::Page)
}

/// One API file, made when it is written (or, in the preview, first asked for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiFile {
    /// `api/<folder>.json`: every published item of a kind, without its body.
    Index(Kind),
    /// `api/<folder>/page/<n + 1>.json`: the kind's items `n * PAGE_SIZE ..` with their
    /// fields and rendered HTML.
    Page(Kind, usize),
}

impl ApiFile {
    /// Where the file goes inside the output folder.
    pub fn path(self) -> String {
        match self {
            ApiFile::Index(kind) => format!("api/{}.json", kind.folder()),
            ApiFile::Page(kind, n) => page_path(kind, n),
        }
    }

    /// Every API file of `site`: each kind's index, then its pages.
    pub fn all(site: &Site) -> impl Iterator<Item = ApiFile> + '_ {
        api_kinds().flat_map(|kind| {
            let pages = (0..pages(site, kind)).map(move |n| ApiFile::Page(kind, n));
            std::iter::once(ApiFile::Index(kind)).chain(pages)
        })
    }

    /// Serializes the file straight into `out`: the items borrow the site's values, so
    /// no copy of the bodies is made.
    pub fn write(
        self,
        site: &Site,
        bodies: &[Body],
        cards: &[std::sync::Arc<Card>],
        out: impl std::io::Write,
    ) -> std::io::Result<()> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        match self {
            ApiFile::Index(kind) => serde_json::to_writer(&mut out, &index(site, cards, kind))?,
            ApiFile::Page(kind, n) => {
                serde_json::to_writer(&mut out, &page(site, bodies, cards, kind, n))?
            }
        }
        std::io::Write::write_all(&mut out, b"\n")?;
        std::io::Write::flush(&mut out)
    }
}

/// How many pages a kind has.
fn pages(site: &Site, kind: Kind) -> usize {
    site.of_kind(kind).len().div_ceil(PAGE_SIZE)
}

/// `api/<folder>/page/<n + 1>.json`.
fn page_path(kind: Kind, n: usize) -> String {
    format!("api/{}/page/{}.json", kind.folder(), n + 1)
}

/// The absolute URL of page `n` of a kind.
fn page_url(site: &Site, kind: Kind, n: usize) -> String {
    site.absolute(&site.link(&page_path(kind, n)))
}

/// What the index and the item's page both say about an item.
#[derive(Serialize)]
struct Summary<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    date: Option<String>,
    customer: Option<&'a str>,
    terms: &'a BTreeMap<&'static str, Vec<String>>,
    /// The absolute URL of the API page that holds the item's fields and body.
    api_url: String,
    /// The absolute URL of its share image (1200x630 PNG), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    share_image: Option<String>,
}

/// The summary of item `id`, which is on page `n` of its kind.
fn summary<'a>(
    site: &'a Site,
    cards: &[std::sync::Arc<Card>],
    id: ItemId,
    n: usize,
) -> Summary<'a> {
    let item = &site.items[id];
    let share = cards.get(id).and_then(|c| c.share.as_ref());
    Summary {
        slug: &item.slug,
        title: &item.title,
        url: site.absolute(&item.url()),
        date: item.date.map(|d| d.to_string()),
        customer: item.customer.map(|c| site.items[c].slug.as_str()),
        terms: &item.terms,
        api_url: page_url(site, item.kind(), n),
        share_image: share.filter(|s| s.made()).map(|s| site.absolute(&s.url)),
    }
}

/// `api/<folder>.json`: a versioned envelope around every item's summary.
#[derive(Serialize)]
struct Index<'a> {
    version: u32,
    kind: &'static str,
    generated_by: &'static str,
    count: usize,
    /// The absolute URLs of the pages, in order.
    pages: Vec<String>,
    items: Vec<Summary<'a>>,
}

fn index<'a>(site: &'a Site, cards: &[std::sync::Arc<Card>], kind: Kind) -> Index<'a> {
    let ids = site.of_kind(kind).iter().enumerate();
    let items: Vec<Summary<'_>> = ids
        .map(|(i, &id)| summary(site, cards, id, i / PAGE_SIZE))
        .collect();
    Index {
        version: API_VERSION,
        kind: kind.name(),
        generated_by: "vouch",
        count: items.len(),
        pages: (0..pages(site, kind))
            .map(|n| page_url(site, kind, n))
            .collect(),
        items,
    }
}

/// One item on a page: its summary, the front matter and the rendered body.
#[derive(Serialize)]
struct Item<'a> {
    #[serde(flatten)]
    summary: Summary<'a>,
    fields: &'a crate::content::Front,
    html: &'a str,
}

/// `api/<folder>/page/<n>.json`: a versioned envelope around a page of items, linked to
/// the pages before and after it.
#[derive(Serialize)]
struct Page<'a> {
    version: u32,
    kind: &'static str,
    generated_by: &'static str,
    page: usize,
    pages: usize,
    count: usize,
    prev: Option<String>,
    next: Option<String>,
    items: Vec<Item<'a>>,
}

fn page<'a>(
    site: &'a Site,
    bodies: &'a [Body],
    cards: &[std::sync::Arc<Card>],
    kind: Kind,
    n: usize,
) -> Page<'a> {
    let ids = site
        .of_kind(kind)
        .iter()
        .skip(n * PAGE_SIZE)
        .take(PAGE_SIZE);
    let items: Vec<Item<'a>> = ids
        .map(|&id| Item {
            summary: summary(site, cards, id, n),
            fields: &site.items[id].doc.front,
            html: &bodies[id].html,
        })
        .collect();
    let pages = pages(site, kind);
    Page {
        version: API_VERSION,
        kind: kind.name(),
        generated_by: "vouch",
        page: n + 1,
        pages,
        count: items.len(),
        prev: n.checked_sub(1).map(|p| page_url(site, kind, p)),
        next: (n + 1 < pages).then(|| page_url(site, kind, n + 1)),
        items,
    }
}

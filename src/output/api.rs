//! JSON for other sites: per kind, `/api/<folder>.json`, an index of every published
//! item without bodies, and per item `/api/<folder>/<slug>.json` with its fields and
//! rendered HTML. An index stays small enough to fetch whole at 10,000 items (the old
//! one file per kind with every body reached 33 MB), and a consumer fetches only the
//! bodies it shows. The shape is described in docs/api.md.

use crate::content::kinds::Kind;
use crate::render::Body;
use crate::site::{ItemId, Site};
use serde::Serialize;
use std::collections::BTreeMap;

/// The version of the API files' shape; bumped when a field changes meaning or goes.
/// Version 2 moved `fields` and `html` out of the index into one file per item.
pub const API_VERSION: u32 = 2;

/// The kinds that have API files.
pub fn api_kinds() -> impl Iterator<Item = Kind> {
    Kind::ALL.into_iter().filter(|k| *k != Kind::Page)
}

/// One API file, made when it is written (or, in the preview, first asked for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiFile {
    /// `api/<folder>.json`: every published item of a kind, without its body.
    Index(Kind),
    /// `api/<folder>/<slug>.json`: one item with its fields and rendered HTML.
    Item(ItemId),
}

impl ApiFile {
    /// Where the file goes inside the output folder.
    pub fn path(self, site: &Site) -> String {
        match self {
            ApiFile::Index(kind) => format!("api/{}.json", kind.folder()),
            ApiFile::Item(id) => item_path(site, id),
        }
    }

    /// Every API file of `site`: each kind's index, then its items' files.
    pub fn all(site: &Site) -> impl Iterator<Item = ApiFile> + '_ {
        api_kinds().flat_map(|kind| {
            let items = site.of_kind(kind).iter().map(|&id| ApiFile::Item(id));
            std::iter::once(ApiFile::Index(kind)).chain(items)
        })
    }

    /// Serializes the file straight into `out`: the items borrow the site's values, so
    /// no copy of the bodies is made.
    pub fn write(
        self,
        site: &Site,
        bodies: &[Body],
        out: impl std::io::Write,
    ) -> std::io::Result<()> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        match self {
            ApiFile::Index(kind) => serde_json::to_writer(&mut out, &index(site, kind))?,
            ApiFile::Item(id) => serde_json::to_writer(&mut out, &item(site, bodies, id))?,
        }
        std::io::Write::write_all(&mut out, b"\n")?;
        std::io::Write::flush(&mut out)
    }
}

/// `api/<folder>/<slug>.json` of an item.
fn item_path(site: &Site, id: ItemId) -> String {
    let item = &site.items[id];
    format!("api/{}/{}.json", item.kind().folder(), item.slug)
}

/// What the index and the item's own file both say about an item.
#[derive(Serialize)]
struct Summary<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    date: Option<String>,
    customer: Option<&'a str>,
    terms: &'a BTreeMap<&'static str, Vec<String>>,
    /// The absolute URL of the item's own API file.
    api_url: String,
}

fn summary(site: &Site, id: ItemId) -> Summary<'_> {
    let item = &site.items[id];
    Summary {
        slug: &item.slug,
        title: &item.title,
        url: site.absolute(&item.url),
        date: item.date.map(|d| d.to_string()),
        customer: item.customer.map(|c| site.items[c].slug.as_str()),
        terms: &item.terms,
        api_url: site.absolute(&site.link(&item_path(site, id))),
    }
}

/// `api/<folder>.json`: a versioned envelope around every item's summary.
#[derive(Serialize)]
struct Index<'a> {
    version: u32,
    kind: &'static str,
    generated_by: &'static str,
    count: usize,
    items: Vec<Summary<'a>>,
}

fn index(site: &Site, kind: Kind) -> Index<'_> {
    let items: Vec<Summary<'_>> = site
        .of_kind(kind)
        .iter()
        .map(|&id| summary(site, id))
        .collect();
    Index {
        version: API_VERSION,
        kind: kind.name(),
        generated_by: "vouch",
        count: items.len(),
        items,
    }
}

/// `api/<folder>/<slug>.json`: the summary, the front matter and the rendered body.
#[derive(Serialize)]
struct Item<'a> {
    version: u32,
    kind: &'static str,
    generated_by: &'static str,
    #[serde(flatten)]
    summary: Summary<'a>,
    fields: &'a crate::content::Front,
    html: &'a str,
}

fn item<'a>(site: &'a Site, bodies: &'a [Body], id: ItemId) -> Item<'a> {
    Item {
        version: API_VERSION,
        kind: site.items[id].kind().name(),
        generated_by: "vouch",
        summary: summary(site, id),
        fields: &site.items[id].doc.front,
        html: &bodies[id].html,
    }
}

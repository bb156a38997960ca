//! JSON for other sites and for search: `/api/<folder>.json` with every published item
//! (fields, URL, rendered HTML) in a versioned shape, and the compact search index.

use crate::content::kinds::Kind;
use crate::render::Body;
use crate::site::Site;
use serde::Serialize;

/// The version of the API files' shape; bumped when a field changes meaning or goes.
pub const API_VERSION: u32 = 1;

/// The kinds that have an API file, `api/<folder>.json`.
pub fn api_kinds() -> impl Iterator<Item = Kind> {
    Kind::ALL.into_iter().filter(|k| *k != Kind::Page)
}

/// One published item as other sites read it.
#[derive(Serialize)]
struct ApiItem<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    date: Option<String>,
    customer: Option<&'a str>,
    terms: &'a std::collections::BTreeMap<&'static str, Vec<String>>,
    fields: &'a crate::content::Front,
    html: &'a str,
}

/// The whole file: a versioned envelope around the items.
#[derive(Serialize)]
struct ApiFile<'a> {
    version: u32,
    kind: &'static str,
    generated_by: &'static str,
    count: usize,
    items: Vec<ApiItem<'a>>,
}

/// Writes `api/<folder>.json` for `kind` straight from the site: the items borrow the
/// site's values, so no copy of the bodies is made and nothing waits in memory.
pub fn write_api_file(
    site: &Site,
    bodies: &[Body],
    kind: Kind,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    let items: Vec<ApiItem<'_>> = site
        .of_kind(kind)
        .iter()
        .map(|&id| {
            let item = &site.items[id];
            ApiItem {
                slug: &item.slug,
                title: &item.title,
                url: site.absolute(&item.url),
                date: item.date.map(|d| d.to_string()),
                customer: item.customer.map(|c| site.items[c].slug.as_str()),
                terms: &item.terms,
                fields: &item.doc.front,
                html: &bodies[id].html,
            }
        })
        .collect();
    let file = ApiFile {
        version: API_VERSION,
        kind: kind.name(),
        generated_by: "vouch",
        count: items.len(),
        items,
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer(&mut out, &file)?;
    std::io::Write::write_all(&mut out, b"\n")?;
    std::io::Write::flush(&mut out)
}

/// One search hit, with short keys to keep the index small.
#[derive(Serialize)]
struct Entry<'a> {
    /// Title.
    t: &'a str,
    /// Summary.
    s: &'a str,
    /// Kind label.
    k: &'static str,
    /// Customer name.
    c: Option<&'a str>,
    /// Tags.
    g: Vec<&'a str>,
    /// URL.
    u: &'a str,
}

/// `search/index.json`: title, summary, kind, customer, tags and URL of every item.
pub fn search_index(site: &Site, bodies: &[Body]) -> String {
    let entries: Vec<Entry<'_>> = site
        .items
        .iter()
        .enumerate()
        .map(|(id, item)| {
            let summary = match &item.doc.front {
                crate::content::Front::CaseStudy(cs) => cs.summary.as_str(),
                _ => bodies[id].summary.as_str(),
            };
            Entry {
                t: &item.title,
                s: summary,
                k: item.kind().label(),
                c: item.customer.map(|c| site.items[c].title.as_str()),
                g: item
                    .terms
                    .get("tags")
                    .map(|t| t.iter().map(String::as_str).collect())
                    .unwrap_or_default(),
                u: &item.url,
            }
        })
        .collect();
    serde_json::to_string(&entries).unwrap_or_default()
}

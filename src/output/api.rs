//! JSON for other sites and for search: `/api/<folder>.json` with every published item
//! (fields, URL, rendered HTML) in a versioned shape, and the compact search index.

use crate::content::kinds::Kind;
use crate::render::Body;
use crate::site::Site;
use serde::Serialize;
use serde_json::{json, Value};

/// The version of the API files' shape; bumped when a field changes meaning or goes.
pub const API_VERSION: u32 = 1;

/// `api/<folder>.json` for every kind with a folder.
pub fn api_files(site: &Site, bodies: &[Body]) -> Vec<(String, String)> {
    use rayon::prelude::*;
    Kind::ALL
        .into_par_iter()
        .filter(|k| *k != Kind::Page)
        .map(|kind| {
            let items: Vec<Value> = site
                .of_kind(kind)
                .iter()
                .map(|&id| {
                    let item = &site.items[id];
                    json!({
                        "slug": item.slug,
                        "title": item.title,
                        "url": site.absolute(&item.url),
                        "date": item.date.map(|d| d.to_string()),
                        "customer": item.customer.map(|c| site.items[c].slug.clone()),
                        "terms": item.terms,
                        "fields": item.doc.front,
                        "html": bodies[id].html,
                    })
                })
                .collect();
            let doc = json!({
                "version": API_VERSION,
                "kind": kind.name(),
                "generated_by": "vouch",
                "count": items.len(),
                "items": items,
            });
            (format!("api/{}.json", kind.folder()), pretty(&doc))
        })
        .collect()
}

fn pretty(value: &Value) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
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

//! The site's own search index, for `/search/`.

use crate::render::Body;
use crate::site::Site;
use serde::Serialize;

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

//! Atom feeds: one for the whole site and one per section, with absolute links.

use crate::content::kinds::Kind;
use crate::escape::xml as xml_escape;
use crate::render::Body;
use crate::site::{ItemId, Site};
use std::fmt::Write as _;

/// How many entries a feed holds.
const FEED_LENGTH: usize = 50;

/// The kinds with a feed of their own (`<section>/atom.xml`); the site's `atom.xml`
/// holds them all.
pub const FEED_KINDS: [Kind; 4] = [Kind::CaseStudy, Kind::Testimonial, Kind::Quote, Kind::Event];

/// The path of a feed: the site's (`None`) or a section's.
pub fn feed_path(kind: Option<Kind>) -> String {
    match kind {
        None => "atom.xml".to_string(),
        Some(kind) => format!("{}/atom.xml", kind.folder()),
    }
}

/// One feed: the site's newest items (`None`) or one section's.
pub fn atom_feed(site: &Site, bodies: &[Body], kind: Option<Kind>) -> String {
    let kinds: &[Kind] = match &kind {
        None => &FEED_KINDS,
        Some(kind) => std::slice::from_ref(kind),
    };
    let mut ids: Vec<ItemId> = kinds
        .iter()
        .flat_map(|k| site.of_kind(*k).iter().copied())
        .collect();
    sort_newest_first(site, &mut ids);
    match kind {
        None => feed(site, bodies, &site.config.title, "", &ids),
        Some(kind) => {
            let title = format!("{} · {}", kind.plural(), site.config.title);
            feed(site, bodies, &title, &format!("{}/", kind.folder()), &ids)
        }
    }
}

/// When an item counts as published in feeds: its date, or an event's start — but never
/// after the build's "now" (an upcoming event, or a scheduled story built with
/// `--drafts`): Atom dates say when an entry appeared, and a feed from the future
/// confuses readers.
fn published(site: &Site, id: ItemId) -> String {
    let item = &site.items[id];
    let when = match (&item.schedule, item.date) {
        (_, Some(date)) => format!("{date}T00:00:00Z"),
        (Some(s), None) => s
            .start
            .timestamp()
            .strftime("%Y-%m-%dT%H:%M:%SZ")
            .to_string(),
        (None, None) => "1970-01-01T00:00:00Z".into(),
    };
    // Both are RFC 3339 in UTC with the same layout, so they compare as text.
    let now = site.now.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    when.min(now)
}

fn sort_newest_first(site: &Site, ids: &mut [ItemId]) {
    ids.sort_by_cached_key(|id| {
        std::cmp::Reverse((published(site, *id), site.items[*id].url().into_owned()))
    });
}

fn feed(site: &Site, bodies: &[Body], title: &str, folder: &str, ids: &[ItemId]) -> String {
    let ids = &ids[..ids.len().min(FEED_LENGTH)];
    let self_url = site.absolute(&site.link(&format!("{folder}atom.xml")));
    let page_url = site.absolute(&site.link(folder));
    let updated = ids
        .iter()
        .map(|id| published(site, *id))
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
    xml.push_str(&xml_escape(&site.config.language));
    let _ = write!(
        xml,
        "\">\n  <title>{}</title>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <id>{}</id>\n  <updated>{updated}</updated>\n  <generator uri=\"https://gitlab.com/\" version=\"{}\">vouch</generator>\n",
        xml_escape(title),
        xml_escape(&self_url),
        xml_escape(&page_url),
        xml_escape(&self_url),
        env!("CARGO_PKG_VERSION"),
    );
    if let Some(description) = &site.config.description {
        let _ = writeln!(xml, "  <subtitle>{}</subtitle>", xml_escape(description));
    }
    let _ = writeln!(
        xml,
        "  <author><name>{}</name></author>",
        xml_escape(
            site.config
                .brand
                .name
                .as_deref()
                .unwrap_or(&site.config.title)
        )
    );
    for &id in ids {
        let item = &site.items[id];
        let url = site.absolute(&item.url());
        let when = published(site, id);
        let _ = write!(
            xml,
            "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <id>{}</id>\n    <published>{when}</published>\n    <updated>{when}</updated>\n    <category term=\"{}\" label=\"{}\"/>\n    <summary>{}</summary>\n    <content type=\"html\">{}</content>\n  </entry>\n",
            xml_escape(&entry_title(site, id)),
            xml_escape(&url),
            xml_escape(&url),
            item.kind().name(),
            item.kind().label(),
            xml_escape(&bodies[id].summary),
            xml_escape(&absolutize(site, &bodies[id].html)),
        );
    }
    xml.push_str("</feed>\n");
    xml
}

fn entry_title(site: &Site, id: ItemId) -> String {
    let item = &site.items[id];
    match (item.kind(), item.customer) {
        (Kind::Testimonial | Kind::Quote, Some(c)) if item.doc.front.common().title.is_none() => {
            format!("{}, {}", item.title, site.items[c].title)
        }
        _ => item.title.clone(),
    }
}

/// Feed readers have no base URL: root-relative links in bodies become absolute.
fn absolutize(site: &Site, html: &str) -> String {
    let origin = site.absolute("/");
    let origin = origin.trim_end_matches('/');
    html.replace("href=\"/", &format!("href=\"{origin}/"))
        .replace("src=\"/", &format!("src=\"{origin}/"))
}

//! `sitemap.xml` and `robots.txt`, with absolute URLs from base_url.

use crate::escape::xml as xml_escape;
use crate::render::alternates::Alternates;
use crate::site::Site;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Every HTML page but the 404 page, with the item's date as lastmod where it has one.
pub fn sitemap(site: &Site, pages: &[String]) -> String {
    let dates = dates_of(site);
    let mut paths: Vec<&str> = pages
        .iter()
        .map(String::as_str)
        .filter(|p| *p != "404.html")
        .collect();
    paths.sort_unstable();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in paths {
        let url = site.absolute(&site.link(path.trim_end_matches("index.html")));
        let _ = write!(xml, "  <url><loc>{}</loc>", xml_escape(&url));
        if let Some(date) = dates.get(path) {
            let _ = write!(xml, "<lastmod>{date}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The sitemap of a site in several languages: every page of every language, each
/// naming its versions in the others (`xhtml:link`, as search engines read them), and
/// the default language's items dated.
pub fn with_alternates(site: &Site, alternates: &Alternates) -> String {
    let dates = dates_of(site);
    let mut paths: Vec<(&String, &Vec<u16>)> = alternates.pages.iter().collect();
    paths.sort_unstable();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for (path, languages) in paths {
        let versions = alternates.of(path, 0);
        for &at in languages {
            let root = &alternates.languages[usize::from(at)];
            let url = format!("{}{}", root.base_url, path.trim_end_matches("index.html"));
            let _ = write!(xml, "  <url><loc>{}</loc>", xml_escape(&url));
            if let Some(date) = dates.get(path.as_str()).filter(|_| at == 0) {
                let _ = write!(xml, "<lastmod>{date}</lastmod>");
            }
            for version in versions.iter().flatten() {
                let _ = write!(
                    xml,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    xml_escape(&version.lang),
                    xml_escape(&version.url)
                );
            }
            if let Some(first) = versions.as_ref().and_then(|v| v.first()) {
                let _ = write!(
                    xml,
                    "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                    xml_escape(&first.url)
                );
            }
            xml.push_str("</url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Each dated item's page (`case-studies/acme/index.html`) with its date, the
/// sitemap's `lastmod`.
fn dates_of(site: &Site) -> HashMap<String, String> {
    let dated = site.items.iter().filter_map(|(_, i)| {
        let page = format!("{}index.html", i.dir.as_ref()?);
        Some((page, i.date?.to_string()))
    });
    dated.collect()
}

/// Allows everything and names the sitemap.
pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.absolute(&site.link("sitemap.xml"))
    )
}

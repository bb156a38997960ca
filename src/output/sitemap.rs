//! `sitemap.xml` and `robots.txt`, with absolute URLs from base_url.

use crate::escape::xml as xml_escape;
use crate::site::Site;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Every HTML page but the 404 page, with the item's date as lastmod where it has one.
pub fn sitemap(site: &Site, pages: &[String]) -> String {
    let dates: HashMap<String, String> = site
        .items
        .iter()
        .filter_map(|(_, i)| {
            Some((
                format!("{}index.html", i.dir.as_ref()?),
                i.date?.to_string(),
            ))
        })
        .collect();
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

/// Allows everything and names the sitemap.
pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.absolute(&site.link("sitemap.xml"))
    )
}

//! Page links that name their `index.html` (`vouch build --index-links`), for hosts that
//! serve no index for a folder: GitLab's job artifact browser (a merge request's
//! preview) and a folder opened from disk. Applied to each page as it is written, so
//! the theme, a site's own templates and links in Markdown all follow. Only links
//! inside the site change (`href` and `action` values starting with the base path);
//! absolute URLs (canonical, `og:url`, JSON-LD, feeds, the sitemap) keep the clean form.

use crate::site::urls::with_index_file;

/// `html` with every `href="…"` and `action="…"` inside the site naming its `index.html`.
pub fn in_page(html: &str, base_path: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some((before, quote, after)) = next_link(rest) {
        out.push_str(before);
        let end = after.find(quote).unwrap_or(after.len());
        let (value, tail) = after.split_at(end);
        if value.starts_with(base_path) && !value.starts_with("//") {
            out.push_str(&with_index_file(value));
        } else {
            out.push_str(value);
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// The text up to and including the next link attribute's opening quote, the quote, and
/// what follows it.
fn next_link(text: &str) -> Option<(&str, char, &str)> {
    let mut from = 0;
    loop {
        let at = from + text[from..].find(['h', 'a'])?;
        let name = ["href=", "action="]
            .into_iter()
            .find(|n| text[at..].starts_with(n));
        let starts_attribute = at > 0 && text.as_bytes()[at - 1].is_ascii_whitespace();
        if let (Some(name), true) = (name, starts_attribute) {
            let value_at = at + name.len();
            if let Some(quote @ ('"' | '\'')) = text[value_at..].chars().next() {
                let (before, after) = text.split_at(value_at + 1);
                return Some((before, quote, after));
            }
        }
        from = at + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_inside_the_site_name_their_index() {
        let page = r##"<link rel="canonical" href="https://x.example/p/events/"><a href="/p/events/">E</a> <a class="c" href='/p/quotes/#acme'>Q</a><form action="/p/search/"><a href="/p/atom.xml">F</a><a href="#main">M</a><a href="//cdn.example/p/">C</a><p>a.href=/p/x/ and data-href="/p/y/"</p>"##;
        assert_eq!(
            in_page(page, "/p/"),
            r##"<link rel="canonical" href="https://x.example/p/events/"><a href="/p/events/index.html">E</a> <a class="c" href='/p/quotes/index.html#acme'>Q</a><form action="/p/search/index.html"><a href="/p/atom.xml">F</a><a href="#main">M</a><a href="//cdn.example/p/">C</a><p>a.href=/p/x/ and data-href="/p/y/"</p>"##
        );
    }

    #[test]
    fn a_page_ending_inside_an_attribute_is_kept() {
        assert_eq!(
            in_page("<a href=\"/p/x/", "/p/"),
            "<a href=\"/p/x/index.html"
        );
        assert_eq!(in_page("<a href=", "/p/"), "<a href=");
    }
}

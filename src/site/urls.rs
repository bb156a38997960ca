//! URL rules: slugs, item paths, term paths. Every URL a page links to is built here, so
//! the site works the same at a domain root and under a sub-path.

/// Turns a name into a URL segment: lowercase letters and digits (any script), runs of
/// anything else become one `-`. `"Financial services"` → `financial-services`. A `+`
/// is a word (`"5000+"` → `5000-plus`, `"C++"` → `c-plus-plus`): dropping it would give
/// "5000+" the URL of a term "5000".
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c == '+' {
            if !out.is_empty() {
                out.push('-');
            }
            out.push_str("plus");
            dash = true;
        } else if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// A URL path with its `%XX` escapes decoded once; `None` when an escape is cut short
/// or the result is not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let value = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            out.push(value);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether `slug` is one plain path segment (no `/`, `\`, `..`, leading dot, spaces or
/// control characters), so it cannot reach outside its folder.
pub fn is_plain_segment(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('.')
        && slug
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && slug != "index"
}

/// The output folder of a page, relative to the output root: `case-studies/acme/`, or
/// `about/` for a page (empty for the home page).
pub fn page_dir(section: &str, slug: &str) -> String {
    if section.is_empty() {
        format!("{slug}/")
    } else {
        format!("{section}/{slug}/")
    }
}

/// The folder of a taxonomy term's listing, relative to the output root: the
/// taxonomy's segment, then the term's slug (`company-size/enterprise/`).
pub fn term_dir(segment: &str, slug: &str) -> String {
    format!("{segment}/{slug}/")
}

/// The folder segment before a listing's page number (`case-studies/page/2/`), the
/// convention Hugo and Zola share; no item of a listed kind may take it as its slug.
pub const PAGE_SEGMENT: &str = "page";

/// The folder of a listing's page `number` (counted from 1): the first page keeps the
/// listing's own address, later ones follow it with `page/<n>/`.
pub fn listing_page_dir(listing: &str, number: usize) -> String {
    if number <= 1 {
        listing.to_string()
    } else {
        format!("{listing}{PAGE_SEGMENT}/{number}/")
    }
}

/// How many pages a listing of `len` items takes at `size` items a page (at least one, so
/// an empty listing still has its page).
pub fn page_count(len: usize, size: usize) -> usize {
    len.div_ceil(size.max(1)).max(1)
}

/// Joins the base path (`/project/`) with a path inside the site (`case-studies/`).
pub fn link(base_path: &str, inside: &str) -> String {
    format!("{base_path}{}", inside.trim_start_matches('/'))
}

/// `url` naming the `index.html` of the folder it links to (`/events/#june` →
/// `/events/index.html#june`); a link to a file, or one with no path, is left as it is.
pub fn with_index_file(url: &str) -> std::borrow::Cow<'_, str> {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let (path, rest) = url.split_at(end);
    if path.ends_with('/') {
        std::borrow::Cow::Owned(format!("{path}index.html{rest}"))
    } else {
        std::borrow::Cow::Borrowed(url)
    }
}

/// Resolves a link given in config or front matter: a full URL stays as it is, a site
/// path (`/join/`) gets the base path.
pub fn resolve_configured(base_path: &str, url: &str) -> String {
    if is_external(url) || url.starts_with('#') {
        url.to_string()
    } else {
        link(base_path, url)
    }
}

/// Whether `url` leaves the site (has a scheme or is protocol-relative).
pub fn is_external(url: &str) -> bool {
    url.starts_with("//")
        || url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}

/// Whether a link field's URL is safe to put in an `href`: http(s) or mailto only.
pub fn is_safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_makes_clean_segments() {
        assert_eq!(slugify("Financial services"), "financial-services");
        assert_eq!(slugify("What's next?"), "what-s-next");
        assert_eq!(slugify("  Über Café 2026 "), "über-café-2026");
        assert_eq!(slugify("10000+"), "10000-plus");
        assert_eq!(slugify("C++ teams"), "c-plus-plus-teams");
        assert_eq!(slugify("+1"), "plus-1");
        assert_eq!(slugify("My Story"), "my-story");
    }

    #[test]
    fn listing_pages_follow_the_common_convention() {
        assert_eq!(listing_page_dir("case-studies/", 1), "case-studies/");
        assert_eq!(listing_page_dir("case-studies/", 2), "case-studies/page/2/");
        assert_eq!(listing_page_dir("tags/ci/", 12), "tags/ci/page/12/");
        assert_eq!(page_count(0, 24), 1);
        assert_eq!(page_count(24, 24), 1);
        assert_eq!(page_count(25, 24), 2);
    }

    #[test]
    fn plain_segments_only() {
        assert!(is_plain_segment("acme-ships-faster"));
        for bad in ["", "../x", "a/b", ".hidden", "a\\b", "a b", "index"] {
            assert!(!is_plain_segment(bad), "{bad}");
        }
    }

    #[test]
    fn index_files_are_named_before_the_query_and_anchor() {
        assert_eq!(with_index_file("/p/events/"), "/p/events/index.html");
        assert_eq!(
            with_index_file("/p/quotes/page/2/#acme-cto"),
            "/p/quotes/page/2/index.html#acme-cto"
        );
        assert_eq!(
            with_index_file("/p/search/?q=x"),
            "/p/search/index.html?q=x"
        );
        assert_eq!(with_index_file("/p/atom.xml"), "/p/atom.xml");
        assert_eq!(with_index_file("#main"), "#main");
    }

    #[test]
    fn links_respect_the_base_path() {
        assert_eq!(
            link("/project/", "/case-studies/"),
            "/project/case-studies/"
        );
        assert_eq!(
            resolve_configured("/p/", "https://x.com/"),
            "https://x.com/"
        );
        assert_eq!(resolve_configured("/p/", "/join/"), "/p/join/");
        assert!(is_external("mailto:a@b.c"));
        assert!(!is_external("/x:y"));
        assert!(!is_safe_link("javascript:alert(1)"));
    }
}

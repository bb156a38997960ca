//! Escaping text for the markup vouch writes by hand (feeds, sitemaps, calendars' XML,
//! SVG, the report, the preview's pages). Templates escape through Tera's escaper
//! (`render::theme`). Its own file, so that pictures, the report and the preview
//! escape without depending on the output stage.

/// Escapes text for XML (and HTML) content and attributes. Characters XML 1.0 does not
/// allow (controls other than tab and line breaks) are dropped, which an HTML escaper
/// (the html-escape crate's) would pass through.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            super::xml("a<b & \"c\" 'd'\u{1}\te\n"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;\te\n"
        );
    }
}

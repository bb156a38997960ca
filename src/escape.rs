//! Escaping text for markup, in one place: what templates write for `{{ }}` (HTML) and
//! what vouch writes by hand (feeds, sitemaps, calendars' XML, SVG, the report, the
//! preview's pages). Its own file, so that pictures, the report, the theme and the
//! preview escape without depending on each other.
//!
//! Why not the html-escape crate (already here, for decoding entities): its encoders
//! write `&#x27;` for `'` (every page's bytes would change) and pass on the control
//! characters XML 1.0 forbids; Tera's default escaper also escapes `/`, which makes every
//! URL in the source unreadable. See docs/decisions.md.

/// Escapes text for HTML content and quoted attributes: what Tera writes for `{{ }}`
/// in the theme's templates.
pub fn html(text: &str) -> String {
    escape(text, "&#39;", false)
}

/// Escapes text for XML (and HTML) content and attributes. Characters XML 1.0 does not
/// allow (controls other than tab and line breaks) are dropped, so a stray control in a
/// title cannot make a feed or an SVG unreadable.
pub fn xml(text: &str) -> String {
    escape(text, "&apos;", true)
}

/// The one escaping rule: `& < > " '` become entities (`'` as `apostrophe`), and with
/// `drop_controls` the C0 controls other than tab, CR and LF are left out.
fn escape(text: &str, apostrophe: &str, drop_controls: bool) -> String {
    // Tera escapes every string an `{% if %}` looks at, whole listings included: copy
    // runs of plain bytes at once rather than a character at a time.
    let mut out = String::with_capacity(text.len() + 16);
    let mut plain = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => apostrophe,
            0..=0x1f if drop_controls && !matches!(byte, b'\n' | b'\r' | b'\t') => "",
            _ => continue,
        };
        // The bytes matched are ASCII, so `i` is always a character boundary.
        out.push_str(&text[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&text[plain..]);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn xml_escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            super::xml("a<b & \"c\" 'd'\u{1}\te\n"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;\te\n"
        );
        assert_eq!(super::xml("é\u{1f}<"), "é&lt;");
    }

    #[test]
    fn html_escapes_markup_and_keeps_everything_else() {
        assert_eq!(
            super::html(r#"<a href="x">Tom & Jerry's</a> — café ✓ /path/"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; — café ✓ /path/"
        );
        assert_eq!(super::html(""), "");
        assert_eq!(super::html("plain"), "plain");
        assert_eq!(super::html("é<"), "é&lt;");
    }
}

//! Whether CSS inside an SVG (a `<style>` element, a `style=` attribute, a presentation
//! attribute such as `fill=`) loads anything from outside the file. CSS can spell a
//! function in escapes (`\75 rl(` is `url(`, `@\69mport` is `@import`) and hide it behind
//! comments, so the text is decoded as a browser's CSS tokenizer would before it is
//! read, and read conservatively: what might load is taken to load.

/// CSS functions that load a file named by a string as well as by `url()`, or run
/// code: refused whatever they name.
const LOADING_FUNCTIONS: [&str; 9] = [
    "image-set",
    "-webkit-image-set",
    "image",
    "cross-fade",
    "-webkit-cross-fade",
    "element",
    "-moz-element",
    "expression",
    "paint",
];

/// What in `css` would load something from outside the file: an `@import`, a `url()`
/// or `src()` to anything but `#id` or an embedded raster picture, or a function that
/// loads by other means. `None` when nothing does.
pub fn outside_load(css: &str) -> Option<&'static str> {
    // Cheap first: CSS that loads needs `(`, `@` or an escape to say so.
    if !css.contains(['(', '@', '\\']) {
        return None;
    }
    let css = decode(css).to_ascii_lowercase();
    if css.contains("@import") {
        return Some("@import");
    }
    for (at, _) in css.match_indices('(') {
        let before = &css[..at];
        let start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .map_or(0, |i| i + 1);
        let name = &before[start..];
        if LOADING_FUNCTIONS.contains(&name) {
            return Some("a CSS function that loads pictures");
        }
        if (name == "url" || name == "src") && !is_inside_reference(&css[at + 1..]) {
            return Some("url()");
        }
    }
    None
}

/// A reference that stays inside the file: `#id`, or a raster picture embedded as data
/// (it cannot run code). Anything else, `data:image/svg+xml` included, is outside.
pub fn is_inside_reference(value: &str) -> bool {
    let value = value
        .trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '"' || c == '\'')
        .to_ascii_lowercase();
    if value.starts_with('#') || value.starts_with(')') || value.is_empty() {
        return true;
    }
    ["png", "jpeg", "jpg", "gif", "webp"].iter().any(|raster| {
        value
            .strip_prefix("data:image/")
            .and_then(|rest| rest.strip_prefix(raster))
            .is_some_and(|rest| rest.starts_with([';', ',']))
    })
}

/// CSS text with comments taken out and escapes replaced by what they stand for:
/// `\75 ` (up to six hex digits and one optional space) by its character, `\` and a
/// line break by nothing, `\` and any other character by that character.
fn decode(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = '\0';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            '\\' => {
                let mut hex = String::new();
                while hex.len() < 6 {
                    match chars.peek() {
                        Some(h) if h.is_ascii_hexdigit() => {
                            hex.push(*h);
                            chars.next();
                        }
                        _ => break,
                    }
                }
                if hex.is_empty() {
                    match chars.next() {
                        Some('\n' | '\r' | '\u{c}') | None => {}
                        Some(other) => out.push(other),
                    }
                } else {
                    if chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
                        chars.next();
                    }
                    let code = u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
                    out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_references_and_plain_styles_load_nothing() {
        assert_eq!(outside_load(".st0{fill:#FFFFFF;}"), None);
        assert_eq!(outside_load("fill: url(#g)"), None);
        assert_eq!(outside_load("url( '#g' )"), None);
        assert_eq!(
            outside_load("background: url(data:image/png;base64,iVBOR)"),
            None
        );
        assert_eq!(outside_load("font-family: 'Open Sans'"), None);
    }

    #[test]
    fn escapes_and_comments_do_not_hide_a_load() {
        for css in [
            "fill: url(https://x.example/a.svg#p)",
            "fill: \\75 rl(https://x.example/a)",
            "fill: \\000075rl(https://x.example/a)",
            "fill: u\\rl(//x.example/a)",
            "fill: ur/**/l(https://x.example/a)",
            "fill: URL(https://x.example/a)",
            "src: src('https://x.example/f.woff')",
            "fill: url(data:image/svg+xml;utf8,<svg onload=alert(1)>)",
        ] {
            assert_eq!(outside_load(css), Some("url()"), "{css}");
        }
        for css in [
            "@import 'https://x.example/a.css';",
            "@\\69mport url(x.css);",
            "@im\\port 'x.css';",
            "@im/**/port 'x.css';",
        ] {
            assert_eq!(outside_load(css), Some("@import"), "{css}");
        }
        for css in [
            "background: image-set('https://x.example/a.png' 1x)",
            "background: -webkit-image-set(\"a.png\" 1x)",
            "width: expression(alert(1))",
            "background: \\69mage-set('a.png' 1x)",
        ] {
            assert_eq!(
                outside_load(css),
                Some("a CSS function that loads pictures"),
                "{css}"
            );
        }
    }

    #[test]
    fn decoding_follows_css_escapes() {
        assert_eq!(decode("\\75 rl"), "url");
        assert_eq!(decode("a\\\nb"), "ab");
        assert_eq!(decode("a/* x */b"), "ab");
        assert_eq!(decode("\\110000"), "\u{FFFD}");
        assert_eq!(decode("unterminated /* comment"), "unterminated ");
    }
}

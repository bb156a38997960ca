//! What vouch prints to a terminal comes partly from content (names, titles, cells,
//! messages quoting a value). A control character there (ESC, BEL, a carriage return,
//! a bidi override) would be obeyed by the terminal: it could recolour, retitle or
//! rewrite what the reader sees. Every printer passes such text through here, so it
//! arrives as visible escapes (`\u{1b}`) instead.

use std::borrow::Cow;

/// Whether the terminal would act on `c` rather than show it: C0 and C1 controls,
/// DEL, and the bidirectional overrides and isolates that reorder what follows.
fn acts(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text of several lines (a message, a hint, a source line): line breaks and tabs stay,
/// every other character a terminal would act on is written as `\u{…}`.
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, |c| acts(c) && c != '\n' && c != '\t')
}

/// A value printed on one line (a name, a term, a file name): line breaks and tabs are
/// escaped too, so a value cannot start a line of its own.
pub fn line(s: &str) -> Cow<'_, str> {
    escape(s, acts)
}

fn escape(s: &str, hidden: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&hidden) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_obeyed() {
        assert_eq!(line("a\u{1b}[31mb\u{7}"), "a\\u{1b}[31mb\\u{7}");
        assert_eq!(line("x\u{202E}y\u{2066}"), "x\\u{202e}y\\u{2066}");
        assert_eq!(line("c\u{9b}d\u{7f}"), "c\\u{9b}d\\u{7f}");
        assert_eq!(line("a\nb\tc\r"), "a\\u{a}b\\u{9}c\\u{d}");
        assert_eq!(text("a\nb\tc\r"), "a\nb\tc\\u{d}");
        assert!(matches!(line("Acmé, Inc. ★"), Cow::Borrowed(_)));
    }
}

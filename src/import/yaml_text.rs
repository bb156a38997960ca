//! How an imported value is written into front matter so it reads back exactly as the
//! cell held it. A cell can hold anything a spreadsheet allows: quotes, `: `, `#`, a
//! leading `-` or `*`, `---`, and line breaks YAML knows but JSON does not (U+2028,
//! U+2029, U+0085), one of which once ended a comment early and let a cell write an
//! approval nobody gave. Every value is a double-quoted YAML string with every
//! character outside YAML's plain printable set escaped, and comments carry no line
//! break of any kind.

use std::fmt::Write as _;

/// Whether YAML (1.1 or 1.2) would read `c` as itself inside a double-quoted string
/// on one line: printable, and not a line break of either version.
fn plain(c: char) -> bool {
    !(c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}' | '"' | '\\'
        ))
}

/// `text` as a double-quoted YAML string that reads back as `text`, on one line.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if plain(c) => out.push(c),
            c => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

/// `text` for a `#` comment: any character that could end the line (or that a reader
/// would not see) is written as `\u{…}`, so the comment stays one line.
pub fn comment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if plain(c) || matches!(c, '"' | '\\') {
            out.push(c);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_break_is_escaped() {
        assert_eq!(
            quoted("a\u{2028}b\u{85}c\nd"),
            "\"a\\u2028b\\u0085c\\u000Ad\""
        );
        assert_eq!(quoted("say \"hi\" \\o/"), "\"say \\\"hi\\\" \\\\o/\"");
        assert_eq!(comment("x\u{2028}approval: y"), "x\\u{2028}approval: y");
    }
}

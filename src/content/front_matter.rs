//! Splitting a Markdown file into its YAML front matter and its body.

use crate::diagnostics::Diagnostic;
use std::collections::HashMap;
use std::path::Path;

/// A file cut in two, with where each part starts so errors point into the file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// The file line of the YAML's first line (2, after the opening `---`).
    pub yaml_line: usize,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// The file line the body starts on.
    pub body_line: usize,
}

/// Cuts `text` at its `---` lines. A file must start with front matter: every kind needs
/// at least one field.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        return Err(Diagnostic::error(path, "missing front matter")
            .at(1, 1)
            .hint(
            "start the file with a line '---', then the fields (e.g. title: …), then another '---'",
        ));
    }
    let mut offset = first_line_end;
    for (line, raw) in (2..).zip(text[first_line_end..].split_inclusive('\n')) {
        if raw.trim_end() == "---" {
            let body_start = offset + raw.len();
            return Ok(Split {
                yaml: &text[first_line_end..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += raw.len();
    }
    Err(Diagnostic::error(path, "front matter is not closed")
        .at(1, 1)
        .hint("add a line '---' after the last field, before the text"))
}

/// The file line of each top-level key in the front matter, so a problem found later
/// (an unknown customer slug) can point at its field.
pub fn field_lines(split: &Split<'_>) -> HashMap<String, usize> {
    split
        .yaml
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with([' ', '\t', '#', '-']))
        .filter_map(|(i, l)| {
            let key = l.split_once(':')?.0.trim().trim_matches(['"', '\'']);
            (!key.is_empty()).then(|| (key.to_string(), split.yaml_line + i))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("a.md")
    }

    #[test]
    fn splits_with_line_numbers() {
        let s = split("---\ntitle: A\ndate: 2026-01-01\n---\nHello\n", p()).unwrap();
        assert_eq!(s.yaml, "title: A\ndate: 2026-01-01\n");
        assert_eq!(s.body, "Hello\n");
        assert_eq!(s.body_line, 5);
        let lines = field_lines(&s);
        assert_eq!(lines["date"], 3);
    }

    #[test]
    fn accepts_crlf_and_bom() {
        let s = split("\u{feff}---\r\ntitle: A\r\n---\r\nBody", p()).unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn missing_and_unclosed() {
        assert_eq!(
            split("# Hi", p()).unwrap_err().message,
            "missing front matter"
        );
        assert_eq!(
            split("---\ntitle: A\n", p()).unwrap_err().message,
            "front matter is not closed"
        );
        assert_eq!(split("", p()).unwrap_err().message, "missing front matter");
    }
}

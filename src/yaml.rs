//! The one place that talks to the YAML parser, so a maintained fork of serde_yaml can
//! drop in here alone. It turns the parser's errors into [`Diagnostic`]s a marketer can
//! act on: the line in the file, the field, and a "did you mean" where one fits.

use crate::diagnostics::{did_you_mean, Diagnostic};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `text` into `T`. `first_line` is the file line that the text's first line sits
/// on (2 for front matter after its opening `---`), so errors point into the file.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    if text.trim().is_empty() {
        // serde_yaml reads an empty document as null; treat it as an empty mapping so the
        // error is "missing field", not "invalid type: unit".
        return serde_yaml::from_str("{}").map_err(|e| to_diagnostic(&e, text, path, first_line));
    }
    serde_yaml::from_str(text).map_err(|e| to_diagnostic(&e, text, path, first_line))
}

fn to_diagnostic(
    err: &serde_yaml::Error,
    text: &str,
    path: &Path,
    first_line: usize,
) -> Diagnostic {
    let raw = strip_location(&err.to_string());
    let (field_path, message) = split_field_path(&raw);
    let mut line = err.location().map(|l| (l.line(), l.column()));
    let explained = explain(message);
    let mut diagnostic = Diagnostic::error(path, explained.message);
    let field = explained
        .field
        .clone()
        .or_else(|| field_path.map(str::to_string));
    if let Some(name) = &explained.field {
        // serde_yaml places unknown-field errors at the start of the mapping; find the key.
        if let Some(found) = find_key_line(text, name) {
            line = Some(found);
        }
    }
    let mut found_field = None;
    if message.contains("flow sequence") || message.contains("flow mapping") {
        // An unclosed [list] or {map}: the parser notices only at the end; point at the
        // line that opened it.
        let (open, close) = if message.contains("flow sequence") {
            ('[', ']')
        } else {
            ('{', '}')
        };
        let unbalanced = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.matches(open).count() > l.matches(close).count());
        if let Some((i, l)) = unbalanced {
            line = l.find(open).map(|c| (i + 1, c + 1));
            let key = l
                .trim_start()
                .split_once(':')
                .map(|(k, _)| k.trim().to_string());
            return Diagnostic::error(
                path,
                format!(
                    "this {} is never closed",
                    if open == '[' { "list" } else { "set of braces" }
                ),
            )
            .at(i + first_line, line.map_or(1, |(_, c)| c))
            .field(key.unwrap_or_default())
            .hint(format!("add '{close}' at the end of the line"));
        }
    }
    if explained.field.is_none() && field_path.is_none() {
        // Values our own types refuse ('2026-02-30' is not a real date) come back placed
        // at the start of the block: find the value itself, and the key it belongs to.
        if let Some((l, c, key)) = quoted_value(message).and_then(|v| find_value_line(text, v)) {
            line = Some((l, c));
            found_field = key;
        }
    }
    if let Some((l, c)) = line {
        diagnostic = diagnostic.at(l + first_line - 1, c);
    }
    if let Some(key) = found_field {
        diagnostic = diagnostic.field(key);
    }
    if let Some(field) = field {
        diagnostic = diagnostic.field(match field_path {
            Some(parent) if explained.field.is_some() => format!("{parent}.{field}"),
            _ => field,
        });
    }
    if let Some(hint) = explained.hint {
        diagnostic = diagnostic.hint(hint);
    }
    diagnostic
}

struct Explained {
    message: String,
    field: Option<String>,
    hint: Option<String>,
}

/// Rewrites serde's wording ("unknown field `x`, expected one of `a`, `b`") into ours.
fn explain(message: &str) -> Explained {
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (name, expected) = name_and_expected(rest);
        let hint = match did_you_mean(&name, expected.iter().map(String::as_str)) {
            Some(best) => format!("did you mean '{best}'?"),
            None => format!("valid fields here: {}", expected.join(", ")),
        };
        return Explained {
            message: format!("unknown field '{name}'"),
            field: Some(name),
            hint: Some(hint),
        };
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (name, expected) = name_and_expected(rest);
        let mut hint = format!("expected one of: {}", expected.join(", "));
        if let Some(best) = did_you_mean(&name, expected.iter().map(String::as_str)) {
            hint = format!("did you mean '{best}'? ({hint})");
        }
        return Explained {
            message: format!("invalid value '{name}'"),
            field: None,
            hint: Some(hint),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let name = rest.trim_matches('`').to_string();
        return Explained {
            message: format!("missing required field '{name}'"),
            hint: Some(format!("add a line '{name}: …' to the front matter")),
            field: Some(name),
        };
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another type"));
        let expected = plain_type(expected);
        // "floating point `4.5`" is the parser's word for a number with decimals.
        let decimal = found
            .strip_prefix("floating point `")
            .and_then(|f| f.strip_suffix('`'));
        if let (Some(number), "a whole number") = (decimal, expected.as_str()) {
            return Explained {
                message: format!("{number} is not a whole number"),
                field: None,
                hint: Some(
                    "write a whole number here, without decimals (e.g. a rating of 4 or 5 stars)"
                        .into(),
                ),
            };
        }
        return Explained {
            message: format!("wrong type: found {found}, expected {expected}"),
            field: None,
            hint: Some(format!("write {expected} here")),
        };
    }
    if message.contains("found a tab character") {
        return Explained {
            message: "YAML does not allow tabs for indentation".into(),
            field: None,
            hint: Some(
                "replace the tab at the start of this line with spaces (or remove it)".into(),
            ),
        };
    }
    if message.starts_with("duplicate entry") || message.contains("duplicate field") {
        return Explained {
            message: message.replace('`', "'"),
            field: None,
            hint: Some("each field may appear once; delete one of them".into()),
        };
    }
    Explained {
        message: message.replace('`', "'"),
        field: None,
        hint: yaml_syntax_hint(message),
    }
}

/// serde's names for Rust types, in words ("i64" → "a whole number").
fn plain_type(expected: &str) -> String {
    let words = match expected {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number",
        "f32" | "f64" => "a number",
        "a boolean" | "bool" => "true or false",
        "a string" | "string" => "text",
        "a sequence" => "a list (e.g. [a, b] or lines starting with '- ')",
        other => return other.replace('`', "'"),
    };
    words.to_string()
}

fn yaml_syntax_hint(message: &str) -> Option<String> {
    if message.contains("mapping values are not allowed") {
        Some("a value containing ': ' must be quoted, e.g. title: \"Acme: a story\"".into())
    } else if message.contains("did not find expected")
        || message.contains("found character that cannot start")
    {
        Some("check quotes, indentation and list dashes on this line".into())
    } else {
        None
    }
}

/// "`x`, expected one of `a`, `b`" → ("x", ["a", "b"]).
fn name_and_expected(rest: &str) -> (String, Vec<String>) {
    let (name, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
    let expected = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    (name.trim_matches('`').to_string(), expected)
}

/// serde_yaml prefixes nested errors with the field path ("approval: missing field `by`").
fn split_field_path(message: &str) -> (Option<&str>, &str) {
    match message.split_once(": ") {
        Some((head, rest))
            if !head.is_empty()
                && head
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '-')) =>
        {
            (Some(head), rest)
        }
        _ => (None, message),
    }
}

fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(" column ") => message[..at].to_string(),
        _ => message.to_string(),
    }
}

/// The (line, column) of `key:` in a YAML text, 1-based; first match at any indentation.
/// The first `'quoted'` value in a message.
fn quoted_value(message: &str) -> Option<&str> {
    let start = message.find('\'')? + 1;
    let len = message[start..].find('\'')?;
    Some(&message[start..start + len]).filter(|v| !v.is_empty())
}

/// Where `value` is written in the YAML text (1-based line and column) and the key on
/// that line, if any.
fn find_value_line(text: &str, value: &str) -> Option<(usize, usize, Option<String>)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let column = line.find(value)?;
        let key = line[..column]
            .trim_start()
            .trim_start_matches("- ")
            .split_once(':')
            .map(|(k, _)| k.trim().trim_matches(['"', '\'']).to_string())
            .filter(|k| !k.is_empty() && !k.contains([' ', '{']));
        Some((i + 1, column + 1, key))
    })
}

pub fn find_key_line(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start().trim_start_matches("- ");
        let rest = trimmed.strip_prefix(key)?;
        let rest = rest.trim_start_matches(['"', '\'']);
        rest.starts_with(':')
            .then(|| (i + 1, line.len() - trimmed.len() + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[allow(dead_code)]
    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Sample {
        customer: String,
        rating: Option<u8>,
    }

    fn err(text: &str) -> Diagnostic {
        parse::<Sample>(text, Path::new("a.md"), 2).unwrap_err()
    }

    #[test]
    fn unknown_field_points_at_the_key_with_a_suggestion() {
        let d = err("customer: acme\ncustmer: x\n");
        assert_eq!(d.message, "unknown field 'custmer'");
        assert_eq!(d.line, Some(3));
        assert_eq!(d.field.as_deref(), Some("custmer"));
        assert_eq!(d.hint.as_deref(), Some("did you mean 'customer'?"));
    }

    #[test]
    fn missing_and_wrong_type() {
        let d = err("rating: 3\n");
        assert_eq!(d.message, "missing required field 'customer'");
        let d = err("customer: acme\nrating: lots\n");
        assert!(
            d.message.starts_with("wrong type: found string \"lots\""),
            "{}",
            d.message
        );
        assert_eq!(d.line, Some(3));
    }

    #[test]
    fn a_decimal_where_a_whole_number_goes_says_so() {
        let d = err("customer: acme\nrating: 4.5\n");
        assert_eq!(d.message, "4.5 is not a whole number");
        assert_eq!(d.line, Some(3));
        assert!(d.hint.unwrap().contains("without decimals"));
    }

    #[test]
    fn a_tab_is_named() {
        let d = err("customer: acme\n\trating: 4\n");
        assert_eq!(d.message, "YAML does not allow tabs for indentation");
        assert_eq!(d.line, Some(3));
    }

    #[test]
    fn syntax_error_has_a_line() {
        let d = err("customer: [acme\n");
        assert!(d.line.is_some());
    }
}

//! The one place that talks to the YAML parser (serde_norway, a maintained successor of
//! serde_yaml: docs/decisions.md, issue 37), so the parser can change here alone. It turns the parser's errors into [`Diagnostic`]s a marketer can
//! act on: the line in the file, the field, and a "did you mean" where one fits.

use crate::diagnostics::{did_you_mean, Diagnostic};
use serde::de::DeserializeOwned;
use std::path::Path;

mod layout;

/// A YAML document read without a kind to check it against: a taxonomy value that may be
/// one term or a list, a CI file a test reads back. Named here so no other file names
/// the parser.
pub type Value = serde_norway::Value;

/// The mapping inside a [`Value`], for code that edits front matter generically.
pub type Mapping = serde_norway::Mapping;

/// Reads YAML that vouch or a test wrote itself (a CI file, a generated front matter),
/// where a marketer-facing [`Diagnostic`] has no file to point into.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_norway::from_str(text).map_err(|e| e.to_string())
}

/// Writes a value as YAML, the counterpart of [`from_str`] for generated files.
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_norway::to_string(value).map_err(|e| e.to_string())
}

/// Parses `text` into `T`. `first_line` is the file line that the text's first line sits
/// on (2 for front matter after its opening `---`), so errors point into the file.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    if text.trim().is_empty() {
        // The parser reads an empty document as null; treat it as an empty mapping so the
        // error is "missing field", not "invalid type: unit".
        return serde_norway::from_str("{}").map_err(|e| to_diagnostic(&e, text, path, first_line));
    }
    serde_norway::from_str(text).map_err(|e| {
        // A typed parse can stop at a missing field before it meets a syntax error
        // further on; reading the text as plain YAML finds the error that is the cause.
        let syntax = serde_norway::from_str::<serde::de::IgnoredAny>(text).err();
        let misplaced = layout::first_misplaced(text);
        match syntax {
            Some(syntax) => syntax_diagnostic(&syntax, misplaced, text, path, first_line),
            None => {
                let refused = to_diagnostic(&e, text, path, first_line);
                // A line indented into its neighbour's block reads as part of it, so the
                // parser refuses that block's fields: the layout is the cause.
                let block = |field: &str| field.split(['.', '[']).next().map(str::to_string);
                match misplaced {
                    Some(m)
                        if refused.field.as_deref().and_then(block) == block_of(text, m.line) =>
                    {
                        misplaced_diagnostic(m, text, path, first_line)
                    }
                    _ => refused,
                }
            }
        }
    })
}

/// A text the parser cannot read as YAML at all: the cause where we can name it (a tab,
/// a misplaced line at or before where the parser gave up), else the parser's own words,
/// at the file's line and column, with the top-level field the error is inside.
fn syntax_diagnostic(
    err: &serde_norway::Error,
    misplaced: Option<layout::Misplaced>,
    text: &str,
    path: &Path,
    first_line: usize,
) -> Diagnostic {
    let at = err.location().map(|l| (l.line(), l.column()));
    if let Some(m) = misplaced.filter(|m| at.is_none_or(|(line, _)| m.line <= line)) {
        return misplaced_diagnostic(m, text, path, first_line);
    }
    let raw = err.to_string();
    if raw.contains("flow sequence") || raw.contains("flow mapping") {
        return to_diagnostic(err, text, path, first_line);
    }
    let words = raw.split(" at line ").next().unwrap_or(&raw);
    let explained = explain(words);
    let mut diagnostic = Diagnostic::error(path, explained.message);
    if let Some((line, column)) = at {
        diagnostic = diagnostic.at(line + first_line - 1, column);
        if let Some(key) = block_of(text, line) {
            diagnostic = diagnostic.field(key);
        }
    }
    match explained.hint {
        Some(hint) => diagnostic.hint(hint),
        None => diagnostic,
    }
}

/// A tab or a misplaced line, at its place in the file, with the field it is inside.
fn misplaced_diagnostic(
    m: layout::Misplaced,
    text: &str,
    path: &Path,
    first_line: usize,
) -> Diagnostic {
    let hint = match m.hint {
        layout::Hint::Tab => "replace the tab with spaces: YAML indents with spaces only".into(),
        layout::Hint::Indent { spaces: 0, like } => format!(
            "start it at the beginning of the line, like line {}",
            like + first_line - 1
        ),
        layout::Hint::Indent { spaces, like } => format!(
            "indent it by {spaces} space{}, like line {}",
            if spaces == 1 { "" } else { "s" },
            like + first_line - 1
        ),
    };
    let diagnostic = Diagnostic::error(path, m.message)
        .at(m.line + first_line - 1, m.column)
        .hint(hint);
    // A line starting with a tab was meant as a top-level field: name its own key.
    let own_key = text
        .lines()
        .nth(m.line - 1)
        .and_then(|l| l.strip_prefix('\t'))
        .and_then(|l| l.trim_start_matches('\t').split_once(':'))
        .map(|(key, _)| key.trim().to_string())
        .filter(|key| !key.is_empty() && !key.contains(' '));
    match own_key.or_else(|| block_of(text, m.line)) {
        Some(key) => diagnostic.field(key),
        None => diagnostic,
    }
}

/// The top-level key whose block holds `line` (1-based in `text`).
fn block_of(text: &str, line: usize) -> Option<String> {
    top_level_keys(text)
        .into_iter()
        .take_while(|(_, at)| *at <= line)
        .last()
        .map(|(key, _)| key)
}

/// Parses `text` into `T`, reporting every problem of the mapping rather than the first:
/// a field the parser refuses is reported, taken out of the text (its lines blanked, so
/// the others keep their line numbers) and the rest parsed again; `required` fields
/// that are absent are reported together. Syntax errors stop at the first, as the
/// parser cannot read past them.
pub fn parse_every_field<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    first_line: usize,
    required: &[&str],
) -> Result<T, Vec<Diagnostic>> {
    // The common case, a good file, costs one parse and a scan of its lines.
    if let Ok(value) = parse::<T>(text, path, first_line) {
        let present = top_level_keys(text);
        let complete = required
            .iter()
            .all(|field| present.iter().any(|(key, _)| key == field));
        let empty_quotes = text.lines().any(|line| {
            line.split_once(':').is_some_and(|(key, v)| {
                let v = v.trim();
                required.contains(&key.trim())
                    && v.starts_with(['"', '\''])
                    && v.trim_matches(['"', '\'', ' ']).is_empty()
            })
        });
        if complete && !empty_quotes {
            return Ok(value);
        }
    }
    let Ok(mapping) = serde_norway::from_str::<Value>(text) else {
        return parse(text, path, first_line).map_err(|d| vec![d]);
    };
    let present = top_level_keys(text);
    // Required text left empty (`author: ""`) would publish a nameless quote.
    let empty = present.iter().filter(|(key, _)| {
        required.contains(&key.as_str())
            && matches!(mapping.get(key.as_str()), Some(Value::String(t)) if t.trim().is_empty())
    });
    let empty: Vec<Diagnostic> = empty
        .map(|(key, line)| {
            Diagnostic::error(path, format!("'{key}' is empty"))
                .field(key.as_str())
                .at(line + first_line - 1, 1)
                .hint(format!("write the {key} here; it is required"))
        })
        .collect();
    let mut problems: Vec<Diagnostic> = required
        .iter()
        .filter(|field| !present.iter().any(|(key, _)| key == *field))
        .map(|field| {
            Diagnostic::error(path, format!("missing required field '{field}'"))
                .field(*field)
                .at(first_line, 1)
                .hint(format!("add a line '{field}: …' to the front matter"))
        })
        .collect();
    problems.extend(empty);
    let mut remaining = text.to_string();
    // Each round either succeeds or takes one field out: at most one round per field.
    for _ in 0..=present.len() {
        match parse::<T>(&remaining, path, first_line) {
            Ok(value) if problems.is_empty() => return Ok(value),
            Ok(_) => break,
            Err(d) => {
                // A top-level field missing: reported above from `required`, or one
                // taken out in an earlier round. (A field missing inside a mapping,
                // `approval.on`, is the mapping's problem, reported like any other.)
                let missing = d.message.starts_with("missing required field")
                    && d.field.as_deref().is_none_or(|f| !f.contains('.'));
                let field = d.field.as_deref().map(|f| f.split('.').next().unwrap_or(f));
                let top = field.and_then(|f| present.iter().find(|(key, _)| key == f));
                match (missing, top) {
                    (true, _) => break,
                    (false, Some((key, _))) => {
                        problems.push(d);
                        remaining = blank_key(&remaining, key);
                    }
                    _ => {
                        problems.push(d);
                        break;
                    }
                }
            }
        }
    }
    // `sumary:` is one problem, the unknown field with its suggestion, not also a
    // missing `summary` reported on another line.
    let suggested: Vec<String> = problems
        .iter()
        .filter(|d| d.message.starts_with("unknown field"))
        .filter_map(|d| {
            d.hint
                .as_deref()?
                .strip_prefix("did you mean '")?
                .strip_suffix("'?")
                .map(str::to_string)
        })
        .collect();
    problems.retain(|d| {
        !(d.message.starts_with("missing required field")
            && d.field.as_ref().is_some_and(|f| suggested.contains(f)))
    });
    problems.sort_by_key(|d| d.line);
    Err(problems)
}

/// The top-level keys of a YAML mapping written in block style, with their 1-based line.
fn top_level_keys(text: &str) -> Vec<(String, usize)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with([' ', '\t', '#', '-']) && !line.is_empty())
        .filter_map(|(i, line)| {
            let (key, _) = line.split_once(':')?;
            let key = key.trim().trim_matches(['"', '\'']);
            (!key.is_empty()).then(|| (key.to_string(), i + 1))
        })
        .collect()
}

/// `text` with the top-level `key` and the lines that continue its value (indented,
/// list items, comments) made empty, so every other line keeps its number.
fn blank_key(text: &str, key: &str) -> String {
    let mut inside = false;
    text.split('\n')
        .map(|line| {
            let top = !line.is_empty() && !line.starts_with([' ', '\t', '#', '-']);
            if top {
                inside = line
                    .split_once(':')
                    .is_some_and(|(k, _)| k.trim().trim_matches(['"', '\'']) == key);
            }
            if inside {
                ""
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn to_diagnostic(
    err: &serde_norway::Error,
    text: &str,
    path: &Path,
    first_line: usize,
) -> Diagnostic {
    let raw = strip_location(&err.to_string());
    let (field_path, message) = split_field_path(&raw);
    let mut line = err.location().map(|l| (l.line(), l.column()));
    let explained = explain(message);
    let missing = explained.message.starts_with("missing required field");
    let mut diagnostic = Diagnostic::error(path, explained.message);
    let field = explained
        .field
        .clone()
        .or_else(|| field_path.map(str::to_string));
    if let Some(name) = &explained.field {
        // The parser places unknown-field errors at the start of the mapping; find the key.
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
        // Our lenient enums (event kinds) refuse a value after reading it as text: the
        // parser then places the error at the start of the block, so find the value.
        let variant = message
            .strip_prefix("unknown variant `")
            .and_then(|rest| rest.split('`').next());
        let value = quoted_value(message).or(variant);
        if let Some((l, c, key)) = value.and_then(|v| find_value_line(text, v)) {
            line = Some((l, c));
            found_field = key;
        }
    }
    if let Some(comma) = line.and_then(|(l, _)| comma_diagnostic(text, l, path, first_line)) {
        return comma;
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
    let hint = match (field_path, missing) {
        // A field missing inside a mapping (`approval: { by: … }`) goes inside its braces.
        (Some(parent), true) => {
            let name = explained.field.as_deref().unwrap_or("…");
            Some(format!(
                "add '{name}: …' inside {parent}'s braces, e.g. {parent}: {{ …, {name}: … }}"
            ))
        }
        _ => explained.hint,
    };
    if let Some(hint) = hint {
        diagnostic = diagnostic.hint(hint);
    }
    diagnostic
}

/// `{ role: Analyst, Gartnerish }` on text line `l`: the comma needs quotes.
fn comma_diagnostic(text: &str, l: usize, path: &Path, first_line: usize) -> Option<Diagnostic> {
    let (column, key, meant) = layout::unquoted_comma(text.lines().nth(l.checked_sub(1)?)?)?;
    let message = format!(
        "the comma in '{meant}' ends the value: inside {{ }} a value with a comma needs quotes"
    );
    Some(
        Diagnostic::error(path, message)
            .at(l + first_line - 1, column)
            .field(block_of(text, l).unwrap_or(key.clone()))
            .hint(format!("write {key}: \"{meant}\"")),
    )
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
        let found = found.replacen("string ", "text ", 1);
        return Explained {
            message: format!("wrong type: found {found}, expected {expected}"),
            field: None,
            hint: Some(format!("write {expected} here")),
        };
    }
    if message.starts_with("data did not match any variant of untagged enum") {
        let name = message.rsplit(' ').next().unwrap_or("");
        let shape = match name {
            "Speaker" => {
                "an advocate's slug (the file name in content/advocates/) or { name: …, role: … }"
            }
            _ => "one of the forms listed in docs/reference.md",
        };
        return Explained {
            message: "this value has none of the forms this field takes".into(),
            field: None,
            hint: Some(format!("write {shape}")),
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
        other => return shape_of(other),
    };
    words.to_string()
}

/// What to write for one of our own types, in the marketer's words: serde names them
/// as Rust does ("struct Location"), which no marketer should read.
fn shape_of(expected: &str) -> String {
    let name = expected
        .trim_start_matches("struct ")
        .trim_start_matches("enum ")
        .trim_matches('`');
    let words = match name {
        "Location" => {
            "a place, e.g. { venue: Convention Center, city: Denver, region: CO, country: US }"
        }
        "Approval" => "an approval, e.g. { by: \"Dana Smith, CTO, Acme\", on: 2026-03-01 }",
        "ResultMetric" => "a result, e.g. { metric: faster releases, value: \"3×\" }",
        "GuestSpeaker" => "a speaker, e.g. { name: Dana Smith, role: CTO }",
        "LabeledLink" => "a link, e.g. { label: Blog, url: https://… }",
        "Day" => "a date, YYYY-MM-DD",
        "EventTime" => "a date and time, e.g. 2027-03-09T09:30:00, or a date for an all-day event",
        "Terms" => "a term or a list of terms, e.g. Retail or [Plan, Build]",
        _ if expected.starts_with("struct ") => "a set of fields, e.g. { name: …, url: … }",
        _ => return expected.replace('`', "'"),
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

/// The parser prefixes nested errors with the field path ("approval: missing field `by`").
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
            d.message.starts_with("wrong type: found text \"lots\""),
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

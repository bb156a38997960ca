//! Where a YAML text's layout is wrong: a tab in a line's indentation, or a line indented
//! to no block open above it. The parser notices such a line late and says something
//! else ("did not find expected '-' indicator"), or reads it as part of its neighbour;
//! looked at only once a parse has failed, this names the cause at the line itself.

/// A misplaced line: where it is in the YAML text (1-based) and what to say.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Misplaced {
    /// The line in the YAML text, 1-based.
    pub line: usize,
    /// The column of the tab or of the line's first character, 1-based.
    pub column: usize,
    /// What is wrong, naming indentation or the tab.
    pub message: String,
    /// How to fix it; `{line}` is a line of the YAML text, for the caller to place.
    pub hint: Hint,
}

/// How to fix a misplaced line.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Hint {
    /// Replace the tab with spaces.
    Tab,
    /// Indent the line by `spaces`, as `like` (a line of the YAML text) is.
    Indent { spaces: usize, like: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A list item (`- …`).
    Item,
    /// A key (`name: …`).
    Key,
}

/// An indentation in use: the lines of one block start at it.
#[derive(Debug, Clone, Copy)]
struct Level {
    indent: usize,
    kind: Kind,
    /// The last line seen at this level, to point the fix at.
    line: usize,
}

/// What the previous line leaves open for the next one.
#[derive(Default)]
struct Open {
    /// A key with no value yet (`location:`): the next line may start a deeper block.
    child_of: Option<usize>,
    /// A block scalar (`description: |`): deeper lines are its text.
    text_of: Option<usize>,
    /// A plain value that may go on on deeper lines.
    plain: bool,
    /// An unclosed quote.
    quote: Option<char>,
    /// Unclosed `[` and `{`.
    flow: i32,
}

/// The first line whose layout is wrong, if any.
pub(super) fn first_misplaced(text: &str) -> Option<Misplaced> {
    let mut levels = vec![Level {
        indent: 0,
        kind: Kind::Key,
        line: 0,
    }];
    let mut open = Open::default();
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        let content = raw.trim_start_matches([' ', '\t']).trim_end();
        let lead = &raw[..raw.len() - raw.trim_start_matches([' ', '\t']).len()];
        let indent = lead.len();
        if content.is_empty() {
            continue;
        }
        if let Some(parent) = open.text_of {
            if indent > parent {
                continue;
            }
            open.text_of = None;
        }
        if open.quote.is_some() || open.flow > 0 {
            carry_on(content, &mut open);
            continue;
        }
        if content.starts_with('#') {
            continue;
        }
        if let Some(tab) = lead.find('\t') {
            return Some(Misplaced {
                line: number,
                column: tab + 1,
                message: "YAML does not allow tabs for indentation".into(),
                hint: Hint::Tab,
            });
        }
        let kind = match content == "-" || content.starts_with("- ") {
            true => Kind::Item,
            false => Kind::Key,
        };
        let child_of = open.child_of.take();
        if child_of.is_some_and(|p| indent > p || (indent == p && kind == Kind::Item)) {
            levels.push(Level {
                indent,
                kind,
                line: number,
            });
        } else if let Some(problem) = fit(&mut levels, indent, kind, number, content, &open) {
            return Some(problem);
        } else if levels.last().is_some_and(|top| top.indent < indent) {
            // A plain value going on on a deeper line.
            continue;
        }
        opened(content, indent, number, &mut levels, &mut open);
    }
    None
}

/// Finds the level a line at `indent` continues, closing deeper ones; a line at no open
/// level is misplaced.
fn fit(
    levels: &mut Vec<Level>,
    indent: usize,
    kind: Kind,
    number: usize,
    content: &str,
    open: &Open,
) -> Option<Misplaced> {
    let mut closed = None;
    while levels.last().is_some_and(|l| l.indent > indent) {
        closed = levels.pop();
    }
    // A list written at its key's indentation ends at the next key there.
    while kind == Kind::Key
        && levels.len() > 1
        && levels
            .last()
            .is_some_and(|l| l.indent == indent && l.kind == Kind::Item)
    {
        levels.pop();
    }
    let top = levels.last_mut()?;
    if top.indent == indent {
        top.line = number;
        return None;
    }
    if open.plain && kind == Kind::Key && key_of(content).is_none() {
        return None;
    }
    let top = *top;
    let like = match closed {
        Some(c) if c.kind == kind && top.kind != kind => c,
        Some(c) if top.kind == kind && c.kind != kind => top,
        Some(c) if c.indent - indent <= indent - top.indent => c,
        _ => top,
    };
    let what = match kind {
        Kind::Item => "this list item".to_string(),
        Kind::Key => format!("'{}'", key_of(content).unwrap_or(content)),
    };
    Some(Misplaced {
        line: number,
        column: indent + 1,
        message: format!(
            "wrong indentation: {} before {what}",
            amount(indent, like.indent)
        ),
        hint: Hint::Indent {
            spaces: like.indent,
            like: like.line,
        },
    })
}

/// "one space too many", "2 spaces too few".
fn amount(indent: usize, wanted: usize) -> String {
    let (n, way) = match indent > wanted {
        true => (indent - wanted, "many"),
        false => (wanted - indent, "few"),
    };
    match n {
        1 => format!("one space too {way}"),
        n => format!("{n} spaces too {way}"),
    }
}

/// Records what a well-placed line opens: the key after a list dash, a block under a key
/// with no value, a block scalar, a quote or brackets left open.
fn opened(content: &str, indent: usize, number: usize, levels: &mut Vec<Level>, open: &mut Open) {
    let mut column = indent;
    let mut rest = content;
    while let Some(after) = rest
        .strip_prefix('-')
        .filter(|a| a.is_empty() || a.starts_with(' '))
    {
        let inner = after.trim_start();
        column += rest.len() - inner.len();
        rest = inner;
        if !rest.is_empty() {
            levels.push(Level {
                indent: column,
                kind: Kind::Key,
                line: number,
            });
        }
    }
    let value = match key_of(rest) {
        Some(key) => rest[key.len()..]
            .trim_start_matches(['"', '\''])
            .trim_start_matches(':')
            .trim(),
        None => rest,
    };
    *open = Open::default();
    let bare = value
        .split_whitespace()
        .all(|word| word.starts_with(['&', '!', '#']));
    if rest.is_empty() || (key_of(rest).is_some() && bare) {
        open.child_of = Some(column);
    } else if value.starts_with(['|', '>']) {
        open.text_of = Some(column);
    } else if value.starts_with(['"', '\'', '[', '{']) {
        carry_on(value, open);
    } else {
        open.plain = true;
    }
}

/// Follows quotes and brackets over a line that may leave them open or close them.
fn carry_on(text: &str, open: &mut Open) {
    let mut escaped = false;
    for c in text.chars() {
        match open.quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => open.quote = None,
            Some(_) => {}
            None if open.flow == 0 && c == '#' => break,
            None if matches!(c, '"' | '\'') => open.quote = Some(c),
            None if matches!(c, '[' | '{') => open.flow += 1,
            None if matches!(c, ']' | '}') => open.flow -= 1,
            None => {}
        }
    }
    open.flow = open.flow.max(0);
}

/// The key a line starts with (`name` in `name: Dana`, `"a b"` in `"a b": c`), if any.
fn key_of(content: &str) -> Option<&str> {
    let end = if let Some(quote) = content.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        content[1..].find(quote)? + 2
    } else {
        let end = content
            .find(": ")
            .or_else(|| content.strip_suffix(':').map(|head| head.len()))?;
        if content[..end].contains(['{', '[', '"', '\'', '#']) {
            return None;
        }
        end
    };
    let after = &content[end..];
    (after == ":" || after.starts_with(": ")).then(|| &content[..end])
}

/// A flow mapping whose value holds an unquoted comma (`{ role: Analyst, Gartnerish }`):
/// the text after the comma reads as a field of its own. Gives the value's column
/// (1-based), its key and the value as meant (`Analyst, Gartnerish`).
pub(super) fn unquoted_comma(line: &str) -> Option<(usize, String, String)> {
    let open = line.find('{')?;
    let close = open + line[open..].rfind('}')?;
    let inner = &line[open + 1..close];
    let mut parts = Vec::new();
    let (mut start, mut quote) = (0, None);
    for (i, c) in inner.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, ',') => {
                parts.push((start, &inner[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push((start, &inner[start..]));
    let bare = |part: &str| !part.trim().is_empty() && key_of(part.trim()).is_none();
    let at =
        (1..parts.len()).find(|&i| bare(parts[i].1) && key_of(parts[i - 1].1.trim()).is_some())?;
    let (offset, field) = parts[at - 1];
    let key = key_of(field.trim())?;
    let value = field.trim()[key.len() + 1..].trim();
    let mut meant = value.to_string();
    for (_, part) in parts[at..].iter().take_while(|(_, p)| bare(p)) {
        meant.push_str(", ");
        meant.push_str(part.trim());
    }
    let column = open + 1 + offset + field.find(value)? + 1;
    Some((column, key.to_string(), meant))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<(usize, usize, String)> {
        first_misplaced(text).map(|m| (m.line, m.column, m.message))
    }

    #[test]
    fn good_layouts_have_no_misplaced_line() {
        for text in [
            "title: A\nresults:\n  - metric: a\n    value: b\n  - metric: c\n    value: d\nsummary: S\n",
            "tags:\n- a\n- b\ntitle: x\n",
            "summary: a long\n  text that goes on\ndate: 2026-01-01\n",
            "description: |\n    any\n  text\n   here\ntitle: x\n",
            "location: { venue: Hall,\n     city: Denver }\ntitle: \"a\n   b: c\"\n",
            "approval: &a\n  by: Dana\n  on: 2026-01-01\n# a comment\n   # another\nx: y\n",
            "links:\n  - label: Blog\n    url: https://x\n  -\n    label: Talk\n    url: https://y\n",
        ] {
            assert_eq!(at(text), None, "{text}");
        }
    }

    #[test]
    fn a_line_at_no_open_level_is_named_with_the_amount() {
        let results =
            "title: A\nresults:\n  - metric: a\n    value: b\n   - metric: c\n    value: d\n";
        assert_eq!(
            at(results),
            Some((
                5,
                4,
                "wrong indentation: one space too many before this list item".into()
            ))
        );
        assert_eq!(
            first_misplaced(results).unwrap().hint,
            Hint::Indent { spaces: 2, like: 3 }
        );
        let fewer = "location:\n    venue: V\n  city: C\n";
        assert_eq!(
            at(fewer),
            Some((
                3,
                3,
                "wrong indentation: 2 spaces too few before 'city'".into()
            ))
        );
        let item = "activities:\n  - date: 2026-01-01\n    kind: talk\n   title: T\n";
        assert_eq!(
            at(item),
            Some((
                4,
                4,
                "wrong indentation: one space too few before 'title'".into()
            ))
        );
    }

    #[test]
    fn a_tab_anywhere_in_indentation_is_named() {
        assert_eq!(
            at("location:\n  venue: V\n  \tcity: C\n"),
            Some((3, 3, "YAML does not allow tabs for indentation".into()))
        );
        assert_eq!(at("description: |\n\tcode\nx: y\n"), None);
    }

    #[test]
    fn a_comma_in_a_flow_mapping_value_is_found() {
        assert_eq!(
            unquoted_comma("  - { name: Tom de Vries, role: Analyst, Gartnerish }"),
            Some((33, "role".into(), "Analyst, Gartnerish".into()))
        );
        assert_eq!(
            unquoted_comma("  - { name: Tom, role: \"Analyst, Gartnerish\" }"),
            None
        );
        assert_eq!(unquoted_comma("title: a, b"), None);
    }
}

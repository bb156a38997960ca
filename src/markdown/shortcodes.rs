//! Shortcodes: `{{ quote(id="acme-cto") }}` in Markdown text, parsed into a name and
//! arguments. What they turn into is the theme's business (`shortcodes/<name>.html`).

use std::collections::BTreeMap;

/// One shortcode call found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcode {
    /// The shortcode's name (`quote`).
    pub name: String,
    /// Its arguments, as strings (`id` → `acme-cto`).
    pub args: BTreeMap<String, String>,
}

/// A piece of text: plain, or a shortcode call, or a malformed call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text to keep as it is.
    Text(&'a str),
    /// A well-formed call.
    Call(Shortcode),
    /// Something that starts like a shortcode but is not one; the message says why.
    Malformed(&'a str, String),
}

/// Cuts `text` into plain text and shortcode calls.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}").map(|e| e + 2) else {
            break;
        };
        if start > 0 {
            out.push(Piece::Text(&rest[..start]));
        }
        let call = &rest[start..start + len];
        match parse(&call[2..call.len() - 2]) {
            Ok(sc) => out.push(Piece::Call(sc)),
            Err(why) => out.push(Piece::Malformed(call, why)),
        }
        rest = &rest[start + len..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// Parses the inside of `{{ … }}`: `name(key="value", n=3)`.
fn parse(inner: &str) -> Result<Shortcode, String> {
    let inner = inner.trim();
    let open = inner
        .find('(')
        .ok_or("a shortcode looks like {{ name(key=\"value\") }}")?;
    let name = inner[..open].trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("'{name}' is not a shortcode name"));
    }
    let body = inner[open + 1..]
        .strip_suffix(')')
        .ok_or("the shortcode's arguments are not closed with ')'")?;
    let mut args = BTreeMap::new();
    let mut chars = body.char_indices().peekable();
    loop {
        while chars
            .next_if(|(_, c)| c.is_whitespace() || *c == ',')
            .is_some()
        {}
        let Some(&(key_start, _)) = chars.peek() else {
            break;
        };
        let mut key_end = key_start;
        while let Some((i, _)) = chars.next_if(|(_, c)| c.is_ascii_alphanumeric() || *c == '_') {
            key_end = i + 1;
        }
        let key = &body[key_start..key_end];
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        if key.is_empty() || chars.next().map(|(_, c)| c) != Some('=') {
            return Err("arguments are written key=\"value\"".into());
        }
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let value = match chars.next() {
            Some((_, quote @ ('"' | '\''))) => {
                let mut value = String::new();
                loop {
                    match chars.next() {
                        Some((_, '\\')) => value.extend(chars.next().map(|(_, c)| c)),
                        Some((_, c)) if c == quote => break value,
                        Some((_, c)) => value.push(c),
                        None => return Err(format!("the value of '{key}' has no closing quote")),
                    }
                }
            }
            Some((i, _)) => {
                let mut end = i + 1;
                while let Some((j, _)) = chars.next_if(|(_, c)| !c.is_whitespace() && *c != ',') {
                    end = j + 1;
                }
                body[i..end].to_string()
            }
            None => return Err(format!("'{key}' has no value")),
        };
        args.insert(key.to_string(), value);
    }
    Ok(Shortcode {
        name: name.to_string(),
        args,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_calls_in_text() {
        let p = pieces(r#"Before {{ metric(value="10x", label="faster \"CI\"") }} after"#);
        assert_eq!(p.len(), 3);
        let Piece::Call(sc) = &p[1] else {
            panic!("{p:?}")
        };
        assert_eq!(sc.name, "metric");
        assert_eq!(sc.args["value"], "10x");
        assert_eq!(sc.args["label"], "faster \"CI\"");
    }

    #[test]
    fn bare_values_and_errors() {
        let Piece::Call(sc) = &pieces("{{ video(url='https://x.test/v', start=30) }}")[0] else {
            panic!()
        };
        assert_eq!(sc.args["start"], "30");
        assert!(matches!(
            pieces("{{ quote(id=\"x\" }}")[0],
            Piece::Malformed(..)
        ));
        assert!(matches!(pieces("{{ nothing }}")[0], Piece::Malformed(..)));
        assert_eq!(pieces("no calls"), vec![Piece::Text("no calls")]);
    }
}

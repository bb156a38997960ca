//! Whether an SVG drawing is safe to publish and cheap to draw. A visitor who opens an
//! SVG file sees a document that can run scripts and load files, so vouch publishes
//! only drawings that do neither, by any route the SVG and CSS specifications allow;
//! and a drawing of a million elements would stall the build, so its size is capped
//! by a scan of its text before any parser builds a tree. [`check_svg`] is the one
//! check: every SVG of the content goes through it, and so must any drawing vouch
//! renders itself (a logo drawn into a share image).

use super::css;
use super::problem::Problem;
use roxmltree::{Document, Node};

/// The most elements an SVG may have: a detailed logo or illustration has a few
/// thousand; more is a generated drawing (a chart, a scan) that slows every page.
pub const MAX_SVG_ELEMENTS: usize = 50_000;

/// The deepest elements may nest in an SVG: drawing programs nest groups a dozen deep.
pub const MAX_SVG_DEPTH: usize = 100;

/// The XHTML namespace: HTML inside a drawing (forms, frames, scripts).
const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// Checks an SVG's text before it is published or drawn: its size (elements, nesting,
/// entity expansion), its header (a DOCTYPE may only name text, as Illustrator's does),
/// then everything that could run code or load another file.
pub fn check_svg(text: &str) -> Result<(), Problem> {
    scan(text)?;
    let unsafe_parts = unsafe_svg_parts(text).map_err(|e| {
        Problem::new(
            format!("the SVG is not valid XML: {e}"),
            "export it again from the drawing program",
        )
    })?;
    match unsafe_parts.first() {
        Some(first) => Err(Problem::new(
            format!("the SVG contains {first}, which could run code or load files from other sites when a visitor opens it"),
            "export the logo again as plain SVG (in Inkscape: Save As > Plain SVG; in Illustrator: no scripts or linked images), or ask the customer for a PNG",
        )),
        None => Ok(()),
    }
}

fn too_large(what: String) -> Problem {
    Problem::new(
        format!("the SVG is too complex to publish: {what}"),
        format!("simplify the drawing (at most {MAX_SVG_ELEMENTS} elements, nested at most {MAX_SVG_DEPTH} deep), or export it as PNG"),
    )
}

fn header_problem(what: &str) -> Problem {
    Problem::new(
        format!("the SVG's DOCTYPE header {what}"),
        "export it again as plain SVG (in Illustrator: File > Export > Export As > SVG; in Inkscape: Save As > Plain SVG)",
    )
}

/// One pass over the text, before any parser: counts elements and nesting (stopping at
/// the caps), and reads the DOCTYPE's declarations.
fn scan(text: &str) -> Result<(), Problem> {
    let bytes = text.as_bytes();
    let (mut elements, mut depth) = (0usize, 0usize);
    let mut entities: Entities<'_> = Vec::new();
    let mut at = 0;
    while let Some(found) = bytes[at..].iter().position(|&b| b == b'<') {
        let start = at + found;
        let rest = &text[start..];
        let skip_to = |end: &str, from: usize| {
            rest[from..]
                .find(end)
                .map_or(bytes.len(), |i| start + from + i + end.len())
        };
        at = if rest.starts_with("<!--") {
            skip_to("-->", 4)
        } else if rest.starts_with("<![CDATA[") {
            skip_to("]]>", 9)
        } else if rest.starts_with("<?") {
            skip_to("?>", 2)
        } else if rest.starts_with("<!DOCTYPE") {
            let (len, declared) = doctype(rest)?;
            entities = declared;
            start + len
        } else if rest.starts_with("</") {
            depth = depth.saturating_sub(1);
            start + 2
        } else {
            elements += 1;
            if elements > MAX_SVG_ELEMENTS {
                return Err(too_large(format!("more than {MAX_SVG_ELEMENTS} elements")));
            }
            let end = tag_end(bytes, start + 1);
            if bytes.get(end.wrapping_sub(1)) != Some(&b'/') {
                depth += 1;
                if depth > MAX_SVG_DEPTH {
                    return Err(too_large(format!(
                        "elements nested more than {MAX_SVG_DEPTH} deep"
                    )));
                }
            }
            end + 1
        };
        if at >= bytes.len() {
            break;
        }
    }
    expansion(text, &entities)
}

/// Where the tag starting at `from` ends (its `>`, outside quoted values).
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return i,
            _ => {}
        }
    }
    bytes.len()
}

/// The entities a DOCTYPE declares: each name with the length of its text.
type Entities<'a> = Vec<(&'a str, usize)>;

/// Reads `<!DOCTYPE …>`: its length, and the entities its internal subset declares
/// (name, length of the text). Only entities whose text is plain (no reference to
/// another entity, no markup) and comments are accepted: no entity from another file,
/// no parameter entity, no attribute defaults (`<!ATTLIST>` could add `onload=`).
fn doctype(text: &str) -> Result<(usize, Entities<'_>), Problem> {
    let bytes = text.as_bytes();
    let mut entities = Vec::new();
    let mut quote = None;
    let mut i = "<!DOCTYPE".len();
    while i < bytes.len() {
        let b = bytes[i];
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return Ok((i + 1, entities)),
            (None, b'[') => {
                let end = internal_subset(text, i + 1, &mut entities)?;
                let close = text[end..].find('>').map_or(text.len(), |c| end + c + 1);
                return Ok((close, entities));
            }
            _ => {}
        }
        i += 1;
    }
    Ok((text.len(), entities))
}

/// Reads the declarations between `[` and `]` from `from`; returns where `]` ends.
fn internal_subset<'a>(
    text: &'a str,
    from: usize,
    entities: &mut Entities<'a>,
) -> Result<usize, Problem> {
    let mut i = from;
    loop {
        let rest = text[i..].trim_start();
        i = text.len() - rest.len();
        if rest.is_empty() {
            return Ok(i);
        }
        if let Some(after) = rest.strip_prefix(']') {
            return Ok(text.len() - after.len());
        }
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(text.len(), |e| i + e + 3);
            continue;
        }
        let Some(decl) = rest.strip_prefix("<!ENTITY") else {
            let what: String = rest.chars().take(12).collect();
            return Err(header_problem(&format!(
                "declares more than text ({what}…), which could change the drawing's elements"
            )));
        };
        let decl = decl.trim_start();
        if decl.starts_with('%') {
            return Err(header_problem(
                "declares a parameter entity (<!ENTITY % …>)",
            ));
        }
        let name_len = decl.find(|c: char| c.is_whitespace()).unwrap_or(decl.len());
        let name = &decl[..name_len];
        let value = decl[name_len..].trim_start();
        let Some(q) = value.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            return Err(header_problem(&format!(
                "declares the entity {name} from another file, which a reader could be made to load"
            )));
        };
        let Some(len) = value[1..].find(q) else {
            return Err(header_problem("is cut short"));
        };
        let literal = &value[1..1 + len];
        if literal.contains(['&', '%', '<']) {
            return Err(header_problem(&format!(
                "declares the entity {name} made of other entities or markup, which can expand to gigabytes"
            )));
        }
        entities.push((name, literal.len()));
        let after = &value[1 + len + 1..];
        i = text.len() - after.len();
        i = text[i..].find('>').map_or(text.len(), |e| i + e + 1);
    }
}

/// Refuses a drawing whose entity references would expand past the largest SVG vouch
/// takes (each declared entity is plain text, so one reference is one copy).
fn expansion(text: &str, entities: &[(&str, usize)]) -> Result<(), Problem> {
    if entities.is_empty() {
        return Ok(());
    }
    let mut total = text.len();
    for (at, _) in text.match_indices('&') {
        let rest = &text[at + 1..];
        let Some(end) = rest.find(';').filter(|&e| e <= 64) else {
            continue;
        };
        if let Some((_, len)) = entities.iter().find(|(name, _)| *name == &rest[..end]) {
            total = total.saturating_add(*len);
        }
    }
    if total > super::problem::MAX_SVG_BYTES as usize {
        return Err(header_problem(
            "declares entities used so often that the drawing would expand past 5 MB",
        ));
    }
    Ok(())
}

/// Every part of an SVG that could run code or fetch another file, described in words
/// with its line, in document order (at most ten): `<script>` and event handlers in any
/// namespace, HTML (`<foreignObject>` or the XHTML namespace), animations that set a
/// link or a handler, links (`href` in any namespace, `src`, `xml:base`) to anything but
/// `#id` or an embedded raster picture, CSS that loads (`url()`, `@import`, after CSS
/// escapes), and `<?xml-stylesheet?>`.
pub fn unsafe_svg_parts(text: &str) -> Result<Vec<String>, roxmltree::Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        // The scan caps elements; attributes and text count here too.
        nodes_limit: 4 * MAX_SVG_ELEMENTS as u32,
        ..Default::default()
    };
    let doc = Document::parse_with_options(text, options)?;
    let mut found = Vec::new();
    for node in doc.descendants() {
        if found.len() >= 10 {
            break;
        }
        // The line is looked up only for what is found: it reads the text up to it.
        let line = || doc.text_pos_at(node.range().start).row;
        if node.is_pi() && node.pi().is_some_and(|p| p.target == "xml-stylesheet") {
            found.push(format!(
                "a style sheet from another file, <?xml-stylesheet?> (line {})",
                line()
            ));
        } else if node.is_text() {
            let in_style = node
                .parent_element()
                .is_some_and(|p| p.tag_name().name().eq_ignore_ascii_case("style"));
            if in_style && css::outside_load(node.text().unwrap_or("")).is_some() {
                found.push(format!("a style that loads another file (line {})", line()));
            }
        } else if node.is_element() {
            if let Some(what) = unsafe_element(node) {
                found.push(format!("{what} (line {})", line()));
            }
            for what in unsafe_attributes(node) {
                found.push(format!("{what} (line {})", line()));
            }
        }
    }
    Ok(found)
}

/// What makes an element itself unsafe, if anything.
fn unsafe_element(node: Node<'_, '_>) -> Option<String> {
    let name = node.tag_name().name().to_ascii_lowercase();
    match name.as_str() {
        "script" | "handler" | "listener" => return Some("a script".into()),
        // Illustrator's editing data sits in a <foreignObject> holding only elements of
        // its own namespaces, which no browser shows: harmless.
        "foreignobject" if !only_illustrator_data(node) => {
            return Some("embedded HTML, <foreignObject>".into())
        }
        "set" | "animate" | "animatetransform" | "animatemotion" | "animatecolor" => {
            let target = node
                .attributes()
                .find(|a| a.name() == "attributeName")
                .map(|a| a.value().trim().to_ascii_lowercase())
                .unwrap_or_default();
            let local = target.rsplit(':').next().unwrap_or("");
            if local == "href" || local == "src" || local.starts_with("on") {
                return Some(format!(
                    "an animation that changes {target}, <{}>",
                    node.tag_name().name()
                ));
            }
        }
        _ => {}
    }
    (node.tag_name().namespace() == Some(XHTML))
        .then(|| format!("HTML, <{}>", node.tag_name().name()))
}

fn only_illustrator_data(node: Node<'_, '_>) -> bool {
    node.descendants().skip(1).all(|d| {
        !d.is_element()
            || d.tag_name()
                .namespace()
                .is_some_and(|ns| ns.starts_with("http://ns.adobe.com/"))
    })
}

/// What makes an element's attributes unsafe: handlers, links out, CSS that loads.
fn unsafe_attributes(node: Node<'_, '_>) -> Vec<String> {
    let mut found = Vec::new();
    for attr in node.attributes() {
        let name = attr.name().to_ascii_lowercase();
        let value = attr.value();
        if name.starts_with("on") {
            found.push(format!("an event handler, {}=", attr.name()));
        } else if matches!(name.as_str(), "href" | "src" | "base")
            && !css::is_inside_reference(value)
        {
            let shown: String = value.trim().chars().take(80).collect();
            found.push(format!("a reference to another file, {shown}"));
        } else if css::outside_load(value).is_some() {
            found.push(format!("a reference to another file in {}=", attr.name()));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_logo_is_safe() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="10" height="10"/><use href="#g"/></svg>"##;
        assert_eq!(unsafe_svg_parts(svg).unwrap(), Vec::<String>::new());
        assert_eq!(check_svg(svg), Ok(()));
    }

    #[test]
    fn scripts_handlers_and_outside_files_are_found() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">
<script>alert(2)</script>
<image xlink:href="https://tracker.example/p.png"/>
<style>@import url(https://fonts.example/x.css);</style>
<rect style="fill: url('https://x.example/a.svg#p')"/>
<foreignObject><div/></foreignObject>
</svg>"#;
        let found = unsafe_svg_parts(svg).unwrap();
        assert_eq!(
            found,
            [
                "an event handler, onload= (line 1)",
                "a script (line 2)",
                "a reference to another file, https://tracker.example/p.png (line 3)",
                "a style that loads another file (line 4)",
                "a reference to another file in style= (line 5)",
                "embedded HTML, <foreignObject> (line 6)",
            ]
        );
    }

    #[test]
    fn the_scan_counts_elements_and_nesting_outside_comments_and_values() {
        let svg = "<svg><!-- <g><g> --><g a='<>' b=\"/>\"><![CDATA[<g>]]></g><?pi <g>?></svg>";
        assert_eq!(scan(svg), Ok(()));
        let deep = format!("<svg>{}{}</svg>", "<g>".repeat(100), "</g>".repeat(100));
        assert_eq!(
            scan(&deep).unwrap_err().message,
            "the SVG is too complex to publish: elements nested more than 100 deep"
        );
        let flat = format!("<svg>{}</svg>", "<g/>".repeat(MAX_SVG_ELEMENTS));
        assert_eq!(
            scan(&flat).unwrap_err().message,
            "the SVG is too complex to publish: more than 50000 elements"
        );
    }
}

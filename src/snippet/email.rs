//! The email snippet: what the common mail clients (Gmail, Outlook, Apple Mail) keep of
//! HTML is tables and inline styles of a few properties; no `<style>`, no script, no
//! `class`. Every style goes through [`style`], which keeps only [`EMAIL_CSS`].

use super::{byline, Words};
use crate::escape::xml as e;

/// The CSS properties an email snippet may use: those Gmail, Outlook (Word's renderer)
/// and Apple Mail all keep in inline styles (docs/embeds.md lists them).
pub const EMAIL_CSS: [&str; 13] = [
    "background-color",
    "border-left",
    "color",
    "font-family",
    "font-size",
    "font-style",
    "font-weight",
    "line-height",
    "margin",
    "padding",
    "text-align",
    "text-decoration",
    "width",
];

/// An inline `style` attribute of the allowed properties among `rules` (others are
/// dropped, so no snippet can carry one).
fn style(rules: &[(&str, &str)]) -> String {
    let kept: Vec<String> = rules
        .iter()
        .filter(|(property, _)| EMAIL_CSS.contains(property))
        .map(|(property, value)| format!("{property}:{value}"))
        .collect();
    format!(" style=\"{}\"", e(&kept.join(";")))
}

const FONT: &str = "Arial,Helvetica,sans-serif";

/// One item as a table for an email.
pub(super) fn email(words: &Words) -> String {
    let brand = words.brand.as_str();
    let muted = "#55535f";
    let mut cell = String::new();
    let p = |size: &str, color: &str, margin: &str, weight: &str| {
        let line = if size == "18px" { "26px" } else { "22px" };
        style(&[
            ("margin", margin),
            ("font-family", FONT),
            ("font-size", size),
            ("line-height", line),
            ("color", color),
            ("font-weight", weight),
        ])
    };
    if let Some(title) = &words.title {
        let link = style(&[("color", brand), ("text-decoration", "none")]);
        cell.push_str(&format!(
            "<p{}><a href=\"{}\"{link}>{}</a></p>\n",
            p("18px", "#17161d", "0 0 8px", "bold"),
            e(&words.link),
            e(title)
        ));
    }
    if let Some(rating) = words.rating.filter(|r| (1..=5).contains(r)) {
        let stars = "\u{2605}".repeat(rating as usize);
        cell.push_str(&format!(
            "<p{}>{stars} <span{}>{rating} out of 5</span></p>\n",
            p("16px", "#8a5a00", "0 0 8px", "normal"),
            style(&[("color", muted), ("font-size", "13px")])
        ));
    }
    for (i, paragraph) in words.paragraphs.iter().enumerate() {
        let quoted = match (words.title.is_some(), i, words.paragraphs.len() - 1) {
            (true, _, _) => e(paragraph).to_string(),
            (false, 0, 0) => format!("\u{201c}{}\u{201d}", e(paragraph)),
            (false, 0, _) => format!("\u{201c}{}", e(paragraph)),
            (false, i, last) if i == last => format!("{}\u{201d}", e(paragraph)),
            _ => e(paragraph).to_string(),
        };
        cell.push_str(&format!(
            "<p{}>{quoted}</p>\n",
            p("16px", "#17161d", "0 0 12px", "normal")
        ));
    }
    for (value, metric) in &words.results {
        cell.push_str(&format!(
            "<p{}><strong{}>{}</strong> {}</p>\n",
            p("15px", "#17161d", "0 0 4px", "normal"),
            style(&[("color", brand)]),
            e(value),
            e(metric)
        ));
    }
    if words.author.is_some() {
        let by = match (&words.customer, &words.customer_link) {
            (Some(name), Some(link)) => {
                let plain = byline(&Words {
                    customer: None,
                    ..words.clone()
                });
                format!(
                    "{}, <a href=\"{}\"{}>{}</a>",
                    e(&plain),
                    e(link),
                    style(&[("color", brand)]),
                    e(name)
                )
            }
            _ => e(&byline(words)).to_string(),
        };
        cell.push_str(&format!(
            "<p{}>\u{2014} {by}</p>\n",
            p("14px", muted, "0 0 12px", "normal")
        ));
    }
    cell.push_str(&format!(
        "<p{}><a href=\"{}\"{}>{} \u{2192}</a></p>\n",
        p("14px", brand, "0", "bold"),
        e(&words.link),
        style(&[("color", brand), ("font-weight", "bold")]),
        e(&words.link_label)
    ));
    let table = style(&[("width", "100%"), ("background-color", "#f5f5fa")]);
    let td = style(&[
        ("padding", "16px 20px"),
        ("border-left", &format!("4px solid {brand}")),
        ("text-align", "left"),
    ]);
    format!(
        "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"{table}>\n<tr>\n<td{td}>\n{cell}</td>\n</tr>\n</table>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_property_outside_the_allow_list_is_dropped() {
        assert_eq!(
            style(&[("color", "red"), ("position", "fixed"), ("display", "none")]),
            " style=\"color:red\""
        );
    }
}

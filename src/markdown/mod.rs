//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough, task lists and
//! heading anchors; `@/` internal links resolved; shortcodes expanded; summaries.
//!
//! This module knows nothing of the site: the caller passes how to resolve a link and
//! how to render a shortcode, so it can be tested on its own.

pub mod shortcodes;

use crate::site::urls::slugify;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use shortcodes::{Piece, Shortcode};
use std::collections::HashSet;
use std::ops::Range;

/// Turns a picture's address, alt text and title into the site's HTML for it.
pub type PictureHook<'a> = dyn Fn(&str, &str, Option<&str>) -> Option<String> + Sync + 'a;

/// How the caller wants site-specific parts handled.
pub struct Hooks<'a> {
    /// Resolves a content path (`case-studies/acme.md`) to the page's URL.
    pub resolve_link: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// Renders a shortcode call to HTML, or says what is wrong with it.
    pub shortcode: &'a (dyn Fn(&Shortcode) -> Result<String, String> + Sync),
    /// Customers' words (testimonials, quotes): raw HTML is shown as text, never run.
    pub escape_html: bool,
    /// The site's link prefix (`/` or `/project/`): a root-relative link or image
    /// (`/about/`, `/images/logo.svg`) is written under it, so it still works when the
    /// site is served from a sub-path such as a GitLab project page.
    pub base_path: &'a str,
    /// A picture as the site shows it (`<picture>` with sizes), given its address as
    /// written, its alt text and title; `None` leaves the plain `<img>`.
    pub image: &'a PictureHook<'a>,
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// The headings' ids, for checking `#anchor` links.
    pub anchors: HashSet<String>,
    /// `##` headings with their ids, for a table of contents.
    pub headings: Vec<(String, String)>,
    /// Internal links to check once every page is rendered: (content path, anchor, line).
    pub links: Vec<(String, Option<String>, usize)>,
    /// Root-relative links and images as written (`/join/`, `/images/team.jpg`), with
    /// their 0-based line and whether it is an image: checked against the files the
    /// build makes once it is planned.
    pub site_links: Vec<(String, usize, bool)>,
    /// Problems found, with the 0-based line inside the body.
    pub problems: Vec<(usize, String, Option<String>)>,
    /// The plain-text summary ([`summary`]), made from the same parse.
    pub summary: String,
}

/// How long an item's summary (card text, description default) is, in characters.
pub const SUMMARY_CHARS: usize = 180;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a body.
pub fn render(markdown: &str, hooks: &Hooks<'_>) -> Rendered {
    let mut out = Rendered::default();
    let events = merged_events(markdown);
    out.summary = summary_of(events.iter().map(|(e, _)| e), SUMMARY_CHARS);
    let lines = Lines::of(markdown);
    let mut processed: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut in_code = false;
    let mut in_paragraph = false;
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        let line = lines.at(range.start);
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            _ => {}
        }
        // A paragraph holding only shortcodes (one, or several on consecutive lines)
        // becomes their block HTML, with no <p> around it.
        let shortcodes_only = match event {
            Event::Start(Tag::Paragraph) => only_shortcodes(&events[i..]),
            _ => None,
        };
        if let Some(end) = shortcodes_only {
            let inside = &events[i + 1..i + end];
            block_shortcodes(inside, &lines, hooks, &mut out, &mut processed);
            i += end + 1;
            continue;
        }
        match event {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) => in_paragraph = false,
            _ => {}
        }
        if let Event::Start(tag @ (Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })) =
            event
        {
            if dest_url.starts_with('/') && !dest_url.starts_with("//") {
                let image = matches!(tag, Tag::Image { .. });
                out.site_links.push((dest_url.to_string(), line, image));
            }
        }
        if let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = event
        {
            if let Some(html) = picture_html(&events[i..], dest_url, title, hooks) {
                processed.push(Event::InlineHtml(html.0.into()));
                i += html.1 + 1;
                continue;
            }
        }
        match event {
            Event::Text(text) if !in_code && text.contains("{{") => {
                inline_shortcodes(text, in_paragraph, line, hooks, &mut out, &mut processed);
            }
            Event::Start(tag @ (Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })) => {
                let link = matches!(tag, Tag::Link { .. });
                let dest = destination(dest_url, link, line, hooks, &mut out);
                processed.push(Event::Start(match dest {
                    Some(dest) => with_destination(tag, dest),
                    None => tag.clone(),
                }));
            }
            Event::Html(html) | Event::InlineHtml(html) if hooks.escape_html => {
                processed.push(Event::Text(html.clone()));
            }
            // A task-list box is a form control: without a name, screen readers announce
            // "checkbox" alone and axe reports it. Its name says the state in words.
            Event::TaskListMarker(done) => {
                let (checked, name) = if *done {
                    (" checked", "Done")
                } else {
                    ("", "To do")
                };
                processed.push(Event::InlineHtml(
                    format!(r#"<input type="checkbox" disabled{checked} aria-label="{name}"> "#)
                        .into(),
                ));
            }
            _ => processed.push(event.clone()),
        }
        i += 1;
    }
    assign_heading_ids(&mut processed, &mut out);
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 4);
    pulldown_cmark::html::push_html(&mut html, processed.into_iter());
    // Every body stays in memory for the whole build: kept at its exact length (a
    // grown string holds up to twice that, and shrinking in place frees nothing).
    out.html = html.as_str().into();
    out
}

/// Each byte offset's 0-based line, found by a binary search over where the lines
/// start (counted once, not again from the top for every link).
struct Lines(Vec<usize>);

impl Lines {
    fn of(text: &str) -> Lines {
        let breaks = text.bytes().enumerate().filter(|(_, b)| *b == b'\n');
        Lines(breaks.map(|(at, _)| at).collect())
    }

    /// The line of the byte at `offset`.
    fn at(&self, offset: usize) -> usize {
        self.0.partition_point(|&at| at < offset)
    }
}

/// The calls of a paragraph of shortcodes alone (`inside`: its events), each as its
/// block HTML.
fn block_shortcodes<'a>(
    inside: &[(Event<'a>, Range<usize>)],
    lines: &Lines,
    hooks: &Hooks<'_>,
    out: &mut Rendered,
    processed: &mut Vec<Event<'a>>,
) {
    let texts = inside.iter().filter_map(|(e, r)| match e {
        Event::Text(t) => Some((t, r)),
        _ => None,
    });
    for (text, range) in texts {
        for piece in shortcodes::pieces(text.trim()) {
            if let Piece::Call(call) = piece {
                match (hooks.shortcode)(&call) {
                    Ok(html) => processed.push(Event::Html(format!("{html}\n").into())),
                    Err(why) => out.problems.push((lines.at(range.start), why, None)),
                }
            }
        }
    }
}

/// Text with shortcodes in it: the text as text, each call as its HTML (a malformed
/// one as text, with a problem at `line`).
fn inline_shortcodes(
    text: &str,
    in_paragraph: bool,
    line: usize,
    hooks: &Hooks<'_>,
    out: &mut Rendered,
    processed: &mut Vec<Event<'_>>,
) {
    for piece in shortcodes::pieces(text) {
        match piece {
            Piece::Text(t) => processed.push(Event::Text(t.to_string().into())),
            Piece::Call(call) => match (hooks.shortcode)(&call) {
                // Block HTML (a metric's <div>) cannot sit inside a <p>: the paragraph is
                // closed before it and opened again after.
                Ok(html) if in_paragraph && is_block_html(&html) => {
                    let html = format!("</p>\n{}\n<p>", html.trim());
                    processed.push(Event::InlineHtml(html.into()));
                }
                Ok(html) => processed.push(Event::InlineHtml(html.into())),
                Err(why) => out.problems.push((line, why, None)),
            },
            Piece::Malformed(t, why) => {
                out.problems.push((
                    line,
                    format!("malformed shortcode {t}: {why}"),
                    Some("write shortcodes as {{ name(key=\"value\") }}".into()),
                ));
                processed.push(Event::Text(t.to_string().into()));
            }
        }
    }
}

/// Where a link (`link`) or image written as `dest` at `line` really points, when that
/// is not `dest` as written: an internal link (`@/case-studies/acme.md#results`) to the
/// page's address (or `#`, with a problem, when nothing is published there), a
/// root-relative one under the site's base path, and in customers' words a scheme that
/// could run code to `#`.
fn destination(
    dest: &str,
    link: bool,
    line: usize,
    hooks: &Hooks<'_>,
    out: &mut Rendered,
) -> Option<String> {
    if let Some(target) = dest.strip_prefix("@/").filter(|_| link) {
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p.to_string(), Some(a.to_string())),
            None => (target.to_string(), None),
        };
        return Some(match (hooks.resolve_link)(&path) {
            Some(url) => {
                let url = match &anchor {
                    Some(a) => format!("{url}#{a}"),
                    None => url,
                };
                out.links.push((path, anchor, line));
                url
            }
            None => {
                out.problems.push((
                    line,
                    format!("broken internal link: no published page at @/{path}"),
                    Some(
                        "internal links name the file inside content/, e.g. @/case-studies/acme.md"
                            .into(),
                    ),
                ));
                String::from("#")
            }
        });
    }
    if needs_base(dest, hooks.base_path) {
        return Some(format!("{}{}", hooks.base_path, &dest[1..]));
    }
    (hooks.escape_html && !is_safe_destination(dest)).then(|| String::from("#"))
}

/// A link or image tag pointing at `dest` instead.
fn with_destination<'a>(tag: &Tag<'a>, dest: String) -> Tag<'a> {
    match tag {
        Tag::Link {
            link_type,
            title,
            id,
            ..
        } => Tag::Link {
            link_type: *link_type,
            dest_url: dest.into(),
            title: title.clone(),
            id: id.clone(),
        },
        Tag::Image {
            link_type,
            title,
            id,
            ..
        } => Tag::Image {
            link_type: *link_type,
            dest_url: dest.into(),
            title: title.clone(),
            id: id.clone(),
        },
        other => other.clone(),
    }
}

/// The site's HTML for the image starting `events`, with how many events it spans
/// (its alt text is the text inside it).
fn picture_html(
    events: &[(Event<'_>, Range<usize>)],
    dest: &str,
    title: &str,
    hooks: &Hooks<'_>,
) -> Option<(String, usize)> {
    let end = events
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))?;
    let alt: String = events[1..end]
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    let title = (!title.is_empty()).then_some(title);
    Some(((hooks.image)(dest, &alt, title)?, end))
}

/// Whether a link target is root-relative (`/about/`, not `//host/` or a full URL) on a
/// site served below the domain's root, so it needs the base path in front.
fn needs_base(url: &str, base_path: &str) -> bool {
    base_path != "/"
        && !base_path.is_empty()
        && url.starts_with('/')
        && !url.starts_with("//")
        && !url.starts_with(base_path)
}

/// A link target in customers' words: relative, or http(s)/mailto. `javascript:`,
/// `data:` and other schemes could run code in the reader's browser.
fn is_safe_destination(url: &str) -> bool {
    !crate::site::urls::is_external(url.trim()) || crate::site::urls::is_safe_link(url)
}

/// Parses with offsets, merging adjacent text events so shortcodes are never split.
/// When `events` opens a paragraph holding nothing but shortcode calls (and line
/// breaks between them), the index of its end.
fn only_shortcodes(events: &[(Event<'_>, Range<usize>)]) -> Option<usize> {
    let end = events
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))?;
    let inside = &events[1..end];
    let calls_only = inside.iter().all(|(e, _)| match e {
        Event::SoftBreak => true,
        Event::Text(t) => shortcodes::pieces(t.trim()).iter().all(|p| {
            matches!(p, Piece::Call(_)) || matches!(p, Piece::Text(t) if t.trim().is_empty())
        }),
        _ => false,
    });
    (calls_only && inside.iter().any(|(e, _)| matches!(e, Event::Text(_)))).then_some(end)
}

/// Whether an HTML fragment starts with an element that may not sit inside a `<p>`.
fn is_block_html(html: &str) -> bool {
    let tag = html.trim_start().trim_start_matches('<');
    let name: String = tag
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    matches!(
        name.as_str(),
        "div" | "figure" | "aside" | "blockquote" | "section" | "ul" | "ol" | "table" | "p"
    )
}

fn merged_events(markdown: &str) -> Vec<(Event<'_>, Range<usize>)> {
    let mut events: Vec<(Event<'_>, Range<usize>)> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if let (Event::Text(next), Some((Event::Text(prev), prev_range))) =
            (&event, events.last_mut())
        {
            let mut joined = prev.to_string();
            joined.push_str(next);
            *prev = CowStr::from(joined);
            prev_range.end = range.end;
            continue;
        }
        events.push((event, range));
    }
    events
}

/// Gives every heading an id (its text, slugified, made unique) unless it has `{#id}`.
fn assign_heading_ids(events: &mut [Event<'_>], out: &mut Rendered) {
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = *level;
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = explicit.unwrap_or_else(|| {
                let slug = slugify(&text);
                if slug.is_empty() {
                    "section".into()
                } else {
                    slug
                }
            });
            let mut unique = base.clone();
            let mut n = 1;
            while out.anchors.contains(&unique) {
                unique = format!("{base}-{n}");
                n += 1;
            }
            out.anchors.insert(unique.clone());
            if level == HeadingLevel::H2 {
                out.headings.push((unique.clone(), text));
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(unique.into());
            }
            i = j;
        }
        i += 1;
    }
}

/// Plain text of the first paragraphs, cut at a word boundary near `max` characters:
/// the default description and card text.
pub fn summary(markdown: &str, max: usize) -> String {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    summary_of(events.iter(), max)
}

fn summary_of<'e>(events: impl Iterator<Item = &'e Event<'e>>, max: usize) -> String {
    let mut text = String::new();
    let mut depth_skip = 0;
    for event in events {
        match event {
            Event::Start(
                Tag::CodeBlock(_)
                | Tag::Table(_)
                | Tag::Heading { .. }
                | Tag::FootnoteDefinition(_),
            ) => depth_skip += 1,
            Event::End(
                TagEnd::CodeBlock | TagEnd::Table | TagEnd::Heading(_) | TagEnd::FootnoteDefinition,
            ) => depth_skip -= 1,
            Event::Text(t) | Event::Code(t)
                if depth_skip == 0 && !t.trim_start().starts_with("{{") =>
            {
                text.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph)
                if depth_skip == 0 =>
            {
                text.push(' ')
            }
            _ => {}
        }
        if text.len() > max * 2 {
            break;
        }
    }
    truncate_words(&text.split_whitespace().collect::<Vec<_>>().join(" "), max)
}

/// Cuts text at a word boundary to at most `max` characters, adding `…` when cut.
pub fn truncate_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hooks<'a>(
        links: &'a (dyn Fn(&str) -> Option<String> + Sync),
        sc: &'a (dyn Fn(&Shortcode) -> Result<String, String> + Sync),
    ) -> Hooks<'a> {
        Hooks {
            resolve_link: links,
            shortcode: sc,
            escape_html: false,
            base_path: "/",
            image: &|_, _, _| None,
        }
    }

    #[test]
    fn a_body_is_kept_at_its_exact_length() {
        let links = |_: &str| None;
        let sc = |_: &Shortcode| Err(String::new());
        let long = "A paragraph of a case study, long enough to grow the buffer. ".repeat(200);
        let r = render(
            &format!("## Results\n\n{long}\n\n- one\n- two\n"),
            &hooks(&links, &sc),
        );
        assert!(r.html.len() > long.len());
        assert_eq!(
            r.html.capacity(),
            r.html.len(),
            "no spare capacity held per body"
        );
    }

    #[test]
    fn root_relative_links_and_images_get_the_base_path() {
        let links = |_: &str| None;
        let sc = |_: &Shortcode| Err(String::new());
        let hooks = Hooks {
            resolve_link: &links,
            shortcode: &sc,
            escape_html: false,
            base_path: "/project/",
            image: &|_, _, _| None,
        };
        let r = render(
            "[About](/about/) ![Logo](/images/logo.svg) [Out](https://x.example/) [Proto](//cdn.example/a) [Done](/project/join/) [Rel](team/)",
            &hooks,
        );
        assert!(r.html.contains(r#"href="/project/about/""#), "{}", r.html);
        assert!(
            r.html.contains(r#"src="/project/images/logo.svg""#),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(r#"href="https://x.example/""#),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"href="//cdn.example/a""#), "{}", r.html);
        assert!(r.html.contains(r#"href="/project/join/""#), "{}", r.html);
        assert!(r.html.contains(r#"href="team/""#), "{}", r.html);
    }

    fn plain(md: &str) -> Rendered {
        let links = |p: &str| (p == "case-studies/acme.md").then(|| "/cs/acme/".to_string());
        let sc = |c: &Shortcode| match c.name.as_str() {
            "metric" => Ok(format!("<div class=\"metric\">{}</div>", c.args["value"])),
            other => Err(format!("unknown shortcode '{other}'")),
        };
        render(md, &hooks(&links, &sc))
    }

    #[test]
    fn task_list_boxes_say_their_state_in_words() {
        let html = plain("- [x] Rollback\n- [ ] Firmware\n").html;
        assert!(
            html.contains(
                r#"<li><input type="checkbox" disabled checked aria-label="Done"> Rollback</li>"#
            ),
            "{html}"
        );
        assert!(
            html.contains(
                r#"<li><input type="checkbox" disabled aria-label="To do"> Firmware</li>"#
            ),
            "{html}"
        );
    }

    #[test]
    fn headings_get_unique_ids() {
        let r = plain("## The results\n\n## The results\n\n### Deep {#custom}\n");
        assert!(r.html.contains("<h2 id=\"the-results\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"the-results-1\">"), "{}", r.html);
        assert!(r.html.contains("<h3 id=\"custom\">"), "{}", r.html);
        assert_eq!(r.headings.len(), 2);
    }

    #[test]
    fn internal_links_resolve_or_fail() {
        let r = plain("[Acme](@/case-studies/acme.md#the-results) and [x](@/nope.md)");
        assert!(
            r.html.contains("href=\"/cs/acme/#the-results\""),
            "{}",
            r.html
        );
        assert_eq!(
            r.links,
            vec![("case-studies/acme.md".into(), Some("the-results".into()), 0)]
        );
        assert_eq!(r.problems.len(), 1);
        assert!(r.problems[0].1.contains("@/nope.md"));
    }

    #[test]
    fn block_shortcodes_never_sit_inside_a_paragraph() {
        // Two on consecutive lines: two blocks, no paragraph.
        let r = plain("{{ metric(value=\"1\") }}\n{{ metric(value=\"2\") }}\n");
        assert_eq!(
            r.html.trim(),
            "<div class=\"metric\">1</div>\n<div class=\"metric\">2</div>"
        );
        // Inside a sentence: the paragraph closes before it and opens again after.
        let r = plain("We went {{ metric(value=\"3x\") }} faster.\n");
        assert!(
            r.html
                .contains("<p>We went </p>\n<div class=\"metric\">3x</div>\n<p> faster.</p>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("<p><div"), "{}", r.html);
    }

    #[test]
    fn shortcodes_expand_but_not_in_code() {
        let r =
            plain("Intro\n\n{{ metric(value=\"10x\") }}\n\n```\n{{ metric(value=\"1\") }}\n```\n");
        assert!(
            r.html.contains("<div class=\"metric\">10x</div>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("<p><div"), "{}", r.html);
        assert!(
            r.html.contains("<code>{{ metric(value=\"1\") }}"),
            "{}",
            r.html
        );
        let r = plain("\n\n{{ bogus(id=\"x\") }}\n");
        assert_eq!(
            r.problems[0],
            (2, "unknown shortcode 'bogus'".to_string(), None)
        );
    }

    #[test]
    fn extensions_are_on() {
        let r = plain("| a |\n|---|\n| b |\n\n~~old~~ - [x] done[^1]\n\n[^1]: note\n");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn customers_words_cannot_carry_html() {
        let links = |_: &str| None;
        let sc = |_: &Shortcode| Err(String::new());
        let h = Hooks {
            resolve_link: &links,
            shortcode: &sc,
            escape_html: true,
            base_path: "/",
            image: &|_, _, _| None,
        };
        let r = render("Great <script>alert(1)</script> tool", &h);
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        let r = render(
            "[click](javascript:alert(1)) ![x](data:text/html,hi) [ok](https://a.test/)",
            &h,
        );
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        assert!(!r.html.contains("data:"), "{}", r.html);
        assert!(r.html.contains("href=\"https://a.test/\""), "{}", r.html);
    }

    #[test]
    fn summaries_are_plain_and_short() {
        assert_eq!(
            summary("## Head\n\nSome *bold* text.\n\nMore.", 100),
            "Some bold text. More."
        );
        assert_eq!(summary("one two three four five six", 14), "one two three…");
    }
}

//! Markdown bodies: every item's text (and each section intro) with the site's links, its
//! pictures and the theme's shortcodes, then the `@/` links checked against the headings
//! of the bodies they point at.

use super::body::{Body, BodyText};
use super::theme::{self, Theme};
use super::views;
use crate::content::kinds::Kind;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::markdown::{self, shortcodes::Shortcode, Hooks};
use crate::site::{ItemId, Site};
use rayon::prelude::*;
use std::sync::Arc;

/// Renders every item's Markdown: customers' words first (they are embedded by the
/// `quote` and `testimonial` shortcodes), then everything else. Links are checked once
/// all anchors are known.
pub fn bodies(site: &Site, theme: &Theme) -> (Vec<Body>, Vec<Diagnostic>) {
    let mut bodies = vec![Body::default(); site.items.slots()];
    let every: Vec<ItemId> = site.items.ids().collect();
    let problems = bodies_again(site, theme, &mut bodies, &every);
    (bodies, problems)
}

/// Renders the bodies of the items `again` into `bodies` (every item for a build; after
/// an update, `bodies` holds the previous ones and only the changed are rendered):
/// walls first, since other bodies show their words; everything per item in
/// parallel, bodies moved into place, never copied. The problems are those of the
/// bodies rendered, `@/` links to missing headings included (checked once the bodies
/// exist); a body kept had none (a site with errors is never the one an update starts
/// from) and shows no other item.
pub fn bodies_again(
    site: &Site,
    theme: &Theme,
    bodies: &mut [Body],
    again: &[ItemId],
) -> Vec<Diagnostic> {
    let walls = |id: &ItemId| matches!(site.items[*id].kind(), Kind::Testimonial | Kind::Quote);
    for first in [true, false] {
        let made: Vec<(ItemId, Body)> = again
            .par_iter()
            .filter(|id| walls(id) == first)
            .map(|&id| (id, render_body(site, theme, id, bodies)))
            .collect();
        for (id, body) in made {
            bodies[id] = body;
        }
    }
    check_bodies_of(site, bodies, again.iter().copied())
}

/// The problems of the bodies of `ids`: their own, and their `@/` links to headings
/// that do not exist.
fn check_bodies_of(
    site: &Site,
    bodies: &[Body],
    ids: impl Iterator<Item = ItemId>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for id in ids {
        let (doc, body) = (&site.items[id].doc, &bodies[id]);
        problems.extend(body_problems(doc, body));
        for (path, anchor, line) in &body.links {
            let (Some(anchor), Some(target)) = (anchor, site.id_of(path)) else {
                continue;
            };
            let anchors = &bodies[target].anchors;
            if !anchors.contains(anchor) {
                let d = Diagnostic::error(
                    &doc.path,
                    format!("broken internal link: @/{path} has no heading '#{anchor}'"),
                )
                .at(doc.body_line + line, 1);
                let d = match did_you_mean(anchor, anchors.iter().map(String::as_str)) {
                    Some(best) => d.hint(format!("did you mean '#{best}'?")),
                    None => d.hint(
                        "anchors are heading texts in lowercase with dashes, e.g. #the-results",
                    ),
                };
                problems.push(d);
            }
        }
    }
    problems
}

/// The problems found while rendering a body, placed in its file.
fn body_problems<'a>(
    doc: &'a crate::content::Document,
    body: &'a Body,
) -> impl Iterator<Item = Diagnostic> + 'a {
    body.problems.iter().map(|(line, message, hint)| {
        let d = Diagnostic::error(&doc.path, message.clone()).at(doc.body_line + line, 1);
        match hint {
            Some(h) => d.hint(h.clone()),
            None => d,
        }
    })
}

/// Renders one item's Markdown, noting whether it read other items (links, shortcodes).
fn render_body(site: &Site, theme: &Theme, id: ItemId, bodies: &[Body]) -> Body {
    let item = &site.items[id];
    let used = std::sync::atomic::AtomicBool::new(false);
    let uses = || used.store(true, std::sync::atomic::Ordering::Relaxed);
    let resolve_link = |path: &str| {
        uses();
        site.resolve_link(path)
    };
    let shortcode = |call: &Shortcode| {
        uses();
        render_shortcode(site, theme, call, bodies)
    };
    let customers_words = matches!(item.kind(), Kind::Testimonial | Kind::Quote);
    let no_shortcodes =
        |_: &Shortcode| Err("shortcodes cannot be used inside testimonials and quotes".to_string());
    let hooks = Hooks {
        resolve_link: &resolve_link,
        shortcode: if customers_words {
            &no_shortcodes
        } else {
            &shortcode
        },
        escape_html: customers_words,
        base_path: &site.files_path,
        image: &|dest, alt, title| markdown_picture(site, &item.doc, dest, alt, title),
    };
    let r = markdown::render(&item.doc.body, &hooks);
    Body(Arc::new(BodyText {
        html: r.html,
        summary: r.summary,
        headings: r.headings,
        anchors: r.anchors,
        links: r.links,
        site_links: r.site_links,
        problems: r.problems,
        uses_site: used.into_inner(),
    }))
}

/// A picture in the text as the site shows it: resized, WebP with a fallback, sized,
/// loaded when scrolled to. Pictures from other sites stay plain `<img>`.
fn markdown_picture(
    site: &Site,
    doc: &crate::content::Document,
    dest: &str,
    alt: &str,
    title: Option<&str>,
) -> Option<String> {
    if crate::site::urls::is_external(dest) || dest.starts_with("//") {
        return None;
    }
    let path = dest.split(['?', '#']).next().unwrap_or(dest);
    let path = crate::site::asset_path(doc, path);
    let picture = site
        .images
        .picture(&path, crate::images::Use::Photo, &|p| site.file_link(p))?;
    Some(picture.html(alt, title, true))
}

/// Renders `{{ name(…) }}` with the theme's `shortcodes/<name>.html`.
fn render_shortcode(
    site: &Site,
    theme: &Theme,
    call: &Shortcode,
    bodies: &[Body],
) -> Result<String, String> {
    let template = format!("shortcodes/{}.html", call.name);
    let available: Vec<&str> = theme
        .files
        .keys()
        .filter_map(|k| {
            k.strip_prefix("templates/shortcodes/")?
                .strip_suffix(".html")
        })
        .collect();
    if !available.contains(&call.name.as_str()) {
        return Err(match did_you_mean(&call.name, available.iter().copied()) {
            Some(best) => format!("unknown shortcode '{}' (did you mean '{best}'?)", call.name),
            None => format!(
                "unknown shortcode '{}' (available: {})",
                call.name,
                available.join(", ")
            ),
        });
    }
    let mut ctx = tera::Context::new();
    for (key, value) in &call.args {
        ctx.insert(key.as_str(), value);
    }
    let embedded = match call.name.as_str() {
        "quote" => Some(Kind::Quote),
        "testimonial" => Some(Kind::Testimonial),
        _ => None,
    };
    if let Some(kind) = embedded {
        let slug = call
            .args
            .get("id")
            .ok_or_else(|| format!("the {} shortcode needs id=\"<slug>\"", call.name))?;
        let Some(&id) = site.by_slug.get(&(kind, slug.clone())) else {
            let slugs = site
                .of_kind(kind)
                .iter()
                .map(|i| site.items[*i].slug.as_str());
            let hint = did_you_mean(slug, slugs)
                .map(|b| format!(" (did you mean '{b}'?)"))
                .unwrap_or_default();
            return Err(format!(
                "no published {} with the slug '{slug}'{hint}",
                kind.label().to_lowercase()
            ));
        };
        ctx.insert("card", &views::card(site, id, bodies));
    }
    if call.name == "video" {
        let url = call
            .args
            .get("url")
            .ok_or("the video shortcode needs url=\"…\"")?;
        if !crate::site::urls::is_safe_link(url) {
            return Err(format!("'{url}' is not an http(s) address"));
        }
    }
    theme
        .tera
        .render(&template, &ctx)
        .map_err(|e| theme::describe_tera_error(&e).0)
}

/// A section intro's Markdown: the team's own words, with links and shortcodes.
pub(super) fn render_intro(
    site: &Site,
    theme: &Theme,
    bodies: &[Body],
    doc: &crate::content::Document,
) -> markdown::Rendered {
    let links = |path: &str| site.resolve_link(path);
    let shortcode = |call: &Shortcode| render_shortcode(site, theme, call, bodies);
    markdown::render(
        &doc.body,
        &Hooks {
            resolve_link: &links,
            shortcode: &shortcode,
            escape_html: false,
            base_path: &site.files_path,
            image: &|dest, alt, title| markdown_picture(site, doc, dest, alt, title),
        },
    )
}

/// Renders the section intros (`_index.md`) once to check them: broken `@/` links,
/// missing anchors and shortcode errors there are errors like anywhere else.
pub fn check_intros(site: &Site, theme: &Theme, bodies: &[Body]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for doc in site.intros.values() {
        let rendered = render_intro(site, theme, bodies, doc);
        for (line, message, hint) in rendered.problems {
            let d = Diagnostic::error(&doc.path, message).at(doc.body_line + line, 1);
            problems.push(match hint {
                Some(h) => d.hint(h),
                None => d,
            });
        }
        for (path, anchor, line) in rendered.links {
            let (Some(anchor), Some(target)) = (anchor, site.id_of(&path)) else {
                continue;
            };
            if !bodies[target].anchors.contains(&anchor) {
                problems.push(
                    Diagnostic::error(
                        &doc.path,
                        format!("broken internal link: @/{path} has no heading '#{anchor}'"),
                    )
                    .at(doc.body_line + line, 1),
                );
            }
        }
    }
    problems
}

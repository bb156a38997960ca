//! The preview's share panel: on a case study's page and beside each card of the
//! testimonial and quote walls, the embed code and the snippets, ready to copy. Added
//! to the page after rendering, each panel one element carrying `data-vouch-preview`,
//! so the built site never has it.

use super::Live;
use crate::content::kinds::Kind;
use crate::escape::xml as e;
use crate::output::embeds::Embed;
use crate::site::{ItemId, Site};
use crate::snippet::{self, Format};

/// The panels of one page: one after each card named by slug, one at the page's end.
#[derive(Debug, Default)]
pub(super) struct Panels {
    /// (the card's `id`, its panel).
    cards: Vec<(String, String)>,
    /// The panel of the page's own item.
    page: Option<String>,
}

impl Live {
    /// The panels for the HTML page at `key` (`case-studies/acme/index.html`), if it
    /// shows words that could be shared.
    pub(super) fn panels(&self, key: &str) -> Option<Panels> {
        let dir = key.strip_suffix("index.html")?;
        let site = &self.parts.site;
        let mut panels = Panels::default();
        let story = site.of_kind(Kind::CaseStudy).iter().copied();
        let story = story
            .into_iter()
            .find(|&id| site.items[id].dir.as_deref() == Some(dir));
        if let Some(id) = story {
            panels.page = Some(self.panel(id));
        }
        let page_link = site.link(dir);
        for kind in [Kind::Testimonial, Kind::Quote] {
            if !dir.starts_with(kind.folder()) {
                continue;
            }
            for &id in site.of_kind(kind) {
                let item = &site.items[id];
                let url = item.url();
                if url.split('#').next() == Some(page_link.as_str()) {
                    panels.cards.push((item.slug.clone(), self.panel(id)));
                }
            }
        }
        (panels.page.is_some() || !panels.cards.is_empty()).then_some(panels)
    }

    /// One item's panel: its customer's embed code and its snippets, or why its words
    /// may not leave the site.
    fn panel(&self, id: ItemId) -> String {
        let site = &self.parts.site;
        let renderer = self.parts.renderer();
        let item = &site.items[id];
        let mut body = String::new();
        if let Some(code) = item.customer.and_then(|c| embed_code(site, c)) {
            body.push_str(&copyable("Embed code (this customer's wall)", &code));
        }
        let share = renderer.cards().get(id).and_then(|c| c.share.as_ref());
        if let Some(share) = share.filter(|s| s.made()) {
            body.push_str(&format!(
                "<p style=\"margin:.6rem 0\"><a href=\"{}\" download>Download the share image</a> ({} x {} PNG, for LinkedIn and X)</p>",
                e(&share.url),
                share.width,
                share.height
            ));
        }
        for (label, format) in [
            ("Email", Format::Email),
            ("HTML", Format::Html),
            ("Markdown", Format::Markdown),
            ("Text", Format::Text),
        ] {
            match snippet::make(&renderer, &item.doc, format, None) {
                Ok(text) => body.push_str(&copyable(&format!("{label} snippet"), &text)),
                Err(d) => {
                    body.push_str(&format!(
                        "<p style=\"margin:.5rem 0\">No snippet: {}</p>",
                        e(&d.message)
                    ));
                    break;
                }
            }
        }
        format!(
            "<details data-vouch-preview style=\"margin:.5rem 0 1rem;padding:.5rem .75rem;border:1px dashed #8a8799;border-radius:8px;background:#fafaff;color:#17161d;font:14px/1.4 system-ui,sans-serif\"><summary>Share {} (preview only)</summary>{body}</details>",
            e(&item.title)
        )
    }
}

/// The code a host page pastes to show the customer's wall, when it has one.
fn embed_code(site: &Site, customer: ItemId) -> Option<String> {
    site.config.embeds.customer_walls.then_some(())?;
    let url = Embed::Customer(customer).url(site);
    let script = site.absolute(&site.link("assets/embed.js"));
    Some(format!(
        "<div data-vouch-embed=\"{url}\" data-title=\"What {} says\"></div>\n<script src=\"{script}\" async></script>",
        e(&site.items[customer].title)
    ))
}

/// A labelled read-only text with a copy button (the preview's live.js copies it).
fn copyable(label: &str, text: &str) -> String {
    format!(
        "<label style=\"display:block;margin:.6rem 0 .2rem;font-weight:600\">{}<textarea readonly rows=\"4\" style=\"display:block;width:100%;font:12px ui-monospace,monospace\">{}</textarea></label><button type=\"button\" data-vouch-copy>Copy</button>",
        e(label),
        e(text)
    )
}

/// `html` with the panels: each card's after the card's closing `</figure>`, the page's
/// before `</main>`.
pub(super) fn inject(html: &str, panels: &Panels) -> String {
    let mut out = html.to_string();
    for (slug, panel) in &panels.cards {
        let Some(at) = out.find(&format!(" id=\"{slug}\"")) else {
            continue;
        };
        let Some(end) = out[at..]
            .find("</figure>")
            .map(|i| at + i + "</figure>".len())
        else {
            continue;
        };
        out.insert_str(end, panel);
    }
    if let Some(panel) = &panels.page {
        match out.rfind("</main>") {
            Some(at) => out.insert_str(at, panel),
            None => out.push_str(panel),
        }
    }
    out
}

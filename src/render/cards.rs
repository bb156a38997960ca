//! Cards: every item as listings show it, made from the site and its bodies and rendered
//! once with the theme's `cards/<kind>.html`.

use super::body::Body;
use super::theme::{self, Theme};
use super::views::{self, Card, SiteView};
use crate::diagnostics::Diagnostic;
use crate::site::{ItemId, Site};
use rayon::prelude::*;
use std::sync::Arc;

/// Every item's card and its HTML, by item id, rendered once with the theme's
/// `cards/<kind>.html`: listings, term pages and item pages paste the HTML. Shared, so
/// the preview carries an unchanged item's card to the next update without copying it.
#[derive(Debug, Clone, Default)]
pub struct Cards {
    /// What each card shows.
    pub data: Vec<Arc<Card>>,
    /// Each card's HTML.
    pub html: Vec<Arc<str>>,
}

/// Makes the cards of the items `again` into `cards` (every item for a build; after an
/// update, only those whose item, customer or body changed): `reuse` may offer the
/// HTML of an identical card, which is then not rendered again.
pub fn cards_again(
    site: &Site,
    bodies: &[Body],
    theme: &Theme,
    cards: &mut Cards,
    again: &[ItemId],
    reuse: &(dyn Fn(ItemId, &Card) -> Option<Arc<str>> + Sync),
) -> Result<(), Vec<Diagnostic>> {
    let view = SiteView::new(site);
    type Made = Result<(ItemId, Arc<Card>, Arc<str>), Diagnostic>;
    let made: Vec<Made> = again
        .par_iter()
        .map(|&id| {
            let mut card = views::card(site, id, bodies);
            card.share = crate::share::image_of(site, &theme.share, id).map(Arc::new);
            let html = match reuse(id, &card) {
                Some(html) => html,
                None => Arc::from(render_card(&card, &view, theme)?),
            };
            Ok((id, Arc::new(card), html))
        })
        .collect();
    let mut problems = Vec::new();
    for r in made {
        match r {
            Ok((id, card, html)) => {
                cards.data[id] = card;
                cards.html[id] = html;
            }
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        problems.dedup();
        Err(problems)
    }
}

/// Every item's card and its HTML (an empty slot, a file withheld or deleted, has an
/// empty card, never shown).
pub fn cards(site: &Site, bodies: &[Body], theme: &Theme) -> Result<Cards, Vec<Diagnostic>> {
    let slots = site.items.slots();
    let mut cards = Cards {
        data: vec![Arc::default(); slots],
        html: vec![Arc::from(""); slots],
    };
    let every: Vec<ItemId> = site.items.ids().collect();
    cards_again(site, bodies, theme, &mut cards, &every, &|_, _| None)?;
    Ok(cards)
}

fn render_card(card: &Card, view: &SiteView, theme: &Theme) -> Result<String, Diagnostic> {
    let template = format!("cards/{}.html", card.kind);
    let mut ctx = tera::Context::new();
    ctx.insert("site", view);
    ctx.insert("card", card);
    theme.tera.render(&template, &ctx).map_err(|e| {
        let (message, line) = theme::describe_tera_error(&e);
        Diagnostic::error(
            theme.template_path(&template),
            format!("template error: {message}"),
        )
        .at_line(line)
    })
}

//! Share images: every case study, testimonial and quote whose words may leave the
//! site ([`crate::site::may_leave_site`]) as a 1200x630 PNG card for LinkedIn and X,
//! drawn with resvg from the theme's `share/card.svg` and the theme's fonts.
//!
//! What an image shows is worked out with the item's card ([`image_of`]), so the
//! preview works it out again only for the items a save touched; the PNG is drawn when
//! the file is written ([`draw`]), named and cached by a hash of everything drawn, so
//! a build with nothing new draws nothing and a crawler's cache refreshes on change.

pub mod draw;
pub mod kit;
pub mod layout;

pub use kit::Kit;

use crate::content::kinds::Kind;
use crate::content::Front;
use crate::diagnostics::Diagnostic;
use crate::site::{ItemId, Site};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;

/// The brand colour of a site that sets none (the default theme's `--brand`).
pub const DEFAULT_BRAND: &str = "#3b3ec9";

/// The version of the drawing code: part of every image's name, raised when vouch
/// draws the same card differently or encodes it into other bytes, so no cache keeps an
/// old file under the name (2: deflate level 3 with the Sub filter).
const DRAWING: u32 = 2;

/// The kinds that have share images.
pub const KINDS: [Kind; 3] = [Kind::CaseStudy, Kind::Testimonial, Kind::Quote];

/// An item's share image: where it is published, and everything drawn on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    /// Its site link (for templates and the preview's panel).
    pub url: String,
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
    /// What it shows, in words (`og:image:alt`): the words themselves.
    pub alt: String,
    /// Its path inside the output folder: `share/<kind>/<slug>.<hash>.png`.
    #[serde(skip)]
    pub path: String,
    /// What is drawn.
    #[serde(skip)]
    pub card: Card,
    /// The hash of everything drawn: the file's name and its cache key.
    #[serde(skip)]
    pub key: u128,
    /// A character the fonts lack: then no image is made, and a note says so.
    #[serde(skip)]
    pub missing: Option<char>,
}

impl Share {
    /// Whether the image is made (the fonts draw every character of it).
    pub fn made(&self) -> bool {
        self.missing.is_none()
    }
}

/// What a share image draws.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Card {
    /// The line above the words (`Case study`), if any.
    pub kicker: Option<String>,
    /// The words: a case study's title, a quote's or testimonial's text.
    pub words: String,
    /// Who said them (a case study: the customer).
    pub author: String,
    /// Their role, and the customer's name.
    pub role: Option<String>,
    /// Whether the words are someone's (drawn with a quotation mark).
    pub quoted: bool,
    /// The customer's logo.
    pub logo: Option<Logo>,
    /// The brand colour, `#rrggbb`.
    pub brand: String,
}

/// A logo drawn on a share image.
#[derive(Debug, Clone, PartialEq)]
pub struct Logo {
    /// The file.
    pub file: PathBuf,
    /// Its path inside `content/` (for problems).
    pub content_path: String,
    /// Its format (an SVG is checked again before it is drawn).
    pub format: crate::images::probe::Format,
    /// The hash of its bytes.
    pub hash: u128,
}

/// The share image of item `id`, when its kind has them (and `share_images:` leaves
/// them on) and its words may leave the site.
pub fn image_of(site: &Site, kit: &Kit, id: ItemId) -> Option<Share> {
    let item = site.items.get(id)?;
    let settings = site.config.share_images;
    let on = match item.kind() {
        Kind::CaseStudy => settings.case_studies,
        Kind::Testimonial => settings.testimonials,
        Kind::Quote => settings.quotes,
        _ => false,
    };
    if !on || !crate::site::may_leave_site(&item.doc, site.today) {
        return None;
    }
    let customer = item.customer.map(|c| &site.items[c]);
    let customer_name = customer.map(|c| c.title.clone());
    let said = |author: &str, role: &Option<String>| {
        let role = match (role.as_deref(), customer_name.as_deref()) {
            (Some(r), Some(c)) if !r.contains(c) => Some(format!("{r}, {c}")),
            (Some(r), _) => Some(r.to_string()),
            (None, c) => c.map(str::to_string),
        };
        (author.to_string(), role)
    };
    let words = || crate::markdown::summary(&item.doc.body, 1000);
    let (kicker, words, (author, role), quoted) = match &item.doc.front {
        Front::CaseStudy(_) => (
            Some("Case study".to_string()),
            item.title.clone(),
            (customer_name.clone().unwrap_or_default(), None),
            false,
        ),
        Front::Testimonial(t) => (None, words(), said(&t.author, &t.role), true),
        Front::Quote(q) => (None, words(), said(&q.author, &q.role), true),
        _ => return None,
    };
    let card = Card {
        kicker,
        words,
        author,
        role,
        quoted,
        logo: customer.and_then(|c| logo_of(site, c)),
        brand: site
            .config
            .brand
            .primary
            .map(|c| c.hex())
            .unwrap_or_else(|| DEFAULT_BRAND.to_string()),
    };
    let key = key_of(kit, item.kind(), &card);
    let path = format!(
        "share/{}/{}.{:016x}.png",
        item.kind().folder(),
        item.slug,
        key as u64
    );
    let drawn = [
        card.kicker.as_deref(),
        Some(&card.words),
        Some(&card.author),
    ];
    let missing = (drawn.into_iter().flatten())
        .chain(card.role.as_deref())
        .find_map(|text| kit.missing(text));
    Some(Share {
        url: site.link(&path),
        width: layout::WIDTH,
        height: layout::HEIGHT,
        alt: crate::markdown::truncate_words(&card.words, 420),
        path,
        card,
        key,
        missing,
    })
}

/// The logo of a customer, when it names a picture of the site.
fn logo_of(site: &Site, customer: &crate::site::Item) -> Option<Logo> {
    let Front::Customer(front) = &customer.doc.front else {
        return None;
    };
    let value = front.logo.as_deref()?;
    if crate::site::urls::is_external(value) {
        return None;
    }
    let path = crate::site::asset_path(&customer.doc, value);
    let source = site.images.get(&path)?;
    Some(Logo {
        file: source.file.clone(),
        content_path: source.content_path.clone(),
        format: source.info.format,
        hash: source.bytes_hash().ok()?,
    })
}

/// The hash of everything an image draws: the kit (template, fonts, vouch's
/// version), the kind, the words, who said them, the logo's bytes, the colour.
fn key_of(kit: &Kit, kind: Kind, card: &Card) -> u128 {
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    let mut field = |bytes: &[u8]| {
        hash.update(&(bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    field(&DRAWING.to_le_bytes());
    field(&kit.key.to_le_bytes());
    field(kind.name().as_bytes());
    field(card.kicker.as_deref().unwrap_or("\0").as_bytes());
    field(card.words.as_bytes());
    field(card.author.as_bytes());
    field(card.role.as_deref().unwrap_or("\0").as_bytes());
    field(&[u8::from(card.quoted)]);
    field(&card.logo.as_ref().map_or(0, |l| l.hash).to_le_bytes());
    field(card.brand.as_bytes());
    hash.digest128()
}

/// A note for every item whose share image cannot be made: its words are in a script
/// the theme's fonts lack. `shares` are the items' share images, by id.
pub fn notes<'a>(
    site: &Site,
    shares: impl Iterator<Item = (ItemId, &'a Option<Arc<Share>>)>,
) -> Vec<Diagnostic> {
    shares
        .filter_map(|(id, share)| {
            let missing = share.as_ref()?.missing?;
            let item = site.items.get(id)?;
            Some(
                Diagnostic::note(
                    &item.doc.path,
                    format!(
                        "no share image: the theme's fonts cannot draw '{missing}' (U+{:04X})",
                        missing as u32
                    ),
                )
                .hint("the default fonts cover Latin, Cyrillic and Greek; a theme can add fonts in themes/<name>/share/fonts/"),
            )
        })
        .collect()
}

//! The site model: items by identity, what the rules made of each file, and the
//! `Site` every later stage reads.

use super::events::Schedule;
use super::layered::Layered;
use super::relations::Relations;
use super::taxonomy::{Taxonomy, Term};
use super::{related, urls, ItemId, ItemTerms, Slug};
use crate::config::Config;
use crate::content::kinds::Kind;
use crate::content::{Asset, Document};
use crate::diagnostics::Diagnostic;
use jiff::civil::Date;
use jiff::Timestamp;
use rayon::prelude::*;
// The site's lookups are many and short: a fast hash (not a DoS-resistant one) is right.
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Picture (its path inside `content/`) → the ways it is shown.
pub type PictureUses =
    std::collections::HashMap<String, std::collections::BTreeSet<crate::images::Use>>;

/// Published items by identity ([`ItemId`]). A file withheld or deleted since its path
/// was given a slot leaves the slot empty.
#[derive(Debug, Clone, Default)]
pub struct Items {
    pub(super) slots: Vec<Option<Item>>,
    pub(super) count: usize,
}

impl Items {
    /// Items in slot order (a fresh build's slots are the listing order).
    pub(super) fn from_slots(slots: Vec<Option<Item>>) -> Items {
        let count = slots.iter().filter(|s| s.is_some()).count();
        Items { slots, count }
    }

    /// How many slots there are: per-item tables (bodies, cards) have this many rows.
    pub fn slots(&self) -> usize {
        self.slots.len()
    }

    /// How many items are published.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The item with identity `id`, when it is published.
    pub fn get(&self, id: ItemId) -> Option<&Item> {
        self.slots.get(id)?.as_ref()
    }

    /// Every published item with its id, in slot order (not listing order: that is
    /// [`Site::listed`]).
    pub fn iter(&self) -> impl Iterator<Item = (ItemId, &Item)> + Clone {
        let slots = self.slots.iter().enumerate();
        slots.filter_map(|(id, s)| Some((id, s.as_ref()?)))
    }

    /// The ids of every published item, in slot order.
    pub fn ids(&self) -> impl Iterator<Item = ItemId> + Clone + '_ {
        self.iter().map(|(id, _)| id)
    }

    /// [`Self::iter`], side by side.
    pub fn par_iter(&self) -> impl IndexedParallelIterator<Item = (ItemId, Option<&Item>)> {
        self.slots.par_iter().map(Option::as_ref).enumerate()
    }
}

impl std::ops::Index<ItemId> for Items {
    type Output = Item;
    fn index(&self, id: ItemId) -> &Item {
        self.get(id).expect("an id names a published item")
    }
}

impl std::ops::IndexMut<ItemId> for Items {
    fn index_mut(&mut self, id: ItemId) -> &mut Item {
        let slot = self.slots.get_mut(id).and_then(Option::as_mut);
        slot.expect("an id names a published item")
    }
}

/// What the build is asked for beyond the content itself.
#[derive(Debug, Clone)]
pub struct Options {
    /// Publish drafts too (`--drafts`).
    pub drafts: bool,
    /// Page links name their `index.html` (see [`Site::index_links`]).
    pub index_links: bool,
    /// The moment publishing rules compare against (scheduled dates, approvals,
    /// events), read by the caller: the site model never reads the clock.
    pub now: Timestamp,
}

/// "Now": `SOURCE_DATE_EPOCH` when set (reproducible builds), else the clock. Called
/// by `main` once per command and by the preview once per save, nowhere else.
pub fn now_from_env() -> Timestamp {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| Timestamp::from_second(secs).ok())
        .unwrap_or_else(Timestamp::now)
}

/// One published item: what the publishing rules made of its file (shared between
/// the sites of successive updates while the file and the rules stay the same), and the
/// customer it belongs to in this site.
#[derive(Debug, Clone)]
pub struct Item {
    /// What the publishing rules made of the file.
    pub(super) published: Arc<Published>,
    /// The customer it belongs to, when published.
    pub customer: Option<ItemId>,
    /// The page of its wall that shows it (a testimonial, a quote; 0 for other kinds),
    /// worked out after ordering in every assembly: where the item stands in the
    /// listing is not what the rules made of its file, so it is never kept in
    /// [`Published`].
    pub(super) wall_page: u32,
}

impl std::ops::Deref for Item {
    type Target = Published;
    fn deref(&self) -> &Published {
        &self.published
    }
}

/// What the publishing rules made of one file: its address, title, terms and times. It
/// depends on the file, the rules and (for the terms a case study inherits) its
/// customer's file, never on where other items stand.
#[derive(Debug, Clone)]
pub struct Published {
    /// The source file (shared with the preview's cache of parsed files).
    pub doc: Arc<Document>,
    /// The final slug (file name or `slug:`).
    pub slug: String,
    /// The title shown (defaults filled in: a testimonial's author, a customer's name).
    pub title: String,
    /// The item's date, if it has one.
    pub date: Option<Date>,
    /// The page's folder in the output (`case-studies/acme/`), when it has its own page.
    pub dir: Option<String>,
    /// The file's own address: its page, or its anchor on the first page of its wall
    /// (`/quotes/#acme-cto`). Two files with the same address clash, wherever the
    /// listing order puts them; links use [`Item::url`].
    pub address: String,
    /// Taxonomy name → term slugs (a case study's inherited industry included).
    pub terms: ItemTerms,
    /// An event's resolved times.
    pub schedule: Option<Schedule>,
    /// What the rules and the file's own fields said of it (errors, warnings and
    /// notes), reported by every build the item is part of.
    pub(super) notes: Arc<[Diagnostic]>,
}

impl Item {
    /// The kind of item.
    pub fn kind(&self) -> Kind {
        self.doc.kind
    }

    /// Whether the page is featured.
    pub fn featured(&self) -> bool {
        self.doc.front.common().featured
    }

    /// Whether two items share what the publishing rules made of their file.
    pub fn same_published(&self, other: &Item) -> bool {
        Arc::ptr_eq(&self.published, &other.published)
    }

    /// Where it is linked to: its page, or its anchor on the wall page that shows it
    /// (`/quotes/page/3/#acme-cto`). Made when asked for: most are on the first page.
    pub fn url(&self) -> std::borrow::Cow<'_, str> {
        let address = &self.published.address;
        match address.rfind('#').filter(|_| self.wall_page > 1) {
            Some(at) => {
                let page = urls::listing_page_dir(&address[..at], self.wall_page as usize);
                std::borrow::Cow::Owned(page + &address[at..])
            }
            None => std::borrow::Cow::Borrowed(address),
        }
    }
}

/// The whole site, resolved. Built once; every later stage only reads it.
#[derive(Debug, Clone)]
pub struct Site {
    /// The configuration.
    pub config: Config,
    /// The moment publishing rules were applied at.
    pub now: Timestamp,
    /// Whether drafts and scheduled items are published (`--drafts`).
    pub drafts: bool,
    /// Today's date (UTC) at `now`.
    pub today: Date,
    /// The path prefix of every link (`/` or `/project/`).
    pub base_path: String,
    /// The path prefix of the files every language shares (theme files, pictures,
    /// bundle files): [`Self::base_path`], except in another language's pages, where
    /// it is the default language's.
    pub files_path: String,
    /// The absolute base URL, ending in `/`.
    pub base_url: String,
    /// Whether links to pages name their `index.html` (`/events/index.html`), for hosts
    /// that serve no index for a folder; canonical, sitemap and feed URLs never do.
    pub index_links: bool,
    /// Published items by identity.
    pub items: Items,
    /// Items of each kind, in listing order.
    pub by_kind: Arc<BTreeMap<Kind, Vec<ItemId>>>,
    /// Relations between items.
    pub relations: Arc<Relations>,
    /// The taxonomies with their terms, each shared with the previous update's until
    /// an update files an item under it anew.
    pub taxonomies: Arc<Vec<Arc<Taxonomy>>>,
    /// Intros of the home page (`""`) and sections (`case-studies`), from `_index.md`.
    pub intros: HashMap<String, Arc<Document>>,
    /// Files copied as they are, with their output path.
    pub assets: Vec<(Asset, String)>,
    /// The pictures among them, with their sizes and uses: what is made of each.
    pub images: Arc<crate::images::Catalog>,
    /// How each picture a front matter field names is shown (logo, photo, …).
    pub(super) picture_uses: Arc<PictureUses>,
    /// Content path (`case-studies/acme.md`) → its identity: every path given a slot,
    /// published now or not ([`Site::id_of`] gives published ones).
    pub(super) ids: Layered<String, ItemId>,
    /// Items of any kind by (kind, slug), for shortcodes.
    pub by_slug: Layered<Slug, ItemId>,
    /// Every slug in the content, published or not (a reference to a draft is no
    /// error), with the number of files naming it.
    pub(super) known: Layered<Slug, u32>,
    /// The slugs of files that could not be read (they count as known).
    pub(super) unreadable: Arc<Vec<Slug>>,
    /// Every file but intros, in the content's order, with the identity its path was
    /// given (`None` for a path never published): the next update finds each file's
    /// identity at the same place while no file came or went.
    pub(super) files: Arc<Vec<(Arc<Document>, Option<ItemId>)>>,
    /// What the related stories were worked out from, for the next update to start
    /// from (`None` past 64 stages).
    pub(super) related_index: Option<Arc<related::Index>>,
    /// Per taxonomy, each term's place by slug: made when first asked for (cards and
    /// pages look up every item's terms).
    pub(super) term_places: std::sync::OnceLock<Vec<HashMap<String, usize>>>,
}

impl Site {
    /// The items of a kind, in listing order.
    pub fn of_kind(&self, kind: Kind) -> &[ItemId] {
        self.by_kind.get(&kind).map_or(&[], Vec::as_slice)
    }

    /// A published item of `kind` by slug.
    pub fn find(&self, kind: Kind, slug: &str) -> Option<&Item> {
        self.by_slug
            .get(&(kind, slug.to_string()))
            .map(|id| &self.items[*id])
    }

    /// The term of `taxonomy` (its index in [`Self::taxonomies`]) with `slug`.
    pub fn term(&self, taxonomy: usize, slug: &str) -> Option<&Term> {
        let places = self.term_places.get_or_init(|| {
            let taxonomies = self.taxonomies.iter();
            taxonomies
                .map(|t| {
                    let terms = t.terms.iter().enumerate();
                    terms.map(|(i, term)| (term.slug.clone(), i)).collect()
                })
                .collect()
        });
        let at = *places.get(taxonomy)?.get(slug)?;
        self.taxonomies[taxonomy].terms.get(at)
    }

    /// A link as pages and the search and library indexes write it: with
    /// [`Site::index_links`], a link to a folder names its `index.html`.
    pub fn page_link<'a>(&self, url: &'a str) -> std::borrow::Cow<'a, str> {
        if self.index_links {
            urls::with_index_file(url)
        } else {
            std::borrow::Cow::Borrowed(url)
        }
    }

    /// A link given in vouch.yml (navigation, footer, call to action): a full URL as it
    /// is, a site path with the base path. In another language's pages a path goes to
    /// that language's page when it has one (a listing, the search, a feed, a
    /// translated item's page), else to the default language's.
    pub fn configured_link(&self, url: &str) -> String {
        if self.config.home_url.is_none() || urls::is_external(url) || url.starts_with('#') {
            return urls::resolve_configured(&self.base_path, url);
        }
        let path = url.trim_start_matches('/');
        let dir = path.split(['#', '?']).next().unwrap_or("");
        let first = dir.split('/').next().unwrap_or("");
        let taxonomy = crate::config::TAXONOMY_FIELDS
            .iter()
            .any(|t| t.replace('_', "-") == first);
        let listing = dir.is_empty()
            || Kind::from_folder(dir.trim_end_matches('/'))
                .is_some_and(|k| !self.of_kind(k).is_empty())
            || taxonomy
            || ["search/", "atom.xml"].contains(&dir);
        let page = (self.items.iter()).any(|(_, i)| i.dir.as_deref() == Some(dir));
        match listing || page {
            true => urls::link(&self.base_path, path),
            false => urls::link(&self.files_path, path),
        }
    }

    /// A link to a file every language shares (`assets/vouch.css`, a picture).
    pub fn file_link(&self, inside: &str) -> String {
        urls::link(&self.files_path, inside)
    }

    /// A site link to a path inside the site (`events/` → `/project/events/`).
    pub fn link(&self, inside: &str) -> String {
        urls::link(&self.base_path, inside)
    }

    /// The published item of a content path (`case-studies/acme.md`), for `@/` links.
    pub fn id_of(&self, content_path: &str) -> Option<ItemId> {
        let id = *self.ids.get(content_path)?;
        self.items.get(id).is_some().then_some(id)
    }

    /// Every published item's id in listing order: kind by kind, each kind in its
    /// listing's order.
    pub fn listed(&self) -> impl Iterator<Item = ItemId> + Clone + '_ {
        self.by_kind.values().flatten().copied()
    }

    /// Where an `@/path.md` link goes: an item's page, or a listing named by its intro.
    pub fn resolve_link(&self, content_path: &str) -> Option<String> {
        self.id_of(content_path)
            .map(|t| self.items[t].url().into_owned())
            .or_else(|| self.section_url(content_path))
    }

    /// The URL of a listing page named by its intro's source path, as in Zola:
    /// `testimonials/_index.md` for `/testimonials/`, `_index.md` for the home page.
    /// Every kind's listing exists whether or not the intro file does, and an `@/` link
    /// gets the base path, where a Markdown link to `/testimonials/` would not.
    pub fn section_url(&self, content_path: &str) -> Option<String> {
        let folder = content_path.strip_suffix("_index.md")?;
        let folder = folder.strip_suffix('/').unwrap_or(folder);
        if folder.is_empty() {
            return Some(self.link(""));
        }
        Kind::from_folder(folder)?;
        Some(self.link(&format!("{folder}/")))
    }

    /// The absolute URL of a site link (`/project/events/` → `https://…/project/events/`).
    pub fn absolute(&self, link: &str) -> String {
        if urls::is_external(link) {
            return link.to_string();
        }
        let origin_end = self.base_url.len() - self.base_path.len();
        format!("{}{}", &self.base_url[..origin_end], link)
    }
}

/// The section an intro (`_index.md`) introduces: `case-studies`, or `""` for the home
/// page.
pub(super) fn intro_section(doc: &Document) -> String {
    doc.content_path
        .trim_end_matches("_index.md")
        .trim_end_matches('/')
        .to_string()
}

impl Site {
    /// The other items an item's page shows (its customer, pull quote, related stories,
    /// speakers, the customers at an event, a customer's stories and words, an
    /// advocate's events): its page depends on them.
    pub fn shown_with(&self, id: ItemId) -> impl Iterator<Item = ItemId> + '_ {
        let rel = &self.relations;
        fn list(
            map: &HashMap<ItemId, Vec<ItemId>>,
            id: ItemId,
        ) -> impl Iterator<Item = ItemId> + '_ {
            map.get(&id).into_iter().flatten().copied()
        }
        let of = rel.of_customer.get(&id);
        let groups = of.into_iter().flat_map(|of| {
            let lists = [
                &of.case_studies,
                &of.testimonials,
                &of.quotes,
                &of.events,
                &of.advocates,
            ];
            lists.into_iter().flatten().copied()
        });
        let speakers = rel.speakers.get(&id).into_iter().flatten();
        self.items[id]
            .customer
            .into_iter()
            .chain(rel.pull_quote.get(&id).copied())
            .chain(list(&rel.related, id))
            .chain(speakers.filter_map(|s| s.advocate))
            .chain(list(&rel.event_customers, id))
            .chain(groups)
            .chain(list(&rel.events_of_advocate, id))
    }
}

//! The `Site`: every published item with its URL, its relations (a case study's customer
//! and pull quote, an event's speakers…) and the taxonomies, built once from the loaded
//! content and read by every later stage.
//!
//! Publishing rules live here: drafts, scheduled dates, approvals, and "now".

mod delta;
pub mod events;
mod layered;
mod related;
mod relations;
pub mod taxonomy;
pub mod urls;

use crate::config::{ApprovalPolicy, Config};
use crate::content::kinds::Kind;
use crate::content::values::Terms;
use crate::content::{Asset, Content, Document, Front};
use crate::diagnostics::{Diagnostic, Findings};
pub use delta::Delta;
use events::Schedule;
use jiff::civil::Date;
use jiff::Timestamp;
pub use layered::Layered;
use rayon::prelude::*;
use relations::{references, relate, relink, References};
pub use relations::{CustomerItems, Relations, SpeakerRef};
use std::collections::BTreeMap;
// The site's lookups are many and short: a fast hash (not a DoS-resistant one) is right.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;
pub use taxonomy::{Taxonomy, Term};

/// An item's identity: the slot its content path was given in [`Site::items`]. A build
/// gives slots in listing order; the preview keeps each path's slot for as long as it
/// runs, so adding or deleting a file changes no other item's identity. Where an item
/// stands in a listing is [`Site::by_kind`], never its id.
pub type ItemId = usize;

/// A kind and a slug: what a reference names.
pub type Slug = (Kind, String);

/// Published items by identity ([`ItemId`]). A file withheld or deleted since its path
/// was given a slot leaves the slot empty.
#[derive(Debug, Clone, Default)]
pub struct Items {
    slots: Vec<Option<Item>>,
    count: usize,
}

impl Items {
    /// Items in slot order (a fresh build's slots are the listing order).
    fn from_slots(slots: Vec<Option<Item>>) -> Items {
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
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Publish drafts too (`--drafts`).
    pub drafts: bool,
    /// The moment publishing rules compare against (scheduled dates, approvals, events).
    pub now: Option<Timestamp>,
}

/// "Now": `SOURCE_DATE_EPOCH` when set (reproducible builds), else the clock.
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
    published: Arc<Published>,
    /// The customer it belongs to, when published.
    pub customer: Option<ItemId>,
    /// The page of its wall that shows it (a testimonial, a quote; 0 for other kinds),
    /// worked out after ordering in every assembly: where the item stands in the
    /// listing is not what the rules made of its file, so it is never kept in
    /// [`Published`].
    wall_page: u32,
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
    pub terms: BTreeMap<&'static str, Vec<String>>,
    /// An event's resolved times.
    pub schedule: Option<Schedule>,
    /// What the rules and the file's own fields said of it (errors, warnings and
    /// notes), reported by every build the item is part of.
    notes: Arc<[Diagnostic]>,
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
    /// The absolute base URL, ending in `/`.
    pub base_url: String,
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
    picture_uses: Arc<PictureUses>,
    /// Content path (`case-studies/acme.md`) → its identity: every path given a slot,
    /// published now or not ([`Site::id_of`] gives published ones).
    ids: Layered<String, ItemId>,
    /// Items of any kind by (kind, slug), for shortcodes.
    pub by_slug: Layered<Slug, ItemId>,
    /// Every slug in the content, published or not (a reference to a draft is no
    /// error), with the number of files naming it.
    known: Layered<Slug, u32>,
    /// The slugs of files that could not be read (they count as known).
    unreadable: Arc<Vec<Slug>>,
    /// Every file but intros, in the content's order, with the identity its path was
    /// given (`None` for a path never published): the next update finds each file's
    /// identity at the same place while no file came or went.
    files: Arc<Vec<(Arc<Document>, Option<ItemId>)>>,
    /// What the related stories were worked out from, for the next update to start
    /// from (`None` past 64 stages).
    related_index: Option<Arc<related::Index>>,
    /// Per taxonomy, each term's place by slug: made when first asked for (cards and
    /// pages look up every item's terms).
    term_places: std::sync::OnceLock<Vec<HashMap<String, usize>>>,
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
fn intro_section(doc: &Document) -> String {
    doc.content_path
        .trim_end_matches("_index.md")
        .trim_end_matches('/')
        .to_string()
}

impl Site {
    /// The site after its files changed: assembled again from `content` (every file as it
    /// is now, the unchanged ones shared with the cache), with what changed against this
    /// one. Nothing of `self` changes, so a failed update just drops the new value. The
    /// clock of this site holds while the day is the same (pages dated by "now" stay
    /// put between saves); a new day applies the publishing rules at the new time.
    pub fn apply(&self, config: Config, content: Content, options: &Options) -> Applied {
        let now = options.now.unwrap_or_else(|| {
            let now = now_from_env();
            let today = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
            if today == self.today {
                self.now
            } else {
                now
            }
        });
        let options = Options {
            now: Some(now),
            ..options.clone()
        };
        let (site, problems) = assemble(config, content, &options, Some(self));
        let delta = Delta::between(self, &site);
        Applied {
            site,
            delta,
            problems,
        }
    }

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

/// A site brought up to date by [`Site::apply`].
pub struct Applied {
    /// The new site.
    pub site: Site,
    /// What changed against the old one.
    pub delta: Delta,
    /// Every problem of the new site, as a full build reports them.
    pub problems: Findings,
}

/// Builds the [`Site`] from loaded content. Returns the site and every problem found;
/// the caller decides whether errors stop the build. What the publishing rules made of
/// each file in a `previous` site is shared where the file and the rules are the same.
pub fn assemble(
    config: Config,
    content: Content,
    options: &Options,
    previous: Option<&Site>,
) -> (Site, Findings) {
    let now = options.now.unwrap_or_else(now_from_env);
    let today = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let mut problems = Vec::new();
    // What the rules found of each file, shared with what they made of it.
    let mut findings = Findings::default();
    let base_path = config.base_path();
    let base_url = config.base_url();

    let (intros, docs): (Vec<Arc<Document>>, Vec<Arc<Document>>) = content
        .documents
        .into_iter()
        .partition(|d| d.is_section_intro);
    let intros = intros.into_iter().map(|d| (intro_section(&d), d)).collect();

    let rules = Rules {
        approvals: config.approvals,
        drafts: options.drafts,
        today,
        base_path: &base_path,
    };
    // What the rules made of a file before holds while the file and the rules are the
    // same: the previous site's item is shared, not made again.
    let earlier = previous.filter(|p| {
        (p.config.approvals, p.drafts, p.today, &p.base_path)
            == (config.approvals, options.drafts, today, &base_path)
    });
    // Which file of the previous site each file is (the same content path), and so
    // which identity its path was given, if any.
    let before: &[(Arc<Document>, Option<ItemId>)] = previous.map_or(&[], |p| &p.files[..]);
    let (paired, gone) = pair_files(before, &docs);
    let old_id = |at: usize, doc: &Arc<Document>| -> (Option<&Arc<Document>>, Option<ItemId>) {
        match paired[at] {
            Some(j) => (Some(&before[j].0), before[j].1),
            None => (
                None,
                previous.and_then(|p| p.ids.get(&doc.content_path).copied()),
            ),
        }
    };
    let reuse = |doc: &Arc<Document>, old: Option<ItemId>| {
        let old = earlier?.items.get(old?)?;
        Arc::ptr_eq(&old.doc, doc).then(|| Item {
            published: old.published.clone(),
            customer: None,
            wall_page: 0,
        })
    };
    // Each file's rules are its own: apply them side by side, keep the file order.
    // Each item comes with the identity its path was given before, if any, and, when
    // the file names another slug than before (or is new), the slug it named before.
    type Judged = (
        Option<Item>,
        Option<ItemId>,
        Option<Option<Slug>>,
        Arc<[Diagnostic]>,
    );
    let judged: Vec<Judged> = docs
        .par_iter()
        .enumerate()
        .map(|(at, doc)| {
            let (before, old) = old_id(at, doc);
            let renamed = match before {
                Some(b) if Arc::ptr_eq(b, doc) => None,
                Some(b) if b.kind == doc.kind && final_slug(b) == final_slug(doc) => None,
                Some(b) => Some(Some((b.kind, final_slug(b)))),
                None => Some(None),
            };
            if let Some(item) = reuse(doc, old) {
                let notes = item.notes.clone();
                return (Some(item), old, renamed, notes);
            }
            let mut found = Vec::new();
            let item = publishable(doc.clone(), final_slug(doc), &rules, &mut found);
            let found: Arc<[Diagnostic]> = Arc::from(found);
            let mut item = item;
            if let Some(published) = item.as_mut().and_then(|i| Arc::get_mut(&mut i.published)) {
                published.notes = found.clone();
            }
            (item, old, renamed, found)
        })
        .collect();
    // Every slug in the content, published or not, so a reference to a draft is not
    // reported as unknown.
    // A file that could not be read has its own error; what names it gets none more.
    let unreadable: Vec<Slug> = (content.unreadable.iter())
        .filter(|p| !p.is_section_intro)
        .map(|p| (p.kind, urls::slugify(&p.file_slug)))
        .collect();
    // The slugs named anew or no longer named by any file: a build counts every file's;
    // an update starts from the previous count and counts only the files that name
    // another slug, came or went.
    let mut known_changed: Vec<Slug> = Vec::new();
    let mut known = previous.map(|p| p.known.clone()).unwrap_or_default();
    let mut count = |slug: Slug, by: i32| {
        let n = known.get(&slug).copied().unwrap_or(0);
        let now = n.saturating_add_signed(by);
        if (n == 0) != (now == 0) {
            known_changed.push(slug.clone());
        }
        match now {
            0 => known.remove(&slug),
            _ => known.insert(slug, now),
        };
    };
    for ((_, _, renamed, _), doc) in judged.iter().zip(&docs) {
        if let Some(was) = renamed {
            if let Some(was) = was {
                count(was.clone(), -1);
            }
            count((doc.kind, final_slug(doc)), 1);
        }
    }
    for &j in &gone {
        let doc = &before[j].0;
        count((doc.kind, final_slug(doc)), -1);
    }
    let unreadable = match previous.filter(|p| *p.unreadable == unreadable) {
        Some(p) => p.unreadable.clone(),
        None => {
            let was = previous.map(|p| p.unreadable.iter()).into_iter().flatten();
            known_changed.extend(was.chain(&unreadable).cloned());
            Arc::new(unreadable)
        }
    };
    let mut items = Vec::with_capacity(judged.len());
    let mut old_ids = Vec::with_capacity(judged.len());
    let mut files = Vec::with_capacity(judged.len());
    for (at, ((item, old, _, found), doc)) in judged.into_iter().zip(docs).enumerate() {
        files.push((doc, old));
        if let Some(item) = item {
            items.push(item);
            old_ids.push((old, at));
        }
        findings.share(&found);
    }
    // Identities: a build gives slots in listing order; an update keeps every path's
    // slot and gives a new path the next one. The listing order is worked out apart.
    let (mut items, ids, by_kind, changed, removed) = match previous {
        None => {
            order_items(&mut items);
            let ids = items.iter().enumerate();
            let ids: Layered<String, ItemId> = ids
                .map(|(id, item)| (item.doc.content_path.clone(), id))
                .collect();
            let mut by_kind: BTreeMap<Kind, Vec<ItemId>> = BTreeMap::new();
            for (id, item) in items.iter().enumerate() {
                by_kind.entry(item.kind()).or_default().push(id);
            }
            for (doc, id) in files.iter_mut() {
                *id = ids.get(&doc.content_path).copied();
            }
            let items = Items::from_slots(items.into_iter().map(Some).collect());
            (items, ids, Arc::new(by_kind), Vec::new(), Vec::new())
        }
        Some(p) => {
            let mut ids = p.ids.clone();
            let mut slots: Vec<Option<Item>> = vec![None; p.items.slots()];
            for (item, (old, at)) in items.into_iter().zip(old_ids) {
                let id = old.unwrap_or_else(|| {
                    let id = slots.len();
                    slots.push(None);
                    ids.insert(item.doc.content_path.clone(), id);
                    files[at].1 = Some(id);
                    id
                });
                slots[id] = Some(item);
            }
            let items = Items::from_slots(slots);
            let changed: Vec<ItemId> = items
                .iter()
                .filter(|(id, item)| p.items.get(*id).is_none_or(|o| !item.same_published(o)))
                .map(|(id, _)| id)
                .collect();
            let removed: Vec<ItemId> = p
                .items
                .ids()
                .filter(|&id| items.get(id).is_none())
                .collect();
            let by_kind = reorder(p, &items, &changed, &removed);
            (items, ids, by_kind, changed, removed)
        }
    };
    // Each stage below is a function of its inputs: when a stage's inputs are the same
    // for every changed item (and no item went), its previous output is shared instead
    // of made again. Identities do not move, so the previous output means the same.
    // The stages whose output is shared (addresses, files named, references, terms)
    // report errors only, and the site they are shared from had none, so sharing loses
    // no finding; a stage that warns keeps its findings with its output, as
    // `Published.notes` and the picture catalog do, or runs on every update.
    let kept = previous;
    let few = changed.len() + removed.len() <= MOST_PLACED;
    let settled = removed.is_empty();
    let same_order = kept.is_some_and(|p| Arc::ptr_eq(&p.by_kind, &by_kind));
    let rank = ranks(&by_kind, items.slots());
    let listed: Vec<ItemId> = by_kind.values().flatten().copied().collect();
    let same_urls = same_for(kept, &items, &changed, |a, b| a.address == b.address);
    let same_slugs = same_for(kept, &items, &changed, |a, b| a.slug == b.slug);
    // Addresses, lookups and files read only what the rules made of each file: side by side.
    let (url_problems, (by_slug, (assets, images, picture_uses, file_problems))) = rayon::join(
        || {
            let mut found = Vec::new();
            // After a few changes, only the new and changed items can clash with another.
            let clash_free = || kept.is_some() && few && !urls_may_clash(&items, &changed, &config);
            if !same_urls && !clash_free() {
                check_unique_urls(&items, &listed, &config, &mut found);
            }
            found
        },
        || {
            rayon::join(
                || match kept {
                    Some(p) if same_slugs && settled => p.by_slug.clone(),
                    Some(p) if few => {
                        let mut by_slug = p.by_slug.clone();
                        for &id in changed.iter().chain(&removed) {
                            let Some(old) = p.items.get(id) else { continue };
                            let key = (old.kind(), old.slug.clone());
                            if by_slug.get(&key) == Some(&id) {
                                by_slug.remove(&key);
                            }
                        }
                        for &id in &changed {
                            by_slug.insert((items[id].kind(), items[id].slug.clone()), id);
                        }
                        by_slug
                    }
                    _ => slugs(&items),
                },
                || {
                    let assets = place_assets(content.assets, &items);
                    let mut found = Vec::new();
                    match kept.filter(|p| p.assets == assets) {
                        Some(_) => {
                            check_files(changed.iter().map(|&id| &items[id]), &assets, &mut found)
                        }
                        None => check_files(items.iter().map(|(_, i)| i), &assets, &mut found),
                    }
                    // What pictures are used for reads the file fields of every item and
                    // the brand's logo.
                    let same_uses = kept.is_some_and(|p| {
                        fn fields(item: &Item) -> Vec<(&'static str, &str)> {
                            file_fields(&item.doc.front)
                        }
                        p.config.brand.logo == config.brand.logo
                            && removed.iter().all(|&id| fields(&p.items[id]).is_empty())
                            && same_for(kept, &items, &changed, |a, b| fields(a) == fields(b))
                    });
                    let uses = match kept.filter(|_| same_uses) {
                        Some(p) => p.picture_uses.clone(),
                        None => Arc::new(picture_uses(&items, &config)),
                    };
                    // Pictures do not move with items: any earlier site's catalog serves.
                    let previous_site = previous;
                    let previous = previous_site.map(|p| &*p.images);
                    let root = site_root(&assets);
                    let (images, image_problems) = crate::images::Catalog::new(
                        &root,
                        &assets,
                        &uses,
                        &config.images,
                        previous,
                    );
                    found.extend(image_problems);
                    // An unchanged catalog is shared, so the preview sees it unchanged.
                    let images = match previous.filter(|p| **p == images) {
                        Some(_) => previous_site.map(|p| p.images.clone()).unwrap_or_default(),
                        None => Arc::new(images),
                    };
                    (assets, images, uses, found)
                },
            )
        },
    );
    problems.extend(url_problems);
    problems.extend(file_problems);
    // References read each item's named slugs and the published slugs; the lists they
    // make (a customer's stories, newest first) read the listing order.
    let same_references = same_order
        && settled
        && same_slugs
        && known_changed.is_empty()
        && same_for(kept, &items, &changed, |a, b| {
            references(a) == references(b)
        });
    let mut relations = match kept.filter(|_| same_references) {
        Some(p) => {
            for (id, item) in items.slots.iter_mut().enumerate() {
                if let Some(item) = item {
                    item.customer = p.items[id].customer;
                }
            }
            p.relations.clone()
        }
        None => {
            let refs = References::new(&known, &unreadable, &by_slug);
            let again = kept.and_then(|p| {
                relink(
                    p,
                    &mut items,
                    &changed,
                    &removed,
                    &known_changed,
                    &rank,
                    &refs,
                    &mut problems,
                )
            });
            let related = again.unwrap_or_else(|| {
                relate(&mut items, &listed, &rank, &refs.for_all(), &mut problems)
            });
            Arc::new(related)
        }
    };
    // Terms read each item's values and (a case study's inherited ones) its customer's,
    // and file items in listing order. (A changed item's own customer is read through
    // its taxonomy fields, compared below.)
    let same_customers = same_references
        || kept.is_some_and(|p| {
            let mut unchanged = vec![true; items.slots()];
            for &id in &changed {
                unchanged[id] = false;
            }
            let pairs = items.iter().filter(|(id, _)| unchanged[*id]);
            pairs
                .map(|(id, item)| (&p.items[id], item))
                .all(|(a, b)| a.customer == b.customer)
        });
    let same_terms = same_customers
        && same_order
        && settled
        && kept.is_some_and(|p| p.config.taxonomies == config.taxonomies)
        && same_for(kept, &items, &changed, |a, b| {
            let old = &kept.expect("kept").items;
            taxonomy_fields(a, old) == taxonomy_fields(b, &items)
        });
    let taxonomies = match kept.filter(|_| same_terms) {
        Some(p) => {
            for &id in &changed {
                if items[id].terms != p.items[id].terms {
                    Arc::make_mut(&mut items[id].published).terms = p.items[id].terms.clone();
                }
            }
            p.taxonomies.clone()
        }
        None => {
            let again = kept.and_then(|p| {
                reclassify(
                    p,
                    &mut items,
                    &changed,
                    &removed,
                    &rank,
                    &config,
                    &mut problems,
                )
            });
            let classified = again.unwrap_or_else(|| {
                let all = classify(&mut items, &listed, &rank, &config, &mut problems);
                all.into_iter().map(Arc::new).collect()
            });
            Arc::new(classified)
        }
    };
    // Related stories read the case studies' industries and stages, in listing order:
    // compare every item whose terms may have changed (those classified anew too).
    // (Terms shared from the previous site changed no item but the changed ones.)
    let refiled: Vec<ItemId> = match kept {
        Some(_) if same_terms => changed.clone(),
        Some(p) => items
            .iter()
            .filter(|(id, item)| p.items.get(*id).is_none_or(|o| !item.same_published(o)))
            .map(|(id, _)| id)
            .collect(),
        None => Vec::new(),
    };
    let case_studies = by_kind.get(&Kind::CaseStudy).map_or(&[][..], Vec::as_slice);
    let same_related = kept.is_some_and(|p| p.of_kind(Kind::CaseStudy) == case_studies)
        && same_for(kept, &items, &refiled, |a, b| profile(a) == profile(b));
    let related_index = match kept.filter(|_| same_related) {
        Some(p) if !Arc::ptr_eq(&relations, &p.relations) => {
            Arc::make_mut(&mut relations).related = p.relations.related.clone();
            p.related_index.clone()
        }
        Some(p) => p.related_index.clone(),
        None => {
            // From the previous scores when there are some: the case studies that kept
            // their profile keep their scores.
            let from = kept.and_then(|p| Some((p, p.related_index.as_deref()?)));
            let index = match from {
                Some((p, index)) => {
                    let places = kept_places(p, &items, case_studies);
                    index.update(&items, case_studies, &places)
                }
                None => None,
            };
            let index = index.or_else(|| related::Index::build(&items, case_studies));
            let related = match &index {
                Some(index) => index.related(case_studies),
                None => related_case_studies(&items, case_studies),
            };
            let shared = kept
                .map(|p| &p.relations.related)
                .filter(|r| ***r == related);
            Arc::make_mut(&mut relations).related = match shared {
                Some(shared) => shared.clone(),
                None => Arc::new(related),
            };
            index.map(Arc::new)
        }
    };
    place_on_walls(&mut items, &by_kind, &config);
    let site = Site {
        config,
        now,
        drafts: options.drafts,
        today,
        base_path,
        base_url,
        items,
        by_kind,
        relations,
        taxonomies,
        intros,
        assets,
        images,
        picture_uses,
        ids,
        by_slug,
        known,
        unreadable,
        files: Arc::new(files),
        related_index,
        term_places: Default::default(),
    };
    findings.extend(problems);
    (site, findings)
}

/// What related stories read of a case study: its industry and stages.
fn profile(item: &Item) -> (Option<&String>, Option<&Vec<String>>) {
    let terms = &item.terms;
    (
        terms.get("industry").and_then(|t| t.first()),
        terms.get("stages"),
    )
}

/// Whether `input` reads the same of every changed item (in the new site's `items`) as
/// of its version in the previous site; `false` without one, or for a new item.
fn same_for(
    kept: Option<&Site>,
    items: &Items,
    changed: &[ItemId],
    input: impl Fn(&Item, &Item) -> bool,
) -> bool {
    kept.is_some_and(|p| {
        let pairs = changed.iter().map(|&id| (p.items.get(id), &items[id]));
        pairs
            .into_iter()
            .all(|(a, b)| a.is_some_and(|a| input(a, b)))
    })
}

/// The published items by (kind, slug), for references and shortcodes.
fn slugs(items: &Items) -> Layered<Slug, ItemId> {
    let ids = items.iter();
    ids.map(|(id, item)| ((item.kind(), item.slug.clone()), id))
        .collect()
}

/// The most items that may change or go in one update for the listing order, the
/// lookups and the address check to place them in the previous site's instead of
/// working them out over every item.
const MOST_PLACED: usize = 64;

/// Each kind's listing order after an update: the previous order less the items that
/// changed or went, with the changed and new ones placed where they sort (every other
/// item sorts as it did, so their order holds). The previous order is shared when it
/// came out the same, so later stages see at a glance that the order held.
fn reorder(
    previous: &Site,
    items: &Items,
    changed: &[ItemId],
    removed: &[ItemId],
) -> Arc<BTreeMap<Kind, Vec<ItemId>>> {
    if changed.is_empty() && removed.is_empty() {
        return previous.by_kind.clone();
    }
    if changed.len() + removed.len() > MOST_PLACED {
        return Arc::new(sorted_kinds(items));
    }
    let mut moving = vec![false; items.slots().max(previous.items.slots())];
    let mut kinds = std::collections::BTreeSet::new();
    for &id in changed {
        moving[id] = true;
        kinds.insert(items[id].kind());
    }
    for &id in removed {
        moving[id] = true;
        kinds.insert(previous.items[id].kind());
    }
    let mut by_kind = (*previous.by_kind).clone();
    for kind in kinds {
        let list = by_kind.entry(kind).or_default();
        list.retain(|&id| !moving[id]);
        for &id in changed.iter().filter(|&&id| items[id].kind() == kind) {
            let key = order_key(&items[id]);
            let at = list.partition_point(|&o| order_key(&items[o]) < key);
            list.insert(at, id);
        }
        if list.is_empty() {
            by_kind.remove(&kind);
        }
    }
    match by_kind == *previous.by_kind {
        true => previous.by_kind.clone(),
        false => Arc::new(by_kind),
    }
}

/// Each kind's listing order, sorted in full.
fn sorted_kinds(items: &Items) -> BTreeMap<Kind, Vec<ItemId>> {
    let mut keyed: Vec<_> = items
        .iter()
        .map(|(id, item)| (order_key(item), id))
        .collect();
    keyed.par_sort_by(|a, b| a.0.cmp(&b.0));
    let mut by_kind: BTreeMap<Kind, Vec<ItemId>> = BTreeMap::new();
    for (key, id) in keyed {
        by_kind.entry(key.0).or_default().push(id);
    }
    by_kind
}

/// Each item's place in the whole listing order (kind by kind), by id: lists that go in
/// listing order (a term's items, a customer's events) are sorted by it.
fn ranks(by_kind: &BTreeMap<Kind, Vec<ItemId>>, slots: usize) -> Vec<u32> {
    let mut rank = vec![u32::MAX; slots];
    for (at, &id) in by_kind.values().flatten().enumerate() {
        rank[id] = u32::try_from(at).unwrap_or(u32::MAX);
    }
    rank
}

/// Whether one of the `changed` items may map to the address of another item or of a
/// page vouch writes itself (then every address is checked, as a full build does).
fn urls_may_clash(items: &Items, changed: &[ItemId], config: &Config) -> bool {
    let key = clash_key;
    changed.iter().any(|&c| {
        let item = &items[c];
        let generated = item.dir.as_deref();
        if generated
            .and_then(|d| generated_page_at(item, d, config))
            .is_some()
        {
            return true;
        }
        let url = key(item);
        let mut others = items.iter().filter(|(i, _)| *i != c);
        others.any(|(_, other)| key(other) == url)
    })
}

/// For each case study (`case_studies`, in listing order), its place among the case
/// studies of the `previous` site when it is what the rules made of its file there
/// (not changed, so not moved either: the others keep their order). A changed one is
/// scored as a new one, wherever it moved.
fn kept_places(previous: &Site, items: &Items, case_studies: &[ItemId]) -> Vec<Option<usize>> {
    let mut place = vec![None; previous.items.slots()];
    for (k, &id) in previous.of_kind(Kind::CaseStudy).iter().enumerate() {
        place[id] = Some(k);
    }
    case_studies
        .iter()
        .map(|&id| {
            let k = place.get(id).copied().flatten()?;
            items[id].same_published(&previous.items[id]).then_some(k)
        })
        .collect()
}

/// For each file, the previous site's file (its place in `before`) with the same
/// content path, if any; and the previous files no file is. The content comes in the
/// same order on every load, so the two lists are walked side by side: a file that
/// came or went only shifts the rest. Files the walk cannot pair are looked up by path.
fn pair_files(
    before: &[(Arc<Document>, Option<ItemId>)],
    docs: &[Arc<Document>],
) -> (Vec<Option<usize>>, Vec<usize>) {
    let same = |j: usize, doc: &Arc<Document>| {
        (before.get(j))
            .is_some_and(|(b, _)| Arc::ptr_eq(b, doc) || b.content_path == doc.content_path)
    };
    let mut paired = vec![None; docs.len()];
    let mut lost = Vec::new();
    let mut j = 0;
    for (i, doc) in docs.iter().enumerate() {
        // This file is the next previous one, or one of the next few (those between
        // went).
        match (0..=4).find(|&k| same(j + k, doc)) {
            Some(k) => {
                paired[i] = Some(j + k);
                j += k + 1;
            }
            None => lost.push(i),
        }
    }
    let mut taken = vec![false; before.len()];
    for &j in paired.iter().flatten() {
        taken[j] = true;
    }
    if !lost.is_empty() {
        let untaken = before.iter().enumerate().filter(|(j, _)| !taken[*j]);
        let by_path: HashMap<&str, usize> = untaken
            .map(|(j, (b, _))| (b.content_path.as_str(), j))
            .collect();
        for i in lost {
            paired[i] = by_path.get(docs[i].content_path.as_str()).copied();
            if let Some(j) = paired[i] {
                taken[j] = true;
            }
        }
    }
    let gone = (0..before.len()).filter(|&j| !taken[j]).collect();
    (paired, gone)
}

fn final_slug(doc: &Document) -> String {
    match doc.front.common().slug {
        Some(slug) => slug.to_string(),
        None => urls::slugify(&doc.file_slug),
    }
}

/// The publishing rules in force for one assembly of the site.
struct Rules<'a> {
    /// What a missing approval does.
    approvals: ApprovalPolicy,
    /// Publish drafts and scheduled items too.
    drafts: bool,
    /// The day scheduled dates and approvals are compared with.
    today: Date,
    /// The path prefix of every link.
    base_path: &'a str,
}

/// Applies the publishing rules to one document with its final `slug`; `None` when it
/// is withheld.
fn publishable(
    doc: Arc<Document>,
    slug: String,
    rules: &Rules<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Item> {
    let Rules {
        approvals,
        drafts,
        today,
        base_path,
    } = *rules;
    let common = doc.front.common();
    if !urls::is_plain_segment(&slug) {
        problems.push(
            Diagnostic::error(
                &doc.path,
                format!("the slug '{slug}' is not a plain URL segment"),
            )
            .field("slug")
            .at_line(doc.line_of("slug"))
            .hint("use lowercase letters, digits and dashes only, e.g. acme-ships-faster"),
        );
        return None;
    }
    let kind = doc.kind;
    let required_title = kind.required_after_parsing().contains(&"title");
    if required_title && common.title.is_none_or(|t| t.trim().is_empty()) {
        problems.push(
            Diagnostic::error(&doc.path, "missing required field 'title'")
                .field("title")
                .at(2, 1)
                .hint(format!(
                    "add a line 'title: …' to the front matter of this {}",
                    kind.label().to_lowercase()
                )),
        );
    }
    let required_date = kind.required_after_parsing().contains(&"date");
    if required_date && common.date.is_none() {
        problems.push(
            Diagnostic::error(&doc.path, "missing required field 'date'")
                .field("date")
                .at(2, 1)
                .hint("add a line 'date: YYYY-MM-DD' (the day it was published)"),
        );
    }
    if common.draft && !drafts {
        return None;
    }
    let date = common.date.map(|d| d.0);
    if date.is_some_and(|d| d > today) && !drafts {
        return None;
    }
    if !approved(&doc, approvals, today, problems) {
        return None;
    }
    check_customers_words(&doc, problems);
    check_own_fields(&doc, problems);
    let title = title_of(&doc.front);
    let (dir, url) = if kind.has_own_page() {
        let dir = page_dir(&doc, &slug);
        let url = urls::link(base_path, &dir);
        (Some(dir), url)
    } else {
        (
            None,
            urls::link(base_path, &format!("{}/#{slug}", kind.folder())),
        )
    };
    // Events are ordered by their start: resolve zones and offsets now.
    let schedule = match &doc.front {
        Front::Event(ev) => {
            match events::schedule(&doc, ev.start, ev.end, ev.timezone.as_deref()) {
                Ok(schedule) => Some(schedule),
                Err(d) => {
                    problems.push(d);
                    None
                }
            }
        }
        _ => None,
    };
    Some(Item {
        published: Arc::new(Published {
            doc,
            slug,
            title,
            date,
            dir,
            address: url,
            terms: BTreeMap::new(),
            schedule,
            notes: Arc::from([]),
        }),
        customer: None,
        wall_page: 0,
    })
}

/// The output folder of an item with its own page.
fn page_dir(doc: &Document, slug: &str) -> String {
    if doc.kind != Kind::Page {
        return urls::page_dir(doc.kind.folder(), slug);
    }
    // A page keeps its folders: content/company/team.md → company/team/.
    let parent = match &doc.bundle_dir {
        Some(dir) => dir.rsplit_once('/').map_or("", |(p, _)| p),
        None => doc.content_path.rsplit_once('/').map_or("", |(p, _)| p),
    };
    let parent: Vec<String> = parent
        .split('/')
        .filter(|s| !s.is_empty())
        .map(urls::slugify)
        .collect();
    urls::page_dir(&parent.join("/"), slug)
}

/// The longest quote that still reads as a quote (a tweet's length), in characters.
pub const QUOTE_MAX_CHARS: usize = 280;

/// Testimonials and quotes are a customer's words: they need some, a rating on the
/// 1–5 scale, and a quote short enough to quote.
fn check_customers_words(doc: &Document, problems: &mut Vec<Diagnostic>) {
    let rating = match &doc.front {
        Front::Testimonial(t) => t.rating,
        Front::Quote(_) => None,
        _ => return,
    };
    if let Some(rating) = rating.filter(|r| !(1..=5).contains(r)) {
        problems.push(
            Diagnostic::error(&doc.path, format!("rating {rating} is out of range"))
                .field("rating")
                .at_line(doc.line_of("rating"))
                .hint("use a whole number from 1 to 5 (stars), or leave rating out"),
        );
    }
    let words = doc.body.trim();
    let what = doc.kind.label().to_lowercase();
    if words.is_empty() {
        problems.push(
            Diagnostic::error(&doc.path, format!("the {what} has no text"))
                .at(doc.body_line.max(1), 1)
                .hint("write the customer's words below the closing '---' of the front matter"),
        );
    } else if doc.kind == Kind::Quote {
        let length = words.chars().count();
        if length > QUOTE_MAX_CHARS {
            problems.push(
                Diagnostic::warning(
                    &doc.path,
                    format!("the quote is {length} characters long; quotes over {QUOTE_MAX_CHARS} are hard to quote"),
                )
                .at(doc.body_line, 1)
                .hint("shorten it to its strongest sentence, or make it a testimonial"),
            );
        }
    }
}

/// How far ahead `vouch check` looks for approvals about to run out.
pub const APPROVAL_NOTICE_DAYS: i32 = 30;

/// Whether the item may be published under the approval policy; an expired approval
/// always withholds it.
fn approved(
    doc: &Document,
    policy: ApprovalPolicy,
    today: Date,
    problems: &mut Vec<Diagnostic>,
) -> bool {
    if let Some(approval) = doc.front.approval() {
        if let Some(expires) = approval.expires {
            if expires.0 < today {
                problems.push(
                    Diagnostic::warning(
                        &doc.path,
                        format!("approval expired on {}; the item is withheld", expires.0),
                    )
                    .field("approval")
                    .at_line(doc.line_of("approval"))
                    .hint("renew the customer's approval and update 'expires', or delete the item"),
                );
                return false;
            }
            let days_left = (expires.0 - today).get_days();
            if days_left <= APPROVAL_NOTICE_DAYS {
                problems.push(
                    Diagnostic::note(
                        &doc.path,
                        format!("approval expires on {} (in {days_left} days)", expires.0),
                    )
                    .field("approval")
                    .at_line(doc.line_of("approval"))
                    .hint("ask the customer to renew it, or the item is withheld from that day"),
                );
            }
        }
        return true;
    }
    let attributed = doc.front.customer().is_some() && doc.kind != Kind::Advocate;
    if attributed && !doc.front.common().draft {
        let message = "no customer approval recorded";
        let hint =
            "add approval: { by: \"Name, Role, Company\", on: YYYY-MM-DD, expires: YYYY-MM-DD }";
        match policy {
            ApprovalPolicy::Off => {}
            ApprovalPolicy::Warn => problems.push(
                Diagnostic::warning(&doc.path, message)
                    .field("approval")
                    .at(1, 1)
                    .hint(hint),
            ),
            ApprovalPolicy::Require => {
                problems.push(
                    Diagnostic::error(&doc.path, message)
                        .field("approval")
                        .at(1, 1)
                        .hint(hint),
                );
                return false;
            }
        }
    }
    true
}

fn title_of(front: &Front) -> String {
    if let Some(title) = front.common().title {
        return title.to_string();
    }
    match front {
        Front::Testimonial(t) => t.author.clone(),
        Front::Quote(q) => q.author.clone(),
        Front::Customer(c) => c.name.clone(),
        Front::Advocate(a) => a.name.clone(),
        _ => String::new(),
    }
}

/// Listing order: case studies, testimonials and quotes newest first (featured case
/// studies first); events by start; customers and advocates by name; pages by path.
/// What an item sorts by within its kind.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Within<'a> {
    // Featured first (the front matter field promises it), then newest.
    Dated(std::cmp::Reverse<(bool, Option<Date>)>, &'a str),
    Name(String),
    // Soonest first: the events page lists upcoming ones in this order and past ones in
    // reverse.
    Start(Option<jiff::Timestamp>),
    Path(&'a str),
}

/// An item's place in the listing order.
fn order_key(i: &Item) -> (Kind, Within<'_>, &str) {
    let within = match i.kind() {
        Kind::CaseStudy | Kind::Testimonial | Kind::Quote => Within::Dated(
            std::cmp::Reverse((i.doc.front.common().featured, i.date)),
            &i.title,
        ),
        Kind::Customer | Kind::Advocate => Within::Name(i.title.to_lowercase()),
        Kind::Event => Within::Start(i.schedule.as_ref().map(|s| s.start.timestamp())),
        _ => Within::Path(&i.doc.content_path),
    };
    (i.kind(), within, &i.slug)
}

fn order_items(items: &mut Vec<Item>) {
    let key = order_key;
    // Sort keys and positions, not the (large) items, then move each item once.
    let order: Vec<usize> = {
        let mut keyed: Vec<_> = items.par_iter().map(key).enumerate().collect();
        keyed.par_sort_by(|a, b| a.1.cmp(&b.1));
        keyed.into_iter().map(|(at, _)| at).collect()
    };
    let mut taken: Vec<Option<Item>> = std::mem::take(items).into_iter().map(Some).collect();
    *items = order
        .into_iter()
        .filter_map(|at| taken[at].take())
        .collect();
}

/// Numbers the wall page that shows each item without a page of its own (a
/// testimonial, a quote). Run in every assembly, after ordering, over every wall: it
/// reads only the order, and [`Item::url`] makes the page's address from it.
fn place_on_walls(items: &mut Items, by_kind: &BTreeMap<Kind, Vec<ItemId>>, config: &Config) {
    for (kind, ids) in by_kind.iter() {
        if kind.has_own_page() || *kind == Kind::Page {
            continue;
        }
        for (at, page) in ids.chunks(config.page_size.max(1)).enumerate() {
            let number = u32::try_from(at + 1).unwrap_or(u32::MAX);
            for &id in page {
                items[id].wall_page = number;
            }
        }
    }
}

/// What two files clash on: their own addresses, without case (two folders that differ
/// only in case are one folder on a case-insensitive disk), lowercased only when there
/// is something to lower.
fn clash_key(item: &Item) -> std::borrow::Cow<'_, str> {
    match item.address.chars().any(char::is_uppercase) {
        true => std::borrow::Cow::Owned(item.address.to_lowercase()),
        false => std::borrow::Cow::Borrowed(item.address.as_str()),
    }
}

/// Two files that would write the same page are an error naming both, and so is a page
/// at the address of a page vouch writes itself (a listing, a taxonomy, search).
/// Read in listing order (`listed`): the later file of two is the one reported.
fn check_unique_urls(
    items: &Items,
    listed: &[ItemId],
    config: &Config,
    problems: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<std::borrow::Cow<'_, str>, &Item> = HashMap::default();
    for item in listed.iter().map(|&id| &items[id]) {
        let key = clash_key(item);
        if let Some(first) = seen.get(&key) {
            problems.push(
                Diagnostic::error(
                    &item.doc.path,
                    format!(
                        "this file and {} both map to {}",
                        first.doc.path.display(),
                        item.address
                    ),
                )
                .field("slug")
                .at_line(item.doc.line_of("slug"))
                .hint("rename one of the files or give one a different 'slug:'"),
            );
        } else {
            seen.insert(key, item);
        }
        if let Some((what, hint)) = item
            .dir
            .as_deref()
            .and_then(|d| generated_page_at(item, d, config))
        {
            problems.push(
                Diagnostic::error(
                    &item.doc.path,
                    format!("this page and {what} both map to {}", item.address),
                )
                .field("slug")
                .at_line(item.doc.line_of("slug"))
                .hint(hint),
            );
        }
    }
}

/// The page vouch writes itself at a page's folder, if any: what it is, and what to do.
fn generated_page_at(item: &Item, dir: &str, config: &Config) -> Option<(String, String)> {
    if item.kind() != Kind::Page {
        let listed = item.slug == urls::PAGE_SEGMENT && dir.starts_with(item.kind().folder());
        return listed.then(|| {
            let folder = item.kind().folder();
            (
                format!(
                    "the {} listing's later pages ({folder}/page/2/, …)",
                    item.kind().plural().to_lowercase()
                ),
                "give the file another name or a 'slug:' other than 'page'".to_string(),
            )
        });
    }
    let folder = dir.strip_suffix('/').unwrap_or(dir);
    let rename = "rename the file or give it another 'slug:'";
    if let Some(kind) = Kind::from_folder(folder) {
        let what = format!("the {} listing", kind.plural().to_lowercase());
        let hint =
            format!("{rename}; an introduction for the listing goes in content/{folder}/_index.md");
        return Some((what, hint));
    }
    if let Some(name) = crate::config::TAXONOMY_FIELDS
        .iter()
        .find(|t| t.replace('_', "-") == folder)
    {
        let title = config.taxonomy(name).0.to_lowercase();
        return Some((format!("the list of {title} terms"), rename.to_string()));
    }
    (folder == "search").then(|| ("the search page".to_string(), rename.to_string()))
}

/// Files every item under its terms, checking declared term lists. A case study without
/// industry, size or region takes its customer's. An item whose terms are as they were
/// keeps its shared value. Each taxonomy is filed on its own, side by side.
fn classify(
    items: &mut Items,
    listed: &[ItemId],
    rank: &[u32],
    config: &Config,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Taxonomy> {
    use crate::config::TAXONOMY_FIELDS;
    // In listing order: a term is shown by the value of the first item filed under it.
    let fields: Vec<[&[String]; 6]> = listed
        .par_iter()
        .map(|&id| taxonomy_fields(&items[id], items))
        .collect();
    // Per taxonomy: its collector, each item's terms (flat, with each item's end), and
    // the values it refused, by item.
    type Filed = (
        taxonomy::Collector,
        Vec<usize>,
        Vec<usize>,
        Vec<(ItemId, Diagnostic)>,
    );
    let mut filed: Vec<Filed> = TAXONOMY_FIELDS
        .par_iter()
        .enumerate()
        .map(|(t, name)| {
            let mut collector = taxonomy::Collector::new(config, name);
            let (mut ends, mut terms, mut refused) =
                (Vec::with_capacity(fields.len()), Vec::new(), Vec::new());
            for (&id, values) in listed.iter().zip(&fields) {
                for value in values[t] {
                    match collector.file(value, id) {
                        Ok(i) => terms.push(i),
                        Err(d) => refused.push((id, d)),
                    }
                }
                ends.push(terms.len());
            }
            (collector, ends, terms, refused)
        })
        .collect();
    drop(fields);
    let mut refused: Vec<(ItemId, usize, Diagnostic)> = Vec::new();
    for (t, (_, _, _, found)) in filed.iter_mut().enumerate() {
        refused.extend(std::mem::take(found).into_iter().map(|(id, d)| (id, t, d)));
    }
    report_refused(items, rank, refused, problems);
    for (k, &id) in listed.iter().enumerate() {
        let item = &mut items[id];
        let terms_of = |t: usize| {
            let (collector, ends, terms, _) = &filed[t];
            let start = if k == 0 { 0 } else { ends[k - 1] };
            terms[start..ends[k]]
                .iter()
                .map(move |&i| collector.slug(i))
        };
        let filed_fields = (0..TAXONOMY_FIELDS.len()).filter(|&t| terms_of(t).next().is_some());
        let same = filed_fields.clone().count() == item.terms.len()
            && filed_fields.clone().all(|t| {
                let kept = item.terms.get(TAXONOMY_FIELDS[t]);
                kept.is_some_and(|kept| kept.iter().map(String::as_str).eq(terms_of(t)))
            });
        if !same {
            let terms: BTreeMap<&'static str, Vec<String>> = filed_fields
                .map(|t| {
                    (
                        TAXONOMY_FIELDS[t],
                        terms_of(t).map(str::to_string).collect(),
                    )
                })
                .collect();
            Arc::make_mut(&mut item.published).terms = terms;
        }
    }
    filed
        .into_iter()
        .map(|(collector, ..)| collector.finish(|id| rank[*id] as usize))
        .collect()
}

/// Reports the values a taxonomy refused (`(item, taxonomy, problem)`) in the files
/// that hold them.
fn report_refused(
    items: &Items,
    rank: &[u32],
    mut refused: Vec<(ItemId, usize, Diagnostic)>,
    problems: &mut Vec<Diagnostic>,
) {
    refused.sort_by_key(|(id, t, _)| (rank[*id], *t));
    // A value a case study takes from its customer is reported once, in the customer's
    // file, where it is written.
    refused.retain(|(id, t, _)| !inherits(&items[*id], *t));
    for (id, t, mut d) in refused {
        let doc = &items[id].doc;
        d.path = doc.path.clone();
        problems.push(d.at_line(doc.line_of(crate::config::TAXONOMY_FIELDS[t])));
    }
}

/// The most items an update may file again before the terms are filed in full.
const MOST_REFILED: usize = 4096;

/// The taxonomies after an update, from the previous site's: the items that changed,
/// came or went, and those whose inherited values changed with their customer, are
/// taken out of their terms and filed again by the rules [`classify`] files by
/// (declared terms, a term labelled by the first item's value, listing order); every
/// other item keeps its terms. `None` under other taxonomy settings, or past
/// [`MOST_REFILED`] items: then everything is filed anew.
fn reclassify(
    previous: &Site,
    items: &mut Items,
    changed: &[ItemId],
    removed: &[ItemId],
    rank: &[u32],
    config: &Config,
    problems: &mut Vec<Diagnostic>,
) -> Option<Vec<Arc<Taxonomy>>> {
    use crate::config::TAXONOMY_FIELDS;
    if previous.config.taxonomies != config.taxonomies
        || changed.len() + removed.len() > MOST_REFILED
    {
        return None;
    }
    let slots = items.slots().max(previous.items.slots());
    let mut leaving = vec![false; slots];
    for &id in changed.iter().chain(removed) {
        leaving[id] = true;
    }
    // A case study whose customer changed, or is another one, may inherit other values.
    let mut again: Vec<ItemId> = changed.to_vec();
    for (id, item) in items.iter() {
        if leaving[id] {
            continue;
        }
        let old = &previous.items[id];
        let other_customer =
            item.customer != old.customer || item.customer.is_some_and(|c| leaving[c]);
        if other_customer && taxonomy_fields(item, items) != taxonomy_fields(old, &previous.items) {
            again.push(id);
            leaving[id] = true;
        }
    }
    if again.len() + removed.len() > MOST_REFILED {
        return None;
    }
    again.sort_unstable_by_key(|&id| rank[id]);
    let mut filed: Vec<BTreeMap<&'static str, Vec<String>>> = vec![BTreeMap::new(); again.len()];
    let mut refused = Vec::new();
    let mut taxonomies = Vec::with_capacity(TAXONOMY_FIELDS.len());
    for (t, name) in TAXONOMY_FIELDS.iter().enumerate() {
        let before = previous.taxonomies.get(t).filter(|tax| tax.name == *name)?;
        // A taxonomy no item leaving or filed again was or is under stays as it was.
        let was_under = |id: ItemId| {
            previous
                .items
                .get(id)
                .is_some_and(|o| o.terms.contains_key(name))
        };
        let touched = removed.iter().any(|&id| was_under(id))
            || again
                .iter()
                .any(|&id| was_under(id) || !taxonomy_fields(&items[id], items)[t].is_empty());
        if !touched {
            taxonomies.push(before.clone());
            continue;
        }
        let mut collector = taxonomy::Collector::resume(config, Taxonomy::clone(before));
        collector.take_out(|id| leaving[id]);
        for (k, &id) in again.iter().enumerate() {
            for value in taxonomy_fields(&items[id], items)[t] {
                match collector.file(value, id) {
                    Ok(i) => filed[k]
                        .entry(*name)
                        .or_default()
                        .push(collector.slug(i).to_string()),
                    Err(d) => refused.push((id, t, d)),
                }
            }
        }
        let value_of = |id: ItemId, slug: &str| {
            let values = taxonomy_fields(&items[id], items)[t];
            values.iter().find(|v| urls::slugify(v) == slug).cloned()
        };
        taxonomies.push(Arc::new(
            collector.finish_again(|id| rank[*id] as usize, value_of),
        ));
    }
    report_refused(items, rank, refused, problems);
    for (k, &id) in again.iter().enumerate() {
        let terms = std::mem::take(&mut filed[k]);
        if items[id].terms != terms {
            Arc::make_mut(&mut items[id].published).terms = terms;
        }
    }
    Some(taxonomies)
}

/// Whether a case study takes the values of taxonomy field `t` (its place in
/// `TAXONOMY_FIELDS`) from its customer: industry, size and region it leaves out.
fn inherits(item: &Item, t: usize) -> bool {
    let Front::CaseStudy(cs) = &item.doc.front else {
        return false;
    };
    let own = match crate::config::TAXONOMY_FIELDS[t] {
        "industry" => &cs.industry,
        "company_size" => &cs.company_size,
        "region" => &cs.region,
        _ => return false,
    };
    own.is_empty() && item.customer.is_some()
}

/// An item's taxonomy fields, borrowed: a case study without its own industry, size
/// or region takes its customer's.
fn taxonomy_fields<'a>(item: &'a Item, items: &'a Items) -> [&'a [String]; 6] {
    // In the order of `TAXONOMY_FIELDS`: tags, industry, company_size, region, stages,
    // lifecycle.
    let tags = item.doc.front.common().tags.as_slice();
    match &item.doc.front {
        Front::CaseStudy(cs) => {
            let customer = item.customer.and_then(|c| match &items[c].doc.front {
                Front::Customer(c) => Some(c),
                _ => None,
            });
            let own_or =
                |own: &'a Terms, pick: fn(&'a crate::content::kinds::Customer) -> &'a Terms| match (
                    own.is_empty(),
                    customer,
                ) {
                    (true, Some(c)) => pick(c).as_slice(),
                    _ => own.as_slice(),
                };
            [
                tags,
                own_or(&cs.industry, |c| &c.industry),
                own_or(&cs.company_size, |c| &c.company_size),
                own_or(&cs.region, |c| &c.region),
                cs.stages.as_slice(),
                cs.lifecycle.as_slice(),
            ]
        }
        Front::Customer(c) => [
            tags,
            c.industry.as_slice(),
            c.company_size.as_slice(),
            c.region.as_slice(),
            &[],
            &[],
        ],
        Front::Event(e) => [tags, &[], &[], e.region.as_slice(), &[], &[]],
        _ => [tags, &[], &[], &[], &[], &[]],
    }
}

/// Where each asset is written: its own path, except a bundle's files, which follow the
/// bundle's page when its slug differs from the folder name.
fn place_assets(assets: Vec<Asset>, items: &Items) -> Vec<(Asset, String)> {
    let bundles: HashMap<&str, &str> = items
        .iter()
        .filter_map(|(_, i)| Some((i.doc.bundle_dir.as_deref()?, i.dir.as_deref()?)))
        .collect();
    assets
        .into_iter()
        .map(|asset| {
            let out = match asset.content_path.rsplit_once('/') {
                Some((folder, name)) => match bundles.get(folder) {
                    Some(dir) => format!("{dir}{name}"),
                    None => asset.content_path.clone(),
                },
                None => asset.content_path.clone(),
            };
            (asset, out)
        })
        .collect()
}

/// The site's folder, from where its content files are (the picture cache sits there).
fn site_root(assets: &[(Asset, String)]) -> std::path::PathBuf {
    let Some((asset, _)) = assets.first() else {
        return std::path::PathBuf::from(".");
    };
    // `<root>/content/<content_path>`: one step up per path segment, then content/.
    let depth = asset.content_path.split('/').count() + 1;
    asset
        .source
        .ancestors()
        .nth(depth)
        .map_or_else(|| ".".into(), std::path::Path::to_path_buf)
}

/// Picture (its path inside `content/`) → the ways it is shown.
type PictureUses =
    std::collections::HashMap<String, std::collections::BTreeSet<crate::images::Use>>;

/// How each picture named by a front matter field or the brand logo is shown: logos,
/// photos of people and case-study images, each also as a link preview.
fn picture_uses(items: &Items, config: &Config) -> PictureUses {
    use crate::images::Use;
    let mut uses = std::collections::HashMap::<String, std::collections::BTreeSet<Use>>::new();
    for (_, item) in items.iter() {
        for (field, value) in file_fields(&item.doc.front) {
            if urls::is_external(value) {
                continue;
            }
            let use_ = match field {
                "logo" | "logo_dark" => Use::Logo,
                "avatar" => Use::Avatar,
                _ => Use::Photo,
            };
            let entry = uses.entry(asset_path(&item.doc, value)).or_default();
            entry.insert(use_);
            if field != "logo_dark" {
                entry.insert(Use::Social);
            }
        }
    }
    if let Some(logo) = config
        .brand
        .logo
        .as_deref()
        .filter(|l| !urls::is_external(l))
    {
        let path = logo.trim_start_matches('/').to_string();
        uses.entry(path)
            .or_default()
            .extend([Use::Avatar, Use::Social]);
    }
    uses
}

/// Image, logo and avatar fields must name files that exist (or full URLs). What a
/// field says of itself (a file on another site) is the file's own finding
/// ([`check_own_fields`]); this reads the other files too.
fn check_files<'a>(
    items: impl Iterator<Item = &'a Item>,
    assets: &[(Asset, String)],
    problems: &mut Vec<Diagnostic>,
) {
    let present: HashSet<&str> = assets
        .iter()
        .map(|(a, _)| a.content_path.as_str())
        .collect();
    for item in items {
        for (field, value) in file_fields(&item.doc.front) {
            if urls::is_external(value) {
                continue;
            }
            let path = asset_path(&item.doc, value);
            if !present.contains(path.as_str()) {
                problems.push(
                    Diagnostic::error(&item.doc.path, format!("the file '{value}' does not exist"))
                        .field(field)
                        .at_line(item.doc.line_of(field))
                        .hint(format!("put the file at content/{path}, or fix the path (a path starting with / is inside content/)")),
                );
            }
        }
    }
}

/// What a published file's own fields say of themselves: a picture loaded from another
/// site (a warning), a link that is not a web address (an error). A function of the
/// file alone, so its findings are kept with what the rules made of it and reported by
/// every build the file is part of, saved or not.
fn check_own_fields(doc: &Document, problems: &mut Vec<Diagnostic>) {
    for (field, value) in file_fields(&doc.front) {
        if !urls::is_external(value) {
            continue;
        }
        // Every visitor's browser would ask that site (and it may change or go).
        let name = value
            .split(['?', '#'])
            .next()
            .and_then(|v| v.rsplit('/').next())
            .filter(|n| !n.is_empty())
            .unwrap_or("file");
        problems.push(
            Diagnostic::warning(
                &doc.path,
                format!("the {field} is loaded from another site: {value}"),
            )
            .field(field)
            .at_line(doc.line_of(field))
            .hint(format!(
                "download it into content/images/ and write '{field}: /images/{name}': the site then makes no request to a third party"
            )),
        );
    }
    // Link fields must be http(s) or mailto addresses: a `javascript:` URL would run
    // code in the reader's browser.
    for (field, url) in link_fields(&doc.front) {
        if !urls::is_safe_link(url) {
            problems.push(
                Diagnostic::error(&doc.path, format!("'{url}' is not a web address"))
                    .field(field)
                    .at_line(doc.line_of(field))
                    .hint("links must start with https://, http:// or mailto:"),
            );
        }
    }
}

/// The front matter fields that name files.
pub fn file_fields(front: &Front) -> Vec<(&'static str, &str)> {
    let mut fields = Vec::new();
    if let Some(image) = front.common().image {
        fields.push(("image", image));
    }
    match front {
        Front::Customer(c) => {
            fields.extend(c.logo.as_deref().map(|l| ("logo", l)));
            fields.extend(c.logo_dark.as_deref().map(|l| ("logo_dark", l)));
        }
        Front::Testimonial(t) => fields.extend(t.avatar.as_deref().map(|a| ("avatar", a))),
        Front::Advocate(a) => fields.extend(a.avatar.as_deref().map(|a| ("avatar", a))),
        _ => {}
    }
    fields
}

/// A file field's path inside `content/`: `/logos/a.svg` from the content root, `a.svg`
/// beside the Markdown file.
pub fn asset_path(doc: &Document, value: &str) -> String {
    if let Some(rooted) = value.strip_prefix('/') {
        return rooted.to_string();
    }
    let folder = doc.content_path.rsplit_once('/').map_or("", |(f, _)| f);
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for part in value.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Up to three case studies sharing the most industry and stage terms with each one.
/// A case study's industry number and its stages as a bit set.
type Profile = (Option<usize>, Vec<u64>);

fn related_case_studies<'a>(items: &'a Items, ids: &[ItemId]) -> HashMap<ItemId, Vec<ItemId>> {
    use rayon::prelude::*;
    // Each case study as an industry number and a bit set of its stages, so scoring a
    // pair is a comparison and a popcount: every pair is scored exactly, in parallel.
    let mut numbers: HashMap<(&str, &str), usize> = HashMap::default();
    let mut number = |tax: &'static str, term: &'a String| {
        let next = numbers.len();
        *numbers.entry((tax, term.as_str())).or_insert(next)
    };
    let profiles: Vec<(Option<usize>, Vec<usize>)> = ids
        .iter()
        .map(|&id| {
            let terms = &items[id].terms;
            let industry = terms
                .get("industry")
                .and_then(|t| t.first())
                .map(|t| number("industry", t));
            let stages = terms
                .get("stages")
                .into_iter()
                .flatten()
                .map(|t| number("stages", t))
                .collect();
            (industry, stages)
        })
        .collect();
    let words = numbers.len().div_ceil(64).max(1);
    let profiles: Vec<Profile> = profiles
        .into_iter()
        .map(|(industry, stages)| {
            let mut bits = vec![0u64; words];
            for s in stages {
                bits[s / 64] |= 1 << (s % 64);
            }
            (industry, bits)
        })
        .collect();
    // Case studies with the same industry and stages score alike against everyone, so
    // score each distinct profile once: the work grows with the number of profiles
    // squared (hundreds; under two thousand at 10k items), not the number of case
    // studies squared.
    let mut groups: HashMap<&Profile, Vec<usize>> = HashMap::default();
    for (i, profile) in profiles.iter().enumerate() {
        groups.entry(profile).or_default().push(i);
    }
    let mut groups: Vec<(&Profile, Vec<usize>)> = groups.into_iter().collect();
    groups.sort_by_key(|(_, members)| members[0]);
    // For each profile, the four best other case studies (four, so that dropping the
    // case study itself still leaves three): score first, then the earlier item. Scores
    // are small numbers, compared in one tight pass over the groups.
    let industries: Vec<usize> = groups
        .iter()
        .map(|(p, _)| p.0.unwrap_or(usize::MAX))
        .collect();
    let bits: Vec<&[u64]> = groups.iter().map(|(p, _)| p.1.as_slice()).collect();
    // Up to 64 stages (every real site) fit one word: score from flat arrays.
    let one_word: Option<Vec<u64>> = (words == 1).then(|| bits.iter().map(|b| b[0]).collect());
    let score = |g: usize, o: usize| -> u32 {
        let same = u32::from(industries[g] != usize::MAX && industries[o] == industries[g]);
        let shared = match &one_word {
            Some(word) => (word[g] & word[o]).count_ones(),
            None => bits[g]
                .iter()
                .zip(bits[o])
                .map(|(x, y)| (x & y).count_ones())
                .sum(),
        };
        same * 2 + shared
    };
    let best_of_group: Vec<Vec<usize>> = (0..groups.len())
        .into_par_iter()
        .map(|g| {
            // The four best candidates in one pass, kept in order: a higher score first,
            // then the earlier case study. Every group offers its first four members.
            let mut best: Vec<(std::cmp::Reverse<u32>, usize)> = Vec::with_capacity(5);
            for (o, (_, members)) in groups.iter().enumerate() {
                let score = score(g, o);
                if score == 0 || best.len() == 4 && std::cmp::Reverse(score) > best[3].0 {
                    continue;
                }
                for &j in members.iter().take(4) {
                    let candidate = (std::cmp::Reverse(score), j);
                    if best.len() == 4 && candidate >= best[3] {
                        break;
                    }
                    let at = best.partition_point(|b| *b < candidate);
                    best.insert(at, candidate);
                    best.truncate(4);
                }
            }
            best.into_iter().map(|(_, j)| j).collect()
        })
        .collect();
    let mut related = HashMap::with_capacity_and_hasher(ids.len(), Default::default());
    for ((_, members), best) in groups.iter().zip(&best_of_group) {
        for &i in members {
            let top: Vec<ItemId> = best
                .iter()
                .filter(|&&j| j != i)
                .take(3)
                .map(|&j| ids[j])
                .collect();
            related.insert(ids[i], top);
        }
    }
    related
}

/// The front matter fields that hold web addresses.
fn link_fields(front: &Front) -> Vec<(&'static str, &str)> {
    let mut fields = Vec::new();
    match front {
        Front::Customer(c) => fields.extend(c.website.as_deref().map(|u| ("website", u))),
        Front::Testimonial(t) => fields.extend(t.source_url.as_deref().map(|u| ("source_url", u))),
        Front::Event(e) => {
            fields.extend(e.online_url.as_deref().map(|u| ("online_url", u)));
            fields.extend(
                e.registration_url
                    .as_deref()
                    .map(|u| ("registration_url", u)),
            );
        }
        Front::Advocate(a) => fields.extend(a.links.iter().map(|l| ("links", l.url.as_str()))),
        _ => {}
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Cache;
    use std::path::{Path, PathBuf};

    /// A site of one customer and one story naming it, in a temp folder.
    fn story_site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let write = |path: &str, text: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "vouch.yml",
            "title: T\nbase_url: https://example.com/\napprovals: off\n",
        );
        write("content/customers/acme.md", "---\nname: Acme\n---\n");
        write(
            "content/case-studies/win.md",
            "---\ntitle: A win\ndate: 2026-01-05\ncustomer: acme\nsummary: S.\n---\nText.\n",
        );
        dir
    }

    fn updated(previous: &Site, root: &Path, cache: &Cache, changed: &[PathBuf]) -> Applied {
        let cache = cache.refresh(root, changed);
        let config = Config::load(root).expect("config");
        previous.apply(config, cache.content().0, &Options::default())
    }

    #[test]
    fn a_new_or_deleted_file_changes_no_other_items_identity() {
        let dir = story_site();
        let root = dir.path();
        let cache = Cache::load(root);
        let config = Config::load(root).expect("config");
        let (site, _) = assemble(config, cache.content().0, &Options::default(), None);
        let id = |site: &Site, path: &str| site.id_of(path).expect("published");
        let (acme, win) = (
            id(&site, "customers/acme.md"),
            id(&site, "case-studies/win.md"),
        );

        // A story that sorts before the others (newer) comes: nobody else moves.
        let new = root.join("content/case-studies/aaa.md");
        std::fs::write(
            &new,
            "---\ntitle: Newer\ndate: 2026-02-01\ncustomer: acme\nsummary: S.\n---\nText.\n",
        )
        .unwrap();
        let added = updated(&site, root, &cache, std::slice::from_ref(&new)).site;
        assert_eq!(
            (
                id(&added, "customers/acme.md"),
                id(&added, "case-studies/win.md")
            ),
            (acme, win)
        );
        let fresh = id(&added, "case-studies/aaa.md");
        assert!(fresh != acme && fresh != win);
        assert_eq!(
            added.of_kind(Kind::CaseStudy),
            [fresh, win],
            "listing order apart from ids"
        );

        // It goes again: its slot is left empty, the others keep theirs.
        std::fs::remove_file(&new).unwrap();
        let removed = updated(&added, root, &cache, std::slice::from_ref(&new)).site;
        assert_eq!(
            (
                id(&removed, "customers/acme.md"),
                id(&removed, "case-studies/win.md")
            ),
            (acme, win)
        );
        assert!(removed.items.get(fresh).is_none());
        assert_eq!(removed.items.count(), 2);
        assert_eq!(removed.relations.of_customer[&acme].case_studies, [win]);
    }

    #[test]
    fn many_files_coming_and_going_at_once_keep_every_other_identity_and_slug() {
        let dir = story_site();
        let root = dir.path();
        let story = |n: usize| root.join(format!("content/case-studies/b{n:02}.md"));
        let write = |n: usize| {
            let text = format!(
                "---\ntitle: S{n}\ndate: 2026-01-{:02}\ncustomer: acme\nsummary: S.\n---\nT.\n",
                n + 1
            );
            std::fs::write(story(n), text).unwrap();
        };
        for n in 0..12 {
            write(n);
        }
        let cache = Cache::load(root);
        let config = Config::load(root).expect("config");
        let (site, _) = assemble(config, cache.content().0, &Options::default(), None);
        let id = |site: &Site, n: usize| site.id_of(&format!("case-studies/b{n:02}.md"));
        // Six files go (more than the side-by-side walk looks past) and a new one comes
        // between them, and a customer comes that sorts first.
        let mut changed: Vec<PathBuf> = (2..8).map(story).collect();
        for path in &changed {
            std::fs::remove_file(path).unwrap();
        }
        write(20);
        changed.push(story(20));
        let first = root.join("content/customers/aaa.md");
        std::fs::write(&first, "---\nname: Aaa\n---\n").unwrap();
        changed.push(first);
        let after = updated(&site, root, &cache, &changed);
        assert!(
            after.problems.iter().all(|d| !d.is_error()),
            "{:?}",
            after.problems
        );
        let after = after.site;
        for n in (0..2).chain(8..12) {
            assert_eq!(id(&after, n), id(&site, n), "b{n:02} kept its identity");
        }
        for n in 2..8 {
            assert_eq!(id(&after, n), None);
            let slug = (Kind::CaseStudy, format!("b{n:02}"));
            assert!(
                !after.known.contains_key(&slug),
                "{slug:?} is no longer known"
            );
        }
        let fresh = id(&after, 20).expect("the new story is published");
        assert!(
            site.items.get(fresh).is_none(),
            "a new path takes a new slot"
        );
        assert!(after
            .known
            .contains_key(&(Kind::CaseStudy, "b20".to_string())));
        assert!(after
            .known
            .contains_key(&(Kind::Customer, "aaa".to_string())));
        let acme = after.id_of("customers/acme.md").expect("acme");
        assert_eq!(
            after.relations.of_customer[&acme].case_studies.len(),
            1 + 6 + 1
        );
    }

    #[test]
    fn a_save_that_keeps_every_slug_shares_the_known_slugs_and_a_rename_does_not() {
        let dir = story_site();
        let root = dir.path();
        let cache = Cache::load(root);
        let config = Config::load(root).expect("config");
        let (content, load_problems) = cache.content();
        assert!(load_problems.is_empty(), "{load_problems:?}");
        let (site, problems) = assemble(config, content, &Options::default(), None);
        assert!(problems.iter().all(|d| !d.is_error()), "{problems:?}");

        let story = root.join("content/case-studies/win.md");
        let text = std::fs::read_to_string(&story).unwrap();
        std::fs::write(&story, format!("{text}More text.\n")).unwrap();
        let edited = updated(&site, root, &cache, std::slice::from_ref(&story));
        assert!(site.known.ptr_eq(&edited.site.known));
        assert!(edited.problems.iter().all(|d| !d.is_error()));

        // The customer's file renamed: its old slug is no longer known, so the story's
        // reference to it is an error, as in a fresh build.
        let old = root.join("content/customers/acme.md");
        let new = root.join("content/customers/acme-corp.md");
        std::fs::rename(&old, &new).unwrap();
        let renamed = updated(&edited.site, root, &cache, &[old, new]);
        assert!(!edited.site.known.ptr_eq(&renamed.site.known));
        let known = &renamed.site.known;
        assert!(known.contains_key(&(Kind::Customer, "acme-corp".to_string())));
        assert!(!known.contains_key(&(Kind::Customer, "acme".to_string())));
        let unknown = renamed
            .problems
            .iter()
            .find(|d| d.is_error() && d.path.ends_with("win.md"));
        let unknown = unknown.unwrap_or_else(|| panic!("{:?}", renamed.problems));
        assert!(unknown.message.contains("acme"), "{unknown:?}");
    }
}

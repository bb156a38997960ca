//! The `Site`: every published item with its URL, its relations (a case study's customer
//! and pull quote, an event's speakers…) and the taxonomies, built once from the loaded
//! content and read by every later stage.
//!
//! Publishing rules live here: drafts, scheduled dates, approvals, and "now".

mod delta;
pub mod events;
mod related;
pub mod taxonomy;
pub mod urls;

use crate::config::{ApprovalPolicy, Config};
use crate::content::kinds::Kind;
use crate::content::values::{Speaker, Terms};
use crate::content::{Asset, Content, Document, Front};
use crate::diagnostics::{did_you_mean, Diagnostic, Findings};
pub use delta::Delta;
use events::Schedule;
use jiff::civil::Date;
use jiff::Timestamp;
use rayon::prelude::*;
use std::collections::BTreeMap;
// The site's lookups are many and short: a fast hash (not a DoS-resistant one) is right.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;
pub use taxonomy::{Taxonomy, Term};

/// An item's index in [`Site::items`].
pub type ItemId = usize;

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

/// How items point at each other, by id, for pages that gather them.
#[derive(Debug, Clone, Default)]
pub struct Relations {
    /// Per customer: its case studies, testimonials, quotes, events and advocates.
    pub of_customer: HashMap<ItemId, CustomerItems>,
    /// Per advocate: the events they speak at.
    pub events_of_advocate: HashMap<ItemId, Vec<ItemId>>,
    /// Per case study: its pull quote.
    pub pull_quote: HashMap<ItemId, ItemId>,
    /// Per event: its speakers, in order.
    pub speakers: HashMap<ItemId, Vec<SpeakerRef>>,
    /// Per event: the customers taking part.
    pub event_customers: HashMap<ItemId, Vec<ItemId>>,
    /// Per case study: up to three related case studies.
    pub related: HashMap<ItemId, Vec<ItemId>>,
}

/// Everything published about one customer.
#[derive(Debug, Clone, Default)]
pub struct CustomerItems {
    /// Their case studies, newest first.
    pub case_studies: Vec<ItemId>,
    /// Their testimonials, newest first.
    pub testimonials: Vec<ItemId>,
    /// Their quotes, newest first.
    pub quotes: Vec<ItemId>,
    /// Events they take part in.
    pub events: Vec<ItemId>,
    /// Their people in the advocate program.
    pub advocates: Vec<ItemId>,
}

/// A speaker at an event: an advocate of the program or a guest.
#[derive(Debug, Clone)]
pub struct SpeakerRef {
    /// The advocate, when the speaker is one and is published.
    pub advocate: Option<ItemId>,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Option<String>,
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
    /// Published items, grouped by kind, each kind in listing order.
    pub items: Vec<Item>,
    /// Items of each kind, in listing order.
    pub by_kind: Arc<BTreeMap<Kind, Vec<ItemId>>>,
    /// Relations between items.
    pub relations: Arc<Relations>,
    /// The taxonomies with their terms.
    pub taxonomies: Arc<Vec<Taxonomy>>,
    /// Intros of the home page (`""`) and sections (`case-studies`), from `_index.md`.
    pub intros: HashMap<String, Arc<Document>>,
    /// Files copied as they are, with their output path.
    pub assets: Vec<(Asset, String)>,
    /// The pictures among them, with their sizes and uses: what is made of each.
    pub images: Arc<crate::images::Catalog>,
    /// Content path (`case-studies/acme.md`) → item, for `@/` links.
    pub by_content_path: Arc<HashMap<String, ItemId>>,
    /// Items of any kind by (kind, slug), for shortcodes.
    pub by_slug: Arc<HashMap<(Kind, String), ItemId>>,
    /// Every slug in the content, published or not (a reference to a draft is no error).
    known: Arc<HashSet<(Kind, String)>>,
    /// The same slugs in file order: when a save leaves them as they were (most saves),
    /// the next update compares this list instead of hashing every slug again.
    known_in_order: Arc<Vec<(Kind, String)>>,
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

    /// Where an `@/path.md` link goes: an item's page, or a listing named by its intro.
    pub fn resolve_link(&self, content_path: &str) -> Option<String> {
        self.by_content_path
            .get(content_path)
            .map(|t| self.items[*t].url().into_owned())
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
    let old_id = |doc: &Document| previous?.by_content_path.get(&doc.content_path).copied();
    let reuse = |doc: &Arc<Document>, old: Option<ItemId>| {
        let old = &earlier?.items[old?];
        Arc::ptr_eq(&old.doc, doc).then(|| Item {
            published: old.published.clone(),
            customer: None,
            wall_page: 0,
        })
    };
    // Each file's rules are its own: apply them side by side, keep the file order.
    // Each item comes with the id its file had in the previous site.
    type Judged = (
        (Kind, String),
        Option<(Item, Option<ItemId>)>,
        Arc<[Diagnostic]>,
    );
    let judged: Vec<Judged> = docs
        .into_par_iter()
        .map(|doc| {
            let old = old_id(&doc);
            if let Some(item) = reuse(&doc, old) {
                let notes = item.notes.clone();
                return ((doc.kind, item.slug.clone()), Some((item, old)), notes);
            }
            let mut found = Vec::new();
            let slug = final_slug(&doc);
            let known = (doc.kind, slug.clone());
            let mut item = publishable(doc, slug, &rules, &mut found);
            let found: Arc<[Diagnostic]> = Arc::from(found);
            if let Some(published) = item.as_mut().and_then(|i| Arc::get_mut(&mut i.published)) {
                published.notes = found.clone();
            }
            (known, item.map(|item| (item, old)), found)
        })
        .collect();
    // Every slug in the content, published or not, so a reference to a draft is not
    // reported as unknown.
    // A file that could not be read has its own error; what names it gets none more.
    let unreadable = content.unreadable.iter().filter(|p| !p.is_section_intro);
    let mut known_in_order: Vec<(Kind, String)> = unreadable
        .map(|p| (p.kind, urls::slugify(&p.file_slug)))
        .collect();
    known_in_order.reserve(judged.len());
    let mut items = Vec::with_capacity(judged.len());
    let mut old_ids = Vec::with_capacity(judged.len());
    for (slug, item, found) in judged {
        known_in_order.push(slug);
        if let Some((item, old)) = item {
            items.push(item);
            old_ids.push(old);
        }
        findings.share(&found);
    }
    let (known, known_in_order) = match previous.filter(|p| *p.known_in_order == known_in_order) {
        Some(p) => (p.known.clone(), p.known_in_order.clone()),
        None => {
            let mut known =
                HashSet::with_capacity_and_hasher(known_in_order.len(), Default::default());
            known.extend(known_in_order.iter().cloned());
            (Arc::new(known), Arc::new(known_in_order))
        }
    };
    // The stages whose output is shared below (addresses, files named, references,
    // terms) report errors only, and the site they are shared from had none, so sharing
    // loses no finding; a stage that warns keeps its findings with its output, as
    // `Published.notes` and the picture catalog do, or runs on every update.
    // Each stage below is a function of its inputs: when the previous site kept its
    // order (every item at its old place) and a stage's inputs are the same for every
    // changed item, the stage's previous output is shared instead of made again.
    // When a few files came or went and every other item kept its order, the stages
    // that read ids fold the difference into the previous output instead ([`Shift`]).
    let kept = previous.and_then(|p| {
        let order = previous_order(p, &items, &old_ids).map(|order| (order, true));
        order
            .or_else(|| shifted_order(p, &items, &old_ids).map(|order| (order, false)))
            .map(|order| (p, order))
    });
    let (items, kept, shift) = match kept {
        Some((p, (order, same_places))) => {
            let old_of_new: Vec<Option<ItemId>> = order.iter().map(|&at| old_ids[at]).collect();
            let mut taken: Vec<Option<Item>> = items.into_iter().map(Some).collect();
            let ordered = order
                .into_iter()
                .map(|at| taken[at].take().expect("each once"));
            let items: Vec<Item> = ordered.collect();
            match same_places {
                true => (items, Some(p), None),
                false => {
                    let shift = Shift::new(p, old_of_new, &items);
                    (items, None, Some(shift))
                }
            }
        }
        None => {
            order_items(&mut items);
            (items, None, None)
        }
    };
    let mut items = items;
    let changed: Vec<ItemId> = match (kept, &shift) {
        (Some(p), _) => (0..items.len())
            .filter(|&id| !items[id].same_published(&p.items[id]))
            .collect(),
        (None, Some(shift)) => shift.changed.clone(),
        (None, None) => Vec::new(),
    };
    // The site the stages below start from, at the same places or shifted.
    let base = kept.or(shift.as_ref().map(|s| s.site));
    let same_urls = same_for(kept, &items, &changed, |a, b| a.address == b.address);
    let same_slugs = same_for(kept, &items, &changed, |a, b| a.slug == b.slug);
    // Addresses, lookups and files read only what the rules made of each file: side by side.
    let (url_problems, ((by_slug, by_content_path, by_kind), (assets, images, file_problems))) =
        rayon::join(
            || {
                let mut found = Vec::new();
                // Shifted, only the new and changed items can clash with another.
                let clash_free = shift.is_some() && !urls_may_clash(&items, &changed, &config);
                if !same_urls && !clash_free {
                    check_unique_urls(&items, &config, &mut found);
                }
                found
            },
            || {
                rayon::join(
                    || match kept.filter(|_| same_slugs) {
                        Some(p) => (
                            p.by_slug.clone(),
                            p.by_content_path.clone(),
                            p.by_kind.clone(),
                        ),
                        None => lookups(&items),
                    },
                    || {
                        let assets = place_assets(content.assets, &items);
                        let mut found = Vec::new();
                        match base.filter(|p| p.assets == assets) {
                            Some(_) => {
                                let changed: Vec<Item> =
                                    changed.iter().map(|&id| items[id].clone()).collect();
                                check_files(&changed, &assets, &mut found);
                            }
                            None => {
                                check_files(&items, &assets, &mut found);
                            }
                        }
                        let uses = picture_uses(&items, &config);
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
                        (assets, images, found)
                    },
                )
            },
        );
    problems.extend(url_problems);
    problems.extend(file_problems);
    let same_references = same_slugs
        && kept.is_some_and(|p| Arc::ptr_eq(&p.known, &known) || p.known == known)
        && same_for(kept, &items, &changed, |a, b| {
            references(a) == references(b)
        });
    let mut relations = match kept.filter(|_| same_references) {
        Some(p) => {
            for (item, old) in items.iter_mut().zip(&p.items) {
                item.customer = old.customer;
            }
            p.relations.clone()
        }
        None => {
            let refs = References::new(&known, &by_slug);
            Arc::new(relate(&mut items, &refs, &mut problems))
        }
    };
    // Terms read each item's values and (a case study's inherited ones) its customer's.
    // (A changed item's own customer is read through its taxonomy fields, compared below.)
    let same_customers = same_references
        || kept.is_some_and(|p| {
            let mut unchanged = vec![true; items.len()];
            for &id in &changed {
                unchanged[id] = false;
            }
            let pairs = p.items.iter().zip(&items).zip(unchanged);
            pairs
                .filter(|(_, u)| *u)
                .all(|((a, b), _)| a.customer == b.customer)
        });
    let same_terms = same_customers
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
            let refiled = shift.as_ref().and_then(|s| refile(&mut items, s, &config));
            let classified =
                refiled.unwrap_or_else(|| classify(&mut items, &config, &mut problems));
            Arc::new(classified)
        }
    };
    // Related stories read the case studies' industries and stages, in listing order:
    // compare every item whose terms may have changed (those classified anew too).
    // (Terms shared from the previous site changed no item but the changed ones.)
    let refiled: Vec<ItemId> = match kept {
        Some(_) if same_terms => changed.clone(),
        Some(p) => (0..items.len())
            .filter(|&id| !items[id].same_published(&p.items[id]))
            .collect(),
        None => Vec::new(),
    };
    let same_related = same_for(kept, &items, &refiled, |a, b| profile(a) == profile(b));
    let related_index = match kept.filter(|_| same_related) {
        Some(p) if !Arc::ptr_eq(&relations, &p.relations) => {
            Arc::make_mut(&mut relations).related = p.relations.related.clone();
            p.related_index.clone()
        }
        Some(p) => p.related_index.clone(),
        None => {
            let case_studies = by_kind.get(&Kind::CaseStudy).map_or(&[][..], Vec::as_slice);
            // From the previous scores when there are some: the case studies that kept
            // their place in the order and their profile keep their scores.
            let from = base.and_then(|b| Some((b, b.related_index.as_deref()?)));
            let index = match from {
                Some((b, index)) => {
                    let old_of_new = |id: ItemId| match &shift {
                        Some(shift) => shift.old_of_new[id],
                        None => Some(id),
                    };
                    let places = same_profiles(b, &items, case_studies, old_of_new);
                    index.update(&items, case_studies, &places)
                }
                None => None,
            };
            let index = index.or_else(|| related::Index::build(&items, case_studies));
            Arc::make_mut(&mut relations).related = match &index {
                Some(index) => index.related(case_studies),
                None => related_case_studies(&items, case_studies),
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
        by_content_path,
        by_slug,
        known,
        known_in_order,
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
/// of its version in the kept previous site; `false` when the order was not kept.
fn same_for(
    kept: Option<&Site>,
    items: &[Item],
    changed: &[ItemId],
    input: impl Fn(&Item, &Item) -> bool,
) -> bool {
    kept.is_some_and(|p| changed.iter().all(|&id| input(&p.items[id], &items[id])))
}

/// The lookups of items by slug and by source path, and the listing of each kind.
type Lookups = (
    Arc<HashMap<(Kind, String), ItemId>>,
    Arc<HashMap<String, ItemId>>,
    Arc<BTreeMap<Kind, Vec<ItemId>>>,
);

fn lookups(items: &[Item]) -> Lookups {
    let (by_slug, by_content_path) = rayon::join(
        || {
            let ids = items.iter().enumerate();
            ids.map(|(id, item)| ((item.kind(), item.slug.clone()), id))
                .collect()
        },
        || {
            let ids = items.iter().enumerate();
            ids.map(|(id, item)| (item.doc.content_path.clone(), id))
                .collect()
        },
    );
    let mut by_kind: BTreeMap<Kind, Vec<ItemId>> = BTreeMap::new();
    for (id, item) in items.iter().enumerate() {
        by_kind.entry(item.kind()).or_default().push(id);
    }
    (
        Arc::new(by_slug),
        Arc::new(by_content_path),
        Arc::new(by_kind),
    )
}

/// Where each item of `previous` goes when the items (in file order, each with the id
/// its file had in `previous`) keep the listing order they had: every item was there,
/// and each changed one still sorts between its neighbours. `None` when the order moved.
fn previous_order(
    previous: &Site,
    items: &[Item],
    old_ids: &[Option<ItemId>],
) -> Option<Vec<usize>> {
    if items.len() != previous.items.len() {
        return None;
    }
    let mut at = vec![usize::MAX; items.len()];
    for (i, old) in old_ids.iter().enumerate() {
        let o = (*old)?;
        if at[o] != usize::MAX {
            return None;
        }
        at[o] = i;
    }
    let item = |o: usize| &items[at[o]];
    let sorted = (0..items.len())
        .filter(|&o| !item(o).same_published(&previous.items[o]))
        .all(|o| {
            let key = order_key(item(o));
            (o == 0 || order_key(item(o - 1)) < key)
                && (o + 1 == items.len() || key < order_key(item(o + 1)))
        });
    sorted.then_some(at)
}

/// The most files that may come or go in one update for the stages to fold them into
/// the previous site's output; beyond it they run again over every item.
const MOST_SHIFTED: usize = 64;

/// A site whose items kept their order but for a few that came or went (a file created
/// or deleted), against the previous `site`: every other item moved by the number of
/// items that came or went before it.
struct Shift<'a> {
    /// The previous site.
    site: &'a Site,
    /// For each item, the same file's item in the previous site.
    old_of_new: Vec<Option<ItemId>>,
    /// For each item of the previous site, the same file's item now.
    new_of_old: Vec<Option<ItemId>>,
    /// Items new, or not what the rules made of their file before.
    changed: Vec<ItemId>,
}

impl<'a> Shift<'a> {
    fn new(site: &'a Site, old_of_new: Vec<Option<ItemId>>, items: &[Item]) -> Shift<'a> {
        let mut new_of_old = vec![None; site.items.len()];
        for (id, old) in old_of_new.iter().enumerate() {
            if let Some(o) = old {
                new_of_old[*o] = Some(id);
            }
        }
        let changed = old_of_new
            .iter()
            .enumerate()
            .filter(|(id, old)| old.is_none_or(|o| !items[*id].same_published(&site.items[o])))
            .map(|(id, _)| id)
            .collect();
        Shift {
            site,
            old_of_new,
            new_of_old,
            changed,
        }
    }
}

/// Where each item (in file order, each with the id its file had in `previous`) goes
/// when, but for at most [`MOST_SHIFTED`] items that came or went, the items keep the
/// order they had in `previous`: each new one is placed where it sorts, and every new or
/// changed one sorts strictly between its neighbours. `None` when the order moved.
fn shifted_order(
    previous: &Site,
    items: &[Item],
    old_ids: &[Option<ItemId>],
) -> Option<Vec<usize>> {
    let mut at = vec![usize::MAX; previous.items.len()];
    let mut fresh = Vec::new();
    for (i, old) in old_ids.iter().enumerate() {
        match *old {
            Some(o) if at[o] != usize::MAX => return None,
            Some(o) => at[o] = i,
            None => fresh.push(i),
        }
    }
    let gone = at.iter().filter(|&&a| a == usize::MAX).count();
    if fresh.len() + gone > MOST_SHIFTED {
        return None;
    }
    let mut order: Vec<usize> = at.into_iter().filter(|&a| a != usize::MAX).collect();
    for &f in &fresh {
        let key = order_key(&items[f]);
        let place = order.partition_point(|&a| order_key(&items[a]) < key);
        order.insert(place, f);
    }
    // Items that kept what the rules made of them keep their order among themselves:
    // the order holds when every other one sorts between its neighbours.
    let moved = |q: usize| {
        let i = order[q];
        old_ids[i].is_none_or(|o| !items[i].same_published(&previous.items[o]))
    };
    let sorted = (0..order.len()).filter(|&q| moved(q)).all(|q| {
        let key = order_key(&items[order[q]]);
        (q == 0 || order_key(&items[order[q - 1]]) < key)
            && (q + 1 == order.len() || key < order_key(&items[order[q + 1]]))
    });
    sorted.then_some(order)
}

/// Whether one of the `changed` items may map to the address of another item or of a
/// page vouch writes itself (then every address is checked, as a full build does).
fn urls_may_clash(items: &[Item], changed: &[ItemId], config: &Config) -> bool {
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
        let others = items.iter().enumerate().filter(|(i, _)| *i != c);
        others
            .map(|(_, other)| other)
            .any(|other| key(other) == url)
    })
}

/// The taxonomies after a [`Shift`], from the previous site's: only the items that are
/// new, or read other taxonomy values than before (their own, or a customer's), are
/// filed again; every other item keeps its terms at its new place. `None` when that
/// might not give what [`classify`] gives (other declared terms, a refused value, a term
/// whose label may come from another value), and the terms are filed in full.
fn refile(items: &mut [Item], shift: &Shift<'_>, config: &Config) -> Option<Vec<Taxonomy>> {
    use crate::config::TAXONOMY_FIELDS;
    let previous = shift.site;
    if previous.config.taxonomies != config.taxonomies {
        return None;
    }
    let mut changed = vec![false; items.len()];
    for &id in &shift.changed {
        changed[id] = true;
    }
    // Items to file again, in listing order.
    let mut again = vec![false; items.len()];
    let mut refiled = Vec::new();
    for (id, item) in items.iter().enumerate() {
        let Some(o) = shift.old_of_new[id] else {
            again[id] = true;
            refiled.push(id);
            continue;
        };
        let old = &previous.items[o];
        let customer = item.customer.map(|c| shift.old_of_new[c]);
        let other_customer =
            customer != old.customer.map(Some) || item.customer.is_some_and(|c| changed[c]);
        if (changed[id] || other_customer)
            && taxonomy_fields(item, items) != taxonomy_fields(old, &previous.items)
        {
            again[id] = true;
            refiled.push(id);
        }
    }
    // Every term with its items at their new places, less those filed again.
    let mut taxonomies: Vec<Taxonomy> = previous
        .taxonomies
        .iter()
        .map(|tax| Taxonomy {
            name: tax.name,
            title: tax.title.clone(),
            terms: tax
                .terms
                .iter()
                .map(|term| Term {
                    slug: term.slug.clone(),
                    label: term.label.clone(),
                    items: (term.items.iter())
                        .filter_map(|&o| shift.new_of_old[o])
                        .filter(|&id| !again[id])
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let mut filed: Vec<BTreeMap<&'static str, Vec<String>>> = vec![BTreeMap::new(); refiled.len()];
    for (t, tax) in taxonomies.iter_mut().enumerate() {
        let name = TAXONOMY_FIELDS[t];
        if tax.name != name {
            return None;
        }
        // The taxonomy's own checks of a value, as the full filing makes them.
        let mut collector = taxonomy::Collector::new(config, name);
        let declared = config.taxonomy(name).1.is_some();
        for (r, &id) in refiled.iter().enumerate() {
            for value in taxonomy_fields(&items[id], items)[t] {
                let term = collector.file(value, id).ok()?;
                let slug = collector.slug(term);
                let at = match tax.terms.iter().position(|term| term.slug == slug) {
                    Some(at) => at,
                    None if declared => return None,
                    None => {
                        // A term no other item has: placed by its label, as `finish` sorts.
                        let label = value.to_lowercase();
                        let place = tax
                            .terms
                            .partition_point(|t| t.label.to_lowercase() < label);
                        let tie = tax.terms.get(place);
                        if tie.is_some_and(|t| t.label.to_lowercase() == label) {
                            return None;
                        }
                        let term = Term {
                            slug: slug.to_string(),
                            label: value.clone(),
                            items: Vec::new(),
                        };
                        tax.terms.insert(place, term);
                        place
                    }
                };
                let term = &mut tax.terms[at];
                if let Err(place) = term.items.binary_search(&id) {
                    term.items.insert(place, id);
                }
                filed[r].entry(name).or_default().push(term.slug.clone());
            }
        }
        if !declared {
            tax.terms.retain(|term| !term.items.is_empty());
            // A term is shown by the value of the first item filed under it: when that
            // item is another one, or filed again, its value must be the label still.
            let old = previous.taxonomies.get(t)?;
            let first_before: HashMap<&str, Option<ItemId>> = old
                .terms
                .iter()
                .map(|term| {
                    let first = term.items.first().and_then(|&o| shift.new_of_old[o]);
                    (term.slug.as_str(), first)
                })
                .collect();
            for term in &tax.terms {
                let first = term.items[0];
                let same_first = first_before.get(term.slug.as_str()) == Some(&Some(first));
                if same_first && !again[first] {
                    continue;
                }
                let values = taxonomy_fields(&items[first], items)[t];
                let value = values.iter().find(|v| urls::slugify(v) == term.slug);
                if value != Some(&term.label) {
                    return None;
                }
            }
        }
    }
    for (r, &id) in refiled.iter().enumerate() {
        let terms = std::mem::take(&mut filed[r]);
        if items[id].terms != terms {
            Arc::make_mut(&mut items[id].published).terms = terms;
        }
    }
    // A changed item with the same values keeps its terms.
    for &id in &shift.changed {
        let old = shift.old_of_new[id].map(|o| &previous.items[o]);
        if let Some(old) = old.filter(|_| !again[id]) {
            if items[id].terms != old.terms {
                Arc::make_mut(&mut items[id].published).terms = old.terms.clone();
            }
        }
    }
    Some(taxonomies)
}

/// For each case study (`case_studies`, in listing order), its place among the case
/// studies of `base` when it was there (`old_of_new` gives its id there) with the same
/// industry and stages.
fn same_profiles(
    base: &Site,
    items: &[Item],
    case_studies: &[ItemId],
    old_of_new: impl Fn(ItemId) -> Option<ItemId>,
) -> Vec<Option<usize>> {
    let before = base.of_kind(Kind::CaseStudy);
    let first = before.first().copied().unwrap_or(0);
    case_studies
        .iter()
        .map(|&id| {
            let o = old_of_new(id)?;
            let place = o
                .checked_sub(first)
                .filter(|&k| before.get(k) == Some(&o))?;
            let (new, old) = (&items[id], &base.items[o]);
            (new.same_published(old) || profile(new) == profile(old)).then_some(place)
        })
        .collect()
}

/// What resolving references reads of an item: the slugs it names, and (an advocate
/// named as a speaker) the name and role events show.
fn references(item: &Item) -> impl PartialEq + '_ {
    let front = &item.doc.front;
    let (quote, speakers, customers, speaker) = match front {
        Front::CaseStudy(cs) => (cs.quote.as_deref(), &[][..], &[][..], None),
        Front::Event(ev) => (None, ev.speakers.as_slice(), ev.customers.as_slice(), None),
        Front::Advocate(a) => (
            None,
            &[][..],
            &[][..],
            Some((&item.title, a.role.as_deref())),
        ),
        _ => (None, &[][..], &[][..], None),
    };
    (
        item.kind(),
        front.customer(),
        quote,
        speakers,
        customers,
        speaker,
    )
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
fn place_on_walls(items: &mut [Item], by_kind: &BTreeMap<Kind, Vec<ItemId>>, config: &Config) {
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
fn check_unique_urls(items: &[Item], config: &Config, problems: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<std::borrow::Cow<'_, str>, &Item> = HashMap::default();
    for item in items {
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

/// What references can point at: every slug in the content, and the published ones.
struct References<'a> {
    known: &'a HashSet<(Kind, String)>,
    /// The published items by (kind, slug), borrowed: looking up needs no allocation.
    published: HashMap<(Kind, &'a str), ItemId>,
}

impl<'a> References<'a> {
    fn new(
        known: &'a HashSet<(Kind, String)>,
        published: &'a HashMap<(Kind, String), ItemId>,
    ) -> Self {
        let published = published
            .iter()
            .map(|((kind, slug), id)| ((*kind, slug.as_str()), *id))
            .collect();
        References { known, published }
    }
}

impl References<'_> {
    /// Resolves a slug reference; an unknown slug is an error with a suggestion, a
    /// withheld item resolves to `None` silently.
    fn resolve(
        &self,
        doc: &Document,
        field: &str,
        kind: Kind,
        slug: &str,
    ) -> Result<Option<ItemId>, Diagnostic> {
        if let Some(id) = self.published.get(&(kind, slug)) {
            return Ok(Some(*id));
        }
        if self.known.contains(&(kind, slug.to_string())) {
            return Ok(None);
        }
        let candidates = self
            .known
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, s)| s.as_str());
        let d = Diagnostic::error(
            &doc.path,
            format!("no {} with the slug '{slug}'", kind.label().to_lowercase()),
        )
        .field(field)
        .at_line(doc.line_of(field));
        Err(match did_you_mean(slug, candidates) {
            Some(best) => d.hint(format!("did you mean '{best}'?")),
            None => d.hint(format!(
                "the slug is the file name in content/{}/ without .md",
                kind.folder()
            )),
        })
    }
}

/// Resolves every slug reference and event time, and gathers what points where.
fn relate(items: &mut [Item], refs: &References<'_>, problems: &mut Vec<Diagnostic>) -> Relations {
    let mut rel = Relations::default();
    let mut customer_of = vec![None; items.len()];
    for (id, item) in items.iter().enumerate() {
        let doc = &item.doc;
        let mut resolve =
            |field: &str, kind: Kind, slug: &str| match refs.resolve(doc, field, kind, slug) {
                Ok(found) => found,
                Err(d) => {
                    problems.push(d);
                    None
                }
            };
        if let Some(slug) = doc.front.customer() {
            customer_of[id] = resolve("customer", Kind::Customer, slug);
        }
        match &doc.front {
            Front::CaseStudy(cs) => {
                if let Some(quote) = cs
                    .quote
                    .as_deref()
                    .and_then(|q| resolve("quote", Kind::Quote, q))
                {
                    rel.pull_quote.insert(id, quote);
                }
            }
            Front::Event(ev) => {
                let speakers = ev
                    .speakers
                    .iter()
                    .filter_map(|s| match s {
                        Speaker::Advocate(slug) => {
                            let found = resolve("speakers", Kind::Advocate, slug)?;
                            Some(SpeakerRef {
                                advocate: Some(found),
                                name: String::new(),
                                role: None,
                            })
                        }
                        Speaker::Guest(g) => Some(SpeakerRef {
                            advocate: None,
                            name: g.name.clone(),
                            role: g.role.clone(),
                        }),
                    })
                    .collect();
                rel.speakers.insert(id, speakers);
                let customers = ev
                    .customers
                    .iter()
                    .filter_map(|c| resolve("customers", Kind::Customer, c))
                    .collect();
                rel.event_customers.insert(id, customers);
            }
            _ => {}
        }
    }
    for (id, customer) in customer_of.into_iter().enumerate() {
        items[id].customer = customer;
        let Some(customer) = customer else { continue };
        let entry = rel.of_customer.entry(customer).or_default();
        match items[id].kind() {
            Kind::CaseStudy => entry.case_studies.push(id),
            Kind::Testimonial => entry.testimonials.push(id),
            Kind::Quote => entry.quotes.push(id),
            Kind::Advocate => entry.advocates.push(id),
            _ => {}
        }
    }
    for (event, speakers) in &mut rel.speakers {
        for speaker in speakers.iter_mut() {
            if let Some(advocate) = speaker.advocate {
                let a = &items[advocate];
                speaker.name = a.title.clone();
                if let Front::Advocate(front) = &a.doc.front {
                    speaker.role = front.role.clone();
                }
                rel.events_of_advocate
                    .entry(advocate)
                    .or_default()
                    .push(*event);
            }
        }
    }
    for (event, customers) in &rel.event_customers {
        for customer in customers {
            rel.of_customer
                .entry(*customer)
                .or_default()
                .events
                .push(*event);
        }
    }
    for list in rel.events_of_advocate.values_mut() {
        list.sort_unstable();
    }
    for c in rel.of_customer.values_mut() {
        c.events.sort_unstable();
    }
    rel
}

/// Files every item under its terms, checking declared term lists. A case study without
/// industry, size or region takes its customer's. An item whose terms are as they were
/// keeps its shared value. Each taxonomy is filed on its own, side by side.
fn classify(items: &mut [Item], config: &Config, problems: &mut Vec<Diagnostic>) -> Vec<Taxonomy> {
    use crate::config::TAXONOMY_FIELDS;
    let fields: Vec<[&[String]; 6]> = items
        .par_iter()
        .map(|i| taxonomy_fields(i, items))
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
            for (id, values) in fields.iter().enumerate() {
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
    refused.sort_by_key(|(id, t, _)| (*id, *t));
    // A value a case study takes from its customer is reported once, in the customer's
    // file, where it is written.
    refused.retain(|(id, t, _)| !inherits(&items[*id], *t));
    for (id, t, mut d) in refused {
        let doc = &items[id].doc;
        d.path = doc.path.clone();
        problems.push(d.at_line(doc.line_of(TAXONOMY_FIELDS[t])));
    }
    for (id, item) in items.iter_mut().enumerate() {
        let terms_of = |t: usize| {
            let (collector, ends, terms, _) = &filed[t];
            let start = if id == 0 { 0 } else { ends[id - 1] };
            terms[start..ends[id]]
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
        .map(|(collector, ..)| collector.finish(|id| *id))
        .collect()
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
fn taxonomy_fields<'a>(item: &'a Item, items: &'a [Item]) -> [&'a [String]; 6] {
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
fn place_assets(assets: Vec<Asset>, items: &[Item]) -> Vec<(Asset, String)> {
    let bundles: HashMap<&str, &str> = items
        .iter()
        .filter_map(|i| Some((i.doc.bundle_dir.as_deref()?, i.dir.as_deref()?)))
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

/// How each picture named by a front matter field or the brand logo is shown: logos,
/// photos of people and case-study images, each also as a link preview.
fn picture_uses(
    items: &[Item],
    config: &Config,
) -> std::collections::HashMap<String, std::collections::BTreeSet<crate::images::Use>> {
    use crate::images::Use;
    let mut uses = std::collections::HashMap::<String, std::collections::BTreeSet<Use>>::new();
    for item in items {
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
fn check_files(items: &[Item], assets: &[(Asset, String)], problems: &mut Vec<Diagnostic>) {
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

fn related_case_studies<'a>(items: &'a [Item], ids: &[ItemId]) -> HashMap<ItemId, Vec<ItemId>> {
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
        assert!(Arc::ptr_eq(&site.known, &edited.site.known));
        assert!(edited.problems.iter().all(|d| !d.is_error()));

        // The customer's file renamed: its old slug is no longer known, so the story's
        // reference to it is an error, as in a fresh build.
        let old = root.join("content/customers/acme.md");
        let new = root.join("content/customers/acme-corp.md");
        std::fs::rename(&old, &new).unwrap();
        let renamed = updated(&edited.site, root, &cache, &[old, new]);
        assert!(!Arc::ptr_eq(&edited.site.known, &renamed.site.known));
        let known = &renamed.site.known;
        assert!(known.contains(&(Kind::Customer, "acme-corp".to_string())));
        assert!(!known.contains(&(Kind::Customer, "acme".to_string())));
        let unknown = renamed
            .problems
            .iter()
            .find(|d| d.is_error() && d.path.ends_with("win.md"));
        let unknown = unknown.unwrap_or_else(|| panic!("{:?}", renamed.problems));
        assert!(unknown.message.contains("acme"), "{unknown:?}");
    }
}

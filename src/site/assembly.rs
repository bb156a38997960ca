//! Assembly: the site made from loaded content, or brought up to date from the
//! previous site, stage by stage (rules, identities, lookups, relations, terms,
//! related stories).

use super::addresses::{check_unique_urls, urls_may_clash};
use super::delta::Delta;
use super::files::{
    check_files, file_fields, name_picture_users, picture_uses, place_assets, site_root,
};
use super::filing::{classify, reclassify, taxonomy_fields};
use super::layered::Layered;
use super::linking::{references, relate, relink, unpublished_customers, References};
use super::model::{intro_section, Item, Items, Options, PictureUses, Site};
use super::order::{order_items, place_on_walls, ranks, reorder, MOST_PLACED};
use super::related::related_case_studies;
use super::relations::Relations;
use super::reuse::{kept_places, pair_files, profile, same_for};
use super::rules::{final_slug, publishable, Rules};
use super::taxonomy::Taxonomy;
use super::{related, urls, ItemId, ItemTerms, Slug};
use crate::config::Config;
use crate::content::kinds::Kind;
use crate::content::{Asset, Content, Document};
use crate::diagnostics::{Diagnostic, Findings};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A site brought up to date by [`Site::apply`].
pub struct Applied {
    /// The new site.
    pub site: Site,
    /// What changed against the old one.
    pub delta: Delta,
    /// Every problem of the new site, as a full build reports them.
    pub problems: Findings,
}

impl Site {
    /// The site after its files changed: assembled again from `content` (every file as it
    /// is now, the unchanged ones shared with the cache), with what changed against this
    /// one. Nothing of `self` changes, so a failed update just drops the new value. The
    /// clock of this site holds while the day is the same (pages dated by "now" stay
    /// put between saves); a new day applies the publishing rules at the new time.
    pub fn apply(&self, config: Config, content: Content, options: &Options) -> Applied {
        let today = options
            .now
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date();
        let now = if today == self.today {
            self.now
        } else {
            options.now
        };
        let options = Options {
            now,
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
    let (now, files_path) = (options.now, config.files_path());
    let today = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let (base_path, base_url) = (config.base_path(), config.base_url());
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
    let judged = judge(docs, &content.unreadable, &rules, previous, earlier);
    let Judged {
        items,
        old_ids,
        mut files,
        mut findings,
        known,
        known_changed,
        unreadable,
    } = judged;
    let (mut items, ids, by_kind, changed, removed) =
        give_identities(items, old_ids, &mut files, previous);
    // Each stage below is a function of its inputs: when a stage's inputs are the same
    // for every changed item (and no item went), its previous output is shared instead
    // of made again. Identities do not move, so the previous output means the same.
    // The stages whose output is shared (addresses, files named, references, terms)
    // report errors only, and the site they are shared from had none, so sharing loses
    // no finding; a stage that warns keeps its findings with its output, as
    // `Published.notes` and the picture catalog do, or runs on every update.
    let update = Update {
        kept: previous,
        changed: &changed,
        removed: &removed,
        same_order: previous.is_some_and(|p| Arc::ptr_eq(&p.by_kind, &by_kind)),
        same_slugs: same_for(previous, &items, &changed, |a, b| a.slug == b.slug),
        rank: ranks(&by_kind, items.slots()),
        listed: by_kind.values().flatten().copied().collect(),
    };
    let mut problems = Vec::new();
    let found = look_up(&items, &update, &config, content.assets);
    let Found {
        by_slug,
        assets,
        images,
        picture_uses,
    } = found.0;
    problems.extend(found.1);
    let refs = References::new(&known, &unreadable, &by_slug);
    let (mut relations, same_references) =
        relations_after(&mut items, &update, refs, &known_changed, &mut problems);
    unpublished_customers(&items, &known, &mut problems);
    let (taxonomies, same_terms) =
        terms_after(&mut items, &update, same_references, &config, &mut problems);
    let case_studies = by_kind.get(&Kind::CaseStudy).map_or(&[][..], Vec::as_slice);
    let related_index = related_after(&items, &update, same_terms, case_studies, &mut relations);
    place_on_walls(&mut items, &by_kind, &config);
    let site = Site {
        config,
        now,
        drafts: options.drafts,
        today,
        base_path,
        files_path,
        base_url,
        index_links: options.index_links,
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

/// What the publishing rules made of every file, with what an update needs to place
/// each: the identity its path was given before, and the slugs that came or went.
struct Judged {
    /// The published items, in file order.
    items: Vec<Item>,
    /// For each item, the identity its path was given before, if any, and its place
    /// in `files`.
    old_ids: Vec<(Option<ItemId>, usize)>,
    /// Every file but intros, with the identity its path was given.
    files: Vec<(Arc<Document>, Option<ItemId>)>,
    /// What the rules found of each file, shared with what they made of it.
    findings: Findings,
    /// Every slug any file names, counted.
    known: Layered<Slug, u32>,
    /// The slugs named anew or no longer named since the previous site.
    known_changed: Vec<Slug>,
    /// The slugs of files that could not be read.
    unreadable: Arc<Vec<Slug>>,
}

/// One file judged: its item if published, the identity its path was given before,
/// the slug it named before when it names another now (`Some(None)`: a new file), and
/// what the rules found.
type FileJudged = (
    Option<Item>,
    Option<ItemId>,
    Option<Option<Slug>>,
    Arc<[Diagnostic]>,
);

/// Applies the publishing rules to every file, side by side, keeping the file order;
/// a file the rules saw before (`earlier`, the same file under the same rules) keeps
/// what they made of it.
fn judge(
    docs: Vec<Arc<Document>>,
    unreadable: &[crate::content::Place],
    rules: &Rules<'_>,
    previous: Option<&Site>,
    earlier: Option<&Site>,
) -> Judged {
    // Which file of the previous site each file is (the same content path), and so
    // which identity its path was given, if any.
    let before: &[(Arc<Document>, Option<ItemId>)] = previous.map_or(&[], |p| &p.files[..]);
    let (paired, gone) = pair_files(before, &docs);
    let judged: Vec<FileJudged> = docs
        .par_iter()
        .enumerate()
        .map(|(at, doc)| {
            let (before, old) = match paired[at] {
                Some(j) => (Some(&before[j].0), before[j].1),
                None => (
                    None,
                    previous.and_then(|p| p.ids.get(&doc.content_path).copied()),
                ),
            };
            judge_file(doc, before, old, rules, earlier)
        })
        .collect();
    // A file that could not be read has its own error; what names it gets none more.
    let unreadable: Vec<Slug> = (unreadable.iter())
        .filter(|p| !p.is_section_intro)
        .map(|p| (p.kind, urls::slugify(&p.file_slug)))
        .collect();
    let gone = gone.iter().map(|&j| &before[j].0);
    let (known, mut known_changed) = count_known(previous, &judged, &docs, gone);
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
    let mut findings = Findings::default();
    for (at, ((item, old, _, found), doc)) in judged.into_iter().zip(docs).enumerate() {
        files.push((doc, old));
        if let Some(item) = item {
            items.push(item);
            old_ids.push((old, at));
        }
        findings.share(&found);
    }
    Judged {
        items,
        old_ids,
        files,
        findings,
        known,
        known_changed,
        unreadable,
    }
}

/// One file under the publishing rules, beside what it was (`before`, the previous
/// site's file at its path, given identity `old`).
fn judge_file(
    doc: &Arc<Document>,
    before: Option<&Arc<Document>>,
    old: Option<ItemId>,
    rules: &Rules<'_>,
    earlier: Option<&Site>,
) -> FileJudged {
    let renamed = match before {
        Some(b) if Arc::ptr_eq(b, doc) => None,
        Some(b) if b.kind == doc.kind && final_slug(b) == final_slug(doc) => None,
        Some(b) => Some(Some((b.kind, final_slug(b)))),
        None => Some(None),
    };
    let reused = earlier
        .and_then(|e| e.items.get(old?))
        .filter(|item| Arc::ptr_eq(&item.doc, doc));
    if let Some(was) = reused {
        let item = Item {
            published: was.published.clone(),
            customer: None,
            wall_page: 0,
        };
        let notes = item.notes.clone();
        return (Some(item), old, renamed, notes);
    }
    let mut found = Vec::new();
    let mut item = publishable(doc.clone(), final_slug(doc), rules, &mut found);
    let found: Arc<[Diagnostic]> = Arc::from(found);
    if let Some(published) = item.as_mut().and_then(|i| Arc::get_mut(&mut i.published)) {
        published.notes = found.clone();
    }
    (item, old, renamed, found)
}

/// Every slug in the content, published or not, counted (so a reference to a draft is
/// not reported as unknown), and the slugs named anew or no longer: a build counts
/// every file's; an update starts from the previous count and counts only the files
/// that name another slug, came or went.
fn count_known<'a>(
    previous: Option<&Site>,
    judged: &[FileJudged],
    docs: &[Arc<Document>],
    gone: impl Iterator<Item = &'a Arc<Document>>,
) -> (Layered<Slug, u32>, Vec<Slug>) {
    let Some(previous) = previous else {
        // A build counts every file's slug in a plain map, made shared once.
        let mut known: HashMap<Slug, u32> = HashMap::default();
        for doc in docs {
            *known.entry((doc.kind, final_slug(doc))).or_default() += 1;
        }
        return (known.into_iter().collect(), Vec::new());
    };
    let mut known_changed: Vec<Slug> = Vec::new();
    let mut known = previous.known.clone();
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
    for ((_, _, renamed, _), doc) in judged.iter().zip(docs) {
        if let Some(was) = renamed {
            if let Some(was) = was {
                count(was.clone(), -1);
            }
            count((doc.kind, final_slug(doc)), 1);
        }
    }
    for doc in gone {
        count((doc.kind, final_slug(doc)), -1);
    }
    (known, known_changed)
}

/// The site's items by identity, the lookup of identities by path, each kind's listing
/// order, and (for an update) the items changed or new and those gone. A build gives
/// slots in listing order; an update keeps every path's slot and gives a new path the
/// next one. The listing order is worked out apart.
#[allow(clippy::type_complexity)]
fn give_identities(
    mut items: Vec<Item>,
    old_ids: Vec<(Option<ItemId>, usize)>,
    files: &mut [(Arc<Document>, Option<ItemId>)],
    previous: Option<&Site>,
) -> (
    Items,
    Layered<String, ItemId>,
    Arc<BTreeMap<Kind, Vec<ItemId>>>,
    Vec<ItemId>,
    Vec<ItemId>,
) {
    let Some(p) = previous else {
        order_items(&mut items);
        let ids = items.iter().enumerate();
        let ids: Layered<String, ItemId> = ids
            .map(|(id, item)| (item.doc.content_path.clone(), id))
            .collect();
        let mut by_kind: BTreeMap<Kind, Vec<ItemId>> = BTreeMap::new();
        // An item shown from another language's pages is in no listing of this one.
        let listed = items
            .iter()
            .enumerate()
            .filter(|(_, i)| i.doc.elsewhere.is_none());
        for (id, item) in listed {
            by_kind.entry(item.kind()).or_default().push(id);
        }
        for (doc, id) in files.iter_mut() {
            *id = ids.get(&doc.content_path).copied();
        }
        let items = Items::from_slots(items.into_iter().map(Some).collect());
        return (items, ids, Arc::new(by_kind), Vec::new(), Vec::new());
    };
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

/// What the stages after identities read of an update: the previous site (`None` for
/// a build), the items changed or new and those gone, and the listing order.
struct Update<'a> {
    kept: Option<&'a Site>,
    changed: &'a [ItemId],
    removed: &'a [ItemId],
    /// Whether the listing order is the previous site's.
    same_order: bool,
    /// Whether every changed item has the slug it had.
    same_slugs: bool,
    /// Each item's place in the listing order, by id.
    rank: Vec<u32>,
    /// Every item in listing order.
    listed: Vec<ItemId>,
}

impl Update<'_> {
    /// Whether only a few items changed or went (their places are patched in).
    fn few(&self) -> bool {
        self.changed.len() + self.removed.len() <= MOST_PLACED
    }

    /// Whether no item went.
    fn settled(&self) -> bool {
        self.removed.is_empty()
    }

    /// Whether `input` reads the same of every changed item as of its previous self.
    fn same_for(&self, items: &Items, input: impl Fn(&Item, &Item) -> bool) -> bool {
        same_for(self.kept, items, self.changed, input)
    }
}

/// What the lookups stage makes: items by slug, the bundle files with their addresses,
/// the picture catalog and what each picture is used for.
struct Found {
    by_slug: Layered<Slug, ItemId>,
    assets: Vec<(Asset, String)>,
    images: Arc<crate::images::Catalog>,
    picture_uses: Arc<PictureUses>,
}

/// Addresses checked, items looked up by slug, files and pictures placed: each reads
/// only what the rules made of each file, so they run side by side.
fn look_up(
    items: &Items,
    update: &Update<'_>,
    config: &Config,
    assets: Vec<Asset>,
) -> (Found, Vec<Diagnostic>) {
    let kept = update.kept;
    let (url_problems, (by_slug, (assets, images, picture_uses, file_problems))) = rayon::join(
        || {
            let mut found = Vec::new();
            let same_urls = update.same_for(items, |a, b| a.address == b.address);
            // After a few changes, only the new and changed items can clash with another.
            let clash_free =
                || kept.is_some() && update.few() && !urls_may_clash(items, update.changed, config);
            if !same_urls && !clash_free() {
                check_unique_urls(items, &update.listed, config, &mut found);
            }
            found
        },
        || {
            rayon::join(
                || slugs_after(items, update),
                || files_and_pictures(items, update, config, assets),
            )
        },
    );
    let mut problems = url_problems;
    problems.extend(file_problems);
    let found = Found {
        by_slug,
        assets,
        images,
        picture_uses,
    };
    (found, problems)
}

/// The published items by (kind, slug): the previous lookup, patched for a few
/// changed or gone items.
fn slugs_after(items: &Items, update: &Update<'_>) -> Layered<Slug, ItemId> {
    match update.kept {
        Some(p) if update.same_slugs && update.settled() => p.by_slug.clone(),
        Some(p) if update.few() => {
            let mut by_slug = p.by_slug.clone();
            for &id in update.changed.iter().chain(update.removed) {
                let Some(old) = p.items.get(id) else { continue };
                let key = (old.kind(), old.slug.clone());
                if by_slug.get(&key) == Some(&id) {
                    by_slug.remove(&key);
                }
            }
            for &id in update.changed {
                by_slug.insert((items[id].kind(), items[id].slug.clone()), id);
            }
            by_slug
        }
        _ => slugs(items),
    }
}

/// The bundle files with their addresses, the files items name checked, what each
/// picture is used for and the picture catalog, with their problems.
#[allow(clippy::type_complexity)]
fn files_and_pictures(
    items: &Items,
    update: &Update<'_>,
    config: &Config,
    assets: Vec<Asset>,
) -> (
    Vec<(Asset, String)>,
    Arc<crate::images::Catalog>,
    Arc<PictureUses>,
    Vec<Diagnostic>,
) {
    let kept = update.kept;
    let assets = place_assets(assets, items);
    let mut found = Vec::new();
    match kept.filter(|p| p.assets == assets) {
        Some(_) => check_files(
            update.changed.iter().map(|&id| &items[id]),
            &assets,
            &mut found,
        ),
        None => check_files(items.iter().map(|(_, i)| i), &assets, &mut found),
    }
    // What pictures are used for reads the file fields of every item and the brand's
    // logo.
    let same_uses = kept.is_some_and(|p| {
        fn fields(item: &Item) -> Vec<(&'static str, &str)> {
            file_fields(&item.doc.front)
        }
        p.config.brand.logo == config.brand.logo
            && update
                .removed
                .iter()
                .all(|&id| fields(&p.items[id]).is_empty())
            && update.same_for(items, |a, b| fields(a) == fields(b))
    });
    let uses = match kept.filter(|_| same_uses) {
        Some(p) => p.picture_uses.clone(),
        None => Arc::new(picture_uses(items, config)),
    };
    // Pictures do not move with items: any earlier site's catalog serves.
    let previous = kept.map(|p| &*p.images);
    let root = site_root(&assets);
    let (images, image_problems) =
        crate::images::Catalog::new(&root, &assets, &uses, &config.images, previous);
    found.extend(name_picture_users(image_problems, items, config));
    // An unchanged catalog is shared, so the preview sees it unchanged.
    let images = match kept.filter(|p| *p.images == images) {
        Some(p) => p.images.clone(),
        None => Arc::new(images),
    };
    (assets, images, uses, found)
}

/// Relations (a case study's customer, an event's speakers…): shared while every
/// changed item names what it named and the order and slugs held, patched for the
/// items an update touches, or made for every item. Also says whether they were shared.
fn relations_after(
    items: &mut Items,
    update: &Update<'_>,
    refs: References<'_>,
    known_changed: &[Slug],
    problems: &mut Vec<Diagnostic>,
) -> (Arc<Relations>, bool) {
    // References read each item's named slugs and the published slugs; the lists they
    // make (a customer's stories, newest first) read the listing order.
    let same_references = update.same_order
        && update.settled()
        && update.same_slugs
        && known_changed.is_empty()
        && update.same_for(items, |a, b| references(a) == references(b));
    if let Some(p) = update.kept.filter(|_| same_references) {
        for (id, item) in items.slots.iter_mut().enumerate() {
            if let Some(item) = item {
                item.customer = p.items[id].customer;
            }
        }
        return (p.relations.clone(), true);
    }
    let (changed, removed, rank) = (update.changed, update.removed, &update.rank);
    let again = (update.kept).and_then(|p| {
        relink(
            p,
            items,
            changed,
            removed,
            known_changed,
            rank,
            &refs,
            problems,
        )
    });
    let related = match again {
        Some(related) => related,
        None => relate(items, &update.listed, rank, &refs.for_all(), problems),
    };
    (Arc::new(related), false)
}

/// The taxonomies with their terms: shared while no item is filed anew, refiled for
/// the items an update touches, or filed for every item. Also says whether shared.
fn terms_after(
    items: &mut Items,
    update: &Update<'_>,
    same_references: bool,
    config: &Config,
    problems: &mut Vec<Diagnostic>,
) -> (Arc<Vec<Arc<Taxonomy>>>, bool) {
    let kept = update.kept;
    // Terms read each item's values and (a case study's inherited ones) its customer's,
    // and file items in listing order. (A changed item's own customer is read through
    // its taxonomy fields, compared below.)
    let same_customers = same_references
        || kept.is_some_and(|p| {
            let mut unchanged = vec![true; items.slots()];
            for &id in update.changed {
                unchanged[id] = false;
            }
            let pairs = items.iter().filter(|(id, _)| unchanged[*id]);
            pairs
                .map(|(id, item)| (&p.items[id], item))
                .all(|(a, b)| a.customer == b.customer)
        });
    let same_terms = same_customers
        && update.same_order
        && update.settled()
        && kept.is_some_and(|p| p.config.taxonomies == config.taxonomies)
        && update.same_for(items, |a, b| {
            let old = &kept.expect("kept").items;
            taxonomy_fields(a, old) == taxonomy_fields(b, items)
        });
    if let Some(p) = kept.filter(|_| same_terms) {
        for &id in update.changed {
            if items[id].terms != p.items[id].terms {
                Arc::make_mut(&mut items[id].published).terms = p.items[id].terms.clone();
            }
        }
        return (p.taxonomies.clone(), true);
    }
    let (changed, removed, rank) = (update.changed, update.removed, &update.rank);
    let again = kept.and_then(|p| reclassify(p, items, changed, removed, rank, config, problems));
    let classified = again.unwrap_or_else(|| {
        let all = classify(items, &update.listed, rank, config, problems);
        all.into_iter().map(Arc::new).collect()
    });
    (Arc::new(classified), false)
}

/// Related stories and the scores they were worked out from: shared while the case
/// studies and their profiles held, else scored again from the previous scores (the
/// case studies that kept their profile keep theirs) or from scratch.
fn related_after(
    items: &Items,
    update: &Update<'_>,
    same_terms: bool,
    case_studies: &[ItemId],
    relations: &mut Arc<Relations>,
) -> Option<Arc<related::Index>> {
    let kept = update.kept;
    // Related stories read the case studies' industries and stages, in listing order:
    // compare every item whose terms may have changed (those classified anew too).
    // (Terms shared from the previous site changed no item but the changed ones.)
    let refiled: Vec<ItemId> = match kept {
        Some(_) if same_terms => update.changed.to_vec(),
        Some(p) => items
            .iter()
            .filter(|(id, item)| p.items.get(*id).is_none_or(|o| !item.same_published(o)))
            .map(|(id, _)| id)
            .collect(),
        None => Vec::new(),
    };
    let same_related = kept.is_some_and(|p| p.of_kind(Kind::CaseStudy) == case_studies)
        && same_for(kept, items, &refiled, |a, b| profile(a) == profile(b));
    if let Some(p) = kept.filter(|_| same_related) {
        if !Arc::ptr_eq(relations, &p.relations) {
            Arc::make_mut(relations).related = p.relations.related.clone();
        }
        return p.related_index.clone();
    }
    let from = kept.and_then(|p| Some((p, p.related_index.as_deref()?)));
    let terms: Vec<&ItemTerms> = case_studies.iter().map(|&id| &items[id].terms).collect();
    let index = from.and_then(|(p, index)| {
        let places = kept_places(p, items, case_studies);
        index.update(&terms, &places)
    });
    let index = index.or_else(|| related::Index::build(&terms));
    let related = match &index {
        Some(index) => index.related(case_studies),
        None => related_case_studies(case_studies, &terms),
    };
    let shared = kept
        .map(|p| &p.relations.related)
        .filter(|r| ***r == related);
    Arc::make_mut(relations).related = match shared {
        Some(shared) => shared.clone(),
        None => Arc::new(related),
    };
    index.map(Arc::new)
}

/// The published items by (kind, slug), for references and shortcodes.
pub(super) fn slugs(items: &Items) -> Layered<Slug, ItemId> {
    let ids = items.iter();
    ids.map(|(id, item)| ((item.kind(), item.slug.clone()), id))
        .collect()
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

    /// 2026-11-25 12:00 UTC: every story of these sites is out by then.
    fn options() -> Options {
        let now = jiff::Timestamp::from_second(1795608000).expect("a moment");
        Options {
            drafts: false,
            index_links: false,
            now,
        }
    }

    fn updated(previous: &Site, root: &Path, cache: &Cache, changed: &[PathBuf]) -> Applied {
        let cache = cache.refresh(root, changed);
        let config = Config::load(root).expect("config");
        previous.apply(config, cache.content().0, &options())
    }

    #[test]
    fn a_new_or_deleted_file_changes_no_other_items_identity() {
        let dir = story_site();
        let root = dir.path();
        let cache = Cache::load(root);
        let config = Config::load(root).expect("config");
        let (site, _) = assemble(config, cache.content().0, &options(), None);
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
        let (site, _) = assemble(config, cache.content().0, &options(), None);
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
        let (site, problems) = assemble(config, content, &options(), None);
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

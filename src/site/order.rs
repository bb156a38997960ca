//! Listing order: each kind's items as pages list them, and the walls' pages.

use super::model::{Item, Items, Site};
use super::ItemId;
use crate::config::Config;
use crate::content::kinds::Kind;
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The most items that may change or go in one update for the listing order, the
/// lookups and the address check to place them in the previous site's instead of
/// working them out over every item.
pub(super) const MOST_PLACED: usize = 64;

/// Each kind's listing order after an update: the previous order less the items that
/// changed or went, with the changed and new ones placed where they sort (every other
/// item sorts as it did, so their order holds). The previous order is shared when it
/// came out the same, so later stages see at a glance that the order held.
pub(super) fn reorder(
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
        let listed = |id: ItemId| items[id].kind() == kind && items[id].doc.elsewhere.is_none();
        for &id in changed.iter().filter(|&&id| listed(id)) {
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
pub(super) fn sorted_kinds(items: &Items) -> BTreeMap<Kind, Vec<ItemId>> {
    // An item shown from another language's pages is in no listing of this one.
    let mut keyed: Vec<_> = items
        .iter()
        .filter(|(_, item)| item.doc.elsewhere.is_none())
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
pub(super) fn ranks(by_kind: &BTreeMap<Kind, Vec<ItemId>>, slots: usize) -> Vec<u32> {
    let mut rank = vec![u32::MAX; slots];
    for (at, &id) in by_kind.values().flatten().enumerate() {
        rank[id] = u32::try_from(at).unwrap_or(u32::MAX);
    }
    rank
}

/// Listing order: case studies, testimonials and quotes newest first (featured case
/// studies first); events by start; customers and advocates by name; pages by path.
/// What an item sorts by within its kind.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Within<'a> {
    // Featured first (the front matter field promises it), then newest.
    Dated(std::cmp::Reverse<(bool, Option<Date>)>, &'a str),
    Name(String),
    // Soonest first: the events page lists upcoming ones in this order and past ones in
    // reverse.
    Start(Option<jiff::Timestamp>),
    Path(&'a str),
}

/// An item's place in the listing order.
pub(super) fn order_key(i: &Item) -> (Kind, Within<'_>, &str) {
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

pub(super) fn order_items(items: &mut Vec<Item>) {
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
pub(super) fn place_on_walls(
    items: &mut Items,
    by_kind: &BTreeMap<Kind, Vec<ItemId>>,
    config: &Config,
) {
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

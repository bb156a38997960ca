//! What an update shares with the previous site: each file paired with its previous
//! self, and the input a stage reads compared for the items that changed (the same
//! input means the stage's previous output holds).

use super::model::{Item, Items, Site};
use super::ItemId;
use crate::content::kinds::Kind;
use crate::content::Document;
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

/// For each case study (`case_studies`, in listing order), its place among the case
/// studies of the `previous` site when it is what the rules made of its file there
/// (not changed, so not moved either: the others keep their order). A changed one is
/// scored as a new one, wherever it moved.
pub(super) fn kept_places(
    previous: &Site,
    items: &Items,
    case_studies: &[ItemId],
) -> Vec<Option<usize>> {
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

/// What related stories read of a case study: its industry and stages.
pub(super) fn profile(item: &Item) -> (Option<&String>, Option<&Vec<String>>) {
    let terms = &item.terms;
    (
        terms.get("industry").and_then(|t| t.first()),
        terms.get("stages"),
    )
}

/// Whether `input` reads the same of every changed item (in the new site's `items`) as
/// of its version in the previous site; `false` without one, or for a new item.
pub(super) fn same_for(
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

/// For each file, the previous site's file (its place in `before`) with the same
/// content path, if any; and the previous files no file is. The content comes in the
/// same order on every load, so the two lists are walked side by side: a file that
/// came or went only shifts the rest. Files the walk cannot pair are looked up by path.
pub(super) fn pair_files(
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

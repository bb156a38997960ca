//! What changed between two versions of the site, item by item: the preview renders
//! again only the outputs whose inputs meet it (`output::Needs`), and carries every
//! other body, card and page over. Worked out by comparing the two values, never by
//! predicting what an edit touches.

use super::{ItemId, Site};
use crate::content::kinds::Kind;
use rustc_hash::FxHashSet as HashSet;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The difference between an old site and a new one, by identity: an item keeps its id
/// from one site to the next.
#[derive(Debug, Clone, Default)]
pub struct Delta {
    /// Anything may have changed: settings, the clock, an intro, the theme.
    everything: bool,
    /// Per item of the new site: whether anything it shows, or its page shows, changed.
    changed: Vec<bool>,
    /// Kinds that gained, lost or changed an item.
    kinds: BTreeSet<Kind>,
    /// Terms (taxonomy, slug) that gained, lost or changed an item, or their label.
    terms: HashSet<(&'static str, String)>,
    /// Whether any item came, went or changed.
    any: bool,
}

impl Delta {
    /// Everything changed: a first build, new settings or a new theme.
    pub fn everything(site: &Site) -> Delta {
        Delta {
            everything: true,
            changed: vec![true; site.items.slots()],
            any: true,
            ..Delta::default()
        }
    }

    /// What changed from `old` to `new`.
    pub fn between(old: &Site, new: &Site) -> Delta {
        let mut delta = Delta {
            everything: old.config != new.config
                || old.now != new.now
                || old.base_url != new.base_url,
            changed: vec![false; new.items.slots()],
            ..Delta::default()
        };
        // An intro shows on its listing (the home page's on the home page).
        for section in old.intros.keys().chain(new.intros.keys()) {
            let same = match (old.intros.get(section), new.intros.get(section)) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                _ => false,
            };
            if !same {
                delta.any = true;
                delta.kinds.extend(Kind::from_folder(section));
            }
        }
        let relabelled = relabelled_terms(old, new);
        // Items whose entry in a relation changed (only the maps not shared are read).
        let mut shown = vec![false; new.items.slots().max(old.items.slots())];
        if !Arc::ptr_eq(&old.relations, &new.relations) {
            new.relations.mark_changed(&old.relations, &mut shown);
        }
        let same: Vec<bool> = {
            use rayon::prelude::*;
            let ids = new.items.par_iter();
            ids.map(|(id, item)| {
                item.is_some()
                    && old.items.get(id).is_some()
                    && !shown[id]
                    && same_item(old, new, id)
            })
            .collect()
        };
        for (id, item) in new.items.iter() {
            let shows_relabelled = !relabelled.is_empty()
                && item.terms.iter().any(|(tax, slugs)| {
                    let mut terms = slugs.iter();
                    terms.any(|s| relabelled.iter().any(|(t, r)| t == tax && r == s))
                });
            if !same[id] || shows_relabelled {
                delta.mark(new, id);
                if old.items.get(id).is_some() {
                    delta.mark_old(old, id);
                }
            }
        }
        for (id, _) in old.items.iter() {
            if new.items.get(id).is_none() {
                delta.mark_old(old, id);
            }
        }
        delta.terms.extend(relabelled);
        delta
    }

    /// Records that item `id` of `site` changed (its body or card came out different).
    pub fn mark(&mut self, site: &Site, id: ItemId) {
        self.changed[id] = true;
        self.mark_old(site, id);
    }

    /// Records that an item of the old site changed or went: its kind and terms.
    fn mark_old(&mut self, site: &Site, id: ItemId) {
        let item = &site.items[id];
        self.any = true;
        self.kinds.insert(item.kind());
        for (tax, slugs) in &item.terms {
            self.terms
                .extend(slugs.iter().map(|slug| (*tax, slug.clone())));
        }
    }

    /// Whether anything at all may have changed.
    pub fn everything_changed(&self) -> bool {
        self.everything
    }

    /// Whether any item came, went or changed.
    pub fn any_item(&self) -> bool {
        self.everything || self.any
    }

    /// Whether item `id` of the new site changed (or is new).
    pub fn item(&self, id: ItemId) -> bool {
        self.everything || self.changed.get(id).copied().unwrap_or(true)
    }

    /// Whether an item of `kind` came, went or changed.
    pub fn kind(&self, kind: Kind) -> bool {
        self.everything || self.kinds.contains(&kind)
    }

    /// Whether the term's items or label changed.
    pub fn term(&self, taxonomy: &'static str, slug: &str) -> bool {
        self.everything || self.terms.contains(&(taxonomy, slug.to_string()))
    }

    /// Whether any term of the taxonomy changed.
    pub fn taxonomy(&self, taxonomy: &str) -> bool {
        self.everything || self.terms.iter().any(|(t, _)| *t == taxonomy)
    }
}

/// Whether item `id` of `old` and of `new` is the same in everything pages show: the
/// file, what the site made of it, and its customer (the other items its page shows
/// are compared by relation, [`super::Relations::mark_changed`]).
fn same_item(old: &Site, new: &Site, id: ItemId) -> bool {
    let (a, b) = (&old.items[id], &new.items[id]);
    let same_published = (a.same_published(b)
        || (Arc::ptr_eq(&a.doc, &b.doc)
            && (&a.slug, &a.title, a.date, &a.dir, &a.address)
                == (&b.slug, &b.title, b.date, &b.dir, &b.address)
            && a.terms == b.terms
            && a.schedule == b.schedule))
        && a.wall_page == b.wall_page;
    same_published && a.customer == b.customer
}

/// Terms that are new, gone, or shown under another label.
fn relabelled_terms(old: &Site, new: &Site) -> HashSet<(&'static str, String)> {
    let mut relabelled = HashSet::default();
    let label = |site: &Site, name: &str, slug: &str| {
        let t = site.taxonomies.iter().position(|t| t.name == name)?;
        site.term(t, slug).map(|term| term.label.clone())
    };
    for (a, b) in [(old, new), (new, old)] {
        // A taxonomy shared by the two sites relabelled nothing.
        let shared = |t: usize| {
            let (x, y) = (a.taxonomies.get(t), b.taxonomies.get(t));
            x.zip(y).is_some_and(|(x, y)| Arc::ptr_eq(x, y))
        };
        for (t, tax) in b.taxonomies.iter().enumerate() {
            if shared(t) {
                continue;
            }
            for term in &tax.terms {
                if label(a, tax.name, &term.slug).as_ref() != Some(&term.label) {
                    relabelled.insert((tax.name, term.slug.clone()));
                }
            }
        }
    }
    relabelled
}

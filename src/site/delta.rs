//! What changed between two versions of the site, item by item: the preview renders
//! again only the outputs whose inputs meet it (`output::Needs`), and carries every
//! other body, card and page over. Worked out by comparing the two values, never by
//! predicting what an edit touches.

use super::{ItemId, Site};
use crate::content::kinds::Kind;
use rustc_hash::FxHashSet as HashSet;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The difference between an old site and a new one, in the new site's ids.
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
    /// For each item of the new site, the same file's item in the old one.
    pub old_of_new: Vec<Option<ItemId>>,
}

impl Delta {
    /// Everything changed: a first build, new settings or a new theme.
    pub fn everything(site: &Site) -> Delta {
        Delta {
            everything: true,
            changed: vec![true; site.items.len()],
            any: true,
            old_of_new: vec![None; site.items.len()],
            ..Delta::default()
        }
    }

    /// What changed from `old` to `new`.
    pub fn between(old: &Site, new: &Site) -> Delta {
        // Shared lookups: the same files at the same places.
        let same_places = Arc::ptr_eq(&old.by_content_path, &new.by_content_path);
        let old_of_new: Vec<Option<ItemId>> = match same_places {
            true => (0..new.items.len()).map(Some).collect(),
            false => new
                .items
                .iter()
                .map(|i| old.by_content_path.get(&i.doc.content_path).copied())
                .collect(),
        };
        let mut new_of_old = vec![None; old.items.len()];
        for (id, o) in old_of_new.iter().enumerate() {
            if let Some(o) = o {
                new_of_old[*o] = Some(id);
            }
        }
        let mut delta = Delta {
            everything: old.config != new.config
                || old.now != new.now
                || old.base_url != new.base_url,
            changed: vec![false; new.items.len()],
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
        let same: Vec<bool> = {
            use rayon::prelude::*;
            let ids = old_of_new.par_iter().enumerate();
            ids.map(|(id, o)| o.is_some_and(|o| same_item(old, o, new, id, &new_of_old)))
                .collect()
        };
        for (id, old_id) in old_of_new.iter().enumerate() {
            let same = same[id];
            let item = &new.items[id];
            let shows_relabelled = !relabelled.is_empty()
                && item.terms.iter().any(|(tax, slugs)| {
                    let mut terms = slugs.iter();
                    terms.any(|s| relabelled.iter().any(|(t, r)| t == tax && r == s))
                });
            if !same || shows_relabelled {
                delta.mark(new, id);
                if let Some(o) = old_id {
                    delta.mark_old(old, *o);
                }
            }
        }
        for (o, new_id) in new_of_old.iter().enumerate() {
            if new_id.is_none() {
                delta.mark_old(old, o);
            }
        }
        delta.terms.extend(relabelled);
        delta.old_of_new = old_of_new;
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

/// Whether item `o` of `old` and item `id` of `new` are the same in everything pages
/// show: the file, what the site made of it, and the items its page shows.
fn same_item(old: &Site, o: ItemId, new: &Site, id: ItemId, new_of_old: &[Option<ItemId>]) -> bool {
    let (a, b) = (&old.items[o], &new.items[id]);
    let same_published = (a.same_published(b)
        || (Arc::ptr_eq(&a.doc, &b.doc)
            && (&a.slug, &a.title, a.date, &a.dir, &a.address)
                == (&b.slug, &b.title, b.date, &b.dir, &b.address)
            && a.terms == b.terms
            && a.schedule == b.schedule))
        && a.wall_page == b.wall_page;
    // Shared relations between items at the same places show the same items.
    let same_relations = Arc::ptr_eq(&old.relations, &new.relations) && o == id && {
        Arc::ptr_eq(&old.by_content_path, &new.by_content_path)
    };
    same_published
        && (same_relations
            || old
                .shown_with(o)
                .map(|i| new_of_old[i])
                .eq(new.shown_with(id).map(Some)))
}

/// Terms that are new, gone, or shown under another label.
fn relabelled_terms(old: &Site, new: &Site) -> HashSet<(&'static str, String)> {
    let mut relabelled = HashSet::default();
    let label = |site: &Site, name: &str, slug: &str| {
        let t = site.taxonomies.iter().position(|t| t.name == name)?;
        site.term(t, slug).map(|term| term.label.clone())
    };
    for (a, b) in [(old, new), (new, old)] {
        for tax in b.taxonomies.iter() {
            for term in &tax.terms {
                if label(a, tax.name, &term.slug).as_ref() != Some(&term.label) {
                    relabelled.insert((tax.name, term.slug.clone()));
                }
            }
        }
    }
    relabelled
}

//! The preview's path for saves that move items: a file created or deleted, an item
//! re-dated, re-slugged, renamed, given another customer, or a customer's terms changed.
//! Instead of assembling the whole model again, the changed items leave and enter the
//! ordered list at their places, every id is mapped to its new place, and what relates
//! items is worked out again over the moved list. A full build gives the same site; the
//! preview's equivalence test (`tests/incremental.rs`) holds it to that.

use super::*;

/// The most changed files moved in place; more are assembled again.
const MOST_FILES: usize = 64;

/// The section an intro (`_index.md`) introduces: `case-studies`, or `""` for the home
/// page.
pub(super) fn intro_section(doc: &Document) -> String {
    doc.content_path
        .trim_end_matches("_index.md")
        .trim_end_matches('/')
        .to_string()
}

/// One changed Markdown file: its path inside `content/` and its new version (`None`
/// when it was deleted).
pub struct FileChange {
    /// The path from the site root (`content/testimonials/ana.md`), as problems name it.
    pub path: std::path::PathBuf,
    /// The path inside `content/` (`testimonials/ana.md`).
    pub content_path: String,
    /// The file as it is now, or `None` when it is gone.
    pub doc: Option<Arc<Document>>,
}

/// What [`Site::restructure`] did: where each item came from, so the preview can carry
/// bodies and cards to their new ids, and what it needs to put the site back.
pub struct Restructured {
    /// For each item of the new site, its id before the change (`None`: from a changed file).
    pub old_of_new: Vec<Option<ItemId>>,
    /// Problems (warnings and notes) of the changed files.
    pub problems: Vec<Diagnostic>,
    /// Unchanged items whose card shows a changed item: a customer's stories and words,
    /// an advocate's or customer's events. Their cards must be made again.
    pub touched: Vec<ItemId>,
    removed: Vec<(ItemId, Item)>,
    /// The files copied as they are, as they were, when they changed.
    assets: Option<Vec<(Asset, String)>>,
    /// Terms of unchanged items refiled under a changed customer's terms, as they were
    /// (by old id).
    refiled: Vec<(ItemId, BTreeMap<&'static str, Vec<String>>)>,
    customers: Vec<Option<ItemId>>,
    relations: Relations,
    taxonomies: Vec<Taxonomy>,
    intros: HashMap<String, Arc<Document>>,
}

impl Site {
    /// Applies `changes` by moving items instead of assembling the site again. `docs` is
    /// every parsed file after the change (drafts included, so references to unpublished
    /// items stay silent, as in a full build). `None` (with the site untouched) when the
    /// change needs a full build: another kind of file, errors, a bundle, or a term
    /// whose label the change would rename.
    pub fn restructure(
        &mut self,
        changes: &[FileChange],
        docs: &[Arc<Document>],
        assets: Option<&[Asset]>,
        drafts: bool,
    ) -> Option<Restructured> {
        self.terms_changed();
        // Past a few dozen files (a branch checked out), assembling is as quick.
        if changes.len() > MOST_FILES {
            return None;
        }
        let mut gone: Vec<ItemId> = Vec::new();
        let mut incoming = Vec::new();
        let intros = self.intros.clone();
        for change in changes {
            // An intro is shown on its listing, rendered when asked for: it is swapped.
            let section = self
                .intros
                .iter()
                .find(|(_, d)| d.content_path == change.content_path);
            if let Some(section) = section.map(|(s, _)| s.clone()) {
                self.intros.remove(&section);
            }
            if let Some(doc) = change.doc.as_ref().filter(|d| d.is_section_intro) {
                self.intros.insert(intro_section(doc), doc.clone());
                continue;
            }
            if let Some(&id) = self.by_content_path.get(&change.content_path) {
                gone.push(id);
            }
            if let Some(doc) = &change.doc {
                incoming.push(doc.clone());
            }
        }
        let give_up = |site: &mut Site| {
            site.intros = intros.clone();
            None
        };
        gone.sort_unstable();
        gone.dedup();
        let is_gone = |id: ItemId| gone.binary_search(&id).is_ok();

        // The new versions under the publishing rules, checked on their own.
        let options = Options {
            drafts,
            now: Some(self.now),
        };
        let mut problems = Vec::new();
        let mut arriving: Vec<Item> = incoming
            .into_iter()
            .filter_map(|doc| {
                let base_path = &self.base_path;
                publishable(
                    doc,
                    &self.config,
                    &options,
                    self.today,
                    base_path,
                    &mut problems,
                )
            })
            .collect();
        schedule_events(&mut arriving, &mut problems);
        // A bundle keeps its address here, so its files' places do not depend on the move.
        let files = assets.map(|a| place_assets(a.to_vec(), &self.items));
        check_files(
            &arriving,
            files.as_ref().unwrap_or(&self.assets),
            &mut problems,
        );
        check_link_fields(&arriving, &mut problems);
        if problems.iter().any(Diagnostic::is_error) {
            return give_up(self);
        }
        // A bundle's files are placed beside its page: it must stay where it was.
        for item in arriving.iter().filter(|i| i.doc.bundle_dir.is_some()) {
            let before = self.by_content_path.get(&item.doc.content_path);
            if before.is_none_or(|id| self.items[*id].dir != item.dir) {
                return give_up(self);
            }
        }
        if gone.iter().any(|id| {
            let doc = &self.items[*id].doc;
            doc.bundle_dir.is_some()
                && !arriving
                    .iter()
                    .any(|a| a.doc.content_path == doc.content_path)
        }) {
            return give_up(self);
        }
        // Two files may not write the same page.
        for (i, item) in arriving.iter().enumerate() {
            let clash = |other: &Item| same_url(&other.url, &item.url);
            let kept = self.items.iter().enumerate();
            if kept.filter(|(id, _)| !is_gone(*id)).any(|(_, o)| clash(o))
                || arriving[..i].iter().any(clash)
            {
                return give_up(self);
            }
        }

        // Each arriving item's place: before the first old item that sorts after it.
        let mut placed: Vec<(ItemId, Item)> = arriving
            .into_iter()
            .map(|item| {
                let key = order_key(&item);
                (self.items.partition_point(|o| order_key(o) < key), item)
            })
            .collect();
        placed.sort_by(|a, b| (a.0, order_key(&a.1)).cmp(&(b.0, order_key(&b.1))));

        let old_items = std::mem::take(&mut self.items);
        let customers: Vec<Option<ItemId>> = old_items.iter().map(|i| i.customer).collect();
        let mut items = Vec::with_capacity(old_items.len() + placed.len());
        let mut old_of_new = Vec::with_capacity(items.capacity());
        let mut removed = Vec::new();
        let mut placed = placed.into_iter().peekable();
        for (old, item) in old_items.into_iter().enumerate() {
            while let Some((_, new)) = placed.next_if(|(at, _)| *at <= old) {
                items.push(new);
                old_of_new.push(None);
            }
            if is_gone(old) {
                removed.push((old, item));
            } else {
                items.push(item);
                old_of_new.push(Some(old));
            }
        }
        for (_, new) in placed {
            items.push(new);
            old_of_new.push(None);
        }
        self.items = items;
        let mut new_of_old = vec![None; customers.len()];
        for (new, old) in old_of_new.iter().enumerate() {
            if let Some(old) = old {
                new_of_old[*old] = Some(new);
            }
        }
        self.reindex(&removed, &new_of_old);

        let mut restructured = Restructured {
            old_of_new,
            problems,
            touched: Vec::new(),
            assets: None,
            removed,
            refiled: Vec::new(),
            customers,
            relations: std::mem::take(&mut self.relations),
            taxonomies: self.taxonomies.clone(),
            intros,
        };
        let related = self.relate_again(docs).is_some();
        let related = related
            && self
                .refile_moved(&restructured.old_of_new, &new_of_old)
                .is_some()
            && self.refile_inherited(&mut restructured).is_some();
        if !related {
            self.undo(restructured);
            return None;
        }
        if let Some(files) = files {
            // Every file field is checked again: one may name a file that is gone.
            let mut missing = Vec::new();
            check_files(&self.items, &files, &mut missing);
            restructured.assets = Some(std::mem::replace(&mut self.assets, files));
            if missing.iter().any(Diagnostic::is_error) {
                self.undo(restructured);
                return None;
            }
        }
        restructured.touched = self.touched(&restructured.old_of_new);
        let case_studies_moved = !restructured.refiled.is_empty()
            || restructured
                .removed
                .iter()
                .any(|(_, i)| i.kind() == Kind::CaseStudy)
            || restructured
                .old_of_new
                .iter()
                .zip(&self.items)
                .any(|(old, i)| old.is_none() && i.kind() == Kind::CaseStudy);
        self.relations.related = if case_studies_moved {
            related_case_studies(self)
        } else {
            let before = &restructured.relations.related;
            let map = |id: &ItemId| new_of_old[*id];
            before
                .iter()
                .filter_map(|(id, list)| Some((map(id)?, list.iter().filter_map(map).collect())))
                .collect()
        };
        Some(restructured)
    }

    /// Puts the site back as it was before [`Self::restructure`] returned `restructured`
    /// (the preview does when the moved items' bodies turn out to have errors).
    pub fn undo(&mut self, restructured: Restructured) {
        self.terms_changed();
        let Restructured {
            old_of_new,
            removed,
            refiled,
            customers,
            relations,
            taxonomies,
            intros,
            assets,
            ..
        } = restructured;
        let moved = std::mem::take(&mut self.items);
        let mut slots: Vec<Option<Item>> = (0..customers.len()).map(|_| None).collect();
        for (item, old) in moved.into_iter().zip(&old_of_new) {
            if let Some(old) = old {
                slots[*old] = Some(item);
            }
        }
        for (old, item) in removed {
            slots[old] = Some(item);
        }
        self.items = slots
            .into_iter()
            .map(|s| s.expect("every old item"))
            .collect();
        for (item, customer) in self.items.iter_mut().zip(customers) {
            item.customer = customer;
        }
        for (old, terms) in refiled {
            self.items[old].terms = terms;
        }
        // The maps: arriving items leave, kept ones go back to their old ids, removed
        // ones return.
        let back = |id: &mut ItemId| match old_of_new[*id] {
            Some(old) => {
                *id = old;
                true
            }
            None => false,
        };
        self.by_slug.retain(|_, id| back(id));
        self.by_content_path.retain(|_, id| back(id));
        let mut kept = vec![false; self.items.len()];
        for &old in old_of_new.iter().flatten() {
            kept[old] = true;
        }
        for (old, item) in self.items.iter().enumerate() {
            if !kept[old] {
                self.by_slug.insert((item.kind(), item.slug.clone()), old);
                self.by_content_path
                    .insert(item.doc.content_path.clone(), old);
            }
        }
        self.by_kind = by_kind(&self.items);
        self.relations = relations;
        self.taxonomies = taxonomies;
        self.intros = intros;
        if let Some(assets) = assets {
            self.assets = assets;
        }
    }

    /// Brings the lookup maps and listing lists to the moved ids: `removed` items leave,
    /// every other old id `o` becomes `map[o]`, and items without an entry there (the
    /// arriving ones) are added.
    fn reindex(&mut self, removed: &[(ItemId, Item)], map: &[Option<ItemId>]) {
        for (_, item) in removed {
            self.by_slug.remove(&(item.kind(), item.slug.clone()));
            self.by_content_path.remove(&item.doc.content_path);
        }
        for id in self.by_slug.values_mut() {
            *id = map[*id].expect("kept items have a new id");
        }
        for id in self.by_content_path.values_mut() {
            *id = map[*id].expect("kept items have a new id");
        }
        self.by_kind = by_kind(&self.items);
        let mut known = vec![false; self.items.len()];
        for id in self.by_content_path.values() {
            known[*id] = true;
        }
        for (id, item) in self.items.iter().enumerate() {
            if !known[id] {
                self.by_slug.insert((item.kind(), item.slug.clone()), id);
                self.by_content_path
                    .insert(item.doc.content_path.clone(), id);
            }
        }
    }

    /// Resolves every reference again over the moved list. `None` when one no longer
    /// resolves (a deleted quote still named by a case study): the full build reports it.
    fn relate_again(&mut self, docs: &[Arc<Document>]) -> Option<()> {
        let unpublished: HashSet<(Kind, String)> = docs
            .iter()
            .filter(|d| !d.is_section_intro && !self.by_content_path.contains_key(&d.content_path))
            .map(|d| (d.kind, final_slug(d)))
            .collect();
        let refs = References::new(&unpublished, &self.by_slug);
        let mut problems = Vec::new();
        let relations = relate(&mut self.items, &refs, &mut problems);
        if !problems.is_empty() {
            return None;
        }
        self.relations = relations;
        Some(())
    }

    /// Files the moved items under their terms: kept items keep theirs (at their new
    /// ids), removed ones leave, arriving ones join as a full build would file them.
    /// `None` when a term's label would change (its first item, whose spelling names
    /// it, came or went with another spelling).
    fn refile_moved(
        &mut self,
        old_of_new: &[Option<ItemId>],
        new_of_old: &[Option<ItemId>],
    ) -> Option<()> {
        for t in 0..self.taxonomies.len() {
            let name = self.taxonomies[t].name;
            let declared = self.config.taxonomy(name).1.is_some();
            let mut renamed = false;
            let tax = &mut self.taxonomies[t];
            for term in &mut tax.terms {
                term.items = term.items.iter().filter_map(|o| new_of_old[*o]).collect();
                if declared || term.items.is_empty() {
                    continue;
                }
                // The first item left: the next one's spelling names the term now.
                let first = &self.items[term.items[0]];
                let spelling = taxonomy_fields(first, &self.items)
                    .into_iter()
                    .find(|(n, _)| *n == name)
                    .and_then(|(_, values)| values.iter().find(|v| urls::slugify(v) == term.slug));
                renamed |= spelling.is_none_or(|s| *s != term.label);
            }
            if renamed {
                return None;
            }
            if !declared {
                tax.terms.retain(|term| !term.items.is_empty());
            }
        }
        let arrived: Vec<ItemId> = old_of_new
            .iter()
            .enumerate()
            .filter(|(_, old)| old.is_none())
            .map(|(id, _)| id)
            .collect();
        for id in arrived {
            let item = self.items[id].clone();
            let terms = self.terms_of(id, &item)?;
            self.refile(id, &item, &terms);
            self.items[id].terms = terms;
        }
        Some(())
    }
}

impl Site {
    /// Case studies without their own industry, size or region take their customer's:
    /// those of an arriving customer are filed again. `None` when a term would be renamed.
    fn refile_inherited(&mut self, r: &mut Restructured) -> Option<()> {
        let arrived = |id: Option<ItemId>| id.is_some_and(|c| r.old_of_new[c].is_none());
        let heirs: Vec<ItemId> = (0..self.items.len())
            .filter(|&id| r.old_of_new[id].is_some())
            .filter(|&id| self.items[id].kind() == Kind::CaseStudy)
            .filter(|&id| arrived(self.items[id].customer))
            .collect();
        for id in heirs {
            let item = self.items[id].clone();
            let terms = self.terms_of(id, &item)?;
            if terms != item.terms {
                self.refile(id, &item, &terms);
                let old = r.old_of_new[id].expect("a kept item");
                r.refiled
                    .push((old, std::mem::replace(&mut self.items[id].terms, terms)));
            }
        }
        Some(())
    }

    /// Kept items whose cards show an arriving item: its stories, words and people (by
    /// customer), and events it speaks at or takes part in.
    fn touched(&self, old_of_new: &[Option<ItemId>]) -> Vec<ItemId> {
        let arrived = |id: ItemId| old_of_new[id].is_none();
        let mut touched: Vec<ItemId> = (0..self.items.len())
            .filter(|&id| !arrived(id))
            .filter(|&id| {
                let item = &self.items[id];
                let rel = &self.relations;
                item.customer.is_some_and(arrived)
                    || rel.speakers.get(&id).is_some_and(|speakers| {
                        speakers.iter().any(|s| s.advocate.is_some_and(arrived))
                    })
                    || rel
                        .event_customers
                        .get(&id)
                        .is_some_and(|c| c.iter().any(|c| arrived(*c)))
            })
            .collect();
        touched.sort_unstable();
        touched
    }
}

/// Items of each kind, in listing order.
fn by_kind(items: &[Item]) -> BTreeMap<Kind, Vec<ItemId>> {
    let mut by_kind: BTreeMap<Kind, Vec<ItemId>> = BTreeMap::new();
    for (id, item) in items.iter().enumerate() {
        by_kind.entry(item.kind()).or_default().push(id);
    }
    by_kind
}

/// Whether two pages' URLs are the same address, as `check_unique_urls` compares them.
fn same_url(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn example() -> (Site, Vec<Arc<Document>>) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (content, problems) = crate::content::load(root);
        assert!(problems.is_empty(), "{problems:?}");
        let docs = content.documents.clone();
        let config = Config::load(root).expect("vouch.yml");
        let options = Options {
            drafts: false,
            now: Some("2026-11-25T12:00:00Z".parse().unwrap()),
        };
        let (site, problems) = assemble(config, content, &options);
        assert!(!problems.iter().any(Diagnostic::is_error), "{problems:?}");
        (site, docs)
    }

    /// Everything that relates items, in a form that compares (maps sorted).
    fn shape(site: &Site) -> String {
        let sorted = |v: Vec<String>| {
            let mut v = v;
            v.sort();
            v.join("\n")
        };
        let items: Vec<String> = site
            .items
            .iter()
            .map(|i| {
                format!(
                    "{} {:?} {:?} {}",
                    i.doc.content_path, i.customer, i.terms, i.url
                )
            })
            .collect();
        let slugs = site.by_slug.iter().map(|(k, v)| format!("{k:?}={v}"));
        let paths = site.by_content_path.iter().map(|(k, v)| format!("{k}={v}"));
        let r = &site.relations;
        let relations = [
            r.of_customer
                .iter()
                .map(|(k, v)| format!("c{k}={v:?}"))
                .collect::<Vec<_>>(),
            r.events_of_advocate
                .iter()
                .map(|(k, v)| format!("a{k}={v:?}"))
                .collect(),
            r.pull_quote
                .iter()
                .map(|(k, v)| format!("q{k}={v:?}"))
                .collect(),
            r.speakers
                .iter()
                .map(|(k, v)| format!("s{k}={v:?}"))
                .collect(),
            r.event_customers
                .iter()
                .map(|(k, v)| format!("e{k}={v:?}"))
                .collect(),
            r.related
                .iter()
                .map(|(k, v)| format!("r{k}={v:?}"))
                .collect(),
        ]
        .concat();
        format!(
            "{}\n{}\n{}\n{:?}\n{}\n{:?}",
            items.join("\n"),
            sorted(slugs.collect()),
            sorted(paths.collect()),
            site.by_kind,
            sorted(relations),
            site.taxonomies
        )
    }

    fn change(site: &Site, content_path: &str, doc: Option<Document>) -> FileChange {
        let path = match site.by_content_path.get(content_path) {
            Some(id) => site.items[*id].doc.path.clone(),
            None => Path::new("content").join(content_path),
        };
        FileChange {
            path,
            content_path: content_path.to_string(),
            doc: doc.map(Arc::new),
        }
    }

    #[test]
    fn related_stories_are_the_best_scored_by_shared_industry_and_stages() {
        let (site, _) = example();
        let ids = site.of_kind(Kind::CaseStudy);
        let terms =
            |id: ItemId, tax: &str| site.items[id].terms.get(tax).cloned().unwrap_or_default();
        for &a in ids {
            let mut scored: Vec<(u32, usize, ItemId)> = ids
                .iter()
                .enumerate()
                .filter(|(_, b)| **b != a)
                .map(|(at, &b)| {
                    let industry = !terms(a, "industry").is_empty()
                        && terms(a, "industry").first() == terms(b, "industry").first();
                    let stages = terms(b, "stages");
                    let shared = terms(a, "stages")
                        .iter()
                        .filter(|s| stages.contains(s))
                        .count();
                    (u32::from(industry) * 2 + shared as u32, at, b)
                })
                .filter(|(score, _, _)| *score > 0)
                .collect();
            scored.sort_by_key(|&(score, at, _)| (std::cmp::Reverse(score), at));
            let expected: Vec<ItemId> = scored.into_iter().take(3).map(|(_, _, b)| b).collect();
            assert_eq!(
                site.relations.related[&a], expected,
                "{}",
                site.items[a].slug
            );
        }
    }

    #[test]
    fn an_undone_restructure_leaves_the_site_as_it_was() {
        let (mut site, docs) = example();
        let before = shape(&site);
        // A story moved to another year, and a quote deleted: both move items.
        let story = &site.items[site.by_content_path["case-studies/pixelmoor-build-times.md"]];
        let mut moved = (*story.doc).clone();
        if let Front::CaseStudy(cs) = &mut moved.front {
            cs.date = Some(crate::content::values::Day("2021-01-05".parse().unwrap()));
        }
        let changes = [
            change(&site, "case-studies/pixelmoor-build-times.md", Some(moved)),
            change(&site, "quotes/cartwheel-flags.md", None),
        ];
        let docs: Vec<_> = docs
            .into_iter()
            .filter(|d| d.content_path != "quotes/cartwheel-flags.md")
            .collect();
        let done = site
            .restructure(&changes, &docs, None, false)
            .expect("restructured");
        assert_ne!(shape(&site), before, "the story moved");
        site.undo(done);
        assert_eq!(shape(&site), before);
    }

    #[test]
    fn a_deleted_pull_quote_needs_a_full_build_and_leaves_the_site_untouched() {
        let (mut site, docs) = example();
        let before = shape(&site);
        let changes = [change(&site, "quotes/haulpath-offline.md", None)];
        let docs: Vec<_> = docs
            .into_iter()
            .filter(|d| d.content_path != "quotes/haulpath-offline.md")
            .collect();
        assert!(site.restructure(&changes, &docs, None, false).is_none());
        assert_eq!(shape(&site), before);
    }
}

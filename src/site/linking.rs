//! References resolved into relations: each item's customer, pull quote, speakers and
//! event customers looked up by slug, for every item at a build, or for the items an
//! update touches.

use super::filing::MOST_REFILED;
use super::model::{Item, Items, Site};
use super::relations::{Relations, SpeakerRef};
use super::{ItemId, Layered, Slug};
use crate::content::kinds::Kind;
use crate::content::values::Speaker;
use crate::content::{Document, Front};
use crate::diagnostics::{did_you_mean, Diagnostic};
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

/// What resolving references reads of an item: the slugs it names, and (an advocate
/// named as a speaker) the name and role events show.
pub(super) fn references(item: &Item) -> impl PartialEq + '_ {
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

/// What references can point at: every slug in the content, and the published ones.
pub(super) struct References<'a> {
    known: &'a Layered<Slug, u32>,
    /// The slugs of files that could not be read (they count as known).
    unreadable: &'a [Slug],
    /// The published items by (kind, slug).
    by_slug: &'a Layered<Slug, ItemId>,
    /// The same, borrowed, for resolving every item (looking up needs no allocation);
    /// not made for the few an update resolves again.
    published: Option<HashMap<(Kind, &'a str), ItemId>>,
}

impl<'a> References<'a> {
    pub(super) fn new(
        known: &'a Layered<Slug, u32>,
        unreadable: &'a [Slug],
        by_slug: &'a Layered<Slug, ItemId>,
    ) -> Self {
        References {
            known,
            unreadable,
            by_slug,
            published: None,
        }
    }

    /// Ready to resolve every item.
    pub(super) fn for_all(mut self) -> Self {
        let published = self.by_slug.iter();
        let published = published.map(|((kind, slug), id)| ((*kind, slug.as_str()), *id));
        self.published = Some(published.collect());
        self
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
        let found = match &self.published {
            Some(published) => published.get(&(kind, slug)).copied(),
            None => self.by_slug.get(&(kind, slug.to_string())).copied(),
        };
        if let Some(id) = found {
            return Ok(Some(id));
        }
        let named = (kind, slug.to_string());
        if self.known.contains_key(&named) || self.unreadable.contains(&named) {
            return Ok(None);
        }
        // `vouch new`'s stand-in: a draft may keep it, the publishing rules refuse it
        // in anything else (one message, not two).
        if crate::scaffold::placeholders::in_field(field, slug).is_some() {
            return Ok(None);
        }
        let candidates = (self.known.keys().chain(self.unreadable))
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

/// Warns about published items whose customer is known but not published (a draft, a
/// scheduled or withheld profile): their pages would show no company without a word.
/// A walk of the items on every update, so its findings never go stale with a shared
/// stage's output.
pub(super) fn unpublished_customers(
    items: &Items,
    known: &Layered<Slug, u32>,
    problems: &mut Vec<Diagnostic>,
) {
    for (_, item) in items.iter() {
        let doc = &item.doc;
        let Some(slug) = doc.front.customer().filter(|_| item.customer.is_none()) else {
            continue;
        };
        if !known.contains_key(&(Kind::Customer, slug.to_string())) {
            continue;
        }
        problems.push(
            Diagnostic::warning(
                &doc.path,
                format!(
                    "the customer '{slug}' is not published (a draft, scheduled or withheld), so this {} shows no company",
                    doc.kind.label().to_lowercase()
                ),
            )
            .field("customer")
            .at_line(doc.line_of("customer"))
            .hint(format!(
                "publish content/customers/{slug}.md (remove `draft: true`, or renew its approval), or name a published customer"
            )),
        );
    }
}

/// What one item's references resolve to: its customer, and (by kind) its pull quote,
/// its speakers and the customers at its event.
struct Resolved {
    customer: Option<ItemId>,
    pull_quote: Option<ItemId>,
    speakers: Option<Vec<SpeakerRef>>,
    event_customers: Option<Vec<ItemId>>,
}

/// Resolves one item's slug references; an unknown one is reported.
fn resolve_item(item: &Item, refs: &References<'_>, problems: &mut Vec<Diagnostic>) -> Resolved {
    let doc = &item.doc;
    let mut resolve =
        |field: &str, kind: Kind, slug: &str| match refs.resolve(doc, field, kind, slug) {
            Ok(found) => found,
            Err(d) => {
                problems.push(d);
                None
            }
        };
    let customer = doc
        .front
        .customer()
        .and_then(|slug| resolve("customer", Kind::Customer, slug));
    let mut resolved = Resolved {
        customer,
        pull_quote: None,
        speakers: None,
        event_customers: None,
    };
    match &doc.front {
        Front::CaseStudy(cs) => {
            resolved.pull_quote =
                (cs.quote.as_deref()).and_then(|q| resolve("quote", Kind::Quote, q));
        }
        Front::Event(ev) => {
            let speakers = ev.speakers.iter().filter_map(|s| match s {
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
            });
            resolved.speakers = Some(speakers.collect());
            let customers = ev.customers.iter();
            let customers = customers.filter_map(|c| resolve("customers", Kind::Customer, c));
            resolved.event_customers = Some(customers.collect());
        }
        _ => {}
    }
    resolved
}

/// Records what item `id` points at (`resolved`) in `rel`, both ways. Lists are put in
/// listing order by [`finish_relations`].
fn add_relations(rel: &mut Relations, items: &mut Items, id: ItemId, resolved: Resolved) {
    items[id].customer = resolved.customer;
    if let Some(customer) = resolved.customer {
        let of_customer = Arc::make_mut(&mut rel.of_customer);
        let entry = of_customer.entry(customer).or_default();
        match items[id].kind() {
            Kind::CaseStudy => entry.case_studies.push(id),
            Kind::Testimonial => entry.testimonials.push(id),
            Kind::Quote => entry.quotes.push(id),
            Kind::Advocate => entry.advocates.push(id),
            _ => {}
        }
    }
    if let Some(quote) = resolved.pull_quote {
        Arc::make_mut(&mut rel.pull_quote).insert(id, quote);
    }
    if let Some(mut speakers) = resolved.speakers {
        for speaker in &mut speakers {
            if let Some(advocate) = speaker.advocate {
                let a = &items[advocate];
                speaker.name = a.title.clone();
                if let Front::Advocate(front) = &a.doc.front {
                    speaker.role = front.role.clone();
                }
                let events = Arc::make_mut(&mut rel.events_of_advocate);
                events.entry(advocate).or_default().push(id);
            }
        }
        Arc::make_mut(&mut rel.speakers).insert(id, speakers);
    }
    if let Some(customers) = resolved.event_customers {
        for &customer in &customers {
            let of_customer = Arc::make_mut(&mut rel.of_customer);
            of_customer.entry(customer).or_default().events.push(id);
        }
        Arc::make_mut(&mut rel.event_customers).insert(id, customers);
    }
}

/// Takes out of `rel` what item `id` of the `previous` site pointed at, both ways.
fn take_out_relations(rel: &mut Relations, previous: &Site, id: ItemId) {
    let Some(old) = previous.items.get(id) else {
        return;
    };
    // A map is copied (from the previous site's) only when something is taken out.
    if let Some(c) = old.customer.filter(|c| rel.of_customer.contains_key(c)) {
        let entry = Arc::make_mut(&mut rel.of_customer).get_mut(&c);
        for list in entry.into_iter().flat_map(|e| {
            [
                &mut e.case_studies,
                &mut e.testimonials,
                &mut e.quotes,
                &mut e.advocates,
            ]
        }) {
            list.retain(|&i| i != id);
        }
    }
    if rel.pull_quote.contains_key(&id) {
        Arc::make_mut(&mut rel.pull_quote).remove(&id);
    }
    let speakers = match rel.speakers.contains_key(&id) {
        true => Arc::make_mut(&mut rel.speakers).remove(&id),
        false => None,
    };
    for advocate in speakers.into_iter().flatten().filter_map(|s| s.advocate) {
        if let Some(events) = Arc::make_mut(&mut rel.events_of_advocate).get_mut(&advocate) {
            events.retain(|&e| e != id);
        }
    }
    let customers = match rel.event_customers.contains_key(&id) {
        true => Arc::make_mut(&mut rel.event_customers).remove(&id),
        false => None,
    };
    for customer in customers.into_iter().flatten() {
        if let Some(entry) = Arc::make_mut(&mut rel.of_customer).get_mut(&customer) {
            entry.events.retain(|&e| e != id);
        }
    }
}

/// Puts every list of `rel` in listing order (`rank`) and drops the lists of items
/// nothing points at any more.
fn finish_relations(rel: &mut Relations, rank: &[u32]) {
    let of_customer = Arc::make_mut(&mut rel.of_customer);
    for c in of_customer.values_mut() {
        for list in [
            &mut c.case_studies,
            &mut c.testimonials,
            &mut c.quotes,
            &mut c.events,
            &mut c.advocates,
        ] {
            list.sort_unstable_by_key(|&id| rank[id]);
        }
    }
    of_customer.retain(|_, c| {
        !(c.case_studies.is_empty()
            && c.testimonials.is_empty()
            && c.quotes.is_empty()
            && c.events.is_empty()
            && c.advocates.is_empty())
    });
    let events_of_advocate = Arc::make_mut(&mut rel.events_of_advocate);
    for list in events_of_advocate.values_mut() {
        list.sort_unstable_by_key(|&id| rank[id]);
    }
    events_of_advocate.retain(|_, list| !list.is_empty());
}

/// Resolves every slug reference and gathers what points where. Items are read in
/// listing order (`listed`; `rank` is each one's place there).
pub(super) fn relate(
    items: &mut Items,
    listed: &[ItemId],
    rank: &[u32],
    refs: &References<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Relations {
    let mut rel = Relations::default();
    let resolved: Vec<(Resolved, Vec<Diagnostic>)> = listed
        .par_iter()
        .map(|&id| {
            let mut found = Vec::new();
            (resolve_item(&items[id], refs, &mut found), found)
        })
        .collect();
    for (&id, (resolved, found)) in listed.iter().zip(resolved) {
        problems.extend(found);
        add_relations(&mut rel, items, id, resolved);
    }
    finish_relations(&mut rel, rank);
    rel
}

/// The relations after an update, from the previous site's: the items that changed,
/// those naming a slug that now names another item or none (or a slug that came or
/// went), and the events an edited advocate speaks at, are resolved again, by the
/// functions [`relate`] resolves with; every other item points where it did. `None`
/// past [`MOST_REFILED`] items: then everything is resolved anew.
#[allow(clippy::too_many_arguments)]
pub(super) fn relink(
    previous: &Site,
    items: &mut Items,
    changed: &[ItemId],
    removed: &[ItemId],
    known_changed: &[Slug],
    rank: &[u32],
    refs: &References<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Relations> {
    if changed.len() + removed.len() > MOST_REFILED {
        return None;
    }
    // Slugs that name another item than before, or none, or are known or not anew.
    let mut renamed: HashSet<(Kind, String)> = HashSet::default();
    for &id in changed {
        let new = &items[id];
        match previous.items.get(id) {
            Some(old) if old.slug == new.slug => {}
            Some(old) => {
                renamed.insert((old.kind(), old.slug.clone()));
                renamed.insert((new.kind(), new.slug.clone()));
            }
            None => {
                renamed.insert((new.kind(), new.slug.clone()));
            }
        }
    }
    for &id in removed {
        let old = &previous.items[id];
        renamed.insert((old.kind(), old.slug.clone()));
    }
    renamed.extend(known_changed.iter().cloned());
    let slots = items.slots().max(previous.items.slots());
    let mut again = vec![false; slots];
    for &id in changed {
        again[id] = true;
        if items[id].kind() == Kind::Advocate {
            let events = previous.relations.events_of_advocate.get(&id);
            for &event in events.into_iter().flatten() {
                again[event] = items.get(event).is_some();
            }
        }
    }
    if !renamed.is_empty() {
        // Every item is asked, side by side; a handful of slugs is compared directly.
        let renamed: Vec<(Kind, &str)> = renamed.iter().map(|(k, s)| (*k, s.as_str())).collect();
        let names = |kind: Kind, slug: &str| renamed.iter().any(|&(k, s)| k == kind && s == slug);
        let naming: Vec<ItemId> = (items.par_iter())
            .filter_map(|(id, item)| item.filter(|item| names_any(item, &names)).map(|_| id))
            .collect();
        for id in naming {
            again[id] = true;
        }
    }
    // Every map shared until changed; related stories are worked out after the terms.
    let mut rel = Relations {
        related: Arc::default(),
        ..Relations::clone(&previous.relations)
    };
    for &id in removed {
        take_out_relations(&mut rel, previous, id);
    }
    let mut resolve: Vec<ItemId> = (0..slots).filter(|&id| again[id]).collect();
    resolve.sort_unstable_by_key(|&id| rank[id]);
    for &id in &resolve {
        take_out_relations(&mut rel, previous, id);
    }
    for (id, old) in previous.items.iter() {
        if !again[id] {
            if let Some(item) = items.slots.get_mut(id).and_then(Option::as_mut) {
                item.customer = old.customer;
            }
        }
    }
    for id in resolve {
        let resolved = resolve_item(&items[id], refs, problems);
        add_relations(&mut rel, items, id, resolved);
    }
    finish_relations(&mut rel, rank);
    Some(rel)
}

/// Whether an item's references name a slug `names` picks.
fn names_any(item: &Item, names: &impl Fn(Kind, &str) -> bool) -> bool {
    let front = &item.doc.front;
    if front.customer().is_some_and(|c| names(Kind::Customer, c)) {
        return true;
    }
    match front {
        Front::CaseStudy(cs) => cs.quote.as_deref().is_some_and(|q| names(Kind::Quote, q)),
        Front::Event(ev) => {
            let speakers = ev.speakers.iter().any(|s| match s {
                Speaker::Advocate(slug) => names(Kind::Advocate, slug),
                Speaker::Guest(_) => false,
            });
            speakers || ev.customers.iter().any(|c| names(Kind::Customer, c))
        }
        _ => false,
    }
}

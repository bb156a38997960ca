//! Taxonomy filing: items filed under the terms of each taxonomy, at a build or anew
//! for the items an update changed.

use super::model::{Item, Items, Site};
use super::taxonomy::Taxonomy;
use super::{taxonomy, urls, ItemId};
use crate::config::Config;
use crate::content::values::Terms;
use crate::content::Front;
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Files every item under its terms, checking declared term lists. A case study without
/// industry, size or region takes its customer's. An item whose terms are as they were
/// keeps its shared value. Each taxonomy is filed on its own, side by side.
pub(super) fn classify(
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
pub(super) fn report_refused(
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
pub(super) const MOST_REFILED: usize = 4096;

/// The taxonomies after an update, from the previous site's: the items that changed,
/// came or went, and those whose inherited values changed with their customer, are
/// taken out of their terms and filed again by the rules [`classify`] files by
/// (declared terms, a term labelled by the first item's value, listing order); every
/// other item keeps its terms. `None` under other taxonomy settings, or past
/// [`MOST_REFILED`] items: then everything is filed anew.
pub(super) fn reclassify(
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
pub(super) fn inherits(item: &Item, t: usize) -> bool {
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
pub(super) fn taxonomy_fields<'a>(item: &'a Item, items: &'a Items) -> [&'a [String]; 6] {
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

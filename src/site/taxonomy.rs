//! Taxonomies: tags, industry, company size, region, product stages and lifecycle, with
//! the items filed under each term.

use super::urls::slugify;
use super::*;
use crate::config::Config;
use crate::content::values::Terms;
use crate::content::Front;
use crate::diagnostics::{did_you_mean, Diagnostic};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One taxonomy, e.g. industry, with its terms in order.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// The front matter field and URL segment (`industry`, `company_size` → `company-size`).
    pub name: &'static str,
    /// The heading, e.g. "Industry".
    pub title: String,
    /// The terms in use (and, when the list is declared, in declared order).
    pub terms: Vec<Term>,
}

impl Taxonomy {
    /// The URL segment of the taxonomy (`company-size`).
    pub fn segment(&self) -> String {
        self.name.replace('_', "-")
    }
}

/// A term and what is filed under it.
#[derive(Debug, Clone)]
pub struct Term {
    /// The URL segment, e.g. `financial-services`.
    pub slug: String,
    /// How it is shown, e.g. "Financial services".
    pub label: String,
    /// The items with this term, in listing order.
    pub items: Vec<ItemId>,
}

/// Checks and files the terms of one taxonomy as items are read, then hands it out.
pub struct Collector {
    taxonomy: Taxonomy,
    /// Declared term slugs with their places, when the terms are declared.
    declared: Option<BTreeMap<String, usize>>,
    /// Every value seen with its term's index: most items repeat a few values, so each
    /// is slugified and looked up once.
    seen: HashMap<String, usize>,
}

impl Collector {
    /// Starts the taxonomy `name` from the configuration; declared terms are listed up
    /// front.
    pub fn new(config: &Config, name: &'static str) -> Self {
        let (title, declared) = config.taxonomy(name);
        let mut terms = Vec::new();
        let declared = declared.map(|declared| {
            let mut index = BTreeMap::new();
            for label in declared {
                let slug = slugify(&label);
                index.insert(slug.clone(), terms.len());
                terms.push(Term {
                    slug,
                    label,
                    items: Vec::new(),
                });
            }
            index
        });
        Collector {
            taxonomy: Taxonomy { name, title, terms },
            declared,
            seen: HashMap::default(),
        }
    }

    /// Files `item` under the term of one value and returns the term's place
    /// ([`Self::slug`] names it). Errors when the taxonomy declares its terms and the
    /// value is not one of them.
    pub fn file(&mut self, value: &str, item: ItemId) -> Result<usize, Diagnostic> {
        let i = match self.seen.get(value) {
            Some(&i) => i,
            None => {
                let slug = self.new_term(value)?;
                let terms = &self.taxonomy.terms;
                let i = terms
                    .iter()
                    .position(|term| term.slug == slug)
                    .expect("the term was just found or added");
                self.seen.insert(value.to_string(), i);
                i
            }
        };
        self.taxonomy.terms[i].items.push(item);
        Ok(i)
    }

    /// The slug of a term [`Self::file`] returned.
    pub fn slug(&self, i: usize) -> &str {
        &self.taxonomy.terms[i].slug
    }

    fn new_term(&mut self, value: &str) -> Result<String, Diagnostic> {
        let (tax, index) = (&mut self.taxonomy, &self.declared);
        let taxonomy = tax.name;
        let slug = slugify(value);
        match index {
            Some(index) if !index.contains_key(&slug) => {
                let labels: Vec<&str> = tax.terms.iter().map(|t| t.label.as_str()).collect();
                let mut d = Diagnostic::error(
                    "",
                    format!(
                        "'{value}' is not a declared {} term",
                        tax.title.to_lowercase()
                    ),
                )
                .field(taxonomy);
                // The exact line that declares it too, in YAML's flow style.
                let quoted = |v: &str| match v.contains([',', '[', ']', '{', '}', ':', '#', '"']) {
                    true => format!("\"{}\"", v.replace('"', "\\\"")),
                    false => v.to_string(),
                };
                let mut declared: Vec<String> = labels.iter().map(|l| quoted(l)).collect();
                declared.push(quoted(value));
                let declare = format!(
                    "declare it in vouch.yml, under taxonomies: {taxonomy}: with the line 'terms: [{}]'",
                    declared.join(", ")
                );
                // A number among declared ranges ("100" among "51-200"…) means its range;
                // spelling does not.
                let best = range_holding(value, &labels)
                    .or_else(|| did_you_mean(value, labels.iter().copied()));
                d = match best {
                    Some(best) => d.hint(format!("did you mean '{best}'? (or {declare})")),
                    None if labels.is_empty() => d.hint(format!(
                        "no {} terms are declared yet; to use '{value}', {declare}",
                        tax.title.to_lowercase()
                    )),
                    None => d.hint(format!(
                        "declared terms: {}; to use '{value}', {declare}",
                        labels.join(", ")
                    )),
                };
                Err(d)
            }
            Some(_) => Ok(slug),
            None => {
                if slug.is_empty() {
                    return Err(Diagnostic::error(
                        "",
                        format!(
                            "'{value}' is not a usable {} term",
                            tax.title.to_lowercase()
                        ),
                    )
                    .field(taxonomy)
                    .hint("use letters or digits"));
                }
                if !tax.terms.iter().any(|t| t.slug == slug) {
                    tax.terms.push(Term {
                        slug: slug.clone(),
                        label: value.to_string(),
                        items: Vec::new(),
                    });
                }
                Ok(slug)
            }
        }
    }

    /// Picks the filing up where `taxonomy` (filed under the same settings) left it, so
    /// an update files only the items whose values changed.
    pub fn resume(config: &Config, taxonomy: Taxonomy) -> Self {
        let declared = config.taxonomy(taxonomy.name).1.map(|_| {
            let terms = taxonomy.terms.iter().enumerate();
            terms.map(|(i, term)| (term.slug.clone(), i)).collect()
        });
        Collector {
            taxonomy,
            declared,
            seen: HashMap::default(),
        }
    }

    /// Takes the items `leaving` out of every term (they are filed again, or gone).
    pub fn take_out(&mut self, leaving: impl Fn(ItemId) -> bool) {
        for term in &mut self.taxonomy.terms {
            term.items.retain(|&id| !leaving(id));
        }
    }

    /// [`Self::finish`] after a resumed filing: terms no item is filed under any more go
    /// (declared ones stay), and each other term is labelled as a full filing labels
    /// it, by the value the first item (in `order`) gives for it (`value_of`).
    pub fn finish_again(
        mut self,
        order: impl Fn(&ItemId) -> usize,
        value_of: impl Fn(ItemId, &str) -> Option<String>,
    ) -> Taxonomy {
        let declared = self.declared.is_some();
        if !declared {
            self.taxonomy.terms.retain(|term| !term.items.is_empty());
        }
        for term in &mut self.taxonomy.terms {
            term.items.sort_by_key(&order);
            term.items.dedup();
            if declared {
                continue;
            }
            if let Some(label) = term.items.first().and_then(|&id| value_of(id, &term.slug)) {
                term.label = label;
            }
        }
        self.finish(order)
    }

    /// The taxonomy, with undeclared terms sorted by label and each term's items
    /// ordered by `order`.
    pub fn finish(self, order: impl Fn(&ItemId) -> usize) -> Taxonomy {
        let mut tax = self.taxonomy;
        if self.declared.is_none() {
            tax.terms.sort_by_key(|t| t.label.to_lowercase());
        }
        for term in &mut tax.terms {
            term.items.sort_by_key(&order);
            term.items.dedup();
        }
        tax
    }
}

/// The declared range term (`51-200`, `5000+`) that holds `value` when it is a number.
fn range_holding<'a>(value: &str, labels: &[&'a str]) -> Option<&'a str> {
    let number = |t: &str| t.trim().replace([',', ' '], "").parse::<u64>().ok();
    let n = number(value)?;
    labels.iter().copied().find(|label| {
        if let Some(low) = label.strip_suffix('+') {
            return number(low).is_some_and(|low| n >= low);
        }
        match label.split_once(['-', '–']) {
            Some((low, high)) => {
                matches!((number(low), number(high)), (Some(l), Some(h)) if l <= n && n <= h)
            }
            None => false,
        }
    })
}

// Filing: items under the terms of each taxonomy, at a build or anew for the items
// an update changed.

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

#[cfg(test)]
mod range_tests {
    use super::range_holding;

    #[test]
    fn a_number_means_the_range_that_holds_it() {
        let sizes = ["1-50", "51-200", "201-1000", "1001-5000", "5000+"];
        assert_eq!(range_holding("100", &sizes), Some("51-200"));
        assert_eq!(range_holding("12,000", &sizes), Some("5000+"));
        assert_eq!(range_holding("1001", &sizes), Some("1001-5000"));
        assert_eq!(range_holding("many", &sizes), None);
    }
}

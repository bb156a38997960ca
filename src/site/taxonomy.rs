//! Taxonomies: tags, industry, company size, region, product stages and lifecycle, with
//! the items filed under each term.

use super::urls::slugify;
use super::ItemId;
use crate::config::Config;
use crate::diagnostics::{did_you_mean, Diagnostic};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

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
        // In another language, a declared term shows its label there, under one slug.
        let labels = config.taxonomies.get(name).map(|t| &t.labels);
        let declared = declared.map(|declared| {
            let mut index = BTreeMap::new();
            for term in declared {
                let slug = slugify(&term);
                let label = labels.and_then(|l| l.get(&term)).cloned().unwrap_or(term);
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

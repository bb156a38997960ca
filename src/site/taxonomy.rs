//! Taxonomies: tags, industry, company size, region, product stages and lifecycle, with
//! the items filed under each term.

use super::urls::slugify;
use super::ItemId;
use crate::config::{Config, TAXONOMY_FIELDS};
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

/// Checks and files terms as items are read, then hands out the taxonomies.
pub struct Collector {
    taxonomies: Vec<(Taxonomy, Option<BTreeMap<String, usize>>)>,
    /// Every value seen, per taxonomy, with its term's index: most items repeat a few
    /// values, so each is slugified and looked up once.
    seen: Vec<HashMap<String, usize>>,
}

impl Collector {
    /// Starts from the configured taxonomies; declared terms are listed up front.
    pub fn new(config: &Config) -> Self {
        let taxonomies = TAXONOMY_FIELDS
            .iter()
            .map(|name| {
                let (title, declared) = config.taxonomy(name);
                let mut terms = Vec::new();
                let index = declared.map(|declared| {
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
                (Taxonomy { name, title, terms }, index)
            })
            .collect();
        let seen = vec![HashMap::default(); TAXONOMY_FIELDS.len()];
        Collector { taxonomies, seen }
    }

    /// Files `item` under the term of one value of the taxonomy field `t` (its place in
    /// `TAXONOMY_FIELDS`) and returns where the term is (taxonomy, term; [`Self::slug`]
    /// names it). Errors when the taxonomy declares its terms and the value is not one
    /// of them.
    pub fn file(
        &mut self,
        t: usize,
        value: &str,
        item: ItemId,
    ) -> Result<(usize, usize), Diagnostic> {
        let i = match self.seen[t].get(value) {
            Some(&i) => i,
            None => {
                let slug = self.new_term(t, value)?;
                let terms = &self.taxonomies[t].0.terms;
                let i = terms
                    .iter()
                    .position(|term| term.slug == slug)
                    .expect("the term was just found or added");
                self.seen[t].insert(value.to_string(), i);
                i
            }
        };
        self.taxonomies[t].0.terms[i].items.push(item);
        Ok((t, i))
    }

    /// The slug of a term [`Self::file`] returned.
    pub fn slug(&self, t: usize, i: usize) -> &str {
        &self.taxonomies[t].0.terms[i].slug
    }

    fn new_term(&mut self, t: usize, value: &str) -> Result<String, Diagnostic> {
        let (tax, index) = &mut self.taxonomies[t];
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
                d = match did_you_mean(value, labels.iter().copied()) {
                    Some(best) => d.hint(format!("did you mean '{best}'? (or {declare})")),
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

    /// The taxonomies, with undeclared terms sorted by label and each term's items
    /// ordered by `order`.
    pub fn finish(self, order: impl Fn(&ItemId) -> usize) -> Vec<Taxonomy> {
        self.taxonomies
            .into_iter()
            .map(|(mut tax, index)| {
                if index.is_none() {
                    tax.terms.sort_by_key(|t| t.label.to_lowercase());
                }
                for term in &mut tax.terms {
                    term.items.sort_by_key(&order);
                    term.items.dedup();
                }
                tax
            })
            .collect()
    }
}

//! What the site already has, read once before the rows: the customers a cell may
//! name, the words already imported, the slugs taken and the declared tags.

use crate::config::Config;
use crate::content::{self, Front, Kind};
use crate::site::urls::slugify;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;

/// What the site already has: its customers (to resolve names), the words of its
/// testimonials or quotes (to skip rows imported before), their slugs (not to take
/// one twice), and the declared tags.
pub(super) struct Known {
    /// Customer slug, and each customer's name and slug as people may write them.
    pub(super) customers: HashMap<String, String>,
    /// Customers' names and slugs, for suggestions.
    pub(super) customer_names: Vec<String>,
    pub(super) words: HashSet<(String, String)>,
    pub(super) slugs: HashSet<String>,
    /// Declared tag slugs with their labels, when tags are declared.
    pub(super) tags: Option<Vec<(String, String)>>,
}

impl Known {
    pub(super) fn load(root: &Path, kind: Kind, config: &Config) -> Known {
        // Problems in the site's files are `vouch check`'s to report.
        let (content, _) = content::load(root);
        let mut known = Known {
            customers: HashMap::default(),
            customer_names: Vec::new(),
            words: HashSet::default(),
            slugs: HashSet::default(),
            tags: config
                .taxonomy("tags")
                .1
                .map(|terms| terms.into_iter().map(|t| (slugify(&t), t)).collect()),
        };
        for doc in content.documents.iter().filter(|d| !d.is_section_intro) {
            let slug = match doc.front.common().slug {
                Some(slug) => slug.to_string(),
                None => slugify(&doc.file_slug),
            };
            match &doc.front {
                Front::Customer(c) => {
                    known.customers.insert(name_key(&c.name), slug.clone());
                    known.customers.insert(slugify(&c.name), slug.clone());
                    known.customers.insert(slug.clone(), slug.clone());
                    known.customer_names.push(c.name.clone());
                    known.customer_names.push(slug);
                }
                front if doc.kind == kind => {
                    let author = match front {
                        Front::Testimonial(t) => &t.author,
                        Front::Quote(q) => &q.author,
                        _ => continue,
                    };
                    known.words.insert((name_key(author), words_key(&doc.body)));
                    known.slugs.insert(slugify(&doc.file_slug));
                    known.slugs.insert(slug);
                }
                _ => {}
            }
        }
        known
    }

    /// The customer slug a cell names (a slug, or a customer's name).
    pub(super) fn customer(&self, text: &str) -> Option<&String> {
        self.customers
            .get(&name_key(text))
            .or_else(|| self.customers.get(&slugify(text)))
    }
}

/// A name as people write it: spaces collapsed, case ignored.
pub(super) fn name_key(name: &str) -> String {
    words_key(name).to_lowercase()
}

/// Words with their spacing collapsed: the same text however it was wrapped.
pub(super) fn words_key(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

//! How the translations stand, per language, for `vouch report`: the stale ones (their
//! original's words changed since they were made), the customers' words translated
//! without an approval of their own, and the items translated into some of the site's
//! languages but not this one.

use super::{words, Translations};
use crate::config::Config;
use crate::content::kinds::Kind;
use crate::content::Document;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// One language's translations, as the report lists them.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LanguageStatus {
    /// The language code.
    pub language: String,
    /// How many translations it has.
    pub translations: usize,
    /// Translations whose original's words changed since (`translated_from:` differs).
    pub stale: Vec<String>,
    /// Translations of customers' words without an approval of their own.
    pub unapproved: Vec<String>,
    /// Originals translated into another of the site's languages but not this one.
    pub untranslated: Vec<String>,
}

/// The status of every language of `config`, from the translations and the originals
/// (`documents`, every item file).
pub fn status(
    translations: &Translations,
    documents: &[Arc<Document>],
    config: &Config,
) -> Vec<LanguageStatus> {
    let originals: BTreeMap<&str, &Document> = (documents.iter())
        .map(|d| (d.content_path.as_str(), d.as_ref()))
        .collect();
    let translated: BTreeMap<&str, BTreeSet<&str>> = {
        let mut map: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (code, files) in &translations.by_language {
            for file in files {
                let about = file.translation.as_ref().expect("a translation");
                map.entry(about.original.as_str()).or_default().insert(code);
            }
        }
        map
    };
    let path = |d: &Document| d.path.to_string_lossy().replace('\\', "/");
    let mut all = Vec::new();
    for code in config.languages.keys() {
        let files = translations
            .by_language
            .get(code)
            .map_or(&[][..], Vec::as_slice);
        let mut status = LanguageStatus {
            language: code.clone(),
            translations: files.len(),
            stale: Vec::new(),
            unapproved: Vec::new(),
            untranslated: Vec::new(),
        };
        for file in files {
            let about = file.translation.as_ref().expect("a translation");
            let Some(original) = originals.get(about.original.as_str()) else {
                continue;
            };
            let Ok(read) = words::read(file, &about.yaml, about.yaml_line, original) else {
                continue;
            };
            if read
                .translated_from
                .as_ref()
                .is_some_and(|h| *h != words::words_hash(original))
            {
                status.stale.push(path(file));
            }
            let customers_words = matches!(
                original.kind,
                Kind::CaseStudy | Kind::Testimonial | Kind::Quote
            );
            if customers_words && !read.approved() && !read.draft {
                status.unapproved.push(path(file));
            }
        }
        for (original, codes) in &translated {
            if !codes.contains(code.as_str()) {
                status.untranslated.push(format!("content/{original}"));
            }
        }
        all.push(status);
    }
    all
}

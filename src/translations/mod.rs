//! Translations: `acme.de.md` beside `acme.md` is its German wording. Between loading
//! and the site model: [`split`] takes the translations of the site's languages out of
//! the content (a file in a language the site does not list is warned about and read as
//! an item of its own, as before); [`content_in`] makes the content of one language's
//! pages: each translation merged into a copy of its published original (the
//! original's facts, the translation's words and approval), and the untranslated items
//! those pages show, linked to their default-language pages.

pub mod status;
pub mod words;

use crate::config::Config;
use crate::content::kinds::Front;
use crate::content::values::Speaker;
use crate::content::{Content, Document};
use crate::diagnostics::Diagnostic;
use crate::site::Site;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// The translations of the site's languages, by language code, in file order.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    /// Language code → its translation files.
    pub by_language: BTreeMap<String, Vec<Arc<Document>>>,
}

/// Takes the translations of `config`'s languages out of `content`. A file named like
/// a translation into a language the site does not list is warned about and read as
/// an item of its own; a translation whose original does not exist is an error.
pub fn split(content: Content, config: &Config) -> (Content, Translations, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut translations = Translations::default();
    let mut documents = Vec::with_capacity(content.documents.len());
    let paths: HashSet<&str> = (content.documents.iter())
        .filter(|d| d.translation.is_none())
        .map(|d| d.content_path.as_str())
        .collect();
    let mut missing = Vec::new();
    for doc in &content.documents {
        let Some(translation) = &doc.translation else {
            documents.push(doc.clone());
            continue;
        };
        let code = &translation.language;
        if config.languages.contains_key(code) {
            if paths.contains(translation.original.as_str()) {
                let list = translations.by_language.entry(code.clone()).or_default();
                list.push(doc.clone());
            } else {
                missing.push(doc.clone());
            }
            continue;
        }
        problems.push(unlisted(doc, code, config));
        match crate::content::as_item(doc) {
            Ok(item) => documents.push(Arc::new(item)),
            Err(item_problems) => problems.extend(item_problems),
        }
    }
    for doc in missing {
        let original = &doc.translation.as_ref().expect("a translation").original;
        problems.push(
            Diagnostic::error(
                &doc.path,
                format!("a translation of content/{original}, which does not exist"),
            )
            .hint(format!(
                "a translation sits beside its original: write content/{original} first, or rename this file"
            )),
        );
    }
    let content = Content {
        documents,
        ..content
    };
    (content, translations, problems)
}

/// The warning for `acme.ja.md` when `ja` is not one of the site's languages.
fn unlisted(doc: &Document, code: &str, config: &Config) -> Diagnostic {
    let (message, hint) = if code == config.language {
        (
            format!("the file name ends in '.{code}', the site's own language"),
            "the site's own language needs no suffix: rename the file without it".to_string(),
        )
    } else {
        let listed: Vec<&str> = config.languages.keys().map(String::as_str).collect();
        (
            format!(
                "the file name ends in '.{code}', like a translation, but '{code}' is not in languages: in vouch.yml; it is published as an item of its own"
            ),
            match crate::diagnostics::did_you_mean(code, listed.iter().copied()) {
                Some(best) => format!("did you mean '.{best}'? Or add `{code}:` under languages: in vouch.yml"),
                None => format!("add `{code}:` under languages: in vouch.yml to publish it as a translation"),
            },
        )
    };
    Diagnostic::warning(&doc.path, message).hint(hint)
}

/// The content of language `code`'s pages: every translation into it whose original
/// `default` publishes, merged into a copy of the original, and the untranslated items
/// those show (customers, pull quotes, speakers, linked items) as items that link to
/// their default-language pages. `content` is the default language's.
pub fn content_in(
    translations: &[Arc<Document>],
    content: &Content,
    default: &Site,
) -> (Content, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut documents = Vec::new();
    let mut translated = HashSet::new();
    for translation in translations {
        let about = translation.translation.as_ref().expect("a translation");
        // A withheld original (a draft, scheduled, without or past its approval)
        // withholds its translations.
        let Some(id) = default.id_of(&about.original) else {
            if let Some(intro) = intro_of(default, &about.original) {
                match merged(translation, &intro) {
                    Ok(doc) => documents.push(Arc::new(doc)),
                    Err(p) => problems.extend(p),
                }
            }
            continue;
        };
        let original = &default.items[id].doc;
        match merged(translation, original) {
            // A draft translation is not published: its original is shown instead.
            Ok(doc) if doc.front.common().draft && !default.drafts => {}
            Ok(doc) => {
                translated.insert(original.content_path.clone());
                documents.push(Arc::new(doc));
            }
            Err(p) => problems.extend(p),
        }
    }
    let shown = shown_items(&documents, default, &translated);
    documents.extend(shown);
    documents.sort_by(|a, b| a.content_path.cmp(&b.content_path));
    let content = Content {
        documents,
        assets: content.assets.clone(),
        unreadable: content.unreadable.clone(),
    };
    (content, problems)
}

/// A section's intro (`case-studies/_index.md`) by its content path.
fn intro_of(site: &Site, content_path: &str) -> Option<Arc<Document>> {
    site.intros
        .values()
        .find(|d| d.content_path == content_path)
        .cloned()
}

/// The original with the translation's words, at the translation's path.
fn merged(translation: &Document, original: &Document) -> Result<Document, Vec<Diagnostic>> {
    let about = translation.translation.as_ref().expect("a translation");
    let words = words::read(translation, &about.yaml, about.yaml_line, original)?;
    let mut field_lines = original.field_lines.clone();
    field_lines.extend(translation.field_lines.iter().map(|(k, v)| (k.clone(), *v)));
    let body = match translation.body.trim().is_empty() {
        true => original.body.clone(),
        false => translation.body.clone(),
    };
    Ok(Document {
        path: translation.path.clone(),
        content_path: original.content_path.clone(),
        front: words::merge(&original.front, &words),
        body,
        body_line: translation.body_line,
        field_lines,
        translation: translation.translation.clone(),
        elsewhere: None,
        ..original.clone()
    })
}

/// The untranslated items the translated `documents` show: their customers, pull
/// quotes, speakers, the customers at events and the items their bodies link to with
/// `@/`, and the customers of those; each links to its default-language page.
fn shown_items(
    documents: &[Arc<Document>],
    default: &Site,
    translated: &HashSet<String>,
) -> Vec<Arc<Document>> {
    use crate::content::kinds::Kind;
    let mut wanted: Vec<crate::site::ItemId> = Vec::new();
    let find = |kind: Kind, slug: &str| default.by_slug.get(&(kind, slug.to_string())).copied();
    let named = |doc: &Document, wanted: &mut Vec<crate::site::ItemId>| {
        let front = &doc.front;
        wanted.extend(front.customer().and_then(|c| find(Kind::Customer, c)));
        match front {
            Front::CaseStudy(c) => {
                wanted.extend(c.quote.as_deref().and_then(|q| find(Kind::Quote, q)))
            }
            Front::Event(e) => {
                for speaker in &e.speakers {
                    if let Speaker::Advocate(slug) = speaker {
                        wanted.extend(find(Kind::Advocate, slug));
                    }
                }
                wanted.extend(e.customers.iter().filter_map(|c| find(Kind::Customer, c)));
            }
            _ => {}
        }
        for link in doc.body.split("(@/").skip(1) {
            let path = link.split([')', '#', ' ']).next().unwrap_or("");
            wanted.extend(default.id_of(path));
        }
        wanted.extend(embedded(&doc.body).filter_map(|(kind, slug)| find(kind, slug)));
    };
    for doc in documents {
        named(doc, &mut wanted);
    }
    // The customers of what is shown (a pull quote's, a speaker's).
    let first: Vec<_> = wanted.clone();
    for id in first {
        named(&default.items[id].doc, &mut wanted);
    }
    let mut seen = HashSet::new();
    wanted
        .into_iter()
        .filter(|&id| seen.insert(id))
        .filter_map(|id| {
            let item = &default.items[id];
            if translated.contains(&item.doc.content_path) {
                return None;
            }
            Some(Arc::new(Document {
                elsewhere: Some(item.url().into_owned()),
                ..(*item.doc).clone()
            }))
        })
        .collect()
}

/// The testimonials and quotes a body shows with a shortcode
/// (`{{ quote(id="acme-cto") }}`), by kind and slug.
fn embedded(body: &str) -> impl Iterator<Item = (crate::content::kinds::Kind, &str)> {
    use crate::content::kinds::Kind;
    body.split("{{").skip(1).filter_map(|call| {
        let call = call.split("}}").next()?.trim();
        let kind = match call.split('(').next()?.trim() {
            "quote" => Kind::Quote,
            "testimonial" => Kind::Testimonial,
            _ => return None,
        };
        let after = call
            .split_once("id")?
            .1
            .trim_start()
            .strip_prefix('=')?
            .trim_start();
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let slug = after[1..].split(quote).next()?;
        Some((kind, slug))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcodes_name_the_words_they_show() {
        let body = "a {{ quote(id=\"acme-cto\") }} b {{ metric(value=\"4x\") }} {{testimonial(id='dana')}}";
        let found: Vec<_> = embedded(body).map(|(k, s)| (k.folder(), s)).collect();
        assert_eq!(found, [("quotes", "acme-cto"), ("testimonials", "dana")]);
    }
}

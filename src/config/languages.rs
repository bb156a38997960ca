//! `languages:` in vouch.yml: the languages the site is translated into besides its
//! own (`language:`), each with the words of the site itself in that language (title,
//! description, navigation, footer, call to action), as Hugo and Zola configure them.

use super::{CallToAction, NavLink, CONFIG_FILE};
use crate::diagnostics::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One other language of the site: what differs from the default language's settings.
/// Anything not given is the default language's.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// The site's name in this language.
    #[serde(default)]
    pub title: Option<String>,
    /// The site's description in this language.
    #[serde(default)]
    pub description: Option<String>,
    /// The header's links in this language (replacing the default language's).
    #[serde(default)]
    pub nav: Option<Vec<NavLink>>,
    /// The footer's links in this language.
    #[serde(default)]
    pub footer: Option<Vec<NavLink>>,
    /// The call to action in this language.
    #[serde(default)]
    pub cta: Option<CallToAction>,
}

/// Whether `code` is written as a BCP 47 language tag vouch accepts: a primary
/// language subtag of 2 or 3 lowercase letters, then optionally a script (`Latn`) and
/// a region (`BR`, `419`): `de`, `pt-BR`, `zh-Hant`, `es-419`. A file's suffix
/// (`acme.de.md`) looks like a language when it is one of these.
pub fn is_language_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    let mut script = true;
    for part in parts {
        let letters = part.bytes().all(|b| b.is_ascii_alphabetic());
        let is_script = script && part.len() == 4 && letters;
        let is_region = (part.len() == 2 && part.bytes().all(|b| b.is_ascii_uppercase()))
            || (part.len() == 3 && part.bytes().all(|b| b.is_ascii_digit()));
        if !is_script && !is_region {
            return false;
        }
        script = is_script;
    }
    true
}

/// Problems of `languages:`: codes that are no language tags, or the default language
/// listed again. `line_of` finds a key's line in vouch.yml.
pub(super) fn problems(
    languages: &BTreeMap<String, LanguageConfig>,
    default: &str,
    line_of: &dyn Fn(&str) -> Option<usize>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for code in languages.keys() {
        let at = Diagnostic::error(CONFIG_FILE, "")
            .field(format!("languages.{code}"))
            .at_line(line_of(code));
        if !is_language_tag(code) {
            problems.push(Diagnostic {
                message: format!("'{code}' is not a language code"),
                ..at
            }
            .hint("write a BCP 47 language code: two or three lowercase letters, optionally a region, e.g. de, ja, pt-BR"));
        } else if code == default {
            problems.push(Diagnostic {
                message: format!("'{code}' is the site's own language (language: {default})"),
                ..at
            }
            .hint("list only the other languages under languages:; the default language's settings are the top-level ones"));
        }
    }
    problems
}

/// Problems of the taxonomies' words per language: a language the site does not
/// list, or a label for a term the taxonomy does not declare.
pub(super) fn term_problems(
    config: &super::Config,
    line_of: &dyn Fn(&str) -> Option<usize>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (name, taxonomy) in &config.taxonomies {
        for (code, words) in &taxonomy.languages {
            if !config.languages.contains_key(code) {
                problems.push(
                    Diagnostic::error(CONFIG_FILE, format!("taxonomy '{name}' has words in '{code}', which is not one of the site's languages"))
                        .field(format!("taxonomies.{name}.languages.{code}"))
                        .at_line(line_of(code))
                        .hint(format!("add `{code}:` under languages:, or remove these words")),
                );
            }
            let declared = taxonomy.terms.as_deref().unwrap_or_default();
            let slugs: Vec<String> = declared
                .iter()
                .map(|t| crate::site::urls::slugify(t))
                .collect();
            for term in words.terms.keys() {
                if !slugs.contains(&crate::site::urls::slugify(term)) {
                    let at = Diagnostic::error(CONFIG_FILE, format!("'{term}' is not a declared term of {name}, so it has no label to translate"))
                        .field(format!("taxonomies.{name}.languages.{code}.terms"))
                        .at_line(line_of(term));
                    problems.push(
                        match crate::diagnostics::did_you_mean(
                            term,
                            declared.iter().map(String::as_str),
                        ) {
                            Some(best) => at.hint(format!("did you mean '{best}'?")),
                            None => at.hint(
                                "label the terms listed under terms: (free terms show as written)",
                            ),
                        },
                    );
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_as_sites_write_them() {
        for good in [
            "de",
            "ja",
            "pt-BR",
            "zh-Hant",
            "zh-Hant-TW",
            "es-419",
            "fil",
        ] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in [
            "", "d", "DE", "deu1", "german", "pt-br", "pt_BR", "v2", "notes", "de-",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}

//! What a translation may say: the words of its original, never its facts. A
//! translation's front matter is checked against its kind's words; each fact it sets
//! is an error at its line naming the original's value, and its words replace the
//! original's in a copy of the original ([`merge`]).

use crate::content::kinds::{Front, Kind};
use crate::content::values::{Approval, ResultMetric};
use crate::content::Document;
use crate::diagnostics::{did_you_mean, Diagnostic};
use serde::Deserialize;

/// Fields that say how the translation stands rather than what it says.
const ABOUT: [&str; 2] = ["translated_from", "draft"];

/// The words of each kind a translation may state. The customer's words need their
/// own approval (`approval:`), so it is a field of the kinds that carry one.
pub fn words_of(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::CaseStudy => &["title", "description", "summary", "results", "approval"],
        Kind::Testimonial | Kind::Quote => &["title", "description", "role", "approval"],
        Kind::Advocate => &["title", "description", "role"],
        Kind::Customer => &["title", "description", "results"],
        Kind::Event | Kind::Page => &["title", "description"],
    }
}

/// A translation's front matter: every word any kind may translate.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    title: Option<String>,
    description: Option<String>,
    summary: Option<String>,
    role: Option<String>,
    results: Option<Vec<TranslatedResult>>,
    approval: Option<Approval>,
    /// The hash of the original's words the translation was made from.
    pub translated_from: Option<String>,
    /// A draft translation is left out unless built with `--drafts`.
    #[serde(default)]
    pub draft: bool,
}

impl Words {
    /// Whether the translation records the customer's approval of its words.
    pub fn approved(&self) -> bool {
        self.approval.is_some()
    }
}

/// A result's words: what improved. The figure is the original's.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslatedResult {
    metric: String,
}

/// Reads `translation`'s front matter as the words of `original`: a fact or a field
/// the kind lacks is an error at its line.
pub fn read(
    translation: &Document,
    yaml: &str,
    yaml_line: usize,
    original: &Document,
) -> Result<Words, Vec<Diagnostic>> {
    let kind = original.kind;
    let allowed = words_of(kind);
    let keys: Vec<String> = crate::yaml::from_str::<crate::yaml::Mapping>(yaml)
        .unwrap_or_default()
        .keys()
        .filter_map(|k| k.as_str().map(str::to_string))
        .collect();
    let mut problems = Vec::new();
    for key in &keys {
        if allowed.contains(&key.as_str()) || ABOUT.contains(&key.as_str()) {
            continue;
        }
        let at = Diagnostic::error(&translation.path, "")
            .field(key.clone())
            .at_line(translation.line_of(key));
        let fact = fact_of(original, key);
        problems.push(match fact {
            Some(value) => Diagnostic {
                message: format!(
                    "a translation states only words: '{key}' comes from the original ({} has {key}: {value})",
                    original.path.display()
                ),
                ..at
            }
            .hint(format!(
                "remove the line; to change {key}, change it in {}",
                original.path.display()
            )),
            None => {
                let candidates = allowed.iter().chain(ABOUT.iter()).copied();
                let hint = match did_you_mean(key, candidates) {
                    Some(best) => format!("did you mean '{best}'?"),
                    None => format!(
                        "a translation of a {} may state: {}",
                        kind.label().to_lowercase(),
                        allowed.iter().chain(ABOUT.iter()).copied().collect::<Vec<_>>().join(", ")
                    ),
                };
                Diagnostic {
                    message: format!("unknown field '{key}' in a translation"),
                    ..at
                }
                .hint(hint)
            }
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let words: Words = crate::yaml::parse_every_field(yaml, &translation.path, yaml_line, &[])?;
    if let (Some(results), Some(count)) = (&words.results, results_count(&original.front)) {
        if results.len() != count {
            return Err(vec![Diagnostic::error(
                &translation.path,
                format!("the translation has {} results, the original {count}", results.len()),
            )
            .field("results")
            .at_line(translation.line_of("results"))
            .hint("translate each result's metric, in the original's order; the figures come from the original")]);
        }
    }
    Ok(words)
}

/// The original's value of `field`, as YAML on one line, when it has one.
fn fact_of(original: &Document, field: &str) -> Option<String> {
    let value = serde_json::to_value(&original.front).ok()?;
    let inner = value.as_object()?;
    let fact = inner.get(field)?;
    match fact {
        serde_json::Value::Null => Some("(not set)".to_string()),
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn results_count(front: &Front) -> Option<usize> {
    match front {
        Front::CaseStudy(c) => Some(c.results.len()),
        Front::Customer(c) => Some(c.results.len()),
        _ => None,
    }
}

/// The original's front matter with the translation's words in place of its own. The
/// customer's words take the translation's approval only: the original's does not
/// cover words the customer has not seen.
pub fn merge(original: &Front, words: &Words) -> Front {
    let mut front = original.clone();
    let set = |field: &mut Option<String>, word: &Option<String>| {
        if word.is_some() {
            field.clone_from(word);
        }
    };
    let relabel = |results: &mut Vec<ResultMetric>| {
        for (result, word) in results.iter_mut().zip(words.results.iter().flatten()) {
            result.metric.clone_from(&word.metric);
        }
    };
    macro_rules! common {
        ($f:expr) => {{
            set(&mut $f.title, &words.title);
            set(&mut $f.description, &words.description);
            $f.draft = $f.draft || words.draft;
        }};
    }
    match &mut front {
        Front::CaseStudy(f) => {
            common!(f);
            if let Some(summary) = &words.summary {
                f.summary.clone_from(summary);
            }
            relabel(&mut f.results);
            f.approval.clone_from(&words.approval);
        }
        Front::Testimonial(f) => {
            common!(f);
            set(&mut f.role, &words.role);
            f.approval.clone_from(&words.approval);
        }
        Front::Quote(f) => {
            common!(f);
            set(&mut f.role, &words.role);
            f.approval.clone_from(&words.approval);
        }
        Front::Advocate(f) => {
            common!(f);
            set(&mut f.role, &words.role);
        }
        Front::Customer(f) => {
            common!(f);
            relabel(&mut f.results);
        }
        Front::Event(f) => common!(f),
        Front::Page(f) => common!(f),
    }
    front
}

/// A document's words as a translation states them: each word field it sets (the
/// approval aside), a result by its metric alone. What `vouch new --lang` writes for
/// the translator, and what [`words_hash`] hashes.
pub fn words_in(doc: &Document) -> serde_json::Map<String, serde_json::Value> {
    let value = serde_json::to_value(&doc.front).unwrap_or_default();
    let mut words = serde_json::Map::new();
    for field in words_of(doc.kind).iter().filter(|f| **f != "approval") {
        match value.get(*field) {
            Some(serde_json::Value::Null) | None => {}
            Some(serde_json::Value::Array(results)) if *field == "results" => {
                let metrics = results
                    .iter()
                    .map(|r| serde_json::json!({ "metric": r.get("metric") }));
                words.insert(
                    field.to_string(),
                    serde_json::Value::Array(metrics.collect()),
                );
            }
            Some(value) => {
                words.insert(field.to_string(), value.clone());
            }
        }
    }
    words
}

/// The hash of a document's words ([`words_in`] and the body), as `translated_from:`
/// records it: a translation is stale when its original's words hash differently now.
/// 16 hex digits.
pub fn words_hash(doc: &Document) -> String {
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    for (field, words) in words_in(doc) {
        let words = words.to_string();
        hash.update(field.as_bytes());
        hash.update(&(words.len() as u64).to_le_bytes());
        hash.update(words.as_bytes());
    }
    hash.update(doc.body.trim().as_bytes());
    format!("{:016x}", hash.digest())
}

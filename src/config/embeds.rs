//! `embeds:` in `vouch.yml`: the walls of customer words other pages may show in an
//! iframe (`/embed/<name>/`), and whether every customer gets one of its own.

use super::CONFIG_FILE;
use crate::diagnostics::{did_you_mean, Diagnostic};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The kinds of items an embeddable wall may show: only customers' own words.
pub const EMBED_KINDS: [&str; 2] = ["testimonial", "quote"];

/// How many cards a wall shows when `limit` is left out.
pub const DEFAULT_EMBED_LIMIT: usize = 12;

/// The most cards a wall may show: an embed is a handful of voices on another page,
/// not a second copy of the wall.
pub const MAX_EMBED_LIMIT: usize = 50;

/// Walls of testimonials and quotes that other pages (the pricing page, a product
/// page) show through `embed.js` or an `<iframe>`.
#[derive(Debug, Clone, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct EmbedsConfig {
    /// Give every customer a wall of its own words at `/embed/customers/<slug>/`
    /// (default true); `false` writes only the walls named under `walls`.
    pub customer_walls: bool,
    /// Named walls: each is written at `/embed/<name>/` and shows the testimonials and
    /// quotes that meet every criterion given, newest first.
    pub walls: BTreeMap<String, EmbedWall>,
}

impl Default for EmbedsConfig {
    fn default() -> Self {
        EmbedsConfig {
            customer_walls: true,
            walls: BTreeMap::new(),
        }
    }
}

/// Which items one embeddable wall shows: every criterion given must hold (AND); a
/// list inside one criterion is a choice (any of them).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmbedWall {
    /// Only the words of these customers (their slugs, e.g. `[acme, globex]`).
    #[serde(default)]
    pub customers: Vec<String>,
    /// Only items filed under these terms, by taxonomy, e.g. `{ industry: [Healthcare] }`
    /// (an item needs one of the listed terms of every taxonomy named).
    #[serde(default)]
    pub terms: BTreeMap<String, Vec<String>>,
    /// Only `testimonial` or only `quote` (default: both).
    #[serde(default)]
    pub kind: Option<String>,
    /// Only testimonials rated at least this (1 to 5); quotes carry no rating, so a
    /// minimum leaves them out.
    #[serde(default)]
    pub min_rating: Option<u8>,
    /// Only these items, by slug.
    #[serde(default)]
    pub slugs: Vec<String>,
    /// How many cards at most (default 12, at most 50): the newest are shown.
    #[serde(default)]
    pub limit: Option<usize>,
    /// The line of vouch.yml the wall is named on (for its diagnostics).
    #[serde(skip)]
    pub line: Option<usize>,
    /// The line of each criterion written on a line of its own.
    #[serde(skip)]
    pub field_lines: BTreeMap<String, usize>,
}

impl EmbedWall {
    /// How many cards the wall shows at most.
    pub fn limit(&self) -> usize {
        self.limit.unwrap_or(DEFAULT_EMBED_LIMIT)
    }

    /// Where a criterion is written: its own line, else the wall's.
    pub fn line_of(&self, field: &str) -> Option<usize> {
        self.field_lines.get(field).copied().or(self.line)
    }
}

impl EmbedsConfig {
    /// Remembers the line each wall is named on: the first line after `embeds:` and
    /// `walls:` that starts with the wall's name as a key.
    pub(super) fn note_lines(&mut self, text: &str) {
        let Some(start) = text.lines().position(|l| l.starts_with("embeds:")) else {
            return;
        };
        let section: Vec<(usize, &str)> = text
            .lines()
            .enumerate()
            .skip(start + 1)
            .take_while(|(_, l)| l.is_empty() || l.starts_with([' ', '\t', '#']))
            .collect();
        for (name, wall) in &mut self.walls {
            let key = format!("{name}:");
            let found = section.iter().find(|(_, l)| {
                let t = l.trim_start();
                t.starts_with(&key) || t.starts_with(&format!("\"{name}\":"))
            });
            wall.line = found.map(|(i, _)| i + 1).or(Some(start + 1));
            let Some(&(at, head)) = found else { continue };
            let indent = head.len() - head.trim_start().len();
            let below = section.iter().skip_while(|(i, _)| *i <= at);
            let block = below.take_while(|(_, l)| {
                l.trim().is_empty() || l.len() - l.trim_start().len() > indent
            });
            for (i, l) in block {
                if let Some((key, _)) = l.trim_start().split_once(':') {
                    wall.field_lines.entry(key.to_string()).or_insert(i + 1);
                }
            }
        }
    }

    /// What can be told wrong from the settings alone: names that are no URL segment,
    /// kinds, ratings, limits and taxonomies. Unknown customers and terms are told by
    /// the site ([`crate::output::embeds::problems`]), which knows them.
    pub(super) fn problems(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for (name, wall) in &self.walls {
            let at = |field: &str, message: String| {
                Diagnostic::error(CONFIG_FILE, message)
                    .field(format!("embeds.walls.{name}{field}"))
                    .at_line(wall.line_of(field.trim_start_matches('.')))
            };
            if !crate::site::urls::is_plain_segment(name) || name == "customers" {
                problems.push(
                    at("", format!("the wall name '{name}' cannot be an address"))
                        .hint("use lowercase letters, digits and dashes, e.g. pricing-page ('customers' is taken by the customers' own walls)"),
                );
            }
            if let Some(kind) = &wall.kind {
                if !EMBED_KINDS.contains(&kind.as_str()) {
                    let d = at(".kind", format!("an embed cannot show the kind '{kind}'"));
                    problems.push(match did_you_mean(kind, EMBED_KINDS) {
                        Some(best) => d.hint(format!("did you mean '{best}'?")),
                        None => d.hint("embeds show customers' words: testimonial or quote (leave kind out for both)"),
                    });
                }
            }
            if wall.min_rating.is_some_and(|r| !(1..=5).contains(&r)) {
                problems.push(
                    at(".min_rating", "min_rating must be 1 to 5".into())
                        .hint("ratings go from 1 to 5 stars, e.g. min_rating: 4"),
                );
            }
            if wall.limit.is_some_and(|l| l == 0 || l > MAX_EMBED_LIMIT) {
                problems.push(
                    at(".limit", format!("limit must be 1 to {MAX_EMBED_LIMIT}")).hint(
                        format!("a wall on another page shows a few voices; the default is {DEFAULT_EMBED_LIMIT}"),
                    ),
                );
            }
            for taxonomy in wall.terms.keys() {
                if !super::TAXONOMY_FIELDS.contains(&taxonomy.as_str()) {
                    let d = at(".terms", format!("unknown taxonomy '{taxonomy}'"));
                    problems.push(match did_you_mean(taxonomy, super::TAXONOMY_FIELDS) {
                        Some(best) => d.hint(format!("did you mean '{best}'?")),
                        None => d.hint(format!(
                            "taxonomies are: {}",
                            super::TAXONOMY_FIELDS.join(", ")
                        )),
                    });
                }
            }
        }
        problems
    }
}

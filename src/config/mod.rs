//! `vouch.yml`: the site's name, address, theme, brand and taxonomies.

use crate::color;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::yaml;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

mod campaigns;
mod editor;
mod embeds;
mod languages;
mod limits;
mod share;
pub use campaigns::CampaignsConfig;
pub use editor::EditorConfig;
pub use embeds::{EmbedWall, EmbedsConfig, DEFAULT_EMBED_LIMIT, EMBED_KINDS, MAX_EMBED_LIMIT};
pub use languages::{is_language_tag, LanguageConfig};
pub use limits::{
    base_url_message, base_url_problem, parse_base_url, range_of, NumberRange, NUMBER_RANGES,
};
pub use share::ShareImagesConfig;

/// The configuration file's name, at the site root.
pub const CONFIG_FILE: &str = "vouch.yml";

/// The taxonomies vouch knows: each is a front matter field of the same name.
pub const TAXONOMY_FIELDS: [&str; 6] = [
    "tags",
    "industry",
    "company_size",
    "region",
    "stages",
    "lifecycle",
];

/// The site configuration as written in `vouch.yml`. Every field is documented here, and
/// this is the reference the docs are made from.
#[derive(Debug, Clone, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown in the header, titles and feeds.
    pub title: String,
    /// Where the site is published, e.g. `https://group.gitlab.io/project/`. Its path is
    /// the prefix of every link, so the site works under a sub-path.
    pub base_url: String,
    /// One or two sentences about the site, for search engines and feeds.
    #[serde(default)]
    pub description: Option<String>,
    /// The language of the content (`lang` attribute), default `en`.
    #[serde(default = "default_language")]
    pub language: String,
    /// A theme folder under `themes/` whose files override the built-in default theme.
    #[serde(default)]
    pub theme: Option<String>,
    /// What a missing approval on customer-attributed content does: `warn` (default),
    /// `require` (an error) or `off`.
    #[serde(default)]
    pub approvals: ApprovalPolicy,
    /// The brand shown in the header.
    #[serde(default)]
    pub brand: Brand,
    /// Header navigation links.
    #[serde(default)]
    pub nav: Vec<NavLink>,
    /// Footer links.
    #[serde(default)]
    pub footer: Vec<NavLink>,
    /// The call to action shown on the home page and in the footer.
    #[serde(default)]
    pub cta: Option<CallToAction>,
    /// How many items a listing page shows (case studies, testimonials, quotes, events,
    /// customers, advocates, term pages); later pages are at `<listing>/page/2/`.
    /// Default 24: a whole number of rows in a grid of 2, 3 or 4 columns.
    #[serde(default = "default_page_size")]
    pub page_size: usize,
    /// How many items a term page lists (`/industry/retail/`): one line each, a title
    /// and a link rather than a card, so a term shared by thousands of items stays light.
    /// Default 100.
    #[serde(default = "default_term_page_size")]
    pub term_page_size: usize,
    /// Taxonomy settings by name (tags, industry, company_size, region, stages,
    /// lifecycle): a title, and optionally the list of allowed terms.
    #[serde(default)]
    pub taxonomies: BTreeMap<String, TaxonomyConfig>,
    /// Also write a gzip copy (`.gz`) beside every HTML, CSS, JS, XML, JSON and ICS file
    /// of 1 KB or more: GitLab Pages serves those to browsers that accept gzip.
    #[serde(default)]
    pub compress: bool,
    /// Old addresses that should keep working, e.g. after renaming a case study: written
    /// to `_redirects` in GitLab Pages' format.
    #[serde(default)]
    pub redirects: Vec<Redirect>,
    /// Settings of `vouch report` (the content library's health).
    #[serde(default)]
    pub report: ReportConfig,
    /// How pictures are resized and re-encoded (widths per use, quality, limits).
    #[serde(default)]
    pub images: ImagesConfig,
    /// Share images: a 1200x630 card of the words of every case study, testimonial and
    /// quote that may leave the site (docs/share-images.md). `false` turns them off; a
    /// map turns kinds off one by one, e.g. `{quotes: false}` (keys `case_studies`,
    /// `testimonials`, `quotes`, each on unless set to false).
    #[serde(default)]
    pub share_images: ShareImagesConfig,
    /// Walls of testimonials and quotes for other pages to show (`/embed/<name>/`),
    /// and whether every customer gets one (`/embed/customers/<slug>/`).
    #[serde(default)]
    pub embeds: EmbedsConfig,
    /// The UTM tags `vouch snippet` puts on every link to the site, so the analytics
    /// tell which email or page a visit came from.
    #[serde(default)]
    pub campaigns: CampaignsConfig,
    /// The other languages the site is published in, by BCP 47 code (`de`, `ja`,
    /// `pt-BR`), each with the site's title, description, navigation, footer and call to
    /// action in that language where they differ. A file `acme.de.md` beside
    /// `acme.md` is its German translation; the language's pages are under `/de/`
    /// (docs/translations.md).
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageConfig>,
    /// In the configuration of another language's pages: the default language's
    /// base_url, where the files every language shares are (theme files, pictures).
    #[serde(skip)]
    pub home_url: Option<String>,
    /// The editor in the browser at `/admin/` (docs/editor.md): forms over the content
    /// files, saved to GitLab as commits or merge requests. Off unless set;
    /// `editor: { repo: group/project }` is enough.
    #[serde(default)]
    pub editor: Option<EditorConfig>,
}

/// How vouch resizes pictures: a phone should download a picture about as wide as it
/// shows it, in a modern format. Each use has a small set of widths (in pixels) that
/// the browser picks from; the defaults fit the default theme.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ImagesConfig {
    /// More widths of customer logos, besides the ones always made: 1x and 2x of the
    /// widths the theme shows each logo at (32 and 48 px high, up to 220 px wide).
    pub logo: Vec<u32>,
    /// More widths of people's photos and the brand logo, besides 1x and 2x of the
    /// theme's 32, 40, 72 and 112 px.
    pub avatar: Vec<u32>,
    /// Widths of case-study images and pictures in the text (shown up to 704 px wide).
    pub photo: Vec<u32>,
    /// Width of the one picture made for link previews (Open Graph, 1200 by default).
    pub social: u32,
    /// WebP and JPEG quality, 1 to 100 (default 80: no visible loss on photos).
    pub quality: u8,
    /// Largest picture accepted, in megapixels (default 50): a bigger one, or a small
    /// file claiming to be bigger, is refused instead of filling the memory.
    pub max_megapixels: u32,
}

impl ImagesConfig {
    /// Settings that would make no picture (the ranges are checked with every other
    /// number, in limits.rs).
    fn problems(&self, line: Option<usize>) -> Vec<Diagnostic> {
        if !self.photo.is_empty() {
            return Vec::new();
        }
        vec![
            Diagnostic::error(CONFIG_FILE, "images.photo needs at least one width")
                .field("images.photo")
                .at_line(line)
                .hint("e.g. [480, 800, 1200]; leave the setting out for the default"),
        ]
    }
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            logo: Vec::new(),
            avatar: Vec::new(),
            photo: vec![480, 800, 1200, 1600],
            social: 1200,
            quality: 80,
            max_megapixels: 50,
        }
    }
}

/// What `vouch report` calls stale, so the team can agree on it once, in the site.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    /// A story, testimonial or quote older than this many months is listed as stale
    /// (default 18).
    #[serde(default = "ReportConfig::default_stale_after_months")]
    pub stale_after_months: u32,
}

impl ReportConfig {
    fn default_stale_after_months() -> u32 {
        18
    }
}

impl Default for ReportConfig {
    fn default() -> Self {
        ReportConfig {
            stale_after_months: Self::default_stale_after_months(),
        }
    }
}

/// One redirect from an old site path to a new path or full URL.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Redirect {
    /// The old path inside the site, e.g. `/case-studies/old-name/`.
    pub from: String,
    /// The new path inside the site, or a full URL.
    pub to: String,
    /// 301 (moved for good, the default) or 302 (for now).
    #[serde(default = "Redirect::permanent")]
    pub status: u16,
}

impl Redirect {
    fn permanent() -> u16 {
        301
    }
}

/// Whether customer-attributed content needs a recorded approval to be published.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ApprovalPolicy {
    /// A missing approval is a warning; the item is published.
    #[default]
    Warn,
    /// A missing approval is an error.
    Require,
    /// Approvals are not checked (expired ones still withhold the item).
    Off,
}

/// The brand shown in the site header.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    /// Company or product name next to the logo (default: the site title).
    #[serde(default)]
    pub name: Option<String>,
    /// Path of the logo image under `content/`, e.g. `/images/logo.svg`.
    #[serde(default)]
    pub logo: Option<String>,
    /// Primary colour as `#rrggbb`, used for links and buttons.
    #[serde(default)]
    pub primary_color: Option<String>,
    /// `primary_color` parsed, once, when the configuration is loaded (the contrast
    /// check reads it).
    #[serde(skip)]
    pub primary: Option<crate::color::Rgb>,
}

/// The path part of a base URL ending in `/` (`https://x.io/p/` → `/p/`).
fn path_of(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".into(),
    }
}

/// A link in the header or footer.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NavLink {
    /// The link text.
    pub label: String,
    /// A site path (`/case-studies/`, made relative to base_url) or a full URL.
    pub url: String,
    /// The line of vouch.yml the link is written on (for its diagnostics).
    #[serde(skip)]
    pub line: Option<usize>,
}

/// The call to action (e.g. "Join the advocate program").
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CallToAction {
    /// The button text.
    pub text: String,
    /// A site path or a full URL.
    pub url: String,
    /// The line of vouch.yml the link is written on (for its diagnostics).
    #[serde(skip)]
    pub line: Option<usize>,
}

/// One taxonomy's settings.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// The heading used for the taxonomy (e.g. "Industry").
    #[serde(default)]
    pub title: Option<String>,
    /// The allowed terms; values not in the list are errors. Matched by slug, so
    /// `financial-services` matches "Financial services", which is how it is shown.
    #[serde(default)]
    pub terms: Option<Vec<String>>,
    /// The taxonomy in the site's other languages, by code: its `title`, and `terms`
    /// mapping declared terms to their labels (`de: { title: Branche, terms:
    /// { Healthcare: Gesundheitswesen } }`). A term keeps one slug in every language;
    /// free terms (tags) show as written.
    #[serde(default)]
    pub languages: BTreeMap<String, TaxonomyWords>,
    /// In another language's configuration: each declared term's label there.
    #[serde(skip)]
    pub labels: BTreeMap<String, String>,
}

/// A taxonomy's words in one other language.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyWords {
    /// The heading in that language.
    #[serde(default)]
    pub title: Option<String>,
    /// Declared term → its label in that language.
    #[serde(default)]
    pub terms: BTreeMap<String, String>,
}

fn default_language() -> String {
    "en".into()
}

fn default_page_size() -> usize {
    24
}

fn default_term_page_size() -> usize {
    100
}

/// The `base_url` of the starter site (`vouch init`), which only stands in for the real one.
pub const PLACEHOLDER_BASE_URL: &str = "https://example.gitlab.io/stories/";

impl Config {
    /// A warning while `base_url` is still the starter's placeholder: feeds, sitemaps and
    /// canonical links would point at someone else's site.
    pub fn placeholder_warning(&self, root: &Path) -> Option<Diagnostic> {
        if self.base_url.trim_end_matches('/') != PLACEHOLDER_BASE_URL.trim_end_matches('/') {
            return None;
        }
        let text = std::fs::read_to_string(root.join(CONFIG_FILE)).unwrap_or_default();
        let line = yaml::find_key_line(&text, "base_url").map(|(l, _)| l);
        Some(
            Diagnostic::warning(CONFIG_FILE, "base_url is still the starter's placeholder")
                .field("base_url")
                .at_line(line)
                .hint("write your site's address, e.g. https://your-group.gitlab.io/your-project/ (GitLab shows it under Deploy > Pages)"),
        )
    }

    /// Reads and checks `vouch.yml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                return Err(vec![Diagnostic::error(
                    CONFIG_FILE,
                    format!("cannot read the site configuration: {e}"),
                )
                .hint(format!(
                    "run vouch in the site's folder (or pass --root DIR), or create one with `vouch init`; looked in {}",
                    root.display()
                ))])
            }
        };
        let mut config: Config =
            yaml::parse(&text, Path::new(CONFIG_FILE), 1).map_err(|d| vec![d])?;
        config.brand.primary = config
            .brand
            .primary_color
            .as_deref()
            .and_then(color::parse_hex);
        config.note_link_lines(&text);
        config.embeds.note_lines(&text);
        let problems = config.validate(&text);
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// Remembers the line of every `nav:`, `footer:` and `cta:` link, so a link to a
    /// missing page can be shown where it is written.
    fn note_link_lines(&mut self, text: &str) {
        for (section, links) in [("nav", &mut self.nav), ("footer", &mut self.footer)] {
            let lines = yaml_link_lines(text, section);
            for (i, link) in links.iter_mut().enumerate() {
                link.line = lines.get(i).or(lines.last()).copied();
            }
        }
        if let Some(cta) = &mut self.cta {
            cta.line = yaml_link_lines(text, "cta").first().copied();
        }
    }

    fn validate(&self, text: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let line_of = |key: &str| yaml::find_key_line(text, key).map(|(l, _)| l);
        for name in self.taxonomies.keys() {
            if !TAXONOMY_FIELDS.contains(&name.as_str()) {
                let mut d = Diagnostic::error(CONFIG_FILE, format!("unknown taxonomy '{name}'"))
                    .field(format!("taxonomies.{name}"))
                    .at_line(line_of(name));
                d = match did_you_mean(name, TAXONOMY_FIELDS) {
                    Some(best) => d.hint(format!("did you mean '{best}'?")),
                    None => d.hint(format!("taxonomies are: {}", TAXONOMY_FIELDS.join(", "))),
                };
                problems.push(d);
            }
        }
        if let Some(problem) = base_url_problem(&self.base_url) {
            problems.push(
                Diagnostic::error(CONFIG_FILE, base_url_message(&problem))
                    .field("base_url")
                    .at_line(line_of("base_url"))
                    .hint("e.g. base_url: https://group.gitlab.io/project/"),
            );
        }
        problems.extend(limits::number_problems(self, text));
        problems.extend(self.images.problems(line_of("images")));
        problems.extend(self.embeds.problems());
        problems.extend(self.campaigns.problems(line_of("campaigns")));
        problems.extend(languages::problems(
            &self.languages,
            &self.language,
            &line_of,
        ));
        problems.extend(languages::term_problems(self, &line_of));
        if let Some(editor) = &self.editor {
            problems.extend(editor.problems(line_of("editor")));
        }
        if let Some(color) = &self.brand.primary_color {
            if self.brand.primary.is_none() {
                problems.push(
                    Diagnostic::error(CONFIG_FILE, format!("'{color}' is not a colour"))
                        .field("brand.primary_color")
                        .at_line(line_of("primary_color"))
                        .hint("write it as #rrggbb, e.g. \"#4f3cc9\" (in quotes)"),
                );
            }
        }
        for redirect in &self.redirects {
            let bad_from =
                !redirect.from.starts_with('/') || redirect.from.contains(char::is_whitespace);
            let bad_to = redirect.to.is_empty() || redirect.to.contains(char::is_whitespace);
            if bad_from || bad_to {
                problems.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        format!("invalid redirect from '{}' to '{}' ({})", redirect.from, redirect.to, redirect.status),
                    )
                    .field("redirects")
                    .at_line(line_of("redirects"))
                    .hint("from: a path starting with / (no spaces); to: a path or full URL; status: 301 or 302"),
                );
            }
        }
        problems
    }

    /// The configuration of the pages in language `code` (one of `languages:`): the
    /// site's words in that language where given, its pages under `<base_url><code>/`.
    pub fn in_language(&self, code: &str) -> Config {
        let words = self.languages.get(code).cloned().unwrap_or_default();
        let base = self.base_url();
        Config {
            title: words.title.unwrap_or_else(|| self.title.clone()),
            description: words.description.or_else(|| self.description.clone()),
            nav: words.nav.unwrap_or_else(|| self.nav.clone()),
            footer: words.footer.unwrap_or_else(|| self.footer.clone()),
            cta: words.cta.or_else(|| self.cta.clone()),
            language: code.to_string(),
            taxonomies: (self.taxonomies.iter())
                .map(|(name, taxonomy)| {
                    let words = taxonomy.languages.get(code).cloned().unwrap_or_default();
                    let taxonomy = TaxonomyConfig {
                        title: words.title.or_else(|| taxonomy.title.clone()),
                        labels: words.terms,
                        ..taxonomy.clone()
                    };
                    (name.clone(), taxonomy)
                })
                .collect(),
            base_url: format!("{base}{code}/"),
            home_url: Some(base),
            ..self.clone()
        }
    }

    /// Replaces base_url (`--base-url`, or the preview server's address).
    pub fn set_base_url(&mut self, url: &str) {
        self.base_url = url.to_string();
    }

    /// The base URL, always ending in `/`.
    pub fn base_url(&self) -> String {
        let mut url = self.base_url.clone();
        if !url.ends_with('/') {
            url.push('/');
        }
        url
    }

    /// The path part of base_url (`/project/` for `https://group.gitlab.io/project/`):
    /// the prefix of every site link.
    pub fn base_path(&self) -> String {
        path_of(&self.base_url())
    }

    /// The path part of the default language's base_url, where the files every language
    /// shares are (theme files, pictures, bundle files): [`Self::base_path`] but in the
    /// configuration of another language's pages.
    pub fn files_path(&self) -> String {
        path_of(self.home_url.as_deref().unwrap_or(&self.base_url()))
    }

    /// The title and allowed terms of a taxonomy, with vouch's defaults filled in.
    pub fn taxonomy(&self, name: &str) -> (String, Option<Vec<String>>) {
        let configured = self.taxonomies.get(name);
        let title = configured
            .and_then(|t| t.title.clone())
            .unwrap_or_else(|| default_taxonomy_title(name).to_string());
        let terms = configured.and_then(|t| t.terms.clone()).or_else(|| {
            (name == "lifecycle").then(|| {
                [
                    "Onboarding",
                    "Engagement",
                    "Retention",
                    "Renewal",
                    "Advocacy",
                ]
                .map(String::from)
                .to_vec()
            })
        });
        (title, terms)
    }
}

/// The lines of the `url:` keys under the top-level `section` of `text`, in order (the
/// section's own line first when a flow list holds them all on one line).
fn yaml_link_lines(text: &str, section: &str) -> Vec<usize> {
    let head = format!("{section}:");
    let mut lines = text.lines().enumerate();
    let Some((start, first)) = lines.find(|(_, l)| l.starts_with(&head)) else {
        return Vec::new();
    };
    let mut found = vec![start + 1; first.matches("url:").count()];
    for (i, line) in lines {
        let trimmed = line.trim_start();
        let inside =
            line.starts_with([' ', '\t', '-']) || trimmed.is_empty() || trimmed.starts_with('#');
        if !inside {
            break;
        }
        if !trimmed.starts_with('#') {
            found.extend(std::iter::repeat_n(i + 1, line.matches("url:").count()));
        }
    }
    if found.is_empty() {
        found.push(start + 1);
    }
    found
}

fn default_taxonomy_title(name: &str) -> &'static str {
    match name {
        "tags" => "Tags",
        "industry" => "Industry",
        "company_size" => "Company size",
        "region" => "Region",
        "stages" => "Product stage",
        "lifecycle" => "Customer lifecycle",
        _ => "Terms",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest configuration that loads.
    pub(crate) fn minimal() -> Config {
        config("title: T\nbase_url: https://e.com/\n").unwrap()
    }

    fn config(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
        Config::load(dir.path())
    }

    #[test]
    fn base_path_comes_from_base_url() {
        let c = config("title: T\nbase_url: https://g.gitlab.io/proj\n").unwrap();
        assert_eq!(c.base_path(), "/proj/");
        assert_eq!(c.base_url(), "https://g.gitlab.io/proj/");
        let c = config("title: T\nbase_url: https://example.com\n").unwrap();
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn unknown_taxonomy_is_an_error_with_a_suggestion() {
        let errors =
            config("title: T\nbase_url: https://e.com/\ntaxonomies:\n  industy: {}\n").unwrap_err();
        assert_eq!(errors[0].message, "unknown taxonomy 'industy'");
        assert_eq!(errors[0].line, Some(4));
        assert_eq!(errors[0].hint.as_deref(), Some("did you mean 'industry'?"));
    }

    #[test]
    fn lifecycle_has_default_terms() {
        let c = config("title: T\nbase_url: https://e.com/\n").unwrap();
        assert_eq!(c.taxonomy("lifecycle").1.unwrap().len(), 5);
        assert!(c.taxonomy("tags").1.is_none());
    }
}

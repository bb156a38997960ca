//! The site's other languages: each a site of its own under `/<code>/`, made by the
//! same stages as the default language's from its translations
//! ([`crate::translations`]), and planned beside it: its pages and data files under
//! its folder, the files every language shares (theme files, pictures) once, at the
//! root.

use crate::diagnostics::{Diagnostic, Diagnostics, Findings};
use crate::output::{Contents, OutputFile};
use crate::render::alternates::{self, Alternates, LanguageRoot};
use crate::{content, translations, Clock, Parts, Request, Timings};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

/// One other language of the site.
pub struct Language {
    /// Its code (`de`): its folder in the output.
    pub code: String,
    /// Its site, rendered.
    pub parts: Parts,
}

/// The parts of every language `translations` has, made from `default`'s site (their
/// originals) and `shared` (the files of the content). Their problems about the
/// translation files join `default`'s warnings; an error fails the whole.
pub(crate) fn parts(
    request: &Request,
    default: &mut Parts,
    translations: &translations::Translations,
    shared: &content::Content,
) -> Result<Vec<Language>, Diagnostics> {
    let mut languages = Vec::new();
    let mut problems = Vec::new();
    let said: HashSet<(PathBuf, String)> = (default.warnings.iter())
        .map(|d| (d.path.clone(), d.message.clone()))
        .collect();
    for (code, files) in &translations.by_language {
        let config = default.site.config.in_language(code);
        let (content, content_problems) = translations::content_in(files, shared, &default.site);
        problems.extend(content_problems);
        // A translation's problems are its own: what the language's site finds of other
        // files, or of a translation's facts, the default language's site reported.
        let originals: HashMap<PathBuf, PathBuf> = (content.documents.iter())
            .filter(|d| d.translation.is_some())
            .map(|d| {
                (
                    d.path.clone(),
                    PathBuf::from("content").join(&d.content_path),
                )
            })
            .collect();
        let own = |d: &Diagnostic| {
            let original = originals.get(&d.path);
            original.is_some_and(|o| !said.contains(&(o.clone(), d.message.clone())))
        };
        let theme = Ok(default.theme.clone());
        let (clock, timings) = (Clock::now(), Timings::default());
        let findings = Findings::default();
        match crate::parts_of(
            request, config, content, None, theme, findings, timings, clock,
        ) {
            Ok((mut parts, _)) => {
                problems.extend(
                    std::mem::take(&mut parts.warnings)
                        .into_sorted()
                        .0
                        .into_iter()
                        .filter(own),
                );
                languages.push(Language {
                    code: code.clone(),
                    parts,
                });
            }
            Err(found) => problems.extend(found.0.into_iter().filter(own)),
        }
    }
    let errors = problems.iter().any(Diagnostic::is_error);
    default.warnings.extend(problems);
    if errors {
        return Err(std::mem::take(&mut default.warnings).into_sorted());
    }
    Ok(languages)
}

/// Whether a planned file of another language's site is written under its folder:
/// the files every language shares (theme files, pictures, copied files, robots.txt,
/// redirects, the sitemap, the 404 page, the editor) are the default language's.
fn own_file(file: &OutputFile) -> bool {
    let shared = matches!(
        file.contents,
        Contents::Bytes(_) | Contents::Copy(_) | Contents::Image(_)
    );
    let root_only = ["robots.txt", "_redirects", "sitemap.xml", "404.html"];
    // The editor (`/admin/`) edits every language's files from one place.
    let editor = file.path.starts_with("admin/");
    !shared && !editor && !root_only.contains(&file.path.as_str())
}

/// The plan of language `language`: its own files, under its folder. Every kind's
/// listing is there, as in the default language, so a link to one always leads
/// somewhere.
pub fn plan(language: &Language) -> Vec<OutputFile> {
    let mut files = language.parts.plan();
    files.retain(own_file);
    for file in &mut files {
        file.path = format!("{}/{}", language.code, file.path);
    }
    files
}

/// Which pages each language has: `pages` are the paths of every language's HTML pages
/// (the default's first, then each of `languages` in order), each path with its
/// language's folder.
pub fn alternates<'p>(
    default: &Parts,
    pages: impl IntoIterator<Item = (usize, &'p str)>,
    languages: &[Language],
) -> Alternates {
    let root = |code: &str, site: &crate::site::Site| LanguageRoot {
        code: code.to_string(),
        name: alternates::name_of(code),
        base_url: site.base_url.clone(),
        base_path: site.base_path.clone(),
    };
    let mut roots = vec![root(&default.site.config.language, &default.site)];
    roots.extend(languages.iter().map(|l| root(&l.code, &l.parts.site)));
    let mut found: HashMap<String, Vec<u16>> = HashMap::new();
    for (at, path) in pages {
        let inside = match at {
            0 => Some(path),
            _ => path
                .strip_prefix(languages[at - 1].code.as_str())
                .and_then(|p| p.strip_prefix('/')),
        };
        if let Some(path) = inside.filter(|p| p.ends_with("index.html")) {
            let at = u16::try_from(at).unwrap_or(u16::MAX);
            found.entry(path.to_string()).or_default().push(at);
        }
    }
    for languages in found.values_mut() {
        languages.sort_unstable();
        languages.dedup();
    }
    Alternates {
        languages: roots,
        pages: found,
    }
}

/// The HTML pages of a plan, by path: what [`alternates`] reads of each language.
pub fn pages_of(plan: &[OutputFile]) -> impl Iterator<Item = &str> {
    let pages = plan
        .iter()
        .filter(|f| matches!(f.contents, Contents::Page(_)));
    pages.map(|f| f.path.as_str())
}

/// The renderer of language `at` (0: the default, else `languages[at - 1]`), knowing
/// the pages of all (`alternates`) when the site has several languages.
pub fn renderer_of<'a>(
    default: &'a Parts,
    languages: &'a [Language],
    alternates: Option<&Arc<Alternates>>,
    at: usize,
) -> crate::render::Renderer<'a> {
    let parts = match at {
        0 => default,
        _ => &languages[at - 1].parts,
    };
    match alternates {
        Some(a) => parts.renderer().with_alternates(a.clone(), at as u16),
        None => parts.renderer(),
    }
}

/// The renderers of the default language and each other language ([`renderer_of`]).
pub fn renderers<'a>(
    default: &'a Parts,
    languages: &'a [Language],
    alternates: Option<Arc<Alternates>>,
) -> Vec<crate::render::Renderer<'a>> {
    (0..=languages.len())
        .map(|at| renderer_of(default, languages, alternates.as_ref(), at))
        .collect()
}

//! The site paths `vouch.yml` links to (`nav:`, `footer:`, `cta:`) point at pages this
//! build makes: checked against the planned output like a body's links, so a renamed
//! page cannot leave a dead link in every page's header.

use super::links::{made, output_path, suggestion};
use crate::config::{Config, CONFIG_FILE};
use crate::diagnostics::Diagnostic;
use crate::site::urls;
use rustc_hash::FxHashSet as HashSet;

/// The configured links that name a site path, with their field and line.
fn site_paths(config: &Config) -> Vec<(String, &str, Option<usize>)> {
    let nav = config
        .nav
        .iter()
        .enumerate()
        .map(|(i, l)| (format!("nav[{i}].url"), l.url.as_str(), l.line));
    let footer = config
        .footer
        .iter()
        .enumerate()
        .map(|(i, l)| (format!("footer[{i}].url"), l.url.as_str(), l.line));
    let cta = config
        .cta
        .iter()
        .map(|c| ("cta.url".to_string(), c.url.as_str(), c.line));
    nav.chain(footer)
        .chain(cta)
        .filter(|(_, url, _)| !(urls::is_external(url) || url.starts_with('#')))
        .collect()
}

/// Whether `config` has any link into the site to check.
pub(super) fn any(config: &Config) -> bool {
    !site_paths(config).is_empty()
}

/// The errors of `config`'s links into the site whose target is not `planned`, each at
/// its line of vouch.yml.
pub(super) fn check(config: &Config, base_path: &str, planned: &HashSet<&str>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (field, url, line) in site_paths(config) {
        let Some(key) = output_path(url, base_path) else {
            continue;
        };
        if made(planned, &key) {
            continue;
        }
        let d = Diagnostic::error(
            CONFIG_FILE,
            format!("broken link: this site has nothing at {url}"),
        )
        .field(field)
        .at_line(line);
        problems.push(match suggestion(planned, &key) {
            Some(best) => d.hint(format!("did you mean {best}?")),
            None => d.hint("a site path names a page of this site (/case-studies/) or a file under content/; a full URL (https://…) links elsewhere"),
        });
    }
    problems
}

//! Root-relative links and images in bodies (`[Join](/join/)`, `![Team](/images/team.jpg)`)
//! point at files this build makes: each is checked against the planned output, so a
//! missing image or a mistyped page is an error with its line, not a broken site.

use crate::config::{Config, CONFIG_FILE};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::render::Body;
use crate::site::urls;
use crate::site::Site;
use rustc_hash::FxHashSet as HashSet;

/// The errors of every body's root-relative links and images whose target is not among
/// `planned` (output paths such as `case-studies/acme/index.html`).
pub fn check_site_links<'a>(
    site: &Site,
    bodies: &[Body],
    planned: impl Iterator<Item = &'a str>,
) -> Vec<Diagnostic> {
    let config = any_config_links(&site.config);
    if !config && bodies.iter().all(|b| b.site_links.is_empty()) {
        return Vec::new();
    }
    let planned: HashSet<&str> = planned.collect();
    let mut problems = check_config_links(&site.config, &site.base_path, &planned);
    // Every page's URL, for "did you mean", made at the first broken link.
    let mut urls: Option<Vec<String>> = None;
    for (id, item) in site.items.iter() {
        let (doc, body) = (&item.doc, &bodies[id]);
        for (dest, line, image) in &body.site_links {
            let Some(key) = output_path(dest, &site.base_path) else {
                continue;
            };
            if made(&planned, &key) {
                continue;
            }
            let what = if *image { "image" } else { "link" };
            let message = format!("broken {what}: this site has nothing at {dest}");
            let mut d = Diagnostic::error(&doc.path, message).at(doc.body_line + line, 1);
            let urls = urls.get_or_insert_with(|| planned.iter().map(|p| url_of(p)).collect());
            let wanted = url_of(&key);
            d = match did_you_mean(&wanted, urls.iter().map(String::as_str)) {
                Some(best) => d.hint(format!("did you mean {best}?")),
                None if *image => d.hint(
                    "images are files under content/, linked from the site's root: content/images/team.jpg is /images/team.jpg",
                ),
                None => d.hint(
                    "a root-relative link names a page of this site (/case-studies/acme/) or a file under content/; `@/case-studies/acme.md` links a page by its file",
                ),
            };
            problems.push(d);
        }
    }
    problems
}

/// The output path a root-relative URL names, with the base path, query and fragment
/// taken off: `/stories/join/#how` → `join/`. `None` for what cannot be checked.
fn output_path(dest: &str, base_path: &str) -> Option<String> {
    let path = dest.split(['#', '?']).next()?;
    let path = match base_path {
        "/" | "" => path,
        base => match path.strip_prefix(base) {
            Some(rest) => rest,
            None => path,
        },
    };
    let decoded = crate::site::urls::percent_decode(path)?;
    Some(decoded.trim_start_matches('/').to_string())
}

/// Whether the build makes `key`: the file itself, or the page of that folder (GitLab
/// Pages and every static server answer `/join` and `/join/` with `join/index.html`).
fn made(planned: &HashSet<&str>, key: &str) -> bool {
    if key.is_empty() || key.ends_with('/') {
        return planned.contains(format!("{key}index.html").as_str());
    }
    planned.contains(key) || planned.contains(format!("{key}/index.html").as_str())
}

/// The planned page's URL nearest to the missing `key`, for "did you mean".
fn suggestion(planned: &HashSet<&str>, key: &str) -> Option<String> {
    let urls: Vec<String> = planned.iter().map(|p| url_of(p)).collect();
    did_you_mean(&url_of(key), urls.iter().map(String::as_str)).map(str::to_string)
}

/// The URL of an output path, as a marketer would write it: `join/index.html` → `/join/`.
fn url_of(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(folder) => format!("/{folder}"),
        None => format!("/{path}"),
    }
}

// The site paths `vouch.yml` links to (`nav:`, `footer:`, `cta:`) are checked like a
// body's links, so a renamed page cannot leave a dead link in every page's header.

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
fn any_config_links(config: &Config) -> bool {
    !site_paths(config).is_empty()
}

/// The errors of `config`'s links into the site whose target is not `planned`, each at
/// its line of vouch.yml.
fn check_config_links(
    config: &Config,
    base_path: &str,
    planned: &HashSet<&str>,
) -> Vec<Diagnostic> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_output_paths() {
        assert_eq!(output_path("/join/#how", "/").unwrap(), "join/");
        assert_eq!(
            output_path("/stories/join/?a=1", "/stories/").unwrap(),
            "join/"
        );
        assert_eq!(output_path("/caf%C3%A9/", "/").unwrap(), "café/");
        let planned: HashSet<&str> = ["index.html", "join/index.html", "images/a.png"]
            .into_iter()
            .collect();
        for ok in ["", "join/", "join", "images/a.png"] {
            assert!(made(&planned, ok), "{ok}");
        }
        for missing in ["jion/", "images/b.png", "images/"] {
            assert!(!made(&planned, missing), "{missing}");
        }
        assert_eq!(url_of("join/index.html"), "/join/");
        assert_eq!(url_of("images/a.png"), "/images/a.png");
    }
}

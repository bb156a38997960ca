//! What `vouch.yml` may hold beyond its types: every number's allowed range (one table,
//! read by the check and by the generated reference) and the shape of `base_url`, so a
//! value that would break a build, a date sum or a visitor's browser is refused with
//! its line instead.

use super::{Config, CONFIG_FILE};
use crate::diagnostics::Diagnostic;
use crate::yaml;

/// A number setting's allowed values, from `min` to `max` inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberRange {
    /// The setting's dotted name, as the reference writes it (`images.quality`).
    pub key: &'static str,
    /// The smallest value accepted.
    pub min: u64,
    /// The largest value accepted.
    pub max: u64,
    /// A good value, for the hint (the default where there is one).
    pub example: u64,
}

/// Every number `vouch.yml` accepts, with its range: the check and the reference
/// (docs/configuration.md) both read this table, so they cannot disagree.
pub const NUMBER_RANGES: [NumberRange; 10] = [
    range("page_size", 1, 1000, 24),
    range("term_page_size", 1, 10_000, 100),
    range("report.stale_after_months", 1, 1200, 18),
    range("images.logo", 16, 4096, 800),
    range("images.avatar", 16, 4096, 800),
    range("images.photo", 16, 4096, 800),
    range("images.social", 200, 4096, 1200),
    range("images.quality", 1, 100, 80),
    range("images.max_megapixels", 1, 1000, 50),
    range("redirects.status", 301, 302, 301),
];

const fn range(key: &'static str, min: u64, max: u64, example: u64) -> NumberRange {
    NumberRange {
        key,
        min,
        max,
        example,
    }
}

/// The range of the setting `key`; every number setting has one.
pub fn range_of(key: &str) -> Option<NumberRange> {
    NUMBER_RANGES.into_iter().find(|r| r.key == key)
}

impl NumberRange {
    /// Whether `value` is allowed.
    pub fn allows(&self, value: u64) -> bool {
        (self.min..=self.max).contains(&value)
    }
}

/// The values `config` gives each number setting (a list of widths gives several).
fn numbers(config: &Config) -> Vec<(&'static str, Vec<u64>)> {
    let widths = |w: &[u32]| w.iter().map(|&w| u64::from(w)).collect::<Vec<_>>();
    let images = &config.images;
    vec![
        ("page_size", vec![config.page_size as u64]),
        ("term_page_size", vec![config.term_page_size as u64]),
        (
            "report.stale_after_months",
            vec![u64::from(config.report.stale_after_months)],
        ),
        ("images.logo", widths(&images.logo)),
        ("images.avatar", widths(&images.avatar)),
        ("images.photo", widths(&images.photo)),
        ("images.social", vec![u64::from(images.social)]),
        ("images.quality", vec![u64::from(images.quality)]),
        (
            "images.max_megapixels",
            vec![u64::from(images.max_megapixels)],
        ),
        (
            "redirects.status",
            config
                .redirects
                .iter()
                .map(|r| u64::from(r.status))
                .collect(),
        ),
    ]
}

/// The numbers of `config` outside their range, each at its line in `text`.
pub(super) fn number_problems(config: &Config, text: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (key, values) in numbers(config) {
        let Some(range) = range_of(key) else {
            continue;
        };
        let Some(bad) = values.into_iter().find(|&v| !range.allows(v)) else {
            continue;
        };
        let (parent, leaf) = key.rsplit_once('.').unwrap_or(("", key));
        let line = yaml::find_key_line(text, leaf)
            .or_else(|| yaml::find_key_line(text, parent))
            .map(|(l, _)| l);
        let example = match key {
            "redirects.status" => "301 (moved for good) or 302 (for now)".to_string(),
            "images.logo" | "images.avatar" | "images.photo" => {
                format!("e.g. {leaf}: [480, {}]", range.example)
            }
            _ => format!("e.g. {leaf}: {}", range.example),
        };
        problems.push(
            Diagnostic::error(
                CONFIG_FILE,
                format!(
                    "{key} must be at least {} and at most {}, not {bad}",
                    range.min, range.max
                ),
            )
            .field(key)
            .at_line(line)
            .hint(format!("write a whole number in that range, {example}")),
        );
    }
    problems
}

/// Why `url` cannot be the site's address, or `None` when it can: only an absolute
/// http(s) URL with a host makes canonical links, feeds and the sitemap work, and
/// anything else (`javascript:`, `//host/`, a space, nothing) would be written into
/// every page.
pub fn base_url_problem(url: &str) -> Option<String> {
    if url.is_empty() {
        return Some("it is empty".into());
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("it contains a space or a control character".into());
    }
    let lower = url.to_ascii_lowercase();
    let Some(rest) = ["https://", "http://"]
        .into_iter()
        .find_map(|scheme| lower.starts_with(scheme).then(|| &url[scheme.len()..]))
    else {
        return Some("it does not start with http:// or https://".into());
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority
        .rsplit_once(':')
        .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
        .map_or(authority, |(host, _)| host);
    if host.is_empty() {
        return Some("it has no host name".into());
    }
    let plain = |c: char| c.is_alphanumeric() || matches!(c, '-' | '.');
    let ipv6 = host.starts_with('[')
        && host.ends_with(']')
        && host[1..host.len() - 1]
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == ':');
    if !(ipv6 || host.chars().all(plain)) || host.starts_with('.') {
        return Some(format!("'{host}' is not a host name"));
    }
    None
}

/// The message of a refused `base_url`, the same from the flag and from vouch.yml.
pub fn base_url_message(problem: &str) -> String {
    format!("base_url must be an absolute http(s) URL with a host: {problem}")
}

/// `--base-url`'s check (clap's value parser): a refusal exits 2 with why.
pub fn parse_base_url(url: &str) -> Result<String, String> {
    match base_url_problem(url) {
        None => Ok(url.to_string()),
        Some(problem) => Err(format!(
            "{}; e.g. --base-url https://group.gitlab.io/project/",
            base_url_message(&problem)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_http_urls_with_a_host() {
        for ok in [
            "https://group.gitlab.io/project/",
            "http://127.0.0.1:1111/",
            "HTTPS://Example.com",
            "https://[::1]:8080/",
        ] {
            assert_eq!(base_url_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "javascript:alert(1)//",
            "ftp://example.com/",
            "//evil.example/",
            "https://exa mple.com/",
            "https:///path",
            "https://user@evil.example/",
            "https://:80/",
            "https://a\u{7}b/",
        ] {
            assert!(base_url_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn every_range_is_checked() {
        let names: Vec<&str> = numbers(&crate::config::tests::minimal())
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        let table: Vec<&str> = NUMBER_RANGES.iter().map(|r| r.key).collect();
        assert_eq!(names, table);
    }
}

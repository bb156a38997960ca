//! Addresses: every page and anchor unique, and no item where vouch writes a page.

use super::model::{Item, Items};
use super::{urls, ItemId};
use crate::config::Config;
use crate::content::kinds::Kind;
use crate::diagnostics::Diagnostic;
// The site's lookups are many and short: a fast hash (not a DoS-resistant one) is right.
use rustc_hash::FxHashMap as HashMap;

/// Whether one of the `changed` items may map to the address of another item or of a
/// page vouch writes itself (then every address is checked, as a full build does).
pub(super) fn urls_may_clash(items: &Items, changed: &[ItemId], config: &Config) -> bool {
    let key = clash_key;
    changed.iter().any(|&c| {
        let item = &items[c];
        let generated = item.dir.as_deref();
        if generated
            .and_then(|d| generated_page_at(item, d, config))
            .is_some()
        {
            return true;
        }
        let url = key(item);
        let mut others = items.iter().filter(|(i, _)| *i != c);
        others.any(|(_, other)| key(other) == url)
    })
}

/// What two files clash on: their own addresses, without case (two folders that differ
/// only in case are one folder on a case-insensitive disk), lowercased only when there
/// is something to lower.
pub(super) fn clash_key(item: &Item) -> std::borrow::Cow<'_, str> {
    match item.address.chars().any(char::is_uppercase) {
        true => std::borrow::Cow::Owned(item.address.to_lowercase()),
        false => std::borrow::Cow::Borrowed(item.address.as_str()),
    }
}

/// The other file of a clash as a marketer finds it: at its `slug:` line, or by its
/// file name when that is where its address comes from.
fn other_file(item: &Item) -> String {
    match item.doc.line_of("slug") {
        Some(line) => format!("{}:{line}", item.doc.path.display()),
        None => format!("{} (by its file name)", item.doc.path.display()),
    }
}

/// Two files that would write the same page are an error naming both, and so is a page
/// at the address of a page vouch writes itself (a listing, a taxonomy, search).
/// Read in listing order (`listed`): the later file of two is the one reported.
pub(super) fn check_unique_urls(
    items: &Items,
    listed: &[ItemId],
    config: &Config,
    problems: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<std::borrow::Cow<'_, str>, &Item> = HashMap::default();
    for item in listed.iter().map(|&id| &items[id]) {
        let key = clash_key(item);
        if let Some(first) = seen.get(&key) {
            problems.push(
                Diagnostic::error(
                    &item.doc.path,
                    format!(
                        "this file and {} both map to {}",
                        other_file(first),
                        item.address
                    ),
                )
                .field("slug")
                .at_line(item.doc.line_of("slug"))
                .hint("rename one of the files or give one a different 'slug:'"),
            );
        } else {
            seen.insert(key, item);
        }
        if let Some((what, hint)) = item
            .dir
            .as_deref()
            .and_then(|d| generated_page_at(item, d, config))
        {
            problems.push(
                Diagnostic::error(
                    &item.doc.path,
                    format!("this page and {what} both map to {}", item.address),
                )
                .field("slug")
                .at_line(item.doc.line_of("slug"))
                .hint(hint),
            );
        }
    }
}

/// The page vouch writes itself at a page's folder, if any: what it is, and what to do.
pub(super) fn generated_page_at(
    item: &Item,
    dir: &str,
    config: &Config,
) -> Option<(String, String)> {
    if item.kind() != Kind::Page {
        let listed = item.slug == urls::PAGE_SEGMENT && dir.starts_with(item.kind().folder());
        return listed.then(|| {
            let folder = item.kind().folder();
            (
                format!(
                    "the {} listing's later pages ({folder}/page/2/, …)",
                    item.kind().plural().to_lowercase()
                ),
                "give the file another name or a 'slug:' other than 'page'".to_string(),
            )
        });
    }
    let folder = dir.strip_suffix('/').unwrap_or(dir);
    let rename = "rename the file or give it another 'slug:'";
    if let Some(kind) = Kind::from_folder(folder) {
        let what = format!("the {} listing", kind.plural().to_lowercase());
        let hint =
            format!("{rename}; an introduction for the listing goes in content/{folder}/_index.md");
        return Some((what, hint));
    }
    if let Some(name) = crate::config::TAXONOMY_FIELDS
        .iter()
        .find(|t| t.replace('_', "-") == folder)
    {
        let title = config.taxonomy(name).0.to_lowercase();
        return Some((format!("the list of {title} terms"), rename.to_string()));
    }
    (folder == "search").then(|| ("the search page".to_string(), rename.to_string()))
}

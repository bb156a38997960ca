//! Files: the bundle files and pictures items name, and the fields that name them.

use super::model::{Item, Items, PictureUses};
use super::urls;
use crate::config::Config;
use crate::content::{Asset, Document, Front};
use crate::diagnostics::Diagnostic;
// The site's lookups are many and short: a fast hash (not a DoS-resistant one) is right.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Where each asset is written: its own path, except a bundle's files, which follow the
/// bundle's page when its slug differs from the folder name.
pub(super) fn place_assets(assets: Vec<Asset>, items: &Items) -> Vec<(Asset, String)> {
    let bundles: HashMap<&str, &str> = items
        .iter()
        .filter_map(|(_, i)| Some((i.doc.bundle_dir.as_deref()?, i.dir.as_deref()?)))
        .collect();
    assets
        .into_iter()
        .map(|asset| {
            let path = &asset.content_path;
            // The nearest folder above the file that is a bundle's, if any.
            let folders = path.rmatch_indices('/').map(|(at, _)| &path[..at]);
            let out = folders
                .filter_map(|folder| bundle_file_address(path, folder, bundles.get(folder)?))
                .next()
                .unwrap_or_else(|| path.clone());
            (asset, out)
        })
        .collect()
}

/// Where a file of a bundle is published: a bundle's files follow its page, at any
/// depth (the page's folder `dir` in place of the bundle's folder `bundle`); `None` for
/// a file outside the bundle. Files are placed and linked by this one rule.
pub fn bundle_file_address(path: &str, bundle: &str, dir: &str) -> Option<String> {
    let rest = path.strip_prefix(bundle)?.strip_prefix('/')?;
    Some(format!("{dir}{rest}"))
}

/// The site's folder, from where its content files are (the picture cache sits there).
pub(super) fn site_root(assets: &[(Asset, String)]) -> std::path::PathBuf {
    let Some((asset, _)) = assets.first() else {
        return std::path::PathBuf::from(".");
    };
    // `<root>/content/<content_path>`: one step up per path segment, then content/.
    let depth = asset.content_path.split('/').count() + 1;
    asset
        .source
        .ancestors()
        .nth(depth)
        .map_or_else(|| ".".into(), std::path::Path::to_path_buf)
}

/// How each picture named by a front matter field or the brand logo is shown: logos,
/// photos of people and case-study images, each also as a link preview.
pub(super) fn picture_uses(items: &Items, config: &Config) -> PictureUses {
    use crate::images::Use;
    let mut uses = std::collections::HashMap::<String, std::collections::BTreeSet<Use>>::new();
    for (_, item) in items.iter() {
        for (field, value) in file_fields(&item.doc.front) {
            if urls::is_external(value) {
                continue;
            }
            let use_ = match field {
                "logo" | "logo_dark" => Use::Logo,
                "avatar" => Use::Avatar,
                _ => Use::Photo,
            };
            let entry = uses.entry(asset_path(&item.doc, value)).or_default();
            entry.insert(use_);
            if field != "logo_dark" {
                entry.insert(Use::Social);
            }
        }
    }
    if let Some(logo) = config
        .brand
        .logo
        .as_deref()
        .filter(|l| !urls::is_external(l))
    {
        let path = logo.trim_start_matches('/').to_string();
        uses.entry(path)
            .or_default()
            .extend([Use::Avatar, Use::Social]);
    }
    uses
}

/// A picture's problems (found at the picture's own file) name the files whose fields
/// show it, with the line: a marketer fixing a page sees which picture it is, and one
/// fixing a picture sees where it is used.
pub(super) fn name_picture_users(
    problems: Vec<Diagnostic>,
    items: &Items,
    config: &Config,
) -> Vec<Diagnostic> {
    if problems.is_empty() {
        return problems;
    }
    let mut users: HashMap<String, Vec<String>> = HashMap::default();
    for (_, item) in items.iter() {
        for (field, value) in file_fields(&item.doc.front) {
            if urls::is_external(value) {
                continue;
            }
            let line = item
                .doc
                .line_of(field)
                .map_or_else(String::new, |l| format!(", line {l}"));
            let place = format!("{} ({field}:{line})", item.doc.path.display());
            users
                .entry(format!("content/{}", asset_path(&item.doc, value)))
                .or_default()
                .push(place);
        }
    }
    if let Some(logo) = config.brand.logo.as_deref() {
        let path = format!("content/{}", logo.trim_start_matches('/'));
        users
            .entry(path)
            .or_default()
            .push(format!("{} (brand.logo)", crate::config::CONFIG_FILE));
    }
    problems
        .into_iter()
        .map(|mut d| {
            let key = d.path.to_string_lossy().replace('\\', "/");
            if let Some(places) = users.get_mut(&key) {
                places.sort();
                let shown = places.len().min(3);
                let more = match places.len() - shown {
                    0 => String::new(),
                    n => format!(" and {n} more"),
                };
                d.message = format!(
                    "{}; shown by {}{more}",
                    d.message,
                    places[..shown].join(", ")
                );
            }
            d
        })
        .collect()
}

/// Image, logo and avatar fields must name files that exist (or full URLs). What a
/// field says of itself (a file on another site) is the file's own finding
/// ([`check_own_fields`]); this reads the other files too.
pub(super) fn check_files<'a>(
    items: impl Iterator<Item = &'a Item>,
    assets: &[(Asset, String)],
    problems: &mut Vec<Diagnostic>,
) {
    let present: HashSet<&str> = assets
        .iter()
        .map(|(a, _)| a.content_path.as_str())
        .collect();
    for item in items {
        for (field, value) in file_fields(&item.doc.front) {
            if urls::is_external(value) {
                continue;
            }
            let path = asset_path(&item.doc, value);
            if !present.contains(path.as_str()) {
                problems.push(
                    Diagnostic::error(&item.doc.path, format!("the file '{value}' does not exist"))
                        .field(field)
                        .at_line(item.doc.line_of(field))
                        .hint(format!("put the file at content/{path}, or fix the path (a path starting with / is inside content/)")),
                );
            }
        }
    }
}

/// What a published file's own fields say of themselves: a picture loaded from another
/// site (a warning), a link that is not a web address (an error). A function of the
/// file alone, so its findings are kept with what the rules made of it and reported by
/// every build the file is part of, saved or not.
pub(super) fn check_own_fields(doc: &Document, problems: &mut Vec<Diagnostic>) {
    for (field, value) in file_fields(&doc.front) {
        if !urls::is_external(value) {
            continue;
        }
        // Every visitor's browser would ask that site (and it may change or go).
        let name = value
            .split(['?', '#'])
            .next()
            .and_then(|v| v.rsplit('/').next())
            .filter(|n| !n.is_empty())
            .unwrap_or("file");
        problems.push(
            Diagnostic::warning(
                &doc.path,
                format!("the {field} is loaded from another site: {value}"),
            )
            .field(field)
            .at_line(doc.line_of(field))
            .hint(format!(
                "download it into content/images/ and write '{field}: /images/{name}': the site then makes no request to a third party"
            )),
        );
    }
    // Link fields must be http(s) or mailto addresses: a `javascript:` URL would run
    // code in the reader's browser.
    for (field, url) in link_fields(&doc.front) {
        if !urls::is_safe_link(url) {
            problems.push(
                Diagnostic::error(&doc.path, format!("'{url}' is not a web address"))
                    .field(field)
                    .at_line(doc.line_of(field))
                    .hint("links must start with https://, http:// or mailto:"),
            );
        }
    }
}

/// The front matter fields that name files.
pub fn file_fields(front: &Front) -> Vec<(&'static str, &str)> {
    let mut fields = Vec::new();
    if let Some(image) = front.common().image {
        fields.push(("image", image));
    }
    match front {
        Front::Customer(c) => {
            fields.extend(c.logo.as_deref().map(|l| ("logo", l)));
            fields.extend(c.logo_dark.as_deref().map(|l| ("logo_dark", l)));
        }
        Front::Testimonial(t) => fields.extend(t.avatar.as_deref().map(|a| ("avatar", a))),
        Front::Advocate(a) => fields.extend(a.avatar.as_deref().map(|a| ("avatar", a))),
        _ => {}
    }
    fields
}

/// A file field's path inside `content/`: `/logos/a.svg` from the content root, `a.svg`
/// beside the Markdown file.
pub fn asset_path(doc: &Document, value: &str) -> String {
    if let Some(rooted) = value.strip_prefix('/') {
        return rooted.to_string();
    }
    let folder = doc.content_path.rsplit_once('/').map_or("", |(f, _)| f);
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for part in value.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The front matter fields that hold web addresses.
pub(super) fn link_fields(front: &Front) -> Vec<(&'static str, &str)> {
    let mut fields = Vec::new();
    match front {
        Front::Customer(c) => fields.extend(c.website.as_deref().map(|u| ("website", u))),
        Front::Testimonial(t) => fields.extend(t.source_url.as_deref().map(|u| ("source_url", u))),
        Front::Event(e) => {
            fields.extend(e.online_url.as_deref().map(|u| ("online_url", u)));
            fields.extend(
                e.registration_url
                    .as_deref()
                    .map(|u| ("registration_url", u)),
            );
        }
        Front::Advocate(a) => fields.extend(a.links.iter().map(|l| ("links", l.url.as_str()))),
        _ => {}
    }
    fields
}

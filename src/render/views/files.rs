//! The URLs of the files an item's fields name, and the pictures made of them.

use crate::images::address::encode_path;
use crate::images::{Picture, Use};
use crate::site::{urls, ItemId, Site};

/// A file field's URL: full URLs as they are, content paths percent-encoded (a space or
/// `#` in a file name would break the address) with the base path.
pub fn file_url(site: &Site, id: ItemId, value: &str) -> String {
    if urls::is_external(value) {
        return value.to_string();
    }
    let item = &site.items[id];
    let path = crate::site::asset_path(&item.doc, value);
    // A bundle's files follow its page.
    let moved = match (&item.doc.bundle_dir, &item.dir) {
        (Some(bundle), Some(dir)) => crate::site::bundle_file_address(&path, bundle, dir),
        _ => None,
    };
    site.file_link(&encode_path(moved.as_deref().unwrap_or(&path)))
}

/// How a page shows the picture a file field names: resized, in WebP with a fallback,
/// or a full URL as it is.
pub fn picture(site: &Site, id: ItemId, value: &str, use_: Use) -> Picture {
    let path = crate::site::asset_path(&site.items[id].doc, value);
    match urls::is_external(value) {
        true => None,
        false => site.images.picture(&path, use_, &|p| site.file_link(p)),
    }
    .unwrap_or_else(|| Picture::plain(file_url(site, id, value), use_))
}

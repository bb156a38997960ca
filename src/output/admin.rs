//! `/admin/`: the browser editor's files (`crate::editor`), when the site has one.

use super::{Contents, Needs, OutputFile};
use crate::editor;
use crate::site::Site;
use std::borrow::Cow;

/// The editor's files, when `vouch.yml` has an `editor:` section: its page, the CMS
/// configuration, the bundle.
pub fn plan(site: &Site) -> Vec<OutputFile> {
    let Some(settings) = &site.config.editor else {
        return Vec::new();
    };
    let file = |name: &str, contents: Contents| OutputFile {
        path: format!("{}{name}", editor::ADMIN_DIR),
        contents,
        needs: Needs::Site,
    };
    vec![
        file(
            "index.html",
            Contents::Text(editor::admin_page(&site.config.title)),
        ),
        file(
            "config.yml",
            Contents::Text(editor::config::cms_config_yaml(&site.config, settings)),
        ),
        file(
            "decap-cms.js",
            Contents::Bytes(Cow::Borrowed(editor::decap_bundle())),
        ),
    ]
}

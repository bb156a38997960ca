//! The editor in the browser (`/admin/`, issue 36): Decap CMS, served from the site
//! itself (its files planned by `output/admin.rs`), with a configuration made from the
//! content model (`config.rs`), and in the preview a local backend that saves to the
//! working tree (`local.rs`). Only pages under `/admin/` load it; the rest of the site
//! is unchanged whether it is on or off.

mod base64;
pub mod config;
pub mod local;

use std::sync::OnceLock;

/// The Decap CMS release vouch serves, pinned: the npm package `decap-cms` at this
/// version (docs/decisions.md, "Editing in the browser").
pub const DECAP_VERSION: &str = "3.16.3";

/// The npm registry's integrity of that package (`npm view decap-cms@3.16.3
/// dist.integrity`), recorded so an update is a deliberate change of both lines.
pub const DECAP_PACKAGE_INTEGRITY: &str = "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw==";

/// The Subresource Integrity of `dist/decap-cms.js` from that package, in the page's
/// `<script integrity>`: the browser refuses a bundle that is not byte for byte the one
/// pinned, whoever serves it.
pub const DECAP_SCRIPT_INTEGRITY: &str =
    "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p";

/// The bundle, gzip-compressed in the repository and the binary (1.5 MB instead of 5.2).
const DECAP_GZ: &[u8] = include_bytes!("vendor/decap-cms-3.16.3.js.gz");

/// The folder under the output root the editor is written to.
pub const ADMIN_DIR: &str = "admin/";

/// The bundle as the browser gets it, unpacked once per process.
pub fn decap_bundle() -> &'static [u8] {
    static BUNDLE: OnceLock<Vec<u8>> = OnceLock::new();
    BUNDLE.get_or_init(|| {
        use std::io::Read;
        let mut out = Vec::with_capacity(5_300_000);
        // The bytes are the binary's own: a failure here is a broken build of vouch.
        flate2::read::GzDecoder::new(DECAP_GZ)
            .read_to_end(&mut out)
            .expect("the embedded Decap CMS bundle unpacks");
        out
    })
}

/// The page at `/admin/`: the CMS's script, and a heading and a word for the moment
/// before it starts (or a browser without JavaScript), hidden by CSS alone once the CMS
/// has put its own root (`#nc-root`) in the page. Nothing else on the site links to it.
pub fn admin_page(site_title: &str) -> String {
    let title = crate::escape::xml(site_title);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <title>Edit {title}</title>\n\
         <style>main{{max-width:40rem;margin:3rem auto;padding:0 1rem;font:16px/1.5 system-ui,sans-serif;color:#17161d}}body:has(#nc-root)>main{{display:none}}</style>\n\
         </head>\n<body>\n\
         <main><h1>Edit {title}</h1><p>The editor is starting. It needs JavaScript.</p></main>\n\
         <script src=\"decap-cms.js\" integrity=\"{DECAP_SCRIPT_INTEGRITY}\"></script>\n\
         </body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundle_is_the_pinned_release() {
        let bundle = decap_bundle();
        assert!(bundle.len() > 5_000_000);
        let text = String::from_utf8_lossy(&bundle[bundle.len() - 200_000..]);
        assert!(text.contains(&format!("decap-cms-app {DECAP_VERSION}")));
    }

    #[test]
    fn the_page_names_the_bundle_with_its_integrity() {
        let page = admin_page("Stories & more");
        assert!(page.contains("Edit Stories &amp; more"));
        assert!(page.contains(DECAP_SCRIPT_INTEGRITY));
    }
}

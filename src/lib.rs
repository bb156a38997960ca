//! vouch: a static site generator for customer-advocacy content.
//!
//! The pipeline, one stage a module: [`config`] → [`content`] (load) → [`site`]
//! (relations, taxonomies, publishing rules) → [`render`] (Markdown, templates) →
//! [`output`] (plan and write). Every stage returns values and problems; nothing here
//! prints or exits, `main.rs` does.

// A Diagnostic carries its place and hint; errors are rare and cold, so its size in a
// Result costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod markdown;
pub mod output;
pub mod render;
pub mod site;
pub mod yaml;

use diagnostics::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};

/// What to build, from the command line.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The site's folder (holds vouch.yml and content/).
    pub root: PathBuf,
    /// Publish drafts and scheduled items too.
    pub drafts: bool,
    /// Overrides base_url (`--base-url`, or the preview server's address).
    pub base_url: Option<String>,
    /// "Now", when not from SOURCE_DATE_EPOCH or the clock.
    pub now: Option<jiff::Timestamp>,
}

/// A generated site: every output file, planned but not written, and the warnings.
pub struct Generated {
    /// The resolved site.
    pub site: site::Site,
    /// Every output file.
    pub files: Vec<output::OutputFile>,
    /// Warnings (no errors, or there would be no site).
    pub warnings: Diagnostics,
}

/// Runs every stage but writing. All problems of all stages come back at once.
pub fn generate(request: &Request) -> Result<Generated, Diagnostics> {
    let mut problems = Diagnostics::default();
    let mut config = config::Config::load(&request.root).map_err(Diagnostics)?;
    if let Some(url) = &request.base_url {
        config.set_base_url(url);
    }
    let theme = render::Theme::load(&request.root, &config);
    let (content, load_problems) = content::load(&request.root);
    problems.extend(load_problems);
    let options = site::Options {
        drafts: request.drafts,
        now: request.now,
    };
    let (site, site_problems) = site::assemble(config, content, &options);
    problems.extend(site_problems);
    let theme = match theme {
        Ok(theme) => theme,
        Err(theme_problems) => {
            problems.extend(theme_problems);
            problems.sort();
            return Err(problems);
        }
    };
    problems.extend(render::check_brand(&site));
    let (bodies, body_problems) = render::bodies(&site, &theme);
    problems.extend(body_problems);
    let pages = match render::pages(&site, &bodies, &theme) {
        Ok(pages) => pages,
        Err(page_problems) => {
            problems.extend(page_problems);
            Vec::new()
        }
    };
    problems.sort();
    if problems.has_errors() {
        return Err(problems);
    }
    let files = output::plan(&site, &bodies, pages, &theme);
    Ok(Generated {
        site,
        files,
        warnings: problems,
    })
}

/// Builds the site into `out`, replacing it only when the whole build succeeded.
pub fn build(request: &Request, out: &Path) -> Result<Generated, Diagnostics> {
    check_output_folder(&request.root, out).map_err(|d| Diagnostics(vec![d]))?;
    let generated = generate(request)?;
    output::write(&generated.files, out).map_err(|e| {
        Diagnostics(vec![Diagnostic::error(out, format!("cannot write the site: {e}"))
            .hint("check that the folder is writable and the disk is not full; the previous output was left as it was")])
    })?;
    Ok(generated)
}

/// Refuses output folders whose replacement would destroy the site itself.
fn check_output_folder(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, out_abs) = (absolute(root), absolute(out));
    let inside = |dir: &str| out_abs.starts_with(root.join(dir));
    if root.starts_with(&out_abs)
        || inside(content::CONTENT_DIR)
        || inside("themes")
        || out_abs.parent().is_none()
    {
        return Err(Diagnostic::error(out, "refusing to write the site there: the output folder is replaced as a whole, and this one holds the site's sources")
            .hint("use a folder of its own, e.g. --out public"));
    }
    Ok(())
}

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
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod site;
pub mod yaml;

use diagnostics::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

/// What a finished build reports.
#[derive(Debug)]
pub struct Built {
    /// Published items.
    pub items: usize,
    /// HTML pages written.
    pub pages: usize,
    /// Files written in all.
    pub files: usize,
    /// Warnings.
    pub warnings: Diagnostics,
    /// How long each stage took (`vouch build --timings`).
    pub timings: Timings,
}

/// Wall and CPU time per pipeline stage, in order, so a slow build can be pinned on a
/// stage, and a stage that leaves cores idle shows it (CPU time near its wall time).
#[derive(Debug, Default, Clone)]
pub struct Timings(pub Vec<Stage>);

/// One stage's share of a build.
#[derive(Debug, Clone)]
pub struct Stage {
    /// What the stage does, as `--timings` prints it.
    pub name: &'static str,
    /// Wall time.
    pub wall: std::time::Duration,
    /// CPU time of every thread, where the system tells it.
    pub cpu: Option<std::time::Duration>,
}

impl Timings {
    /// Records the time since the previous mark (or since `start`) under `stage`.
    fn mark(&mut self, name: &'static str, since: &mut Clock) {
        let now = Clock::now();
        self.0.push(Stage {
            name,
            wall: now.wall - since.wall,
            cpu: now
                .cpu
                .zip(since.cpu)
                .map(|(now, then)| now.saturating_sub(then)),
        });
        *since = now;
    }
}

/// A moment of a build: wall clock and the process's CPU time so far.
#[derive(Debug, Clone, Copy)]
struct Clock {
    wall: std::time::Instant,
    cpu: Option<std::time::Duration>,
}

impl Clock {
    fn now() -> Clock {
        Clock {
            wall: std::time::Instant::now(),
            cpu: process_cpu_time(),
        }
    }
}

/// CPU time of all threads of this process so far.
#[cfg(unix)]
fn process_cpu_time() -> Option<std::time::Duration> {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to fill in.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) } == 0;
    ok.then(|| std::time::Duration::new(t.tv_sec as u64, t.tv_nsec as u32))
}

#[cfg(not(unix))]
fn process_cpu_time() -> Option<std::time::Duration> {
    None
}

/// Everything up to rendering pages: the site, its theme and its rendered bodies. All
/// problems of all stages come back at once.
struct Prepared {
    site: site::Site,
    theme: Arc<render::Theme>,
    bodies: Vec<render::Body>,
    problems: Diagnostics,
    timings: Timings,
}

/// What a rebuild may carry over from the one before (the preview's incremental path).
#[derive(Default)]
pub struct Carry<'a> {
    /// The theme, when neither themes/ nor vouch.yml changed.
    pub theme: Option<Arc<render::Theme>>,
    /// The previous site and its bodies: an unchanged file keeps its body.
    pub previous: Option<(&'a site::Site, &'a [render::Body])>,
}

fn prepare(request: &Request) -> Result<Prepared, Diagnostics> {
    let clock = Clock::now();
    let content = content::load(&request.root);
    prepare_from(request, content, Carry::default(), clock)
}

fn prepare_from(
    request: &Request,
    (content, load_problems): (content::Content, Vec<Diagnostic>),
    carry: Carry<'_>,
    mut clock: Clock,
) -> Result<Prepared, Diagnostics> {
    let mut timings = Timings::default();
    timings.mark("load content", &mut clock);
    let mut problems = Diagnostics::default();
    let mut config = config::Config::load(&request.root).map_err(Diagnostics)?;
    if let Some(url) = &request.base_url {
        config.set_base_url(url);
    }
    let theme = match carry.theme {
        Some(theme) => Ok(theme),
        None => render::Theme::load(&request.root, &config).map(Arc::new),
    };
    timings.mark("config and theme", &mut clock);
    problems.extend(load_problems);
    let options = site::Options {
        drafts: request.drafts,
        now: request.now,
    };
    let (site, site_problems) = site::assemble(config, content, &options);
    problems.extend(site_problems);
    timings.mark("site model", &mut clock);
    let theme = match theme {
        Ok(theme) => theme,
        Err(theme_problems) => {
            problems.extend(theme_problems);
            problems.sort();
            return Err(problems);
        }
    };
    problems.extend(render::check_brand(&site));
    let reuse = |id: site::ItemId| {
        let (old_site, old_bodies) = carry.previous?;
        let doc = &site.items[id].doc;
        let old = *old_site.by_content_path.get(&doc.content_path)?;
        let body = old_bodies.get(old)?;
        (Arc::ptr_eq(&old_site.items[old].doc, doc) && !body.uses_site).then(|| body.clone())
    };
    let (bodies, body_problems) = render::bodies_reusing(&site, &theme, &reuse);
    problems.extend(body_problems);
    problems.extend(render::check_intros(&site, &theme, &bodies));
    timings.mark("markdown", &mut clock);
    Ok(Prepared {
        site,
        theme,
        bodies,
        problems,
        timings,
    })
}

/// The site model, its theme and rendered bodies: everything pages are rendered from.
/// The preview keeps these between edits and renders pages when they are asked for.
pub struct Parts {
    /// The resolved site.
    pub site: site::Site,
    /// The theme (default plus overrides), shared with the next rebuild when unchanged.
    pub theme: Arc<render::Theme>,
    /// Every item's rendered body, by item id.
    pub bodies: Vec<render::Body>,
    /// Warnings and notes (errors make this fail).
    pub warnings: Diagnostics,
    /// How long each stage took.
    pub timings: Timings,
}

/// Every stage up to rendering pages; fails with every problem when there are errors.
pub fn prepare_parts(request: &Request) -> Result<Parts, Diagnostics> {
    parts_of(prepare(request)?)
}

/// [`prepare_parts`] from files already read (the preview's cache), carrying over what
/// the change cannot have touched.
pub fn prepare_parts_from(
    request: &Request,
    content: &content::Cache,
    carry: Carry<'_>,
) -> Result<Parts, Diagnostics> {
    let clock = Clock::now();
    parts_of(prepare_from(request, content.content(), carry, clock)?)
}

fn parts_of(prepared: Prepared) -> Result<Parts, Diagnostics> {
    let Prepared {
        site,
        theme,
        bodies,
        mut problems,
        timings,
    } = prepared;
    problems.sort();
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(Parts {
        site,
        theme,
        bodies,
        warnings: problems,
        timings,
    })
}

/// Runs every stage but writing, with every page rendered in memory (the preview
/// server and `check` use this).
pub fn generate(request: &Request) -> Result<Generated, Diagnostics> {
    let Prepared {
        site,
        theme,
        bodies,
        mut problems,
        ..
    } = prepare(request)?;
    let files = match render::Renderer::new(&site, &bodies, &theme) {
        // Pages of broken content would only repeat its errors as template errors.
        Ok(_) if problems.has_errors() => Vec::new(),
        Ok(renderer) => {
            let plan = output::plan(&site, &renderer, &theme);
            match output::materialize(plan, &renderer) {
                Ok(files) => files,
                Err(page_problems) => {
                    problems.extend(page_problems);
                    Vec::new()
                }
            }
        }
        Err(card_problems) => {
            problems.extend(card_problems);
            Vec::new()
        }
    };
    problems.sort();
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(Generated {
        site,
        files,
        warnings: problems,
    })
}

/// Builds the site into `out`, rendering pages while writing them, and replaces `out`
/// only when the whole build succeeded.
pub fn build(request: &Request, out: &Path) -> Result<Built, Diagnostics> {
    check_output_folder(&request.root, out).map_err(|d| Diagnostics(vec![d]))?;
    let Prepared {
        site,
        theme,
        bodies,
        mut problems,
        mut timings,
    } = prepare(request)?;
    let mut clock = Clock::now();
    let renderer = match render::Renderer::new(&site, &bodies, &theme) {
        Ok(renderer) => Some(renderer),
        Err(card_problems) => {
            problems.extend(card_problems);
            None
        }
    };
    problems.sort();
    let Some(renderer) = renderer.filter(|_| !problems.has_errors()) else {
        return Err(problems);
    };
    timings.mark("cards", &mut clock);
    let plan = output::plan(&site, &renderer, &theme);
    timings.mark("plan", &mut clock);
    match output::write(&plan, &renderer, out) {
        Ok(()) => Ok(Built {
            timings: {
                timings.mark("pages and files written", &mut clock);
                timings
            },
            items: site.items.len(),
            pages: plan.iter().filter(|f| f.path.ends_with(".html")).count(),
            files: plan.len(),
            warnings: problems,
        }),
        Err(output::WriteError::Render(page_problems)) => {
            problems.extend(page_problems);
            problems.sort();
            Err(problems)
        }
        Err(output::WriteError::Io(e)) => {
            problems.push(Diagnostic::error(out, format!("cannot write the site: {e}"))
                .hint("check that the folder is writable and the disk is not full; the previous output was left as it was"));
            Err(problems)
        }
    }
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

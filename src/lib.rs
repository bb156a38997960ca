//! vouch: a static site generator for customer-advocacy content.
//!
//! The pipeline, one stage a module: [`config`] → [`content`] (load) → [`site`]
//! (relations, taxonomies, publishing rules) → [`render`] (Markdown, templates) →
//! [`output`] (plan and write). Every stage returns values and problems; nothing here
//! prints or exits, `main.rs` does.

// A Diagnostic carries its place and hint; errors are rare and cold, so its size in a
// Result costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod color;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod editor;
pub mod escape;
pub mod images;
pub mod import;
pub mod languages;
pub mod markdown;
pub mod output;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod share;
pub mod site;
pub mod snippet;
pub mod terminal;
pub mod translations;
pub mod yaml;

use diagnostics::{Diagnostic, Diagnostics, Findings};
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
    /// Page links name their `index.html` (`vouch build --index-links`): GitLab's job
    /// artifact browser and a folder opened from disk serve no index for a folder.
    pub index_links: bool,
    /// "Now": what publishing rules compare against. The library never reads the
    /// clock: `main` reads it once (`site::now_from_env`), the preview at each save.
    pub now: jiff::Timestamp,
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
    pub(crate) fn mark(&mut self, name: &'static str, since: &mut Clock) {
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
pub(crate) struct Clock {
    wall: std::time::Instant,
    cpu: Option<std::time::Duration>,
}

impl Clock {
    pub(crate) fn now() -> Clock {
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

/// Every language's plan (the default's first), and which pages each has when there
/// are several.
type Plans = (
    Vec<Vec<output::OutputFile>>,
    Option<Arc<render::alternates::Alternates>>,
);

/// Everything pages are rendered from: the site, its theme, and every item's body and
/// card. The build makes it once; the preview keeps it and makes the next one from it
/// after every save ([`Parts::update`]).
pub struct Parts {
    /// The resolved site.
    pub site: site::Site,
    /// The theme (default plus overrides).
    pub theme: Arc<render::Theme>,
    /// Every item's rendered body, by item id.
    pub bodies: Vec<render::Body>,
    /// Every item's card, by item id.
    pub cards: render::Cards,
    /// Warnings and notes (errors make this fail), as the stages found them.
    pub warnings: Findings,
    /// How long each stage took.
    pub timings: Timings,
    /// The site's other languages, each a site of its own under `/<code>/`.
    pub languages: Vec<languages::Language>,
}

impl Parts {
    /// Every stage up to rendering pages, from the files on disk; fails with every
    /// problem when there are errors.
    pub fn load(request: &Request) -> Result<Parts, Diagnostics> {
        let clock = Clock::now();
        let content = content::load(&request.root);
        Ok(make_parts(request, content, None, None, clock)?.0)
    }

    /// [`Parts::load`] from files already read (the preview's cache).
    pub fn from_files(request: &Request, content: &content::Cache) -> Result<Parts, Diagnostics> {
        let clock = Clock::now();
        Ok(make_parts(request, content.content(), None, None, clock)?.0)
    }

    /// The parts after the site's files changed: `content` is every file as it is now
    /// (the preview's cache), `theme` the theme when neither themes/ nor vouch.yml
    /// changed. What the change cannot have touched is carried over: bodies of unchanged
    /// files, cards of unchanged items. Returns what changed, for the outputs to follow.
    pub fn update(
        &self,
        request: &Request,
        content: &content::Cache,
        theme: Option<Arc<render::Theme>>,
    ) -> Result<(Parts, site::Delta), Diagnostics> {
        let clock = Clock::now();
        make_parts(request, content.content(), Some(self), theme, clock)
    }

    /// A renderer over these parts.
    pub fn renderer(&self) -> render::Renderer<'_> {
        render::Renderer::new(&self.site, &self.bodies, &self.cards, &self.theme)
    }

    /// The bodies' root-relative links and images that `plan` has no file for (errors).
    pub fn broken_links(&self, plan: &[output::OutputFile]) -> Vec<Diagnostic> {
        output::check_site_links(
            &self.site,
            &self.bodies,
            plan.iter().map(|f| f.path.as_str()),
        )
    }

    /// The plan, or `problems` with the broken links in bodies when there are any (a
    /// build and a check stop there, before anything is rendered).
    fn checked_plan(
        &self,
        problems: &mut Diagnostics,
    ) -> Result<Vec<output::OutputFile>, Diagnostics> {
        let plan = self.plan();
        let broken = self.broken_links(&plan);
        if broken.is_empty() {
            return Ok(plan);
        }
        problems.extend(broken);
        problems.sort();
        Err(std::mem::take(problems))
    }

    /// Every file of the output, planned.
    pub fn plan(&self) -> Vec<output::OutputFile> {
        output::plan(&self.site, &self.renderer(), &self.theme)
    }

    /// The plan of every language (the default's checked for broken links first),
    /// with what tells each page its versions in the others when there are several.
    fn checked_plans(&self, problems: &mut Diagnostics) -> Result<Plans, Diagnostics> {
        let mut plans = vec![self.checked_plan(problems)?];
        plans.extend(self.languages.iter().map(languages::plan));
        let alternates = (!self.languages.is_empty()).then(|| {
            let pages = (plans.iter().enumerate())
                .flat_map(|(at, plan)| languages::pages_of(plan).map(move |p| (at, p)));
            Arc::new(languages::alternates(self, pages, &self.languages))
        });
        Ok((plans, alternates))
    }
}

/// The one path from files to parts, for the build and every preview update alike.
fn make_parts(
    request: &Request,
    (content, load_problems): (content::Content, Vec<Diagnostic>),
    previous: Option<&Parts>,
    theme: Option<Arc<render::Theme>>,
    mut clock: Clock,
) -> Result<(Parts, site::Delta), Diagnostics> {
    let mut timings = Timings::default();
    timings.mark("load content", &mut clock);
    let mut problems = Findings::default();
    let mut config = config::Config::load(&request.root).map_err(Diagnostics)?;
    if let Some(url) = &request.base_url {
        config.set_base_url(url);
    }
    problems.extend(config.placeholder_warning(&request.root));
    let (content, translations, translation_problems) = translations::split(content, &config);
    problems.extend(translation_problems);
    let shared = content.clone_files();
    let theme = match theme {
        Some(theme) => Ok(theme),
        None => render::Theme::load(&request.root, &config).map(Arc::new),
    };
    timings.mark("config and theme", &mut clock);
    problems.extend(load_problems);
    let made = parts_of(
        request, config, content, previous, theme, problems, timings, clock,
    )?;
    let (mut parts, delta) = made;
    if !translations.by_language.is_empty() {
        parts.languages = languages::parts(request, &mut parts, &translations, &shared)?;
    }
    Ok((parts, delta))
}

/// The parts of one language's site from its configuration and content: the default
/// language's, or (with `theme` given) another's.
#[allow(clippy::too_many_arguments)]
fn parts_of(
    request: &Request,
    config: config::Config,
    content: content::Content,
    previous: Option<&Parts>,
    theme: Result<Arc<render::Theme>, Vec<Diagnostic>>,
    mut problems: Findings,
    mut timings: Timings,
    mut clock: Clock,
) -> Result<(Parts, site::Delta), Diagnostics> {
    let options = site::Options {
        drafts: request.drafts,
        index_links: request.index_links,
        now: request.now,
    };
    let (site, mut delta, site_problems) = match previous {
        Some(previous) => {
            let applied = previous.site.apply(config, content, &options);
            (applied.site, applied.delta, applied.problems)
        }
        None => {
            let (site, problems) = site::assemble(config, content, &options, None);
            let delta = site::Delta::everything(&site);
            (site, delta, problems)
        }
    };
    problems.append(site_problems);
    timings.mark("site model", &mut clock);
    let theme = match theme {
        Ok(theme) => theme,
        Err(theme_problems) => {
            problems.extend(theme_problems);
            return Err(problems.into_sorted());
        }
    };
    // A theme with other templates renders every body, card and page anew; so does a
    // changed or removed picture (pages carry its sizes; a new one is on no page yet).
    let previous = match previous {
        Some(p) if !p.theme.same_templates(&theme) || !site.images.extends(&p.site.images) => {
            delta = site::Delta::everything(&site);
            None
        }
        p => p,
    };
    problems.extend(render::check_brand(&site));
    problems.extend(output::embeds::problems(&site));
    let bodies = carry_bodies(&site, &theme, previous, &delta, &mut problems);
    problems.extend(render::check_intros(&site, &theme, &bodies));
    timings.mark("markdown", &mut clock);
    if problems.has_errors() {
        // Cards of broken content would only repeat its errors as template errors.
        return Err(problems.into_sorted());
    }
    let cards = match carry_cards(&site, &theme, &bodies, previous, &mut delta) {
        Ok(cards) => cards,
        Err(card_problems) => {
            problems.extend(card_problems);
            return Err(problems.into_sorted());
        }
    };
    problems.extend(share::notes(
        &site,
        (cards.data.iter().enumerate()).map(|(id, card)| (id, &card.share)),
    ));
    timings.mark("cards", &mut clock);
    let parts = Parts {
        site,
        theme,
        bodies,
        cards,
        warnings: problems,
        timings,
        languages: Vec::new(),
    };
    Ok((parts, delta))
}

/// Every item's body: an unchanged file's body is the previous one, unless it shows
/// other items (links, shortcodes), which are rendered again.
fn carry_bodies(
    site: &site::Site,
    theme: &render::Theme,
    previous: Option<&Parts>,
    delta: &site::Delta,
    problems: &mut Findings,
) -> Vec<render::Body> {
    if let Some(previous) = previous.filter(|_| !delta.everything_changed()) {
        // The previous bodies, less those of files that changed, came or went, or that
        // show other items (links, shortcodes): those are rendered again.
        let mut bodies = previous.bodies.clone();
        bodies.resize(site.items.slots(), render::Body::default());
        let mut again = Vec::new();
        for (id, body) in bodies.iter_mut().enumerate() {
            match (site.items.get(id), previous.site.items.get(id)) {
                (Some(item), Some(old)) if Arc::ptr_eq(&old.doc, &item.doc) && !body.uses_site => {}
                (Some(_), _) => again.push(id),
                (None, Some(_)) => *body = render::Body::default(),
                (None, None) => {}
            }
        }
        problems.extend(render::bodies_again(site, theme, &mut bodies, &again));
        return bodies;
    }
    let (bodies, body_problems) = render::bodies(site, theme);
    problems.extend(body_problems);
    bodies
}

/// Every item's card: an item whose card cannot have changed (the item, its customer
/// and its body are as they were) keeps the previous card; another card identical to
/// its previous one keeps its HTML. Items whose body, card or card HTML came out
/// different are marked in `delta`.
fn carry_cards(
    site: &site::Site,
    theme: &render::Theme,
    bodies: &[render::Body],
    previous: Option<&Parts>,
    delta: &mut site::Delta,
) -> Result<render::Cards, Vec<Diagnostic>> {
    if let Some(previous) = previous.filter(|_| !delta.everything_changed()) {
        let reuse = |id: site::ItemId, card: &render::views::Card| {
            let old = previous.cards.data.get(id)?;
            (**old == *card).then(|| previous.cards.html[id].clone())
        };
        // The previous cards, less those whose item, customer or body changed: those
        // are made again, and marked in `delta` when they came out different.
        let mut cards = render::Cards {
            data: previous.cards.data.clone(),
            html: previous.cards.html.clone(),
        };
        let slots = site.items.slots();
        cards.data.resize(slots, Arc::default());
        cards.html.resize(slots, Arc::from(""));
        for (id, _) in previous.site.items.iter() {
            if site.items.get(id).is_none() {
                cards.data[id] = Arc::default();
                cards.html[id] = Arc::from("");
            }
        }
        let kept = |id: site::ItemId, item: &site::Item| {
            previous.site.items.get(id).is_some()
                && !delta.item(id)
                && item.customer.is_none_or(|c| !delta.item(c))
                && bodies[id].same(&previous.bodies[id])
        };
        let again: Vec<site::ItemId> = (site.items.iter())
            .filter(|(id, item)| !kept(*id, item))
            .map(|(id, _)| id)
            .collect();
        render::cards_again(site, bodies, theme, &mut cards, &again, &reuse)?;
        for id in again {
            if previous.site.items.get(id).is_some()
                && came_out_different(&cards, bodies, previous, id)
            {
                delta.mark(site, id);
            }
        }
        return Ok(cards);
    }
    // A first build, or new settings or templates: every card is made.
    render::cards(site, bodies, theme)
}

/// Whether item `id`'s card, its HTML or its body's text came out different from the
/// `previous` update's. Term pages and data files read what a card shows, not its
/// HTML: a customer's new name changes its stories' lines even where their cards do not
/// print it.
fn came_out_different(
    cards: &render::Cards,
    bodies: &[render::Body],
    previous: &Parts,
    id: site::ItemId,
) -> bool {
    let same_card = Arc::ptr_eq(&cards.html[id], &previous.cards.html[id])
        || cards.html[id] == previous.cards.html[id];
    let same_data = Arc::ptr_eq(&cards.data[id], &previous.cards.data[id])
        || cards.data[id] == previous.cards.data[id];
    !same_card || !same_data || !bodies[id].same_text(&previous.bodies[id])
}

/// Runs every stage but writing: every file is made, none kept (`vouch check`). Returns
/// the warnings, or every problem when there is an error.
pub fn check(request: &Request) -> Result<Diagnostics, Diagnostics> {
    let mut parts = Parts::load(request)?;
    let mut problems = std::mem::take(&mut parts.warnings).into_sorted();
    let (plans, alternates) = parts.checked_plans(&mut problems)?;
    let renderers = languages::renderers(&parts, &parts.languages, alternates);
    for (plan, renderer) in plans.iter().zip(&renderers) {
        if let Err(page_problems) = output::try_make_all(plan, renderer) {
            problems.extend(page_problems);
            problems.sort();
            return Err(problems);
        }
    }
    Ok(problems)
}

/// Builds the site into `out`, rendering pages while writing them, and replaces `out`
/// only when the whole build succeeded.
pub fn build(request: &Request, out: &Path) -> Result<Built, Diagnostics> {
    check_output_folder(&request.root, out).map_err(|d| Diagnostics(vec![d]))?;
    let mut parts = Parts::load(request)?;
    let mut clock = Clock::now();
    let mut timings = std::mem::take(&mut parts.timings);
    let mut problems = std::mem::take(&mut parts.warnings).into_sorted();
    let (plans, alternates) = parts.checked_plans(&mut problems)?;
    timings.mark("plan", &mut clock);
    let renderers = languages::renderers(&parts, &parts.languages, alternates);
    let groups: Vec<(&[output::OutputFile], &render::Renderer<'_>)> =
        plans.iter().map(Vec::as_slice).zip(&renderers).collect();
    let every = || plans.iter().flatten();
    match output::write_groups(&groups, out) {
        Ok(()) => Ok(Built {
            timings: {
                timings.mark("pages and files written", &mut clock);
                timings
            },
            items: parts.site.items.count(),
            pages: every().filter(|f| f.path.ends_with(".html")).count(),
            files: every().count(),
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

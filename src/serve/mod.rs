//! `vouch serve`: the live preview. The site is generated in memory (never into
//! `public/`), served on loopback, rebuilt when content/, vouch.yml or themes/ change, and
//! the browser reloads itself through a small injected script. A broken edit keeps the
//! last good pages and shows the problems in an overlay until they are fixed.

mod editor;
pub mod hosts;
pub mod http;
mod panel;
mod watch;

use crate::diagnostics::{Diagnostic, Diagnostics, Findings};
use crate::output::{Contents, OutputFile, WriteError};
use crate::site::{Delta, Layered};
use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// What `vouch serve` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site's folder.
    pub root: PathBuf,
    /// Interface to listen on (loopback unless `--bind`).
    pub bind: std::net::IpAddr,
    /// Preferred port; the next free one is taken when it is busy.
    pub port: u16,
    /// Show drafts and scheduled items.
    pub drafts: bool,
    /// Host names answered besides localhost and IP addresses (`--allow-host`).
    pub allow_hosts: Vec<String>,
}

/// One file the preview serves.
#[derive(Clone)]
pub enum Served {
    /// Generated in memory.
    Bytes(Arc<[u8]>),
    /// A content file, read from disk when asked for.
    File(PathBuf),
}

/// The site the preview serves: the parts of the last good update, every file planned,
/// and the files made so far. Files are made when first asked for; an update keeps
/// those whose needs its [`Delta`] does not meet.
pub struct Live {
    parts: crate::Parts,
    /// The parts' warnings, shared with each rebuild's report.
    warnings: Arc<Findings>,
    /// Every planned file but the items' own pages, by its path. The path is moved out
    /// of the file into the key (a save plans thousands of files; copying each path
    /// again cost a millisecond), so a file here has an empty `path`: read the key. A
    /// content file at an item page's path is here and wins ([`crate::output::merge`]).
    planned: HashMap<String, OutputFile>,
    /// The items' own pages, the same way: each is a function of an item's identity
    /// and folder, so they are shared with the previous update while no item came,
    /// went or moved to another folder (most saves), and otherwise changed in a
    /// layered map that shares the rest.
    pages: Layered<String, OutputFile>,
    /// The other languages' planned files (paths under their folders), one map a
    /// language: their sites are made again at every save, from their translations.
    languages: Vec<HashMap<String, OutputFile>>,
    /// Which pages each language has, when the site has several.
    alternates: Option<Arc<crate::render::alternates::Alternates>>,
    made: Mutex<HashMap<String, Arc<[u8]>>>,
}

impl Live {
    /// The served site of `parts`, keeping what `previous` made of files `delta` left as
    /// they were.
    fn new(mut parts: crate::Parts, delta: &Delta, previous: Option<&Live>) -> Live {
        let warnings = Arc::new(std::mem::take(&mut parts.warnings));
        let renderer = parts.renderer();
        let site = &parts.site;
        let by_path = |files: Vec<OutputFile>| -> HashMap<String, OutputFile> {
            let files = files.into_iter();
            files
                .map(|mut f| (std::mem::take(&mut f.path), f))
                .collect()
        };
        let pages = match previous.filter(|_| !delta.everything_changed()) {
            Some(previous) => pages_after(&previous.pages, &previous.parts.site, site),
            None => (crate::output::item_pages(site, &renderer).into_iter())
                .map(|mut f| (std::mem::take(&mut f.path), f))
                .collect(),
        };
        let others = crate::output::other_files(site, &renderer, &parts.theme);
        let mut planned = by_path(crate::output::merge(others));
        planned
            .retain(|path, f| matches!(f.contents, Contents::Copy(_)) || !pages.contains_key(path));
        drop(renderer);
        let (languages, alternates) = languages_of(&parts, &planned, &pages);
        // A page names its versions in the other languages: when which pages exist
        // changed, no page made before is kept.
        let same_languages = previous.is_some_and(|p| match (&p.alternates, &alternates) {
            (Some(a), Some(b)) => a.pages == b.pages,
            (a, b) => a.is_none() && b.is_none(),
        });
        let previous = previous.filter(|_| same_languages);
        let made = previous.map_or_else(HashMap::default, |previous| {
            let kept = |path: &String| {
                let file = planned.get(path).or_else(|| pages.get(path));
                file.is_some_and(|f| !f.needs.met_by(delta, &parts.site))
            };
            let made = previous.made.lock().unwrap_or_else(|e| e.into_inner());
            made.iter()
                .filter(|(path, _)| kept(path))
                .map(|(path, bytes)| (path.clone(), bytes.clone()))
                .collect()
        });
        Live {
            parts,
            warnings,
            planned,
            pages,
            languages,
            alternates,
            made: Mutex::new(made),
        }
    }

    /// The planned file at `path`, with its language (0: the default).
    fn planned_in(&self, path: &str) -> Option<(&OutputFile, usize)> {
        let default = self.planned.get(path).or_else(|| self.pages.get(path));
        let default = default.map(|f| (f, 0));
        default.or_else(|| {
            let mut other = self.languages.iter().enumerate();
            other.find_map(|(at, files)| Some((files.get(path)?, at + 1)))
        })
    }

    /// The planned file at `path`.
    fn planned(&self, path: &str) -> Option<&OutputFile> {
        self.planned_in(path).map(|(f, _)| f)
    }

    /// The renderer of language `at` (0: the default).
    fn renderer_of(&self, at: usize) -> crate::render::Renderer<'_> {
        let (parts, alternates) = (&self.parts, self.alternates.as_ref());
        crate::languages::renderer_of(parts, &parts.languages, alternates, at)
    }

    /// Every planned path (a content file at an item page's path once).
    fn planned_paths(&self) -> impl Iterator<Item = &str> + Clone {
        let pages = self.pages.iter().map(|(path, _)| path);
        let pages = pages.filter(|p| !self.planned.contains_key(*p));
        let languages = self.languages.iter().flat_map(|files| files.keys());
        self.planned
            .keys()
            .chain(pages)
            .chain(languages)
            .map(String::as_str)
    }

    /// Warnings and notes of the site as served.
    pub fn warnings(&self) -> &Arc<Findings> {
        &self.warnings
    }

    /// A fingerprint of the stylesheets, so pages know when to fetch them again.
    pub fn css_stamp(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        let mut sheets: Vec<(&String, &OutputFile)> = self
            .planned
            .iter()
            .filter(|(path, _)| path.ends_with(".css"))
            .collect();
        sheets.sort_by_key(|(path, _)| *path);
        for (path, sheet) in sheets {
            path.hash(&mut hasher);
            match &sheet.contents {
                Contents::Bytes(b) => b.hash(&mut hasher),
                Contents::Text(t) => t.hash(&mut hasher),
                Contents::Copy(p) => std::fs::read(p).unwrap_or_default().hash(&mut hasher),
                _ => {}
            }
        }
        hasher.finish()
    }

    /// Every file the site has, sorted.
    pub fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.planned_paths().collect();
        paths.sort_unstable();
        paths
    }

    /// The bodies' root-relative links and images that no planned file answers.
    fn broken_links(&self) -> Vec<Diagnostic> {
        let planned = self.planned_paths();
        crate::output::check_site_links(&self.parts.site, &self.parts.bodies, planned)
    }

    /// Whether the site has a file at `path`.
    pub fn has(&self, path: &str) -> bool {
        self.planned(path).is_some()
    }

    /// The file at `path`, made now if it has not been yet.
    pub fn get(&self, path: &str) -> Option<Served> {
        let made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(bytes) = made.get(path) {
            return Some(Served::Bytes(bytes.clone()));
        }
        drop(made);
        let (file, language) = self.planned_in(path)?;
        match &file.contents {
            Contents::Copy(source) => return Some(Served::File(source.clone())),
            // In memory already, in the plan itself.
            Contents::Text(text) => return Some(Served::Bytes(Arc::from(text.as_bytes()))),
            Contents::Bytes(bytes) => return Some(Served::Bytes(Arc::from(bytes.as_ref()))),
            _ => {}
        }
        let mut bytes = Vec::new();
        let renderer = self.renderer_of(language);
        let bytes: Arc<[u8]> = match file.contents.write_to(&renderer, &mut bytes) {
            Ok(()) => Arc::from(bytes),
            Err(WriteError::Render(problems)) => {
                let text: Vec<String> = problems
                    .iter()
                    .map(|d| d.render(Path::new("."), false))
                    .collect();
                Arc::from(text.join("\n").into_bytes())
            }
            Err(WriteError::Io(e)) => Arc::from(e.to_string().into_bytes()),
        };
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), bytes.clone());
        Some(Served::Bytes(bytes))
    }
}

/// The other languages' planned files, by path, and which pages each language has
/// (from `planned` and `pages`, the default language's files), when there are others.
#[allow(clippy::type_complexity)]
fn languages_of(
    parts: &crate::Parts,
    planned: &HashMap<String, OutputFile>,
    pages: &Layered<String, OutputFile>,
) -> (
    Vec<HashMap<String, OutputFile>>,
    Option<Arc<crate::render::alternates::Alternates>>,
) {
    if parts.languages.is_empty() {
        return (Vec::new(), None);
    }
    let plans: Vec<Vec<OutputFile>> = parts.languages.iter().map(crate::languages::plan).collect();
    // The default's pages keep their paths as keys (`OutputFile::path` is empty).
    let default = (planned.iter().chain(pages.iter()))
        .filter(|(_, f)| matches!(f.contents, Contents::Page(_)))
        .map(|(path, _)| (0, path.as_str()));
    let others = (plans.iter().enumerate())
        .flat_map(|(at, plan)| crate::languages::pages_of(plan).map(move |p| (at + 1, p)));
    let alternates = crate::languages::alternates(parts, default.chain(others), &parts.languages);
    let languages = plans
        .into_iter()
        .map(|files| files.into_iter().map(|f| (f.path.clone(), f)).collect())
        .collect();
    (languages, Some(Arc::new(alternates)))
}

/// The items' own pages of `new`, from those of `old` (`pages`): shared while every
/// item has its page in the same folder and none with a page came or went (most
/// saves); else the pages of the items that moved, came or went are taken out and
/// planned again (`output::item_page`).
fn pages_after(
    pages: &Layered<String, OutputFile>,
    old: &crate::site::Site,
    new: &crate::site::Site,
) -> Layered<String, OutputFile> {
    let slots = old.items.slots().max(new.items.slots());
    let moved: Vec<usize> = (0..slots)
        .filter(|&id| match (old.items.get(id), new.items.get(id)) {
            (Some(a), Some(b)) => !a.same_published(b) && a.dir != b.dir,
            (a, b) => a.or(b).is_some_and(|i| i.dir.is_some()),
        })
        .collect();
    if moved.is_empty() {
        return pages.clone();
    }
    let mut pages = pages.clone();
    for &id in &moved {
        if let Some(page) = crate::output::item_page(old, id) {
            pages.remove(&page.path);
        }
    }
    for &id in &moved {
        if let Some(mut page) = crate::output::item_page(new, id) {
            pages.insert(std::mem::take(&mut page.path), page);
        }
    }
    pages
}

/// The site as the preview serves it: the last good build, and the problems of the
/// latest attempt if it failed.
#[derive(Default)]
pub struct Snapshot {
    /// The last good site.
    pub live: Option<Live>,
    /// Problems of the latest build when it failed (the site is from the one before).
    pub failure: Option<Diagnostics>,
    /// Bumped on every rebuild attempt, so browsers know something changed.
    pub version: u64,
    /// How the browser should react to the last change.
    pub change: Change,
}

/// What a rebuild changed, as the browser should react to it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Change {
    /// Nothing yet.
    #[default]
    None,
    /// Reload the page.
    Reload,
    /// Only CSS changed: swap stylesheets, keep the page.
    Css,
    /// The build failed: show the overlay.
    Failed,
}

/// The state shared by the server threads and the watcher.
pub struct Preview {
    /// The current snapshot.
    pub snapshot: RwLock<Snapshot>,
    /// The version of the latest rebuild (the reload streams wait on it).
    pub changed: tokio::sync::watch::Sender<u64>,
    /// The site's root, for reading content files and rendering diagnostics.
    pub root: PathBuf,
    /// The content files as they are on disk now, parsed (kept even when the build
    /// failed, so the next save re-reads only what it touched). Only rebuilds read it,
    /// one at a time, and never while pages are served from the snapshot's lock.
    cache: Mutex<Option<crate::content::Cache>>,
    /// The browser editor's local backend: this session's token, and whether saving is
    /// on (only while the preview listens on loopback).
    pub editing: editor::Editing,
}

impl Preview {
    /// A preview of the site at `root`, not built yet.
    pub fn new(root: PathBuf) -> Preview {
        Preview {
            snapshot: RwLock::new(Snapshot::default()),
            changed: tokio::sync::watch::Sender::new(0),
            root,
            cache: Mutex::new(None),
            editing: editor::Editing::default(),
        }
    }

    fn announce(&self, version: u64) {
        self.changed.send_replace(version);
    }
}

/// How long one rebuild took and what it did, for the terminal.
#[derive(Debug)]
pub struct Rebuilt {
    /// Time taken.
    pub took: Duration,
    /// Errors and warnings (shared with the site served), as the stages found them:
    /// unsorted, exact repeats kept; [`Findings::sorted`] lists them as `vouch check`
    /// does.
    pub problems: Arc<Findings>,
    /// Whether the new site replaced the old one.
    pub ok: bool,
    /// Whether the update carried the previous site's bodies, cards and made files
    /// over, rather than rendering everything (a first build, settings, templates).
    pub incremental: bool,
    /// Whether a good site was being served before this rebuild (not so for the first
    /// build, nor while every build so far has failed).
    pub had_site: bool,
    /// How long each stage took (`vouch serve --timings`), so a slow save can be pinned
    /// on a stage.
    pub timings: crate::Timings,
}

/// What the preview reports while it runs; `main.rs` prints it.
#[derive(Debug)]
pub enum Event {
    /// The port asked for was busy; another was taken.
    PortBusy {
        /// The port asked for.
        wanted: u16,
        /// The port taken.
        port: u16,
    },
    /// Serving on an address other machines can reach.
    Exposed(std::net::IpAddr),
    /// Serving at this URL.
    Serving(String),
    /// A rebuild finished.
    Rebuilt(Rebuilt),
}

/// Brings the preview up to date after `changed` files changed (an empty list means
/// "anything": the first build). The files are read again (only the changed ones when
/// the cache has the rest), the parts are updated from the last good site's, and the
/// outputs whose needs the update meets are made again when asked for. A change to
/// themes/ or vouch.yml loads the theme again.
pub fn rebuild(
    preview: &Preview,
    now: jiff::Timestamp,
    drafts: bool,
    base_url: &str,
    changed: &[PathBuf],
) -> Rebuilt {
    let started = Instant::now();
    let root = &preview.root;
    let themes = root.join("themes");
    let only_css = !changed.is_empty()
        && changed
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "css") && p.starts_with(&themes));
    let theme_touched = changed.is_empty()
        || changed
            .iter()
            .any(|p| p.starts_with(&themes) || p == &root.join(crate::config::CONFIG_FILE));
    let request = crate::Request {
        index_links: false,
        root: root.clone(),
        drafts,
        base_url: Some(base_url.to_string()),
        now,
    };
    let mut clock = crate::Clock::now();
    let mut timings = crate::Timings::default();
    let content = saved_files(preview, changed);
    timings.mark("read saved files", &mut clock);
    let snapshot = preview.snapshot.read().unwrap_or_else(|e| e.into_inner());
    let parts = match snapshot.live.as_ref() {
        Some(live) => {
            let theme = (!theme_touched).then(|| live.parts.theme.clone());
            let updated = live.parts.update(&request, &content, theme);
            updated.map(|(parts, delta)| (parts, delta, Some(live)))
        }
        None => crate::Parts::from_files(&request, &content).map(|parts| {
            let delta = Delta::everything(&parts.site);
            (parts, delta, None)
        }),
    };
    let mut clock = crate::Clock::now();
    let result = parts.map(|(mut parts, delta, previous)| {
        timings.0.append(&mut parts.timings.0);
        let carried = previous.is_some() && !delta.everything_changed();
        let live = Live::new(parts, &delta, previous);
        timings.mark("plan", &mut clock);
        (live, carried)
    });
    // A page linking to nothing fails the update, as it fails the build.
    let result = result.and_then(|(live, carried)| {
        let broken = live.broken_links();
        timings.mark("links checked", &mut clock);
        if broken.is_empty() {
            return Ok((live, carried));
        }
        // Refused as the build refuses it: the broken links with every other problem.
        let mut problems = Findings::clone(live.warnings());
        problems.extend(broken);
        Err(problems.into_sorted())
    });
    drop(snapshot);
    *preview.cache.lock().unwrap_or_else(|e| e.into_inner()) = Some(content);
    let (had_site, ok, problems, incremental) = show_outcome(preview, result, only_css);
    Rebuilt {
        took: started.elapsed(),
        problems,
        ok,
        incremental,
        had_site,
        timings,
    }
}

/// The content files as they are on disk now. The cache is taken out of the preview so
/// that only the changed files are read again (an empty `changed`: every file).
fn saved_files(preview: &Preview, changed: &[PathBuf]) -> crate::content::Cache {
    let root = &preview.root;
    // The cache is brought up to date in place and put back whether or not the update
    // succeeds (a rebuild that panicked leaves none: the next one reads every file).
    let cached = preview
        .cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take();
    match cached {
        Some(mut cache) if !changed.is_empty() => {
            cache.update(root, changed);
            cache
        }
        _ => crate::content::Cache::load(root),
    }
}

/// Puts a rebuild's outcome in front of the browsers: the new site, or the problems
/// over the last good one, and a new version for the reload streams. Returns whether
/// a site was served before, whether the new one replaced it, its problems, and
/// whether it was carried over from the previous one.
fn show_outcome(
    preview: &Preview,
    result: Result<(Live, bool), Diagnostics>,
    only_css: bool,
) -> (bool, bool, Arc<Findings>, bool) {
    let mut snapshot = preview.snapshot.write().unwrap_or_else(|e| e.into_inner());
    let had_site = snapshot.live.is_some();
    snapshot.version += 1;
    let (ok, problems, incremental) = match result {
        Ok((live, carried)) => {
            let warnings = live.warnings().clone();
            let old = snapshot.live.replace(live);
            // Freeing a large site takes a while; nobody needs to wait for it.
            std::thread::spawn(move || drop(old));
            snapshot.failure = None;
            snapshot.change = if only_css {
                Change::Css
            } else {
                Change::Reload
            };
            (true, warnings, carried)
        }
        Err(problems) => {
            snapshot.failure = Some(problems.clone());
            snapshot.change = Change::Failed;
            (false, Arc::new(Findings::from(problems)), false)
        }
    };
    let version = snapshot.version;
    drop(snapshot);
    preview.announce(version);
    (had_site, ok, problems, incremental)
}

/// Runs the preview until Ctrl-C: builds, serves, watches, and tells `on_event` what
/// happens.
pub fn run(
    options: &Options,
    on_event: impl Fn(Event) + Send + Sync + 'static,
) -> Result<(), Diagnostic> {
    let (listener, port) = http::bind(options.bind, options.port)?;
    // Port 0 asks the system for any free port: getting one is no busy port.
    if port != options.port && options.port != 0 {
        on_event(Event::PortBusy {
            wanted: options.port,
            port,
        });
    }
    if !options.bind.is_loopback() {
        on_event(Event::Exposed(options.bind));
    }
    let host = if options.bind.is_unspecified() || options.bind.is_loopback() {
        "127.0.0.1".to_string()
    } else {
        options.bind.to_string()
    };
    let base_url = format!("http://{host}:{port}/");
    let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| options.root.clone());
    let preview = Arc::new(Preview::new(root.clone()));
    preview.editing.allow(options.bind.is_loopback());
    // The preview's loop reads the clock, once a save: the site model never does.
    on_event(Event::Rebuilt(rebuild(
        &preview,
        crate::site::now_from_env(),
        options.drafts,
        &base_url,
        &[],
    )));
    let on_event = Arc::new(on_event);
    let _watcher = watch::start(&root, {
        let preview = preview.clone();
        let drafts = options.drafts;
        let base_url = base_url.clone();
        let on_event = on_event.clone();
        // One rebuild at a time (a folder appearing calls back from a second thread).
        let one_at_a_time = Mutex::new(());
        move |changed: Vec<PathBuf>| {
            let _turn = one_at_a_time.lock().unwrap_or_else(|e| e.into_inner());
            let now = crate::site::now_from_env();
            on_event(Event::Rebuilt(rebuild(
                &preview, now, drafts, &base_url, &changed,
            )))
        }
    })?;
    on_event(Event::Serving(base_url));
    let hosts = hosts::AllowedHosts::new(&options.allow_hosts);
    http::serve(listener, preview, http::Limits::default(), hosts)
}

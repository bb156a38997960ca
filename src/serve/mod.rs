//! `vouch serve`: the live preview. The site is generated in memory (never into
//! `public/`), served on loopback, rebuilt when content/, vouch.yml or themes/ change, and
//! the browser reloads itself through a small injected script. A broken edit keeps the
//! last good pages and shows the problems in an overlay until they are fixed.

pub mod http;
mod watch;

use crate::content::kinds::Kind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Contents;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, RwLock};
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
}

/// One file the preview serves.
#[derive(Clone)]
pub enum Served {
    /// Generated in memory.
    Bytes(Arc<[u8]>),
    /// A content file, read from disk when asked for.
    File(PathBuf),
}

/// The site the preview serves: the model and cards kept from the last good build, the
/// planned files, and the pages rendered so far. Pages are rendered when first asked
/// for, so a rebuild only has to bring the model up to date.
pub struct Live {
    site: crate::site::Site,
    theme: Arc<crate::render::Theme>,
    bodies: Vec<crate::render::Body>,
    cards: Vec<crate::render::views::Card>,
    card_html: Vec<String>,
    planned: HashMap<String, Contents>,
    rendered: Mutex<HashMap<String, Arc<[u8]>>>,
    /// Warnings and notes of the site as served (shared with the rebuild's report).
    warnings: Arc<Diagnostics>,
}

impl Live {
    /// The served site of `parts`. With `previous` (same theme and settings), a card
    /// identical to the one its file had there keeps its HTML instead of being rendered.
    fn new(parts: crate::Parts, previous: Option<&Live>) -> Result<Live, Diagnostics> {
        let crate::Parts {
            site,
            theme,
            bodies,
            warnings,
            ..
        } = parts;
        let warnings = Arc::new(warnings);
        let same_view = previous.is_some_and(|p| {
            crate::render::views::SiteView::new(&p.site)
                == crate::render::views::SiteView::new(&site)
        });
        let reuse = |id: crate::site::ItemId, card: &crate::render::views::Card| {
            let previous = previous.filter(|_| same_view)?;
            let old = *previous
                .site
                .by_content_path
                .get(&site.items[id].doc.content_path)?;
            (previous.cards.get(old)? == card).then(|| previous.card_html[old].clone())
        };
        // A card is made from its item, its customer, its body and the term labels: when
        // none of them changed, the previous card and HTML carry over unmade.
        // Terms whose label is new or different: a card showing one is made again.
        let relabelled: std::collections::HashSet<(&str, &str)> = match previous {
            Some(p) => {
                let labels = |s: &crate::site::Site| -> HashMap<(&'static str, String), String> {
                    let taxonomies = s.taxonomies.iter();
                    taxonomies
                        .flat_map(|t| {
                            let terms = t.terms.iter();
                            terms.map(|term| ((t.name, term.slug.clone()), term.label.clone()))
                        })
                        .collect()
                };
                let old = labels(&p.site);
                site.taxonomies
                    .iter()
                    .flat_map(|t| t.terms.iter().map(move |term| (t.name, term)))
                    .filter(|(name, term)| {
                        old.get(&(*name, term.slug.clone())) != Some(&term.label)
                    })
                    .map(|(name, term)| (name, term.slug.as_str()))
                    .collect()
            }
            None => Default::default(),
        };
        let carry = |id: crate::site::ItemId| {
            let previous = previous.filter(|_| same_view)?;
            let item = &site.items[id];
            let old_id = *previous.site.by_content_path.get(&item.doc.content_path)?;
            let old = &previous.site.items[old_id];
            let same_customer = match (item.customer, old.customer) {
                (None, None) => true,
                (Some(c), Some(o)) => {
                    let (c, o) = (&site.items[c], &previous.site.items[o]);
                    Arc::ptr_eq(&c.doc, &o.doc)
                        && c.title == o.title
                        && c.url == o.url
                        && c.dir == o.dir
                }
                _ => false,
            };
            // An event's card says whether it is upcoming, which moves with the clock.
            let unchanged = item.kind() != Kind::Event
                && Arc::ptr_eq(&item.doc, &old.doc)
                && bodies[id].same(&previous.bodies[old_id])
                && (&item.slug, &item.title, &item.url, &item.dir, item.date)
                    == (&old.slug, &old.title, &old.url, &old.dir, old.date)
                && item.terms == old.terms
                && !item.terms.iter().any(|(name, slugs)| {
                    slugs
                        .iter()
                        .any(|slug| relabelled.contains(&(*name, slug.as_str())))
                })
                && same_customer;
            unchanged.then(|| {
                (
                    previous.cards[old_id].clone(),
                    previous.card_html[old_id].clone(),
                )
            })
        };
        let (cards, card_html) =
            crate::render::cards_carrying(&site, &bodies, &theme, &carry, &reuse)
                .map_err(Diagnostics)?;
        let mut live = Live {
            site,
            theme,
            bodies,
            cards,
            card_html,
            planned: HashMap::new(),
            rendered: Mutex::new(HashMap::new()),
            warnings,
        };
        live.replan();
        Ok(live)
    }

    fn renderer(&self) -> crate::render::Renderer<'_> {
        crate::render::Renderer::with_cards(
            &self.site,
            &self.bodies,
            &self.theme,
            &self.cards,
            &self.card_html,
        )
    }

    /// Plans the output again (feeds, calendars, the search index and the sitemap are
    /// made here; pages and API files wait until they are asked for).
    fn replan(&mut self) {
        let renderer = self.renderer();
        let files = crate::output::plan(&self.site, &renderer, &self.theme);
        drop(renderer);
        self.planned = files.into_iter().map(|f| (f.path, f.contents)).collect();
        self.rendered
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// A fingerprint of the stylesheets, so pages know when to fetch them again.
    pub fn css_stamp(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        let mut sheets: Vec<(&String, &Contents)> = self
            .planned
            .iter()
            .filter(|(p, _)| p.ends_with(".css"))
            .collect();
        sheets.sort_by(|a, b| a.0.cmp(b.0));
        for (path, contents) in sheets {
            path.hash(&mut hasher);
            match contents {
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
        let mut paths: Vec<&str> = self.planned.keys().map(String::as_str).collect();
        paths.sort_unstable();
        paths
    }

    /// Whether the site has a file at `path`.
    pub fn has(&self, path: &str) -> bool {
        self.planned.contains_key(path)
    }

    /// The file at `path`, rendered now if it has not been yet.
    pub fn get(&self, path: &str) -> Option<Served> {
        if let Some(bytes) = self
            .rendered
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
        {
            return Some(Served::Bytes(bytes.clone()));
        }
        let bytes: Arc<[u8]> = match self.planned.get(path)? {
            Contents::Copy(p) => return Some(Served::File(p.clone())),
            Contents::Text(t) => Arc::from(t.as_bytes()),
            Contents::Bytes(b) => Arc::from(b.as_ref()),
            Contents::Page(job) => match self.renderer().render(job) {
                Ok(page) => Arc::from(page.html.into_bytes()),
                Err(d) => Arc::from(d.render(Path::new("."), false).into_bytes()),
            },
            Contents::Channel(channel) => Arc::from(channel.make(&self.renderer()).into_bytes()),
            Contents::Api(kind) => {
                let mut json = Vec::new();
                let _ =
                    crate::output::api::write_api_file(&self.site, &self.bodies, *kind, &mut json);
                Arc::from(json)
            }
        };
        self.rendered
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), bytes.clone());
        Some(Served::Bytes(bytes))
    }

    /// The fast path for the most common edits: one published item's file changed, and
    /// the change stays within the item (its text, or front matter shown only on its own
    /// page and card; see [`crate::site::Site::patch`]). The item, its body and its card
    /// are made again in place, and bodies that embed customers' words when the item is
    /// a testimonial or quote; pages follow when they are asked for. `None` when the
    /// change reaches further (or has errors), and the model must be assembled again.
    fn patch_item(
        &mut self,
        doc: &Arc<crate::content::Document>,
        drafts: bool,
    ) -> Option<Result<Arc<Diagnostics>, Diagnostics>> {
        use crate::render::{body_of, card_of};
        use rayon::prelude::*;
        let patched = self.site.patch(doc.clone(), drafts)?;
        let id = patched.id;
        let (body, problems) = body_of(&self.site, &self.theme, id, &self.bodies);
        if !problems.is_empty() || body.anchors != self.bodies[id].anchors {
            // Errors are reported by a full build; new or renamed headings may break links.
            self.site.unpatch(patched);
            return None;
        }
        let old_body = std::mem::replace(&mut self.bodies[id], body);
        if matches!(doc.kind, Kind::Testimonial | Kind::Quote) {
            let (site, theme, bodies) = (&self.site, &*self.theme, &self.bodies);
            let redone: Vec<_> = (0..bodies.len())
                .into_par_iter()
                .filter(|i| bodies[*i].uses_site)
                .map(|i| (i, body_of(site, theme, i, bodies)))
                .collect();
            if redone.iter().any(|(_, (_, problems))| !problems.is_empty()) {
                self.site.unpatch(patched);
                self.bodies[id] = old_body;
                return None;
            }
            for (i, (body, _)) in redone {
                self.bodies[i] = body;
            }
        }
        let refiled = patched.refiled();
        let item_problems = patched.problems;
        match card_of(&self.site, &self.theme, id, &self.bodies) {
            Ok((card, html)) => {
                self.cards[id] = card;
                self.card_html[id] = html;
            }
            Err(problems) => return Some(Err(Diagnostics(problems))),
        }
        self.replace_warnings(&[doc.path.as_path()], item_problems);
        if refiled {
            // Term pages may have come or gone.
            self.replan();
        } else {
            self.rendered
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clear();
        }
        Some(Ok(self.warnings.clone()))
    }

    /// The warnings of the files at `paths` replaced by `problems`, in order.
    fn replace_warnings(&mut self, paths: &[&Path], problems: Vec<Diagnostic>) {
        let of = |d: &Diagnostic| paths.iter().any(|p| p.as_os_str() == d.path.as_os_str());
        if problems.is_empty() && !self.warnings.iter().any(of) {
            return;
        }
        let warnings = Arc::make_mut(&mut self.warnings);
        warnings.0.retain(|d| !of(d));
        warnings.extend(problems);
        warnings.sort();
    }

    /// The theme's static files as they are on disk now, when no template changed.
    fn swap_static(&mut self, root: &Path) -> Option<Result<Arc<Diagnostics>, Diagnostics>> {
        let theme = self.theme.with_static_files_of(root, &self.site.config)?;
        self.theme = Arc::new(theme);
        self.replan();
        Some(Ok(self.warnings.clone()))
    }

    /// The path for saves that move items: files created, deleted, re-dated, re-slugged
    /// or given another customer (see [`crate::site::Site::restructure`]). Unchanged
    /// items carry their bodies and cards to their new ids; the changed items' are made,
    /// and bodies that use the site are rendered again. `None` (the site untouched) when
    /// a full assembly is needed, including whenever a body has a problem.
    fn restructure(
        &mut self,
        changes: &[crate::site::FileChange],
        docs: &[Arc<crate::content::Document>],
        assets: Option<&[crate::content::Asset]>,
        drafts: bool,
    ) -> Option<Result<Arc<Diagnostics>, Diagnostics>> {
        use crate::render::{body_of, card_of, Body};
        use rayon::prelude::*;
        let moved = self.site.restructure(changes, docs, assets, drafts)?;
        let old_of_new = &moved.old_of_new;
        let (site, theme) = (&self.site, &*self.theme);
        let mut bodies: Vec<Body> = old_of_new
            .iter()
            .map(|old| old.map(|o| self.bodies[o].clone()).unwrap_or_default())
            .collect();
        // Customers' words first: other bodies embed them.
        let walls = |id: &usize| matches!(site.items[*id].kind(), Kind::Testimonial | Kind::Quote);
        let arrived: Vec<usize> = (0..bodies.len())
            .filter(|id| old_of_new[*id].is_none())
            .collect();
        let mut redone = Vec::new();
        for wall in [true, false] {
            let made: Vec<(usize, Body)> = arrived
                .par_iter()
                .filter(|id| walls(id) == wall)
                .map(|&id| (id, body_of(site, theme, id, &bodies).0))
                .collect();
            for (id, body) in made {
                bodies[id] = body;
            }
            let made: Vec<(usize, Body)> = (0..bodies.len())
                .into_par_iter()
                .filter(|id| walls(id) == wall && old_of_new[*id].is_some())
                .filter(|id| bodies[*id].uses_site)
                .map(|id| (id, body_of(site, theme, id, &bodies).0))
                .collect();
            for (id, body) in made {
                let old = &bodies[id];
                if (&old.html, &old.summary) != (&body.html, &body.summary) {
                    redone.push(id);
                }
                bodies[id] = body;
            }
        }
        let mut problems = crate::render::check_bodies(site, &bodies);
        problems.extend(crate::render::check_intros(site, theme, &bodies));
        if !problems.is_empty() {
            self.site.undo(moved);
            return None;
        }
        // Cards of the new items, and of items whose body now reads differently.
        let made: Result<Vec<_>, _> = arrived
            .iter()
            .chain(&redone)
            .chain(&moved.touched)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|&id| card_of(site, theme, id, &bodies).map(|card| (id, card)))
            .collect();
        let Ok(made) = made else {
            self.site.undo(moved);
            return None;
        };
        let mut made: HashMap<usize, (crate::render::views::Card, String)> =
            made.into_iter().collect();
        let mut cards = std::mem::take(&mut self.cards);
        let mut card_html = std::mem::take(&mut self.card_html);
        // Kept cards stay where they are; only those between moved items shift.
        let mut kept = vec![false; cards.len()];
        for old in old_of_new.iter().flatten() {
            kept[*old] = true;
        }
        let (mut i, mut j) = (0, 0);
        cards.retain(|_| (kept[i], i += 1).0);
        card_html.retain(|_| (kept[j], j += 1).0);
        for (id, old) in old_of_new.iter().enumerate() {
            match (old, made.remove(&id)) {
                (None, Some((card, html))) => {
                    cards.insert(id, card);
                    card_html.insert(id, html);
                }
                (Some(_), Some((card, html))) => {
                    cards[id] = card;
                    card_html[id] = html;
                }
                (_, None) => {}
            }
        }
        self.cards = cards;
        self.card_html = card_html;
        self.bodies = bodies;
        let paths: Vec<&Path> = changes.iter().map(|c| c.path.as_path()).collect();
        self.replace_warnings(&paths, moved.problems);
        self.replan();
        Some(Ok(self.warnings.clone()))
    }
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
    /// The content files as they are on disk now, parsed (kept even when the build
    /// failed, so the next save re-reads only what it touched).
    content: Option<crate::content::Cache>,
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
    /// Signalled after every rebuild (the reload stream waits on it).
    pub changed: (Mutex<u64>, Condvar),
    /// The site's root, for reading content files and rendering diagnostics.
    pub root: PathBuf,
}

impl Preview {
    /// A preview of the site at `root`, not built yet.
    pub fn new(root: PathBuf) -> Preview {
        Preview {
            snapshot: RwLock::new(Snapshot::default()),
            changed: (Mutex::new(0), Condvar::new()),
            root,
        }
    }

    /// Waits until the version moves past `seen` or `timeout` passes; returns the version.
    pub fn wait_for_change(&self, seen: u64, timeout: Duration) -> u64 {
        let (lock, signal) = &self.changed;
        let guard = lock.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = signal
            .wait_timeout_while(guard, timeout, |v| *v <= seen)
            .unwrap_or_else(|e| e.into_inner());
        *guard
    }

    fn announce(&self, version: u64) {
        let (lock, signal) = &self.changed;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = version;
        signal.notify_all();
    }
}

/// How long one rebuild took and what it did, for the terminal.
pub struct Rebuilt {
    /// Time taken.
    pub took: Duration,
    /// Errors and warnings.
    pub problems: Arc<Diagnostics>,
    /// Whether the new site replaced the old one.
    pub ok: bool,
    /// Whether only the changed item was made again (the fast path).
    pub incremental: bool,
}

/// Brings the preview up to date after `changed` files changed (`structural` when files
/// appeared, disappeared or moved; an empty list means "anything"). Only the changed
/// files are read again; unchanged items keep their bodies and cards. A change to the
/// text of one item alone is patched in place; anything else assembles the model
/// again. A change to themes/ or vouch.yml renders everything again.
pub fn rebuild(
    preview: &Preview,
    drafts: bool,
    base_url: &str,
    changed: &[PathBuf],
    structural: bool,
) -> Rebuilt {
    let started = Instant::now();
    let root = &preview.root;
    let only_css = !changed.is_empty()
        && changed.iter().all(|p| {
            p.extension().is_some_and(|e| e == "css") && p.starts_with(root.join("themes"))
        });
    let theme_touched = changed.is_empty()
        || changed.iter().any(|p| {
            p.starts_with(root.join("themes")) || p == &root.join(crate::config::CONFIG_FILE)
        });
    // A stylesheet or script of the theme: the pages stay, the files are swapped.
    let themes = root.join("themes");
    if !changed.is_empty() && changed.iter().all(|p| p.starts_with(&themes)) {
        let mut snapshot = preview.snapshot.write().unwrap_or_else(|e| e.into_inner());
        if snapshot.failure.is_none() {
            if let Some(outcome) = snapshot.live.as_mut().and_then(|l| l.swap_static(root)) {
                let change = if only_css {
                    Change::Css
                } else {
                    Change::Reload
                };
                return record(preview, snapshot, outcome, started, true, change);
            }
        }
    }
    let request = crate::Request {
        root: root.clone(),
        drafts,
        base_url: Some(base_url.to_string()),
        now: None,
    };
    let snapshot = preview.snapshot.read().unwrap_or_else(|e| e.into_inner());
    let content = match (&snapshot.content, changed.is_empty()) {
        (Some(cache), false) => cache.refresh(root, changed),
        _ => crate::content::Cache::load(root),
    };
    let changes = match (&snapshot.content, theme_touched) {
        (Some(before), false) => markdown_changes(root, before, &content, changed),
        _ => None,
    };
    if let Some((changes, assets_touched)) = changes {
        drop(snapshot);
        let mut snapshot = preview.snapshot.write().unwrap_or_else(|e| e.into_inner());
        if snapshot.failure.is_none() {
            let one = match (structural || assets_touched, changes.as_slice()) {
                (false, [crate::site::FileChange { doc: Some(doc), .. }]) => Some(doc.clone()),
                _ => None,
            };
            let assets = assets_touched.then(|| content.assets());
            // A new day may publish scheduled items or end approvals: assemble then.
            let today = crate::site::now_from_env()
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .date();
            let live = snapshot.live.as_mut().filter(|l| l.site.today == today);
            let outcome = live.and_then(|live| {
                one.and_then(|doc| live.patch_item(&doc, drafts))
                    .or_else(|| live.restructure(&changes, &content.documents(), assets, drafts))
            });
            if let Some(outcome) = outcome {
                snapshot.content = Some(content);
                return record(preview, snapshot, outcome, started, true, Change::Reload);
            }
        }
        drop(snapshot);
        return assemble(preview, &request, content, theme_touched, only_css, started);
    }
    drop(snapshot);
    assemble(preview, &request, content, theme_touched, only_css, started)
}

/// The Markdown files `changed` touched, each with its new version (`None` when it
/// is gone), and whether other files (images, logos) came, went or changed: `None` when
/// the cache walked the folder (a folder or a link changed), a file does not parse, or
/// nothing in content/ changed.
fn markdown_changes(
    root: &Path,
    before: &crate::content::Cache,
    after: &crate::content::Cache,
    changed: &[PathBuf],
) -> Option<(Vec<crate::site::FileChange>, bool)> {
    if after.walked() || changed.is_empty() {
        return None;
    }
    let is_asset = |cache: &crate::content::Cache, path: &PathBuf| {
        cache.assets().iter().any(|a| &a.source == path)
    };
    let mut changes = Vec::new();
    let mut assets_touched = false;
    for path in changed {
        if !path.starts_with(root.join(crate::content::CONTENT_DIR)) {
            return None;
        }
        let (doc, known) = match (after.get(path), before.get(path)) {
            (Some(Ok(doc)), _) => (Some(doc.clone()), doc.clone()),
            (None, Some(Ok(old))) => (None, old.clone()),
            (None, None) => {
                assets_touched |= is_asset(after, path) || is_asset(before, path);
                continue; // another file, or one gone before it was read
            }
            _ => return None,
        };
        changes.push(crate::site::FileChange {
            path: known.path.clone(),
            content_path: known.content_path.clone(),
            doc,
        });
    }
    (!changes.is_empty() || assets_touched).then_some((changes, assets_touched))
}

/// The model assembled again from `content`, carrying over from the last good site
/// what the change cannot have touched.
fn assemble(
    preview: &Preview,
    request: &crate::Request,
    content: crate::content::Cache,
    theme_touched: bool,
    only_css: bool,
    started: Instant,
) -> Rebuilt {
    let snapshot = preview.snapshot.read().unwrap_or_else(|e| e.into_inner());
    let previous = snapshot.live.as_ref().filter(|_| !theme_touched);
    let carry = crate::Carry {
        theme: previous.map(|p| p.theme.clone()),
        previous: previous.map(|p| (&p.site, p.bodies.as_slice())),
    };
    let result = crate::prepare_parts_from(request, &content, carry).and_then(|parts| {
        Live::new(parts, previous).map(|live| {
            let warnings = live.warnings.clone();
            (live, warnings)
        })
    });
    drop(snapshot);
    let mut snapshot = preview.snapshot.write().unwrap_or_else(|e| e.into_inner());
    snapshot.content = Some(content);
    let change = if only_css {
        Change::Css
    } else {
        Change::Reload
    };
    let outcome = result.map(|(live, warnings)| (Some(live), warnings));
    record_full(preview, snapshot, outcome, started, change)
}

/// Stores a full rebuild's result: the new site, or the problems beside the old one.
fn record_full(
    preview: &Preview,
    mut snapshot: std::sync::RwLockWriteGuard<'_, Snapshot>,
    outcome: Result<(Option<Live>, Arc<Diagnostics>), Diagnostics>,
    started: Instant,
    change: Change,
) -> Rebuilt {
    let mut replaced = None;
    let outcome = outcome.map(|(live, warnings)| {
        if let Some(live) = live {
            replaced = snapshot.live.replace(live);
        }
        warnings
    });
    let rebuilt = record(preview, snapshot, outcome, started, false, change);
    // Freeing a large site takes a while; nobody needs to wait for it.
    if let Some(old) = replaced {
        std::thread::spawn(move || drop(old));
    }
    rebuilt
}

/// Records a rebuild's outcome, tells the open pages, and reports it.
fn record(
    preview: &Preview,
    mut snapshot: std::sync::RwLockWriteGuard<'_, Snapshot>,
    outcome: Result<Arc<Diagnostics>, Diagnostics>,
    started: Instant,
    incremental: bool,
    change: Change,
) -> Rebuilt {
    snapshot.version += 1;
    let (ok, problems) = match outcome {
        Ok(warnings) => {
            snapshot.failure = None;
            snapshot.change = change;
            (true, warnings)
        }
        Err(problems) => {
            snapshot.failure = Some(problems.clone());
            snapshot.change = Change::Failed;
            (false, Arc::new(problems))
        }
    };
    let version = snapshot.version;
    drop(snapshot);
    preview.announce(version);
    Rebuilt {
        took: started.elapsed(),
        problems,
        ok,
        incremental,
    }
}

/// Runs the preview until Ctrl-C: builds, serves, watches. Prints to standard error.
pub fn run(options: &Options) -> Result<(), Diagnostic> {
    let (listener, port) = http::bind(options.bind, options.port)?;
    if port != options.port {
        eprintln!("port {} is busy; using {port}", options.port);
    }
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} — anyone who can reach this machine can see drafts and unapproved content",
            options.bind
        );
    }
    let host = if options.bind.is_unspecified() || options.bind.is_loopback() {
        "127.0.0.1".to_string()
    } else {
        options.bind.to_string()
    };
    let base_url = format!("http://{host}:{port}/");
    let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| options.root.clone());
    let preview = Arc::new(Preview::new(root.clone()));
    report(
        &preview.root,
        &rebuild(&preview, options.drafts, &base_url, &[], true),
    );
    let _watcher = watch::start(&root, {
        let preview = preview.clone();
        let drafts = options.drafts;
        let base_url = base_url.clone();
        // One rebuild at a time (a folder appearing calls back from a second thread).
        let one_at_a_time = Mutex::new(());
        move |changed: Vec<PathBuf>, structural: bool| {
            let _turn = one_at_a_time.lock().unwrap_or_else(|e| e.into_inner());
            report(
                &preview.root,
                &rebuild(&preview, drafts, &base_url, &changed, structural),
            )
        }
    })?;
    eprintln!("serving {base_url} (Ctrl-C to stop)");
    http::serve(listener, preview, http::Limits::default());
    Ok(())
}

fn report(root: &Path, rebuilt: &Rebuilt) {
    for d in rebuilt.problems.iter().filter(|d| d.is_error()) {
        eprintln!("{}", d.render(root, false));
    }
    if rebuilt.ok {
        eprintln!(
            "rebuilt in {} ms ({}{} warnings)",
            rebuilt.took.as_millis(),
            if rebuilt.incremental {
                "in place; "
            } else {
                ""
            },
            rebuilt.problems.warning_count()
        );
    } else {
        eprintln!(
            "build failed in {} ms: {} errors; still serving the last good site",
            rebuilt.took.as_millis(),
            rebuilt.problems.error_count()
        );
    }
}

//! `vouch serve`: the live preview. The site is generated in memory (never into
//! `public/`), served on loopback, rebuilt when content/, vouch.yml or themes/ change, and
//! the browser reloads itself through a small injected script. A broken edit keeps the
//! last good pages and shows the problems in an overlay until they are fixed.

pub mod http;
mod watch;

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

/// The site as the preview serves it: the last good build, and the problems of the
/// latest attempt if it failed.
#[derive(Default)]
pub struct Snapshot {
    /// Output path (`case-studies/acme/index.html`) → file.
    pub files: HashMap<String, Served>,
    /// Problems of the latest build when it failed (the files are from the one before).
    pub failure: Option<Diagnostics>,
    /// Bumped on every rebuild attempt, so browsers know something changed.
    pub version: u64,
    /// What the last change touched: "css" when only stylesheets changed.
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
    /// Signalled after every rebuild (the reload stream waits on it).
    pub changed: (Mutex<u64>, Condvar),
    /// The site's root, for reading content files and rendering diagnostics.
    pub root: PathBuf,
}

impl Preview {
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
    pub problems: Diagnostics,
    /// Whether the new site replaced the old one.
    pub ok: bool,
    /// Pages in the site.
    pub files: usize,
}

/// Generates the site in memory for `base_url` and swaps it in when it succeeds.
pub fn rebuild(preview: &Preview, drafts: bool, base_url: &str) -> Rebuilt {
    let started = Instant::now();
    let request = crate::Request {
        root: preview.root.clone(),
        drafts,
        base_url: Some(base_url.to_string()),
        now: None,
    };
    let result = crate::generate(&request);
    let mut snapshot = preview.snapshot.write().unwrap_or_else(|e| e.into_inner());
    snapshot.version += 1;
    let rebuilt = match result {
        Ok(generated) => {
            let files: HashMap<String, Served> = generated
                .files
                .into_iter()
                .map(|f| {
                    let served = match f.contents {
                        Contents::Text(t) => Served::Bytes(Arc::from(t.into_bytes())),
                        Contents::Bytes(b) => Served::Bytes(Arc::from(b.into_owned())),
                        Contents::Copy(p) => Served::File(p),
                        // generate() renders every page and data file into text.
                        Contents::Page(_) | Contents::Api(_) => {
                            Served::Bytes(Arc::from(Vec::new()))
                        }
                    };
                    (f.path, served)
                })
                .collect();
            snapshot.change = only_css_changed(&snapshot.files, &files);
            let count = files.len();
            snapshot.files = files;
            snapshot.failure = None;
            Rebuilt {
                took: started.elapsed(),
                problems: generated.warnings,
                ok: true,
                files: count,
            }
        }
        Err(problems) => {
            snapshot.failure = Some(problems.clone());
            snapshot.change = Change::Failed;
            Rebuilt {
                took: started.elapsed(),
                problems,
                ok: false,
                files: snapshot.files.len(),
            }
        }
    };
    let version = snapshot.version;
    drop(snapshot);
    preview.announce(version);
    rebuilt
}

/// `Css` when the only files whose bytes differ are stylesheets.
fn only_css_changed(old: &HashMap<String, Served>, new: &HashMap<String, Served>) -> Change {
    if old.is_empty() || old.len() != new.len() {
        return Change::Reload;
    }
    let mut css = false;
    for (path, file) in new {
        let same = match (old.get(path), file) {
            (Some(Served::Bytes(a)), Served::Bytes(b)) => a == b,
            (Some(Served::File(a)), Served::File(b)) => a == b,
            _ => false,
        };
        if !same {
            if path.ends_with(".css") {
                css = true;
            } else {
                return Change::Reload;
            }
        }
    }
    if css {
        Change::Css
    } else {
        Change::Reload
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
    let preview = Arc::new(Preview {
        snapshot: RwLock::new(Snapshot::default()),
        changed: (Mutex::new(0), Condvar::new()),
        root: options.root.clone(),
    });
    report(&preview.root, &rebuild(&preview, options.drafts, &base_url));
    let _watcher = watch::start(&options.root, {
        let preview = preview.clone();
        let drafts = options.drafts;
        let base_url = base_url.clone();
        move || report(&preview.root, &rebuild(&preview, drafts, &base_url))
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
            "rebuilt in {} ms ({} files, {} warnings)",
            rebuilt.took.as_millis(),
            rebuilt.files,
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

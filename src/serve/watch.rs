//! Watches what a site is made of (content/, vouch.yml, themes/) and calls back once per
//! burst of changes. Editors that save by writing a temporary file and renaming it, and
//! tools that touch many files at once, produce one rebuild, not dozens.

use crate::diagnostics::Diagnostic;
use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult};
use std::path::Path;
use std::time::Duration;

/// How long to wait for a burst of file events to settle.
const SETTLE: Duration = Duration::from_millis(15);

type Debouncer = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// The running watcher; dropping it stops watching.
pub struct Watcher {
    _debouncer: std::sync::Arc<std::sync::Mutex<Debouncer>>,
}

/// The folders watched recursively, when they exist (the root itself is watched
/// alone, for vouch.yml and for these folders appearing).
const FOLDERS: [&str; 2] = ["content", "themes"];

/// Starts watching `root`; `on_change` runs on the watcher's thread after each burst,
/// with the changed paths.
pub fn start(
    root: &Path,
    on_change: impl Fn(Vec<std::path::PathBuf>) + Send + Sync + 'static,
) -> Result<Watcher, Diagnostic> {
    // Events carry absolute paths: compare them with the absolute root.
    let root = &std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let root_for_filter = root.to_path_buf();
    let on_change = std::sync::Arc::new(on_change);
    let report = on_change.clone();
    // A content/ or themes/ folder made after the start is watched from then on; the
    // debouncer cannot be told so from inside its own callback, so a thread does it.
    let (appeared, folders) = std::sync::mpsc::channel::<std::path::PathBuf>();
    let folder_paths: Vec<std::path::PathBuf> = FOLDERS.iter().map(|f| root.join(f)).collect();
    let mut debouncer = new_debouncer(SETTLE, None, move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        // Reading files (our own rebuild does) raises access events: only changes count.
        let relevant = |p: &std::path::PathBuf| {
            let rel = p.strip_prefix(&root_for_filter).unwrap_or(p);
            let first = rel
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy().into_owned());
            let hidden = rel
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            let editor_temp = rel.to_string_lossy().ends_with('~');
            !hidden
                && !editor_temp
                && matches!(first.as_deref(), Some("content" | "themes" | "vouch.yml"))
        };
        let mut changed: Vec<std::path::PathBuf> = Vec::new();
        for e in events
            .iter()
            .filter(|e| !matches!(e.kind, notify::EventKind::Access(_)))
        {
            changed.extend(e.paths.iter().filter(|p| relevant(p)).cloned());
        }
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            return;
        }
        for folder in changed.iter().filter(|p| folder_paths.contains(p)) {
            let _ = appeared.send(folder.clone());
        }
        report(changed);
    })
    .map_err(|e| Diagnostic::error(root, format!("cannot watch the site's files: {e}")))?;
    // Watch the root itself (not recursively) for vouch.yml, and the folders inside.
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| Diagnostic::error(root, format!("cannot watch the site's files: {e}")))?;
    for folder in FOLDERS {
        let path = root.join(folder);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| Diagnostic::error(&path, format!("cannot watch the folder: {e}")))?;
        }
    }
    let debouncer = std::sync::Arc::new(std::sync::Mutex::new(debouncer));
    let weak = std::sync::Arc::downgrade(&debouncer);
    std::thread::spawn(move || {
        // Ends when the watcher is dropped (the callback, and so the sender, go with it).
        for folder in folders {
            let Some(debouncer) = weak.upgrade() else {
                break;
            };
            let watched = debouncer
                .lock()
                .map(|mut d| d.watch(&folder, RecursiveMode::Recursive).is_ok())
                .unwrap_or(false);
            if watched {
                // Files written before the watch began would go unseen: look again.
                on_change(vec![folder]);
            }
        }
    });
    Ok(Watcher {
        _debouncer: debouncer,
    })
}

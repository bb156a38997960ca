//! The previous output's share images, kept rather than written again. Their names are
//! the hash of everything drawn on them ([`crate::share`]), so a file of the same name
//! holds the same picture: a build with thousands of unchanged images moves their
//! folder from the old output into the new one (one rename) instead of linking each
//! from the cache and deleting each from the old output.
//!
//! The old output stays whole until the swap: the build links only the images the old
//! folder lacks into the staging folder; just before the swap those few join the old
//! folder, and the folder moves into the staging folder; after the swap the images no
//! page shows any more are removed.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

/// The folder of share images inside the output.
const SHARE: &str = "share";

/// The previous output's share folder, when there is one to keep.
#[derive(Debug)]
pub(super) struct Kept {
    /// The previous output (`public`).
    out: PathBuf,
}

impl Kept {
    /// The share folder of `out` when the plan (`planned`) has share images and the
    /// folder and each kind's folder in it are real folders: a link there could lead
    /// the images the build adds out of the site.
    pub(super) fn find(out: &Path, planned: bool) -> Option<Kept> {
        let folder = out.join(SHARE);
        let real = |path: &Path| std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
        if !planned || !real(&folder) {
            return None;
        }
        for entry in std::fs::read_dir(&folder).ok()? {
            let kind = entry.ok()?;
            if !kind.file_type().ok()?.is_dir() {
                return None;
            }
        }
        Some(Kept {
            out: out.to_path_buf(),
        })
    }

    /// Whether the previous output already holds `path` (`share/quote/acme.<hash>.png`),
    /// so the build need not link it.
    pub(super) fn holds(&self, path: &str) -> bool {
        std::fs::symlink_metadata(self.out.join(path)).is_ok_and(|m| m.is_file())
    }

    /// Just before the swap: the images linked into `staging` join the old folder,
    /// and the old folder moves into `staging`. On failure the old folder stays where
    /// it was, at most with a few more images that no page of it shows.
    pub(super) fn adopt(&self, staging: &Path) -> io::Result<()> {
        let (old, new) = (self.out.join(SHARE), staging.join(SHARE));
        if new.exists() {
            for entry in walkdir::WalkDir::new(&new) {
                let entry = entry.map_err(io::Error::other)?;
                let inside = entry.path().strip_prefix(&new).map_err(io::Error::other)?;
                let target = old.join(inside);
                if entry.file_type().is_dir() {
                    std::fs::create_dir_all(&target)?;
                } else {
                    std::fs::rename(entry.path(), &target)?;
                }
            }
            std::fs::remove_dir_all(&new)?;
        }
        std::fs::rename(&old, &new)
    }

    /// After the swap: removes every file of the share folder in the new output `out`
    /// that the plan does not name (`planned`: the paths of its share images). The new
    /// site is in place whether or not they go.
    pub(super) fn prune(out: &Path, planned: &HashSet<&str>) -> io::Result<()> {
        let folder = out.join(SHARE);
        for entry in walkdir::WalkDir::new(&folder).contents_first(true) {
            let entry = entry.map_err(io::Error::other)?;
            let path = entry.path();
            let inside = path.strip_prefix(out).unwrap_or(path);
            let name = inside.to_string_lossy().replace('\\', "/");
            if entry.file_type().is_dir() {
                if path != folder && std::fs::read_dir(path)?.next().is_none() {
                    std::fs::remove_dir(path)?;
                }
            } else if !planned.contains(name.as_str()) || !entry.file_type().is_file() {
                std::fs::remove_file(path)?;
            }
        }
        Ok(())
    }
}

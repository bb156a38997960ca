//! Putting an import's files in place: all of them or none. Every target is checked
//! before anything is written (inside the site, no link on the way, no file there, a
//! name every file system takes), then each file is written beside its target under a
//! temporary name and linked into place; on any failure, whatever was written is
//! removed again.

use crate::diagnostics::Diagnostic;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

/// Checks that `folder` (relative to `root`) is a real folder inside the site, or can
/// be made there: no part of it is a link, and where it exists it resolves inside the
/// site's root.
pub fn check_folder(root: &Path, folder: &Path) -> Result<(), Diagnostic> {
    let mut at = PathBuf::new();
    for part in folder.components() {
        let Component::Normal(name) = part else {
            continue;
        };
        at.push(name);
        let Ok(meta) = std::fs::symlink_metadata(root.join(&at)) else {
            break;
        };
        if meta.file_type().is_symlink() {
            let to = std::fs::read_link(root.join(&at))
                .map(|t| format!(" (to {})", t.display()))
                .unwrap_or_default();
            return Err(Diagnostic::error(
                &at,
                format!(
                    "{} is a link{to}; vouch import does not write through links",
                    at.display()
                ),
            )
            .hint(
                "make it a real folder inside the site (move the files there), then import again",
            ));
        }
        if !meta.is_dir() {
            return Err(
                Diagnostic::error(&at, format!("{} is not a folder", at.display()))
                    .hint("move the file away, then import again"),
            );
        }
    }
    let site = root.canonicalize().ok();
    let real = root.join(&at).canonicalize().ok();
    if let (Some(site), Some(real)) = (site, real) {
        if !real.starts_with(&site) {
            return Err(Diagnostic::error(
                &at,
                format!(
                    "{} leads outside the site ({})",
                    at.display(),
                    real.display()
                ),
            )
            .hint("vouch import writes only inside the site's folder"));
        }
    }
    Ok(())
}

/// What is at `path` (relative to `root`): nothing, or why nothing can be written there.
pub fn occupied(root: &Path, path: &Path) -> Option<&'static str> {
    let meta = std::fs::symlink_metadata(root.join(path)).ok()?;
    Some(if meta.file_type().is_symlink() {
        "a link"
    } else {
        "a file"
    })
}

/// Writes every planned file, or none: temporary files first, then each linked to its
/// name (which fails rather than replace a file that appeared meanwhile).
pub fn write_all(root: &Path, files: &[(&Path, &str, usize)]) -> Result<(), Diagnostic> {
    let mut made_dirs: Vec<PathBuf> = Vec::new();
    let mut temps: Vec<PathBuf> = Vec::new();
    let mut placed: Vec<PathBuf> = Vec::new();
    let result = (|| {
        for file in files {
            let full = root.join(file.0);
            let failed = |e: std::io::Error| cannot(file, e);
            if let Some(parent) = full.parent() {
                let mut missing = Vec::new();
                let mut up = Some(parent);
                while let Some(dir) = up.filter(|d| !d.exists()) {
                    missing.push(dir.to_path_buf());
                    up = dir.parent();
                }
                std::fs::create_dir_all(parent).map_err(failed)?;
                made_dirs.extend(missing);
            }
            let name = full.file_name().map(|n| n.to_string_lossy().into_owned());
            let temp = full.with_file_name(format!(
                ".{}.vouch-import-{}",
                name.unwrap_or_default(),
                std::process::id()
            ));
            let mut out = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)
                .map_err(failed)?;
            temps.push(temp.clone());
            out.write_all(file.1.as_bytes()).map_err(failed)?;
            out.sync_all().map_err(failed)?;
        }
        for (file, temp) in files.iter().zip(&temps) {
            let full = root.join(file.0);
            std::fs::hard_link(temp, &full).map_err(|e| cannot(file, e))?;
            placed.push(full);
        }
        Ok(())
    })();
    for temp in &temps {
        let _ = std::fs::remove_file(temp);
    }
    if result.is_err() {
        for file in &placed {
            let _ = std::fs::remove_file(file);
        }
        for dir in made_dirs.iter() {
            let _ = std::fs::remove_dir(dir);
        }
    }
    result
}

fn cannot(file: &(&Path, &str, usize), e: std::io::Error) -> Diagnostic {
    Diagnostic::error(
        file.0,
        format!("row {}: cannot write the file: {e}", file.2),
    )
    .hint("nothing was imported (the files written before it were removed); fix the cause and import again")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file under `root`, relative to it.
    fn files(root: &Path) -> Vec<String> {
        let mut found: Vec<String> = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(root).unwrap().display().to_string())
            .collect();
        found.sort();
        found
    }

    #[test]
    fn a_file_that_appears_before_its_link_undoes_the_files_placed_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let folder = root.join("content/testimonials");
        std::fs::create_dir_all(&folder).unwrap();
        // Written by someone else between the checks and the linking.
        std::fs::write(folder.join("b.md"), "theirs").unwrap();
        let (a, b) = (
            Path::new("content/testimonials/a.md"),
            Path::new("content/testimonials/b.md"),
        );
        let failure = write_all(root, &[(a, "A", 2), (b, "B", 3)]).unwrap_err();
        assert!(failure.message.starts_with("row 3: cannot write the file:"));
        assert_eq!(files(root), ["content/testimonials/b.md"]);
        assert_eq!(
            std::fs::read_to_string(folder.join("b.md")).unwrap(),
            "theirs"
        );
    }

    #[test]
    fn a_file_that_cannot_be_written_leaves_no_file_temporary_file_or_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(
            root.join("content/quotes"),
            "a file where a folder would go",
        )
        .unwrap();
        let (a, b) = (
            Path::new("content/testimonials/new/a.md"),
            Path::new("content/quotes/b.md"),
        );
        let failure = write_all(root, &[(a, "A", 2), (b, "B", 3)]).unwrap_err();
        assert!(failure.message.starts_with("row 3: cannot write the file:"));
        assert_eq!(files(root), ["content/quotes"]);
        assert!(
            !root.join("content/testimonials").exists(),
            "the folders it made are removed"
        );
    }
}

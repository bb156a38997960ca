//! Loading `content/`: every Markdown file becomes a [`Document`] with typed front matter,
//! every other file an [`Asset`] copied as is. Files are parsed in parallel; every problem
//! of every file is collected.

pub mod front_matter;
pub mod kinds;
pub mod values;

use crate::diagnostics::Diagnostic;
pub use kinds::{Front, Kind};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The content folder's name, at the site root.
pub const CONTENT_DIR: &str = "content";

/// One Markdown file, parsed.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path from the site root, e.g. `content/case-studies/acme.md` (for messages).
    pub path: PathBuf,
    /// The path inside `content/` with `/` separators, e.g. `case-studies/acme.md`: what
    /// `@/` links name.
    pub content_path: String,
    /// What the file is.
    pub kind: Kind,
    /// The file name without `.md` (or the bundle folder's name).
    pub file_slug: String,
    /// The folder inside `content/` a bundle's files live in (`case-studies/acme`), when
    /// the document is a bundle's `index.md`.
    pub bundle_dir: Option<String>,
    /// An `_index.md`: the intro of the home page or of a section, not an item.
    pub is_section_intro: bool,
    /// The typed front matter.
    pub front: Front,
    /// The Markdown body.
    pub body: String,
    /// The file line the body starts on.
    pub body_line: usize,
    /// The file line of each top-level front matter field.
    pub field_lines: HashMap<String, usize>,
    /// A translation (`acme.de.md`): its language and words, read against its original
    /// once the site's languages are known (`crate::translations`). Its `front` is
    /// then an empty page's, never read.
    pub translation: Option<Arc<Translation>>,
    /// In another language's pages, an item with no translation into it that a
    /// translated page shows (a customer, a pull quote): its default-language link,
    /// where it is linked to; it has no page, listing or term in that language.
    pub elsewhere: Option<String>,
}

/// What a file whose name ends in a language code (`acme.de.md`, a bundle's
/// `index.de.md`) says, before the site's languages tell whether it is a translation.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    /// The language code of the file name (`de`, `pt-BR`).
    pub language: String,
    /// The original's path inside `content/` (`quotes/acme.md`).
    pub original: String,
    /// The front matter as written.
    pub yaml: String,
    /// The file line the front matter starts on.
    pub yaml_line: usize,
}

impl Document {
    /// The file line of a front matter field, for diagnostics.
    pub fn line_of(&self, field: &str) -> Option<usize> {
        self.field_lines.get(field).copied()
    }
}

/// A file that is not Markdown: copied to the same path in the output.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    /// Where it is on disk.
    pub source: PathBuf,
    /// Its path inside `content/`, with `/` separators.
    pub content_path: String,
}

/// Everything under `content/`.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// The Markdown files, sorted by path. Shared, so the preview can keep every file it
    /// parsed and hand the unchanged ones to the next build without copying them.
    pub documents: Vec<Arc<Document>>,
    /// The other files, sorted by path.
    pub assets: Vec<Asset>,
    /// Where the Markdown files that could not be read or parsed are: their problem is
    /// reported once, and references to them are not reported again as unknown.
    pub unreadable: Vec<Place>,
}

impl Content {
    /// The files every language's pages share (assets) and the files that could not be
    /// read, without the documents.
    pub fn clone_files(&self) -> Content {
        Content {
            documents: Vec::new(),
            assets: self.assets.clone(),
            unreadable: self.unreadable.clone(),
        }
    }
}

/// Reads `root/content`. Returns what could be read and every problem found.
pub fn load(root: &Path) -> (Content, Vec<Diagnostic>) {
    Cache::load(root).content()
}

/// What one changed path asks of the [`Cache`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Not content: nothing to do.
    Skip,
    /// A Markdown file to read again.
    Read,
    /// A Markdown file that is gone.
    Remove,
    /// Another file, new or changed: copied as it is.
    Asset,
    /// Another file that is gone.
    RemoveAsset,
    /// Anything else: walk the folder again.
    Walk,
}

/// The parsed files of `content/`, kept by the preview between rebuilds so a save
/// re-reads only the files it touched. Unchanged files are shared, not copied.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    /// Every Markdown file by its path on disk, parsed or with the reason it could not be.
    files: std::collections::BTreeMap<PathBuf, Result<Arc<Document>, Vec<Diagnostic>>>,
    /// The other files, sorted by path.
    assets: Vec<Asset>,
    /// Problems of the folder walk itself (unreadable folders, symbolic links).
    problems: Vec<Diagnostic>,
    /// Whether the last refresh walked the folder again (a folder or a link changed),
    /// so more files than the changed ones may differ.
    walked: bool,
}

impl Cache {
    /// Reads every file of `root/content`.
    pub fn load(root: &Path) -> Cache {
        Cache::default().walk(root, &HashSet::new())
    }

    /// The cache after `changed` (absolute paths) changed on disk: changed Markdown files
    /// are read again, deleted ones dropped, other files added or dropped; a folder or a
    /// link walks the folder again, still reusing every untouched file.
    pub fn refresh(&self, root: &Path, changed: &[PathBuf]) -> Cache {
        let mut next = self.clone();
        next.update(root, changed);
        next
    }

    /// [`Self::refresh`] in place: the preview owns its cache, so a save costs the files
    /// it touched, not a copy of every path in the site.
    pub fn update(&mut self, root: &Path, changed: &[PathBuf]) {
        let dir = root.join(CONTENT_DIR);
        let changed: Vec<&PathBuf> = changed.iter().filter(|p| p.starts_with(&dir)).collect();
        let steps: Vec<(&PathBuf, Step)> = changed
            .iter()
            .map(|path| (*path, self.step(&dir, path)))
            .collect();
        if steps.iter().any(|(_, step)| *step == Step::Walk) {
            let touched: HashSet<&Path> = changed.iter().map(|p| p.as_path()).collect();
            *self = self.walk(root, &touched);
            return;
        }
        self.walked = false;
        for (path, step) in steps {
            match step {
                Step::Read => {
                    let content_path = content_relative(&dir, path);
                    let doc = read_document(path, relative(root, path), content_path).map(Arc::new);
                    self.files.insert(path.clone(), doc);
                }
                Step::Remove => {
                    self.files.remove(path);
                }
                // Kept in the walk's order: by path, component by component.
                Step::Asset => {
                    let at = self
                        .assets
                        .binary_search_by(|a| a.source.as_path().cmp(path));
                    if let Err(at) = at {
                        let content_path = content_relative(&dir, path);
                        let asset = Asset {
                            source: path.clone(),
                            content_path,
                        };
                        self.assets.insert(at, asset);
                    }
                }
                Step::RemoveAsset => self.assets.retain(|a| &a.source != path),
                Step::Skip | Step::Walk => {}
            }
        }
    }

    /// What a change to `path` asks of the cache.
    fn step(&self, dir: &Path, path: &Path) -> Step {
        let content_path = content_relative(dir, path);
        if is_ignored(&content_path) {
            return Step::Skip;
        }
        let known_below = |p: &Path| {
            let below = |q: &Path| q.starts_with(p) && q != p;
            self.files.keys().any(|k| below(k)) || self.assets.iter().any(|a| below(&a.source))
        };
        match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_file() && content_path.ends_with(".md") => Step::Read,
            Ok(m) if m.file_type().is_file() => Step::Asset,
            Ok(_) => Step::Walk, // a folder or a link
            Err(_) if self.files.contains_key(path) => Step::Remove,
            Err(_) if self.assets.iter().any(|a| a.source == path) => Step::RemoveAsset,
            Err(_) if known_below(path) => Step::Walk,
            // Gone before we looked (an editor's temporary file): nothing to do.
            Err(_) => Step::Skip,
        }
    }

    /// Walks `root/content`, reading the Markdown files that are new or in `touched` and
    /// keeping the others as they were parsed.
    fn walk(&self, root: &Path, touched: &HashSet<&Path>) -> Cache {
        let dir = root.join(CONTENT_DIR);
        let mut next = Cache {
            walked: true,
            ..Cache::default()
        };
        if !dir.is_dir() {
            next.problems.push(
                Diagnostic::error(CONTENT_DIR, "the content folder is missing")
                    .hint("create a folder named content/ next to vouch.yml"),
            );
            return next;
        }
        let mut markdown = Vec::new();
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e.path().map(|p| relative(root, p)).unwrap_or_default();
                    next.problems
                        .push(Diagnostic::error(path, format!("cannot read: {e}")));
                    continue;
                }
            };
            let rel = relative(root, entry.path());
            let content_path = content_relative(&dir, entry.path());
            if is_ignored(&content_path) {
                continue;
            }
            if entry.path_is_symlink() {
                next.problems.push(
                    Diagnostic::error(rel, "symbolic links are not followed")
                        .hint("copy the file into content/ instead of linking to it"),
                );
                continue;
            }
            if !entry.file_type().is_file() {
                continue;
            }
            if content_path.ends_with(".md") {
                markdown.push((entry.into_path(), rel, content_path));
            } else {
                next.assets.push(Asset {
                    source: entry.into_path(),
                    content_path,
                });
            }
        }
        next.files = markdown
            .into_par_iter()
            .map(|(source, rel, content_path)| {
                let kept = match touched.contains(source.as_path()) {
                    true => None,
                    false => self.files.get(&source).cloned(),
                };
                let doc =
                    kept.unwrap_or_else(|| read_document(&source, rel, content_path).map(Arc::new));
                (source, doc)
            })
            .collect::<Vec<_>>()
            // The walk's order is the paths' order, so the map is built in one sweep
            // rather than by a path comparison per level of the tree for every file.
            .into_iter()
            .collect();
        next
    }

    /// The file at `path` as last read, parsed or with its problem.
    pub fn get(&self, path: &Path) -> Option<&Result<Arc<Document>, Vec<Diagnostic>>> {
        self.files.get(path)
    }

    /// Whether the last refresh walked the folder (a folder or a link changed), rather
    /// than only reading or dropping the changed files.
    pub fn walked(&self) -> bool {
        self.walked || !self.problems.is_empty()
    }

    /// The files copied as they are, in the walk's order.
    pub fn assets(&self) -> &[Asset] {
        &self.assets
    }

    /// Every parsed document, shared.
    pub fn documents(&self) -> Vec<Arc<Document>> {
        self.files
            .values()
            .filter_map(|f| f.as_ref().ok().cloned())
            .collect()
    }

    /// The documents and assets, with every problem reading them.
    pub fn content(&self) -> (Content, Vec<Diagnostic>) {
        let mut problems = self.problems.clone();
        let mut documents = Vec::with_capacity(self.files.len());
        let mut unreadable = Vec::new();
        for parsed in self.files.values() {
            match parsed {
                Ok(doc) => documents.push(doc.clone()),
                Err(file_problems) => {
                    let path = file_problems.first().map(|d| d.path.as_path());
                    if let Some(path) = path.filter(|p| p.starts_with(CONTENT_DIR)) {
                        let content_path = content_relative(Path::new(CONTENT_DIR), path);
                        unreadable.push(place_of(&content_path));
                    }
                    problems.extend(file_problems.iter().cloned());
                }
            }
        }
        let content = Content {
            documents,
            assets: self.assets.clone(),
            unreadable,
        };
        (content, problems)
    }
}

/// Hidden files, editor back-ups and swap files are not content.
fn is_ignored(content_path: &str) -> bool {
    content_path.split('/').any(|part| part.starts_with('.'))
        || content_path.ends_with('~')
        || content_path.ends_with(".swp")
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn content_relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What a Markdown file's place inside `content/` makes it, before it is read.
#[derive(Debug, Clone)]
pub struct Place {
    /// Its kind, from its first folder (`case-studies/…`); a page elsewhere.
    pub kind: Kind,
    /// The file name without `.md`, or a bundle's folder name.
    pub file_slug: String,
    /// A bundle's folder (`case-studies/acme` for `case-studies/acme/index.md`).
    pub bundle_dir: Option<String>,
    /// Whether it is an `_index.md`, a section's intro.
    pub is_section_intro: bool,
}

/// The place of the Markdown file at `content_path` (`customers/acme.md`).
pub fn place_of(content_path: &str) -> Place {
    let parts: Vec<&str> = content_path.split('/').collect();
    let file_name = parts[parts.len() - 1];
    let is_section_intro = file_name == "_index.md";
    let bundle = file_name == "index.md" && parts.len() > 1;
    let kind = match Kind::from_folder(parts[0]) {
        Some(kind) if parts.len() > 1 && !is_section_intro => kind,
        _ => Kind::Page,
    };
    let file_slug = if bundle {
        parts[parts.len() - 2].to_string()
    } else {
        file_name.trim_end_matches(".md").to_string()
    };
    Place {
        kind,
        file_slug,
        bundle_dir: bundle.then(|| parts[..parts.len() - 1].join("/")),
        is_section_intro,
    }
}

/// Reads and parses one Markdown file.
pub fn read_document(
    source: &Path,
    rel: PathBuf,
    content_path: String,
) -> Result<Document, Vec<Diagnostic>> {
    let bytes = std::fs::read(source).map_err(|e| {
        vec![Diagnostic::error(
            &rel,
            format!("cannot read the file: {e}"),
        )]
    })?;
    let text = decode(&bytes, &rel).map_err(|d| vec![d])?;
    parse_document(text, rel, content_path)
}

/// Checks that a file is UTF-8; a marketer gets the line and byte where it is not.
fn decode<'a>(bytes: &'a [u8], rel: &Path) -> Result<&'a str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let before = &bytes[..at];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let column = at
            - before
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        Diagnostic::error(
            rel,
            format!("the file is not UTF-8 text (invalid byte at offset {at})"),
        )
        .at(line, column)
        .hint("save the file as UTF-8 in your editor")
    })
}

/// Parses a file's text: where it is tells its kind.
pub fn parse_document(
    text: &str,
    rel: PathBuf,
    content_path: String,
) -> Result<Document, Vec<Diagnostic>> {
    let split = front_matter::split(text, &rel).map_err(|d| vec![d])?;
    let translation = translation_of(&content_path).map(|(language, original)| {
        Arc::new(Translation {
            language,
            original,
            yaml: split.yaml.to_string(),
            yaml_line: split.yaml_line,
        })
    });
    let Place {
        kind,
        file_slug,
        bundle_dir,
        is_section_intro,
    } = place_of(translation.as_ref().map_or(&content_path, |t| &t.original));
    let front = match translation {
        Some(_) => Front::Page(Default::default()),
        None => {
            let required = crate::schema::required_fields(kind);
            Front::parse(kind, split.yaml, &rel, split.yaml_line, required)?
        }
    };
    Ok(Document {
        field_lines: front_matter::field_lines(&split),
        body: split.body.to_string(),
        body_line: split.body_line,
        path: rel,
        bundle_dir,
        content_path,
        kind,
        file_slug,
        is_section_intro,
        front,
        translation,
        elsewhere: None,
    })
}

/// The language and the original's path of a file whose name ends in a language code
/// before `.md` (`quotes/acme.de.md` → `de`, `quotes/acme.md`).
fn translation_of(content_path: &str) -> Option<(String, String)> {
    let stem = content_path.strip_suffix(".md")?;
    let (before, code) = stem.rsplit_once('.')?;
    let name = before.rsplit('/').next().unwrap_or(before);
    if name.is_empty() || code.contains('/') || !crate::config::is_language_tag(code) {
        return None;
    }
    Some((code.to_string(), format!("{before}.md")))
}

/// A file read as a translation ([`Document::translation`]) read as an item of its
/// own after all, as before the site had languages: its language is not the site's.
pub fn as_item(doc: &Document) -> Result<Document, Vec<Diagnostic>> {
    let Some(translation) = &doc.translation else {
        return Ok(doc.clone());
    };
    let place = place_of(&doc.content_path);
    let required = crate::schema::required_fields(place.kind);
    let yaml = &translation.yaml;
    let front = Front::parse(place.kind, yaml, &doc.path, translation.yaml_line, required)?;
    Ok(Document {
        kind: place.kind,
        file_slug: place.file_slug,
        bundle_dir: place.bundle_dir,
        is_section_intro: place.is_section_intro,
        front,
        translation: None,
        ..doc.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(path: &str, text: &str) -> Result<Document, Diagnostic> {
        parse_document(text, PathBuf::from("content").join(path), path.to_string())
            .map_err(|mut problems| problems.remove(0))
    }

    #[test]
    fn files_added_in_place_keep_the_walks_order() {
        let root = tempfile::tempdir().unwrap();
        let content = root.path().join(CONTENT_DIR);
        std::fs::create_dir_all(content.join("a")).unwrap();
        std::fs::write(content.join("a/x.png"), "x").unwrap();
        std::fs::write(content.join("b.png"), "b").unwrap();
        let cache = Cache::load(root.path());
        // "a-c" sorts before "a/…" as text, after it as folders are walked.
        let added = [
            content.join("a-c.png"),
            content.join("a/y.svg"),
            content.join("0.txt"),
        ];
        for path in &added {
            std::fs::write(path, "new").unwrap();
        }
        let refreshed = cache.refresh(root.path(), &added);
        assert!(!refreshed.walked(), "files are added without a walk");
        let paths = |c: &Cache| {
            c.assets()
                .iter()
                .map(|a| a.content_path.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(paths(&refreshed), paths(&Cache::load(root.path())));
        std::fs::remove_file(&added[1]).unwrap();
        let removed = refreshed.refresh(root.path(), &added[1..2]);
        assert_eq!(paths(&removed), ["0.txt", "a/x.png", "a-c.png", "b.png"]);
    }

    #[test]
    fn kind_comes_from_the_folder() {
        let d = parse("quotes/q.md", "---\nauthor: A\ndate: 2026-01-01\n---\nHi").unwrap();
        assert_eq!(d.kind, Kind::Quote);
        let d = parse("about.md", "---\ntitle: About\n---\n").unwrap();
        assert_eq!(d.kind, Kind::Page);
        let d = parse("case-studies/_index.md", "---\ntitle: Stories\n---\n").unwrap();
        assert!(d.is_section_intro);
        assert_eq!(d.kind, Kind::Page);
    }

    #[test]
    fn bundles_take_the_folder_name() {
        let d = parse("advocates/ana/index.md", "---\nname: Ana\n---\n").unwrap();
        assert_eq!(d.file_slug, "ana");
        assert_eq!(d.bundle_dir.as_deref(), Some("advocates/ana"));
    }

    #[test]
    fn unknown_field_error_points_into_the_file() {
        let text = "---\nauthor: A\nauthr: B\ndate: 2026-01-01\n---\n";
        let e = parse("quotes/q.md", text).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(e.hint.as_deref(), Some("did you mean 'author'?"));
    }

    #[test]
    fn every_field_of_a_file_is_checked_in_one_go() {
        let text =
            "---\ntitle: Summit\nkind: party\nstart: soon\nend: 2026-13-01\nlocaton: Denver\n---\n";
        let problems = parse_document(
            text,
            PathBuf::from("content/events/e.md"),
            "events/e.md".into(),
        )
        .unwrap_err();
        let lines: Vec<Option<usize>> = problems.iter().map(|d| d.line).collect();
        assert_eq!(lines, [Some(3), Some(4), Some(5), Some(6)], "{problems:#?}");
        assert!(problems[3].message.contains("unknown field 'locaton'"));
    }

    #[test]
    fn non_utf8_names_the_byte() {
        let e = decode(b"---\ntitle: caf\xe9\n", Path::new("a.md")).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("offset 14"), "{}", e.message);
    }
}

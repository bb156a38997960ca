//! Decap CMS's local backend, answered by vouch itself: the request and response shapes
//! of `decap-server` 3.11.3's file-system mode (`POST /api/v1` with `{action, params}`),
//! so the editor in the preview saves to the working tree with no Node process. Every
//! path a request names must lie in the site's `content/` folder (which holds the media
//! folder too): no `..`, no absolute paths, no backslashes or percent signs (encoded
//! separators), and nothing that resolves through a symbolic link to somewhere else.
//! Who may call it (same origin, the session's token, loopback only) is the preview's
//! check, in `serve/editor.rs`.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The folder every path must be in.
pub const CONTENT: &str = "content";

/// The answer to one request: an HTTP status and a JSON body, as decap-server sends it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// 200, or 422 for a request the protocol refuses, 500 when the disk failed.
    pub status: u16,
    /// The JSON body (`{"error": …}` when not 200).
    pub body: Value,
}

impl Reply {
    fn ok(body: Value) -> Reply {
        Reply { status: 200, body }
    }

    fn refused(message: impl Into<String>) -> Reply {
        Reply {
            status: 422,
            body: json!({"error": message.into()}),
        }
    }
}

/// The working tree the local backend reads and writes.
#[derive(Debug, Clone)]
pub struct LocalBackend {
    /// The site's root, resolved.
    root: PathBuf,
}

/// Why a path is refused (the message the CMS shows).
type Refusal = String;

impl LocalBackend {
    /// A backend over the site at `root`.
    pub fn new(root: &Path) -> LocalBackend {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        LocalBackend { root }
    }

    /// Answers one request body.
    pub fn answer(&self, body: &[u8]) -> Reply {
        let Ok(request) = serde_json::from_slice::<Value>(body) else {
            return Reply::refused("the request is not JSON");
        };
        let action = request.get("action").and_then(Value::as_str).unwrap_or("");
        let params = request.get("params").cloned().unwrap_or(Value::Null);
        let result = self.dispatch(action, &params);
        match result {
            Ok(body) => Reply::ok(body),
            Err(Failure::Refused(message)) => Reply::refused(message),
            Err(Failure::Disk(message)) => Reply {
                status: 500,
                body: json!({"error": message}),
            },
        }
    }

    fn dispatch(&self, action: &str, params: &Value) -> Result<Value, Failure> {
        match action {
            "info" => Ok(self.info()),
            "entriesByFolder" => self.entries_by_folder(params),
            "entriesByFiles" => self.entries_by_files(params),
            "getEntry" => self.get_entry(params),
            "persistEntry" => self.persist_entry(params),
            "getMedia" => self.get_media(params),
            "getMediaFile" => self.media_file(text(params, "path")?),
            "persistMedia" => self.persist_media(params),
            "deleteFile" => {
                let path = text(params, "path")?;
                self.delete(&[path])?;
                Ok(json!({"message": format!("deleted file {path}")}))
            }
            "deleteFiles" => self.delete_files(params),
            "getDeployPreview" => Ok(Value::Null),
            other => Err(Failure::Refused(format!("Unknown action {other}"))),
        }
    }

    fn info(&self) -> Value {
        let repo = self
            .root
            .file_name()
            .map(|n| n.to_string_lossy().to_string());
        json!({"repo": repo.unwrap_or_default(), "publish_modes": ["simple"], "type": "local_fs"})
    }

    fn entries_by_folder(&self, params: &Value) -> Result<Value, Failure> {
        let folder = self.confine(text(params, "folder")?)?;
        let extension = text(params, "extension")?;
        let depth = params.get("depth").and_then(Value::as_u64).unwrap_or(1);
        let mut files = Vec::new();
        list(&folder, extension, depth, &mut files);
        files.sort();
        let entries: Vec<Value> = files.iter().map(|f| self.entry(f, None)).collect();
        Ok(Value::Array(entries))
    }

    fn entries_by_files(&self, params: &Value) -> Result<Value, Failure> {
        let files = params.get("files").and_then(Value::as_array);
        let mut entries = Vec::new();
        for file in files.into_iter().flatten() {
            let path = self.confine(text(file, "path")?)?;
            entries.push(self.entry(&path, file.get("label").and_then(Value::as_str)));
        }
        Ok(Value::Array(entries))
    }

    fn get_entry(&self, params: &Value) -> Result<Value, Failure> {
        let path = self.confine(text(params, "path")?)?;
        Ok(self.entry(&path, None))
    }

    /// `{data, file: {path, label, id}}`; `data` and `id` are null for a missing file.
    fn entry(&self, path: &Path, label: Option<&str>) -> Value {
        let data = std::fs::read(path)
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        let id = data.as_ref().map(|d| file_id(d.as_bytes()));
        let mut file = json!({"path": self.relative(path), "id": id});
        if let Some(label) = label {
            file["label"] = json!(label);
        }
        json!({"data": data, "file": file})
    }

    fn persist_entry(&self, params: &Value) -> Result<Value, Failure> {
        let files: Vec<Value> = match params.get("dataFiles").and_then(Value::as_array) {
            Some(files) => files.clone(),
            None => params.get("entry").cloned().into_iter().collect(),
        };
        let assets = params.get("assets").and_then(Value::as_array);
        // Every path is checked before anything is written.
        let mut writes: Vec<(PathBuf, Vec<u8>)> = Vec::new();
        let mut moves = Vec::new();
        for file in &files {
            let path = self.confine(text(file, "path")?)?;
            writes.push((path.clone(), text(file, "raw")?.as_bytes().to_vec()));
            if let Some(new_path) = file.get("newPath").and_then(Value::as_str) {
                moves.push((path, self.confine(new_path)?));
            }
        }
        for asset in assets.into_iter().flatten() {
            writes.push(self.asset(asset)?);
        }
        for (path, bytes) in &writes {
            write(path, bytes)?;
        }
        if !moves.is_empty() && moves.len() == files.len() {
            for (from, to) in moves {
                make_parent(&to)?;
                std::fs::rename(&from, &to).map_err(disk)?;
            }
        }
        Ok(json!({"message": "entry persisted"}))
    }

    fn get_media(&self, params: &Value) -> Result<Value, Failure> {
        let folder = self.confine(text(params, "mediaFolder")?)?;
        let mut files = Vec::new();
        list(&folder, "", 1, &mut files);
        files.sort();
        let media: Result<Vec<Value>, Failure> = files.iter().map(|f| self.media(f)).collect();
        Ok(Value::Array(media?))
    }

    fn media_file(&self, path: &str) -> Result<Value, Failure> {
        self.media(&self.confine(path)?)
    }

    /// `{id, content (base64), encoding, path, name}`.
    fn media(&self, path: &Path) -> Result<Value, Failure> {
        let bytes = std::fs::read(path).map_err(disk)?;
        let name = path.file_name().map(|n| n.to_string_lossy().to_string());
        Ok(json!({
            "id": file_id(&bytes),
            "content": super::base64::encode(&bytes),
            "encoding": "base64",
            "path": self.relative(path),
            "name": name.unwrap_or_default(),
        }))
    }

    fn persist_media(&self, params: &Value) -> Result<Value, Failure> {
        let asset = params.get("asset").cloned().unwrap_or(Value::Null);
        let (path, bytes) = self.asset(&asset)?;
        write(&path, &bytes)?;
        self.media(&path)
    }

    /// An uploaded file's place and bytes (`{path, content, encoding: "base64"}`).
    fn asset(&self, asset: &Value) -> Result<(PathBuf, Vec<u8>), Failure> {
        let path = self.confine(text(asset, "path")?)?;
        if text(asset, "encoding")? != "base64" {
            return Err(Failure::Refused("\"encoding\" must be [base64]".into()));
        }
        let bytes = super::base64::decode(text(asset, "content")?)
            .ok_or_else(|| Failure::Refused("the file's content is not base64".into()))?;
        Ok((path, bytes))
    }

    fn delete_files(&self, params: &Value) -> Result<Value, Failure> {
        let paths = params.get("paths").and_then(Value::as_array);
        let paths: Vec<&str> = paths
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        self.delete(&paths)
    }

    fn delete(&self, paths: &[&str]) -> Result<Value, Failure> {
        let resolved: Result<Vec<PathBuf>, Refusal> =
            paths.iter().map(|p| self.confine(p)).collect();
        for path in resolved? {
            if path.is_file() {
                std::fs::remove_file(&path).map_err(disk)?;
            }
        }
        Ok(json!({"message": format!("deleted files {}", paths.join(", "))}))
    }

    /// `path` (from the site root, `/`-separated) as a file inside `content/`, or why not.
    pub fn confine(&self, path: &str) -> Result<PathBuf, Refusal> {
        let refuse = |why: &str| Err(format!("refused '{path}': {why}"));
        if path.is_empty() || path.starts_with('/') || path.contains(':') {
            return refuse("only paths inside the site's content folder may be read or written");
        }
        if path.contains(['\\', '%', '\0']) || path.chars().any(char::is_control) {
            return refuse("backslashes, percent signs and control characters are not allowed");
        }
        let segments: Vec<&str> = path.split('/').collect();
        if segments
            .iter()
            .any(|s| s.is_empty() || *s == "." || *s == "..")
        {
            return refuse("'..', '.' and empty segments are not allowed");
        }
        if segments[0] != CONTENT {
            return refuse("only paths inside the site's content folder may be read or written");
        }
        let content = std::fs::canonicalize(self.root.join(CONTENT))
            .map_err(|e| format!("refused '{path}': the content folder cannot be read: {e}"))?;
        let wanted = self.root.join(path);
        // The deepest part of the path that exists, resolved: a symbolic link anywhere
        // along it must still land inside content/.
        let mut existing = wanted.as_path();
        while std::fs::symlink_metadata(existing).is_err() {
            match existing.parent() {
                Some(parent) => existing = parent,
                None => break,
            }
        }
        let resolved = std::fs::canonicalize(existing).unwrap_or_default();
        if !resolved.starts_with(&content) {
            return refuse("it leads outside the site's content folder");
        }
        Ok(wanted)
    }

    /// A path under the root as the CMS names it: from the root, `/`-separated.
    fn relative(&self, path: &Path) -> String {
        let inside = path.strip_prefix(&self.root).unwrap_or(path);
        let parts: Vec<String> = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .collect();
        parts.join("/")
    }
}

/// Why a request failed: refused (422), or the disk said no (500).
#[derive(Debug)]
enum Failure {
    Refused(String),
    Disk(String),
}

impl From<Refusal> for Failure {
    fn from(why: Refusal) -> Failure {
        Failure::Refused(why)
    }
}

fn disk(e: std::io::Error) -> Failure {
    Failure::Disk(e.to_string())
}

/// A required text parameter, as decap-server's schema requires it.
fn text<'a>(params: &'a Value, name: &str) -> Result<&'a str, Failure> {
    params
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| Failure::Refused(format!("\"{name}\" is required")))
}

/// A file's identity for the CMS (decap-server sends a SHA-256; any hash of the bytes
/// serves, since the CMS only compares them).
fn file_id(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

fn make_parent(path: &Path) -> Result<(), Failure> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent).map_err(disk),
        None => Ok(()),
    }
}

/// Writes through a temporary file beside the target, so the preview's watcher never
/// reads half a file.
fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    make_parent(path)?;
    let name = path.file_name().map(|n| n.to_string_lossy().to_string());
    let temporary = path.with_file_name(format!(".{}.vouch-saving", name.unwrap_or_default()));
    std::fs::write(&temporary, bytes).map_err(disk)?;
    std::fs::rename(&temporary, path).map_err(disk)
}

/// The files under `dir` ending in `extension`, `depth` folders deep (1: `dir` only),
/// never following symbolic links.
fn list(dir: &Path, extension: &str, depth: u64, out: &mut Vec<PathBuf>) {
    if depth == 0 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if kind.is_dir() && !hidden {
            list(&path, extension, depth - 1, out);
        } else if kind.is_file() && !hidden && path.to_string_lossy().ends_with(extension) {
            out.push(path);
        }
    }
}

//! The editor in the preview: `/admin/config.yml` points the CMS at the preview's own
//! local backend (`editor::local`), which saves to the working tree, and each item's
//! page gets an "Edit" link. The backend answers only requests that carry this
//! session's token (in its address, which only the preview's own pages are told),
//! come from the preview's own origin, and only while the preview listens on loopback:
//! a page on another site, or another machine on the network, cannot write files.

use super::{Live, Preview};
use crate::content::kinds::Kind;
use crate::editor::local::LocalBackend;
use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, StatusCode};
use std::sync::atomic::{AtomicBool, Ordering};

/// Where the local backend lives; the session's token follows, then `/api/v1`.
pub const PREFIX: &str = "/__vouch/editor/";

/// The largest request the backend reads (decap-server's own limit): a picture upload.
const MAX_BODY: usize = 50 * 1024 * 1024;

/// This session's token and whether saving is on.
#[derive(Debug)]
pub struct Editing {
    token: String,
    on: AtomicBool,
}

impl Default for Editing {
    fn default() -> Self {
        Editing {
            token: session_token(),
            on: AtomicBool::new(false),
        }
    }
}

impl Editing {
    /// Turns saving on (the preview listens on loopback) or off (it does not).
    pub fn allow(&self, on: bool) {
        self.on.store(on, Ordering::SeqCst);
    }

    /// The backend's address path for this session.
    pub fn endpoint(&self) -> String {
        format!("{PREFIX}{}/api/v1", self.token)
    }
}

/// 128 random bits from the system, as hex (std's hasher keys are random per process;
/// the clock and the process id are mixed in as well).
fn session_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut bytes = [0u8; 16];
    let from_system = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes))
        .is_ok();
    if !from_system {
        for half in bytes.chunks_mut(8) {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            hasher.write_u32(std::process::id());
            half.copy_from_slice(&hasher.finish().to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A request to the local backend, answered: `(status, JSON body)`.
pub async fn answer(
    request: Request<Incoming>,
    preview: &std::sync::Arc<Preview>,
    host: &str,
) -> (StatusCode, Bytes) {
    let refuse = |status: StatusCode, why: &str| {
        let body = serde_json::json!({ "error": why }).to_string();
        (status, Bytes::from(body))
    };
    let editing = &preview.editing;
    if !editing.on.load(Ordering::SeqCst) {
        return refuse(
            StatusCode::FORBIDDEN,
            "saving from the browser is off: the preview listens beyond this machine (--bind)",
        );
    }
    let has_editor = (preview.snapshot.read().ok())
        .and_then(|s| Some(s.live.as_ref()?.parts.site.config.editor.is_some()))
        .unwrap_or(false);
    if !has_editor {
        return refuse(
            StatusCode::NOT_FOUND,
            "this site has no editor: section in vouch.yml",
        );
    }
    if request.uri().path() != editing.endpoint() {
        return refuse(StatusCode::FORBIDDEN, "not this session's editor");
    }
    if request.method() != Method::POST {
        return refuse(StatusCode::METHOD_NOT_ALLOWED, "POST only");
    }
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|v: &HeaderValue| v.to_str().ok());
    if origin != Some(format!("http://{host}").as_str()) {
        return refuse(
            StatusCode::FORBIDDEN,
            "only the preview's own pages may save",
        );
    }
    let limited = http_body_util::Limited::new(request.into_body(), MAX_BODY);
    let Ok(body) = limited.collect().await.map(|b| b.to_bytes()) else {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, "the request is too large");
    };
    let backend = LocalBackend::new(&preview.root);
    let reply = tokio::task::spawn_blocking(move || backend.answer(&body)).await;
    match reply {
        Ok(reply) => (
            StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            Bytes::from(reply.body.to_string()),
        ),
        Err(_) => refuse(StatusCode::INTERNAL_SERVER_ERROR, "Unknown error"),
    }
}

/// The CMS configuration the preview serves at `/admin/config.yml`: the built one with
/// the local backend added (at the address the browser used), while saving is on.
pub fn local_config(preview: &Preview, path: &str, host: &str) -> Option<String> {
    if path != "/admin/config.yml" || !preview.editing.on.load(Ordering::SeqCst) {
        return None;
    }
    let snapshot = preview.snapshot.read().unwrap_or_else(|e| e.into_inner());
    let config = &snapshot.live.as_ref()?.parts.site.config;
    let editor = config.editor.as_ref()?;
    let mut value = crate::editor::config::cms_config(config, editor);
    let name = super::hosts::name_of(host).trim_matches(['[', ']']);
    value["local_backend"] = serde_json::json!({
        "url": format!("http://{host}{}", preview.editing.endpoint()),
        "allowed_hosts": [name],
    });
    let yaml = crate::yaml::to_string(&value).ok()?;
    Some(format!(
        "# The preview's editor configuration: saves go to the files on disk.\n{yaml}"
    ))
}

impl Live {
    /// The "Edit" link of the item whose page is at `key` (`customers/acme/index.html`),
    /// when the site has an editor.
    pub(super) fn edit_link(&self, key: &str) -> Option<String> {
        let site = &self.parts.site;
        site.config.editor.as_ref()?;
        let dir = key.strip_suffix("index.html")?;
        let item = site
            .items
            .iter()
            .map(|(_, item)| item)
            .find(|item| item.dir.as_deref() == Some(dir))?;
        let kind = item.doc.kind;
        let inside = item.doc.content_path.strip_prefix(kind.folder())?;
        let entry = inside.trim_start_matches('/').strip_suffix(".md")?;
        // The pages collection holds the pages directly in content/ only.
        if kind == Kind::Page && entry.contains('/') {
            return None;
        }
        let href = format!(
            "{}#/collections/{}/entries/{entry}",
            site.link("admin/"),
            crate::editor::config::collection_name(kind)
        );
        Some(format!(
            "<p data-vouch-preview style=\"margin:.5rem 0;font:14px/1.4 system-ui,sans-serif\"><a href=\"{}\">Edit this {} in the browser</a> (preview only)</p>",
            crate::escape::xml(&href),
            kind.label().to_lowercase()
        ))
    }
}

/// `html` with the edit link at the start of its `<main>`.
pub fn inject_edit_link(html: &str, link: &str) -> String {
    let at = html
        .find("<main")
        .and_then(|start| html[start..].find('>').map(|end| start + end + 1));
    match at {
        Some(at) => format!("{}{link}{}", &html[..at], &html[at..]),
        None => html.to_string(),
    }
}

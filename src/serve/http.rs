//! The preview's HTTP server: hyper's HTTP/1.1 on a small tokio runtime. hyper parses
//! requests and enforces the head-size limit and the header-read timeout (which also
//! closes kept-alive connections left idle), each connection is a task, so thousands of
//! idle clients or open reload streams cost memory, not workers. What is ours: GET and
//! HEAD only, the host check, paths checked before any lookup (no `..`, no encoded
//! separators, no double encoding), and the Server-Sent Events stream that tells pages
//! to reload.

use super::hosts::AllowedHosts;
use super::{Change, Preview, Served};
use crate::diagnostics::Diagnostic;
use bytes::Bytes;
use http_body_util::{Either, Full};
use hyper::body::{Body, Frame, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

/// The live-reload script injected into every HTML page.
const LIVE_JS: &str = include_str!("live.js");
/// Where the script and the event stream live (outside any site path).
pub const LIVE_PREFIX: &str = "/__vouch/";

/// What keeps the server answering whatever clients do.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes the request line and headers may take together (more gets 431, a longer
    /// URL 414).
    pub head_bytes: usize,
    /// How long a client may take to send its request line and headers, and how long a
    /// kept-alive connection may sit idle before its next request.
    pub header_timeout: Duration,
    /// Open reload streams (one per preview tab); beyond this, 503.
    pub streams: usize,
    /// How often an idle reload stream sends a comment, so a closed tab is noticed.
    pub ping: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            head_bytes: 16 * 1024,
            header_timeout: Duration::from_secs(5),
            streams: 10_000,
            ping: Duration::from_secs(15),
        }
    }
}

/// Binds `port` on `ip`, or the next free port of the twenty after it.
pub fn bind(ip: IpAddr, port: u16) -> Result<(TcpListener, u16), Diagnostic> {
    let mut last = None;
    for candidate in port..=port.saturating_add(20) {
        match TcpListener::bind(SocketAddr::new(ip, candidate)) {
            Ok(listener) => {
                let port = listener.local_addr().map(|a| a.port()).unwrap_or(candidate);
                return Ok((listener, port));
            }
            Err(e) => last = Some(e),
        }
    }
    Err(Diagnostic::error(
        "vouch serve",
        format!(
            "cannot listen on {ip} ports {port}–{}: {}",
            port.saturating_add(20),
            last.map(|e| e.to_string()).unwrap_or_default()
        ),
    )
    .hint("choose another port with --port, or stop the program using it"))
}

/// The page a request for another host name gets: why, and how to allow the name.
fn refused_host_page(host: &str) -> String {
    let name = crate::escape::xml(super::hosts::name_of(host));
    format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Host not allowed</title>\
         <h1>This preview does not answer to \u{201c}{name}\u{201d}</h1>\
         <p>The preview shows drafts and unapproved customer content, so it answers only \
         localhost, names ending in .localhost and IP addresses. To reach it under this name \
         (on a team network), start it with <code>vouch serve --allow-host {name}</code>.</p></html>\n"
    )
}

/// What every connection's task shares.
struct Shared {
    preview: Arc<Preview>,
    hosts: AllowedHosts,
    limits: Limits,
    /// Reload streams open now.
    streams: AtomicUsize,
}

/// Answers connections on `listener` until the process ends. Requests for other host
/// names than `hosts` allows are refused.
pub fn serve(
    listener: TcpListener,
    preview: Arc<Preview>,
    limits: Limits,
    hosts: AllowedHosts,
) -> Result<(), Diagnostic> {
    let failed = |e: std::io::Error| {
        Diagnostic::error(
            "vouch serve",
            format!("cannot start the preview server: {e}"),
        )
    };
    raise_open_files_limit();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("vouch-http")
        .enable_io()
        .enable_time()
        .build()
        .map_err(failed)?;
    listener.set_nonblocking(true).map_err(failed)?;
    let shared = Arc::new(Shared {
        preview,
        hosts,
        limits,
        streams: AtomicUsize::new(0),
    });
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(failed)?;
        loop {
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                // Out of file descriptors (or a connection reset before it was taken):
                // wait for idle connections to time out rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            let shared = shared.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| {
                    let shared = shared.clone();
                    async move { Ok::<_, Infallible>(answer(request, &shared).await) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(limits.header_timeout)
                    .max_buf_size(limits.head_bytes)
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}

/// Each open connection takes a file descriptor: allow as many as the system lets this
/// process have, so thousands of idle clients and preview tabs do not stop new ones.
fn raise_open_files_limit() {
    #[cfg(unix)]
    // SAFETY: getrlimit/setrlimit only read and write the struct passed to them.
    unsafe {
        let mut limit = std::mem::zeroed::<libc::rlimit>();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max
        {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

/// A response body: bytes, or an open reload stream.
type Answer = Response<Either<Full<Bytes>, Events>>;

fn reply(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Answer {
    let mut response = Response::new(Either::Left(Full::new(body.into())));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn text(status: StatusCode, body: &'static str) -> Answer {
    reply(status, "text/plain; charset=utf-8", body)
}

/// One request, answered as a preview must: GET and HEAD only, to allowed host names,
/// the preview's own endpoints to its own pages, and the site's files by safe paths.
async fn answer(request: Request<Incoming>, shared: &Arc<Shared>) -> Answer {
    if request.uri().path().starts_with(super::editor::PREFIX) {
        return editor_backend(request, shared).await;
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = text(StatusCode::METHOD_NOT_ALLOWED, "GET and HEAD only\n");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let header = |name| {
        request
            .headers()
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    // An absolute URL in the request line names the host instead of the header.
    let host = match request.uri().authority() {
        Some(authority) => authority.as_str(),
        None => header(header::HOST).unwrap_or(""),
    };
    if !shared.hosts.allows(host) {
        let page = refused_host_page(host);
        return reply(StatusCode::FORBIDDEN, "text/html; charset=utf-8", page);
    }
    let path = request.uri().path();
    let foreign = header(header::ORIGIN).is_some_and(|o| !shared.hosts.allows_origin(o));
    if path.starts_with(LIVE_PREFIX) && foreign {
        let body = "the preview's own endpoints answer its own pages only\n";
        return text(StatusCode::FORBIDDEN, body);
    }
    let preview = &shared.preview;
    if let Some(response) = own_endpoint(path, request.uri(), shared).await {
        return response;
    }
    if let Some(config) = super::editor::local_config(preview, path, host) {
        return reply(StatusCode::OK, "text/yaml; charset=utf-8", config);
    }
    let key = match site_path(path) {
        Ok(key) => key,
        Err(status) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
            return text(status, "bad path\n");
        }
    };
    // Finding a page may mean rendering it: off the threads that answer connections.
    let looked_up = tokio::task::spawn_blocking({
        let preview = preview.clone();
        move || look_up(&preview, key)
    })
    .await;
    let Ok(found) = looked_up else {
        return text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the page could not be made\n",
        );
    };
    deliver(found, path).await
}

/// The browser editor's local backend (`serve/editor.rs`), to allowed host names only.
async fn editor_backend(request: Request<Incoming>, shared: &Arc<Shared>) -> Answer {
    let host = match request.uri().authority() {
        Some(authority) => authority.as_str().to_string(),
        None => (request.headers().get(header::HOST))
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string(),
    };
    if !shared.hosts.allows(&host) {
        return reply(
            StatusCode::FORBIDDEN,
            "text/html; charset=utf-8",
            refused_host_page(&host),
        );
    }
    let (status, body) = super::editor::answer(request, &shared.preview, &host).await;
    reply(status, "application/json", body)
}

/// The preview's own script, state, reload stream and report, answered before any
/// site path is looked up (`None`: the path is the site's).
async fn own_endpoint(path: &str, uri: &hyper::Uri, shared: &Arc<Shared>) -> Option<Answer> {
    let preview = &shared.preview;
    match path {
        "/__vouch/live.js" => {
            return Some(reply(
                StatusCode::OK,
                "text/javascript; charset=utf-8",
                LIVE_JS,
            ));
        }
        "/__vouch/state" => {
            let css = preview
                .snapshot
                .read()
                .ok()
                .and_then(|s| s.live.as_ref().map(|l| l.css_stamp()))
                .unwrap_or(0);
            let body = format!("{{\"css\":\"{css}\"}}");
            return Some(reply(StatusCode::OK, "application/json", body));
        }
        "/__vouch/events" => {
            let seen = uri
                .query()
                .unwrap_or("")
                .split('&')
                .find_map(|pair| pair.strip_prefix("v=")?.parse().ok())
                .unwrap_or(0);
            return Some(events(shared, seen));
        }
        "/__vouch/report" => return Some(report(shared, uri.query()).await),
        _ => {}
    }
    None
}

/// What the snapshot holds at a site path, as the browser gets it: a folder redirected
/// to its slash, the problems page while nothing is built, or the file with the reload
/// script in its pages.
async fn deliver(found: Found, path: &str) -> Answer {
    match found {
        Found::Directory => {
            let location = format!("{}/", path.trim_end_matches('/'));
            let mut response = text(StatusCode::MOVED_PERMANENTLY, "");
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Found::NotBuilt { page, version } => reply(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/html; charset=utf-8",
            inject_live_script(page.as_bytes(), version),
        ),
        Found::File {
            status,
            name,
            served,
            version,
            panels,
            edit,
        } => {
            let bytes: Bytes = match served {
                // Shared with the snapshot, not copied.
                Some(Served::Bytes(b)) => Bytes::from_owner(b),
                Some(Served::File(p)) => tokio::fs::read(&p).await.unwrap_or_default().into(),
                None => Bytes::from_static(b"not found\n"),
            };
            let content_type = content_type(&name);
            // The editor's page reloads itself when it saves; the preview leaves it be.
            let body = if content_type.starts_with("text/html") && !path.starts_with("/admin/") {
                let page = match &panels {
                    Some(panels) => {
                        let page = super::panel::inject(&String::from_utf8_lossy(&bytes), panels);
                        Bytes::from(page)
                    }
                    None => bytes,
                };
                let page = match &edit {
                    Some(link) => Bytes::from(super::editor::inject_edit_link(
                        &String::from_utf8_lossy(&page),
                        link,
                    )),
                    None => page,
                };
                inject_live_script(&page, version).into()
            } else {
                bytes
            };
            reply(status, content_type, body)
        }
    }
}

/// The content report (`vouch report`'s HTML) of the files as they are now, read
/// afresh: the preview's own page, never part of the published site. `?cross=a,b`
/// adds the cross of two taxonomies.
async fn report(shared: &Arc<Shared>, query: Option<&str>) -> Answer {
    let cross = query
        .unwrap_or("")
        .split('&')
        .find_map(|pair| pair.strip_prefix("cross="))
        .map(|v| v.replace("%2C", ",").replace("%2c", ","));
    let cross = match cross.as_deref().map(crate::report::parse_cross).transpose() {
        Ok(cross) => cross,
        Err(_) => {
            return text(
                StatusCode::BAD_REQUEST,
                "cross= names two taxonomies, e.g. ?cross=industry,lifecycle\n",
            )
        }
    };
    let root = shared.preview.root.clone();
    let made = tokio::task::spawn_blocking(move || {
        let options = crate::report::Options {
            cross,
            // The preview reads the clock: each report is of the files as they are now.
            now: crate::site::now_from_env(),
        };
        match crate::report::make(&root, &options) {
            Ok(report) => crate::report::html::render(&report),
            Err(problems) => crate::report::html::problems_page(&root, &problems),
        }
    })
    .await;
    match made {
        Ok(page) => reply(StatusCode::OK, "text/html; charset=utf-8", page),
        Err(_) => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the report could not be made\n",
        ),
    }
}

/// What the snapshot holds at a path.
enum Found {
    /// A folder asked for without its trailing slash.
    Directory,
    /// No build has succeeded yet: the page that lists the problems instead.
    NotBuilt { page: String, version: u64 },
    /// The file (or the site's 404 page), and the snapshot version it belongs to.
    File {
        status: StatusCode,
        name: String,
        served: Option<Served>,
        version: u64,
        /// The share panels the preview adds to the page (never in the build).
        panels: Option<super::panel::Panels>,
        /// The item's "Edit" link, when the site has an editor (never in the build).
        edit: Option<String>,
    },
}

fn look_up(preview: &Preview, key: String) -> Found {
    let snapshot = preview.snapshot.read().unwrap_or_else(|e| e.into_inner());
    let version = snapshot.version;
    let Some(live) = snapshot.live.as_ref() else {
        let page = not_built_page(&preview.root, snapshot.failure.as_ref());
        return Found::NotBuilt { page, version };
    };
    if let Some(served) = live.get(&key) {
        return Found::File {
            status: StatusCode::OK,
            panels: live.panels(&key),
            edit: live.edit_link(&key),
            name: key,
            served: Some(served),
            version,
        };
    }
    if !key.is_empty() && live.has(&format!("{key}/index.html")) {
        return Found::Directory;
    }
    Found::File {
        status: StatusCode::NOT_FOUND,
        name: "404.html".to_string(),
        served: live.get("404.html"),
        version,
        panels: None,
        edit: None,
    }
}

/// What every page shows while no build has succeeded: the problems, as the terminal
/// lists them (the overlay shows them too, and the page reloads once they are fixed).
fn not_built_page(
    root: &std::path::Path,
    failure: Option<&crate::diagnostics::Diagnostics>,
) -> String {
    let problems: String = failure
        .iter()
        .flat_map(|d| d.iter())
        .filter(|d| d.is_error())
        .map(|d| format!("<pre>{}</pre>", crate::escape::xml(&d.render(root, false))))
        .collect();
    let (title, lead) = match failure {
        Some(_) => (
            "The build failed",
            "The site could not be built, so there is no page to show yet. Fix the problems below and save: this page updates by itself.",
        ),
        None => ("Building", "The site is being built; this page updates by itself."),
    };
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><h1>{title}</h1><p>{lead}</p>{problems}</body></html>\n"
    )
}

/// A reload stream: the events a task sends it, until the tab goes away (hyper drops
/// the body, the task's next send fails) or the stream count goes down with it.
pub struct Events {
    messages: tokio::sync::mpsc::Receiver<Bytes>,
    /// Gives the stream's place back when the connection ends.
    _place: StreamPlace,
}

struct StreamPlace(Arc<Shared>);

impl Drop for StreamPlace {
    fn drop(&mut self) {
        self.0.streams.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Body for Events {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.messages
            .poll_recv(cx)
            .map(|message| message.map(|bytes| Ok(Frame::data(bytes))))
    }
}

/// Opens a reload stream: one event per rebuild after `seen`, and a comment every
/// `ping` to keep the connection open.
fn events(shared: &Arc<Shared>, mut seen: u64) -> Answer {
    if shared.streams.fetch_add(1, Ordering::SeqCst) >= shared.limits.streams {
        shared.streams.fetch_sub(1, Ordering::SeqCst);
        return text(StatusCode::SERVICE_UNAVAILABLE, "too many preview tabs\n");
    }
    let place = StreamPlace(shared.clone());
    let (sender, messages) = tokio::sync::mpsc::channel::<Bytes>(4);
    let preview = shared.preview.clone();
    let ping = shared.limits.ping;
    let mut changes = preview.changed.subscribe();
    tokio::spawn(async move {
        if sender
            .send(Bytes::from_static(b"retry: 500\n\n"))
            .await
            .is_err()
        {
            return;
        }
        // A page opened while the build is broken shows the overlay straight away.
        if let Some((version, message)) = message_for(&preview, true) {
            seen = version;
            if sender.send(message.into()).await.is_err() {
                return;
            }
        }
        loop {
            let waited = tokio::time::timeout(ping, changes.wait_for(|v| *v > seen))
                .await
                .map(|changed| changed.map(|version| *version));
            let message = match waited {
                Err(_) => Bytes::from_static(b": ping\n\n"),
                Ok(Err(_)) => return,
                Ok(Ok(version)) => {
                    seen = version;
                    match message_for(&preview, false) {
                        Some((_, message)) => message.into(),
                        None => continue,
                    }
                }
            };
            if sender.send(message).await.is_err() {
                return;
            }
        }
    });
    let mut response = Response::new(Either::Right(Events {
        messages,
        _place: place,
    }));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The output path a URL path names, or the status that refuses it. Percent-encoding
/// is decoded once; what still looks encoded, and any `..`, `.`, backslash or NUL, is
/// refused before the snapshot is even looked at.
pub fn site_path(path: &str) -> Result<String, u16> {
    if !path.starts_with('/') {
        return Err(400);
    }
    let decoded = crate::site::urls::percent_decode(path).ok_or(400u16)?;
    if decoded.contains(['\\', '\0'])
        || decoded.contains('%')
        || decoded.split('/').any(|s| s == ".." || s == ".")
    {
        return Err(403);
    }
    let mut key = decoded.trim_start_matches('/').to_string();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    Ok(key)
}

/// Adds the reload script to a rendered page. What the preview adds to pages is added
/// here, after rendering, never by templates, each as one element carrying
/// `data-vouch-preview`: taking those elements out leaves the page `vouch build` writes.
fn inject_live_script(html: &[u8], version: u64) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{LIVE_PREFIX}live.js\" data-version=\"{version}\" data-vouch-preview defer></script>"
    );
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// The event for the current snapshot: `{"version", "change", "problems"}`, with the
/// version it tells of. With `only_failure`, nothing unless the build is broken.
fn message_for(preview: &Preview, only_failure: bool) -> Option<(u64, String)> {
    let snapshot = preview.snapshot.read().ok()?;
    if only_failure && snapshot.failure.is_none() {
        return None;
    }
    let change = match (&snapshot.failure, snapshot.change) {
        (Some(_), _) => "failed",
        (None, Change::Css) => "css",
        (None, _) => "reload",
    };
    let problems: Vec<String> = snapshot
        .failure
        .iter()
        .flat_map(|d| d.iter())
        .filter(|d| d.is_error())
        .map(|d| d.render(&preview.root, false))
        .collect();
    let css = snapshot.live.as_ref().map_or(0, |l| l.css_stamp());
    let data = serde_json::json!({
        "version": snapshot.version,
        "change": change,
        "css": css.to_string(),
        "problems": problems,
    });
    Some((snapshot.version, format!("data: {data}\n\n")))
}

/// Content types by extension.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map_or("", |(_, ext)| ext) {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "txt" | "" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::site_path;

    #[test]
    fn traversal_is_refused_in_every_spelling() {
        for bad in [
            "/../vouch.yml",
            "/a/../../etc/passwd",
            "/%2e%2e/vouch.yml",
            "/%2E%2E%2Fvouch.yml",
            "/a%2f..%2f..%2fetc",
            "/%252e%252e/vouch.yml",
            "/a\\..\\b",
            "/%5c..%5cb",
            "/a/%00",
            "/./index.html",
            "relative",
        ] {
            assert!(site_path(bad).is_err(), "{bad} must be refused");
        }
        assert_eq!(site_path("/").unwrap(), "index.html");
        assert_eq!(
            site_path("/case-studies/").unwrap(),
            "case-studies/index.html"
        );
        assert_eq!(site_path("/assets/vouch.css").unwrap(), "assets/vouch.css");
        assert_eq!(site_path("/caf%C3%A9/").unwrap(), "café/index.html");
    }
}

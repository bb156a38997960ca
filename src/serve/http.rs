//! The preview's HTTP server: plain HTTP/1.1 on std::net, a bounded pool of workers so
//! a slow or idle client cannot hold up others, read timeouts, GET and HEAD only, paths
//! checked before any lookup (no `..`, no encoded separators, no double encoding), and
//! a Server-Sent Events stream that tells pages to reload.

use super::hosts::AllowedHosts;
use super::{Change, Preview, Served};
use crate::diagnostics::Diagnostic;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// The live-reload script injected into every HTML page.
const LIVE_JS: &str = include_str!("live.js");
/// Where the script and the event stream live (outside any site path).
pub const LIVE_PREFIX: &str = "/__vouch/";

/// How much the server takes on at once.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Threads answering ordinary requests.
    pub workers: usize,
    /// Connections waiting for a worker; beyond this, 503 at once.
    pub queue: usize,
    /// Open reload streams (one per preview tab).
    pub streams: usize,
    /// How long a client may take to send its request.
    pub read_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        // Idle connections hold a worker for at most `read_timeout`; with 64 workers it
        // takes more than 64 silent clients at once to delay anyone, and then by at most
        // that timeout.
        Limits {
            workers: 64,
            queue: 2048,
            streams: 64,
            read_timeout: Duration::from_secs(2),
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
    let name = crate::output::xml_escape(super::hosts::name_of(host));
    format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Host not allowed</title>\
         <h1>This preview does not answer to \u{201c}{name}\u{201d}</h1>\
         <p>The preview shows drafts and unapproved customer content, so it answers only \
         localhost, names ending in .localhost and IP addresses. To reach it under this name \
         (on a team network), start it with <code>vouch serve --allow-host {name}</code>.</p></html>\n"
    )
}

/// Accepts connections forever, handing them to the worker pool. Requests for other
/// host names than `hosts` allows are refused.
pub fn serve(listener: TcpListener, preview: Arc<Preview>, limits: Limits, hosts: AllowedHosts) {
    let hosts = Arc::new(hosts);
    let (sender, receiver) = mpsc::sync_channel::<TcpStream>(limits.queue);
    let receiver = Arc::new(Mutex::new(receiver));
    let streams = Arc::new(AtomicUsize::new(0));
    for _ in 0..limits.workers {
        let receiver = receiver.clone();
        let preview = preview.clone();
        let streams = streams.clone();
        let hosts = hosts.clone();
        std::thread::spawn(move || loop {
            let next = receiver.lock().map(|r| r.recv());
            let Ok(Ok(stream)) = next else { return };
            let _ = handle(stream, &preview, &streams, limits, &hosts);
        });
    }
    for stream in listener.incoming().flatten() {
        if let Err(mpsc::TrySendError::Full(mut stream)) = sender.try_send(stream) {
            let _ = respond(
                &mut stream,
                503,
                "text/plain; charset=utf-8",
                b"busy, try again\n",
                false,
            );
        }
    }
}

/// A request we answer: method, target, and the headers that say who asks.
struct Request {
    head_only: bool,
    target: String,
    /// The `Host` header.
    host: Option<String>,
    /// The `Origin` header (sent by browsers for script requests from another page).
    origin: Option<String>,
}

fn read_request(stream: &TcpStream) -> Result<Request, u16> {
    let mut reader = BufReader::new(stream.take(16 * 1024));
    let mut line = String::new();
    reader.read_line(&mut line).map_err(|_| 408u16)?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let (mut host, mut origin) = (None, None);
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) => return Err(400),
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {
                let Some((name, value)) = header.split_once(':') else {
                    continue;
                };
                let value = Some(value.trim().to_string());
                match name.trim().to_ascii_lowercase().as_str() {
                    "host" => host = value,
                    "origin" => origin = value,
                    _ => {}
                }
            }
            Err(_) => return Err(408),
        }
    }
    match method {
        "GET" | "HEAD" => Ok(Request {
            head_only: method == "HEAD",
            target: target.to_string(),
            host,
            origin,
        }),
        _ => Err(405),
    }
}

fn handle(
    mut stream: TcpStream,
    preview: &Arc<Preview>,
    streams: &Arc<AtomicUsize>,
    limits: Limits,
    hosts: &AllowedHosts,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(limits.read_timeout))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let request = match read_request(&stream) {
        Ok(r) => r,
        Err(status) => {
            return respond(&mut stream, status, "text/plain; charset=utf-8", b"", false)
        }
    };
    let path = request.target.split(['?', '#']).next().unwrap_or("/");
    let host = request.host.as_deref().unwrap_or("");
    if !hosts.allows(host) {
        let page = refused_host_page(host);
        return respond(
            &mut stream,
            403,
            "text/html; charset=utf-8",
            page.as_bytes(),
            request.head_only,
        );
    }
    let foreign = request
        .origin
        .as_deref()
        .is_some_and(|o| !hosts.allows_origin(o));
    if path.starts_with("/__vouch/") && foreign {
        let body = b"the preview's own endpoints answer its own pages only\n";
        return respond(
            &mut stream,
            403,
            "text/plain; charset=utf-8",
            body,
            request.head_only,
        );
    }
    if path == "/__vouch/live.js" {
        return respond(
            &mut stream,
            200,
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes(),
            request.head_only,
        );
    }
    if path == "/__vouch/state" {
        let css = preview
            .snapshot
            .read()
            .ok()
            .and_then(|s| s.live.as_ref().map(|l| l.css_stamp()))
            .unwrap_or(0);
        let body = format!("{{\"css\":\"{css}\"}}");
        return respond(
            &mut stream,
            200,
            "application/json",
            body.as_bytes(),
            request.head_only,
        );
    }
    if path == "/__vouch/events" {
        if streams.fetch_add(1, Ordering::SeqCst) >= limits.streams {
            streams.fetch_sub(1, Ordering::SeqCst);
            return respond(
                &mut stream,
                503,
                "text/plain; charset=utf-8",
                b"too many preview tabs\n",
                false,
            );
        }
        let seen = request
            .target
            .split_once("v=")
            .and_then(|(_, v)| v.split('&').next()?.parse().ok())
            .unwrap_or(0);
        // A stream lives as long as its tab: give it a thread of its own, not a worker.
        let preview = preview.clone();
        let streams = streams.clone();
        std::thread::spawn(move || {
            let _ = event_stream(stream, &preview, seen);
            streams.fetch_sub(1, Ordering::SeqCst);
        });
        return Ok(());
    }
    let key = match site_path(path) {
        Ok(key) => key,
        Err(status) => {
            return respond(
                &mut stream,
                status,
                "text/plain; charset=utf-8",
                b"bad path\n",
                false,
            )
        }
    };
    let snapshot = preview.snapshot.read().unwrap_or_else(|e| e.into_inner());
    let version = snapshot.version;
    let live = snapshot.live.as_ref();
    let found = live.and_then(|l| l.get(&key));
    let dir_index = format!("{key}/index.html");
    let is_dir = found.is_none() && !key.is_empty() && live.is_some_and(|l| l.has(&dir_index));
    let not_found = if found.is_none() {
        live.and_then(|l| l.get("404.html"))
    } else {
        None
    };
    drop(snapshot);
    if is_dir {
        let location = format!("{}/", path.trim_end_matches('/'));
        let head = format!("HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return stream.write_all(head.as_bytes());
    }
    let (status, served, name) = match found {
        Some(file) => (200, Some(file), key.as_str()),
        None => (404, not_found, "404.html"),
    };
    let bytes = match served {
        Some(Served::Bytes(b)) => b.to_vec(),
        Some(Served::File(p)) => std::fs::read(&p).unwrap_or_default(),
        None => b"not found\n".to_vec(),
    };
    let content_type = content_type(name);
    let body = if content_type.starts_with("text/html") {
        inject_live_script(bytes, version)
    } else {
        bytes
    };
    respond(&mut stream, status, content_type, &body, request.head_only)
}

/// The output path a URL path names, or the status that refuses it. Percent-encoding
/// is decoded once; what still looks encoded, and any `..`, `.`, backslash or NUL, is
/// refused before the snapshot is even looked at.
pub fn site_path(path: &str) -> Result<String, u16> {
    if !path.starts_with('/') {
        return Err(400);
    }
    let decoded = percent_decode(path).ok_or(400u16)?;
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

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let value = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            out.push(value);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn inject_live_script(html: Vec<u8>, version: u64) -> Vec<u8> {
    let tag =
        format!("<script src=\"{LIVE_PREFIX}live.js\" data-version=\"{version}\" defer></script>");
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// Sends one event per rebuild after `seen`, and a comment every 15 s to keep the
/// connection open; ends when the tab goes away.
fn event_stream(mut stream: TcpStream, preview: &Preview, mut seen: u64) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n",
    )?;
    // A page opened while the build is broken shows the overlay straight away.
    if let Some(message) = message_for(preview, seen, true) {
        stream.write_all(message.as_bytes())?;
        seen = preview.snapshot.read().map(|s| s.version).unwrap_or(seen);
    }
    loop {
        let version = preview.wait_for_change(seen, Duration::from_secs(15));
        if version <= seen {
            stream.write_all(b": ping\n\n")?;
            continue;
        }
        seen = version;
        if let Some(message) = message_for(preview, 0, false) {
            stream.write_all(message.as_bytes())?;
        }
    }
}

/// The event for the current snapshot: `{"version", "change", "problems"}`. With
/// `only_failure`, nothing unless the build is broken.
fn message_for(preview: &Preview, _seen: u64, only_failure: bool) -> Option<String> {
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
    Some(format!("data: {data}\n\n"))
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        _ => "Service Unavailable",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
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

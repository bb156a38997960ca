//! A tiny static file server for tests that need a real browser or a crawler: serves a
//! built site from a folder, optionally under a sub-path, on 127.0.0.1.
#![allow(dead_code)]

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Request, Response};
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A running server; it stops with the test process.
pub struct StaticServer {
    /// `http://127.0.0.1:PORT/prefix/`
    pub base: String,
}

/// Serves `dir` at `http://127.0.0.1:<free port>/<prefix>` (prefix like "project/" or "")
/// with hyper, as the preview does.
pub fn serve(dir: &Path, prefix: &str) -> StaticServer {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let site = Arc::new((dir.to_path_buf(), format!("/{prefix}")));
    let base = format!("http://127.0.0.1:{port}/{prefix}");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            while let Ok((stream, _)) = listener.accept().await {
                let site = site.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let site = site.clone();
                        async move { Ok::<_, Infallible>(answer(&request, &site.0, &site.1)) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        });
    });
    StaticServer { base }
}

fn answer<B>(request: &Request<B>, dir: &Path, prefix: &str) -> Response<Full<Bytes>> {
    let (status, file) = match resolve(dir, prefix, request.uri().path()) {
        Some(file) => (200, file),
        None => (404, dir.join("404.html")),
    };
    let body = std::fs::read(&file).unwrap_or_default();
    Response::builder()
        .status(status)
        .header("content-type", content_type(&file))
        .body(Full::new(Bytes::from(body)))
        .unwrap()
}

/// The file a URL path names, the way GitLab Pages maps them (`/a/` → `/a/index.html`).
fn resolve(dir: &Path, prefix: &str, path: &str) -> Option<PathBuf> {
    let with_slash = format!("{path}/");
    let rest = path
        .strip_prefix(prefix)
        .or_else(|| with_slash.strip_prefix(prefix).map(|_| ""))?;
    let rest = percent_decode(rest);
    if rest.split('/').any(|s| s == "..") {
        return None;
    }
    let mut file = dir.join(rest.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Content types by extension: the preview server's own table.
pub fn content_type(path: &Path) -> &'static str {
    vouch::serve::http::content_type(&path.to_string_lossy())
}

//! A tiny static file server for tests that need a real browser or a crawler: serves a
//! built site from a folder, optionally under a sub-path, on 127.0.0.1.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

/// A running server; it stops with the test process.
pub struct StaticServer {
    /// `http://127.0.0.1:PORT/prefix/`
    pub base: String,
}

/// Serves `dir` at `http://127.0.0.1:<free port>/<prefix>` (prefix like "project/" or "").
pub fn serve(dir: &Path, prefix: &str) -> StaticServer {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().unwrap().port();
    let dir = dir.to_path_buf();
    let prefix = format!("/{prefix}");
    let base = format!("http://127.0.0.1:{port}{prefix}");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            let prefix = prefix.clone();
            std::thread::spawn(move || {
                let _ = answer(stream, &dir, &prefix);
            });
        }
    });
    StaticServer { base }
}

fn answer(mut stream: std::net::TcpStream, dir: &Path, prefix: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? <= 2 {
            break;
        }
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (status, file) = match resolve(dir, prefix, path) {
        Some(file) => ("200 OK", file),
        None => ("404 Not Found", dir.join("404.html")),
    };
    let body = std::fs::read(&file).unwrap_or_default();
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    )?;
    stream.write_all(&body)
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

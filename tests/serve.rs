//! `vouch serve` over real HTTP: edits show up, broken edits keep the last good page and
//! report the problem, fixes clear it, new and deleted files appear and disappear,
//! traversal is refused in every spelling, 1,000 concurrent requests are answered, an
//! idle client blocks nobody, and public/ is never touched. The browser test drives
//! Chromium through an edit and a broken edit.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::HANG;

/// Waits for `event` to hold, checking every 20 ms; fails naming `what` if it has not
/// after [`HANG`]. Tests wait on events this way, never on a time that should suffice.
fn until(what: &str, mut event: impl FnMut() -> bool) {
    let deadline = Instant::now() + HANG;
    while !event() {
        assert!(Instant::now() < deadline, "hung waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether the server still holds this connection open (it has neither closed it nor
/// answered on it). The server cuts a silent client after its header timeout, so a
/// connection still open shows that what was checked since it opened came before that.
fn still_open(stream: &TcpStream) -> bool {
    stream.set_nonblocking(true).unwrap();
    let open = matches!(
        stream.peek(&mut [0u8; 1]),
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock
    );
    stream.set_nonblocking(false).unwrap();
    open
}

/// A running `vouch serve` on a copy of the example site; killed when dropped.
struct Preview {
    child: Child,
    site: tempfile::TempDir,
    base: String,
    log: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Preview {
    fn start(args: &[&str]) -> Preview {
        Self::start_with(args, |_| {})
    }

    /// Starts on a copy of the example site after `setup` has changed it.
    fn start_with(args: &[&str], setup: impl FnOnce(&Path)) -> Preview {
        let site = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(root.join("vouch.yml"), site.path().join("vouch.yml")).unwrap();
        assert!(Command::new("cp")
            .arg("-r")
            .arg(root.join("content"))
            .arg(site.path())
            .status()
            .unwrap()
            .success());
        setup(site.path());
        let mut child = Command::new(env!("CARGO_BIN_EXE_vouch"))
            .arg("--root")
            .arg(site.path())
            .arg("serve")
            .args(args)
            .env("SOURCE_DATE_EPOCH", common::EXAMPLE_NOW_EPOCH)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line
                    .strip_prefix("serving ")
                    .and_then(|l| l.split_whitespace().next())
                {
                    let _ = tx.send(url.to_string());
                }
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let base = rx.recv_timeout(HANG).expect("vouch serve starts");
        Preview {
            child,
            site,
            base,
            log,
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.site.path().join(rel)
    }

    fn get(&self, path: &str) -> (u16, String) {
        raw(
            &self.base,
            &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
        )
    }

    /// Polls `path` until `wanted` holds (edits take a debounce and a rebuild).
    fn wait_for(&self, path: &str, wanted: impl Fn(u16, &str) -> bool) -> (u16, String) {
        let deadline = Instant::now() + HANG;
        loop {
            let (status, body) = self.get(path);
            if wanted(status, &body) {
                return (status, body);
            }
            assert!(
                Instant::now() < deadline,
                "hung waiting on {path}: {status}\nlog:\n{}",
                self.log.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Sends a raw request (asking the server to close the connection after it, unless the
/// request says otherwise); returns the status and the body.
fn raw(base: &str, request: &str) -> (u16, String) {
    let host = base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(host).unwrap();
    let request = match request.split_once("\r\n") {
        Some((line, rest)) if !request.contains("Connection:") && line.ends_with("HTTP/1.1") => {
            format!("{line}\r\nConnection: close\r\n{rest}")
        }
        _ => request.to_string(),
    };
    stream.set_read_timeout(Some(HANG)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Writes a file the way editors do: to a temporary name, then renamed over the original.
fn atomic_write(path: &Path, text: &str) {
    let temp = path.with_extension("md.tmp~");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, path).unwrap();
}

/// Reads the reload stream until an event containing `needle` arrives.
fn wait_for_event(base: &str, since: u64, needle: &str) -> String {
    let host = base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(host).unwrap();
    stream.set_read_timeout(Some(HANG)).unwrap();
    write!(
        stream,
        "GET /__vouch/events?v={since} HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    while reader.read_line(&mut line).unwrap_or(0) > 0 {
        if line.starts_with("data:") && line.contains(needle) {
            return line;
        }
        line.clear();
    }
    panic!("no event with {needle}");
}

#[test]
fn edits_broken_edits_fixes_new_and_deleted_files() {
    let p = Preview::start(&["--port", "0"]);
    let (status, about) = p.get("/about/");
    assert_eq!(status, 200);
    assert!(
        about.contains("/__vouch/live.js"),
        "the live-reload script is injected"
    );
    let file = p.path("content/about.md");
    let original = std::fs::read_to_string(&file).unwrap();

    // An edit, saved the way editors do it.
    atomic_write(
        &file,
        &original.replace("Every case study", "Each published case study"),
    );
    p.wait_for("/about/", |s, b| {
        s == 200 && b.contains("Each published case study")
    });

    // A broken edit: the last good page stays, the problem is reported with file and line.
    std::fs::write(&file, "---\ntitle: [oops\n---\nBroken.\n").unwrap();
    let event = wait_for_event(&p.base, 0, "failed");
    assert!(event.contains("content/about.md:2:8: error"), "{event}");
    let (status, page) = p.get("/about/");
    assert_eq!(status, 200);
    assert!(
        page.contains("Each published case study"),
        "last good page still served"
    );

    // Fixed: the new content shows and the stream says reload.
    std::fs::write(
        &file,
        original.replace("Every case study", "Fixed: every case study"),
    )
    .unwrap();
    p.wait_for("/about/", |s, b| {
        s == 200 && b.contains("Fixed: every case study")
    });

    // A new file becomes a page; deleting it takes the page away.
    std::fs::write(
        p.path("content/press.md"),
        "---\ntitle: Press kit\n---\nLogos and photos.\n",
    )
    .unwrap();
    p.wait_for("/press/", |s, b| {
        s == 200 && b.contains("Logos and photos.")
    });
    std::fs::remove_file(p.path("content/press.md")).unwrap();
    let (_, body) = p.wait_for("/press/", |s, _| s == 404);
    assert!(body.contains("Page not found"), "the site's 404 page");

    // A burst of saves ends in the last version.
    for i in 0..10 {
        std::fs::write(
            &file,
            original.replace("Every case study", &format!("Burst {i}: every case study")),
        )
        .unwrap();
    }
    p.wait_for("/about/", |s, b| {
        s == 200 && b.contains("Burst 9: every case study")
    });
    assert!(!p.path("public").exists(), "serve never writes public/");
}

#[test]
fn css_only_changes_are_announced_as_css() {
    let p = Preview::start_with(&["--port", "0"], |site| {
        let config = std::fs::read_to_string(site.join("vouch.yml")).unwrap();
        std::fs::write(site.join("vouch.yml"), format!("{config}theme: mine\n")).unwrap();
        std::fs::create_dir_all(site.join("themes/mine/static/assets")).unwrap();
    });
    let theme = p.path("themes/mine/static/assets");
    let (_, css) = p.get("/assets/vouch.css");
    // The stamp the page fetches the stylesheet again by: it must change with the sheet.
    let stamp = |text: &str| {
        let at = text.find("\"css\":\"").expect("a css stamp") + 7;
        text[at..].split('"').next().unwrap().to_string()
    };
    let (_, state) = p.get("/__vouch/state");
    let before = stamp(&state);
    let version = {
        let (_, page) = p.get("/");
        let at = page.find("data-version=\"").unwrap() + 14;
        page[at..]
            .split('"')
            .next()
            .unwrap()
            .parse::<u64>()
            .unwrap()
    };
    std::fs::write(
        theme.join("vouch.css"),
        format!("{css}\nbody{{outline:0}}\n"),
    )
    .unwrap();
    let event = wait_for_event(&p.base, version, "\"change\"");
    assert!(event.contains("\"change\":\"css\""), "{event}");
    assert_ne!(stamp(&event), before, "{event}");
}

#[test]
fn traversal_is_refused_and_types_are_right() {
    let p = Preview::start(&["--port", "0"]);
    for target in [
        "/../vouch.yml",
        "/%2e%2e/vouch.yml",
        "/%2E%2E%2Fvouch.yml",
        "/case-studies/..%2f..%2fvouch.yml",
        "/%252e%252e/vouch.yml",
        "/..\\vouch.yml",
        "/%5c..%5cvouch.yml",
        "/content/../../etc/passwd",
    ] {
        let (status, body) = raw(
            &p.base,
            &format!("GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        );
        assert!(
            status == 403 || status == 400 || status == 404,
            "{target}: {status}"
        );
        assert!(!body.contains("base_url"), "{target} leaked vouch.yml");
    }
    let (status, _) = raw(
        &p.base,
        "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n",
    );
    assert_eq!(status, 405);
    for (path, expected) in [
        ("/", "text/html; charset=utf-8"),
        ("/assets/vouch.css", "text/css; charset=utf-8"),
        ("/assets/vouch.js", "text/javascript; charset=utf-8"),
        ("/events.ics", "text/calendar; charset=utf-8"),
        ("/atom.xml", "application/xml"),
        ("/api/quotes.json", "application/json"),
        ("/customers/logos/ledgerly.svg", "image/svg+xml"),
    ] {
        let host = p.base.trim_start_matches("http://").trim_end_matches('/');
        let mut s = TcpStream::connect(host).unwrap();
        write!(
            s,
            "HEAD {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut head = String::new();
        s.read_to_string(&mut head).unwrap();
        assert!(head.starts_with("HTTP/1.1 200"), "{path}: {head}");
        // Header names are case-insensitive; a HEAD answer has the length and no body.
        let lower = head.to_ascii_lowercase();
        assert!(
            lower.contains(&format!("content-type: {expected}\r\n")),
            "{path}: {head}"
        );
        assert!(lower.contains("content-length: "), "{path}: {head}");
        assert!(
            head.ends_with("\r\n\r\n"),
            "{path}: a HEAD answer has a body"
        );
    }
}

#[test]
fn a_thousand_concurrent_requests_and_an_idle_client_block_nobody() {
    let p = Preview::start(&["--port", "0"]);
    // An idle client that connects and never sends a request.
    let host = p
        .base
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let idle: Vec<TcpStream> = (0..20)
        .map(|_| TcpStream::connect(&host).unwrap())
        .collect();
    let (status, _) = p.get("/");
    assert_eq!(status, 200);
    // Answered while every idle client was still connected: none had to be cut off (the
    // header timeout) before the page could be served.
    assert!(
        idle.iter().all(still_open),
        "idle clients held others up: the page came only after they were cut off"
    );

    let barrier = std::sync::Arc::new(std::sync::Barrier::new(1000));
    let handles: Vec<_> = (0..1000)
        .map(|i| {
            let barrier = barrier.clone();
            let base = p.base.clone();
            std::thread::spawn(move || {
                barrier.wait();
                let path = if i % 2 == 0 { "/" } else { "/assets/vouch.css" };
                raw(
                    &base,
                    &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                )
                .0
            })
        })
        .collect();
    let statuses: Vec<u16> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let ok = statuses.iter().filter(|s| **s == 200).count();
    assert_eq!(
        ok,
        1000,
        "answered: {ok}; others: {:?}",
        statuses
            .iter()
            .filter(|s| **s != 200)
            .take(5)
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_busy_port_moves_to_the_next_and_bind_warns() {
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = holder.local_addr().unwrap().port();
    let p = Preview::start(&["--port", &port.to_string()]);
    assert!(!p.base.contains(&format!(":{port}/")), "{}", p.base);
    assert!(p
        .log
        .lock()
        .unwrap()
        .contains(&format!("port {port} is busy")));
    drop(p);
    let open = Preview::start(&["--port", "0", "--bind", "0.0.0.0"]);
    assert!(open
        .log
        .lock()
        .unwrap()
        .contains("warning: serving on 0.0.0.0"));
}

#[test]
#[cfg_attr(
    browser_tools_missing,
    ignore = "needs Chromium and tests/browser/node_modules: apt-get install chromium; cd tests/browser && npm ci"
)]
fn chromium_sees_edits_without_a_manual_reload_and_the_overlay_on_a_broken_edit() {
    let Some((chromium, driver)) = common::tools_or_skip("live-preview browser test") else {
        return;
    };
    let p = Preview::start(&["--port", "0"]);
    let job = serde_json::json!({
        "url": format!("{}join/", p.base),
        "file": p.path("content/join.md"),
    });
    let output = Command::new("node")
        .arg(driver.join("live.mjs"))
        .arg(job.to_string())
        .env("CHROMIUM", &chromium)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["edited"], true, "{report}");
    assert_eq!(report["same_document_scroll_kept"], true, "{report}");
    assert_eq!(report["overlay"], true, "{report}");
    assert!(
        report["overlay_text"]
            .as_str()
            .unwrap()
            .contains("content/join.md:2"),
        "{report}"
    );
    assert_eq!(report["last_good_still_shown"], true, "{report}");
    assert_eq!(report["overlay_cleared"], true, "{report}");
    eprintln!(
        "edit → DOM change in the browser: {} ms",
        report["edit_to_dom_ms"]
    );
}

#[test]
fn a_text_edit_takes_the_fast_path_and_everything_that_shows_the_text_follows() {
    let p = Preview::start(&["--port", "0"]);
    let file = p.path("content/case-studies/pixelmoor-build-times.md");
    let original = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        original.replace(
            "Artists now see their changes",
            "FASTPATH: artists now see their changes",
        ),
    )
    .unwrap();
    p.wait_for("/case-studies/pixelmoor-build-times/", |s, b| {
        s == 200 && b.contains("FASTPATH")
    });
    // The terminal line comes just after the new page is live.
    until("the rebuild's line", || {
        p.log.lock().unwrap().contains("(from the last site;")
    });
    let log = p.log.lock().unwrap().clone();
    assert!(
        log.contains("(from the last site;"),
        "the text edit was applied to the last site, not built from nothing:\n{log}"
    );
    // The feed, which carries the body, follows too.
    let (_, feed) = p.get("/case-studies/atom.xml");
    assert!(feed.contains("FASTPATH"), "feeds are planned again");
    let (_, api) = p.get("/api/case-studies/page/1.json");
    assert!(api.contains("FASTPATH"), "API files follow");
    // A new heading is put in place too: every `#anchor` link is checked again.
    let before = p.log.lock().unwrap().matches("rebuilt in").count();
    std::fs::write(&file, format!("{original}\n## A new section\n\nMore.\n")).unwrap();
    p.wait_for("/case-studies/pixelmoor-build-times/", |s, b| {
        s == 200 && b.contains("id=\"a-new-section\"")
    });
    let rebuilt = || p.log.lock().unwrap().matches("rebuilt in").count();
    until("the heading rebuild's line", || rebuilt() > before);
    let log = p.log.lock().unwrap().clone();
    let last = log
        .lines()
        .filter(|l| l.starts_with("rebuilt in"))
        .nth(before)
        .unwrap_or("")
        .to_string();
    assert!(last.contains("from the last site"), "got {last:?}");
}

#[test]
fn ctrl_c_stops_the_preview_promptly() {
    let mut p = Preview::start(&["--port", "0"]);
    let pid = p.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    until("the preview to stop on Ctrl-C", || {
        p.child.try_wait().unwrap().is_some()
    });
    assert!(!p.path("public").exists(), "nothing left behind");
    let host = p
        .base
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    assert!(TcpStream::connect(host).is_err(), "the port is closed");
}

#[test]
fn a_themes_folder_made_after_the_start_is_watched() {
    // The site names a theme that does not exist yet: the preview starts on the error.
    let p = Preview::start_with(&["--port", "0"], |root| {
        let config = std::fs::read_to_string(root.join("vouch.yml")).unwrap();
        std::fs::write(root.join("vouch.yml"), format!("theme: late\n{config}")).unwrap();
    });
    let templates = p.path("themes/late/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("404.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>LATE-ONE</h1>{% endblock main %}",
    )
    .unwrap();
    p.wait_for("/404.html", |s, b| s == 200 && b.contains("LATE-ONE"));
    // Edits inside the new folder are seen too.
    std::fs::write(
        templates.join("404.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>LATE-TWO</h1>{% endblock main %}",
    )
    .unwrap();
    p.wait_for("/404.html", |s, b| s == 200 && b.contains("LATE-TWO"));
}

/// A web page can rebind its own domain name to 127.0.0.1 and read the preview (drafts
/// included) unless the preview refuses host names it does not expect.
#[test]
fn only_expected_host_names_are_answered() {
    let p = Preview::start(&["--port", "0", "--allow-host", "preview.team.example"]);
    let ask = |host: &str, path: &str| {
        raw(
            &p.base,
            &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
    };
    let port = p.base.rsplit(':').next().unwrap().trim_end_matches('/');
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("docs.localhost:{port}"),
        format!("[::1]:{port}"),
        format!("preview.team.example:{port}"),
    ] {
        let (status, body) = ask(&host, "/");
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("<html"), "{host}");
    }
    for host in [
        format!("attacker.example:{port}"),
        "attacker.example".to_string(),
    ] {
        for path in ["/", "/__vouch/state", "/case-studies/"] {
            let (status, body) = ask(&host, path);
            assert_eq!(status, 403, "{host}{path}");
            assert!(
                body.contains("vouch serve --allow-host attacker.example")
                    && !body.contains("Pixelmoor"),
                "{host}{path}: {body}"
            );
        }
    }
    // No Host header at all (HTTP/1.0 clients) is refused too.
    let (status, _) = raw(&p.base, "GET / HTTP/1.0\r\n\r\n");
    assert_eq!(status, 403);
    // A page of another site may not call the preview's own endpoints.
    let from = |origin: &str| {
        raw(
            &p.base,
            &format!("GET /__vouch/state HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {origin}\r\nConnection: close\r\n\r\n"),
        )
        .0
    };
    assert_eq!(from("http://attacker.example"), 403);
    assert_eq!(from(&format!("http://127.0.0.1:{port}")), 200);
}

/// `--open` opens the address actually served (here the port the system picked, not the
/// port 0 asked for), through the desktop's opener.
#[test]
fn open_opens_the_port_actually_taken() {
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened");
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    let mut permissions = std::fs::metadata(&opener).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&opener, permissions).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_vouch"))
        .arg("--root")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .args(["serve", "--port", "0", "--open"])
        .env("PATH", path)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let served = stderr.lines().map_while(Result::ok).find_map(|l| {
        l.strip_prefix("serving ")
            .map(|u| u.split_whitespace().next().unwrap().to_string())
    });
    until("the opener to run", || opened.exists());
    let _ = child.kill();
    let _ = child.wait();
    let served = served.expect("vouch serve starts");
    assert!(!served.ends_with(":0/"), "{served}");
    let opened = std::fs::read_to_string(&opened).expect("the opener ran");
    assert_eq!(opened.trim(), served);
}

/// Lets this test process hold as many sockets as the system allows; returns how many.
fn open_files_allowed() -> u64 {
    // SAFETY: getrlimit/setrlimit only read and write the struct passed to them.
    unsafe {
        let mut limit = std::mem::zeroed::<libc::rlimit>();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 1024;
        }
        limit.rlim_cur = limit.rlim_max;
        libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
        limit.rlim_cur
    }
}

/// Reads what the server sends until it closes the connection or `within` passes;
/// returns the bytes and whether the connection was closed.
fn read_until_closed(stream: &mut TcpStream, within: Duration) -> (String, bool) {
    stream.set_read_timeout(Some(within)).unwrap();
    let mut got = Vec::new();
    let closed = stream.read_to_end(&mut got).is_ok();
    (String::from_utf8_lossy(&got).into_owned(), closed)
}

/// The attacks the issue names, made on a real preview on 127.0.0.1: thousands of idle
/// connections, half-sent requests and open reload streams, TLS bytes, a huge URL and
/// huge headers. Pages keep being served quickly through all of it, the reload streams
/// still hear of a save, and slow clients are cut off after the header timeout.
#[test]
fn floods_of_idle_clients_streams_and_garbage_stop_nobody() {
    // Thousands where the system lets this process hold them (about 4,000 sockets).
    let scale = (open_files_allowed().saturating_sub(200) / 4_000).clamp(0, 1) as usize;
    let (idle, streams) = if scale == 1 {
        (2_500, 1_500)
    } else {
        (600, 300)
    };
    let p = Preview::start(&["--port", "0"]);
    let host = p
        .base
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    // A page is answered whole while the flood is held; a connection opened just before
    // it is still open after it, so the page did not wait for anyone's header timeout.
    let page_served = |what: &str| {
        let witness = TcpStream::connect(&host).unwrap();
        let (status, body) = p.get("/");
        assert_eq!(status, 200, "after {what}");
        assert!(body.contains("</html>"), "after {what}");
        assert!(
            still_open(&witness),
            "after {what}, a page came only after a header timeout"
        );
    };

    // Idle connections: most send nothing, every fifth half a request.
    let mut held: Vec<TcpStream> = (0..idle)
        .map(|i| {
            let mut s = TcpStream::connect(&host).unwrap();
            if i % 5 == 0 {
                s.write_all(b"GET / HTTP/1.1\r\nHost: local").unwrap();
            }
            s
        })
        .collect();
    page_served(&format!("{idle} idle connections"));

    // Open reload streams, one per pretend tab; each is answered before the next opens.
    let mut tabs: Vec<BufReader<TcpStream>> = (0..streams)
        .map(|_| {
            let mut s = TcpStream::connect(&host).unwrap();
            s.set_read_timeout(Some(HANG)).unwrap();
            s.write_all(b"GET /__vouch/events?v=1 HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .unwrap();
            let mut reader = BufReader::new(s);
            let mut line = String::new();
            while !line.starts_with("retry:") {
                line.clear();
                assert!(reader.read_line(&mut line).unwrap() > 0, "stream closed");
            }
            reader
        })
        .collect();
    page_served(&format!(
        "{idle} idle connections and {streams} open reload streams"
    ));

    // Garbage: a TLS ClientHello, a 100 KB URL, 64 KB of headers. Each gets an error
    // status or a closed connection, in time.
    let tls_hello: &[u8] = &[
        0x16, 0x03, 0x01, 0x00, 0x2e, 0x01, 0x00, 0x00, 0x2a, 0x03, 0x03, 0x5a, 0x5a, 0x5a, 0x5a,
        0x00, 0x00, 0x02, 0x13, 0x01, 0x01, 0x00, 0x00, 0x00, b'\r', b'\n', b'\r', b'\n',
    ];
    let long_url = format!(
        "GET /{} HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "a".repeat(100_000)
    );
    let long_headers = format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\n{}\r\n",
        (0..64)
            .map(|i| format!("X-Filler-{i}: {}\r\n", "b".repeat(1_000)))
            .collect::<String>()
    );
    for (what, bytes, wanted) in [
        ("TLS bytes", tls_hello, "400"),
        ("a 100 KB URL", long_url.as_bytes(), "414 431"),
        ("64 KB of headers", long_headers.as_bytes(), "431"),
    ] {
        let witness = TcpStream::connect(&host).unwrap();
        let mut s = TcpStream::connect(&host).unwrap();
        // The server may close before reading all of it: a failed write is fine.
        let _ = s.write_all(bytes);
        let (answer, closed) = read_until_closed(&mut s, HANG);
        assert!(closed, "{what}: the connection was left open");
        let status = answer.split_whitespace().nth(1).unwrap_or("closed");
        assert!(
            status == "closed" || wanted.split(' ').any(|w| w == status),
            "{what}: {answer:.200}"
        );
        // Refused on sight: a connection opened just before is still within its header
        // timeout, so the answer did not wait for that timeout.
        assert!(
            still_open(&witness),
            "{what}: answered only after a header timeout"
        );
        page_served(what);
    }

    // A save reaches the tabs still open.
    let file = p.path("content/case-studies/pixelmoor-build-times.md");
    let text = std::fs::read_to_string(&file).unwrap();
    atomic_write(&file, &text.replace("title: ", "title: Flooded "));
    let last = tabs.len() - 1;
    for tab in [0, last] {
        let tab = &mut tabs[tab];
        let mut line = String::new();
        while !(line.starts_with("data:") && line.contains("reload")) {
            line.clear();
            assert!(tab.read_line(&mut line).unwrap() > 0, "stream closed");
        }
    }

    // Clients that never finish their request are cut off after the header timeout
    // (five seconds), with the server's answer or without one.
    let (_, closed) = read_until_closed(&mut held[0], HANG);
    assert!(closed, "a half-sent request kept its connection");
    let (_, closed) = read_until_closed(&mut held[1], HANG);
    assert!(closed, "a silent connection was kept");
    held.clear();
    drop(tabs);
    page_served("the flood");
}

/// A preview whose first build fails has no last good site: every page says so and
/// lists the problems (with the reload script, so it updates once they are fixed), and
/// the terminal says what to do rather than "still serving the last good site".
#[test]
fn a_first_build_that_fails_shows_its_problems_on_every_page() {
    let p = Preview::start_with(&["--port", "0"], |site| {
        std::fs::write(
            site.join("content/quotes/broken.md"),
            "---\ntitle: Broken\n---\nWords.\n",
        )
        .unwrap();
    });
    for path in ["/", "/case-studies/", "/no/such/page/"] {
        let (status, body) = p.get(path);
        assert_eq!(status, 503, "{path}");
        assert!(
            body.contains("The build failed")
                && body.contains("broken.md")
                && body.contains("missing required field")
                && body.contains("/__vouch/live.js"),
            "{path}: {body}"
        );
    }
    let log = p.log.lock().unwrap().clone();
    assert!(log.contains("there is no site to show yet"), "{log}");
    assert!(!log.contains("last good site"), "{log}");
    std::fs::remove_file(p.path("content/quotes/broken.md")).unwrap();
    let (_, body) = p.wait_for("/", |status, _| status == 200);
    assert!(body.contains("Pixelmoor"), "{body}");
    let log = p.log.lock().unwrap().clone();
    assert!(log.contains("\nbuilt in "), "{log}");
}

/// `html` without the elements the preview adds (each carries `data-vouch-preview`).
fn without_preview_additions(html: &str) -> String {
    let mut text = html.to_string();
    while let Some(mark) = text.find("data-vouch-preview") {
        let open = text[..mark].rfind('<').expect("inside a tag");
        let name: String = text[open + 1..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let close = format!("</{name}>");
        let end = text[mark..].find(&close).expect("a closed element") + mark + close.len();
        text.replace_range(open..end, "");
    }
    text
}

/// Over HTTP, after a save, the preview serves what `vouch build --base-url` (the
/// preview's address) writes, once its own additions are taken out.
#[test]
fn pages_served_after_a_save_are_the_pages_vouch_build_writes() {
    let p = Preview::start(&["--port", "0"]);
    let story = p.path("content/case-studies/pixelmoor-build-times.md");
    let text = std::fs::read_to_string(&story).unwrap();
    atomic_write(
        &story,
        &text.replace("title: Pixelmoor cuts", "title: Pixelmoor slashes"),
    );
    let (_, page) = p.wait_for("/case-studies/pixelmoor-build-times/", |s, b| {
        s == 200 && b.contains("Pixelmoor slashes")
    });
    assert!(
        page.contains("data-vouch-preview"),
        "the reload script is marked"
    );
    let testimonial = p.path("content/testimonials/brightwater-public.md");
    std::fs::remove_file(&testimonial).unwrap();
    p.wait_for("/testimonials/", |s, b| {
        s == 200 && !b.contains("id=\"brightwater-public\"")
    });
    // Translations follow like any file: an edit, and a new one (whose original's
    // English page, unchanged itself, now names its German version).
    let german = p.path("content/quotes/northwind-weekly.de.md");
    let text = std::fs::read_to_string(&german).unwrap();
    atomic_write(&german, &text.replace("Wir sind", "Wir kamen"));
    p.wait_for("/de/quotes/", |s, b| s == 200 && b.contains("Wir kamen"));
    atomic_write(
        &p.path("content/case-studies/pixelmoor-build-times.de.md"),
        "---\ntitle: Pixelmoor verkürzt Build-Zeiten\napproval: { by: \"Pixelmoor\", on: 2026-01-05 }\n---\nSchneller bauen.\n",
    );
    p.wait_for("/de/case-studies/pixelmoor-build-times/", |s, b| {
        s == 200 && b.contains("Pixelmoor verkürzt Build-Zeiten")
    });
    let (_, english) = p.get("/case-studies/pixelmoor-build-times/");
    assert!(english.contains("hreflang=\"de\""), "{english}");
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let built = Command::new(env!("CARGO_BIN_EXE_vouch"))
        .arg("--root")
        .arg(p.site.path())
        .args(["build", "--base-url", &p.base, "--out"])
        .arg(&public)
        .env("SOURCE_DATE_EPOCH", common::EXAMPLE_NOW_EPOCH)
        .output()
        .unwrap();
    assert!(built.status.success(), "{built:?}");
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(&public).into_iter().flatten() {
        let path = entry.path().strip_prefix(&public).unwrap();
        let name = path.to_string_lossy();
        if !(name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".json")) {
            continue;
        }
        let url = format!("/{}", name.trim_end_matches("index.html"));
        let (status, served) = p.get(&url);
        assert_eq!(status, 200, "{url}");
        let written = std::fs::read_to_string(entry.path()).unwrap();
        assert_eq!(
            without_preview_additions(&served),
            written,
            "{url} served as built"
        );
        compared += 1;
    }
    assert!(compared > 50, "{compared} files compared");
}

/// `--timings` prints each stage of every rebuild, so a slow save can be pinned on one.
#[test]
fn timings_name_every_stage_of_a_rebuild() {
    let p = Preview::start(&["--port", "0", "--timings"]);
    let story = p.path("content/case-studies/pixelmoor-build-times.md");
    let text = std::fs::read_to_string(&story).unwrap();
    atomic_write(&story, &format!("{text}\nTimed.\n"));
    p.wait_for("/case-studies/pixelmoor-build-times/", |s, b| {
        s == 200 && b.contains("Timed.")
    });
    let stages = [
        "read saved files",
        "site model",
        "markdown",
        "cards",
        "plan",
        "links checked",
    ];
    until("every stage timed", || {
        let log = p.log.lock().unwrap().clone();
        let after = log.split("rebuilt in ").nth(1).unwrap_or("");
        stages.iter().all(|s| after.contains(&format!("  {s}\n")))
    });
}

/// The terminal lists the warnings by name, not only "(1 warning)": the first build's,
/// then again only when a save changes them.
#[test]
fn the_terminal_lists_warnings_when_they_change() {
    let p = Preview::start(&["--port", "0"]);
    let expired = "content/case-studies/meridian-bank-mobile-platform.md:12:1: warning: approval expired on 2026-06-30; the item is withheld";
    until("the first build's warning", || {
        p.log.lock().unwrap().contains(expired)
    });
    let rebuilds = || p.log.lock().unwrap().matches("rebuilt in").count();
    // A save that changes no warning: the rebuild line alone.
    let story = p.path("content/case-studies/pixelmoor-build-times.md");
    let text = std::fs::read_to_string(&story).unwrap();
    atomic_write(&story, &text.replace("title: ", "title: Quietly "));
    until("the first rebuild", || rebuilds() == 1);
    // A save that adds one: both are listed, the old one again with the new.
    let added = p.path("content/testimonials/zz-lapsed.md");
    std::fs::write(
        &added,
        "---\nauthor: Lee Park\nrole: CTO\ncustomer: brightwater\nrating: 5\ndate: 2024-12-02\napproval: { by: \"Lee Park\", on: 2024-12-02, expires: 2025-01-31 }\n---\nGood.\n",
    )
    .unwrap();
    let lapsed = "content/testimonials/zz-lapsed.md:7:1: warning: approval expired on 2025-01-31; the item is withheld";
    until("the new warning", || p.log.lock().unwrap().contains(lapsed));
    // Taking it away says so.
    std::fs::remove_file(&added).unwrap();
    until("the warning gone", || rebuilds() == 3);
    let log = p.log.lock().unwrap().clone();
    assert!(
        !log.contains("is busy"),
        "--port 0 asks for any port, none is busy:\n{log}"
    );
    assert_eq!(
        log.matches(expired).count(),
        3,
        "listed at the start, with the new one and after it went:\n{log}"
    );
    let after_quiet = log.split("rebuilt in").nth(1).unwrap();
    let quiet = after_quiet.split("rebuilt in").next().unwrap();
    assert!(
        !quiet.contains("warning: "),
        "an unchanged list is not repeated:\n{log}"
    );
}

/// The share panel (issue 32): the preview adds the embed code and the snippets to a
/// case study's page and beside each card of the walls; the built site has none.
#[test]
fn the_share_panel_is_in_the_preview_only() {
    let p = Preview::start(&["--port", "0"]);
    let (status, story) = p.get("/case-studies/pixelmoor-build-times/");
    assert_eq!(status, 200);
    let panel = &story[story.find("<details data-vouch-preview").expect("a panel")..];
    assert!(
        panel.contains("Embed code (this customer&apos;s wall)"),
        "{panel}"
    );
    assert!(
        panel.contains("data-vouch-embed=&quot;") && panel.contains("/embed/customers/pixelmoor/"),
        "{panel}"
    );
    for label in [
        "Email snippet",
        "HTML snippet",
        "Markdown snippet",
        "Text snippet",
    ] {
        assert!(panel.contains(label), "{label}");
    }
    assert!(panel.contains("utm_campaign=customer-stories"));
    assert!(panel.contains("data-vouch-copy"));
    // The share image (issue 33) to download, served by the preview.
    let link = panel
        .find("\" download>Download the share image</a> (1200 x 630 PNG")
        .expect("a share image link");
    let href = &panel[..link];
    let path = &href[href
        .rfind("/share/case-studies/pixelmoor-build-times.")
        .expect("its address")..];
    assert!(path.ends_with(".png"), "{path}");
    let (status, png) = p.get(path);
    assert_eq!(status, 200, "{path}");
    assert!(png.contains("PNG"), "a PNG at {path}");
    let (_, wall) = p.get("/testimonials/");
    let card = wall.find("id=\"brightwater-public\"").expect("the card");
    let after = &wall[card..];
    let figure_end = after.find("</figure>").unwrap() + "</figure>".len();
    assert!(
        after[figure_end..].starts_with("<details data-vouch-preview"),
        "the panel follows its card"
    );
    let out = tempfile::tempdir().unwrap();
    let built = Command::new(env!("CARGO_BIN_EXE_vouch"))
        .arg("--root")
        .arg(p.site.path())
        .args(["build", "--out"])
        .arg(out.path().join("public"))
        .env("SOURCE_DATE_EPOCH", common::EXAMPLE_NOW_EPOCH)
        .output()
        .unwrap();
    assert!(built.status.success());
    for page in [
        "case-studies/pixelmoor-build-times/index.html",
        "testimonials/index.html",
    ] {
        let html = std::fs::read_to_string(out.path().join("public").join(page)).unwrap();
        assert!(
            !html.contains("data-vouch-copy") && !html.contains("<details data-vouch-preview"),
            "{page}"
        );
    }
}

//! The editor in the browser (issue 36): the CMS configuration made from the content
//! model, `/admin/` in the build, the local backend `vouch serve` answers for it (its
//! protocol, and every refusal), the preview's "Edit" links, and the whole path end to
//! end in Chromium (tests/browser/editor.mjs).

mod common;

use common::{SiteTest, EXAMPLE_NOW_EPOCH, HANG};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use vouch::editor::local::LocalBackend;

/// The `editor:` section the tests add to the example site.
const EDITOR: &str = "editor:\n  repo: forgeline/customer-stories\n";

/// A copy of the example site with an editor, in a temp folder.
fn example_with_editor() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = std::fs::read_to_string(root.join("vouch.yml")).unwrap();
    std::fs::write(site.path().join("vouch.yml"), format!("{config}{EDITOR}")).unwrap();
    assert!(Command::new("cp")
        .arg("-r")
        .arg(root.join("content"))
        .arg(site.path())
        .status()
        .unwrap()
        .success());
    site
}

// ---- the configuration ----------------------------------------------------------------

#[test]
fn the_cms_configuration_of_the_example_site_is_stable() {
    let site = example_with_editor();
    let config = vouch::config::Config::load(site.path()).unwrap();
    let editor = config.editor.clone().unwrap();
    insta::assert_snapshot!(vouch::editor::config::cms_config_yaml(&config, &editor));
}

#[test]
fn the_gitlab_settings_reach_the_cms() {
    let site = SiteTest::with_basics().file(
        "vouch.yml",
        &format!("{}editor:\n  repo: team/stories\n  branch: live\n  app_id: abc123\n  base_url: https://gitlab.example.com/\n", common::CONFIG),
    );
    let config = vouch::config::Config::load(site.root()).unwrap();
    let value = vouch::editor::config::cms_config(&config, config.editor.as_ref().unwrap());
    let backend = &value["backend"];
    assert_eq!(backend["name"], "gitlab");
    assert_eq!(backend["repo"], "team/stories");
    assert_eq!(backend["branch"], "live");
    assert_eq!(backend["auth_type"], "pkce");
    assert_eq!(backend["app_id"], "abc123");
    assert_eq!(backend["base_url"], "https://gitlab.example.com");
    assert_eq!(backend["api_root"], "https://gitlab.example.com/api/v4");
    assert_eq!(value["publish_mode"], "editorial_workflow");
}

#[test]
fn editor_settings_are_checked_like_every_other_section() {
    let site = SiteTest::with_basics().file(
        "vouch.yml",
        &format!(
            "{}editor:\n  repo: team/stories\n  brnch: live\n",
            common::CONFIG
        ),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("unknown field 'brnch'"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("did you mean 'branch'?"),
        "{}",
        run.stderr()
    );
    let site = site.file(
        "vouch.yml",
        &format!("{}editor:\n  repo: stories\n", common::CONFIG),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("vouch.yml:3"), "{}", run.stderr());
    assert!(
        run.stderr().contains("not a GitLab project path"),
        "{}",
        run.stderr()
    );
}

#[test]
fn the_build_writes_admin_only_with_an_editor_and_nothing_else_changes() {
    let site = SiteTest::with_basics();
    let without = site.build();
    assert!(without.ok(), "{}", without.stderr());
    assert!(!without.exists("admin"));
    let plain_home = without.page("index.html");
    let site = site.file("vouch.yml", &format!("{}{EDITOR}", common::CONFIG));
    let with = site.build();
    assert!(with.ok(), "{}", with.stderr());
    let page = with.page("admin/index.html");
    assert!(
        page.contains(vouch::editor::DECAP_SCRIPT_INTEGRITY),
        "{page}"
    );
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(with
        .page("admin/config.yml")
        .contains("repo: forgeline/customer-stories"));
    let bundle = std::fs::read(with.root.join("public/admin/decap-cms.js")).unwrap();
    assert_eq!(bundle, vouch::editor::decap_bundle());
    // No page outside /admin/ changes, so none loads anything new.
    assert_eq!(with.page("index.html"), plain_home);
    assert!(!with.page("sitemap.xml").contains("admin"));
}

#[test]
fn a_picture_saved_where_the_editor_writes_it_shows_on_a_sub_path_site() {
    // The form uploads to media_folder and writes public_folder + the file name.
    let picture = format!("{}/logo.svg", vouch::editor::config::PUBLIC_FOLDER);
    let site = SiteTest::new()
        .file(
            "vouch.yml",
            "title: T\nbase_url: https://g.gitlab.io/proj/\neditor: { repo: g/proj }\n",
        )
        .file(
            &format!("{}/logo.svg", vouch::editor::config::MEDIA_FOLDER),
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
        )
        .file(
            "content/customers/acme.md",
            &format!("---\nname: Acme\nlogo: {picture}\n---\nHi.\n"),
        );
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr());
    assert!(run
        .page("customers/acme/index.html")
        .contains("src=\"/proj/images/logo.svg\""));
    assert!(run.exists("images/logo.svg"));
}

/// A value a marketer would give a field of this widget, as the CMS writes it.
fn sample(field: &Value, root: &Path) -> Value {
    let options = field["options"].as_array();
    match field["widget"].as_str().unwrap_or("string") {
        "datetime" if field["format"] == "YYYY-MM-DD" => json!("2026-03-02"),
        "datetime" => json!("2026-09-10T09:30"),
        "select" if field["multiple"] == true => json!([options.unwrap()[0]]),
        "select" => options.unwrap()[0].clone(),
        "number" => json!(field["min"].as_i64().unwrap_or(1)),
        "boolean" => json!(false),
        "relation" => {
            let mut slugs = common::content_files(root, field["collection"].as_str().unwrap());
            slugs.retain(|s| s.ends_with(".md"));
            let slug = json!(slugs[0].trim_end_matches(".md"));
            if field["multiple"] == true {
                json!([slug])
            } else {
                slug
            }
        }
        "list" => json!(["Sample"]),
        "text" => json!("Sample words for the field."),
        _ => json!("Sample"),
    }
}

#[test]
fn every_kind_saved_with_only_its_required_fields_passes_check() {
    let site = example_with_editor();
    let root = site.path();
    let config = vouch::config::Config::load(root).unwrap();
    let cms = vouch::editor::config::cms_config(&config, config.editor.as_ref().unwrap());
    for collection in cms["collections"].as_array().unwrap() {
        let mut front = serde_json::Map::new();
        let mut body = String::new();
        for field in collection["fields"].as_array().unwrap() {
            if field["required"] != true {
                continue;
            }
            match field["name"].as_str().unwrap() {
                "body" => body = "Words from the form.\n".into(),
                name => {
                    front.insert(name.into(), sample(field, root));
                }
            }
        }
        let yaml = vouch::yaml::to_string(&front).unwrap();
        let folder = collection["folder"].as_str().unwrap();
        let file = root.join(folder).join("from-the-form.md");
        std::fs::write(&file, format!("---\n{yaml}---\n{body}")).unwrap();
    }
    let output = Command::new(env!("CARGO_BIN_EXE_vouch"))
        .arg("--root")
        .arg(root)
        .arg("check")
        .env("SOURCE_DATE_EPOCH", EXAMPLE_NOW_EPOCH)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // Each of them was read as its kind (none was skipped).
    for collection in cms["collections"].as_array().unwrap() {
        let folder = collection["folder"].as_str().unwrap();
        assert!(root.join(folder).join("from-the-form.md").exists());
    }
}

// ---- the local backend's protocol -----------------------------------------------------

/// A small site for the backend: a testimonial, a picture, and a secret beside content/.
fn backend_site() -> (tempfile::TempDir, LocalBackend) {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    std::fs::create_dir_all(root.join("content/testimonials")).unwrap();
    std::fs::create_dir_all(root.join("content/images")).unwrap();
    std::fs::write(
        root.join("content/testimonials/ana.md"),
        "---\nauthor: Ana\ndate: 2026-01-02\n---\nGood.\n",
    )
    .unwrap();
    std::fs::write(root.join("content/images/dot.gif"), b"GIF89a").unwrap();
    std::fs::write(
        root.join("vouch.yml"),
        "title: T\nbase_url: https://e.com/\n",
    )
    .unwrap();
    let backend = LocalBackend::new(root);
    (site, backend)
}

fn ask(backend: &LocalBackend, request: Value) -> (u16, Value) {
    let reply = backend.answer(request.to_string().as_bytes());
    (reply.status, reply.body)
}

#[test]
fn the_local_backend_answers_decap_servers_shapes() {
    let (site, backend) = backend_site();
    let mut shapes = Vec::new();
    for request in [
        json!({"action": "info"}),
        json!({"action": "entriesByFolder", "params": {"branch": "main", "folder": "content/testimonials", "extension": "md", "depth": 1}}),
        json!({"action": "entriesByFiles", "params": {"branch": "main", "files": [{"path": "content/testimonials/ana.md", "label": "Ana"}]}}),
        json!({"action": "getEntry", "params": {"branch": "main", "path": "content/testimonials/none.md"}}),
        json!({"action": "persistEntry", "params": {"branch": "main", "dataFiles": [{"slug": "bo", "path": "content/testimonials/bo.md", "raw": "---\nauthor: Bo\n---\nFine.\n"}], "assets": [{"path": "content/images/a.txt", "content": "aGk=", "encoding": "base64"}], "options": {"commitMessage": "Create", "useWorkflow": false, "status": ""}}}),
        json!({"action": "getMedia", "params": {"branch": "main", "mediaFolder": "content/images"}}),
        json!({"action": "persistMedia", "params": {"branch": "main", "asset": {"path": "content/images/b.txt", "content": "aG8=", "encoding": "base64"}, "options": {"commitMessage": "Upload"}}}),
        json!({"action": "deleteFile", "params": {"branch": "main", "path": "content/images/b.txt", "options": {"commitMessage": "Delete"}}}),
        json!({"action": "getDeployPreview", "params": {"branch": "main", "collection": "testimonials", "slug": "bo"}}),
        json!({"action": "unpublishedEntries", "params": {"branch": "main"}}),
    ] {
        let (status, mut body) = ask(&backend, request.clone());
        if request["action"] == "info" {
            body["repo"] = json!("<site folder>");
        }
        shapes.push(format!(
            "{} → {status}\n{}",
            request["action"],
            serde_json::to_string_pretty(&body).unwrap()
        ));
    }
    insta::assert_snapshot!(shapes.join("\n\n"));
    let root = site.path();
    assert_eq!(
        std::fs::read_to_string(root.join("content/testimonials/bo.md")).unwrap(),
        "---\nauthor: Bo\n---\nFine.\n"
    );
    assert_eq!(
        std::fs::read(root.join("content/images/a.txt")).unwrap(),
        b"hi"
    );
    assert!(!root.join("content/images/b.txt").exists());
}

/// Every spelling of "somewhere else" a request could name.
const OUTSIDE: [&str; 14] = [
    "vouch.yml",
    "themes/x/templates/base.html",
    "/etc/passwd",
    "content/../vouch.yml",
    "content/testimonials/../../vouch.yml",
    "../outside.md",
    "content/%2e%2e/vouch.yml",
    "content%2F..%2Fvouch.yml",
    "content\\..\\vouch.yml",
    "content//testimonials/x.md",
    "content/./x.md",
    "C:/x.md",
    "content/link-out/x.md",
    "content/link-out",
];

#[test]
fn the_local_backend_refuses_every_path_outside_content() {
    let (site, backend) = backend_site();
    let root = site.path();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("x.md"), "secret\n").unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), root.join("content/link-out")).unwrap();
    let snapshot = |dir: &Path| {
        let mut all: Vec<(PathBuf, Vec<u8>)> = walk(dir);
        all.sort();
        all
    };
    let before = (snapshot(root), snapshot(elsewhere.path()));
    for path in OUTSIDE {
        let asset = json!({"path": path, "content": "aGk=", "encoding": "base64"});
        let data = json!({"slug": "x", "path": path, "raw": "---\nauthor: X\n---\n"});
        let fine =
            json!({"slug": "x", "path": "content/testimonials/x.md", "raw": "x", "newPath": path});
        for request in [
            json!({"action": "persistEntry", "params": {"dataFiles": [data], "assets": [], "options": {}}}),
            json!({"action": "persistEntry", "params": {"entry": data, "assets": [], "options": {}}}),
            json!({"action": "persistEntry", "params": {"dataFiles": [fine], "assets": [], "options": {}}}),
            json!({"action": "persistEntry", "params": {"dataFiles": [], "assets": [asset], "options": {}}}),
            json!({"action": "persistMedia", "params": {"asset": asset, "options": {}}}),
            json!({"action": "deleteFile", "params": {"path": path}}),
            json!({"action": "deleteFiles", "params": {"paths": ["content/testimonials/ana.md", path]}}),
            json!({"action": "getEntry", "params": {"path": path}}),
            json!({"action": "getMediaFile", "params": {"path": path}}),
            json!({"action": "entriesByFiles", "params": {"files": [{"path": path}]}}),
            json!({"action": "entriesByFolder", "params": {"folder": path, "extension": "md", "depth": 1}}),
            json!({"action": "getMedia", "params": {"mediaFolder": path}}),
        ] {
            let (status, body) = ask(&backend, request.clone());
            assert_eq!(status, 422, "{request} → {body}");
            assert!(
                body["error"].as_str().unwrap().contains("refused"),
                "{request} → {body}"
            );
        }
    }
    assert_eq!((snapshot(root), snapshot(elsewhere.path())), before);
}

fn walk(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            out.extend(walk(&entry.path()));
        } else if kind.is_file() {
            out.push((entry.path(), std::fs::read(entry.path()).unwrap()));
        }
    }
    out
}

// ---- the local backend over HTTP ------------------------------------------------------

/// `vouch serve` on a copy of the example site with an editor.
struct Serving {
    child: Child,
    site: tempfile::TempDir,
    /// `127.0.0.1:port`.
    host: String,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serving {
    fn start(args: &[&str]) -> Serving {
        Self::start_with(args, |_| {})
    }

    /// Starts on the example site with an editor after `setup` has changed it.
    fn start_with(args: &[&str], setup: impl FnOnce(&Path)) -> Serving {
        let site = example_with_editor();
        setup(site.path());
        let mut child = Command::new(env!("CARGO_BIN_EXE_vouch"))
            .arg("--root")
            .arg(site.path())
            .args(["serve", "--port", "0"])
            .args(args)
            .env("SOURCE_DATE_EPOCH", EXAMPLE_NOW_EPOCH)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("serving ") {
                    let url = url.split_whitespace().next().unwrap_or("").to_string();
                    let _ = tx.send(url);
                }
            }
        });
        let url = rx.recv_timeout(HANG).expect("vouch serve starts");
        let host = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        Serving { child, site, host }
    }

    fn base(&self) -> String {
        format!("http://{}/", self.host)
    }

    /// One request; the status and body of the answer.
    fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (u16, String) {
        let port = self.host.rsplit(':').next().unwrap();
        let mut stream = TcpStream::connect(("127.0.0.1", port.parse::<u16>().unwrap())).unwrap();
        stream.set_read_timeout(Some(HANG)).unwrap();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.host,
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        stream
            .write_all(format!("{head}\r\n{body}").as_bytes())
            .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let status = answer.split(' ').nth(1).unwrap_or("0").parse().unwrap_or(0);
        let body = answer
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_string();
        (status, body)
    }

    /// The local backend's path, as the preview's /admin/config.yml tells the CMS.
    fn endpoint(&self) -> Option<String> {
        let (_, config) = self.request("GET", "/admin/config.yml", &[], "");
        let config: Value = vouch::yaml::from_str(&config).unwrap();
        let url = config["local_backend"]["url"].as_str()?;
        Some(
            url.trim_start_matches(&format!("http://{}", self.host))
                .to_string(),
        )
    }
}

fn save(path: &str) -> String {
    json!({"action": "persistEntry", "params": {"branch": "main", "dataFiles": [{"slug": "x", "path": path, "raw": "---\nname: From the form\n---\nHello.\n"}], "assets": [], "options": {"commitMessage": "c", "useWorkflow": false, "status": ""}}}).to_string()
}

#[test]
fn the_preview_saves_only_with_its_token_from_its_own_origin() {
    let s = Serving::start(&[]);
    let endpoint = s
        .endpoint()
        .expect("the preview's config names its local backend");
    assert!(endpoint.starts_with("/__vouch/editor/") && endpoint.ends_with("/api/v1"));
    let token = endpoint
        .trim_start_matches("/__vouch/editor/")
        .trim_end_matches("/api/v1");
    assert_eq!(token.len(), 32, "{token}");
    let origin = format!("http://{}", s.host);
    let json = ("Content-Type", "application/json");
    let target = "content/customers/from-the-form.md";
    let refused = [
        (
            "no token",
            "/__vouch/editor/api/v1".to_string(),
            vec![("Origin", origin.as_str()), json],
        ),
        (
            "another token",
            format!("/__vouch/editor/{}/api/v1", "0".repeat(32)),
            vec![("Origin", origin.as_str()), json],
        ),
        ("no Origin", endpoint.clone(), vec![json]),
        (
            "another origin",
            endpoint.clone(),
            vec![("Origin", "http://evil.example"), json],
        ),
        (
            "another port",
            endpoint.clone(),
            vec![("Origin", "http://127.0.0.1:1"), json],
        ),
        (
            "null origin",
            endpoint.clone(),
            vec![("Origin", "null"), json],
        ),
    ];
    for (why, path, headers) in refused {
        let (status, body) = s.request("POST", &path, &headers, &save(target));
        assert_eq!(status, 403, "{why}: {body}");
    }
    let (status, _) = s.request("GET", &endpoint, &[("Origin", origin.as_str())], "");
    assert_eq!(status, 405);
    assert!(!s.site.path().join(target).exists());
    // Outside content/, even with the token and the origin.
    let (status, body) = s.request(
        "POST",
        &endpoint,
        &[("Origin", origin.as_str()), json],
        &save("vouch.yml"),
    );
    assert_eq!(status, 422, "{body}");
    // And the request that may: it writes the file, and the preview shows it.
    let (status, body) = s.request(
        "POST",
        &endpoint,
        &[("Origin", origin.as_str()), json],
        &save(target),
    );
    assert_eq!(status, 200, "{body}");
    assert!(s.site.path().join(target).exists());
    let deadline = std::time::Instant::now() + HANG;
    while s.request("GET", "/customers/from-the-form/", &[], "").0 != 200 {
        assert!(
            std::time::Instant::now() < deadline,
            "the preview never showed the saved file"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn saving_is_off_when_the_preview_listens_beyond_loopback() {
    let s = Serving::start(&["--bind", "0.0.0.0"]);
    assert_eq!(
        s.endpoint(),
        None,
        "the config must not name a local backend"
    );
    let origin = format!("http://{}", s.host);
    let path = format!("/__vouch/editor/{}/api/v1", "0".repeat(32));
    let (status, body) = s.request(
        "POST",
        &path,
        &[
            ("Origin", origin.as_str()),
            ("Content-Type", "application/json"),
        ],
        &save("content/customers/x.md"),
    );
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("--bind"), "{body}");
}

#[test]
fn a_site_without_an_editor_saves_nothing_from_the_browser() {
    let s = Serving::start_with(&[], |root| {
        let config = std::fs::read_to_string(root.join("vouch.yml")).unwrap();
        std::fs::write(root.join("vouch.yml"), config.replace(EDITOR, "")).unwrap();
    });
    let origin = format!("http://{}", s.host);
    let (status, _) = s.request("GET", "/admin/config.yml", &[], "");
    assert_eq!(status, 404);
    let path = format!("/__vouch/editor/{}/api/v1", "0".repeat(32));
    let headers = [
        ("Origin", origin.as_str()),
        ("Content-Type", "application/json"),
    ];
    let (status, body) = s.request("POST", &path, &headers, &save("content/customers/x.md"));
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("no editor"), "{body}");
    assert!(!s.site.path().join("content/customers/x.md").exists());
}

#[test]
fn the_preview_links_each_item_to_its_form_and_the_build_does_not() {
    let s = Serving::start(&[]);
    let (_, page) = s.request("GET", "/customers/cartwheel/", &[], "");
    assert!(page.contains("<p data-vouch-preview"), "{page}");
    assert!(
        page.contains("href=\"/admin/#/collections/customers/entries/cartwheel\""),
        "{page}"
    );
    let (_, story) = s.request(
        "GET",
        "/case-studies/ledgerly-compliance-pipelines/",
        &[],
        "",
    );
    assert!(
        story.contains(
            "/admin/#/collections/case-studies/entries/ledgerly-compliance-pipelines/index"
        ),
        "{story}"
    );
    let (_, about) = s.request("GET", "/about/", &[], "");
    assert!(
        about.contains("href=\"/admin/#/collections/pages/entries/about\""),
        "{about}"
    );
    // The editor's own page gets no reload script: a save would reload the form.
    let (_, admin) = s.request("GET", "/admin/", &[], "");
    assert!(!admin.contains("/__vouch/live.js"), "{admin}");
    let out = tempfile::tempdir().unwrap();
    let built = Command::new(env!("CARGO_BIN_EXE_vouch"))
        .arg("--root")
        .arg(s.site.path())
        .args(["build", "--out"])
        .arg(out.path())
        .env("SOURCE_DATE_EPOCH", EXAMPLE_NOW_EPOCH)
        .output()
        .unwrap();
    assert!(built.status.success());
    let page = std::fs::read_to_string(out.path().join("customers/cartwheel/index.html")).unwrap();
    assert!(!page.contains("/admin/"), "{page}");
}

// ---- end to end in Chromium -----------------------------------------------------------

#[test]
#[cfg_attr(
    browser_tools_missing,
    ignore = "needs Chromium and tests/browser/node_modules: apt-get install chromium; cd tests/browser && npm ci"
)]
fn a_marketer_creates_and_edits_content_in_the_browser_editor() {
    let Some((chromium, driver)) = common::tools_or_skip("editor browser test") else {
        return;
    };
    let s = Serving::start(&[]);
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let words = "Our checkout team ships twice a day now, and sleeps at night.";
    let new_title = "Cartwheel's Black Friday, retitled in the browser";
    let job = json!({
        "base": s.base(),
        "root": s.site.path(),
        "customer_page": "customers/cartwheel/",
        "author": "Rosa Quintero",
        "customer_name": "Cartwheel Commerce",
        "date": "2026-11-20",
        "approved_by": "Rosa Quintero, Head of Platform, Cartwheel",
        "words": words,
        "case_study": "cartwheel-black-friday",
        "new_title": new_title,
        "shots": shots,
    });
    let output = common::output_or_hang(
        Command::new("node")
            .arg(driver.join("editor.mjs"))
            .arg(job.to_string())
            .env("CHROMIUM", &chromium),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_str(&stdout).unwrap();
    eprintln!("{}", serde_json::to_string_pretty(&report).unwrap());
    // The configuration passed the CMS's own schema (it validates it as it starts).
    assert_eq!(report["config_error"], 0, "{report}");
    // What vouch writes around the CMS has no accessibility violation.
    assert_eq!(report["axe_admin_page"], json!([]), "{report}");
    assert_eq!(
        report["axe_item_page_with_edit_link"],
        json!([]),
        "{report}"
    );
    assert_eq!(
        report["edit_link"],
        "/admin/#/collections/customers/entries/cartwheel"
    );
    assert_eq!(report["foreign_requests"], json!([]), "{report}");
    // The testimonial: saved, on the wall, and a file `vouch check` passes.
    assert_eq!(report["testimonial_saved"], true, "{report}");
    assert_eq!(
        report["new_testimonials"],
        json!(["rosa-quintero.md"]),
        "{report}"
    );
    assert_eq!(report["testimonial_on_wall"], true, "{report}");
    let file = std::fs::read_to_string(s.site.path().join("content/testimonials/rosa-quintero.md"))
        .unwrap();
    for line in [
        "author: Rosa Quintero",
        "customer: cartwheel",
        "rating: 5",
        "date: 2026-11-20",
        "by: Rosa Quintero, Head of Platform, Cartwheel",
        words,
    ] {
        assert!(file.contains(line), "{line} missing from\n{file}");
    }
    // The case study's new title, in the preview.
    assert_eq!(report["title_shown"], true, "{report}");
    // No author: no file, and the field says why in vouch's words.
    assert_eq!(report["blocked_without_author"], true, "{report}");
    let field = report["author_field_text"].as_str().unwrap();
    assert!(
        field.to_lowercase().contains("author is required"),
        "{field}"
    );
    assert!(field.contains("Who said it."), "{field}");
    let check = Command::new(env!("CARGO_BIN_EXE_vouch"))
        .arg("--root")
        .arg(s.site.path())
        .arg("check")
        .env("SOURCE_DATE_EPOCH", EXAMPLE_NOW_EPOCH)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

//! Test helpers: a fixture site in a temp folder, built with the real binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// How long one step of a test (a command, a page, an event) may take before the test
/// calls it hung. A guard against hangs, never a speed check: tests wait on events (a
/// page answered, a process gone, a line printed), and a loaded 2-core CI stays far
/// inside this. Speed is the benches' business.
pub const HANG: Duration = Duration::from_secs(120);

/// Runs a command to its end and returns what it printed; kills it and panics if it is
/// still running after [`HANG`], so a hang fails its test instead of stalling CI.
pub fn output_or_hang(command: &mut Command) -> Output {
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the command");
    let pid = child.id() as i32;
    let (done, finished) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        let hung = finished.recv_timeout(HANG).is_err();
        if hung {
            // SAFETY: kill(2) on the pid of a child this process has not yet reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        hung
    });
    let output = child.wait_with_output().expect("wait for the command");
    let _ = done.send(());
    let hung = watchdog.join().unwrap_or(true);
    assert!(!hung, "{command:?} hung: killed after {HANG:?}");
    output
}

/// A fixed "now" (2026-06-15T12:00:00Z) so scheduled items and approvals are stable.
pub const NOW_EPOCH: &str = "1781524800";

/// The example site's fixed "now" (2026-11-25T12:00:00Z), the day it was written: its
/// upcoming events stay upcoming and its approvals valid in tests.
pub const EXAMPLE_NOW_EPOCH: &str = "1795608000";

pub mod http;

/// The files of a content folder (`testimonials`), by name, sorted; none if it is missing.
pub fn content_files(root: &Path, folder: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("content").join(folder))
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A JPEG of `picture` at quality 85, as a camera or an export would write it.
pub fn encode_jpeg(picture: &image::RgbImage) -> Vec<u8> {
    use image::ImageEncoder;
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .write_image(
            picture.as_raw(),
            picture.width(),
            picture.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("a JPEG of an RGB picture");
    out
}

/// A small site written file by file, then built or checked with the `vouch` binary.
pub struct SiteTest {
    dir: std::sync::Arc<tempfile::TempDir>,
}

/// The result of running vouch on a fixture site.
pub struct Run {
    pub output: Output,
    pub root: PathBuf,
    /// Keeps the fixture alive as long as the run is looked at.
    _site: std::sync::Arc<tempfile::TempDir>,
}

impl Run {
    pub fn ok(&self) -> bool {
        self.output.status.success()
    }
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    /// A file of the built site, as text; panics with the build's output if missing.
    pub fn page(&self, path: &str) -> String {
        let full = self.root.join("public").join(path);
        std::fs::read_to_string(&full)
            .unwrap_or_else(|e| panic!("{}: {e}\nstderr:\n{}", full.display(), self.stderr()))
    }
    pub fn exists(&self, path: &str) -> bool {
        self.root.join("public").join(path).exists()
    }
}

pub const CONFIG: &str = "title: Test Stories\nbase_url: https://example.com/\n";

impl SiteTest {
    /// An empty site with a minimal vouch.yml.
    pub fn new() -> Self {
        let t = SiteTest {
            dir: std::sync::Arc::new(tempfile::tempdir().expect("temp dir")),
        };
        t.file("vouch.yml", CONFIG)
    }

    /// A site with one customer (`acme`) and an approved case study about it.
    pub fn with_basics() -> Self {
        Self::new()
            .file("content/customers/acme.md", "---\nname: Acme Corp\nindustry: Healthcare\nregion: EMEA\n---\nAcme makes anvils.\n")
            .file(
                "content/case-studies/acme-ships.md",
                "---\ntitle: Acme ships faster\ndate: 2026-01-10\ncustomer: acme\nsummary: Acme cut release time.\nstages: [verify, release]\napproval: { by: \"Dana, CTO, Acme\", on: 2026-01-01 }\n---\n## The results\n\nFaster.\n",
            )
    }

    /// Writes a file (parents created), relative to the site root.
    pub fn file(self, path: &str, text: &str) -> Self {
        self.bytes(path, text.as_bytes())
    }

    /// Writes raw bytes.
    pub fn bytes(self, path: &str, bytes: &[u8]) -> Self {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
        self
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `vouch --root <site> <args>` with the fixed now.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = output_or_hang(
            Command::new(env!("CARGO_BIN_EXE_vouch"))
                .arg("--root")
                .arg(self.dir.path())
                .args(args)
                .env("SOURCE_DATE_EPOCH", NOW_EPOCH)
                .env("NO_COLOR", "1"),
        );
        Run {
            output,
            root: self.dir.path().to_path_buf(),
            _site: self.dir.clone(),
        }
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }
}

/// The repository's own example site, built into a temp folder with the example's "now".
pub struct Example {
    _dir: tempfile::TempDir,
    /// The output folder.
    pub out: PathBuf,
    /// What the build printed.
    pub stderr: String,
}

impl Example {
    /// Builds it with extra `build` arguments (e.g. `--base-url`); panics if the build fails.
    pub fn build(extra: &[&str]) -> Example {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_vouch"))
            .args(["--root", env!("CARGO_MANIFEST_DIR"), "build", "--out"])
            .arg(&out)
            .args(extra)
            .env("SOURCE_DATE_EPOCH", EXAMPLE_NOW_EPOCH)
            .env("NO_COLOR", "1")
            .output()
            .expect("run vouch");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "{stderr}");
        Example {
            _dir: dir,
            out,
            stderr,
        }
    }

    /// A file of the built site, as text.
    pub fn text(&self, path: &str) -> String {
        std::fs::read_to_string(self.out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }
}

/// Where the browser and the page driver are, or why they are missing.
pub fn browser_tools() -> Result<(PathBuf, PathBuf), String> {
    let chromium = PathBuf::from(std::env::var("CHROMIUM").unwrap_or("/usr/bin/chromium".into()));
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !chromium.exists() {
        return Err(format!(
            "{} not found (apt-get install chromium)",
            chromium.display()
        ));
    }
    if !driver.join("node_modules/playwright-core").exists()
        || !driver.join("node_modules/axe-core").exists()
    {
        return Err("tests/browser/node_modules missing (cd tests/browser && npm ci)".into());
    }
    Ok((chromium, driver))
}

/// The tools, or None after a loud notice; in CI a missing tool fails the test.
pub fn tools_or_skip(test: &str) -> Option<(PathBuf, PathBuf)> {
    match browser_tools() {
        Ok(tools) => Some(tools),
        Err(why) if std::env::var_os("CI").is_some() => {
            panic!("{test}: browser tests cannot run in CI: {why}")
        }
        Err(why) => {
            eprintln!("\n!!!!!!!! SKIPPED {test}: {why} !!!!!!!!\n");
            None
        }
    }
}

/// Whether a content file is a translation (`acme.de.md`, `index.de.md`): words of its
/// original, published in its language's pages, not an item of its own.
pub fn is_translation(path: &Path) -> bool {
    path.file_stem()
        .is_some_and(|s| s.to_string_lossy().contains('.'))
}

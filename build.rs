//! The default theme is compiled into the binary (include_dir), which stable Rust does not
//! track: rebuild whenever a theme file changes.
//!
//! The browser tests need Chromium and `npm ci` in tests/browser/. Outside CI, when they
//! are missing, the tests are compiled as ignored with the reason, so a plain `cargo test`
//! shows the skip in its summary ("1 ignored"); in CI (`CI` set) they run and fail loudly.
//! The same holds for the tests that validate schemas with check-jsonschema (pip).
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rustc-check-cfg=cfg(browser_tools_missing)");
    println!("cargo:rustc-check-cfg=cfg(schema_checker_missing)");
    println!("cargo:rerun-if-env-changed=CI");
    println!("cargo:rerun-if-env-changed=CHROMIUM");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    // Watch the folders whose entries appear when the tools are installed.
    if let Some(folder) = Path::new(&chromium).parent().filter(|f| f.is_dir()) {
        println!("cargo:rerun-if-changed={}", folder.display());
    }
    println!("cargo:rerun-if-changed=tests/browser/node_modules");
    println!("cargo:rerun-if-changed=tests/browser");
    let driver = Path::new("tests/browser/node_modules");
    let present = Path::new(&chromium).exists()
        && driver.join("playwright-core").exists()
        && driver.join("axe-core").exists();
    if !present && std::env::var_os("CI").is_none() {
        println!("cargo:rustc-cfg=browser_tools_missing");
    }
    // check-jsonschema: asked of Python itself; its packages folder changes on install.
    let python = |code: &str| {
        std::process::Command::new("python3")
            .args(["-c", code])
            .output()
            .ok()
            .filter(|o| o.status.success())
    };
    if let Some(o) = python("import site; print(site.getsitepackages()[0])") {
        let packages = String::from_utf8_lossy(&o.stdout).trim().to_string();
        println!("cargo:rerun-if-changed={packages}");
    }
    if python("import check_jsonschema").is_none() && std::env::var_os("CI").is_none() {
        println!("cargo:rustc-cfg=schema_checker_missing");
    }
}

//! The editor in the browser (issue 36): the CMS configuration made from the content
//! model, and `/admin/` in the build.

mod common;

use common::{SiteTest, EXAMPLE_NOW_EPOCH};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

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

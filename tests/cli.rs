//! The command line itself: shell completion scripts.

mod common;

use common::SiteTest;

/// Every shell's script names every command and their options, from the same
/// definitions the command line is read with.
#[test]
fn completions_cover_every_command_in_every_shell() {
    let site = SiteTest::new();
    for (shell, marker) in [
        (
            "bash",
            "complete -F _vouch -o nosort -o bashdefault -o default vouch",
        ),
        ("zsh", "#compdef vouch"),
        (
            "fish",
            "complete -c vouch -n \"__fish_vouch_needs_command\" -f -a \"build\"",
        ),
        (
            "powershell",
            "Register-ArgumentCompleter -Native -CommandName 'vouch'",
        ),
        ("elvish", "set edit:completion:arg-completer[vouch]"),
    ] {
        let run = site.run(&["completions", shell]);
        assert!(run.ok(), "{shell}: {}", run.stderr());
        let script = run.stdout();
        assert!(
            script.contains(marker),
            "{shell}: no {marker:?} in\n{script}"
        );
        for word in [
            "build",
            "check",
            "serve",
            "init",
            "new",
            "schema",
            "report",
            "import",
            "completions",
            "base-url",
            "drafts",
            "format",
        ] {
            assert!(script.contains(word), "{shell}: {word} missing");
        }
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let run = SiteTest::new().run(&["completions", "tcsh"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr()
            .contains("error: invalid value 'tcsh' for '<SHELL>'\n  [possible values: bash, elvish, fish, powershell, zsh]"),
        "{}",
        run.stderr()
    );
}

/// The starter is safe by default (customer words need an approval), keeps the HTML
/// reports out of Git, and `vouch init` ends with what to do next.
#[test]
fn the_starter_requires_approvals_ignores_reports_and_says_what_next() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("stories");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vouch"))
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr).replace(&site.display().to_string(), "SITE");
    assert_eq!(
        said,
        "created a site in SITE (12 files)\n\nnext steps:\n  cd SITE\n  vouch serve      # preview at http://127.0.0.1:1111/, reloaded on every save\n  (set base_url in vouch.yml to your GitLab Pages address)\n  git init && git add . && git commit -m \"Customer stories site\"\n  git remote add origin <your GitLab project's URL> && git push -u origin main\nthe pipeline (.gitlab-ci.yml) then publishes every push to main\n"
    );
    let config = std::fs::read_to_string(site.join("vouch.yml")).unwrap();
    assert!(config.contains("\napprovals: require "), "{config}");
    let ignored = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    for line in ["/content-report.html", "/report.html", "/public/"] {
        assert!(
            ignored.lines().any(|l| l == line),
            "{line} not in {ignored}"
        );
    }
    // The starter builds as it is; a testimonial without an approval does not.
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_vouch"))
            .arg("--root")
            .arg(&site)
            .args(args)
            .env("SOURCE_DATE_EPOCH", common::NOW_EPOCH)
            .output()
            .unwrap()
    };
    let built = run(&["build"]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    std::fs::write(
        site.join("content/testimonials/unapproved.md"),
        "---\nauthor: Lee Park\nrole: CTO\ncustomer: sample-customer\nrating: 5\ndate: 2026-01-02\n---\nGood.\n",
    )
    .unwrap();
    let refused = run(&["build"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("content/testimonials/unapproved.md"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}

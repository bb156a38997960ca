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

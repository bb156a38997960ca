//! One compile for the README's two commands: `cargo test --release` after `cargo build
//! --release` must reuse every crate the build compiled. Cargo compiles a shared crate
//! again when the tests' own dependencies switch on features the build did not, so this
//! compares each shared crate's features with and without the dev-dependencies (the
//! `once_cell` and `bitflags` lines in Cargo.toml exist for this).

use std::collections::BTreeMap;
use std::process::Command;

/// Each package of the dependency tree with its features, for the given edge kinds.
fn features(edges: &str) -> BTreeMap<String, String> {
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "--locked",
            "--prefix",
            "none",
            "-e",
            edges,
        ])
        .args(["-f", "{p} [{f}]"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "cargo tree: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter_map(|line| {
            let line = line.trim_end_matches(" (*)");
            let (package, features) = line.split_once(" [")?;
            Some((
                package.to_string(),
                features.trim_end_matches(']').to_string(),
            ))
        })
        .collect()
}

#[test]
fn building_the_tests_changes_no_shared_crates_features() {
    let build = features("normal,build");
    let tests = features("normal,build,dev");
    let changed: Vec<String> = build
        .iter()
        .filter_map(|(package, wanted)| {
            let with_tests = tests.get(package)?;
            (with_tests != wanted).then(|| format!("{package}: [{wanted}] -> [{with_tests}]"))
        })
        .collect();
    assert!(build.len() > 100, "{} packages read", build.len());
    assert!(
        changed.is_empty(),
        "the tests' dependencies switch on features the build does not, so `cargo test \
         --release` would compile these (and everything above them) again; add the \
         features to Cargo.toml's [dependencies]:\n{}",
        changed.join("\n")
    );
}

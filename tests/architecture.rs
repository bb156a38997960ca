//! The rooms of the code stay livable: no file in src/ over 800 lines (its unit-test
//! module aside), no function over 100 lines, no import cycle between files
//! (docs/architecture.md says how dependencies are counted).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const MOST_LINES_IN_A_FILE: usize = 800;
const MOST_LINES_IN_A_FUNCTION: usize = 100;

/// Every Rust file under src/, by its path from the crate root (`src/site/model.rs`),
/// with its lines before the unit-test module and with line comments taken out.
fn sources() -> BTreeMap<String, Vec<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root.join("src")) {
        let entry = entry.expect("src/ readable");
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("a source file");
        let lines = text
            .lines()
            .take_while(|l| !l.starts_with("#[cfg(test)]"))
            .map(without_comment)
            .collect();
        let path = entry.path().strip_prefix(root).expect("under the root");
        files.insert(path.to_string_lossy().replace('\\', "/"), lines);
    }
    files
}

/// A line without its `//` comment (one that starts the line or follows a space, so
/// `https://` in a string stays).
fn without_comment(line: &str) -> String {
    let bytes = line.as_bytes();
    let cut = (0..bytes.len().saturating_sub(1)).find(|&i| {
        bytes[i] == b'/' && bytes[i + 1] == b'/' && (i == 0 || bytes[i - 1].is_ascii_whitespace())
    });
    match cut {
        Some(at) => line[..at].to_string(),
        None => line.to_string(),
    }
}

#[test]
fn no_file_in_src_is_over_800_lines_before_its_tests() {
    let long: Vec<String> = sources()
        .into_iter()
        .filter(|(_, lines)| lines.len() > MOST_LINES_IN_A_FILE)
        .map(|(path, lines)| format!("{path}: {} lines", lines.len()))
        .collect();
    assert!(long.is_empty(), "split these files: {long:#?}");
}

/// Each function's name and length in lines: from its `fn` line to the closing brace
/// at the same indentation (a function on one line counts one).
fn functions(lines: &[String]) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        let Some(fn_at) = words.iter().position(|w| *w == "fn") else {
            continue;
        };
        let modifiers = [
            "pub",
            "pub(crate)",
            "pub(super)",
            "async",
            "const",
            "unsafe",
        ];
        if !words[..fn_at].iter().all(|w| modifiers.contains(w)) {
            continue;
        }
        let name: String = words.get(fn_at + 1).map_or(String::new(), |w| {
            w.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        });
        if trimmed.ends_with(';') || (trimmed.contains('{') && trimmed.ends_with('}')) {
            continue;
        }
        let indent = &line[..line.len() - trimmed.len()];
        let close = format!("{indent}}}");
        let end = (at + 1..lines.len()).find(|&i| lines[i] == close);
        if let Some(end) = end {
            found.push((name, end - at + 1));
        }
    }
    found
}

#[test]
fn no_function_is_over_100_lines() {
    let mut long = Vec::new();
    for (path, lines) in sources() {
        for (name, length) in functions(&lines) {
            if length > MOST_LINES_IN_A_FUNCTION {
                long.push(format!("{path}: fn {name} is {length} lines"));
            }
        }
    }
    assert!(long.is_empty(), "split these functions: {long:#?}");
}

/// A module's path (`["site", "model"]`) from its file (`src/site/model.rs`); the
/// crate root is the empty path.
fn module_of(path: &str) -> Vec<String> {
    let inner = path.trim_start_matches("src/").trim_end_matches(".rs");
    let mut parts: Vec<String> = inner.split('/').map(String::from).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    if parts == ["lib"] || parts == ["main"] {
        parts.clear();
    }
    parts
}

/// Every `prefix` path in `text` (`crate::site::urls::slugify` for `crate::`), as its
/// segments; a braced group (`super::{model::Item, ItemId}`) gives one path per name.
fn paths_after(text: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().last();
        let tail = &rest[at + prefix.len()..];
        rest = tail;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = tail.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for name in inner.split(',') {
                let segments: Vec<String> = name.trim().split("::").map(String::from).collect();
                paths.push(segments);
            }
            continue;
        }
        let path: String = tail
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let segments = path.split("::").filter(|s| !s.is_empty()).map(String::from);
        paths.push(segments.collect());
    }
    paths
}

/// The files each file depends on.
fn dependencies(files: &BTreeMap<String, Vec<String>>) -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeMap<Vec<String>, String> = files
        .keys()
        .filter(|p| !p.ends_with("main.rs"))
        .map(|p| (module_of(p), p.clone()))
        .collect();
    // Names a folder's face re-exports, by (folder, name): the file that defines them.
    let mut faces: BTreeMap<(Vec<String>, String), String> = BTreeMap::new();
    for (path, lines) in files.iter().filter(|(p, _)| is_face(p)) {
        let folder = module_of(path);
        for line in lines
            .iter()
            .filter(|l| l.trim_start().starts_with("pub use "))
        {
            for segments in paths_after(line, "pub use ") {
                let mut child = folder.clone();
                child.push(segments[0].clone());
                if let (Some(file), Some(name)) = (modules.get(&child), segments.last()) {
                    faces.insert((folder.clone(), name.clone()), file.clone());
                }
            }
        }
    }
    let resolve = |segments: &[String]| -> Option<String> {
        (1..=segments.len()).rev().find_map(|k| {
            let file = modules.get(&segments[..k])?;
            let face = segments
                .get(k)
                .and_then(|n| faces.get(&(segments[..k].to_vec(), n.clone())));
            Some(face.unwrap_or(file).clone())
        })
    };
    let mut graph = BTreeMap::new();
    for (path, lines) in files.iter().filter(|(p, _)| !p.ends_with("main.rs")) {
        let text = lines.join("\n");
        let module = module_of(path);
        let parent = &module[..module.len().saturating_sub(1)];
        let mut depends = BTreeSet::new();
        for segments in paths_after(&text, "crate::") {
            depends.extend(resolve(&segments));
        }
        for segments in paths_after(&text, "super::") {
            if segments.first().is_some_and(|s| s == "*") || segments.is_empty() {
                depends.extend(modules.get(parent).cloned());
                continue;
            }
            let full: Vec<String> = parent.iter().cloned().chain(segments).collect();
            depends.extend(resolve(&full));
        }
        if is_face(path) {
            for line in lines.iter().filter(|l| l.trim_start().starts_with("use ")) {
                for segments in paths_after(line, "use ") {
                    let full: Vec<String> = module.iter().cloned().chain(segments).collect();
                    depends.extend(resolve(&full));
                }
            }
        }
        depends.remove(path);
        graph.insert(path.clone(), depends);
    }
    graph
}

/// Whether a file is a folder's face (`mod.rs`, or the crate root).
fn is_face(path: &str) -> bool {
    path.ends_with("/mod.rs") || path == "src/lib.rs"
}

/// One cycle of the graph, if there is any, as the files around it.
fn a_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        file: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == file) {
            return Some(path[at..].to_vec());
        }
        if !done.insert(file.to_string()) {
            return None;
        }
        path.push(file.to_string());
        for next in graph.get(file).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|file| visit(file, graph, &mut done, &mut Vec::new()))
}

#[test]
fn no_import_cycle_between_files() {
    let graph = dependencies(&sources());
    assert!(
        graph["src/site/assembly.rs"].contains("src/site/model.rs"),
        "the graph sees imports: {:?}",
        graph["src/site/assembly.rs"]
    );
    if let Some(cycle) = a_cycle(&graph) {
        panic!("these files import each other in a circle: {cycle:#?}");
    }
}

#[test]
fn the_cycle_check_finds_a_cycle() {
    let file = |lines: &[&str]| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    let files = BTreeMap::from([
        (
            "src/lib.rs".to_string(),
            file(&["pub mod a;", "pub mod b;"]),
        ),
        ("src/a.rs".to_string(), file(&["use crate::b::B;"])),
        ("src/b.rs".to_string(), file(&["fn f() { crate::a::g() }"])),
    ]);
    let cycle = a_cycle(&dependencies(&files)).expect("a cycle");
    assert_eq!(cycle, ["src/a.rs", "src/b.rs"]);
}

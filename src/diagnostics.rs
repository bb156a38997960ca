//! Problems found in a site, as values: every stage collects them, `main` prints them once.
//!
//! A marketer fixing a typo needs the file, the line, what was wrong and what to do, so a
//! [`Diagnostic`] always carries a path and, where known, a line, a column, the front
//! matter field and a hint.

use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop the build, warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build (or `check`) fails.
    Error,
    /// Reported; the build still succeeds (unless `--strict`).
    Warning,
    /// For information (an approval about to run out): `vouch check` lists it, the build
    /// stays quiet, and `--strict` leaves it alone.
    Note,
}

/// One problem, with its place in the site, so it can be printed with the offending line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root (e.g. `content/case-studies/acme.md`).
    pub path: PathBuf,
    /// 1-based line in the file (not in the front matter block), when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The front matter field concerned, when there is one.
    pub field: Option<String>,
    /// What is wrong, in the marketer's words.
    pub message: String,
    /// What to do about it (`did you mean 'customer'?`).
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error in `path`, with no location yet.
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, path, message)
    }

    /// A warning in `path`, with no location yet.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, path, message)
    }

    /// A note in `path`, with no location yet.
    pub fn note(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, path, message)
    }

    fn new(severity: Severity, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            path: path.into(),
            line: None,
            column: None,
            field: None,
            message: message.into(),
            hint: None,
        }
    }

    /// Places the problem at a line (and column 1 unless one is set later).
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Places the problem at a line when one is known.
    pub fn at_line(mut self, line: Option<usize>) -> Self {
        if let Some(line) = line {
            self.line = Some(line);
            self.column.get_or_insert(1);
        }
        self
    }

    /// Moves the caret to a column when one is known (and a line is set).
    pub fn at_column(mut self, column: Option<usize>) -> Self {
        if let (Some(column), Some(_)) = (column, self.line) {
            self.column = Some(column);
        }
        self
    }

    /// Names the front matter field the problem is about.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Adds what to do about it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column: severity: message`, the first line of the text rendering.
    pub fn headline(&self) -> String {
        let mut out = self.path.display().to_string();
        if let Some(line) = self.line {
            let _ = write!(out, ":{line}");
            if let Some(column) = self.column {
                let _ = write!(out, ":{column}");
            }
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        let _ = write!(out, ": {severity}: {}", self.message);
        // A suggestion reads best on the same line: "unknown field 'custmer' — did you
        // mean 'customer'?"
        if let Some(suggestion) = self.suggestion() {
            let _ = write!(out, " — {suggestion}");
        }
        out
    }

    /// The "did you mean …?" part of the hint, when it starts with one.
    fn suggestion(&self) -> Option<&str> {
        let hint = self.hint.as_deref()?;
        if !hint.starts_with("did you mean") {
            return None;
        }
        Some(hint.find('?').map_or(hint, |end| &hint[..=end]))
    }

    /// What is left of the hint once the suggestion is in the headline.
    fn hint_rest(&self) -> Option<&str> {
        let hint = self.hint.as_deref()?;
        let rest = match self.suggestion() {
            Some(s) => hint[s.len()..]
                .trim()
                .trim_start_matches('(')
                .trim_end_matches(')'),
            None => hint,
        };
        (!rest.is_empty()).then_some(rest)
    }

    /// The diagnostic as a person reads it: the headline, the source line with a caret
    /// under the column, and the hint. `root` is where `path` is relative to.
    pub fn render(&self, root: &Path, color: bool) -> String {
        let paint = |code: &str, text: &str| {
            if color {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_string()
            }
        };
        let code = match self.severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Note => "1;36",
        };
        // Messages quote people's values: whatever a terminal would obey is shown escaped.
        let shown = crate::terminal::text;
        let mut out = paint(code, &shown(&self.headline()));
        out.push('\n');
        if let (Some(line), Ok(text)) = (self.line, std::fs::read(root.join(&self.path))) {
            let text = String::from_utf8_lossy(&text);
            if let Some(source) = text.lines().nth(line.saturating_sub(1)) {
                let number = line.to_string();
                let pad = " ".repeat(number.len());
                let _ = writeln!(out, " {pad} |");
                let _ = writeln!(out, " {} | {}", paint("1;34", &number), shown(source));
                let column = self.column.unwrap_or(1).max(1);
                let indent: String = source
                    .chars()
                    .take(column - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(out, " {pad} | {indent}{}", paint(code, "^"));
            }
        }
        if let Some(field) = &self.field {
            let _ = writeln!(out, " = {} {}", paint("1;36", "field:"), shown(field));
        }
        if let Some(hint) = self.hint_rest() {
            let _ = writeln!(out, " = {} {}", paint("1;36", "hint:"), shown(hint));
        }
        out
    }
}

/// Every problem of one run, kept in a stable order (by file, then line) for printing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Adds many problems.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(diagnostics);
    }

    /// Whether any problem stops the build.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// How many errors there are.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// How many warnings there are.
    pub fn warning_count(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// How many notes (approvals about to run out).
    pub fn note_count(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == Severity::Note)
            .count()
    }

    /// Drops the notes: the build reports errors and warnings only.
    pub fn without_notes(mut self) -> Self {
        self.0.retain(|d| d.severity != Severity::Note);
        self
    }

    /// Sorts by file, line and column, and drops exact repeats, so output is stable.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
        });
        self.0.dedup();
    }

    /// Turns warnings into errors (`--strict`).
    pub fn make_warnings_errors(&mut self) {
        for d in self
            .0
            .iter_mut()
            .filter(|d| d.severity == Severity::Warning)
        {
            d.severity = Severity::Error;
        }
    }

    /// Whether there are no problems at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Iterates over the problems.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// Every problem of one run as the stages made them: the lists kept with the results
/// that found them (a file's findings with what the rules made of it), shared, and the
/// rest; sorted into [`Diagnostics`] only when they are read one by one. A save of one
/// file in a site with 90,000 warnings shares 90,000 findings instead of copying and
/// sorting them again.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    shared: Vec<std::sync::Arc<[Diagnostic]>>,
    loose: Vec<Diagnostic>,
}

impl Findings {
    /// Adds many problems.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.loose.extend(diagnostics);
    }

    /// Adds the findings kept with a result, shared with it.
    pub fn share(&mut self, findings: &std::sync::Arc<[Diagnostic]>) {
        if !findings.is_empty() {
            self.shared.push(findings.clone());
        }
    }

    /// Adds every finding of `other`.
    pub fn append(&mut self, mut other: Findings) {
        self.shared.append(&mut other.shared);
        self.loose.append(&mut other.loose);
    }

    /// Every problem, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.shared.iter().flat_map(|s| s.iter()).chain(&self.loose)
    }

    /// Whether any problem stops the build.
    pub fn has_errors(&self) -> bool {
        self.iter().any(Diagnostic::is_error)
    }

    /// How many errors there are.
    pub fn error_count(&self) -> usize {
        self.iter().filter(|d| d.is_error()).count()
    }

    /// How many warnings there are.
    pub fn warning_count(&self) -> usize {
        let warnings = self.iter().filter(|d| d.severity == Severity::Warning);
        warnings.count()
    }

    /// Every problem, sorted by file and line, exact repeats dropped.
    pub fn sorted(&self) -> Diagnostics {
        self.clone().into_sorted()
    }

    /// [`Self::sorted`], taking the findings (the loose ones are moved, not copied).
    pub fn into_sorted(self) -> Diagnostics {
        let mut all = Diagnostics(self.loose);
        all.extend(self.shared.iter().flat_map(|s| s.iter().cloned()));
        all.sort();
        all
    }
}

impl From<Diagnostics> for Findings {
    fn from(diagnostics: Diagnostics) -> Findings {
        Findings {
            shared: Vec::new(),
            loose: diagnostics.0,
        }
    }
}

/// The closest of `candidates` to `wrong`, for "did you mean" hints; `None` when nothing
/// is close enough to be a plausible typo.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wrong_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        // Ties go to the first in alphabetical order, whatever order the candidates
        // come in (a preview's lookups and a build's are filled in different orders).
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// How problems are shown to people and to GitLab: warnings grouped by message, and
/// the Code Quality report a merge request shows inline.
impl Diagnostics {
    /// Every error, and warnings grouped by message: at most `max_per_message` of each
    /// (a site without approvals would otherwise print one warning per file), then a
    /// line for each message with more. One string per line, coloured when `color`.
    pub fn grouped_lines(&self, root: &Path, color: bool, max_per_message: usize) -> Vec<String> {
        let mut lines = Vec::new();
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for d in self.iter() {
            let count = seen.entry(d.message.as_str()).or_default();
            *count += 1;
            if d.is_error() || *count <= max_per_message {
                lines.push(d.render(root, color));
            }
        }
        let mut hidden: Vec<(&str, usize)> = seen
            .into_iter()
            .filter(|(_, n)| *n > max_per_message)
            .map(|(m, n)| (m, n - max_per_message))
            .collect();
        hidden.sort();
        for (message, n) in hidden {
            lines.push(format!(
                "… and {n} more like \"{message}\" (`vouch check` lists them all)"
            ));
        }
        lines
    }

    /// A GitLab Code Quality report, so merge requests show content problems inline.
    pub fn code_quality(&self) -> String {
        let entries: Vec<serde_json::Value> = self
            .iter()
            .map(|d| {
                let mut description = d.message.clone();
                if let Some(hint) = &d.hint {
                    description.push_str(&format!(" ({hint})"));
                }
                let path = d.path.to_string_lossy().replace('\\', "/");
                let check_name = format!("vouch/{}", d.field.as_deref().unwrap_or("content"));
                serde_json::json!({
                    "description": description,
                    "check_name": check_name,
                    "fingerprint": fingerprint(&[&path, &check_name, &d.message]),
                    "severity": match d.severity {
                        Severity::Error => "major",
                        Severity::Warning => "minor",
                        Severity::Note => "info",
                    },
                    "location": { "path": path, "lines": { "begin": d.line.unwrap_or(1) } },
                })
            })
            .collect();
        serde_json::to_string_pretty(&entries).unwrap_or_default()
    }
}

/// A stable fingerprint (FNV-1a, 64-bit, hex) so GitLab can tell new problems from old.
fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// "1 warning", "2 warnings".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tie_goes_to_the_alphabetically_first_whatever_the_order() {
        // "acme-b" and "acme-c" score alike against "acme-a".
        let one = did_you_mean("acme-a", ["acme-c", "acme-b"]);
        let other = did_you_mean("acme-a", ["acme-b", "acme-c"]);
        assert_eq!((one, other), (Some("acme-b"), Some("acme-b")));
    }

    #[test]
    fn suggests_the_closest_field() {
        let fields = ["customer", "summary", "industry"];
        assert_eq!(did_you_mean("custmer", fields), Some("customer"));
        assert_eq!(did_you_mean("zzz", fields), None);
    }

    #[test]
    fn headline_has_place_and_severity() {
        let d = Diagnostic::error("content/a.md", "unknown field 'custmer'").at(3, 1);
        assert_eq!(
            d.headline(),
            "content/a.md:3:1: error: unknown field 'custmer'"
        );
    }

    #[test]
    fn render_points_at_the_column() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "---\ntitle: x\ncustmer: y\n---\n").unwrap();
        let d = Diagnostic::error("a.md", "unknown field")
            .at(3, 1)
            .hint("did you mean 'customer'?");
        let text = d.render(dir.path(), false);
        assert!(text.contains(" 3 | custmer: y\n"), "{text}");
        assert!(text.contains("   | ^\n"), "{text}");
        assert!(
            text.starts_with("a.md:3:1: error: unknown field — did you mean 'customer'?\n"),
            "{text}"
        );
        assert!(
            !text.contains("hint:"),
            "the suggestion is not repeated: {text}"
        );
    }
}

//! The theme: the default theme compiled into the binary, overridden file by file by
//! `themes/<name>/` of the site. Templates go to Tera, `static/` files to the output.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use include_dir::{include_dir, Dir};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A theme file and where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// The file's bytes.
    pub bytes: Cow<'static, [u8]>,
    /// The site file that overrides the default, if any.
    pub overridden_by: Option<PathBuf>,
}

/// The theme's files by path (`templates/base.html`, `static/assets/vouch.css`) and the
/// compiled templates.
pub struct Theme {
    /// Every file, default and overrides merged.
    pub files: BTreeMap<String, ThemeFile>,
    /// The compiled templates.
    pub tera: tera::Tera,
    /// What share images are drawn with (`share/card.svg`, `share/fonts/`).
    pub share: std::sync::Arc<crate::share::Kit>,
}

impl Theme {
    /// Loads the default theme plus the site's overrides named by `theme:` in vouch.yml.
    pub fn load(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let files = Theme::files(root, config)?;
        let tera = compile(&files)?;
        let share = std::sync::Arc::new(share_kit(root, &files)?);
        Ok(Theme { files, tera, share })
    }

    /// Whether two themes have the same templates (their static files may differ): then
    /// they render the same pages, and a stylesheet edit renders nothing again.
    pub fn same_templates(&self, other: &Theme) -> bool {
        fn templates(theme: &Theme) -> impl Iterator<Item = (&String, &[u8])> {
            let files = theme.files.iter();
            let files = files.filter(|(path, _)| !path.starts_with("static/"));
            files.map(|(path, file)| (path, file.bytes.as_ref()))
        }
        std::ptr::eq(self, other) || templates(self).eq(templates(other))
    }

    /// The default theme's files with the site's overrides.
    fn files(root: &Path, config: &Config) -> Result<BTreeMap<String, ThemeFile>, Vec<Diagnostic>> {
        let mut files = BTreeMap::new();
        collect_default(&DEFAULT_THEME, &mut files);
        if let Some(name) = &config.theme {
            let dir = root.join("themes").join(name);
            if !dir.is_dir() {
                return Err(vec![Diagnostic::error(
                    crate::config::CONFIG_FILE,
                    format!("the theme folder themes/{name}/ does not exist"),
                )
                .field("theme")
                .hint(
                    "create the folder, or remove the 'theme:' line to use the built-in theme",
                )]);
            }
            collect_overrides(root, &dir, &mut files)?;
        }
        Ok(files)
    }

    /// The theme's static files, by output path (`assets/vouch.css`).
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(path, file)| Some((path.strip_prefix("static/")?, file)))
    }

    /// The path a template error should point at.
    pub fn template_path(&self, name: &str) -> PathBuf {
        let key = format!("templates/{name}");
        match self.files.get(&key).and_then(|f| f.overridden_by.clone()) {
            Some(path) => path,
            None => PathBuf::from(format!("(built-in theme) {key}")),
        }
    }
}

/// The share images' kit of the theme's files: its template and every font file.
fn share_kit(
    root: &Path,
    files: &BTreeMap<String, ThemeFile>,
) -> Result<crate::share::Kit, Vec<Diagnostic>> {
    use crate::share::kit::{FONTS_DIR, TEMPLATE};
    let template = files
        .get(TEMPLATE)
        .map_or((&[][..], PathBuf::from(TEMPLATE)), |f| {
            (f.bytes.as_ref(), location(TEMPLATE, f))
        });
    let fonts: Vec<(&str, &[u8])> = files
        .iter()
        .filter(|(path, _)| path.starts_with(FONTS_DIR))
        .filter(|(path, _)| {
            let lower = path.to_ascii_lowercase();
            lower.ends_with(".otf") || lower.ends_with(".ttf")
        })
        .map(|(path, f)| (path.as_str(), f.bytes.as_ref()))
        .collect();
    crate::share::Kit::new(root, template, &fonts)
}

fn collect_default(dir: &'static Dir<'static>, files: &mut BTreeMap<String, ThemeFile>) {
    for entry in dir.entries() {
        match entry {
            include_dir::DirEntry::Dir(d) => collect_default(d, files),
            include_dir::DirEntry::File(f) => {
                let path = f.path().to_string_lossy().replace('\\', "/");
                files.insert(
                    path,
                    ThemeFile {
                        bytes: Cow::Borrowed(f.contents()),
                        overridden_by: None,
                    },
                );
            }
        }
    }
}

fn collect_overrides(
    root: &Path,
    dir: &Path,
    files: &mut BTreeMap<String, ThemeFile>,
) -> Result<(), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let key = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let site_path = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                files.insert(
                    key,
                    ThemeFile {
                        bytes: Cow::Owned(bytes),
                        overridden_by: Some(site_path),
                    },
                );
            }
            Err(e) => problems.push(Diagnostic::error(
                site_path,
                format!("cannot read the theme file: {e}"),
            )),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Compiles every template; a syntax error names the template file and line.
fn compile(files: &BTreeMap<String, ThemeFile>) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(crate::escape::html);
    let mut problems = Vec::new();
    let mut templates = Vec::new();
    for (path, file) in files {
        let Some(name) = path.strip_prefix("templates/") else {
            continue;
        };
        match std::str::from_utf8(&file.bytes) {
            Ok(text) => templates.push((name.to_string(), text.to_string())),
            Err(_) => problems.push(Diagnostic::error(
                location(path, file),
                "the template is not UTF-8 text",
            )),
        }
    }
    if let Err(e) = tera.add_raw_templates(templates) {
        let (message, line, column) = describe_tera_error_at(&e);
        let name = template_name_of(&e).unwrap_or_default();
        let key = format!("templates/{name}");
        let path = files
            .get(&key)
            .map_or_else(|| PathBuf::from(&key), |f| location(&key, f));
        problems.push(
            Diagnostic::error(path, format!("template error: {message}"))
                .at_line(line)
                .at_column(column)
                .hint("fix the template syntax; see https://keats.github.io/tera/docs/ for Tera's syntax"),
        );
    }
    if problems.is_empty() {
        Ok(tera)
    } else {
        Err(problems)
    }
}

fn location(key: &str, file: &ThemeFile) -> PathBuf {
    file.overridden_by
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("(built-in theme) {key}")))
}

/// Tera's error chain as one line, and the template line if Tera gave one (`--> 3:5`).
pub fn describe_tera_error(e: &tera::Error) -> (String, Option<usize>) {
    let (message, line, _) = describe_tera_error_at(e);
    (message, line)
}

/// Like [`describe_tera_error`], with the column too. Tera's parse errors carry a
/// pest-style block (`--> 3:21`, the line, a caret, `= expected …`): keep the line and
/// column for the diagnostic and only the `= …` explanation for the message.
pub fn describe_tera_error_at(e: &tera::Error) -> (String, Option<usize>, Option<usize>) {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    let full = parts.join(": ");
    let position = full.split("--> ").nth(1).and_then(|rest| {
        let (line, rest) = rest.split_once(':')?;
        let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((line.trim().parse().ok()?, column.parse().ok()))
    });
    let (line, column) = match position {
        Some((line, column)) => (Some(line), column),
        None => (None, None),
    };
    let explanation = full
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("= "))
        .map(str::to_string);
    let message = match explanation {
        Some(why) => {
            let head = full
                .split("-->")
                .next()
                .unwrap_or("")
                .trim()
                .trim_end_matches(':');
            format!("{head}: {why}")
        }
        None => full
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    };
    (message, line, column)
}

fn template_name_of(e: &tera::Error) -> Option<String> {
    let text = e.to_string();
    let start = text.find('\'')? + 1;
    let end = text[start..].find('\'')? + start;
    Some(text[start..end].to_string())
}

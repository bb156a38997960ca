//! `vouch new <kind> --lang de --from content/quotes/acme.md`: a translation's file,
//! beside its original, holding the original's words to translate, the hash of those
//! words (`translated_from:`, so `vouch report` tells when the original changed) and
//! `draft: true` until the translator is done.

use crate::config::Config;
use crate::content::kinds::Kind;
use crate::diagnostics::Diagnostic;
use crate::translations::words;
use std::path::{Path, PathBuf};

/// Writes the translation into `language` of the `kind` file at `from` (a path from
/// the site root, or inside `content/`), and returns its path. Never overwrites.
pub fn new_translation(
    root: &Path,
    kind: Kind,
    from: &Path,
    language: &str,
) -> Result<PathBuf, Diagnostic> {
    let config = Config::load(root).map_err(|mut p| p.remove(0))?;
    if !config.languages.contains_key(language) {
        let listed: Vec<&str> = config.languages.keys().map(String::as_str).collect();
        return Err(Diagnostic::error(
            "vouch new",
            format!("'{language}' is not one of the site's languages"),
        )
        .hint(match listed.is_empty() {
            true => format!("add `{language}:` under languages: in vouch.yml first"),
            false => format!(
                "the site's languages: {} (or add `{language}:` under languages: in vouch.yml)",
                listed.join(", ")
            ),
        }));
    }
    let relative = match from.strip_prefix(crate::content::CONTENT_DIR) {
        Ok(_) => from.to_path_buf(),
        Err(_) => Path::new(crate::content::CONTENT_DIR).join(from),
    };
    let inside = relative
        .strip_prefix(crate::content::CONTENT_DIR)
        .unwrap_or(&relative);
    let content_path = inside.to_string_lossy().replace('\\', "/");
    let original =
        crate::content::read_document(&root.join(&relative), relative.clone(), content_path)
            .map_err(|mut p| p.remove(0))?;
    if original.translation.is_some() || original.kind != kind {
        return Err(Diagnostic::error(
            &relative,
            format!("not a {} to translate", kind.label().to_lowercase()),
        )
        .hint("name the original file, e.g. --from content/quotes/acme-cto.md"));
    }
    let target_rel = PathBuf::from(format!(
        "{}.{language}.md",
        relative.to_string_lossy().trim_end_matches(".md")
    ));
    let target = root.join(&target_rel);
    if target.exists() {
        return Err(Diagnostic::error(
            &target_rel,
            "this file already exists; vouch new never overwrites",
        )
        .hint("edit the existing translation"));
    }
    let text = template(&original, language, &relative);
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .map_err(|e| Diagnostic::error(&target_rel, format!("cannot write the file: {e}")))?;
    Ok(target_rel)
}

/// The translation's text: the original's words to translate, and how it stands.
fn template(original: &crate::content::Document, language: &str, from: &Path) -> String {
    let fields = words::words_in(original);
    let words = match fields.is_empty() {
        true => String::new(),
        false => crate::yaml::to_string(&fields).unwrap_or_default(),
    };
    let approval = match original.kind {
        Kind::CaseStudy | Kind::Testimonial | Kind::Quote => {
            "# The customer's approval of these words (the original's covers only its own):\n# approval: { by: \"Name, Role, Company\", on: YYYY-MM-DD }\n"
        }
        _ => "",
    };
    format!(
        "---\n# The '{language}' translation of {}: translate the words, then remove draft.\ntranslated_from: \"{}\"\ndraft: true\n{words}{approval}---\n{}",
        from.display(),
        words::words_hash(original),
        original.body.trim_start()
    )
}

//! Which pages exist in which of the site's languages, so each page can name its
//! translations (`hreflang` alternates, the language switcher) and the sitemap can list
//! them: worked out from every language's plan once all are made.

use serde::Serialize;
use std::collections::HashMap;

/// One language of the site, as its pages link to it.
#[derive(Debug, Clone)]
pub struct LanguageRoot {
    /// Its BCP 47 code (`de`).
    pub code: String,
    /// Its name in itself (`Deutsch`), for the switcher.
    pub name: String,
    /// Its absolute base URL (`https://x.io/p/de/`).
    pub base_url: String,
    /// Its link prefix (`/p/de/`).
    pub base_path: String,
}

/// The site's languages (the default first) and, for every HTML page path inside a
/// language's root (`case-studies/acme/index.html`), the languages it exists in.
#[derive(Debug, Clone, Default)]
pub struct Alternates {
    /// The languages, the default first.
    pub languages: Vec<LanguageRoot>,
    /// Page path → indices into `languages`, ascending.
    pub pages: HashMap<String, Vec<u16>>,
}

/// One language version of a page, as templates see it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Alternate {
    /// Its language code, for `hreflang` and `lang`.
    pub lang: String,
    /// Its language's name in itself.
    pub name: String,
    /// Its absolute URL (`<link rel="alternate">`, the sitemap).
    pub url: String,
    /// Its site link (the switcher).
    pub href: String,
    /// Whether it is the page being rendered.
    pub current: bool,
}

impl Alternates {
    /// The language versions of the page at `path` rendered in language `current`,
    /// when it has more than one.
    pub fn of(&self, path: &str, current: u16) -> Option<Vec<Alternate>> {
        let found = self.pages.get(path).filter(|l| l.len() > 1)?;
        let dir = path.strip_suffix("index.html").unwrap_or(path);
        Some(
            (found.iter())
                .map(|&i| {
                    let language = &self.languages[usize::from(i)];
                    Alternate {
                        lang: language.code.clone(),
                        name: language.name.clone(),
                        url: format!("{}{dir}", language.base_url),
                        href: format!("{}{dir}", language.base_path),
                        current: i == current,
                    }
                })
                .collect(),
        )
    }
}

/// A language's name in itself, for the switcher: the common ones by their primary
/// subtag, else the code as written.
pub fn name_of(code: &str) -> String {
    let primary = code.split('-').next().unwrap_or(code);
    let name = match primary {
        "ar" => "العربية",
        "da" => "Dansk",
        "de" => "Deutsch",
        "el" => "Ελληνικά",
        "en" => "English",
        "es" => "Español",
        "fi" => "Suomi",
        "fr" => "Français",
        "he" => "עברית",
        "hi" => "हिन्दी",
        "it" => "Italiano",
        "ja" => "日本語",
        "ko" => "한국어",
        "nl" => "Nederlands",
        "no" | "nb" => "Norsk",
        "pl" => "Polski",
        "pt" => "Português",
        "ru" => "Русский",
        "sv" => "Svenska",
        "tr" => "Türkçe",
        "uk" => "Українська",
        "zh" => "中文",
        _ => return code.to_string(),
    };
    match code.split_once('-') {
        Some((_, region)) => format!("{name} ({region})"),
        None => name.to_string(),
    }
}

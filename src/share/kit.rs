//! What every share image is drawn with: the theme's card template and the theme's
//! fonts, and nothing of the machine's. resvg's font database holds the shipped fonts
//! only, so the same words draw the same bytes on every machine.

use crate::diagnostics::Diagnostic;
use resvg::usvg::fontdb;
use rustc_hash::FxHashMap;
use skrifa::prelude::{LocationRef, Size};
use skrifa::MetadataProvider;
use std::path::PathBuf;
use std::sync::Arc;

/// The theme file of the card template (a Tera template of an SVG drawing).
pub const TEMPLATE: &str = "share/card.svg";
/// The theme folder of the fonts share images are drawn with (OpenType or TrueType).
pub const FONTS_DIR: &str = "share/fonts/";

/// The cache folder of share images in a site, beside the pictures' one.
pub const CACHE_DIR: &str = ".vouch-cache/share";

/// The widths of one face's characters, in ems: enough to wrap words to a width
/// before drawing them, and to know which characters the face has at all.
#[derive(Debug, Default)]
pub struct Metrics {
    advances: FxHashMap<char, f32>,
}

impl Metrics {
    fn of(bytes: &[u8]) -> Option<Metrics> {
        let font = skrifa::FontRef::new(bytes).ok()?;
        let glyphs = font.glyph_metrics(Size::new(1.0), LocationRef::default());
        let advances = font
            .charmap()
            .mappings()
            .filter_map(|(c, gid)| Some((char::from_u32(c)?, glyphs.advance_width(gid)?)))
            .collect();
        Some(Metrics { advances })
    }

    /// Whether the face draws `c` (spaces and line breaks always count as drawn).
    pub fn has(&self, c: char) -> bool {
        c.is_whitespace() || self.advances.contains_key(&c)
    }

    /// How wide `text` is at a font size of 1 (kerning aside: the drawing is checked).
    pub fn width(&self, text: &str) -> f32 {
        text.chars()
            .map(|c| self.advances.get(&c).copied().unwrap_or(0.6))
            .sum()
    }
}

/// The template, the fonts and what they are known by.
pub struct Kit {
    /// The compiled card template.
    pub(super) tera: tera::Tera,
    /// Where the template comes from, for its errors.
    pub(super) template_path: PathBuf,
    /// The shipped fonts, and no others.
    pub(super) fonts: Arc<fontdb::Database>,
    /// The family name the template draws with.
    pub family: String,
    /// The regular face's widths (the words, the role).
    pub regular: Metrics,
    /// The bold face's widths (who said them).
    pub bold: Metrics,
    /// A hash of the template, the fonts and vouch's version: part of every image's name.
    pub key: u128,
    /// Where drawn images are kept between builds (`.vouch-cache/share/` of the site).
    pub cache_dir: PathBuf,
}

impl std::fmt::Debug for Kit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kit")
            .field("family", &self.family)
            .field("key", &self.key)
            .finish()
    }
}

impl Kit {
    /// The kit of a theme of the site at `root`: `template` (its text, and the path its
    /// errors name) and the font files (path, bytes) under [`FONTS_DIR`].
    pub fn new(
        root: &std::path::Path,
        template: (&[u8], PathBuf),
        fonts: &[(&str, &[u8])],
    ) -> Result<Kit, Vec<Diagnostic>> {
        let (text, template_path) = template;
        let problem = |m: String| Diagnostic::error(&template_path, m);
        let text = std::str::from_utf8(text)
            .map_err(|_| vec![problem("the share image template is not UTF-8 text".into())])?;
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".svg"]);
        tera.set_escape_fn(crate::escape::xml);
        if let Err(e) = tera.add_raw_template("card.svg", text) {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(cause) = source {
                message = format!("{message}: {cause}");
                source = cause.source();
            }
            return Err(vec![problem(format!("template error: {message}")).hint(
                "fix the template syntax; see https://keats.github.io/tera/docs/ for Tera's syntax",
            )]);
        }
        let mut key = xxhash_rust::xxh3::Xxh3::new();
        key.update(env!("CARGO_PKG_VERSION").as_bytes());
        key.update(text.as_bytes());
        let mut db = fontdb::Database::new();
        let mut faces: Vec<(u16, &[u8])> = Vec::new();
        for (path, bytes) in fonts {
            key.update(path.as_bytes());
            key.update(bytes);
            let before = db.len();
            db.load_font_data(bytes.to_vec());
            if let Some(face) = db.faces().nth(before) {
                faces.push((face.weight.0, bytes));
            }
        }
        let family = db
            .faces()
            .next()
            .and_then(|f| f.families.first())
            .map(|(name, _)| name.clone());
        let Some(family) = family else {
            return Err(vec![Diagnostic::error(
                format!("(theme) {FONTS_DIR}"),
                "the theme has no fonts to draw share images with",
            )
            .hint("put the font files (.otf or .ttf) in themes/<name>/share/fonts/, or turn share images off (share_images: false)")]);
        };
        // A logo's text names its own fonts ("system-ui, sans-serif"): every generic
        // family is the shipped one, so the text is drawn, the same on every machine.
        db.set_sans_serif_family(family.clone());
        db.set_serif_family(family.clone());
        db.set_monospace_family(family.clone());
        db.set_cursive_family(family.clone());
        db.set_fantasy_family(family.clone());
        let regular = faces.iter().min_by_key(|(w, _)| w.abs_diff(400));
        let bold = faces.iter().max_by_key(|(w, _)| *w);
        let metrics = |face: Option<&(u16, &[u8])>| face.and_then(|f| Metrics::of(f.1));
        Ok(Kit {
            tera,
            template_path,
            fonts: Arc::new(db),
            family,
            regular: metrics(regular).unwrap_or_default(),
            bold: metrics(bold).unwrap_or_default(),
            key: key.digest128(),
            cache_dir: root.join(CACHE_DIR),
        })
    }

    /// The first character of `text` the fonts cannot draw.
    pub fn missing(&self, text: &str) -> Option<char> {
        text.chars().find(|c| !self.regular.has(*c))
    }
}

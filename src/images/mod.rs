//! Pictures: every raster picture a page shows is published in a few widths as WebP,
//! with one copy in its own format as the fallback, so a phone downloads about what it
//! shows. SVG drawings are published as they are (after a safety check) and rasterized
//! only for link previews, which crawlers cannot draw from SVG.
//!
//! The [`Catalog`] is part of the resolved site: each picture's facts, read from its
//! header when the site is assembled ([`probe`]), and the uses the content puts it to.
//! The files themselves are made when they are written ([`make`]), from a cache keyed by
//! the picture's bytes and the settings, so a rebuild with no new picture decodes none.

pub mod address;
pub mod budget;
pub mod css;
pub mod make;
pub mod probe;
pub mod problem;
pub mod svg;

use crate::config::ImagesConfig;
use crate::diagnostics::Diagnostic;
use probe::{Format, Info};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

/// Where a picture is shown. Each use has its widths (vouch.yml `images:`) and the
/// largest box the default theme shows it in, which gives the browser its `sizes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Use {
    /// A customer's logo: up to 220 CSS pixels wide and 48 high.
    Logo,
    /// A person's photo or the brand logo: up to 112 CSS pixels square.
    Avatar,
    /// A case study's image or a picture in the text: up to the text's 704 px column.
    Photo,
    /// The link-preview picture (Open Graph): one raster, 1200 px wide by default.
    Social,
}

impl Use {
    /// The widths a picture `info` is made in for this use: the widths the default theme
    /// shows it at, each at 1x and 2x (so a 2x screen finds its exact width and no file
    /// is over twice the width shown), and the ones set in vouch.yml.
    fn widths(self, settings: &ImagesConfig, info: &Info) -> Vec<u32> {
        let (extra, shown): (&[u32], Vec<u32>) = match self {
            Use::Logo => (
                &settings.logo,
                LOGO_HEIGHTS
                    .iter()
                    .map(|&h| fitted_width(info, LOGO_MAX_WIDTH, h))
                    .collect(),
            ),
            Use::Avatar => (&settings.avatar, AVATAR_WIDTHS.to_vec()),
            Use::Photo => (&settings.photo, Vec::new()),
            Use::Social => return vec![settings.social],
        };
        let mut widths: Vec<u32> = shown.iter().flat_map(|&w| [w, 2 * w]).collect();
        widths.extend_from_slice(extra);
        widths
    }

    /// The largest width and height, in CSS pixels, the default theme shows it at.
    fn css_box(self) -> (u32, Option<u32>) {
        match self {
            Use::Logo => (LOGO_MAX_WIDTH, Some(LOGO_HEIGHT)),
            Use::Avatar => (112, Some(112)),
            Use::Photo | Use::Social => (704, None),
        }
    }
}

/// How high the default theme shows a logo on cards and the logo wall (its CSS holds
/// the same): the `picture` macro's `compact=true`.
const LOGO_COMPACT_HEIGHT: u32 = 32;
/// How high the default theme shows a logo at the top of a story or a customer's page.
const LOGO_HEIGHT: u32 = 48;
/// Every height a logo is shown at.
const LOGO_HEIGHTS: [u32; 2] = [LOGO_COMPACT_HEIGHT, LOGO_HEIGHT];
/// The widest the default theme shows a logo.
const LOGO_MAX_WIDTH: u32 = 220;
/// The widths the default theme shows people's photos at: the brand logo (32), a
/// testimonial or speaker (40), an advocate card (72), an advocate's page (112).
const AVATAR_WIDTHS: [u32; 4] = [32, 40, 72, 112];

/// How wide a picture is shown at `height` CSS pixels high, at most `max_width`.
fn fitted_width(info: &Info, max_width: u32, height: u32) -> u32 {
    let width = (u64::from(height) * u64::from(info.width)).div_ceil(u64::from(info.height.max(1)));
    (width as u32).clamp(1, max_width)
}

/// How a made file is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// Lossy WebP: what browsers load.
    WebP,
    /// JPEG: the fallback of a JPEG, and a JPEG's link preview.
    Jpeg,
    /// PNG: the fallback and link preview of everything else (it may be transparent).
    Png,
}

impl Encoding {
    fn extension(self) -> &'static str {
        match self {
            Encoding::WebP => "webp",
            Encoding::Jpeg => "jpg",
            Encoding::Png => "png",
        }
    }

    /// The fallback's (and the link preview's) encoding: the picture's own format where
    /// browsers and crawlers all read it.
    fn fallback_of(format: Format) -> Encoding {
        match format {
            Format::Jpeg => Encoding::Jpeg,
            _ => Encoding::Png,
        }
    }
}

/// One file made from a picture: a width in an encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Spec {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels (the picture's proportions kept).
    pub height: u32,
    /// How it is encoded.
    pub encoding: Encoding,
}

/// A picture of the content, with what is made of it.
#[derive(Debug)]
pub struct Source {
    /// The file on disk.
    pub file: PathBuf,
    /// Its path inside `content/`.
    pub content_path: String,
    /// Where the picture itself is published (the made files go beside it).
    pub out_path: String,
    /// Its facts, from its header.
    pub info: Info,
    /// What it is used for.
    pub uses: BTreeSet<Use>,
    /// Every file made of it, in a stable order.
    pub specs: Vec<Spec>,
    /// Size and modification time when probed: an unchanged file is not probed again.
    stamp: (u64, Option<SystemTime>),
    /// What probing it found worth saying (a warning), kept with the probe so a
    /// catalog that reuses the probe reports it too.
    note: Option<Diagnostic>,
    /// The hash of its bytes, read once.
    hash: OnceLock<Result<u128, String>>,
    /// Held while its files are made, so two threads never decode it twice.
    making: Mutex<()>,
}

impl Source {
    /// Whether the picture is published as it is (SVG, animated), never resized.
    pub fn as_is(&self) -> bool {
        self.info.format == Format::Svg || self.info.animated
    }

    /// The hash of the picture's bytes, read once: made files and share images that
    /// draw it are named by it.
    pub fn bytes_hash(&self) -> Result<u128, String> {
        self.hash
            .get_or_init(|| {
                std::fs::read(&self.file)
                    .map(|bytes| xxhash_rust::xxh3::xxh3_128(&bytes))
                    .map_err(|e| e.to_string())
            })
            .clone()
    }

    /// The output path of one made file: beside the picture, named by width.
    pub fn path_of(&self, spec: &Spec) -> String {
        let (dir, name) = match self.out_path.rsplit_once('/') {
            Some((dir, name)) => (format!("{dir}/"), name),
            None => (String::new(), self.out_path.as_str()),
        };
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        format!("{dir}{stem}.{}w.{}", spec.width, spec.encoding.extension())
    }

    fn specs_for(&self, settings: &ImagesConfig) -> Vec<Spec> {
        let mut specs = Vec::new();
        for &use_ in &self.uses {
            specs.extend(specs_of(&self.info, use_, settings));
        }
        let mut seen = std::collections::HashSet::new();
        specs.retain(|s| seen.insert(*s));
        specs
    }
}

/// How many times its short side a picture's long side may be: a 1 x 60000 strip shows
/// as nothing on any page, and its made files would be taller than WebP allows.
pub const MAX_ASPECT: u32 = 50;

/// Why a picture is too thin to show (longer side over [`MAX_ASPECT`] times the
/// shorter), in words naming what it is shown as.
fn too_thin(info: &Info, uses: &BTreeSet<Use>) -> Option<probe::Problem> {
    let (long, short) = (info.width.max(info.height), info.width.min(info.height));
    if u64::from(long) <= u64::from(short) * u64::from(MAX_ASPECT) {
        return None;
    }
    let shown: Vec<&str> = uses
        .iter()
        .map(|u| match u {
            Use::Logo => "a customer's logo (logo:)",
            Use::Avatar => "a photo of a person or the brand logo (avatar:, brand.logo)",
            Use::Photo => "a picture on a page (image: or in the text)",
            Use::Social => "a link preview",
        })
        .collect();
    Some(probe::Problem::new(
        format!(
            "the picture is {} x {} pixels, one side more than {MAX_ASPECT} times the other: too thin to show as {}",
            info.width,
            info.height,
            shown.join(" or ")
        ),
        format!("crop it to at most {MAX_ASPECT} times as long as it is wide, or link to it as a file (a PDF) instead of showing it"),
    ))
}

/// The widest side a WebP file may have.
const WEBP_MAX_SIDE: u32 = 16_383;

/// The widest a WebP file of `info` may be made: no side over [`WEBP_MAX_SIDE`].
fn webp_max_width(info: &Info) -> u32 {
    let width = u64::from(WEBP_MAX_SIDE) * u64::from(info.width) / u64::from(info.height.max(1));
    width.clamp(1, u64::from(WEBP_MAX_SIDE)) as u32
}

/// The widths a picture `width` pixels wide is made in for one use: the use's widths
/// below its own, and its own width in place of any above (never enlarged).
fn widths_for(use_widths: &[u32], own: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = use_widths.iter().map(|&w| w.min(own)).collect();
    widths.sort_unstable();
    widths.dedup();
    widths
}

fn height_at(info: &Info, width: u32) -> u32 {
    ((u64::from(info.height) * u64::from(width) + u64::from(info.width) / 2)
        / u64::from(info.width))
    .max(1) as u32
}

/// The files one use needs of a picture.
fn specs_of(info: &Info, use_: Use, settings: &ImagesConfig) -> Vec<Spec> {
    let spec = |width, encoding| Spec {
        width,
        height: height_at(info, width),
        encoding,
    };
    if use_ == Use::Social {
        // Link previews: one raster; a drawing is rendered at the full width.
        let width = match info.format {
            Format::Svg => settings.social,
            _ if info.animated => return Vec::new(),
            _ => settings.social.min(info.width),
        };
        return vec![spec(width, Encoding::fallback_of(info.format))];
    }
    if info.format == Format::Svg || info.animated {
        return Vec::new();
    }
    let own = info.width.min(webp_max_width(info));
    let widths = widths_for(&use_.widths(settings, info), own);
    let mut specs: Vec<Spec> = widths.iter().map(|&w| spec(w, Encoding::WebP)).collect();
    if let Some(&largest) = widths.last() {
        specs.push(spec(largest, Encoding::fallback_of(info.format)));
    }
    specs
}

/// Every picture of the content by its path inside `content/`, with the settings.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    sources: HashMap<String, Arc<Source>>,
    /// The `images:` settings.
    pub settings: ImagesConfig,
    /// Where made files are kept between builds (`.vouch-cache/images/` in the site).
    pub cache_dir: PathBuf,
}

impl PartialEq for Catalog {
    fn eq(&self, other: &Self) -> bool {
        self.settings == other.settings
            && self.sources.len() == other.sources.len()
            && self.sources.iter().all(|(k, v)| {
                other.sources.get(k).is_some_and(|o| {
                    o.info == v.info
                        && o.uses == v.uses
                        && o.stamp == v.stamp
                        && o.out_path == v.out_path
                })
            })
    }
}

/// The cache folder of a site, beside `content/`; Git ignores it (`/.vouch-*`) and
/// the starter's CI keeps it between pipelines.
pub const CACHE_DIR: &str = ".vouch-cache/images";

fn stamp_of(file: &Path) -> (u64, Option<SystemTime>) {
    std::fs::metadata(file).map_or((0, None), |m| (m.len(), m.modified().ok()))
}

impl Catalog {
    /// Reads the header of every picture in `assets` (content file, published path),
    /// with `uses` saying which picture is shown how (a picture no field names is taken
    /// for one in the text). A picture unchanged since `previous` is not read again.
    /// Returns the catalog and a problem for every picture that cannot be published.
    pub fn new(
        root: &Path,
        assets: &[(crate::content::Asset, String)],
        uses: &HashMap<String, BTreeSet<Use>>,
        settings: &ImagesConfig,
        previous: Option<&Catalog>,
    ) -> (Catalog, Vec<Diagnostic>) {
        use rayon::prelude::*;
        let found: Vec<Result<(Source, Option<Diagnostic>), Diagnostic>> = assets
            .par_iter()
            .filter(|(asset, _)| probe::is_picture(&asset.content_path))
            .map(|(asset, out)| {
                let stamp = stamp_of(&asset.source);
                let place = format!("content/{}", asset.content_path);
                let kept = previous
                    .filter(|p| p.settings.max_megapixels == settings.max_megapixels)
                    .and_then(|p| p.sources.get(&asset.content_path))
                    .filter(|s| s.stamp == stamp && s.file == asset.source);
                let (info, note) = match kept {
                    Some(s) => (s.info, s.note.clone()),
                    None => {
                        let probed = probe::probe(&asset.source, settings.max_megapixels)
                            .map_err(|p| Diagnostic::error(&place, p.message).hint(p.hint))?;
                        let note = probed
                            .1
                            .map(|p| Diagnostic::warning(&place, p.message).hint(p.hint));
                        (probed.0, note)
                    }
                };
                let uses = uses
                    .get(&asset.content_path)
                    .cloned()
                    .unwrap_or_else(|| BTreeSet::from([Use::Photo]));
                if let Some(p) = too_thin(&info, &uses) {
                    return Err(Diagnostic::error(&place, p.message).hint(p.hint));
                }
                let mut source = Source {
                    file: asset.source.clone(),
                    content_path: asset.content_path.clone(),
                    out_path: out.clone(),
                    info,
                    uses,
                    specs: Vec::new(),
                    stamp,
                    note: note.clone(),
                    hash: match kept {
                        Some(s) => s.hash.clone(),
                        None => OnceLock::new(),
                    },
                    making: Mutex::new(()),
                };
                source.specs = source.specs_for(settings);
                Ok((source, note))
            })
            .collect();
        let mut problems = Vec::new();
        let mut sources = HashMap::new();
        for result in found {
            match result {
                Ok((source, note)) => {
                    problems.extend(note);
                    sources.insert(source.content_path.clone(), Arc::new(source));
                }
                Err(d) => problems.push(d),
            }
        }
        let catalog = Catalog {
            sources,
            settings: settings.clone(),
            cache_dir: root.join(CACHE_DIR),
        };
        (catalog, problems)
    }

    /// Whether every picture both `old` and this catalog hold is as it was. Added and
    /// removed pictures show on no page that builds (a page naming a missing file is an
    /// error), and uses follow the items naming a picture, rendered again anyway; so
    /// pages made from `old` show pictures as this catalog would.
    pub fn extends(&self, old: &Catalog) -> bool {
        self.settings == old.settings
            && old.sources.iter().all(|(path, o)| {
                self.sources.get(path).is_none_or(|n| {
                    n.info == o.info && n.stamp == o.stamp && n.out_path == o.out_path
                })
            })
    }

    /// The picture at a path inside `content/`.
    pub fn get(&self, content_path: &str) -> Option<&Arc<Source>> {
        self.sources.get(content_path)
    }

    /// Every file to make, with its output path, in a stable order.
    pub fn planned(&self) -> Vec<(String, Made)> {
        let mut files: Vec<(String, Made)> = self
            .sources
            .values()
            .flat_map(|source| {
                source.specs.iter().map(|spec| {
                    (
                        source.path_of(spec),
                        Made {
                            source: source.clone(),
                            spec: *spec,
                            quality: self.settings.quality,
                            max_megapixels: self.settings.max_megapixels,
                            cache_dir: self.cache_dir.clone(),
                        },
                    )
                })
            })
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files.dedup_by(|a, b| a.0 == b.0);
        files
    }

    /// How a page shows the picture at `content_path` for `use_`: `link` turns an output
    /// path, percent-encoded here ([`address::encode_path`]), into a URL. `None` when it
    /// is no picture of the catalog.
    pub fn picture(
        &self,
        content_path: &str,
        use_: Use,
        link: &dyn Fn(&str) -> String,
    ) -> Option<Picture> {
        let source = self.get(content_path)?;
        let link = |path: &str| link(&address::encode_path(path));
        let info = &source.info;
        let specs = specs_of(info, use_, &self.settings);
        let social = specs_of(info, Use::Social, &self.settings)
            .first()
            .map(|s| link(&source.path_of(s)));
        let (box_w, box_h) = use_.css_box();
        let shown = box_h.map_or(box_w, |h| fitted_width(info, box_w, h));
        let sizes = match use_ {
            Use::Photo | Use::Social => format!("(max-width: {box_w}px) 100vw, {box_w}px"),
            _ => format!("{shown}px"),
        };
        let compact_sizes = (use_ == Use::Logo).then(|| {
            let shown = fitted_width(info, LOGO_MAX_WIDTH, LOGO_COMPACT_HEIGHT);
            format!("{shown}px")
        });
        let webp: Vec<String> = specs
            .iter()
            .filter(|s| s.encoding == Encoding::WebP)
            .map(|s| format!("{} {}w", link(&source.path_of(s)), s.width))
            .collect();
        let (src, width, height) = match specs.iter().find(|s| s.encoding != Encoding::WebP) {
            Some(fallback) => (
                link(&source.path_of(fallback)),
                fallback.width,
                fallback.height,
            ),
            None => (link(&source.out_path), info.width, info.height),
        };
        Some(Picture {
            src,
            srcset: (!webp.is_empty()).then(|| webp.join(", ")),
            sizes,
            compact_sizes,
            width,
            height,
            social,
        })
    }
}

/// How a template shows a picture: `<picture><source type="image/webp" srcset sizes>
/// <img src width height></picture>` (the theme's `picture` macro writes it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Picture {
    /// The fallback's URL (the picture itself for SVG): for the `<img>`.
    pub src: String,
    /// The WebP widths, `url 480w, url 800w`: `None` for an SVG or animated picture.
    pub srcset: Option<String>,
    /// How wide the default theme shows it, for the browser to pick a width.
    pub sizes: String,
    /// A logo's `sizes` where the theme shows it smaller (32 px high: cards, the logo
    /// wall); the `picture` macro's `compact=true` picks it.
    pub compact_sizes: Option<String>,
    /// The `<img>`'s width attribute: with `height`, the page keeps its place before
    /// it loads (no layout shift).
    pub width: u32,
    /// The `<img>`'s height attribute.
    pub height: u32,
    /// The link-preview picture's URL (a raster, for `og:image`).
    pub social: Option<String>,
}

impl Picture {
    /// A picture vouch knows nothing of (a full URL): shown as it is, in its box.
    pub fn plain(url: String, use_: Use) -> Picture {
        let (w, h) = use_.css_box();
        Picture {
            src: url.clone(),
            srcset: None,
            sizes: format!("{w}px"),
            compact_sizes: None,
            width: w,
            height: h.unwrap_or(w * 9 / 16),
            social: Some(url),
        }
    }

    /// The `<picture>` element, for Markdown pictures (templates use the theme's macro).
    pub fn html(&self, alt: &str, title: Option<&str>, lazy: bool) -> String {
        let esc = crate::escape::xml;
        let mut html = String::from("<picture>");
        if let Some(srcset) = &self.srcset {
            html.push_str(&format!(
                "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{}\">",
                esc(srcset),
                esc(&self.sizes)
            ));
        }
        html.push_str(&format!(
            "<img src=\"{}\" alt=\"{}\" width=\"{}\" height=\"{}\"",
            esc(&self.src),
            esc(alt),
            self.width,
            self.height
        ));
        if let Some(title) = title.filter(|t| !t.is_empty()) {
            html.push_str(&format!(" title=\"{}\"", esc(title)));
        }
        if lazy {
            html.push_str(" loading=\"lazy\" decoding=\"async\"");
        }
        html.push_str("></picture>");
        html
    }
}

/// One made file, planned: made (or taken from the cache) when it is written.
#[derive(Debug, Clone)]
pub struct Made {
    /// The picture it is made from.
    pub source: Arc<Source>,
    /// What is made.
    pub spec: Spec,
    quality: u8,
    max_megapixels: u32,
    cache_dir: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(format: Format, width: u32, height: u32) -> Info {
        Info {
            format,
            width,
            height,
            animated: false,
        }
    }

    #[test]
    fn widths_never_enlarge() {
        assert_eq!(widths_for(&[480, 800, 1200], 1000), [480, 800, 1000]);
        assert_eq!(widths_for(&[480, 800], 300), [300]);
        assert_eq!(widths_for(&[480, 800], 4000), [480, 800]);
    }

    #[test]
    fn a_photo_gets_webp_widths_and_one_fallback() {
        let specs = specs_of(
            &info(Format::Jpeg, 4000, 3000),
            Use::Photo,
            &ImagesConfig::default(),
        );
        let shown: Vec<(u32, u32, Encoding)> = specs
            .iter()
            .map(|s| (s.width, s.height, s.encoding))
            .collect();
        assert_eq!(
            shown,
            [
                (480, 360, Encoding::WebP),
                (800, 600, Encoding::WebP),
                (1200, 900, Encoding::WebP),
                (1600, 1200, Encoding::WebP),
                (1600, 1200, Encoding::Jpeg)
            ]
        );
    }

    fn webp_widths(info: &Info, use_: Use) -> Vec<u32> {
        specs_of(info, use_, &ImagesConfig::default())
            .iter()
            .filter(|s| s.encoding == Encoding::WebP)
            .map(|s| s.width)
            .collect()
    }

    #[test]
    fn a_logo_gets_the_widths_it_is_shown_at_on_1x_and_2x_screens() {
        // 2000 x 500: 128 px wide at 32 px high, 192 at 48, both doubled.
        assert_eq!(
            webp_widths(&info(Format::Png, 2000, 500), Use::Logo),
            [128, 192, 256, 384]
        );
        // A very wide logo is capped at the 220 px the theme allows, then doubled.
        assert_eq!(
            webp_widths(&info(Format::Png, 4000, 400), Use::Logo),
            [220, 440]
        );
    }

    #[test]
    fn a_headshot_gets_every_avatar_size_of_the_theme_twice() {
        assert_eq!(
            webp_widths(&info(Format::Jpeg, 1200, 1500), Use::Avatar),
            [32, 40, 64, 72, 80, 112, 144, 224]
        );
        let settings = ImagesConfig {
            avatar: vec![300],
            ..ImagesConfig::default()
        };
        let specs = specs_of(&info(Format::Jpeg, 1200, 1500), Use::Avatar, &settings);
        assert!(specs.iter().any(|s| s.width == 300), "{specs:?}");
    }

    #[test]
    fn an_svg_is_only_rasterized_for_link_previews() {
        let svg = info(Format::Svg, 176, 60);
        let settings = ImagesConfig::default();
        assert!(specs_of(&svg, Use::Logo, &settings).is_empty());
        let social = specs_of(&svg, Use::Social, &settings);
        assert_eq!(
            (social[0].width, social[0].height, social[0].encoding),
            (1200, 409, Encoding::Png)
        );
    }

    #[test]
    fn made_files_sit_beside_the_picture() {
        let source = Source {
            file: "content/a/team.photo.jpg".into(),
            content_path: "a/team.photo.jpg".into(),
            out_path: "a/team.photo.jpg".into(),
            info: info(Format::Jpeg, 10, 10),
            uses: BTreeSet::new(),
            specs: Vec::new(),
            stamp: (0, None),
            note: None,
            hash: OnceLock::new(),
            making: Mutex::new(()),
        };
        let spec = Spec {
            width: 480,
            height: 360,
            encoding: Encoding::WebP,
        };
        assert_eq!(source.path_of(&spec), "a/team.photo.480w.webp");
    }
}

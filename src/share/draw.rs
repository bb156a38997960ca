//! Drawing a share image: the words set ([`super::layout`]), the template filled,
//! parsed with the shipped fonts only, checked to stay inside the canvas, drawn with
//! resvg and encoded as PNG; kept in `.vouch-cache/share/` under its hash, so a build
//! with nothing new draws nothing.

use super::kit::Kit;
use super::layout::{self, Area, Block, HEIGHT, LEADING, WIDTH, WORDS};
use super::{Card, Share};
use crate::diagnostics::Diagnostic;
use crate::images::make::{link_or_copy, store};
use resvg::usvg;
use serde::Serialize;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Share images drawn by this process (not taken from the cache): `--timings` prints it.
static DRAWN: AtomicUsize = AtomicUsize::new(0);

/// How many share images this process has drawn so far.
pub fn drawn() -> usize {
    DRAWN.load(Ordering::Relaxed)
}

/// The box of the logo: bottom right, beside who said the words.
const LOGO: Area = Area {
    x: 824.0,
    y: 502.0,
    width: 280.0,
    height: 88.0,
};
/// Where the line of who said the words sits (baseline), and the role's.
const AUTHOR_Y: f32 = 538.0;
const ROLE_Y: f32 = 576.0;
const AUTHOR_SIZE: f32 = 30.0;
const ROLE_SIZE: f32 = 24.0;
/// The gap between the attribution and the logo.
const GAP: f32 = 32.0;

/// One share image to write: made (or taken from the cache) when it is written.
#[derive(Debug, Clone)]
pub struct ShareFile {
    /// What it shows.
    pub share: Arc<Share>,
    /// The template and fonts (and where drawn images are kept).
    pub kit: Arc<Kit>,
}

impl ShareFile {
    /// The PNG's path in the cache, drawn first if it is not there yet.
    pub fn in_cache(&self) -> Result<PathBuf, ShareError> {
        let name = format!("{:032x}.png", self.share.key);
        let path = self.kit.cache_dir.join(&name[..2]).join(name);
        if !path.exists() {
            let png = png(&self.share, &self.kit)?;
            store(&path, &png)?;
        }
        Ok(path)
    }

    /// Writes the PNG into `out`.
    pub fn write_to(&self, out: &mut impl io::Write) -> Result<(), ShareError> {
        io::copy(&mut std::fs::File::open(self.in_cache()?)?, out)?;
        Ok(())
    }

    /// Puts the PNG at `target`: a hard link to the cached copy (a copy where links
    /// cannot be made).
    pub fn link_into(&self, target: &Path) -> Result<(), ShareError> {
        Ok(link_or_copy(&self.in_cache()?, target)?)
    }
}

/// Why a share image could not be made.
#[derive(Debug)]
pub enum ShareError {
    /// The template or a logo: file, problem, hint.
    Drawing(Diagnostic),
    /// The disk.
    Io(io::Error),
}

impl From<io::Error> for ShareError {
    fn from(e: io::Error) -> Self {
        ShareError::Io(e)
    }
}

/// What the template sees.
#[derive(Serialize)]
struct View<'a> {
    width: u32,
    height: u32,
    font: &'a str,
    brand: &'a str,
    kicker: Option<&'a str>,
    quoted: bool,
    /// The words' left edge, size and lines (each with its baseline).
    x: f32,
    size: f32,
    lines: Vec<Line>,
    author: String,
    author_y: f32,
    author_size: f32,
    role: Option<String>,
    role_y: f32,
    role_size: f32,
    /// The logo's box (the drawing fits it, right-aligned), when there is a logo.
    logo: Option<Area>,
}

#[derive(Serialize)]
struct Line {
    text: String,
    y: f32,
}

impl Serialize for Area {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut area = s.serialize_struct("Area", 4)?;
        area.serialize_field("x", &self.x)?;
        area.serialize_field("y", &self.y)?;
        area.serialize_field("width", &self.width)?;
        area.serialize_field("height", &self.height)?;
        area.end()
    }
}

/// The layout of `card`: the words set in their box, centred in its height.
pub fn layout(card: &Card, kit: &Kit, area: Area) -> Block {
    layout::fit(&card.words, area, &|t| kit.regular.width(t))
}

/// `text` in one line of `width` pixels at `size`, shortened at a word boundary.
fn one_line(text: &str, size: f32, width: f32, measure: &super::kit::Metrics) -> String {
    let area = Area {
        x: 0.0,
        y: 0.0,
        width,
        height: size,
    };
    let block = layout::fit_at(text, area, size, &|t| measure.width(t));
    block.lines.into_iter().next().unwrap_or_default()
}

fn view<'a>(card: &'a Card, kit: &'a Kit, area: Area) -> View<'a> {
    let block = layout(card, kit, area);
    let used = block.size + (block.lines.len().saturating_sub(1)) as f32 * block.size * LEADING;
    let top = area.y + ((area.height - used) / 2.0).max(0.0);
    // The first baseline sits about an ascent below the top.
    let first = top + block.size * 0.92;
    let lines = (block.lines.iter().enumerate())
        .map(|(i, text)| Line {
            text: text.clone(),
            y: first + i as f32 * block.size * LEADING,
        })
        .collect();
    let room = match card.logo {
        Some(_) => LOGO.x - GAP - area.x,
        None => area.width,
    };
    View {
        width: WIDTH,
        height: HEIGHT,
        font: &kit.family,
        brand: &card.brand,
        kicker: card.kicker.as_deref(),
        quoted: card.quoted,
        x: area.x,
        size: block.size,
        lines,
        author: one_line(&card.author, AUTHOR_SIZE, room, &kit.bold),
        author_y: AUTHOR_Y,
        author_size: AUTHOR_SIZE,
        role: (card.role.as_deref()).map(|r| one_line(r, ROLE_SIZE, room, &kit.regular)),
        role_y: ROLE_Y,
        role_size: ROLE_SIZE,
        logo: card.logo.as_ref().map(|_| LOGO),
    }
}

/// The filled template of `share`.
pub fn svg(share: &Share, kit: &Kit, area: Area) -> Result<String, ShareError> {
    let context = tera::Context::from_serialize(view(&share.card, kit, area))
        .map_err(|e| template_problem(kit, &e))?;
    kit.tera
        .render("card.svg", &context)
        .map_err(|e| template_problem(kit, &e))
}

fn template_problem(kit: &Kit, e: &tera::Error) -> ShareError {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        message = format!("{message}: {cause}");
        source = cause.source();
    }
    ShareError::Drawing(
        Diagnostic::error(&kit.template_path, format!("template error: {message}")).hint(
            "the share image template is Tera filling an SVG drawing; see docs/share-images.md",
        ),
    )
}

/// The words' drawn bounds (`id="words"` in the template), when the template names them.
pub fn words_bounds(tree: &usvg::Tree) -> Option<usvg::Rect> {
    let node = tree.node_by_id("words")?;
    Some(node.abs_bounding_box())
}

/// The parsed drawing of `share`, its words shrunk until they stay inside `WORDS`
/// (the layout measures without kerning; the parsed text is the truth).
pub fn tree(share: &Share, kit: &Kit) -> Result<usvg::Tree, ShareError> {
    let mut area = WORDS;
    for _ in 0..4 {
        let tree = parse(&svg(share, kit, area)?, share, kit)?;
        let inside = words_bounds(&tree)
            .is_none_or(|b| b.left() >= WORDS.x - 1.0 && b.right() <= WORDS.x + WORDS.width + 1.0);
        if inside {
            return Ok(tree);
        }
        area.width *= 0.94;
    }
    parse(&svg(share, kit, area)?, share, kit)
}

/// The options of every parse: the shipped fonts, and no file or URL loaded but the
/// logo (`href="vouch:logo"`).
fn options<'a>(kit: &Kit, logo: Option<usvg::ImageKind>) -> usvg::Options<'a> {
    let logo = std::sync::Mutex::new(logo);
    usvg::Options {
        fontdb: kit.fonts.clone(),
        font_family: kit.family.clone(),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(move |href, _| match href {
                "vouch:logo" => logo.lock().ok()?.clone(),
                _ => None,
            }),
        },
        ..usvg::Options::default()
    }
}

fn parse(text: &str, share: &Share, kit: &Kit) -> Result<usvg::Tree, ShareError> {
    let logo = match &share.card.logo {
        Some(logo) => Some(logo_image(logo, kit)?),
        None => None,
    };
    usvg::Tree::from_str(text, &options(kit, logo)).map_err(|e| {
        ShareError::Drawing(
            Diagnostic::error(
                &kit.template_path,
                format!("the share image template is no SVG vouch can draw: {e}"),
            )
            .hint("check the template's markup; see docs/share-images.md"),
        )
    })
}

/// The logo, read: an SVG passes the checks of logos on pages first.
fn logo_image(logo: &super::Logo, kit: &Kit) -> Result<usvg::ImageKind, ShareError> {
    let bytes = std::fs::read(&logo.file)?;
    let problem = |message: String, hint: String| {
        ShareError::Drawing(
            Diagnostic::error(format!("content/{}", logo.content_path), message).hint(hint),
        )
    };
    use crate::images::probe::Format;
    let bytes = Arc::new(bytes);
    match logo.format {
        Format::Jpeg => return Ok(usvg::ImageKind::JPEG(bytes)),
        Format::Png => return Ok(usvg::ImageKind::PNG(bytes)),
        Format::Gif => return Ok(usvg::ImageKind::GIF(bytes)),
        Format::WebP => return Ok(usvg::ImageKind::WEBP(bytes)),
        Format::Svg => {}
    }
    let text = String::from_utf8_lossy(&bytes);
    crate::images::svg::check_svg(&text).map_err(|p| problem(p.message, p.hint))?;
    let tree = usvg::Tree::from_str(&text, &options(kit, None)).map_err(|e| {
        problem(
            format!("the SVG logo cannot be drawn on a share image: {e}"),
            "export it again from the drawing program".into(),
        )
    })?;
    Ok(usvg::ImageKind::SVG(tree))
}

/// The PNG of `share`.
pub fn png(share: &Share, kit: &Kit) -> Result<Vec<u8>, ShareError> {
    use resvg::tiny_skia;
    let tree = tree(share, kit)?;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).expect("a 1200x630 canvas");
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let scale = tiny_skia::Transform::from_scale(
        WIDTH as f32 / size.width(),
        HEIGHT as f32 / size.height(),
    );
    resvg::render(&tree, scale, &mut pixmap.as_mut());
    DRAWN.fetch_add(1, Ordering::Relaxed);
    encode(&pixmap)
}

/// An opaque canvas as 8-bit RGB PNG (a third smaller than RGBA). Deflate level 3 with
/// the Sub filter: measured on 900 cards (docs/decisions.md), 14.7 ms a card on one
/// core and 71 KiB at most, where the best compression took 33 ms for files no smaller.
fn encode(pixmap: &resvg::tiny_skia::Pixmap) -> Result<Vec<u8>, ShareError> {
    use image::ImageEncoder;
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Level(3),
        image::codecs::png::FilterType::Sub,
    )
    .write_image(&rgb, WIDTH, HEIGHT, image::ExtendedColorType::Rgb8)
    .map_err(|e| ShareError::Io(io::Error::other(e)))?;
    Ok(out)
}

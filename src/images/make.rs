//! Making the files of a picture: decode once, resize each width (fast_image_resize),
//! encode (libwebp for WebP, `image` for the JPEG and PNG fallbacks, resvg to draw an
//! SVG for link previews), and keep every result in the cache, named by the hash of
//! the picture's bytes and the settings. A rebuild finds them there and decodes nothing.

use super::budget::{Permit, DECODING};
use super::probe::{self, Format};
use super::{Encoding, Made, Source, Spec};
use crate::diagnostics::Diagnostic;
use fast_image_resize as fr;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

impl Made {
    /// Writes the file into `out`: from the cache, or made now (and cached). A picture
    /// that cannot be decoded is a problem naming the file.
    pub fn write_to(&self, out: &mut impl Write) -> Result<(), MakeError> {
        io::copy(&mut std::fs::File::open(self.in_cache()?)?, out)?;
        Ok(())
    }

    /// Puts the made file at `target` as a hard link to its cached copy: a build with
    /// nothing new to make then neither copies the bytes nor allocates a file (creating
    /// files is most of what writing a site costs). Falls back to a copy where a link
    /// cannot be made (the cache on another disk, a file system without links).
    pub fn link_into(&self, target: &std::path::Path) -> Result<(), MakeError> {
        Ok(link_or_copy(&self.in_cache()?, target)?)
    }

    /// The file's path in the cache, made first if it is not there yet.
    fn in_cache(&self) -> Result<PathBuf, MakeError> {
        let cached = self.cached_path()?;
        if !cached.exists() {
            make_all(self)?;
        }
        Ok(cached)
    }

    /// Whether the file is in the cache already (for tests and timings).
    pub fn is_cached(&self) -> bool {
        self.cached_path().is_ok_and(|p| p.exists())
    }

    fn cached_path(&self) -> Result<PathBuf, MakeError> {
        cached_path(&self.source, &self.spec, self.quality, &self.cache_dir)
    }
}

/// Why a file could not be made.
#[derive(Debug)]
pub enum MakeError {
    /// The picture: file, problem and hint.
    Picture(Diagnostic),
    /// The disk.
    Io(io::Error),
}

impl From<io::Error> for MakeError {
    fn from(e: io::Error) -> Self {
        MakeError::Io(e)
    }
}

/// The cache file of one spec: the picture's hash, then what was made of it. Any change
/// to the picture or the settings names another file.
fn cached_path(
    source: &Source,
    spec: &Spec,
    quality: u8,
    dir: &Path,
) -> Result<PathBuf, MakeError> {
    let hash = source
        .bytes_hash()
        .map_err(|e| MakeError::Io(io::Error::other(e)))?;
    let name = format!(
        "{hash:032x}-{}x{}-q{quality}-v1.{}",
        spec.width,
        spec.height,
        extension(spec.encoding)
    );
    Ok(dir.join(&name[..2]).join(name))
}

fn extension(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::WebP => "webp",
        Encoding::Jpeg => "jpg",
        Encoding::Png => "png",
    }
}

fn problem(source: &Source, message: String, hint: &str) -> MakeError {
    MakeError::Picture(
        Diagnostic::error(format!("content/{}", source.content_path), message).hint(hint),
    )
}

/// Makes every missing file of `made`'s picture, decoding it once. One thread at a
/// time per picture: the others wait and then find the files made.
fn make_all(made: &Made) -> Result<(), MakeError> {
    let source = &made.source;
    let _making = source.making.lock().unwrap_or_else(|e| e.into_inner());
    let missing: Vec<(Spec, PathBuf)> = source
        .specs
        .iter()
        .map(|s| Ok((*s, cached_path(source, s, made.quality, &made.cache_dir)?)))
        .collect::<Result<Vec<_>, MakeError>>()?
        .into_iter()
        .filter(|(_, path)| !path.exists())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if source.info.format == Format::Svg {
        let tree = svg_tree(source)?;
        // Each drawing is an RGBA pixmap, then its PNG.
        let largest = missing
            .iter()
            .map(|(s, _)| u64::from(s.width) * u64::from(s.height));
        let _pixels = DECODING.take(largest.max().unwrap_or(0).saturating_mul(8));
        for (spec, path) in missing {
            store(&path, &draw_svg(&tree, &spec, source)?)?;
        }
        return Ok(());
    }
    // The decoded pixels count against the build's budget until every width is made.
    let (mut picture, _pixels) = decode(source, made.max_megapixels)?;
    // Widest first, each made from the one before: resizing 4000 px to 480 px reads
    // every pixel of the original for every width otherwise.
    let mut missing = missing;
    missing.sort_by_key(|(spec, _)| std::cmp::Reverse(spec.width));
    for (spec, path) in missing {
        let pixels = resize(&picture, &spec);
        let bytes = encode(&pixels, &spec, made.quality).map_err(|e| {
            problem(
                source,
                format!("the picture could not be encoded: {e}"),
                "export it again as JPEG or PNG",
            )
        })?;
        store(&path, &bytes)?;
        picture = pixels;
    }
    Ok(())
}

/// Puts a cached file at `target`: a hard link, or a copy where a link cannot be made
/// (the cache on another disk, a file system without links). Shared with share images.
pub(crate) fn link_or_copy(cached: &Path, target: &Path) -> io::Result<()> {
    if std::fs::hard_link(cached, target).is_err() {
        std::fs::copy(cached, target)?;
    }
    Ok(())
}

/// Writes a cache file whole or not at all: into a temporary name, then renamed. Shared
/// with share images, which keep their PNGs in the same way.
pub(crate) fn store(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".tmp-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// A decoded picture, upright, as 8-bit RGB or RGBA, with the bytes it holds taken from
/// the build's decoding budget (waiting for them if other pictures hold too many).
fn decode(
    source: &Source,
    max_megapixels: u32,
) -> Result<(DynamicImage, Permit<'static>), MakeError> {
    let damaged = |_| {
        problem(
            source,
            "the picture cannot be read: the file is damaged or cut short".into(),
            "open it in an image editor and export it again (as JPEG for photos, PNG or SVG for logos)",
        )
    };
    let mut reader = ImageReader::open(&source.file)?.with_guessed_format()?;
    reader.limits(probe::limits(max_megapixels));
    let mut decoder = reader.into_decoder().map_err(damaged)?;
    let (width, height) = decoder.dimensions();
    // The decoder's buffer (16-bit, maybe), then the 8-bit copy made of it.
    let bytes = decoder
        .total_bytes()
        .saturating_add(u64::from(width) * u64::from(height) * 4);
    let permit = DECODING.take(bytes);
    let orientation = decoder.orientation().map_err(damaged)?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(damaged)?;
    picture.apply_orientation(orientation);
    // 16-bit, grey and CMYK-converted pictures all become 8-bit RGB(A): what WebP,
    // JPEG and browsers take.
    let picture = match picture.color().has_alpha() {
        true => DynamicImage::ImageRgba8(picture.into_rgba8()),
        false => DynamicImage::ImageRgb8(picture.into_rgb8()),
    };
    Ok((picture, permit))
}

/// The picture at `spec`'s size (Lanczos3; alpha premultiplied while resizing, so
/// transparent edges do not darken).
fn resize(picture: &DynamicImage, spec: &Spec) -> DynamicImage {
    if picture.width() == spec.width && picture.height() == spec.height {
        return picture.clone();
    }
    let pixel = match picture {
        DynamicImage::ImageRgba8(_) => fr::PixelType::U8x4,
        _ => fr::PixelType::U8x3,
    };
    let mut dst = fr::images::Image::new(spec.width, spec.height, pixel);
    fr::Resizer::new()
        .resize(picture, &mut dst, None)
        .expect("source and destination have the same pixel type");
    let buffer = dst.into_vec();
    match pixel {
        fr::PixelType::U8x4 => DynamicImage::ImageRgba8(
            image::RgbaImage::from_raw(spec.width, spec.height, buffer).expect("sized buffer"),
        ),
        _ => DynamicImage::ImageRgb8(
            image::RgbImage::from_raw(spec.width, spec.height, buffer).expect("sized buffer"),
        ),
    }
}

/// Encodes resized pixels.
fn encode(picture: &DynamicImage, spec: &Spec, quality: u8) -> Result<Vec<u8>, String> {
    let (w, h) = (picture.width(), picture.height());
    let mut out = Vec::new();
    match spec.encoding {
        Encoding::WebP => {
            let encoder = match picture {
                DynamicImage::ImageRgba8(p) => webp::Encoder::from_rgba(p.as_raw(), w, h),
                DynamicImage::ImageRgb8(p) => webp::Encoder::from_rgb(p.as_raw(), w, h),
                _ => return Err("unexpected pixel layout".into()),
            };
            // `encode` panics where libwebp refuses (a side over 16383 pixels): the
            // error is a problem with the picture instead.
            let encoded = encoder
                .encode_simple(false, f32::from(quality))
                .map_err(|e| format!("{e:?}"))?;
            out.extend_from_slice(&encoded);
        }
        Encoding::Jpeg => {
            let rgb = picture.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
                .write_image(rgb.as_raw(), w, h, image::ExtendedColorType::Rgb8)
                .map_err(|e| e.to_string())?;
        }
        Encoding::Png => {
            let encoder = image::codecs::png::PngEncoder::new(&mut out);
            picture
                .write_with_encoder(encoder)
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(out)
}

/// The fonts an SVG's text is drawn with: the system's, loaded once, when the first
/// drawing is made.
fn fonts() -> Arc<resvg::usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = resvg::usvg::fontdb::Database::new();
            db.load_system_fonts();
            Arc::new(db)
        })
        .clone()
}

fn svg_tree(source: &Source) -> Result<resvg::usvg::Tree, MakeError> {
    let text = std::fs::read_to_string(&source.file)?;
    let options = resvg::usvg::Options {
        fontdb: fonts(),
        ..Default::default()
    };
    resvg::usvg::Tree::from_str(&text, &options).map_err(|e| {
        problem(
            source,
            format!("the SVG cannot be drawn: {e}"),
            "export it again from the drawing program",
        )
    })
}

/// Draws an SVG at `spec`'s size on a white background (link previews show no
/// transparency well), as PNG.
fn draw_svg(tree: &resvg::usvg::Tree, spec: &Spec, source: &Source) -> Result<Vec<u8>, MakeError> {
    use resvg::tiny_skia;
    let mut pixmap = tiny_skia::Pixmap::new(spec.width, spec.height)
        .ok_or_else(|| problem(source, "the SVG has no size".into(), "give it a viewBox"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let scale = tiny_skia::Transform::from_scale(
        spec.width as f32 / size.width(),
        spec.height as f32 / size.height(),
    );
    resvg::render(tree, scale, &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| {
        problem(
            source,
            format!("the drawing could not be saved: {e}"),
            "export it again as SVG",
        )
    })
}

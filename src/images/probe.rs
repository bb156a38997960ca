//! What a picture is, read from its first bytes only: format, size, whether it moves,
//! and for an SVG whether it is safe to publish. `vouch check` stops here, so it finds
//! every bad picture without decoding or encoding one.

use image::metadata::Orientation;
use image::{ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::{BufReader, Read};
use std::path::Path;

/// The formats vouch resizes, by how they are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// JPEG: photos. Resized copies stay JPEG as the fallback.
    Jpeg,
    /// PNG: logos, screenshots. Resized copies stay PNG (they may be transparent).
    Png,
    /// A still GIF (an animated one is published as it is).
    Gif,
    /// WebP.
    WebP,
    /// SVG: drawn at any size by the browser, so never resized; rasterized only for link
    /// previews.
    Svg,
}

/// A picture's facts, from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Info {
    /// How it is stored (read from its bytes, not its name).
    pub format: Format,
    /// Width in pixels (an SVG's own size in CSS pixels).
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// An animated GIF, PNG or WebP: published as it is, since resizing would keep only
    /// its first frame.
    pub animated: bool,
}

pub use super::problem::Problem;

/// The extensions vouch treats as pictures to resize (other files are copied as they are).
pub const EXTENSIONS: [&str; 6] = ["jpg", "jpeg", "png", "gif", "webp", "svg"];

/// Whether a content file is a picture vouch resizes, by its name.
pub fn is_picture(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

pub use super::problem::MAX_SVG_BYTES;

/// How much of a file is read to tell an SVG drawing by its start.
const SVG_HEAD_BYTES: u64 = 16 * 1024;

/// Reads a picture's header (and an SVG's text): its facts, and a note when its name
/// says another format than its bytes (it still works).
pub fn probe(path: &Path, max_megapixels: u32) -> Result<(Info, Option<Problem>), Problem> {
    let named_svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    // Enough for the longest header a drawing program writes before `<svg` (Illustrator's
    // DOCTYPE with its entities is about 1 KB).
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(SVG_HEAD_BYTES).read_to_end(&mut head))
        .map_err(|e| {
            Problem::new(
                format!("cannot read the picture: {e}"),
                "check that the file exists and is readable",
            )
        })?;
    // A file named .svg that starts as XML is read whole: its `<svg` may come after a
    // longer header than the part read here.
    let looks_svg = looks_like_svg(&head) || named_svg && starts_as_xml(&head);
    if named_svg || looks_svg {
        if !looks_svg {
            return Err(Problem::new(
                "the file is named .svg but is not an SVG drawing",
                "export the logo again as SVG, or give the file the extension of its real format (.png, .jpg)",
            ));
        }
        if !named_svg {
            // Served under a raster name, browsers would refuse to draw it.
            return Err(Problem::new(
                "the file's name does not match its contents, which are an SVG drawing",
                "rename it to end in .svg, and update the pages that name it",
            ));
        }
        return Ok((probe_svg(path)?, None));
    }
    probe_raster(path, max_megapixels)
}

fn wrong_name(format: &str, ext: &str) -> Problem {
    Problem::new(
        format!("the file's name does not match its contents, which are {format}"),
        format!("rename it to end in .{ext} (and update the pages that name it); it is published as {format} meanwhile"),
    )
}

fn starts_as_xml(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with("<?xml") || text.starts_with("<!")
}

fn looks_like_svg(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with("<svg")
        || (text.starts_with("<?xml") || text.starts_with("<!")) && text.contains("<svg")
}

/// The limits every decoder runs under: a file claiming more pixels than the settings
/// allow is refused before any memory is taken for it.
pub fn limits(max_megapixels: u32) -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(65_535);
    limits.max_image_height = Some(65_535);
    // RGBA at 8 bits, and as much again for the decoder's own buffers.
    limits.max_alloc = Some(u64::from(max_megapixels) * 1_000_000 * 8);
    limits
}

fn unreadable(format: &str) -> Problem {
    Problem::new(
        format!("the picture cannot be read: the {format} file is damaged or cut short"),
        "open it in an image editor and export it again (as JPEG for photos, PNG or SVG for logos)",
    )
}

fn probe_raster(path: &Path, max_megapixels: u32) -> Result<(Info, Option<Problem>), Problem> {
    let open = || {
        ImageReader::open(path)
            .and_then(|r| r.with_guessed_format())
            .map_err(|e| {
                Problem::new(
                    format!("cannot read the picture: {e}"),
                    "check that the file exists and is readable",
                )
            })
    };
    let reader = open()?;
    let by_name = ImageFormat::from_path(path).ok();
    let (format, name) = match reader.format() {
        Some(ImageFormat::Jpeg) => (Format::Jpeg, "JPEG"),
        Some(ImageFormat::Png) => (Format::Png, "PNG"),
        Some(ImageFormat::Gif) => (Format::Gif, "GIF"),
        Some(ImageFormat::WebP) => (Format::WebP, "WebP"),
        _ => {
            return Err(Problem::new(
                "the file is not a picture vouch can read (JPEG, PNG, GIF, WebP or SVG)",
                "export it again as JPEG (photos) or PNG or SVG (logos)",
            ))
        }
    };
    let guessed = reader.format();
    let (width, height) = {
        let mut reader = open()?;
        reader.limits(limits(max_megapixels));
        let mut decoder = reader.into_decoder().map_err(|e| match e {
            image::ImageError::Limits(_) => too_big(None, max_megapixels),
            _ => unreadable(name),
        })?;
        let (width, height) = decoder.dimensions();
        // A phone photo held upright is stored sideways with an EXIF orientation; it is
        // made upright, so its sizes are the turned ones.
        match decoder.orientation().map_err(|_| unreadable(name))? {
            Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH => (height, width),
            _ => (width, height),
        }
    };
    if u64::from(width) * u64::from(height) > u64::from(max_megapixels) * 1_000_000 {
        return Err(too_big(Some((width, height)), max_megapixels));
    }
    if width == 0 || height == 0 {
        return Err(unreadable(name));
    }
    let animated = match format {
        Format::Gif => gif_frames(path, max_megapixels)? > 1,
        Format::Png => {
            let file = BufReader::new(std::fs::File::open(path).map_err(|_| unreadable(name))?);
            image::codecs::png::PngDecoder::new(file)
                .and_then(|d| d.is_apng())
                .map_err(|_| unreadable(name))?
        }
        Format::WebP => {
            let file = BufReader::new(std::fs::File::open(path).map_err(|_| unreadable(name))?);
            image::codecs::webp::WebPDecoder::new(file)
                .map_err(|_| unreadable(name))?
                .has_animation()
        }
        _ => false,
    };
    let note = (by_name != guessed).then(|| {
        let ext = guessed
            .and_then(|f| f.extensions_str().first())
            .copied()
            .unwrap_or("png");
        wrong_name(name, ext)
    });
    let info = Info {
        format,
        width,
        height,
        animated,
    };
    Ok((info, note))
}

fn too_big(size: Option<(u32, u32)>, max_megapixels: u32) -> Problem {
    let size = size.map_or(String::new(), |(w, h)| format!(" ({w} x {h} pixels)"));
    Problem::new(
        format!("the picture is too large{size}: more than {max_megapixels} megapixels"),
        "resize it to at most 4000 pixels wide before adding it (no page shows more), or raise images.max_megapixels in vouch.yml",
    )
}

/// How many frames a GIF has, counting to two: decoding stops there.
fn gif_frames(path: &Path, max_megapixels: u32) -> Result<usize, Problem> {
    use image::AnimationDecoder;
    let file = BufReader::new(std::fs::File::open(path).map_err(|_| unreadable("GIF"))?);
    let mut decoder = image::codecs::gif::GifDecoder::new(file).map_err(|_| unreadable("GIF"))?;
    decoder
        .set_limits(limits(max_megapixels))
        .map_err(|_| too_big(None, max_megapixels))?;
    let mut frames = 0;
    for frame in decoder.into_frames().take(2) {
        frame.map_err(|_| unreadable("GIF"))?;
        frames += 1;
    }
    Ok(frames)
}

fn probe_svg(path: &Path) -> Result<Info, Problem> {
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if len > MAX_SVG_BYTES {
        return Err(Problem::new(
            format!("the SVG is {} MB: too heavy for a drawing", len / 1_000_000),
            "it probably holds a photo: export that as JPEG instead, or simplify the drawing",
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|_| {
        Problem::new(
            "the SVG cannot be read as text",
            "export it again as SVG (UTF-8)",
        )
    })?;
    super::svg::check_svg(&text)?;
    let tree =
        resvg::usvg::Tree::from_str(&text, &resvg::usvg::Options::default()).map_err(|e| {
            Problem::new(
                format!("the SVG cannot be drawn: {e}"),
                "export it again from the drawing program",
            )
        })?;
    let size = tree.size();
    Ok(Info {
        format: Format::Svg,
        width: (size.width().round() as u32).max(1),
        height: (size.height().round() as u32).max(1),
        animated: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_is_recognised_by_its_start() {
        assert!(looks_like_svg(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"\">"));
        assert!(looks_like_svg(b"  <svg>"));
        assert!(!looks_like_svg(b"\x89PNG\r\n"));
    }

    #[test]
    fn picture_names() {
        assert!(is_picture("a/b/Team.JPG"));
        assert!(is_picture("logo.svg"));
        assert!(!is_picture("brochure.pdf"));
    }
}

//! Pictures: resized into WebP widths with a fallback, sized in the HTML, link previews
//! as rasters, cached between builds, and every bad picture reported at once.

mod common;
use common::SiteTest;
use image::{GenericImageView, ImageEncoder};

/// A photo-like JPEG (a gradient) of the given size.
fn jpeg(width: u32, height: u32) -> Vec<u8> {
    common::encode_jpeg(&image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
    }))
}

/// A PNG of the given size and colour type.
fn png(width: u32, height: u32, color: image::ExtendedColorType) -> Vec<u8> {
    let bytes = vec![90u8; (width * height) as usize * color.bits_per_pixel() as usize / 8];
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&bytes, width, height, color)
        .unwrap();
    out
}

/// A 1 x 1 PNG whose header claims `width` x `height` pixels (a decompression bomb),
/// with a correct checksum so only its size gives it away.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = png(1, 1, image::ExtendedColorType::Rgb8);
    // Signature (8), length (4), "IHDR" (4), then width and height.
    bytes[16..20].copy_from_slice(&width.to_be_bytes());
    bytes[20..24].copy_from_slice(&height.to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    bytes
}

/// A GIF of two frames.
fn animated_gif() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = image::codecs::gif::GifEncoder::new(&mut out);
        for shade in [0u8, 255] {
            let frame = image::RgbaImage::from_pixel(8, 8, image::Rgba([shade, 0, 0, 255]));
            encoder.encode_frame(image::Frame::new(frame)).unwrap();
        }
    }
    out
}

fn dimensions(path: &std::path::Path) -> (u32, u32) {
    image::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .dimensions()
}

fn photo_site() -> SiteTest {
    SiteTest::with_basics()
        .file(
            "vouch.yml",
            &format!("{}brand:\n  logo: /images/brand.svg\n", common::CONFIG),
        )
        .file(
            "content/images/brand.svg",
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#1f4fd1"/></svg>"##,
        )
        .bytes("content/images/team.jpg", &jpeg(2000, 1000))
        .file(
            "content/case-studies/team.md",
            "---\ntitle: The team\ndate: 2026-01-10\ncustomer: acme\nsummary: S.\nimage: /images/team.jpg\napproval: { by: \"Dana, CTO, Acme\", on: 2026-01-01 }\n---\nText.\n\n![The whole team](/images/team.jpg)\n",
        )
}

#[test]
fn a_photo_is_published_in_webp_widths_with_a_sized_fallback() {
    let site = photo_site();
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr());
    let public = site.root().join("public/images");
    for (width, height) in [(480, 240), (800, 400), (1200, 600), (1600, 800)] {
        let webp = public.join(format!("team.{width}w.webp"));
        assert_eq!(dimensions(&webp), (width, height), "{}", webp.display());
        assert_eq!(&std::fs::read(&webp).unwrap()[8..12], b"WEBP");
    }
    assert_eq!(dimensions(&public.join("team.1600w.jpg")), (1600, 800));
    assert!(
        !public.join("team.2000w.webp").exists(),
        "no width above the largest used"
    );
    let page = run.page("case-studies/team/index.html");
    // The case study's own image, above the fold: not lazy.
    assert!(page.contains(r#"<figure class="story-image"><picture><source type="image/webp" srcset="/images/team.480w.webp 480w, /images/team.800w.webp 800w, /images/team.1200w.webp 1200w, /images/team.1600w.webp 1600w" sizes="(max-width: 704px) 100vw, 704px"><img src="/images/team.1600w.jpg" alt="" width="1600" height="800"></picture></figure>"#), "{page}");
    // The same picture in the text: sized and lazy, alt text kept.
    assert!(page.contains(r#"<img src="/images/team.1600w.jpg" alt="The whole team" width="1600" height="800" loading="lazy" decoding="async"></picture>"#), "{page}");
    // Link previews get one raster, 1200 px wide.
    assert!(
        page.contains(
            r#"<meta property="og:image" content="https://example.com/images/team.1200w.jpg">"#
        ),
        "{page}"
    );
    assert_eq!(dimensions(&public.join("team.1200w.jpg")), (1200, 600));
}

#[test]
fn an_svg_logo_is_rasterized_for_link_previews_only() {
    let site = photo_site();
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr());
    let home = run.page("index.html");
    assert!(
        home.contains(
            r#"<meta property="og:image" content="https://example.com/images/brand.1200w.png">"#
        ),
        "{home}"
    );
    assert_eq!(
        dimensions(&site.root().join("public/images/brand.1200w.png")),
        (1200, 1200)
    );
    // The header shows the drawing itself, sized.
    assert!(
        home.contains(r#"<img src="/images/brand.svg" alt="" width="64" height="64">"#),
        "{home}"
    );
}

#[test]
fn pictures_are_taken_from_the_cache_on_the_next_build() {
    let site = photo_site();
    assert!(site.build().ok());
    let cache = site.root().join(".vouch-cache/images");
    let cached: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&cache)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file() && e.path().to_string_lossy().ends_with("-480x240-q80-v1.webp")
        })
        .map(|e| e.into_path())
        .collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
    // A rebuild copies the cached file: the marker written into the cache comes out.
    std::fs::write(&cached[0], b"cached").unwrap();
    assert!(site.build().ok());
    assert_eq!(
        std::fs::read(site.root().join("public/images/team.480w.webp")).unwrap(),
        b"cached"
    );
    // ... as a hard link, not a copy: no bytes copied, no new file made.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let published = std::fs::metadata(site.root().join("public/images/team.480w.webp"));
        assert_eq!(
            published.unwrap().ino(),
            std::fs::metadata(&cached[0]).unwrap().ino()
        );
    }
    // Another quality is another file.
    let site = site.file(
        "vouch.yml",
        &format!(
            "{}brand:\n  logo: /images/brand.svg\nimages:\n  quality: 70\n",
            common::CONFIG
        ),
    );
    assert!(site.build().ok());
    assert_ne!(
        std::fs::read(site.root().join("public/images/team.480w.webp")).unwrap(),
        b"cached"
    );
}

#[test]
fn check_reads_headers_and_encodes_nothing() {
    let site = photo_site().bytes("content/images/bomb.png", &png_claiming(50_000, 50_000));
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("content/images/bomb.png"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("too large (50000 x 50000 pixels)"),
        "{}",
        run.stderr()
    );
    std::fs::remove_file(site.root().join("content/images/bomb.png")).unwrap();
    let run = site.run(&["check"]);
    assert!(run.ok(), "{}", run.stderr());
    assert!(
        !site.root().join(".vouch-cache").exists(),
        "check made pictures"
    );
    assert!(!site.root().join("public").exists());
}

#[test]
fn every_bad_picture_is_reported_at_once_and_nothing_is_written() {
    let site = SiteTest::with_basics()
        .bytes("content/images/broken.jpg", b"\xFF\xD8\xFF\xE0 this is not really a JPEG")
        .bytes("content/images/bomb.png", &png_claiming(50_000, 50_000))
        .file(
            "content/images/evil.svg",
            r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><rect width="1" height="1"/></svg>"#,
        )
        .file(
            "content/images/tracker.svg",
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://tracker.example/p.png" width="1" height="1"/></svg>"#,
        )
        .file("content/images/notes.png", "just some text");
    let run = site.build();
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    for (file, problem, hint) in [
        (
            "content/images/broken.jpg",
            "cannot be read",
            "export it again",
        ),
        (
            "content/images/bomb.png",
            "too large (50000 x 50000 pixels)",
            "max_megapixels",
        ),
        (
            "content/images/evil.svg",
            "an event handler, onload=",
            "Plain SVG",
        ),
        (
            "content/images/tracker.svg",
            "https://tracker.example/p.png",
            "Plain SVG",
        ),
        (
            "content/images/notes.png",
            "cannot be read",
            "export it again",
        ),
    ] {
        let at = stderr
            .find(file)
            .unwrap_or_else(|| panic!("{file} not named:\n{stderr}"));
        let rest = &stderr[at..];
        assert!(
            rest.contains(problem) && rest.contains(hint),
            "{file}: {problem} / {hint}\n{stderr}"
        );
    }
    assert!(!site.root().join("public").exists(), "nothing is written");
}

#[test]
fn unusual_but_valid_pictures_work() {
    let cmyk = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/cmyk.jpg"
    ))
    .unwrap();
    let site = SiteTest::with_basics()
        .bytes("content/images/deep.png", &png(300, 200, image::ExtendedColorType::Rgba16))
        .bytes("content/images/cmyk.jpg", &cmyk)
        .bytes("content/images/moving.gif", &animated_gif())
        .bytes("content/images/named-wrong.jpg", &png(300, 200, image::ExtendedColorType::Rgb8))
        .file(
            "content/about.md",
            "---\ntitle: About\n---\n![deep](/images/deep.png) ![cmyk](/images/cmyk.jpg) ![moving](/images/moving.gif) ![wrong](/images/named-wrong.jpg)\n",
        );
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr());
    let public = site.root().join("public/images");
    assert_eq!(dimensions(&public.join("deep.300w.webp")), (300, 200));
    assert_eq!(dimensions(&public.join("deep.300w.png")), (300, 200));
    assert!(public.join("cmyk.24w.webp").exists());
    // An animated GIF is published as it is (resizing would stop it), sized.
    assert!(!public.join("moving.8w.webp").exists());
    let about = run.page("about/index.html");
    assert!(
        about.contains(
            r#"<img src="/images/moving.gif" alt="moving" width="8" height="8" loading="lazy""#
        ),
        "{about}"
    );
    // A PNG named .jpg works, with a warning to rename it.
    assert!(public.join("named-wrong.300w.webp").exists());
    assert!(
        run.stderr().contains("content/images/named-wrong.jpg"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("rename it to end in .png"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_raster_logo_is_made_at_the_widths_each_page_shows_it() {
    // 2000 x 500: the theme shows it 32 px high on cards (128 px wide) and 48 px high at
    // the top of the customer's page (192 px wide); a 2x screen wants twice each.
    let site = SiteTest::with_basics()
        .file(
            "content/customers/acme.md",
            "---\nname: Acme Corp\nlogo: /images/acme.png\n---\nAcme makes anvils.\n",
        )
        .bytes(
            "content/images/acme.png",
            &png(2000, 500, image::ExtendedColorType::Rgba8),
        );
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr());
    let srcset = r#"srcset="/images/acme.128w.webp 128w, /images/acme.192w.webp 192w, /images/acme.256w.webp 256w, /images/acme.384w.webp 384w""#;
    let customer = run.page("customers/acme/index.html");
    assert!(
        customer.contains(&format!(r#"{srcset} sizes="192px""#)),
        "{customer}"
    );
    let listing = run.page("customers/index.html");
    assert!(
        listing.contains(&format!(r#"{srcset} sizes="128px""#)),
        "{listing}"
    );
    let story = run.page("case-studies/acme-ships/index.html");
    assert!(story.contains(r#"sizes="192px""#), "{story}");
    for width in [128, 192, 256, 384] {
        assert_eq!(
            dimensions(
                &site
                    .root()
                    .join(format!("public/images/acme.{width}w.webp"))
            ),
            (width, width / 4)
        );
    }
}

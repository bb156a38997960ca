//! Pictures under hostile input (issue 39): every bad picture is a problem naming the
//! file, never a panic or a hang; sizes are read upright; every address a picture or
//! bundle file gets is percent-encoded; SVG drawings that could script or load files
//! are refused by every route, and a real Illustrator export is accepted.

mod common;
use common::SiteTest;
use image::{GenericImageView, ImageEncoder};

/// A grey PNG of the given size.
fn png(width: u32, height: u32) -> Vec<u8> {
    let bytes = vec![90u8; width as usize * height as usize * 3];
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&bytes, width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// A JPEG stored `width` x `height`, with an EXIF segment saying Orientation=6 (turn 90°
/// clockwise to show it): what a phone writes for a photo taken upright.
fn jpeg_turned(width: u32, height: u32) -> Vec<u8> {
    let mut jpeg = common::encode_jpeg(&image::RgbImage::from_fn(width, height, |x, _| {
        image::Rgb([(x * 255 / width) as u8, 100, 50])
    }));
    // TIFF header (big-endian, first IFD at 8), one entry: 0x0112 Orientation, SHORT,
    // count 1, value 6; no next IFD.
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08\x00\x01".to_vec();
    tiff.extend_from_slice(b"\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00");
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    let mut app1 = b"\xFF\xE1".to_vec();
    app1.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\x00\x00");
    app1.extend_from_slice(&tiff);
    // Right after the start-of-image marker.
    jpeg.splice(2..2, app1);
    jpeg
}

fn dimensions(path: &std::path::Path) -> (u32, u32) {
    image::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .dimensions()
}

/// The error line vouch prints for a file with no line number.
fn error(path: &str, message: &str) -> String {
    format!("{path}: error: {message}\n")
}

fn case_study_with_image(image: &str) -> String {
    format!("---\ntitle: The team\ndate: 2026-01-10\ncustomer: acme\nsummary: S.\nimage: \"{image}\"\napproval: {{ by: \"Dana, CTO, Acme\", on: 2026-01-01 }}\n---\nText.\n")
}

#[test]
fn a_picture_thinner_than_one_to_fifty_is_a_problem_not_a_crash() {
    let site = SiteTest::with_basics()
        .bytes("content/images/strip.png", &png(1, 60_000))
        .bytes("content/logos/band.png", &png(60_000, 1))
        .file(
            "content/customers/acme.md",
            "---\nname: Acme Corp\nlogo: /logos/band.png\n---\nAcme makes anvils.\n",
        )
        .file(
            "content/case-studies/team.md",
            &case_study_with_image("/images/strip.png"),
        );
    let run = site.build();
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(stderr.contains(&error(
        "content/images/strip.png",
        "the picture is 1 x 60000 pixels, one side more than 50 times the other: too thin to show as a picture on a page (image: or in the text) or a link preview; shown by content/case-studies/team.md (image:, line 6)"
    )), "{stderr}");
    assert!(stderr.contains(&error(
        "content/logos/band.png",
        "the picture is 60000 x 1 pixels, one side more than 50 times the other: too thin to show as a customer's logo (logo:) or a link preview; shown by content/customers/acme.md (logo:, line 3)"
    )), "{stderr}");
    assert!(
        stderr.contains("crop it to at most 50 times as long as it is wide, or link to it as a file (a PDF) instead of showing it"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!site.root().join("public").exists(), "nothing is written");
}

#[test]
fn a_phone_photo_taken_upright_keeps_its_upright_sizes() {
    // Stored 2000 x 1000, shown 1000 x 2000.
    let site = SiteTest::with_basics()
        .bytes("content/images/phone.jpg", &jpeg_turned(2000, 1000))
        .file(
            "content/case-studies/team.md",
            &case_study_with_image("/images/phone.jpg"),
        );
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr());
    let public = site.root().join("public/images");
    for (width, height) in [(480, 960), (800, 1600), (1000, 2000)] {
        let webp = public.join(format!("phone.{width}w.webp"));
        assert_eq!(dimensions(&webp), (width, height), "{}", webp.display());
    }
    assert_eq!(dimensions(&public.join("phone.1000w.jpg")), (1000, 2000));
    let page = run.page("case-studies/team/index.html");
    assert!(page.contains(r#"<picture><source type="image/webp" srcset="/images/phone.480w.webp 480w, /images/phone.800w.webp 800w, /images/phone.1000w.webp 1000w" sizes="(max-width: 704px) 100vw, 704px"><img src="/images/phone.1000w.jpg" alt="" width="1000" height="2000"></picture>"#), "{page}");
}

#[test]
fn file_names_with_spaces_and_url_characters_make_working_addresses() {
    let site = SiteTest::with_basics()
        .bytes("content/images/a b#?.png", &png(900, 600))
        .file(
            "content/case-studies/team.md",
            &case_study_with_image("/images/a b#?.png"),
        )
        // A bundle: its picture's addresses follow the page, encoded the same way.
        .bytes("content/case-studies/crew/crew 100%.png", &png(500, 500))
        .file(
            "content/case-studies/crew/index.md",
            &case_study_with_image("crew 100%.png"),
        );
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr());
    let page = run.page("case-studies/team/index.html");
    assert!(page.contains(r#"<picture><source type="image/webp" srcset="/images/a%20b%23%3F.480w.webp 480w, /images/a%20b%23%3F.800w.webp 800w, /images/a%20b%23%3F.900w.webp 900w" sizes="(max-width: 704px) 100vw, 704px"><img src="/images/a%20b%23%3F.900w.png" alt="" width="900" height="600"></picture>"#), "{page}");
    assert!(
        page.contains(r#"<meta property="og:image" content="https://example.com/images/a%20b%23%3F.900w.png">"#),
        "{page}"
    );
    // The files are on disk under their own names, which the addresses decode to.
    for name in ["a b#?.png", "a b#?.480w.webp", "a b#?.900w.png"] {
        assert!(run.exists(&format!("images/{name}")), "{name}");
    }
    let crew = run.page("case-studies/crew/index.html");
    assert!(crew.contains(r#"<img src="/case-studies/crew/crew%20100%25.500w.png" alt="" width="500" height="500">"#), "{crew}");
    assert!(run.exists("case-studies/crew/crew 100%.500w.webp"));
}

/// An SVG of `count` empty groups on one line.
fn many_groups(count: usize) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">{}</svg>",
        "<g/>".repeat(count)
    )
}

#[test]
fn an_svg_of_a_million_elements_or_deep_nesting_is_refused_before_parsing() {
    let deep = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">{}{}</svg>",
        "<g>".repeat(500),
        "</g>".repeat(500)
    );
    let site = SiteTest::with_basics()
        .file("content/images/huge.svg", &many_groups(1_150_000))
        .file("content/images/deep.svg", &deep)
        // At the cap: accepted.
        .file("content/images/busy.svg", &many_groups(10_000));
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        stderr.contains(&error(
            "content/images/huge.svg",
            "the SVG is too complex to publish: more than 50000 elements"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&error(
            "content/images/deep.svg",
            "the SVG is too complex to publish: elements nested more than 100 deep"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("simplify the drawing (at most 50000 elements, nested at most 100 deep), or export it as PNG"),
        "{stderr}"
    );
    assert!(!stderr.contains("busy.svg"), "{stderr}");
}

const SVG: &str = r#"xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10""#;

/// An SVG whose inside is `body`.
fn svg(body: &str) -> String {
    format!("<svg {SVG}>{body}</svg>")
}

const UNSAFE: &str =
    ", which could run code or load files from other sites when a visitor opens it";

#[test]
fn svgs_that_script_or_load_files_by_any_route_are_refused() {
    let cases: Vec<(&str, String, String)> = vec![
        ("set-href", svg(r#"<a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a>"#), format!("the SVG contains an animation that changes href, <set> (line 1){UNSAFE}")),
        ("animate-xlink", svg(r#"<a><animate attributeName="xlink:href" values="https://evil.example/"/></a>"#), format!("the SVG contains an animation that changes xlink:href, <animate> (line 1){UNSAFE}")),
        ("animate-transform", svg(r#"<rect><animateTransform attributeName=" HREF " to="x"/></rect>"#), format!("the SVG contains an animation that changes href, <animateTransform> (line 1){UNSAFE}")),
        ("set-handler", svg(r#"<rect><set attributeName="onclick" to="alert(1)"/></rect>"#), format!("the SVG contains an animation that changes onclick, <set> (line 1){UNSAFE}")),
        ("handler", svg(r#"<rect onmouseover="alert(1)"/>"#), format!("the SVG contains an event handler, onmouseover= (line 1){UNSAFE}")),
        ("script-ns", svg(r#"<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>"#), format!("the SVG contains a script (line 1){UNSAFE}")),
        ("foreign", svg(r#"<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.example/"/></div></foreignObject>"#), format!("the SVG contains embedded HTML, <foreignObject> (line 1){UNSAFE}")),
        ("javascript-prefix", r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:l="http://www.w3.org/1999/xlink"><a l:href="javascript:alert(1)"><text>x</text></a></svg>"#.to_string(), format!("the SVG contains a reference to another file, javascript:alert(1) (line 1){UNSAFE}")),
        ("javascript-entity", svg(r#"<a href=" &#106;avascript:alert(1)"><text>x</text></a>"#), format!("the SVG contains a reference to another file, javascript:alert(1) (line 1){UNSAFE}")),
        ("data-svg", svg(r#"<image href="data:image/svg+xml;base64,PHN2Zz4=" width="1" height="1"/>"#), format!("the SVG contains a reference to another file, data:image/svg+xml;base64,PHN2Zz4= (line 1){UNSAFE}")),
        ("use-outside", svg(r#"<use href="https://evil.example/sprite.svg#a"/>"#), format!("the SVG contains a reference to another file, https://evil.example/sprite.svg#a (line 1){UNSAFE}")),
        ("css-escape", svg(r#"<style>rect { fill: \75 rl(https://evil.example/p.svg#a) }</style>"#), format!("the SVG contains a style that loads another file (line 1){UNSAFE}")),
        ("css-import", svg(r#"<style><![CDATA[@\69mport 'https://evil.example/x.css';]]></style>"#), format!("the SVG contains a style that loads another file (line 1){UNSAFE}")),
        ("css-comment", svg(r#"<rect style="fill: ur/**/l(https://evil.example/a)"/>"#), format!("the SVG contains a reference to another file in style= (line 1){UNSAFE}")),
        ("css-image-set", svg(r#"<rect style="background: image-set('https://evil.example/a.png' 1x)"/>"#), format!("the SVG contains a reference to another file in style= (line 1){UNSAFE}")),
        ("presentation", svg(r#"<rect fill="url(https://evil.example/a.svg#p)"/>"#), format!("the SVG contains a reference to another file in fill= (line 1){UNSAFE}")),
        ("stylesheet-pi", format!("<?xml-stylesheet href=\"https://evil.example/a.css\"?>\n{}", svg("<rect/>")), format!("the SVG contains a style sheet from another file, <?xml-stylesheet?> (line 1){UNSAFE}")),
        ("external-entity", format!("<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>{}", svg("<text>&x;</text>")), "the SVG's DOCTYPE header declares the entity x from another file, which a reader could be made to load".into()),
        ("entity-bomb", format!("<!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"{}\">]>{}", "&a;".repeat(10), svg("<text>&b;</text>")), "the SVG's DOCTYPE header declares the entity b made of other entities or markup, which can expand to gigabytes".into()),
        ("entity-copies", format!("<!DOCTYPE svg [<!ENTITY a \"{}\">]>{}", "a".repeat(100_000), svg(&"<text>&a;</text>".repeat(60))), "the SVG's DOCTYPE header declares entities used so often that the drawing would expand past 5 MB".into()),
        ("parameter-entity", format!("<!DOCTYPE svg [<!ENTITY % p \"x\">]>{}", svg("<rect/>")), "the SVG's DOCTYPE header declares a parameter entity (<!ENTITY % …>)".into()),
        ("attlist", format!("<!DOCTYPE svg [<!ATTLIST svg onload CDATA \"alert(1)\">]>{}", svg("<rect/>")), "the SVG's DOCTYPE header declares more than text (<!ATTLIST sv…), which could change the drawing's elements".into()),
    ];
    let mut site = SiteTest::with_basics();
    for (name, text, _) in &cases {
        site = site.file(&format!("content/images/{name}.svg"), text);
    }
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    for (name, _, message) in &cases {
        let expected = error(&format!("content/images/{name}.svg"), message);
        assert!(stderr.contains(&expected), "{expected}\n{stderr}");
    }
}

/// What Illustrator's "Save As > SVG" writes with editing capabilities kept: an XML
/// declaration, its generator comment, a DOCTYPE naming its namespaces as entities,
/// and its editing data in a `<foreignObject>` no browser shows.
const ILLUSTRATOR_LOGO: &str = r##"<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 16.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
	<!ENTITY ns_extend "http://ns.adobe.com/Extensibility/1.0/">
	<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">
	<!ENTITY ns_graphs "http://ns.adobe.com/Graphs/1.0/">
	<!ENTITY ns_vars "http://ns.adobe.com/Variables/1.0/">
	<!ENTITY ns_imrep "http://ns.adobe.com/ImageReplacement/1.0/">
	<!ENTITY ns_sfw "http://ns.adobe.com/SaveForWeb/1.0/">
	<!ENTITY ns_custom "http://ns.adobe.com/GenericCustomNamespace/1.0/">
	<!ENTITY ns_adobe_xpath "http://ns.adobe.com/XPath/1.0/">
]>
<svg version="1.1" id="Layer_1" xmlns:x="&ns_extend;" xmlns:i="&ns_ai;" xmlns:graph="&ns_graphs;"
	 xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" x="0px" y="0px" width="200px"
	 height="80px" viewBox="0 0 200 80" enable-background="new 0 0 200 80" xml:space="preserve">
<switch>
	<foreignObject requiredExtensions="&ns_ai;" x="0" y="0" width="1" height="1">
		<i:pgfRef  xlink:href="#adobe_illustrator_pgf">
		</i:pgfRef>
	</foreignObject>
	<g i:extraneous="self">
		<style type="text/css">
			.st0{fill:#1F4FD1;}
		</style>
		<rect x="10" y="10" class="st0" width="180" height="60"/>
		<path fill="#FFFFFF" d="M40,30h20v20H40V30z"/>
	</g>
</switch>
<i:pgf  id="adobe_illustrator_pgf">
	<![CDATA[
	eJzs3c1uGzkSwPE7gbmDlgBkLmSSmiy5Zm8bBDsJsNhL4hyCQQwkjD3+wI7lSUV2fvbSD7Vu
	]]>
</i:pgf>
</svg>
"##;

#[test]
fn a_real_illustrator_logo_is_accepted() {
    let site = SiteTest::with_basics()
        .file("content/logos/acme.svg", ILLUSTRATOR_LOGO)
        .file(
            "content/customers/acme.md",
            "---\nname: Acme Corp\nlogo: /logos/acme.svg\n---\nAcme makes anvils.\n",
        );
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr());
    assert!(!run.stderr().contains("acme.svg"), "{}", run.stderr());
    let page = run.page("customers/acme/index.html");
    let at = page.find(r#"src="/logos/acme.svg""#).expect(&page);
    let img = &page[at..at + page[at..].find('>').unwrap()];
    assert!(img.contains(r#" width="200" height="80""#), "{img}");
    assert_eq!(run.page("logos/acme.svg"), ILLUSTRATOR_LOGO);
}

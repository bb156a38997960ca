//! Share images (issue 33): a 1200x630 PNG per case study, testimonial and quote whose
//! words may leave the site, drawn from the theme's template and fonts.

mod common;

use common::{Run, SiteTest};
use std::collections::BTreeMap;

const APPROVED: &str = "approval: { by: \"Dana, CTO, Acme\", on: 2026-01-01 }";

/// A quote file of the basics' customer with `words`, approved unless told.
fn quote(author_role: &str, words: &str, approved: bool) -> String {
    let approval = if approved { APPROVED } else { "" };
    format!("---\ndate: 2026-02-01\ncustomer: acme\n{author_role}\n{approval}\n---\n{words}\n")
}

/// The site's share images by folder/slug (without the hash), with their paths.
fn shares(run: &Run) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for kind in ["case-studies", "testimonials", "quotes"] {
        let dir = run.root.join("public/share").join(kind);
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let slug = name.split('.').next().unwrap().to_string();
            found.insert(format!("{kind}/{slug}"), format!("share/{kind}/{name}"));
        }
    }
    found
}

fn picture(run: &Run, path: &str) -> image::RgbaImage {
    image::open(run.root.join("public").join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .to_rgba8()
}

/// The pixels of `rect` (x, y, width, height) that differ from the background.
fn marks_in(picture: &image::RgbaImage, (x0, y0, w, h): (u32, u32, u32, u32)) -> Vec<(u32, u32)> {
    let background = *picture.get_pixel(60, 315);
    let mut marks = Vec::new();
    for y in y0..y0 + h {
        for x in x0..x0 + w {
            if *picture.get_pixel(x, y) != background {
                marks.push((x, y));
            }
        }
    }
    marks
}

/// The margins every drawing keeps clear: right of the left band to the words, right
/// of the words to the edge, above the quotation mark, below the role.
const MARGINS: [(u32, u32, u32, u32); 4] = [
    (20, 0, 68, 630),
    (1108, 0, 92, 630),
    (20, 0, 1180, 36),
    (20, 600, 1180, 30),
];

#[test]
fn quotes_long_short_and_unbroken_stay_inside_the_canvas() {
    let long = "We moved every pipeline in a quarter, and the auditors signed off on the first \
                try, which nobody on the team had ever seen happen before; releases that took \
                a week of manual checks now go out on a Tuesday afternoon while we get on with \
                the work that matters to our customers."
        .to_string();
    let long = format!("{long} Every single one of them.");
    assert!(long.chars().count() >= 280, "{}", long.chars().count());
    let unbroken = "W".repeat(60);
    let site = SiteTest::with_basics()
        .file(
            "content/quotes/long.md",
            &quote("author: Dana Smith\nrole: CTO", &long, true),
        )
        .file(
            "content/quotes/short.md",
            &quote("author: Dana Smith", "Simply brilliant.", true),
        )
        .file(
            "content/quotes/unbroken.md",
            &quote("author: Dana Smith", &unbroken, true),
        );
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr());
    let shares = shares(&run);
    for slug in ["long", "short", "unbroken"] {
        let path = &shares[&format!("quotes/{slug}")];
        let picture = picture(&run, path);
        assert_eq!(picture.dimensions(), (1200, 630), "{slug}");
        for margin in MARGINS {
            let marks = marks_in(&picture, margin);
            assert!(
                marks.is_empty(),
                "{slug}: drawn in the margin {margin:?}: {:?}",
                &marks[..marks.len().min(5)]
            );
        }
        // Something is drawn where the words go.
        assert!(
            !marks_in(&picture, (96, 140, 1008, 320)).is_empty(),
            "{slug}"
        );
        let bytes = std::fs::metadata(run.root.join("public").join(path))
            .unwrap()
            .len();
        assert!(bytes < 80_000, "{slug}: {bytes} bytes");
    }
    let api: serde_json::Value = serde_json::from_str(&run.page("api/quotes.json")).unwrap();
    let listed: Vec<&str> = (api["items"].as_array().unwrap().iter())
        .map(|i| i["share_image"].as_str().unwrap())
        .collect();
    for url in listed {
        let path = url.strip_prefix("https://example.com/").unwrap();
        assert!(run.exists(path), "{url}");
    }
}

#[test]
fn a_case_study_names_its_share_image_in_og_image() {
    let run = SiteTest::with_basics().build();
    assert!(run.ok(), "{}", run.stderr());
    let page = run.page("case-studies/acme-ships/index.html");
    let image = page
        .split("<meta property=\"og:image\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("og:image");
    let path = image.strip_prefix("https://example.com/").unwrap();
    assert!(path.starts_with("share/case-studies/acme-ships."), "{path}");
    assert_eq!(picture(&run, path).dimensions(), (1200, 630));
    assert!(page.contains("<meta property=\"og:image:width\" content=\"1200\">"));
    assert!(page.contains("<meta property=\"og:image:height\" content=\"630\">"));
    assert!(page.contains("<meta property=\"og:image:alt\" content=\"Acme ships faster\">"));
}

#[test]
fn a_case_study_with_its_own_image_keeps_it() {
    let run = SiteTest::with_basics()
        .file(
            "content/case-studies/acme-ships.md",
            "---\ntitle: Acme ships faster\ndate: 2026-01-10\ncustomer: acme\nsummary: S.\nimage: https://cdn.example.org/team.jpg\napproval: { by: \"Dana\", on: 2026-01-01 }\n---\nText.\n",
        )
        .build();
    assert!(run.ok(), "{}", run.stderr());
    let page = run.page("case-studies/acme-ships/index.html");
    assert!(
        page.contains("<meta property=\"og:image\" content=\"https://cdn.example.org/team.jpg\">"),
        "{page}"
    );
    assert!(!page.contains("og:image:width"));
}

#[test]
fn words_without_a_current_approval_get_no_share_image() {
    let site = SiteTest::with_basics()
        .file("content/quotes/approved.md", &quote("author: Dana", "Approved words.", true))
        .file("content/quotes/unapproved.md", &quote("author: Dana", "Unapproved words.", false))
        .file(
            "content/quotes/expiring.md",
            "---\ndate: 2026-02-01\ncustomer: acme\nauthor: Dana\napproval: { by: \"Dana\", on: 2026-07-01 }\n---\nApproved later.\n",
        );
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr());
    let shares = shares(&run);
    assert!(shares.contains_key("quotes/approved"), "{shares:?}");
    assert!(!shares.contains_key("quotes/unapproved"), "{shares:?}");
    assert!(!shares.contains_key("quotes/expiring"), "{shares:?}");
    let api = run.page("api/quotes.json");
    assert_eq!(api.matches("share_image").count(), 1, "{api}");
}

#[test]
fn the_name_follows_what_is_drawn() {
    let with = |role: &str, colour: &str, extra: bool| {
        let mut site = SiteTest::with_basics()
            .file(
                "vouch.yml",
                &format!("{}brand:\n  primary_color: \"{colour}\"\n", common::CONFIG),
            )
            .file(
                "content/quotes/q.md",
                &quote(&format!("author: Dana\nrole: {role}"), "Words.", true),
            );
        if extra {
            site = site.file("content/pages/about.md", "---\ntitle: About\n---\nUs.\n");
        }
        let run = site.build();
        assert!(run.ok(), "{}", run.stderr());
        shares(&run)["quotes/q"].clone()
    };
    let first = with("CTO", "#4f3cc9", false);
    assert_eq!(
        with("CTO", "#4f3cc9", false),
        first,
        "the same input, the same name"
    );
    assert_eq!(
        with("CTO", "#4f3cc9", true),
        first,
        "an unrelated file changes nothing"
    );
    assert_ne!(with("CEO", "#4f3cc9", false), first, "the role");
    assert_ne!(with("CTO", "#c93c4f", false), first, "the brand colour");
}

#[test]
fn a_second_build_draws_nothing() {
    let site = SiteTest::with_basics().file(
        "content/quotes/q.md",
        &quote("author: Dana", "Words.", true),
    );
    let cached = |site: &SiteTest| -> BTreeMap<String, u64> {
        use std::os::unix::fs::MetadataExt;
        let dir = site.root().join(".vouch-cache/share");
        let files = walk(&dir);
        files
            .into_iter()
            .map(|p| {
                let inode = std::fs::metadata(&p).unwrap().ino();
                (p.to_string_lossy().into_owned(), inode)
            })
            .collect()
    };
    let first = site.run(&["build", "--timings"]);
    assert!(first.ok(), "{}", first.stderr());
    assert!(
        first.stderr().contains("share images: 2 drawn"),
        "{}",
        first.stderr()
    );
    let before = cached(&site);
    assert_eq!(before.len(), 2, "{before:?}");
    let second = site.run(&["build", "--timings"]);
    assert!(second.ok(), "{}", second.stderr());
    assert!(
        second.stderr().contains("share images: 0 drawn"),
        "{}",
        second.stderr()
    );
    assert_eq!(cached(&site), before, "every cached image kept as it was");
    assert_eq!(shares(&first), shares(&second));
}

/// A build keeps the previous output's unchanged images (the same files, not linked
/// again), adds the changed one's new file, drops its old one, and a failed build
/// leaves every image of the old output where it was.
#[test]
fn unchanged_images_stay_and_changed_ones_are_replaced() {
    use std::os::unix::fs::MetadataExt;
    let site = SiteTest::with_basics()
        .file(
            "content/quotes/q.md",
            &quote("author: Dana", "Words.", true),
        )
        .file(
            "content/quotes/r.md",
            &quote("author: Ravi", "Others.", true),
        );
    let inodes = |site: &SiteTest| -> BTreeMap<String, u64> {
        let dir = site.root().join("public/share");
        (walk(&dir).into_iter())
            .map(|p| {
                let inode = std::fs::metadata(&p).unwrap().ino();
                let inside = p.strip_prefix(site.root()).unwrap();
                (inside.to_string_lossy().into_owned(), inode)
            })
            .collect()
    };
    let first = site.run(&["build"]);
    assert!(first.ok(), "{}", first.stderr());
    let before = inodes(&site);
    assert_eq!(before.len(), 3, "{before:?}");
    // The cache goes: a kept image is not taken from it again.
    std::fs::remove_dir_all(site.root().join(".vouch-cache/share")).unwrap();
    let site = site.file(
        "content/quotes/q.md",
        &quote("author: Dana", "New words.", true),
    );
    let second = site.run(&["build", "--timings"]);
    assert!(second.ok(), "{}", second.stderr());
    assert!(
        second.stderr().contains("share images: 1 drawn"),
        "{}",
        second.stderr()
    );
    let after = inodes(&site);
    let shares_now = shares(&second);
    assert_eq!(after.len(), 3, "the old image of q went: {after:?}");
    for (path, inode) in &before {
        if path.contains("/q.") {
            assert!(!after.contains_key(path), "{path} still there");
        } else {
            assert_eq!(after.get(path), Some(inode), "{path} kept as it was");
        }
    }
    let new_q = &shares_now["quotes/q"];
    assert!(!before.contains_key(&format!("public/{new_q}")), "{new_q}");
    // A failed build: the old output's images stay, none added.
    let site = site
        .file(
            "content/quotes/r.md",
            &quote("author: Ravi", "Changed too.", true),
        )
        .file(
            "content/quotes/broken.md",
            "---
author: [
---
x
",
        );
    let failed = site.run(&["build"]);
    assert!(!failed.ok());
    assert_eq!(inodes(&site), after, "the old output's images as they were");
    let staging = std::fs::read_dir(site.root()).unwrap().flatten();
    let left: Vec<_> = staging
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("vouch-staging") || n.contains("vouch-old"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn words_the_fonts_cannot_draw_get_a_note_instead() {
    let run = SiteTest::with_basics()
        .file(
            "content/quotes/cjk.md",
            &quote("author: Dana", "我们的发布速度提高了十倍。", true),
        )
        .file(
            "content/quotes/greek.md",
            &quote(
                "author: Δανάη",
                "Οι εκδόσεις μας είναι δέκα φορές ταχύτερες.",
                true,
            ),
        )
        .file(
            "content/quotes/russian.md",
            &quote(
                "author: Дана",
                "Наши релизы стали в десять раз быстрее.",
                true,
            ),
        )
        .build();
    assert!(run.ok(), "{}", run.stderr());
    let shares = shares(&run);
    assert!(!shares.contains_key("quotes/cjk"), "{shares:?}");
    assert!(
        shares.contains_key("quotes/greek") && shares.contains_key("quotes/russian"),
        "{shares:?}"
    );
    let check = SiteTest::with_basics()
        .file(
            "content/quotes/cjk.md",
            &quote("author: Dana", "我们的发布速度提高了十倍。", true),
        )
        .run(&["check"]);
    assert!(check.ok(), "{}", check.stderr());
    assert!(
        check
            .stderr()
            .contains("no share image: the theme's fonts cannot draw '我' (U+6211)"),
        "{}",
        check.stderr()
    );
}

#[test]
fn share_images_turn_off_in_vouch_yml() {
    let site = |setting: &str| {
        SiteTest::with_basics()
            .file("vouch.yml", &format!("{}{setting}", common::CONFIG))
            .file(
                "content/quotes/q.md",
                &quote("author: Dana", "Words.", true),
            )
            .build()
    };
    let off = site("share_images: false\n");
    assert!(off.ok(), "{}", off.stderr());
    assert!(shares(&off).is_empty());
    assert!(!off
        .page("case-studies/acme-ships/index.html")
        .contains("og:image:width"));
    let quotes_off = site("share_images:\n  quotes: false\n");
    assert!(quotes_off.ok(), "{}", quotes_off.stderr());
    assert_eq!(
        shares(&quotes_off).keys().collect::<Vec<_>>(),
        ["case-studies/acme-ships"]
    );
    let typo = site("share_images:\n  quote: false\n");
    assert_eq!(typo.code(), 1);
    let stderr = typo.stderr();
    assert!(stderr.contains("vouch.yml:4"), "{stderr}");
    assert!(stderr.contains("unknown field 'quote'"), "{stderr}");
    assert!(stderr.contains("did you mean 'quotes'?"), "{stderr}");
}

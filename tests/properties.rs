//! Property tests: whatever the text, parsing and rendering never panic, and every
//! URL a file name can produce stays inside the output folder.

use proptest::prelude::*;
use std::path::{Component, Path, PathBuf};
use vouch::content::parse_document;
use vouch::markdown::{self, shortcodes::Shortcode, Hooks};
use vouch::site::urls;

/// What a parse gives: a document of the file's kind, or problems that name the file.
fn assert_parsed_or_reported(text: &str, folder: &str) {
    let path = format!("{folder}/x.md");
    let rel = PathBuf::from("content").join(&path);
    match parse_document(text, rel.clone(), path.clone()) {
        Ok(doc) => {
            assert_eq!(doc.content_path, path);
            assert_eq!(doc.kind.folder(), folder);
        }
        Err(problems) => {
            assert!(!problems.is_empty(), "a failed parse says why");
            for d in problems {
                assert_eq!(d.path, rel, "{d:?}");
                assert!(!d.message.is_empty(), "{d:?}");
            }
        }
    }
}

fn render(md: &str) -> String {
    let links = |p: &str| (p == "a.md").then(|| "/a/".to_string());
    let sc = |c: &Shortcode| {
        if c.name == "metric" {
            Ok(format!(
                "<b>{}</b>",
                c.args.get("value").cloned().unwrap_or_default()
            ))
        } else {
            Err("unknown".to_string())
        }
    };
    for (escape_html, base_path) in [(false, "/"), (true, "/project/")] {
        let hooks = Hooks {
            resolve_link: &links,
            shortcode: &sc,
            escape_html,
            base_path,
            image: &|_, _, _| None,
        };
        let rendered = markdown::render(md, &hooks);
        // Every problem points at a line of the text, and customers' words never
        // reach the page as markup.
        let lines = md.split('\n').count();
        for (line, message, _) in &rendered.problems {
            assert!(*line < lines, "line {line} of {lines}: {message}");
            assert!(!message.is_empty());
        }
        if escape_html {
            assert!(
                !rendered.html.contains("<script"),
                "{md:?} gave {}",
                rendered.html
            );
        }
    }
    markdown::summary(md, 120)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_text_parses_or_fails_cleanly(text in "(?s).{0,400}") {
        for folder in ["case-studies", "testimonials", "quotes", "events", "customers", "advocates", "pages"] {
            assert_parsed_or_reported(&text, folder);
        }
    }

    #[test]
    fn front_matter_shaped_text_never_panics(
        keys in prop::collection::vec("(title|date|customer|summary|rating|kind|start|end|timezone|approval|results|speakers|[a-z]{1,8})", 0..8),
        values in prop::collection::vec("(\\[|\\{|\"|'|[a-z0-9 :,-]|\\]|\\}|\n  ){0,20}", 0..8),
        cut in 0usize..400,
    ) {
        let mut text = String::from("---\n");
        for (k, v) in keys.iter().zip(values.iter()) {
            text.push_str(&format!("{k}: {v}\n"));
        }
        text.push_str("---\nBody\n");
        let cut = text.char_indices().map(|(i, _)| i).find(|i| *i >= cut.min(text.len())).unwrap_or(text.len());
        for t in [&text[..], &text[..cut]] {
            for folder in ["case-studies", "events", "testimonials"] {
                assert_parsed_or_reported(t, folder);
            }
        }
    }

    #[test]
    fn markdown_with_shortcodes_never_panics(md in "(?s)(\\{\\{ ?(metric|quote|x)\\((value|id)=(\"[^\"]{0,5}\"?|[a-z]{0,3})\\) ?\\}\\}|[#>*_`\\[\\]()!<\\-|\n ]|[a-z]{1,5}|@/a\\.md#x){0,60}") {
        render(&md);
    }

    #[test]
    fn slugs_from_any_file_name_stay_inside_the_output(name in "(?s).{0,60}") {
        let slug = urls::slugify(&name);
        if !slug.is_empty() {
            prop_assert!(urls::is_plain_segment(&slug) || slug == "index", "{slug:?}");
            let dir = urls::page_dir("case-studies", &slug);
            let path = Path::new("/out").join(&dir);
            prop_assert!(path.components().all(|c| matches!(c, Component::RootDir | Component::Normal(_))), "{dir}");
            prop_assert!(path.starts_with("/out/case-studies/"));
        }
    }

    #[test]
    fn accepted_slugs_are_single_segments(slug in "(?s).{0,30}") {
        if urls::is_plain_segment(&slug) {
            prop_assert!(!slug.contains('/') && !slug.contains('\\') && !slug.starts_with('.'));
            let joined = Path::new("/out/x").join(&slug);
            prop_assert_eq!(joined.parent(), Some(Path::new("/out/x")));
        }
    }
}

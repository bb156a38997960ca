//! What a page shows around its content: its head, and a section's introduction.

use serde::Serialize;

/// What every page's `<head>` needs: title, description, canonical, link preview, JSON-LD.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageMeta {
    /// The `<title>` (page title, then site title).
    pub title: String,
    /// The page's own heading.
    pub heading: String,
    /// The meta description.
    pub description: String,
    /// The absolute canonical URL.
    pub canonical: String,
    /// The site path of the page (for marking the current nav link).
    pub path: String,
    /// The OpenGraph type (`website`, `article`, `profile`).
    pub og_type: String,
    /// An absolute image URL for link previews.
    pub image: Option<String>,
    /// What the link-preview image shows, for `og:image:alt` and `twitter:image:alt`
    /// (link previews are read aloud too).
    pub image_alt: Option<String>,
    /// The link-preview image's size in pixels, when vouch knows it (a share image):
    /// a crawler that knows it shows the card on the first share, before fetching it.
    pub image_size: Option<(u32, u32)>,
    /// schema.org JSON-LD, already escaped for a `<script>` element.
    pub json_ld: Option<String>,
    /// The section this page belongs to (`case-studies`), for the nav.
    pub section: String,
    /// The previous page of a listing (absolute), for `<link rel="prev">`.
    pub prev: Option<String>,
    /// The next page of a listing (absolute), for `<link rel="next">`.
    pub next: Option<String>,
}

/// An intro from `_index.md`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Intro {
    /// The heading.
    pub title: String,
    /// The rendered text.
    pub html: String,
    /// Description.
    pub description: Option<String>,
}

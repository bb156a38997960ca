//! One item's rendered body: the type every stage after Markdown reads (cards, pages,
//! feeds, search). Kept apart from the rendering in `bodies.rs`, which needs the
//! cards of the walls, whose cards need bodies in turn.

use std::collections::HashSet;
use std::sync::Arc;

/// An item's rendered body and what was learnt from it. Shared: the preview carries an
/// unchanged item's body over to the next rebuild without rendering or copying it.
#[derive(Debug, Clone, Default)]
pub struct Body(pub(super) Arc<BodyText>);

impl Body {
    /// Whether two bodies are the very same rendering (carried over, not rendered again).
    pub fn same(&self, other: &Body) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// Whether two bodies read the same: the same rendering, or one rendered again that
    /// came out as it was.
    pub fn same_text(&self, other: &Body) -> bool {
        self.same(other)
            || (self.html == other.html
                && self.summary == other.summary
                && self.headings == other.headings
                && self.anchors == other.anchors)
    }
}

impl std::ops::Deref for Body {
    type Target = BodyText;
    fn deref(&self) -> &BodyText {
        &self.0
    }
}

/// What [`Body`] holds.
#[derive(Debug, Default)]
pub struct BodyText {
    /// The HTML.
    pub html: String,
    /// Plain-text summary (description default, card text).
    pub summary: String,
    /// `##` headings as (id, text).
    pub headings: Vec<(String, String)>,
    /// Every heading id, for `#anchor` checks.
    pub anchors: HashSet<String>,
    /// Internal links with an anchor, checked once every body exists: (content path,
    /// anchor, line).
    pub(super) links: Vec<(String, Option<String>, usize)>,
    /// Root-relative links and images as written, with their line inside the body and
    /// whether each is an image (checked against the planned files:
    /// [`crate::output::check_site_links`]).
    pub site_links: Vec<(String, usize, bool)>,
    /// Problems with their line inside the body.
    pub(super) problems: Vec<(usize, String, Option<String>)>,
    /// Whether the HTML depends on other items (an `@/` link or a shortcode): such a body
    /// is rendered again on every rebuild, the others only when their file changes.
    pub uses_site: bool,
}

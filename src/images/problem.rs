//! What is wrong with a picture, and the limits every reader of pictures shares: its own
//! file, so the SVG check and the probe both use them without importing each other.

/// Why a picture cannot be published, in words a marketer can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

impl Problem {
    pub(crate) fn new(message: impl Into<String>, hint: impl Into<String>) -> Problem {
        Problem {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// The most an SVG file may weigh: a logo is a few kilobytes; megabytes mean an embedded
/// photo or a generated drawing that would slow every page.
pub const MAX_SVG_BYTES: u64 = 5 * 1024 * 1024;

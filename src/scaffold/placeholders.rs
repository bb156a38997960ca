//! The stand-in words `vouch new` writes for the writer to replace: one list, read by
//! the templates that write them and by the publishing rule that refuses them in an
//! item about to go live, so the two cannot drift apart.

/// Where a placeholder stands in a new file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot {
    /// The value of a front matter field.
    Field(&'static str),
    /// A whole line of the text below the front matter.
    Body,
}

/// One stand-in text and where `vouch new` writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder {
    /// Where it is written.
    pub spot: Spot,
    /// The exact text.
    pub text: &'static str,
}

/// A case study's summary, until the writer has one.
pub const SUMMARY: &str = "One or two sentences for cards and the top of the page.";
/// A case study's customer, until the writer names one (a slug in content/customers/).
pub const CUSTOMER_SLUG: &str = "customer-slug";
/// A case study's sections, until written.
pub const SECTION: &str = "…";
/// A testimonial's words.
pub const TESTIMONIAL: &str = "The customer's words, as they wrote them.";
/// A quote's words.
pub const QUOTE: &str = "One quotable sentence (at most 280 characters).";
/// An event's description.
pub const EVENT: &str = "What happens, for whom, and the agenda.";
/// A customer's profile.
pub const CUSTOMER: &str = "What the company does and how it works with us.";
/// An advocate's biography.
pub const ADVOCATE: &str = "A short biography.";
/// A page's text.
pub const PAGE: &str = "The page's text.";

/// Every stand-in `vouch new` writes as a value (its comments aside).
pub const PLACEHOLDERS: [Placeholder; 9] = [
    field("summary", SUMMARY),
    field("customer", CUSTOMER_SLUG),
    body(SECTION),
    body(TESTIMONIAL),
    body(QUOTE),
    body(EVENT),
    body(CUSTOMER),
    body(ADVOCATE),
    body(PAGE),
];

const fn field(name: &'static str, text: &'static str) -> Placeholder {
    Placeholder {
        spot: Spot::Field(name),
        text,
    }
}

const fn body(text: &'static str) -> Placeholder {
    Placeholder {
        spot: Spot::Body,
        text,
    }
}

/// The placeholders of the text below the front matter, with their line inside it
/// (0 for its first line).
pub fn in_body(body: &str) -> Vec<(usize, &'static str)> {
    body.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let line = line.trim();
            PLACEHOLDERS
                .iter()
                .find(|p| p.spot == Spot::Body && p.text == line)
                .map(|p| (i, p.text))
        })
        .collect()
}

/// The placeholder `value` of the front matter field `name` is, if any.
pub fn in_field(name: &str, value: &str) -> Option<&'static str> {
    PLACEHOLDERS
        .iter()
        .find(|p| matches!(p.spot, Spot::Field(f) if f == name) && p.text == value.trim())
        .map(|p| p.text)
}

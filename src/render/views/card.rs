//! Cards: an item as a listing shows it, with its terms as chips. Made once per item and
//! shared by every listing, term page and item page that shows it.

use super::event::{event_card, EventCard};
use super::files::picture;
use crate::content::values::ResultMetric;
use crate::content::Front;
use crate::images::{Picture, Use};
use crate::render::body::Body;
use crate::site::{urls, ItemId, Site};
use serde::Serialize;

/// The taxonomies the case-study library filters by (its facets).
pub const LIBRARY_FILTERS: [&str; 4] = ["industry", "company_size", "region", "stages"];

/// An item as a listing shows it (an empty slot's is the default, never shown).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Card {
    /// `case-study`, `testimonial`, …
    pub kind: &'static str,
    /// "Case study", …
    pub kind_label: &'static str,
    /// The slug.
    pub slug: String,
    /// The title.
    pub title: String,
    /// Its page (or wall anchor).
    pub url: String,
    /// Short plain text: a case study's summary, or the start of the body.
    pub summary: String,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// "March 9, 2026".
    pub date_display: Option<String>,
    /// Featured items come first on the home page.
    pub featured: bool,
    /// The customer's name.
    pub customer_name: Option<String>,
    /// The customer's page.
    pub customer_url: Option<String>,
    /// A customer's logo, or the item's customer's logo.
    pub logo: Option<Picture>,
    /// The share image (a case study, testimonial or quote whose words may leave the
    /// site): set with the theme, in `render::cards`.
    #[serde(serialize_with = "share_view")]
    pub share: Option<std::sync::Arc<crate::share::Share>>,
    /// A customer's logo for dark backgrounds.
    pub logo_dark: Option<Picture>,
    /// The item's image.
    pub image: Option<Picture>,
    /// A person's photo.
    pub avatar: Option<Picture>,
    /// The person quoted (testimonials, quotes) or the advocate's name.
    pub author: Option<String>,
    /// Their role.
    pub role: Option<String>,
    /// A testimonial's rating, 1 to 5.
    pub rating: Option<i64>,
    /// A testimonial's source (G2…).
    pub source: Option<String>,
    /// Link to the original review.
    pub source_url: Option<String>,
    /// The rendered body, for testimonials and quotes shown whole on walls.
    pub body_html: Option<String>,
    /// Headline results of a case study.
    pub results: Vec<ResultMetric>,
    /// The library's facets as `taxonomy:slug` words, for the filter's index.
    pub filters: String,
    /// Terms to show as chips.
    pub terms: Vec<TermChip>,
    /// Event details.
    pub event: Option<EventCard>,
    /// An advocate's tier or a customer's industry: one line under the title.
    pub tagline: Option<String>,
}

/// A term shown on a card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermChip {
    /// The taxonomy's field name.
    pub taxonomy: &'static str,
    /// The term label.
    pub label: String,
    /// The term page.
    pub url: String,
}

/// Formats a date the way people read it: "March 9, 2026".
pub fn human_date(date: jiff::civil::Date) -> String {
    date.strftime("%B %-d, %Y").to_string()
}

/// A card's share image as templates see it (shared, not copied, with the plan).
fn share_view<S: serde::Serializer>(
    share: &Option<std::sync::Arc<crate::share::Share>>,
    out: S,
) -> Result<S::Ok, S::Error> {
    share.as_deref().serialize(out)
}

/// Makes the card of an item.
pub fn card(site: &Site, id: ItemId, bodies: &[Body]) -> Card {
    let item = &site.items[id];
    let customer = item.customer.map(|c| &site.items[c]);
    let customer_logo = item.customer.and_then(|c| match &site.items[c].doc.front {
        Front::Customer(front) => front
            .logo
            .as_deref()
            .map(|l| picture(site, c, l, Use::Logo)),
        _ => None,
    });
    let common = item.doc.front.common();
    let mut card = Card {
        kind: item.kind().name(),
        kind_label: item.kind().label(),
        slug: item.slug.clone(),
        title: item.title.clone(),
        url: item.url().into_owned(),
        summary: common
            .description
            .map(str::to_string)
            .unwrap_or_else(|| bodies[id].summary.clone()),
        date: item.date.map(|d| d.to_string()),
        date_display: item.date.map(human_date),
        featured: item.featured(),
        customer_name: customer.map(|c| c.title.clone()),
        customer_url: customer.map(|c| c.url().into_owned()),
        logo: customer_logo,
        share: None,
        logo_dark: None,
        image: common.image.map(|i| picture(site, id, i, Use::Photo)),
        avatar: None,
        author: None,
        role: None,
        rating: None,
        source: None,
        source_url: None,
        body_html: None,
        results: Vec::new(),
        filters: filters(item),
        terms: chips(site, id),
        event: None,
        tagline: None,
    };
    match &item.doc.front {
        Front::CaseStudy(cs) => {
            card.summary = cs.summary.clone();
            card.results = cs.results.clone();
        }
        Front::Testimonial(t) => {
            card.author = Some(t.author.clone());
            card.role = t.role.clone();
            card.rating = t.rating;
            card.source = t.source.clone();
            card.source_url = t.source_url.clone().filter(|u| urls::is_safe_link(u));
            card.avatar = t
                .avatar
                .as_deref()
                .map(|a| picture(site, id, a, Use::Avatar));
            card.body_html = Some(bodies[id].html.clone());
        }
        Front::Quote(q) => {
            card.author = Some(q.author.clone());
            card.role = q.role.clone();
            card.body_html = Some(bodies[id].html.clone());
        }
        Front::Customer(c) => {
            card.logo = c.logo.as_deref().map(|l| picture(site, id, l, Use::Logo));
            card.logo_dark = c
                .logo_dark
                .as_deref()
                .map(|l| picture(site, id, l, Use::Logo));
            card.results = c.results.clone();
            card.tagline = term_labels(site, id, "industry").first().cloned();
        }
        Front::Advocate(a) => {
            card.author = Some(a.name.clone());
            card.role = a.role.clone();
            card.avatar = a
                .avatar
                .as_deref()
                .map(|a| picture(site, id, a, Use::Avatar));
            card.tagline = a.tier.clone();
        }
        Front::Event(_) => card.event = event_card(site, id),
        Front::Page(_) => {}
    }
    // "Head of Development, Bitpanda" is followed by the (linked) customer name anyway.
    if let (Some(role), Some(company)) = (&card.role, &card.customer_name) {
        card.role = Some(without_company(role, company));
    }
    card
}

/// A role without a trailing company name (", Acme", " at Acme", " @ Acme"), which
/// the card shows after the role in any case.
fn without_company(role: &str, company: &str) -> String {
    let lower = role.to_lowercase();
    let company = company.to_lowercase();
    for joiner in [", ", " at ", " @ ", " - ", " – "] {
        let tail = format!("{joiner}{company}");
        // (Only where lowercasing kept every byte in place.)
        if lower.len() == role.len() && lower.ends_with(&tail) && role.len() > tail.len() {
            return role[..role.len() - tail.len()].trim_end().to_string();
        }
    }
    role.to_string()
}

/// The card's library facets as `taxonomy:slug` words.
fn filters(item: &crate::site::Item) -> String {
    item.terms
        .iter()
        .filter(|(tax, _)| LIBRARY_FILTERS.contains(tax))
        .flat_map(|(tax, slugs)| slugs.iter().map(move |s| format!("{tax}:{s}")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The chips of an item's terms, taxonomy by taxonomy (cards show them, item pages
/// list them as facts).
pub(super) fn chips(site: &Site, id: ItemId) -> Vec<TermChip> {
    let item = &site.items[id];
    let mut out = Vec::new();
    for (t, tax) in site.taxonomies.iter().enumerate() {
        for slug in item.terms.get(tax.name).into_iter().flatten() {
            if let Some(term) = site.term(t, slug) {
                out.push(TermChip {
                    taxonomy: tax.name,
                    label: term.label.clone(),
                    url: site.link(&urls::term_dir(&tax.segment(), &term.slug)),
                });
            }
        }
    }
    out
}

/// The labels of an item's terms in one taxonomy.
pub fn term_labels(site: &Site, id: ItemId, taxonomy: &str) -> Vec<String> {
    chips(site, id)
        .into_iter()
        .filter(|c| c.taxonomy == taxonomy)
        .map(|c| c.label)
        .collect()
}

#[cfg(test)]
mod role_tests {
    use super::without_company;

    #[test]
    fn a_role_naming_the_company_loses_it() {
        assert_eq!(
            without_company("Head of Development, Bitpanda", "Bitpanda"),
            "Head of Development"
        );
        assert_eq!(without_company("CTO at ACME", "Acme"), "CTO");
        assert_eq!(without_company("Acme's CTO", "Acme"), "Acme's CTO");
        assert_eq!(without_company("CTO", "Acme"), "CTO");
    }
}

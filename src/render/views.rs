//! What templates see: typed view structs made from the `Site`, never the model itself.
//! A [`Card`] per item is made once and shared by every listing it appears in.

use super::Body;
use crate::content::kinds::{EventFormat, EventStatus, Kind};
use crate::content::values::{LabeledLink, ResultMetric};
use crate::content::Front;
pub use crate::images::Picture;
use crate::images::Use;
use crate::site::{urls, ItemId, Site};
use serde::Serialize;
use std::sync::Arc;

/// Site-wide values every template gets as `site`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteView {
    /// The site title.
    pub title: String,
    /// The site description.
    pub description: String,
    /// What a page without a description of its own says of itself: the site
    /// description, else "<title>: stories from our customers.", so no page has an
    /// empty one (search engines show it; Lighthouse's SEO audit fails an empty one).
    /// It reads no item, so the preview need not remake such pages when items change.
    pub summary: String,
    /// The `lang` attribute.
    pub language: String,
    /// The link prefix (`/` or `/project/`).
    pub base_path: String,
    /// The absolute base URL.
    pub base_url: String,
    /// Brand name shown in the header.
    pub brand_name: String,
    /// Brand logo.
    pub logo: Option<Picture>,
    /// Brand colour (`#rrggbb`).
    pub primary_color: Option<String>,
    /// Header links.
    pub nav: Vec<LinkView>,
    /// The search page's URL when the navigation does not link it: the footer does, so
    /// every page is reachable by links.
    pub search_link: Option<String>,
    /// Footer links.
    pub footer: Vec<LinkView>,
    /// The call to action.
    pub cta: Option<LinkView>,
    /// The stylesheet URL.
    pub css_url: String,
    /// The script URL.
    pub js_url: String,
    /// The site Atom feed URL.
    pub feed_url: String,
    /// The search page URL.
    pub search_url: String,
    /// The year of "now", for the footer.
    pub year: i16,
    /// The page icon: the brand logo, else the theme's. Declared on every page so no
    /// browser asks for a missing `/favicon.ico`.
    pub icon_url: String,
    /// Every taxonomy's list of terms, linked from the footer so each term page is
    /// reachable from any page without JavaScript.
    pub browse: Vec<LinkView>,
}

/// A link with its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkView {
    /// The link text.
    pub label: String,
    /// Where it goes (base path applied).
    pub url: String,
}

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
    /// schema.org JSON-LD, already escaped for a `<script>` element.
    pub json_ld: Option<String>,
    /// The section this page belongs to (`case-studies`), for the nav.
    pub section: String,
    /// The previous page of a listing (absolute), for `<link rel="prev">`.
    pub prev: Option<String>,
    /// The next page of a listing (absolute), for `<link rel="next">`.
    pub next: Option<String>,
}

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

/// An event's when and where, formatted in the event's time zone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventCard {
    /// `conference`, …
    pub kind: String,
    /// `scheduled`, `cancelled`, `postponed`, `moved-online`.
    pub status: String,
    /// "Cancelled", or empty when scheduled.
    pub status_label: String,
    /// "Tue, March 9, 2027" (or a range).
    pub date_display: String,
    /// "09:30 – 12:30", empty for all-day events.
    pub time_display: String,
    /// "CET (Europe/Berlin)", "UTC+01:00" or "UTC".
    pub zone_display: String,
    /// "Hall 4, Berlin, DE" or "Online".
    pub where_display: String,
    /// Start as ISO 8601 with offset (for `<time datetime>`).
    pub start_iso: String,
    /// End as ISO 8601 with offset.
    pub end_iso: Option<String>,
    /// The online address.
    pub online_url: Option<String>,
    /// Registration link (hidden for past or cancelled events).
    pub registration_url: Option<String>,
    /// The event's own page, shown before and after it.
    pub event_url: Option<String>,
    /// A recording, shown once the event is over.
    pub recording_url: Option<String>,
    /// The event's `.ics` file.
    pub ics_url: String,
    /// Whether it is still to come.
    pub upcoming: bool,
}

/// A labelled fact in a page's side panel ("Industry: Healthcare"). A taxonomy is one
/// fact however many terms the item has ("Product stage: Plan, Build, Release"), so the
/// panel never repeats a label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// What it is.
    pub label: String,
    /// Its value as text (terms joined with ", ").
    pub value: String,
    /// A link, if the value is one thing with a page.
    pub url: Option<String>,
    /// Each linked value (a term, the customer), in order; empty for plain values.
    pub links: Vec<FactLink>,
}

/// One linked value of a [`Fact`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactLink {
    /// The value shown.
    pub text: String,
    /// Its page.
    pub url: String,
}

impl Fact {
    fn plain(label: &str, value: String) -> Fact {
        Fact {
            label: label.into(),
            value,
            url: None,
            links: Vec::new(),
        }
    }

    fn linked(label: &str, links: Vec<FactLink>) -> Fact {
        let value = links
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let url = match links.as_slice() {
            [one] => Some(one.url.clone()),
            _ => None,
        };
        Fact {
            label: label.into(),
            value,
            url,
            links,
        }
    }
}

/// A titled group of cards (a customer's case studies), already rendered: each card's
/// HTML is made once per build and reused by every page that lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The heading.
    pub title: String,
    /// The kind of the cards (`case-study`), for styling.
    pub kind: &'static str,
    /// How many cards.
    pub count: usize,
    /// The cards' HTML, from the theme's `cards/<kind>.html`.
    pub html: String,
}

/// One line of a term page: an item named and linked, without its card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry<'a> {
    /// The title (a testimonial's or quote's author).
    pub title: &'a str,
    /// Its page or wall anchor.
    pub url: &'a str,
    /// The customer's name.
    pub customer: Option<&'a str>,
    /// The words of a testimonial or quote (they have no page of their own to say them).
    pub words: Option<&'a str>,
}

/// A term page's items of one kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryGroup<'a> {
    /// The heading ("Case studies").
    pub title: &'static str,
    /// The kind (`case-study`), for the heading's id.
    pub kind: &'static str,
    /// The items, in listing order.
    pub entries: Vec<Entry<'a>>,
}

impl<'a> Entry<'a> {
    /// The line of the item `card` shows.
    pub fn of(card: &'a Card) -> Entry<'a> {
        let quoted = matches!(card.kind, "testimonial" | "quote");
        Entry {
            title: &card.title,
            url: &card.url,
            customer: card.customer_name.as_deref(),
            words: quoted.then_some(card.summary.as_str()),
        }
    }
}

/// Where a listing page stands among its pages: the links a visitor (and a screen
/// reader, and a crawler without JavaScript) follows to every other page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paging {
    /// This page's number, from 1.
    pub number: usize,
    /// How many pages the listing has.
    pub count: usize,
    /// The previous page's URL.
    pub prev: Option<String>,
    /// The next page's URL.
    pub next: Option<String>,
    /// The numbered links: the first, the last, and two either side of this one, with a
    /// gap (`number: None`) where pages are left out.
    pub links: Vec<PageLink>,
}

/// One numbered link of a [`Paging`], or a gap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageLink {
    /// The page's number; `None` for a gap ("…").
    pub number: Option<usize>,
    /// The page's URL.
    pub url: String,
    /// Whether it is the page being shown.
    pub current: bool,
}

impl Paging {
    /// The paging of page `number` of `count`; `url_of` gives a page's URL.
    pub fn new(number: usize, count: usize, url_of: impl Fn(usize) -> String) -> Paging {
        let mut links = Vec::new();
        let near = |n: usize| n == 1 || n == count || n.abs_diff(number) <= 2;
        for n in 1..=count {
            if near(n) {
                links.push(PageLink {
                    number: Some(n),
                    url: url_of(n),
                    current: n == number,
                });
            } else if near(n - 1) {
                links.push(PageLink {
                    number: None,
                    url: String::new(),
                    current: false,
                });
            }
        }
        Paging {
            number,
            count,
            prev: (number > 1).then(|| url_of(number - 1)),
            next: (number < count).then(|| url_of(number + 1)),
            links,
        }
    }
}

/// A speaker at an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerView {
    /// Name.
    pub name: String,
    /// Role.
    pub role: Option<String>,
    /// Their advocate page.
    pub url: Option<String>,
    /// Their photo.
    pub avatar: Option<Picture>,
}

/// An item's own page. It borrows the cards and body it shows: they are serialized
/// into the template's context once, never copied first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemView<'a> {
    /// The card (title, customer, dates, …).
    pub card: &'a Card,
    /// The rendered body.
    pub body_html: &'a str,
    /// The `##` headings, for a table of contents.
    pub headings: Vec<HeadingView>,
    /// Side-panel facts.
    pub facts: Vec<Fact>,
    /// A case study's pull quote.
    pub pull_quote: Option<&'a Card>,
    /// The item's customer.
    pub customer: Option<&'a Card>,
    /// Related case studies, rendered.
    pub related_html: String,
    /// An event's speakers.
    pub speakers: Vec<SpeakerView>,
    /// Groups of related items (a customer's stories, an advocate's events).
    pub sections: Vec<Section>,
    /// An advocate's links.
    pub links: Vec<LabeledLink>,
    /// An advocate's topics.
    pub topics: Vec<String>,
    /// An advocate's activities, newest first.
    pub activities: Vec<ActivityView>,
    /// A customer's website.
    pub website: Option<String>,
}

/// One of an advocate's activities, as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityView {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// "March 9, 2026".
    pub date_display: String,
    /// "Talk", "Reference call"…
    pub kind_label: &'static str,
    /// What it was.
    pub title: String,
    /// A link to it.
    pub url: Option<String>,
}

/// A heading of the body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadingView {
    /// Its anchor.
    pub id: String,
    /// Its text.
    pub text: String,
}

/// A term with its page and how many items it has.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermLink {
    /// The term slug.
    pub slug: String,
    /// The label.
    pub label: String,
    /// The term page.
    pub url: String,
    /// How many items.
    pub count: usize,
}

/// A taxonomy with its terms, for filters and the taxonomy page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Facet {
    /// Field name (`company_size`).
    pub name: &'static str,
    /// The heading.
    pub title: String,
    /// The taxonomy's page.
    pub url: String,
    /// Its terms (those in use).
    pub terms: Vec<TermLink>,
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

/// Formats a date the way people read it: "March 9, 2026".
pub fn human_date(date: jiff::civil::Date) -> String {
    date.strftime("%B %-d, %Y").to_string()
}

/// What the home page says of itself when neither its intro nor the site has a
/// description: what the site holds ("Acme Stories: 40 case studies, 120 testimonials
/// and 8 events."). The home page is made again whenever any item changes.
pub fn holdings(site: &Site) -> String {
    let counts: Vec<String> = [Kind::CaseStudy, Kind::Testimonial, Kind::Quote, Kind::Event]
        .into_iter()
        .filter(|&k| !site.of_kind(k).is_empty())
        .map(|k| format!("{} {}", site.of_kind(k).len(), k.plural().to_lowercase()))
        .collect();
    match counts.as_slice() {
        [] => stories_of(&site.config.title),
        [one] => format!("{}: {one}.", site.config.title),
        [init @ .., last] => format!("{}: {} and {last}.", site.config.title, init.join(", ")),
    }
}

/// What a site says of itself when nothing else does ("Acme: stories from our
/// customers.").
fn stories_of(title: &str) -> String {
    format!("{title}: stories from our customers.")
}

impl SiteView {
    /// The site-wide view.
    pub fn new(site: &Site) -> SiteView {
        let c = &site.config;
        let link = |l: &crate::config::NavLink| LinkView {
            label: l.label.clone(),
            url: urls::resolve_configured(&site.base_path, &l.url),
        };
        let nav: Vec<LinkView> = c.nav.iter().map(link).collect();
        let search = site.link("search/");
        let search_link = (!nav.iter().any(|l| l.url == search)).then_some(search);
        SiteView {
            title: c.title.clone(),
            description: c.description.clone().unwrap_or_default(),
            summary: c
                .description
                .clone()
                .filter(|d| !d.trim().is_empty())
                .unwrap_or_else(|| stories_of(&c.title)),
            language: c.language.clone(),
            base_path: site.base_path.clone(),
            base_url: site.base_url.clone(),
            brand_name: c.brand.name.clone().unwrap_or_else(|| c.title.clone()),
            logo: c.brand.logo.as_deref().map(|l| brand_logo(site, l)),
            // Text and buttons in the brand colour stay readable (check_brand says so).
            primary_color: c
                .brand
                .primary
                .map(|color| crate::color::readable_on_white(color).hex())
                .or_else(|| c.brand.primary_color.clone()),
            nav,
            search_link,
            footer: c.footer.iter().map(link).collect(),
            cta: c.cta.as_ref().map(|cta| LinkView {
                label: cta.text.clone(),
                url: urls::resolve_configured(&site.base_path, &cta.url),
            }),
            css_url: site.link("assets/vouch.css"),
            js_url: site.link("assets/vouch.js"),
            feed_url: site.link("atom.xml"),
            search_url: site.link("search/"),
            year: site.now.to_zoned_datetime(jiff::tz::TimeZone::UTC).year(),
            icon_url: c.brand.logo.as_deref().map_or_else(
                || site.link("assets/icon.svg"),
                |l| urls::resolve_configured(&site.base_path, l),
            ),
            browse: site
                .taxonomies
                .iter()
                .filter(|t| t.terms.iter().any(|term| !term.items.is_empty()))
                .map(|t| LinkView {
                    label: t.title.clone(),
                    url: site.link(&format!("{}/", t.segment())),
                })
                .collect(),
        }
    }
}

/// A file field's URL: full URLs as they are, content paths with the base path.
pub fn file_url(site: &Site, id: ItemId, value: &str) -> String {
    if urls::is_external(value) {
        return value.to_string();
    }
    let item = &site.items[id];
    let path = crate::site::asset_path(&item.doc, value);
    // A bundle's files follow its page.
    match (&item.doc.bundle_dir, &item.dir) {
        (Some(bundle), Some(dir)) if path.starts_with(&format!("{bundle}/")) => {
            site.link(&format!("{dir}{}", &path[bundle.len() + 1..]))
        }
        _ => site.link(&path),
    }
}

/// How a page shows the picture a file field names: resized, in WebP with a fallback,
/// or a full URL as it is.
pub fn picture(site: &Site, id: ItemId, value: &str, use_: Use) -> Picture {
    let path = crate::site::asset_path(&site.items[id].doc, value);
    match urls::is_external(value) {
        true => None,
        false => site.images.picture(&path, use_, &|p| site.link(p)),
    }
    .unwrap_or_else(|| Picture::plain(file_url(site, id, value), use_))
}

/// The brand logo as the header shows it (at most 32 px).
fn brand_logo(site: &Site, logo: &str) -> Picture {
    let url = urls::resolve_configured(&site.base_path, logo);
    match urls::is_external(logo) {
        true => None,
        false => site
            .images
            .picture(logo.trim_start_matches('/'), Use::Avatar, &|p| site.link(p)),
    }
    .unwrap_or_else(|| Picture::plain(url, Use::Avatar))
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

fn filters(item: &crate::site::Item) -> String {
    item.terms
        .iter()
        .filter(|(tax, _)| crate::render::LIBRARY_FILTERS.contains(tax))
        .flat_map(|(tax, slugs)| slugs.iter().map(move |s| format!("{tax}:{s}")))
        .collect::<Vec<_>>()
        .join(" ")
}

fn chips(site: &Site, id: ItemId) -> Vec<TermChip> {
    let item = &site.items[id];
    let mut out = Vec::new();
    for (t, tax) in site.taxonomies.iter().enumerate() {
        for slug in item.terms.get(tax.name).into_iter().flatten() {
            if let Some(term) = site.term(t, slug) {
                out.push(TermChip {
                    taxonomy: tax.name,
                    label: term.label.clone(),
                    url: site.link(&format!("{}/{}/", tax.segment(), term.slug)),
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

fn event_card(site: &Site, id: ItemId) -> Option<EventCard> {
    let item = &site.items[id];
    let (Front::Event(ev), Some(schedule)) = (&item.doc.front, &item.schedule) else {
        return None;
    };
    let start = &schedule.start;
    let upcoming = schedule.finish() >= site.now;
    let same_day = schedule
        .end
        .as_ref()
        .is_none_or(|e| e.date() == start.date());
    let date_display = match &schedule.end {
        Some(end) if !same_day => format!(
            "{} – {}",
            start.strftime("%a, %B %-d"),
            end.strftime("%a, %B %-d, %Y")
        ),
        _ => start.strftime("%a, %B %-d, %Y").to_string(),
    };
    let time_display = if schedule.all_day {
        String::new()
    } else {
        // Several days show their opening and closing times: "09:00 – 17:30".
        match &schedule.end {
            Some(end) => format!("{} – {}", start.strftime("%H:%M"), end.strftime("%H:%M")),
            None => start.strftime("%H:%M").to_string(),
        }
    };
    let zone_display = match &schedule.zone_name {
        Some(name) => format!("{} ({name})", start.strftime("%Z")),
        // A zero offset is UTC itself: "UTC", not "UTC+00:00".
        None if start.offset().seconds() == 0 => "UTC".to_string(),
        None => format!("UTC{}", start.strftime("%:z")),
    };
    let place = ev.location.as_ref().map(|l| {
        [&l.venue, &l.city, &l.region, &l.country]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    });
    let place = place.filter(|p| !p.is_empty());
    let where_display = match (ev.attendance(), place) {
        (EventFormat::Online, _) => "Online".into(),
        (EventFormat::InPerson, Some(p)) => p,
        (EventFormat::Hybrid, Some(p)) => format!("{p} and online"),
        (EventFormat::InPerson, None) => "Place to be announced".into(),
        (EventFormat::Hybrid, None) => "Online, and in person at a place to be announced".into(),
    };
    let status = serde_json::to_value(ev.status).ok()?.as_str()?.to_string();
    let status_label = match ev.status {
        EventStatus::Scheduled => String::new(),
        EventStatus::Cancelled => "Cancelled".into(),
        EventStatus::Postponed => "Postponed".into(),
        EventStatus::MovedOnline => "Moved online".into(),
    };
    let open = upcoming && matches!(ev.status, EventStatus::Scheduled | EventStatus::MovedOnline);
    Some(EventCard {
        kind: serde_json::to_value(ev.kind).ok()?.as_str()?.to_string(),
        status,
        status_label,
        date_display,
        time_display,
        zone_display,
        where_display,
        start_iso: start.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        end_iso: schedule
            .end
            .as_ref()
            .map(|e| e.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()),
        online_url: ev
            .online_url
            .clone()
            .filter(|u| urls::is_safe_link(u) && open),
        registration_url: ev
            .registration_url
            .clone()
            .filter(|u| urls::is_safe_link(u) && open),
        event_url: ev.event_url.clone().filter(|u| urls::is_safe_link(u)),
        recording_url: ev
            .recording_url
            .clone()
            .filter(|u| urls::is_safe_link(u) && !upcoming),
        ics_url: format!("{}event.ics", item.url()),
        upcoming,
    })
}

/// Joins the rendered cards of `ids`.
pub fn cards_html(card_html: &[Arc<str>], ids: &[ItemId]) -> String {
    let mut out = String::with_capacity(ids.iter().map(|i| card_html[*i].len()).sum());
    for id in ids {
        out.push_str(&card_html[*id]);
    }
    out
}

/// A section of rendered cards.
pub fn section(title: &str, kind: Kind, ids: &[ItemId], card_html: &[Arc<str>]) -> Section {
    Section {
        title: title.to_string(),
        kind: kind.name(),
        count: ids.len(),
        html: cards_html(card_html, ids),
    }
}

/// Makes the view of an item's own page.
pub fn item_view<'a>(
    site: &Site,
    id: ItemId,
    cards: &'a [Arc<Card>],
    card_html: &[Arc<str>],
    bodies: &'a [Body],
) -> ItemView<'a> {
    let item = &site.items[id];
    let rel = &site.relations;
    let section = |title: &str, kind: Kind, ids: &[ItemId]| section(title, kind, ids, card_html);
    let mut view = ItemView {
        card: &cards[id],
        body_html: &bodies[id].html,
        headings: bodies[id]
            .headings
            .iter()
            .map(|(id, text)| HeadingView {
                id: id.clone(),
                text: text.clone(),
            })
            .collect(),
        facts: facts(site, id),
        pull_quote: rel.pull_quote.get(&id).map(|q| cards[*q].as_ref()),
        customer: item.customer.map(|c| cards[c].as_ref()),
        related_html: rel
            .related
            .get(&id)
            .map(|r| cards_html(card_html, r))
            .unwrap_or_default(),
        speakers: Vec::new(),
        sections: Vec::new(),
        links: Vec::new(),
        topics: Vec::new(),
        activities: Vec::new(),
        website: None,
    };
    match &item.doc.front {
        Front::Event(_) => {
            view.speakers = rel
                .speakers
                .get(&id)
                .into_iter()
                .flatten()
                .map(|s| SpeakerView {
                    name: s.name.clone(),
                    role: s.role.clone(),
                    url: s.advocate.map(|a| site.items[a].url().into_owned()),
                    avatar: s.advocate.and_then(|a| cards[a].avatar.clone()),
                })
                .collect();
            let customers = rel.event_customers.get(&id).cloned().unwrap_or_default();
            if !customers.is_empty() {
                view.sections
                    .push(section("Customers taking part", Kind::Customer, &customers));
            }
        }
        Front::Customer(c) => {
            view.website = c.website.clone().filter(|u| urls::is_safe_link(u));
            if let Some(of) = rel.of_customer.get(&id) {
                let groups = [
                    ("Case studies", Kind::CaseStudy, &of.case_studies),
                    ("Testimonials", Kind::Testimonial, &of.testimonials),
                    ("Quotes", Kind::Quote, &of.quotes),
                    ("Events", Kind::Event, &of.events),
                    ("Advocates", Kind::Advocate, &of.advocates),
                ];
                for (title, kind, ids) in groups {
                    if !ids.is_empty() {
                        view.sections.push(section(title, kind, ids));
                    }
                }
            }
        }
        Front::Advocate(a) => {
            view.links = a
                .links
                .iter()
                .filter(|l| urls::is_safe_link(&l.url))
                .cloned()
                .collect();
            view.topics = a.topics.clone();
            let mut activities = a.activities.clone();
            activities.sort_by_key(|a| std::cmp::Reverse(a.date.0));
            view.activities = activities
                .into_iter()
                .map(|act| ActivityView {
                    date: act.date.0.to_string(),
                    date_display: human_date(act.date.0),
                    kind_label: act.kind.label(),
                    title: act.title,
                    url: act.url.filter(|u| urls::is_safe_link(u)),
                })
                .collect();
            if let Some(events) = rel.events_of_advocate.get(&id) {
                view.sections
                    .push(section("Speaking at", Kind::Event, events));
            }
        }
        _ => {}
    }
    view
}

fn facts(site: &Site, id: ItemId) -> Vec<Fact> {
    let item = &site.items[id];
    let mut facts = Vec::new();
    if let Some(c) = item.customer {
        let customer = FactLink {
            text: site.items[c].title.clone(),
            url: site.items[c].url().into_owned(),
        };
        facts.push(Fact::linked("Customer", vec![customer]));
    }
    let chips = chips(site, id);
    for tax in site.taxonomies.iter() {
        let links: Vec<FactLink> = chips
            .iter()
            .filter(|c| c.taxonomy == tax.name)
            .map(|c| FactLink {
                text: c.label.clone(),
                url: c.url.clone(),
            })
            .collect();
        if !links.is_empty() {
            facts.push(Fact::linked(&tax.title, links));
        }
    }
    match &item.doc.front {
        Front::Customer(c) => {
            if let Some(since) = c.since {
                facts.push(Fact::plain("Customer since", since.0.year().to_string()));
            }
        }
        Front::Advocate(a) => {
            if let Some(tier) = &a.tier {
                facts.push(Fact::plain("Tier", tier.clone()));
            }
            if let Some(joined) = a.joined {
                facts.push(Fact::plain("Member since", human_date(joined.0)));
            }
        }
        _ => {}
    }
    facts
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

#[cfg(test)]
mod paging_tests {
    use super::Paging;

    /// The numbers shown (`0` for a gap).
    fn shown(p: &Paging) -> Vec<usize> {
        p.links.iter().map(|l| l.number.unwrap_or(0)).collect()
    }

    #[test]
    fn page_links_show_the_ends_and_two_either_side_with_gaps_between() {
        let url = |n: usize| format!("/q/page/{n}/");
        let middle = Paging::new(5, 10, url);
        assert_eq!(shown(&middle), [1, 0, 3, 4, 5, 6, 7, 0, 10]);
        assert_eq!(middle.prev.as_deref(), Some("/q/page/4/"));
        assert_eq!(middle.next.as_deref(), Some("/q/page/6/"));
        assert!(middle
            .links
            .iter()
            .filter(|l| l.current)
            .eq([&middle.links[4]]));
        let first = Paging::new(1, 10, url);
        assert_eq!(shown(&first), [1, 2, 3, 0, 10]);
        assert!(first.prev.is_none());
        // Two either side of 4 reach both ends of 7 pages: no gap.
        assert_eq!(shown(&Paging::new(4, 7, url)), [1, 2, 3, 4, 5, 6, 7]);
        let last = Paging::new(10, 10, url);
        assert_eq!(shown(&last), [1, 0, 8, 9, 10]);
        assert!(last.next.is_none());
        assert_eq!(shown(&Paging::new(1, 1, url)), [1]);
    }
}

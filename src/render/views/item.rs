//! An item's own page: its card and body, side-panel facts, and what relates to it
//! (a case study's quote, an event's speakers, a customer's stories, an advocate's
//! activities).

use super::card::{chips, human_date, Card};
use super::listing::{cards_html, section, Section};
use crate::content::kinds::{self, Kind};
use crate::content::values::LabeledLink;
use crate::content::Front;
use crate::images::Picture;
use crate::render::body::Body;
use crate::site::{urls, ItemId, Site};
use serde::Serialize;
use std::sync::Arc;

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
        Front::Event(_) => event_parts(&mut view, site, id, cards, card_html),
        Front::Customer(c) => customer_parts(&mut view, site, id, c, card_html),
        Front::Advocate(a) => advocate_parts(&mut view, site, id, a, card_html),
        _ => {}
    }
    view
}

/// An event's speakers and the customers taking part.
fn event_parts(
    view: &mut ItemView<'_>,
    site: &Site,
    id: ItemId,
    cards: &[Arc<Card>],
    card_html: &[Arc<str>],
) {
    let rel = &site.relations;
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
        view.sections.push(section(
            "Customers taking part",
            Kind::Customer,
            &customers,
            card_html,
        ));
    }
}

/// A customer's website and its stories, kind by kind.
fn customer_parts(
    view: &mut ItemView<'_>,
    site: &Site,
    id: ItemId,
    c: &kinds::Customer,
    card_html: &[Arc<str>],
) {
    let rel = &site.relations;
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
                view.sections.push(section(title, kind, ids, card_html));
            }
        }
    }
}

/// An advocate's links, topics, activities (newest first) and the events they speak at.
fn advocate_parts(
    view: &mut ItemView<'_>,
    site: &Site,
    id: ItemId,
    a: &kinds::Advocate,
    card_html: &[Arc<str>],
) {
    let rel = &site.relations;
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
            .push(section("Speaking at", Kind::Event, events, card_html));
    }
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

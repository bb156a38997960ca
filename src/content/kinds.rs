//! One front matter struct per kind of content. Their doc comments are the field
//! reference: unknown fields are errors, required fields have no default.
//!
//! Every kind repeats the common fields (title, date, draft, tags, featured, slug,
//! description, image) because serde refuses `deny_unknown_fields` with `flatten`.

use super::values::{
    Activity, Approval, Day, EventTime, LabeledLink, Location, ResultMetric, Speaker, Terms,
};
use serde::{Deserialize, Serialize};

/// The kinds of content, each with its folder under `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A customer's story: challenge, solution, results.
    CaseStudy,
    /// A customer's review of the product.
    Testimonial,
    /// A short, quotable sentence from a customer.
    Quote,
    /// A tradeshow, conference, webinar or meetup.
    Event,
    /// A customer company's profile.
    Customer,
    /// A person in the advocacy program.
    Advocate,
    /// Any other page (about, join the program).
    Page,
}

impl Kind {
    /// Every kind, in the order the site shows them.
    pub const ALL: [Kind; 7] = [
        Kind::CaseStudy,
        Kind::Testimonial,
        Kind::Quote,
        Kind::Event,
        Kind::Customer,
        Kind::Advocate,
        Kind::Page,
    ];

    /// The folder under `content/` (and the URL section) of this kind; pages have none.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::CaseStudy => "case-studies",
            Kind::Testimonial => "testimonials",
            Kind::Quote => "quotes",
            Kind::Event => "events",
            Kind::Customer => "customers",
            Kind::Advocate => "advocates",
            Kind::Page => "",
        }
    }

    /// The kind whose folder is `folder`, if any.
    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| *k != Kind::Page && k.folder() == folder)
    }

    /// The kind's name on the command line (`vouch new case-study`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::CaseStudy => "case-study",
            Kind::Testimonial => "testimonial",
            Kind::Quote => "quote",
            Kind::Event => "event",
            Kind::Customer => "customer",
            Kind::Advocate => "advocate",
            Kind::Page => "page",
        }
    }

    /// The kind's name for people, e.g. "Case study".
    pub fn label(self) -> &'static str {
        match self {
            Kind::CaseStudy => "Case study",
            Kind::Testimonial => "Testimonial",
            Kind::Quote => "Quote",
            Kind::Event => "Event",
            Kind::Customer => "Customer",
            Kind::Advocate => "Advocate",
            Kind::Page => "Page",
        }
    }

    /// The plural, for section titles, e.g. "Case studies".
    pub fn plural(self) -> &'static str {
        match self {
            Kind::CaseStudy => "Case studies",
            Kind::Testimonial => "Testimonials",
            Kind::Quote => "Quotes",
            Kind::Event => "Events",
            Kind::Customer => "Customers",
            Kind::Advocate => "Advocates",
            Kind::Page => "Pages",
        }
    }

    /// Fields this kind requires that its struct leaves optional: the publishing rules
    /// check them after parsing (so a missing title is reported with the file's other
    /// problems), and the JSON Schema and docs/reference.md mark them required from
    /// this same list.
    pub fn required_after_parsing(self) -> &'static [&'static str] {
        match self {
            Kind::CaseStudy => &["title", "date"],
            Kind::Testimonial | Kind::Quote => &["date"],
            Kind::Event | Kind::Page => &["title"],
            Kind::Customer | Kind::Advocate => &[],
        }
    }

    /// Whether an item of this kind gets a page of its own (testimonials and quotes live
    /// on their walls).
    pub fn has_own_page(self) -> bool {
        !matches!(self, Kind::Testimonial | Kind::Quote)
    }
}

/// A customer's story. File: `content/case-studies/<slug>.md`; the body is the story
/// (challenge, solution, results).
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseStudy {
    /// The headline.
    #[serde(default)]
    pub title: Option<String>,
    /// Publication date, YYYY-MM-DD; a future date is scheduled.
    #[serde(default)]
    pub date: Option<Day>,
    /// A draft is left out unless built with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Free tags.
    #[serde(default)]
    pub tags: Terms,
    /// Shown first on the home page and in listings.
    #[serde(default)]
    pub featured: bool,
    /// The URL segment, instead of the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Description for search engines and link previews (default: the summary).
    #[serde(default)]
    pub description: Option<String>,
    /// An image for cards and link previews.
    #[serde(default)]
    pub image: Option<String>,
    /// The customer's slug (the file name in `content/customers/`).
    pub customer: String,
    /// One or two sentences shown on cards and at the top of the page.
    pub summary: String,
    /// Who wrote the story, when it is credited to a person (search engines' `author`;
    /// otherwise the customer is named as its author).
    #[serde(default)]
    pub author: Option<String>,
    /// Industry term (default: the customer's).
    #[serde(default)]
    pub industry: Terms,
    /// Company size term (default: the customer's).
    #[serde(default)]
    pub company_size: Terms,
    /// Region term (default: the customer's).
    #[serde(default)]
    pub region: Terms,
    /// The product stages the customer uses.
    #[serde(default)]
    pub stages: Terms,
    /// Customer lifecycle stages the story speaks to.
    #[serde(default)]
    pub lifecycle: Terms,
    /// Headline results, as `{metric, value}`.
    #[serde(default)]
    pub results: Vec<ResultMetric>,
    /// The slug of a Quote shown as the pull quote.
    #[serde(default)]
    pub quote: Option<String>,
    /// The customer's permission to publish.
    #[serde(default)]
    pub approval: Option<Approval>,
}

/// A customer's review. File: `content/testimonials/<slug>.md`; the body is the review.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Testimonial {
    /// A heading (default: the author and customer).
    #[serde(default)]
    pub title: Option<String>,
    /// When it was given, YYYY-MM-DD.
    #[serde(default)]
    pub date: Option<Day>,
    /// A draft is left out unless built with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Free tags.
    #[serde(default)]
    pub tags: Terms,
    /// Shown on the home page.
    #[serde(default)]
    pub featured: bool,
    /// The identifier used in shortcodes, instead of the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Description for search engines.
    #[serde(default)]
    pub description: Option<String>,
    /// An image.
    #[serde(default)]
    pub image: Option<String>,
    /// Who said it.
    pub author: String,
    /// Their job title.
    #[serde(default)]
    pub role: Option<String>,
    /// Their company's slug.
    #[serde(default)]
    pub customer: Option<String>,
    /// Star rating, 1 to 5.
    #[serde(default)]
    pub rating: Option<i64>,
    /// Where it was given, e.g. G2 or "Customer survey".
    #[serde(default)]
    pub source: Option<String>,
    /// A link to the original review.
    #[serde(default)]
    pub source_url: Option<String>,
    /// A photo of the author.
    #[serde(default)]
    pub avatar: Option<String>,
    /// The customer's permission to publish.
    #[serde(default)]
    pub approval: Option<Approval>,
}

/// A short quotable sentence. File: `content/quotes/<slug>.md`; the body is the quote
/// (a warning above 280 characters).
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// A heading (default: the author and customer).
    #[serde(default)]
    pub title: Option<String>,
    /// When it was said, YYYY-MM-DD.
    #[serde(default)]
    pub date: Option<Day>,
    /// A draft is left out unless built with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Free tags.
    #[serde(default)]
    pub tags: Terms,
    /// Shown on the home page.
    #[serde(default)]
    pub featured: bool,
    /// The identifier used in shortcodes, instead of the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Description for search engines.
    #[serde(default)]
    pub description: Option<String>,
    /// An image.
    #[serde(default)]
    pub image: Option<String>,
    /// Who said it.
    pub author: String,
    /// Their job title.
    #[serde(default)]
    pub role: Option<String>,
    /// Their company's slug.
    #[serde(default)]
    pub customer: Option<String>,
    /// The customer's permission to publish.
    #[serde(default)]
    pub approval: Option<Approval>,
}

/// What sort of event it is. Written in any case, and by the names programmes use
/// (`Webcast` is a webinar, `Virtual Conference` a conference, `Community Event` a
/// meetup): how it is attended is `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    /// A trade show with a booth.
    Tradeshow,
    /// A conference with talks.
    Conference,
    /// A seminar.
    Seminar,
    /// A hands-on workshop.
    Workshop,
    /// An online presentation.
    Webinar,
    /// A community meetup.
    Meetup,
}

impl<'de> Deserialize<'de> for EventKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let written = String::deserialize(d)?;
        let words = written
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let words = words
            .trim_start_matches("virtual ")
            .trim_start_matches("online ")
            .trim_start_matches("in person ");
        Ok(match words {
            "tradeshow" | "trade show" | "expo" | "exhibition" => EventKind::Tradeshow,
            "conference" | "summit" => EventKind::Conference,
            "seminar" => EventKind::Seminar,
            "workshop" | "training" | "hands on workshop" => EventKind::Workshop,
            "webinar" | "webcast" | "livestream" | "live stream" => EventKind::Webinar,
            "meetup" | "meet up" | "community event" | "user group" => EventKind::Meetup,
            _ => {
                return Err(serde::de::Error::unknown_variant(
                    &written,
                    &[
                        "tradeshow",
                        "conference",
                        "seminar",
                        "workshop",
                        "webinar",
                        "meetup",
                    ],
                ))
            }
        })
    }
}

/// How people attend an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EventFormat {
    /// At a place (which may not be announced yet).
    InPerson,
    /// Online only.
    Online,
    /// At a place and online.
    Hybrid,
}

impl<'de> Deserialize<'de> for EventFormat {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let written = String::deserialize(d)?;
        let word: String = written
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        Ok(match word.as_str() {
            "inperson" | "onsite" | "offline" => EventFormat::InPerson,
            "online" | "virtual" | "remote" => EventFormat::Online,
            "hybrid" => EventFormat::Hybrid,
            _ => {
                return Err(serde::de::Error::unknown_variant(
                    &written,
                    &["in-person", "online", "hybrid"],
                ))
            }
        })
    }
}

/// Whether an event goes ahead as planned.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum EventStatus {
    /// Goes ahead as announced.
    #[default]
    Scheduled,
    /// Called off.
    Cancelled,
    /// Moved to a later date not yet known.
    Postponed,
    /// Takes place online instead of in person.
    MovedOnline,
}

/// An event. File: `content/events/<slug>.md`; the body is the description and agenda.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The event's name.
    #[serde(default)]
    pub title: Option<String>,
    /// Publication date (optional for events).
    #[serde(default)]
    pub date: Option<Day>,
    /// A draft is left out unless built with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Free tags.
    #[serde(default)]
    pub tags: Terms,
    /// Shown on the home page.
    #[serde(default)]
    pub featured: bool,
    /// The URL segment, instead of the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Description for search engines and link previews.
    #[serde(default)]
    pub description: Option<String>,
    /// An image for cards and link previews.
    #[serde(default)]
    pub image: Option<String>,
    /// tradeshow, conference, seminar, workshop, webinar or meetup.
    pub kind: EventKind,
    /// When it starts: `2027-03-09T09:30:00` (with `timezone`), or with an offset
    /// `2027-03-09T09:30:00+01:00`, or a date for an all-day event.
    pub start: EventTime,
    /// When it ends (same forms as `start`).
    #[serde(default)]
    pub end: Option<EventTime>,
    /// The IANA time zone (e.g. `Europe/Berlin`) of `start` and `end`, in which times
    /// are shown.
    #[serde(default)]
    pub timezone: Option<String>,
    /// in-person, online or hybrid (default: from `location` and `online_url`). An
    /// in-person event without a `location` yet shows "Place to be announced".
    #[serde(default)]
    pub format: Option<EventFormat>,
    /// Where it takes place in person: `{venue, city, region, country}`.
    #[serde(default)]
    pub location: Option<Location>,
    /// The programme region it serves (`EMEA`, `North America`): the same taxonomy as a
    /// customer's, so `/region/emea/` lists the region's events too. (The state or
    /// province of the venue is `location.region`.)
    #[serde(default)]
    pub region: Terms,
    /// The address to join online.
    #[serde(default)]
    pub online_url: Option<String>,
    /// Where to register (shown until the event is over).
    #[serde(default)]
    pub registration_url: Option<String>,
    /// The event's own page, linked before and after it takes place.
    #[serde(default)]
    pub event_url: Option<String>,
    /// A recording, linked once the event is over.
    #[serde(default)]
    pub recording_url: Option<String>,
    /// scheduled (default), cancelled, postponed or moved-online.
    #[serde(default)]
    pub status: EventStatus,
    /// Advocate slugs, or `{name, role}` for speakers from outside the program.
    #[serde(default)]
    pub speakers: Vec<Speaker>,
    /// Slugs of the customers taking part.
    #[serde(default)]
    pub customers: Vec<String>,
}

impl Event {
    /// How people attend it: `moved-online` wins, then `format`, else what the fields
    /// say (a place and a link: hybrid; a place: in person; otherwise online).
    pub fn attendance(&self) -> EventFormat {
        if self.status == EventStatus::MovedOnline {
            return EventFormat::Online;
        }
        match (
            self.format,
            self.location.is_some(),
            self.online_url.is_some(),
        ) {
            (Some(format), _, _) => format,
            (None, true, true) => EventFormat::Hybrid,
            (None, true, false) => EventFormat::InPerson,
            (None, false, _) => EventFormat::Online,
        }
    }
}

/// A customer company. File: `content/customers/<slug>.md`; the body is its profile.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// A page title (default: the name).
    #[serde(default)]
    pub title: Option<String>,
    /// Publication date.
    #[serde(default)]
    pub date: Option<Day>,
    /// A draft is left out unless built with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Free tags.
    #[serde(default)]
    pub tags: Terms,
    /// Shown in the home page's logo wall first.
    #[serde(default)]
    pub featured: bool,
    /// The URL segment and the slug other content refers to, instead of the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Description for search engines.
    #[serde(default)]
    pub description: Option<String>,
    /// An image for link previews.
    #[serde(default)]
    pub image: Option<String>,
    /// The company's name.
    pub name: String,
    /// Path of the logo, e.g. `/logos/acme.svg`.
    #[serde(default)]
    pub logo: Option<String>,
    /// The logo for dark backgrounds (shown when the reader's system is in dark mode).
    #[serde(default)]
    pub logo_dark: Option<String>,
    /// Results across the customer's work with you, as `{metric, value}`, shown on its
    /// profile.
    #[serde(default)]
    pub results: Vec<ResultMetric>,
    /// The company's website.
    #[serde(default)]
    pub website: Option<String>,
    /// Industry term.
    #[serde(default)]
    pub industry: Terms,
    /// Company size term.
    #[serde(default)]
    pub company_size: Terms,
    /// Region term.
    #[serde(default)]
    pub region: Terms,
    /// Customer since, YYYY-MM-DD.
    #[serde(default)]
    pub since: Option<Day>,
}

/// A person in the advocacy program. File: `content/advocates/<slug>.md`; the body is
/// their bio.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Advocate {
    /// A page title (default: the name).
    #[serde(default)]
    pub title: Option<String>,
    /// Publication date.
    #[serde(default)]
    pub date: Option<Day>,
    /// A draft is left out unless built with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Free tags.
    #[serde(default)]
    pub tags: Terms,
    /// Shown in the home page's spotlight.
    #[serde(default)]
    pub featured: bool,
    /// The URL segment and the slug events refer to, instead of the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Description for search engines.
    #[serde(default)]
    pub description: Option<String>,
    /// An image for link previews.
    #[serde(default)]
    pub image: Option<String>,
    /// Full name.
    pub name: String,
    /// Job title.
    #[serde(default)]
    pub role: Option<String>,
    /// Their company's slug.
    #[serde(default)]
    pub customer: Option<String>,
    /// A photo.
    #[serde(default)]
    pub avatar: Option<String>,
    /// When they joined the program, YYYY-MM-DD.
    #[serde(default)]
    pub joined: Option<Day>,
    /// Their program level, e.g. Champion.
    #[serde(default)]
    pub tier: Option<String>,
    /// What they speak and write about.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Their profiles elsewhere, as `{label, url}`.
    #[serde(default)]
    pub links: Vec<LabeledLink>,
    /// What they did for the program, dated: `{date, kind, title, url}` with kind talk,
    /// post, contribution, reference-call or other (newest shown first).
    #[serde(default)]
    pub activities: Vec<Activity>,
}

/// Any other page. File: any `.md` outside the kinds' folders.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// The page's title.
    #[serde(default)]
    pub title: Option<String>,
    /// Publication date.
    #[serde(default)]
    pub date: Option<Day>,
    /// A draft is left out unless built with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Free tags.
    #[serde(default)]
    pub tags: Terms,
    /// Unused for pages; accepted for symmetry.
    #[serde(default)]
    pub featured: bool,
    /// The URL segment, instead of the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Description for search engines and link previews.
    #[serde(default)]
    pub description: Option<String>,
    /// An image for link previews.
    #[serde(default)]
    pub image: Option<String>,
}

/// A parsed front matter block of any kind.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Front {
    /// See [`CaseStudy`].
    CaseStudy(CaseStudy),
    /// See [`Testimonial`].
    Testimonial(Testimonial),
    /// See [`Quote`].
    Quote(Quote),
    /// See [`Event`].
    Event(Event),
    /// See [`Customer`].
    Customer(Customer),
    /// See [`Advocate`].
    Advocate(Advocate),
    /// See [`Page`].
    Page(Page),
}

/// The fields every kind has, borrowed from whichever kind it is.
#[derive(Debug, Clone, Copy)]
pub struct Common<'a> {
    /// `title`.
    pub title: Option<&'a str>,
    /// `date`.
    pub date: Option<Day>,
    /// `draft`.
    pub draft: bool,
    /// `tags`.
    pub tags: &'a Terms,
    /// `featured`.
    pub featured: bool,
    /// `slug`.
    pub slug: Option<&'a str>,
    /// `description`.
    pub description: Option<&'a str>,
    /// `image`.
    pub image: Option<&'a str>,
}

macro_rules! common_of {
    ($f:expr) => {
        Common {
            title: $f.title.as_deref(),
            date: $f.date,
            draft: $f.draft,
            tags: &$f.tags,
            featured: $f.featured,
            slug: $f.slug.as_deref(),
            description: $f.description.as_deref(),
            image: $f.image.as_deref(),
        }
    };
}

impl Front {
    /// Parses a front matter block as `kind`, whose schema requires `required` (the
    /// caller reads them from [`crate::schema::required_fields`], which is made from
    /// these types: the schema depends on the kinds, never the other way).
    pub fn parse(
        kind: Kind,
        yaml: &str,
        path: &std::path::Path,
        first_line: usize,
        required: &[&str],
    ) -> Result<Front, Vec<crate::diagnostics::Diagnostic>> {
        macro_rules! parse {
            () => {
                crate::yaml::parse_every_field(yaml, path, first_line, required)?
            };
        }
        Ok(match kind {
            Kind::CaseStudy => Front::CaseStudy(parse!()),
            Kind::Testimonial => Front::Testimonial(parse!()),
            Kind::Quote => Front::Quote(parse!()),
            Kind::Event => Front::Event(parse!()),
            Kind::Customer => Front::Customer(parse!()),
            Kind::Advocate => Front::Advocate(parse!()),
            Kind::Page => Front::Page(parse!()),
        })
    }

    /// The fields all kinds share.
    pub fn common(&self) -> Common<'_> {
        match self {
            Front::CaseStudy(f) => common_of!(f),
            Front::Testimonial(f) => common_of!(f),
            Front::Quote(f) => common_of!(f),
            Front::Event(f) => common_of!(f),
            Front::Customer(f) => common_of!(f),
            Front::Advocate(f) => common_of!(f),
            Front::Page(f) => common_of!(f),
        }
    }

    /// Which kind this is.
    pub fn kind(&self) -> Kind {
        match self {
            Front::CaseStudy(_) => Kind::CaseStudy,
            Front::Testimonial(_) => Kind::Testimonial,
            Front::Quote(_) => Kind::Quote,
            Front::Event(_) => Kind::Event,
            Front::Customer(_) => Kind::Customer,
            Front::Advocate(_) => Kind::Advocate,
            Front::Page(_) => Kind::Page,
        }
    }

    /// The approval, for kinds that carry one.
    pub fn approval(&self) -> Option<&Approval> {
        match self {
            Front::CaseStudy(f) => f.approval.as_ref(),
            Front::Testimonial(f) => f.approval.as_ref(),
            Front::Quote(f) => f.approval.as_ref(),
            _ => None,
        }
    }

    /// The customer slug the item is attributed to, for kinds that have one.
    pub fn customer(&self) -> Option<&str> {
        match self {
            Front::CaseStudy(f) => Some(&f.customer),
            Front::Testimonial(f) => f.customer.as_deref(),
            Front::Quote(f) => f.customer.as_deref(),
            Front::Advocate(f) => f.customer.as_deref(),
            _ => None,
        }
    }
}

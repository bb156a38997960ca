//! schema.org JSON-LD for each kind, so search engines understand the pages: a case
//! study is an Article, an event an Event, a customer an Organization, an advocate a
//! Person. Testimonials are Reviews without AggregateRating: search engines treat a
//! site's reviews of itself as self-serving, so vouch never claims a star rating.

use super::views::ItemView;
use crate::content::kinds::{EventFormat, EventStatus, Kind};
use crate::content::Front;
use crate::site::{ItemId, Site};
use serde_json::{json, Value};

/// JSON made safe inside `<script type="application/ld+json">`: no value can close the
/// element or open a comment.
pub fn script_safe(mut value: Value) -> String {
    drop_nulls(&mut value);
    to_script(&value)
}

/// `value` as JSON for a `<script>` element. `<`, `>` and `&` only occur inside JSON
/// strings, where `\u003c`… mean the same: they are escaped as the JSON is written, in
/// one pass.
fn to_script(value: &impl serde::Serialize) -> String {
    struct Escaping(Vec<u8>);
    impl std::io::Write for Escaping {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            let mut plain = 0;
            for (at, b) in bytes.iter().enumerate() {
                let escaped: &[u8] = match b {
                    b'<' => b"\\u003c",
                    b'>' => b"\\u003e",
                    b'&' => b"\\u0026",
                    _ => continue,
                };
                self.0.extend_from_slice(&bytes[plain..at]);
                self.0.extend_from_slice(escaped);
                plain = at + 1;
            }
            self.0.extend_from_slice(&bytes[plain..]);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut out = Escaping(Vec::new());
    serde_json::to_writer(&mut out, value).expect("JSON values always serialize");
    String::from_utf8(out.0).expect("JSON is UTF-8")
}

/// Drops absent (null) properties in place: schema.org readers expect a property or none.
fn drop_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// The home page: a WebSite.
pub fn website(site: &Site) -> Option<Value> {
    Some(json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site.config.title,
        "url": site.base_url,
        "description": site.config.description,
        // The search page reads ?q=, so search engines may offer a search box.
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": format!("{}?q={{search_term_string}}", site.absolute(&site.link("search/"))),
            },
            "query-input": "required name=search_term_string",
        },
    }))
}

/// The testimonial wall and the quote bank: every testimonial as a `Review` of the
/// brand (with its rating, but never an `AggregateRating`: search engines treat a site's
/// ratings of itself as self-serving), every quote as a `Quotation`. Walls hold
/// thousands of items: the JSON is written straight from borrowed values (keys in
/// sorted order, absent properties left out), already safe for `<script>`.
pub fn wall(site: &Site, ids: &[ItemId], bodies: &[super::body::Body]) -> Option<String> {
    let brand = site
        .config
        .brand
        .name
        .as_deref()
        .unwrap_or(&site.config.title);
    let reviewed = Org {
        kind: "Organization",
        name: brand,
        url: Some(&site.base_url),
    };
    let elements: Vec<wall::ListItem<'_>> = ids
        .iter()
        .enumerate()
        .filter_map(|(position, &id)| {
            let item = &site.items[id];
            let org = item.customer.map(|c| Org {
                kind: "Organization",
                name: &site.items[c].title,
                url: None,
            });
            let text = bodies[id].summary.as_str();
            let url = site.absolute(&item.url());
            let date = item.date.map(|d| d.to_string());
            let thing = match &item.doc.front {
                Front::Testimonial(t) => wall::Thing::Review(wall::Review {
                    kind: "Review",
                    author: Person {
                        kind: "Person",
                        job_title: t.role.as_deref(),
                        name: &t.author,
                        works_for: org,
                    },
                    date,
                    reviewed: reviewed.clone(),
                    body: text,
                    rating: t.rating.map(|r| wall::Rating {
                        kind: "Rating",
                        best: 5,
                        value: r,
                        worst: 1,
                    }),
                    url,
                }),
                Front::Quote(q) => wall::Thing::Quotation(wall::Quotation {
                    kind: "Quotation",
                    date,
                    spoken_by: Person {
                        kind: "Person",
                        job_title: q.role.as_deref(),
                        name: &q.author,
                        works_for: org,
                    },
                    text,
                    url,
                }),
                _ => return None,
            };
            Some(wall::ListItem {
                kind: "ListItem",
                item: thing,
                position: position + 1,
            })
        })
        .collect();
    Some(to_script(&wall::ItemList {
        context: "https://schema.org",
        kind: "ItemList",
        number_of_items: elements.len(),
        elements,
    }))
}

/// An organization named in JSON-LD.
#[derive(serde::Serialize, Clone)]
struct Org<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// A person named in JSON-LD.
#[derive(serde::Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "jobTitle", skip_serializing_if = "Option::is_none")]
    job_title: Option<&'a str>,
    name: &'a str,
    #[serde(rename = "worksFor", skip_serializing_if = "Option::is_none")]
    works_for: Option<Org<'a>>,
}

/// The walls' JSON-LD, field by field in the order `serde_json::Value` writes keys.
mod wall {
    use super::{Org, Person};
    use serde::Serialize;

    #[derive(Serialize)]
    pub(super) struct ItemList<'a> {
        #[serde(rename = "@context")]
        pub context: &'static str,
        #[serde(rename = "@type")]
        pub kind: &'static str,
        #[serde(rename = "itemListElement")]
        pub elements: Vec<ListItem<'a>>,
        #[serde(rename = "numberOfItems")]
        pub number_of_items: usize,
    }

    #[derive(Serialize)]
    pub(super) struct ListItem<'a> {
        #[serde(rename = "@type")]
        pub kind: &'static str,
        pub item: Thing<'a>,
        pub position: usize,
    }

    #[derive(Serialize)]
    #[serde(untagged)]
    pub(super) enum Thing<'a> {
        Review(Review<'a>),
        Quotation(Quotation<'a>),
    }

    #[derive(Serialize)]
    pub(super) struct Review<'a> {
        #[serde(rename = "@type")]
        pub kind: &'static str,
        pub author: Person<'a>,
        #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
        pub date: Option<String>,
        #[serde(rename = "itemReviewed")]
        pub reviewed: Org<'a>,
        #[serde(rename = "reviewBody")]
        pub body: &'a str,
        #[serde(rename = "reviewRating", skip_serializing_if = "Option::is_none")]
        pub rating: Option<Rating>,
        pub url: String,
    }

    #[derive(Serialize)]
    pub(super) struct Rating {
        #[serde(rename = "@type")]
        pub kind: &'static str,
        #[serde(rename = "bestRating")]
        pub best: u8,
        #[serde(rename = "ratingValue")]
        pub value: i64,
        #[serde(rename = "worstRating")]
        pub worst: u8,
    }

    #[derive(Serialize)]
    pub(super) struct Quotation<'a> {
        #[serde(rename = "@type")]
        pub kind: &'static str,
        #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
        pub date: Option<String>,
        #[serde(rename = "spokenByCharacter")]
        pub spoken_by: Person<'a>,
        pub text: &'a str,
        pub url: String,
    }
}

/// The name the site publishes under: the brand's, else the site title.
pub fn brand_name(site: &Site) -> String {
    site.config
        .brand
        .name
        .clone()
        .unwrap_or_else(|| site.config.title.clone())
}

/// The brand logo's absolute URL, when vouch.yml names one: its raster for link
/// previews (crawlers do not draw SVG), else the file itself.
pub fn brand_logo(site: &Site) -> Option<String> {
    let logo = site.config.brand.logo.as_deref()?;
    let social = site
        .images
        .picture(
            logo.trim_start_matches('/'),
            crate::images::Use::Social,
            &|p| site.file_link(p),
        )
        .and_then(|p| p.social);
    let path =
        social.unwrap_or_else(|| crate::site::urls::resolve_configured(&site.files_path, logo));
    Some(site.absolute(&path))
}

/// A picture's absolute URL for link previews and search engines: its raster version.
pub fn shared_image(site: &Site, picture: &crate::images::Picture) -> String {
    site.absolute(picture.social.as_deref().unwrap_or(&picture.src))
}

/// The publishing organisation, with its logo (search engines show it with articles).
fn publisher(site: &Site) -> Value {
    let mut publisher = json!({"@type": "Organization", "name": brand_name(site)});
    if let Some(logo) = brand_logo(site) {
        publisher["logo"] = json!({"@type": "ImageObject", "url": logo});
    }
    publisher
}

/// An item's page.
pub fn item(site: &Site, id: ItemId, view: &ItemView<'_>) -> Option<Value> {
    let item = &site.items[id];
    let url = site.absolute(&item.url());
    let image = view
        .card
        .image
        .as_ref()
        .or(view.card.logo.as_ref())
        .map(|p| shared_image(site, p));
    let value = match &item.doc.front {
        Front::CaseStudy(cs) => json!({
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": item.title,
            "description": cs.summary,
            "datePublished": item.date.map(|d| d.to_string()),
            "url": url,
            "image": image,
            "about": view.customer.as_ref().map(|c| json!({"@type": "Organization", "name": c.title, "url": site.absolute(&c.url)})),
            // The customer tells the story (or the writer, where one is named); the
            // site's brand publishes it.
            "author": match (&cs.author, &view.customer) {
                (Some(writer), _) => json!({"@type": "Person", "name": writer}),
                (None, Some(c)) => json!({"@type": "Organization", "name": c.title, "url": site.absolute(&c.url)}),
                (None, None) => json!({"@type": "Organization", "name": brand_name(site)}),
            },
            "publisher": publisher(site),
        }),
        Front::Event(ev) => {
            let schedule = item.schedule.as_ref()?;
            let status = match ev.status {
                EventStatus::Scheduled => "EventScheduled",
                EventStatus::Cancelled => "EventCancelled",
                EventStatus::Postponed => "EventPostponed",
                EventStatus::MovedOnline => "EventMovedOnline",
            };
            let attendance = ev.attendance();
            let online = attendance != EventFormat::InPerson;
            let mode = match attendance {
                EventFormat::Hybrid => "MixedEventAttendanceMode",
                EventFormat::InPerson => "OfflineEventAttendanceMode",
                EventFormat::Online => "OnlineEventAttendanceMode",
            };
            let mut locations = Vec::new();
            if let Some(l) = &ev.location {
                locations.push(json!({"@type": "Place", "name": l.venue, "address": {"@type": "PostalAddress", "addressLocality": l.city, "addressRegion": l.region, "addressCountry": l.country}}));
            }
            if online {
                locations.push(json!({"@type": "VirtualLocation", "url": ev.online_url.clone().unwrap_or_else(|| url.clone())}));
            }
            json!({
                "@context": "https://schema.org",
                "@type": "Event",
                "name": item.title,
                "startDate": schedule.start.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                "endDate": schedule.end.as_ref().map(|e| e.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()),
                "eventStatus": format!("https://schema.org/{status}"),
                "eventAttendanceMode": format!("https://schema.org/{mode}"),
                "location": if locations.len() == 1 { locations.remove(0) } else { Value::Array(locations) },
                "description": view.card.summary,
                "url": url,
                "organizer": {"@type": "Organization", "name": site.config.brand.name.clone().unwrap_or_else(|| site.config.title.clone()), "url": site.base_url},
                "performer": view.speakers.iter().map(|s| json!({"@type": "Person", "name": s.name})).collect::<Vec<_>>(),
            })
        }
        Front::Customer(c) => json!({
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": c.name,
            "url": c.website,
            "logo": image,
            "description": view.card.summary,
        }),
        Front::Advocate(a) => json!({
            "@context": "https://schema.org",
            "@type": "Person",
            "name": a.name,
            "jobTitle": a.role,
            "worksFor": view.customer.as_ref().map(|c| json!({"@type": "Organization", "name": c.title})),
            "url": url,
            "image": view.card.avatar.as_ref().map(|p| shared_image(site, p)),
        }),
        _ if item.kind() == Kind::Page => json!({
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": item.title,
            "url": url,
        }),
        _ => return None,
    };
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_cannot_close_the_element() {
        let v = json!({"name": "</script><script>alert(1)</script>", "a": "x & y > z"});
        let s = script_safe(v.clone());
        assert!(!s.contains("</script>") && !s.contains('&') && !s.contains('>'));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}

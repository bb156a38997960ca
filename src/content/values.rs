//! Value types shared by several kinds' front matter: dates, event times, approvals,
//! results, locations, speakers and links. Each parses with a message a marketer can act on.

use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;
use serde::{Deserialize, Deserializer, Serialize};

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub Date);

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        parse_day(&text).map(Day).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

fn parse_day(text: &str) -> Result<Date, String> {
    let looks_right = text.len() == 10
        && text.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !looks_right {
        return Err(format!(
            "'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01"
        ));
    }
    text.parse::<Date>()
        .map_err(|_| format!("'{text}' is not a real date (check the month and the day)"))
}

/// When an event starts or ends, as written: a date (an all-day event), or a date and
/// time with or without a UTC offset (without one, the event's `timezone` applies).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventTime {
    /// `2027-03-09`: the whole day.
    AllDay(Date),
    /// `2027-03-09T09:30:00`, in the event's time zone.
    Local(DateTime),
    /// `2027-03-09T09:30:00+01:00`: a fixed instant.
    WithOffset(DateTime, Offset),
}

impl<'de> Deserialize<'de> for EventTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        parse_event_time(&text).map_err(serde::de::Error::custom)
    }
}

impl Serialize for EventTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            EventTime::AllDay(date) => s.collect_str(date),
            EventTime::Local(dt) => s.collect_str(dt),
            EventTime::WithOffset(dt, offset) => s.collect_str(&format_args!("{dt}{offset}")),
        }
    }
}

fn parse_event_time(text: &str) -> Result<EventTime, String> {
    if text.len() == 10 {
        return parse_day(text).map(EventTime::AllDay);
    }
    let fail = || {
        format!(
            "'{text}' is not a date and time; write e.g. 2027-03-09T09:30:00 (with `timezone:`), 2027-03-09T09:30:00+01:00, or 2027-03-09 for an all-day event"
        )
    };
    let pieces = jiff::fmt::temporal::Pieces::parse(text).map_err(|_| fail())?;
    let time = pieces.time().ok_or_else(fail)?;
    let civil = pieces.date().to_datetime(time);
    Ok(match pieces.offset() {
        Some(offset) => EventTime::WithOffset(civil, offset.to_numeric_offset()),
        None => EventTime::Local(civil),
    })
}

/// The customer's permission to publish their words or story.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// Who approved, e.g. "Dana Smith, VP Engineering, Acme".
    pub by: String,
    /// When they approved.
    pub on: Day,
    /// When the permission ends; after this date the item is withheld.
    #[serde(default)]
    pub expires: Option<Day>,
}

/// A headline result of a case study, shown as a metric card.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultMetric {
    /// What improved, e.g. "faster release cycle".
    #[serde(deserialize_with = "without_entities")]
    pub metric: String,
    /// By how much, e.g. "4x" or "-60%".
    #[serde(deserialize_with = "without_entities")]
    pub value: String,
}

/// Text with its HTML character references decoded: figures copied from web pages and
/// exports arrive as `10&#44;464`, which the page would otherwise show as written.
fn without_entities<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let text = String::deserialize(d)?;
    Ok(html_escape::decode_html_entities(&text).into_owned())
}

/// One thing an advocate did for the program.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// When, YYYY-MM-DD.
    pub date: Day,
    /// talk, post, contribution, reference-call or other.
    pub kind: ActivityKind,
    /// What it was ("Keynote at DevOps Days").
    pub title: String,
    /// A link to it.
    #[serde(default)]
    pub url: Option<String>,
}

/// What sort of activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ActivityKind {
    /// A talk or a webinar.
    Talk,
    /// A blog post or an article.
    Post,
    /// A contribution (code, docs, a template).
    Contribution,
    /// A call with a prospective customer.
    ReferenceCall,
    /// Anything else.
    Other,
}

impl ActivityKind {
    /// How the page names it.
    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::Talk => "Talk",
            ActivityKind::Post => "Post",
            ActivityKind::Contribution => "Contribution",
            ActivityKind::ReferenceCall => "Reference call",
            ActivityKind::Other => "Activity",
        }
    }
}

/// Where an in-person event takes place.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// The building or hall.
    #[serde(default)]
    pub venue: Option<String>,
    /// The city.
    #[serde(default)]
    pub city: Option<String>,
    /// The state, province or county (`CO`, `Bavaria`).
    #[serde(default)]
    pub region: Option<String>,
    /// The country (name or ISO code).
    #[serde(default)]
    pub country: Option<String>,
}

/// A speaker: an advocate from the program by slug, or someone from outside it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Speaker {
    /// The slug of an Advocate.
    Advocate(String),
    /// A speaker from outside the program.
    Guest(GuestSpeaker),
}

/// A speaker who is not in the advocate program.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GuestSpeaker {
    /// Full name.
    pub name: String,
    /// Job title and company.
    #[serde(default)]
    pub role: Option<String>,
}

/// A labelled link (an advocate's profiles).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LabeledLink {
    /// The link text, e.g. "Blog".
    pub label: String,
    /// The address (http, https or mailto).
    pub url: String,
}

/// A taxonomy value: one term (`industry: Healthcare`) or several (`stages: [plan, verify]`).
/// A number is a term too (`company_size: 100`, as exports write it), so the checks can
/// say which declared range it falls in.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Terms {
    /// No value.
    #[default]
    None,
    /// A single term.
    One(String),
    /// A list of terms.
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for Terms {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use crate::yaml::Value;
        let text = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        };
        let refused = || {
            serde::de::Error::custom(
                "a term is text, or a list of terms, e.g. Retail or [Plan, Build]",
            )
        };
        match Value::deserialize(d)? {
            Value::Null => Ok(Terms::None),
            Value::Sequence(items) => items
                .iter()
                .map(|item| text(item).ok_or_else(refused))
                .collect::<Result<Vec<_>, _>>()
                .map(Terms::Many),
            other => text(&other).map(Terms::One).ok_or_else(refused),
        }
    }
}

impl Terms {
    /// The terms, borrowed.
    pub fn as_slice(&self) -> &[String] {
        match self {
            Terms::None => &[],
            Terms::One(term) => std::slice::from_ref(term),
            Terms::Many(terms) => terms,
        }
    }

    /// The terms as a slice-like list.
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            Terms::None => Vec::new(),
            Terms::One(term) => vec![term.clone()],
            Terms::Many(terms) => terms.clone(),
        }
    }

    /// Whether no term is given.
    pub fn is_empty(&self) -> bool {
        match self {
            Terms::None => true,
            Terms::One(_) => false,
            Terms::Many(terms) => terms.is_empty(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_copied_from_web_pages_lose_their_entities() {
        let m: ResultMetric =
            crate::yaml::from_str("{ metric: \"R&amp;D teams\", value: \"10&#44;464\" }").unwrap();
        assert_eq!(m.value, "10,464");
        assert_eq!(m.metric, "R&D teams");
    }

    #[test]
    fn days_must_be_real() {
        assert!(parse_day("2026-02-28").is_ok());
        assert_eq!(
            parse_day("2026-02-30").unwrap_err(),
            "'2026-02-30' is not a real date (check the month and the day)"
        );
        assert!(parse_day("March 1").unwrap_err().contains("YYYY-MM-DD"));
    }

    #[test]
    fn event_times_keep_their_offset() {
        assert!(matches!(
            parse_event_time("2027-03-09T09:30:00+01:00").unwrap(),
            EventTime::WithOffset(_, o) if o.seconds() == 3600
        ));
        assert!(matches!(
            parse_event_time("2027-03-09T09:30").unwrap(),
            EventTime::Local(_)
        ));
        assert!(matches!(
            parse_event_time("2027-03-09").unwrap(),
            EventTime::AllDay(_)
        ));
        assert!(parse_event_time("next tuesday").is_err());
    }
}

/// Hand-written schemas for the values vouch parses itself.
mod schemas {
    use super::{Day, EventTime};
    use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
    use std::borrow::Cow;

    impl JsonSchema for Day {
        fn schema_name() -> Cow<'static, str> {
            "Day".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "string",
                "format": "date",
                "description": "A calendar date, YYYY-MM-DD.",
                "examples": ["2026-03-02"]
            })
        }
    }

    impl JsonSchema for EventTime {
        fn schema_name() -> Cow<'static, str> {
            "EventTime".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "string",
                "description": "YYYY-MM-DD (all day), YYYY-MM-DDTHH:MM (in `timezone`), or with an offset or Z.",
                "pattern": "^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2})?(Z|[+-]\\d{2}:?\\d{2})?)?$",
                "examples": ["2026-09-10", "2026-09-10T09:00", "2026-09-10T09:00:00+02:00"]
            })
        }
    }
}

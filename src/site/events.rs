//! An event's start and end as instants, in the time zone they are shown in.

use crate::content::values::EventTime;
use crate::content::Document;
use crate::diagnostics::{did_you_mean, Diagnostic};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime as Zoned};

/// When an event happens, resolved: instants plus the zone the times are shown in.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// The start, in the display zone.
    pub start: Zoned,
    /// The end, if given, in the display zone.
    pub end: Option<Zoned>,
    /// Whether the event spans whole days (dates without times).
    pub all_day: bool,
    /// The IANA name of the zone (`Europe/Berlin`), when one was given: `.ics` files use it.
    pub zone_name: Option<String>,
}

impl Schedule {
    /// The moment after which the event is past.
    pub fn finish(&self) -> Timestamp {
        match (&self.end, self.all_day) {
            (Some(end), true) => end.timestamp() + jiff::SignedDuration::from_hours(24),
            (Some(end), false) => end.timestamp(),
            (None, true) => self.start.timestamp() + jiff::SignedDuration::from_hours(24),
            (None, false) => self.start.timestamp(),
        }
    }
}

/// Resolves `start`, `end` and `timezone` of an event.
pub fn schedule(
    doc: &Document,
    start: EventTime,
    end: Option<EventTime>,
    timezone: Option<&str>,
) -> Result<Schedule, Diagnostic> {
    let zone = match timezone {
        Some(name) => Some(time_zone(doc, name)?),
        None => None,
    };
    let all_day = matches!(start, EventTime::AllDay(_));
    let start_at = instant(doc, "start", start, zone.as_ref())?;
    let end_at = match end {
        Some(end) => Some(instant(doc, "end", end, zone.as_ref())?),
        None => None,
    };
    if let Some(end_at) = &end_at {
        if *end_at < start_at {
            return Err(
                Diagnostic::error(&doc.path, "the event ends before it starts")
                    .field("end")
                    .at_line(doc.line_of("end"))
                    .hint(format!(
                        "end ({}) must be after start ({})",
                        end_at.strftime("%Y-%m-%d %H:%M"),
                        start_at.strftime("%Y-%m-%d %H:%M")
                    )),
            );
        }
    }
    Ok(Schedule {
        start: start_at,
        end: end_at,
        all_day,
        zone_name: timezone.map(str::to_string),
    })
}

/// Zone abbreviations people write, and the IANA zone they most often mean. An
/// abbreviation is no zone: it names no daylight-saving rule, and some name several.
const ABBREVIATIONS: [(&str, &str); 16] = [
    ("EST", "America/New_York"),
    ("EDT", "America/New_York"),
    ("CST", "America/Chicago"),
    ("CDT", "America/Chicago"),
    ("MST", "America/Denver"),
    ("MDT", "America/Denver"),
    ("PST", "America/Los_Angeles"),
    ("PDT", "America/Los_Angeles"),
    ("BST", "Europe/London"),
    ("CET", "Europe/Berlin"),
    ("CEST", "Europe/Berlin"),
    ("EET", "Europe/Athens"),
    ("IST", "Asia/Kolkata"),
    ("JST", "Asia/Tokyo"),
    ("AEST", "Australia/Sydney"),
    ("AEDT", "Australia/Sydney"),
];

fn time_zone(doc: &Document, name: &str) -> Result<TimeZone, Diagnostic> {
    TimeZone::get(name).map_err(|_| {
        let d = Diagnostic::error(&doc.path, format!("unknown time zone '{name}'"))
            .field("timezone")
            .at_line(doc.line_of("timezone"));
        let abbreviation = ABBREVIATIONS
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(name.trim()));
        if let Some((short, zone)) = abbreviation {
            return d.hint(format!(
                "{short} is an abbreviation, not a zone: write the zone's name, which knows its daylight-saving dates, usually '{zone}'"
            ));
        }
        let names: Vec<String> = jiff::tz::db().available().map(|n| n.to_string()).collect();
        match did_you_mean(name, names.iter().map(String::as_str)) {
            Some(best) => d.hint(format!("did you mean '{best}'?")),
            None => d.hint("use an IANA time zone name, e.g. Europe/Berlin or America/New_York"),
        }
    })
}

fn instant(
    doc: &Document,
    field: &str,
    time: EventTime,
    zone: Option<&TimeZone>,
) -> Result<Zoned, Diagnostic> {
    let missing_zone = || {
        Diagnostic::error(&doc.path, format!("'{field}' has no UTC offset and the event has no time zone"))
            .field(field)
            .at_line(doc.line_of(field))
            .hint("add a line like 'timezone: Europe/Berlin', or write the offset, e.g. 2027-03-09T09:30:00+01:00")
    };
    let impossible = |e: jiff::Error| {
        Diagnostic::error(
            &doc.path,
            format!("'{field}' does not exist in that time zone: {e}"),
        )
        .field(field)
        .at_line(doc.line_of(field))
    };
    match time {
        EventTime::AllDay(date) => {
            let tz = zone.cloned().unwrap_or(TimeZone::UTC);
            date.to_zoned_datetime(tz).map_err(impossible)
        }
        EventTime::Local(civil) => civil
            .to_zoned_datetime(zone.cloned().ok_or_else(missing_zone)?)
            .map_err(impossible),
        EventTime::WithOffset(civil, offset) => {
            let at = civil
                .to_zoned_datetime(TimeZone::fixed(offset))
                .map_err(impossible)?;
            Ok(match zone {
                Some(tz) => at.with_time_zone(tz.clone()),
                None => at,
            })
        }
    }
}

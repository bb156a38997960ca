//! An event's when and where as its card shows it, in the event's own time zone.

use crate::content::kinds::{EventFormat, EventStatus};
use crate::content::Front;
use crate::site::{urls, ItemId, Site};
use serde::Serialize;

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

/// An event's card details; `None` for an item that is not a scheduled event.
pub(super) fn event_card(site: &Site, id: ItemId) -> Option<EventCard> {
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

//! iCalendar (RFC 5545): `events.ics` with every event and one `event.ics` per event.
//! Times are written in UTC, lines end in CRLF and are folded at 75 octets.

use crate::content::kinds::EventStatus;
use crate::content::Front;
use crate::render::Body;
use crate::site::{ItemId, Site};

/// The path of a calendar: all events (`None`) or one event's, beside its page.
pub fn calendar_path(site: &Site, event: Option<ItemId>) -> Option<String> {
    match event {
        None => Some("events.ics".to_string()),
        Some(id) => Some(format!("{}event.ics", site.items[id].dir.as_ref()?)),
    }
}

/// One calendar: every event (`None`) or a single one.
pub fn calendar_of(site: &Site, bodies: &[Body], event: Option<ItemId>) -> String {
    match event {
        None => calendar(
            site,
            bodies,
            site.of_kind(crate::content::kinds::Kind::Event),
        ),
        Some(id) => calendar(site, bodies, &[id]),
    }
}

fn calendar(site: &Site, bodies: &[Body], ids: &[ItemId]) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        format!("PRODID:-//vouch//{}//EN", escape(&site.config.title)),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", escape(&site.config.title)),
    ];
    for &id in ids {
        event_lines(site, bodies, id, &mut lines);
    }
    lines.push("END:VCALENDAR".into());
    let mut text = String::new();
    for line in lines {
        fold(&line, &mut text);
    }
    text
}

fn event_lines(site: &Site, bodies: &[Body], id: ItemId, lines: &mut Vec<String>) {
    let item = &site.items[id];
    let (Front::Event(ev), Some(schedule)) = (&item.doc.front, &item.schedule) else {
        return;
    };
    let host = site
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or("vouch")
        .split('/')
        .next()
        .unwrap_or("vouch");
    let utc = |z: &jiff::ZonedDateTime| z.timestamp().strftime("%Y%m%dT%H%M%SZ").to_string();
    lines.push("BEGIN:VEVENT".into());
    lines.push(format!("UID:{}@{}", item.slug, host));
    lines.push(format!("DTSTAMP:{}", site.now.strftime("%Y%m%dT%H%M%SZ")));
    if schedule.all_day {
        let last = schedule.end.as_ref().unwrap_or(&schedule.start).date();
        lines.push(format!(
            "DTSTART;VALUE=DATE:{}",
            schedule.start.date().strftime("%Y%m%d")
        ));
        let after = last.tomorrow().unwrap_or(last);
        lines.push(format!("DTEND;VALUE=DATE:{}", after.strftime("%Y%m%d")));
    } else {
        lines.push(format!("DTSTART:{}", utc(&schedule.start)));
        if let Some(end) = &schedule.end {
            lines.push(format!("DTEND:{}", utc(end)));
        }
    }
    lines.push(format!("SUMMARY:{}", escape(&item.title)));
    let url = site.absolute(&item.url());
    lines.push(format!("URL:{url}"));
    let mut description = bodies[id].summary.clone();
    if let Some(online) = &ev.online_url {
        description.push_str(&format!("\n\nJoin online: {online}"));
    }
    lines.push(format!("DESCRIPTION:{}", escape(&description)));
    let place = ev.location.as_ref().map(|l| {
        [&l.venue, &l.city, &l.country]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    });
    match (place.filter(|p| !p.is_empty()), &ev.online_url) {
        (Some(p), _) => lines.push(format!("LOCATION:{}", escape(&p))),
        (None, Some(online)) => lines.push(format!("LOCATION:{}", escape(online))),
        (None, None) => {}
    }
    lines.push(format!(
        "STATUS:{}",
        match ev.status {
            EventStatus::Cancelled => "CANCELLED",
            EventStatus::Postponed => "TENTATIVE",
            _ => "CONFIRMED",
        }
    ));
    lines.push("END:VEVENT".into());
}

/// Escapes TEXT values: backslash, semicolon, comma and newlines.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at 75 octets (never inside a UTF-8 character), CRLF-terminated.
pub fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        fold(&format!("SUMMARY:{}", "é".repeat(60)), &mut out);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("SUMMARY:{}\r\n", "é".repeat(60))
        );
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }
}

//! Dates as spreadsheets and survey tools export them: ISO days (`2026-03-11`), the
//! numeric forms of every locale (`11/03/2026 14:22`, `3/11/26`, `11.03.2026`), month
//! names (`11 Mar 2026`, `March 11, 2026`), each with or without a time of day. The
//! time and its zone are read to be sure the cell is a date, then dropped: a
//! testimonial's `date` is the day it was given, as written in the export.
//!
//! A numeric day-and-month form is read day first or month first only when the file
//! says which: by a value that can only be read one way (`25/03/2026`) anywhere in the
//! column, or by `--date-format`. Otherwise `03/11/2026` is refused, never guessed.

use jiff::civil::Date;

/// Which comes first in a numeric date whose year is last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// `31/12/2026`: most of the world.
    DayFirst,
    /// `12/31/2026`: the United States (Google Forms and SurveyMonkey in a US locale).
    MonthFirst,
}

impl Order {
    /// How the order is named in messages and in `--date-format`.
    pub fn pattern(self) -> &'static str {
        match self {
            Order::DayFirst => "dd/mm/yyyy",
            Order::MonthFirst => "mm/dd/yyyy",
        }
    }
}

/// Reads `--date-format`: `dd/mm/yyyy` or `mm/dd/yyyy`, in any case, with any of `/ - .`
/// between, two-letter years, `%d/%m/%Y`, or `day-first` / `month-first`.
pub fn parse_order(text: &str) -> Result<Order, String> {
    let key: String = text
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect();
    let mut squeezed: Vec<char> = key.chars().collect();
    squeezed.dedup();
    let squeezed: String = squeezed.into_iter().collect();
    match (key.as_str(), squeezed.as_str()) {
        ("dayfirst", _) | (_, "dmy") => Ok(Order::DayFirst),
        ("monthfirst", _) | (_, "mdy") => Ok(Order::MonthFirst),
        _ => Err(format!(
            "'{text}' is not a date format vouch knows; use dd/mm/yyyy (day first) or mm/dd/yyyy (month first)"
        )),
    }
}

/// What a cell holds: a date, or a day-and-month form the file has not said how to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// One date.
    Date(Date),
    /// Both readings are real dates: `(day first, month first)`.
    Ambiguous(Date, Date),
}

/// Why a cell is not a date: the message and its hint.
pub type NotADate = (String, String);

/// A cell's date. `order` is the column's (from `--date-format` or [`column_order`]);
/// without one, a day-and-month form both ≤ 12 is [`Reading::Ambiguous`].
pub fn read(text: &str, order: Option<Order>) -> Result<Reading, NotADate> {
    let t = text.trim();
    let bad = |what: &str| {
        (
            format!("'{t}' is {what}"),
            "write the date as YYYY-MM-DD, DD/MM/YYYY or MM/DD/YYYY (with --date-format), or 11 Mar 2026; a time after it is fine".to_string(),
        )
    };
    let Some((day, rest)) = split_day(t) else {
        return Err(bad("not a date vouch can read"));
    };
    if !rest.is_empty() && !is_time_of_day(rest) {
        return Err(bad("not a date vouch can read"));
    }
    match day {
        Day::Known(y, m, d) => real(y, m, d)
            .map(Reading::Date)
            .ok_or_else(|| bad("not a real date")),
        Day::Numeric(a, b, y) => {
            let day_first = real(y, b, a);
            let month_first = real(y, a, b);
            match (order, day_first, month_first) {
                (Some(Order::DayFirst), Some(d), _) | (Some(Order::MonthFirst), _, Some(d)) => {
                    Ok(Reading::Date(d))
                }
                (Some(order), _, _) => Err((
                    format!("'{t}' is not a real date read as {}", order.pattern()),
                    "check the cell, or the --date-format given".to_string(),
                )),
                (None, Some(d), Some(m)) if d != m => Ok(Reading::Ambiguous(d, m)),
                (None, Some(d), _) | (None, None, Some(d)) => Ok(Reading::Date(d)),
                (None, None, None) => Err(bad("not a real date")),
            }
        }
    }
}

/// The order a column's own values show: a value only one order reads (`25/03/2026`
/// is day first) decides for the column, as one export writes every date alike.
/// `Err` names two rows that contradict each other (`(row of a day-first value, row of
/// a month-first value)`).
pub fn column_order<'a>(
    values: impl Iterator<Item = (usize, &'a str)>,
) -> Result<Option<Order>, (usize, usize)> {
    let (mut day_first, mut month_first) = (None, None);
    for (row, text) in values {
        let Some((Day::Numeric(a, b, y), rest)) = split_day(text.trim()) else {
            continue;
        };
        if !rest.is_empty() && !is_time_of_day(rest) {
            continue;
        }
        match (real(y, b, a), real(y, a, b)) {
            (Some(_), None) => {
                day_first.get_or_insert(row);
            }
            (None, Some(_)) => {
                month_first.get_or_insert(row);
            }
            _ => {}
        }
    }
    match (day_first, month_first) {
        (Some(d), Some(m)) => Err((d, m)),
        (Some(_), None) => Ok(Some(Order::DayFirst)),
        (None, Some(_)) => Ok(Some(Order::MonthFirst)),
        (None, None) => Ok(None),
    }
}

/// The day part of a cell, before any time of day.
enum Day {
    /// Year, month and day, in an order the form itself says.
    Known(i16, i8, i8),
    /// Two numbers and the year: `(first, second, year)`.
    Numeric(i8, i8, i16),
}

/// Splits `t` into its day and what follows it (a time of day, or nothing).
fn split_day(t: &str) -> Option<(Day, &str)> {
    let t = strip_weekday(t);
    let end = t.find(['T', ' ', ',']).unwrap_or(t.len());
    let (head, rest) = t.split_at(end);
    if let Some(day) = numeric(head) {
        let rest = rest.strip_prefix('T').unwrap_or(rest);
        return Some((day, rest.trim_start_matches([' ', ',']).trim()));
    }
    named(t)
}

/// Drops a leading weekday (`Wednesday, `, `Wed `): exports write it before the date.
fn strip_weekday(t: &str) -> &str {
    let word_end = t.find([' ', ',']).unwrap_or(0);
    let word = t[..word_end].to_lowercase();
    let is_weekday = [
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
    .contains(&word.as_str());
    if is_weekday {
        t[word_end..].trim_start_matches([' ', ','])
    } else {
        t
    }
}

/// `2026-03-11`, `2026/3/11`, `2026.03.11` (year first: known); `11/03/2026`,
/// `3-11-26`, `11.03.2026` (year last: numeric).
fn numeric(head: &str) -> Option<Day> {
    let sep = head.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = head.split(sep).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let digits = |s: &str, lens: &[usize]| {
        (lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i16>().ok())
            .flatten()
    };
    if let (Some(y), Some(m), Some(d)) = (digits(a, &[4]), digits(b, &[1, 2]), digits(c, &[1, 2])) {
        return Some(Day::Known(y, m as i8, d as i8));
    }
    let (a, b) = (digits(a, &[1, 2])?, digits(b, &[1, 2])?);
    let year = match digits(c, &[2, 4])? {
        y if c.len() == 2 => 2000 + y,
        y => y,
    };
    Some(Day::Numeric(a as i8, b as i8, year))
}

/// `11 Mar 2026`, `11-Mar-2026`, `March 11, 2026`, `Mar 11 2026` (English month names
/// and their three-letter forms), then a time of day if any.
fn named(t: &str) -> Option<(Day, &str)> {
    let mut words = Vec::new();
    let mut rest = t;
    while words.len() < 3 {
        let r = rest.trim_start_matches([' ', ',', '-']);
        let end = r.find([' ', ',', '-']).unwrap_or(r.len());
        if end == 0 {
            return None;
        }
        words.push(&r[..end]);
        rest = &r[end..];
    }
    let rest = rest.trim_start_matches([' ', ',']).trim();
    let number = |w: &str| {
        let w = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() && w.len() > 2);
        (w.len() <= 2 && !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse::<i8>().ok())
            .flatten()
    };
    let year = |w: &str| {
        (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse::<i16>().ok())
            .flatten()
    };
    let day = match (month(words[0]), month(words[1])) {
        (None, Some(m)) => Day::Known(year(words[2])?, m, number(words[0])?),
        (Some(m), None) => Day::Known(year(words[2])?, m, number(words[1])?),
        _ => return None,
    };
    Some((day, rest))
}

/// A month's number from its English name or first three letters (`Sept` too).
fn month(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.').to_lowercase();
    let names = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    names
        .iter()
        .position(|n| {
            w.len() >= 3 && (n.starts_with(w.as_str()) || (w == "sept" && *n == "september"))
        })
        .filter(|_| w.len() == 3 || names.contains(&w.as_str()) || w == "sept")
        .map(|i| i as i8 + 1)
}

/// `14:22`, `14:22:05`, `14:22:05.123`, `2:22 PM`, each with an optional zone: `Z`,
/// `+01:00`, `+0100`, `UTC`, `GMT`.
fn is_time_of_day(rest: &str) -> bool {
    let mut t = rest.trim();
    for zone in [" UTC", " GMT", "UTC", "GMT", "Z"] {
        if let Some(s) = t.strip_suffix(zone) {
            t = s.trim_end();
            break;
        }
    }
    if let Some(at) = t.rfind(['+', '-']).filter(|&at| at >= 4) {
        let zone = t[at + 1..].replace(':', "");
        if zone.len() != 4 || !zone.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        t = t[..at].trim_end();
    }
    let upper = t.to_uppercase();
    let (clock, twelve) = match upper
        .strip_suffix("AM")
        .or_else(|| upper.strip_suffix("PM"))
    {
        Some(c) => (c.trim_end().to_string(), true),
        None => (upper.clone(), false),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return false;
    }
    let number = |s: &str, max: u32| {
        (1..=2).contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|n| n <= max)
    };
    let hours_ok = if twelve {
        number(parts[0], 12) && parts[0] != "0" && parts[0] != "00"
    } else {
        number(parts[0], 23)
    };
    let seconds_ok = parts.get(2).is_none_or(|s| {
        let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
        number(whole, 60) && !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit())
    });
    hours_ok && parts[1].len() == 2 && number(parts[1], 59) && seconds_ok
}

/// The date, if it is one.
fn real(year: i16, month: i8, day: i8) -> Option<Date> {
    Date::new(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str, order: Option<Order>) -> String {
        match read(text, order) {
            Ok(Reading::Date(d)) => d.to_string(),
            Ok(Reading::Ambiguous(d, m)) => format!("{d} or {m}"),
            Err((message, _)) => message,
        }
    }

    #[test]
    fn the_forms_exports_write() {
        for (text, date) in [
            ("2026-03-11", "2026-03-11"),
            ("2026/3/11", "2026-03-11"),
            ("2026.03.11", "2026-03-11"),
            ("2026-03-11T14:22:05Z", "2026-03-11"),
            ("2026-03-11T14:22:05.120+01:00", "2026-03-11"),
            ("2026-03-11 14:22", "2026-03-11"),
            ("25/03/2026", "2026-03-25"),
            ("25/03/2026 14:22", "2026-03-25"),
            ("3/25/2026 2:22:05 PM", "2026-03-25"),
            ("25.03.26", "2026-03-25"),
            ("11 Mar 2026", "2026-03-11"),
            ("11-Mar-2026", "2026-03-11"),
            ("March 11, 2026", "2026-03-11"),
            ("Wednesday, March 11, 2026 2:22 PM", "2026-03-11"),
            ("Sept 1 2026", "2026-09-01"),
            ("1st March 2026", "2026-03-01"),
            ("04/04/2026", "2026-04-04"),
            ("2026-03-11 14:22 -0500", "2026-03-11"),
        ] {
            assert_eq!(day(text, None), date, "{text}");
        }
    }

    #[test]
    fn a_day_and_month_both_under_13_needs_the_order() {
        assert_eq!(day("11/03/2026 14:22", None), "2026-03-11 or 2026-11-03");
        assert_eq!(day("11/03/2026 14:22", Some(Order::DayFirst)), "2026-03-11");
        assert_eq!(day("11/03/2026", Some(Order::MonthFirst)), "2026-11-03");
        assert_eq!(
            day("25/03/2026", Some(Order::MonthFirst)),
            "'25/03/2026' is not a real date read as mm/dd/yyyy"
        );
    }

    #[test]
    fn not_dates() {
        for text in [
            "2026-02-30",
            "2026-03-11x",
            "11/03",
            "next Tuesday",
            "2026-03-11 25:00",
            "2026-03-11 14:22 PM",
            "Mayday 3 2026",
            "13/13/2026",
            "11/03/2026 14:2",
        ] {
            assert!(read(text, None).is_err(), "{text}: {}", day(text, None));
        }
    }

    #[test]
    fn a_column_says_its_order_by_one_value() {
        let rows = [(2, "11/03/2026"), (3, "25/03/2026"), (4, "2026-01-01")];
        assert_eq!(column_order(rows.into_iter()), Ok(Some(Order::DayFirst)));
        let rows = [(2, "11/03/2026"), (3, "3/25/2026 2:22 PM")];
        assert_eq!(column_order(rows.into_iter()), Ok(Some(Order::MonthFirst)));
        let rows = [(2, "25/03/2026"), (3, "3/25/2026")];
        assert_eq!(column_order(rows.into_iter()), Err((2, 3)));
        assert_eq!(column_order([(2, "11/03/2026")].into_iter()), Ok(None));
    }

    #[test]
    fn date_formats_by_name() {
        for text in ["dd/mm/yyyy", "DD.MM.YY", "%d/%m/%Y", "day-first", "dmy"] {
            assert_eq!(parse_order(text), Ok(Order::DayFirst), "{text}");
        }
        for text in ["mm/dd/yyyy", "%m-%d-%y", "month-first"] {
            assert_eq!(parse_order(text), Ok(Order::MonthFirst), "{text}");
        }
        assert!(parse_order("yyyy/dd/mm").is_err());
    }
}

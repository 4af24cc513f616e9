//! When each hour of a scenario falls, for pass-through by time slice: peak and off-peak
//! hours and calendar months. Hours are consecutive clock hours from the first one.

use jiff::civil::{DateTime, Weekday};

/// The start of every hour of a scenario, as a civil (wall-clock) date and time.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub hour_starts: Vec<DateTime>,
}

/// A named set of hours.
#[derive(Debug, Clone, PartialEq)]
pub struct Slice {
    pub name: String,
    pub hours: Vec<usize>,
}

/// Peak hours as in European power futures (base/peak products): Monday to Friday,
/// the twelve hours starting 08:00 to 19:00.
pub fn is_peak(start: DateTime) -> bool {
    !matches!(start.weekday(), Weekday::Saturday | Weekday::Sunday)
        && (8..20).contains(&start.hour())
}

/// Parses an hour label or `[time] start`: `2015-01-12T00:00`, `2015-01-12 00:00:00`, with
/// or without a UTC offset (the clock time is kept, the offset dropped), or `…Z` (UTC).
pub fn parse(text: &str) -> Option<DateTime> {
    let text = text.trim();
    if let Ok(dt) = text.parse::<DateTime>() {
        return Some(dt);
    }
    let ts: jiff::Timestamp = text.parse().ok()?;
    Some(ts.to_zoned(jiff::tz::TimeZone::UTC).datetime())
}

/// A timestamp label as an instant: with its UTC offset where it has one, else its clock
/// time read as UTC (so that clock hours are compared as they are written).
pub fn instant(label: &str) -> Option<jiff::Timestamp> {
    let text = label.trim();
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return Some(ts);
    }
    let civil: DateTime = text.parse().ok()?;
    civil
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

/// The first of `labels` that is not a date and time one hour after the label before
/// (by the clock, or as instants where they carry a UTC offset): its index and what is
/// wrong, in words.
pub fn hourly_problem(labels: &[String]) -> Option<(usize, String)> {
    let mut previous: Option<jiff::Timestamp> = None;
    for (h, label) in labels.iter().enumerate() {
        let Some(at) = instant(label).filter(|_| label.contains(':')) else {
            return Some((
                h,
                format!("expected the date and time of the hour's start, got `{label}`"),
            ));
        };
        if let Some(before) = previous {
            let step = at.as_second() - before.as_second();
            if step != 3600 {
                let what = match step {
                    0 => "repeats the hour before".to_string(),
                    s if s < 0 => "goes back in time".to_string(),
                    s => format!("is {} hours after the one before", s as f64 / 3600.0),
                };
                return Some((
                    h,
                    format!("`{label}` {what}: hours must follow each other an hour apart"),
                ));
            }
        }
        previous = Some(at);
    }
    None
}

impl Calendar {
    /// `hours` consecutive hours from `start`; `None` past the end of the calendar.
    pub fn from_start(start: DateTime, hours: usize) -> Option<Calendar> {
        let hour_starts = (0..hours)
            .map(|h| start.checked_add(jiff::Span::new().hours(h as i64)).ok())
            .collect::<Option<Vec<_>>>()?;
        Some(Calendar { hour_starts })
    }

    /// Peak, off-peak, then every calendar month present (`2015-01`), in order. Slices
    /// without hours are left out.
    pub fn slices(&self) -> Vec<Slice> {
        let hours = 0..self.hour_starts.len();
        let (peak, off_peak): (Vec<usize>, Vec<usize>) =
            hours.clone().partition(|&h| is_peak(self.hour_starts[h]));
        let mut slices: Vec<Slice> = [("peak", peak), ("off-peak", off_peak)]
            .into_iter()
            .filter(|(_, hours)| !hours.is_empty())
            .map(|(name, hours)| Slice {
                name: name.into(),
                hours,
            })
            .collect();
        for h in hours {
            let start = self.hour_starts[h];
            let month = format!("{:04}-{:02}", start.year(), start.month());
            match slices.last_mut() {
                Some(last) if last.name == month => last.hours.push(h),
                _ => slices.push(Slice {
                    name: month,
                    hours: vec![h],
                }),
            }
        }
        slices
    }
}

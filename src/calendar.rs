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

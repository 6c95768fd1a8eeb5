//! The one place the current date is read: the default `as_of`, the entry form's default year, the final
//! tally's "has the term ended". `clock.today` in the settings pins it (a demonstration of a past year, and the
//! tests, which then assert the same statuses whatever the day they run). `clock.time_zone` is the office's
//! zone: the day changes at its midnight, and the pages show the times of changes in it.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::RwLock;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// An office's time zone (Asia/Ho_Chi_Minh unless the settings say otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone(Tz);

impl Default for Zone {
    fn default() -> Self {
        Zone(Tz::Asia__Ho_Chi_Minh)
    }
}

impl Zone {
    /// An IANA zone name (`Asia/Ho_Chi_Minh`); empty: the default.
    pub fn parse(name: &str) -> Option<Zone> {
        if name.is_empty() {
            return Some(Zone::default());
        }
        name.parse::<Tz>().ok().map(Zone)
    }

    pub fn name(self) -> &'static str {
        self.0.name()
    }
}

/// The office's zone for the whole process.
static ZONE: RwLock<Zone> = RwLock::new(Zone(Tz::Asia__Ho_Chi_Minh));

/// Sets the office's zone for the whole process.
pub fn set_zone(zone: Zone) {
    if let Ok(mut z) = ZONE.write() {
        *z = zone;
    }
}

pub fn zone() -> Zone {
    ZONE.read().map(|z| *z).unwrap_or_default()
}

/// A moment stored in UTC, on the office's clock.
pub fn local(utc: NaiveDateTime) -> NaiveDateTime {
    zone().0.from_utc_datetime(&utc).naive_local()
}

/// A moment stored in UTC as the pages show it, on the office's clock: "15/06/2026 08:30".
pub fn shown(utc: NaiveDateTime) -> String {
    local(utc).format("%d/%m/%Y %H:%M").to_string()
}

/// A moment written as RFC 3339 (the history's `changed_at`) as the pages show it; the text itself when it is
/// not one.
pub fn shown_rfc3339(text: &str) -> String {
    DateTime::parse_from_rfc3339(text)
        .map(|t| shown(t.naive_utc()))
        .unwrap_or_else(|_| text.to_string())
}

/// The office's zone as a page says it under a list of times: "Asia/Ho_Chi_Minh, UTC+07:00".
pub fn zone_note() -> String {
    let z = zone();
    let offset = z.0.offset_from_utc_datetime(&Utc::now().naive_utc()).fix();
    format!("{}, UTC{offset}", z.name())
}

/// The pinned day as days since 0001-01-01 (chrono's count from the common era); 0: not pinned.
static PINNED: AtomicI32 = AtomicI32::new(0);

/// Pins today to `day` for the whole process (`None`: the system's calendar again).
pub fn pin(day: Option<NaiveDate>) {
    PINNED.store(day.map_or(0, |d| d.num_days_from_ce()), Ordering::Relaxed);
}

/// Today (the office's calendar, unless pinned).
pub fn today() -> NaiveDate {
    let calendar = || local(Utc::now().naive_utc()).date();
    match PINNED.load(Ordering::Relaxed) {
        0 => calendar(),
        days => NaiveDate::from_num_days_from_ce_opt(days).unwrap_or_else(calendar),
    }
}

/// The calendar year today.
pub fn current_year() -> i32 {
    today().year()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinned_day_is_today_until_unpinned() {
        let day = NaiveDate::from_ymd_opt(2023, 3, 31).expect("a day");
        pin(Some(day));
        assert_eq!((today(), current_year()), (day, 2023));
        pin(None);
        let office = local(Utc::now().naive_utc()).date();
        assert_eq!(today(), office);
    }

    #[test]
    fn a_change_at_six_in_the_evening_utc_is_one_the_next_morning_in_vietnam() {
        let utc = NaiveDate::from_ymd_opt(2024, 12, 1)
            .and_then(|d| d.and_hms_opt(18, 55, 0))
            .expect("a moment");
        // Asia/Ho_Chi_Minh is UTC+7 all year: 18:55 UTC is 01:55 the next day.
        assert_eq!(shown(utc), "02/12/2024 01:55");
        assert_eq!(shown_rfc3339("2024-12-01T18:55:00Z"), "02/12/2024 01:55");
        assert_eq!(zone_note(), "Asia/Ho_Chi_Minh, UTC+07:00");
        assert_eq!(Zone::parse("Mars/Olympus"), None);
        assert_eq!(Zone::parse("").map(Zone::name), Some("Asia/Ho_Chi_Minh"));
    }
}

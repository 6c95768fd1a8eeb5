//! The one place the current date is read: the default `as_of`, the entry form's default year, the final
//! tally's "has the term ended". `clock.today` in the settings pins it (a demonstration of a past year, and the
//! tests, which then assert the same statuses whatever the day they run).

use std::sync::atomic::{AtomicI32, Ordering};

use chrono::{Datelike, NaiveDate};

/// The pinned day as days since 0001-01-01 (chrono's count from the common era); 0: not pinned.
static PINNED: AtomicI32 = AtomicI32::new(0);

/// Pins today to `day` for the whole process (`None`: the system's calendar again).
pub fn pin(day: Option<NaiveDate>) {
    PINNED.store(day.map_or(0, |d| d.num_days_from_ce()), Ordering::Relaxed);
}

/// Today (the system's calendar in UTC, unless pinned).
pub fn today() -> NaiveDate {
    match PINNED.load(Ordering::Relaxed) {
        0 => chrono::Utc::now().date_naive(),
        days => NaiveDate::from_num_days_from_ce_opt(days)
            .unwrap_or_else(|| chrono::Utc::now().date_naive()),
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
        assert_eq!(today(), chrono::Utc::now().date_naive());
    }
}

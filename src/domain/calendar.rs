//! The reporting calendar of a resolution: by when each year's estimate and official figure are due (by default
//! the estimate by 30 November of the year, the official figure by 31 March of the next), and whether a figure
//! came in on time (DHIS2's timeliness). Pure.

use chrono::NaiveDate;
use serde::Serialize;

/// A day of the year, `MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl MonthDay {
    /// `MM-DD` of a day every year has (not 29 February).
    pub fn parse(text: &str) -> Option<MonthDay> {
        let (m, d) = text.trim().split_once('-')?;
        let (month, day) = (m.parse().ok()?, d.parse().ok()?);
        // 2023 has no 29 February: a due day must exist every year.
        NaiveDate::from_ymd_opt(2023, month, day)?;
        Some(MonthDay { month, day })
    }

    pub fn as_text(self) -> String {
        format!("{:02}-{:02}", self.month, self.day)
    }

    fn in_year(self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, self.month, self.day)
    }
}

/// When a year's figures are due: the estimate in the year itself, the official figure in the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Calendar {
    pub estimate_due: MonthDay,
    pub official_due: MonthDay,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar {
            estimate_due: MonthDay { month: 11, day: 30 },
            official_due: MonthDay { month: 3, day: 31 },
        }
    }
}

impl Calendar {
    /// The last day a year's estimate is on time.
    pub fn estimate_due_for(&self, year: i32) -> Option<NaiveDate> {
        self.estimate_due.in_year(year)
    }

    /// The last day a year's official figure is on time (in the next year).
    pub fn official_due_for(&self, year: i32) -> Option<NaiveDate> {
        self.official_due.in_year(year + 1)
    }
}

/// Whether a figure came in by its due day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    OnTime,
    Late,
    /// Past its due day and not in.
    Overdue,
    /// Not in, not due yet.
    NotDue,
}

super::lang::words!(Timeliness {
    OnTime => "Đúng hạn" / "On time",
    Late => "Trễ hạn" / "Late",
    Overdue => "Quá hạn, chưa có" / "Overdue",
    NotDue => "Chưa đến hạn" / "Not due yet",
});

impl Timeliness {
    pub fn as_str(self) -> &'static str {
        match self {
            Timeliness::OnTime => "on_time",
            Timeliness::Late => "late",
            Timeliness::Overdue => "overdue",
            Timeliness::NotDue => "not_due",
        }
    }
}

/// A figure first entered on `entered` (none: not in), due by `due`, seen on `today` (days on the office's clock).
pub fn timeliness(due: NaiveDate, entered: Option<NaiveDate>, today: NaiveDate) -> Timeliness {
    match entered {
        Some(day) if day <= due => Timeliness::OnTime,
        Some(_) => Timeliness::Late,
        None if today > due => Timeliness::Overdue,
        None => Timeliness::NotDue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a day")
    }

    #[test]
    fn the_default_calendar_and_timeliness_by_hand() {
        let c = Calendar::default();
        assert_eq!(c.estimate_due_for(2024), Some(day(2024, 11, 30)));
        assert_eq!(c.official_due_for(2024), Some(day(2025, 3, 31)));
        let due = day(2025, 3, 31);
        assert_eq!(
            timeliness(due, Some(day(2025, 3, 31)), day(2026, 1, 1)),
            Timeliness::OnTime
        );
        assert_eq!(
            timeliness(due, Some(day(2025, 4, 1)), day(2026, 1, 1)),
            Timeliness::Late
        );
        assert_eq!(timeliness(due, None, day(2025, 4, 1)), Timeliness::Overdue);
        assert_eq!(timeliness(due, None, day(2025, 3, 31)), Timeliness::NotDue);
        assert_eq!(MonthDay::parse("02-29"), None);
        assert_eq!(MonthDay::parse("13-01"), None);
        assert_eq!(
            MonthDay::parse("11-30").map(MonthDay::as_text).as_deref(),
            Some("11-30")
        );
    }
}

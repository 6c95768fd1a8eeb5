//! What a form says of its year's due days: for each quality, the day it is due and how the form stands (all in,
//! how many missing with how many days left, or how many missing past the day).

use chrono::NaiveDate;

use crate::app::error::AppError;
use crate::domain::units::{Rollup, Unit};
use crate::storage::{measurements, DbConnection};

use crate::domain::calendar::Calendar;
use crate::domain::completeness::due_of;
use crate::domain::wording::Lang;
use crate::domain::Quality;

/// A form's notes, from its cells: (quality, whether nothing is stored), as of the office's today.
pub fn form_notes<'a>(
    form: &super::YearForm,
    cells: impl Iterator<Item = (&'a str, bool)>,
    lang: Lang,
) -> Vec<String> {
    let mut missing = [(Quality::Estimate, 0), (Quality::Official, 0)];
    for (quality, empty) in cells {
        if let Some(slot) = missing.iter_mut().find(|(q, _)| q.as_str() == quality) {
            slot.1 += usize::from(empty);
        }
    }
    let calendar = form.stored.catalog.resolution.calendar;
    due_notes(calendar, form.year, missing, crate::clock::today(), lang)
}

/// One line per quality: "Số ước thực hiện: hạn 30/11/2024 — quá hạn, còn thiếu 5 số liệu".
pub fn due_notes(
    calendar: Calendar,
    year: i32,
    missing: [(Quality, usize); 2],
    today: NaiveDate,
    lang: Lang,
) -> Vec<String> {
    missing
        .into_iter()
        .filter_map(|(quality, count)| {
            let due = due_of(calendar, year, quality)?;
            let day = due.format("%d/%m/%Y");
            let left = (due - today).num_days();
            let state = match (count, left) {
                (0, _) => lang.pick("đã đủ", "all in").to_string(),
                (n, l) if l < 0 => match lang {
                    Lang::Vi => format!("đã quá hạn, còn thiếu {n} số liệu"),
                    Lang::En => format!("overdue, {n} figures missing"),
                },
                (n, l) => match lang {
                    Lang::Vi => format!("còn {l} ngày, còn thiếu {n} số liệu"),
                    Lang::En => format!("{l} days left, {n} figures missing"),
                },
            };
            let what = match quality {
                Quality::Estimate => lang.pick("Số ước thực hiện", "Estimates"),
                Quality::Official => lang.pick("Số chính thức", "Official figures"),
            };
            Some(match lang {
                Lang::Vi => format!("{what}: hạn {day} — {state}"),
                Lang::En => format!("{what}: due {day} — {state}"),
            })
        })
        .collect()
}

/// "2023: thiếu 5 số chính thức, quá hạn (hạn 31/03/2024)".
fn pending_text(
    year: i32,
    (quality, missing): (Quality, usize),
    (due, days): (NaiveDate, i64),
    lang: Lang,
) -> String {
    let what = match quality {
        Quality::Estimate => lang.pick("số ước thực hiện", "estimates"),
        Quality::Official => lang.pick("số chính thức", "official figures"),
    };
    let state = match days < 0 {
        true => lang.pick("quá hạn", "overdue"),
        false => lang.pick("sắp đến hạn", "due soon"),
    };
    let day = due.format("%d/%m/%Y");
    match lang {
        Lang::Vi => format!("{year}: thiếu {missing} {what}, {state} (hạn {day})"),
        Lang::En => format!("{year}: {missing} {what} missing, {state} (due {day})"),
    }
}

/// Another year of the term whose figures (of the form's scope: the area's own, or one unit's) are past their due
/// day or due within 30 days and still missing: what a statistician's form lists under its own year's notes.
pub struct PendingYear {
    pub year: i32,
    /// "2023: 5 số chính thức quá hạn (hạn 31/03/2024)".
    pub text: String,
}

/// The years of the term, other than the form's, with figures of the scope overdue or due soon.
pub fn pending_years(
    conn: &mut DbConnection,
    form: &super::YearForm,
    unit: Option<&Unit>,
    lang: Lang,
) -> Result<Vec<PendingYear>, AppError> {
    let catalog = &form.stored.catalog;
    let (today, calendar) = (crate::clock::today(), catalog.resolution.calendar);
    let (first, last) = (
        catalog.resolution.baseline_year,
        catalog.resolution.goal_year,
    );
    let mut pending = Vec::new();
    for year in (first..=last).filter(|&y| y != form.year) {
        let asked: Vec<&str> = match unit {
            Some(u) if crate::domain::unit_figures::exists_in(u, year) => catalog
                .targets_of_unit(u)
                .iter()
                .map(|t| t.code.as_str())
                .collect(),
            Some(_) => continue,
            None => catalog
                .targets
                .iter()
                .filter(|t| t.rollup == Rollup::None)
                .map(|t| t.code.as_str())
                .collect(),
        };
        let code = unit.map_or("", |u| u.code.as_str());
        let keys = measurements::figure_keys_of_year(conn, &form.stored, year)?;
        for quality in Quality::ALL {
            let Some(due) = due_of(calendar, year, quality) else {
                continue;
            };
            let days = (due - today).num_days();
            let missing = asked
                .iter()
                .filter(|t| {
                    !keys
                        .iter()
                        .any(|(k, u, q)| k == *t && u == code && *q == quality)
                })
                .count();
            if missing == 0 || days > 30 {
                continue;
            }
            let text = pending_text(year, (quality, missing), (due, days), lang);
            pending.push(PendingYear { year, text });
        }
    }
    Ok(pending)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forms_due_days_in_words() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a day");
        let notes = due_notes(
            Calendar::default(),
            2024,
            [(Quality::Estimate, 5), (Quality::Official, 0)],
            day(2024, 12, 2),
            Lang::Vi,
        );
        assert_eq!(
            notes,
            [
                "Số ước thực hiện: hạn 30/11/2024 — đã quá hạn, còn thiếu 5 số liệu",
                "Số chính thức: hạn 31/03/2025 — đã đủ",
            ]
        );
        let soon = due_notes(
            Calendar::default(),
            2025,
            [(Quality::Estimate, 2), (Quality::Official, 16)],
            day(2025, 11, 20),
            Lang::En,
        );
        assert_eq!(
            soon[0],
            "Estimates: due 30/11/2025 — 10 days left, 2 figures missing"
        );
    }
}

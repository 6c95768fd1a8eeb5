//! A unit's figure for a roll-up target, as someone typed it, checked by the one validation every way of entering
//! it goes through: the unit must exist that year (and be of a counted kind for yes/no roll-ups), and the reading
//! must be what the roll-up takes: a value (`sum`), a numerator and a denominator (`ratio`; whole, the numerator
//! not above the denominator, the denominator above 0), or yes/no (`share_of_units`, `count_of_units`).

use chrono::NaiveDate;

use super::catalog::{Target, MAX_MAGNITUDE};
use super::lang::Lang;
use super::measurement::{
    source_and_note, year_problem, Draft, Entry, EntryPolicy, FieldProblem, Problem,
};
use super::rollup::{UnitFigure, UnitReading};
use super::units::{Rollup, Unit};

/// A unit's figure as typed: the unit, a draft as for the area (year, quality, value, source, note; its `state`
/// unused), and what only units enter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitDraft {
    pub unit: String,
    pub draft: Draft,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub yes: Option<bool>,
}

/// A unit's figure that passed every check.
pub type UnitEntry = Entry<UnitFigure>;

/// A unit's yes/no as typed: `yes`/`no` (the API's and the files' words) or `có`/`không`, in any case.
pub fn parse_yes_no(text: &str) -> Result<bool, Problem> {
    let typed = super::text::clean(text).to_lowercase();
    [true, false]
        .into_iter()
        .find(|&yes| {
            [Lang::Vi, Lang::En]
                .iter()
                .any(|&lang| super::lang::yes_no(yes, lang).to_lowercase() == typed)
        })
        .ok_or_else(|| Problem::NotYesNo(super::text::excerpt(text, 40)))
}

/// Whether the unit existed on some day of the year.
pub fn exists_in(unit: &Unit, year: i32) -> bool {
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return false;
    };
    unit.starts.is_none_or(|s| s <= last) && unit.ends.is_none_or(|e| e >= first)
}

/// A number entered for a unit: finite and within the catalog's magnitude bound.
fn number_problem(value: f64) -> Option<Problem> {
    if !value.is_finite() {
        Some(Problem::NotFinite)
    } else if value.abs() > MAX_MAGNITUDE {
        Some(if value > 0.0 {
            Problem::AboveMaximum(MAX_MAGNITUDE)
        } else {
            Problem::BelowMinimum(-MAX_MAGNITUDE)
        })
    } else {
        None
    }
}

/// A count entered for a unit: a number, whole, not negative.
fn count_problem(value: f64) -> Option<Problem> {
    if let Some(problem) = number_problem(value) {
        Some(problem)
    } else if value < 0.0 {
        Some(Problem::BelowMinimum(0.0))
    } else if value.fract() != 0.0 {
        Some(Problem::NotWhole)
    } else {
        None
    }
}

/// The boxes a draft fills that the roll-up does not take (a value beside a ratio's counts is not silently
/// dropped, nor counts beside a yes/no).
fn boxes_not_taken(rollup: &Rollup, draft: &UnitDraft) -> Vec<FieldProblem> {
    let (takes_vi, takes_en, taken): (_, _, &[&str]) = match rollup {
        Rollup::None => return Vec::new(),
        Rollup::Sum => ("số liệu (value)", "value", &["value"]),
        Rollup::Ratio => (
            "tử số và mẫu số",
            "numerator and denominator",
            &["numerator", "denominator"],
        ),
        Rollup::ShareOfUnits(_) | Rollup::CountOfUnits(_) => (
            "câu trả lời có/không (state)",
            "yes or no (state)",
            &["state"],
        ),
    };
    [
        ("value", draft.draft.value.is_some()),
        ("numerator", draft.numerator.is_some()),
        ("denominator", draft.denominator.is_some()),
        ("state", draft.yes.is_some()),
    ]
    .into_iter()
    .filter(|(field, given)| *given && !taken.contains(field))
    .map(|(field, _)| FieldProblem::new(field, Problem::NotTakenByRollup { takes_vi, takes_en }))
    .collect()
}

/// The reading the target's roll-up takes, or the problems of what was typed.
fn reading(
    target: &Target,
    unit: Option<&Unit>,
    draft: &UnitDraft,
) -> Result<UnitReading, Vec<FieldProblem>> {
    let missing = |field| vec![FieldProblem::new(field, Problem::Missing)];
    let extra = boxes_not_taken(&target.rollup, draft);
    if !extra.is_empty() {
        return Err(extra);
    }
    match &target.rollup {
        Rollup::None => Err(vec![FieldProblem::new("unit", Problem::NoRollup)]),
        Rollup::Sum => {
            let value = draft.draft.value.ok_or_else(|| missing("value"))?;
            // A count (whole) is a whole number, not negative; any value keeps the magnitude bound.
            let problem = if target.whole {
                count_problem(value)
            } else {
                number_problem(value)
            };
            match problem {
                Some(problem) => Err(vec![FieldProblem::new("value", problem)]),
                None => Ok(UnitReading::Value(super::measurement::unsigned_zero(value))),
            }
        }
        Rollup::Ratio => {
            let numerator = draft.numerator.ok_or_else(|| missing("numerator"))?;
            let denominator = draft.denominator.ok_or_else(|| missing("denominator"))?;
            let mut problems: Vec<FieldProblem> =
                [("numerator", numerator), ("denominator", denominator)]
                    .into_iter()
                    .filter_map(|(field, v)| count_problem(v).map(|p| FieldProblem::new(field, p)))
                    .collect();
            if problems.is_empty() && denominator == 0.0 {
                problems.push(FieldProblem::new("denominator", Problem::ZeroDenominator));
            }
            if problems.is_empty() && numerator > denominator {
                problems.push(FieldProblem::new(
                    "numerator",
                    Problem::NumeratorAboveDenominator,
                ));
            }
            match problems.is_empty() {
                true => Ok(UnitReading::Ratio {
                    numerator: super::measurement::unsigned_zero(numerator),
                    denominator,
                }),
                false => Err(problems),
            }
        }
        Rollup::ShareOfUnits(kinds) | Rollup::CountOfUnits(kinds) => {
            if let Some(u) = unit.filter(|u| !kinds.is_empty() && !kinds.contains(&u.kind)) {
                let problem = Problem::UnitKindNotCounted {
                    unit: u.code.clone(),
                    kind: u.kind.clone(),
                };
                return Err(vec![FieldProblem::new("unit", problem)]);
            }
            draft
                .yes
                .map(UnitReading::YesNo)
                .ok_or_else(|| missing("state"))
        }
    }
}

/// Checks a unit's draft against its target and the area's units; every problem is returned, each naming its
/// field.
pub fn check_unit(
    target: &Target,
    unit: Option<&Unit>,
    baseline_year: i32,
    policy: &EntryPolicy,
    draft: UnitDraft,
) -> Result<UnitEntry, Vec<FieldProblem>> {
    let (year, quality) = (draft.draft.year, draft.draft.quality);
    let mut problems: Vec<FieldProblem> = year_problem(target, baseline_year, policy, year)
        .into_iter()
        .collect();
    match unit {
        None => problems.push(FieldProblem::new(
            "unit",
            // What was sent is quoted, but only so much of it.
            Problem::UnknownUnit(super::text::excerpt(&draft.unit, 100)),
        )),
        Some(u) if !exists_in(u, year) => problems.push(FieldProblem::new(
            "unit",
            Problem::UnitNotInYear {
                unit: u.code.clone(),
                starts: u.starts,
                ends: u.ends,
            },
        )),
        Some(_) => {}
    }
    if quality.is_none() {
        problems.push(FieldProblem::new("quality", Problem::Missing));
    }
    let reading = reading(target, unit, &draft)
        .map_err(|p| problems.extend(p))
        .ok();
    let (source, note) =
        source_and_note(draft.draft.source, draft.draft.note, policy, &mut problems);
    match (problems.is_empty(), quality, reading) {
        (true, Some(quality), Some(reading)) => Ok(UnitEntry {
            figure: UnitFigure {
                unit: draft.unit,
                year,
                quality,
                reading,
            },
            source,
            note,
        }),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::lang::{texts, Explained, Lang};
    use crate::domain::measurement::Quality;

    /// Checks a draft with the unit it names looked up in the catalog, as every caller does.
    fn checked(
        target: &Target,
        catalog: &crate::domain::Catalog,
        draft: UnitDraft,
    ) -> Result<UnitEntry, Vec<FieldProblem>> {
        let unit = catalog.units.iter().find(|u| u.code == draft.unit);
        check_unit(target, unit, 2020, &policy(), draft)
    }

    fn policy() -> EntryPolicy {
        EntryPolicy {
            years_after_goal: 1,
            max_text_chars: 2000,
        }
    }

    fn counts(unit: &str, numerator: f64, denominator: f64) -> UnitDraft {
        UnitDraft {
            numerator: Some(numerator),
            denominator: Some(denominator),
            ..draft(unit, 2023)
        }
    }

    fn said(unit: &str, year: i32, yes: bool) -> UnitDraft {
        UnitDraft {
            yes: Some(yes),
            ..draft(unit, year)
        }
    }

    fn draft(unit: &str, year: i32) -> UnitDraft {
        UnitDraft {
            unit: unit.into(),
            draft: Draft {
                year,
                quality: Some(Quality::Official),
                ..Draft::default()
            },
            ..UnitDraft::default()
        }
    }

    fn value(unit: &str, value: f64, source: Option<&str>) -> UnitDraft {
        let mut d = draft(unit, 2023);
        d.draft.value = Some(value);
        d.draft.source = source.map(str::to_string);
        d
    }

    #[test]
    fn ratio_figures_are_two_whole_counts_with_the_numerator_not_above_the_denominator() {
        let c = crate::domain::catalog::shipped_for_tests();
        let t06 = c.target("T06").expect("T06");
        let check = |d| checked(t06, &c, d);
        let good = counts("cam-vu", 1800.0, 2000.0);
        let entry = check(good).expect("valid");
        assert_eq!(
            entry.figure.reading,
            UnitReading::Ratio {
                numerator: 1800.0,
                denominator: 2000.0
            }
        );
        let above = counts("cam-vu", 2001.0, 2000.0);
        assert_eq!(
            texts(check(above)),
            ["numerator: the numerator must not be above the denominator"]
        );
        let zero = counts("cam-vu", 0.0, 0.0);
        assert_eq!(
            texts(check(zero)),
            ["denominator: the denominator must be above 0"]
        );
        let half = counts("cam-vu", 10.5, 20.0);
        assert_eq!(
            texts(check(half)),
            ["numerator: must be a whole number (this target counts)"]
        );
        assert_eq!(
            texts(check(draft("cam-vu", 2023))),
            ["numerator: is required"]
        );
    }

    #[test]
    fn a_box_the_rollup_does_not_take_is_refused_not_dropped() {
        let c = crate::domain::catalog::shipped_for_tests();
        let t06 = c.target("T06").expect("T06");
        let mut both = counts("cam-vu", 1800.0, 2000.0);
        both.draft.value = Some(95.0);
        assert_eq!(
            texts(checked(t06, &c, both)),
            ["value: this target rolls up the units' numerator and denominator: leave this empty"]
        );
        let t15 = c.target("T15").expect("T15");
        let mut summed = value("cam-vu", 9.0, None);
        summed.denominator = Some(10.0);
        let problems = checked(t15, &c, summed).expect_err("a count beside the value");
        assert_eq!(problems[0].field, "denominator");
        assert_eq!(
            problems[0].problem.message(Lang::Vi),
            "chỉ tiêu này tổng hợp từ số liệu (value) của đơn vị: để trống ô này"
        );
        let t09 = c.target("T09").expect("T09");
        let mut answered = said("cam-vu", 2023, true);
        answered.draft.value = Some(1.0);
        assert_eq!(
            texts(checked(t09, &c, answered)),
            ["value: this target rolls up the units' yes or no (state): leave this empty"]
        );
    }

    #[test]
    fn a_unit_outside_its_years_or_of_an_uncounted_kind_is_refused_naming_it() {
        let c = crate::domain::catalog::shipped_for_tests();
        let t09 = c.target("T09").expect("T09");
        let check = |d| checked(t09, &c, d);
        let merged = said("thach-loi", 2025, true);
        let problems = check(merged).expect_err("merged away in 2024");
        assert_eq!(
            problems[0].problem.message(Lang::En),
            "the unit thach-loi did not exist in this year (valid from before the term to 2024-11-30)"
        );
        let made = said("phuc-dien", 2023, true);
        assert!(texts(check(made))[0].contains("valid from 2024-12-01 to now"));
        let town = said("lai-cach", 2023, true);
        assert_eq!(
            texts(check(town)),
            ["unit: the unit lai-cach is of kind thi_tran, which this target does not count"]
        );
        assert!(
            check(said("thach-loi", 2024, true)).is_ok(),
            "it existed in 2024"
        );
        let unknown = said("nowhere", 2023, false);
        assert_eq!(
            texts(check(unknown)),
            ["unit: no unit has the code \"nowhere\""]
        );
        let long = check(said(&"x".repeat(5000), 2023, true));
        let quoted = texts(long);
        assert!(quoted[0].chars().count() < 200, "{quoted:?}");
    }

    #[test]
    fn a_target_without_a_rollup_takes_no_unit_figure_and_sums_take_a_value() {
        let c = crate::domain::catalog::shipped_for_tests();
        let t01 = c.target("T01").expect("T01");
        let d = value("cam-vu", 10.0, None);
        assert_eq!(
            texts(checked(t01, &c, d)),
            ["unit: this target is not rolled up from units: enter the area's own figure"]
        );
        let t15 = c.target("T15").expect("T15");
        let d = value("cam-vu", 8.0, Some(" Đảng ủy xã "));
        let entry = checked(t15, &c, d).expect("valid");
        assert_eq!(entry.figure.reading, UnitReading::Value(8.0));
        assert_eq!(entry.source.as_deref(), Some("Đảng ủy xã"));
        let d = value("cam-vu", -1.0, None);
        assert_eq!(texts(checked(t15, &c, d)), ["value: must be at least 0"]);
        // A sum that is not a count still keeps the magnitude bound.
        let mut share = t15.clone();
        share.whole = false;
        let d = value("cam-vu", 1e300, None);
        assert_eq!(
            texts(checked(&share, &c, d)),
            ["value: must be at most 1000000000000000"]
        );
        let d = value("cam-vu", 2.5, None);
        assert!(checked(&share, &c, d).is_ok());
        let vi = Problem::NumeratorAboveDenominator.message(Lang::Vi);
        assert_eq!(vi, "tử số không được lớn hơn mẫu số");
    }
}

//! Which figures are in for a year, per target and unit (what DHIS2 calls reporting rates): for every target
//! rolled up from units, each unit counted that year has an estimate, an official figure, both or neither; and
//! the area's own figures of every target. Pure: the catalog and the year's figure keys in, the grid out.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use serde::Serialize;

use super::calendar::{timeliness, Calendar, Timeliness};
use super::catalog::Catalog;
use super::measurement::Quality;
use super::units::{units_counted, Rollup, Unit};

/// What is in for one (target, unit or area) in the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Filled {
    pub estimate: bool,
    pub official: bool,
}

impl Filled {
    pub fn any(self) -> bool {
        self.estimate || self.official
    }
}

/// A year's figure as a key: target code, unit code ('' for the area), quality.
pub type FigureKeyOf<'a> = (&'a str, &'a str, Quality);

/// One target's column: how many of its counted units have each quality in.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TargetCount {
    pub code: String,
    /// Rolled up from units (else only the area's own figure is asked for).
    pub rollup: bool,
    pub units_counted: usize,
    pub estimates: usize,
    pub officials: usize,
    /// The area's own figures of the year.
    pub area: Filled,
}

/// One unit's row: for each roll-up target it is counted in, what is in.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRow<'a> {
    #[serde(skip)]
    pub unit: &'a Unit,
    pub code: &'a str,
    /// (target code, what is in), the roll-up targets that count this unit, in catalog order.
    pub figures: Vec<(&'a str, Filled)>,
    pub asked: usize,
    pub estimates: usize,
    pub officials: usize,
}

impl UnitRow<'_> {
    /// Nothing at all is in for the year.
    pub fn silent(&self) -> bool {
        self.asked > 0 && self.figures.iter().all(|(_, f)| !f.any())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Completeness<'a> {
    pub year: i32,
    pub targets: Vec<TargetCount>,
    pub units: Vec<UnitRow<'a>>,
}

impl<'a> Completeness<'a> {
    /// Only the targets the agency leads or co-operates on, and each unit's figures of those; a unit asked for
    /// none of them is left out.
    pub fn of_agency(mut self, catalog: &Catalog, agency: &str) -> Completeness<'a> {
        let answers = |code: &str| {
            catalog
                .target(code)
                .is_some_and(|t| t.agencies.includes(agency))
        };
        self.targets.retain(|t| answers(&t.code));
        for u in &mut self.units {
            u.figures.retain(|(code, _)| answers(code));
            u.asked = u.figures.len();
            u.estimates = u.figures.iter().filter(|(_, f)| f.estimate).count();
            u.officials = u.figures.iter().filter(|(_, f)| f.official).count();
        }
        self.units.retain(|u| u.asked > 0);
        self
    }
}

/// The grid of a year from the keys of the figures stored for it.
pub fn completeness<'a>(
    catalog: &'a Catalog,
    year: i32,
    keys: &[FigureKeyOf<'_>],
) -> Completeness<'a> {
    let present: HashSet<FigureKeyOf<'_>> = keys.iter().copied().collect();
    let filled = |code: &str, unit: &str| Filled {
        estimate: present.contains(&(code, unit, Quality::Estimate)),
        official: present.contains(&(code, unit, Quality::Official)),
    };
    // Each roll-up target's counted units, in the catalog's order and as a set (a province has thousands).
    let counted: Vec<(&'a str, Vec<&'a str>, HashSet<&'a str>)> = catalog
        .targets
        .iter()
        .filter(|t| t.rollup != Rollup::None)
        .map(|t| {
            let units = units_counted(
                &catalog.units,
                catalog.area.as_ref(),
                year,
                t.rollup.counted_kinds(),
            );
            let codes: Vec<&str> = units.iter().map(|u| u.code.as_str()).collect();
            let set = codes.iter().copied().collect();
            (t.code.as_str(), codes, set)
        })
        .collect();
    let units: Vec<UnitRow<'a>> = catalog
        .units
        .iter()
        .filter_map(|u| {
            let figures: Vec<(&'a str, Filled)> = counted
                .iter()
                .filter(|(.., set)| set.contains(u.code.as_str()))
                .map(|(code, ..)| (*code, filled(code, &u.code)))
                .collect();
            (!figures.is_empty()).then(|| UnitRow {
                unit: u,
                code: u.code.as_str(),
                asked: figures.len(),
                estimates: figures.iter().filter(|(_, f)| f.estimate).count(),
                officials: figures.iter().filter(|(_, f)| f.official).count(),
                figures,
            })
        })
        .collect();
    let targets = catalog
        .targets
        .iter()
        .map(|t| {
            let of_target = counted.iter().find(|(code, ..)| *code == t.code);
            let units = of_target.map_or(&[][..], |(_, u, _)| u.as_slice());
            let each: Vec<Filled> = units.iter().map(|u| filled(&t.code, u)).collect();
            TargetCount {
                code: t.code.clone(),
                rollup: of_target.is_some(),
                units_counted: units.len(),
                estimates: each.iter().filter(|f| f.estimate).count(),
                officials: each.iter().filter(|f| f.official).count(),
                area: filled(&t.code, ""),
            }
        })
        .collect();
    Completeness {
        year,
        targets,
        units,
    }
}

/// How a year's asked figures stand against the reporting calendar, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TimelinessCount {
    pub on_time: usize,
    pub late: usize,
    pub overdue: usize,
    pub not_due: usize,
}

impl TimelinessCount {
    fn add(&mut self, t: Timeliness) {
        *match t {
            Timeliness::OnTime => &mut self.on_time,
            Timeliness::Late => &mut self.late,
            Timeliness::Overdue => &mut self.overdue,
            Timeliness::NotDue => &mut self.not_due,
        } += 1;
    }
}

/// A year's timeliness: its due days, the area's own figures (of the targets not rolled up) and each unit's.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct YearTimeliness {
    pub year: i32,
    pub estimate_due: Option<NaiveDate>,
    pub official_due: Option<NaiveDate>,
    pub area: TimelinessCount,
    /// Each unit asked for figures, by code, in the grid's order.
    pub units: Vec<(String, TimelinessCount)>,
}

/// The day each figure was first entered (on the office's clock), by target, unit ('' for the area) and quality.
pub type Entered<'a> = HashMap<(&'a str, &'a str, Quality), NaiveDate>;

/// Each asked figure of the grid judged against the catalog's calendar as of `today`.
pub fn year_timeliness(
    catalog: &Catalog,
    grid: &Completeness<'_>,
    entered: &Entered<'_>,
    today: NaiveDate,
) -> YearTimeliness {
    let calendar = catalog.resolution.calendar;
    let year = grid.year;
    let judge = |count: &mut TimelinessCount, code: &str, unit: &str| {
        for quality in Quality::ALL {
            if let Some(due) = due_of(calendar, year, quality) {
                let first = entered.get(&(code, unit, quality)).copied();
                count.add(timeliness(due, first, today));
            }
        }
    };
    let mut area = TimelinessCount::default();
    for t in grid.targets.iter().filter(|t| !t.rollup) {
        judge(&mut area, &t.code, "");
    }
    let units = grid
        .units
        .iter()
        .map(|u| {
            let mut count = TimelinessCount::default();
            for (code, _) in &u.figures {
                judge(&mut count, code, u.code);
            }
            (u.code.to_string(), count)
        })
        .collect();
    YearTimeliness {
        year,
        estimate_due: calendar.estimate_due_for(year),
        official_due: calendar.official_due_for(year),
        area,
        units,
    }
}

/// The last day a year's figure of this quality is on time (the calendar knows days, not qualities).
pub fn due_of(calendar: Calendar, year: i32, quality: Quality) -> Option<NaiveDate> {
    match quality {
        Quality::Estimate => calendar.estimate_due_for(year),
        Quality::Official => calendar.official_due_for(year),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::shipped_for_tests;

    #[test]
    fn the_grid_counts_each_targets_units_and_finds_who_has_not_reported() {
        let catalog = shipped_for_tests();
        let keys = [
            ("T06", "cam-dien", Quality::Official),
            ("T06", "cam-doai", Quality::Estimate),
            ("T09", "cam-dien", Quality::Official),
            ("T01", "", Quality::Official),
        ];
        let grid = completeness(&catalog, 2023, &keys);
        let t06 = grid.targets.iter().find(|t| t.code == "T06").expect("T06");
        assert_eq!(
            (t06.units_counted, t06.estimates, t06.officials),
            (17, 1, 1)
        );
        let t09 = grid.targets.iter().find(|t| t.code == "T09").expect("T09");
        assert_eq!(t09.units_counted, 15, "the towns are not counted");
        let t01 = grid.targets.iter().find(|t| t.code == "T01").expect("T01");
        assert!(!t01.rollup && t01.area.official && !t01.area.estimate);
        let dien = grid
            .units
            .iter()
            .find(|u| u.code == "cam-dien")
            .expect("Cẩm Điền");
        assert_eq!((dien.officials, dien.estimates), (2, 0));
        assert!(!dien.silent());
        let town = grid
            .units
            .iter()
            .find(|u| u.code == "lai-cach")
            .expect("Lai Cách");
        assert!(
            town.asked < dien.asked,
            "a town is not asked for the communes' targets"
        );
        assert!(town.silent());
        // Phúc Điền did not exist at the end of 2023: it is not asked for anything.
        assert!(grid.units.iter().all(|u| u.code != "phuc-dien"));
        assert_eq!(grid.units.iter().filter(|u| u.silent()).count(), 15);

        // Timeliness as of 1 June 2024: 2023's estimates were due 30/11/2023, its official figures 31/03/2024.
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a day");
        let entered: Entered<'_> = [
            (("T06", "cam-dien", Quality::Official), day(2024, 3, 31)),
            (("T09", "cam-dien", Quality::Official), day(2024, 4, 2)),
            (("T01", "", Quality::Official), day(2024, 1, 15)),
        ]
        .into_iter()
        .collect();
        let timely = year_timeliness(&catalog, &grid, &entered, day(2024, 6, 1));
        assert_eq!(timely.official_due, Some(day(2024, 3, 31)));
        let dien = timely
            .units
            .iter()
            .find(|(c, _)| c == "cam-dien")
            .expect("Cẩm Điền")
            .1;
        // 10 targets a commune reports on, two qualities each: one on time, one late, the other 18 overdue.
        assert_eq!(
            (dien.on_time, dien.late, dien.overdue, dien.not_due),
            (1, 1, 18, 0)
        );
        // The area's own: the 6 targets not rolled up, two qualities each; T01's official on time.
        assert_eq!((timely.area.on_time, timely.area.overdue), (1, 11));
    }
}

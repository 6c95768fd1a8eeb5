//! One unit's side of a roll-up target: its yearly series (its own figures, and for a unit formed by a merge a
//! comparable series from its predecessors for the years before), its own status for `ratio` targets, and where
//! each unit stands in a year. Pure: the catalog and figures in, views out.

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;
use serde::Serialize;

use super::catalog::{Catalog, Target};
use super::measurement::{Figure, Quality, Reading};
use super::progress::{assess, Progress};
use super::rollup::{UnitFigure, UnitReading};
use super::units::{formed_by, units_counted, ChangeKind, Rollup, Unit};

/// One year of a unit's series.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct UnitYear {
    pub year: i32,
    pub quality: Quality,
    /// The number shown: the value (`sum`), the percentage (`ratio`), none for yes/no.
    pub value: Option<f64>,
    /// Yes/no targets: the unit's answer.
    pub yes: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numerator: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator: Option<f64>,
    /// Built from the units it was formed from (before it existed): shown for comparison, never judged.
    pub comparable: bool,
}

impl UnitYear {
    fn of(year: i32, quality: Quality, reading: UnitReading, comparable: bool) -> Self {
        let counts = reading.counts();
        UnitYear {
            year,
            quality,
            value: reading.shown_value(),
            yes: reading.yes(),
            numerator: counts.map(|c| c.0),
            denominator: counts.map(|c| c.1),
            comparable,
        }
    }
}

/// Each unit's effective figure (official over estimate) of each year, up to `as_of`.
fn effective_by_unit(figures: &[UnitFigure], as_of: i32) -> BTreeMap<(&str, i32), &UnitFigure> {
    let mut best: BTreeMap<(&str, i32), &UnitFigure> = BTreeMap::new();
    for f in figures.iter().filter(|f| f.year <= as_of) {
        let key = (f.unit.as_str(), f.year);
        // Official over estimate.
        if best.get(&key).is_none_or(|seen| f.quality > seen.quality) {
            best.insert(key, f);
        }
    }
    best
}

/// The comparable reading of units taken together: the sum of values, or the ratio of the sums; none for
/// yes/no, or when a unit has no figure.
fn together(readings: &[Option<UnitReading>]) -> Option<UnitReading> {
    let mut total = (0.0, 0.0);
    let mut ratio = false;
    for reading in readings {
        match (*reading)? {
            UnitReading::Value(v) => total.0 += v,
            UnitReading::Ratio {
                numerator,
                denominator,
            } => {
                ratio = true;
                total = (total.0 + numerator, total.1 + denominator);
            }
            UnitReading::YesNo(_) => return None,
        }
    }
    Some(match ratio {
        true if total.1 > 0.0 => UnitReading::Ratio {
            numerator: total.0,
            denominator: total.1,
        },
        true => return None,
        false => UnitReading::Value(total.0),
    })
}

/// A unit's series for a target, up to `as_of`, by year: its own effective figures, and for the years before a
/// merge that formed or grew it, the comparable figure of the units it was formed from (with itself, when it
/// went on), marked `comparable`.
pub fn unit_series(
    catalog: &Catalog,
    unit: &Unit,
    figures: &[UnitFigure],
    as_of: i32,
) -> Vec<UnitYear> {
    let best = effective_by_unit(figures, as_of);
    let mut years: Vec<UnitYear> = best
        .iter()
        .filter(|((code, _), _)| *code == unit.code)
        .map(|((_, year), f)| UnitYear::of(*year, f.quality, f.reading, false))
        .collect();
    for change in formed_by(unit, &catalog.changes) {
        let mut parts: Vec<&str> = change.before.iter().map(String::as_str).collect();
        if change.kind == ChangeKind::MergeIntoExisting {
            parts.push(&unit.code);
        }
        let last = change.date.year().min(as_of + 1);
        for year in catalog.resolution.baseline_year..last {
            let found: Vec<Option<&UnitFigure>> = parts
                .iter()
                .map(|code| best.get(&(*code, year)).copied())
                .collect();
            let readings: Vec<Option<UnitReading>> =
                found.iter().map(|p| p.map(|f| f.reading)).collect();
            if let Some(reading) = together(&readings) {
                let official = found
                    .iter()
                    .flatten()
                    .all(|f| f.quality == Quality::Official);
                let quality = if official {
                    Quality::Official
                } else {
                    Quality::Estimate
                };
                years.push(UnitYear::of(year, quality, reading, true));
            }
        }
    }
    years.sort_by_key(|y| (y.year, y.comparable));
    years
}

/// A unit's own status on a `ratio` target: its own percentages judged by the area's kind and goal, the
/// baseline being its earliest year in the term. Other roll-ups give no unit status.
pub fn unit_status(
    catalog: &Catalog,
    target: &Target,
    series: &[UnitYear],
    as_of: i32,
) -> Option<Progress> {
    if target.rollup != Rollup::Ratio {
        return None;
    }
    let own: Vec<Figure> = series
        .iter()
        .filter(|y| !y.comparable && y.year >= catalog.resolution.baseline_year)
        .filter_map(|y| {
            y.value.map(|v| Figure {
                year: y.year,
                quality: y.quality,
                reading: Reading::Value(v),
            })
        })
        .collect();
    // The methodology: "baseline the unit's earliest year in the term" (for a yearly goal, that year is the
    // unit's baseline and is not judged, as the area's baseline year is not).
    let baseline = own.iter().map(|f| f.year).min()?;
    Some(assess(target, baseline, &own, as_of))
}

/// Where one unit stands on a target in a year.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitStanding<'a> {
    pub unit: &'a Unit,
    /// Counted in the year's roll-up (valid at its counting day, of a counted kind).
    pub counted: bool,
    /// Its effective figure of the year, if it reported.
    pub figure: Option<UnitYear>,
    /// Its own status (ratio targets), as of the year.
    pub status: Option<Progress>,
}

/// Every unit that existed in `year` (counted or not: a unit merged away during the year shows its figure) and
/// where it stands; counted units first, in the catalog's order.
pub fn standings<'a>(
    catalog: &'a Catalog,
    target: &Target,
    figures: &[UnitFigure],
    year: i32,
) -> Vec<UnitStanding<'a>> {
    let counted: std::collections::HashSet<&str> = units_counted(
        &catalog.units,
        catalog.area.as_ref(),
        year,
        target.rollup.counted_kinds(),
    )
    .iter()
    .map(|u| u.code.as_str())
    .collect();
    // Each unit's own figures, found once (a national roll-out has 10,000 units).
    let mut by_unit: HashMap<&str, Vec<UnitFigure>> = HashMap::new();
    for f in figures {
        by_unit.entry(f.unit.as_str()).or_default().push(f.clone());
    }
    let mut rows: Vec<UnitStanding<'a>> = catalog
        .units
        .iter()
        .filter(|u| super::unit_figures::exists_in(u, year))
        .map(|unit| {
            let mine = by_unit
                .get(unit.code.as_str())
                .map_or(&[][..], Vec::as_slice);
            let series = unit_series(catalog, unit, mine, year);
            UnitStanding {
                unit,
                counted: counted.contains(&unit.code.as_str()),
                figure: series
                    .iter()
                    .find(|y| y.year == year && !y.comparable)
                    .cloned(),
                status: unit_status(catalog, target, &series, year),
            }
        })
        .collect();
    rows.sort_by_key(|r| !r.counted);
    rows
}

/// How much a unit's standing holds the area back, for listing the laggards first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lag {
    /// Counted this year and has not reported: the roll-up cannot be complete without it.
    NotReported,
    /// Its own status is behind (off track, regressing, missed, needs acceleration) or its answer is no.
    Behind,
    /// Reported and not behind.
    Fine,
    /// Not counted in the year's roll-up (not of a counted kind, or merged away before the counting day).
    NotCounted,
}

impl UnitStanding<'_> {
    pub fn lag(&self) -> Lag {
        use super::progress::Status;
        if !self.counted {
            return Lag::NotCounted;
        }
        let Some(figure) = &self.figure else {
            return Lag::NotReported;
        };
        let behind = matches!(
            self.status.as_ref().map(|p| p.status),
            Some(
                Status::OffTrack | Status::Regressing | Status::Missed | Status::NeedsAcceleration
            )
        ) || figure.yes == Some(false);
        if behind {
            Lag::Behind
        } else {
            Lag::Fine
        }
    }
}

/// Every unit of `year` where it stands, laggards first: what a target's units table and chart list.
pub fn lagging_standings<'a>(
    catalog: &'a Catalog,
    target: &Target,
    figures: &[UnitFigure],
    year: i32,
) -> Vec<UnitStanding<'a>> {
    let mut rows = standings(catalog, target, figures, year);
    lagging_first(target, &mut rows);
    rows
}

/// Sorts standings laggards first: by [`Lag`], then by figure, the weakest first (the lowest where the goal is
/// to reach a level, the highest where it is to stay under one), then in the catalog's order.
pub fn lagging_first(target: &Target, rows: &mut [UnitStanding<'_>]) {
    let less_is_better = target.rule.goal().is_some_and(|g| {
        matches!(
            g.comparator,
            super::catalog::Comparator::Less | super::catalog::Comparator::LessOrEqual
        )
    });
    let weakness = |r: &UnitStanding<'_>| {
        let v = r.figure.as_ref().and_then(|f| f.value).unwrap_or(0.0);
        if less_is_better {
            -v
        } else {
            v
        }
    };
    rows.sort_by(|a, b| {
        a.lag()
            .cmp(&b.lag())
            .then_with(|| weakness(a).total_cmp(&weakness(b)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::shipped_for_tests;
    use crate::domain::progress::Status;

    use crate::domain::rollup::official_ratio as ratio;

    #[test]
    fn a_merged_commune_shows_a_comparable_series_from_the_communes_it_was_formed_from() {
        let catalog = shipped_for_tests();
        let phuc_dien = catalog
            .units
            .iter()
            .find(|u| u.code == "phuc-dien")
            .expect("shipped");
        let formed = formed_by(phuc_dien, &catalog.changes);
        assert_eq!(formed.len(), 1);
        let before = &formed[0].before;
        // 2023: the three communes before the merge; 2024: Phúc Điền's own figure.
        assert_eq!(before, &["cam-dien", "cam-phuc"]);
        let mut figures = vec![
            ratio("cam-dien", 2023, 100.0, 500.0),
            ratio("cam-phuc", 2023, 400.0, 500.0),
            ratio("phuc-dien", 2024, 800.0, 1000.0),
        ];
        let series = unit_series(&catalog, phuc_dien, &figures, 2025);
        assert_eq!(series.len(), 2);
        assert!(series[0].comparable);
        // (100 + 400) / (500 + 500) = 50%
        assert_eq!(series[0].value, Some(50.0));
        assert_eq!(series[0].numerator, Some(500.0));
        assert!(!series[1].comparable);
        assert_eq!(series[1].value, Some(80.0));
        // Merged into a town that went on: the town's comparable 2023 takes in its own figure too.
        figures.push(ratio("cam-giang-tt", 2023, 900.0, 1000.0));
        figures.push(ratio("thach-loi", 2023, 100.0, 500.0));
        let town = catalog
            .units
            .iter()
            .find(|u| u.code == "cam-giang-tt")
            .expect("shipped");
        let series = unit_series(&catalog, town, &figures, 2025);
        assert_eq!(series.len(), 2, "{series:?}");
        assert_eq!((series[0].comparable, series[0].value), (false, Some(90.0)));
        assert!(series[1].comparable);
        assert!((series[1].value.unwrap_or_default() - 100.0 * 1000.0 / 1500.0).abs() < 1e-9);
        // A predecessor missing a year gives no comparable figure for it.
        let gap: Vec<UnitFigure> = figures.iter().skip(1).cloned().collect();
        let series = unit_series(&catalog, phuc_dien, &gap, 2025);
        assert!(series.iter().all(|y| !y.comparable));
    }

    #[test]
    fn a_unit_of_a_ratio_target_is_judged_on_its_own_figures_and_others_are_not() {
        let catalog = shipped_for_tests();
        let t06 = catalog.target("T06").expect("shipped");
        assert_eq!(t06.rollup, Rollup::Ratio);
        let unit = &catalog.units[0];
        let figures = vec![
            ratio(&unit.code, 2021, 800.0, 1000.0),
            ratio(&unit.code, 2023, 900.0, 1000.0),
        ];
        let series = unit_series(&catalog, unit, &figures, 2023);
        let status = unit_status(&catalog, t06, &series, 2023).expect("a ratio target");
        assert_eq!(status.baseline_year, Some(2021));
        assert_ne!(status.status, Status::NoData);
        let t15 = catalog.target("T15").expect("shipped");
        assert_eq!(unit_status(&catalog, t15, &series, 2023), None);
    }

    #[test]
    fn standings_list_the_units_of_the_year_counted_first() {
        let catalog = shipped_for_tests();
        let t06 = catalog.target("T06").expect("shipped");
        let in_2024 = standings(&catalog, t06, &[], 2024);
        // 2024: 15 units counted at the year's end, and the 3 merged away on 2024-11-30 that still existed.
        assert_eq!(in_2024.iter().filter(|s| s.counted).count(), 15);
        assert_eq!(in_2024.len(), 18);
        assert!(in_2024[15..].iter().all(|s| !s.counted));
        let in_2023 = standings(&catalog, t06, &[], 2023);
        assert_eq!(in_2023.len(), 17);
        assert!(in_2023.iter().all(|s| s.counted && s.figure.is_none()));
    }

    #[test]
    fn laggards_come_first_the_missing_then_the_behind_then_the_weakest() {
        let catalog = shipped_for_tests();
        let t06 = catalog
            .targets
            .iter()
            .find(|t| t.code == "T06")
            .expect("T06");
        // 2023: Cẩm Điền 70% (behind the 85% goal), Cẩm Đoài 95%, Cẩm Đông 88%, the rest not reported; each of
        // the three has its 2022 baseline.
        let mut figures = vec![
            ratio("cam-dien", 2023, 700.0, 1000.0),
            ratio("cam-doai", 2023, 950.0, 1000.0),
            ratio("cam-dong", 2023, 880.0, 1000.0),
        ];
        for unit in ["cam-dien", "cam-doai", "cam-dong"] {
            figures.push(ratio(unit, 2022, 900.0, 1000.0));
        }
        let mut rows = standings(&catalog, t06, &figures, 2023);
        lagging_first(t06, &mut rows);
        let lags: Vec<Lag> = rows.iter().map(UnitStanding::lag).collect();
        let mut sorted = lags.clone();
        sorted.sort();
        assert_eq!(lags, sorted, "ordered by lag");
        assert_eq!(lags[0], Lag::NotReported);
        let reported: Vec<&str> = rows
            .iter()
            .filter(|r| r.figure.is_some())
            .map(|r| r.unit.code.as_str())
            .collect();
        assert_eq!(reported, ["cam-dien", "cam-dong", "cam-doai"]);
        assert_eq!(
            rows[14].lag(),
            Lag::Behind,
            "after the 14 missing: {:?}",
            rows[14].status
        );
        assert_eq!(rows[14].unit.code, "cam-dien");
    }
}

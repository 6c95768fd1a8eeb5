//! Which figures are in for a year, per target and unit (what DHIS2 calls reporting rates): for every target
//! rolled up from units, each unit counted that year has an estimate, an official figure, both or neither; and
//! the area's own figures of every target. Pure: the catalog and the year's figure keys in, the grid out.

use std::collections::HashSet;

use serde::Serialize;

use super::catalog::Catalog;
use super::measurement::Quality;
use super::units::{units_counted, Rollup, Unit};

/// What is in for one (target, unit or area) in the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
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
    }
}

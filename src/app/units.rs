//! The units of an area: one unit's own figures and statuses on every roll-up target (its page and its
//! dashboard in the API), and where each unit stands on one roll-up target in a year (the target's page, the
//! API, the units chart).

use std::collections::HashMap;

use super::error::AppError;
use super::scope::{rollup_target_of, Scope};
use super::target::TargetUnits;
use crate::domain::rollup::UnitFigure;
use crate::domain::unit_progress::{unit_series, unit_status, UnitYear};
use crate::domain::units::{is_counted, Rollup, Unit};
use crate::domain::{Progress, Target};
use crate::storage::{measurements, DbConnection, StoredCatalog};

/// One unit's figures on every roll-up target, read with the catalog.
pub struct UnitRead {
    pub stored: StoredCatalog,
    pub as_of: i32,
    /// The unit's place in the catalog's list (found when read).
    index: usize,
    figures: HashMap<String, Vec<UnitFigure>>,
}

/// A unit on one roll-up target: counted in the `as_of` year's roll-up, its own figures (and comparable ones
/// from before a merge that formed it), the latest own one, its own status.
pub struct UnitOnTarget<'a> {
    pub target: &'a Target,
    pub counted: bool,
    pub series: Vec<UnitYear>,
    pub latest: Option<UnitYear>,
    pub status: Option<Progress>,
}

impl UnitRead {
    pub fn unit(&self) -> &Unit {
        &self.stored.catalog.units[self.index]
    }

    /// The unit on each roll-up target, in the catalog's order.
    pub fn targets(&self) -> Vec<UnitOnTarget<'_>> {
        let (c, unit, as_of) = (&self.stored.catalog, self.unit(), self.as_of);
        c.targets
            .iter()
            .filter(|t| t.rollup != Rollup::None)
            .map(|t| {
                let figures = self.figures.get(&t.code).map_or(&[][..], Vec::as_slice);
                let series = unit_series(c, unit, figures, as_of);
                let kinds = t.rollup.counted_kinds();
                UnitOnTarget {
                    target: t,
                    counted: is_counted(&c.units, c.area.as_ref(), as_of, kinds, &unit.code),
                    latest: series.iter().rev().find(|y| !y.comparable).cloned(),
                    status: unit_status(c, t, &series, as_of),
                    series,
                }
            })
            .collect()
    }
}

/// The unit `code` of the scope's resolution, as of the scope's year; one the area never had: 404 naming `unit`.
pub fn read(conn: &mut DbConnection, scope: &Scope, code: &str) -> Result<UnitRead, AppError> {
    let asked = Scope {
        unit: Some(code.to_string()),
        ..scope.clone()
    };
    let stored = scope.catalog(conn)?;
    let as_of = scope.year(&stored)?;
    let unit = asked.unit_of(&stored)?.map(|u| u.code.clone());
    let index = stored
        .catalog
        .units
        .iter()
        .position(|u| Some(&u.code) == unit.as_ref())
        .ok_or_else(AppError::no_page)?;
    let figures = measurements::unit_figures_by_target(conn, &stored)?;
    Ok(UnitRead {
        stored,
        as_of,
        index,
        figures,
    })
}

/// A roll-up target's units in the scope's year, read with the catalog.
pub struct TargetUnitsRead {
    pub stored: StoredCatalog,
    pub year: i32,
    /// The target's place in the catalog's list (found when read).
    index: usize,
    pub units: TargetUnits,
}

impl TargetUnitsRead {
    pub fn target(&self) -> &Target {
        &self.stored.catalog.targets[self.index]
    }
}

/// The roll-up target `code` of the scope's resolution (404 naming it if there is none, or if it is not built
/// from units) with every unit's figures and the roll-up, as of the scope's year.
pub fn target_units(
    conn: &mut DbConnection,
    scope: &Scope,
    code: &str,
) -> Result<TargetUnitsRead, AppError> {
    let stored = scope.catalog(conn)?;
    let year = scope.year(&stored)?;
    let target = rollup_target_of(&stored, code)?;
    let units = TargetUnits::read(conn, &stored, target, year)?;
    let index = stored
        .catalog
        .targets
        .iter()
        .position(|t| t.code == target.code)
        .ok_or_else(AppError::no_page)?;
    Ok(TargetUnitsRead {
        stored,
        year,
        index,
        units,
    })
}

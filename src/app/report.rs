//! A resolution's figures as a whole, for what is made of all of them: the export files, the charts written to a
//! folder, the report pack.

use super::error::AppError;
use super::scope::{target_of, Scope};
use crate::domain::measurement::Measurement;
use crate::domain::rollup::UnitFigure;
use crate::storage::{measurements, DbConnection, StoredCatalog};

/// Every figure of a resolution (or of one target): the area's and the units', with the catalog.
pub struct AllFigures {
    pub stored: StoredCatalog,
    pub area: Vec<Measurement>,
    pub units: Vec<Measurement<UnitFigure>>,
}

/// The scope's figures: all of them, or `target`'s (404 naming an unknown one).
pub fn figures(
    conn: &mut DbConnection,
    scope: &Scope,
    target: Option<&str>,
) -> Result<AllFigures, AppError> {
    let stored = scope.catalog(conn)?;
    let (area, units) = match target {
        Some(code) => {
            target_of(&stored, code)?;
            (
                measurements::target_measurements(conn, &stored, code)?,
                measurements::target_unit_measurements(conn, &stored, code)?,
            )
        }
        None => (
            measurements::all_measurements(conn, &stored)?,
            measurements::all_unit_measurements(conn, &stored)?,
        ),
    };
    Ok(AllFigures {
        stored,
        area,
        units,
    })
}

/// What a year's report pack is made of: the scope's figures (of its agency's targets alone, when it names one,
/// with the catalog held to them), the year, and the committee's assessment of each target that year.
pub struct PackInput {
    pub figures: AllFigures,
    pub year: i32,
    pub notes: crate::reports::PackNotes,
}

pub fn pack(conn: &mut DbConnection, scope: &Scope) -> Result<PackInput, AppError> {
    pack_of(conn, scope, None)
}

/// A Word report's input: as [`pack`]'s, for the year the report's kind assesses (the year asked for, the term's
/// third year, or its goal year).
pub fn document(
    conn: &mut DbConnection,
    scope: &Scope,
    kind: crate::reports::ReportKind,
) -> Result<PackInput, AppError> {
    pack_of(conn, scope, Some(kind))
}

fn pack_of(
    conn: &mut DbConnection,
    scope: &Scope,
    kind: Option<crate::reports::ReportKind>,
) -> Result<PackInput, AppError> {
    let mut figures = figures(conn, scope, None)?;
    let asked = scope.year(&figures.stored)?;
    let year = kind.map_or(asked, |k| k.as_of(&figures.stored.catalog, asked));
    let agency = scope.agency_in(&figures.stored)?;
    let committee = crate::storage::target_assessments::of_year(conn, &figures.stored, year)?;
    let breakthroughs = crate::storage::assessments::latest(conn, &figures.stored, year)?;
    if let Some(code) = &agency {
        let catalog = &mut figures.stored.catalog;
        catalog.targets.retain(|t| t.agencies.includes(code));
        let kept: std::collections::HashSet<String> =
            catalog.targets.iter().map(|t| t.code.clone()).collect();
        figures.area.retain(|m| kept.contains(&m.target_code));
        figures.units.retain(|m| kept.contains(&m.target_code));
    }
    Ok(PackInput {
        figures,
        year,
        notes: crate::reports::PackNotes {
            committee,
            agency,
            breakthroughs,
        },
    })
}

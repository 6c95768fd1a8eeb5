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

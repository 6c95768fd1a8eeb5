//! A resolution at a glance: every target's progress as of a year, the breakthrough tasks, an ended term's
//! final tally; and every stored resolution side by side. Read for the dashboard page, the API, the report
//! pack and the command line's `report`.

use super::error::AppError;
use super::scope::Scope;
use crate::domain::dashboard::Dashboard;
use crate::domain::Resolution;
use crate::storage::{
    assessments, catalog, measurements, target_assessments, DbConnection, StoredCatalog,
};

/// A resolution's dashboard as of a year, with the catalog it was assessed on.
pub struct Board {
    pub stored: StoredCatalog,
    pub as_of: i32,
    pub dashboard: Dashboard,
}

/// The scope's resolution assessed as of its year.
pub fn read(conn: &mut DbConnection, scope: &Scope) -> Result<Board, AppError> {
    let stored = scope.catalog(conn)?;
    let as_of = scope.year(&stored)?;
    let agency = scope.agency_in(&stored)?;
    let mut board = read_as_of(conn, stored, as_of)?;
    if let Some(code) = agency {
        board.dashboard = board.dashboard.of_agency(&board.stored.catalog, &code);
    }
    Ok(board)
}

/// A stored resolution assessed as of `as_of`.
pub fn read_as_of(
    conn: &mut DbConnection,
    stored: StoredCatalog,
    as_of: i32,
) -> Result<Board, AppError> {
    let dashboard = stored_dashboard(conn, &stored, as_of)?;
    Ok(Board {
        stored,
        as_of,
        dashboard,
    })
}

/// The dashboard from what is stored: every target's progress (from the figures the resolution counts), how
/// many of its figures are unapproved and the committee's assessment of the year, and each task's latest
/// assessment.
fn stored_dashboard(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    as_of: i32,
) -> Result<Dashboard, AppError> {
    let figures = measurements::resolution_figures(conn, stored)?;
    let latest = assessments::latest(conn, stored, as_of)?;
    let unapproved = measurements::unapproved_counts(conn, stored, as_of)?;
    let committee = target_assessments::of_year(conn, stored, as_of)?;
    Ok(
        crate::domain::dashboard::dashboard(&stored.catalog, &figures, as_of)
            .with_assessments(latest)
            .with_unapproved(&unapproved)
            .with_committee(committee),
    )
}

/// Every stored resolution, oldest first (the header's switcher).
pub fn resolutions(conn: &mut DbConnection) -> Result<Vec<Resolution>, AppError> {
    Ok(catalog::list_resolutions(conn)?)
}

/// Every stored resolution assessed as of its own default year (today's, never past its goal year).
pub fn side_by_side(conn: &mut DbConnection) -> Result<Vec<Board>, AppError> {
    let mut boards = Vec::new();
    for r in catalog::list_resolutions(conn)? {
        let Some(stored) = catalog::read_catalog(conn, Some(&r.code))? else {
            continue;
        };
        let as_of = stored
            .catalog
            .resolution
            .default_as_of(crate::clock::current_year());
        boards.push(read_as_of(conn, stored, as_of)?);
    }
    Ok(boards)
}

/// What the page cache is keyed on: a fingerprint of everything pages show, and (when it moved, or was never
/// read) the stored resolutions.
pub fn data_version(
    conn: &mut DbConnection,
    known: u64,
) -> Result<(u64, Option<Vec<Resolution>>), AppError> {
    let version = catalog::data_version(conn)?;
    let resolutions = match version == known && known != 0 {
        true => None,
        false => Some(catalog::list_resolutions(conn)?),
    };
    Ok((version, resolutions))
}

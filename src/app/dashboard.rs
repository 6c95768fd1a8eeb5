//! A resolution at a glance: every target's progress as of a year, the breakthrough tasks, an ended term's
//! final tally; and every stored resolution side by side. Read for the dashboard page, the API, the report
//! pack and the command line's `report`.

use std::sync::{Arc, Mutex};

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

/// One resolution at a glance, for the cards side by side: what it is, the year it is assessed as of, its targets
/// counted by status and an ended term's final tally.
pub struct Glance {
    pub resolution: Resolution,
    pub area: Option<crate::domain::units::Area>,
    pub as_of: i32,
    pub summary: crate::domain::dashboard::Summary,
    pub final_assessment: Option<crate::domain::final_assessment::FinalAssessment>,
}

/// Every stored catalog, kept between requests until one is loaded or corrected: a province's hundreds of commune
/// resolutions are read once, not on each change of a figure. Keyed by the catalogs' fingerprint, which each
/// process reads from the database, so processes sharing one agree.
#[derive(Default)]
pub struct CatalogShelf(Mutex<Option<(u64, Arc<Vec<StoredCatalog>>)>>);

impl CatalogShelf {
    /// Every stored catalog, oldest first: the kept ones while the fingerprint is unchanged, else read anew.
    pub fn all(&self, conn: &mut DbConnection) -> Result<Arc<Vec<StoredCatalog>>, AppError> {
        // The fingerprint is read before the catalogs: a load between the two leaves the new catalogs under the
        // old fingerprint, and the next request reads them again.
        let version = catalog::catalog_version(conn)?;
        self.as_of(conn, version)
    }

    /// The catalogs of fingerprint `version`: the kept ones if they are those, else read anew.
    fn as_of(
        &self,
        conn: &mut DbConnection,
        version: u64,
    ) -> Result<Arc<Vec<StoredCatalog>>, AppError> {
        if let Some((kept, all)) = self.0.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            if *kept == version {
                return Ok(Arc::clone(all));
            }
        }
        let all = Arc::new(catalog::read_all_catalogs(conn)?);
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some((version, Arc::clone(&all)));
        Ok(all)
    }
}

/// Every stored resolution assessed as of its own default year (today's, never past its goal year), for the cards
/// side by side: each target's progress counted by status and an ended term's tally, from the figures alone (the
/// committee's words, the tasks' assessments and the approval counts are each resolution's own page's). The
/// catalogs come from `shelf`; the figures of every resolution in one query.
pub fn side_by_side(
    conn: &mut DbConnection,
    shelf: &CatalogShelf,
) -> Result<Vec<Glance>, AppError> {
    let catalogs = shelf.all(conn)?;
    let figures = measurements::resolutions_figures(conn, &catalogs)?;
    let this_year = crate::clock::current_year();
    Ok(catalogs
        .iter()
        .zip(figures)
        .map(|(stored, figures)| {
            let catalog = &stored.catalog;
            let as_of = catalog.resolution.default_as_of(this_year);
            let board = crate::domain::dashboard::dashboard(catalog, &figures, as_of);
            Glance {
                resolution: catalog.resolution.clone(),
                area: catalog.area.clone(),
                as_of,
                summary: board.summary,
                final_assessment: board.final_assessment,
            }
        })
        .collect())
}

/// What the page cache is keyed on: a fingerprint of everything pages show, and (when it moved, or was never
/// read) the stored resolutions. When it moved, the catalogs on `shelf` are read anew if they are what changed,
/// before a reader of the resolutions side by side asks for them.
pub fn data_version(
    conn: &mut DbConnection,
    known: u64,
    shelf: &CatalogShelf,
) -> Result<(u64, Option<Vec<Resolution>>), AppError> {
    let versions = catalog::data_version(conn)?;
    if versions.all == known && known != 0 {
        return Ok((versions.all, None));
    }
    if let Err(e) = shelf.as_of(conn, versions.catalogs) {
        tracing::warn!(error = %e.message.en, "reading the catalogs kept for the side-by-side page");
    }
    Ok((versions.all, Some(catalog::list_resolutions(conn)?)))
}

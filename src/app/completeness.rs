//! Which figures are in for a year, per target and unit (what DHIS2 calls reporting rates), for the page and the
//! API alike: the same years, refused the same way.

use super::error::AppError;
use super::scope::Scope;
use crate::domain::completeness::{
    completeness, year_timeliness, Completeness, Entered, YearTimeliness,
};
use crate::domain::Quality;
use crate::storage::{measurements, DbConnection, StoredCatalog};

/// A year's figure keys, read with the catalog they belong to.
pub struct YearKeys {
    pub stored: StoredCatalog,
    pub year: i32,
    /// The years figures may be entered for (the baseline to the goal year and after it as the settings allow):
    /// the years completeness is asked of.
    pub years: Vec<i32>,
    keys: Vec<(String, String, Quality)>,
    /// The day each figure of the year was first entered, on the office's clock.
    entered: Vec<(String, String, Quality, chrono::NaiveDate)>,
    /// The agency whose targets alone are asked of, if the reader chose one.
    agency: Option<String>,
    /// The year's figures the checks warn about (none: too many figures in the year to check).
    pub flagged: Option<Vec<super::checks::Flagged>>,
}

impl YearKeys {
    /// The year's grid of units by roll-up target, and the area's own figures.
    pub fn grid(&self) -> Completeness<'_> {
        let borrowed: Vec<_> = self
            .keys
            .iter()
            .map(|(t, u, q)| (t.as_str(), u.as_str(), *q))
            .collect();
        let grid = completeness(&self.stored.catalog, self.year, &borrowed);
        match &self.agency {
            Some(code) => grid.of_agency(&self.stored.catalog, code),
            None => grid,
        }
    }

    /// The year's figures against the resolution's reporting calendar, as of the office's today.
    pub fn timeliness(&self, grid: &Completeness<'_>) -> YearTimeliness {
        let entered: Entered<'_> = self
            .entered
            .iter()
            .map(|(t, u, q, day)| ((t.as_str(), u.as_str(), *q), *day))
            .collect();
        year_timeliness(&self.stored.catalog, grid, &entered, crate::clock::today())
    }
}

/// The scope's year (default: the resolution's default year, as the dashboard's) among the entry years; another
/// is refused naming `year`.
pub fn read(
    conn: &mut DbConnection,
    scope: &Scope,
    years_after_goal: i32,
) -> Result<YearKeys, AppError> {
    let stored = scope.catalog(conn)?;
    let range = stored.catalog.entry_years(years_after_goal);
    let (first, last) = (*range.start(), *range.end());
    let years: Vec<i32> = range.collect();
    let year = scope.year(&stored).ok().filter(|y| years.contains(y));
    let year = match year {
        Some(year) => year,
        None => {
            return Err(AppError::bad_field(
                "year",
                format!("Năm phải là một năm nhập số liệu, từ {first} đến {last}."),
                format!("must be a year figures are entered for, from {first} to {last}"),
            ));
        }
    };
    let agency = scope.agency_in(&stored)?;
    let keys = measurements::figure_keys_of_year(conn, &stored, year)?;
    let flagged = super::checks::flagged(conn, &stored, year, agency.as_deref())?;
    let entered = measurements::first_entered_of_year(conn, &stored, year)?
        .into_iter()
        .map(|(t, u, q, at)| (t, u, q, crate::clock::local(at).date()))
        .collect();
    Ok(YearKeys {
        stored,
        year,
        years,
        keys,
        entered,
        agency,
        flagged,
    })
}

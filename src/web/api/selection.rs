//! Which resolution and which year a read is about: `?resolution=CODE` and `?as_of=YEAR`.

use serde::Deserialize;

use crate::domain::text::excerpt;
use crate::storage::{catalog, DbConnection, StoredCatalog};
use crate::web::ApiError;

/// Query parameters shared by the read routes. Numbers arrive as text so a bad one gets a message naming it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Selection {
    /// The resolution's code; the first loaded one when absent.
    pub resolution: Option<String>,
    /// The year to assess as of; the current year when absent.
    pub as_of: Option<String>,
}

/// How far past the goal year `as_of` may go.
const YEARS_AFTER_GOAL: i32 = 10;

impl Selection {
    pub fn catalog(&self, conn: &mut DbConnection) -> Result<StoredCatalog, ApiError> {
        match catalog::read_catalog(conn, self.resolution.as_deref())? {
            Some(stored) => Ok(stored),
            None => Err(match &self.resolution {
                Some(code) => ApiError::bad_field(
                    "resolution",
                    format!("no resolution has the code {code:?}"),
                ),
                None => ApiError::not_found(
                    "no resolution is loaded: run `resolution-tracker catalog load FILE`",
                ),
            }),
        }
    }

    /// The year to assess as of, checked against the resolution's term.
    pub fn as_of(&self, stored: &StoredCatalog) -> Result<i32, ApiError> {
        let r = &stored.catalog.resolution;
        let Some(text) = self.as_of.as_deref().map(str::trim) else {
            return Ok(current_year());
        };
        let year = crate::domain::measurement::parse_year(text).ok_or_else(|| {
            ApiError::bad_field("as_of", format!("{:?} is not a year", excerpt(text, 40)))
        })?;
        let (first, last) = (r.baseline_year, r.goal_year + YEARS_AFTER_GOAL);
        if year < first || year > last {
            return Err(ApiError::bad_field(
                "as_of",
                format!("must be a year from {first} to {last}"),
            ));
        }
        Ok(year)
    }
}

pub fn current_year() -> i32 {
    use chrono::Datelike;
    chrono::Utc::now().year()
}

//! Which resolution and which year a request is about: `?resolution=CODE` and `?as_of=YEAR`, the same on the
//! API, the charts and every page, read or write.

use serde::Deserialize;

use super::error::WebError;
use crate::domain::text::excerpt;
use crate::domain::{Breakthrough, Target};
use crate::storage::{catalog, DbConnection, StoredCatalog};

/// Query parameters shared by every route. Numbers arrive as text so a bad one gets a message naming it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Selection {
    /// The resolution's code; the first loaded one when absent.
    pub resolution: Option<String>,
    /// The year to assess as of; the current year when absent.
    pub as_of: Option<String>,
}

impl Selection {
    pub fn catalog(&self, conn: &mut DbConnection) -> Result<StoredCatalog, WebError> {
        match catalog::read_catalog(conn, self.resolution.as_deref())? {
            Some(stored) => Ok(stored),
            None => Err(match &self.resolution {
                Some(code) => {
                    let code = excerpt(code, 40);
                    WebError::bad_field(
                        "resolution",
                        format!("không có nghị quyết nào mã {code:?}"),
                        format!("no resolution has the code {code:?}"),
                    )
                }
                None => WebError::not_found(
                    "chưa có nghị quyết nào: hãy chạy `resolution-tracker catalog load FILE`",
                    "no resolution is loaded: run `resolution-tracker catalog load FILE`",
                ),
            }),
        }
    }

    /// The year to assess as of, checked against the resolution's assessable years.
    pub fn as_of(&self, stored: &StoredCatalog) -> Result<i32, WebError> {
        let Some(text) = self.as_of.as_deref().map(str::trim) else {
            return Ok(crate::clock::current_year());
        };
        let years = stored.catalog.resolution.assessable_years();
        let (first, last) = (*years.start(), *years.end());
        let vi = format!("Năm đánh giá (as_of) phải là một năm từ {first} đến {last}.");
        match crate::domain::measurement::parse_year(text) {
            Some(year) if years.contains(&year) => Ok(year),
            Some(_) => Err(WebError::bad_field(
                "as_of",
                vi,
                format!("must be a year from {first} to {last}"),
            )),
            None => Err(WebError::bad_field(
                "as_of",
                vi,
                format!("{:?} is not a year", excerpt(text, 40)),
            )),
        }
    }
}

/// The target of a path's `{code}` in the selected resolution; 404 naming it if there is none.
pub fn target_of<'a>(stored: &'a StoredCatalog, code: &str) -> Result<&'a Target, WebError> {
    stored
        .catalog
        .target(code)
        .ok_or_else(|| WebError::unknown_target(code))
}

/// The breakthrough task of a path's `{code}` in the selected resolution; 404 naming it if there is none.
pub fn breakthrough_of<'a>(
    stored: &'a StoredCatalog,
    code: &str,
) -> Result<&'a Breakthrough, WebError> {
    stored
        .catalog
        .breakthrough(code)
        .ok_or_else(|| WebError::unknown_breakthrough(code))
}

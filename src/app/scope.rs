//! What a request is about, read by one rule wherever it comes from (a page, an API route, a chart, the command
//! line): the resolution (`?resolution=CODE`; none: the first stored), the year (`?as_of=YEAR`, or `?year=` on
//! the units' routes; none: the resolution's default), and the unit (`?unit=CODE`; none or empty: the area).

use serde::Deserialize;

use super::error::AppError;
use crate::domain::lang::Explained;
use crate::domain::text::excerpt;
use crate::domain::units::{Rollup, Unit};
use crate::domain::{Breakthrough, Target};
use crate::storage::{catalog, DbConnection, StoredCatalog};

/// The scope of a request. Numbers arrive as text so a bad one gets a message naming it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Scope {
    /// The resolution's code; the first loaded one when absent.
    pub resolution: Option<String>,
    /// The year to assess as of; the resolution's default when absent.
    pub as_of: Option<String>,
    /// The year, by its name on the units' routes (`as_of` by another name; a problem with it names `year`).
    pub year: Option<String>,
    /// The unit whose figures are meant; absent or empty: the area's own.
    pub unit: Option<String>,
    /// The agency whose targets are meant (the dashboard's filter); absent or empty: every target.
    pub agency: Option<String>,
}

impl Scope {
    /// The scope of a resolution (none: the first stored), its default year, the area.
    pub fn of_resolution(resolution: Option<&str>) -> Scope {
        Scope {
            resolution: resolution.map(str::to_string),
            ..Scope::default()
        }
    }

    /// The unit named, if any: trimmed, an empty `unit=` being the area (the one rule for every route).
    pub fn unit(&self) -> Option<&str> {
        self.unit
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
    }

    /// The unit named, looked up among the resolution's units; one it does not have is refused naming `unit`.
    pub fn unit_of<'a>(&self, stored: &'a StoredCatalog) -> Result<Option<&'a Unit>, AppError> {
        let Some(code) = self.unit() else {
            return Ok(None);
        };
        match stored.catalog.unit(code) {
            Some(unit) => Ok(Some(unit)),
            None => {
                let problem = crate::domain::measurement::Problem::UnknownUnit(excerpt(code, 40));
                Err(AppError::not_found(
                    problem.message(crate::domain::lang::Lang::Vi),
                    problem.message(crate::domain::lang::Lang::En),
                )
                .on("unit"))
            }
        }
    }

    /// The year asked for (`year`, else `as_of`), checked against the resolution's assessable years; the default
    /// when neither is given.
    pub fn year(&self, stored: &StoredCatalog) -> Result<i32, AppError> {
        match &self.year {
            Some(_) => Scope {
                as_of: self.year.clone(),
                ..Scope::default()
            }
            .as_of(stored)
            .map_err(|e| e.on("year")),
            None => self.as_of(stored),
        }
    }

    /// The year the pages open on when none is asked: the dashboard's, the completeness page's, the entry
    /// form's and the import template's (the current year, or the term's last once it has ended).
    pub fn default_year(&self, conn: &mut DbConnection) -> Result<i32, AppError> {
        let stored = self.catalog(conn)?;
        self.year(&stored)
    }

    /// The agency the scope asks about (none when absent or empty); one the catalog does not list is refused
    /// naming `agency`.
    pub fn agency_in(&self, stored: &StoredCatalog) -> Result<Option<String>, AppError> {
        match self.agency.as_deref().filter(|a| !a.is_empty()) {
            Some(code) if stored.catalog.agency(code).is_none() => Err(AppError::bad_field(
                "agency",
                "không có cơ quan này trong danh mục",
                "there is no such agency in the catalog",
            )),
            other => Ok(other.map(str::to_string)),
        }
    }

    /// The code of the resolution this scope is about (named, or the first stored), if there is one.
    pub fn resolution_code(&self, conn: &mut DbConnection) -> Result<Option<String>, AppError> {
        match &self.resolution {
            Some(code) => Ok(Some(code.clone())),
            None => Ok(catalog::first_resolution_code(conn)?),
        }
    }

    /// The resolution's catalog as stored; an unknown code is refused naming `resolution`.
    pub fn catalog(&self, conn: &mut DbConnection) -> Result<StoredCatalog, AppError> {
        match catalog::read_catalog(conn, self.resolution.as_deref())? {
            Some(stored) => Ok(stored),
            None => Err(match &self.resolution {
                Some(code) => {
                    let code = excerpt(code, 40);
                    AppError::bad_field(
                        "resolution",
                        format!("không có nghị quyết nào mã {code:?}"),
                        format!("no resolution has the code {code:?}"),
                    )
                }
                None => AppError::not_found(
                    "chưa có nghị quyết nào: hãy chạy `resolution-tracker catalog load FILE`",
                    "no resolution is loaded: run `resolution-tracker catalog load FILE`",
                ),
            }),
        }
    }

    /// The year to assess as of, checked against the resolution's assessable years.
    fn as_of(&self, stored: &StoredCatalog) -> Result<i32, AppError> {
        let Some(text) = self.as_of.as_deref().map(str::trim) else {
            return Ok(stored
                .catalog
                .resolution
                .default_as_of(crate::clock::current_year()));
        };
        let years = stored.catalog.resolution.assessable_years();
        let (first, last) = (*years.start(), *years.end());
        let vi = format!("Năm đánh giá (as_of) phải là một năm từ {first} đến {last}.");
        match crate::domain::measurement::parse_year(text) {
            Some(year) if years.contains(&year) => Ok(year),
            Some(_) => Err(AppError::bad_field(
                "as_of",
                vi,
                format!("must be a year from {first} to {last}"),
            )),
            None => Err(AppError::bad_field(
                "as_of",
                vi,
                format!("{:?} is not a year", excerpt(text, 40)),
            )),
        }
    }
}

/// The target of a path's `{code}` in the selected resolution; 404 naming it if there is none.
pub fn target_of<'a>(stored: &'a StoredCatalog, code: &str) -> Result<&'a Target, AppError> {
    stored
        .catalog
        .target(code)
        .ok_or_else(|| AppError::unknown_target(code))
}

/// The roll-up target of a path's `{code}`: 404 naming it if there is none, or if it is not built from units.
pub fn rollup_target_of<'a>(stored: &'a StoredCatalog, code: &str) -> Result<&'a Target, AppError> {
    let target = target_of(stored, code)?;
    if target.rollup != Rollup::None {
        return Ok(target);
    }
    let problem = crate::domain::measurement::Problem::NoRollup;
    let code = excerpt(code, 40);
    Err(AppError::not_found(
        format!(
            "chỉ tiêu {code}: {}",
            problem.message(crate::domain::lang::Lang::Vi)
        ),
        format!(
            "target {code}: {}",
            problem.message(crate::domain::lang::Lang::En)
        ),
    ))
}

/// The breakthrough task of a path's `{code}` in the selected resolution; 404 naming it if there is none.
pub fn breakthrough_of<'a>(
    stored: &'a StoredCatalog,
    code: &str,
) -> Result<&'a Breakthrough, AppError> {
    stored
        .catalog
        .breakthrough(code)
        .ok_or_else(|| AppError::unknown_breakthrough(code))
}

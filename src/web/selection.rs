//! Which resolution and which year a request is about: `?resolution=CODE` and `?as_of=YEAR`, the same on the
//! API, the charts and every page, read or write.

use serde::Deserialize;

use super::error::AppError;
use crate::domain::dashboard::{assess_target, ProgressView};
use crate::domain::lang::Explained;
use crate::domain::measurement::Measurement;
use crate::domain::rollup::{target_figures, UnitInputs};
use crate::domain::text::excerpt;
use crate::domain::units::Rollup;
use crate::domain::{Breakthrough, Figure, Target};
use crate::storage::{self, catalog, DbConnection, StoredCatalog};

/// Query parameters shared by every route. Numbers arrive as text so a bad one gets a message naming it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Selection {
    /// The resolution's code; the first loaded one when absent.
    pub resolution: Option<String>,
    /// The year to assess as of; the current year when absent.
    pub as_of: Option<String>,
}

impl Selection {
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
    pub fn as_of(&self, stored: &StoredCatalog) -> Result<i32, AppError> {
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

/// One target of the selected resolution with its figures, assessed as of the selected year.
pub struct AssessedTarget {
    pub stored: StoredCatalog,
    /// The target's place in the catalog's list (found when read).
    index: usize,
    pub measurements: Vec<Measurement>,
    /// The figures its progress is assessed on: the entered ones, and the complete roll-ups of years without one.
    pub assessed: Vec<Figure>,
    /// Its progress (for a roll-up target, on its area figures and its units' roll-ups, with each year's).
    pub progress: ProgressView,
}

impl AssessedTarget {
    /// Reads the target of a path's `{code}` (404 naming it if there is none), its figures, and its progress.
    pub fn read(
        conn: &mut DbConnection,
        selection: &Selection,
        code: &str,
    ) -> Result<AssessedTarget, AppError> {
        let stored = selection.catalog(conn)?;
        let as_of = selection.as_of(&stored)?;
        let index = stored
            .catalog
            .targets
            .iter()
            .position(|t| t.code == code)
            .ok_or_else(|| AppError::unknown_target(code))?;
        let target = &stored.catalog.targets[index];
        let measurements = storage::measurements::target_measurements(conn, &stored, code)?;
        let area: Vec<_> = measurements.iter().map(|m| m.figure).collect();
        let units = match target.rollup {
            Rollup::None => UnitInputs::default(),
            _ => storage::rollup_totals::target_inputs(conn, &stored, code)?,
        };
        let figures = target_figures(&stored.catalog, target, &area, &units, as_of);
        let progress = assess_target(&stored.catalog, target, &figures, as_of);
        Ok(AssessedTarget {
            index,
            stored,
            measurements,
            assessed: figures.figures,
            progress,
        })
    }

    pub fn target(&self) -> &Target {
        &self.stored.catalog.targets[self.index]
    }

    /// The target as one term of a chart comparing terms.
    pub fn term(&self) -> crate::reports::TermFigures<'_> {
        crate::reports::TermFigures {
            catalog: &self.stored.catalog,
            target: self.target(),
            assessed: &self.assessed,
        }
    }
}

/// The earlier term's target a target continues (its `continues` link), read as that term's own pages read it
/// (as of its final year when the term has ended); `None` when there is no link or the link's resolution or
/// target is not stored.
pub fn continued_target(
    conn: &mut DbConnection,
    target: &Target,
) -> Result<Option<AssessedTarget>, AppError> {
    let Some((resolution, code)) = target.continued() else {
        return Ok(None);
    };
    let Some(stored) = catalog::read_catalog(conn, Some(resolution))? else {
        return Ok(None);
    };
    if stored.catalog.target(code).is_none() {
        return Ok(None);
    }
    let selection = Selection {
        resolution: Some(resolution.to_string()),
        as_of: None,
    };
    AssessedTarget::read(conn, &selection, code).map(Some)
}

/// A selection whose year may also be given as `?year=` (the units' routes): `as_of` by another name, and a
/// problem with it names `year`.
pub struct YearSelection {
    pub selection: Selection,
    year_given: bool,
}

impl YearSelection {
    pub fn new(mut selection: Selection, year: Option<String>) -> YearSelection {
        let year_given = year.is_some();
        if year_given {
            selection.as_of = year;
        }
        YearSelection {
            selection,
            year_given,
        }
    }

    /// The year asked for (default: the assessed year of the resolution).
    pub fn year(&self, stored: &StoredCatalog) -> Result<i32, AppError> {
        self.selection
            .as_of(stored)
            .map_err(|e| if self.year_given { e.on("year") } else { e })
    }
}

/// A roll-up target's unit figures, and its figures as the methodology takes them as of a year.
pub struct TargetUnits {
    pub figures: Vec<crate::domain::rollup::UnitFigure>,
    pub rolled: crate::domain::rollup::TargetFigures,
}

impl TargetUnits {
    pub fn read(
        conn: &mut DbConnection,
        stored: &StoredCatalog,
        target: &Target,
        year: i32,
    ) -> Result<TargetUnits, AppError> {
        let code = &target.code;
        let figures: Vec<_> = storage::measurements::target_unit_measurements(conn, stored, code)?
            .into_iter()
            .map(|m| m.figure)
            .collect();
        let area: Vec<_> = storage::measurements::target_measurements(conn, stored, code)?
            .into_iter()
            .map(|m| m.figure)
            .collect();
        let catalog = &stored.catalog;
        let inputs = UnitInputs::from_figures(&catalog.units, &figures);
        let rolled = target_figures(catalog, target, &area, &inputs, year);
        Ok(TargetUnits { figures, rolled })
    }

    /// The year's roll-up entry (coverage, value, source).
    pub fn year_view(&self, year: i32) -> Option<crate::domain::dashboard::RollupYearView> {
        self.rolled
            .years
            .iter()
            .find(|y| y.year == year)
            .map(crate::domain::dashboard::RollupYearView::from)
    }
}

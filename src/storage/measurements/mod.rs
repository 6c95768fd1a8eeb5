//! Yearly figures: the stored row and its key (here), reading them (`reads`), writing them (`writes`) and
//! their history (`history`).

mod approval;
mod history;
mod reads;
mod writes;

pub use approval::*;
pub use history::*;
pub use reads::*;
pub use writes::*;

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::domain::approval::Approval;
use crate::domain::measurement::{Entry, Measurement};
use crate::domain::Quality;
use crate::storage::figure_columns::{Columns, StoredFigure};
use crate::storage::schema::{measurements, targets};
use crate::storage::{DbConnection, StorageError};

/// Where one figure sits: its unit ('' for the area's own), year and quality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FigureKey<'a> {
    pub unit: &'a str,
    pub year: i32,
    pub quality: Quality,
}

impl FigureKey<'static> {
    /// The key of the area's own figure.
    pub fn area(year: i32, quality: Quality) -> Self {
        FigureKey {
            unit: "",
            year,
            quality,
        }
    }
}

impl<'a> FigureKey<'a> {
    fn of<F: StoredFigure>(figure: &'a F) -> Self {
        FigureKey {
            unit: figure.unit(),
            year: figure.year(),
            quality: figure.quality(),
        }
    }
}

/// A figure's key in the maps the batch write keeps.
type RowKey = (i32, String, i32, String);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = measurements)]
struct MeasurementRow {
    target_id: i32,
    unit: String,
    year: i32,
    quality: String,
    value: Option<f64>,
    state: Option<String>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    source: Option<String>,
    note: Option<String>,
    revision: i32,
    changed_by: String,
    changed_at: NaiveDateTime,
    approval: String,
    approval_note: Option<String>,
}

/// An area's figure as the side-by-side dashboards read it: its key and reading, and whether it is approved
/// (what counting needs), the texts made booleans by the database.
struct FigureRow {
    target_id: i32,
    year: i32,
    official: bool,
    value: Option<f64>,
    state: Option<String>,
    numerator: Option<f64>,
    approved: bool,
}

/// The columns of a [`FigureRow`], in its order.
type FigureColumns = (
    i32,
    i32,
    bool,
    Option<f64>,
    Option<String>,
    Option<f64>,
    bool,
);

impl From<FigureColumns> for FigureRow {
    fn from((target_id, year, official, value, state, numerator, approved): FigureColumns) -> Self {
        FigureRow {
            target_id,
            year,
            official,
            value,
            state,
            numerator,
            approved,
        }
    }
}

impl FigureRow {
    fn figure(&self) -> Result<crate::domain::measurement::Figure, StorageError> {
        let columns = Columns {
            value: self.value,
            state: self.state.as_deref(),
            numerator: self.numerator,
            denominator: None,
        };
        let quality = match self.official {
            true => Quality::Official,
            false => Quality::Estimate,
        };
        StoredFigure::from_columns("", self.year, quality, columns).ok_or_else(|| {
            StorageError::Corrupt(format!(
                "measurement of target #{} in {}: its columns do not make a figure",
                self.target_id, self.year
            ))
        })
    }

    fn approval(&self) -> Approval {
        match self.approved {
            true => Approval::Approved,
            false => Approval::Draft,
        }
    }
}

impl MeasurementRow {
    /// Its approval state (a draft when the column holds what no version wrote).
    fn approval(&self) -> Approval {
        Approval::parse(&self.approval).unwrap_or_default()
    }

    fn columns(&self) -> Columns<'_> {
        Columns {
            value: self.value,
            state: self.state.as_deref(),
            numerator: self.numerator,
            denominator: self.denominator,
        }
    }

    fn figure<F: StoredFigure>(&self) -> Result<F, StorageError> {
        let corrupt = |what: &str| {
            StorageError::Corrupt(format!(
                "measurement of target #{} {:?} in {}: {what}",
                self.target_id, self.unit, self.year
            ))
        };
        let quality = Quality::parse(&self.quality).ok_or_else(|| corrupt("unknown quality"))?;
        F::from_columns(&self.unit, self.year, quality, self.columns())
            .ok_or_else(|| corrupt("its columns do not make a figure"))
    }

    fn into_measurement<F: StoredFigure>(
        self,
        target_code: String,
    ) -> Result<Measurement<F>, StorageError> {
        Ok(Measurement {
            target_code,
            figure: self.figure()?,
            approval: self.approval(),
            source: self.source,
            note: self.note,
            revision: self.revision,
            changed_by: self.changed_by,
            changed_at: self.changed_at,
            approval_note: self.approval_note,
        })
    }

    fn holds<F: StoredFigure>(&self, entry: &Entry<F>) -> bool {
        self.columns() == entry.figure.columns()
            && self.source == entry.source
            && self.note == entry.note
    }

    fn key(&self) -> RowKey {
        (
            self.target_id,
            self.unit.clone(),
            self.year,
            self.quality.clone(),
        )
    }
}

/// The rows of one kind, the units' (`of_units`) or the area's own, by a table's `unit` column. Written as a
/// literal, so both databases read the area's figures through the partial index `measurements_area` instead of
/// scanning every unit's figure (a bound `''` would hide the index from PostgreSQL's generic plans).
fn of_kind(table: &str, of_units: bool) -> diesel::expression::SqlLiteral<diesel::sql_types::Bool> {
    let test = if of_units { "<>" } else { "=" };
    diesel::dsl::sql::<diesel::sql_types::Bool>(&format!("{table}.unit {test} ''"))
}

/// The rows of a resolution: the area's figures, or (`of_units`) its units' figures.
fn resolution_rows(
    conn: &mut DbConnection,
    resolution_id: i32,
    of_units: bool,
) -> Result<Vec<MeasurementRow>, StorageError> {
    let query = measurements::table
        .inner_join(targets::table)
        .filter(targets::resolution_id.eq(resolution_id))
        .order((
            measurements::target_id,
            measurements::unit,
            measurements::year,
            measurements::quality,
        ))
        .select(MeasurementRow::as_select());
    Ok(query.filter(of_kind("measurements", of_units)).load(conn)?)
}

/// The targets and years a batch writes, and whether its figures are units': what it reads before deciding.
struct BatchScope {
    targets: Vec<i32>,
    years: Vec<i32>,
    of_units: bool,
}

impl BatchScope {
    /// One target's entries: that target, in their years.
    fn of<F: StoredFigure>(target_id: i32, entries: &[&(String, Entry<F>)]) -> Self {
        let mut years: Vec<i32> = entries.iter().map(|(_, e)| e.figure.year()).collect();
        years.sort_unstable();
        years.dedup();
        BatchScope {
            targets: vec![target_id],
            years,
            of_units: F::OF_UNITS,
        }
    }
}

impl BatchScope {
    /// The targets a query lists, or none when there are too many to list (then it takes the resolution's).
    fn listed_targets(&self) -> Option<&[i32]> {
        (self.targets.len() <= TARGETS_LISTED).then_some(self.targets.as_slice())
    }
}

/// More targets than this are not listed in a query (SQLite binds each one): the batch then reads its years of
/// every target of the resolution.
const TARGETS_LISTED: usize = 1000;

/// The stored figures a batch may replace (its targets and years, of its kind), by key.
fn rows_by_key(
    conn: &mut DbConnection,
    resolution_id: i32,
    scope: &BatchScope,
) -> Result<HashMap<RowKey, MeasurementRow>, StorageError> {
    let mut query = measurements::table
        .inner_join(targets::table)
        .filter(targets::resolution_id.eq(resolution_id))
        .filter(measurements::year.eq_any(&scope.years))
        .select(MeasurementRow::as_select())
        .into_boxed();
    if let Some(listed) = scope.listed_targets() {
        query = query.filter(measurements::target_id.eq_any(listed));
    }
    let rows: Vec<MeasurementRow> = query
        .filter(of_kind("measurements", scope.of_units))
        .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.key(), r)).collect())
}

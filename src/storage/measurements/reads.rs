//! Reading figures: by target for the methodology, every one for an export, a target's or a year's.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::domain::dashboard::ResolutionFigures;
use crate::domain::measurement::Measurement;
use crate::domain::rollup::UnitFigure;
use crate::domain::Quality;
use crate::storage::figure_columns::StoredFigure;
use crate::storage::schema::{measurements, targets};
use crate::storage::{DbConnection, StorageError, StoredCatalog};

use super::*;

/// Each resolution's figures as [`resolution_figures`] reads them, for many resolutions at once: the areas'
/// figures of all of them in one query (a province's hundreds of communes), the units' per resolution that has
/// units.
pub fn resolutions_figures(
    conn: &mut DbConnection,
    all: &[StoredCatalog],
) -> Result<Vec<ResolutionFigures>, StorageError> {
    // Only the columns a figure is made of, in no order (sorting 100,000 rows is the database's slowest part
    // here); each target's few are put in order below.
    let rows: Vec<FigureColumns> = measurements::table
        .filter(of_kind("measurements", false))
        .select((
            measurements::target_id,
            measurements::year,
            measurements::quality.eq(Quality::Official.as_str()),
            measurements::value,
            measurements::state,
            measurements::numerator,
            measurements::approval.eq(Approval::Approved.as_str()),
        ))
        .load(conn)?;
    let mut rows_by_target: HashMap<i32, Vec<FigureRow>> = HashMap::new();
    for row in rows.into_iter().map(FigureRow::from) {
        rows_by_target.entry(row.target_id).or_default().push(row);
    }
    let mut figures = Vec::with_capacity(all.len());
    for stored in all {
        let counting = stored.catalog.resolution.counting;
        let mut area: HashMap<String, Vec<crate::domain::measurement::Figure>> = HashMap::new();
        for (code, id) in &stored.target_ids {
            let Some(mut rows) = rows_by_target.remove(id) else {
                continue;
            };
            rows.sort_by_key(|r| (r.year, r.official));
            let counted = rows.into_iter().filter(|r| counting.counts(r.approval()));
            area.insert(
                code.clone(),
                counted.map(|r| r.figure()).collect::<Result<_, _>>()?,
            );
        }
        let units = match stored.catalog.units.is_empty() {
            true => HashMap::new(),
            false => crate::storage::rollup_totals::unit_inputs(conn, stored)?,
        };
        figures.push(ResolutionFigures { area, units });
    }
    Ok(figures)
}

/// Every figure of one kind (the area's or the units') of a resolution that its dashboard counts (every one, or
/// the approved ones alone, as the resolution says), by target code.
pub(super) fn by_target<F: StoredFigure>(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
) -> Result<HashMap<String, Vec<F>>, StorageError> {
    let codes = codes_by_id(stored);
    let counting = stored.catalog.resolution.counting;
    let mut figures: HashMap<String, Vec<F>> = HashMap::new();
    let rows = resolution_rows(conn, stored.id, F::OF_UNITS)?;
    for row in rows.into_iter().filter(|r| counting.counts(r.approval())) {
        if let Some(code) = codes.get(&row.target_id) {
            figures
                .entry((*code).to_string())
                .or_default()
                .push(row.figure()?);
        }
    }
    Ok(figures)
}

/// Every unit figure of a resolution, by target code: the roll-up's input.
pub fn unit_figures_by_target(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
) -> Result<HashMap<String, Vec<UnitFigure>>, StorageError> {
    by_target(conn, stored)
}

/// Every figure of a resolution, the area's and its units', by target code: the dashboard's input.
pub fn resolution_figures(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
) -> Result<ResolutionFigures, StorageError> {
    Ok(ResolutionFigures {
        area: by_target(conn, stored)?,
        units: if stored.catalog.units.is_empty() {
            HashMap::new()
        } else {
            crate::storage::rollup_totals::unit_inputs(conn, stored)?
        },
    })
}

/// Every stored measurement of one kind, in catalog order, then unit, year and quality.
pub(super) fn all_of<F: StoredFigure>(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
) -> Result<Vec<Measurement<F>>, StorageError> {
    let mut rows_by_target: HashMap<i32, Vec<MeasurementRow>> = HashMap::new();
    for row in resolution_rows(conn, stored.id, F::OF_UNITS)? {
        rows_by_target.entry(row.target_id).or_default().push(row);
    }
    let mut all = Vec::new();
    for target in &stored.catalog.targets {
        let Some(rows) = stored
            .target_id(&target.code)
            .and_then(|id| rows_by_target.remove(&id))
        else {
            continue;
        };
        for row in rows {
            all.push(row.into_measurement(target.code.clone())?);
        }
    }
    Ok(all)
}

/// Every figure the area itself has, in catalog order, then year, then quality.
pub fn all_measurements(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
) -> Result<Vec<Measurement>, StorageError> {
    all_of(conn, stored)
}

/// Every unit figure of a resolution, in catalog order, then unit, year and quality.
pub fn all_unit_measurements(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
) -> Result<Vec<Measurement<UnitFigure>>, StorageError> {
    all_of(conn, stored)
}

/// One target's figures of one kind, by unit, year and quality.
pub(super) fn target_rows<F: StoredFigure>(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
) -> Result<Vec<Measurement<F>>, StorageError> {
    let Some(target_id) = stored.target_id(code) else {
        return Ok(Vec::new());
    };
    let query = measurements::table
        .filter(measurements::target_id.eq(target_id))
        .order((
            measurements::unit,
            measurements::year,
            measurements::quality,
        ))
        .select(MeasurementRow::as_select());
    let rows: Vec<MeasurementRow> = query
        .filter(of_kind("measurements", F::OF_UNITS))
        .load(conn)?;
    rows.into_iter()
        .map(|r| r.into_measurement(code.to_string()))
        .collect()
}

/// One target's own (area) measurements, by year then quality.
pub fn target_measurements(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
) -> Result<Vec<Measurement>, StorageError> {
    target_rows(conn, stored, code)
}

/// One target's unit figures, by unit, year and quality.
pub fn target_unit_measurements(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
) -> Result<Vec<Measurement<UnitFigure>>, StorageError> {
    target_rows(conn, stored, code)
}

/// The keys of every figure stored for a year (target code, unit code or '' for the area, quality): what the
/// completeness grid needs, without the figures themselves.
pub fn figure_keys_of_year(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    year: i32,
) -> Result<Vec<(String, String, Quality)>, StorageError> {
    let codes = codes_by_id(stored);
    let rows: Vec<(i32, String, String)> = measurements::table
        .inner_join(targets::table)
        .filter(targets::resolution_id.eq(stored.id))
        .filter(measurements::year.eq(year))
        .select((
            measurements::target_id,
            measurements::unit,
            measurements::quality,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, unit, quality)| {
            Some((codes.get(&id)?.to_string(), unit, Quality::parse(&quality)?))
        })
        .collect())
}

/// One unit's figures of one year, every target of the resolution (through the figure key's index per target).
pub fn unit_year_measurements(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    unit: &str,
    year: i32,
) -> Result<Vec<Measurement<UnitFigure>>, StorageError> {
    let codes = codes_by_id(stored);
    let ids: Vec<i32> = codes.keys().copied().collect();
    let rows: Vec<MeasurementRow> = measurements::table
        .filter(measurements::target_id.eq_any(&ids))
        .filter(measurements::year.eq(year))
        .filter(measurements::unit.eq(unit))
        .select(MeasurementRow::as_select())
        .load(conn)?;
    rows.into_iter()
        .filter_map(|r| {
            let code = codes.get(&r.target_id)?.to_string();
            Some(r.into_measurement(code))
        })
        .collect()
}

/// When each figure of a year was first entered (its first creation in the history, UTC), by target code, unit
/// code ('' for the area) and quality: what its timeliness is judged on.
pub fn first_entered_of_year(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    year: i32,
) -> Result<Vec<(String, String, Quality, chrono::NaiveDateTime)>, StorageError> {
    use crate::storage::schema::measurement_history as h;
    use diesel::dsl::min;
    let codes = codes_by_id(stored);
    let ids: Vec<i32> = codes.keys().copied().collect();
    let rows: Vec<(i32, String, String, Option<chrono::NaiveDateTime>)> = h::table
        .filter(h::target_id.eq_any(&ids))
        .filter(h::year.eq(year))
        .filter(h::action.eq("create"))
        .group_by((h::target_id, h::unit, h::quality))
        .select((h::target_id, h::unit, h::quality, min(h::changed_at)))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, unit, quality, at)| {
            Some((
                codes.get(&id)?.to_string(),
                unit,
                Quality::parse(&quality)?,
                at?,
            ))
        })
        .collect())
}

/// The resolution's target codes by their stored ids.
fn codes_by_id(stored: &StoredCatalog) -> HashMap<i32, &str> {
    stored
        .target_ids
        .iter()
        .map(|(code, id)| (*id, code.as_str()))
        .collect()
}

/// How many figures of each target (the area's and its units'), up to `as_of`, are not approved, by target code.
pub fn unapproved_counts(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    as_of: i32,
) -> Result<HashMap<String, usize>, StorageError> {
    let rows: Vec<(i32, i64)> = measurements::table
        .inner_join(targets::table)
        .filter(targets::resolution_id.eq(stored.id))
        .filter(measurements::year.le(as_of))
        .filter(measurements::approval.ne(crate::domain::approval::Approval::Approved.as_str()))
        .group_by(measurements::target_id)
        .select((measurements::target_id, diesel::dsl::count_star()))
        .load(conn)?;
    let codes = codes_by_id(stored);
    Ok(rows
        .into_iter()
        .filter_map(|(id, n)| {
            let code = codes.get(&id)?;
            Some(((*code).to_string(), usize::try_from(n).unwrap_or(0)))
        })
        .collect())
}

/// The figures of one kind (`F`) of a year (and of one unit, when named) in some approval states, in target,
/// unit and quality order.
pub fn year_in_states<F: StoredFigure>(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    (year, unit): (i32, Option<&str>),
    states: &[crate::domain::approval::Approval],
) -> Result<Vec<Measurement<F>>, StorageError> {
    let codes = codes_by_id(stored);
    let states: Vec<&str> = states.iter().map(|a| a.as_str()).collect();
    let mut query = measurements::table
        .inner_join(targets::table)
        .filter(targets::resolution_id.eq(stored.id))
        .filter(measurements::year.eq(year))
        .filter(measurements::approval.eq_any(states))
        .filter(of_kind("measurements", F::OF_UNITS))
        .order((targets::position, measurements::unit, measurements::quality))
        .select(MeasurementRow::as_select())
        .into_boxed();
    if let Some(unit) = unit {
        query = query.filter(measurements::unit.eq(unit));
    }
    let rows: Vec<MeasurementRow> = query.load(conn)?;
    rows.into_iter()
        .filter_map(|r| {
            let code = codes.get(&r.target_id)?.to_string();
            Some(r.into_measurement(code))
        })
        .collect()
}

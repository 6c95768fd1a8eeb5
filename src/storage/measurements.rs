//! Yearly figures: reading them for the progress methodology, and writing them with their history.

use std::collections::HashMap;

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;

use super::figure_columns::{Columns, StoredFigure};
use super::schema::{measurement_history, measurements, targets};
use super::{write_lock, DbConnection, StorageError, StoredCatalog};
use crate::domain::dashboard::ResolutionFigures;
use crate::domain::history::{Action, Change, Snapshot};
use crate::domain::measurement::{Channel, Entry, Measurement};
use crate::domain::rollup::UnitFigure;
use crate::domain::{Figure, MilestoneState, Quality};

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
}

impl MeasurementRow {
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
            source: self.source,
            note: self.note,
            revision: self.revision,
            changed_by: self.changed_by,
            changed_at: self.changed_at,
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

#[derive(Insertable)]
#[diesel(table_name = measurement_history, treat_none_as_default_value = false)]
struct HistoryValues<'a> {
    target_id: i32,
    unit: &'a str,
    year: i32,
    quality: &'a str,
    action: &'a str,
    channel: &'a str,
    revision: i32,
    old_value: Option<f64>,
    old_state: Option<&'a str>,
    old_source: Option<&'a str>,
    old_note: Option<&'a str>,
    new_value: Option<f64>,
    new_state: Option<&'a str>,
    new_source: Option<&'a str>,
    new_note: Option<&'a str>,
    old_numerator: Option<f64>,
    old_denominator: Option<f64>,
    new_numerator: Option<f64>,
    new_denominator: Option<f64>,
    changed_by: &'a str,
    changed_at: NaiveDateTime,
}

impl<'a> HistoryValues<'a> {
    /// The history row of one change: the figure before (`old`, none when created) and after (`new`, none when
    /// deleted).
    #[allow(clippy::too_many_arguments)]
    fn change<F: StoredFigure>(
        target_id: i32,
        key: FigureKey<'a>,
        action: &'a str,
        revision: i32,
        old: Option<&'a MeasurementRow>,
        new: Option<&'a Entry<F>>,
        who: &'a str,
        channel: Channel,
        at: NaiveDateTime,
    ) -> Self {
        let new_columns = new.map(|n| n.figure.columns()).unwrap_or_default();
        HistoryValues {
            target_id,
            unit: key.unit,
            year: key.year,
            quality: key.quality.as_str(),
            action,
            channel: channel.as_str(),
            revision,
            old_value: old.and_then(|o| o.value),
            old_state: old.and_then(|o| o.state.as_deref()),
            old_source: old.and_then(|o| o.source.as_deref()),
            old_note: old.and_then(|o| o.note.as_deref()),
            old_numerator: old.and_then(|o| o.numerator),
            old_denominator: old.and_then(|o| o.denominator),
            new_value: new_columns.value,
            new_state: new_columns.state,
            new_source: new.and_then(|n| n.source.as_deref()),
            new_note: new.and_then(|n| n.note.as_deref()),
            new_numerator: new_columns.numerator,
            new_denominator: new_columns.denominator,
            changed_by: who,
            changed_at: at,
        }
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

/// Every figure of one kind (the area's or the units') of a resolution, by target code.
fn by_target<F: StoredFigure>(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
) -> Result<HashMap<String, Vec<F>>, StorageError> {
    let codes: HashMap<i32, &str> = stored
        .target_ids
        .iter()
        .map(|(code, id)| (*id, code.as_str()))
        .collect();
    let mut figures: HashMap<String, Vec<F>> = HashMap::new();
    for row in resolution_rows(conn, stored.id, F::OF_UNITS)? {
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
            super::rollup_totals::unit_inputs(conn, stored)?
        },
    })
}

/// Every stored measurement of one kind, in catalog order, then unit, year and quality.
fn all_of<F: StoredFigure>(
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
fn target_rows<F: StoredFigure>(
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
    let codes: HashMap<i32, &str> = stored
        .target_ids
        .iter()
        .map(|(code, id)| (*id, code.as_str()))
        .collect();
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
    let codes: HashMap<i32, &str> = stored
        .target_ids
        .iter()
        .map(|(code, id)| (*id, code.as_str()))
        .collect();
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

/// A new figure's row, for inserting many at once.
#[derive(Insertable)]
#[diesel(table_name = measurements, treat_none_as_default_value = false)]
struct NewMeasurement<'a> {
    target_id: i32,
    unit: &'a str,
    year: i32,
    quality: &'a str,
    value: Option<f64>,
    state: Option<&'a str>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    source: Option<&'a str>,
    note: Option<&'a str>,
    revision: i32,
    changed_by: &'a str,
    changed_at: NaiveDateTime,
}

impl<'a> NewMeasurement<'a> {
    fn of<F: StoredFigure>(
        target_id: i32,
        entry: &'a Entry<F>,
        revision: i32,
        who: &'a str,
        at: NaiveDateTime,
    ) -> Self {
        let columns = entry.figure.columns();
        NewMeasurement {
            target_id,
            unit: entry.figure.unit(),
            year: entry.figure.year(),
            quality: entry.figure.quality().as_str(),
            value: columns.value,
            state: columns.state,
            numerator: columns.numerator,
            denominator: columns.denominator,
            source: entry.source.as_deref(),
            note: entry.note.as_deref(),
            revision,
            changed_by: who,
            changed_at: at,
        }
    }
}

/// Rows to one SQLite INSERT statement. SQLite opens and closes a table and its indexes once per statement,
/// which for one row costs more than the row (1,000,000 rows: 17.6 s one by one, 12.8 s a thousand at a time,
/// `bench/import-vs-bulk-loader`); a chunk stays under SQLite's 32,766 parameters.
const SQLITE_ROWS_PER_INSERT: usize = 1000;

/// The history of the figures a batch created on SQLite, written from their new rows by the database itself
/// (no value crosses from Rust twice): every row with an id above the one before the batch is the batch's,
/// as SQLite lets one writer at a time into the file and AUTOINCREMENT never gives an id again.
const CREATED_HISTORY: &str = "INSERT INTO measurement_history (target_id, unit, year, quality, action, channel, \
    revision, new_value, new_state, new_source, new_note, new_numerator, new_denominator, changed_by, changed_at) \
    SELECT target_id, unit, year, quality, 'create', ?, revision, value, state, source, note, numerator, \
    denominator, changed_by, changed_at FROM measurements WHERE id > ? ORDER BY id";

/// Inserts a batch's new figures and the history of its changes, each backend its fastest way (the derived
/// MultiConnection has neither a multi-row insert nor COPY, so each backend is called on its own):
/// - PostgreSQL: `COPY … FROM STDIN` in the binary format, one for each table;
/// - SQLite: the new rows many to a statement, and their history written from them by the database
///   (`history` then holds only the history of updated figures: see [`creates_history_itself`]).
fn insert_many(
    conn: &mut DbConnection,
    new: &[NewMeasurement<'_>],
    history: &[HistoryValues<'_>],
    channel: Channel,
) -> Result<(), StorageError> {
    match conn {
        DbConnection::Postgres(c) => {
            if !new.is_empty() {
                diesel::copy_from(measurements::table)
                    .from_insertable(new)
                    .execute(c)?;
            }
            if !history.is_empty() {
                diesel::copy_from(measurement_history::table)
                    .from_insertable(history)
                    .execute(c)?;
            }
        }
        DbConnection::Sqlite(c) => {
            use diesel::sql_types::{Integer, Text};
            let before: Option<i32> = measurements::table
                .select(diesel::dsl::max(measurements::id))
                .first(c)?;
            for chunk in new.chunks(SQLITE_ROWS_PER_INSERT) {
                diesel::insert_into(measurements::table)
                    .values(chunk)
                    .execute(c)?;
            }
            if !new.is_empty() {
                diesel::sql_query(CREATED_HISTORY)
                    .bind::<Text, _>(channel.as_str())
                    .bind::<Integer, _>(before.unwrap_or(0))
                    .execute(c)?;
            }
            for chunk in history.chunks(SQLITE_ROWS_PER_INSERT) {
                diesel::insert_into(measurement_history::table)
                    .values(chunk)
                    .execute(c)?;
            }
        }
    }
    Ok(())
}

/// Whether a backend's [`insert_many`] writes the history of created figures itself.
fn creates_history_itself(conn: &DbConnection) -> bool {
    matches!(conn, DbConnection::Sqlite(_))
}

/// The last revision each figure of a resolution had in its history, deleted figures included: a figure
/// created again continues from there, so a writer holding a revision from before the deletion is refused.
fn last_revisions(
    conn: &mut DbConnection,
    resolution_id: i32,
    scope: &BatchScope,
) -> Result<HashMap<RowKey, i32>, StorageError> {
    use measurement_history::{quality, revision, target_id, unit, year};
    let figure = (target_id, unit, year, quality);
    let mut query = measurement_history::table
        .inner_join(targets::table)
        .filter(targets::resolution_id.eq(resolution_id))
        .filter(year.eq_any(&scope.years))
        .group_by(figure)
        .select((target_id, unit, year, quality, diesel::dsl::max(revision)))
        .into_boxed();
    if let Some(listed) = scope.listed_targets() {
        query = query.filter(target_id.eq_any(listed));
    }
    let rows: Vec<(i32, String, i32, String, Option<i32>)> = query
        .filter(of_kind("measurement_history", scope.of_units))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(t, u, y, q, r)| r.map(|r| ((t, u, y, q), r)))
        .collect())
}

/// The last revision one figure had in its history (0 when it never existed).
fn last_revision(
    conn: &mut DbConnection,
    target_id: i32,
    key: FigureKey<'_>,
) -> Result<i32, StorageError> {
    let last: Option<i32> = measurement_history::table
        .filter(measurement_history::target_id.eq(target_id))
        .filter(measurement_history::unit.eq(key.unit))
        .filter(measurement_history::year.eq(key.year))
        .filter(measurement_history::quality.eq(key.quality.as_str()))
        .select(diesel::dsl::max(measurement_history::revision))
        .first(conn)?;
    Ok(last.unwrap_or(0))
}

/// Replaces a stored figure if it is still at revision `seen`; false when someone else changed it first.
fn compare_and_set<F: StoredFigure>(
    conn: &mut DbConnection,
    target_id: i32,
    entry: &Entry<F>,
    seen: i32,
    who: &str,
    at: NaiveDateTime,
) -> Result<bool, StorageError> {
    let columns = entry.figure.columns();
    let changed = diesel::update(measurements::table)
        .filter(measurements::target_id.eq(target_id))
        .filter(measurements::unit.eq(entry.figure.unit()))
        .filter(measurements::year.eq(entry.figure.year()))
        .filter(measurements::quality.eq(entry.figure.quality().as_str()))
        .filter(measurements::revision.eq(seen))
        .set((
            measurements::value.eq(columns.value),
            measurements::state.eq(columns.state),
            measurements::numerator.eq(columns.numerator),
            measurements::denominator.eq(columns.denominator),
            measurements::source.eq(entry.source.as_deref()),
            measurements::note.eq(entry.note.as_deref()),
            measurements::revision.eq(seen + 1),
            measurements::changed_by.eq(who),
            measurements::changed_at.eq(at),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

/// What writing a batch of entries did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct WriteCounts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Writes checked entries (target code, entry), the area's and the units', in one transaction: new ones are
/// created, changed ones updated with their revision raised, identical ones left alone; every change goes to the
/// history. All or nothing.
///
/// The resolution's write lock is taken before anything is read, so the figures this decides on are the ones
/// it replaces; every update is still a compare-and-set on the revision it read, and one that finds the figure
/// changed undoes the whole import ([`BatchError::Stale`]).
pub fn write_both(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    area: &[(String, Entry)],
    units: &[(String, Entry<UnitFigure>)],
    who: &str,
    channel: Channel,
) -> Result<WriteCounts, BatchError> {
    conn.transaction(|conn| {
        let a = write_locked(conn, stored, area, who, channel).map_err(BatchError::from)?;
        let u = write_locked(conn, stored, units, who, channel).map_err(BatchError::from)?;
        Ok(WriteCounts {
            created: a.created + u.created,
            updated: a.updated + u.updated,
            unchanged: a.unchanged + u.unchanged,
        })
    })
}

/// Why a batch of area and unit figures was not written.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// Some figure changed between reading and writing (a concurrent writer): nothing was written.
    #[error("a figure changed while the import was written")]
    Stale,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<diesel::result::Error> for BatchError {
    fn from(e: diesel::result::Error) -> Self {
        BatchError::Storage(e.into())
    }
}

impl<F> From<WriteError<F>> for BatchError {
    fn from(e: WriteError<F>) -> Self {
        match e {
            WriteError::Storage(e) => BatchError::Storage(e),
            WriteError::Stale { .. } | WriteError::NotFound => BatchError::Stale,
        }
    }
}

/// The batch write inside a transaction: the lock, then each target's figures decided and written in turn (so
/// that what is read of the stored figures at once is one target's, not the whole file's).
fn write_locked<F: StoredFigure>(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    entries: &[(String, Entry<F>)],
    who: &str,
    channel: Channel,
) -> Result<WriteCounts, WriteError<F>> {
    if entries.is_empty() {
        return Ok(WriteCounts::default());
    }
    write_lock::lock_resolution(conn, stored.id)?;
    let mut by_target: std::collections::BTreeMap<i32, Vec<&(String, Entry<F>)>> =
        std::collections::BTreeMap::new();
    for entry in entries {
        let code = &entry.0;
        let target_id = stored
            .target_id(code)
            .ok_or_else(|| StorageError::Corrupt(format!("target {code} is not in the catalog")))?;
        by_target.entry(target_id).or_default().push(entry);
    }
    let mut counts = WriteCounts::default();
    for (target_id, entries) in by_target {
        let written = write_target(conn, stored, target_id, &entries, who, channel)?;
        counts.created += written.created;
        counts.updated += written.updated;
        counts.unchanged += written.unchanged;
    }
    Ok(counts)
}

/// One target's figures of a batch, decided against what is stored and written, with their history and, for
/// units' figures, the target's roll-up totals.
fn write_target<F: StoredFigure>(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    target_id: i32,
    entries: &[&(String, Entry<F>)],
    who: &str,
    channel: Channel,
) -> Result<WriteCounts, WriteError<F>> {
    let scope = BatchScope::of(target_id, entries);
    let mut existing = rows_by_key(conn, stored.id, &scope)?;
    let mut last = None;
    let now = Utc::now().naive_utc();
    let mut counts = WriteCounts::default();
    let mut new_rows = Vec::new();
    let mut changes = Vec::new();
    for (code, entry) in entries.iter().copied() {
        let figure = FigureKey::of(&entry.figure);
        let key: RowKey = (
            target_id,
            figure.unit.to_string(),
            figure.year,
            figure.quality.as_str().to_string(),
        );
        let old = existing.remove(&key);
        let revision = match &old {
            Some(o) if o.holds(entry) => {
                counts.unchanged += 1;
                continue;
            }
            Some(o) => {
                if !compare_and_set(conn, target_id, entry, o.revision, who, now)? {
                    return Err(stale(current_row(conn, target_id, figure)?, code));
                }
                counts.updated += 1;
                o.revision + 1
            }
            None => {
                if last.is_none() {
                    last = Some(last_revisions(conn, stored.id, &scope)?);
                }
                let revision = last.as_ref().and_then(|l| l.get(&key)).map_or(1, |r| r + 1);
                new_rows.push(NewMeasurement::of(target_id, entry, revision, who, now));
                counts.created += 1;
                revision
            }
        };
        changes.push((target_id, entry, revision, old));
    }
    let created_by_insert = creates_history_itself(conn);
    let history: Vec<HistoryValues<'_>> = changes
        .iter()
        .filter(|(.., old)| !(created_by_insert && old.is_none()))
        .map(|(target_id, entry, revision, old)| {
            let action = if old.is_some() { "update" } else { "create" };
            HistoryValues::change(
                *target_id,
                FigureKey::of(&entry.figure),
                action,
                *revision,
                old.as_ref(),
                Some(*entry),
                who,
                channel,
                now,
            )
        })
        .collect();
    insert_many(conn, &new_rows, &history, channel)?;
    if F::OF_UNITS {
        // The scope's unit figures after the write: the stored ones the batch did not name, and the batch's.
        let mut after: HashMap<i32, Vec<UnitFigure>> = HashMap::new();
        for row in existing.values() {
            after.entry(row.target_id).or_default().push(row.figure()?);
        }
        drop(existing);
        for (_, entry) in entries.iter().copied() {
            if let Some(figure) = entry.figure.as_unit() {
                after.entry(target_id).or_default().push(figure.clone());
            }
        }
        let targets = scope.listed_targets();
        super::rollup_totals::replace(conn, stored, targets, &scope.years, &after)?;
    }
    Ok(counts)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = measurement_history)]
struct HistoryRow {
    target_id: i32,
    unit: String,
    year: i32,
    quality: String,
    action: String,
    channel: String,
    revision: i32,
    old_value: Option<f64>,
    old_state: Option<String>,
    old_numerator: Option<f64>,
    old_denominator: Option<f64>,
    old_source: Option<String>,
    old_note: Option<String>,
    new_value: Option<f64>,
    new_state: Option<String>,
    new_numerator: Option<f64>,
    new_denominator: Option<f64>,
    new_source: Option<String>,
    new_note: Option<String>,
    changed_by: String,
    changed_at: NaiveDateTime,
}

/// A figure before or after a change, from its history columns; none when there was no figure.
fn snapshot(
    value: Option<f64>,
    state: Option<String>,
    (numerator, denominator): (Option<f64>, Option<f64>),
    source: Option<String>,
    note: Option<String>,
) -> Option<Snapshot> {
    let yes = match state.as_deref() {
        Some("yes") => Some(true),
        Some("no") => Some(false),
        _ => None,
    };
    let state = state.as_deref().and_then(MilestoneState::parse);
    (value.is_some() || state.is_some() || yes.is_some()).then_some(Snapshot {
        value,
        state,
        yes,
        numerator,
        denominator,
        source,
        note,
    })
}

impl HistoryRow {
    fn into_change(self, target_code: String) -> Result<Change, StorageError> {
        let corrupt = |what: &str| {
            StorageError::Corrupt(format!("history of {target_code} {}: {what}", self.year))
        };
        Ok(Change {
            unit: (!self.unit.is_empty()).then_some(self.unit),
            year: self.year,
            quality: Quality::parse(&self.quality).ok_or_else(|| corrupt("unknown quality"))?,
            action: Action::parse(&self.action).ok_or_else(|| corrupt("unknown action"))?,
            channel: self.channel,
            revision: self.revision,
            old: snapshot(
                self.old_value,
                self.old_state,
                (self.old_numerator, self.old_denominator),
                self.old_source,
                self.old_note,
            ),
            new: snapshot(
                self.new_value,
                self.new_state,
                (self.new_numerator, self.new_denominator),
                self.new_source,
                self.new_note,
            ),
            changed_by: self.changed_by,
            changed_at: self
                .changed_at
                .and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            target_code,
        })
    }
}

/// The changes of one target (or, with `None`, of the whole resolution), units' and area's, newest first, at
/// most `limit`.
pub fn history(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: Option<&str>,
    limit: i64,
) -> Result<Vec<Change>, StorageError> {
    let mut query = measurement_history::table
        .inner_join(targets::table)
        .filter(targets::resolution_id.eq(stored.id))
        .order(measurement_history::id.desc())
        .limit(limit)
        .select(HistoryRow::as_select())
        .into_boxed();
    if let Some(code) = code {
        let Some(id) = stored.target_id(code) else {
            return Ok(Vec::new());
        };
        query = query.filter(measurement_history::target_id.eq(id));
    }
    let codes: HashMap<i32, &str> = stored
        .target_ids
        .iter()
        .map(|(code, id)| (*id, code.as_str()))
        .collect();
    query
        .load::<HistoryRow>(conn)?
        .into_iter()
        .map(|row| {
            let code = codes
                .get(&row.target_id)
                .copied()
                .unwrap_or("?")
                .to_string();
            row.into_change(code)
        })
        .collect()
}

/// What a single write did.
#[derive(Debug, Clone, PartialEq)]
pub enum Written<F = Figure> {
    Created(Measurement<F>),
    Updated(Measurement<F>),
    Unchanged(Measurement<F>),
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError<F = Figure> {
    /// The revision the writer saw is not the current one: someone else changed it (or it does not exist yet, or
    /// any more). Carries the current figure, if any.
    #[error("the figure changed since it was read")]
    Stale {
        current: Option<Box<Measurement<F>>>,
    },
    #[error("no such figure")]
    NotFound,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl<F> From<diesel::result::Error> for WriteError<F> {
    fn from(e: diesel::result::Error) -> Self {
        WriteError::Storage(e.into())
    }
}

fn current_row(
    conn: &mut DbConnection,
    target_id: i32,
    key: FigureKey<'_>,
) -> Result<Option<MeasurementRow>, StorageError> {
    Ok(measurements::table
        .filter(measurements::target_id.eq(target_id))
        .filter(measurements::unit.eq(key.unit))
        .filter(measurements::year.eq(key.year))
        .filter(measurements::quality.eq(key.quality.as_str()))
        .select(MeasurementRow::as_select())
        .first(conn)
        .optional()?)
}

fn stale<F: StoredFigure>(row: Option<MeasurementRow>, code: &str) -> WriteError<F> {
    WriteError::Stale {
        current: row
            .and_then(|r| r.into_measurement(code.to_string()).ok())
            .map(Box::new),
    }
}

/// Keeps the roll-up totals of a (target, year) after a unit's figure changed.
fn refresh_if_unit<F: StoredFigure>(
    conn: &mut DbConnection,
    target_id: i32,
    year: i32,
) -> Result<(), StorageError> {
    if F::OF_UNITS {
        super::rollup_totals::refresh(conn, target_id, year)?;
    }
    Ok(())
}

/// Creates (`expected` is `None`) or updates (`expected` is the revision the writer saw) one figure, the area's
/// or a unit's. A stale or missing revision is refused with the current figure; nothing is overwritten. A figure
/// created again after a deletion continues its revisions from the history.
pub fn put_measurement<F: StoredFigure>(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
    entry: &Entry<F>,
    expected: Option<i32>,
    who: &str,
    channel: Channel,
) -> Result<Written<F>, WriteError<F>> {
    let target_id = stored.target_id(code).ok_or(WriteError::NotFound)?;
    let key = FigureKey::of(&entry.figure);
    let result = conn.transaction(|conn| {
        write_lock::lock_resolution(conn, stored.id)?;
        let current = current_row(conn, target_id, key)?;
        let now = Utc::now().naive_utc();
        let (action, revision) = match (&current, expected) {
            (None, None) => {
                let revision = last_revision(conn, target_id, key)? + 1;
                let row = NewMeasurement::of(target_id, entry, revision, who, now);
                diesel::insert_into(measurements::table)
                    .values(&row)
                    .execute(conn)?;
                ("create", revision)
            }
            (Some(row), Some(seen)) if row.revision == seen => {
                if row.holds(entry) {
                    return Ok(Written::Unchanged(
                        row.clone().into_measurement(code.to_string())?,
                    ));
                }
                if !compare_and_set(conn, target_id, entry, seen, who, now)? {
                    return Err(stale(current_row(conn, target_id, key)?, code));
                }
                ("update", seen + 1)
            }
            _ => return Err(stale(current, code)),
        };
        let change = HistoryValues::change(
            target_id,
            key,
            action,
            revision,
            current.as_ref(),
            Some(entry),
            who,
            channel,
            now,
        );
        diesel::insert_into(measurement_history::table)
            .values(change)
            .execute(conn)?;
        refresh_if_unit::<F>(conn, target_id, key.year)?;
        let row = current_row(conn, target_id, key)?.ok_or(WriteError::NotFound)?;
        let figure = row.into_measurement(code.to_string())?;
        Ok(if action == "create" {
            Written::Created(figure)
        } else {
            Written::Updated(figure)
        })
    });
    match result {
        // The write lock keeps creators apart; should a unique key still refuse one, it is told what is there.
        Err(WriteError::Storage(StorageError::Query(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )))) => Err(stale(current_row(conn, target_id, key)?, code)),
        other => other,
    }
}

/// Deletes one figure (the area's or a unit's, as `F` says) if `expected` is its current revision; the deletion
/// stays in the history.
pub fn delete_measurement<F: StoredFigure>(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
    key: FigureKey<'_>,
    expected: i32,
    (who, channel): (&str, Channel),
) -> Result<Measurement<F>, WriteError<F>> {
    let target_id = stored.target_id(code).ok_or(WriteError::NotFound)?;
    if key.unit.is_empty() == F::OF_UNITS {
        return Err(WriteError::NotFound);
    }
    conn.transaction(|conn| {
        write_lock::lock_resolution(conn, stored.id)?;
        let row = current_row(conn, target_id, key)?.ok_or(WriteError::NotFound)?;
        if row.revision != expected {
            return Err(stale(Some(row), code));
        }
        let deleted = diesel::delete(
            measurements::table
                .filter(measurements::target_id.eq(target_id))
                .filter(measurements::unit.eq(key.unit))
                .filter(measurements::year.eq(key.year))
                .filter(measurements::quality.eq(key.quality.as_str()))
                .filter(measurements::revision.eq(expected)),
        )
        .execute(conn)?;
        if deleted == 0 {
            return Err(stale(current_row(conn, target_id, key)?, code));
        }
        let now = Utc::now().naive_utc();
        let change = HistoryValues::change::<F>(
            target_id,
            key,
            "delete",
            expected + 1,
            Some(&row),
            None,
            who,
            channel,
            now,
        );
        diesel::insert_into(measurement_history::table)
            .values(change)
            .execute(conn)?;
        refresh_if_unit::<F>(conn, target_id, key.year)?;
        Ok(row.into_measurement(code.to_string())?)
    })
}

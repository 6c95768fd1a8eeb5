//! Writing figures, one by one (PUT, DELETE, a form's box) or a batch (an import, a form), each a
//! compare-and-set on its revision under the resolution's write lock, with its history and roll-up totals.

use std::collections::HashMap;

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::domain::approval::Approval;
use crate::domain::measurement::{Channel, Entry, Measurement};
use crate::domain::rollup::UnitFigure;
use crate::domain::year_lock::LockEvent;
use crate::domain::Figure;
use crate::storage::figure_columns::StoredFigure;
use crate::storage::schema::{measurement_history, measurements, targets};
use crate::storage::{write_lock, year_locks, DbConnection, StorageError, StoredCatalog};

use super::history::*;
use super::*;

/// A new figure's row, for inserting many at once.
#[derive(Insertable)]
#[diesel(table_name = measurements, treat_none_as_default_value = false)]
pub(super) struct NewMeasurement<'a> {
    pub(super) target_id: i32,
    pub(super) unit: &'a str,
    pub(super) year: i32,
    pub(super) quality: &'a str,
    pub(super) value: Option<f64>,
    pub(super) state: Option<&'a str>,
    pub(super) numerator: Option<f64>,
    pub(super) denominator: Option<f64>,
    pub(super) source: Option<&'a str>,
    pub(super) note: Option<&'a str>,
    pub(super) revision: i32,
    pub(super) changed_by: &'a str,
    pub(super) changed_at: NaiveDateTime,
}

impl<'a> NewMeasurement<'a> {
    pub(super) fn of<F: StoredFigure>(
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
pub(super) const SQLITE_ROWS_PER_INSERT: usize = 1000;

/// The history of the figures a batch created on SQLite, written from their new rows by the database itself
/// (no value crosses from Rust twice): every row with an id above the one before the batch is the batch's,
/// as SQLite lets one writer at a time into the file and AUTOINCREMENT never gives an id again.
pub(super) const CREATED_HISTORY: &str = "INSERT INTO measurement_history (target_id, unit, year, quality, action, channel, \
    revision, new_value, new_state, new_source, new_note, new_numerator, new_denominator, changed_by, changed_at) \
    SELECT target_id, unit, year, quality, 'create', ?, revision, value, state, source, note, numerator, \
    denominator, changed_by, changed_at FROM measurements WHERE id > ? ORDER BY id";

/// Inserts a batch's new figures and the history of its changes, each backend its fastest way (the derived
/// MultiConnection has neither a multi-row insert nor COPY, so each backend is called on its own):
/// - PostgreSQL: `COPY … FROM STDIN` in the binary format, one for each table;
/// - SQLite: the new rows many to a statement, and their history written from them by the database
///   (`history` then holds only the history of updated figures: see [`creates_history_itself`]).
pub(super) fn insert_many(
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
pub(super) fn creates_history_itself(conn: &DbConnection) -> bool {
    matches!(conn, DbConnection::Sqlite(_))
}

/// The last revision each figure of a resolution had in its history, deleted figures included: a figure
/// created again continues from there, so a writer holding a revision from before the deletion is refused.
pub(super) fn last_revisions(
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
pub(super) fn last_revision(
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

/// Replaces the stored figure `seen` if it is still at its revision, in the approval state an edit leaves it in;
/// false when someone else changed it first.
pub(super) fn compare_and_set<F: StoredFigure>(
    conn: &mut DbConnection,
    target_id: i32,
    entry: &Entry<F>,
    seen: &MeasurementRow,
    who: &str,
    at: NaiveDateTime,
) -> Result<bool, StorageError> {
    let (seen, approval) = (seen.revision, seen.approval().after_edit());
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
            measurements::approval.eq(approval.as_str()),
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
    /// A figure of the batch is of a locked year: nothing was written.
    #[error("the year {} is locked", .0.year)]
    Locked(Box<LockEvent>),
    /// The batch would change an approved figure (its target code, unit, year and quality): nothing was written.
    #[error("the figure of {} in {} is approved", .0.target, .0.year)]
    Approved(Box<ApprovedFigure>),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<diesel::result::Error> for BatchError {
    fn from(e: diesel::result::Error) -> Self {
        BatchError::Storage(e.into())
    }
}

/// An approved figure a batch would have changed.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovedFigure {
    pub target: String,
    pub unit: String,
    pub year: i32,
    pub quality: crate::domain::Quality,
}

impl<F: StoredFigure> From<WriteError<F>> for BatchError {
    fn from(e: WriteError<F>) -> Self {
        match e {
            WriteError::Storage(e) => BatchError::Storage(e),
            WriteError::Locked(lock) => BatchError::Locked(lock),
            WriteError::Approved(m) => BatchError::Approved(Box::new(ApprovedFigure {
                target: m.target_code.clone(),
                unit: m.figure.unit().to_string(),
                year: m.figure.year(),
                quality: m.figure.quality(),
            })),
            WriteError::Stale { .. } | WriteError::NotFound | WriteError::NotInStep { .. } => {
                BatchError::Stale
            }
        }
    }
}

/// The batch write inside a transaction: the lock, then each target's figures decided and written in turn (so
/// that what is read of the stored figures at once is one target's, not the whole file's).
pub(super) fn write_locked<F: StoredFigure>(
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
    let mut years: Vec<i32> = entries
        .iter()
        .map(|(_, e)| FigureKey::of(&e.figure).year)
        .collect();
    years.sort_unstable();
    years.dedup();
    refuse_locked(conn, stored.id, &years)?;
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
pub(super) fn write_target<F: StoredFigure>(
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
            Some(o) if o.approval() == Approval::Approved => {
                return Err(approved(o.clone(), code));
            }
            Some(o) => {
                if !compare_and_set(conn, target_id, entry, o, who, now)? {
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
        crate::storage::rollup_totals::replace(conn, stored, targets, &scope.years, &after)?;
    }
    Ok(counts)
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
    /// The figure's year is locked: the lock in force.
    #[error("the year {} is locked", .0.year)]
    Locked(Box<LockEvent>),
    /// The figure is approved: it changes only once an approver reopened it. Carries the figure.
    #[error("the figure is approved")]
    Approved(Box<Measurement<F>>),
    /// The approval step does not apply to the figure in its state.
    #[error("{} does not apply to a figure that is {}", .step.as_str(), .from.as_str())]
    NotInStep {
        step: crate::domain::approval::Step,
        from: Approval,
    },
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// The refusal of a change to an approved figure, naming it.
pub(super) fn approved<F: StoredFigure>(row: MeasurementRow, code: &str) -> WriteError<F> {
    match row.into_measurement(code.to_string()) {
        Ok(m) => WriteError::Approved(Box::new(m)),
        Err(e) => WriteError::Storage(e),
    }
}

/// Refuses a write into a locked year with the lock in force. Inside the write's transaction, after its lock.
pub(super) fn refuse_locked<F>(
    conn: &mut DbConnection,
    resolution_id: i32,
    years: &[i32],
) -> Result<(), WriteError<F>> {
    match year_locks::lock_in_force(conn, resolution_id, years)? {
        Some(lock) => Err(WriteError::Locked(Box::new(lock))),
        None => Ok(()),
    }
}

impl<F> From<diesel::result::Error> for WriteError<F> {
    fn from(e: diesel::result::Error) -> Self {
        WriteError::Storage(e.into())
    }
}

pub(super) fn current_row(
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

pub(super) fn stale<F: StoredFigure>(row: Option<MeasurementRow>, code: &str) -> WriteError<F> {
    WriteError::Stale {
        current: row
            .and_then(|r| r.into_measurement(code.to_string()).ok())
            .map(Box::new),
    }
}

/// Keeps the roll-up totals of a (target, year) after a unit's figure changed.
pub(super) fn refresh_if_unit<F: StoredFigure>(
    conn: &mut DbConnection,
    target_id: i32,
    year: i32,
) -> Result<(), StorageError> {
    if F::OF_UNITS {
        crate::storage::rollup_totals::refresh(conn, target_id, year)?;
    }
    Ok(())
}

/// Appends one change to the history and re-adds the roll-up totals of its (target, year) when it is a unit's.
fn append_change<F: StoredFigure>(
    conn: &mut DbConnection,
    change: HistoryValues<'_>,
    target_id: i32,
    year: i32,
) -> Result<(), StorageError> {
    diesel::insert_into(measurement_history::table)
        .values(change)
        .execute(conn)?;
    refresh_if_unit::<F>(conn, target_id, year)
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
        refuse_locked(conn, stored.id, &[key.year])?;
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
                if row.approval() == Approval::Approved {
                    return Err(approved(row.clone(), code));
                }
                if !compare_and_set(conn, target_id, entry, row, who, now)? {
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
        append_change::<F>(conn, change, target_id, key.year)?;
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

/// The id of the target `code` whose figure of kind `F` (the area's or a unit's) `key` names; NotFound when the
/// catalog has no such target or the key is of the other kind.
pub(super) fn figure_target<F: StoredFigure>(
    stored: &StoredCatalog,
    code: &str,
    key: FigureKey<'_>,
) -> Result<i32, WriteError<F>> {
    match stored.target_id(code) {
        Some(id) if key.unit.is_empty() != F::OF_UNITS => Ok(id),
        _ => Err(WriteError::NotFound),
    }
}

/// The stored figure a change made on revision `expected` applies to, read inside the change's transaction:
/// after the resolution's write lock and the locked-year check. Missing: NotFound; at another revision: stale.
pub(super) fn at_revision<F: StoredFigure>(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    (target_id, code): (i32, &str),
    key: FigureKey<'_>,
    expected: i32,
) -> Result<MeasurementRow, WriteError<F>> {
    write_lock::lock_resolution(conn, stored.id)?;
    refuse_locked(conn, stored.id, &[key.year])?;
    let row = current_row(conn, target_id, key)?.ok_or(WriteError::NotFound)?;
    if row.revision != expected {
        return Err(stale(Some(row), code));
    }
    Ok(row)
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
    let target_id = figure_target::<F>(stored, code, key)?;
    conn.transaction(|conn| {
        let row = at_revision(conn, stored, (target_id, code), key, expected)?;
        if row.approval() == Approval::Approved {
            return Err(approved(row, code));
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
        append_change::<F>(conn, change, target_id, key.year)?;
        Ok(row.into_measurement(code.to_string())?)
    })
}

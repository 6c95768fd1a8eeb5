//! Yearly figures: reading them for the progress methodology, and writing them with their history.

use std::collections::HashMap;

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::{measurement_history, measurements, targets};
use super::{write_lock, DbConnection, StorageError, StoredCatalog};
use crate::domain::history::{Action, Change, Snapshot};
use crate::domain::measurement::{Channel, Entry, Measurement};
use crate::domain::{Figure, MilestoneState, Quality, Reading};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = measurements)]
struct MeasurementRow {
    target_id: i32,
    year: i32,
    quality: String,
    value: Option<f64>,
    state: Option<String>,
    source: Option<String>,
    note: Option<String>,
    revision: i32,
    changed_by: String,
    changed_at: NaiveDateTime,
}

impl MeasurementRow {
    fn figure(&self) -> Result<Figure, StorageError> {
        let corrupt = |what: &str| {
            StorageError::Corrupt(format!(
                "measurement of target #{} in {}: {what}",
                self.target_id, self.year
            ))
        };
        let quality = Quality::parse(&self.quality).ok_or_else(|| corrupt("unknown quality"))?;
        let reading = match (self.value, self.state.as_deref()) {
            (Some(v), None) => Reading::Value(v),
            (None, Some(s)) => {
                Reading::State(MilestoneState::parse(s).ok_or_else(|| corrupt("unknown state"))?)
            }
            _ => return Err(corrupt("needs a value or a state")),
        };
        Ok(Figure {
            year: self.year,
            quality,
            reading,
        })
    }

    fn into_measurement(self, target_code: String) -> Result<Measurement, StorageError> {
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

    fn holds(&self, entry: &Entry) -> bool {
        self.figure()
            .is_ok_and(|f| f.reading == entry.figure.reading)
            && self.source == entry.source
            && self.note == entry.note
    }
}

#[derive(Insertable)]
#[diesel(table_name = measurement_history)]
struct HistoryValues<'a> {
    target_id: i32,
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
    changed_by: &'a str,
    changed_at: NaiveDateTime,
}

impl<'a> HistoryValues<'a> {
    /// The history row of one change: the figure before (`old`, none when created) and after (`new`, none when
    /// deleted).
    #[allow(clippy::too_many_arguments)]
    fn change(
        target_id: i32,
        year: i32,
        quality: Quality,
        action: &'a str,
        revision: i32,
        old: Option<&'a MeasurementRow>,
        new: Option<&'a Entry>,
        who: &'a str,
        channel: Channel,
        at: NaiveDateTime,
    ) -> Self {
        HistoryValues {
            target_id,
            year,
            quality: quality.as_str(),
            action,
            channel: channel.as_str(),
            revision,
            old_value: old.and_then(|o| o.value),
            old_state: old.and_then(|o| o.state.as_deref()),
            old_source: old.and_then(|o| o.source.as_deref()),
            old_note: old.and_then(|o| o.note.as_deref()),
            new_value: new.and_then(|n| n.figure.reading.value()),
            new_state: new.and_then(|n| n.figure.reading.state().map(MilestoneState::as_str)),
            new_source: new.and_then(|n| n.source.as_deref()),
            new_note: new.and_then(|n| n.note.as_deref()),
            changed_by: who,
            changed_at: at,
        }
    }
}

fn resolution_rows(
    conn: &mut DbConnection,
    resolution_id: i32,
) -> Result<Vec<MeasurementRow>, StorageError> {
    Ok(measurements::table
        .inner_join(targets::table)
        .filter(targets::resolution_id.eq(resolution_id))
        .order((
            measurements::target_id,
            measurements::year,
            measurements::quality,
        ))
        .select(MeasurementRow::as_select())
        .load(conn)?)
}

/// Every figure of a resolution, by target code: the progress methodology's input.
pub fn figures_by_target(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
) -> Result<HashMap<String, Vec<Figure>>, StorageError> {
    let codes: HashMap<i32, &str> = stored
        .target_ids
        .iter()
        .map(|(code, id)| (*id, code.as_str()))
        .collect();
    let mut figures: HashMap<String, Vec<Figure>> = HashMap::new();
    for row in resolution_rows(conn, stored.id)? {
        if let Some(code) = codes.get(&row.target_id) {
            figures
                .entry((*code).to_string())
                .or_default()
                .push(row.figure()?);
        }
    }
    Ok(figures)
}

/// Every stored measurement of a resolution, in catalog order, then year, then quality.
pub fn all_measurements(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
) -> Result<Vec<Measurement>, StorageError> {
    let mut rows_by_target: HashMap<i32, Vec<MeasurementRow>> = HashMap::new();
    for row in resolution_rows(conn, stored.id)? {
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

/// One target's measurements, by year then quality.
pub fn target_measurements(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
) -> Result<Vec<Measurement>, StorageError> {
    let Some(target_id) = stored.target_id(code) else {
        return Ok(Vec::new());
    };
    let rows: Vec<MeasurementRow> = measurements::table
        .filter(measurements::target_id.eq(target_id))
        .order((measurements::year, measurements::quality))
        .select(MeasurementRow::as_select())
        .load(conn)?;
    rows.into_iter()
        .map(|r| r.into_measurement(code.to_string()))
        .collect()
}

/// What writing a batch of entries did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct WriteCounts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// A new figure's row, for inserting many at once.
#[derive(Insertable)]
#[diesel(table_name = measurements)]
struct NewMeasurement<'a> {
    target_id: i32,
    year: i32,
    quality: &'a str,
    value: Option<f64>,
    state: Option<&'a str>,
    source: Option<&'a str>,
    note: Option<&'a str>,
    revision: i32,
    changed_by: &'a str,
    changed_at: NaiveDateTime,
}

/// Rows per multi-row INSERT: well under SQLite's limit of bound parameters.
const INSERT_CHUNK: usize = 1000;

/// Inserts new figures and history rows many at a time. The derived MultiConnection has no multi-row insert, so
/// each backend is called on its own.
fn insert_many(
    conn: &mut DbConnection,
    new: &[NewMeasurement<'_>],
    history: &[HistoryValues<'_>],
) -> Result<(), StorageError> {
    // diesel's multi-row insert needs the concrete connection: the same statements for each backend.
    macro_rules! insert_chunks {
        ($c:expr) => {{
            for chunk in new.chunks(INSERT_CHUNK) {
                diesel::insert_into(measurements::table)
                    .values(chunk)
                    .execute($c)?;
            }
            for chunk in history.chunks(INSERT_CHUNK) {
                diesel::insert_into(measurement_history::table)
                    .values(chunk)
                    .execute($c)?;
            }
        }};
    }
    match conn {
        DbConnection::Sqlite(c) => insert_chunks!(c),
        DbConnection::Postgres(c) => insert_chunks!(c),
    }
    Ok(())
}

/// The last revision each figure of a resolution had in its history, deleted figures included: a figure
/// created again continues from there, so a writer holding a revision from before the deletion is refused.
fn last_revisions(
    conn: &mut DbConnection,
    resolution_id: i32,
) -> Result<HashMap<(i32, i32, String), i32>, StorageError> {
    use measurement_history::{quality, revision, target_id, year};
    let figure = (target_id, year, quality);
    let rows: Vec<(i32, i32, String, Option<i32>)> = measurement_history::table
        .inner_join(targets::table)
        .filter(targets::resolution_id.eq(resolution_id))
        .group_by(figure)
        .select((target_id, year, quality, diesel::dsl::max(revision)))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(t, y, q, r)| r.map(|r| ((t, y, q), r)))
        .collect())
}

/// The last revision one figure had in its history (0 when it never existed).
fn last_revision(
    conn: &mut DbConnection,
    target_id: i32,
    year: i32,
    quality: Quality,
) -> Result<i32, StorageError> {
    let last: Option<i32> = measurement_history::table
        .filter(measurement_history::target_id.eq(target_id))
        .filter(measurement_history::year.eq(year))
        .filter(measurement_history::quality.eq(quality.as_str()))
        .select(diesel::dsl::max(measurement_history::revision))
        .first(conn)?;
    Ok(last.unwrap_or(0))
}

/// Replaces a stored figure if it is still at revision `seen`; false when someone else changed it first.
fn compare_and_set(
    conn: &mut DbConnection,
    target_id: i32,
    entry: &Entry,
    seen: i32,
    who: &str,
    at: NaiveDateTime,
) -> Result<bool, StorageError> {
    let changed = diesel::update(measurements::table)
        .filter(measurements::target_id.eq(target_id))
        .filter(measurements::year.eq(entry.figure.year))
        .filter(measurements::quality.eq(entry.figure.quality.as_str()))
        .filter(measurements::revision.eq(seen))
        .set((
            measurements::value.eq(entry.figure.reading.value()),
            measurements::state.eq(entry.figure.reading.state().map(MilestoneState::as_str)),
            measurements::source.eq(entry.source.as_deref()),
            measurements::note.eq(entry.note.as_deref()),
            measurements::revision.eq(seen + 1),
            measurements::changed_by.eq(who),
            measurements::changed_at.eq(at),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

impl<'a> NewMeasurement<'a> {
    fn of(
        target_id: i32,
        entry: &'a Entry,
        revision: i32,
        who: &'a str,
        at: NaiveDateTime,
    ) -> Self {
        NewMeasurement {
            target_id,
            year: entry.figure.year,
            quality: entry.figure.quality.as_str(),
            value: entry.figure.reading.value(),
            state: entry.figure.reading.state().map(MilestoneState::as_str),
            source: entry.source.as_deref(),
            note: entry.note.as_deref(),
            revision,
            changed_by: who,
            changed_at: at,
        }
    }
}

/// Writes checked entries (target code, entry) in one transaction: new ones are created, changed ones updated
/// with their revision raised, identical ones left alone; every change goes to the history. All or nothing.
///
/// The resolution's write lock is taken before anything is read, so the figures this decides on are the ones
/// it replaces; every update is still a compare-and-set on the revision it read, and one that finds the figure
/// changed undoes the whole import ([`WriteError::Stale`]).
pub fn write_entries(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    entries: &[(String, Entry)],
    who: &str,
    channel: Channel,
) -> Result<WriteCounts, WriteError> {
    conn.transaction(|conn| {
        write_lock::lock_resolution(conn, stored.id)?;
        let mut existing: HashMap<(i32, i32, String), MeasurementRow> =
            resolution_rows(conn, stored.id)?
                .into_iter()
                .map(|r| ((r.target_id, r.year, r.quality.clone()), r))
                .collect();
        let mut last = None;
        let now = Utc::now().naive_utc();
        let mut counts = WriteCounts::default();
        let mut new_rows = Vec::new();
        let mut changes = Vec::new();
        for (code, entry) in entries {
            let target_id = stored.target_id(code).ok_or_else(|| {
                StorageError::Corrupt(format!("target {code} is not in the catalog"))
            })?;
            let key = (
                target_id,
                entry.figure.year,
                entry.figure.quality.as_str().to_string(),
            );
            let old = existing.remove(&key);
            let revision = match &old {
                Some(o) if o.holds(entry) => {
                    counts.unchanged += 1;
                    continue;
                }
                Some(o) => {
                    if !compare_and_set(conn, target_id, entry, o.revision, who, now)? {
                        let current = current_row(conn, target_id, key.1, entry.figure.quality)?;
                        return Err(stale(current, code));
                    }
                    counts.updated += 1;
                    o.revision + 1
                }
                None => {
                    if last.is_none() {
                        last = Some(last_revisions(conn, stored.id)?);
                    }
                    let revision = last.as_ref().and_then(|l| l.get(&key)).map_or(1, |r| r + 1);
                    new_rows.push(NewMeasurement::of(target_id, entry, revision, who, now));
                    counts.created += 1;
                    revision
                }
            };
            changes.push((target_id, entry, revision, old));
        }
        let history: Vec<HistoryValues<'_>> = changes
            .iter()
            .map(|(target_id, entry, revision, old)| {
                let action = if old.is_some() { "update" } else { "create" };
                let (year, quality) = (entry.figure.year, entry.figure.quality);
                HistoryValues::change(
                    *target_id,
                    year,
                    quality,
                    action,
                    *revision,
                    old.as_ref(),
                    Some(entry),
                    who,
                    channel,
                    now,
                )
            })
            .collect();
        insert_many(conn, &new_rows, &history)?;
        Ok(counts)
    })
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = measurement_history)]
struct HistoryRow {
    target_id: i32,
    year: i32,
    quality: String,
    action: String,
    channel: String,
    revision: i32,
    old_value: Option<f64>,
    old_state: Option<String>,
    old_source: Option<String>,
    old_note: Option<String>,
    new_value: Option<f64>,
    new_state: Option<String>,
    new_source: Option<String>,
    new_note: Option<String>,
    changed_by: String,
    changed_at: NaiveDateTime,
}

fn snapshot(
    value: Option<f64>,
    state: Option<String>,
    source: Option<String>,
    note: Option<String>,
) -> Option<Snapshot> {
    let state = state.as_deref().and_then(MilestoneState::parse);
    (value.is_some() || state.is_some()).then_some(Snapshot {
        value,
        state,
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
            year: self.year,
            quality: Quality::parse(&self.quality).ok_or_else(|| corrupt("unknown quality"))?,
            action: Action::parse(&self.action).ok_or_else(|| corrupt("unknown action"))?,
            channel: self.channel,
            revision: self.revision,
            old: snapshot(
                self.old_value,
                self.old_state,
                self.old_source,
                self.old_note,
            ),
            new: snapshot(
                self.new_value,
                self.new_state,
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

/// The changes of one target (or, with `None`, of the whole resolution), newest first, at most `limit`.
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
pub enum Written {
    Created(Measurement),
    Updated(Measurement),
    Unchanged(Measurement),
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The revision the writer saw is not the current one: someone else changed it (or it does not exist yet, or
    /// any more). Carries the current figure, if any.
    #[error("the figure changed since it was read")]
    Stale { current: Option<Box<Measurement>> },
    #[error("no such figure")]
    NotFound,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<diesel::result::Error> for WriteError {
    fn from(e: diesel::result::Error) -> Self {
        WriteError::Storage(e.into())
    }
}

fn current_row(
    conn: &mut DbConnection,
    target_id: i32,
    year: i32,
    quality: Quality,
) -> Result<Option<MeasurementRow>, StorageError> {
    Ok(measurements::table
        .filter(measurements::target_id.eq(target_id))
        .filter(measurements::year.eq(year))
        .filter(measurements::quality.eq(quality.as_str()))
        .select(MeasurementRow::as_select())
        .first(conn)
        .optional()?)
}

fn stale(row: Option<MeasurementRow>, code: &str) -> WriteError {
    WriteError::Stale {
        current: row
            .and_then(|r| r.into_measurement(code.to_string()).ok())
            .map(Box::new),
    }
}

#[allow(clippy::too_many_arguments)]
fn history_entry(
    conn: &mut DbConnection,
    target_id: i32,
    year: i32,
    quality: Quality,
    action: &str,
    revision: i32,
    old: Option<&MeasurementRow>,
    new: Option<&Entry>,
    who: &str,
    channel: Channel,
    at: NaiveDateTime,
) -> Result<(), StorageError> {
    diesel::insert_into(measurement_history::table)
        .values(HistoryValues::change(
            target_id, year, quality, action, revision, old, new, who, channel, at,
        ))
        .execute(conn)?;
    Ok(())
}

/// Creates (`expected` is `None`) or updates (`expected` is the revision the writer saw) one figure. A stale or
/// missing revision is refused with the current figure; nothing is overwritten. A figure created again after a
/// deletion continues its revisions from the history.
pub fn put_measurement(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
    entry: &Entry,
    expected: Option<i32>,
    who: &str,
    channel: Channel,
) -> Result<Written, WriteError> {
    let target_id = stored.target_id(code).ok_or(WriteError::NotFound)?;
    let (year, quality) = (entry.figure.year, entry.figure.quality);
    let result = conn.transaction(|conn| {
        write_lock::lock_resolution(conn, stored.id)?;
        let current = current_row(conn, target_id, year, quality)?;
        let now = Utc::now().naive_utc();
        let (action, revision) = match (&current, expected) {
            (None, None) => {
                let revision = last_revision(conn, target_id, year, quality)? + 1;
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
                    return Err(stale(current_row(conn, target_id, year, quality)?, code));
                }
                ("update", seen + 1)
            }
            _ => return Err(stale(current, code)),
        };
        history_entry(
            conn,
            target_id,
            year,
            quality,
            action,
            revision,
            current.as_ref(),
            Some(entry),
            who,
            channel,
            now,
        )?;
        let row = current_row(conn, target_id, year, quality)?.ok_or(WriteError::NotFound)?;
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
        )))) => Err(stale(current_row(conn, target_id, year, quality)?, code)),
        other => other,
    }
}

/// Deletes one figure if `expected` is its current revision; the deletion stays in the history.
#[allow(clippy::too_many_arguments)]
pub fn delete_measurement(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
    year: i32,
    quality: Quality,
    expected: i32,
    who: &str,
    channel: Channel,
) -> Result<Measurement, WriteError> {
    let target_id = stored.target_id(code).ok_or(WriteError::NotFound)?;
    conn.transaction(|conn| {
        write_lock::lock_resolution(conn, stored.id)?;
        let row = current_row(conn, target_id, year, quality)?.ok_or(WriteError::NotFound)?;
        if row.revision != expected {
            return Err(stale(Some(row), code));
        }
        let deleted = diesel::delete(
            measurements::table
                .filter(measurements::target_id.eq(target_id))
                .filter(measurements::year.eq(year))
                .filter(measurements::quality.eq(quality.as_str()))
                .filter(measurements::revision.eq(expected)),
        )
        .execute(conn)?;
        if deleted == 0 {
            return Err(stale(current_row(conn, target_id, year, quality)?, code));
        }
        let now = Utc::now().naive_utc();
        history_entry(
            conn,
            target_id,
            year,
            quality,
            "delete",
            expected + 1,
            Some(&row),
            None,
            who,
            channel,
            now,
        )?;
        Ok(row.into_measurement(code.to_string())?)
    })
}

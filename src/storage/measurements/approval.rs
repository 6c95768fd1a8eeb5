//! Steps of the approval workflow on stored figures: one figure on the revision its approver saw, or a year's
//! figures of a unit or of some targets at once. Each step raises the figure's revision and is kept in its
//! history with its reason, under the resolution's write lock and refused in a locked year, as every write is.

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::domain::approval::{Approval, Step};
use crate::domain::measurement::{Channel, Measurement};
use crate::storage::figure_columns::StoredFigure;
use crate::storage::schema::{measurement_history, measurements, targets};
use crate::storage::{write_lock, DbConnection, StorageError, StoredCatalog};

use super::history::HistoryValues;
use super::writes::{at_revision, figure_target, refuse_locked, stale};
use super::*;

/// Who takes a step, why, and by which way it came.
#[derive(Debug, Clone, Copy)]
pub struct StepBy<'a> {
    pub step: Step,
    pub reason: Option<&'a str>,
    pub who: &'a str,
    pub channel: Channel,
}

/// Takes a step on one figure (the area's or a unit's, as `F` says) if `expected` is its current revision.
pub fn step_measurement<F: StoredFigure>(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
    key: FigureKey<'_>,
    expected: i32,
    by: StepBy<'_>,
) -> Result<Measurement<F>, WriteError<F>> {
    let target_id = figure_target::<F>(stored, code, key)?;
    conn.transaction(|conn| {
        let row = at_revision(conn, stored, (target_id, code), key, expected)?;
        let to = by.step.from(row.approval()).ok_or(WriteError::NotInStep {
            step: by.step,
            from: row.approval(),
        })?;
        if !move_row(conn, &row, to, by, Utc::now().naive_utc())? {
            return Err(stale(current_row(conn, target_id, key)?, code));
        }
        let row = current_row(conn, target_id, key)?.ok_or(WriteError::NotFound)?;
        Ok(row.into_measurement(code.to_string())?)
    })
}

/// Which figures of a year a bulk step takes: the area's or one unit's, of some targets (none: every target).
#[derive(Debug, Clone, Copy)]
pub struct YearFigures<'a> {
    pub year: i32,
    /// `None`: the area's and every unit's; `Some("")` the area's alone; `Some(code)` that unit's.
    pub unit: Option<&'a str>,
    pub targets: Option<&'a [String]>,
}

/// Takes a step on every figure of a year that is in the state the step moves from in bulk (submitted, for
/// approving). Returns how many moved.
pub fn step_year(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    which: YearFigures<'_>,
    by: StepBy<'_>,
) -> Result<usize, WriteError> {
    conn.transaction(|conn| {
        write_lock::lock_resolution(conn, stored.id)?;
        refuse_locked(conn, stored.id, &[which.year])?;
        let from: Vec<&str> = by.step.bulk_from().iter().map(|a| a.as_str()).collect();
        let mut query = measurements::table
            .inner_join(targets::table)
            .filter(targets::resolution_id.eq(stored.id))
            .filter(measurements::year.eq(which.year))
            .filter(measurements::approval.eq_any(from))
            .select(MeasurementRow::as_select())
            .into_boxed();
        if let Some(unit) = which.unit {
            query = query.filter(measurements::unit.eq(unit));
        }
        if let Some(codes) = which.targets {
            let ids: Vec<i32> = codes.iter().filter_map(|c| stored.target_id(c)).collect();
            query = query.filter(measurements::target_id.eq_any(ids));
        }
        let rows: Vec<MeasurementRow> = query.load(conn)?;
        let now = Utc::now().naive_utc();
        let mut moved = 0;
        for row in rows {
            let Some(to) = by.step.from(row.approval()) else {
                continue;
            };
            // Under the write lock nothing else writes: a row that moved meanwhile is a corruption.
            if !move_row(conn, &row, to, by, now)? {
                return Err(WriteError::Storage(StorageError::Corrupt(format!(
                    "figure of target #{} changed under the write lock",
                    row.target_id
                ))));
            }
            moved += 1;
        }
        Ok(moved)
    })
}

/// Moves a stored row to `to` on its revision (false when it is no longer at it), with its history row.
fn move_row(
    conn: &mut DbConnection,
    row: &MeasurementRow,
    to: Approval,
    by: StepBy<'_>,
    at: NaiveDateTime,
) -> Result<bool, StorageError> {
    let note = match by.step {
        Step::Return | Step::Reopen => by.reason,
        Step::Submit | Step::Approve => None,
    };
    let changed = diesel::update(measurements::table)
        .filter(measurements::target_id.eq(row.target_id))
        .filter(measurements::unit.eq(&row.unit))
        .filter(measurements::year.eq(row.year))
        .filter(measurements::quality.eq(&row.quality))
        .filter(measurements::revision.eq(row.revision))
        .set((
            measurements::approval.eq(to.as_str()),
            measurements::approval_note.eq(note),
            measurements::revision.eq(row.revision + 1),
            measurements::changed_by.eq(by.who),
            measurements::changed_at.eq(at),
        ))
        .execute(conn)?;
    if changed != 1 {
        return Ok(false);
    }
    let history = HistoryValues {
        target_id: row.target_id,
        unit: &row.unit,
        year: row.year,
        quality: &row.quality,
        action: by.step.as_str(),
        channel: by.channel.as_str(),
        revision: row.revision + 1,
        old_value: row.value,
        old_state: row.state.as_deref(),
        old_source: row.source.as_deref(),
        old_note: row.note.as_deref(),
        new_value: row.value,
        new_state: row.state.as_deref(),
        new_source: row.source.as_deref(),
        new_note: row.note.as_deref(),
        old_numerator: row.numerator,
        old_denominator: row.denominator,
        new_numerator: row.numerator,
        new_denominator: row.denominator,
        changed_by: by.who,
        changed_at: at,
        reason: by.reason,
    };
    diesel::insert_into(measurement_history::table)
        .values(history)
        .execute(conn)?;
    Ok(true)
}

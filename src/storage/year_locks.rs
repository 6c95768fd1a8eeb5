//! Locked years: every lock and unlock of a year of a resolution, and the check every write of figures and
//! assessments makes inside its transaction, after the resolution's write lock (so a lock and a write follow each
//! other: a write either lands before the lock or is refused after it).

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::year_locks;
use super::{write_lock, DbConnection, StorageError, StoredCatalog};
use crate::domain::year_lock::{LockAction, LockEvent};

#[derive(Queryable)]
struct EventRow {
    year: i32,
    action: String,
    reason: String,
    changed_by: String,
    changed_at: NaiveDateTime,
}

impl EventRow {
    fn into_event(self) -> Result<LockEvent, StorageError> {
        let action = LockAction::parse(&self.action)
            .ok_or_else(|| StorageError::Corrupt(format!("year lock action {:?}", self.action)))?;
        Ok(LockEvent {
            year: self.year,
            action,
            reason: self.reason,
            by: self.changed_by,
            at: self.changed_at,
        })
    }
}

fn columns() -> (
    year_locks::year,
    year_locks::action,
    year_locks::reason,
    year_locks::changed_by,
    year_locks::changed_at,
) {
    (
        year_locks::year,
        year_locks::action,
        year_locks::reason,
        year_locks::changed_by,
        year_locks::changed_at,
    )
}

/// Every lock and unlock of the resolution, newest first.
pub fn events(conn: &mut DbConnection, resolution_id: i32) -> Result<Vec<LockEvent>, StorageError> {
    year_locks::table
        .filter(year_locks::resolution_id.eq(resolution_id))
        .order(year_locks::id.desc())
        .select(columns())
        .load::<EventRow>(conn)?
        .into_iter()
        .map(EventRow::into_event)
        .collect()
}

/// The locks in force among `years`: each year's latest event, where it is a lock.
pub fn locked(
    conn: &mut DbConnection,
    resolution_id: i32,
    years: &[i32],
) -> Result<Vec<LockEvent>, StorageError> {
    let rows: Vec<EventRow> = year_locks::table
        .filter(year_locks::resolution_id.eq(resolution_id))
        .filter(year_locks::year.eq_any(years))
        .order(year_locks::id.desc())
        .select(columns())
        .load(conn)?;
    let mut seen = std::collections::HashSet::new();
    let mut locks = Vec::new();
    for row in rows {
        if seen.insert(row.year) && row.action == LockAction::Lock.as_str() {
            locks.push(row.into_event()?);
        }
    }
    locks.sort_by_key(|l| l.year);
    Ok(locks)
}

/// The first lock in force among `years`, for a write to refuse itself with. Call it inside the write's
/// transaction, after the resolution's write lock.
pub fn lock_in_force(
    conn: &mut DbConnection,
    resolution_id: i32,
    years: &[i32],
) -> Result<Option<LockEvent>, StorageError> {
    Ok(locked(conn, resolution_id, years)?.into_iter().next())
}

/// Why a lock or unlock was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// The year is already in the state asked for: its latest event.
    #[error("the year is already {0:?}")]
    Already(Option<LockEvent>),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<diesel::result::Error> for LockError {
    fn from(e: diesel::result::Error) -> Self {
        LockError::Storage(e.into())
    }
}

/// Locks or unlocks a year of the resolution as `who` (an unlock with its reason), under the resolution's write
/// lock; a year already in that state is refused with its latest event.
pub fn set(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    year: i32,
    (action, reason): (LockAction, &str),
    who: &str,
) -> Result<LockEvent, LockError> {
    conn.transaction(|conn| {
        write_lock::lock_resolution(conn, stored.id)?;
        let current = lock_in_force(conn, stored.id, &[year])?;
        let wanted = action == LockAction::Lock;
        if current.is_some() == wanted {
            return Err(LockError::Already(current));
        }
        let at = Utc::now().naive_utc();
        diesel::insert_into(year_locks::table)
            .values((
                year_locks::resolution_id.eq(stored.id),
                year_locks::year.eq(year),
                year_locks::action.eq(action.as_str()),
                year_locks::reason.eq(reason),
                year_locks::changed_by.eq(who),
                year_locks::changed_at.eq(at),
            ))
            .execute(conn)?;
        Ok(LockEvent {
            year,
            action,
            reason: reason.to_string(),
            by: who.to_string(),
            at,
        })
    })
}

//! Locking a year of a resolution once its report is adopted, and unlocking it with a reason (an administrator):
//! the years and their state, the events, and the two writes. Every write of figures and assessments checks the
//! lock itself, in storage, whichever path it comes by.

use serde::Serialize;

use super::error::{AppError, ErrorCode};
use super::scope::Scope;
use crate::domain::year_lock::{reason_problem, LockAction, LockEvent};
use crate::storage::year_locks::{self, LockError};
use crate::storage::{DbConnection, StoredCatalog};

/// A year of the resolution and the lock in force on it, if any.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct YearState {
    pub year: i32,
    pub lock: Option<LockEvent>,
}

/// The resolution's years with their locks, and every lock and unlock, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Locks {
    pub years: Vec<YearState>,
    pub events: Vec<LockEvent>,
}

/// The years a lock applies to: those figures are entered for.
fn years(stored: &StoredCatalog, years_after_goal: i32) -> Vec<i32> {
    stored.catalog.entry_years(years_after_goal).collect()
}

pub fn read(
    conn: &mut DbConnection,
    scope: &Scope,
    years_after_goal: i32,
) -> Result<Locks, AppError> {
    let stored = scope.catalog(conn)?;
    let all = years(&stored, years_after_goal);
    let locked = year_locks::locked(conn, stored.id, &all)?;
    Ok(Locks {
        years: all
            .into_iter()
            .map(|year| YearState {
                year,
                lock: locked.iter().find(|l| l.year == year).cloned(),
            })
            .collect(),
        events: year_locks::events(conn, stored.id)?,
    })
}

/// Locks (`reason` may be empty) or unlocks (a reason is required) a year of the scope's resolution as `who`.
pub fn set(
    conn: &mut DbConnection,
    scope: &Scope,
    (year, years_after_goal): (i32, i32),
    (action, reason): (LockAction, &str),
    who: &str,
) -> Result<LockEvent, AppError> {
    let stored = scope.catalog(conn)?;
    if !years(&stored, years_after_goal).contains(&year) {
        let r = &stored.catalog.resolution;
        return Err(AppError::bad_field(
            "year",
            format!(
                "phải là một năm của nghị quyết ({} đến {})",
                r.baseline_year,
                r.goal_year + years_after_goal
            ),
            format!(
                "must be a year of the resolution ({} to {})",
                r.baseline_year,
                r.goal_year + years_after_goal
            ),
        ));
    }
    let reason = reason.trim();
    if action == LockAction::Unlock {
        if let Some(problem) = reason_problem(reason) {
            return Err(
                AppError::new(ErrorCode::InvalidValue, problem.vi, problem.en).on("reason"),
            );
        }
    }
    match year_locks::set(conn, &stored, year, (action, reason), who) {
        Ok(event) => Ok(event),
        Err(LockError::Already(Some(lock))) => Err(AppError::year_locked(&lock)),
        Err(LockError::Already(None)) => Err(AppError::new(
            ErrorCode::InvalidValue,
            format!("năm {year} đang không khóa"),
            format!("the year {year} is not locked"),
        )
        .on("year")),
        Err(LockError::Storage(e)) => Err(e.into()),
    }
}

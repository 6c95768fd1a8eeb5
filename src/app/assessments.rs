//! The breakthrough tasks' narrative assessments: read with the tasks' targets, and recorded (with the revision
//! seen, like figures) by the API and the task's page alike.

use serde_json::json;

use super::dashboard::{self, Board};
use super::error::AppError;
use super::figures::Writer;
use super::scope::{breakthrough_of, Scope};
use crate::domain::assessment::Assessment;
use crate::domain::lang::{Explained, Said};
use crate::domain::measurement::Problem;
use crate::domain::Status;
use crate::storage::assessments::{self, AssessmentWriteError};
use crate::storage::DbConnection;

/// A breakthrough task with the resolution's board and its assessments, newest first.
pub struct BreakthroughRead {
    pub board: Board,
    pub assessments: Vec<Assessment>,
}

/// The task `code` of the scope's resolution as of the scope's year; 404 naming an unknown one.
pub fn read(
    conn: &mut DbConnection,
    scope: &Scope,
    code: &str,
) -> Result<BreakthroughRead, AppError> {
    let board = dashboard::read(conn, scope)?;
    breakthrough_of(&board.stored, code)?;
    let assessments = assessments::list(conn, &board.stored, code)?;
    Ok(BreakthroughRead { board, assessments })
}

/// A task's assessments and their history (the API's list).
pub fn list(
    conn: &mut DbConnection,
    scope: &Scope,
    code: &str,
) -> Result<
    (
        Vec<Assessment>,
        Vec<crate::domain::assessment::AssessmentChange>,
    ),
    AppError,
> {
    let stored = scope.catalog(conn)?;
    breakthrough_of(&stored, code)?;
    Ok((
        assessments::list(conn, &stored, code)?,
        assessments::history(conn, &stored, code)?,
    ))
}

/// What is recorded: the year, the status and the text, checked.
pub struct Recorded<'a> {
    pub year: i32,
    pub status: Status,
    pub text: &'a str,
    /// The revision the writer saw (none: a new assessment).
    pub revision: Option<i32>,
}

/// Records an assessment of the task `code` for a year figures are entered for: created (true) or changed.
/// Only the area's writers assess (a commune statistician does not).
pub fn record(
    conn: &mut DbConnection,
    scope: &Scope,
    code: &str,
    what: Recorded<'_>,
    who: &Writer<'_>,
    years_after_goal: i32,
) -> Result<(Assessment, bool), AppError> {
    let stored = scope.catalog(conn)?;
    breakthrough_of(&stored, code)?;
    who.may_write(&stored, None, "")?;
    in_entry_years(&stored, what.year, years_after_goal)?;
    let recorded = (what.year, what.status, what.text);
    assessments::put_assessment(conn, &stored, code, recorded, what.revision, who.name)
        .map_err(|e| write_error(e, || AppError::unknown_breakthrough(code)))
}

/// An assessment's write refused: stale (with the one stored now), its subject gone (`gone`), its year locked.
fn write_error(e: AssessmentWriteError, gone: impl FnOnce() -> AppError) -> AppError {
    match e {
        AssessmentWriteError::Stale { current } => stale(current),
        AssessmentWriteError::NotFound => gone(),
        AssessmentWriteError::Locked(lock) => AppError::year_locked(&lock),
        AssessmentWriteError::Storage(e) => e.into(),
    }
}

/// An assessment written over a revision someone else has replaced.
fn stale(current: Option<Box<Assessment>>) -> AppError {
    let message = match &current {
        Some(a) => Said::new(
            format!(
                "đánh giá đã được {} thay đổi lúc {} (phiên bản {})",
                a.changed_by, a.changed_at, a.revision
            ),
            format!(
                "the assessment was changed by {} at {} (revision {})",
                a.changed_by, a.changed_at, a.revision
            ),
        ),
        None => Said::new(
            "chưa có đánh giá này: hãy tạo mới, không kèm phiên bản",
            "the assessment does not exist yet: create it without a revision",
        ),
    };
    AppError::stale(message, json!(current))
}

/// Records the committee's assessment of the target `code` for a year figures are entered for: an approver's (or
/// an administrator's) alone. Created (true) or changed, on the revision seen.
pub fn record_target(
    conn: &mut DbConnection,
    scope: &Scope,
    code: &str,
    what: Recorded<'_>,
    who: &super::accounts::Identity,
    years_after_goal: i32,
) -> Result<(crate::domain::assessment::Assessment, bool), AppError> {
    let doing = (
        "ghi đánh giá chính thức của chỉ tiêu",
        "record a target's official assessment",
    );
    super::accounts::at_least(who, crate::domain::account::Role::Approver, doing)?;
    let stored = scope.catalog(conn)?;
    super::scope::target_of(&stored, code)?;
    in_entry_years(&stored, what.year, years_after_goal)?;
    let recorded = (what.year, what.status, what.text);
    crate::storage::target_assessments::put(conn, &stored, code, recorded, what.revision, &who.name)
        .map_err(|e| write_error(e, AppError::no_page))
}

/// A target's recorded assessments, newest year first.
pub fn of_target(
    conn: &mut DbConnection,
    scope: &Scope,
    code: &str,
) -> Result<Vec<crate::domain::assessment::Assessment>, AppError> {
    let stored = scope.catalog(conn)?;
    super::scope::target_of(&stored, code)?;
    Ok(crate::storage::target_assessments::list(
        conn, &stored, code,
    )?)
}

/// Refuses a year figures are not entered for, naming `year`.
fn in_entry_years(
    stored: &crate::storage::StoredCatalog,
    year: i32,
    years_after_goal: i32,
) -> Result<(), AppError> {
    let years = stored.catalog.entry_years(years_after_goal);
    if years.contains(&year) {
        return Ok(());
    }
    let problem = Problem::YearOutOfRange {
        first: *years.start(),
        last: *years.end(),
    };
    Err(AppError::invalid_value(
        "year",
        problem.message_vi(),
        problem.message_en(),
    ))
}

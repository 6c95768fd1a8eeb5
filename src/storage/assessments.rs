//! Breakthrough assessments: one per task and year, with revisions and an append-only history.

use std::collections::HashMap;

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::{assessment_history, assessments};
use super::{write_lock, DbConnection, StorageError, StoredCatalog};
use crate::domain::assessment::Assessment;
use crate::domain::Status;

#[derive(Queryable, Selectable)]
#[diesel(table_name = assessments)]
struct AssessmentRow {
    breakthrough_id: i32,
    year: i32,
    status: String,
    text: String,
    revision: i32,
    changed_by: String,
    changed_at: NaiveDateTime,
}

fn status(text: &str) -> Result<Status, StorageError> {
    crate::domain::assessment::parse_status(text)
        .ok_or_else(|| StorageError::Corrupt(format!("assessment status {text:?}")))
}

impl AssessmentRow {
    fn into_assessment(self, code: &str) -> Result<Assessment, StorageError> {
        let status = status(&self.status)?;
        Ok(Assessment {
            breakthrough: code.to_string(),
            year: self.year,
            status,
            status_label_vi: status.label(crate::domain::wording::Lang::Vi),
            status_label_en: status.label(crate::domain::wording::Lang::En),
            text: self.text,
            revision: self.revision,
            changed_by: self.changed_by,
            changed_at: self
                .changed_at
                .and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        })
    }
}

/// Why an assessment (a task's, or `A`: a target's) was not written.
#[derive(Debug, thiserror::Error)]
pub enum AssessmentWriteError<A = Assessment> {
    /// The revision the writer saw is not the current one; carries the current assessment, if any.
    #[error("the assessment changed since it was read")]
    Stale { current: Option<Box<A>> },
    #[error("no such breakthrough task or target")]
    NotFound,
    /// The year is locked: the lock in force.
    #[error("the year {} is locked", .0.year)]
    Locked(Box<crate::domain::year_lock::LockEvent>),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl<A> From<diesel::result::Error> for AssessmentWriteError<A> {
    fn from(e: diesel::result::Error) -> Self {
        AssessmentWriteError::Storage(e.into())
    }
}

fn current(
    conn: &mut DbConnection,
    id: i32,
    year: i32,
) -> Result<Option<AssessmentRow>, StorageError> {
    Ok(assessments::table
        .filter(assessments::breakthrough_id.eq(id))
        .filter(assessments::year.eq(year))
        .select(AssessmentRow::as_select())
        .first(conn)
        .optional()?)
}

/// Writes a task's assessment for a year: creates it (`expected` is `None`) or replaces the revision the writer
/// saw; a stale revision is refused with the current assessment. Returns it and whether it was created.
#[allow(clippy::too_many_arguments)]
pub fn put_assessment(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
    year: i32,
    new_status: Status,
    text: &str,
    expected: Option<i32>,
    who: &str,
) -> Result<(Assessment, bool), AssessmentWriteError> {
    let id = *stored
        .breakthrough_ids
        .get(code)
        .ok_or(AssessmentWriteError::NotFound)?;
    let stale = |row: Option<AssessmentRow>| AssessmentWriteError::Stale {
        current: row.and_then(|r| r.into_assessment(code).ok()).map(Box::new),
    };
    let result = conn.transaction(|conn| {
        write_lock::lock_resolution(conn, stored.id)?;
        if let Some(lock) = super::year_locks::lock_in_force(conn, stored.id, &[year])? {
            return Err(AssessmentWriteError::Locked(Box::new(lock)));
        }
        let now = Utc::now().naive_utc();
        let old = current(conn, id, year)?;
        let (revision, created) = match (&old, expected) {
            (None, None) => {
                diesel::insert_into(assessments::table)
                    .values((
                        assessments::breakthrough_id.eq(id),
                        assessments::year.eq(year),
                        assessments::status.eq(new_status.as_str()),
                        assessments::text.eq(text),
                        assessments::revision.eq(1),
                        assessments::changed_by.eq(who),
                        assessments::changed_at.eq(now),
                    ))
                    .execute(conn)?;
                (1, true)
            }
            (Some(row), Some(seen)) if row.revision == seen => {
                if row.status == new_status.as_str() && row.text == text {
                    let row = current(conn, id, year)?.ok_or(AssessmentWriteError::NotFound)?;
                    return Ok((row.into_assessment(code)?, false));
                }
                let n = diesel::update(assessments::table)
                    .filter(assessments::breakthrough_id.eq(id))
                    .filter(assessments::year.eq(year))
                    .filter(assessments::revision.eq(seen))
                    .set((
                        assessments::status.eq(new_status.as_str()),
                        assessments::text.eq(text),
                        assessments::revision.eq(seen + 1),
                        assessments::changed_by.eq(who),
                        assessments::changed_at.eq(now),
                    ))
                    .execute(conn)?;
                if n == 0 {
                    return Err(stale(current(conn, id, year)?));
                }
                (seen + 1, false)
            }
            _ => return Err(stale(old)),
        };
        diesel::insert_into(assessment_history::table)
            .values((
                assessment_history::breakthrough_id.eq(id),
                assessment_history::year.eq(year),
                assessment_history::revision.eq(revision),
                assessment_history::old_status.eq(old.as_ref().map(|o| o.status.as_str())),
                assessment_history::old_text.eq(old.as_ref().map(|o| o.text.as_str())),
                assessment_history::new_status.eq(new_status.as_str()),
                assessment_history::new_text.eq(text),
                assessment_history::changed_by.eq(who),
                assessment_history::changed_at.eq(now),
            ))
            .execute(conn)?;
        let row = current(conn, id, year)?.ok_or(AssessmentWriteError::NotFound)?;
        Ok((row.into_assessment(code)?, created))
    });
    match result {
        Err(AssessmentWriteError::Storage(StorageError::Query(
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ),
        ))) => Err(stale(current(conn, id, year)?)),
        other => other,
    }
}

/// A task's assessments, newest year first.
pub fn list(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
) -> Result<Vec<Assessment>, StorageError> {
    let Some(&id) = stored.breakthrough_ids.get(code) else {
        return Ok(Vec::new());
    };
    let rows: Vec<AssessmentRow> = assessments::table
        .filter(assessments::breakthrough_id.eq(id))
        .order(assessments::year.desc())
        .select(AssessmentRow::as_select())
        .load(conn)?;
    rows.into_iter().map(|r| r.into_assessment(code)).collect()
}

/// A task's assessment history, newest first: (year, revision, old status, new status, new text, who, when).
pub fn history(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
) -> Result<Vec<serde_json::Value>, StorageError> {
    let Some(&id) = stored.breakthrough_ids.get(code) else {
        return Ok(Vec::new());
    };
    type Row = (
        i32,
        i32,
        Option<String>,
        Option<String>,
        String,
        String,
        String,
        NaiveDateTime,
    );
    let rows: Vec<Row> = assessment_history::table
        .filter(assessment_history::breakthrough_id.eq(id))
        .order(assessment_history::id.desc())
        .select((
            assessment_history::year,
            assessment_history::revision,
            assessment_history::old_status,
            assessment_history::old_text,
            assessment_history::new_status,
            assessment_history::new_text,
            assessment_history::changed_by,
            assessment_history::changed_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(year, revision, old_status, old_text, new_status, new_text, by, at)| {
            serde_json::json!({
                "year": year, "revision": revision, "old_status": old_status, "old_text": old_text,
                "new_status": new_status, "new_text": new_text, "changed_by": by,
                "changed_at": at.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            })
        })
        .collect())
}

/// Each task's latest assessment up to `as_of`, by task code.
pub fn latest(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    as_of: i32,
) -> Result<HashMap<String, Assessment>, StorageError> {
    let codes: HashMap<i32, &str> = stored
        .breakthrough_ids
        .iter()
        .map(|(c, id)| (*id, c.as_str()))
        .collect();
    let rows: Vec<AssessmentRow> = assessments::table
        .filter(
            assessments::breakthrough_id.eq_any(
                stored
                    .breakthrough_ids
                    .values()
                    .copied()
                    .collect::<Vec<_>>(),
            ),
        )
        .filter(assessments::year.le(as_of))
        .order(assessments::year.asc())
        .select(AssessmentRow::as_select())
        .load(conn)?;
    let mut latest = HashMap::new();
    for row in rows {
        if let Some(code) = codes.get(&row.breakthrough_id) {
            latest.insert((*code).to_string(), row.into_assessment(code)?);
        }
    }
    Ok(latest)
}

/// The dashboard as stored: every target's progress and each task's latest assessment, as of `as_of`.
pub fn dashboard(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    as_of: i32,
) -> Result<crate::domain::dashboard::Dashboard, StorageError> {
    let figures = super::measurements::resolution_figures(conn, stored)?;
    let latest = latest(conn, stored, as_of)?;
    let unapproved = super::measurements::unapproved_counts(conn, stored, as_of)?;
    let committee = super::target_assessments::of_year(conn, stored, as_of)?;
    Ok(
        crate::domain::dashboard::dashboard(&stored.catalog, &figures, as_of)
            .with_assessments(latest)
            .with_unapproved(&unapproved)
            .with_committee(committee),
    )
}

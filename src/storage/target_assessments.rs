//! The committee's assessments of targets: one per target and year (an official status and a narrative), with
//! revisions and an append-only history, written under the resolution's write lock and refused in a locked year.

use std::collections::HashMap;

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;

use super::assessments::AssessmentWriteError;
use super::schema::{target_assessment_history, target_assessments};
use super::{write_lock, DbConnection, StorageError, StoredCatalog};
use crate::domain::assessment::TargetAssessment;
use crate::domain::Status;

#[derive(Queryable, Selectable)]
#[diesel(table_name = target_assessments)]
struct Row {
    target_id: i32,
    year: i32,
    status: String,
    text: String,
    revision: i32,
    changed_by: String,
    changed_at: NaiveDateTime,
}

impl Row {
    fn into_assessment(self, code: &str) -> Result<TargetAssessment, StorageError> {
        let status =
            crate::domain::assessment::parse_target_status(&self.status).ok_or_else(|| {
                StorageError::Corrupt(format!("target assessment status {:?}", self.status))
            })?;
        Ok(TargetAssessment::new(
            code,
            (self.year, status, self.text),
            (self.revision, self.changed_by, self.changed_at),
        ))
    }
}

/// What a target's assessment write refuses: the errors of a task's.
pub type TargetAssessmentError = AssessmentWriteError<TargetAssessment>;

fn current(conn: &mut DbConnection, id: i32, year: i32) -> Result<Option<Row>, StorageError> {
    Ok(target_assessments::table
        .filter(target_assessments::target_id.eq(id))
        .filter(target_assessments::year.eq(year))
        .select(Row::as_select())
        .first(conn)
        .optional()?)
}

/// Writes the committee's assessment of a target for a year: created (`expected` none) or replacing the revision
/// the writer saw; a stale revision is refused with the current one. Returns it and whether it was created.
pub fn put(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
    (year, status, text): (i32, Status, &str),
    expected: Option<i32>,
    who: &str,
) -> Result<(TargetAssessment, bool), TargetAssessmentError> {
    let id = stored
        .target_id(code)
        .ok_or(AssessmentWriteError::NotFound)?;
    let stale = |row: Option<Row>| AssessmentWriteError::Stale {
        current: row.and_then(|r| r.into_assessment(code).ok()).map(Box::new),
    };
    conn.transaction(|conn| {
        write_lock::lock_resolution(conn, stored.id)?;
        if let Some(lock) = super::year_locks::lock_in_force(conn, stored.id, &[year])? {
            return Err(AssessmentWriteError::Locked(Box::new(lock)));
        }
        let now = Utc::now().naive_utc();
        let old = current(conn, id, year)?;
        let (revision, created) = match (&old, expected) {
            (None, None) => {
                diesel::insert_into(target_assessments::table)
                    .values((
                        target_assessments::target_id.eq(id),
                        target_assessments::year.eq(year),
                        target_assessments::status.eq(status.as_str()),
                        target_assessments::text.eq(text),
                        target_assessments::revision.eq(1),
                        target_assessments::changed_by.eq(who),
                        target_assessments::changed_at.eq(now),
                    ))
                    .execute(conn)?;
                (1, true)
            }
            (Some(row), Some(seen)) if row.revision == seen => {
                let n = diesel::update(target_assessments::table)
                    .filter(target_assessments::target_id.eq(id))
                    .filter(target_assessments::year.eq(year))
                    .filter(target_assessments::revision.eq(seen))
                    .set((
                        target_assessments::status.eq(status.as_str()),
                        target_assessments::text.eq(text),
                        target_assessments::revision.eq(seen + 1),
                        target_assessments::changed_by.eq(who),
                        target_assessments::changed_at.eq(now),
                    ))
                    .execute(conn)?;
                if n == 0 {
                    return Err(stale(current(conn, id, year)?));
                }
                (seen + 1, false)
            }
            _ => return Err(stale(old)),
        };
        diesel::insert_into(target_assessment_history::table)
            .values((
                target_assessment_history::target_id.eq(id),
                target_assessment_history::year.eq(year),
                target_assessment_history::revision.eq(revision),
                target_assessment_history::old_status.eq(old.as_ref().map(|o| o.status.as_str())),
                target_assessment_history::old_text.eq(old.as_ref().map(|o| o.text.as_str())),
                target_assessment_history::new_status.eq(status.as_str()),
                target_assessment_history::new_text.eq(text),
                target_assessment_history::changed_by.eq(who),
                target_assessment_history::changed_at.eq(now),
            ))
            .execute(conn)?;
        let row = current(conn, id, year)?.ok_or(AssessmentWriteError::NotFound)?;
        Ok((row.into_assessment(code)?, created))
    })
}

/// A target's assessments, newest year first.
pub fn list(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
) -> Result<Vec<TargetAssessment>, StorageError> {
    let Some(id) = stored.target_id(code) else {
        return Ok(Vec::new());
    };
    let rows: Vec<Row> = target_assessments::table
        .filter(target_assessments::target_id.eq(id))
        .order(target_assessments::year.desc())
        .select(Row::as_select())
        .load(conn)?;
    rows.into_iter().map(|r| r.into_assessment(code)).collect()
}

/// Each target's assessment of the year `as_of` itself, by target code (a committee judges a year's report).
pub fn of_year(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    as_of: i32,
) -> Result<HashMap<String, TargetAssessment>, StorageError> {
    let codes: HashMap<i32, &str> = stored
        .target_ids
        .iter()
        .map(|(c, id)| (*id, c.as_str()))
        .collect();
    let ids: Vec<i32> = codes.keys().copied().collect();
    let rows: Vec<Row> = target_assessments::table
        .filter(target_assessments::target_id.eq_any(ids))
        .filter(target_assessments::year.eq(as_of))
        .select(Row::as_select())
        .load(conn)?;
    let mut found = HashMap::new();
    for row in rows {
        if let Some(code) = codes.get(&row.target_id) {
            found.insert((*code).to_string(), row.into_assessment(code)?);
        }
    }
    Ok(found)
}

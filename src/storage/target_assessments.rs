//! The committee's assessments of targets: one per target and year (an official status and a narrative), kept
//! and written as a task's are ([`super::assessments::put_kept`]), in tables of their own.

use std::collections::HashMap;

use diesel::prelude::*;

use super::assessments::{kept_in, put_kept, AssessmentRow, AssessmentWriteError, Kept, Written};
use super::schema::{target_assessment_history, target_assessments};
use super::{DbConnection, StorageError, StoredCatalog};
use crate::domain::assessment::{Assessed, Assessment, TARGET_STATUSES};
use crate::domain::Status;

kept_in!(
    Targets,
    target_assessments,
    target_assessment_history,
    target_id,
    TARGET_STATUSES,
    Target
);

/// Writes the committee's assessment of a target for a year (see [`put_kept`]).
pub fn put(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
    recorded: (i32, Status, &str),
    expected: Option<i32>,
    who: &str,
) -> Result<(Assessment, bool), AssessmentWriteError> {
    let id = stored
        .target_id(code)
        .ok_or(AssessmentWriteError::NotFound)?;
    put_kept::<Targets>(conn, stored, (id, code), recorded, expected, who)
}

/// A target's assessments, newest year first.
pub fn list(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
) -> Result<Vec<Assessment>, StorageError> {
    let Some(id) = stored.target_id(code) else {
        return Ok(Vec::new());
    };
    let rows: Vec<AssessmentRow> = target_assessments::table
        .filter(target_assessments::target_id.eq(id))
        .order(target_assessments::year.desc())
        .select(Targets::COLUMNS)
        .load(conn)?;
    rows.into_iter()
        .map(|r| r.into_assessment(Targets::of(code), Targets::STATUSES))
        .collect()
}

/// Each target's assessment of the year `as_of` itself, by target code (a committee judges a year's report).
pub fn of_year(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    as_of: i32,
) -> Result<HashMap<String, Assessment>, StorageError> {
    let codes: HashMap<i32, &str> = stored
        .target_ids
        .iter()
        .map(|(c, id)| (*id, c.as_str()))
        .collect();
    let ids: Vec<i32> = codes.keys().copied().collect();
    let rows: Vec<AssessmentRow> = target_assessments::table
        .filter(target_assessments::target_id.eq_any(ids))
        .filter(target_assessments::year.eq(as_of))
        .select(Targets::COLUMNS)
        .load(conn)?;
    let mut found = HashMap::new();
    for row in rows {
        if let Some(code) = codes.get(&row.subject) {
            let assessment = row.into_assessment(Targets::of(code), Targets::STATUSES)?;
            found.insert((*code).to_string(), assessment);
        }
    }
    Ok(found)
}

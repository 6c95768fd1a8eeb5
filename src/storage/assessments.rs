//! Assessments: a breakthrough task's (here) and the committee's of a target (`target_assessments`), one per
//! subject and year, with revisions and an append-only history. Both are written by one flow ([`put_kept`]):
//! under the resolution's write lock, refused in a locked year, a compare-and-set on the revision seen.

use std::collections::HashMap;

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::{assessment_history, assessments};
use super::{write_lock, DbConnection, StorageError, StoredCatalog};
use crate::domain::assessment::{Assessed, Assessment, AssessmentChange, ASSESSMENT_STATUSES};
use crate::domain::Status;

/// A stored assessment, the same columns in either table: whose it is (the task's or the target's id), the
/// year, the status, the text, the revision and who wrote it when.
#[derive(Queryable)]
pub(super) struct AssessmentRow {
    pub(super) subject: i32,
    year: i32,
    pub(super) status: String,
    pub(super) text: String,
    revision: i32,
    changed_by: String,
    changed_at: NaiveDateTime,
}

impl AssessmentRow {
    /// The assessment of `of`, its status one of `statuses`.
    pub(super) fn into_assessment(
        self,
        of: Assessed,
        statuses: &[Status],
    ) -> Result<Assessment, StorageError> {
        let status = crate::domain::assessment::status_among(statuses, &self.status)
            .ok_or_else(|| StorageError::Corrupt(format!("assessment status {:?}", self.status)))?;
        Ok(Assessment::new(
            of,
            (self.year, status, self.text),
            (self.revision, self.changed_by, self.changed_at),
        ))
    }
}

/// What an assessment write is: its status and text, who writes it and when.
#[derive(Debug, Clone, Copy)]
pub(super) struct Written<'a> {
    pub(super) status: &'a str,
    pub(super) text: &'a str,
    pub(super) who: &'a str,
    pub(super) at: NaiveDateTime,
}

/// Where one kind of assessment is kept: its table and its history, keyed by its subject's id and the year.
pub(super) trait Kept {
    /// The statuses it may hold.
    const STATUSES: &'static [Status];
    /// Whose assessment the code names.
    fn of(code: &str) -> Assessed;
    fn current(
        conn: &mut DbConnection,
        subject: i32,
        year: i32,
    ) -> QueryResult<Option<AssessmentRow>>;
    fn insert(
        conn: &mut DbConnection,
        subject: i32,
        year: i32,
        new: Written<'_>,
    ) -> QueryResult<usize>;
    /// Replaces the assessment of (subject, year) if it is still at revision `seen`: how many rows changed.
    fn replace(
        conn: &mut DbConnection,
        key_and_seen: (i32, i32, i32),
        new: Written<'_>,
    ) -> QueryResult<usize>;
    /// Appends a version of (subject, year) to the history: the one it replaced (`old`), and the new one at its
    /// revision.
    fn append(
        conn: &mut DbConnection,
        key_and_revision: (i32, i32, i32),
        old: Option<&AssessmentRow>,
        new: Written<'_>,
    ) -> QueryResult<usize>;
}

/// Defines where one kind of assessment is kept (`$kind`: [`Kept`]): its table, its history table, the column
/// naming its subject, the statuses it may hold and whose it is. The same columns, one definition for both kinds.
macro_rules! kept_in {
    ($kind:ident, $table:ident, $history:ident, $subject:ident, $statuses:expr, $of:ident) => {
        pub(super) struct $kind;

        impl $kind {
            /// Its columns, in [`AssessmentRow`]'s order.
            pub(super) const COLUMNS: (
                $table::$subject,
                $table::year,
                $table::status,
                $table::text,
                $table::revision,
                $table::changed_by,
                $table::changed_at,
            ) = (
                $table::$subject,
                $table::year,
                $table::status,
                $table::text,
                $table::revision,
                $table::changed_by,
                $table::changed_at,
            );
        }

        impl Kept for $kind {
            const STATUSES: &'static [Status] = &$statuses;

            fn of(code: &str) -> Assessed {
                Assessed::$of(code.to_string())
            }

            fn current(
                conn: &mut DbConnection,
                subject: i32,
                year: i32,
            ) -> QueryResult<Option<AssessmentRow>> {
                $table::table
                    .filter($table::$subject.eq(subject))
                    .filter($table::year.eq(year))
                    .select(Self::COLUMNS)
                    .first(conn)
                    .optional()
            }

            fn insert(
                conn: &mut DbConnection,
                subject: i32,
                year: i32,
                new: Written<'_>,
            ) -> QueryResult<usize> {
                diesel::insert_into($table::table)
                    .values((
                        $table::$subject.eq(subject),
                        $table::year.eq(year),
                        $table::status.eq(new.status),
                        $table::text.eq(new.text),
                        $table::revision.eq(1),
                        $table::changed_by.eq(new.who),
                        $table::changed_at.eq(new.at),
                    ))
                    .execute(conn)
            }

            fn replace(
                conn: &mut DbConnection,
                (subject, year, seen): (i32, i32, i32),
                new: Written<'_>,
            ) -> QueryResult<usize> {
                diesel::update($table::table)
                    .filter($table::$subject.eq(subject))
                    .filter($table::year.eq(year))
                    .filter($table::revision.eq(seen))
                    .set((
                        $table::status.eq(new.status),
                        $table::text.eq(new.text),
                        $table::revision.eq(seen + 1),
                        $table::changed_by.eq(new.who),
                        $table::changed_at.eq(new.at),
                    ))
                    .execute(conn)
            }

            fn append(
                conn: &mut DbConnection,
                (subject, year, revision): (i32, i32, i32),
                old: Option<&AssessmentRow>,
                new: Written<'_>,
            ) -> QueryResult<usize> {
                diesel::insert_into($history::table)
                    .values((
                        $history::$subject.eq(subject),
                        $history::year.eq(year),
                        $history::revision.eq(revision),
                        $history::old_status.eq(old.map(|o| o.status.as_str())),
                        $history::old_text.eq(old.map(|o| o.text.as_str())),
                        $history::new_status.eq(new.status),
                        $history::new_text.eq(new.text),
                        $history::changed_by.eq(new.who),
                        $history::changed_at.eq(new.at),
                    ))
                    .execute(conn)
            }
        }
    };
}
pub(super) use kept_in;

kept_in!(
    Tasks,
    assessments,
    assessment_history,
    breakthrough_id,
    ASSESSMENT_STATUSES,
    Breakthrough
);

#[derive(Debug, thiserror::Error)]
pub enum AssessmentWriteError {
    /// The revision the writer saw is not the current one; carries the current assessment, if any.
    #[error("the assessment changed since it was read")]
    Stale { current: Option<Box<Assessment>> },
    #[error("no such breakthrough task or target")]
    NotFound,
    /// The year is locked: the lock in force.
    #[error("the year {} is locked", .0.year)]
    Locked(Box<crate::domain::year_lock::LockEvent>),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<diesel::result::Error> for AssessmentWriteError {
    fn from(e: diesel::result::Error) -> Self {
        AssessmentWriteError::Storage(e.into())
    }
}

/// Writes an assessment of the subject `id` (whose code is `code`) for a year: creates it (`expected` is
/// `None`) or replaces the revision the writer saw; the same status and text change nothing; a stale revision is
/// refused with the current assessment. Returns it and whether it was created.
pub(super) fn put_kept<K: Kept>(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    (id, code): (i32, &str),
    (year, new_status, text): (i32, Status, &str),
    expected: Option<i32>,
    who: &str,
) -> Result<(Assessment, bool), AssessmentWriteError> {
    let shown = |row: AssessmentRow| row.into_assessment(K::of(code), K::STATUSES);
    let stale = |row: Option<AssessmentRow>| AssessmentWriteError::Stale {
        current: row.and_then(|r| shown(r).ok()).map(Box::new),
    };
    let result = conn.transaction(|conn| {
        write_lock::lock_resolution(conn, stored.id)?;
        if let Some(lock) = super::year_locks::lock_in_force(conn, stored.id, &[year])? {
            return Err(AssessmentWriteError::Locked(Box::new(lock)));
        }
        let new = Written {
            status: new_status.as_str(),
            text,
            who,
            at: Utc::now().naive_utc(),
        };
        let old = K::current(conn, id, year)?;
        let (revision, created) = match (&old, expected) {
            (None, None) => {
                K::insert(conn, id, year, new)?;
                (1, true)
            }
            (Some(row), Some(seen)) if row.revision == seen => {
                if row.status == new.status && row.text == text {
                    let row = K::current(conn, id, year)?.ok_or(AssessmentWriteError::NotFound)?;
                    return Ok((shown(row)?, false));
                }
                if K::replace(conn, (id, year, seen), new)? == 0 {
                    return Err(stale(K::current(conn, id, year)?));
                }
                (seen + 1, false)
            }
            _ => return Err(stale(old)),
        };
        K::append(conn, (id, year, revision), old.as_ref(), new)?;
        let row = K::current(conn, id, year)?.ok_or(AssessmentWriteError::NotFound)?;
        Ok((shown(row)?, created))
    });
    match result {
        Err(AssessmentWriteError::Storage(StorageError::Query(
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ),
        ))) => Err(stale(K::current(conn, id, year)?)),
        other => other,
    }
}

/// Writes a task's assessment for a year (see [`put_kept`]).
pub fn put_assessment(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
    (year, status, text): (i32, Status, &str),
    expected: Option<i32>,
    who: &str,
) -> Result<(Assessment, bool), AssessmentWriteError> {
    let id = *stored
        .breakthrough_ids
        .get(code)
        .ok_or(AssessmentWriteError::NotFound)?;
    put_kept::<Tasks>(
        conn,
        stored,
        (id, code),
        (year, status, text),
        expected,
        who,
    )
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
        .select(Tasks::COLUMNS)
        .load(conn)?;
    rows.into_iter()
        .map(|r| r.into_assessment(Tasks::of(code), Tasks::STATUSES))
        .collect()
}

/// A task's assessment history, newest first: (year, revision, old status, new status, new text, who, when).
pub fn history(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
) -> Result<Vec<AssessmentChange>, StorageError> {
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
        .map(
            |(year, revision, old_status, old_text, new_status, new_text, changed_by, at)| {
                AssessmentChange {
                    year,
                    revision,
                    old_status,
                    old_text,
                    new_status,
                    new_text,
                    changed_by,
                    changed_at: at
                        .and_utc()
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                }
            },
        )
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
        .select(Tasks::COLUMNS)
        .load(conn)?;
    let mut latest = HashMap::new();
    for row in rows {
        if let Some(code) = codes.get(&row.subject) {
            let assessment = row.into_assessment(Tasks::of(code), Tasks::STATUSES)?;
            latest.insert((*code).to_string(), assessment);
        }
    }
    Ok(latest)
}

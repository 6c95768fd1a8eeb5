//! Corrections of a catalog's wording made on the pages, and their history: the write compares the words the
//! form was filled from with what is stored (a compare-and-set on the content: a correction someone else made
//! meanwhile is refused, not overwritten) and records each changed field with who and when.

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::{catalog_history, targets};
use super::{write_lock, DbConnection, StorageError, StoredCatalog};
use crate::domain::catalog::CountWords;
use crate::domain::catalog_edit::Wording;

/// One recorded correction.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = catalog_history)]
pub struct CatalogCorrection {
    pub entry: String,
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub changed_by: String,
    pub changed_at: NaiveDateTime,
}

#[derive(Debug, thiserror::Error)]
pub enum CorrectionError {
    /// The stored words are no longer those the form was filled from: theirs.
    #[error("the target's wording changed meanwhile")]
    Stale(Box<Wording>),
    #[error("no target {0}")]
    NotFound(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<diesel::result::Error> for CorrectionError {
    fn from(e: diesel::result::Error) -> Self {
        CorrectionError::Storage(e.into())
    }
}

type WordingRow = (String, String, String, String, String, CountsRow);
type CountsRow = (String, String, String, String);

fn wording(row: WordingRow) -> Wording {
    let counts = row.5;
    Wording {
        title_vi: row.0,
        title_en: row.1,
        source_text_vi: row.2,
        unit_vi: row.3,
        unit_en: row.4,
        counts: CountWords {
            numerator_vi: counts.0,
            numerator_en: counts.1,
            denominator_vi: counts.2,
            denominator_en: counts.3,
        },
    }
}

/// One history row: an entry's field, from `old` to `new`, by whom and when.
pub(super) fn record(
    conn: &mut DbConnection,
    resolution_id: i32,
    (entry, field): (&str, &str),
    (old, new): (&str, &str),
    (who, at): (&str, NaiveDateTime),
) -> Result<(), StorageError> {
    diesel::insert_into(catalog_history::table)
        .values((
            catalog_history::resolution_id.eq(resolution_id),
            catalog_history::entry.eq(entry),
            catalog_history::field.eq(field),
            catalog_history::old_value.eq(old),
            catalog_history::new_value.eq(new),
            catalog_history::changed_by.eq(who),
            catalog_history::changed_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Changes a target's words from `was` (what the form showed) to `now`, recording each changed field; how many
/// fields changed. Under the resolution's write lock, so two corrections cannot interleave.
pub fn correct_target(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
    was: &Wording,
    now: &Wording,
    who: &str,
) -> Result<usize, CorrectionError> {
    let id = stored
        .target_id(code)
        .ok_or_else(|| CorrectionError::NotFound(code.to_string()))?;
    conn.transaction(|conn| {
        write_lock::lock_resolution(conn, stored.id)?;
        let current = wording(
            targets::table
                .find(id)
                .select((
                    targets::title_vi,
                    targets::title_en,
                    targets::source_text_vi,
                    targets::unit_vi,
                    targets::unit_en,
                    (
                        targets::numerator_vi,
                        targets::numerator_en,
                        targets::denominator_vi,
                        targets::denominator_en,
                    ),
                ))
                .first::<WordingRow>(conn)?,
        );
        if &current != was {
            return Err(CorrectionError::Stale(Box::new(current)));
        }
        let changes = now.changes_from(&current);
        if changes.is_empty() {
            return Ok(0);
        }
        diesel::update(targets::table.find(id))
            .set((
                targets::title_vi.eq(&now.title_vi),
                targets::title_en.eq(&now.title_en),
                targets::source_text_vi.eq(&now.source_text_vi),
                targets::unit_vi.eq(&now.unit_vi),
                targets::unit_en.eq(&now.unit_en),
                targets::numerator_vi.eq(&now.counts.numerator_vi),
                targets::numerator_en.eq(&now.counts.numerator_en),
                targets::denominator_vi.eq(&now.counts.denominator_vi),
                targets::denominator_en.eq(&now.counts.denominator_en),
            ))
            .execute(conn)?;
        let (entry, at) = (format!("target {code}"), Utc::now().naive_utc());
        for (field, old, new) in &changes {
            record(conn, stored.id, (&entry, field), (old, new), (who, at))?;
        }
        Ok(changes.len())
    })
}

/// Records what a catalog file changed compared with what was stored: each changed field of each entry both
/// hold (added entries are recorded as from nothing), as `who` (the file's loader).
pub fn record_file_changes(
    conn: &mut DbConnection,
    resolution_id: i32,
    before: &crate::domain::Catalog,
    after: &crate::domain::Catalog,
    who: &str,
) -> Result<(), StorageError> {
    use std::collections::HashMap;
    let old: HashMap<String, HashMap<String, String>> = before
        .entry_texts()
        .into_iter()
        .map(|(entry, fields)| (entry, fields.into_iter().collect()))
        .collect();
    let at = Utc::now().naive_utc();
    for (entry, fields) in after.entry_texts() {
        let was = old.get(&entry);
        for (field, new) in fields {
            let old_value = was.and_then(|w| w.get(&field)).cloned().unwrap_or_default();
            if old_value == new {
                continue;
            }
            record(
                conn,
                resolution_id,
                (&entry, &field),
                (&old_value, &new),
                (who, at),
            )?;
        }
    }
    Ok(())
}

/// The latest corrections of a resolution's catalog, newest first.
pub fn recent(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    limit: i64,
) -> Result<Vec<CatalogCorrection>, StorageError> {
    Ok(catalog_history::table
        .filter(catalog_history::resolution_id.eq(stored.id))
        .order(catalog_history::id.desc())
        .limit(limit)
        .select(CatalogCorrection::as_select())
        .load(conn)?)
}

/// The corrections of one entry ("target T03"), newest first.
pub fn history_of(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    entry: &str,
) -> Result<Vec<CatalogCorrection>, StorageError> {
    Ok(catalog_history::table
        .filter(catalog_history::resolution_id.eq(stored.id))
        .filter(catalog_history::entry.eq(entry))
        .order(catalog_history::id.desc())
        .limit(500)
        .select(CatalogCorrection::as_select())
        .load(conn)?)
}

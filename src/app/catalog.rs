//! A resolution's catalog changed: a file loaded (`catalog load`), an entry added, corrected or retired on the
//! pages (checked as a file is, a compare-and-set on the catalog's fingerprint), a target's words corrected; each
//! change kept in the catalog's history.

use super::error::AppError;
use crate::domain::catalog::CatalogErrors;
use crate::domain::catalog_changes::CatalogChange;
use crate::domain::wording::Lang;
use crate::domain::Catalog;
use crate::storage::{catalog, catalog_edits, catalog_history, DbConnection, StoredCatalog};

pub use crate::domain::catalog_edit::Wording;
pub use crate::storage::catalog_edits::EditError;
pub use crate::storage::catalog_history::{CatalogCorrection, CorrectionError};

/// Loads or updates a catalog from a file, recording each changed field as `who`: what changed. A file that
/// does not pass the checks against the stored resolutions (a `continues` cycle) is refused.
pub fn load(
    conn: &mut DbConnection,
    file: &Catalog,
    who: &str,
) -> Result<Vec<CatalogChange>, EditError> {
    Ok(catalog::load_catalog_as(conn, file, who)?)
}

/// The latest `limit` changes of a resolution's catalog.
pub fn recent(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    limit: i64,
    lang: Lang,
) -> Result<Vec<CatalogCorrection>, AppError> {
    Ok(in_words(
        catalog_history::recent(conn, stored, limit)?,
        lang,
    ))
}

/// The changes with their fields and values said in the reader's words ("Loại: Đạt vào năm mục tiêu").
fn in_words(changes: Vec<CatalogCorrection>, lang: Lang) -> Vec<CatalogCorrection> {
    use super::catalog_boxes::{label, value_in_words};
    changes
        .into_iter()
        .map(|c| CatalogCorrection {
            old_value: value_in_words(&c.field, &c.old_value, lang),
            new_value: value_in_words(&c.field, &c.new_value, lang),
            field: match label(&c.field, lang) {
                "" => c.field,
                named => named.to_string(),
            },
            ..c
        })
        .collect()
}

/// The changes of one entry (`target T03`).
pub fn history_of(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    entry: &str,
    lang: Lang,
) -> Result<Vec<CatalogCorrection>, AppError> {
    Ok(in_words(
        catalog_history::history_of(conn, stored, entry)?,
        lang,
    ))
}

/// Saves an edit of a stored catalog made from the form filled from `fingerprint`, as `who`.
pub fn save_edit(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    fingerprint: &str,
    who: &str,
    edit: impl FnOnce(&Catalog) -> Result<Catalog, CatalogErrors>,
) -> Result<Catalog, EditError> {
    catalog_edits::save_edit(conn, stored, fingerprint, who, edit)
}

/// Creates a resolution made on the pages (its code must be new).
pub fn create_resolution(
    conn: &mut DbConnection,
    new: &Catalog,
    who: &str,
) -> Result<(), EditError> {
    catalog_edits::create_resolution(conn, new, who)
}

/// Corrects a target's words from `was` (what the form showed) to `now`: how many fields changed.
pub fn correct_target(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
    (was, now): (&Wording, &Wording),
    who: &str,
) -> Result<usize, CorrectionError> {
    catalog_history::correct_target(conn, stored, code, was, now, who)
}

//! A catalog edited on the pages: an entry added, corrected or retired (a compare-and-set on the catalog's
//! fingerprint, under the resolution's write lock, checked as `catalog load` checks a file), or a resolution
//! created; each change recorded in the catalog's history.

use chrono::Utc;
use diesel::prelude::*;

use super::catalog_history::record;
use super::stored_catalog::StoredCatalog;
use super::{write_lock, DbConnection, StorageError};

/// Why an edit of a catalog made on the pages was not saved.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The catalog changed after the form was filled (someone else saved, or a file was loaded).
    #[error("the catalog changed meanwhile")]
    Stale,
    /// The catalog with the edit does not pass the checks of `catalog load`.
    #[error("{0}")]
    Invalid(crate::domain::catalog::CatalogErrors),
    #[error(transparent)]
    Storage(StorageError),
}

impl From<StorageError> for EditError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::Catalog(errors) => EditError::Invalid(errors),
            other => EditError::Storage(other),
        }
    }
}

impl From<diesel::result::Error> for EditError {
    fn from(e: diesel::result::Error) -> Self {
        EditError::Storage(e.into())
    }
}

/// Saves an edit of a stored resolution's catalog, as `who`. Under the resolution's write lock the catalog is
/// read again and must still be the one the form was filled from (its `fingerprint`; a compare-and-set on the
/// whole catalog); `edit` makes the new catalog from it, checked as `catalog load` checks a file; each changed
/// field goes into the catalog's history.
pub fn save_edit(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    fingerprint: &str,
    who: &str,
    edit: impl FnOnce(
        &crate::domain::Catalog,
    ) -> Result<crate::domain::Catalog, crate::domain::catalog::CatalogErrors>,
) -> Result<crate::domain::Catalog, EditError> {
    use crate::domain::catalog_form;
    conn.transaction(|conn| {
        write_lock::lock_resolution(conn, stored.id)?;
        let code = &stored.catalog.resolution.code;
        let current = super::catalog::read_catalog(conn, Some(code))?
            .ok_or_else(|| StorageError::Corrupt(format!("resolution {code} is gone")))?;
        if catalog_form::fingerprint(&current.catalog) != fingerprint {
            return Err(EditError::Stale);
        }
        let next = edit(&current.catalog).map_err(EditError::Invalid)?;
        super::catalog::load_catalog_as(conn, &next, who)?;
        Ok(next)
    })
}

/// Creates a resolution made on the pages (its code must be new), recording who created it.
pub fn create_resolution(
    conn: &mut DbConnection,
    catalog: &crate::domain::Catalog,
    who: &str,
) -> Result<(), EditError> {
    use crate::domain::catalog::{CatalogErrors, CatalogProblem};
    conn.transaction(|conn| {
        let code = &catalog.resolution.code;
        write_lock::lock_resolution_code(conn, code)?;
        if super::catalog::read_catalog(conn, Some(code))?.is_some() {
            return Err(EditError::Invalid(CatalogErrors(vec![CatalogProblem {
                entry: "resolution".into(),
                message: "duplicate code".into(),
                message_vi: "code: đã có nghị quyết mang mã này".into(),
            }])));
        }
        super::catalog::load_catalog_as(conn, catalog, who)?;
        let id: i32 = super::schema::resolutions::table
            .filter(super::schema::resolutions::code.eq(code))
            .select(super::schema::resolutions::id)
            .first(conn)?;
        record(
            conn,
            id,
            ("resolution", "code"),
            ("", code),
            (who, Utc::now().naive_utc()),
        )?;
        Ok(())
    })
}

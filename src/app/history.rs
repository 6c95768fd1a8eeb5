//! What changed: every change to a resolution's figures, newest first, with who, when and by which way.

use super::error::AppError;
use super::scope::{target_of, Scope};
use crate::domain::history::Change;
use crate::storage::{measurements, DbConnection, StoredCatalog};

/// Changes read, with the catalog that names their targets.
pub struct History {
    pub stored: StoredCatalog,
    pub changes: Vec<Change>,
}

/// The latest `limit` changes of the scope's resolution, or of one of its targets (404 naming an unknown one).
pub fn read(
    conn: &mut DbConnection,
    scope: &Scope,
    target: Option<&str>,
    limit: i64,
) -> Result<History, AppError> {
    let stored = scope.catalog(conn)?;
    if let Some(code) = target {
        target_of(&stored, code)?;
    }
    let changes = measurements::history(conn, &stored, target, limit)?;
    Ok(History { stored, changes })
}

//! Backups of a SQLite database while the server runs, and restoring one into an empty database.

pub use crate::storage::backup::BackupError;
use crate::storage::{backup, Database};

/// Writes a consistent copy of the database to `target` (a new file): its size in bytes.
pub fn backup(db: &Database, target: &std::path::Path) -> Result<u64, BackupError> {
    backup::backup(db, target)
}

/// Restores the backup `source` into `db` (which must hold nothing people entered): the figures restored.
pub fn restore(db: &Database, source: &std::path::Path) -> Result<i64, BackupError> {
    backup::restore(db, source)
}

//! Persistence: the schema, the two backends behind one connection type, and the queries.

pub mod accounts;
pub mod assessments;
pub mod backup;
pub mod catalog;
pub mod catalog_edits;
pub mod catalog_history;
pub mod changes;
mod connection;
pub mod figure_columns;
pub mod measurements;
pub mod rollup_totals;
pub mod schema;
pub mod signin_failures;
mod stored_catalog;
pub mod target_assessments;
pub mod units;
mod upsert;
pub mod write_lock;
pub mod year_locks;

use std::path::PathBuf;

pub use connection::{Backend, Database, DatabaseUrl, DbConnection, PoolUse, PooledDb};
pub use stored_catalog::StoredCatalog;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database.url {0:?} must start with sqlite:// (a file) or postgres:// (a server)")]
    BadUrl(String),
    #[error("cannot create the database folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot connect to the database: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("cannot open the database: {0}")]
    Connect(String),
    #[error("database migration failed: {0}")]
    Migration(String),
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    /// A catalog that passes its own checks but not those against the other stored resolutions (a `continues`
    /// link that comes back to where it started).
    #[error("{0}")]
    Catalog(crate::domain::catalog::CatalogErrors),
}

impl StorageError {
    /// Whether the database kept the caller waiting past its wait: another writer held SQLite's write lock or
    /// PostgreSQL's lock (`lock_timeout`), or no connection came free in time. Nothing was written; the same request may succeed later.
    pub fn is_busy(&self) -> bool {
        match self {
            StorageError::Pool(_) => true,
            StorageError::Query(diesel::result::Error::DatabaseError(_, info)) => {
                let message = info.message();
                message.contains("database is locked")
                    || message.contains("database is busy")
                    || message.contains("lock timeout")
            }
            _ => false,
        }
    }
}

//! One connection type over SQLite and PostgreSQL, chosen by the URL's scheme, pooled with r2d2.

use std::path::{Path, PathBuf};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, Pool, PooledConnection};
use diesel::{PgConnection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use super::StorageError;

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Where the data lives. SQLite would take any string as a file name, so the scheme decides, never a fallback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, StorageError> {
        let url = url.trim();
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            if path.is_empty() {
                return Err(StorageError::BadUrl(url.to_string()));
            }
            Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(url.to_string()))
        } else {
            Err(StorageError::BadUrl(url.to_string()))
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Sqlite(_) => Backend::Sqlite,
            DatabaseUrl::Postgres(_) => Backend::Postgres,
        }
    }
}

/// How long a writer waits for another unless configured: long enough for a province's 200,000-row import
/// ahead of it in the queue.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(60);

/// Opens connections for the pool, each set up for its backend.
#[derive(Debug)]
pub struct Connector {
    url: DatabaseUrl,
    /// How long a writer waits for another (SQLite's busy timeout, PostgreSQL's lock timeout).
    wait: Duration,
}

impl ManageConnection for Connector {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())
                    .map_err(r2d2::Error::ConnectionError)?;
                // The busy timeout makes a second writer wait instead of failing; foreign keys are off in SQLite
                // unless asked for. (WAL is set once per file, in `Database::open`.)
                let wait_ms = self.wait.as_millis();
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = {wait_ms}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
                ))
                .map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Sqlite(conn))
            }
            DatabaseUrl::Postgres(url) => {
                let mut conn =
                    PgConnection::establish(url).map_err(r2d2::Error::ConnectionError)?;
                // A writer waits for another's lock (the resolution's advisory lock) as long as on SQLite.
                let wait_ms = self.wait.as_millis();
                conn.batch_execute(&format!("SET lock_timeout = {wait_ms}"))
                    .map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Postgres(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

pub type PooledDb = PooledConnection<Connector>;

/// The pool's connections: open, idle among them, and the most it opens.
#[derive(Debug, Clone, Copy)]
pub struct PoolUse {
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

/// The pool, shared by the server's workers and the CLI.
#[derive(Clone)]
pub struct Database {
    pool: Pool<Connector>,
    backend: Backend,
}

impl Database {
    /// Opens the database at `url`, creating a SQLite file and its folder when missing; a writer waits up to
    /// [`DEFAULT_WAIT`] for another.
    pub fn open(url: &str, pool_size: u32) -> Result<Self, StorageError> {
        Self::open_waiting(url, pool_size, DEFAULT_WAIT)
    }

    /// Opens the database at `url` as [`Database::open`] does; a writer (and a request waiting for a connection)
    /// waits up to `wait` before it is answered [`StorageError::Busy`].
    pub fn open_waiting(url: &str, pool_size: u32, wait: Duration) -> Result<Self, StorageError> {
        let url = DatabaseUrl::parse(url)?;
        if let DatabaseUrl::Sqlite(path) = &url {
            create_parent(path)?;
            // WAL lets readers go on while one writer writes. It is a property of the file and needs an exclusive
            // lock to set, so it is set here once, not by each of the pool's connections opening at the same time.
            let mut conn = SqliteConnection::establish(&path.to_string_lossy())
                .map_err(|e| StorageError::Connect(e.to_string()))?;
            conn.batch_execute("PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL;")?;
        }
        let backend = url.backend();
        let pool = Pool::builder()
            .max_size(pool_size.max(1))
            .connection_timeout(wait)
            .build(Connector { url, wait })?;
        Ok(Database { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn conn(&self) -> Result<PooledDb, StorageError> {
        Ok(self.pool.get()?)
    }

    /// A connection if one is free within `wait` (a readiness probe answers sooner than a request waits).
    pub fn conn_within(&self, wait: Duration) -> Result<PooledDb, StorageError> {
        Ok(self.pool.get_timeout(wait)?)
    }

    /// How the pool is used now.
    pub fn pool_use(&self) -> PoolUse {
        let state = self.pool.state();
        PoolUse {
            open: state.connections,
            idle: state.idle_connections,
            max: self.pool.max_size(),
        }
    }

    /// Applies the pending migrations; returns their versions.
    pub fn migrate(&self) -> Result<Vec<String>, StorageError> {
        let mut conn = self.conn()?;
        let applied = match &mut *conn {
            DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(versions),
            DbConnection::Postgres(c) => {
                c.run_pending_migrations(POSTGRES_MIGRATIONS).map(versions)
            }
        };
        applied.map_err(|e| StorageError::Migration(e.to_string()))
    }

    /// Reverts every migration (the down scripts), newest first.
    pub fn revert_all(&self) -> Result<Vec<String>, StorageError> {
        let mut conn = self.conn()?;
        let reverted = match &mut *conn {
            DbConnection::Sqlite(c) => c.revert_all_migrations(SQLITE_MIGRATIONS).map(versions),
            DbConnection::Postgres(c) => c.revert_all_migrations(POSTGRES_MIGRATIONS).map(versions),
        };
        reverted.map_err(|e| StorageError::Migration(e.to_string()))
    }
}

fn versions(list: Vec<diesel::migration::MigrationVersion<'_>>) -> Vec<String> {
    list.iter().map(ToString::to_string).collect()
}

fn create_parent(path: &Path) -> Result<(), StorageError> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            std::fs::create_dir_all(dir).map_err(|source| StorageError::Folder {
                path: dir.to_path_buf(),
                source,
            })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_picks_the_backend() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/tracker.db").ok(),
            Some(DatabaseUrl::Sqlite("data/tracker.db".into()))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///tmp/x.db").ok(),
            Some(DatabaseUrl::Sqlite("/tmp/x.db".into()))
        );
        assert_eq!(
            DatabaseUrl::parse("postgres://postgres@127.0.0.1/test")
                .map(|u| u.backend())
                .ok(),
            Some(Backend::Postgres)
        );
        assert!(DatabaseUrl::parse("data/tracker.db").is_err());
        assert!(DatabaseUrl::parse("mysql://x").is_err());
    }
}

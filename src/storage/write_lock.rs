//! One writer at a time per resolution, on both backends.
//!
//! Every write of figures or assessments (a PUT, a DELETE, a form, an import) reads what is stored, decides, and
//! writes, all in one transaction that starts by taking this lock. Writers of one resolution therefore follow
//! each other: each reads what the one before it committed, so a stale revision is always seen and refused, and
//! two creators of the same figure never collide. Readers are never blocked (WAL on SQLite, MVCC on PostgreSQL).
//!
//! - SQLite: a no-op `UPDATE` as the transaction's first statement takes the database's write lock at once (a
//!   second writer then waits for the busy timeout instead of failing when it upgrades a read to a write).
//! - PostgreSQL: a transaction-scoped advisory lock on (a constant for this application, the resolution's id),
//!   released at commit or rollback. Row locks alone would not do: a figure that does not exist yet has no row
//!   to lock.

use diesel::RunQueryDsl;

use super::{DbConnection, StorageError};

/// The first key of the advisory lock: "RT" in ASCII, so the lock is told apart from any other application's.
const ADVISORY_SPACE: i32 = 0x5254;

/// Takes the write lock of one resolution's figures and assessments until the surrounding transaction ends.
/// Call it first in the transaction, before anything is read.
pub fn lock_resolution(conn: &mut DbConnection, resolution_id: i32) -> Result<(), StorageError> {
    let statement = match conn {
        DbConnection::Sqlite(_) => "UPDATE resolutions SET id = id WHERE id = -1".to_string(),
        DbConnection::Postgres(_) => {
            format!("SELECT pg_advisory_xact_lock({ADVISORY_SPACE}, {resolution_id})")
        }
    };
    diesel::sql_query(statement).execute(conn)?;
    Ok(())
}

/// Takes the write lock of the resolution with this code (of a resolution not stored yet: the lock of creating
/// one), as [`lock_resolution`] does: a catalog load of a resolution and an import into it follow each other.
/// One statement, so that on SQLite nothing is read before the lock.
pub fn lock_resolution_code(conn: &mut DbConnection, code: &str) -> Result<(), StorageError> {
    use diesel::sql_types::Text;
    match conn {
        DbConnection::Sqlite(_) => {
            diesel::sql_query("UPDATE resolutions SET id = id WHERE id = -1").execute(conn)?;
        }
        DbConnection::Postgres(_) => {
            diesel::sql_query(format!(
                "SELECT pg_advisory_xact_lock({ADVISORY_SPACE}, \
                 COALESCE((SELECT id FROM resolutions WHERE code = $1), 0))"
            ))
            .bind::<Text, _>(code)
            .execute(conn)?;
        }
    }
    Ok(())
}

//! Backups of a SQLite database, and restoring one into an empty database. PostgreSQL has its own tools
//! (`pg_dump`, `pg_restore`), which the messages point to.
//!
//! A backup is `VACUUM INTO`: one consistent snapshot of the whole file, taken while the server goes on
//! reading and writing (WAL), written as a compact, self-contained SQLite file. A restore brings a copy of the
//! backup up to this version's migrations, then copies every table into the target in one transaction, so a
//! reader sees either the empty database or the whole restored one.

use std::path::Path;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::{Backend, Database, DbConnection, StorageError};

/// The tables, parents before children (the order rows are copied in; deleted in reverse).
const TABLES: [&str; 18] = [
    "resolutions",
    "target_groups",
    "breakthroughs",
    "targets",
    "units",
    "measurements",
    "measurement_history",
    "rollup_totals",
    "assessments",
    "assessment_history",
    "target_assessments",
    "target_assessment_history",
    "catalog_history",
    "year_locks",
    "users",
    "sessions",
    "api_tokens",
    "app_secrets",
];

/// What a database must not hold to be restored into: anything entered by people (a catalog loaded at start
/// is replaced).
const ENTERED: [&str; 4] = [
    "measurements",
    "measurement_history",
    "assessments",
    "users",
];

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "a PostgreSQL database is backed up with PostgreSQL's own tools: pg_dump --format=custom --file=FILE \
         DATABASE_URL, and restored with pg_restore --dbname=DATABASE_URL FILE"
    )]
    Postgres,
    #[error("{0} exists already: a backup never overwrites a file")]
    Exists(String),
    #[error("{0} is not a backup of this tracker: {1}")]
    NotABackup(String, String),
    #[error(
        "the database is not empty ({0} holds rows): restore only into an empty database (a new file)"
    )]
    NotEmpty(&'static str),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<diesel::result::Error> for BackupError {
    fn from(e: diesel::result::Error) -> Self {
        BackupError::Storage(e.into())
    }
}

fn sql_string(path: &Path) -> String {
    format!("'{}'", path.to_string_lossy().replace('\'', "''"))
}

/// Writes a consistent copy of the database to `target` (a new file); returns its size in bytes.
pub fn backup(db: &Database, target: &Path) -> Result<u64, BackupError> {
    if db.backend() == Backend::Postgres {
        return Err(BackupError::Postgres);
    }
    if target.exists() {
        return Err(BackupError::Exists(target.display().to_string()));
    }
    let mut conn = db.conn()?;
    conn.batch_execute(&format!("VACUUM INTO {}", sql_string(target)))
        .map_err(StorageError::from)?;
    Ok(std::fs::metadata(target).map(|m| m.len()).unwrap_or(0))
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn rows_in(conn: &mut DbConnection, table: &str) -> Result<i64, StorageError> {
    let counts: Vec<Count> =
        diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}")).load(conn)?;
    Ok(counts.first().map_or(0, |c| c.n))
}

/// Restores the backup `source` into `db`, which must hold nothing people entered; returns the figures restored.
pub fn restore(db: &Database, source: &Path) -> Result<i64, BackupError> {
    let shown = source.display().to_string();
    let not_a_backup = |why: String| BackupError::NotABackup(shown.clone(), why);
    if !source.is_file() {
        return Err(not_a_backup("no such file".into()));
    }
    // The backup is brought up to this version's migrations in a copy, never in place.
    let work = temporary_file().map_err(|e| not_a_backup(e.to_string()))?;
    std::fs::copy(source, work.path()).map_err(|e| not_a_backup(e.to_string()))?;
    let copy = Database::open(&format!("sqlite://{}", work.path().display()), 1)?;
    {
        let mut conn = copy.conn()?;
        let check: Vec<Integrity> = diesel::sql_query("PRAGMA integrity_check")
            .load(&mut *conn)
            .map_err(|e| not_a_backup(e.to_string()))?;
        if check.first().map(|c| c.integrity_check.as_str()) != Some("ok") {
            return Err(not_a_backup(
                "the file is damaged (integrity check failed)".into(),
            ));
        }
        rows_in(&mut conn, "resolutions").map_err(|e| not_a_backup(e.to_string()))?;
    }
    copy.migrate().map_err(|e| not_a_backup(e.to_string()))?;

    db.migrate()?;
    let mut conn = db.conn()?;
    for table in ENTERED {
        if rows_in(&mut conn, table)? > 0 {
            return Err(BackupError::NotEmpty(table));
        }
    }
    if db.backend() == Backend::Postgres {
        // An office that began on SQLite moves up with its history.
        if let Err(why) = check_against_this_version(work.path()) {
            return Err(not_a_backup(why));
        }
        let mut from = copy.conn()?;
        return into_postgres(&mut from, &mut conn).map_err(|e| match e {
            BackupError::Storage(e) => not_a_backup(e.to_string()),
            other => other,
        });
    }
    drop(copy);
    conn.batch_execute(&format!(
        "ATTACH DATABASE {} AS backup",
        sql_string(work.path())
    ))
    .map_err(StorageError::from)?;
    if let Err(why) = check_tables(&mut conn) {
        let _ = conn.batch_execute("DETACH DATABASE backup");
        return Err(not_a_backup(why));
    }
    let copied = conn.transaction(|conn| -> Result<i64, BackupError> {
        for table in TABLES.iter().rev() {
            conn.batch_execute(&format!("DELETE FROM main.{table}"))
                .map_err(StorageError::from)?;
        }
        for table in TABLES {
            // By name, not by position: a backup's columns may be in another order.
            let names: Vec<String> = columns(conn, "main", table)
                .map_err(|why| not_a_backup(why.clone()))?
                .into_iter()
                .map(|c| format!("\"{}\"", c.name))
                .collect();
            let names = names.join(", ");
            conn.batch_execute(&format!(
                "INSERT INTO main.{table} ({names}) SELECT {names} FROM backup.{table}"
            ))
            .map_err(StorageError::from)?;
        }
        Ok(rows_in(conn, "main.measurements")?)
    });
    let detached = conn.batch_execute("DETACH DATABASE backup");
    let copied = copied?;
    detached.map_err(StorageError::from)?;
    Ok(copied)
}

/// The checks of [`check_tables`] on the SQLite file `path`, against an empty database of this version.
fn check_against_this_version(path: &Path) -> Result<(), String> {
    let reference = temporary_file().map_err(|e| e.to_string())?;
    let db = Database::open(&format!("sqlite://{}", reference.path().display()), 1)
        .map_err(|e| e.to_string())?;
    db.migrate().map_err(|e| e.to_string())?;
    let mut conn = db.conn().map_err(|e| e.to_string())?;
    conn.batch_execute(&format!("ATTACH DATABASE {} AS backup", sql_string(path)))
        .map_err(|e| e.to_string())?;
    let checked = check_tables(&mut conn);
    let _ = conn.batch_execute("DETACH DATABASE backup");
    checked
}

/// Rows copied to PostgreSQL at a time (a few megabytes of JSON).
const BATCH: usize = 2_000;

#[derive(QueryableByName)]
struct Rows {
    #[diesel(sql_type = diesel::sql_types::Text)]
    rows: String,
}

/// Copies every table of the SQLite database `from` (migrated to this version, its values checked) into the
/// PostgreSQL database `to` in one transaction, by column name, as JSON that PostgreSQL reads back into each
/// column's type; then moves each table's id sequence past the rows copied. Returns the figures copied.
fn into_postgres(from: &mut DbConnection, to: &mut DbConnection) -> Result<i64, BackupError> {
    to.transaction(|to| -> Result<i64, BackupError> {
        for table in TABLES.iter().rev() {
            to.batch_execute(&format!("DELETE FROM {table}"))
                .map_err(StorageError::from)?;
        }
        for table in TABLES {
            let names: Vec<String> = columns(from, "main", table)
                .map_err(StorageError::Corrupt)?
                .into_iter()
                .map(|c| c.name)
                .collect();
            let quoted = names
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ");
            let pairs = names
                .iter()
                .map(|n| format!("'{n}', \"{n}\""))
                .collect::<Vec<_>>()
                .join(", ");
            for batch in 0.. {
                let read = format!(
                    "SELECT json_group_array(json_object({pairs})) AS rows FROM \
                     (SELECT * FROM {table} ORDER BY rowid LIMIT {BATCH} OFFSET {})",
                    batch * BATCH
                );
                let rows: Rows = diesel::sql_query(read)
                    .get_result(from)
                    .map_err(StorageError::from)?;
                if rows.rows == "[]" {
                    break;
                }
                diesel::sql_query(format!(
                    "INSERT INTO {table} ({quoted}) SELECT {quoted} \
                     FROM json_populate_recordset(NULL::{table}, $1::json)"
                ))
                .bind::<diesel::sql_types::Text, _>(rows.rows)
                .execute(to)
                .map_err(|e| StorageError::Corrupt(format!("table {table}: {e}")))?;
            }
            if names.iter().any(|n| n == "id") {
                to.batch_execute(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                ))
                .map_err(StorageError::from)?;
            }
        }
        Ok(rows_in(to, "measurements")?)
    })
}

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    r#type: String,
}

fn columns(conn: &mut DbConnection, schema: &str, table: &str) -> Result<Vec<Column>, String> {
    diesel::sql_query(format!("PRAGMA {schema}.table_info({table})"))
        .load(conn)
        .map_err(|e| format!("table {table}: {e}"))
}

/// What SQLite would let a tampered backup hold and the tracker could not read back: a table whose columns are
/// not this version's, text where a number, a yes/no or a date belongs (SQLite stores any value in any column;
/// read back as a number, 'abc' would become 0). Said plainly, naming the table and column.
fn check_tables(conn: &mut DbConnection) -> Result<(), String> {
    for table in TABLES {
        let ours = columns(conn, "main", table)?;
        let theirs = columns(conn, "backup", table)?;
        let names = |cols: &[Column]| {
            let mut n: Vec<String> = cols.iter().map(|c| c.name.clone()).collect();
            n.sort();
            n
        };
        if names(&ours) != names(&theirs) {
            let extra: Vec<String> = names(&theirs)
                .into_iter()
                .filter(|n| !ours.iter().any(|c| &c.name == n))
                .collect();
            let missing: Vec<String> = names(&ours)
                .into_iter()
                .filter(|n| !theirs.iter().any(|c| &c.name == n))
                .collect();
            return Err(format!(
                "its table {table} has other columns than this version's (unknown: {}; missing: {})",
                list_or_none(&extra),
                list_or_none(&missing)
            ));
        }
        for column in &ours {
            let declared = column.r#type.to_ascii_uppercase();
            let allowed = if declared.contains("INT") || declared.contains("BOOL") {
                "typeof({c}) NOT IN ('integer', 'null')"
            } else if declared.contains("DOUBLE") || declared.contains("REAL") {
                "typeof({c}) NOT IN ('integer', 'real', 'null')"
            } else if declared.contains("TIMESTAMP") || declared.contains("DATE") {
                "{c} IS NOT NULL AND (typeof({c}) <> 'text' OR julianday({c}) IS NULL)"
            } else {
                "typeof({c}) NOT IN ('text', 'null')"
            };
            let name = format!("\"{}\"", column.name.replace('"', "\"\""));
            let wrong = allowed.replace("{c}", &name);
            let bad = rows_in(conn, &format!("backup.{table} WHERE {wrong}"))
                .map_err(|e| format!("table {table}: {e}"))?;
            if bad > 0 {
                return Err(format!(
                    "its table {table}, column {}, holds {bad} values of the wrong kind (a {} column)",
                    column.name,
                    declared.to_lowercase()
                ));
            }
        }
    }
    Ok(())
}

fn list_or_none(names: &[String]) -> String {
    match names.is_empty() {
        true => "none".into(),
        false => names.join(", "),
    }
}

#[derive(QueryableByName)]
struct Integrity {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

/// A temporary file in the system's temporary folder, removed when dropped.
fn temporary_file() -> std::io::Result<TempFile> {
    let name = format!(
        "resolution-tracker-restore-{}-{}.db",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
    );
    Ok(TempFile(std::env::temp_dir().join(name)))
}

struct TempFile(std::path::PathBuf);

impl TempFile {
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tables a backup leaves out: what only matters for minutes (failed sign-ins).
    const TRANSIENT: [&str; 1] = ["signin_failures"];

    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }

    /// A table added by a migration and forgotten here would be lost by every restore.
    #[test]
    fn every_table_is_copied_or_named_transient() {
        let dir = tempfile::tempdir().expect("a folder");
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let db = Database::open(&url, 1).expect("open");
        db.migrate().expect("migrate");
        let mut conn = db.conn().expect("a connection");
        let tables: Vec<Name> = diesel::sql_query(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name <> '__diesel_schema_migrations' ORDER BY name",
        )
        .load(&mut *conn)
        .expect("the tables");
        let mut listed: Vec<&str> = TABLES.iter().chain(&TRANSIENT).copied().collect();
        listed.sort_unstable();
        let found: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(found, listed);
    }
}

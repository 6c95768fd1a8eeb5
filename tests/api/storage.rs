//! Migrations up, down and up again on both backends; TLS to PostgreSQL.

use diesel::prelude::*;
use diesel::sql_types::Bool;
use resolution_tracker::storage::{catalog, Database, DbConnection};

use crate::helpers::{Backend, TestDb};

fn migrations_go_up_down_and_up_again(backend: Backend) {
    let Some(test_db) = TestDb::new(backend) else {
        return;
    };
    let db = Database::open(&test_db.url, 2).expect("open");
    assert_eq!(db.migrate().expect("up").len(), 19);
    assert!(
        db.migrate().expect("up again").is_empty(),
        "nothing pending the second time"
    );
    assert_eq!(db.revert_all().expect("down").len(), 19);
    assert!(
        catalog::list_resolutions(&mut db.conn().expect("conn")).is_err(),
        "tables are gone"
    );
    assert_eq!(db.migrate().expect("up after down").len(), 19);
    assert!(catalog::list_resolutions(&mut db.conn().expect("conn"))
        .expect("tables are back")
        .is_empty());
}

#[test]
fn a_sqlite_file_and_its_folder_are_created() {
    let Some(test_db) = TestDb::new(Backend::Sqlite) else {
        return;
    };
    let path = test_db.dir.path().join("new/folder/tracker.db");
    let db = Database::open(&format!("sqlite://{}", path.display()), 2).expect("open");
    db.migrate().expect("migrate");
    assert!(path.exists());
}

#[derive(QueryableByName)]
struct Ssl {
    #[diesel(sql_type = Bool)]
    ssl: bool,
}

#[test]
fn postgres_over_tls_with_sslmode_require() {
    let Some(test_db) = TestDb::new(Backend::Postgres) else {
        return;
    };
    let url = format!("{}?sslmode=require", test_db.url);
    let db = Database::open(&url, 1).expect("open with sslmode=require");
    db.migrate().expect("migrate over TLS");
    let mut conn = db.conn().expect("a TLS connection");
    let DbConnection::Postgres(pg) = &mut *conn else {
        panic!("a postgres:// URL gives a PostgreSQL connection")
    };
    let row: Ssl = diesel::sql_query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .get_result(pg)
        .expect("query");
    assert!(row.ssl, "the connection is encrypted");
}

crate::on_both_backends!(migrations_go_up_down_and_up_again);

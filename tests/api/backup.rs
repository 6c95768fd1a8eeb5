//! `backup` while writers write, and `restore` into an empty database: the copy is consistent.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde_json::json;

use crate::helpers::{
    assert_contains, assert_history_consistent, run_cli, Backend, TestApp, TestDb,
};

fn a_backup_taken_during_writes_restores_consistently(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let target = app.db.dir.path().join("backup.db");
    let target = target.to_str().expect("path").to_string();
    if backend == Backend::Postgres {
        let out = app.cli(&["backup", &target]);
        assert_eq!(out.code, 1);
        assert_contains(&out.stderr, "pg_dump");
        return;
    }
    let who = app.statistician_token("thongke");
    let commune = app.put_figure(
        &who,
        "T15/measurements/2023/official?unit=cao-an",
        &json!({"value": 12}),
    );
    assert_eq!(commune.status, 201, "{}", commune.body);
    let app = Arc::new(app);
    let done = Arc::new(AtomicBool::new(false));
    // The writer says when it has written ten revisions; the backup is taken while it goes on writing.
    let (written, ten_written) = std::sync::mpsc::channel();
    let writer = {
        let (app, who, done) = (app.clone(), who.clone(), done.clone());
        std::thread::spawn(move || {
            let mut revision = None;
            for i in 0..400 {
                if i == 10 {
                    let _ = written.send(());
                }
                if done.load(Ordering::SeqCst) && i > 20 {
                    break;
                }
                let mut body = json!({"value": 80.0 + f64::from(i % 100) / 10.0});
                if let Some(r) = revision {
                    body["revision"] = json!(r);
                }
                let reply = app.put_figure(&who, "T05/measurements/2024/official", &body);
                assert!(reply.status < 300, "{}", reply.body);
                revision = reply.json()["revision"].as_i64();
            }
        })
    };
    ten_written.recv().expect("the writer wrote ten revisions");
    let out = app.cli(&["backup", &target]);
    done.store(true, Ordering::SeqCst);
    writer.join().expect("writer");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(app.cli(&["backup", &target]).code, 1, "never overwrites");

    let fresh = TestDb::new(Backend::Sqlite).expect("sqlite");
    let out = run_cli(&fresh.url, &["restore", &target]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let again = run_cli(&fresh.url, &["restore", &target]);
    assert_eq!(again.code, 1, "only into an empty database");
    assert_contains(&again.stderr, "not empty");
    let restored = TestApp::spawn_on(fresh, |_| {});
    let t05 = restored.get_json("/api/v1/targets/T05");
    assert!(
        t05["measurements"][0]["revision"].as_i64() >= Some(10),
        "the backup holds the ten writes made before it: {t05}"
    );
    assert_history_consistent(&restored, "T05");
    assert!(restored.get("/api/v1/dashboard?as_of=2024").status == 200);
    // The commune's figure and the roll-up totals kept from it came back.
    let board = restored.get_json("/api/v1/dashboard?as_of=2023");
    let t15 = board["targets"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["code"] == "T15"))
        .expect("T15");
    let y2023 = t15["progress"]["rollup_years"]
        .as_array()
        .and_then(|y| y.iter().find(|y| y["year"] == 2023))
        .expect("2023");
    assert_eq!(y2023["units_reported"], 1);
    assert_eq!(y2023["rollup_value"], 12.0);
}

/// A backup altered by hand (text in a number's column, a column this version does not have) is refused naming
/// the table and column, and the database restored into stays empty.
#[test]
fn a_tampered_backup_is_refused_naming_what_is_wrong() {
    use diesel::connection::SimpleConnection;
    use diesel::Connection;
    let Some(app) = TestApp::spawn(Backend::Sqlite) else {
        return;
    };
    let who = app.statistician_token("thongke");
    let put = app.put_figure(
        &who,
        "T05/measurements/2024/official",
        &json!({"value": 91}),
    );
    assert_eq!(put.status, 201, "{}", put.body);
    let tamper = |name: &str, sql: &str| {
        let path = app.db.dir.path().join(name);
        let out = app.cli(&["backup", path.to_str().expect("path")]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let mut conn = diesel::SqliteConnection::establish(path.to_str().expect("path"))
            .expect("open the backup");
        conn.batch_execute(sql).expect("tamper");
        path
    };
    let text_in_number = tamper("abc.db", "UPDATE measurements SET value = 'abc'");
    let extra_column = tamper("extra.db", "ALTER TABLE measurements ADD COLUMN extra TEXT");
    for (file, said) in [
        (
            text_in_number,
            "its table measurements, column value, holds 1 values of the wrong kind (a double column)",
        ),
        (
            extra_column,
            "its table measurements has other columns than this version's (unknown: extra; missing: none)",
        ),
    ] {
        // Refused alike into SQLite and into PostgreSQL (where PostgreSQL is configured).
        for backend in [Backend::Sqlite, Backend::Postgres] {
            let Some(fresh) = TestDb::new(backend) else {
                continue;
            };
            let out = run_cli(&fresh.url, &["restore", file.to_str().expect("path")]);
            assert_eq!(out.code, 1, "{}", out.stdout);
            assert_contains(&out.stderr, said);
            let restored = TestApp::spawn_on(fresh, |_| {});
            assert_eq!(
                restored.get_json("/api/v1/targets/T05")["measurements"],
                json!([]),
                "nothing restored"
            );
        }
    }
}

crate::on_both_backends!(a_backup_taken_during_writes_restores_consistently);

/// An office that began on SQLite moves to PostgreSQL: `restore` of its SQLite backup into an empty PostgreSQL
/// database brings every figure, its history, the committee's assessments and the accounts (a token keeps
/// working), and new writes go on from there.
#[test]
fn a_sqlite_office_moves_to_postgres_with_its_history() {
    let Some(office) = TestApp::spawn(Backend::Sqlite) else {
        return;
    };
    let Some(province) = TestDb::new(Backend::Postgres) else {
        return;
    };
    let who = office.statistician_token("thongke");
    office.create_figure(&who, "T01/measurements/2023/official", 77.7);
    let corrected = office.put_figure(
        &who,
        "T01/measurements/2023/official",
        &json!({"value": 77.9, "revision": 1}),
    );
    assert_eq!(corrected.status, 200, "{}", corrected.body);
    let commune = office.put_figure(
        &who,
        "T15/measurements/2023/official?unit=cao-an",
        &json!({"value": 12}),
    );
    assert_eq!(commune.status, 201, "{}", commune.body);
    office.add_user("bithu", "approver", "mật-khẩu-đủ-dài");
    let approver = crate::helpers::Credentials::Token(office.token("bithu"));
    let assessed = office.send(
        &approver,
        "PUT",
        "/api/v1/targets/T01/assessments/2023",
        Some((
            "application/json",
            &json!({"status": "on_track", "text": "Đúng hướng — thu nhập tăng đều"}).to_string(),
        )),
    );
    assert_eq!(assessed.status, 201, "{}", assessed.body);
    let file = office.db.dir.path().join("office.db");
    let file = file.to_str().expect("path").to_string();
    let out = office.cli(&["backup", &file]);
    assert_eq!(out.code, 0, "{}", out.stderr);

    let out = run_cli(&province.url, &["restore", &file]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_contains(&out.stdout, "restored (2 figures)");
    let moved = TestApp::spawn_on(province, |_| {});
    assert_eq!(moved.export_csv(), office.export_csv());
    for path in [
        "/api/v1/targets/T01/history",
        "/api/v1/targets/T01/assessments",
        "/api/v1/history",
    ] {
        assert_eq!(moved.get_json(path), office.get_json(path), "{path}");
    }
    let t01 = moved.get_json("/api/v1/targets/T01/assessments");
    assert_eq!(t01[0]["text"], "Đúng hướng — thu nhập tăng đều");
    // The statistician's token works on the new database, and a new figure takes the next ids.
    moved.create_figure(&who, "T02/measurements/2023/official", 640.0);
    let next = moved.put_figure(
        &who,
        "T01/measurements/2023/official",
        &json!({"value": 78.0, "revision": 2}),
    );
    assert_eq!(next.status, 200, "{}", next.body);
    assert_history_consistent(&moved, "T01");
    assert_eq!(
        moved
            .get_json("/api/v1/targets/T01/history")
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    // Restoring again into the now used database is refused.
    let again = run_cli(&moved.db.url, &["restore", &file]);
    assert_eq!(again.code, 1);
    assert_contains(&again.stderr, "not empty");
}

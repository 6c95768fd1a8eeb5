//! Every stable error code of the API's error shape, each produced by one request a client could send, with
//! its status and (where there is one) the field it names. `bad_request` is the code of a client error the HTTP
//! framework answers without a body of its own; no request of the tracker's routes reaches it (see
//! `src/web/error.rs`, whose unit test covers it).

use serde_json::json;

use crate::helpers::{Backend, Credentials, TestApp};

/// (status, code, field) of an error answer.
fn said(reply: &crate::helpers::Reply) -> (u16, String, Option<String>) {
    let error = reply.error();
    (
        reply.status,
        error["code"].as_str().unwrap_or("").to_string(),
        error["field"].as_str().map(str::to_string),
    )
}

fn expect(reply: &crate::helpers::Reply, status: u16, code: &str, field: Option<&str>) {
    assert_eq!(
        said(reply),
        (status, code.to_string(), field.map(str::to_string)),
        "{}",
        reply.body
    );
}

fn every_error_code_has_a_request_that_produces_it(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let figure = "/api/v1/targets/T05/measurements/2024/official";
    let json_body = |body: &str| Some(("application/json", body.to_string()));
    let send = |who: &Credentials, method: &str, path: &str, body: Option<(&str, String)>| {
        app.send(
            who,
            method,
            path,
            body.as_ref().map(|(t, b)| (*t, b.as_str())),
        )
    };

    let reply = app.get("/api/v1/dashboard?as_of=abc");
    expect(&reply, 400, "invalid_parameter", Some("as_of"));
    let reply = app.get("/api/v1/dashboard?resolution=a&resolution=b");
    expect(&reply, 400, "invalid_query", None);
    let reply = send(&who, "PUT", figure, json_body("{\"value\": "));
    expect(&reply, 400, "invalid_json", None);
    let form = TestApp::agent()
        .post(&app.url("/login"))
        .set("Accept", "application/json")
        .set("Content-Type", "text/plain")
        .send_string("name=x");
    expect(
        &crate::helpers::Reply::from(form),
        400,
        "invalid_form",
        None,
    );
    let reply = send(&who, "PUT", figure, json_body("{\"value\": 101}"));
    expect(&reply, 422, "invalid_value", Some("value"));
    let reply = send(
        &Credentials::Anonymous,
        "PUT",
        figure,
        json_body("{\"value\": 90}"),
    );
    expect(&reply, 401, "not_signed_in", None);
    let stranger = Credentials::Token("rt_not-a-token".into());
    let reply = send(&stranger, "PUT", figure, json_body("{\"value\": 90}"));
    expect(&reply, 401, "invalid_token", None);
    let (viewer, _) = app.session("nguoi.xem", "viewer");
    let reply = send(&viewer, "PUT", figure, json_body("{\"value\": 90}"));
    expect(&reply, 403, "forbidden", None);
    let Credentials::Session { cookie, .. } = app.sign_in("thongke", "mật-khẩu-đủ-dài")
    else {
        panic!("a session");
    };
    let forged = Credentials::Session {
        cookie,
        csrf: "not-the-token".into(),
    };
    let reply = send(&forged, "PUT", figure, json_body("{\"value\": 90}"));
    expect(&reply, 403, "csrf", None);
    let reply = app.get("/api/v1/targets/T99");
    expect(&reply, 404, "not_found", None);
    let reply = send(&who, "DELETE", "/api/v1/targets", None);
    expect(&reply, 405, "method_not_allowed", None);
    let created = send(&who, "PUT", figure, json_body("{\"value\": 90}"));
    assert_eq!(created.status, 201);
    let changed = send(
        &who,
        "PUT",
        figure,
        json_body("{\"value\": 91, \"revision\": 1}"),
    );
    assert_eq!(changed.status, 200);
    let reply = send(
        &who,
        "PUT",
        figure,
        json_body("{\"value\": 92, \"revision\": 1}"),
    );
    expect(&reply, 409, "stale_revision", Some("revision"));
    assert_eq!(reply.json()["current"]["value"], json!(91.0));
    let huge = format!("{{\"value\": 1, \"note\": \"{}\"}}", "x".repeat(2 << 20));
    let reply = send(&who, "PUT", figure, json_body(&huge));
    expect(&reply, 413, "too_large", None);
    let (admin, _) = app.session("quan.tri", "admin");
    let approve = |revision: i32| {
        json_body(&format!(
            "{{\"action\": \"approve\", \"revision\": {revision}}}"
        ))
    };
    let approval = format!("{figure}/approval");
    assert_eq!(send(&admin, "POST", &approval, approve(2)).status, 200);
    let reply = send(
        &who,
        "PUT",
        figure,
        json_body("{\"value\": 93, \"revision\": 3}"),
    );
    expect(&reply, 409, "figure_approved", None);
    let reply = send(&admin, "POST", &approval, approve(3));
    expect(&reply, 409, "approval_step", Some("action"));
    assert_eq!(send(&admin, "PUT", "/api/v1/locks/2024", None).status, 201);
    let locked = send(&who, "DELETE", &format!("{figure}?revision=3"), None);
    expect(&locked, 409, "year_locked", Some("year"));

    // A server failure: the figures' table gone from under the running server.
    drop_table(&app, "measurements");
    let reply = app.get("/api/v1/targets/T05");
    expect(&reply, 500, "internal_error", None);
    assert_eq!(
        reply.error()["message"],
        "the server failed; the error is in its log",
        "no database detail is shown"
    );
}

fn drop_table(app: &TestApp, table: &str) {
    use diesel::connection::SimpleConnection;
    use diesel::Connection;
    let sql = format!("DROP TABLE {table} CASCADE");
    if let Some(path) = app.db.url.strip_prefix("sqlite://") {
        let mut conn = diesel::SqliteConnection::establish(path).expect("the test's SQLite file");
        conn.batch_execute(&format!("PRAGMA foreign_keys = OFF; DROP TABLE {table}"))
            .expect("drop");
    } else {
        let mut conn = diesel::PgConnection::establish(&app.db.url).expect("the test's database");
        conn.batch_execute(&sql).expect("drop");
    }
}

/// A write kept waiting past `database.wait_seconds` by another writer (here a connection of the test's own that
/// holds the write lock: SQLite's, or PostgreSQL's advisory lock of every resolution) is answered 503 `busy` with
/// `Retry-After`, and changes nothing; once the other writer is done, the same write goes through.
fn a_write_kept_waiting_is_answered_busy_and_changes_nothing(backend: Backend) {
    use diesel::connection::SimpleConnection;
    use diesel::Connection;
    let Some(db) = crate::helpers::TestDb::new(backend) else {
        return;
    };
    let app = TestApp::spawn_on(db, |s| {
        s.database.wait_seconds =
            resolution_tracker::config::WaitSeconds::try_from(1).expect("1 second");
    });
    let who = app.statistician_token("thongke");
    let body = json!({"value": 91});
    let figure = "T05/measurements/2024/official";

    let holder: Box<dyn std::any::Any> = if let Some(path) = app.db.url.strip_prefix("sqlite://") {
        let mut conn = diesel::SqliteConnection::establish(path).expect("the test's SQLite file");
        conn.batch_execute("BEGIN IMMEDIATE")
            .expect("the write lock");
        Box::new(conn)
    } else {
        let mut conn = diesel::PgConnection::establish(&app.db.url).expect("the test's database");
        conn.batch_execute("SELECT pg_advisory_lock(21076, id) FROM resolutions")
            .expect("every resolution's write lock");
        Box::new(conn)
    };
    let reply = app.put_figure(&who, figure, &body);
    expect(&reply, 503, "busy", None);
    assert_eq!(reply.retry_after.as_deref(), Some("30"));
    drop(holder);

    let again = app.put_figure(&who, figure, &body);
    assert_eq!(
        again.status, 201,
        "created now, so nothing was written before: {}",
        again.body
    );
}

crate::on_both_backends!(
    every_error_code_has_a_request_that_produces_it,
    a_write_kept_waiting_is_answered_busy_and_changes_nothing
);

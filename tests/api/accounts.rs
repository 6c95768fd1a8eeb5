//! Accounts and the limits around them over HTTP, on both backends: a password reset and a role change take effect
//! at once, a session ends when it expires, the Secure cookie, the per-address sign-in limit and its expiry, the
//! form and multipart limits, text lengths, a retired target kept out of every write, the roll-up totals after a
//! catalog load, and no log line holding a password.

use serde_json::json;

use crate::helpers::{assert_contains, Backend, Credentials, ServerProcess, TestApp, TestDb};

const PASSWORD: &str = "mật-khẩu-đủ-dài";

fn csrf_of(session: &Credentials) -> String {
    match session {
        Credentials::Session { csrf, .. } => csrf.clone(),
        _ => String::new(),
    }
}

/// An administrator resets a password and changes a role on /admin/users: the old password and the sessions
/// signed in with it stop at once, the new one works, and the new role's limits hold for a running session.
fn a_password_reset_and_a_role_change_take_effect_at_once(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (admin, csrf) = app.session("quan.tri", "admin");
    app.add_user("thong.ke", "statistician", PASSWORD);
    let running = app.sign_in("thong.ke", PASSWORD);
    let reset = app.post_form(
        &admin,
        "/admin/users/thong.ke/password",
        &[("csrf", &csrf), ("password", "mật-khẩu-mới-dài-hơn")],
    );
    assert_eq!(reset.status, 303, "{}", reset.body);
    assert_eq!(
        app.login("thong.ke", PASSWORD).status,
        401,
        "the old password"
    );
    assert_eq!(app.login("thong.ke", "mật-khẩu-mới-dài-hơn").status, 303);

    let figure = "/api/v1/targets/T05/measurements/2024/official";
    let ended = app.put_json(&running, figure, "{\"value\": 90}");
    assert_eq!(
        ended.status, 401,
        "a reset ends the sessions of the old password"
    );
    let running = app.sign_in("thong.ke", "mật-khẩu-mới-dài-hơn");
    assert_eq!(
        app.put_json(&running, figure, "{\"value\": 90}").status,
        201
    );
    let demoted = app.post_form(
        &admin,
        "/admin/users/thong.ke/role",
        &[("csrf", &csrf), ("role", "viewer")],
    );
    assert_eq!(demoted.status, 303, "{}", demoted.body);
    let refused = app.put_json(&running, figure, "{\"value\": 91, \"revision\": 1}");
    assert_eq!(refused.status, 403, "the running session is a viewer's now");
    assert_eq!(
        app.get_json("/api/v1/targets/T05")["measurements"][0]["value"],
        90.0
    );
}

/// A session past its end is no session: the page sends to sign-in, the API answers 401.
fn an_expired_session_ends(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    app.add_user("thong.ke", "statistician", PASSWORD);
    let session = app.sign_in("thong.ke", PASSWORD);
    assert_eq!(
        app.send(&session, "GET", "/api/v1/session", None).status,
        200
    );
    expire_sessions(&app);
    assert_eq!(
        app.send(&session, "GET", "/api/v1/session", None).status,
        401
    );
    let page = app.send(&session, "GET", "/entry/2024", None);
    assert_eq!(page.status, 303, "to sign in");
    let _ = csrf_of(&session);
}

fn expire_sessions(app: &TestApp) {
    use diesel::connection::SimpleConnection;
    use diesel::Connection;
    let sql = "UPDATE sessions SET expires_at = '2000-01-01 00:00:00'";
    match app.db.url.strip_prefix("sqlite://") {
        Some(path) => diesel::SqliteConnection::establish(path)
            .expect("the test's file")
            .batch_execute(sql),
        None => diesel::PgConnection::establish(&app.db.url)
            .expect("the test's database")
            .batch_execute(sql),
    }
    .expect("sessions expired");
}

/// With `auth.secure_cookie` the session cookie is Secure; 20 failures from one address lock every name there
/// out, and the lock-out ends with its window (`auth.lockout_seconds`, 2 s here).
fn the_secure_cookie_and_the_per_address_limit(backend: Backend) {
    let Some(db) = TestDb::new(backend) else {
        return;
    };
    let app = TestApp::spawn_on(db, |s| {
        s.auth.secure_cookie = true;
        s.auth.lockout_seconds = 2.try_into().expect("2 s");
    });
    app.add_user("thong.ke", "statistician", PASSWORD);
    let signed = app.login("thong.ke", PASSWORD);
    let cookie = signed.set_cookie.expect("a session cookie");
    assert!(
        cookie.contains("Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    for i in 0..20 {
        assert_eq!(
            app.login(&format!("nguoi{i}"), "sai-mat-khau-1").status,
            401
        );
    }
    let locked = app.login("thong.ke", PASSWORD);
    assert_eq!(locked.status, 429, "the address is locked for every name");
    assert_contains(&locked.body, "Quá nhiều lần đăng nhập sai");
    // Waiting out the window (not timing anything): the address may sign in again.
    std::thread::sleep(std::time::Duration::from_millis(2_500));
    assert_eq!(app.login("thong.ke", PASSWORD).status, 303);
}

/// Forms over 4 MB get 413; a multipart form of more than 16 fields is refused naming the limit; a note over
/// 2,000 characters is refused naming `note`; nothing is written by any.
fn size_and_length_limits_hold(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (me, csrf) = app.session("thong.ke", "statistician");
    let huge = format!("csrf={csrf}&n_T01={}", "x".repeat(5 << 20));
    let reply = app.post_form_body(&me, "/entry/2024", &huge);
    assert_eq!(
        reply.status,
        413,
        "{}",
        &reply.body[..reply.body.len().min(300)]
    );

    let boundary = "b0undary";
    let mut body = String::new();
    for i in 0..17 {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\nx\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let reply = app.send(
        &me,
        "POST",
        "/api/v1/imports",
        Some((&format!("multipart/form-data; boundary={boundary}"), &body)),
    );
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_contains(&reply.body, "more than 16 fields");

    let long = json!({"value": 90, "note": "ghi chú ".repeat(300)}).to_string();
    let reply = app.put_json(&me, "/api/v1/targets/T05/measurements/2024/official", &long);
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert_eq!(reply.error()["field"], "note");
    assert_contains(&reply.body, "longer than 2000 characters");
    assert_eq!(app.get_json("/api/v1/targets/T01/history"), json!([]));
    assert_eq!(app.get_json("/api/v1/targets/T05/history"), json!([]));
}

/// A retired target takes no figure by the form, a file or the API.
fn a_retired_target_takes_no_figure(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (admin, admin_csrf) = app.session("quan.tri", "admin");
    let fingerprint = crate::helpers::catalog_fingerprint(&app, &admin);
    let retired = app.post_form(
        &admin,
        "/admin/catalog/retire/targets/T03",
        &[
            ("csrf", &admin_csrf),
            ("fingerprint", &fingerprint),
            ("retired", "1"),
            ("confirmed", "1"),
        ],
    );
    assert_eq!(retired.status, 303, "{}", retired.body);
    let (me, csrf) = app.session("thong.ke", "statistician");
    let form = app.post_form(
        &me,
        "/entry/2024",
        &[
            ("csrf", &csrf),
            ("v_T01_official", "80,6"),
            ("v_T03_official", "170"),
        ],
    );
    assert_eq!(form.status, 422, "{}", form.body);
    assert_contains(&form.body, "chỉ tiêu T03 không có trong biểu mẫu");
    let file = "target_code,year,quality,value,state,source,note\nT03,2024,official,170,,,\n";
    let import = app.import_csv(&me, file, false);
    assert_eq!(import.status, 422, "{}", import.body);
    assert_eq!(import.json()["errors"][0]["column"], "target_code");
    let put = app.put_json(
        &me,
        "/api/v1/targets/T03/measurements/2024/official",
        "{\"value\": 170}",
    );
    assert_eq!(put.status, 404);
    assert_eq!(
        app.get_json("/api/v1/targets/T01/history"),
        json!([]),
        "the form's other box was not saved either"
    );
}

/// A catalog load that changes which units are counted (a commune ends earlier) adds up the roll-up totals
/// again: the dashboard's coverage follows at once.
fn the_rollup_follows_a_catalog_load(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let mut file =
        "target_code,year,quality,value,state,source,note,unit_code,numerator,denominator\n"
            .to_string();
    // Every unit of 2023 but Thạch Lỗi.
    for unit in &crate::helpers::UNITS_2023[..16] {
        file.push_str(&format!("T06,2023,official,,,,,{unit},900,1000\n"));
    }
    assert_eq!(app.import_csv(&who, &file, false).status, 200);
    let year = |board: &serde_json::Value| {
        board["targets"]
            .as_array()
            .and_then(|t| t.iter().find(|t| t["code"] == "T06"))
            .and_then(|t| t["progress"]["rollup_years"].as_array().cloned())
            .and_then(|years| years.into_iter().find(|y| y["year"] == 2023))
            .expect("T06 2023")
    };
    let before = year(&app.get_json("/api/v1/dashboard?as_of=2023"));
    assert_eq!(
        (
            before["units_counted"].as_i64(),
            before["complete"].as_bool()
        ),
        (Some(17), Some(false))
    );
    // Thạch Lỗi, which had not reported, ended before 2023's counting day: the 16 that reported are all.
    let shipped = std::fs::read_to_string(crate::helpers::project_file(
        "assets/catalogs/cam-giang-2020-2025.toml",
    ))
    .expect("the shipped catalog");
    let earlier = shipped.replace(
        "name_en = \"Thạch Lỗi commune\"\nkind = \"xa\"\nends = \"2024-11-30\"",
        "name_en = \"Thạch Lỗi commune\"\nkind = \"xa\"\nends = \"2022-12-31\"",
    );
    assert!(earlier != shipped, "Thạch Lỗi ends earlier");
    let path = app.file("earlier.toml", earlier.as_bytes());
    let out = app.cli(&["catalog", "load", path.to_str().expect("path")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let after = year(&app.get_json("/api/v1/dashboard?as_of=2023"));
    assert_eq!(
        (after["units_counted"].as_i64(), after["complete"].as_bool()),
        (Some(16), Some(true))
    );
    assert_eq!(after["rollup_value"], 90.0);
}

/// Sign-ins right and wrong, a user added and a password reset on the pages: the server's log at its most
/// detailed holds none of the passwords.
fn no_log_line_holds_a_password(backend: Backend) {
    let Some(db) = TestDb::new(backend) else {
        return;
    };
    let setup = crate::helpers::run_cli(&db.url, &["migrate"]);
    assert_eq!(setup.code, 0, "{}", setup.stderr);
    let server = ServerProcess::start(&db, &[("RUST_LOG", "debug")]);
    let app = TestApp::attach(db, &server.address);
    app.add_user("quan.tri", "admin", PASSWORD);
    let secrets = ["sai-Bí-Mật-1", "Bí-Mật-Người-Mới-2", "Bí-Mật-Đặt-Lại-3"];
    assert_eq!(app.login("quan.tri", secrets[0]).status, 401);
    let admin = app.sign_in("quan.tri", PASSWORD);
    let csrf = csrf_of(&admin);
    let added = app.post_form(
        &admin,
        "/admin/users",
        &[
            ("csrf", &csrf),
            ("name", "moi"),
            ("role", "viewer"),
            ("password", secrets[1]),
        ],
    );
    assert_eq!(added.status, 303, "{}", added.body);
    let reset = app.post_form(
        &admin,
        "/admin/users/moi/password",
        &[("csrf", &csrf), ("password", secrets[2])],
    );
    assert_eq!(reset.status, 303);
    assert_eq!(app.login("moi", secrets[2]).status, 303);
    drop(server);
    let log = std::fs::read_to_string(app.db.dir.path().join("server.log")).expect("the log");
    assert!(
        log.contains("signed in"),
        "the log was written at debug level"
    );
    for secret in secrets.iter().chain([&PASSWORD]) {
        assert!(!log.contains(secret), "a password is in the log");
        let encoded = crate::helpers::form_body(&[("p", secret)]);
        assert!(
            !log.contains(&encoded[2..]),
            "a password is in the log, encoded"
        );
    }
}

crate::on_both_backends!(
    a_password_reset_and_a_role_change_take_effect_at_once,
    an_expired_session_ends,
    the_secure_cookie_and_the_per_address_limit,
    size_and_length_limits_hold,
    a_retired_target_takes_no_figure,
    the_rollup_follows_a_catalog_load,
    no_log_line_holds_a_password,
);

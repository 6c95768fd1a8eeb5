//! Sessions, tokens, throttling, disabling, `auth.public_read`, security headers, and writes that must not
//! overwrite each other.

use crate::helpers::{assert_contains, Backend, Credentials, TestApp, TestDb};

const PASSWORD: &str = "mật-khẩu-đủ-dài";

fn signing_in_and_out(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    app.add_user("thongke", "statistician", PASSWORD);
    let wrong = app.login("thongke", "sai-mat-khau-roi");
    assert_eq!(wrong.status, 401);
    assert_contains(&wrong.body, "Sai tên đăng nhập hoặc mật khẩu");
    assert!(wrong.session_cookie.is_none());

    let ok = app.login("thongke", PASSWORD);
    assert_eq!(ok.status, 303);
    let set_cookie = ok.set_cookie.expect("a session cookie");
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    assert!(
        !set_cookie.contains("Secure"),
        "not Secure unless configured for TLS"
    );
    let session = app.sign_in("thongke", PASSWORD);
    let Credentials::Session { cookie, csrf } = &session else {
        panic!("a session")
    };
    let page = TestApp::agent()
        .get(&app.url("/"))
        .set("Cookie", cookie)
        .call()
        .expect("page")
        .into_string()
        .expect("html");
    assert!(page.contains("Đang đăng nhập: <strong>thongke</strong>"));
    let write = app.put_json(
        &session,
        "/api/v1/targets/T05/measurements/2024/official",
        "{\"value\": 93.5}",
    );
    assert_eq!(write.status, 201, "a statistician writes: {}", write.body);
    assert_eq!(write.json()["changed_by"], "thongke");

    let out = TestApp::agent()
        .post(&app.url("/logout"))
        .set("Cookie", cookie)
        .send_form(&[("csrf", csrf)])
        .expect("logout");
    assert_eq!(out.status(), 303);
    let after = app.send(&session, "GET", "/api/v1/session", None);
    assert_eq!(after.status, 401, "the session ended");
}

fn five_failures_lock_the_name_out(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    app.add_user("thongke", "statistician", PASSWORD);
    for _ in 0..5 {
        assert_eq!(app.login("thongke", "doan-mat-khau-sai").status, 401);
    }
    let locked = app.login("thongke", PASSWORD);
    assert_eq!(locked.status, 429, "even the right password waits");
    assert!(locked.body.contains("Quá nhiều lần đăng nhập sai"));
}

fn a_disabled_user_and_a_revoked_token_stop_at_once(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    app.add_user("quantri", "admin", PASSWORD);
    app.add_user("thongke", "statistician", PASSWORD);
    let admin = app.sign_in("quantri", PASSWORD);
    let token = Credentials::Token(app.token("thongke"));
    let session = app.sign_in("thongke", PASSWORD);
    let put = |who: &Credentials, value: u32| {
        app.send(
            who,
            "PUT",
            &format!(
                "/api/v1/targets/T15/measurements/{}/official",
                2020 + value % 5
            ),
            Some(("application/json", &format!("{{\"value\": {value}}}"))),
        )
    };
    assert_eq!(put(&token, 121).status, 201);

    let Credentials::Session { csrf, .. } = &admin else {
        panic!()
    };
    let disable = app.post_form_body(
        &admin,
        "/admin/users/thongke/disable",
        &format!("csrf={csrf}"),
    );
    assert_eq!(disable.status, 303, "{}", disable.body);
    assert_eq!(put(&token, 122).status, 401, "the token stops");
    assert_eq!(
        app.send(&session, "GET", "/api/v1/session", None).status,
        401,
        "the session stops"
    );
    assert_eq!(app.login("thongke", PASSWORD).status, 401, "no new sign-in");

    let enable = app.post_form_body(
        &admin,
        "/admin/users/thongke/enable",
        &format!("csrf={csrf}"),
    );
    assert_eq!(enable.status, 303);
    assert_eq!(
        put(&token, 123).status,
        201,
        "the token works again once enabled"
    );
    let page = app.send(&admin, "GET", "/admin/users", None);
    let id = page
        .body
        .split("/admin/tokens/")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .expect("a token row")
        .to_string();
    let revoke = app.post_form_body(
        &admin,
        &format!("/admin/tokens/{id}/revoke"),
        &format!("csrf={csrf}"),
    );
    assert_eq!(revoke.status, 303);
    let refused = put(&token, 124);
    assert_eq!(refused.status, 401);
    assert_eq!(refused.error()["code"], "invalid_token");

    // A form with another session's token is refused.
    let stale = app.post_form_body(&admin, "/admin/users/thongke/disable", "csrf=khong-dung");
    assert_eq!(stale.status, 403);
}

fn the_admin_page_adds_users_and_shows_a_token_once(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    app.add_user("quantri", "admin", PASSWORD);
    let admin = app.sign_in("quantri", PASSWORD);
    let Credentials::Session { csrf, .. } = &admin else {
        panic!()
    };
    let form = |fields: &str| format!("csrf={csrf}&{fields}");
    let short = app.send(
        &admin,
        "POST",
        "/admin/users",
        Some((
            "application/x-www-form-urlencoded",
            &form("name=moi&role=viewer&password=ngan"),
        )),
    );
    assert_eq!(short.status, 422);
    assert_contains(&short.body, "mật khẩu phải có ít nhất 10 ký tự");
    let added = app.send(
        &admin,
        "POST",
        "/admin/users",
        Some((
            "application/x-www-form-urlencoded",
            &form("name=moi&role=statistician&password=mat-khau-moi-du-dai"),
        )),
    );
    assert_eq!(added.status, 303);
    let created = app.send(
        &admin,
        "POST",
        "/admin/tokens",
        Some((
            "application/x-www-form-urlencoded",
            &form("user=moi&label=nhap-lieu"),
        )),
    );
    assert_eq!(created.status, 200);
    let token = created
        .body
        .split("<code class=\"token\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .expect("the token")
        .to_string();
    assert!(token.starts_with("rt_"));
    let write = app.send(
        &Credentials::Token(token.clone()),
        "PUT",
        "/api/v1/targets/T05/measurements/2023/official",
        Some(("application/json", "{\"value\": 91}")),
    );
    assert_eq!(write.status, 201, "{}", write.body);
    let page = app.send(&admin, "GET", "/admin/users", None);
    assert!(!page.body.contains(&token), "shown once only");
    let own = app.post_form_body(&admin, "/admin/users/quantri/disable", &form(""));
    assert_eq!(own.status, 422, "an admin cannot lock themselves out");
    assert_eq!(
        app.send(&Credentials::Anonymous, "GET", "/admin/users", None)
            .status,
        303,
        "anonymous readers are sent to sign in"
    );
}

fn without_public_read_everything_but_healthz_and_login_needs_sign_in(backend: Backend) {
    let Some(db) = TestDb::new(backend) else {
        return;
    };
    let app = TestApp::spawn_on(db, |s| s.auth.public_read = false);
    assert_eq!(app.get("/healthz").status, 200);
    assert_eq!(
        app.send(&Credentials::Anonymous, "GET", "/login", None)
            .status,
        200
    );
    let api = app.get("/api/v1/targets");
    assert_eq!(
        (api.status, api.error()["code"].as_str()),
        (401, Some("not_signed_in"))
    );
    assert_eq!(app.get("/charts/overview.png").status, 401);
    let page = TestApp::agent()
        .get(&app.url("/targets/T01"))
        .call()
        .expect("redirect");
    assert_eq!(page.status(), 303);
    assert_eq!(page.header("location"), Some("/login?next=/targets/T01"));
    app.add_user("xem", "viewer", PASSWORD);
    let viewer = Credentials::Token(app.token("xem"));
    assert_eq!(
        app.send(&viewer, "GET", "/api/v1/targets", None).status,
        200
    );
    let session = app.sign_in("xem", PASSWORD);
    assert_eq!(app.send(&session, "GET", "/", None).status, 200);
}

fn security_headers_on_every_response(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    for path in [
        "/",
        "/api/v1/targets",
        "/api/v1/nothing-here",
        "/charts/overview.png",
        "/static/style.css",
    ] {
        let response = match ureq::get(&app.url(path)).call() {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{e}"),
        };
        let csp = response.header("content-security-policy").unwrap_or("");
        assert!(
            csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert_eq!(
            response.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(response.header("x-frame-options"), Some("DENY"), "{path}");
        assert_eq!(
            response.header("referrer-policy"),
            Some("same-origin"),
            "{path}"
        );
    }
}

fn a_forged_or_foreign_session_cookie_is_not_a_session(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    app.add_user("thongke", "statistician", PASSWORD);
    let Credentials::Session { cookie, csrf } = app.sign_in("thongke", PASSWORD) else {
        panic!()
    };
    // Same token, signature broken.
    let mut tampered = cookie.clone();
    tampered.insert(
        12,
        if tampered.as_bytes()[12] == b'A' {
            'B'
        } else {
            'A'
        },
    );
    let forged = Credentials::Session {
        cookie: tampered,
        csrf: csrf.clone(),
    };
    assert_eq!(
        app.send(&forged, "GET", "/api/v1/session", None).status,
        401
    );
    // Another install has another key: the cookie means nothing there.
    let Some(other) = TestApp::spawn(backend) else {
        return;
    };
    other.add_user("thongke", "statistician", PASSWORD);
    assert_eq!(
        other
            .send(
                &Credentials::Session { cookie, csrf },
                "GET",
                "/api/v1/session",
                None
            )
            .status,
        401
    );
}

fn two_writers_with_the_same_revision_one_wins(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    app.add_user("a", "statistician", PASSWORD);
    app.add_user("b", "statistician", PASSWORD);
    let (ta, tb) = (
        Credentials::Token(app.token("a")),
        Credentials::Token(app.token("b")),
    );
    let path = "/api/v1/targets/T01/measurements/2024/official";
    assert_eq!(app.put_json(&ta, path, "{\"value\": 80.0}").status, 201);
    let (sa, sb) = std::thread::scope(|s| {
        let a = s.spawn(|| {
            app.put_json(&ta, path, "{\"value\": 80.6, \"revision\": 1}")
                .status
        });
        let b = s.spawn(|| {
            app.put_json(&tb, path, "{\"value\": 81.2, \"revision\": 1}")
                .status
        });
        (a.join().expect("a"), b.join().expect("b"))
    });
    let mut statuses = [sa, sb];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "exactly one wins");
    let t01 = app.get_json("/api/v1/targets/T01");
    assert_eq!(t01["measurements"][0]["revision"], 2);
    let history = app.get_json("/api/v1/targets/T01/history");
    assert_eq!(
        history.as_array().map(Vec::len),
        Some(2),
        "create and one update: nothing lost, nothing doubled"
    );

    // A create over an existing figure, and a stale delete, are refused with the current figure.
    let again = app.put_json(&tb, path, "{\"value\": 70}");
    assert_eq!(again.status, 409);
    assert_eq!(again.json()["current"]["revision"], 2);
    let stale_delete = app.send(&tb, "DELETE", &format!("{path}?revision=1"), None);
    assert_eq!(stale_delete.status, 409);
    let delete = app.send(&tb, "DELETE", &format!("{path}?revision=2"), None);
    assert_eq!(delete.status, 200);
    assert_eq!(
        app.get_json("/api/v1/targets/T01/history")[0]["action"],
        "delete"
    );
}

fn bad_figures_are_refused_with_their_field(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let token = app.statistician_token("a");
    let cases = [
        (
            "/api/v1/targets/T05/measurements/2024/official",
            "{\"value\": 101}",
            422,
            "value",
        ),
        (
            "/api/v1/targets/T05/measurements/2040/official",
            "{\"value\": 90}",
            422,
            "year",
        ),
        (
            "/api/v1/targets/T05/measurements/2024/final",
            "{\"value\": 90}",
            400,
            "quality",
        ),
        (
            "/api/v1/targets/T05/measurements/nam/official",
            "{\"value\": 90}",
            400,
            "year",
        ),
        (
            "/api/v1/targets/T15/measurements/2024/official",
            "{\"value\": 120.5}",
            422,
            "value",
        ),
        (
            "/api/v1/targets/T11/measurements/2024/official",
            "{\"state\": \"finished\"}",
            422,
            "state",
        ),
        (
            "/api/v1/targets/T11/measurements/2024/official",
            "{\"value\": 1}",
            422,
            "value",
        ),
        (
            "/api/v1/targets/T05/measurements/2024/official",
            "{\"value\": \"chín mươi\"}",
            422,
            "value",
        ),
    ];
    for (path, body, status, field) in cases {
        let reply = app.put_json(&token, path, body);
        assert_eq!(reply.status, status, "{path} {body}: {}", reply.body);
        assert_eq!(reply.error()["field"], field, "{path} {body}");
    }
    let reply = app.put_json(
        &token,
        "/api/v1/targets/T99/measurements/2024/official",
        "{\"value\": 1}",
    );
    assert_eq!(reply.status, 404);
    let import = app.send(&token, "POST", "/api/v1/imports", Some(("text/csv", "target_code,year,quality,value,state,source,note\nT05,2024,official,90,,,\nT05,2024,official,101,,,\n")));
    assert_eq!(import.status, 422);
    assert_eq!(import.json()["errors"][0]["row"], 3);
    assert_eq!(
        app.get_json("/api/v1/targets/T05")["measurements"],
        serde_json::json!([]),
        "nothing was written"
    );
    let accepted = app.send(
        &token,
        "POST",
        "/api/v1/imports",
        Some((
            "text/csv",
            "target_code,year,quality,value,state,source,note\nT05,2024,official,90,,,\n",
        )),
    );
    assert_eq!(
        (accepted.status, accepted.json()["accepted"].as_i64()),
        (200, Some(1))
    );
}

crate::on_both_backends!(
    signing_in_and_out,
    five_failures_lock_the_name_out,
    a_disabled_user_and_a_revoked_token_stop_at_once,
    the_admin_page_adds_users_and_shows_a_token_once,
    without_public_read_everything_but_healthz_and_login_needs_sign_in,
    security_headers_on_every_response,
    a_forged_or_foreign_session_cookie_is_not_a_session,
    two_writers_with_the_same_revision_one_wins,
    bad_figures_are_refused_with_their_field,
);

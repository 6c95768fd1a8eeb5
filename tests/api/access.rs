//! Every write route, as every kind of caller: anonymous (401), too low a role (403), enough (success), by
//! session and by token. The cases come from the access table itself (`WRITE_RULES`): a rule without a case
//! here fails the test, and a write route without a rule is refused by the server (fail closed).

use resolution_tracker::domain::account::Role;
use resolution_tracker::web::auth::{Access, WRITE_RULES};

use crate::helpers::{assert_contains, catalog_fingerprint, Backend, Credentials, TestApp};

const PASSWORD: &str = "mật-khẩu-đủ-dài";

/// The request that exercises a rule: (path, body), fresh for each attempt `n` so successes do not collide.
fn case(
    app: &TestApp,
    admin: &Credentials,
    pattern: &str,
    method: &str,
    n: usize,
) -> (String, Option<(String, String)>) {
    let form = |who_csrf: &str, fields: &str| {
        Some((
            "application/x-www-form-urlencoded".to_string(),
            format!("csrf={who_csrf}&{fields}"),
        ))
    };
    match (method, pattern) {
        ("PUT", "/api/v1/targets/{code}/measurements/{year}/{quality}") => (
            format!("/api/v1/targets/T05/measurements/{}/estimate", 2020 + n % 7),
            Some((
                "application/json".into(),
                format!("{{\"value\": {}}}", 80 + n),
            )),
        ),
        ("DELETE", "/api/v1/targets/{code}/measurements/{year}/{quality}") => {
            // A figure of its own to delete, made by the admin's token.
            let year = 2020 + n % 7;
            let reply = app.send(
                admin,
                "PUT",
                &format!("/api/v1/targets/T06/measurements/{year}/official"),
                Some(("application/json", "{\"value\": 90}")),
            );
            assert!(reply.status == 201 || reply.status == 409, "{}", reply.body);
            let revision = app
                .get_json("/api/v1/targets/T06")
                .get("measurements")
                .and_then(|m| {
                    m.as_array()?
                        .iter()
                        .find(|x| x["year"] == year)
                        .map(|x| x["revision"].as_i64().unwrap_or(1))
                });
            (
                format!(
                    "/api/v1/targets/T06/measurements/{year}/official?revision={}",
                    revision.unwrap_or(1)
                ),
                None,
            )
        }
        ("POST", "/entry/{year}/remove") => {
            // A figure of its own to remove on the page, made by the admin's token.
            let year = 2020 + n % 7;
            let reply = app.send(
                admin,
                "PUT",
                &format!("/api/v1/targets/T07/measurements/{year}/estimate"),
                Some(("application/json", "{\"value\": 91}")),
            );
            assert!(reply.status == 201 || reply.status == 409, "{}", reply.body);
            let revision = app
                .get_json("/api/v1/targets/T07")
                .get("measurements")
                .and_then(|m| {
                    m.as_array()?
                        .iter()
                        .find(|x| x["year"] == year && x["quality"] == "estimate")
                        .map(|x| x["revision"].as_i64().unwrap_or(1))
                })
                .unwrap_or(1);
            (
                format!("/entry/{year}/remove?target=T07&quality=estimate"),
                form("{csrf}", &format!("revision={revision}")),
            )
        }
        ("POST", "/api/v1/imports") => (
            "/api/v1/imports?dry_run=true".into(),
            Some((
                "text/csv".into(),
                "target_code,year,quality,value,state,source,note\nT01,2024,official,80.6,,,\n"
                    .into(),
            )),
        ),
        ("PUT", "/api/v1/breakthroughs/{code}/assessments/{year}") => (
            format!("/api/v1/breakthroughs/B1/assessments/{}", 2020 + n % 7),
            Some(("application/json".into(), format!("{{\"status\": \"on_track\", \"text\": \"Đánh giá số {n}\", \"revision\": null}}"))),
        ),
        ("PUT", "/api/v1/targets/{code}/assessments/{year}") => (
            format!("/api/v1/targets/T01/assessments/{}", 2020 + n % 7),
            Some((
                "application/json".into(),
                format!("{{\"status\": \"on_track\", \"text\": \"Đánh giá {n}\"}}"),
            )),
        ),
        ("POST", "/breakthroughs/{code}/assessments") => (
            format!("/breakthroughs/B{}/assessments", 2 + n % 2),
            form("{csrf}", &format!("year={}&status=needs_acceleration&text=Nh%E1%BA%ADn+x%C3%A9t+{n}", 2020 + (n / 2) % 7)),
        ),
        ("POST", "/targets/{code}/assessments") => (
            format!("/targets/T0{}/assessments", 2 + n % 2),
            form("{csrf}", &format!("year={}&status=achieved&text=%C4%90%C3%A1nh+gi%C3%A1+{n}", 2020 + (n / 2) % 7)),
        ),
        ("POST", "/import") => {
            let boundary = "rt-boundary";
            let body = format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{{csrf}}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\npreview\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.csv\"\r\nContent-Type: text/csv\r\n\r\ntarget_code,year,quality,value,state,source,note\nT01,2024,official,80.6,,,\n\r\n--{boundary}--\r\n"
            );
            (
                "/import".into(),
                Some((format!("multipart/form-data; boundary={boundary}"), body)),
            )
        }
        ("POST", "/entry/{year}") => {
            // A box of its own for each attempt: a target and year nobody wrote yet.
            let target = ["T04", "T07", "T08", "T09", "T14", "T03"][(n / 7) % 6];
            (
                format!("/entry/{}", 2020 + n % 7),
                form("{csrf}", &format!("v_{target}_estimate={}", 50 + n % 40)),
            )
        }
        ("POST", "/api/v1/targets/{code}/measurements/{year}/{quality}/approval") => {
            // A draft of its own to submit, made by the admin's token: a (target, year) for each attempt.
            let year = 2020 + n % 7;
            let figure = match (n / 7) % 2 {
                0 => format!("T05/measurements/{year}/official"),
                _ => format!("T06/measurements/{year}/estimate"),
            };
            let reply = app.send(
                admin,
                "PUT",
                &format!("/api/v1/targets/{figure}"),
                Some((
                    "application/json",
                    "{\"value\": 60, \"note\": \"số liệu thử quyền\"}",
                )),
            );
            assert_eq!(reply.status, 201, "{figure}: {}", reply.body);
            (
                format!("/api/v1/targets/{figure}/approval"),
                Some((
                    "application/json".into(),
                    "{\"action\": \"submit\", \"revision\": 1}".into(),
                )),
            )
        }
        ("POST", "/api/v1/approvals") => (
            "/api/v1/approvals".into(),
            Some((
                "application/json".into(),
                format!("{{\"action\": \"submit\", \"year\": {}}}", 2020 + n % 7),
            )),
        ),
        ("POST", "/approvals") => (
            "/approvals".into(),
            form("{csrf}", &format!("year={}&action=submit", 2020 + n % 7)),
        ),
        // Locks come after every figure write in the table: a year locked here refuses no later case.
        ("PUT", "/api/v1/locks/{year}") => (format!("/api/v1/locks/{}", 2020 + n % 7), None),
        ("DELETE", "/api/v1/locks/{year}") | ("POST", "/admin/locks/{year}") => {
            // Locked first (by the admin's token), so that an allowed caller's unlock succeeds.
            let path = format!("/api/v1/locks/{}", 2020 + n % 7);
            let _ = app.send(admin, "PUT", &path, None);
            if method == "DELETE" {
                let body = "{\"reason\": \"Sửa theo niên giám\"}";
                (path, Some(("application/json".into(), body.into())))
            } else {
                let year = 2020 + n % 7;
                let fields = "action=unlock&reason=S%E1%BB%ADa+theo+ni%C3%AAn+gi%C3%A1m";
                (format!("/admin/locks/{year}"), form("{csrf}", fields))
            }
        }
        ("POST", "/admin/users") => (
            "/admin/users".into(),
            form(
                "{csrf}",
                &format!("name=new{n}&role=viewer&password=mat-khau-moi-{n}"),
            ),
        ),
        ("POST", "/admin/catalog/targets/{code}") => {
            // The words as stored now (the form's "was"), and a new English title each attempt.
            let t = app.get_json("/api/v1/targets/T16");
            let text = |k: &str| t[k].as_str().unwrap_or("").to_string();
            let title = format!("Vision 2030 ({n})");
            let fields = [
                ("title_vi", text("title_vi")),
                ("title_en", title),
                ("source_text_vi", text("source_text_vi")),
                ("unit_vi", text("unit_vi")),
                ("unit_en", text("unit_en")),
            ];
            let mut all: Vec<(String, String)> = fields
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect();
            all.extend(fields.iter().map(|(k, _)| (format!("was_{k}"), text(k))));
            let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            (
                "/admin/catalog/targets/T16".into(),
                form("{csrf}", &crate::helpers::form_body(&pairs)),
            )
        }
        ("POST", "/admin/catalog/new/{kind}") => (
            "/admin/catalog/new/groups".into(),
            form(
                "{csrf}",
                &format!(
                    "fingerprint={}&code=g{n}&title_vi=Nh%C3%B3m+{n}&title_en=Group+{n}",
                    catalog_fingerprint(app, admin)
                ),
            ),
        ),
        ("POST", "/admin/catalog/edit/{kind}/{code}") => (
            "/admin/catalog/edit/groups/vision".into(),
            form(
                "{csrf}",
                &format!(
                    "fingerprint={}&title_vi=T%E1%BA%A7m+nh%C3%ACn&title_en=Vision+{n}",
                    catalog_fingerprint(app, admin)
                ),
            ),
        ),
        ("POST", "/admin/catalog/retire/{kind}/{code}") => (
            "/admin/catalog/retire/targets/T15".into(),
            form(
                "{csrf}",
                &format!(
                    "fingerprint={}&retired={}&confirmed=1",
                    catalog_fingerprint(app, admin),
                    n % 2
                ),
            ),
        ),
        ("POST", "/admin/users/{name}/role") => (
            "/admin/users/target-user/role".into(),
            form("{csrf}", "role=statistician"),
        ),
        ("POST", "/admin/users/{name}/disable") => (
            "/admin/users/target-user/disable".into(),
            form("{csrf}", ""),
        ),
        ("POST", "/admin/users/{name}/enable") => {
            ("/admin/users/target-user/enable".into(), form("{csrf}", ""))
        }
        ("POST", "/admin/users/{name}/password") => (
            "/admin/users/target-user/password".into(),
            form("{csrf}", "password=mat-khau-doi-moi"),
        ),
        ("POST", "/admin/tokens") => (
            "/admin/tokens".into(),
            form("{csrf}", "user=target-user&label=script"),
        ),
        ("POST", "/admin/tokens/{id}/revoke") => {
            ("/admin/tokens/1/revoke".into(), form("{csrf}", ""))
        }
        other => panic!(
            "the access table has a rule {other:?} without a case in tests/api/access.rs: add one"
        ),
    }
}

fn every_write_route_checks_the_callers_role(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    for (name, role) in [
        ("viewer1", "viewer"),
        ("stat1", "statistician"),
        ("admin1", "admin"),
        ("approver1", "approver"),
        ("target-user", "viewer"),
    ] {
        app.add_user(name, role, PASSWORD);
    }
    let scoped = app.user_add(
        &["commune1", "--role", "statistician", "--unit", "cam-dien"],
        PASSWORD,
    );
    assert_eq!(scoped.code, 0, "{}", scoped.stderr);
    // Token 1 belongs to the user the admin cases act on, so revoking it leaves the callers' tokens alone.
    app.token("target-user");
    let admin_token = Credentials::Token(app.token("admin1"));
    let callers: Vec<(&str, Option<Role>, Credentials)> = vec![
        ("anonymous", None, Credentials::Anonymous),
        (
            "viewer session",
            Some(Role::Viewer),
            app.sign_in("viewer1", PASSWORD),
        ),
        (
            "viewer token",
            Some(Role::Viewer),
            Credentials::Token(app.token("viewer1")),
        ),
        (
            "statistician session",
            Some(Role::Statistician),
            app.sign_in("stat1", PASSWORD),
        ),
        (
            "statistician token",
            Some(Role::Statistician),
            Credentials::Token(app.token("stat1")),
        ),
        (
            "admin session",
            Some(Role::Admin),
            app.sign_in("admin1", PASSWORD),
        ),
        ("admin token", Some(Role::Admin), admin_token.clone()),
        (
            "approver token",
            Some(Role::Approver),
            Credentials::Token(app.token("approver1")),
        ),
        // A commune statistician: every case below is the area's, so none is theirs to make.
        (
            "commune statistician token",
            Some(Role::Statistician),
            Credentials::Token(app.token("commune1")),
        ),
        (
            "commune statistician session",
            Some(Role::Statistician),
            app.sign_in("commune1", PASSWORD),
        ),
    ];
    let mut n = 0;
    for (method, pattern, access) in WRITE_RULES {
        let Access::AtLeast(needed) = access else {
            continue;
        };
        for (who, role, credentials) in &callers {
            n += 1;
            let (path, body) = case(&app, &admin_token, pattern, method, n);
            let csrf = match credentials {
                Credentials::Session { csrf, .. } => csrf.clone(),
                _ => String::new(),
            };
            let body = body.map(|(t, b)| (t, b.replace("{csrf}", &csrf)));
            let reply = app.send(
                credentials,
                method,
                &path,
                body.as_ref().map(|(t, b)| (t.as_str(), b.as_str())),
            );
            let files = pattern.ends_with("imports") || *pattern == "/import";
            // A year's step is taken on the caller's own figures: a commune statistician submits theirs.
            let own_year = pattern.ends_with("approvals");
            let expected = match role {
                None => "401",
                Some(r) if r < needed => "403",
                // A file's rows are checked one by one (the area's row is named); anything else is refused.
                Some(_) if who.starts_with("commune") && files => "refused rows",
                Some(_) if who.starts_with("commune") && own_year => "success",
                Some(_) if who.starts_with("commune") => "403",
                Some(_) => "success",
            };
            let ok = match expected {
                "401" => reply.status == 401,
                "403" => reply.status == 403,
                // The area's row 2 named, not the blanket 403 (whose text names the unit too).
                "refused rows" if *pattern == "/import" => reply.status == 422
                    && reply.body.contains(
                        "dòng 2, cột unit_code: tài khoản này chỉ nhập số liệu của đơn vị cam-dien",
                    ),
                "refused rows" => {
                    let errors = serde_json::from_str::<serde_json::Value>(&reply.body)
                        .map(|v| v["errors"].clone())
                        .unwrap_or_default();
                    reply.status == 422
                        && errors[0]["row"] == 2
                        && errors[0]["column"] == "unit_code"
                }
                _ => (200..300).contains(&reply.status) || reply.status == 303,
            };
            assert!(
                ok,
                "{method} {path} as {who}: expected {expected}, got {} {}",
                reply.status, reply.body
            );
        }
    }
}

fn a_session_write_without_the_csrf_token_is_refused(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    app.add_user("stat1", "statistician", PASSWORD);
    let Credentials::Session { cookie, .. } = app.sign_in("stat1", PASSWORD) else {
        panic!("a session")
    };
    let forged = Credentials::Session {
        cookie,
        csrf: "not-the-token".into(),
    };
    let reply = app.put_json(
        &forged,
        "/api/v1/targets/T05/measurements/2024/official",
        "{\"value\": 90}",
    );
    assert_eq!(reply.status, 403);
    assert_eq!(reply.error()["code"], "csrf");
    assert_eq!(
        app.get_json("/api/v1/targets/T05")["measurements"],
        serde_json::json!([]),
        "nothing written"
    );
}

/// A commune statistician writes their commune's figures only, by every path, and nothing else.
fn a_commune_statistician_writes_only_their_communes_figures(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let password = "mật-khẩu-đủ-dài";
    // Only a statistician can be scoped, and only to a unit the catalog has.
    let viewer = app.user_add(&["xem", "--role", "viewer", "--unit", "cam-dien"], password);
    assert_ne!(viewer.code, 0);
    assert!(viewer.stderr.contains("statistician"), "{}", viewer.stderr);
    let unknown = app.user_add(
        &["xa2", "--role", "statistician", "--unit", "nowhere"],
        password,
    );
    assert_ne!(unknown.code, 0);
    assert!(unknown.stderr.contains("nowhere"), "{}", unknown.stderr);
    let added = app.user_add(
        &["xa", "--role", "statistician", "--unit", "cam-dien"],
        password,
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    assert!(added.stdout.contains("cam-dien"));
    let xa = Credentials::Token(app.token("xa"));

    // The API: their unit's figure, not another's, not the area's, not an assessment.
    let own = "/api/v1/targets/T06/measurements/2023/official?unit=cam-dien";
    let body = "{\"numerator\": 900, \"denominator\": 1000}";
    assert_eq!(app.put_json(&xa, own, body).status, 201);
    let other = app.put_json(
        &xa,
        "/api/v1/targets/T06/measurements/2023/official?unit=cam-phuc",
        body,
    );
    assert_eq!(other.status, 403);
    assert!(other.body.contains("cam-dien"), "{}", other.body);
    let area = app.put_json(
        &xa,
        "/api/v1/targets/T06/measurements/2023/official",
        "{\"value\": 90}",
    );
    assert_eq!(area.status, 403);
    let gone = app.send(
        &xa,
        "DELETE",
        "/api/v1/targets/T06/measurements/2023/official?unit=cam-phuc",
        None,
    );
    assert_eq!(gone.status, 403);
    let assessment = app.put_json(
        &xa,
        "/api/v1/breakthroughs/B1/assessments/2023",
        "{\"status\": \"on_track\", \"text\": \"x\"}",
    );
    assert_eq!(assessment.status, 403);

    // A file: all their unit's rows, or refused whole naming the row that is not.
    let header =
        "target_code,year,quality,value,state,source,note,unit_code,numerator,denominator\n";
    let mine = format!(
        "{header}T06,2022,official,,,,,cam-dien,880,1000\nT09,2023,official,,yes,,,cam-dien,,\n"
    );
    let reply = app.import_csv(&xa, &mine, false);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let mixed = format!("{header}T06,2021,official,,,,,cam-dien,870,1000\nT06,2021,official,,,,,cam-phuc,870,1000\n");
    let reply = app.import_csv(&xa, &mixed, false);
    assert_eq!(reply.status, 422, "{}", reply.body);
    let errors = reply.json()["errors"].clone();
    assert_eq!(errors.as_array().map(Vec::len), Some(1));
    assert_eq!(
        (errors[0]["row"].as_i64(), errors[0]["column"].as_str()),
        (Some(3), Some("unit_code"))
    );
    let area_file = "target_code,year,quality,value,state,source,note\nT01,2023,official,75,,,\n";
    assert_eq!(app.import_csv(&xa, area_file, false).status, 422);
    let history = app.get_json("/api/v1/targets/T06/history");
    assert_eq!(
        history.as_array().map(Vec::len),
        Some(2),
        "the refused files wrote nothing"
    );

    // The pages: their unit's form, and a 403 page in the reader's language anywhere else.
    let (session, csrf) = {
        let s = app.sign_in("xa", password);
        let Credentials::Session { csrf, .. } = &s else {
            panic!("a session")
        };
        let csrf = csrf.clone();
        (s, csrf)
    };
    assert_eq!(
        app.send(&session, "GET", "/entry/2023?unit=cam-dien", None)
            .status,
        200
    );
    let area_form = app.send(&session, "GET", "/entry/2023", None);
    assert_eq!(area_form.status, 403);
    assert!(
        area_form
            .body
            .contains("Tài khoản này chỉ nhập số liệu của đơn vị cam-dien"),
        "{}",
        area_form.body
    );
    let english = app.send(&session, "GET", "/entry/2023?unit=cam-phuc&lang=en", None);
    assert_eq!(english.status, 403);
    assert!(
        english
            .body
            .contains("this account enters only the figures of the unit cam-dien"),
        "{}",
        english.body
    );
    let post = app.post_form(
        &session,
        "/entry/2023?unit=cam-phuc",
        &[
            ("csrf", &csrf),
            ("num_T06_official", "1"),
            ("den_T06_official", "2"),
        ],
    );
    assert_eq!(post.status, 403);
    let dashboard = app.send(&session, "GET", "/", None);
    assert!(
        dashboard
            .body
            .contains("/entry?resolution=cam-giang-2020-2025&#38;unit=cam-dien"),
        "the header's entry link opens their form"
    );
}

/// A scope is a unit of one resolution: a second resolution with a unit of the same code is not the commune
/// statistician's, by the API, a file or the form.
fn a_commune_scope_is_a_unit_of_one_resolution(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let second = app.load_second_resolution();
    let password = "mật-khẩu-đủ-dài";
    let ambiguous = app.user_add(
        &["xa", "--role", "statistician", "--unit", "cam-doai"],
        password,
    );
    assert_ne!(ambiguous.code, 0, "a code two resolutions have is refused");
    assert_contains(&ambiguous.stderr, "cam-giang-2020-2025, second-2020-2025");
    let added = app.user_add(
        &[
            "xa",
            "--role",
            "statistician",
            "--unit",
            "cam-giang-2020-2025/cam-doai",
        ],
        password,
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    assert_contains(&added.stdout, "cam-giang-2020-2025/cam-doai");
    let xa = Credentials::Token(app.token("xa"));
    let body = "{\"numerator\": 900, \"denominator\": 1000}";
    let path = "/api/v1/targets/T06/measurements/2023/official?unit=cam-doai";

    // Their own resolution, named or by default, takes the figure; the other refuses it.
    let elsewhere = app.put_json(&xa, &format!("{path}&resolution={second}"), body);
    assert_eq!(elsewhere.status, 403, "{}", elsewhere.body);
    assert_contains(&elsewhere.body, "cam-giang-2020-2025");
    let twice = app.put_json(
        &xa,
        &format!("{path}&resolution={second}&resolution=cam-giang-2020-2025"),
        body,
    );
    assert_eq!(
        twice.status, 403,
        "a resolution named twice is not read two ways"
    );
    let own = app.put_json(&xa, &format!("{path}&resolution=cam-giang-2020-2025"), body);
    assert_eq!(own.status, 201, "{}", own.body);
    let by_default = app.put_json(
        &xa,
        "/api/v1/targets/T06/measurements/2024/official?unit=cam-doai",
        body,
    );
    assert_eq!(by_default.status, 201, "{}", by_default.body);

    // A file of their unit's rows, sent to the other resolution: refused, nothing written there.
    let file = "target_code,year,quality,value,state,source,note,unit_code,numerator,denominator\n\
                T06,2022,official,,,,,cam-doai,880,1000\n";
    let import = app.send(
        &xa,
        "POST",
        &format!("/api/v1/imports?resolution={second}"),
        Some(("text/csv", file)),
    );
    assert_eq!(import.status, 403, "{}", import.body);
    let history = app.get_json(&format!("/api/v1/targets/T06/history?resolution={second}"));
    assert_eq!(
        history,
        serde_json::json!([]),
        "nothing written in {second}"
    );
    let mine = app.get_json("/api/v1/targets/T06/history");
    assert_eq!(mine.as_array().map(Vec::len), Some(2), "{mine}");

    // The form: theirs opens; the same unit code of the other resolution does not.
    let session = app.sign_in("xa", password);
    let form = app.send(
        &session,
        "GET",
        &format!("/entry/2023?unit=cam-doai&resolution={second}"),
        None,
    );
    assert_eq!(form.status, 403);
    let own_form = app.send(&session, "GET", "/entry/2023?unit=cam-doai", None);
    assert_eq!(own_form.status, 200, "{}", own_form.body);
}

crate::on_both_backends!(
    a_commune_scope_is_a_unit_of_one_resolution,
    a_commune_statistician_writes_only_their_communes_figures,
    every_write_route_checks_the_callers_role,
    a_session_write_without_the_csrf_token_is_refused
);

//! Wrong data refused and said plainly, never taken silently: each case the second trust pass found, on both
//! backends, answered with a 4xx naming its field and nothing written.

use serde_json::json;

use crate::helpers::{assert_contains, Backend, TestApp};

fn figure_json(app: &TestApp, path: &str) -> serde_json::Value {
    app.get_json(path)
}

/// A unit's value beside its counts, counts beside a yes/no, a unit's figure of a milestone, a year written
/// as a decimal, a negative zero.
fn a_figure_with_more_than_its_target_takes_is_refused(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let both = app.put_figure(
        &who,
        "T06/measurements/2023/official?unit=cam-vu",
        &json!({"value": 95, "numerator": 900, "denominator": 1000}),
    );
    assert_eq!(both.status, 422, "{}", both.body);
    assert_eq!(both.error()["field"], "value");
    assert_contains(
        &both.body,
        "this target rolls up the units' numerator and denominator: leave this empty",
    );
    let milestone = app.put_figure(
        &who,
        "T11/measurements/2024/official?unit=lai-cach",
        &json!({"state": "done"}),
    );
    assert_eq!(milestone.status, 422, "{}", milestone.body);
    assert_eq!(milestone.error()["field"], "unit");
    assert_contains(&milestone.body, "this target is not rolled up from units");

    let decimal_year =
        "target_code,year,quality,value,state,source,note\nT01,2024.0,official,80.6,,,\n";
    let reply = app.import_csv(&who, decimal_year, false);
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert_eq!(reply.json()["errors"][0]["column"], "year");
    assert_contains(&reply.body, "\\\"2024.0\\\" is not a year");

    let zero = app.put_figure(
        &who,
        "T02/measurements/2024/official",
        &json!({"value": -0.0}),
    );
    assert_eq!(zero.status, 201, "{}", zero.body);
    let stored = figure_json(&app, "/api/v1/targets/T02");
    let value = &stored["measurements"][0]["value"];
    assert_eq!(value.to_string(), "0.0", "stored as 0 on either backend");
    let history = app.get_json("/api/v1/targets/T06/history");
    assert_eq!(
        history,
        json!([]),
        "nothing of the refused unit figures written"
    );
}

/// A long `?unit=` is answered with a message naming it (an address past 64 KB is refused by the HTTP parser
/// itself, before the application sees it).
fn a_long_unit_in_the_address_is_named_in_the_answer(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let long = "x".repeat(60_000);
    let reply = app.put_figure(
        &who,
        &format!("T06/measurements/2023/official?unit={long}"),
        &json!({"numerator": 1, "denominator": 2}),
    );
    assert_eq!(reply.status, 422);
    assert_eq!(reply.error()["field"], "unit");
    assert!(reply.body.len() < 2_000, "the unit is quoted in part only");
}

/// A form with two files, and a retirement that is neither 1 nor 0, are refused naming the field.
fn ambiguous_forms_are_refused(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (stat, csrf) = app.session("thong.ke", "statistician");
    let boundary = "b0undary";
    let part = |name: &str, file: &str, body: &str| {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\n\
             Content-Type: text/csv\r\n\r\n{body}\r\n"
        )
    };
    let csv = "target_code,year,quality,value,state,source,note\nT01,2024,official,80.6,,,\n";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n{}{}--{boundary}--\r\n",
        part("file", "a.csv", csv),
        part("file", "b.csv", csv)
    );
    let reply = app.send(
        &stat,
        "POST",
        "/api/v1/imports",
        Some((&format!("multipart/form-data; boundary={boundary}"), &body)),
    );
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_contains(&reply.body, "two fields named file");
    assert_eq!(app.get_json("/api/v1/targets/T01/history"), json!([]));

    let (admin, admin_csrf) = app.session("quan.tri", "admin");
    let fingerprint = crate::helpers::catalog_fingerprint(&app, &admin);
    let two = app.post_form(
        &admin,
        "/admin/catalog/retire/targets/T03",
        &[
            ("csrf", &admin_csrf),
            ("fingerprint", &fingerprint),
            ("retired", "2"),
        ],
    );
    assert_eq!(two.status, 400, "{}", two.body);
    assert_contains(&two.body, "1 (thôi theo dõi) hoặc 0 (theo dõi lại)");
    assert_eq!(app.get("/api/v1/targets/T03").status, 200, "still followed");
}

/// A target's words corrected on its page show on the dashboard at once (the page cache follows the catalog's
/// history, not only figures and loads).
fn a_corrected_title_shows_on_the_dashboard_at_once(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    assert_contains(&app.get("/").body, "Thu nhập bình quân đầu người");
    let (admin, csrf) = app.session("quan.tri", "admin");
    let t01 = app.get_json("/api/v1/targets/T01");
    let text = |k: &str| t01[k].as_str().unwrap_or("").to_string();
    let keys = [
        "title_vi",
        "title_en",
        "source_text_vi",
        "unit_vi",
        "unit_en",
    ];
    let mut fields: Vec<(String, String)> = vec![("csrf".into(), csrf)];
    for k in keys {
        let now = match k {
            "title_vi" => "Thu nhập bình quân đầu người (đã sửa)".to_string(),
            _ => text(k),
        };
        fields.push((k.to_string(), now));
        fields.push((format!("was_{k}"), text(k)));
    }
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = app.post_form(&admin, "/admin/catalog/targets/T01", &pairs);
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_contains(&app.get("/").body, "Thu nhập bình quân đầu người (đã sửa)");
}

crate::on_both_backends!(
    a_figure_with_more_than_its_target_takes_is_refused,
    a_long_unit_in_the_address_is_named_in_the_answer,
    ambiguous_forms_are_refused,
    a_corrected_title_shows_on_the_dashboard_at_once,
);

//! Hostile and malformed input: each case refused with a clear 4xx naming the problem, nothing written, the
//! server up throughout. Every case here once crashed, hung, lost or mangled data.

use serde_json::{json, Value};

use crate::helpers::{assert_contains, Backend, TestApp};

fn healthy(app: &TestApp) {
    assert_eq!(app.get("/healthz").status, 200, "the server still answers");
}

fn no_figures(app: &TestApp) {
    let d = app.get_json("/api/v1/dashboard?as_of=2024");
    assert_eq!(d["summary"]["no_data"], 16, "nothing was written");
}

fn a_huge_value_is_refused_and_charts_still_draw(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    for value in ["1.7976931348623157e308", "1.65e308", "-1e16", "1e300"] {
        let body: Value = serde_json::from_str(&format!("{{\"value\": {value}}}")).expect("json");
        let reply = app.put_figure(&who, "T01/measurements/2023/official", &body);
        assert_eq!(reply.status, 422, "{value}: {}", reply.body);
        assert_eq!(reply.error()["field"], "value", "{value}");
        assert!(
            reply.error()["message"]
                .as_str()
                .is_some_and(|m| m.contains("must be at")),
            "{}",
            reply.body
        );
    }
    let ok = app.put_figure(
        &who,
        "T01/measurements/2023/official",
        &json!({"value": 1e15}),
    );
    assert_eq!(ok.status, 201, "the largest allowed magnitude: {}", ok.body);
    let chart = app.download("/charts/targets/T01.png", None);
    assert_eq!(chart.status, 200);
    // Drawn, not merely answered: the full size, ink on it, and T01's badge in achieved's colour (1e15 > 90).
    let picture = crate::helpers::Picture::decode(&chart.bytes);
    assert_eq!((picture.width, picture.height), (1200, 700));
    assert!(picture.ink() > 0.02, "ink: {}", picture.ink());
    assert!(
        picture.count((0x11, 0x77, 0x33)) > 500,
        "the achieved badge"
    );
    assert_eq!(app.get("/targets/T01").status, 200);
    assert_eq!(app.download("/reports/2024.zip", None).status, 200);
    healthy(&app);
}

/// A workbook with a header and one cell at the far corner of the sheet (XFD1048576), as 1.6 KB.
fn corner_workbook() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, name) in resolution_tracker::exchange::HEADER.iter().enumerate() {
        sheet.write_string(0, col as u16, *name).expect("header");
    }
    sheet.write_string(1_048_575, 16_383, "x").expect("corner");
    workbook.save_to_buffer().expect("workbook")
}

fn a_workbook_reaching_the_sheets_corner_is_refused_not_allocated(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    for dry_run in [true, false] {
        let reply = app.send_bytes(
            &who,
            "POST",
            &format!("/api/v1/imports?dry_run={dry_run}"),
            xlsx,
            &corner_workbook(),
        );
        assert_eq!(reply.status, 422, "{}", reply.body);
        let errors = reply.json()["errors"].clone();
        assert_eq!(errors[0]["row"], 1_048_576, "{errors}");
        assert!(
            errors[0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("more than 200000 rows")),
            "{errors}"
        );
        healthy(&app);
    }
    let path = app.file("corner.xlsx", &corner_workbook());
    let out = app.cli(&["import", path.to_str().expect("path")]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_contains(&out.stderr, "row 1048576");
    no_figures(&app);
}

fn a_date_or_boolean_cell_where_a_number_belongs_is_refused(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, name) in resolution_tracker::exchange::HEADER.iter().enumerate() {
        sheet.write_string(0, col as u16, *name).expect("header");
    }
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 1, 1).expect("date");
    let format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    sheet.write_string(1, 0, "T01").expect("code");
    sheet.write_number(1, 1, 2024).expect("year");
    sheet.write_string(1, 2, "official").expect("quality");
    sheet
        .write_datetime_with_format(1, 3, &date, &format)
        .expect("date");
    sheet.write_string(2, 0, "T02").expect("code");
    sheet.write_boolean(2, 1, true).expect("year");
    sheet.write_string(2, 2, "official").expect("quality");
    sheet.write_number(2, 3, 640).expect("value");
    let bytes = workbook.save_to_buffer().expect("workbook");
    let reply = app.send_bytes(
        &who,
        "POST",
        "/api/v1/imports",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &bytes,
    );
    assert_eq!(reply.status, 422, "{}", reply.body);
    let errors: Vec<String> = reply.json()["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| format!("{} {} {}", e["row"], e["column"], e["message"]))
        .collect();
    assert_eq!(
        errors,
        [
            "2 \"value\" \"is a date or time cell, not a number\"",
            "3 \"year\" \"is a TRUE/FALSE cell, not a number\""
        ]
    );
    no_figures(&app);
}

fn an_unclosed_quote_swallows_no_rows(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let header = "target_code,year,quality,value,state,source,note\n";
    let file = format!("{header}T05,2023,official,82,,src,\"open note\nT05,2024,official,83,,,\n");
    let reply = app.import_csv(&who, &file, false);
    assert_eq!(reply.status, 422, "{}", reply.body);
    let error = &reply.json()["errors"][0];
    assert_eq!(
        (error["row"].clone(), error["column"].clone()),
        (json!(2), json!("note"))
    );
    assert!(error["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("unclosed quote")));
    no_figures(&app);
    let legitimate = format!(
        "{header}T05,2023,official,82,,src,\"dòng một\ndòng hai\"\nT05,2024,official,83,,,\n"
    );
    let reply = app.import_csv(&who, &legitimate, false);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["created"], 2);
    let t05 = app.get_json("/api/v1/targets/T05");
    assert_eq!(t05["measurements"][0]["note"], "dòng một\ndòng hai");
}

fn control_characters_are_refused_the_same_on_both_backends(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    for (field, body) in [
        ("note", json!({"value": 80, "note": "ghi\u{0}chú"})),
        ("source", json!({"value": 80, "source": "Cục\u{1b}[31m"})),
    ] {
        let reply = app.put_figure(&who, "T01/measurements/2024/official", &body);
        assert_eq!(reply.status, 422, "{field}: {}", reply.body);
        assert_eq!(reply.error()["field"], field);
        assert_contains(&reply.body, "control character");
    }
    let tabbed = app.put_figure(
        &who,
        "T01/measurements/2024/official",
        &json!({"value": 80, "note": "cột\tmột\ndòng hai"}),
    );
    assert_eq!(
        tabbed.status, 201,
        "tab and newline are text: {}",
        tabbed.body
    );
    let assessment = app.send(
        &who,
        "PUT",
        "/api/v1/breakthroughs/B1/assessments/2024",
        Some((
            "application/json",
            &json!({"status": "on_track", "text": "đánh giá\u{0}"}).to_string(),
        )),
    );
    assert_eq!(assessment.status, 422, "{}", assessment.body);
    assert_eq!(assessment.error()["field"], "text");
    let header = "target_code,year,quality,value,state,source,note\n";
    let reply = app.import_csv(
        &who,
        &format!("{header}T02,2024,official,600,,a\u{0}b,\n"),
        false,
    );
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert_eq!(reply.json()["errors"][0]["column"], "source");
    // Nor does a NUL anywhere else reach the database: a resolution code, a user name.
    assert_eq!(app.get("/api/v1/targets?resolution=a%00b").status, 400);
    assert_eq!(app.login("thong\u{0}ke", "mật-khẩu-đủ-dài").status, 401);
    healthy(&app);
}

fn small_things_are_right(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    // A 10 MB JSON body is too large, not bad JSON.
    let big = format!("{{\"value\": 1, \"note\": \"{}\"}}", "a".repeat(10 << 20));
    let reply = app.put_json(&who, "/api/v1/targets/T01/measurements/2024/official", &big);
    assert_eq!(reply.status, 413, "{}", reply.body);
    // A signed year is not a year.
    let reply = app.put_figure(
        &who,
        "T01/measurements/+2024/official",
        &json!({"value": 1}),
    );
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(reply.error()["field"], "year");
    // A bad value is reported once.
    let header = "target_code,year,quality,value,state,source,note\n";
    let reply = app.import_csv(&who, &format!("{header}T01,2024,official,abc,,,\n"), true);
    let errors = reply.json()["errors"].clone();
    assert_eq!(errors.as_array().map(Vec::len), Some(1), "{errors}");
    // A bad header is quoted, but not whole.
    let reply = app.import_csv(&who, &format!("{}\nT01,2024\n", "x".repeat(10_000)), true);
    assert_eq!(reply.status, 422);
    let message = reply.json()["errors"][0]["message"].as_str().map(str::len);
    assert!(message.is_some_and(|n| n < 400), "{message:?}");
    // A multipart form's dry_run field is honoured.
    let boundary = "rt-boundary";
    let form = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"dry_run\"\r\n\r\ntrue\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.csv\"\r\nContent-Type: text/csv\r\n\r\n{header}T01,2024,official,80,,,\r\n--{boundary}--\r\n"
    );
    let reply = app.send_bytes(
        &who,
        "POST",
        "/api/v1/imports",
        &format!("multipart/form-data; boundary={boundary}"),
        form.as_bytes(),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["dry_run"], true);
    no_figures(&app);
}

fn an_apostrophe_of_ones_own_survives_export_and_import(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let notes = ["'trích dẫn", "=1+1", "'=SUM(A1)", "-5 so với kế hoạch"];
    for (i, note) in notes.iter().enumerate() {
        let year = 2021 + i;
        let reply = app.put_figure(
            &who,
            &format!("T01/measurements/{year}/official"),
            &json!({"value": 60 + i, "note": note}),
        );
        assert_eq!(reply.status, 201, "{}", reply.body);
    }
    let exported = app.export_csv();
    let Some(fresh) = TestApp::spawn(backend) else {
        return;
    };
    let who = fresh.statistician_token("thongke");
    let reply = fresh.import_csv(&who, &exported, false);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let t01 = fresh.get_json("/api/v1/targets/T01");
    let back: Vec<&str> = t01["measurements"]
        .as_array()
        .expect("figures")
        .iter()
        .filter_map(|m| m["note"].as_str())
        .collect();
    assert_eq!(back, notes);
}

fn revisions_keep_growing_across_delete_and_re_create(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let figure = "T01/measurements/2024/official";
    app.create_figure(&who, figure, 70.0);
    let deleted = app.send(
        &who,
        "DELETE",
        &format!("/api/v1/targets/{figure}?revision=1"),
        None,
    );
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    let again = app.put_figure(&who, figure, &json!({"value": 75}));
    assert_eq!(again.status, 201, "{}", again.body);
    assert_eq!(
        again.json()["revision"],
        3,
        "continues after the deletion's 2"
    );
    let stale = app.put_figure(&who, figure, &json!({"value": 99, "revision": 1}));
    assert_eq!(
        stale.status, 409,
        "a writer from before the deletion: {}",
        stale.body
    );
    // The same through an import.
    let deleted = app.send(
        &who,
        "DELETE",
        &format!("/api/v1/targets/{figure}?revision=3"),
        None,
    );
    assert_eq!(deleted.status, 200);
    let header = "target_code,year,quality,value,state,source,note\n";
    assert_eq!(
        app.import_csv(&who, &format!("{header}T01,2024,official,76,,,\n"), false)
            .status,
        200
    );
    let history = app.get_json("/api/v1/targets/T01/history");
    let revisions: Vec<i64> = history
        .as_array()
        .expect("history")
        .iter()
        .rev()
        .filter_map(|c| c["revision"].as_i64())
        .collect();
    assert_eq!(revisions, [1, 2, 3, 4, 5]);
    crate::helpers::assert_history_consistent(&app, "T01");
}

fn sign_in_redirects_only_to_this_site(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    app.add_user("thongke", "statistician", "mật-khẩu-đủ-dài");
    for next in [
        "/\t/evil.com",
        "/\\evil.com",
        "//evil.com",
        "/a\r\nSet-Cookie: x=1",
        "https://evil.com",
        "/ok\u{0}",
    ] {
        let reply = login_with_next(&app, next);
        assert_eq!(reply.0, 303, "{next:?}");
        assert_eq!(reply.1.as_deref(), Some("/"), "{next:?}");
    }
    let reply = login_with_next(&app, "/targets/T01?lang=en");
    assert_eq!(reply.1.as_deref(), Some("/targets/T01?lang=en"));
}

fn login_with_next(app: &TestApp, next: &str) -> (u16, Option<String>) {
    let reply = app.login_as("thongke", "mật-khẩu-đủ-dài", next, None);
    (reply.status, reply.location)
}

fn an_attacker_elsewhere_cannot_lock_a_user_out(backend: Backend) {
    let Some(db) = crate::helpers::TestDb::new(backend) else {
        return;
    };
    let app = TestApp::spawn_on(db, |s| {
        s.server.trusted_proxies = vec!["127.0.0.1".parse().expect("an address")]
    });
    app.add_user("thongke", "statistician", "mật-khẩu-đủ-dài");
    let attempt = |from: &str, password: &str| login_from(&app, from, password);
    for _ in 0..5 {
        assert_eq!(attempt("203.0.113.9", "sai-mat-khau-roi"), 401);
    }
    assert_eq!(
        attempt("203.0.113.9", "mật-khẩu-đủ-dài"),
        429,
        "the attacker's address is locked"
    );
    assert_eq!(
        attempt("192.0.2.1", "mật-khẩu-đủ-dài"),
        303,
        "the user at their desk is not"
    );
    // Without trusted proxies the header is the client's own word, and is not believed.
    let Some(db) = crate::helpers::TestDb::new(backend) else {
        return;
    };
    let plain = TestApp::spawn_on(db, |_| {});
    plain.add_user("thongke", "statistician", "mật-khẩu-đủ-dài");
    for i in 0..5 {
        assert_eq!(
            login_from(&plain, &format!("198.51.100.{i}"), "sai-mat-khau-roi"),
            401
        );
    }
    assert_eq!(login_from(&plain, "198.51.100.77", "mật-khẩu-đủ-dài"), 429);
}

fn login_from(app: &TestApp, address: &str, password: &str) -> u16 {
    let forwarded = format!("10.9.9.9, {address}");
    app.login_as("thongke", password, "/", Some(&forwarded))
        .status
}

crate::on_both_backends!(
    a_huge_value_is_refused_and_charts_still_draw,
    a_workbook_reaching_the_sheets_corner_is_refused_not_allocated,
    a_date_or_boolean_cell_where_a_number_belongs_is_refused,
    an_unclosed_quote_swallows_no_rows,
    control_characters_are_refused_the_same_on_both_backends,
    small_things_are_right,
    an_apostrophe_of_ones_own_survives_export_and_import,
    revisions_keep_growing_across_delete_and_re_create,
    sign_in_redirects_only_to_this_site,
    an_attacker_elsewhere_cannot_lock_a_user_out,
);

//! The statisticians' pages: a year's form, the import page, the history; XLSX in and out; size limits.

use crate::helpers::{assert_contains, Backend, Credentials, TestApp, FIGURES_CSV};

const PASSWORD: &str = "mật-khẩu-đủ-dài";

fn statistician(app: &TestApp) -> (Credentials, String) {
    app.session("thongke", "statistician")
}

fn form(
    app: &TestApp,
    who: &Credentials,
    path: &str,
    fields: &[(&str, &str)],
) -> crate::helpers::Reply {
    app.post_form(who, path, fields)
}

pub(crate) fn multipart(
    csrf: &str,
    action: &str,
    name: &str,
    content_type: &str,
    file: &[u8],
) -> (String, Vec<u8>) {
    let boundary = "rt-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\n{action}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

pub(crate) fn upload(
    app: &TestApp,
    who: &Credentials,
    path: &str,
    content_type: &str,
    body: &[u8],
) -> crate::helpers::Reply {
    let mut request = TestApp::agent()
        .post(&app.url(path))
        .set("Content-Type", content_type);
    match who {
        Credentials::Session { cookie, csrf } => {
            request = request.set("Cookie", cookie).set("X-CSRF-Token", csrf)
        }
        Credentials::Token(t) => request = request.set("Authorization", &format!("Bearer {t}")),
        Credentials::Anonymous => {}
    }
    crate::helpers::Reply::from(request.send_bytes(body))
}

fn a_years_form_saves_and_keeps_history(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (me, csrf) = statistician(&app);
    let page = app.send(&me, "GET", "/entry/2024", None);
    assert_eq!(page.status, 200);
    assert_eq!(page.body.matches("<th scope=\"row\">").count(), 16);
    let saved = form(
        &app,
        &me,
        "/entry/2024",
        &[
            ("csrf", &csrf),
            ("v_T01_official", "80,6"),
            ("s_T01", "Chi cục Thống kê"),
            ("v_T11_estimate", "in_progress"),
            ("v_T15_estimate", ""),
        ],
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    let page = app.send(&me, "GET", "/entry/2024?saved=2", None);
    assert!(page.body.contains("Đã lưu 2 số liệu."));
    assert!(
        page.body.contains("value=\"80,6\""),
        "prefilled as typed in Vietnamese"
    );
    let t01 = app.get_json("/api/v1/targets/T01");
    assert_eq!(t01["measurements"][0]["value"], 80.6);
    assert_eq!(t01["measurements"][0]["source"], "Chi cục Thống kê");
    assert_eq!(
        app.get_json("/api/v1/targets/T01/history")[0]["channel"],
        "form"
    );
    let history = app.send(&Credentials::Anonymous, "GET", "/history", None);
    assert!(
        history.body.contains("thongke") && history.body.contains("(biểu mẫu)"),
        "{}",
        history.body
    );
    // Sending the same form again changes nothing.
    let rev = t01["measurements"][0]["revision"]
        .as_i64()
        .unwrap_or(0)
        .to_string();
    let again = form(
        &app,
        &me,
        "/entry/2024",
        &[
            ("csrf", &csrf),
            ("v_T01_official", "80,6"),
            ("r_T01_official", &rev),
            ("s_T01", "Chi cục Thống kê"),
        ],
    );
    assert_eq!(again.status, 303);
    assert_eq!(
        app.get_json("/api/v1/targets/T01")["measurements"][0]["revision"],
        1
    );
    // An emptied box is not a removal (that is its own action): it is said beside the box, and nothing is
    // removed, nothing in the history.
    let emptied = form(
        &app,
        &me,
        "/entry/2024",
        &[
            ("csrf", &csrf),
            ("v_T01_official", ""),
            ("r_T01_official", &rev),
        ],
    );
    assert_eq!(emptied.status, 422, "{}", emptied.body);
    assert_contains(
        &emptied.body,
        "<span class=\"field-error\" id=\"e_T01_official\">Ô này đã bị xóa trắng nhưng số liệu chưa bị xóa: để xóa, dùng nút «Xóa» bên cạnh; để giữ, nhập lại số.</span>",
    );
    let t01 = app.get_json("/api/v1/targets/T01");
    assert_eq!(
        (
            &t01["measurements"][0]["value"],
            &t01["measurements"][0]["revision"]
        ),
        (&serde_json::json!(80.6), &serde_json::json!(1))
    );
    let changes = app.get_json("/api/v1/targets/T01/history");
    assert_eq!(
        changes.as_array().map(Vec::len),
        Some(1),
        "only the creation"
    );
}

fn errors_show_beside_their_boxes_and_nothing_is_saved(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (me, csrf) = statistician(&app);
    let reply = form(
        &app,
        &me,
        "/entry/2024",
        &[
            ("csrf", &csrf),
            ("v_T05_official", "101"),
            ("v_T01_official", "tám mươi"),
            ("v_T06_official", "86"),
        ],
    );
    assert_eq!(reply.status, 422);
    assert!(reply
        .body
        .contains("Chưa lưu gì: hãy sửa các ô được đánh dấu."));
    assert_contains(&reply.body, "giá trị: không được lớn hơn 100");
    assert!(reply.body.contains("không phải là số"));
    assert!(
        reply.body.contains("value=\"tám mươi\""),
        "what was typed stays"
    );
    assert!(reply.body.contains("aria-invalid=\"true\""));
    assert_eq!(
        app.get_json("/api/v1/targets/T06")["measurements"],
        serde_json::json!([]),
        "the good box was not saved either"
    );
    let stale = form(
        &app,
        &me,
        "/entry/2024",
        &[("csrf", "cu-roi"), ("v_T06_official", "86")],
    );
    assert_eq!(stale.status, 403);
}

fn a_concurrent_change_is_shown_not_overwritten(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (me, csrf) = statistician(&app);
    let other = app.statistician_token("khac");
    let path = "/api/v1/targets/T01/measurements/2024/official";
    assert_eq!(app.put_json(&other, path, "{\"value\": 80.0}").status, 201);
    // The form was opened at revision 1; meanwhile the other statistician saves revision 2.
    assert_eq!(
        app.put_json(&other, path, "{\"value\": 81.5, \"revision\": 1}")
            .status,
        200
    );
    let reply = form(
        &app,
        &me,
        "/entry/2024",
        &[
            ("csrf", &csrf),
            ("v_T01_official", "80,6"),
            ("r_T01_official", "1"),
        ],
    );
    assert_eq!(reply.status, 409);
    assert!(reply.body.contains("Người khác đã thay đổi số liệu này"));
    assert!(
        reply.body.contains("81,5 triệu đồng/người/năm (khac"),
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains("value=\"80,6\""),
        "what was typed stays"
    );
    assert_eq!(
        app.get_json("/api/v1/targets/T01")["measurements"][0]["value"],
        81.5,
        "not overwritten"
    );
}

fn the_import_page_checks_then_imports(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (me, csrf) = statistician(&app);
    let (ct, body) = multipart(
        &csrf,
        "preview",
        "so-lieu.csv",
        "text/csv",
        FIGURES_CSV.as_bytes(),
    );
    let preview = upload(&app, &me, "/import", &ct, &body);
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(preview
        .body
        .contains("Tệp hợp lệ: 10 số liệu có thể nhập (10 mới, 0 sửa, 0 không đổi). Chưa lưu gì: xem các thay đổi dưới đây rồi bấm «Nhập số liệu»."));
    assert_eq!(
        app.get_json("/api/v1/targets/T01")["measurements"],
        serde_json::json!([])
    );
    let (ct, body) = multipart(
        &csrf,
        "commit",
        "so-lieu.csv",
        "text/csv",
        FIGURES_CSV.as_bytes(),
    );
    let commit = upload(&app, &me, "/import", &ct, &body);
    assert!(
        commit
            .body
            .contains("Đã nhập 10 dòng: 10 mới, 0 sửa, 0 không đổi."),
        "{}",
        commit.body
    );
    let bad = format!("{FIGURES_CSV}T05,2024,official,101,,,\n");
    let (ct, body) = multipart(&csrf, "commit", "so-lieu.csv", "text/csv", bad.as_bytes());
    let refused = upload(&app, &me, "/import", &ct, &body);
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .body
            .contains("dòng 12, cột value: không được lớn hơn 100"),
        "{}",
        refused.body
    );
    // A file of 250 bad rows: the first 100 named, the other 150 counted, on the page as in JSON.
    let mut many = "target_code,year,quality,value,state,source,note\n".to_string();
    for _ in 0..250 {
        many.push_str("X,2024,official,1,,,\n");
    }
    let (ct, body) = multipart(
        &csrf,
        "preview",
        "nhieu-loi.csv",
        "text/csv",
        many.as_bytes(),
    );
    let refused = upload(&app, &me, "/import", &ct, &body);
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("dòng 101, cột target_code"));
    assert!(
        !refused.body.contains("dòng 102, cột target_code"),
        "only 100 named"
    );
    assert!(
        refused.body.contains("… và 150 lỗi khác"),
        "the rest counted"
    );
}

fn xlsx_export_then_import_gives_back_identical_data(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let csv = app.file("figures.csv", FIGURES_CSV.as_bytes());
    assert_eq!(app.cli(&["import", csv.to_str().expect("path")]).code, 0);
    let export = app.download("/api/v1/export.xlsx", None);
    assert_eq!(export.status, 200);
    assert!(export
        .content_type
        .starts_with("application/vnd.openxmlformats"));
    let token = app.statistician_token("a");
    let again = upload(
        &app,
        &token,
        "/api/v1/imports",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &export.bytes,
    );
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(
        (
            again.json()["unchanged"].as_i64(),
            again.json()["created"].as_i64()
        ),
        (Some(10), Some(0))
    );

    // Into a fresh install: the same figures come out.
    let Some(fresh) = TestApp::spawn(backend) else {
        return;
    };
    fresh.add_user("a", "statistician", PASSWORD);
    let token = Credentials::Token(fresh.token("a"));
    let (ct, body) = multipart(
        "",
        "commit",
        "export.xlsx",
        "application/octet-stream",
        &export.bytes,
    );
    let imported = upload(&fresh, &token, "/api/v1/imports", &ct, &body);
    assert_eq!(imported.json()["created"], 10, "{}", imported.body);
    let strip = |v: serde_json::Value| -> Vec<serde_json::Value> {
        v["measurements"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|mut m| {
                for k in ["changed_at", "changed_by", "revision"] {
                    m.as_object_mut().map(|o| o.remove(k));
                }
                m
            })
            .collect()
    };
    for code in ["T01", "T05", "T11", "T15"] {
        assert_eq!(
            strip(fresh.get_json(&format!("/api/v1/targets/{code}"))),
            strip(app.get_json(&format!("/api/v1/targets/{code}"))),
            "{code}"
        );
    }
}

fn an_upload_over_the_limit_gets_413(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let token = app.statistician_token("a");
    let big = vec![b'x'; 21 * 1024 * 1024];
    let reply = upload(&app, &token, "/api/v1/imports", "text/csv", &big);
    assert_eq!(reply.status, 413);
    assert_eq!(reply.error()["code"], "too_large");
}

/// A unit's own form: the boxes each roll-up target needs, the units' one check, revisions and conflicts.
fn a_units_form_takes_counts_and_answers_checked_like_the_api(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (me, csrf) = statistician(&app);
    let area = app.send(&me, "GET", "/entry/2023", None);
    assert!(
        area.body.contains("name=\"unit\""),
        "the area's form opens a unit's"
    );
    let page = app.send(&me, "GET", "/entry/2023?unit=cam-dien", None);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Nhập số liệu năm 2023 · Xã Cẩm Điền"));
    assert!(
        page.body.contains("name=\"num_T06_official\"")
            && page.body.contains("name=\"den_T06_official\"")
    );
    assert!(
        page.body.contains("name=\"v_T09_official\""),
        "T09 takes yes/no"
    );
    assert!(
        !page.body.contains("T01 ·"),
        "a target without a roll-up has no row"
    );
    let path = "/entry/2023?unit=cam-dien";
    // A numerator above its denominator: refused beside its box, nothing saved.
    let bad = form(
        &app,
        &me,
        path,
        &[
            ("csrf", &csrf),
            ("num_T06_official", "1200"),
            ("den_T06_official", "1000"),
            ("v_T09_official", "yes"),
        ],
    );
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("aria-invalid=\"true\""));
    assert!(bad.body.contains("value=\"1200\""), "what was typed stays");
    let units = app.get_json("/api/v1/targets/T06/units?year=2023");
    assert!(units["units"]
        .as_array()
        .expect("units")
        .iter()
        .all(|u| u["figure"].is_null()));
    // Counts and an answer: saved, back on the unit's form.
    let saved = form(
        &app,
        &me,
        path,
        &[
            ("csrf", &csrf),
            ("num_T06_official", "950"),
            ("den_T06_official", "1.000"),
            ("s_T06", "UBND xã"),
            ("v_T09_official", "yes"),
        ],
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    let again = app.send(&me, "GET", "/entry/2023?unit=cam-dien&saved=2", None);
    assert!(again.body.contains("Đã lưu 2 số liệu."), "{}", again.body);
    assert!(again.body.contains("value=\"950\"") && again.body.contains("value=\"1000\""));
    let units = app.get_json("/api/v1/targets/T06/units?year=2023");
    let dien = units["units"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["code"] == "cam-dien")
        .expect("Cẩm Điền")
        .clone();
    assert_eq!(dien["figure"]["value"], 95.0);
    assert_eq!(
        app.get_json("/api/v1/targets/T06/history")[0]["channel"],
        "form"
    );
    // Someone else changed it meanwhile: theirs is kept and shown.
    let other = app.statistician_token("khac");
    let api = "/api/v1/targets/T06/measurements/2023/official?unit=cam-dien";
    assert_eq!(
        app.put_json(
            &other,
            api,
            "{\"numerator\": 960, \"denominator\": 1000, \"revision\": 1}"
        )
        .status,
        200
    );
    let stale = form(
        &app,
        &me,
        path,
        &[
            ("csrf", &csrf),
            ("num_T06_official", "940"),
            ("den_T06_official", "1000"),
            ("r_T06_official", "1"),
        ],
    );
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert!(stale.body.contains("960/1.000 (khac"), "{}", stale.body);
    // A unit the catalog does not have, or one that did not exist that year: no such form.
    assert_eq!(
        app.send(&me, "GET", "/entry/2023?unit=nowhere", None)
            .status,
        404
    );
    let before = app.send(&me, "GET", "/entry/2023?unit=phuc-dien", None);
    assert_eq!(before.status, 404);
    assert!(before.body.contains("phuc-dien"), "{}", before.body);
}

crate::on_both_backends!(
    a_units_form_takes_counts_and_answers_checked_like_the_api,
    a_years_form_saves_and_keeps_history,
    errors_show_beside_their_boxes_and_nothing_is_saved,
    a_concurrent_change_is_shown_not_overwritten,
    the_import_page_checks_then_imports,
    xlsx_export_then_import_gives_back_identical_data,
    an_upload_over_the_limit_gets_413,
);

//! Locked years: an administrator locks a year once its report is adopted; every write into it, by every path,
//! is refused with 409 saying who locked it and when; unlocking needs a reason; both are kept.

use serde_json::json;

use crate::entry::{multipart, upload};
use crate::helpers::*;
use crate::on_both_backends;

fn a_locked_year_refuses_every_write_until_unlocked_with_a_reason(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let token = app.statistician_token("thong.ke");
    let income = |value: f64| json!({"value": value, "source": "Chi cục Thống kê"}).to_string();
    let put = app.put_json(
        &token,
        "/api/v1/targets/T01/measurements/2024/official",
        &income(80.6),
    );
    assert_eq!(put.status, 201, "{}", put.body);
    // A statistician may not lock; an administrator may, once.
    assert_eq!(
        app.send(&token, "PUT", "/api/v1/locks/2024", None).status,
        403
    );
    let (admin, admin_csrf) = app.session("quan.tri", "admin");
    let locked = app.send(&admin, "PUT", "/api/v1/locks/2024", None);
    assert_eq!(locked.status, 201, "{}", locked.body);
    assert_eq!(
        (
            &locked.json()["year"],
            &locked.json()["action"],
            &locked.json()["by"]
        ),
        (&json!(2024), &json!("lock"), &json!("quan.tri"))
    );
    let again = app.send(&admin, "PUT", "/api/v1/locks/2024", None);
    assert_eq!(
        (again.status, again.error()["code"].clone()),
        (409, json!("year_locked"))
    );

    // Every path into 2024 is refused, saying who locked it and when; nothing changes.
    let said = "năm 2024 đã được quan.tri khóa lúc";
    let refused = app.put_json(
        &token,
        "/api/v1/targets/T01/measurements/2024/official",
        &income(81.0),
    );
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert_eq!(refused.error()["code"], "year_locked");
    assert_contains(
        refused.error()["message"].as_str().unwrap_or(""),
        "the year 2024 was locked by quan.tri at ",
    );
    let deleted = app.send(
        &token,
        "DELETE",
        "/api/v1/targets/T01/measurements/2024/official?revision=1",
        None,
    );
    assert_eq!(deleted.status, 409, "{}", deleted.body);
    let assessed = app.put_json(
        &token,
        "/api/v1/breakthroughs/B1/assessments/2024",
        &json!({"status": "on_track", "text": "Đúng tiến độ"}).to_string(),
    );
    assert_eq!(assessed.status, 409, "{}", assessed.body);
    let csv = "target_code,year,quality,value,state,source,note\nT02,2024,official,700,,,\n";
    let imported = upload(&app, &token, "/api/v1/imports", "text/csv", csv.as_bytes());
    assert_eq!(imported.status, 409, "{}", imported.body);
    let (me, csrf) = app.session("nhap.lieu", "statistician");
    let form = app.post_form(
        &me,
        "/entry/2024",
        &[("csrf", &csrf), ("v_T02_official", "700")],
    );
    assert_eq!(form.status, 409, "{}", form.body);
    assert_contains(&form.body, said);
    let (ct, body) = multipart(&csrf, "commit", "f.csv", "text/csv", csv.as_bytes());
    let page = upload(&app, &me, "/import", &ct, &body);
    assert_eq!(page.status, 409, "{}", page.body);
    let file = app.file("f.csv", csv.as_bytes());
    let cli = app.cli(&["import", file.to_str().expect("path")]);
    assert_ne!(cli.code, 0);
    assert_contains(&cli.stderr, "2024");
    let t01 = app.get_json("/api/v1/targets/T01");
    assert_eq!(t01["measurements"][0]["value"], 80.6);
    assert_eq!(
        app.get_json("/api/v1/targets/T02")["measurements"],
        json!([])
    );
    // Another year is open.
    let other = app.put_json(
        &token,
        "/api/v1/targets/T01/measurements/2023/official",
        &income(72.0),
    );
    assert_eq!(other.status, 201, "{}", other.body);

    // Unlocking needs a reason, on the API and on the page; then writes go through again.
    let bare = app.send(
        &admin,
        "DELETE",
        "/api/v1/locks/2024",
        Some(("application/json", "{\"reason\": \" \"}")),
    );
    assert_eq!(
        (bare.status, bare.error()["field"].clone()),
        (422, json!("reason"))
    );
    let page = app.post_form(
        &admin,
        "/admin/locks/2024",
        &[("csrf", &admin_csrf), ("action", "unlock"), ("reason", "")],
    );
    assert_eq!(page.status, 422, "{}", page.body);
    assert_contains(&page.body, "cần ghi lý do mở khóa");
    let unlocked = app.post_form(
        &admin,
        "/admin/locks/2024",
        &[
            ("csrf", &admin_csrf),
            ("action", "unlock"),
            ("reason", "Sửa theo niên giám 2025"),
        ],
    );
    assert_eq!(unlocked.status, 303, "{}", unlocked.body);
    assert_eq!(
        unlocked.location.as_deref(),
        Some("/admin/locks?unlocked=2024")
    );
    let put = app.put_json(
        &token,
        "/api/v1/targets/T01/measurements/2024/official",
        &json!({"value": 81.0, "revision": 1}).to_string(),
    );
    assert_eq!(put.status, 200, "{}", put.body);
    // Both events kept, newest first, the unlock with its reason; the page says the state and the history.
    let locks = app.get_json("/api/v1/locks");
    assert_eq!(locks["events"][0]["action"], "unlock");
    assert_eq!(locks["events"][0]["reason"], "Sửa theo niên giám 2025");
    assert_eq!(locks["events"][1]["action"], "lock");
    let listed = app.page_as(&admin, "/admin/locks?unlocked=2024");
    assert_contains(&listed.body, "Đã mở khóa năm 2024.");
    assert_contains(
        &listed.body,
        "<td>quan.tri</td><td>2024</td><td>Mở khóa</td><td>Sửa theo niên giám 2025</td>",
    );
    assert_contains(
        &listed.body,
        "<button type=\"submit\">Khóa năm 2024</button>",
    );
}

on_both_backends!(a_locked_year_refuses_every_write_until_unlocked_with_a_reason);

//! Breakthrough assessments: a status and a narrative a year, with revisions and history, on the API, the
//! breakthrough page and the dashboard.

use crate::helpers::{Backend, Credentials, TestApp};

const PASSWORD: &str = "mật-khẩu-đủ-dài";

fn assessments_through_the_api(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let token = app.statistician_token("thongke");
    let put = |body: &str| app.put_json(&token, "/api/v1/breakthroughs/B1/assessments/2024", body);
    let created = put("{\"status\": \"needs_acceleration\", \"text\": \"Đã quy hoạch 2 vùng sản xuất công nghệ cao; còn chậm.\"}");
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.json()["revision"], 1);
    let updated =
        put("{\"status\": \"on_track\", \"text\": \"Đã quy hoạch 3 vùng.\", \"revision\": 1}");
    assert_eq!(updated.status, 200);
    let stale = put("{\"status\": \"off_track\", \"text\": \"Cũ.\", \"revision\": 1}");
    assert_eq!(stale.status, 409);
    assert_eq!(stale.json()["current"]["text"], "Đã quy hoạch 3 vùng.");
    let bad = put("{\"status\": \"no_data\", \"text\": \"x\"}");
    assert_eq!(
        (bad.status, bad.error()["field"].as_str()),
        (422, Some("status"))
    );
    let empty = put("{\"status\": \"on_track\", \"text\": \"   \", \"revision\": 2}");
    assert_eq!(
        (empty.status, empty.error()["field"].as_str()),
        (422, Some("text"))
    );
    let far = app.send(
        &token,
        "PUT",
        "/api/v1/breakthroughs/B1/assessments/2040",
        Some((
            "application/json",
            "{\"status\": \"on_track\", \"text\": \"x\"}",
        )),
    );
    assert_eq!(
        (far.status, far.error()["field"].as_str()),
        (422, Some("year"))
    );

    let list = app.get_json("/api/v1/breakthroughs/B1/assessments");
    assert_eq!(list["assessments"][0]["status"], "on_track");
    assert_eq!(
        list["history"].as_array().map(Vec::len),
        Some(2),
        "both versions are kept"
    );
    assert_eq!(
        list["history"][0]["old_text"],
        "Đã quy hoạch 2 vùng sản xuất công nghệ cao; còn chậm."
    );

    let d = app.get_json("/api/v1/dashboard?as_of=2024");
    assert_eq!(
        d["breakthroughs"][0]["assessment"]["text"],
        "Đã quy hoạch 3 vùng."
    );
    assert!(
        app.get_json("/api/v1/dashboard?as_of=2023")["breakthroughs"][0]["assessment"].is_null(),
        "not seen before its year"
    );
    let out = app.cli(&["report", "--as-of", "2024", "--json"]);
    assert_eq!(
        out.stdout.trim_end(),
        app.get("/api/v1/dashboard?as_of=2024").body,
        "report --json stays the dashboard body"
    );
}

fn assessments_on_the_page(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    app.add_user("thongke", "statistician", PASSWORD);
    app.add_user("khac", "statistician", PASSWORD);
    let me = app.sign_in("thongke", PASSWORD);
    let Credentials::Session { csrf, .. } = &me else {
        panic!("a session")
    };
    let page = app.send(&me, "GET", "/breakthroughs/B2?as_of=2024", None);
    assert!(page.body.contains("Ghi đánh giá") && page.body.contains("Chưa có đánh giá."));
    let form = |fields: &str| {
        app.send(
            &me,
            "POST",
            "/breakthroughs/B2/assessments",
            Some((
                "application/x-www-form-urlencoded",
                &format!("csrf={csrf}&{fields}"),
            )),
        )
    };
    let saved = form("year=2024&status=needs_acceleration&text=H%E1%BA%A1+t%E1%BA%A7ng+giao+th%C3%B4ng+c%C3%B2n+ch%E1%BA%ADm");
    assert_eq!(saved.status, 303, "{}", saved.body);
    let page = app.send(
        &Credentials::Anonymous,
        "GET",
        "/breakthroughs/B2?as_of=2024",
        None,
    );
    assert!(page.body.contains("Hạ tầng giao thông còn chậm") && page.body.contains("bởi thongke"));
    assert!(
        !page.body.contains("Ghi đánh giá"),
        "no form for anonymous readers"
    );
    let dashboard = app.send(&Credentials::Anonymous, "GET", "/?as_of=2024", None);
    assert!(
        dashboard.body.contains("Đánh giá mới nhất (2024)")
            && dashboard.body.contains("Hạ tầng giao thông còn chậm")
    );

    // Someone else changes it; a form still at revision 1 is refused and keeps what was typed.
    let other = Credentials::Token(app.token("khac"));
    let change = app.send(
        &other,
        "PUT",
        "/api/v1/breakthroughs/B2/assessments/2024",
        Some((
            "application/json",
            "{\"status\": \"on_track\", \"text\": \"Đã bắt kịp.\", \"revision\": 1}",
        )),
    );
    assert_eq!(change.status, 200);
    let stale =
        form("year=2024&rev_2024=1&status=off_track&text=N%E1%BB%99i+dung+c%E1%BB%A7a+t%C3%B4i");
    assert_eq!(stale.status, 409);
    assert!(
        stale.body.contains("vừa được người khác thay đổi")
            && stale.body.contains("Nội dung của tôi")
    );
    assert_eq!(
        app.get_json("/api/v1/breakthroughs/B2/assessments")["assessments"][0]["text"],
        "Đã bắt kịp."
    );
    let empty = form("year=2024&rev_2024=2&status=off_track&text=");
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("bắt buộc phải nhập"));
}

/// The committee's assessment of a target: an approver's, beside the computed status, flagged where they differ.
fn the_committees_assessment_of_a_target_stands_beside_the_computed_status(backend: Backend) {
    let Some((app, me)) = TestApp::with_statistician(backend) else {
        return;
    };
    app.create_figure(&me, "T01/measurements/2024/official", 80.6);
    app.add_user("truong.phong", "approver", "mật-khẩu-đủ-dài");
    let boss = Credentials::Token(app.token("truong.phong"));
    let path = "/api/v1/targets/T01/assessments/2024";
    let body = |status: &str, revision: Option<i32>| {
        serde_json::json!({"status": status, "text": "Ban Thường vụ đánh giá chưa đạt do giá nông sản giảm", "revision": revision})
            .to_string()
    };
    assert_eq!(app.put_json(&me, path, &body("missed", None)).status, 403);
    let wrong = app.put_json(&boss, path, &body("done", None));
    assert_eq!(
        (wrong.status, wrong.error()["field"].clone()),
        (422, serde_json::json!("status"))
    );
    let put = app.put_json(&boss, path, &body("missed", None));
    assert_eq!(put.status, 201, "{}", put.body);
    assert_eq!(put.json()["status_label_vi"], "Không đạt");
    let board = app.get_json("/api/v1/dashboard?as_of=2024");
    let t01 = board["targets"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["code"] == "T01"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (&t01["committee"]["status"], &t01["differs"]),
        (&serde_json::json!("missed"), &serde_json::json!(true))
    );
    assert_ne!(
        t01["progress"]["status"], "missed",
        "the computed status stays beside it"
    );
    let page = app.page("/?as_of=2024", None);
    assert!(
        page.body
            .contains("Đánh giá chính thức: Không đạt (khác với đánh giá theo số liệu)"),
        "{}",
        page.body
    );
    let target = app.page("/targets/T01?as_of=2024", None);
    assert!(target.body.contains("Đánh giá chính thức 2024: Không đạt (khác với đánh giá theo số liệu)</strong>. Ban Thường vụ"), "{}", target.body);
    // Changed on the revision seen; a stale one is refused.
    assert_eq!(
        app.put_json(&boss, path, &body("off_track", Some(1)))
            .status,
        200
    );
    let stale = app.put_json(&boss, path, &body("achieved", Some(1)));
    assert_eq!(stale.status, 409, "{}", stale.body);
    let list = app.get_json("/api/v1/targets/T01/assessments");
    assert_eq!(
        (list[0]["status"].clone(), list[0]["revision"].clone()),
        (serde_json::json!("off_track"), serde_json::json!(2))
    );
}

/// The committee's assessment recorded on the target's page: the form is an approver's alone; what it records
/// stands on the page and in the API; a refusal names its field in Vietnamese and records nothing.
fn the_committees_assessment_on_the_target_page(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (boss, csrf) = app.session("truong.phong", "approver");
    let (clerk, clerk_csrf) = app.session("thongke", "statistician");
    let cookie = |who: &Credentials| match who {
        Credentials::Session { cookie, .. } => cookie.clone(),
        _ => String::new(),
    };
    let page = app.page("/targets/T05?as_of=2024", Some(&cookie(&boss)));
    assert!(
        page.body.contains("Ghi đánh giá chính thức năm 2024"),
        "{}",
        page.body
    );
    let theirs = app.page("/targets/T05?as_of=2024", Some(&cookie(&clerk)));
    assert!(!theirs.body.contains("Ghi đánh giá chính thức năm"));

    let path = "/targets/T05/assessments";
    let empty = [
        ("csrf", csrf.as_str()),
        ("year", "2024"),
        ("status", "achieved"),
        ("text", "  "),
    ];
    let refused = app.post_form(&boss, path, &empty);
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(
        refused.body.contains("bắt buộc phải nhập"),
        "{}",
        refused.body
    );
    let fields = [
        ("csrf", csrf.as_str()),
        ("year", "2024"),
        ("revision", ""),
        ("status", "achieved"),
        ("text", "Tỷ lệ tham gia bảo hiểm y tế vượt kế hoạch"),
    ];
    let saved = app.post_form(&boss, path, &fields);
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        saved.location.as_deref(),
        Some("/targets/T05?as_of=2024&assessed=1")
    );
    let after = app.page("/targets/T05?as_of=2024&assessed=1", Some(&cookie(&boss)));
    assert!(after.body.contains("Đã ghi đánh giá chính thức."));
    assert!(
        after.body.contains("Đánh giá chính thức 2024: Đã đạt"),
        "{}",
        after.body
    );
    assert!(
        after.body.contains("name=\"revision\" value=\"1\""),
        "the form is filled from revision 1"
    );
    let list = app.get_json("/api/v1/targets/T05/assessments");
    assert_eq!(
        (list[0]["status"].clone(), list[0]["changed_by"].clone()),
        (
            serde_json::json!("achieved"),
            serde_json::json!("truong.phong")
        )
    );
    // The same form again, filled from no revision, is stale: nothing is overwritten.
    let stale = app.post_form(&boss, path, &fields);
    assert_eq!(stale.status, 409, "{}", stale.body);
    let mut theirs = fields;
    theirs[0].1 = &clerk_csrf;
    assert_eq!(app.post_form(&clerk, path, &theirs).status, 403);
}

crate::on_both_backends!(
    assessments_through_the_api,
    assessments_on_the_page,
    the_committees_assessment_of_a_target_stands_beside_the_computed_status,
    the_committees_assessment_on_the_target_page,
);

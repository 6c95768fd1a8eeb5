//! Who answers for each target: the catalog's agencies, each target's lead agency on the API and its page, and the
//! dashboard of one agency's targets.

use serde_json::json;

use crate::helpers::*;
use crate::on_both_backends;

fn each_target_names_its_lead_agency_and_the_dashboard_filters_by_it(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    // The shipped assignment (shared/seed/README.md): the finance office leads T02.
    let t02 = app.get_json("/api/v1/targets/T02");
    assert_eq!(
        (&t02["agency"], &t02["co_agencies"]),
        (&json!("tai-chinh-ke-hoach"), &json!([]))
    );
    let page = app.page("/targets/T02", None);
    assert_contains(
        &page.body,
        "<p class=\"muted\"><a href=\"/?agency=tai-chinh-ke-hoach\">Cơ quan chủ trì: Phòng Tài chính - Kế hoạch</a></p>",
    );
    // The Economy and Infrastructure Office leads T11, T12, T13 and T16: its dashboard shows those four.
    let board = app.get_json("/api/v1/dashboard?agency=kinh-te-ha-tang&as_of=2024");
    let codes: Vec<&str> = board["targets"]
        .as_array()
        .map(|t| t.iter().filter_map(|t| t["code"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(codes, ["T11", "T12", "T13", "T16"]);
    let counted: u64 = board["summary"]
        .as_object()
        .map(|m| m.values().filter_map(|v| v.as_u64()).sum())
        .unwrap_or(0);
    assert_eq!(counted, 4);
    let page = app.page("/?agency=kinh-te-ha-tang&as_of=2024", None);
    assert_eq!(
        page.body
            .matches("<th scope=\"row\"><a href=\"/targets/")
            .count(),
        4
    );
    assert_contains(
        &page.body,
        "<option value=\"kinh-te-ha-tang\" selected>Phòng Kinh tế và Hạ tầng</option>",
    );
    let unknown = app.get("/api/v1/dashboard?agency=nowhere");
    assert_eq!(
        (unknown.status, unknown.error()["field"].clone()),
        (400, json!("agency"))
    );
    // A target naming an agency the catalog does not list is refused, naming it; the export keeps the agencies.
    let exported = app.file("out.toml", b"");
    let out = app.cli(&["catalog", "export", exported.to_str().expect("path")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(&exported).expect("exported");
    assert_contains(&text, "[[agencies]]\ncode = \"thong-ke\"");
    assert_contains(&text, "agency = \"tai-chinh-ke-hoach\"");
    let bad = text.replacen(
        "agency = \"tai-chinh-ke-hoach\"",
        "agency = \"tai-chinh\"",
        1,
    );
    let path = app.file("bad.toml", bad.as_bytes());
    let refused = app.cli(&["catalog", "load", path.to_str().expect("path")]);
    assert_ne!(refused.code, 0);
    assert_contains(
        &refused.stderr,
        "target T02: agency \"tai-chinh\" is not in [[agencies]]",
    );
}

fn an_agencys_statistician_writes_only_its_targets(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let added = app.user_add(
        &[
            "tai-chinh",
            "--role",
            "statistician",
            "--agency",
            "tai-chinh-ke-hoach",
        ],
        "mật-khẩu-đủ-dài",
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    assert_contains(
        &added.stdout,
        "writing for the agency tai-chinh-ke-hoach's targets only",
    );
    // The users' list says whose targets the account writes.
    let (admin, _) = app.session("quan.tri", "admin");
    let users = app.page_as(&admin, "/admin/users");
    assert_contains(
        &users.body,
        "<td>Cơ quan: cam-giang-2020-2025/tai-chinh-ke-hoach</td>",
    );
    let token = Credentials::Token(app.token("tai-chinh"));
    let revenue = app.put_figure(
        &token,
        "T02/measurements/2024/official",
        &json!({"value": 700}),
    );
    assert_eq!(revenue.status, 201, "{}", revenue.body);
    let income = app.put_figure(
        &token,
        "T01/measurements/2024/official",
        &json!({"value": 80.6}),
    );
    assert_eq!(income.status, 403, "{}", income.body);
    assert_contains(
        income.error()["message"].as_str().unwrap_or(""),
        "targets of the agency tai-chinh-ke-hoach; T01 is not one of them",
    );
    // Its form shows its own target alone, and a box of another's is refused.
    let me = app.sign_in("tai-chinh", "mật-khẩu-đủ-dài");
    let Credentials::Session { csrf, .. } = &me else {
        panic!("a session")
    };
    let csrf = csrf.clone();
    let form = app.page_as(&me, "/entry/2024");
    assert_contains(&form.body, "v_T02_official");
    assert!(!form.body.contains("v_T01_official"));
    let posted = app.post_form(
        &me,
        "/entry/2024",
        &[("csrf", &csrf), ("v_T01_official", "80,6")],
    );
    assert_eq!(posted.status, 403, "{}", posted.body);
    // A file with another agency's row is refused, naming the row; nothing is written.
    let csv = "target_code,year,quality,value,state,source,note\nT02,2023,official,640,,,\nT01,2023,official,72,,,\n";
    let imported =
        crate::entry::upload(&app, &token, "/api/v1/imports", "text/csv", csv.as_bytes());
    assert_eq!(imported.status, 422, "{}", imported.body);
    let errors = imported.json()["errors"].clone();
    assert_eq!(
        (&errors[0]["row"], &errors[0]["column"]),
        (&json!(3), &json!("target_code"))
    );
    assert_eq!(
        app.get_json("/api/v1/targets/T01")["measurements"],
        json!([])
    );
    // A breakthrough task's assessment is no agency's target.
    let assessed = app.put_json(
        &token,
        "/api/v1/breakthroughs/B2/assessments/2024",
        &json!({"status": "on_track", "text": "Đúng tiến độ"}).to_string(),
    );
    assert_eq!(assessed.status, 403, "{}", assessed.body);
    // An agency no catalog lists, or a unit and an agency at once, is refused.
    let unknown = app.user_add(
        &["x1", "--role", "statistician", "--agency", "tai-chinh"],
        "mật-khẩu-đủ-dài",
    );
    assert_ne!(unknown.code, 0);
    assert_contains(
        &unknown.stderr,
        "no resolution has an agency with the code \"tai-chinh\"",
    );
    let both = app.user_add(
        &[
            "x2",
            "--role",
            "statistician",
            "--agency",
            "bhxh",
            "--unit",
            "cam-vu",
        ],
        "mật-khẩu-đủ-dài",
    );
    assert_ne!(both.code, 0);
    assert_contains(&both.stderr, "a unit or to an agency, not both");
}

on_both_backends!(
    each_target_names_its_lead_agency_and_the_dashboard_filters_by_it,
    an_agencys_statistician_writes_only_its_targets,
);

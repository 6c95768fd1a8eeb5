//! Approval: a figure goes draft → submitted → approved (or returned with a reason); an approved figure changes by
//! no path until an approver reopens it with a reason; every step is a compare-and-set on the revision, kept in
//! the history; the dashboard marks unapproved figures, or leaves them out when the resolution says so.

use serde_json::{json, Value};

use crate::helpers::*;
use crate::on_both_backends;

const INCOME: &str = "/api/v1/targets/T01/measurements/2024/official";

fn step(app: &TestApp, who: &Credentials, path: &str, body: Value) -> Reply {
    app.send(
        who,
        "POST",
        path,
        Some(("application/json", &body.to_string())),
    )
}

fn approver(app: &TestApp) -> Credentials {
    app.add_user("truong.phong", "approver", "mật-khẩu-đủ-dài");
    Credentials::Token(app.token("truong.phong"))
}

fn a_figure_is_submitted_returned_fixed_approved_and_reopened_with_reasons(backend: Backend) {
    let Some((app, me)) = TestApp::with_statistician(backend) else {
        return;
    };
    let boss = approver(&app);
    let approval = format!("{INCOME}/approval");
    let put = app.put_json(&me, INCOME, &json!({"value": 80.6}).to_string());
    assert_eq!(
        (put.status, put.json()["approval"].clone()),
        (201, json!("draft"))
    );
    let sent = step(
        &app,
        &me,
        &approval,
        json!({"action": "submit", "revision": 1}),
    );
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert_eq!(
        (&sent.json()["approval"], &sent.json()["revision"]),
        (&json!("submitted"), &json!(2))
    );
    // A statistician does not approve; an approver returns only with a reason.
    let own = step(
        &app,
        &me,
        &approval,
        json!({"action": "approve", "revision": 2}),
    );
    assert_eq!(own.status, 403, "{}", own.body);
    let bare = step(
        &app,
        &boss,
        &approval,
        json!({"action": "return", "revision": 2}),
    );
    assert_eq!(
        (bare.status, bare.error()["field"].clone()),
        (422, json!("reason"))
    );
    let back = step(
        &app,
        &boss,
        &approval,
        json!({"action": "return", "revision": 2, "reason": "Chưa khớp niên giám"}),
    );
    assert_eq!(back.status, 200, "{}", back.body);
    assert_eq!(
        (&back.json()["approval"], &back.json()["approval_note"]),
        (&json!("returned"), &json!("Chưa khớp niên giám"))
    );
    // The statistician fixes it (a draft again) and submits; the approver approves.
    let fixed = app.put_json(
        &me,
        INCOME,
        &json!({"value": 80.9, "revision": 3}).to_string(),
    );
    assert_eq!(
        (fixed.status, fixed.json()["approval"].clone()),
        (200, json!("draft"))
    );
    assert_eq!(
        step(
            &app,
            &me,
            &approval,
            json!({"action": "submit", "revision": 4})
        )
        .status,
        200
    );
    // An approval on a revision someone moved past is refused with the figure as it is now.
    let stale = step(
        &app,
        &boss,
        &approval,
        json!({"action": "approve", "revision": 4}),
    );
    assert_eq!(
        (stale.status, stale.error()["code"].clone()),
        (409, json!("stale_revision"))
    );
    let approved = step(
        &app,
        &boss,
        &approval,
        json!({"action": "approve", "revision": 5}),
    );
    assert_eq!(
        (approved.status, approved.json()["approval"].clone()),
        (200, json!("approved"))
    );

    // Approved: no path changes it; the same value imported again changes nothing and is accepted.
    let edit = app.put_json(
        &me,
        INCOME,
        &json!({"value": 81.0, "revision": 6}).to_string(),
    );
    assert_eq!(
        (edit.status, edit.error()["code"].clone()),
        (409, json!("figure_approved"))
    );
    assert_contains(
        edit.error()["message"].as_str().unwrap_or(""),
        "the figure T01 2024 (official) is approved",
    );
    let delete = app.delete_figure(&me, "T01/measurements/2024/official?revision=6");
    assert_eq!(delete.status, 409, "{}", delete.body);
    let csv = "target_code,year,quality,value,state,source,note\nT01,2024,official,81.5,,,\nT02,2024,official,700,,,\n";
    let imported = app.import_csv(&me, csv, false);
    assert_eq!(
        (imported.status, imported.error()["code"].clone()),
        (409, json!("figure_approved"))
    );
    // The dry run says so before the import is tried, naming the row.
    let checked = app.import_csv(&me, csv, true);
    assert_eq!(checked.status, 422, "{}", checked.body);
    let errors = checked.json()["errors"].clone();
    assert_eq!(errors.as_array().map(Vec::len), Some(1), "{errors}");
    assert_eq!(
        (errors[0]["row"].clone(), errors[0]["column"].clone()),
        (json!(2), json!("value"))
    );
    assert_contains(
        errors[0]["message"].as_str().unwrap_or(""),
        "the figure T01 2024 (official) is approved",
    );
    let same = "target_code,year,quality,value,state,source,note\nT01,2024,official,80.9,,,\n";
    assert_eq!(app.import_csv(&me, same, false).status, 200);
    let (me_form, csrf) = app.session("nhap.lieu", "statistician");
    // The form shows the approved box as it is, not to be edited, and offers no removal of it.
    let shown = app.page_as(&me_form, "/entry/2024");
    assert_contains(
        &shown.body,
        "value=\"80,9\" readonly aria-label=\"T01 Chính thức\"",
    );
    assert_contains(
        &shown.body,
        "<span class=\"approval a-approved\">Đã duyệt</span>",
    );
    assert!(!shown.body.contains("target=T01&amp;quality=official"));
    let form = app.post_form(
        &me_form,
        "/entry/2024",
        &[
            ("csrf", &csrf),
            ("v_T01_official", "82"),
            ("r_T01_official", "6"),
        ],
    );
    assert_eq!(form.status, 409, "{}", form.body);
    assert_contains(&form.body, "đã được duyệt");
    let now = app.get_json("/api/v1/targets/T01/history");
    assert_eq!(now.as_array().map(Vec::len), Some(6), "{now}");
    assert!(
        !app.export_csv().contains("T02,2024"),
        "the refused import wrote nothing"
    );

    // Reopening needs an approver and a reason; it is kept in the history beside the approval.
    assert_eq!(
        step(
            &app,
            &me,
            &approval,
            json!({"action": "reopen", "revision": 6, "reason": "x"})
        )
        .status,
        403
    );
    let reopened = step(
        &app,
        &boss,
        &approval,
        json!({"action": "reopen", "revision": 6, "reason": "Cục Thống kê điều chỉnh số liệu"}),
    );
    assert_eq!(
        (reopened.status, reopened.json()["approval"].clone()),
        (200, json!("draft"))
    );
    let history = app.get_json("/api/v1/targets/T01/history");
    let actions: Vec<&str> = history
        .as_array()
        .map(|h| h.iter().filter_map(|c| c["action"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        actions,
        ["reopen", "approve", "submit", "update", "return", "submit", "create"]
    );
    assert_eq!(history[0]["reason"], "Cục Thống kê điều chỉnh số liệu");
    assert_eq!(history[0]["changed_by"], "truong.phong");
    let page = app.page_as(&boss, "/history");
    assert_contains(
        &page.body,
        "Mở lại 2024 chính thức: 80,9 triệu đồng/người/năm (API) — Lý do: Cục Thống kê điều chỉnh số liệu",
    );
    assert_eq!(
        app.put_json(
            &me,
            INCOME,
            &json!({"value": 81.0, "revision": 7}).to_string()
        )
        .status,
        200
    );
    assert_history_consistent(&app, "T01");
}

fn a_year_is_submitted_and_approved_at_once_within_each_ones_scope(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let added = app.user_add(
        &["cam-phuc", "--role", "statistician", "--unit", "cam-phuc"],
        "mật-khẩu-đủ-dài",
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    let commune = Credentials::Token(app.token("cam-phuc"));
    let district = app.statistician_token("huyen");
    let boss = approver(&app);
    for (who, path, body) in [
        (
            &commune,
            "T06/measurements/2024/official?unit=cam-phuc",
            json!({"numerator": 900, "denominator": 1000}),
        ),
        (
            &commune,
            "T06/measurements/2024/estimate?unit=cam-phuc",
            json!({"numerator": 890, "denominator": 1000}),
        ),
        (
            &district,
            "T06/measurements/2024/official?unit=cam-vu",
            json!({"numerator": 850, "denominator": 1000}),
        ),
        (
            &district,
            "T01/measurements/2024/official",
            json!({"value": 80.6}),
        ),
    ] {
        let put = app.put_figure(who, path, &body);
        assert_eq!(put.status, 201, "{path}: {}", put.body);
    }
    // The commune's statistician submits their year: their two figures, not the district's or Cẩm Vũ's.
    let sent = step(
        &app,
        &commune,
        "/api/v1/approvals",
        json!({"action": "submit", "year": 2024}),
    );
    assert_eq!(
        sent.json(),
        json!({"year": 2024, "moved": 2}),
        "{}",
        sent.body
    );
    assert_eq!(
        step(
            &app,
            &commune,
            "/api/v1/approvals",
            json!({"action": "approve", "year": 2024})
        )
        .status,
        403
    );
    // The approver approves the year's submitted figures of Cẩm Phúc: two; the drafts stay drafts.
    let approved = step(
        &app,
        &boss,
        "/api/v1/approvals?unit=cam-phuc",
        json!({"action": "approve", "year": 2024}),
    );
    assert_eq!(approved.json()["moved"], 2, "{}", approved.body);
    let none = step(
        &app,
        &boss,
        "/api/v1/approvals",
        json!({"action": "approve", "year": 2024}),
    );
    assert_eq!(none.json()["moved"], 0, "{}", none.body);
    let units = app.get_json("/api/v1/targets/T06/units?year=2024");
    let text = units.to_string();
    assert!(text.contains("cam-phuc"), "{text}");
    // The dashboard marks T01's and T06's unapproved figures: T01's own one, Cẩm Vũ's one.
    let board = app.get_json("/api/v1/dashboard?as_of=2024");
    let marked = |code: &str| {
        board["targets"]
            .as_array()
            .and_then(|t| t.iter().find(|t| t["code"] == code))
            .map(|t| t["unapproved"].clone())
    };
    assert_eq!(
        (marked("T01"), marked("T06")),
        (Some(json!(1)), Some(json!(1)))
    );
    let page = app.page("/?as_of=2024", None);
    assert_contains(&page.body, "1 số liệu chưa duyệt (vẫn được tính)");
    // The approvals page lists what waits, and takes a step by its form.
    let (boss_page, csrf) = app.session("pho.phong", "approver");
    let queue = app.page_as(&boss_page, "/approvals?year=2024&show=all");
    assert_eq!(queue.status, 200);
    assert_contains(&queue.body, "Đã duyệt");
    let taken = app.post_form(
        &boss_page,
        "/approvals",
        &[
            ("csrf", &csrf),
            ("year", "2024"),
            ("action", "approve"),
            ("target", "T01"),
            ("unit", ""),
            ("quality", "official"),
            ("revision", "1"),
        ],
    );
    assert_eq!(taken.status, 303, "{}", taken.body);
    let t01 = app.get_json("/api/v1/targets/T01/history");
    assert_eq!(t01[0]["action"], "approve");
}

fn a_resolution_that_counts_approved_figures_leaves_the_others_out(backend: Backend) {
    let Some((app, me)) = TestApp::with_statistician(backend) else {
        return;
    };
    let boss = approver(&app);
    app.create_figure(&me, "T01/measurements/2023/official", 74.0);
    app.create_figure(&me, "T01/measurements/2024/official", 80.6);
    let approval = "/api/v1/targets/T01/measurements/2023/official/approval";
    assert_eq!(
        step(
            &app,
            &boss,
            approval,
            json!({"action": "approve", "revision": 1})
        )
        .status,
        200
    );
    let latest = |app: &TestApp| {
        let board = app.get_json("/api/v1/dashboard?as_of=2024");
        board["targets"]
            .as_array()
            .and_then(|t| t.iter().find(|t| t["code"] == "T01"))
            .map(|t| {
                (
                    t["progress"]["latest_year"].clone(),
                    t["unapproved"].clone(),
                )
            })
    };
    assert_eq!(latest(&app), Some((json!(2024), json!(1))));
    // The committee counts approved figures alone: 2024's unapproved figure is left out, and said so.
    let exported = app.file("out.toml", b"");
    let out = app.cli(&["catalog", "export", exported.to_str().expect("path")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(&exported).expect("exported");
    let counted = text.replacen(
        "goal_year = 2025\n",
        "goal_year = 2025\ncounts = \"approved\"\n",
        1,
    );
    let path = app.file("approved.toml", counted.as_bytes());
    let loaded = app.cli(&["catalog", "load", path.to_str().expect("path")]);
    assert_eq!(loaded.code, 0, "{}", loaded.stderr);
    assert_eq!(latest(&app), Some((json!(2023), json!(1))));
    let page = app.page("/?as_of=2024", None);
    assert_contains(&page.body, "1 số liệu chưa duyệt (không được tính)");
    let wrong = text.replacen(
        "goal_year = 2025\n",
        "goal_year = 2025\ncounts = \"some\"\n",
        1,
    );
    let path = app.file("wrong.toml", wrong.as_bytes());
    let refused = app.cli(&["catalog", "load", path.to_str().expect("path")]);
    assert_contains(
        &refused.stderr,
        "counts \"some\" must be all (every figure) or approved",
    );
}

/// An approval and an edit sent on the same revision at once: one is written, the other refused with 409.
fn an_approval_racing_an_edit_lets_one_win(backend: Backend) {
    let Some((app, me)) = TestApp::with_statistician(backend) else {
        return;
    };
    let boss = approver(&app);
    let approval = format!("{INCOME}/approval");
    for round in 0..6 {
        let revision = 1 + round * 2;
        if round == 0 {
            app.create_figure(&me, "T01/measurements/2024/official", 80.0);
        }
        let (a, e) = std::thread::scope(|s| {
            let approve = s.spawn(|| {
                step(
                    &app,
                    &boss,
                    &approval,
                    json!({"action": "approve", "revision": revision}),
                )
            });
            let edit = s.spawn(|| {
                app.put_json(
                    &me,
                    INCOME,
                    &json!({"value": 81.0 + f64::from(round), "revision": revision}).to_string(),
                )
            });
            (approve.join().expect("approve"), edit.join().expect("edit"))
        });
        let mut statuses = [a.status, e.status];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409], "{} / {}", a.body, e.body);
        // Back to a draft for the next round, whichever won.
        if a.status == 200 {
            let reopened = step(
                &app,
                &boss,
                &approval,
                json!({"action": "reopen", "revision": revision + 1, "reason": "lượt sau"}),
            );
            assert_eq!(reopened.status, 200, "{}", reopened.body);
        } else {
            let touched = app.put_json(
                &me,
                INCOME,
                &json!({"value": 70.0 + f64::from(round), "revision": revision + 1}).to_string(),
            );
            assert_eq!(touched.status, 200, "{}", touched.body);
        }
    }
    assert_history_consistent(&app, "T01");
}

/// The approvals page of one commune approves that commune's year, not the other units' it does not show.
fn the_approvals_page_approves_the_year_of_the_unit_it_shows(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let district = app.statistician_token("huyen");
    for unit in ["cam-phuc", "cam-vu"] {
        let path = format!("T06/measurements/2024/official?unit={unit}");
        let body = json!({"numerator": 900, "denominator": 1000});
        assert_eq!(app.put_figure(&district, &path, &body).status, 201);
    }
    let sent = step(
        &app,
        &district,
        "/api/v1/approvals",
        json!({"action": "submit", "year": 2024}),
    );
    assert_eq!(sent.json()["moved"], 2, "{}", sent.body);
    let (boss, csrf) = app.session("truong.phong", "approver");
    let list = app.page_as(&boss, "/approvals?unit=cam-phuc&year=2024");
    assert_contains(&list.body, "action=\"/approvals?unit=cam-phuc\"");
    assert!(
        !list.body.contains("Cẩm Vũ"),
        "only Cẩm Phúc's figures are listed"
    );
    let taken = app.post_form(
        &boss,
        "/approvals?unit=cam-phuc",
        &[("csrf", &csrf), ("year", "2024"), ("action", "approve")],
    );
    assert_eq!(taken.status, 303, "{}", taken.body);
    assert_eq!(
        taken.location.as_deref(),
        Some("/approvals?year=2024&moved=1&show=submitted&unit=cam-phuc")
    );
    let history = app.get_json("/api/v1/targets/T06/history");
    let last = |unit: &str| {
        history
            .as_array()
            .and_then(|h| h.iter().find(|c| c["unit"] == unit))
            .map(|c| c["action"].clone())
    };
    assert_eq!(
        (last("cam-phuc"), last("cam-vu")),
        (Some(json!("approve")), Some(json!("submit")))
    );
    // A year the term does not have is refused naming it, as on every page.
    let wrong = app.page_as(&boss, "/approvals?year=1900");
    assert_eq!(wrong.status, 400, "{}", wrong.body);
}

/// What a hostile caller sends a step: each refused naming its field, nothing moved.
fn a_hostile_step_is_refused_and_moves_nothing(backend: Backend) {
    let Some((app, me)) = TestApp::with_statistician(backend) else {
        return;
    };
    let boss = approver(&app);
    app.create_figure(&me, "T01/measurements/2024/official", 80.6);
    let approval = format!("{INCOME}/approval");
    let refused = |body: &str| app.send(&boss, "POST", &approval, Some(("application/json", body)));
    // A revision past any integer, a reason with a control character or over 1,000 characters, an unknown step.
    let huge = refused("{\"action\": \"approve\", \"revision\": 1e300}");
    assert_eq!(
        (huge.status, huge.error()["code"].clone()),
        (400, json!("invalid_json"))
    );
    let bell = refused("{\"action\": \"return\", \"revision\": 1, \"reason\": \"sai\\u0007\"}");
    assert_eq!(
        (bell.status, bell.error()["field"].clone()),
        (422, json!("reason"))
    );
    let long = json!({"action": "return", "revision": 1, "reason": "x".repeat(1001)}).to_string();
    assert_eq!(refused(&long).error()["field"], "reason");
    let unknown = refused("{\"action\": \"approve!\", \"revision\": 1}");
    assert_eq!(
        (unknown.status, unknown.error()["field"].clone()),
        (400, json!("action"))
    );
    let year = app.send(
        &boss,
        "POST",
        "/api/v1/approvals",
        Some((
            "application/json",
            "{\"action\": \"approve\", \"year\": 99999999999}",
        )),
    );
    assert_eq!(
        (year.status, year.error()["field"].clone()),
        (400, json!("year"))
    );
    let history = app.get_json("/api/v1/targets/T01/history");
    assert_eq!(
        history.as_array().map(Vec::len),
        Some(1),
        "nothing moved: {history}"
    );
}

on_both_backends!(
    a_hostile_step_is_refused_and_moves_nothing,
    the_approvals_page_approves_the_year_of_the_unit_it_shows,
    a_figure_is_submitted_returned_fixed_approved_and_reopened_with_reasons,
    a_year_is_submitted_and_approved_at_once_within_each_ones_scope,
    a_resolution_that_counts_approved_figures_leaves_the_others_out,
    an_approval_racing_an_edit_lets_one_win,
);

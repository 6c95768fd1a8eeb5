//! Removing a figure on the pages: an explicit action per figure, a confirmation that shows it, a compare-and-set
//! on the revision shown, a deletion in the history; a commune statistician removes only their unit's figures.

use serde_json::json;

use crate::helpers::*;
use crate::on_both_backends;

fn stored(app: &TestApp, code: &str, year: i64, quality: &str) -> Option<serde_json::Value> {
    app.get_json(&format!("/api/v1/targets/{code}"))["measurements"]
        .as_array()?
        .iter()
        .find(|m| m["year"] == year && m["quality"] == quality)
        .cloned()
}

fn a_statistician_removes_a_figure_after_confirming(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (me, csrf) = app.session("thongke", "statistician");
    let saved = app.post_form(
        &me,
        "/entry/2024",
        &[("csrf", &csrf), ("v_T01_official", "80,6")],
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    // The form offers the removal of the stored figure, and only of it.
    let form = app.page_as(&me, "/entry/2024");
    assert_contains(&form.body, "<a class=\"remove\" href=\"/entry/2024/remove?target=T01&amp;quality=official\">Xóa<span class=\"visually-hidden\"> T01 Chính thức</span></a>");
    assert!(!form.body.contains("target=T01&amp;quality=estimate"));
    // The confirmation shows what is about to go.
    let ask = app.page_as(&me, "/entry/2024/remove?target=T01&quality=official");
    assert_eq!(ask.status, 200, "{}", ask.body);
    assert_contains(
        &ask.body,
        "Xóa số liệu này? Số liệu bị xóa vẫn được ghi trong lịch sử thay đổi.",
    );
    assert_contains(&ask.body, "<dd>80,6 triệu đồng/người/năm</dd>");
    assert_contains(&ask.body, "<dd>Huyện Cẩm Giàng</dd>");
    assert_contains(
        &ask.body,
        "<input type=\"hidden\" name=\"revision\" value=\"1\">",
    );
    let removed = app.post_form(
        &me,
        "/entry/2024/remove?target=T01&quality=official",
        &[("csrf", &csrf), ("revision", "1")],
    );
    assert_eq!(removed.status, 303, "{}", removed.body);
    assert_eq!(
        removed.location.as_deref(),
        Some("/entry/2024?removed=T01&quality=official")
    );
    assert!(stored(&app, "T01", 2024, "official").is_none());
    let back = app.page_as(&me, "/entry/2024?removed=T01&quality=official");
    assert_contains(&back.body, "Đã xóa số liệu T01 (chính thức).");
    let history = app.get_json("/api/v1/history?action=delete");
    assert_eq!(history["changes"][0]["channel"], "form");
    assert_eq!(history["changes"][0]["changed_by"], "thongke");
    // A confirmation shown before someone else changed the figure removes nothing: the figure now is shown.
    let again = app.post_form(
        &me,
        "/entry/2024",
        &[("csrf", &csrf), ("v_T01_official", "81")],
    );
    assert_eq!(again.status, 303, "{}", again.body);
    let stale = app.post_form(
        &me,
        "/entry/2024/remove?target=T01&quality=official",
        &[("csrf", &csrf), ("revision", "1")],
    );
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert_contains(
        &stale.body,
        "Số liệu này vừa được người khác thay đổi nên chưa bị xóa.",
    );
    assert_contains(&stale.body, "<dd>81 triệu đồng/người/năm</dd>");
    // Revisions go on across the deletion: created 1, deleted 2, created again 3.
    assert_contains(
        &stale.body,
        "<input type=\"hidden\" name=\"revision\" value=\"3\">",
    );
    assert_eq!(
        stored(&app, "T01", 2024, "official").map(|m| m["value"].clone()),
        Some(json!(81.0))
    );
    // Nothing to remove, or a bad ask, is said.
    assert_eq!(
        app.page_as(&me, "/entry/2024/remove?target=T01&quality=estimate")
            .status,
        404
    );
    assert_eq!(
        app.page_as(&me, "/entry/2024/remove?target=T01&quality=final")
            .status,
        400
    );
}

fn a_commune_statistician_removes_their_own_figures_only(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (district, _) = app.session("thongke", "statistician");
    let token = app.statistician_token("api");
    let counts = json!({"numerator": 1890, "denominator": 2140});
    for unit in ["cam-vu", "cam-doai"] {
        let put = app.put_figure(
            &token,
            &format!("T06/measurements/2024/official?unit={unit}"),
            &counts,
        );
        assert_eq!(put.status, 201, "{}", put.body);
    }
    let _ = district;
    app.user_add(
        &["commune", "--role", "statistician", "--unit", "cam-vu"],
        "mật-khẩu-đủ-dài",
    );
    let me = app.sign_in("commune", "mật-khẩu-đủ-dài");
    let Credentials::Session { csrf, .. } = &me else {
        panic!("a session")
    };
    let csrf = csrf.clone();
    let ask = app.page_as(
        &me,
        "/entry/2024/remove?target=T06&quality=official&unit=cam-vu",
    );
    assert_eq!(ask.status, 200, "{}", ask.body);
    assert_contains(&ask.body, "<dd>1.890/2.140</dd>");
    assert_contains(&ask.body, "<dd>Xã Cẩm Vũ</dd>");
    for other in ["unit=cam-doai&", ""] {
        let path = format!("/entry/2024/remove?{other}target=T06&quality=official");
        assert_eq!(app.page_as(&me, &path).status, 403, "{path}");
        let refused = app.post_form(&me, &path, &[("csrf", &csrf), ("revision", "1")]);
        assert_eq!(refused.status, 403, "{path}: {}", refused.body);
    }
    let removed = app.post_form(
        &me,
        "/entry/2024/remove?target=T06&quality=official&unit=cam-vu",
        &[("csrf", &csrf), ("revision", "1")],
    );
    assert_eq!(removed.status, 303, "{}", removed.body);
    assert_eq!(
        removed.location.as_deref(),
        Some("/entry/2024?removed=T06&quality=official&unit=cam-vu")
    );
    let units = app.get_json("/api/v1/targets/T06/units?year=2024");
    let figure = |code: &str| {
        units["units"]
            .as_array()
            .and_then(|l| l.iter().find(|u| u["code"] == code))
            .map(|u| u["figure"].clone())
    };
    assert_eq!(figure("cam-vu"), Some(json!(null)));
    assert!(figure("cam-doai").is_some_and(|f| !f.is_null()));
    // Emptied counts on the unit's form are said, not ignored.
    let put = app.put_figure(
        &token,
        "T06/measurements/2024/estimate?unit=cam-vu",
        &counts,
    );
    assert_eq!(put.status, 201, "{}", put.body);
    let emptied = app.post_form(
        &me,
        "/entry/2024?unit=cam-vu",
        &[
            ("csrf", &csrf),
            ("num_T06_estimate", ""),
            ("den_T06_estimate", ""),
            ("r_T06_estimate", "1"),
        ],
    );
    assert_eq!(emptied.status, 422, "{}", emptied.body);
    assert_contains(
        &emptied.body,
        "Ô này đã bị xóa trắng nhưng số liệu chưa bị xóa",
    );
}

on_both_backends!(
    a_statistician_removes_a_figure_after_confirming,
    a_commune_statistician_removes_their_own_figures_only,
);

//! A commune statistician's form: it opens on their unit's latest year with a gap, picks among the years the unit
//! existed in the term, and never leads them to a page they may not open.

use serde_json::json;

use crate::helpers::*;
use crate::on_both_backends;

/// Cẩm Điền (merged into Phúc Điền on 30/11/2024) reports on the commune targets T04-T10, T12, T14 and T15.
fn cam_dien_official_2024(app: &TestApp, token: &Credentials) {
    let counts = json!({"numerator": 90, "denominator": 100});
    let yes = json!({"state": "yes"});
    let value = json!({"value": 12});
    let figures = [
        ("T04", &counts),
        ("T05", &counts),
        ("T06", &counts),
        ("T07", &counts),
        ("T08", &counts),
        ("T09", &yes),
        ("T10", &yes),
        ("T12", &yes),
        ("T14", &counts),
        ("T15", &value),
    ];
    for (target, body) in figures {
        let path = format!("{target}/measurements/2024/official?unit=cam-dien");
        let put = app.put_figure(token, &path, body);
        assert_eq!(put.status, 201, "{target}: {}", put.body);
    }
}

fn a_commune_form_opens_on_the_latest_year_with_a_gap(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    app.user_add(
        &["xa", "--role", "statistician", "--unit", "cam-dien"],
        "mật-khẩu-đủ-dài",
    );
    let me = app.sign_in("xa", "mật-khẩu-đủ-dài");
    // Cẩm Điền ended in 2024: its form opens there, not on 2025 or 2026.
    let opened = app.page_as(&me, "/entry");
    assert_eq!(opened.status, 303, "{}", opened.body);
    assert_eq!(
        opened.location.as_deref(),
        Some("/entry/2024?unit=cam-dien&resolution=cam-giang-2020-2025")
    );
    // The year picker offers the years it existed in, 2020-2024, keeping the unit; no link to the district's form.
    let form = app.page_as(&me, "/entry/2024?unit=cam-dien");
    assert_eq!(form.status, 200, "{}", form.body);
    assert_contains(&form.body, "<strong aria-current=\"page\">2024</strong>");
    assert_contains(&form.body, "<a href=\"/entry/2023?unit=cam-dien\">2023</a>");
    assert_contains(&form.body, "<a href=\"/entry/2020?unit=cam-dien\">2020</a>");
    assert!(!form.body.contains("/entry/2025?unit=cam-dien"));
    assert!(!form.body.contains("class=\"crumb\""));
    // A ratio's two boxes say what they count, in the catalog's words.
    assert_contains(
        &form.body,
        "<label for=\"num_T06_official\">số hộ đạt gia đình văn hóa</label>",
    );
    assert_contains(
        &form.body,
        "<label for=\"den_T06_official\">tổng số hộ</label>",
    );
    let english = app.page_as(&me, "/entry/2024?unit=cam-dien&lang=en");
    assert_contains(
        &english.body,
        "<label for=\"den_T05_estimate\">population</label>",
    );
    // The unit's template of the year is offered on its form.
    assert_contains(
        &form.body,
        "<a href=\"/api/v1/template.xlsx?year=2024&#38;lang=vi&#38;unit=cam-dien\" download>Tệp mẫu năm 2024 (.xlsx)",
    );
    // Once 2024 holds every official figure, the form opens on 2023.
    let token = app.statistician_token("api");
    cam_dien_official_2024(&app, &token);
    let opened = app.page_as(&me, "/entry");
    assert_eq!(
        opened.location.as_deref(),
        Some("/entry/2023?unit=cam-dien&resolution=cam-giang-2020-2025")
    );
    // The district's form is refused, and the refusal still shows who is signed in.
    let refused = app.page_as(&me, "/entry/2024");
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_contains(&refused.body, "Đang đăng nhập: <strong>xa</strong>");
    assert!(!refused.body.contains("href=\"/login\""));
}

fn a_district_statistician_keeps_the_way_back_to_the_district_form(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (me, _) = app.session("thongke", "statistician");
    let opened = app.page_as(&me, "/entry?unit=phuc-dien");
    // Phúc Điền began on 1/12/2024: 2025 is its latest year, with every figure missing.
    assert_eq!(
        opened.location.as_deref(),
        Some("/entry/2025?unit=phuc-dien")
    );
    let form = app.page_as(&me, "/entry/2025?unit=phuc-dien");
    assert_contains(
        &form.body,
        "<p class=\"crumb\"><a href=\"/entry/2025\">← Nhập số liệu năm 2025</a></p>",
    );
    assert_contains(
        &form.body,
        "<a href=\"/entry/2024?unit=phuc-dien\">2024</a>",
    );
    assert!(!form.body.contains("/entry/2023?unit=phuc-dien"));
}

on_both_backends!(
    a_commune_form_opens_on_the_latest_year_with_a_gap,
    a_district_statistician_keeps_the_way_back_to_the_district_form,
);

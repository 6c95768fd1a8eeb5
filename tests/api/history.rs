//! The history a district office reads: whose figure each change is (a commune's or the district's), the figure
//! in words (counts, yes/no, states), the time on the office's clock (Asia/Ho_Chi_Minh, UTC+7), and filters by
//! target, unit, person, year and kind of change, a page of 100 at a time, on the page and in the API.

use chrono::{DateTime, Duration};
use serde_json::{json, Value};

use crate::helpers::*;
use crate::on_both_backends;

/// The district's T01 of 2024, then Cẩm Vũ's T06 (1,890 of 2,140 households) and its T09 answer, then T01
/// deleted by a second statistician.
fn a_morning(app: &TestApp, who: &Credentials) -> Credentials {
    app.create_figure(who, "T01/measurements/2024/official", 80.6);
    let counts = json!({"numerator": 1890, "denominator": 2140});
    let reply = app.put_figure(who, "T06/measurements/2024/official?unit=cam-vu", &counts);
    assert_eq!(reply.status, 201, "{}", reply.body);
    let yes = app.put_figure(
        who,
        "T09/measurements/2024/official?unit=cam-vu",
        &json!({"state": "có"}),
    );
    assert_eq!(yes.status, 201, "{}", yes.body);
    let second = app.statistician_token("phokhoa");
    let gone = app.delete_figure(&second, "T01/measurements/2024/official?revision=1");
    assert_eq!(gone.status, 200, "{}", gone.body);
    second
}

fn changes(reply: &Value) -> Vec<Value> {
    reply["changes"].as_array().expect("changes").clone()
}

fn a_change_names_whose_figure_it_is_in_words_and_local_time(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    a_morning(&app, &who);
    let page = app.page("/history", None);
    assert_eq!(page.status, 200);
    // Cẩm Vũ's counts are Cẩm Vũ's, not the district's, with the percentage they make: 1,890 / 2,140 = 88.32%.
    assert_contains(
        &page.body,
        "<td>Xã Cẩm Vũ</td><td>Nhập mới 2024 chính thức: 1.890/2.140 (88,32% hộ) (API)</td>",
    );
    assert_contains(
        &page.body,
        "<td>Xã Cẩm Vũ</td><td>Nhập mới 2024 chính thức: Có (API)</td>",
    );
    assert_contains(
        &page.body,
        "<td>Huyện Cẩm Giàng</td><td>Xóa 2024 chính thức: 80,6 triệu đồng/người/năm (API)</td>",
    );
    assert_contains(&page.body, "Giờ theo múi Asia/Ho_Chi_Minh, UTC+07:00.");
    // The time is the office's: seven hours past the UTC time the API gives.
    let api = app.get_json("/api/v1/targets/T01/history");
    let utc = DateTime::parse_from_rfc3339(api[0]["changed_at"].as_str().expect("a time"))
        .expect("RFC 3339");
    let local = (utc.naive_utc() + Duration::hours(7))
        .format("%d/%m/%Y %H:%M")
        .to_string();
    assert_contains(&page.body, &format!("<tr><td>{local}</td><td>phokhoa</td>"));
    let english = app.page("/history?lang=en", None);
    assert_contains(&english.body, "<td>Cẩm Vũ commune</td><td>Entered 2024 official: 1,890/2,140 (88.32% of households) (API)</td>");
    assert_contains(
        &english.body,
        "<td>Cẩm Vũ commune</td><td>Entered 2024 official: Yes (API)</td>",
    );
}

fn the_history_filters_by_unit_person_year_and_kind(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    a_morning(&app, &who);
    let all = app.get_json("/api/v1/history");
    assert_eq!(
        (changes(&all).len(), all["more"].clone()),
        (4, json!(false))
    );
    let of_cam_vu = app.get_json("/api/v1/history?of=cam-vu");
    let codes: Vec<String> = changes(&of_cam_vu)
        .iter()
        .map(|c| c["target_code"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(codes, ["T09", "T06"]);
    let area = app.get_json("/api/v1/history?of=area");
    assert_eq!(changes(&area).len(), 2, "{area}");
    assert!(changes(&area).iter().all(|c| c.get("unit").is_none()));
    let by_second = app.get_json("/api/v1/history?person=phokhoa");
    assert_eq!(changes(&by_second).len(), 1);
    assert_eq!(changes(&by_second)[0]["action"], "delete");
    let deletions = app.get_json("/api/v1/history?action=delete&target=T01");
    assert_eq!(changes(&deletions).len(), 1);
    let other_year = app.get_json("/api/v1/history?year=2023");
    assert_eq!(changes(&other_year).len(), 0);
    // The page keeps the filter in its boxes and says when nothing matches.
    let page = app.page("/history?of=cam-vu&action=delete", None);
    assert_contains(
        &page.body,
        "<option value=\"cam-vu\" selected>Xã Cẩm Vũ</option>",
    );
    assert_contains(&page.body, "<option value=\"delete\" selected>Xóa</option>");
    assert_contains(&page.body, "Không có thay đổi nào khớp bộ lọc.");
    // A filter that cannot be is named.
    for (query, field) in [
        ("of=nowhere", "of"),
        ("action=erase", "action"),
        ("page=0", "page"),
        ("year=1800", "year"),
    ] {
        let reply = app.get(&format!("/api/v1/history?{query}"));
        assert_eq!(reply.status, 400, "{query}: {}", reply.body);
        assert_eq!(reply.error()["field"], field, "{query}");
    }
}

/// 13 numeric targets × the years 2020-2026 × both qualities: 182 figures, so 182 changes.
fn many_figures() -> String {
    let mut file = "target_code,year,quality,value,state,source,note\n".to_string();
    for code in [
        "T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09", "T10", "T12", "T14", "T15",
    ] {
        for year in 2020..=2026 {
            for quality in ["estimate", "official"] {
                file.push_str(&format!("{code},{year},{quality},1,,,\n"));
            }
        }
    }
    file
}

fn a_long_history_comes_a_page_at_a_time(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let reply = app.import_csv(&who, &many_figures(), false);
    assert_eq!(reply.json()["created"], 182, "{}", reply.body);
    let first = app.get_json("/api/v1/history");
    assert_eq!(
        (changes(&first).len(), first["more"].clone()),
        (100, json!(true))
    );
    let second = app.get_json("/api/v1/history?page=2");
    assert_eq!(
        (changes(&second).len(), second["more"].clone()),
        (82, json!(false))
    );
    let page_one = app.page("/history", None);
    assert_contains(
        &page_one.body,
        "<a href=\"/history?page=2\" rel=\"next\">Trang sau →</a>",
    );
    assert!(!page_one.body.contains("rel=\"prev\""));
    let page_two = app.page("/history?page=2", None);
    assert_contains(
        &page_two.body,
        "<a href=\"/history?page=1\" rel=\"prev\">← Trang trước</a>",
    );
    assert_contains(&page_two.body, "<span>Trang 2</span>");
    assert!(!page_two.body.contains("rel=\"next\""));
    // Paging keeps the filter: T01's 14 changes fit on one page.
    let t01 = app.page("/history?target=T01&page=1", None);
    assert_eq!(t01.body.matches("<td>T01 · ").count(), 14);
    assert!(!t01.body.contains("rel=\"next\""));
}

on_both_backends!(
    a_change_names_whose_figure_it_is_in_words_and_local_time,
    the_history_filters_by_unit_person_year_and_kind,
    a_long_history_comes_a_page_at_a_time,
);

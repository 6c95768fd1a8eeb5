//! The reporting calendar: each year's estimate and official figure are due by a day (by default 30 November of
//! the year and 31 March of the next; the catalog may say others); completeness counts each unit's figures as on
//! time, late or overdue, and the forms say the year's due days and what is still missing.

use diesel::connection::SimpleConnection;
use diesel::Connection;
use serde_json::json;

use crate::helpers::*;
use crate::on_both_backends;

/// Moves the history of the figures of `year` entered after `after` to `day` (the suite cannot wait for a due day).
fn entered_on(app: &TestApp, year: i32, after: &str, day: &str) {
    let sql = format!(
        "UPDATE measurement_history SET changed_at = '{day} 09:00:00' WHERE year = {year} AND changed_at > '{after}'"
    );
    if let Some(path) = app.db.url.strip_prefix("sqlite://") {
        let mut conn = diesel::SqliteConnection::establish(path).expect("the test's SQLite file");
        conn.batch_execute(&sql).expect("moved");
    } else {
        let mut conn = diesel::PgConnection::establish(&app.db.url).expect("the test's database");
        conn.batch_execute(&sql).expect("moved");
    }
}

fn completeness_says_on_time_late_and_overdue(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let token = app.statistician_token("thong.ke");
    let counts = json!({"numerator": 90, "denominator": 100});
    for (path, body) in [
        ("T06/measurements/2023/official?unit=cam-vu", &counts),
        ("T07/measurements/2023/official?unit=cam-vu", &counts),
        ("T01/measurements/2023/official", &json!({"value": 72})),
    ] {
        let put = app.put_figure(&token, path, body);
        assert_eq!(put.status, 201, "{path}: {}", put.body);
    }
    // 2023's official figures were due on 31/03/2024: entered on that day they are on time, a day later late.
    entered_on(&app, 2023, "2024-12-31", "2024-03-31");
    let put = app.put_figure(
        &token,
        "T08/measurements/2023/official?unit=cam-vu",
        &counts,
    );
    assert_eq!(put.status, 201, "{}", put.body);
    entered_on(&app, 2023, "2024-12-31", "2024-04-01");
    // The suite's today is 15/06/2026: every other figure of 2023 is overdue.
    let grid = app.get_json("/api/v1/completeness?year=2023");
    let t = &grid["timeliness"];
    assert_eq!(t["estimate_due"], "2023-11-30");
    assert_eq!(t["official_due"], "2024-03-31");
    let vu = t["units"]
        .as_array()
        .and_then(|u| u.iter().find(|u| u[0] == "cam-vu"))
        .expect("Cẩm Vũ");
    // 10 targets a commune reports on, two qualities each: 2 on time, 1 late, 17 overdue.
    assert_eq!(
        vu[1],
        json!({"on_time": 2, "late": 1, "overdue": 17, "not_due": 0})
    );
    // The area's own: 6 targets not rolled up, two qualities: T01's official on time, 11 overdue.
    assert_eq!(
        t["area"],
        json!({"on_time": 1, "late": 0, "overdue": 11, "not_due": 0})
    );
    let page = app.page("/completeness/2023", None);
    assert_contains(
        &page.body,
        "Hạn nộp số liệu năm 2023: số ước thực hiện đến hết ngày 30/11/2023, số chính thức đến hết ngày 31/03/2024.",
    );
    assert_contains(
        &page.body,
        "<td>2 đúng hạn · 1 trễ hạn · 17 quá hạn chưa có</td>",
    );
    assert_contains(
        &page.body,
        "Số liệu riêng của địa bàn: 1 đúng hạn · 0 trễ hạn · 11 quá hạn chưa có.",
    );
}

fn the_calendar_is_the_catalogs_and_the_forms_say_it(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    // The office files its estimates by 15 December and its official figures by 30 April.
    let catalog = std::fs::read_to_string(project_file("assets/catalogs/cam-giang-2020-2025.toml"))
        .expect("the catalog")
        .replace(
            "goal_year = 2025\n",
            "goal_year = 2025\nestimate_due = \"12-15\"\nofficial_due = \"04-30\"\n",
        );
    let path = app.file("catalog.toml", catalog.as_bytes());
    let loaded = app.cli(&["catalog", "load", path.to_str().expect("path")]);
    assert_eq!(loaded.code, 0, "{}", loaded.stderr);
    assert_contains(&loaded.stdout, "calendar");
    let grid = app.get_json("/api/v1/completeness?year=2025");
    assert_eq!(grid["timeliness"]["estimate_due"], "2025-12-15");
    assert_eq!(grid["timeliness"]["official_due"], "2026-04-30");
    // The form of 2025 (today 15/06/2026): both days have passed, nothing is in.
    let (me, _) = app.session("thongke", "statistician");
    let form = app.page_as(&me, "/entry/2025");
    assert_contains(
        &form.body,
        "<li>Số ước thực hiện: hạn 15/12/2025 — đã quá hạn, còn thiếu 16 số liệu</li>",
    );
    assert_contains(
        &form.body,
        "<li>Số chính thức: hạn 30/04/2026 — đã quá hạn, còn thiếu 16 số liệu</li>",
    );
    // The other years of the term with figures still missing past their day link to their forms (the area's own
    // figures: the 6 targets not rolled up from units).
    assert_contains(
        &form.body,
        "<li><a href=\"/entry/2024\">2024: thiếu 6 số chính thức, quá hạn (hạn 30/04/2025)</a></li>",
    );
    // A commune's form counts its own: Cẩm Vũ reports on 10 targets.
    let commune = app.page_as(&me, "/entry/2025?unit=cam-vu");
    assert_contains(
        &commune.body,
        "<li><a href=\"/entry/2023?unit=cam-vu\">2023: thiếu 10 số ước thực hiện, quá hạn (hạn 15/12/2023)</a></li>",
    );
    // A day no year has is refused, naming it.
    let bad = catalog.replace("estimate_due = \"12-15\"", "estimate_due = \"02-29\"");
    let path = app.file("bad.toml", bad.as_bytes());
    let refused = app.cli(&["catalog", "load", path.to_str().expect("path")]);
    assert_ne!(refused.code, 0);
    assert_contains(
        &refused.stderr,
        "estimate_due \"02-29\" is not an MM-DD day every year has",
    );
}

on_both_backends!(
    completeness_says_on_time_late_and_overdue,
    the_calendar_is_the_catalogs_and_the_forms_say_it,
);

//! The area's units as the catalog describes them (the start of the units feature): stored with the catalog on
//! both backends, shown by `GET /api/v1/units`, updated by a corrected catalog, refused when contradictory.

use crate::helpers::{assert_contains, project_file, Backend, TestApp};

fn shipped() -> String {
    std::fs::read_to_string(project_file("assets/catalogs/cam-giang-2020-2025.toml"))
        .expect("catalog")
}

fn the_shipped_units_and_their_merges_are_stored_and_shown(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let units = app.get_json("/api/v1/units");
    assert_eq!(units["area"]["name_vi"], "Huyện Cẩm Giàng");
    assert_eq!(units["area"]["ends"], "2025-06-30");
    let list = units["units"].as_array().expect("units");
    assert_eq!(list.len(), 18);
    let unit = |code: &str| {
        list.iter()
            .find(|u| u["code"] == code)
            .cloned()
            .expect("a unit")
    };
    assert_eq!(unit("thach-loi")["ends"], "2024-11-30");
    assert_eq!(
        unit("thach-loi")["became"],
        serde_json::json!(["cam-giang-tt"])
    );
    assert_eq!(unit("cam-dien")["became"], serde_json::json!(["phuc-dien"]));
    assert_eq!(unit("phuc-dien")["starts"], "2024-12-01");
    assert_eq!(unit("lai-cach")["kind"], "thi_tran");
    assert_eq!(unit("cam-vu")["name_vi"], "Xã Cẩm Vũ");
    let changes = units["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 2);
    assert!(changes.iter().all(|c| c["date_is_reading"] == true));
    let t09 = app.get_json("/api/v1/targets/T09");
    assert_eq!(t09["rollup"], "share_of_units");
    assert_eq!(t09["counted_kinds"], serde_json::json!(["xa"]));
    assert_eq!(app.get_json("/api/v1/targets/T15")["rollup"], "sum");
}

fn a_corrected_merge_date_updates_the_units_and_loads_once(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let corrected = shipped()
        .replace("\"2024-11-30\"", "\"2024-06-30\"")
        .replace("\"2024-12-01\"", "\"2024-07-01\"")
        .replace("date_is_reading = true", "date_is_reading = false");
    let path = app.file("corrected.toml", corrected.as_bytes());
    let out = app.cli(&["catalog", "load", path.to_str().expect("path")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_contains(&out.stdout, "unit thach-loi: updated ends");
    assert_contains(&out.stdout, "unit phuc-dien: updated starts");
    assert_contains(&out.stdout, "changes of the units: updated");
    let units = app.get_json("/api/v1/units");
    assert_eq!(units["changes"][0]["date"], "2024-07-01");
    assert_eq!(units["changes"][0]["date_is_reading"], false);
    let again = app.cli(&["catalog", "load", path.to_str().expect("path")]);
    assert_contains(&again.stdout, "no changes");
}

fn a_change_naming_an_unknown_unit_is_refused_and_nothing_is_written(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let broken = shipped().replace("before = [\"thach-loi\"]", "before = [\"thach-lo\"]");
    let path = app.file("broken.toml", broken.as_bytes());
    let out = app.cli(&["catalog", "load", path.to_str().expect("path")]);
    assert_eq!(out.code, 1);
    assert_contains(
        &out.stderr,
        "change of 2024-12-01 (merge_into_existing): unknown unit \"thach-lo\"",
    );
    let units = app.get_json("/api/v1/units");
    assert_eq!(
        units["changes"][0]["before"],
        serde_json::json!(["thach-loi"])
    );
}

crate::on_both_backends!(
    the_shipped_units_and_their_merges_are_stored_and_shown,
    a_corrected_merge_date_updates_the_units_and_loads_once,
    a_change_naming_an_unknown_unit_is_refused_and_nothing_is_written,
);

//! `import` and `export`: all or nothing, every problem listed, idempotent, round trip exact.

use crate::helpers::{assert_contains, Backend, TestApp, FIGURES_CSV};

fn a_file_with_a_bad_last_row_changes_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let bad = format!("{FIGURES_CSV}T05,2025,official,101,,,\nT99,2025,official,1,,,\n");
    let path = app.file("bad.csv", bad.as_bytes());
    let out = app.cli(&["import", path.to_str().expect("path")]);
    assert_eq!(out.code, 1);
    assert_contains(
        &out.stderr,
        "bad.csv: row 12, column value: must be at most 100",
    );
    assert_contains(
        &out.stderr,
        "bad.csv: row 13, column target_code: no target has the code \"T99\"",
    );
    assert_eq!(
        app.get_json("/api/v1/targets/T01")["measurements"],
        serde_json::json!([])
    );
    let d = app.get_json("/api/v1/dashboard?as_of=2024");
    assert_eq!(d["summary"]["no_data"], 16);
}

fn dry_run_writes_nothing_and_reimport_changes_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let path = app.file("figures.csv", FIGURES_CSV.as_bytes());
    let path = path.to_str().expect("path");
    let out = app.cli(&["import", path, "--dry-run"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_contains(
        &out.stdout,
        "10 rows are valid (10 new, 0 changed, 0 unchanged; 0 blank rows skipped); nothing was written",
    );
    assert_eq!(
        app.get_json("/api/v1/targets/T01")["measurements"],
        serde_json::json!([])
    );

    assert_eq!(app.cli(&["import", path]).code, 0);
    let out = app.cli(&["import", path]);
    assert_contains(&out.stdout, "0 created, 0 updated, 10 unchanged");
    let t01 = app.get_json("/api/v1/targets/T01");
    assert_eq!(t01["measurements"][0]["revision"], 1);
}

fn an_official_figure_updates_and_supersedes_the_estimate(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let path = app.file("figures.csv", FIGURES_CSV.as_bytes());
    assert_eq!(
        app.cli(&[
            "import",
            path.to_str().expect("path"),
            "--as",
            "nguyen.van.a"
        ])
        .code,
        0
    );
    assert_eq!(
        app.get_json("/api/v1/targets/T05/progress?as_of=2024")["status"],
        "achieved"
    );

    // Excel in a Vietnamese locale: semicolons, decimal comma, a BOM, CRLF.
    let official = "\u{FEFF}target_code;year;quality;value;state;source;note\r\nT05;2024;official;94,2;;BHXH huyện;số chính thức\r\nT01;2024;official;80,6;;Chi cục Thống kê huyện Cẩm Giàng;sửa ghi chú\r\n";
    let path = app.file("official.csv", official.as_bytes());
    let out = app.cli(&["import", path.to_str().expect("path"), "--as", "tran.thi.b"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_contains(&out.stdout, "1 created, 1 updated, 0 unchanged");

    let t05 = app.get_json("/api/v1/targets/T05?as_of=2024");
    assert_eq!(t05["progress"]["latest_value"], 94.2);
    assert_eq!(t05["progress"]["latest_quality"], "official");
    assert_eq!(t05["progress"]["status"], "on_track");
    let measurements = t05["measurements"].as_array().expect("list");
    assert_eq!(measurements.len(), 3, "both qualities are kept");
    let t01 = app.get_json("/api/v1/targets/T01");
    let m2024 = &t01["measurements"][1];
    assert_eq!(
        (m2024["revision"].as_i64(), m2024["note"].as_str()),
        (Some(2), Some("sửa ghi chú"))
    );
    assert_eq!(m2024["changed_by"], "tran.thi.b");
}

fn export_then_import_gives_back_identical_data(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let tricky = format!("{FIGURES_CSV}T06,2021,official,86.25,,\"=HYPERLINK(\"\"x\"\")\",\"-3 so với, năm trước\"\n");
    let path = app.file("figures.csv", tricky.as_bytes());
    assert_eq!(app.cli(&["import", path.to_str().expect("path")]).code, 0);
    let before = app.get_json("/api/v1/targets/T06")["measurements"].clone();
    assert_eq!(before[0]["source"], "=HYPERLINK(\"x\")");

    let exported = app.db.dir.path().join("export.csv");
    let out = app.cli(&["export", exported.to_str().expect("path")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(&exported).expect("export written");
    assert!(text.starts_with('\u{FEFF}'));
    assert!(text.contains("'=HYPERLINK"), "formula neutralised: {text}");
    assert_eq!(text.lines().count(), 12);

    let out = app.cli(&["import", exported.to_str().expect("path")]);
    assert_contains(&out.stdout, "0 created, 0 updated, 11 unchanged");
    assert_eq!(app.get_json("/api/v1/targets/T06")["measurements"], before);
}

crate::on_both_backends!(
    a_file_with_a_bad_last_row_changes_nothing,
    dry_run_writes_nothing_and_reimport_changes_nothing,
    an_official_figure_updates_and_supersedes_the_estimate,
    export_then_import_gives_back_identical_data,
);

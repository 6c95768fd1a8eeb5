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

on_both_backends!(each_target_names_its_lead_agency_and_the_dashboard_filters_by_it);

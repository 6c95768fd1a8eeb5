//! The default catalog as served, and `catalog load`: validation, idempotence, updates.

use crate::helpers::{assert_contains, project_file, Backend, TestApp};

fn default_catalog_serves_16_targets_and_3_breakthroughs(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let resolutions = app.get_json("/api/v1/resolutions");
    assert_eq!(resolutions.as_array().map(Vec::len), Some(1));
    assert_eq!(resolutions[0]["code"], "cam-giang-2020-2025");
    assert_eq!(resolutions[0]["baseline_year"], 2020);

    let targets = app.get_json("/api/v1/targets");
    let targets = targets.as_array().expect("a list");
    assert_eq!(targets.len(), 16);
    let t05 = &targets[4];
    assert_eq!(t05["code"], "T05");
    assert_eq!(
        t05["source_text_vi"],
        "tỷ lệ bao phủ bảo hiểm y tế đạt 95% dân số"
    );
    assert_eq!(
        (
            t05["kind"].as_str(),
            t05["comparator"].as_str(),
            t05["goal"].as_f64()
        ),
        (Some("reach_by_deadline"), Some(">="), Some(95.0))
    );
    assert_eq!(
        (t05["min"].as_f64(), t05["max"].as_f64()),
        (Some(0.0), Some(100.0))
    );
    assert_eq!(targets[15]["goal_year"], 2030);
    assert_eq!(targets[15]["kind"], "milestone");
    assert!(targets[15]["goal"].is_null());

    let breakthroughs = app.get_json("/api/v1/breakthroughs");
    assert_eq!(breakthroughs.as_array().map(Vec::len), Some(3));
    assert_eq!(
        breakthroughs[0]["targets"],
        serde_json::json!(["T03", "T09", "T10"])
    );
    assert!(breakthroughs[1]["source_text_vi"]
        .as_str()
        .unwrap_or("")
        .contains("thị trấn Lai Cách, thị trấn Cẩm Giang"));
}

fn one_target_with_measurements_and_progress(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let t01 = app.get_json("/api/v1/targets/T01");
    assert_eq!(t01["title_vi"], "Thu nhập bình quân đầu người");
    assert_eq!(t01["measurements"], serde_json::json!([]));
    assert_eq!(t01["progress"]["status"], "no_data");
    assert_eq!(t01["progress"]["status_label_vi"], "Chưa có số liệu");
}

fn loading_the_same_catalog_twice_changes_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let file = project_file("assets/catalogs/cam-giang-2020-2025.toml");
    let out = app.cli(&["catalog", "load", file.to_str().expect("path")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_contains(&out.stdout, "no changes");
}

fn a_changed_wording_updates_that_target_only(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let shipped = std::fs::read_to_string(project_file("assets/catalogs/cam-giang-2020-2025.toml"))
        .expect("catalog");
    let corrected = shipped.replace("nuôi trông thủy sản", "nuôi trồng thủy sản");
    let path = app.file("corrected.toml", corrected.as_bytes());
    let out = app.cli(&["catalog", "load", path.to_str().expect("path")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.trim(), "target T03: updated source_text_vi");
    let t03 = app.get_json("/api/v1/targets/T03");
    assert!(t03["source_text_vi"]
        .as_str()
        .unwrap_or("")
        .contains("nuôi trồng thủy sản"));
    let again = app.cli(&["catalog", "load", path.to_str().expect("path")]);
    assert_contains(&again.stdout, "no changes");
    // The file's change is in the catalog's history, before and after, once.
    let (admin, _) = app.session("quan.tri", "admin");
    let page = app.send(&admin, "GET", "/admin/catalog", None);
    assert_eq!(page.status, 200);
    assert_contains(&page.body, "<td>target T03</td><td>source_text_vi</td>");
    assert_contains(&page.body, "nuôi trông thủy sản");
    assert_eq!(page.body.matches("<td>target T03</td>").count(), 1);
}

fn an_invalid_catalog_is_refused_whole_with_its_entry_named(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let shipped = std::fs::read_to_string(project_file("assets/catalogs/cam-giang-2020-2025.toml"))
        .expect("catalog");
    let broken = shipped
        .replace(
            "title_vi = \"Thu nhập bình quân đầu người\"",
            "title_vi = \"Thu nhập (sửa)\"",
        )
        .replacen("kind = \"every_year\"", "kind = \"hang_nam\"", 1);
    let path = app.file("broken.toml", broken.as_bytes());
    let out = app.cli(&["catalog", "load", path.to_str().expect("path")]);
    assert_eq!(out.code, 1);
    assert_contains(&out.stderr, "target T06: unknown kind \"hang_nam\"");
    // Nothing was written: T01's title is unchanged.
    assert_eq!(
        app.get_json("/api/v1/targets/T01")["title_vi"],
        "Thu nhập bình quân đầu người"
    );

    let path = app.file("bad.toml", b"[resolution]\ncode = \"x\"\ntitle_vi = \n");
    let out = app.cli(&["catalog", "load", path.to_str().expect("path")]);
    assert_eq!(out.code, 1);
    assert_contains(&out.stderr, "bad.toml: file: TOML parse error at line 3");
}

fn a_second_resolution_is_served_when_asked_for(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let other = "[resolution]\ncode = \"xa-thu-2021\"\ntitle_vi = \"Nghị quyết thử\"\ntitle_en = \"Trial\"\n\
                 baseline_year = 2021\ngoal_year = 2026\n\n[[targets]]\ncode = \"A1\"\ngroup = \"kinh-te\"\n\
                 title_vi = \"Tỷ lệ hộ nghèo\"\ntitle_en = \"Poverty rate\"\nkind = \"reach_by_deadline\"\n\
                 comparator = \"<\"\ngoal = 1\nunit_vi = \"%\"\nunit_en = \"%\"\n";
    let path = app.file("other.toml", other.as_bytes());
    let out = app.cli(&["catalog", "load", path.to_str().expect("path")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("resolution xa-thu-2021: added"));
    assert_eq!(
        app.get_json("/api/v1/resolutions").as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(
        app.get_json("/api/v1/targets").as_array().map(Vec::len),
        Some(16)
    );
    let targets = app.get_json("/api/v1/targets?resolution=xa-thu-2021");
    assert_eq!(targets[0]["code"], "A1");
    assert_eq!(targets[0]["group_title_vi"], "kinh-te");
}

/// `catalog export` writes what is stored; loading it into a fresh database gives the same catalog.
fn an_exported_catalog_loads_into_a_fresh_database_as_it_was(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    // A corrected wording first, so the export is of what is stored, not of the shipped file.
    let shipped = std::fs::read_to_string(project_file("assets/catalogs/cam-giang-2020-2025.toml"))
        .expect("catalog");
    let corrected = shipped.replace("nuôi trông thủy sản", "nuôi trồng thủy sản");
    let path = app.file("corrected.toml", corrected.as_bytes());
    assert_eq!(
        app.cli(&["catalog", "load", path.to_str().expect("path")])
            .code,
        0
    );
    let exported = app.db.dir.path().join("exported.toml");
    let out = app.cli(&["catalog", "export", exported.to_str().expect("path")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(&exported).expect("written");
    assert_contains(&text, "nuôi trồng thủy sản");
    let Some(fresh) = TestApp::spawn(backend) else {
        return;
    };
    let file = fresh.file("exported.toml", text.as_bytes());
    let out = fresh.cli(&["catalog", "load", file.to_str().expect("path")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        fresh.get_json("/api/v1/targets"),
        app.get_json("/api/v1/targets"),
        "the same targets"
    );
    assert_eq!(
        fresh.get_json("/api/v1/units"),
        app.get_json("/api/v1/units")
    );
    let again = fresh.db.dir.path().join("again.toml");
    assert_eq!(
        fresh
            .cli(&["catalog", "export", again.to_str().expect("path")])
            .code,
        0
    );
    assert_eq!(
        std::fs::read_to_string(again).expect("again"),
        text,
        "a second round changes nothing"
    );
    let unknown = app.cli(&[
        "catalog",
        "export",
        exported.to_str().expect("path"),
        "--resolution",
        "nowhere",
    ]);
    assert_ne!(unknown.code, 0);
    assert_contains(&unknown.stderr, "nowhere");
}

/// An administrator corrects a target's wording on a page: checked, compare-and-set, kept in the history.
fn an_administrator_corrects_a_wording_on_a_page_and_sees_it_in_the_history(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (admin, csrf) = app.session("quan.tri", "admin");
    let (stat, _) = app.session("thong.ke", "statistician");
    assert_eq!(app.send(&stat, "GET", "/admin/catalog", None).status, 403);
    let list = app.send(&admin, "GET", "/admin/catalog", None);
    assert_eq!(list.status, 200);
    assert_contains(&list.body, "/admin/catalog/targets/T03");
    let t03 = app.get_json("/api/v1/targets/T03");
    let text = |k: &str| t03[k].as_str().unwrap_or("").to_string();
    let fixed = text("source_text_vi").replace("nuôi trông thủy sản", "nuôi trồng thủy sản");
    assert_ne!(
        fixed,
        text("source_text_vi"),
        "the article's typo is there to correct"
    );
    let keys = [
        "title_vi",
        "title_en",
        "source_text_vi",
        "unit_vi",
        "unit_en",
    ];
    let send = |now: &[(&str, String)], was: &[(&str, String)]| {
        let mut fields: Vec<(String, String)> = vec![("csrf".into(), csrf.clone())];
        fields.extend(now.iter().map(|(k, v)| ((*k).to_string(), v.clone())));
        fields.extend(was.iter().map(|(k, v)| (format!("was_{k}"), v.clone())));
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        app.post_form(&admin, "/admin/catalog/targets/T03", &pairs)
    };
    let stored: Vec<(&str, String)> = keys.iter().map(|k| (*k, text(k))).collect();
    let mut corrected = stored.clone();
    corrected[2].1 = fixed.clone();
    let reply = send(&corrected, &stored);
    assert_eq!(reply.status, 303, "{}", reply.body);
    assert_eq!(
        app.get_json("/api/v1/targets/T03")["source_text_vi"],
        fixed.as_str()
    );
    let page = app.send(&admin, "GET", "/admin/catalog/targets/T03?saved=1", None);
    assert_contains(&page.body, "Đã lưu");
    assert_contains(&page.body, "<td>quan.tri</td><td>source_text_vi</td>");
    assert_contains(&page.body, "nuôi trồng thủy sản");
    // An empty title is refused beside its box, in the reader's language; nothing changes.
    let mut empty = corrected.clone();
    empty[0].1 = "  ".into();
    let bad = send(&empty, &corrected);
    assert_eq!(bad.status, 422);
    assert_contains(&bad.body, "không được để trống");
    assert_contains(&bad.body, "aria-invalid=\"true\"");
    // A form filled from the words before the correction is stale: refused, theirs kept.
    let mut other = stored.clone();
    other[1].1 = "Production value per hectare".into();
    let stale = send(&other, &stored);
    assert_eq!(stale.status, 409);
    assert_contains(&stale.body, "Người khác đã sửa chỉ tiêu này");
    let now = app.get_json("/api/v1/targets/T03");
    assert_eq!(now["source_text_vi"], fixed.as_str());
    assert_ne!(now["title_en"], "Production value per hectare");
}

crate::on_both_backends!(
    an_administrator_corrects_a_wording_on_a_page_and_sees_it_in_the_history,
    an_exported_catalog_loads_into_a_fresh_database_as_it_was,
    default_catalog_serves_16_targets_and_3_breakthroughs,
    one_target_with_measurements_and_progress,
    loading_the_same_catalog_twice_changes_nothing,
    a_changed_wording_updates_that_target_only,
    an_invalid_catalog_is_refused_whole_with_its_entry_named,
    a_second_resolution_is_served_when_asked_for,
);

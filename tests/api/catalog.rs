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
    assert_contains(
        &page.body,
        "<td>target T03</td><td>Lời văn trong nghị quyết</td>",
    );
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

/// A `continues` link that comes back to where it started, across resolutions, is refused naming the chain.
fn a_continues_cycle_across_resolutions_is_refused(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let later = "[resolution]\ncode = \"res-b\"\ntitle_vi = \"Nhiệm kỳ sau\"\ntitle_en = \"Next term\"\n\
                 baseline_year = 2025\ngoal_year = 2030\n\n[[targets]]\ncode = \"X01\"\ngroup = \"g\"\n\
                 title_vi = \"Thu nhập\"\ntitle_en = \"Income\"\nkind = \"reach_by_deadline\"\n\
                 comparator = \">\"\ngoal = 150\nunit_vi = \"triệu đồng\"\nunit_en = \"million VND\"\n\
                 continues = \"cam-giang-2020-2025/T01\"\n";
    let path = app.file("later.toml", later.as_bytes());
    let out = app.cli(&["catalog", "load", path.to_str().expect("path")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let shipped = std::fs::read_to_string(crate::helpers::project_file(
        "assets/catalogs/cam-giang-2020-2025.toml",
    ))
    .expect("the shipped catalog");
    let looped = shipped.replacen(
        "unit_en = \"million VND per person per year\"\n",
        "unit_en = \"million VND per person per year\"\ncontinues = \"res-b/X01\"\n",
        1,
    );
    assert!(looped != shipped, "T01 now continues res-b/X01");
    let path = app.file("looped.toml", looped.as_bytes());
    let out = app.cli(&["catalog", "load", path.to_str().expect("path")]);
    assert_ne!(out.code, 0, "refused");
    assert_contains(
        &out.stderr,
        "continues: the links come back to this target (cam-giang-2020-2025/T01 → res-b/X01 → cam-giang-2020-2025/T01)",
    );
    let t01 = app.get_json("/api/v1/targets/T01");
    assert!(
        t01["continues"].is_null(),
        "nothing loaded: {}",
        t01["continues"]
    );
}

/// The stored catalog as `catalog export` writes it, and a fresh server on the same backend with it loaded.
fn exported_into_a_fresh_database(app: &TestApp, backend: Backend) -> (String, TestApp) {
    let exported = app.db.dir.path().join("exported.toml");
    let out = app.cli(&["catalog", "export", exported.to_str().expect("path")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(&exported).expect("written");
    let fresh = TestApp::spawn(backend).expect("the backend that ran the first");
    let file = fresh.file("exported.toml", text.as_bytes());
    let out = fresh.cli(&["catalog", "load", file.to_str().expect("path")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    (text, fresh)
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
    let (text, fresh) = exported_into_a_fresh_database(&app, backend);
    assert_contains(&text, "nuôi trồng thủy sản");
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
    let nowhere = app.db.dir.path().join("nowhere.toml");
    let unknown = app.cli(&[
        "catalog",
        "export",
        nowhere.to_str().expect("path"),
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
    assert_contains(
        &page.body,
        "<td>quan.tri</td><td>Lời văn trong nghị quyết</td>",
    );
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

/// The fingerprint a catalog page's forms carry (the catalog as it was when the page was drawn).
fn fingerprint_on(page: &str) -> String {
    let key = "name=\"fingerprint\" value=\"";
    let at = page.find(key).expect("a fingerprint") + key.len();
    page[at..].chars().take_while(|c| *c != '"').collect()
}

/// An administrator adds, corrects, retires and restores entries and creates a resolution on the pages: each save
/// checked as `catalog load` checks a file, refused when stale, kept in the history, and exported as it is.
fn an_administrator_edits_the_catalog_on_the_pages(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (admin, csrf) = app.session("quan.tri", "admin");
    let list = app.send(&admin, "GET", "/admin/catalog", None);
    assert_eq!(list.status, 200);
    assert_contains(&list.body, "/admin/catalog/new/targets");
    let first = fingerprint_on(&list.body);
    let post = |path: &str, fields: &[(&str, &str)], print: &str| {
        let mut all = vec![("csrf", csrf.as_str()), ("fingerprint", print)];
        all.extend_from_slice(fields);
        app.post_form(&admin, path, &all)
    };
    let now = || fingerprint_on(&app.send(&admin, "GET", "/admin/catalog", None).body);

    // A group, then a target in it; the Vietnamese decimal comma is read as the reader writes it.
    let group = [
        ("code", "environment"),
        ("title_vi", "Môi trường"),
        ("title_en", "Environment"),
    ];
    let added = post("/admin/catalog/new/groups", &group, &first);
    assert_eq!(added.status, 303, "{}", added.body);
    let target = [
        ("code", "T17"),
        ("group", "environment"),
        ("title_vi", "Tỷ lệ hộ dân dùng nước sạch"),
        ("title_en", "Households using clean water"),
        ("kind", "reach_by_deadline"),
        ("comparator", ">="),
        ("goal", "99,5"),
        ("unit_vi", "% số hộ"),
        ("unit_en", "% of households"),
    ];
    // The form filled before the group was added is stale: refused, nothing saved.
    let stale = post("/admin/catalog/new/targets", &target, &first);
    assert_eq!(stale.status, 409);
    assert_contains(&stale.body, "Danh mục đã thay đổi trong lúc bạn sửa");
    assert_contains(&stale.body, "value=\"Tỷ lệ hộ dân dùng nước sạch\"");
    assert_eq!(app.get("/api/v1/targets/T17").status, 404);
    let added = post("/admin/catalog/new/targets", &target, &now());
    assert_eq!(added.status, 303, "{}", added.body);
    let t17 = app.get_json("/api/v1/targets/T17");
    assert_eq!(t17["goal"], 99.5);
    assert_eq!(t17["title_vi"], "Tỷ lệ hộ dân dùng nước sạch");
    assert_eq!(
        app.get_json("/api/v1/dashboard")["targets"]
            .as_array()
            .map(Vec::len),
        Some(17)
    );

    // The checks of `catalog load`, beside their boxes, in the reader's language; nothing is saved.
    let mut no_comparator = target.to_vec();
    no_comparator[0] = ("code", "T18");
    no_comparator[4] = ("kind", "every_year");
    no_comparator[5] = ("comparator", "");
    let bad = post("/admin/catalog/new/targets", &no_comparator, &now());
    assert_eq!(bad.status, 422);
    assert_contains(
        &bad.body,
        "id=\"e_comparator\">loại every_year cần phép so sánh",
    );
    assert_contains(&bad.body, "aria-invalid=\"true\"");
    let again = post("/admin/catalog/new/targets", &target, &now());
    assert_eq!(again.status, 422);
    assert_contains(&again.body, "id=\"e_code\">mã này đã có");
    // An English reader writes a decimal point.
    let mut in_english = target.to_vec();
    in_english[6] = ("goal", "99.5");
    let english = post("/admin/catalog/new/targets?lang=en", &in_english, &now());
    assert_contains(&english.body, "id=\"e_code\">duplicate code");
    let mut bad_year = target.to_vec();
    bad_year[0] = ("code", "T19");
    bad_year.push(("goal_year", "năm sau"));
    let bad = post("/admin/catalog/new/targets", &bad_year, &now());
    assert_eq!(bad.status, 422);
    assert_contains(
        &bad.body,
        "id=\"e_goal_year\">&#34;năm sau&#34; không phải là một năm",
    );
    let mut control = target.to_vec();
    control[0] = ("code", "T20");
    control[2] = ("title_vi", "Tỷ lệ\u{0}hộ");
    let bad = post("/admin/catalog/new/targets", &control, &now());
    assert_eq!(
        bad.status, 422,
        "a NUL is refused, not sent to the database"
    );
    assert_contains(&bad.body, "chứa ký tự điều khiển U+0000");
    assert_eq!(app.get("/api/v1/targets/T18").status, 404);

    // A correction: the code stays; the form is filled from what is stored.
    let form = app.send(&admin, "GET", "/admin/catalog/edit/targets/T17", None);
    assert_eq!(form.status, 200);
    assert_contains(&form.body, "value=\"99,5\"");
    assert_contains(&form.body, "readonly");
    let mut corrected = target.to_vec();
    corrected[6] = ("goal", "99");
    let saved = post("/admin/catalog/edit/targets/T17", &corrected, &now());
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(app.get_json("/api/v1/targets/T17")["goal"], 99.0);

    // A target with a figure is retired, not deleted: off the dashboard, its figure kept, and it comes back.
    let token = app.statistician_token("thong.ke");
    let figure = app.put_json(
        &token,
        "/api/v1/targets/T17/measurements/2024/official",
        "{\"value\": 97.5}",
    );
    assert_eq!(figure.status, 201, "{}", figure.body);
    // Retiring asks first, saying what it does; nothing changes until it is confirmed.
    let asked = post(
        "/admin/catalog/retire/targets/T17",
        &[("retired", "1")],
        &now(),
    );
    assert_eq!(asked.status, 200, "{}", asked.body);
    assert_contains(&asked.body, "<h1>Thôi theo dõi T17 · ");
    assert_contains(&asked.body, "Số liệu và lịch sử của nó vẫn được giữ");
    assert_contains(
        &asked.body,
        "<input type=\"hidden\" name=\"confirmed\" value=\"1\">",
    );
    assert_eq!(app.get("/api/v1/targets/T17").status, 200, "not yet");
    let retired = post(
        "/admin/catalog/retire/targets/T17",
        &[("retired", "1"), ("confirmed", "1")],
        &now(),
    );
    assert_eq!(retired.status, 303, "{}", retired.body);
    assert_eq!(
        retired.location.as_deref(),
        Some("/admin/catalog?retired=T17")
    );
    assert_eq!(app.get("/api/v1/targets/T17").status, 404);
    assert_eq!(
        app.get_json("/api/v1/dashboard")["targets"]
            .as_array()
            .map(Vec::len),
        Some(16)
    );
    let list = app.send(&admin, "GET", "/admin/catalog?retired=T17", None);
    assert_contains(
        &list.body,
        "Đã thôi theo dõi T17. Số liệu và lịch sử vẫn được giữ",
    );
    // The history says the change in words.
    assert_contains(
        &list.body,
        "<td>target T17</td><td>Thôi theo dõi</td><td></td><td>Có</td>",
    );
    let restored = post(
        "/admin/catalog/retire/targets/T17",
        &[("retired", "0")],
        &now(),
    );
    assert_eq!(restored.status, 303, "{}", restored.body);
    let back = app.get_json("/api/v1/targets/T17");
    assert_eq!(back["measurements"][0]["value"], 97.5, "{back}");
    // A group with targets in it is not retired; the page names them.
    let refused = post(
        "/admin/catalog/retire/groups/economy",
        &[("retired", "1"), ("confirmed", "1")],
        &now(),
    );
    assert_eq!(refused.status, 422);
    assert_contains(&refused.body, "T01");

    // A breakthrough and a unit.
    let b4 = [
        ("code", "B4"),
        ("title_vi", "Chuyển đổi số"),
        ("title_en", "Digital transformation"),
        ("source_text_vi", ""),
    ];
    assert_eq!(
        post("/admin/catalog/new/breakthroughs", &b4, &now()).status,
        303
    );
    let breakthroughs = app.get_json("/api/v1/breakthroughs");
    let added = breakthroughs
        .as_array()
        .and_then(|b| b.iter().find(|b| b["code"] == "B4"))
        .expect("B4 is served");
    assert_eq!(
        (&added["title_vi"], &added["title_en"]),
        (
            &serde_json::json!("Chuyển đổi số"),
            &serde_json::json!("Digital transformation")
        )
    );
    let unit = [
        ("code", "xa-moi"),
        ("name_vi", "Xã Mới"),
        ("name_en", "Mới commune"),
        ("kind", "xa"),
        ("starts", "2025-07-01"),
    ];
    let added = post("/admin/catalog/new/units", &unit, &now());
    assert_eq!(added.status, 303, "{}", added.body);
    let mut ended = unit.to_vec();
    ended.push(("ends", "2025-01-01"));
    let bad = post("/admin/catalog/edit/units/xa-moi", &ended, &now());
    assert_eq!(bad.status, 422);
    assert_contains(
        &bad.body,
        "id=\"e_ends\">ngày kết thúc 2025-01-01 trước ngày bắt đầu 2025-07-01",
    );

    // Every change is in the history, with who made it.
    let list = app.send(&admin, "GET", "/admin/catalog", None);
    assert_contains(
        &list.body,
        "<td>quan.tri</td><td>target T17</td><td>Thôi theo dõi</td>",
    );
    assert_contains(
        &list.body,
        "<td>quan.tri</td><td>group environment</td><td>Tên (tiếng Việt)</td><td></td><td>Môi trường</td>",
    );

    // The resolution's own words and years; its code stays.
    let words = [
        (
            "title_vi",
            "Nghị quyết Đại hội Đảng bộ huyện Cẩm Giàng lần thứ XXVI, nhiệm kỳ 2020-2025",
        ),
        (
            "title_en",
            "Resolution of the 26th Cẩm Giàng district Party Congress, term 2020-2025",
        ),
        ("baseline_year", "2020"),
        ("goal_year", "2025"),
    ];
    let saved = post(
        "/admin/catalog/edit/resolution/cam-giang-2020-2025",
        &words,
        &now(),
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        app.get_json("/api/v1/dashboard?lang=en")["resolution"]["title_en"],
        "Resolution of the 26th Cẩm Giàng district Party Congress, term 2020-2025"
    );
    let elsewhere = app.send(&admin, "GET", "/admin/catalog/edit/resolution/other", None);
    assert_eq!(elsewhere.status, 404);

    // A new resolution, its years checked.
    let bad = post(
        "/admin/catalog/new/resolution",
        &[
            ("code", "tinh-2025-2030"),
            (
                "title_vi",
                "Nghị quyết Đại hội Đảng bộ tỉnh, nhiệm kỳ 2025-2030",
            ),
            (
                "title_en",
                "Resolution of the provincial Party Congress, term 2025-2030",
            ),
            ("baseline_year", "2030"),
            ("goal_year", "2025"),
        ],
        "",
    );
    assert_eq!(bad.status, 422);
    assert_contains(&bad.body, "phải sau năm gốc");
    let created = post(
        "/admin/catalog/new/resolution",
        &[
            ("code", "tinh-2025-2030"),
            (
                "title_vi",
                "Nghị quyết Đại hội Đảng bộ tỉnh, nhiệm kỳ 2025-2030",
            ),
            (
                "title_en",
                "Resolution of the provincial Party Congress, term 2025-2030",
            ),
            ("baseline_year", "2025"),
            ("goal_year", "2030"),
        ],
        "",
    );
    assert_eq!(created.status, 303, "{}", created.body);
    let theirs = app.send(
        &admin,
        "GET",
        "/admin/catalog?resolution=tinh-2025-2030",
        None,
    );
    assert_eq!(theirs.status, 200);
    assert_contains(
        &theirs.body,
        "<td>quan.tri</td><td>resolution</td><td>Mã</td><td></td><td>tinh-2025-2030</td>",
    );
    assert_contains(
        &app.page("/resolutions", None).body,
        "Nghị quyết Đại hội Đảng bộ tỉnh, nhiệm kỳ 2025-2030",
    );

    // What the pages made exports and loads into a fresh database as it is.
    let (text, fresh) = exported_into_a_fresh_database(&app, backend);
    assert_contains(&text, "code = \"T17\"");
    assert_eq!(
        fresh.get_json("/api/v1/targets"),
        app.get_json("/api/v1/targets")
    );
}

/// Agencies on the catalog pages: one added, its name corrected, then made a target's lead agency, whose page
/// names it; a duplicate code is refused beside its box.
fn an_administrator_adds_and_renames_an_agency_on_the_pages(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (admin, csrf) = app.session("quan.tri", "admin");
    let list = app.send(&admin, "GET", "/admin/catalog", None);
    assert_contains(&list.body, "Phòng Tài chính - Kế hoạch");
    assert_contains(&list.body, "/admin/catalog/new/agencies");
    let post = |path: &str, fields: &[(&str, &str)]| {
        let print = fingerprint_on(&app.send(&admin, "GET", "/admin/catalog", None).body);
        let mut all = vec![("csrf", csrf.as_str()), ("fingerprint", print.as_str())];
        all.extend_from_slice(fields);
        app.post_form(&admin, path, &all)
    };
    let agency = [
        ("code", "noi-vu"),
        ("name_vi", "Phòng Nội vu"),
        ("name_en", "Home Affairs Office"),
    ];
    let added = post("/admin/catalog/new/agencies", &agency);
    assert_eq!(added.status, 303, "{}", added.body);
    let again = post("/admin/catalog/new/agencies", &agency);
    assert_eq!(again.status, 422);
    assert_contains(&again.body, "id=\"e_code\">mã này đã có");
    let mut renamed = agency;
    renamed[1] = ("name_vi", "Phòng Nội vụ");
    let saved = post("/admin/catalog/edit/agencies/noi-vu", &renamed);
    assert_eq!(saved.status, 303, "{}", saved.body);
    let list = app.send(&admin, "GET", "/admin/catalog", None);
    assert_contains(&list.body, "Phòng Nội vụ");
    assert!(!list.body.contains("Phòng Nội vu<"));
    let form = app.send(&admin, "GET", "/admin/catalog/edit/targets/T14", None);
    assert_contains(&form.body, "<option value=\"noi-vu\"");
}

crate::on_both_backends!(
    an_administrator_adds_and_renames_an_agency_on_the_pages,
    an_administrator_edits_the_catalog_on_the_pages,
    an_administrator_corrects_a_wording_on_a_page_and_sees_it_in_the_history,
    an_exported_catalog_loads_into_a_fresh_database_as_it_was,
    default_catalog_serves_16_targets_and_3_breakthroughs,
    one_target_with_measurements_and_progress,
    loading_the_same_catalog_twice_changes_nothing,
    a_changed_wording_updates_that_target_only,
    an_invalid_catalog_is_refused_whole_with_its_entry_named,
    a_second_resolution_is_served_when_asked_for,
    a_continues_cycle_across_resolutions_is_refused,
);

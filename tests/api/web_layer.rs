//! The web layer's shared behaviour: one error shape for API clients and one error page (headed by what its
//! status means, in the reader's language) for people; the language switch on every page; every page, read or
//! write, acting on the resolution its URL names.

use crate::helpers::{assert_contains, Backend, TestApp};

fn errors_are_pages_for_people_and_json_for_clients(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (viewer, _) = app.session("xem", "viewer");
    let refused = app.page_as(&viewer, "/admin/users");
    assert_eq!(refused.status, 403);
    assert_contains(&refused.body, "<h1>Không được phép</h1>");
    assert!(
        refused.body.contains("Người xem"),
        "the role in Vietnamese: {}",
        refused.body
    );
    assert!(
        !refused.body.contains("may not do this"),
        "no English on a Vietnamese page"
    );
    let refused = app.page_as(&viewer, "/admin/users?lang=en");
    assert_contains(&refused.body, "<h1>Not allowed</h1>");
    assert!(refused.body.contains("may not do this"));

    let wrong_method = app.page("/logout", None);
    assert_eq!(wrong_method.status, 405);
    assert!(wrong_method
        .body
        .contains("<h1>Không thực hiện được yêu cầu này</h1>"));
    let missing = app.page("/no/such/page", None);
    assert_eq!(missing.status, 404);
    assert_contains(&missing.body, "href=\"/no/such/page?lang=en\"");
    assert!(missing.body.contains("<h1>Không tìm thấy</h1>"));
    let bad_year = app.page("/?as_of=1999&lang=en", None);
    assert_eq!(bad_year.status, 400);
    assert_contains(&bad_year.body, "<h1>Bad request</h1>");

    // A client that asks for JSON gets the error shape, on a page's path too.
    let json = TestApp::agent()
        .get(&app.url("/targets/T99"))
        .set("Accept", "application/json")
        .call();
    let reply = crate::helpers::Reply::from(json);
    assert_eq!(reply.status, 404);
    assert_eq!(reply.error()["code"], "not_found");
    let api = app.get("/api/v1/targets/T99");
    assert_eq!(api.error()["code"], "not_found");
    assert_eq!(api.error()["message"], "no target has the code \"T99\"");
    let unknown_method = app.request("PATCH", "/api/v1/targets");
    assert_eq!(unknown_method.status, 405);
    assert_eq!(unknown_method.error()["code"], "method_not_allowed");
}

fn a_bad_role_on_the_admin_form_is_a_bad_role(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (admin, csrf) = app.session("quantri", "admin");
    let fields = [
        ("csrf", csrf.as_str()),
        ("name", "moi"),
        ("role", "boss"),
        ("password", "mật-khẩu-đủ-dài"),
    ];
    let reply = app.post_form(&admin, "/admin/users", &fields);
    assert_eq!(reply.status, 422);
    assert_contains(&reply.body, "vai trò phải là");
    assert!(
        !reply.body.contains("tên đăng nhập dài"),
        "not a user-name problem"
    );
    let stale = app.post_form(
        &admin,
        "/admin/users",
        &[
            ("csrf", "wrong"),
            ("name", "x"),
            ("role", "viewer"),
            ("password", "x"),
        ],
    );
    assert_eq!(stale.status, 403);
    assert_contains(&stale.body, "Biểu mẫu đã cũ");
}

fn the_language_switch_works_on_every_page(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let login = app.page("/login?lang=en", None);
    assert_contains(&login.body, "<html lang=\"en\">");
    assert_contains(&login.body, "<h1>Sign in</h1>");
    let (admin, _) = app.session("quantri", "admin");
    for path in [
        "/entry/2024",
        "/import",
        "/admin/users",
        "/history",
        "/targets/T01",
    ] {
        let english = app.page_as(&admin, &format!("{path}?lang=en"));
        assert_eq!(english.status, 200, "{path}: {}", english.body);
        assert!(
            english.body.contains("<html lang=\"en\">"),
            "{path} in English"
        );
        let vietnamese = app.page_as(&admin, &format!("{path}?lang=vi"));
        assert!(
            vietnamese.body.contains("<html lang=\"vi\">"),
            "{path} in Vietnamese"
        );
        assert!(
            vietnamese.body.contains(&format!("href=\"{path}?lang=en")),
            "{path} links to itself in English"
        );
    }
    let bad = app.page("/login?lang=fr", None);
    assert_eq!(bad.status, 400);
}

fn write_pages_act_on_the_resolution_their_url_names(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let second = app.load_second_resolution();
    let (me, csrf) = app.session("thongke", "statistician");
    let form = app.page_as(&me, &format!("/entry/2024?resolution={second}"));
    assert_eq!(form.status, 200);
    assert!(
        form.body
            .contains(&format!("action=\"/entry/2024?resolution={second}\"")),
        "the form posts back to its resolution"
    );
    let fields = [("csrf", csrf.as_str()), ("v_T01_official", "70,5")];
    let saved = app.post_form(&me, &format!("/entry/2024?resolution={second}"), &fields);
    assert_eq!(saved.status, 303, "{}", saved.body);
    let second_t01 = app.get_json(&format!("/api/v1/targets/T01?resolution={second}"));
    assert_eq!(second_t01["measurements"][0]["value"], 70.5);
    let first_t01 = app.get_json("/api/v1/targets/T01");
    assert_eq!(first_t01["measurements"].as_array().map(Vec::len), Some(0));

    let fields = [
        ("csrf", csrf.as_str()),
        ("year", "2024"),
        ("status", "on_track"),
        ("text", "Đúng tiến độ ở nghị quyết thứ hai"),
    ];
    let path = format!("/breakthroughs/B1/assessments?resolution={second}");
    let recorded = app.post_form(&me, &path, &fields);
    assert_eq!(recorded.status, 303, "{}", recorded.body);
    let listed = app.get_json(&format!(
        "/api/v1/breakthroughs/B1/assessments?resolution={second}"
    ));
    assert_eq!(listed["assessments"].as_array().map(Vec::len), Some(1));
    let first = app.get_json("/api/v1/breakthroughs/B1/assessments");
    assert_eq!(first["assessments"].as_array().map(Vec::len), Some(0));

    let unknown = app.page_as(&me, "/entry/2024?resolution=none");
    assert_eq!(unknown.status, 400);
}

/// A synthetic 2025-2030 term of a commune, with targets of its own.
const NEXT_TERM: &str = r#"
[resolution]
code = "xa-cam-doai-2025-2030"
title_vi = "Nghị quyết Đại hội Đảng bộ xã Cẩm Đoài, nhiệm kỳ 2025-2030"
title_en = "Resolution of the Cẩm Đoài commune Party Congress, term 2025-2030"
baseline_year = 2025
goal_year = 2030

[[targets]]
code = "X01"
group = "economy"
title_vi = "Thu nhập bình quân đầu người"
title_en = "Income per capita"
source_text_vi = "Đến năm 2030, thu nhập bình quân đầu người đạt trên 150 triệu đồng"
kind = "reach_by_deadline"
comparator = ">"
goal = 150
unit_vi = "triệu đồng/người/năm"
unit_en = "million VND per person per year"
continues = "cam-giang-2020-2025/T01"
"#;

/// The counts of each card of `/resolutions`: for each card, its resolution's address and its tiles' `(status
/// class, count)` in order.
fn cards(body: &str) -> Vec<(String, Vec<(String, usize)>)> {
    body.split("<li class=\"card\">")
        .skip(1)
        .map(|card| {
            let href = card
                .split("href=\"")
                .nth(1)
                .and_then(|h| h.split('"').next());
            (href.expect("a link").to_string(), tiles(card))
        })
        .collect()
}

/// `(status class, count)` of the tiles in `html`, in order.
fn tiles(html: &str) -> Vec<(String, usize)> {
    html.split("<li class=\"tile s-")
        .skip(1)
        .map(|tile| {
            let class = tile.split('"').next().expect("a class").to_string();
            let count = tile
                .split("<span class=\"count\">")
                .nth(1)
                .and_then(|c| c.split('<').next())
                .and_then(|c| c.parse().ok())
                .expect("a count");
            (class, count)
        })
        .collect()
}

/// The province's page counts every resolution's targets from that resolution's own figures (all read at once):
/// each card's tiles add up to its number of targets and are those of its own dashboard, and a figure written
/// into one commune's resolution moves its card alone.
fn side_by_side_cards_count_each_resolution_from_its_own_figures(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let imported = app.import_csv(&who, crate::helpers::FIGURES_CSV, false);
    assert_eq!(imported.status, 200, "{}", imported.body);
    let read = || cards(&app.page("/resolutions", None).body);
    assert_eq!(read().len(), 1, "Cẩm Giàng's alone, its catalog now kept");
    let file = app.file("next.toml", NEXT_TERM.as_bytes());
    assert_eq!(
        app.cli(&["catalog", "load", file.to_str().expect("path")])
            .code,
        0
    );

    // The server sees the command line's load within its one-second poll (at once on PostgreSQL), and reads the
    // catalogs again.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let before = loop {
        let found = read();
        if found.len() == 2 || std::time::Instant::now() > deadline {
            break found;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(before.len(), 2, "{before:?}");
    let (cam_giang, cam_doai) = (&before[0], &before[1]);
    assert!(
        cam_giang.0.starts_with("/?resolution=cam-giang-2020-2025"),
        "{cam_giang:?}"
    );
    assert!(
        cam_doai.0.starts_with("/?resolution=xa-cam-doai-2025-2030"),
        "{cam_doai:?}"
    );
    // 16 targets in Cẩm Giàng's catalog, 1 in Cẩm Đoài's, each counted once.
    assert_eq!(
        cam_giang.1.iter().map(|t| t.1).sum::<usize>(),
        16,
        "{cam_giang:?}"
    );
    assert_eq!(cam_doai.1, vec![("no_data".to_string(), 1)]);
    // The same tiles as each resolution's own dashboard, in the year the card names (the term ended: 2025).
    let own = app.page("/?resolution=cam-giang-2020-2025&as_of=2025", None);
    let own_tiles: Vec<_> = tiles(&own.body).into_iter().filter(|t| t.1 > 0).collect();
    assert_eq!(cam_giang.1, own_tiles);

    // A figure of 2026 past the goal (over 150 by 2030): Cẩm Đoài's one target counted met, Cẩm Giàng's unmoved.
    let reply = app.put_json(
        &who,
        "/api/v1/targets/X01/measurements/2026/official?resolution=xa-cam-doai-2025-2030",
        "{\"value\": 160}",
    );
    assert_eq!(reply.status, 201, "{}", reply.body);
    let after = read();
    assert_eq!(after[0], before[0]);
    assert_eq!(after[1].1, vec![("achieved".to_string(), 1)], "{after:?}");
}

/// Two resolutions side by side: the list of them, and each page and write on the one its address names.
fn resolutions_live_side_by_side(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let file = app.file("next.toml", NEXT_TERM.as_bytes());
    let out = app.cli(&["catalog", "load", file.to_str().expect("path")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let list = app.page("/resolutions", None);
    assert_eq!(list.status, 200);
    assert_contains(&list.body, "Nhiệm kỳ 2020-2025");
    assert_contains(&list.body, "Nhiệm kỳ 2025-2030");
    assert_contains(
        &list.body,
        "href=\"/?resolution=xa-cam-doai-2025-2030&#38;lang=vi\"",
    );
    assert_contains(
        &app.page("/resolutions?lang=en", None).body,
        "Term 2025-2030",
    );
    // A write with ?resolution= lands in that resolution only.
    let reply = app.put_json(
        &who,
        "/api/v1/targets/X01/measurements/2025/official?resolution=xa-cam-doai-2025-2030",
        "{\"value\": 95}",
    );
    assert_eq!(reply.status, 201, "{}", reply.body);
    let next = app.get_json("/api/v1/dashboard?resolution=xa-cam-doai-2025-2030&as_of=2025");
    assert_eq!(next["targets"].as_array().map(Vec::len), Some(1));
    assert_eq!(next["targets"][0]["latest_value"], serde_json::Value::Null);
    assert_eq!(next["targets"][0]["progress"]["latest_value"], 95.0);
    assert_eq!(
        app.get("/api/v1/targets/X01").status,
        404,
        "not in the default resolution"
    );
    let page = app.page("/?resolution=xa-cam-doai-2025-2030", None);
    assert_contains(
        &page.body,
        "Nghị quyết Đại hội Đảng bộ xã Cẩm Đoài, nhiệm kỳ 2025-2030",
    );
    // The dashboard switches between them, and its year selector keeps the one shown.
    assert_contains(
        &page.body,
        "<option value=\"xa-cam-doai-2025-2030\" selected>",
    );
    assert_contains(
        &page.body,
        "<input type=\"hidden\" name=\"resolution\" value=\"xa-cam-doai-2025-2030\">",
    );
    // Its term has just begun: no final assessment; Cẩm Giàng's has ended.
    assert!(next["final_assessment"].is_null());
    // Every page's header offers both, the one its address names chosen (the server sees the CLI's load
    // within its one-second poll).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let target = loop {
        let target = app.page("/targets/X01?resolution=xa-cam-doai-2025-2030", None);
        assert_eq!(target.status, 200);
        if target.body.contains("class=\"switcher\"") || std::time::Instant::now() > deadline {
            break target;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    assert_contains(
        &target.body,
        "<form class=\"switcher\" method=\"get\" action=\"/\">",
    );
    assert_contains(
        &target.body,
        "<option value=\"xa-cam-doai-2025-2030\" selected>",
    );
    let history = app.page("/history", None);
    assert_contains(
        &history.body,
        "<option value=\"cam-giang-2020-2025\" selected>",
    );
    assert_contains(&history.body, "<option value=\"xa-cam-doai-2025-2030\">");
    assert_eq!(app.page("/targets/X01", None).status, 404);

    // X01 continues Cẩm Giàng's T01: its page shows both terms on one chart, and T01's page links on to it.
    assert_contains(&target.body, "So với nhiệm kỳ trước");
    assert_contains(
        &target.body,
        "href=\"/targets/T01?resolution=cam-giang-2020-2025\"",
    );
    assert_contains(
        &target.body,
        "/charts/targets/X01/terms.png?lang=vi&#38;as_of=",
    );
    let official = app.put_json(
        &who,
        "/api/v1/targets/T01/measurements/2024/official",
        "{\"value\": 80.6}",
    );
    assert_eq!(official.status, 201, "{}", official.body);
    let chart = app.download_ok(
        "/charts/targets/X01/terms.png?resolution=xa-cam-doai-2025-2030",
        "image/png",
    );
    let picture = crate::helpers::Picture::decode(&chart.bytes);
    assert_eq!((picture.width, picture.height), (1200, 700));
    assert!(
        picture.count((0x88, 0x77, 0x66)) > 200,
        "the earlier term is drawn"
    );
    assert!(
        picture.count((0x11, 0x44, 0x88)) > 200,
        "the current term is drawn"
    );
    assert_eq!(app.get("/charts/targets/T01/terms.png").status, 404);
    let earlier = app.page("/targets/T01", None);
    assert_contains(&earlier.body, "Được tiếp nối ở");
    assert_contains(
        &earlier.body,
        "href=\"/targets/X01?resolution=xa-cam-doai-2025-2030\"",
    );

    // Each term's pack holds the two-terms chart of the linked target, named after the other term's resolution:
    // T01 beside X01 in Cẩm Giàng's, X01 beside T01 in Cẩm Đoài's, both colours drawn.
    for (address, name) in [
        ("/reports/2024.zip", "T01-terms-xa-cam-doai-2025-2030.png"),
        (
            "/reports/2026.zip?resolution=xa-cam-doai-2025-2030",
            "X01-terms-cam-giang-2020-2025.png",
        ),
    ] {
        let pack = app.download_ok(address, "application/zip");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(pack.bytes)).expect("a zip");
        let names: Vec<String> = zip
            .file_names()
            .filter_map(Result::ok)
            .filter(|n| n.contains("-terms-"))
            .map(|n| n.to_string())
            .collect();
        assert_eq!(names, vec![name.to_string()], "{address}");
        let mut png = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name(name).expect("the chart"), &mut png)
            .expect("read");
        let picture = crate::helpers::Picture::decode(&png);
        assert_eq!((picture.width, picture.height), (1200, 700));
        assert!(
            picture.count((0x88, 0x77, 0x66)) > 200,
            "{name}: the earlier term"
        );
        assert!(
            picture.count((0x11, 0x44, 0x88)) > 200,
            "{name}: the later term"
        );
    }
    // The final report embeds it after the targets' charts; the yearly one does not.
    let docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    let images = |address: &str| {
        let reply = app.download_ok(address, docx);
        let zip = zip::ZipArchive::new(std::io::Cursor::new(reply.bytes)).expect("a zip");
        zip.file_names()
            .filter_map(Result::ok)
            .filter(|n| n.starts_with("word/media/") && n.ends_with(".png"))
            .count()
    };
    assert_eq!(images("/reports/2024.docx?kind=final"), 18);
    assert_eq!(images("/reports/2024.docx"), 17);
}

crate::on_both_backends!(
    resolutions_live_side_by_side,
    side_by_side_cards_count_each_resolution_from_its_own_figures,
    errors_are_pages_for_people_and_json_for_clients,
    a_bad_role_on_the_admin_form_is_a_bad_role,
    the_language_switch_works_on_every_page,
    write_pages_act_on_the_resolution_their_url_names,
);

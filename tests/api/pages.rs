//! The HTML pages over HTTP (the browser tests in tests/browser/ drive them in Chromium).

use std::time::{Duration, Instant};

use crate::helpers::{Backend, TestApp, FIGURES_CSV};

fn html(app: &TestApp, path: &str, cookie: Option<&str>) -> (u16, String, Option<String>) {
    let page = app.page(path, cookie);
    (page.status, page.body, page.set_cookie)
}

fn the_dashboard_shows_every_target_and_follows_the_data(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (status, page, _) = html(&app, "/?as_of=2024", None);
    assert_eq!(status, 200);
    assert_eq!(page.matches("<h1>").count(), 1);
    assert!(page.contains("<html lang=\"vi\">"));
    assert!(page.contains("Nghị quyết Đại hội Đảng bộ huyện Cẩm Giàng lần thứ XXVI"));
    assert_eq!(
        page.matches("<th scope=\"row\"><a href=\"/targets/")
            .count(),
        16
    );
    assert_eq!(page.matches("<article class=\"card\">").count(), 3);
    assert!(page
        .contains("<span class=\"count\">16</span> <span class=\"label\">Chưa có số liệu</span>"));
    // A target without a figure has no progress bar (not a 0% one).
    assert_eq!(page.matches("<progress").count(), 0);
    assert_eq!(page.matches("<td class=\"progress\">—</td>").count(), 16);
    // The year's downloads are on the page, in its language.
    assert!(page.contains(
        "<li><a href=\"/reports/2024.zip?lang=vi\" download>Bộ báo cáo năm 2024 (.zip): biểu đồ, bảng số liệu Excel và phần giải thích</a></li>"
    ), "{page}");
    assert!(page.contains(
        "<li><a href=\"/charts/overview.png?as_of=2024&#38;lang=vi\" download>Biểu đồ tổng quan (.png)</a></li>"
    ));
    let (_, english, _) = html(&app, "/?as_of=2023&lang=en", None);
    assert!(english
        .contains("<a href=\"/reports/2023.zip?lang=en\" download>Report pack for 2023 (.zip)"));

    let csv = app.file("figures.csv", FIGURES_CSV.as_bytes());
    assert_eq!(app.cli(&["import", csv.to_str().expect("path")]).code, 0);
    // Another process changed the data: the page follows within the data-version poll (1 s).
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, page, _) = html(&app, "/?as_of=2024", None);
        if page
            .contains("<span class=\"count\">3</span> <span class=\"label\">Cần đẩy nhanh</span>")
        {
            assert!(page.contains("80,6 triệu đồng/người/năm (2024)"));
            assert!(
                page.contains("95,5% dân số (2024) <abbr class=\"est\""),
                "an estimate is marked"
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the imported figures never reached the dashboard"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn english_is_chosen_once_and_remembered(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (status, page, cookie) = html(&app, "/?lang=en", None);
    assert_eq!(status, 200);
    assert!(page.contains("<html lang=\"en\">") && page.contains("Main targets"));
    let cookie = cookie.expect("the choice is remembered");
    assert!(
        cookie.starts_with("lang=en")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let (_, page, _) = html(&app, "/targets/T05", Some("lang=en"));
    assert!(
        page.contains("Health-insurance coverage")
            && page.contains("Goal 2025: ≥ 95% of population")
    );
    let (status, page, _) = html(&app, "/?lang=fr", None);
    assert_eq!(status, 400);
    assert!(page.contains("language must be vi or en"));
}

fn target_and_breakthrough_pages(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let csv = app.file("figures.csv", FIGURES_CSV.as_bytes());
    assert_eq!(
        app.cli(&["import", csv.to_str().expect("path"), "--as", "thong.ke"])
            .code,
        0
    );
    let (status, page, _) = html(&app, "/targets/T01?as_of=2024", None);
    assert_eq!(status, 200);
    assert!(page.contains("<h1>T01 · Thu nhập bình quân đầu người</h1>"));
    assert!(
        page.contains("src=\"/charts/targets/T01.png?lang=vi&#38;as_of=2024\""),
        "the chart (& escaped)"
    );
    assert!(page.contains("<dt>Dự báo năm 2025</dt><dd>87,32 triệu đồng/người/năm</dd>"));
    assert!(page.contains("<dt>Tốc độ cần đạt mỗi năm từ nay</dt><dd>11,66%/năm</dd>"));
    assert!(
        page.contains("thong.ke")
            && page.contains("Nhập mới 2024 chính thức: 80,6 triệu đồng/người/năm")
    );
    assert!(page.contains("href=\"/api/v1/export.csv?target=T01\""));
    assert!(
        page.contains("<a href=\"/reports/2024.zip?lang=vi\" download>Bộ báo cáo năm 2024 (.zip)")
    );
    let csv = app.get("/api/v1/export.csv?target=T01");
    assert_eq!(csv.status, 200);
    assert_eq!(csv.body.lines().count(), 3);

    let (status, page, _) = html(&app, "/breakthroughs/B3?as_of=2023", None);
    assert_eq!(status, 200);
    assert!(page.contains("T14") && page.contains("T15") && !page.contains("T01"));
    assert!(page.contains("Cần đẩy nhanh") && page.contains("Chưa có đánh giá."));
}

fn page_errors_are_pages_in_the_readers_language(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (status, page, _) = html(&app, "/targets/T99", None);
    assert_eq!(status, 404);
    assert!(page.contains("<h1>Không tìm thấy</h1>"));
    let (status, page, _) = html(&app, "/no/such/page", Some("lang=en"));
    assert_eq!(status, 404);
    assert!(page.contains("<h1>Not found</h1>"));
    let (status, page, _) = html(&app, "/?as_of=abc", None);
    assert_eq!(status, 400);
    assert!(page.contains("Năm đánh giá (as_of) phải là một năm từ 2020 đến 2035."));
    let css = app.get("/static/style.css");
    assert_eq!(css.status, 200);
    assert!(css.content_type.starts_with("text/css"));
}

crate::on_both_backends!(
    the_dashboard_shows_every_target_and_follows_the_data,
    english_is_chosen_once_and_remembered,
    target_and_breakthrough_pages,
    page_errors_are_pages_in_the_readers_language,
);

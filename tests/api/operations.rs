//! What an operator reads: `/metrics`, `/readyz`, each request's id, and the JSON log lines.

use crate::helpers::{project_file, Backend, ServerProcess, TestApp, TestDb};

/// The value of the metric line that starts `series ` (its name and labels), if there is one.
fn metric(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|v| v.parse().ok())
}

fn metrics_count_requests_imports_charts_and_the_page_cache(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    // Two reads of one route, one of a target (its template counted, not its path), one unknown path.
    assert_eq!(app.get("/api/v1/dashboard").status, 200);
    assert_eq!(app.get("/api/v1/dashboard").status, 200);
    assert_eq!(app.get("/api/v1/targets/T01").status, 200);
    assert_eq!(app.get("/api/v1/targets/T99").status, 404);
    assert_eq!(app.get("/khong-co-trang-nay").status, 404);
    // The dashboard twice with nothing changed: rendered once, then served from the cache.
    assert_eq!(app.get("/?as_of=2024").status, 200);
    assert_eq!(app.get("/?as_of=2024").status, 200);
    // A chart drawn; an import of 10 rows; an import refused.
    app.download_ok("/charts/targets/T01.png", "image/png");
    let csv = std::fs::read_to_string(project_file("tests/fixtures/figures.csv")).expect("fixture");
    assert_eq!(app.import_csv(&who, &csv, false).status, 200);
    let refused = app.import_csv(
        &who,
        "target_code,year,quality,value\nT99,2024,official,1\n",
        false,
    );
    assert_eq!(refused.status, 422);

    let reply = app.get("/metrics");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.content_type.starts_with("text/plain; version=0.0.4"));
    let text = reply.body;
    let count = |route: &str, method: &str, status: u16| {
        let series = format!(
            "rt_http_requests_total{{route=\"{route}\",method=\"{method}\",status=\"{status}\"}}"
        );
        metric(&text, &series)
    };
    assert_eq!(count("/api/v1/dashboard", "GET", 200), Some(2.0));
    assert_eq!(count("/api/v1/targets/{code}", "GET", 200), Some(1.0));
    assert_eq!(count("/api/v1/targets/{code}", "GET", 404), Some(1.0));
    assert_eq!(count("unmatched", "GET", 404), Some(1.0));
    assert_eq!(count("/api/v1/imports", "POST", 422), Some(1.0));
    // The histogram of the two dashboard reads: both within 10 s, counted in its +Inf bucket and its count.
    let labels = "route=\"/api/v1/dashboard\",method=\"GET\",status=\"200\"";
    assert_eq!(
        metric(
            &text,
            &format!("rt_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}}")
        ),
        Some(2.0)
    );
    assert_eq!(
        metric(
            &text,
            &format!("rt_http_request_duration_seconds_count{{{labels}}}")
        ),
        Some(2.0)
    );
    assert_eq!(metric(&text, "rt_page_cache_misses_total"), Some(1.0));
    assert_eq!(metric(&text, "rt_page_cache_hits_total"), Some(1.0));
    assert_eq!(metric(&text, "rt_import_rows_total"), Some(10.0));
    assert_eq!(metric(&text, "rt_import_failures_total"), Some(1.0));
    assert_eq!(metric(&text, "rt_chart_render_seconds_count"), Some(1.0));
    // The suite's pool holds 4 connections.
    assert_eq!(metric(&text, "rt_db_pool_max_connections"), Some(4.0));
    assert!(metric(&text, "rt_db_pool_connections{state=\"idle\"}").is_some());
    // This scrape is counted on the next.
    let again = app.get("/metrics").body;
    assert_eq!(
        metric(
            &again,
            "rt_http_requests_total{route=\"/metrics\",method=\"GET\",status=\"200\"}"
        ),
        Some(1.0)
    );
}

fn metrics_from_elsewhere_need_an_administrator(backend: Backend) {
    let Some(db) = TestDb::new(backend) else {
        return;
    };
    // Loopback is not among the allowed addresses here, as a client elsewhere would not be.
    let app = TestApp::spawn_on(db, |s| {
        s.metrics.allow = vec!["10.20.30.40".parse().expect("an address")];
        s.auth.public_read = false;
    });
    let anonymous = app.get("/metrics");
    assert_eq!(anonymous.status, 403);
    assert_eq!(anonymous.error()["code"], "forbidden");
    assert!(!anonymous.body.contains("rt_http_requests_total"));
    app.add_user("thongke", "statistician", "mật-khẩu-đủ-dài");
    let statistician = app.sign_in("thongke", "mật-khẩu-đủ-dài");
    let reply = app.send(&statistician, "GET", "/metrics", None);
    assert_eq!(reply.status, 403);
    app.add_user("quantri", "admin", "mật-khẩu-đủ-dài");
    let admin = app.sign_in("quantri", "mật-khẩu-đủ-dài");
    let reply = app.send(&admin, "GET", "/metrics", None);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("# TYPE rt_http_requests_total counter"));
    // /readyz answers without sign-in even when reading needs it.
    assert_eq!(app.get("/readyz").status, 200);
}

fn readyz_says_whether_the_database_answers(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let reply = app.get("/readyz");
    assert_eq!(reply.status, 200);
    let expected = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    assert_eq!(
        reply.json(),
        serde_json::json!({"ready": true, "database": expected})
    );
}

fn every_answer_carries_its_request_id(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let made = ureq::get(&app.url("/api/v1/dashboard"))
        .call()
        .expect("an answer");
    let id = made.header("x-request-id").expect("an id").to_string();
    assert_eq!(id.len(), 16);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    // A proxy's id is kept; one that is not a short token is replaced; errors carry theirs too.
    let kept = ureq::get(&app.url("/api/v1/dashboard"))
        .set("X-Request-Id", "nginx-7f3a.2")
        .call()
        .expect("an answer");
    assert_eq!(kept.header("x-request-id"), Some("nginx-7f3a.2"));
    let replaced = match ureq::get(&app.url("/api/v1/targets/T99"))
        .set("X-Request-Id", "<script>")
        .call()
    {
        Err(ureq::Error::Status(404, r)) => r,
        other => panic!("expected 404, got {other:?}"),
    };
    let id = replaced.header("x-request-id").expect("an id");
    assert_ne!(id, "<script>");
    assert_eq!(id.len(), 16);
}

/// With `log.format = "json"` each line is one JSON object, and a request's line holds its id.
fn json_logs_hold_the_request_id(backend: Backend) {
    let Some(db) = TestDb::new(backend) else {
        return;
    };
    let server = ServerProcess::start(&db, &[("RT__LOG__FORMAT", "json"), ("RUST_LOG", "info")]);
    let answer = ureq::get(&format!("{}/api/v1/dashboard", server.address))
        .set("X-Request-Id", "soak-42")
        .call()
        .expect("an answer");
    assert_eq!(answer.status(), 200);
    let log_path = db.dir.path().join("server.log");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let line = loop {
        let log = std::fs::read_to_string(&log_path).expect("the log");
        if let Some(line) = log.lines().find(|l| l.contains("soak-42")) {
            break line.to_string();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no line for the request: {log}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let line: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
    assert_eq!(line["span"]["id"], "soak-42");
    assert_eq!(line["fields"]["message"], "request");
    assert_eq!(line["fields"]["path"], "/api/v1/dashboard");
    assert_eq!(line["fields"]["status"], 200);
    assert_eq!(line["level"], "INFO");
    // Every line of the log is JSON (the start-up lines too).
    let log = std::fs::read_to_string(&log_path).expect("the log");
    for l in log.lines().filter(|l| !l.trim().is_empty()) {
        assert!(
            serde_json::from_str::<serde_json::Value>(l).is_ok(),
            "not JSON: {l}"
        );
    }
}

/// Two server processes on one PostgreSQL database: a figure written through one is on the other's dashboard at
/// once (its cached page dropped on the database's notice), and a name throttled through one is throttled on both.
fn two_processes_on_one_database_behave_as_one(backend: Backend) {
    if backend != Backend::Postgres {
        return; // SQLite serves one office from one process.
    }
    let Some((mut app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let second = ServerProcess::start(&app.db, &[]);
    let first = app.address.clone();
    // The second's dashboard is rendered, and cached, before the write.
    app.address = second.address.clone();
    let before = app.get("/?as_of=2024");
    assert_eq!(before.status, 200);
    assert!(!before.body.contains("77,7"));
    assert_eq!(app.get("/?as_of=2024").status, 200);
    // Written through the first.
    app.address = first.clone();
    app.create_figure(&who, "T01/measurements/2023/official", 77.7);
    app.address = second.address.clone();
    let started = std::time::Instant::now();
    let seen = loop {
        let page = app.get("/?as_of=2024");
        if page.body.contains("77,7") {
            break started.elapsed();
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "the second process never showed the figure"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    eprintln!("the second process showed the figure after {seen:?}");

    // Five wrong passwords for one name through the first lock that name out on the second as well.
    app.address = first.clone();
    for _ in 0..5 {
        assert_eq!(app.login("thongke", "sai-mật-khẩu").status, 401);
    }
    app.address = second.address.clone();
    let locked = app.login("thongke", "mật-khẩu-đủ-dài");
    assert_eq!(
        locked.status, 429,
        "the other process counts the same failures"
    );
    // Another name from the same address is not locked.
    app.add_user("quantri", "admin", "mật-khẩu-đủ-dài");
    assert_eq!(app.login("quantri", "mật-khẩu-đủ-dài").status, 303);
    app.address = first;
}

/// Every change of figures sends PostgreSQL's notice on `rt_data`, whichever process makes it.
fn a_write_sends_the_change_notice(backend: Backend) {
    use diesel::{Connection, RunQueryDsl};
    if backend != Backend::Postgres {
        return;
    }
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let mut listener = diesel::pg::PgConnection::establish(&app.db.url).expect("connect");
    diesel::sql_query("LISTEN rt_data")
        .execute(&mut listener)
        .expect("listen");
    assert_eq!(listener.notifications_iter().count(), 0);
    app.create_figure(&who, "T02/measurements/2023/official", 640.0);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let notice = loop {
        if let Some(n) = listener.notifications_iter().next() {
            break n.expect("a notice");
        }
        assert!(std::time::Instant::now() < deadline, "no notice");
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(notice.channel, "rt_data");
}

/// The resolutions side by side are kept for anonymous readers until the data moves, as the dashboard is: a
/// catalog loaded by another process shows once the version moves.
fn the_side_by_side_page_is_cached_until_the_data_moves(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let first = app.page("/resolutions", None);
    assert_eq!(first.status, 200);
    assert!(!first.body.contains("Cẩm Vũ"));
    assert_eq!(app.page("/resolutions", None).body, first.body);
    let text = app.get("/metrics").body;
    assert_eq!(metric(&text, "rt_page_cache_misses_total"), Some(1.0));
    assert_eq!(metric(&text, "rt_page_cache_hits_total"), Some(1.0));
    let catalog = "[resolution]\ncode = \"xa-cam-vu-2025-2030\"\n\
        title_vi = \"Nghị quyết Đại hội Đảng bộ xã Cẩm Vũ, nhiệm kỳ 2025-2030\"\n\
        title_en = \"Resolution of the Cẩm Vũ commune, term 2025-2030\"\n\
        baseline_year = 2025\ngoal_year = 2030\n\n[[targets]]\ncode = \"V01\"\ngroup = \"economy\"\n\
        title_vi = \"Thu nhập\"\ntitle_en = \"Income\"\nkind = \"reach_by_deadline\"\ncomparator = \">\"\n\
        goal = 150\nunit_vi = \"triệu đồng\"\nunit_en = \"million VND\"\n";
    let file = app.file("vu.toml", catalog.as_bytes());
    let out = app.cli(&["catalog", "load", file.to_str().expect("path")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !app.page("/resolutions", None).body.contains("Cẩm Vũ") {
        assert!(
            std::time::Instant::now() < deadline,
            "the cached page was never dropped"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

crate::on_both_backends!(
    the_side_by_side_page_is_cached_until_the_data_moves,
    two_processes_on_one_database_behave_as_one,
    a_write_sends_the_change_notice,
    metrics_count_requests_imports_charts_and_the_page_cache,
    metrics_from_elsewhere_need_an_administrator,
    readyz_says_whether_the_database_answers,
    every_answer_carries_its_request_id,
    json_logs_hold_the_request_id,
);

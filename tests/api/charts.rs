//! Charts and the report pack over HTTP and from the CLI: real PNGs, decoded and checked.

use std::io::Read;

use crate::helpers::{Backend, Picture, TestApp, FIGURES_CSV};

const NEEDS_ACCELERATION: (u8, u8, u8) = (0xDD, 0xAA, 0x33);
const ACHIEVED: (u8, u8, u8) = (0x11, 0x77, 0x33);
const IN_PROGRESS: (u8, u8, u8) = (0x00, 0x77, 0xBB);
const NO_DATA: (u8, u8, u8) = (0xCC, 0xCC, 0xCC);

fn with_figures(backend: Backend) -> Option<TestApp> {
    let app = TestApp::spawn(backend)?;
    let csv = app.file("figures.csv", FIGURES_CSV.as_bytes());
    let out = app.cli(&["import", csv.to_str().expect("path")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    Some(app)
}

fn target_chart_is_a_png_of_the_right_size_in_its_status_colour(backend: Backend) {
    let Some(app) = with_figures(backend) else {
        return;
    };
    let reply = app.download_ok("/charts/targets/T01.png?as_of=2024", "image/png");
    assert!(
        reply.bytes.len() <= 60 * 1024,
        "{} bytes",
        reply.bytes.len()
    );
    let picture = Picture::decode(&reply.bytes);
    assert_eq!((picture.width, picture.height), (1200, 700));
    assert!(
        picture.ink() > 0.02,
        "something is drawn: {}",
        picture.ink()
    );
    assert!(
        picture.count(NEEDS_ACCELERATION) > 500,
        "the status badge in its colour"
    );
    assert_eq!(picture.count(ACHIEVED), 0, "no other status colour");

    // Each-year bars: met years in the achieved colour, the badge in needs_acceleration's.
    let bars = Picture::decode(
        &app.download("/charts/targets/T15.png?as_of=2023&lang=en", None)
            .bytes,
    );
    assert!(bars.count(ACHIEVED) > 5000 && bars.count(NEEDS_ACCELERATION) > 500);
    // A milestone in progress.
    let timeline = Picture::decode(
        &app.download("/charts/targets/T11.png?as_of=2024", None)
            .bytes,
    );
    assert!(timeline.count(IN_PROGRESS) > 500);

    let small = Picture::decode(
        &app.download("/charts/targets/T02.png?width=600&height=400", None)
            .bytes,
    );
    assert_eq!((small.width, small.height), (600, 400));
}

fn chart_parameters_are_checked(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    for (query, field) in [
        ("width=299", "width"),
        ("height=4001", "height"),
        ("width=abc", "width"),
        ("lang=fr", "lang"),
        ("as_of=1990", "as_of"),
    ] {
        let reply = app.get(&format!("/charts/targets/T01.png?{query}"));
        assert_eq!(reply.status, 400, "{query}");
        assert_eq!(reply.error()["field"], field, "{query}");
    }
    let reply = app.get("/charts/overview.png?width=5000");
    assert_eq!(
        (reply.status, reply.error()["field"].as_str()),
        (400, Some("width"))
    );
    let reply = app.get("/charts/targets/T99.png");
    assert_eq!(reply.status, 404);
    assert!(reply.error()["message"]
        .as_str()
        .unwrap_or("")
        .contains("T99"));
}

fn etag_gives_304_until_the_data_changes(backend: Backend) {
    let Some(app) = with_figures(backend) else {
        return;
    };
    let first = app.download("/charts/targets/T05.png?as_of=2024", None);
    let tag = first.etag.clone().expect("an ETag");
    let again = app.download("/charts/targets/T05.png?as_of=2024", Some(&tag));
    assert_eq!(again.status, 304);
    assert!(again.bytes.is_empty());
    let english = app.download("/charts/targets/T05.png?as_of=2024&lang=en", Some(&tag));
    assert_eq!(english.status, 200, "another language is another picture");

    let official = app.file(
        "official.csv",
        b"target_code,year,quality,value,state,source,note\nT05,2024,official,94.1,,BHXH,\n",
    );
    assert_eq!(
        app.cli(&["import", official.to_str().expect("path")]).code,
        0
    );
    let changed = app.download("/charts/targets/T05.png?as_of=2024", Some(&tag));
    assert_eq!(changed.status, 200, "new data, new picture");
    assert_ne!(changed.etag, Some(tag));
    let overview = app.download("/charts/overview.png", None);
    let tag = overview.etag.expect("an ETag");
    assert_eq!(app.download("/charts/overview.png", Some(&tag)).status, 304);
}

fn overview_shows_every_status_present(backend: Backend) {
    let Some(app) = with_figures(backend) else {
        return;
    };
    let reply = app.download("/charts/overview.png?as_of=2024", None);
    assert_eq!(reply.status, 200);
    let picture = Picture::decode(&reply.bytes);
    assert_eq!((picture.width, picture.height), (1600, 900));
    for colour in [NEEDS_ACCELERATION, ACHIEVED, IN_PROGRESS, NO_DATA] {
        assert!(picture.count(colour) > 100, "{colour:?}");
    }
}

fn the_report_pack_holds_every_chart_the_tables_and_a_readme(backend: Backend) {
    let Some(app) = with_figures(backend) else {
        return;
    };
    let reply = app.download_ok("/reports/2024.zip", "application/zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(reply.bytes)).expect("a zip");
    let mut names: Vec<String> = zip
        .file_names()
        .map(|n| n.expect("a file name").into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = (1..=16).map(|i| format!("T{i:02}.png")).collect();
    // Each roll-up target's units too.
    expected.extend(
        ROLLUP_TARGETS
            .iter()
            .map(|code| format!("{code}-units.png")),
    );
    expected.extend([
        "README.txt".into(),
        "bao-cao-yearly-2024.docx".into(),
        "bieu-ket-qua-2024.xlsx".into(),
        "measurements.csv".into(),
        "measurements.xlsx".into(),
        "overview.png".into(),
    ]);
    expected.sort();
    assert_eq!(names, expected);
    let mut readme = String::new();
    zip.by_name("README.txt")
        .expect("README")
        .read_to_string(&mut readme)
        .expect("UTF-8");
    assert!(readme.contains("đánh giá đến năm 2024"), "{readme}");
    assert!(
        readme.contains("T01  Thu nhập bình quân đầu người") && readme.contains("Cần đẩy nhanh"),
        "{readme}"
    );
    // It explains itself to a leader without the project's docs: every status, the method in brief, each file.
    for said in [
        "Ý nghĩa các tình trạng:",
        "  Cần đẩy nhanh: đang tiến nhưng chưa đủ nhanh (dự báo đi được 50% đến dưới 95% chặng đường)",
        "  Chưa có số liệu: chưa nhập số liệu nào",
        "Cách đánh giá (tóm tắt):",
        "  measurements.xlsx: toàn bộ số liệu, mở bằng Excel",
    ] {
        assert!(readme.contains(said), "{said} in {readme}");
    }
    assert!(!readme.contains("docs/"), "{readme}");
    // Which figures are not approved, as the Word report and the workbook say: all ten imported, none approved.
    let line = readme
        .lines()
        .find(|l| l.starts_with("Số liệu chưa được duyệt: "))
        .unwrap_or_else(|| panic!("no approval line in {readme}"));
    assert_eq!(line.matches(", ").count(), 9, "{line}");
    assert!(
        line.contains("T05 2024 ") && line.contains("T15 2021 "),
        "{line}"
    );
    // The Excel table holds the figures as numbers, whatever the reader's decimal mark.
    let mut xlsx = Vec::new();
    zip.by_name("measurements.xlsx")
        .expect("xlsx")
        .read_to_end(&mut xlsx)
        .expect("bytes");
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("a workbook");
    let sheet = calamine::Reader::worksheet_range(&mut book, "measurements").expect("a sheet");
    let income_2024 = sheet.rows().find(|r| {
        r[0] == calamine::Data::String("T01".into()) && r[1] == calamine::Data::Float(2024.0)
    });
    assert_eq!(
        income_2024.map(|r| r[3].clone()),
        Some(calamine::Data::Float(80.6))
    );
    assert_eq!(
        sheet.height(),
        11,
        "the header and the fixture's 10 figures"
    );
    let mut csv = String::new();
    zip.by_name("measurements.csv")
        .expect("CSV")
        .read_to_string(&mut csv)
        .expect("UTF-8");
    // The pack's table is the fixture's figures, row for row (the export writes the import format).
    let mut written: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    let mut fixture: Vec<&str> = FIGURES_CSV.lines().collect();
    written.sort_unstable();
    fixture.sort_unstable();
    assert_eq!(written, fixture);
    let mut png = Vec::new();
    zip.by_name("T15.png")
        .expect("T15")
        .read_to_end(&mut png)
        .expect("bytes");
    assert_eq!(Picture::decode(&png).width, 1200);

    let reply = app.get("/reports/20x4.zip");
    assert_eq!(
        (reply.status, reply.error()["field"].as_str()),
        (400, Some("year"))
    );
}

/// The shipped catalog's targets built from the communes' figures.
const ROLLUP_TARGETS: [&str; 10] = [
    "T04", "T05", "T06", "T07", "T08", "T09", "T10", "T12", "T14", "T15",
];

fn export_charts_writes_a_png_per_target_per_rollup_and_the_overview(backend: Backend) {
    let Some(app) = with_figures(backend) else {
        return;
    };
    let dir = app.db.dir.path().join("charts");
    let out = app.cli(&[
        "export-charts",
        dir.to_str().expect("path"),
        "--as-of",
        "2024",
        "--lang",
        "en",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 16 + ROLLUP_TARGETS.len() + 1);
    assert_eq!(files.last().map(String::as_str), Some("overview.png"));
    assert!(files.contains(&"T06-units.png".to_string()));
    let t01 = std::fs::read(dir.join("T01.png")).expect("T01");
    assert_eq!(
        t01,
        app.download("/charts/targets/T01.png?as_of=2024&lang=en", None)
            .bytes,
        "the CLI and the route draw the same picture"
    );
}

/// An agency's pack holds its targets alone and says whose they are; where the committee assessed a target for the
/// year, the README gives the committee's status and, beside it, the one the figures give.
fn an_agencys_pack_holds_its_targets_and_the_committees_assessment(backend: Backend) {
    let Some(app) = with_figures(backend) else {
        return;
    };
    app.add_user("truong.phong", "approver", "mật-khẩu-đủ-dài");
    let boss = crate::helpers::Credentials::Token(app.token("truong.phong"));
    let body = r#"{"status": "achieved", "text": "Thu ngân sách vượt dự toán"}"#;
    let put = app.put_json(&boss, "/api/v1/targets/T02/assessments/2024", body);
    assert_eq!(put.status, 201, "{}", put.body);

    let reply = app.download_ok(
        "/reports/2024.zip?agency=tai-chinh-ke-hoach",
        "application/zip",
    );
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(reply.bytes)).expect("a zip");
    let mut pngs: Vec<String> = zip
        .file_names()
        .map(|n| n.expect("a file name").into_owned())
        .filter(|n| n.ends_with(".png"))
        .collect();
    pngs.sort();
    assert_eq!(
        pngs,
        vec!["T02.png", "overview.png"],
        "the finance office leads T02 alone"
    );
    let mut readme = String::new();
    zip.by_name("README.txt")
        .expect("README")
        .read_to_string(&mut readme)
        .expect("UTF-8");
    assert!(
        readme.contains("Các chỉ tiêu do Phòng Tài chính - Kế hoạch chủ trì"),
        "{readme}"
    );
    assert!(!readme.contains("T01  "), "{readme}");
    // The committee's status first, then the one the figures give: 500 to 640 billion from 2020 to 2023 is
    // (640/500)^(1/3) − 1 = 8.6% a year against 10%: needs acceleration.
    let t02 = readme
        .lines()
        .find(|l| l.starts_with("T02  "))
        .unwrap_or_default();
    assert!(
        t02.ends_with("Tình trạng: Đã đạt — đánh giá của cấp ủy (theo số liệu: Cần đẩy nhanh)"),
        "{t02}"
    );
    assert!(readme.contains("Nơi cấp ủy đã đánh giá một chỉ tiêu"));
    let mut csv = String::new();
    zip.by_name("measurements.csv")
        .expect("the figures")
        .read_to_string(&mut csv)
        .expect("UTF-8");
    assert!(csv.lines().skip(1).all(|l| l.starts_with("T02,")), "{csv}");
    assert_eq!(app.get("/reports/2024.zip?agency=khong-co").status, 400);
}

/// One file of a zip (an .xlsx is one), as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the file"))
        .read_to_string(&mut text)
        .expect("UTF-8");
    text
}

/// The `<c>` element of a cell in a sheet's XML.
fn cell<'a>(sheet: &'a str, at: &str) -> &'a str {
    let start = sheet
        .find(&format!("<c r=\"{at}\""))
        .unwrap_or_else(|| panic!("cell {at}"));
    let open_end = sheet[start..].find('>').map_or(sheet.len(), |e| start + e);
    if sheet[..open_end].ends_with('/') {
        return &sheet[start..=open_end];
    }
    let end = sheet[start..]
        .find("</c>")
        .map_or(sheet.len(), |e| start + e);
    &sheet[start..end]
}

/// The results workbook: the table the office files (the figures year by year in their columns, an estimate
/// marked but still a number, the committee's assessment marked, what is not approved), a native chart a target
/// drawn from the table's cells, Times New Roman, A4 landscape; and the pack holds it.
fn the_results_workbook_is_the_table_the_office_files(backend: Backend) {
    let Some(app) = with_figures(backend) else {
        return;
    };
    app.add_user("truong.phong", "approver", "mật-khẩu-đủ-dài");
    let boss = crate::helpers::Credentials::Token(app.token("truong.phong"));
    let body = r#"{"status": "achieved", "text": "Vượt chỉ tiêu"}"#;
    let put = app.put_json(&boss, "/api/v1/targets/T05/assessments/2024", body);
    assert_eq!(put.status, 201, "{}", put.body);
    let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let reply = app.download_ok("/reports/2024.xlsx", xlsx);
    let sheet = part(&reply.bytes, "xl/worksheets/sheet1.xml");
    let strings = part(&reply.bytes, "xl/sharedStrings.xml");
    let styles = part(&reply.bytes, "xl/styles.xml");
    for said in [
        "Biểu kết quả thực hiện các chỉ tiêu chủ yếu Nghị quyết Đại hội",
        "T01 · Thu nhập bình quân đầu người",
        "triệu đồng/người/năm",
        "Đã đạt (cấp ủy)",
        "2020 chính thức, 2024 chính thức",
    ] {
        assert!(strings.contains(said), "{said}");
    }
    // Row 5 is T01 (the title, the resolution, the year, the header above it), row 9 T05; E is 2020, I 2024.
    assert!(
        cell(&sheet, "E5").contains("<v>58.5</v>"),
        "{}",
        cell(&sheet, "E5")
    );
    assert!(cell(&sheet, "I5").contains("<v>80.6</v>"));
    // T01's way from 58.5 to 90 covered by 2024's 80.6 is 22.1 / 31.5 = 0.70158… (K5, shown 70%); T03 has no
    // figure, so no share (K7).
    assert!(
        cell(&sheet, "K5").contains("<v>0.701587"),
        "{}",
        cell(&sheet, "K5")
    );
    assert!(
        !cell(&sheet, "K7").contains("<v>"),
        "{}",
        cell(&sheet, "K7")
    );
    let estimate = cell(&sheet, "I9");
    assert!(estimate.contains("<v>95.5</v>"), "{estimate}");
    let style = |c: &str| {
        c.split("s=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .map(str::to_string)
    };
    assert_ne!(
        style(estimate),
        style(cell(&sheet, "I5")),
        "the estimate has its own format"
    );
    assert!(
        styles.contains("(ước)"),
        "the estimate's number format marks it"
    );
    assert!(styles.contains("Times New Roman"));
    assert!(sheet.contains("orientation=\"landscape\"") && sheet.contains("paperSize=\"9\""));
    assert!(
        sheet.contains("<pane xSplit=\"2\" ySplit=\"4\""),
        "the header and the targets stay in view"
    );
    // A live chart of T01, its values the table's T01 row.
    let chart = part(&reply.bytes, "xl/charts/chart1.xml");
    assert!(chart.contains("'Biểu kết quả'!$E$5:$J$5"), "{chart}");
    assert!(chart.contains("'Biểu kết quả'!$E$4:$J$4"));

    // The pack holds the same workbook.
    let pack = app.download_ok("/reports/2024.zip", "application/zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(pack.bytes)).expect("a zip");
    let mut inner = Vec::new();
    zip.by_name("bieu-ket-qua-2024.xlsx")
        .expect("the workbook in the pack")
        .read_to_end(&mut inner)
        .expect("read");
    assert!(part(&inner, "xl/sharedStrings.xml").contains("Đã đạt (cấp ủy)"));
}

/// The Word report: A4 with the decree's margins, Times New Roman 14 pt, the letterhead's fields for the office,
/// the summary, the appendix table with the numbers as written ("80,6", "95,5 (ước)"), the committee's
/// assessment marked, which figures are not approved, a chart a target and the overview embedded; the final
/// report covers the whole term.
fn the_word_report_is_the_document_the_office_files(backend: Backend) {
    let Some(app) = with_figures(backend) else {
        return;
    };
    app.add_user("truong.phong", "approver", "mật-khẩu-đủ-dài");
    let boss = crate::helpers::Credentials::Token(app.token("truong.phong"));
    let body = r#"{"status": "achieved", "text": "Vượt chỉ tiêu"}"#;
    assert_eq!(
        app.put_json(&boss, "/api/v1/targets/T05/assessments/2024", body)
            .status,
        201
    );
    let docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    let reply = app.download_ok("/reports/2024.docx", docx);
    let document = part(&reply.bytes, "word/document.xml");
    for said in [
        "[TÊN CƠ QUAN BAN HÀNH]",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO",
        "Kết quả thực hiện năm 2024",
        "Đánh giá đến năm 2024, trong 16 chỉ tiêu chủ yếu:",
        "Biểu kết quả thực hiện các chỉ tiêu chủ yếu Nghị quyết Đại hội",
        ">T01 · Thu nhập bình quân đầu người<",
        ">58,5<",
        ">70%<",
        ">80,6<",
        ">95,5 (ước)<",
        ">Đã đạt (cấp ủy)<",
        "Số liệu chưa được duyệt: T01 2020 chính thức, T01 2024 chính thức",
        "Các nhiệm vụ đột phá",
    ] {
        assert!(document.contains(said), "{said}");
    }
    assert!(
        document.contains("w:w=\"11906\"") && document.contains("w:h=\"16838\""),
        "A4"
    );
    for margin in [
        "w:top=\"1134\"",
        "w:bottom=\"1134\"",
        "w:left=\"1701\"",
        "w:right=\"850\"",
    ] {
        assert!(document.contains(margin), "{margin}");
    }
    let styles = part(&reply.bytes, "word/styles.xml");
    assert!(
        styles.contains("Times New Roman") && styles.contains("w:val=\"28\""),
        "Times New Roman 14 pt"
    );
    let zip = zip::ZipArchive::new(std::io::Cursor::new(reply.bytes.clone())).expect("a zip");
    let images = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("word/media/") && n.ends_with(".png"))
        .count();
    assert_eq!(images, 17, "the overview and 16 targets' charts");

    let final_report = app.download_ok("/reports/2024.docx?kind=final", docx);
    let document = part(&final_report.bytes, "word/document.xml");
    assert!(document.contains("Kết quả thực hiện nhiệm kỳ 2020-2025"));
    assert!(
        document.contains("Kết thúc nhiệm kỳ 2020-2025: đạt"),
        "the final tally"
    );
    // In English: the state's translation of the motto, the fields to fill in English.
    let english = app.download_ok("/reports/2024.docx?lang=en", docx);
    let document = part(&english.bytes, "word/document.xml");
    for said in [
        "SOCIALIST REPUBLIC OF VIET NAM",
        "Independence - Freedom - Happiness",
        "[ISSUING BODY]",
        "No.: ...",
    ] {
        assert!(document.contains(said), "{said}");
    }
    assert!(!document.contains("Số: ..."));
    let bad = app.get("/reports/2024.docx?kind=weekly");
    assert_eq!(
        (bad.status, bad.error()["field"].clone()),
        (400, serde_json::json!("kind"))
    );
}

crate::on_both_backends!(
    the_word_report_is_the_document_the_office_files,
    the_results_workbook_is_the_table_the_office_files,
    an_agencys_pack_holds_its_targets_and_the_committees_assessment,
    target_chart_is_a_png_of_the_right_size_in_its_status_colour,
    chart_parameters_are_checked,
    etag_gives_304_until_the_data_changes,
    overview_shows_every_status_present,
    the_report_pack_holds_every_chart_the_tables_and_a_readme,
    export_charts_writes_a_png_per_target_per_rollup_and_the_overview,
);

//! The import template and the import's dry run: a year's template holds every target with the stored figures,
//! imports back unchanged; Vietnamese headings are read; the office's wide table gets the layout wanted; a dry
//! run shows each figure's change before anything is written.

use calamine::{Data, Reader};
use serde_json::json;

use crate::entry::{multipart, upload};
use crate::helpers::*;
use crate::on_both_backends;

/// The workbook's sheet names and its first sheet's cells.
fn workbook(bytes: &[u8]) -> (Vec<String>, Vec<Vec<Data>>) {
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("a workbook");
    let names = book.sheet_names();
    let first = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    (names, first.rows().map(<[Data]>::to_vec).collect())
}

fn text(cell: &Data) -> String {
    cell.to_string()
}

fn with_figures(backend: Backend) -> Option<TestApp> {
    let app = TestApp::spawn(backend)?;
    let csv = app.file("figures.csv", FIGURES_CSV.as_bytes());
    assert_eq!(app.cli(&["import", csv.to_str().expect("path")]).code, 0);
    Some(app)
}

fn the_years_template_holds_every_target_and_imports_back_unchanged(backend: Backend) {
    let Some(app) = with_figures(backend) else {
        return;
    };
    let got = app.download("/api/v1/template.xlsx?year=2024", None);
    assert_eq!(got.status, 200);
    assert!(got
        .content_type
        .starts_with("application/vnd.openxmlformats"));
    let (names, rows) = workbook(&got.bytes);
    assert_eq!(names, ["so-lieu", "Hướng dẫn"]);
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(
        header,
        [
            "Mã chỉ tiêu",
            "Năm",
            "Loại số liệu",
            "Giá trị",
            "Trạng thái",
            "Nguồn",
            "Ghi chú"
        ]
    );
    // 16 targets, an estimate and an official row each; 2024's two stored figures filled in.
    assert_eq!(rows.len(), 1 + 32);
    let income = rows
        .iter()
        .find(|r| text(&r[0]) == "T01" && text(&r[2]) == "chính thức")
        .expect("T01's official row");
    assert_eq!(income[1], Data::Float(2024.0));
    assert_eq!(income[3], Data::Float(80.6));
    assert_eq!(text(&income[5]), "Chi cục Thống kê huyện Cẩm Giàng");
    let milestone = rows
        .iter()
        .find(|r| text(&r[0]) == "T11")
        .expect("T11's row");
    assert_eq!(milestone[3], Data::Empty);
    // Imported back as it is: nothing new, nothing changed, the blank rows skipped.
    let token = app.statistician_token("api");
    let back = upload(
        &app,
        &token,
        "/api/v1/imports?dry_run=true",
        &got.content_type,
        &got.bytes,
    );
    assert_eq!(back.status, 200, "{}", back.body);
    let report = back.json();
    assert_eq!(
        (
            &report["accepted"],
            &report["created"],
            &report["updated"],
            &report["unchanged"],
            &report["blank"]
        ),
        (&json!(2), &json!(0), &json!(0), &json!(2), &json!(30))
    );
    assert_eq!(report["changes"][0]["change"], "unchanged");
}

fn a_units_template_takes_its_counts(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let token = app.statistician_token("api");
    let counts = json!({"numerator": 1890, "denominator": 2140});
    let put = app.put_figure(
        &token,
        "T06/measurements/2024/official?unit=cam-vu",
        &counts,
    );
    assert_eq!(put.status, 201, "{}", put.body);
    let got = app.download("/api/v1/template.xlsx?year=2024&unit=cam-vu", None);
    assert_eq!(got.status, 200);
    let (_, rows) = workbook(&got.bytes);
    assert_eq!(text(&rows[0][7]), "Mã đơn vị");
    assert_eq!(text(&rows[0][9]), "Mẫu số");
    // A commune reports on T04-T10, T12, T14 and T15: ten targets, two rows each.
    assert_eq!(rows.len(), 1 + 20);
    let t06 = rows
        .iter()
        .find(|r| text(&r[0]) == "T06" && text(&r[2]) == "chính thức")
        .expect("T06's official row");
    assert_eq!(text(&t06[7]), "cam-vu");
    assert_eq!(
        (&t06[8], &t06[9]),
        (&Data::Float(1890.0), &Data::Float(2140.0))
    );
    assert_eq!(
        app.get("/api/v1/template.xlsx?year=2024&unit=nowhere")
            .error()["field"],
        "unit"
    );
}

fn a_dry_run_shows_each_change_and_saves_nothing(backend: Backend) {
    let Some(app) = with_figures(backend) else {
        return;
    };
    let (me, csrf) = app.session("thongke", "statistician");
    // The office's own file: Vietnamese headings, a corrected income, a new revenue figure, a blank row.
    let file = "Mã chỉ tiêu;Năm;Loại số liệu;Giá trị;Trạng thái;Nguồn;Ghi chú\n\
                T01;2024;chính thức;81,2;;Chi cục Thống kê huyện Cẩm Giàng;\n\
                T02;2024;ước thực hiện;700;;;\n\
                T03;2024;chính thức;;;;\n";
    let (ct, body) = multipart(&csrf, "preview", "so-lieu.csv", "text/csv", file.as_bytes());
    let page = upload(&app, &me, "/import", &ct, &body);
    assert_eq!(page.status, 200, "{}", page.body);
    for said in [
        "Tệp hợp lệ: 2 số liệu có thể nhập (1 mới, 1 sửa, 0 không đổi).",
        "1 dòng để trống (không có số liệu) được bỏ qua.",
        "<tr class=\"changed\"><td>Sửa</td><td>T01 · Thu nhập bình quân đầu người</td><td>Huyện Cẩm Giàng</td><td>2024 chính thức</td><td>80,6 triệu đồng/người/năm → 81,2 triệu đồng/người/năm</td></tr>",
        "<tr class=\"new\"><td>Mới</td><td>T02 · ",
    ] {
        assert_contains(&page.body, said);
    }
    // Nothing was written.
    let t01 = app.get_json("/api/v1/targets/T01");
    assert_eq!(t01["measurements"][1]["value"], 80.6, "{t01}");
    // The page offers the year's template.
    assert_contains(
        &page.body,
        "<a href=\"/api/v1/template.xlsx?year=2025&#38;lang=vi\" download>Tệp mẫu năm 2025 (.xlsx)",
    );
}

fn the_wide_layout_is_answered_with_the_layout_wanted(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let (me, csrf) = app.session("thongke", "statistician");
    let file = "Chỉ tiêu,2020,2021,2022\nT01,58.5,61,64\n";
    let (ct, body) = multipart(&csrf, "preview", "bang.csv", "text/csv", file.as_bytes());
    let page = upload(&app, &me, "/import", &ct, &body);
    assert_eq!(page.status, 422, "{}", page.body);
    assert_contains(
        &page.body,
        "tệp là bảng ngang (mỗi năm một cột); phần nhập đọc mỗi dòng một số liệu: mã chỉ tiêu, năm, loại số liệu, giá trị, trạng thái, nguồn, ghi chú",
    );
}

on_both_backends!(
    the_years_template_holds_every_target_and_imports_back_unchanged,
    a_units_template_takes_its_counts,
    a_dry_run_shows_each_change_and_saves_nothing,
    the_wide_layout_is_answered_with_the_layout_wanted,
);

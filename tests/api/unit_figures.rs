//! Communes' figures and what the district's figures become from them, on both backends: written by the API and
//! by import, checked by the units' rules, rolled up into the dashboard (coverage, source of value, mismatch),
//! each unit's standing and own dashboard, merged communes' comparable series, export and races.

use std::sync::{Arc, Barrier};

use serde_json::{json, Value};

use crate::helpers::{assert_contains, Backend, Credentials, Picture, TestApp, UNITS_2023};

const OFF_TRACK: (u8, u8, u8) = (0xEE, 0x77, 0x33);
const ON_TRACK: (u8, u8, u8) = (0x44, 0xAA, 0x99);

const HEADER: &str =
    "target_code,year,quality,value,state,source,note,unit_code,numerator,denominator\n";

/// Every commune's households for T06 in 2023 (unit i: 900 + i cultural families of 1000), 2022 without Cẩm Vũ,
/// Phúc Điền's own 2024, and every commune's yes/no for T09 in 2023 (the first three no).
fn communes_file() -> String {
    let mut file = HEADER.to_string();
    for (i, unit) in UNITS_2023.iter().enumerate() {
        file.push_str(&format!(
            "T06,2023,official,,,Phòng Văn hóa,,{unit},{},1000\n",
            900 + i
        ));
        if *unit != "cam-vu" {
            file.push_str(&format!("T06,2022,official,,,,,{unit},880,1000\n"));
        }
    }
    file.push_str("T06,2024,official,,,,,phuc-dien,1800,2000\n");
    for (i, unit) in UNITS_2023.iter().skip(2).enumerate() {
        let answer = if i < 3 { "no" } else { "có" };
        file.push_str(&format!("T09,2023,official,,{answer},,,{unit},,\n"));
    }
    file
}

fn imported(backend: Backend) -> Option<(TestApp, Credentials)> {
    let (app, who) = TestApp::with_statistician(backend)?;
    let reply = app.import_csv(&who, &communes_file(), false);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["created"], 17 + 16 + 1 + 15);
    Some((app, who))
}

fn target<'a>(dashboard: &'a Value, code: &str) -> &'a Value {
    dashboard["targets"]
        .as_array()
        .and_then(|list| list.iter().find(|t| t["code"] == code))
        .expect("the target is on the dashboard")
}

fn year(progress: &Value, year: i64) -> &Value {
    progress["rollup_years"]
        .as_array()
        .and_then(|years| years.iter().find(|y| y["year"] == year))
        .expect("the year is rolled up")
}

/// The roll-up the dashboard makes from the totals the database keeps is the one made from every unit's figure.
fn assert_totals_agree(app: &TestApp, code: &str, years: std::ops::RangeInclusive<i64>) {
    for y in years {
        let board = app.get_json(&format!("/api/v1/dashboard?as_of={y}"));
        let kept = year(&target(&board, code)["progress"], y).clone();
        let standing = app.get_json(&format!("/api/v1/targets/{code}/units?year={y}"));
        assert_eq!(
            kept, standing["area"],
            "{code} {y}: kept totals and every figure differ"
        );
    }
}

fn communes_counts_give_the_districts_figures_without_a_district_number(backend: Backend) {
    let Some((app, who)) = imported(backend) else {
        return;
    };
    let board = app.get_json("/api/v1/dashboard?as_of=2023");
    let t06 = &target(&board, "T06")["progress"];
    // (17 × 900 + 0 + 1 + … + 16) / 17,000 = 15,436 / 17,000
    let y2023 = year(t06, 2023);
    assert_eq!(y2023["source_of_value"], "rollup");
    assert_eq!(y2023["complete"], true);
    assert!((y2023["value"].as_f64().expect("a value") - 90.8).abs() < 1e-9);
    assert_eq!(t06["latest_year"], 2023);
    assert!((t06["latest_value"].as_f64().expect("latest") - 90.8).abs() < 1e-9);
    // 2022: Cẩm Vũ has not reported: shown with its coverage, never judged.
    let y2022 = year(t06, 2022);
    assert_eq!(
        (
            y2022["units_counted"].as_i64(),
            y2022["units_reported"].as_i64()
        ),
        (Some(17), Some(16))
    );
    assert_eq!(y2022["complete"], false);
    assert_eq!(y2022["source_of_value"], Value::Null);
    assert_eq!(y2022["value"], Value::Null);
    assert_eq!(y2022["rollup_value"], 88.0);
    // 2022 for T09: no commune answered, so there is nothing to roll up (not a zero).
    let t09_2022 = year(&target(&board, "T09")["progress"], 2022);
    assert_eq!(t09_2022["units_reported"], 0);
    assert_eq!(t09_2022["rollup_value"], Value::Null);
    // T09: 12 of the 15 communes at the advanced standard; the towns are not counted.
    let t09 = &target(&board, "T09")["progress"];
    assert_eq!(year(t09, 2023)["units_counted"], 15);
    assert_eq!(t09["latest_value"], 80.0);
    // By hand, as of 2023: T09 has one point (80 in 2023; 2022 had no answer), so no trend yet; T06's judged years
    // with a value are 2023 only (90.8 > 85; 2022's roll-up is partial), met: on track.
    assert_eq!(t09["status"], "insufficient_data");
    assert_eq!(t06["status"], "on_track");

    // The office's own district figure wins, and its disagreement with the complete roll-up is flagged.
    // 80 against 2023's complete roll-up of 90.8 (above): the check warns, and the figure is saved only with a
    // note that explains it; the answer repeats the warning.
    let figure = "T06/measurements/2023/official";
    let bare = app.put_figure(&who, figure, &json!({"value": 80}));
    assert_eq!(
        (bare.status, bare.error()["field"].clone()),
        (422, json!("note")),
        "{}",
        bare.body
    );
    assert_eq!(bare.json()["warnings"][0]["check"], "rollup_mismatch");
    assert_eq!(bare.json()["warnings"][0]["rollup"], 90.8);
    let noted = json!({"value": 80, "note": "Số của Chi cục Thống kê, đã đối chiếu"});
    let saved = app.put_figure(&who, figure, &noted);
    assert_eq!(saved.status, 201, "{}", saved.body);
    assert_eq!(saved.json()["warnings"][0]["check"], "rollup_mismatch");
    let board = app.get_json("/api/v1/dashboard?as_of=2023");
    let y2023 = year(&target(&board, "T06")["progress"], 2023).clone();
    assert_eq!(y2023["source_of_value"], "entered");
    assert_eq!(y2023["value"], 80.0);
    assert_eq!(y2023["rollup_mismatch"], true);
    let progress = app.get_json("/api/v1/targets/T06/progress?as_of=2023");
    assert_eq!(progress["latest_value"], 80.0);
    assert_eq!(year(&progress, 2023)["rollup_mismatch"], true);
    for code in ["T06", "T09"] {
        assert_totals_agree(&app, code, 2021..=2025);
    }

    // A second file naming one commune only: the others' figures still count in the roll-up, and the file's
    // row that is already stored as it is changes nothing.
    let second = format!(
        "{HEADER}T06,2022,official,,,,,cam-vu,500,1000\nT06,2022,official,,,,,cam-dien,880,1000\n"
    );
    let reply = app.import_csv(&who, &second, false);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        (
            reply.json()["created"].as_i64(),
            reply.json()["unchanged"].as_i64()
        ),
        (Some(1), Some(1))
    );
    let board = app.get_json("/api/v1/dashboard?as_of=2022");
    let y2022 = year(&target(&board, "T06")["progress"], 2022).clone();
    assert_eq!(y2022["units_reported"], 17);
    assert_eq!(y2022["complete"], true);
    // 16 communes × 880 + 500 of 17,000 households.
    let expected = 100.0 * (16.0 * 880.0 + 500.0) / 17_000.0;
    assert!((y2022["value"].as_f64().expect("a value") - expected).abs() < 1e-9);
    for code in ["T06", "T09"] {
        assert_totals_agree(&app, code, 2021..=2025);
    }
}

fn each_unit_stands_on_its_own_and_a_merged_commune_keeps_its_history(backend: Backend) {
    let Some((app, _)) = imported(backend) else {
        return;
    };
    let standing = app.get_json("/api/v1/targets/T06/units?year=2023");
    assert_eq!(standing["rollup"], "ratio");
    assert_eq!(standing["area"]["units_reported"], 17);
    let units = standing["units"].as_array().expect("units");
    assert_eq!(units.len(), 17);
    let cam_vu = units
        .iter()
        .find(|u| u["code"] == "cam-vu")
        .expect("Cẩm Vũ");
    assert_eq!(cam_vu["counted"], true);
    assert_eq!(cam_vu["figure"]["numerator"], 909.0);
    assert_eq!(cam_vu["figure"]["value"], 90.9);
    assert!(cam_vu["own_status"]["status"].is_string(), "{cam_vu}");
    // 2024: the three communes merged away on 30/11 still show, not counted; Phúc Điền is counted.
    let standing = app.get_json("/api/v1/targets/T06/units?year=2024");
    let units = standing["units"].as_array().expect("units");
    assert_eq!(units.len(), 18);
    assert_eq!(units.iter().filter(|u| u["counted"] == true).count(), 15);
    assert_eq!(standing["area"]["units_reported"], 1);

    let phuc_dien = app.get_json("/api/v1/dashboard?unit=phuc-dien&as_of=2024");
    assert_eq!(
        phuc_dien["unit"]["formed_from"],
        json!(["cam-dien", "cam-phuc"])
    );
    let t06 = target(&phuc_dien, "T06");
    let series = t06["series"].as_array().expect("a series");
    // 2022 and 2023 from Cẩm Điền and Cẩm Phúc (comparable, not judged), 2024 its own.
    assert_eq!(series.len(), 3, "{series:?}");
    assert_eq!(series[1]["comparable"], true);
    assert_eq!(series[1]["numerator"], (902 + 907) as f64);
    assert_eq!(series[1]["denominator"], 2000.0);
    assert_eq!(
        (
            series[2]["year"].as_i64(),
            series[2]["comparable"].as_bool()
        ),
        (Some(2024), Some(false))
    );
    assert_eq!(t06["latest"]["value"], 90.0);
    assert_eq!(t06["own_status"]["progress"]["baseline_year"], 2024);
    let cam_dien = app.get_json("/api/v1/dashboard?unit=cam-dien&as_of=2023");
    assert_eq!(cam_dien["unit"]["became"], json!(["phuc-dien"]));
    assert_eq!(target(&cam_dien, "T06")["latest"]["numerator"], 902.0);

    let unknown = app.get("/api/v1/dashboard?unit=xa-khong-co");
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.error()["field"], "unit");
    assert_eq!(app.get("/api/v1/targets/T01/units").status, 404);
    assert_eq!(
        app.get("/api/v1/targets/T06/units?year=abc").error()["field"],
        "year"
    );
}

fn a_units_figure_is_checked_written_with_its_revision_and_kept_in_the_history(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let put = |figure: &str, body: Value| app.put_figure(&who, figure, &body);
    let created = put(
        "T06/measurements/2023/official?unit=cam-vu",
        json!({"numerator": 850, "denominator": 1000, "source": "UBND xã Cẩm Vũ"}),
    );
    assert_eq!(created.status, 201, "{}", created.body);
    let body = created.json();
    assert_eq!(
        (
            body["unit"].as_str(),
            body["numerator"].as_f64(),
            body["value"].as_f64()
        ),
        (Some("cam-vu"), Some(850.0), Some(85.0))
    );
    let stale = put(
        "T06/measurements/2023/official?unit=cam-vu",
        json!({"numerator": 860, "denominator": 1000}),
    );
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert_eq!(stale.json()["current"]["numerator"], 850.0);
    let updated = put(
        "T06/measurements/2023/official?unit=cam-vu",
        json!({"numerator": 860, "denominator": 1000, "revision": 1}),
    );
    assert_eq!(updated.status, 200, "{}", updated.body);
    assert_eq!(updated.json()["revision"], 2);
    // The area's own figure of the same year is a different figure.
    app.create_figure(&who, "T06/measurements/2023/official", 86.0);

    let refused = |figure: &str, body: Value, status: u16, field: &str| {
        let reply = put(figure, body);
        assert_eq!(reply.status, status, "{figure}: {}", reply.body);
        assert_eq!(reply.error()["field"], field, "{figure}: {}", reply.body);
        reply.error()["message"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let gone = refused(
        "T06/measurements/2025/official?unit=cam-dien",
        json!({"numerator": 1, "denominator": 2}),
        422,
        "unit",
    );
    assert_contains(&gone, "2024-11-30");
    refused(
        "T06/measurements/2023/official?unit=cao-an",
        json!({"numerator": 3, "denominator": 2}),
        422,
        "numerator",
    );
    refused(
        "T06/measurements/2023/official?unit=cao-an",
        json!({"numerator": 0, "denominator": 0}),
        422,
        "denominator",
    );
    refused(
        "T09/measurements/2023/official?unit=lai-cach",
        json!({"state": "yes"}),
        422,
        "unit",
    );
    refused(
        "T09/measurements/2023/official?unit=cao-an",
        json!({"state": "done"}),
        422,
        "state",
    );
    refused(
        "T01/measurements/2023/official?unit=cao-an",
        json!({"value": 80}),
        422,
        "unit",
    );
    refused(
        "T06/measurements/2023/official",
        json!({"numerator": 3, "denominator": 4}),
        400,
        "numerator",
    );
    let yes = put(
        "T09/measurements/2023/official?unit=cao-an",
        json!({"state": "yes"}),
    );
    assert_eq!(yes.status, 201, "{}", yes.body);
    assert_eq!(yes.json()["state"], "yes");

    let history = app.get_json("/api/v1/targets/T06/history");
    let of_unit: Vec<&Value> = history
        .as_array()
        .expect("a list")
        .iter()
        .filter(|c| c["unit"] == "cam-vu")
        .collect();
    assert_eq!(of_unit.len(), 2);
    assert_eq!(of_unit[0]["old"]["numerator"], 850.0, "{of_unit:?}");
    assert_eq!(of_unit[0]["new"]["numerator"], 860.0);
    let deleted = app.delete_figure(
        &who,
        "T06/measurements/2023/official?unit=cam-vu&revision=2",
    );
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    for unit in ["%00", "xa-khong-co", "cam%00vu"] {
        let stray = app.send(
            &who,
            "DELETE",
            &format!("/api/v1/targets/T06/measurements/2023/official?unit={unit}&revision=1"),
            None,
        );
        assert_eq!(stray.status, 422, "{unit}: {}", stray.body);
        assert_eq!(stray.error()["field"], "unit");
    }
    assert_eq!(deleted.json()["deleted"]["unit"], "cam-vu");
    // An estimate under an official figure does not count; the official one does.
    put(
        "T15/measurements/2023/estimate?unit=cao-an",
        json!({"value": 40}),
    );
    put(
        "T15/measurements/2023/official?unit=cao-an",
        json!({"value": 42}),
    );
    put(
        "T15/measurements/2023/estimate?unit=dinh-son",
        json!({"value": 7}),
    );
    let standing = app.get_json("/api/v1/targets/T15/units?year=2023");
    assert_eq!(standing["area"]["rollup_value"], 49.0);
    assert_totals_agree(&app, "T15", 2023..=2023);
    assert_totals_agree(&app, "T06", 2023..=2023);
    // The area's figure is still there.
    assert_eq!(
        app.get_json("/api/v1/targets/T06")["measurements"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

fn exported_unit_figures_import_into_a_fresh_database_as_they_were(backend: Backend) {
    let Some((app, _)) = imported(backend) else {
        return;
    };
    let export = app.export_csv();
    assert_contains(
        export.lines().next().unwrap_or_default(),
        "unit_code,numerator,denominator",
    );
    assert_eq!(export.lines().count(), 1 + 49);
    let Some((fresh, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let reply = fresh.import_csv(&who, export.trim_start_matches('\u{feff}'), false);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["created"], 49);
    assert_eq!(fresh.export_csv(), export);
    // A file of the seven columns alone still imports as before.
    let plain = fresh.import_csv(
        &who,
        "target_code,year,quality,value,state,source,note\nT01,2023,official,80,,,\n",
        false,
    );
    assert_eq!(plain.status, 200, "{}", plain.body);
    // One bad unit row refuses the whole file.
    let bad =
        format!("{HEADER}T06,2023,official,,,,,cam-vu,1,2\nT06,2021,official,,,,,phuc-dien,1,2\n");
    let reply = fresh.import_csv(&who, &bad, false);
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert_contains(&reply.body, "unit_code");
    assert_contains(&reply.body, "2024-12-01");
    assert_eq!(
        fresh.export_csv().lines().count(),
        1 + 49 + 1,
        "nothing was written"
    );
}

fn writers_racing_on_one_units_figure_never_lose_an_update(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let app = Arc::new(app);
    let start = Arc::new(Barrier::new(8));
    let writers: Vec<_> = (0..8)
        .map(|i| {
            let (app, who, start) = (app.clone(), who.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                let body = json!({"value": 10 + i});
                app.put_figure(&who, "T15/measurements/2023/official?unit=cao-an", &body)
                    .status
            })
        })
        .collect();
    let statuses: Vec<u16> = writers
        .into_iter()
        .map(|w| w.join().expect("writer"))
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        7,
        "{statuses:?}"
    );
    let history = app.get_json("/api/v1/targets/T15/history");
    assert_eq!(history.as_array().map(Vec::len), Some(1));
}

/// The pages a leader reads: a roll-up target's units, laggards first; the units and their history; one unit.
fn leaders_see_each_unit_and_who_lags_on_the_pages(backend: Backend) {
    let Some((app, _)) = imported(backend) else {
        return;
    };
    // 2022: Cẩm Vũ has not reported: it comes first, and the year is partial.
    let page = app.page("/targets/T06?as_of=2022", None);
    assert_eq!(page.status, 200);
    let body = &page.body;
    assert_contains(body, "Theo đơn vị (năm 2022)");
    assert_contains(body, "16/17 đơn vị đã báo cáo (94%)");
    assert_contains(body, "chưa đủ đơn vị, chưa đánh giá");
    let missing = body.find("Xã Cẩm Vũ").expect("Cẩm Vũ is listed");
    let reported = body.find("Xã Cẩm Đoài").expect("Cẩm Đoài is listed");
    assert!(
        missing < reported,
        "the unit that has not reported comes first"
    );
    assert_contains(body, "Chưa báo cáo");
    assert_contains(body, "88% hộ (880/1.000)");
    assert_contains(body, "href=\"/units/cam-vu?as_of=2022\"");
    // 2023, in English: complete, with the roll-up.
    let page = app.page("/targets/T06?as_of=2023&lang=en", None);
    assert_contains(&page.body, "By unit (in 2023)");
    assert_contains(
        &page.body,
        "17/17 units reported (100%) · roll-up 90.8% of households · complete",
    );
    // A target without a roll-up has no such section.
    assert!(!app.page("/targets/T01", None).body.contains("Theo đơn vị"));

    let units = app.page("/units", None);
    assert_eq!(units.status, 200);
    assert_contains(&units.body, "Xã Phúc Điền");
    assert_contains(&units.body, "sáp nhập vào xã Phúc Điền từ 01/12/2024");
    assert_contains(&units.body, "từ 01/12/2024");

    // Phúc Điền: its own 2024 figure, and 2023 comparable from the two communes it was formed from.
    let unit = app.page("/units/phuc-dien?as_of=2024", None);
    assert_eq!(unit.status, 200);
    assert_contains(
        &unit.body,
        "thành lập từ xã Cẩm Điền, xã Cẩm Phúc từ 01/12/2024",
    );
    assert_contains(&unit.body, "90% hộ (1.800/2.000)");
    assert_contains(&unit.body, "*</td>");
    assert_contains(&unit.body, "Số liệu so sánh được");
    let english = app.page("/units/phuc-dien?as_of=2024&lang=en", None);
    assert_contains(
        &english.body,
        "formed from Cẩm Điền commune, Cẩm Phúc commune on 2024-12-01",
    );
    assert_eq!(app.page("/units/nowhere", None).status, 404);
}

/// The breakdown chart: a bar per unit, in its own status's colour, drawn for the width asked.
fn the_units_chart_shows_each_unit_and_is_bounded_like_the_others(backend: Backend) {
    let Some((app, _)) = imported(backend) else {
        return;
    };
    let reply = app.download_ok("/charts/targets/T06/units.png?year=2023", "image/png");
    let picture = Picture::decode(&reply.bytes);
    assert_eq!((picture.width, picture.height), (1200, 700));
    // 17 communes at 90-91.6% of households against the > 85% goal, 2022 met too: every bar on track.
    assert!(
        picture.count(ON_TRACK) > 17 * 200,
        "{}",
        picture.count(ON_TRACK)
    );
    std::fs::create_dir_all("tests/artifacts").expect("artifacts");
    std::fs::write("tests/artifacts/units-T06-2023.png", &reply.bytes).expect("saved");
    // T09: the three communes that answered no in the off-track colour.
    let t09 = Picture::decode(
        &app.download_ok(
            "/charts/targets/T09/units.png?year=2023&lang=en",
            "image/png",
        )
        .bytes,
    );
    assert!(t09.count(OFF_TRACK) > 3 * 100, "{}", t09.count(OFF_TRACK));
    // A phone-sized rendering is drawn at that size.
    let phone = app.download_ok(
        "/charts/targets/T06/units.png?year=2023&width=400&height=700",
        "image/png",
    );
    let small = Picture::decode(&phone.bytes);
    assert_eq!((small.width, small.height), (400, 700));
    std::fs::write("tests/artifacts/units-T06-2023-phone.png", &phone.bytes).expect("saved");
    // The same ETag and 304 as the other charts; bounds and errors name their field.
    let tag = reply.etag.clone().expect("an ETag");
    let again = app.download("/charts/targets/T06/units.png?year=2023", Some(&tag));
    assert_eq!(again.status, 304);
    assert_eq!(
        app.get("/charts/targets/T06/units.png?year=abc").status,
        400
    );
    assert_contains(
        &app.get("/charts/targets/T06/units.png?year=abc").body,
        "year",
    );
    assert_eq!(
        app.get("/charts/targets/T06/units.png?width=5000").status,
        400
    );
    assert_eq!(app.get("/charts/targets/T01/units.png").status, 404);
}

/// Which figures are in, per target and unit: the API's counts, the page's gaps with their forms.
fn completeness_shows_who_has_not_reported_and_links_each_gap_to_its_form(backend: Backend) {
    let Some((app, _)) = imported(backend) else {
        return;
    };
    let grid = app.get_json("/api/v1/completeness?year=2022");
    assert_eq!(grid["year"], 2022);
    let t06 = grid["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .find(|t| t["code"] == "T06")
        .expect("T06")
        .clone();
    assert_eq!(
        (t06["units_counted"].as_i64(), t06["officials"].as_i64()),
        (Some(17), Some(16))
    );
    let units = grid["units"].as_array().expect("units");
    let vu = units
        .iter()
        .find(|u| u["code"] == "cam-vu")
        .expect("Cẩm Vũ");
    assert_eq!(vu["reported"], false);
    assert_eq!(vu["figures"]["T06"]["official"], false);
    let dien = units
        .iter()
        .find(|u| u["code"] == "cam-dien")
        .expect("Cẩm Điền");
    assert_eq!(
        (
            dien["reported"].as_bool(),
            dien["figures"]["T06"]["official"].as_bool()
        ),
        (Some(true), Some(true))
    );

    let page = app.page("/completeness/2022", None);
    assert_eq!(page.status, 200);
    assert_contains(&page.body, "Tình hình báo cáo năm 2022");
    assert_contains(&page.body, "Đơn vị chưa báo cáo số liệu nào (1/17)");
    assert_contains(&page.body, "href=\"/entry/2022?unit=cam-vu\"");
    assert_contains(&page.body, "<td>16/17</td>");
    let english = app.page("/completeness/2022?lang=en", None);
    assert_contains(&english.body, "Units that have reported nothing (1/17)");
    // One rule for the page and the API: the years figures are entered for (2020 to 2031, a year after T16's
    // goal year 2030), others 400 naming year.
    assert_eq!(app.page("/completeness/1999", None).status, 400);
    assert_eq!(app.page("/completeness/2032", None).status, 400);
    for year in ["abc", "1999", "2032", "2035"] {
        let bad = app.get(&format!("/api/v1/completeness?year={year}"));
        assert_eq!(
            (bad.status, bad.error()["field"].as_str()),
            (400, Some("year")),
            "{year}"
        );
    }
    assert_eq!(app.get("/api/v1/completeness?year=2031").status, 200);
    // Without a year, both open on the dashboard's year (the term ended: 2025).
    assert_eq!(app.get_json("/api/v1/completeness")["year"], 2025);
    let current = TestApp::agent()
        .get(&app.url("/completeness"))
        .call()
        .expect("a redirect");
    assert_eq!(
        (current.status(), current.header("location")),
        (303, Some("/completeness/2025"))
    );
}

crate::on_both_backends!(
    completeness_shows_who_has_not_reported_and_links_each_gap_to_its_form,
    the_units_chart_shows_each_unit_and_is_bounded_like_the_others,
    leaders_see_each_unit_and_who_lags_on_the_pages,
    communes_counts_give_the_districts_figures_without_a_district_number,
    each_unit_stands_on_its_own_and_a_merged_commune_keeps_its_history,
    a_units_figure_is_checked_written_with_its_revision_and_kept_in_the_history,
    exported_unit_figures_import_into_a_fresh_database_as_they_were,
    writers_racing_on_one_units_figure_never_lose_an_update,
);

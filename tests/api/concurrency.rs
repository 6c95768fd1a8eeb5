//! Writers racing on the same figures, on both backends: no lost update, no 500, every history chain consistent.

use std::sync::{Arc, Barrier};

use serde_json::json;

use crate::helpers::{assert_history_consistent, Backend, TestApp};

const HEADER: &str = "target_code,year,quality,value,state,source,note\n";

fn twenty_writers_with_one_revision_one_wins(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let figure = "T05/measurements/2024/official";
    app.create_figure(&who, figure, 90.0);
    let app = Arc::new(app);
    let start = Arc::new(Barrier::new(20));
    let writers: Vec<_> = (0..20)
        .map(|i| {
            let (app, who, start) = (app.clone(), who.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                let body = json!({"value": 91.0 + f64::from(i) / 10.0, "revision": 1});
                app.put_figure(&who, figure, &body).status
            })
        })
        .collect();
    let mut statuses: Vec<u16> = writers
        .into_iter()
        .map(|w| w.join().expect("writer"))
        .collect();
    statuses.sort_unstable();
    assert_eq!(
        statuses.iter().filter(|&&s| s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|&&s| s == 409).count(),
        19,
        "{statuses:?}"
    );
    assert_history_consistent(&app, "T05");
}

fn concurrent_imports_creating_the_same_figures_never_fail(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let app = Arc::new(app);
    let mut file = HEADER.to_string();
    for year in 2020..=2026 {
        for quality in ["estimate", "official"] {
            file.push_str(&format!("T15,{year},{quality},{},,,\n", 100 + year - 2020));
            file.push_str(&format!("T02,{year},{quality},{},,,\n", 500 + year - 2020));
        }
    }
    let start = Arc::new(Barrier::new(8));
    let importers: Vec<_> = (0..8)
        .map(|_| {
            let (app, who, start, file) = (app.clone(), who.clone(), start.clone(), file.clone());
            std::thread::spawn(move || {
                start.wait();
                let reply = app.import_csv(&who, &file, false);
                (reply.status, reply.body)
            })
        })
        .collect();
    let mut created = 0;
    for importer in importers {
        let (status, body) = importer.join().expect("importer");
        assert_eq!(status, 200, "{body}");
        created += serde_json::from_str::<serde_json::Value>(&body).expect("json")["created"]
            .as_u64()
            .expect("created");
    }
    assert_eq!(
        created, 28,
        "each figure created once, the other imports found it unchanged"
    );
    assert_history_consistent(&app, "T15");
    assert_history_consistent(&app, "T02");
}

/// PUTs, DELETEs and imports on overlapping figures, several rounds at once.
fn mixed_writers_leave_consistent_histories(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let app = Arc::new(app);
    let threads = 6;
    let start = Arc::new(Barrier::new(threads));
    let workers: Vec<_> = (0..threads)
        .map(|t| {
            let (app, who, start) = (app.clone(), who.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                // (kind, status, history rows the write made): every answer is a success or a refusal.
                let mut outcomes: Vec<(&str, u16, i64)> = Vec::new();
                for round in 0..8 {
                    let value = 100 + t * 10 + round;
                    match (t + round) % 3 {
                        0 => {
                            let mut file = HEADER.to_string();
                            for year in 2021..=2024 {
                                // A note on every figure: the values jump between writers, which the
                                // checks that warn would otherwise hold back (this test is about races).
                                file.push_str(&format!("T15,{year},official,{value},,,ghi chú\n"));
                            }
                            let reply = app.import_csv(&who, &file, false);
                            let rows = match reply.status {
                                200 => {
                                    let r = reply.json();
                                    r["created"].as_i64().unwrap_or(0)
                                        + r["updated"].as_i64().unwrap_or(0)
                                }
                                _ => 0,
                            };
                            outcomes.push(("import", reply.status, rows));
                        }
                        1 => {
                            let figure = format!("T15/measurements/{}/official", 2021 + round % 4);
                            let current = app.get_json("/api/v1/targets/T15");
                            let revision = current["measurements"]
                                .as_array()
                                .and_then(|ms| {
                                    ms.iter().find(|m| {
                                        m["year"] == 2021 + round % 4 && m["quality"] == "official"
                                    })
                                })
                                .and_then(|m| m["revision"].as_i64());
                            let body = match revision {
                                Some(r) => json!({"value": value, "revision": r, "note": "ghi chú"}),
                                None => json!({"value": value, "note": "ghi chú"}),
                            };
                            let reply = app.put_figure(&who, &figure, &body);
                            let rows = i64::from(matches!(reply.status, 200 | 201));
                            outcomes.push(("put", reply.status, rows));
                        }
                        _ => {
                            let year = 2021 + (t + round) % 4;
                            let current = app.get_json("/api/v1/targets/T15");
                            let revision = current["measurements"]
                                .as_array()
                                .and_then(|ms| {
                                    ms.iter()
                                        .find(|m| m["year"] == year && m["quality"] == "official")
                                })
                                .and_then(|m| m["revision"].as_i64())
                                .unwrap_or(1);
                            let reply = app.send(
                                &who,
                                "DELETE",
                                &format!(
                                    "/api/v1/targets/T15/measurements/{year}/official?revision={revision}"
                                ),
                                None,
                            );
                            outcomes.push(("delete", reply.status, i64::from(reply.status == 200)));
                        }
                    }
                }
                outcomes
            })
        })
        .collect();
    let outcomes: Vec<(&str, u16, i64)> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("worker"))
        .collect();
    for (kind, status, _) in &outcomes {
        let expected: &[u16] = match *kind {
            "import" => &[200, 409],
            "put" => &[200, 201, 409],
            _ => &[200, 404, 409],
        };
        assert!(expected.contains(status), "{kind} answered {status}");
    }
    let imported = outcomes
        .iter()
        .filter(|(k, s, _)| *k == "import" && *s == 200)
        .count();
    assert!(imported > 0, "some import succeeded: {outcomes:?}");
    let written: i64 = outcomes.iter().map(|(.., rows)| rows).sum();
    let history = app.get_json("/api/v1/targets/T15/history");
    assert_eq!(
        history.as_array().map(Vec::len),
        Some(written as usize),
        "every successful write, and only those, is in the history"
    );
    assert_history_consistent(&app, "T15");
    assert_eq!(app.get("/healthz").status, 200);
}

/// `catalog load` changing the units while imports of the units' figures run: each waits for the other (the
/// resolution's write lock), so neither meets a raw database error, and the roll-up totals are those of the
/// figures stored last.
fn catalog_loads_and_imports_follow_each_other(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let shipped = std::fs::read_to_string(crate::helpers::project_file(
        "assets/catalogs/cam-giang-2020-2025.toml",
    ))
    .expect("the shipped catalog");
    let renamed: Vec<std::path::PathBuf> = (0..2)
        .map(|k| {
            let text = shipped.replacen(
                "name_en = \"Cẩm Điền commune\"",
                &format!("name_en = \"Cẩm Điền commune {k}\""),
                1,
            );
            assert!(text != shipped, "a unit renamed");
            app.file(&format!("catalog-{k}.toml"), text.as_bytes())
        })
        .collect();
    let app = Arc::new(app);
    let start = Arc::new(Barrier::new(2));
    let loads = {
        let (app, start) = (app.clone(), start.clone());
        std::thread::spawn(move || {
            start.wait();
            (0..10)
                .map(|round| {
                    let file = renamed[round % 2].to_str().expect("path").to_string();
                    app.cli(&["catalog", "load", &file])
                })
                .filter(|out| out.code != 0)
                .map(|out| out.stderr)
                .collect::<Vec<_>>()
        })
    };
    let imports = {
        let (app, start) = (app.clone(), start.clone());
        std::thread::spawn(move || {
            start.wait();
            (0..10)
                .map(|round| {
                    let mut file = format!(
                        "{}unit_code,numerator,denominator\n",
                        HEADER.trim_end().to_string() + ","
                    );
                    for unit in [
                        "cam-dien",
                        "cam-doai",
                        "cam-dong",
                        "cam-hoang",
                        "cam-hung",
                        "cam-van",
                    ] {
                        for target in ["T04", "T05", "T06", "T07", "T08"] {
                            file.push_str(&format!(
                                "{target},2023,official,,,,,{unit},{},1000\n",
                                900 + round
                            ));
                        }
                    }
                    app.import_csv(&who, &file, false)
                })
                .filter(|reply| reply.status != 200)
                .map(|reply| reply.body)
                .collect::<Vec<_>>()
        })
    };
    let failed_loads = loads.join().expect("loads");
    assert!(failed_loads.is_empty(), "loads failed: {failed_loads:?}");
    let failed_imports = imports.join().expect("imports");
    assert!(
        failed_imports.is_empty(),
        "imports failed: {failed_imports:?}"
    );
    let units = app.get_json("/api/v1/targets/T06/units?year=2023");
    let dien = units["units"]
        .as_array()
        .and_then(|us| us.iter().find(|u| u["code"] == "cam-dien"))
        .cloned()
        .expect("cam-dien");
    assert_eq!(
        dien["figure"]["value"], 90.9,
        "the last import's 909 of 1000"
    );
}

crate::on_both_backends!(
    catalog_loads_and_imports_follow_each_other,
    twenty_writers_with_one_revision_one_wins,
    concurrent_imports_creating_the_same_figures_never_fail,
    mixed_writers_leave_consistent_histories,
);

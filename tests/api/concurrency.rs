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
                let mut server_errors = Vec::new();
                for round in 0..8 {
                    let value = 100 + t * 10 + round;
                    let reply = match (t + round) % 3 {
                        0 => {
                            let mut file = HEADER.to_string();
                            for year in 2021..=2024 {
                                file.push_str(&format!("T15,{year},official,{value},,,\n"));
                            }
                            app.import_csv(&who, &file, false)
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
                                Some(r) => json!({"value": value, "revision": r}),
                                None => json!({"value": value}),
                            };
                            app.put_figure(&who, &figure, &body)
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
                            app.send(
                                &who,
                                "DELETE",
                                &format!(
                                    "/api/v1/targets/T15/measurements/{year}/official?revision={revision}"
                                ),
                                None,
                            )
                        }
                    };
                    if reply.status >= 500 {
                        server_errors.push(reply.body);
                    }
                }
                server_errors
            })
        })
        .collect();
    for worker in workers {
        let errors = worker.join().expect("worker");
        assert!(errors.is_empty(), "server errors: {errors:?}");
    }
    assert_history_consistent(&app, "T15");
    assert_eq!(app.get("/healthz").status, 200);
}

crate::on_both_backends!(
    twenty_writers_with_one_revision_one_wins,
    concurrent_imports_creating_the_same_figures_never_fail,
    mixed_writers_leave_consistent_histories,
);

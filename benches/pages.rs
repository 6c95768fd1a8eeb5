//! The dashboard page rendered server-side without the page cache: the catalog and figures read from a SQLite
//! file, every target assessed, the template filled. `make bench`; bench/dashboard-vs-nginx measures the served
//! page under load.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use resolution_tracker::app::scope::Scope;
use resolution_tracker::assets::CAM_GIANG_CATALOG;
use resolution_tracker::domain::measurement::{Channel, Draft, EntryPolicy};
use resolution_tracker::domain::wording::Lang;
use resolution_tracker::domain::{Catalog, MilestoneState, Quality, Rule};
use resolution_tracker::storage::{catalog, measurements, Database};
use resolution_tracker::web::lang::Reader;
use resolution_tracker::web::pages::dashboard_html;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let db =
        Database::open(&format!("sqlite://{}/bench.db", dir.path().display()), 1).expect("open");
    db.migrate().expect("migrate");
    let mut conn = db.conn().expect("connection");
    let parsed = Catalog::from_toml(CAM_GIANG_CATALOG).expect("catalog");
    let stored = catalog::load_and_read(&mut conn, &parsed).expect("loaded");
    // Six years of both qualities for every target.
    let mut entries = Vec::new();
    for target in &stored.catalog.targets {
        for (i, year) in (2020..=2025).enumerate() {
            for quality in [Quality::Estimate, Quality::Official] {
                let mut draft = Draft {
                    year,
                    quality: Some(quality),
                    source: Some("Chi cục Thống kê".into()),
                    ..Draft::default()
                };
                match target.rule {
                    Rule::Milestone => {
                        draft.state = Some(if i < 3 {
                            MilestoneState::InProgress
                        } else {
                            MilestoneState::Done
                        })
                    }
                    _ => {
                        let goal = target
                            .rule
                            .goal()
                            .map_or(100.0, |g| g.value)
                            .abs()
                            .min(100.0);
                        draft.value = Some((goal * (0.7 + 0.05 * i as f64)).round());
                    }
                }
                let entry = resolution_tracker::domain::measurement::check(
                    target,
                    2020,
                    &EntryPolicy::default(),
                    draft,
                )
                .expect("valid figure");
                entries.push((target.code.clone(), entry));
            }
        }
    }
    measurements::write_both(&mut conn, &stored, &entries, &[], "bench", Channel::Import)
        .expect("figures");
    let query = Scope {
        as_of: Some("2024".into()),
        ..Scope::default()
    };
    let reader = Reader {
        lang: Lang::Vi,
        chose: false,
    };
    let html = |conn: &mut resolution_tracker::storage::DbConnection| {
        let board = resolution_tracker::app::dashboard::read(conn, &query)?;
        let all = resolution_tracker::app::dashboard::resolutions(conn)?;
        dashboard_html(&board, &all, &query, reader, None)
    };
    let page = html(&mut conn).expect("renders");
    println!("dashboard page: {} bytes", page.len());
    c.bench_function(
        "pages/dashboard HTML, SQLite reads + assessment + template (no cache)",
        |b| b.iter(|| html(black_box(&mut conn))),
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);

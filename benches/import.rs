//! Importing 100,000 rows from CSV into SQLite: reading, checking every row, and writing them with their history
//! in one transaction, into an empty database each time. Goal: under 2 s.

use std::fmt::Write;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use resolution_tracker::domain::measurement::{Channel, EntryPolicy};
use resolution_tracker::domain::Catalog;
use resolution_tracker::exchange::{self, check_rows};
use resolution_tracker::storage::{catalog, measurements, Database, StoredCatalog};

const TARGETS: usize = 10_000;

fn synthetic_catalog() -> String {
    let mut toml = String::from(
        "[resolution]\ncode = \"bench\"\ntitle_vi = \"Nghị quyết thử\"\ntitle_en = \"Bench\"\nbaseline_year = 2020\ngoal_year = 2025\n",
    );
    for i in 0..TARGETS {
        let _ = write!(
            toml,
            "\n[[targets]]\ncode = \"S{i:05}\"\ngroup = \"g{}\"\ntitle_vi = \"Chỉ tiêu {i}\"\ntitle_en = \"Target {i}\"\nkind = \"reach_by_deadline\"\ncomparator = \">=\"\ngoal = 100\nunit_vi = \"%\"\nunit_en = \"%\"\n",
            i % 5
        );
    }
    toml
}

/// 100,000 rows: every target, 5 years, both qualities.
fn csv() -> Vec<u8> {
    let mut out = String::from("target_code,year,quality,value,state,source,note\n");
    for i in 0..TARGETS {
        for year in 2020..2025 {
            for quality in ["estimate", "official"] {
                let _ = writeln!(
                    out,
                    "S{i:05},{year},{quality},{}.5,,Cục Thống kê,",
                    40 + (i + year as usize) % 50
                );
            }
        }
    }
    out.into_bytes()
}

fn fresh(dir: &std::path::Path, n: &mut usize, catalog_text: &str) -> (Database, StoredCatalog) {
    *n += 1;
    let db = Database::open(&format!("sqlite://{}/bench-{n}.db", dir.display()), 1).expect("open");
    db.migrate().expect("migrate");
    let mut conn = db.conn().expect("connection");
    let parsed = Catalog::from_toml(catalog_text).expect("catalog");
    let stored = catalog::load_and_read(&mut conn, &parsed).expect("loaded");
    drop(conn);
    (db, stored)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let catalog_text = synthetic_catalog();
    let file = csv();
    println!(
        "CSV: {} rows, {} bytes",
        file.iter().filter(|b| **b == b'\n').count() - 1,
        file.len()
    );
    let mut n = 0;
    let mut group = c.benchmark_group("import");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.bench_function(
        "100,000 CSV rows into SQLite (read, check, write with history)",
        |b| {
            b.iter_batched(
                || fresh(dir.path(), &mut n, &catalog_text),
                |(db, stored)| {
                    let sheet = exchange::csv::read(&file, exchange::Limits::FILE).expect("reads");
                    let entries = check_rows(&sheet, &stored.catalog, &EntryPolicy::default())
                        .expect("valid");
                    let mut conn = db.conn().expect("connection");
                    let counts = measurements::write_both(
                        &mut conn,
                        &stored,
                        &entries.area,
                        &entries.units,
                        "bench",
                        Channel::Import,
                    )
                    .expect("written");
                    assert_eq!(counts.created, 100_000);
                },
                BatchSize::PerIteration,
            )
        },
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

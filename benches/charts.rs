//! Chart rendering including PNG encoding: one target chart (1200×700) and the overview (1600×900), drawn from
//! the Cẩm Giàng catalog with six years of figures. `make bench`; bench/matplotlib-compare runs the same target
//! chart through matplotlib for comparison.

use std::hint::black_box;

use chrono::NaiveDateTime;
use criterion::{criterion_group, criterion_main, Criterion};
use resolution_tracker::assets::CAM_GIANG_CATALOG;
use resolution_tracker::charts::{encode_png, render_overview, render_target, Size};
use resolution_tracker::domain::dashboard::ProgressView;
use resolution_tracker::domain::dashboard::{dashboard, ResolutionFigures};
use resolution_tracker::domain::measurement::Measurement;
use resolution_tracker::domain::progress::assess;
use resolution_tracker::domain::wording::Lang;
use resolution_tracker::domain::{Catalog, Figure, Quality, Reading};
use resolution_tracker::reports::{overview_chart, target_chart, ChartFigures};

/// The income series of the methodology's worked example, with an estimate beside the 2024 official figure.
fn income_figures() -> Vec<Measurement> {
    let at = NaiveDateTime::default();
    [
        (2020, 58.5, Quality::Official),
        (2021, 62.1, Quality::Official),
        (2022, 68.4, Quality::Official),
        (2023, 74.0, Quality::Official),
        (2024, 81.2, Quality::Estimate),
        (2024, 80.6, Quality::Official),
    ]
    .into_iter()
    .map(|(year, value, quality)| Measurement {
        target_code: "T01".into(),
        figure: Figure {
            year,
            quality,
            reading: Reading::Value(value),
        },
        source: Some("Chi cục Thống kê huyện Cẩm Giàng".into()),
        note: None,
        revision: 1,
        changed_by: "bench".into(),
        changed_at: at,
    })
    .collect()
}

fn decode_rgb(png: &[u8]) -> Vec<u8> {
    resolution_tracker::charts::decode_png(png)
        .expect("decodes")
        .rgb
}

fn bench(c: &mut Criterion) {
    let catalog = Catalog::from_toml(CAM_GIANG_CATALOG).expect("shipped catalog");
    let t01 = catalog.target("T01").expect("T01");
    let measurements = income_figures();
    let figures: Vec<Figure> = measurements.iter().map(|m| m.figure).collect();
    let progress: ProgressView = assess(t01, 2020, &figures, 2024).into();
    let chart = target_chart(
        &catalog,
        t01,
        ChartFigures {
            assessed: &figures,
            entered: &measurements,
        },
        &progress,
        Lang::Vi,
        Size::TARGET,
    );
    let png = render_target(&chart).expect("renders");
    println!("target chart: {} bytes", png.len());
    c.bench_function("charts/target 1200x700 (render + PNG)", |b| {
        b.iter(|| render_target(black_box(&chart)))
    });
    let rgb = decode_rgb(&png);
    c.bench_function("charts/PNG encoding alone 1200x700", |b| {
        b.iter(|| encode_png(black_box(&rgb), 1200, 700))
    });

    let all = ResolutionFigures {
        area: std::collections::HashMap::from([("T01".to_string(), figures)]),
        units: std::collections::HashMap::new(),
    };
    let board = dashboard(&catalog, &all, 2024);
    let overview = overview_chart(&catalog, &board, Lang::Vi, Size::OVERVIEW);
    println!(
        "overview: {} bytes",
        render_overview(&overview).expect("renders").len()
    );
    c.bench_function("charts/overview 1600x900 (render + PNG)", |b| {
        b.iter(|| render_overview(black_box(&overview)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

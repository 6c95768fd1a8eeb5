//! Chart rendering including PNG encoding: one target chart (1200×700), the overview (1600×900) and the two
//! terms' chart (T01 of 2020-2025 and the 2025-2030 target continuing it), drawn from the Cẩm Giàng catalog with
//! six years of figures; and the year's whole report pack. `make bench`; bench/matplotlib-compare runs the same target
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
use resolution_tracker::reports::{
    overview_chart, target_chart, terms_chart, ChartFigures, TermFigures,
};

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
        approval: Default::default(),
        approval_note: None,
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

    // The next term's income target, continuing T01, with two years in.
    let next = Catalog::from_toml(
        "[resolution]\ncode = \"next\"\ntitle_vi = \"Nghị quyết nhiệm kỳ 2025-2030\"\n\
         title_en = \"Resolution, term 2025-2030\"\nbaseline_year = 2025\ngoal_year = 2030\n\
         [[targets]]\ncode = \"X01\"\ngroup = \"economy\"\ntitle_vi = \"Thu nhập bình quân đầu người\"\n\
         title_en = \"Income per capita\"\nkind = \"reach_by_deadline\"\ncomparator = \">\"\ngoal = 150\n\
         unit_vi = \"triệu đồng/người/năm\"\nunit_en = \"million VND per person per year\"\n\
         continues = \"cam-giang-2020-2025/T01\"\n",
    )
    .expect("the next term");
    let x01 = next.target("X01").expect("X01");
    let later = [(2025, 86.5), (2026, 95.0)].map(|(year, value)| Figure {
        year,
        quality: Quality::Official,
        reading: Reading::Value(value),
    });
    let x01_progress: ProgressView = assess(x01, 2025, &later, 2026).into();
    let earlier = TermFigures {
        catalog: &catalog,
        target: t01,
        assessed: &all.area["T01"],
    };
    let current = TermFigures {
        catalog: &next,
        target: x01,
        assessed: &later,
    };
    let terms = terms_chart(earlier, current, &x01_progress, Lang::Vi, Size::TARGET);
    println!(
        "terms: {} bytes",
        render_target(&terms).expect("renders").len()
    );
    c.bench_function("charts/two terms 1200x700 (render + PNG)", |b| {
        b.iter(|| render_target(black_box(&terms)))
    });

    // The whole pack of the year: 27 charts (drawn on every core), the Word report, the results workbook, the
    // figures as XLSX and CSV, the README.
    let pack = || {
        let notes = resolution_tracker::reports::PackNotes::default();
        resolution_tracker::reports::report_zip(
            &catalog,
            (&measurements, &[]),
            notes,
            2024,
            Lang::Vi,
        )
        .expect("a pack")
    };
    println!("pack: {} bytes", pack().len());
    let mut group = c.benchmark_group("reports");
    group.sample_size(20);
    group.bench_function("pack of 2024 (27 PNG, DOCX, XLSX, CSV)", |b| b.iter(pack));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

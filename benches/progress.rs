//! The dashboard's cost: the Cẩm Giàng catalog with six years of figures, and a synthetic 10,000 targets × 10 years.
//! Run with `make bench` (or `cargo bench --bench progress`).

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use resolution_tracker::assets::CAM_GIANG_CATALOG;
use resolution_tracker::domain::dashboard::dashboard;
use resolution_tracker::domain::{
    Catalog, Comparator, Figure, Goal, MilestoneState, Quality, Reading, Resolution, Rule, Target,
};

/// A figure per year and quality, values drifting upwards with some noise, so every branch gets exercised.
fn figures_for(target: &Target, years: std::ops::RangeInclusive<i32>, seed: u64) -> Vec<Figure> {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as f64 / (1u64 << 31) as f64
    };
    let goal = target.rule.goal().map_or(100.0, |g| g.value);
    let mut figures = Vec::new();
    for (i, year) in years.enumerate() {
        let reading = match target.rule {
            Rule::Milestone => Reading::State(match i {
                0..=1 => MilestoneState::NotStarted,
                2..=3 => MilestoneState::InProgress,
                _ => MilestoneState::Done,
            }),
            _ => Reading::Value(goal * (0.6 + 0.08 * i as f64 + 0.1 * next())),
        };
        figures.push(Figure {
            year,
            quality: Quality::Estimate,
            reading,
        });
        if next() > 0.3 {
            figures.push(Figure {
                year,
                quality: Quality::Official,
                reading,
            });
        }
    }
    figures
}

fn synthetic_catalog(targets: usize) -> Catalog {
    let kinds = [
        Rule::ReachByDeadline(Goal {
            comparator: Comparator::Greater,
            value: 90.0,
        }),
        Rule::EveryYear(Goal {
            comparator: Comparator::GreaterOrEqual,
            value: 120.0,
        }),
        Rule::AverageGrowth(Goal {
            comparator: Comparator::GreaterOrEqual,
            value: 10.0,
        }),
        Rule::ReachByDeadline(Goal {
            comparator: Comparator::Less,
            value: 1.0,
        }),
        Rule::Milestone,
    ];
    Catalog {
        resolution: Resolution {
            code: "synthetic".into(),
            title_vi: "Nghị quyết tổng hợp".into(),
            title_en: "Synthetic resolution".into(),
            baseline_year: 2020,
            goal_year: 2029,
        },
        groups: Vec::new(),
        breakthroughs: Vec::new(),
        targets: (0..targets)
            .map(|i| Target {
                code: format!("S{i:05}"),
                group: format!("g{}", i % 7),
                title_vi: format!("Chỉ tiêu tổng hợp số {i}"),
                title_en: format!("Synthetic target {i}"),
                source_text_vi: String::new(),
                rule: kinds[i % kinds.len()],
                goal_year: 2029,
                unit_vi: "%".into(),
                unit_en: "%".into(),
                breakthrough: None,
                min: None,
                max: None,
                whole: false,
                rollup: Default::default(),
            })
            .collect(),
        area: None,
        units: Vec::new(),
        changes: Vec::new(),
    }
}

fn all_figures(
    catalog: &Catalog,
    years: std::ops::RangeInclusive<i32>,
) -> HashMap<String, Vec<Figure>> {
    catalog
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| (t.code.clone(), figures_for(t, years.clone(), i as u64)))
        .collect()
}

fn bench(c: &mut Criterion) {
    let cam_giang = Catalog::from_toml(CAM_GIANG_CATALOG).expect("shipped catalog");
    let figures = all_figures(&cam_giang, 2020..=2025);
    c.bench_function("dashboard/cam-giang 16 targets x 6 years", |b| {
        b.iter(|| dashboard(black_box(&cam_giang), black_box(&figures), black_box(2024)))
    });

    let synthetic = synthetic_catalog(10_000);
    let figures = all_figures(&synthetic, 2020..=2029);
    let mut group = c.benchmark_group("dashboard");
    group.sample_size(20);
    group.bench_function("synthetic 10,000 targets x 10 years", |b| {
        b.iter(|| dashboard(black_box(&synthetic), black_box(&figures), black_box(2027)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! The dashboard's cost: the Cẩm Giàng catalog with six years of figures, a synthetic 10,000 targets × 10 years,
//! and a synthetic province of 250 units × 30 roll-up targets × 10 years × 2 qualities (domain only).
//! Run with `make bench` (or `cargo bench --bench progress`).

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use resolution_tracker::assets::CAM_GIANG_CATALOG;
use resolution_tracker::domain::dashboard::{dashboard, ResolutionFigures};
use resolution_tracker::domain::rollup::{UnitFigure, UnitInputs, UnitReading};
use resolution_tracker::domain::units::{Rollup, Unit};
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
            calendar: Default::default(),
            counting: Default::default(),
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
                continues: None,
                counts: Default::default(),
                agencies: Default::default(),
            })
            .collect(),
        area: None,
        units: Vec::new(),
        changes: Vec::new(),
        agencies: Vec::new(),
        retired: Default::default(),
    }
}

fn all_figures(catalog: &Catalog, years: std::ops::RangeInclusive<i32>) -> ResolutionFigures {
    ResolutionFigures {
        area: catalog
            .targets
            .iter()
            .enumerate()
            .map(|(i, t)| (t.code.clone(), figures_for(t, years.clone(), i as u64)))
            .collect(),
        units: HashMap::new(),
    }
}

/// A province: 250 communes, 30 targets built from them (sum, ratio, share and count of units), no area figure.
fn province() -> (Catalog, HashMap<String, Vec<UnitFigure>>) {
    let mut catalog = synthetic_catalog(30);
    catalog.units = (0..250)
        .map(|i| Unit {
            code: format!("u{i:03}"),
            name_vi: format!("Xã {i}"),
            name_en: format!("Commune {i}"),
            kind: "xa".into(),
            starts: None,
            ends: None,
        })
        .collect();
    let rollups = [
        Rollup::Sum,
        Rollup::Ratio,
        Rollup::ShareOfUnits(vec!["xa".into()]),
        Rollup::CountOfUnits(vec!["xa".into()]),
    ];
    for (i, t) in catalog.targets.iter_mut().enumerate() {
        if t.rule == Rule::Milestone {
            t.rule = Rule::ReachByDeadline(Goal {
                comparator: Comparator::GreaterOrEqual,
                value: 80.0,
            });
        }
        t.rollup = rollups[i % rollups.len()].clone();
    }
    let mut units = HashMap::new();
    for (i, t) in catalog.targets.iter().enumerate() {
        let mut list = Vec::with_capacity(250 * 10 * 2);
        for (u, unit) in catalog.units.iter().enumerate() {
            for year in 2020..=2029 {
                let k = (i + u + year as usize) as f64;
                let reading = match t.rollup {
                    Rollup::Sum => UnitReading::Value(10.0 + k % 7.0),
                    Rollup::Ratio => UnitReading::Ratio {
                        numerator: 700.0 + k % 250.0,
                        denominator: 1000.0,
                    },
                    _ => UnitReading::YesNo(!(u + year as usize).is_multiple_of(3)),
                };
                for quality in [Quality::Estimate, Quality::Official] {
                    list.push(UnitFigure {
                        unit: unit.code.clone(),
                        year,
                        quality,
                        reading,
                    });
                }
            }
        }
        units.insert(t.code.clone(), list);
    }
    (catalog, units)
}

/// The province's figures as the roll-up takes them: each target's units' figures added up (what the database
/// keeps as `rollup_totals` for units that never changed).
fn added_up(catalog: &Catalog, units: &HashMap<String, Vec<UnitFigure>>) -> ResolutionFigures {
    ResolutionFigures {
        area: HashMap::new(),
        units: units
            .iter()
            .map(|(code, list)| (code.clone(), UnitInputs::from_figures(&catalog.units, list)))
            .collect(),
    }
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
    let (province, unit_figures) = province();
    let totals = added_up(&province, &unit_figures);
    let board = dashboard(&province, &totals, 2029);
    assert!(board
        .targets
        .iter()
        .all(|t| t.progress.rollup_years.len() == 10));
    group.bench_function(
        "province 250 units x 30 targets x 10 years x 2 qualities, from every unit figure",
        |b| {
            b.iter(|| {
                let totals = added_up(black_box(&province), black_box(&unit_figures));
                dashboard(&province, &totals, 2029)
            })
        },
    );
    group.bench_function(
        "province 250 units x 30 targets x 10 years x 2 qualities, from kept totals",
        |b| b.iter(|| dashboard(black_box(&province), black_box(&totals), black_box(2029))),
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

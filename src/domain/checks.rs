//! Checks that warn: a figure about to be saved that looks odd against what is stored. None of them refuses a
//! figure; a warned figure is saved only with a note that explains it (the write flow asks for one).
//!
//! - **Unusual change**: the year-on-year change to the figure is far from the series' usual changes, by the
//!   modified z-score (Iglewicz and Hoaglin: 0.6745 · (change − median) / MAD, beyond 3.5, and more than 5% of
//!   the year before's figure from the usual change) when the series has three changes or more to compare with; with fewer (or changes all alike), a change of more than half the
//!   year before's figure.
//! - **Denominator jump**: a ratio's denominator (households, people) moves more than a fifth from the year before.
//! - **Far from the estimate**: an official figure more than a tenth away from the same year's estimate.
//! - **Far from its peers**: a unit's figure far from the other units' that year (modified z-score beyond 3.5,
//!   against four peers or more, and more than a tenth from their median).
//! - **Roll-up mismatch**: the area's figure differs from the complete roll-up of its units' figures (by the
//!   roll-up's own tolerance).

use serde::Serialize;

use super::catalog::{Catalog, Target};
use super::lang::{Lang, Said};
use super::measurement::{Figure, Quality};
use super::number::format;
use super::rollup::{RollupOf, UnitFigure, UnitReading};
use super::units::Rollup;

/// Beyond this modified z-score a change or a unit stands out.
const OUTLIER_Z: f64 = 3.5;
/// With too little history, a change of more than this share of the year before's figure stands out.
const SHARP_CHANGE: f64 = 0.5;
/// A denominator moving more than this share from the year before.
const DENOMINATOR_JUMP: f64 = 0.2;
/// An official figure this share away from its estimate.
const FROM_ESTIMATE: f64 = 0.1;
/// Peers needed for a unit to be compared with them.
const PEERS_NEEDED: usize = 4;
/// However far out by the score, a unit within this share of its peers' median is not far from them (peers that
/// all stand within a point of each other would otherwise make 95% an outlier among 90%s).
const PEERS_MARGIN: f64 = 0.1;
/// However unusual by the score, a change within this share of the year before's figure of the usual change is
/// not unusual.
const CHANGE_MARGIN: f64 = 0.05;

/// What looks odd about a figure, with the numbers that show it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum Warning {
    UnusualChange {
        from_year: i32,
        from: f64,
        to: f64,
    },
    DenominatorJump {
        from_year: i32,
        from: f64,
        to: f64,
    },
    FarFromEstimate {
        estimate: f64,
        official: f64,
    },
    FarFromPeers {
        value: f64,
        median: f64,
        peers: usize,
    },
    RollupMismatch {
        entered: f64,
        rollup: f64,
    },
}

/// The figure about to be saved: the area's or a unit's.
#[derive(Debug, Clone, Copy)]
pub enum Checked<'a> {
    Area(&'a Figure),
    Unit(&'a UnitFigure),
}

impl Checked<'_> {
    fn unit(&self) -> &str {
        match self {
            Checked::Area(_) => "",
            Checked::Unit(f) => &f.unit,
        }
    }

    fn year(&self) -> i32 {
        match self {
            Checked::Area(f) => f.year,
            Checked::Unit(f) => f.year,
        }
    }

    fn quality(&self) -> Quality {
        match self {
            Checked::Area(f) => f.quality,
            Checked::Unit(f) => f.quality,
        }
    }

    fn value(&self) -> Option<f64> {
        match self {
            Checked::Area(f) => f.reading.value(),
            Checked::Unit(f) => f.reading.shown_value(),
        }
    }
}

/// One target's stored figures, the area's and its units', that a figure is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Stored<'a> {
    pub area: &'a [Figure],
    pub units: &'a [UnitFigure],
}

/// A stored figure reduced to what the checks compare.
struct Point {
    unit: String,
    year: i32,
    quality: Quality,
    value: f64,
    denominator: Option<f64>,
}

impl Stored<'_> {
    /// Every stored figure with a number, except the one being replaced.
    fn points(&self, checked: &Checked<'_>) -> Vec<Point> {
        let area = self.area.iter().filter_map(|f| {
            Some(Point {
                unit: String::new(),
                year: f.year,
                quality: f.quality,
                value: f.reading.value()?,
                denominator: None,
            })
        });
        let units = self.units.iter().filter_map(|f| {
            Some(Point {
                unit: f.unit.clone(),
                year: f.year,
                quality: f.quality,
                value: f.reading.shown_value()?,
                denominator: f.reading.counts().map(|(_, d)| d),
            })
        });
        let same = |p: &Point| {
            p.unit == checked.unit() && p.year == checked.year() && p.quality == checked.quality()
        };
        area.chain(units).filter(|p| !same(p)).collect()
    }
}

/// What looks odd about `checked` against the target's stored figures.
pub fn warnings(
    catalog: &Catalog,
    target: &Target,
    stored: Stored<'_>,
    checked: Checked<'_>,
) -> Vec<Warning> {
    let Some(value) = checked.value() else {
        return Vec::new();
    };
    let points = stored.points(&checked);
    let (unit, year) = (checked.unit(), checked.year());
    let own: Vec<&Point> = points.iter().filter(|p| p.unit == unit).collect();
    let mut found = Vec::new();
    found.extend(unusual_change(&own, year, value));
    if let Checked::Unit(UnitFigure {
        reading: UnitReading::Ratio { denominator, .. },
        ..
    }) = checked
    {
        found.extend(denominator_jump(&own, year, *denominator));
    }
    if checked.quality() == Quality::Official {
        let estimate = own
            .iter()
            .find(|p| p.year == year && p.quality == Quality::Estimate);
        if let Some(e) = estimate.filter(|e| e.value != 0.0) {
            if ((value - e.value) / e.value).abs() > FROM_ESTIMATE {
                found.push(Warning::FarFromEstimate {
                    estimate: e.value,
                    official: value,
                });
            }
        }
    }
    match checked {
        Checked::Unit(f) => found.extend(far_from_peers(&points, f, value)),
        Checked::Area(f) => found.extend(rollup_mismatch(catalog, target, stored, f)),
    }
    found
}

/// Each year's figure of one series: the official where there is one, else the estimate.
fn best_by_year(series: &[&Point], except: i32) -> std::collections::BTreeMap<i32, f64> {
    let mut by_year = std::collections::BTreeMap::new();
    for p in series.iter().filter(|p| p.year != except) {
        let keep = p.quality == Quality::Official || !by_year.contains_key(&p.year);
        if keep {
            by_year.insert(p.year, p.value);
        }
    }
    by_year
}

fn unusual_change(own: &[&Point], year: i32, value: f64) -> Option<Warning> {
    let by_year = best_by_year(own, year);
    let from = *by_year.get(&(year - 1))?;
    let change = value - from;
    let history: Vec<f64> = by_year
        .iter()
        .filter_map(|(y, v)| by_year.get(&(y - 1)).map(|before| v - before))
        .collect();
    let unusual = match robust_z(&history, change) {
        Some(z) => {
            let usual = median(&history).unwrap_or(0.0);
            z.abs() > OUTLIER_Z && (change - usual).abs() > CHANGE_MARGIN * from.abs()
        }
        None => from != 0.0 && (change / from).abs() > SHARP_CHANGE,
    };
    unusual.then_some(Warning::UnusualChange {
        from_year: year - 1,
        from,
        to: value,
    })
}

fn denominator_jump(own: &[&Point], year: i32, denominator: f64) -> Option<Warning> {
    let before = own
        .iter()
        .filter(|p| p.year == year - 1)
        .max_by_key(|p| p.quality == Quality::Official)?;
    let from = before.denominator.filter(|d| *d != 0.0)?;
    (((denominator - from) / from).abs() > DENOMINATOR_JUMP).then_some(Warning::DenominatorJump {
        from_year: year - 1,
        from,
        to: denominator,
    })
}

fn far_from_peers(points: &[Point], figure: &UnitFigure, value: f64) -> Option<Warning> {
    let peers: Vec<f64> = points
        .iter()
        .filter(|p| !p.unit.is_empty() && p.unit != figure.unit)
        .filter(|p| p.year == figure.year && p.quality == figure.quality)
        .map(|p| p.value)
        .collect();
    if peers.len() < PEERS_NEEDED {
        return None;
    }
    let median = median(&peers)?;
    let off = match median {
        0.0 => f64::INFINITY,
        m => ((value - m) / m).abs(),
    };
    let unusual = match robust_z(&peers, value) {
        Some(z) => z.abs() > OUTLIER_Z && off > PEERS_MARGIN,
        None => off > SHARP_CHANGE,
    };
    unusual.then_some(Warning::FarFromPeers {
        value,
        median,
        peers: peers.len(),
    })
}

fn rollup_mismatch(
    catalog: &Catalog,
    target: &Target,
    stored: Stored<'_>,
    figure: &Figure,
) -> Option<Warning> {
    if target.rollup == Rollup::None {
        return None;
    }
    let entered = figure.reading.value()?;
    let rolling = RollupOf::new(
        &target.rollup,
        target.is_percent(),
        &catalog.units,
        catalog.area.as_ref(),
    );
    let year = rolling.year(figure.year, stored.units, Some(*figure));
    (year.mismatch && year.coverage.complete()).then_some(Warning::RollupMismatch {
        entered,
        rollup: year.rollup?,
    })
}

/// The modified z-score of `x` against `sample` (none with fewer than three values, or when their median
/// absolute deviation is nought).
fn robust_z(sample: &[f64], x: f64) -> Option<f64> {
    if sample.len() < 3 {
        return None;
    }
    let m = median(sample)?;
    let deviations: Vec<f64> = sample.iter().map(|v| (v - m).abs()).collect();
    let mad = median(&deviations)?;
    (mad > 0.0).then(|| 0.6745 * (x - m) / mad)
}

fn median(values: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    Some(if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    })
}

impl Warning {
    /// The warning in words, with its numbers as the reader writes them.
    pub fn said(&self) -> Said {
        let n = |v: f64, lang: Lang| format(v, 2, lang.decimal());
        let both = |words: &dyn Fn(Lang) -> String| Said::new(words(Lang::Vi), words(Lang::En));
        match *self {
            Warning::UnusualChange {
                from_year,
                from,
                to,
            } => both(&|l| {
                l.pick(
                    "thay đổi bất thường so với các năm trước: từ {from} ({year}) lên {to}",
                    "an unusual change against the earlier years: from {from} ({year}) to {to}",
                )
                .replace(
                    "lên {to}",
                    if to < from {
                        "xuống {to}"
                    } else {
                        "lên {to}"
                    },
                )
                .replace("{from}", &n(from, l))
                .replace("{to}", &n(to, l))
                .replace("{year}", &from_year.to_string())
            }),
            Warning::DenominatorJump {
                from_year,
                from,
                to,
            } => both(&|l| {
                l.pick(
                    "mẫu số thay đổi hơn 20% so với năm {year}: từ {from} thành {to}",
                    "the denominator moves more than 20% from {year}: from {from} to {to}",
                )
                .replace("{from}", &n(from, l))
                .replace("{to}", &n(to, l))
                .replace("{year}", &from_year.to_string())
            }),
            Warning::FarFromEstimate { estimate, official } => both(&|l| {
                l.pick(
                    "số chính thức {official} lệch hơn 10% so với số ước tính {estimate}",
                    "the official figure {official} is more than 10% away from the estimate {estimate}",
                )
                .replace("{official}", &n(official, l))
                .replace("{estimate}", &n(estimate, l))
            }),
            Warning::FarFromPeers {
                value,
                median,
                peers,
            } => both(&|l| {
                l.pick(
                    "{value} khác xa các đơn vị khác cùng năm (trung vị của {peers} đơn vị: {median})",
                    "{value} is far from the other units that year (the median of {peers} units: {median})",
                )
                .replace("{value}", &n(value, l))
                .replace("{median}", &n(median, l))
                .replace("{peers}", &peers.to_string())
            }),
            Warning::RollupMismatch { entered, rollup } => both(&|l| {
                l.pick(
                    "{entered} khác số tổng hợp từ các đơn vị ({rollup})",
                    "{entered} differs from the roll-up of the units' figures ({rollup})",
                )
                .replace("{entered}", &n(entered, l))
                .replace("{rollup}", &n(rollup, l))
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::measurement::Reading;

    fn area(year: i32, quality: Quality, value: f64) -> Figure {
        Figure {
            year,
            quality,
            reading: Reading::Value(value),
        }
    }

    fn unit(unit: &str, year: i32, value: f64) -> UnitFigure {
        UnitFigure {
            unit: unit.into(),
            year,
            quality: Quality::Official,
            reading: UnitReading::Value(value),
        }
    }

    fn ratio(unit: &str, year: i32, numerator: f64, denominator: f64) -> UnitFigure {
        UnitFigure {
            reading: UnitReading::Ratio {
                numerator,
                denominator,
            },
            ..self::unit(unit, year, 0.0)
        }
    }

    fn catalog() -> Catalog {
        crate::domain::catalog::shipped_for_tests()
    }

    fn check(code: &str, stored: Stored<'_>, checked: Checked<'_>) -> Vec<Warning> {
        let catalog = catalog();
        let target = catalog.target(code).expect("a target").clone();
        warnings(&catalog, &target, stored, checked)
    }

    const NONE: Stored<'static> = Stored {
        area: &[],
        units: &[],
    };

    #[test]
    fn a_change_far_from_the_series_usual_changes_warns_and_a_usual_one_does_not() {
        // Income 60, 64, 70, 75, 82: changes 4, 6, 5, 7, median 5.5, MAD 1. 2025 at 88 changes by 6: z = 0.6745 ·
        // 0.5 = 0.34, usual. At 100 it changes by 18: z = 0.6745 · 12.5 = 8.4, and 12.5 is more than 5% of 82
        // (4.1): unusual. At 93 (z = 3.7, 5.5 off) unusual; at 91 (z = 2.4) usual.
        let series = [
            area(2020, Quality::Official, 60.0),
            area(2021, Quality::Official, 64.0),
            area(2022, Quality::Official, 70.0),
            area(2023, Quality::Official, 75.0),
            area(2024, Quality::Official, 82.0),
        ];
        let stored = Stored {
            area: &series,
            units: &[],
        };
        let usual = area(2025, Quality::Official, 88.0);
        assert_eq!(check("T01", stored, Checked::Area(&usual)), vec![]);
        let odd = area(2025, Quality::Official, 100.0);
        assert_eq!(
            check("T01", stored, Checked::Area(&odd)),
            vec![Warning::UnusualChange {
                from_year: 2024,
                from: 82.0,
                to: 100.0
            }]
        );
        for (value, warned) in [(93.0, true), (91.0, false)] {
            let figure = area(2025, Quality::Official, value);
            assert_eq!(
                !check("T01", stored, Checked::Area(&figure)).is_empty(),
                warned,
                "{value}"
            );
        }
        // A fall of the same size is as unusual.
        let fall = area(2025, Quality::Official, 64.0);
        assert_eq!(check("T01", stored, Checked::Area(&fall)).len(), 1);
    }

    #[test]
    fn a_steady_series_does_not_make_a_small_change_unusual() {
        // 100, 101, 102.5, 103.5, 105: changes 1, 1.5, 1, 1.5, median 1.25, MAD 0.25. 108 changes by 3: z = 0.6745 ·
        // 1.75 / 0.25 = 4.7, but 1.75 is within 5% of 105 (5.25): usual.
        let series: Vec<Figure> = [100.0, 101.0, 102.5, 103.5, 105.0]
            .iter()
            .zip(2020..)
            .map(|(v, y)| area(y, Quality::Official, *v))
            .collect();
        let stored = Stored {
            area: &series,
            units: &[],
        };
        let figure = area(2025, Quality::Official, 108.0);
        assert_eq!(check("T01", stored, Checked::Area(&figure)), vec![]);
    }

    #[test]
    fn with_little_history_only_a_change_of_more_than_half_warns() {
        let before = [area(2023, Quality::Official, 120.0)];
        let stored = Stored {
            area: &before,
            units: &[],
        };
        // 120 → 175 is +46%: no warning; 120 → 181 is +51%: a warning; 120 → 59 is −51%: a warning.
        for (value, warned) in [(175.0, false), (181.0, true), (59.0, true), (61.0, false)] {
            let figure = area(2024, Quality::Official, value);
            assert_eq!(
                !check("T15", stored, Checked::Area(&figure)).is_empty(),
                warned,
                "{value}"
            );
        }
        // No figure the year before: nothing to compare.
        let alone = area(2025, Quality::Official, 1000.0);
        assert_eq!(check("T15", stored, Checked::Area(&alone)), vec![]);
    }

    #[test]
    fn an_official_figure_more_than_a_tenth_from_its_estimate_warns() {
        let estimate = [area(2024, Quality::Estimate, 80.0)];
        let stored = Stored {
            area: &estimate,
            units: &[],
        };
        // 80 · 1.1 = 88: 88 is within, 88.5 is not; the estimate itself, replaced, is never compared with itself.
        let near = area(2024, Quality::Official, 88.0);
        assert_eq!(check("T01", stored, Checked::Area(&near)), vec![]);
        let far = area(2024, Quality::Official, 88.5);
        assert_eq!(
            check("T01", stored, Checked::Area(&far)),
            vec![Warning::FarFromEstimate {
                estimate: 80.0,
                official: 88.5
            }]
        );
        let new_estimate = area(2024, Quality::Estimate, 200.0);
        assert_eq!(check("T01", stored, Checked::Area(&new_estimate)), vec![]);
    }

    #[test]
    fn a_ratio_whose_denominator_jumps_warns() {
        // 950 of 1,000 households in 2023; 2024's 1,150 households is +15%, 1,250 is +25%.
        let before = [ratio("CD", 2023, 950.0, 1000.0)];
        let stored = Stored {
            area: &[],
            units: &before,
        };
        let steady = ratio("CD", 2024, 1100.0, 1150.0);
        assert_eq!(check("T07", stored, Checked::Unit(&steady)), vec![]);
        let jump = ratio("CD", 2024, 1190.0, 1250.0);
        assert_eq!(
            check("T07", stored, Checked::Unit(&jump)),
            vec![Warning::DenominatorJump {
                from_year: 2023,
                from: 1000.0,
                to: 1250.0
            }]
        );
    }

    #[test]
    fn a_unit_far_from_its_peers_warns() {
        // Peers 10, 11, 12, 13: median 11.5, deviations 1.5, 0.5, 0.5, 1.5, MAD 1. 14 is z = 1.7; 30 is z = 12.5.
        let peers = [
            unit("A", 2024, 10.0),
            unit("B", 2024, 11.0),
            unit("C", 2024, 12.0),
            unit("D", 2024, 13.0),
            unit("E", 2023, 500.0),
        ];
        let stored = Stored {
            area: &[],
            units: &peers,
        };
        let usual = unit("X", 2024, 14.0);
        assert_eq!(check("T15", stored, Checked::Unit(&usual)), vec![]);
        let far = unit("X", 2024, 30.0);
        assert_eq!(
            check("T15", stored, Checked::Unit(&far)),
            vec![Warning::FarFromPeers {
                value: 30.0,
                median: 11.5,
                peers: 4
            }]
        );
        // Peers within a point and a half of each other (90 to 91.5%: median 90.75, MAD 0.4): 95% scores 7.2 but is
        // within a tenth of the median (4.7%), so it is not far; 120% (32% off) is.
        let tight: Vec<UnitFigure> = (0..16)
            .map(|i| unit(&format!("U{i}"), 2023, 90.0 + 0.1 * f64::from(i)))
            .collect();
        let tight = Stored {
            area: &[],
            units: &tight,
        };
        assert_eq!(
            check("T15", tight, Checked::Unit(&unit("X", 2023, 95.0))),
            vec![]
        );
        assert_eq!(
            check("T15", tight, Checked::Unit(&unit("X", 2023, 120.0))).len(),
            1
        );
        // With three peers there is no comparing.
        let few = Stored {
            area: &[],
            units: &peers[1..],
        };
        assert_eq!(check("T15", few, Checked::Unit(&far)), vec![]);
    }

    #[test]
    fn warnings_read_in_both_languages_with_the_readers_numbers() {
        let w = Warning::UnusualChange {
            from_year: 2024,
            from: 82.5,
            to: 1000.0,
        };
        assert_eq!(
            w.said().vi,
            "thay đổi bất thường so với các năm trước: từ 82,5 (2024) lên 1.000"
        );
        assert_eq!(
            w.said().en,
            "an unusual change against the earlier years: from 82.5 (2024) to 1,000"
        );
        let fall = Warning::UnusualChange {
            from_year: 2024,
            from: 82.5,
            to: 10.0,
        };
        assert!(fall.said().vi.ends_with("xuống 10"), "{}", fall.said().vi);
        let _ = NONE;
    }
}

//! From a target's figures and progress to the chart that shows them, in the reader's language.

use crate::domain::progress::goal_path_level;
use crate::reports::words::words;
use std::collections::{BTreeMap, BTreeSet};

use crate::charts::{
    Bar, ChartText, Colour, LevelPoint, MilestoneStep, OverviewChart, OverviewGroup, OverviewRow,
    Size, TargetBody, TargetChart, TermSeries, UnitBar, UnitsChart,
};
use crate::domain::dashboard::RollupYearView;
use crate::domain::dashboard::{Dashboard, ProgressView};
use crate::domain::measurement::Measurement;
use crate::domain::rollup::ValueSource;
use crate::domain::unit_progress::{Lag, UnitStanding};
use crate::domain::units::Rollup;
use crate::domain::wording::{self, Lang};
use crate::domain::{
    Catalog, Figure, MilestoneState, Progress, Quality, Reading, Rule, Status, Target,
};

use super::palette::status_colour;

fn pct(value: f64, lang: Lang) -> String {
    format!("{}%", wording::number(value * 100.0, lang))
}

fn chart_text(lang: Lang) -> ChartText {
    ChartText {
        decimal_comma: lang == Lang::Vi,
        official: words(lang).official.into(),
        estimate: words(lang).estimate.into(),
        anticipated: words(lang).anticipated.into(),
        no_figure: words(lang).no_figure.into(),
        unapproved: None,
    }
}

/// Lines under the goal: the methodology's numbers in words.
fn notes(target: &Target, p: &Progress, lang: Lang) -> Vec<String> {
    let mut parts = Vec::new();
    match target.rule {
        Rule::ReachByDeadline(_) | Rule::AverageGrowth(_) => {
            if let Some(e) = p.anticipated_value {
                parts.push(format!(
                    "{} {}: {}",
                    words(lang).anticipated_in,
                    target.goal_year,
                    wording::with_unit(e, target, lang)
                ));
            }
            if let Some(g) = p.actual_annual_growth {
                parts.push(format!(
                    "{} {}{}",
                    words(lang).actual_growth,
                    pct(g, lang),
                    words(lang).a_year
                ));
            }
            if let Some(r) = p.required_annual_growth {
                parts.push(format!(
                    "{} {}{}",
                    words(lang).needed,
                    pct(r, lang),
                    words(lang).a_year_from_now
                ));
            }
            if let (Some(level), Rule::AverageGrowth(_)) = (p.goal_level, target.rule) {
                parts.push(format!(
                    "{} {}: {}",
                    words(lang).level_needed_in,
                    target.goal_year,
                    wording::with_unit(level, target, lang)
                ));
            }
        }
        Rule::EveryYear(_) => {
            let met = p.years_met.as_ref().map_or(0, Vec::len);
            parts.push(format!(
                "{} {met} {}",
                words(lang).met_in,
                words(lang).years
            ));
            if let Some(missed) = p.years_missed.as_ref().filter(|m| !m.is_empty()) {
                parts.push(format!("{} {}", words(lang).missed, years(missed)));
            }
            if let Some(missing) = p.years_missing.as_ref().filter(|m| !m.is_empty()) {
                parts.push(format!(
                    "{} {}",
                    words(lang).no_figure_colon,
                    years(missing)
                ));
            }
        }
        Rule::Milestone => {
            if let Some(year) = p.achieved_year {
                parts.push(format!("{} {year}", words(lang).done_in));
            } else if let (Some(state), Some(year)) = (p.latest_state, p.latest_year) {
                parts.push(format!("{year}: {}", state.label(lang)));
            }
        }
    }
    parts.push(format!(
        "{} {}",
        words(lang).progress,
        format_args!("{}%", wording::number(p.progress_pct.round(), lang))
    ));
    vec![parts.join(" · ")]
}

fn years(list: &[i32]) -> String {
    list.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The figures a chart shows: those up to `as_of`, each year's effective one marked.
fn level_points(figures: &[&Figure]) -> Vec<LevelPoint> {
    let official_years: BTreeSet<i32> = figures
        .iter()
        .filter(|f| f.quality == Quality::Official)
        .map(|f| f.year)
        .collect();
    figures
        .iter()
        .filter_map(|f| {
            let value = f.reading.value()?;
            let official = f.quality == Quality::Official;
            Some(LevelPoint {
                year: f.year,
                value,
                official,
                effective: official || !official_years.contains(&f.year),
            })
        })
        .collect()
}

fn state_colour(state: MilestoneState) -> Colour {
    match state {
        MilestoneState::Done => status_colour(Status::Achieved),
        MilestoneState::InProgress => status_colour(Status::InProgress),
        MilestoneState::NotStarted => status_colour(Status::NotStarted),
    }
}

/// The effective figure of each year, official over estimate.
fn effective_by_year<'a>(figures: &[&'a Figure]) -> BTreeMap<i32, &'a Figure> {
    let mut by_year: BTreeMap<i32, &Figure> = BTreeMap::new();
    for f in figures {
        let keep = by_year
            .get(&f.year)
            .is_some_and(|k| k.quality == Quality::Official);
        if !keep {
            by_year.insert(f.year, f);
        }
    }
    by_year
}

/// What a target's chart is drawn from: the figures its progress was assessed on (a roll-up target's years
/// without an entered figure filled by their complete roll-up) and the entered figures, for their sources.
#[derive(Debug, Clone, Copy)]
pub struct ChartFigures<'a> {
    pub assessed: &'a [Figure],
    pub entered: &'a [Measurement],
}

/// A target's chart as of `as_of`.
pub fn target_chart(
    catalog: &Catalog,
    target: &Target,
    figures: ChartFigures<'_>,
    progress: &ProgressView,
    lang: Lang,
    size: Size,
) -> TargetChart {
    let rolled_up = progress.rollup_years.iter().any(|y| {
        y.year <= progress.progress.as_of && y.source_of_value == Some(ValueSource::Rollup)
    });
    let progress = &progress.progress;
    let seen: Vec<&Figure> = figures
        .assessed
        .iter()
        .filter(|f| f.year <= progress.as_of)
        .collect();
    let baseline_year = catalog.resolution.baseline_year;
    let short_goal = |g: f64| -> String {
        let comparator = target.rule.goal().map_or("", |g| g.comparator.symbol());
        format!(
            "{} {}: {comparator} {}",
            words(lang).goal,
            target.goal_year,
            wording::number(g, lang)
        )
    };
    let anticipated = match (
        progress.anticipated_value,
        progress.latest_year,
        progress.latest_value,
    ) {
        (Some(e), Some(t), Some(v)) if t < target.goal_year => {
            Some(((t, v), (target.goal_year, e)))
        }
        _ => None,
    };
    let body = match target.rule {
        Rule::ReachByDeadline(g) => TargetBody::Level {
            points: level_points(&seen),
            goal: Some((g.value, short_goal(g.value))),
            goal_path: Vec::new(),
            goal_path_label: String::new(),
            anticipated,
        },
        Rule::AverageGrowth(g) => {
            let goal_path = match (progress.baseline_year, progress.baseline_value) {
                (Some(by), Some(b)) => (by..=target.goal_year)
                    .map(|y| (y, goal_path_level(b, by, g.value, y)))
                    .collect(),
                _ => Vec::new(),
            };
            TargetBody::Level {
                points: level_points(&seen),
                goal: None,
                goal_path,
                goal_path_label: format!(
                    "{} {} {}%{}",
                    words(lang).goal_path,
                    g.comparator.symbol(),
                    wording::number(g.value, lang),
                    words(lang).a_year
                ),
                anticipated,
            }
        }
        Rule::EveryYear(g) => {
            let effective = effective_by_year(&seen);
            // The baseline year (shown, not judged: the series' colour) and the judged years up to as_of; the
            // axis shows the whole term.
            let bars = (baseline_year..=target.goal_year.min(progress.as_of))
                .map(|year| {
                    match effective
                        .get(&year)
                        .and_then(|f| f.reading.value().map(|v| (v, f)))
                    {
                        Some((v, f)) => Bar {
                            year,
                            value: Some(v),
                            official: f.quality == Quality::Official,
                            colour: if year == baseline_year {
                                Colour::EARLIER
                            } else {
                                status_colour(if g.comparator.meets(v, g.value) {
                                    Status::Achieved
                                } else {
                                    Status::Regressing
                                })
                            },
                        },
                        None => Bar {
                            year,
                            value: None,
                            official: false,
                            colour: status_colour(Status::NoData),
                        },
                    }
                })
                .collect();
            TargetBody::Bars {
                bars,
                goal: g.value,
                // The line holds every year: "Mục tiêu mỗi năm: ≥ 120", not the goal year's alone.
                goal_label: format!(
                    "{} {}: {} {}",
                    words(lang).goal,
                    wording::each_year(lang),
                    g.comparator.symbol(),
                    wording::number(g.value, lang)
                ),
            }
        }
        Rule::Milestone => {
            let steps = effective_by_year(&seen)
                .into_values()
                .filter_map(|f| match f.reading {
                    Reading::State(state) => Some(MilestoneStep {
                        year: f.year,
                        label: state.label(lang).to_string(),
                        colour: state_colour(state),
                        official: f.quality == Quality::Official,
                    }),
                    Reading::Value(_) => None,
                })
                .collect();
            TargetBody::Timeline {
                steps,
                deadline: target.goal_year,
                deadline_label: format!("{} {}", words(lang).deadline, target.goal_year),
            }
        }
    };
    let mut sources: BTreeSet<&str> = figures
        .entered
        .iter()
        .filter(|m| m.figure.year <= progress.as_of)
        .filter_map(|m| m.source.as_deref())
        .collect();
    if rolled_up {
        sources.insert(words(lang).rolled_up_from_units);
    }
    let source_text = if sources.is_empty() {
        words(lang).not_given.to_string()
    } else {
        sources.into_iter().collect::<Vec<_>>().join("; ")
    };
    let unit = match target.rule {
        Rule::Milestone => String::new(),
        _ => wording::unit(target, lang).to_string(),
    };
    TargetChart {
        title: format!("{} · {}", target.code, wording::title(target, lang)),
        status_label: progress.status.label(lang).to_string(),
        status_colour: status_colour(progress.status),
        goal_label: wording::goal_with_year(target, lang),
        notes: notes(target, progress, lang),
        unit,
        first_year: baseline_year,
        last_year: target.goal_year,
        body,
        footnote: format!(
            "{}: {source_text} · {} {} · {}",
            words(lang).source,
            words(lang).assessed_as_of,
            progress.as_of,
            lang.pick(&catalog.resolution.title_vi, &catalog.resolution.title_en)
        ),
        text: ChartText {
            unapproved: unapproved(figures.entered, progress.as_of, lang),
            ..chart_text(lang)
        },
        size,
    }
}

/// The figures up to `as_of` that are not approved, in the legend's words ("chưa duyệt: 2024 chính thức").
fn unapproved(entered: &[Measurement], as_of: i32, lang: Lang) -> Option<String> {
    let listed: Vec<String> = super::results::unapproved(entered, &[], None, as_of)
        .area
        .iter()
        .map(|m| format!("{} {}", m.figure.year, m.figure.quality.label(lang)))
        .collect();
    (!listed.is_empty()).then(|| format!("{}: {}", words(lang).unapproved, listed.join(", ")))
}

/// One term of a target compared across terms: its resolution, the target in it, the figures it is assessed on.
#[derive(Debug, Clone, Copy)]
pub struct TermFigures<'a> {
    pub catalog: &'a Catalog,
    pub target: &'a Target,
    pub assessed: &'a [Figure],
}

impl TermFigures<'_> {
    /// "Nhiệm kỳ 2020-2025".
    fn label(&self, lang: Lang) -> String {
        let r = &self.catalog.resolution;
        format!("{} {}-{}", words(lang).term, r.baseline_year, r.goal_year)
    }

    /// The term's series up to `last` and its goal (a level goal only: a growth rate is not on the value axis).
    fn series(&self, last: i32, colour: Colour, lang: Lang) -> TermSeries {
        let seen: Vec<&Figure> = self.assessed.iter().filter(|f| f.year <= last).collect();
        let t = self.target;
        let goal = match t.rule {
            Rule::ReachByDeadline(g) | Rule::EveryYear(g) => Some((
                g.value,
                format!(
                    "{} {}: {} {}",
                    words(lang).goal,
                    t.goal_year,
                    g.comparator.symbol(),
                    wording::number(g.value, lang)
                ),
            )),
            Rule::AverageGrowth(_) | Rule::Milestone => None,
        };
        TermSeries {
            label: self.label(lang),
            colour,
            first_year: self.catalog.resolution.baseline_year,
            last_year: t.goal_year,
            points: level_points(&seen),
            goal,
        }
    }
}

/// A target beside the earlier term's target it continues: both series on one chart, each with its goal, as of
/// the current term's assessed year.
pub fn terms_chart(
    earlier: TermFigures<'_>,
    current: TermFigures<'_>,
    progress: &ProgressView,
    lang: Lang,
    size: Size,
) -> TargetChart {
    let p = &progress.progress;
    let target = current.target;
    let goals = [earlier, current]
        .iter()
        .map(|term| {
            format!(
                "{}: {}",
                term.label(lang),
                wording::goal_with_year(term.target, lang)
            )
        })
        .collect::<Vec<_>>()
        .join(" · ");
    TargetChart {
        title: format!(
            "{} · {} · {}",
            target.code,
            wording::title(target, lang),
            words(lang).over_two_terms
        ),
        status_label: p.status.label(lang).to_string(),
        status_colour: status_colour(p.status),
        goal_label: goals,
        notes: Vec::new(),
        unit: wording::unit(target, lang).to_string(),
        first_year: earlier.catalog.resolution.baseline_year,
        last_year: target.goal_year,
        body: TargetBody::Terms {
            terms: vec![
                earlier.series(earlier.target.goal_year, Colour::EARLIER, lang),
                current.series(p.as_of, Colour::SERIES, lang),
            ],
        },
        footnote: format!(
            "{} {} · {} · {}",
            words(lang).assessed_as_of,
            p.as_of,
            lang.pick(
                &earlier.catalog.resolution.title_vi,
                &earlier.catalog.resolution.title_en
            ),
            lang.pick(
                &current.catalog.resolution.title_vi,
                &current.catalog.resolution.title_en
            )
        ),
        text: chart_text(lang),
        size,
    }
}

/// A roll-up target's units in a year, as [`standings`](crate::domain::unit_progress::standings) lists them
/// (laggards first when sorted so): a bar per unit coloured by its own status or answer, the goal and the area's
/// figure (`area`: the year's roll-up entry) as lines.
pub fn units_chart(
    target: &Target,
    rows: &[UnitStanding<'_>],
    area: Option<&RollupYearView>,
    year: i32,
    lang: Lang,
    size: Size,
) -> UnitsChart {
    let w = words(lang);
    let yes_no = matches!(
        target.rollup,
        Rollup::ShareOfUnits(_) | Rollup::CountOfUnits(_)
    );
    let bars: Vec<UnitBar> = rows
        .iter()
        .map(|r| {
            let figure = r.figure.as_ref();
            // A yes/no answer fills the track in its colour (yes: met, no: off track); its words say which.
            let value = figure.and_then(|f| match f.yes {
                Some(_) => Some(100.0),
                None => f.value,
            });
            let colour = match (r.lag(), &r.status, figure.and_then(|f| f.yes)) {
                (Lag::NotCounted, ..) => Colour::MUTED,
                (_, Some(p), _) => status_colour(p.status),
                (_, None, Some(true)) => status_colour(Status::Achieved),
                (_, None, Some(false)) => status_colour(Status::OffTrack),
                _ => Colour::SERIES,
            };
            let mut value_label = figure.map_or(w.not_reported.to_string(), |f| {
                wording::unit_figure(f, target, lang)
            });
            if !r.counted {
                value_label.push_str(&format!(" ({})", w.not_counted));
            }
            UnitBar {
                label: lang.pick(&r.unit.name_vi, &r.unit.name_en).to_string(),
                value,
                value_label,
                colour,
            }
        })
        .collect();
    let goal = target.rule.goal().filter(|_| !yes_no).map(|g| {
        (
            g.value,
            format!(
                "{} {} {}",
                w.goal,
                g.comparator.symbol(),
                wording::number(g.value, lang)
            ),
        )
    });
    // The area's line only from a complete roll-up: a partial one is a few units' total, not the area's.
    let area_line = area
        .filter(|a| a.complete)
        .and_then(|a| a.rollup_value)
        .filter(|_| !yes_no)
        .map(|v| {
            (
                v,
                format!("{}: {}", w.area_figure, wording::number(v, lang)),
            )
        });
    let highest = bars
        .iter()
        .filter_map(|b| b.value)
        .chain(goal.iter().map(|g| g.0))
        .chain(area_line.iter().map(|a| a.0))
        .fold(0.0_f64, f64::max);
    let max = if yes_no || target.is_percent() {
        100.0_f64.max(highest)
    } else {
        (highest * 1.1).max(1.0)
    };
    let coverage = area.map_or(String::new(), |a| {
        format!(
            "{}/{} {} · ",
            a.units_reported, a.units_counted, w.units_reported
        )
    });
    UnitsChart {
        title: format!("{} · {}", target.code, wording::title(target, lang)),
        subtitle: format!("{} {year} · {}", w.by_unit, wording::unit(target, lang)),
        rows: bars,
        max,
        goal,
        area: area_line,
        ticks: if yes_no {
            Vec::new()
        } else {
            axis_ticks(max)
                .into_iter()
                .map(|v| (v, wording::number(v, lang)))
                .collect()
        },
        footnote: format!("{coverage}{}", w.lagging_first),
        size,
    }
}

/// Round values from 0 to `max` for a value axis, four or five of them: steps of 1, 2, 2.5 or 5 times a power of
/// ten.
fn axis_ticks(max: f64) -> Vec<f64> {
    if !max.is_finite() || max <= 0.0 {
        return vec![0.0];
    }
    let rough = max / 4.0;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power);
    (0..=8)
        .map(|i| f64::from(i) * step)
        .take_while(|v| *v <= max * (1.0 + 1e-9))
        .collect()
}

/// Every target's progress bar, grouped as the catalog groups them.
pub fn overview_chart(
    catalog: &Catalog,
    dashboard: &Dashboard,
    lang: Lang,
    size: Size,
) -> OverviewChart {
    let groups = catalog
        .group_codes()
        .into_iter()
        .map(|code| {
            let group = catalog.group(&code);
            OverviewGroup {
                title: lang.pick(&group.title_vi, &group.title_en).to_string(),
                rows: dashboard
                    .targets
                    .iter()
                    .filter(|t| t.target.group == code)
                    .map(|t| {
                        let status = t.progress.progress.status;
                        OverviewRow {
                            label: format!(
                                "{} {}",
                                t.target.code,
                                lang.pick(&t.target.title_vi, &t.target.title_en)
                            ),
                            progress_pct: t.progress.progress.progress_pct,
                            status_label: status.label(lang).to_string(),
                            colour: status_colour(status),
                        }
                    })
                    .collect(),
            }
        })
        .filter(|g| !g.rows.is_empty())
        .collect();
    let counts: Vec<String> = Status::ALL
        .iter()
        .filter(|s| dashboard.summary.count(**s) > 0)
        .map(|s| format!("{} {}", s.label(lang), dashboard.summary.count(*s)))
        .collect();
    OverviewChart {
        title: lang
            .pick(&catalog.resolution.title_vi, &catalog.resolution.title_en)
            .to_string(),
        subtitle: format!(
            "{} {} · {}",
            words(lang).overview_subtitle,
            dashboard.as_of,
            counts.join(", ")
        ),
        groups,
        legend: Status::ALL
            .iter()
            .map(|s| (s.label(lang).to_string(), status_colour(*s)))
            .collect(),
        footnote: words(lang).bar_footnote.to_string(),
        decimal_comma: lang == Lang::Vi,
        size,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::TargetBody;
    use crate::domain::catalog::shipped_for_tests;
    use crate::domain::dashboard::assess_target;
    use crate::domain::rollup::UnitFigure;
    use crate::domain::rollup::{official_ratio, target_figures, UnitInputs};
    use crate::domain::unit_progress::lagging_standings;
    use crate::domain::units::units_counted;

    /// Every unit counted for the target in 2023 with 900 of 1,000 (90%).
    fn every_commune_at_90(catalog: &Catalog, target: &Target) -> Vec<UnitFigure> {
        units_counted(
            &catalog.units,
            catalog.area.as_ref(),
            2023,
            target.rollup.counted_kinds(),
        )
        .iter()
        .map(|u| official_ratio(&u.code, 2023, 900.0, 1000.0))
        .collect()
    }

    /// T06's units chart: the area's line only from a complete roll-up (1 of 17 communes is not the area), and a
    /// value axis of round numbers over the percentage's 0-100.
    #[test]
    fn the_units_chart_draws_the_area_only_from_a_complete_rollup() {
        let catalog = shipped_for_tests();
        let target = catalog.target("T06").expect("T06");
        let all = every_commune_at_90(&catalog, target);
        let chart = |figures: &[UnitFigure]| {
            let inputs = UnitInputs::from_figures(&catalog.units, figures);
            let assessed = target_figures(&catalog, target, &[], &inputs, 2023);
            let progress = assess_target(&catalog, target, &assessed, 2023);
            let area = progress.rollup_years.iter().find(|y| y.year == 2023);
            let rows = lagging_standings(&catalog, target, figures, 2023);
            units_chart(target, &rows, area, 2023, Lang::Vi, Size::TARGET)
        };
        let partial = chart(&all[..1]);
        assert_eq!(partial.area, None);
        assert!(
            partial
                .footnote
                .starts_with(&format!("1/{} đơn vị đã báo cáo", all.len())),
            "{}",
            partial.footnote
        );
        let ticks: Vec<&str> = partial.ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(ticks, ["0", "25", "50", "75", "100"]);
        let complete = chart(&all);
        assert_eq!(complete.area, Some((90.0, "Cả địa bàn: 90".to_string())));
        assert_eq!(axis_ticks(640.0), [0.0, 200.0, 400.0, 600.0]);
        assert_eq!(axis_ticks(9.0), [0.0, 2.5, 5.0, 7.5]);
    }

    /// T06 with every commune's counts for 2023 and no district figure: the chart draws the rolled-up year and
    /// says where it came from.
    #[test]
    fn a_target_chart_draws_the_years_its_units_roll_up_to() {
        let catalog = shipped_for_tests();
        let target = catalog.target("T06").expect("T06");
        let figures = every_commune_at_90(&catalog, target);
        assert!(figures.len() > 10, "the communes of 2023");
        let inputs = UnitInputs::from_figures(&catalog.units, &figures);
        let assessed = target_figures(&catalog, target, &[], &inputs, 2023);
        let progress = assess_target(&catalog, target, &assessed, 2023);
        let chart = target_chart(
            &catalog,
            target,
            ChartFigures {
                assessed: &assessed.figures,
                entered: &[],
            },
            &progress,
            Lang::Vi,
            Size::TARGET,
        );
        let TargetBody::Bars { bars, .. } = &chart.body else {
            panic!("T06 is drawn as bars");
        };
        let drawn: Vec<(i32, Option<f64>)> = bars.iter().map(|b| (b.year, b.value)).collect();
        assert_eq!(
            drawn,
            vec![(2020, None), (2021, None), (2022, None), (2023, Some(90.0))],
            "only 2023 has figures"
        );
        assert!(
            chart.footnote.contains("tổng hợp từ số liệu các đơn vị"),
            "{}",
            chart.footnote
        );
        let english = target_chart(
            &catalog,
            target,
            ChartFigures {
                assessed: &assessed.figures,
                entered: &[],
            },
            &progress,
            Lang::En,
            Size::TARGET,
        );
        assert!(english
            .footnote
            .contains("rolled up from the units' figures"));
    }
}

//! The progress methodology (shared/spec/progress-methodology.md): a target's status and numbers from its figures.
//!
//! Each kind follows the spec's numbered steps; comments cite them. Where the spec is silent the reading chosen is
//! documented in docs/methodology.md and tested below.

use super::lang::words;
use std::collections::BTreeMap;

use serde::Serialize;

use super::catalog::{Goal, Rule, Target};
use super::measurement::{Figure, MilestoneState, Quality, Reading};

/// A target's standing, from best to worst for numeric kinds, then the milestone and data statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Achieved,
    OnTrack,
    NeedsAcceleration,
    OffTrack,
    Regressing,
    Missed,
    InProgress,
    NotStarted,
    InsufficientData,
    NoData,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::Achieved,
        Status::OnTrack,
        Status::NeedsAcceleration,
        Status::OffTrack,
        Status::Regressing,
        Status::Missed,
        Status::InProgress,
        Status::NotStarted,
        Status::InsufficientData,
        Status::NoData,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::OnTrack => "on_track",
            Status::NeedsAcceleration => "needs_acceleration",
            Status::OffTrack => "off_track",
            Status::Regressing => "regressing",
            Status::Missed => "missed",
            Status::InProgress => "in_progress",
            Status::NotStarted => "not_started",
            Status::InsufficientData => "insufficient_data",
            Status::NoData => "no_data",
        }
    }
}

words!(Status {
    Achieved => "Đã đạt" / "Achieved",
    OnTrack => "Đúng tiến độ" / "On track",
    NeedsAcceleration => "Cần đẩy nhanh" / "Needs acceleration",
    OffTrack => "Chậm tiến độ" / "Off track",
    Regressing => "Đi lùi" / "Regressing",
    Missed => "Không đạt" / "Missed",
    InProgress => "Đang thực hiện" / "In progress",
    NotStarted => "Chưa triển khai" / "Not started",
    InsufficientData => "Chưa đủ dữ liệu" / "Insufficient data",
    NoData => "Chưa có số liệu" / "No data",
});

/// The methodology's output for one target as of one year. Undefined numbers are `None` (JSON `null`).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Progress {
    pub status: Status,
    pub as_of: i32,
    pub latest_year: Option<i32>,
    pub latest_value: Option<f64>,
    pub latest_quality: Option<Quality>,
    /// Milestones: the state of the latest year with one.
    pub latest_state: Option<MilestoneState>,
    pub baseline_year: Option<i32>,
    pub baseline_value: Option<f64>,
    /// 0 to 100, for the progress bar.
    pub progress_pct: f64,
    pub anticipated_value: Option<f64>,
    pub progress_ratio: Option<f64>,
    /// Fractions: 0.10 is 10% a year.
    pub actual_annual_growth: Option<f64>,
    pub required_annual_growth: Option<f64>,
    /// average_growth: the level the goal growth leads to in the goal year.
    pub goal_level: Option<f64>,
    /// every_year: the judged years, split by outcome.
    pub years_met: Option<Vec<i32>>,
    pub years_missed: Option<Vec<i32>>,
    pub years_missing: Option<Vec<i32>>,
    /// milestone: the first year, up to the goal year, with `done`.
    pub achieved_year: Option<i32>,
}

impl Progress {
    fn new(status: Status, as_of: i32) -> Self {
        Progress {
            status,
            as_of,
            latest_year: None,
            latest_value: None,
            latest_quality: None,
            latest_state: None,
            baseline_year: None,
            baseline_value: None,
            progress_pct: 0.0,
            anticipated_value: None,
            progress_ratio: None,
            actual_annual_growth: None,
            required_annual_growth: None,
            goal_level: None,
            years_met: None,
            years_missed: None,
            years_missing: None,
            achieved_year: None,
        }
    }
}

/// One year's effective number: the official figure if there is one, else the estimate.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Point {
    year: i32,
    value: f64,
    quality: Quality,
}

/// Assesses a target from its figures, seeing only years up to `as_of`.
pub fn assess(target: &Target, baseline_year: i32, figures: &[Figure], as_of: i32) -> Progress {
    let term = Term {
        baseline_year,
        goal_year: target.goal_year,
        as_of,
        bounds: target.bounds(),
    };
    match target.rule {
        Rule::ReachByDeadline(goal) => reach_by_deadline(goal, term, &points(figures, as_of)),
        Rule::EveryYear(goal) => every_year(goal, term, &points(figures, as_of)),
        Rule::AverageGrowth(goal) => average_growth(goal, term, &points(figures, as_of)),
        Rule::Milestone => milestone(term, figures),
    }
}

#[derive(Debug, Clone, Copy)]
struct Term {
    /// B
    baseline_year: i32,
    /// T
    goal_year: i32,
    as_of: i32,
    /// The values the target can take (`min`/`max`; 0..100 for a percentage): a forecast stays inside them.
    bounds: (Option<f64>, Option<f64>),
}

impl Term {
    /// The deadline has passed (the term is over).
    fn over(self) -> bool {
        self.as_of >= self.goal_year
    }

    /// Step 6's last sentence: the anticipated value never leaves the target's bounds.
    fn keep_in_bounds(self, e: f64) -> f64 {
        let (lo, hi) = self.bounds;
        let e = lo.map_or(e, |lo| e.max(lo));
        hi.map_or(e, |hi| e.min(hi))
    }
}

/// The effective numeric value of each year up to `as_of`, in year order.
fn points(figures: &[Figure], as_of: i32) -> Vec<Point> {
    let mut by_year: BTreeMap<i32, Point> = BTreeMap::new();
    for f in figures.iter().filter(|f| f.year <= as_of) {
        let Reading::Value(value) = f.reading else {
            continue;
        };
        let point = Point {
            year: f.year,
            value,
            quality: f.quality,
        };
        by_year
            .entry(f.year)
            .and_modify(|p| {
                if f.quality >= p.quality {
                    *p = point;
                }
            })
            .or_insert(point);
    }
    by_year.into_values().collect()
}

/// Step 2: the baseline is the value of year B, else the earliest value; the latest is the most recent.
fn baseline_and_latest(points: &[Point], baseline_year: i32) -> Option<(Point, Point)> {
    let latest = *points.last()?;
    let baseline = points
        .iter()
        .find(|p| p.year == baseline_year)
        .copied()
        .unwrap_or(points[0]);
    Some((baseline, latest))
}

fn with_points(status: Status, term: Term, baseline: Point, latest: Point) -> Progress {
    Progress {
        latest_year: Some(latest.year),
        latest_value: Some(latest.value),
        latest_quality: Some(latest.quality),
        baseline_year: Some(baseline.year),
        baseline_value: Some(baseline.value),
        ..Progress::new(status, term.as_of)
    }
}

/// A number the spec defines, or `None` where the arithmetic has no finite answer.
fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The goal path of an average-growth target: the level a baseline `value` in `baseline_year` reaches by `year`
/// growing `percent` a year. The methodology's goal level is this path at the goal year; charts draw it.
pub fn goal_path_level(value: f64, baseline_year: i32, percent: f64, year: i32) -> f64 {
    value * (1.0 + percent / 100.0).powi(year - baseline_year)
}

/// Compound annual growth from (t0, a) to (t1, b), defined for positive values and t1 > t0.
fn growth(a: f64, t0: i32, b: f64, t1: i32) -> Option<f64> {
    if a > 0.0 && b > 0.0 && t1 > t0 {
        finite((b / a).powf(1.0 / f64::from(t1 - t0)) - 1.0)
    } else {
        None
    }
}

/// Step 6: the anticipated value at T, from the observed growth (or the straight line through a zero or negative
/// value), and that growth.
fn anticipate(baseline: Point, latest: Point, goal_year: i32) -> (f64, Option<f64>) {
    let ahead = f64::from(goal_year - latest.year);
    match growth(baseline.value, baseline.year, latest.value, latest.year) {
        Some(g) => (latest.value * (1.0 + g).powf(ahead), Some(g)),
        None => {
            let slope = (latest.value - baseline.value) / f64::from(latest.year - baseline.year);
            (latest.value + slope * ahead, None)
        }
    }
}

/// Step 7: how far the anticipated value goes from the baseline to the goal.
fn ratio(anticipated: f64, baseline: f64, goal: f64) -> f64 {
    if goal == baseline {
        0.0
    } else {
        (anticipated - baseline) / (goal - baseline)
    }
}

/// Step 8.
fn status_by_ratio(r: f64) -> Status {
    if r.is_nan() {
        Status::InsufficientData
    } else if r >= 0.95 {
        Status::OnTrack
    } else if r >= 0.5 {
        Status::NeedsAcceleration
    } else if r >= 0.0 {
        Status::OffTrack
    } else {
        Status::Regressing
    }
}

/// Step 10: the share of the way from baseline to goal covered so far.
fn share_of_way(value: f64, baseline: f64, goal: f64) -> f64 {
    if goal == baseline {
        0.0
    } else {
        let share = (value - baseline) / (goal - baseline);
        if share.is_nan() {
            0.0
        } else {
            100.0 * share.clamp(0.0, 1.0)
        }
    }
}

/// `meets` for a number the tracker computed (a root or a power), not one someone entered: a difference below
/// floating-point noise counts as equality, so 10% growth computed as 9.999999999999998% meets ">= 10".
fn meets_computed(goal: Goal, computed: f64) -> bool {
    let noise = 1e-9 * goal.value.abs().max(1.0);
    let x = if (computed - goal.value).abs() <= noise {
        goal.value
    } else {
        computed
    };
    goal.comparator.meets(x, goal.value)
}

fn reach_by_deadline(goal: Goal, term: Term, points: &[Point]) -> Progress {
    // Step 1.
    let Some((b, v)) = baseline_and_latest(points, term.baseline_year) else {
        return Progress::new(Status::NoData, term.as_of);
    };
    let t_goal = term.goal_year;
    // Step 3: the deadline has been reached in the data.
    if v.year >= t_goal {
        let judged = points
            .iter()
            .find(|p| p.year == t_goal)
            .copied()
            .unwrap_or(v);
        let achieved = goal.comparator.meets(judged.value, goal.value);
        let mut p = with_points(
            if achieved {
                Status::Achieved
            } else {
                Status::Missed
            },
            term,
            b,
            v,
        );
        p.progress_pct = if achieved {
            100.0
        } else {
            share_of_way(v.value, b.value, goal.value)
        };
        return p;
    }
    // Step 4: reached early.
    if goal.comparator.meets(v.value, goal.value) {
        let mut p = with_points(Status::Achieved, term, b, v);
        p.progress_pct = 100.0;
        return p;
    }
    // Step 5: one point (step 4b below: with the term over, the forecast is still shown).
    if v.year == b.year {
        let mut p = with_points(Status::InsufficientData, term, b, v);
        p.progress_pct = share_of_way(v.value, b.value, goal.value);
        return p;
    }
    // Steps 6-10.
    let (e, g) = anticipate(b, v, t_goal);
    let e = term.keep_in_bounds(e);
    let r = ratio(e, b.value, goal.value);
    // Step 4b: the deadline has passed without a figure for it: the final figure is missing.
    let status = if term.over() {
        Status::InsufficientData
    } else {
        status_by_ratio(r)
    };
    let mut p = with_points(status, term, b, v);
    p.anticipated_value = finite(e);
    p.progress_ratio = finite(r);
    p.actual_annual_growth = g;
    p.required_annual_growth = growth(v.value, v.year, goal.value, t_goal);
    p.progress_pct = share_of_way(v.value, b.value, goal.value);
    p
}

fn every_year(goal: Goal, term: Term, points: &[Point]) -> Progress {
    let (mut met, mut missed, mut missing) = (Vec::new(), Vec::new(), Vec::new());
    // The judged years: B+1 … T, up to as_of.
    for year in term.baseline_year + 1..=term.goal_year.min(term.as_of) {
        match points.iter().find(|p| p.year == year) {
            Some(p) if goal.comparator.meets(p.value, goal.value) => met.push(year),
            Some(_) => missed.push(year),
            None => missing.push(year),
        }
    }
    let latest_judged = met.iter().chain(&missed).max().copied();
    let status = match latest_judged {
        None => Status::NoData,
        Some(_) if term.as_of >= term.goal_year => {
            if !missed.is_empty() {
                Status::Missed
            } else if !missing.is_empty() {
                Status::InsufficientData
            } else {
                Status::Achieved
            }
        }
        Some(latest) if missed.contains(&latest) => Status::OffTrack,
        Some(_) if !missed.is_empty() => Status::NeedsAcceleration,
        Some(_) => Status::OnTrack,
    };
    let mut p = match baseline_and_latest(points, term.baseline_year) {
        Some((b, v)) => with_points(status, term, b, v),
        None => Progress::new(status, term.as_of),
    };
    let term_years = term.goal_year - term.baseline_year;
    p.progress_pct = if term_years > 0 {
        100.0 * met.len() as f64 / f64::from(term_years)
    } else {
        0.0
    };
    p.years_met = Some(met);
    p.years_missed = Some(missed);
    p.years_missing = Some(missing);
    p
}

fn average_growth(goal: Goal, term: Term, points: &[Point]) -> Progress {
    let Some((b, v)) = baseline_and_latest(points, term.baseline_year) else {
        return Progress::new(Status::NoData, term.as_of);
    };
    let t_goal = term.goal_year;
    let g = growth(b.value, b.year, v.value, v.year);
    let goal_level = goal_path_level(b.value, b.year, goal.value, t_goal);
    let level_goal = Goal {
        comparator: goal.comparator,
        value: goal_level,
    };

    let mut p = with_points(Status::InsufficientData, term, b, v);
    p.actual_annual_growth = g;
    p.goal_level = finite(goal_level);
    p.progress_pct = share_of_way(v.value, b.value, goal_level);
    if v.year >= t_goal {
        p.status = match g {
            None => Status::InsufficientData,
            Some(g) if meets_computed(goal, g * 100.0) => Status::Achieved,
            Some(_) => Status::Missed,
        };
        if p.status == Status::Achieved {
            p.progress_pct = 100.0;
        }
        return p;
    }
    if v.year == b.year {
        return p;
    }
    // reach_by_deadline steps 6-8 against the implied level; reaching it early is on track, not achieved.
    let (e, _) = anticipate(b, v, t_goal);
    let e = term.keep_in_bounds(e);
    let r = ratio(e, b.value, goal_level);
    p.status = if term.over() {
        // The term is over without its final figure: still shown, not judged.
        Status::InsufficientData
    } else if meets_computed(level_goal, v.value) {
        Status::OnTrack
    } else {
        status_by_ratio(r)
    };
    p.anticipated_value = finite(e);
    p.progress_ratio = finite(r);
    p.required_annual_growth = growth(v.value, v.year, goal_level, t_goal);
    p
}

fn milestone(term: Term, figures: &[Figure]) -> Progress {
    let mut by_year: BTreeMap<i32, (MilestoneState, Quality)> = BTreeMap::new();
    for f in figures.iter().filter(|f| f.year <= term.as_of) {
        let Reading::State(state) = f.reading else {
            continue;
        };
        by_year
            .entry(f.year)
            .and_modify(|e| {
                if f.quality >= e.1 {
                    *e = (state, f.quality);
                }
            })
            .or_insert((state, f.quality));
    }
    let Some((&latest_year, &(s, quality))) = by_year.iter().next_back() else {
        return Progress::new(Status::NoData, term.as_of);
    };
    let first_done = by_year
        .iter()
        .find(|(&year, &(state, _))| year <= term.goal_year && state == MilestoneState::Done)
        .map(|(&year, _)| year);
    let status = match (s, first_done) {
        (MilestoneState::Done, Some(_)) => Status::Achieved,
        // v2.1: the deadline passed without a state for its year is a missing final state, as for numbers (4b).
        _ if term.as_of >= term.goal_year && latest_year < term.goal_year => {
            Status::InsufficientData
        }
        _ if term.as_of >= term.goal_year => Status::Missed,
        (MilestoneState::InProgress, _) => Status::InProgress,
        // A `done` only after the goal year implies as_of >= T, handled above.
        (MilestoneState::NotStarted | MilestoneState::Done, _) => Status::NotStarted,
    };
    let mut p = Progress::new(status, term.as_of);
    p.latest_year = Some(latest_year);
    p.latest_quality = Some(quality);
    p.latest_state = Some(s);
    p.baseline_year = by_year.keys().next().copied();
    p.achieved_year = if status == Status::Achieved {
        first_done
    } else {
        None
    };
    p.progress_pct = match (status, s) {
        (Status::Achieved, _) => 100.0,
        (_, MilestoneState::InProgress) => 50.0,
        _ => 0.0,
    };
    p
}

#[cfg(test)]
#[path = "progress_tests.rs"]
mod tests;

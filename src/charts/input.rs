//! What a chart shows, already in words and numbers: the caller decides the language and the colours.

use serde::Serialize;

/// An sRGB colour. Chart colours keep each channel a multiple of 0x11 so they survive the encoder's palette
/// reduction exactly (see `encode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Colour(pub u8, pub u8, pub u8);

impl Colour {
    pub const TEXT: Colour = Colour(0x22, 0x22, 0x22);
    pub const MUTED: Colour = Colour(0x55, 0x55, 0x55);
    /// An earlier term's series, beside the current one's.
    pub const EARLIER: Colour = Colour(0x88, 0x77, 0x66);
    pub const GRID: Colour = Colour(0xDD, 0xDD, 0xDD);
    pub const TRACK: Colour = Colour(0xEE, 0xEE, 0xEE);
    pub const SERIES: Colour = Colour(0x11, 0x44, 0x88);
    pub const GOAL: Colour = Colour(0xAA, 0x33, 0x77);
    pub const WHITE: Colour = Colour(0xFF, 0xFF, 0xFF);

    /// Black or white, whichever reads better on this colour.
    pub fn text_on(self) -> Colour {
        let l =
            0.2126 * f64::from(self.0) + 0.7152 * f64::from(self.1) + 0.0722 * f64::from(self.2);
        if l > 150.0 {
            Colour::TEXT
        } else {
            Colour::WHITE
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

impl Size {
    pub const TARGET: Size = Size {
        width: 1200,
        height: 700,
    };
    pub const OVERVIEW: Size = Size {
        width: 1600,
        height: 900,
    };
}

/// Text in the chart's language, and how it writes numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartText {
    /// "1.234,5" (Vietnamese) when true, "1,234.5" otherwise.
    pub decimal_comma: bool,
    /// Legend words: an official figure, an estimate, the anticipated value, a year without a figure.
    pub official: String,
    pub estimate: String,
    pub anticipated: String,
    pub no_figure: String,
    /// The figures shown that are not approved yet ("chưa duyệt: 2024 chính thức"), said in the legend.
    pub unapproved: Option<String>,
}

/// A yearly value on a level chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LevelPoint {
    pub year: i32,
    pub value: f64,
    /// Official figures are filled markers, estimates hollow.
    pub official: bool,
    /// The figure the methodology uses for that year (the official one when both exist).
    pub effective: bool,
}

/// A year's bar on an each-year chart: filled when official, outlined when an estimate, absent when missing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bar {
    pub year: i32,
    pub value: Option<f64>,
    pub official: bool,
    /// Met or missed, as the caller colours it.
    pub colour: Colour,
}

/// A year's state on a milestone timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneStep {
    pub year: i32,
    pub label: String,
    pub colour: Colour,
    pub official: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum TargetBody {
    /// A level to reach, or a series to grow: values, the goal line or path, the anticipated path.
    Level {
        points: Vec<LevelPoint>,
        /// A horizontal goal line and its label ("Mục tiêu 2025: > 90").
        goal: Option<(f64, String)>,
        /// A goal path (average growth): the level year by year, and its label.
        goal_path: Vec<(i32, f64)>,
        goal_path_label: String,
        /// From the latest effective value to the goal year, dotted.
        anticipated: Option<((i32, f64), (i32, f64))>,
    },
    /// Each year judged against the goal.
    Bars {
        bars: Vec<Bar>,
        goal: f64,
        goal_label: String,
    },
    /// A target over two (or more) terms: each term's series and goal in its own colour.
    Terms { terms: Vec<TermSeries> },
    /// States over the years up to a deadline.
    Timeline {
        steps: Vec<MilestoneStep>,
        deadline: i32,
        deadline_label: String,
    },
}

/// One term's figures and goal on a chart comparing terms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermSeries {
    /// "Nhiệm kỳ 2020-2025".
    pub label: String,
    pub colour: Colour,
    pub first_year: i32,
    pub last_year: i32,
    pub points: Vec<LevelPoint>,
    /// The term's goal and its words ("Mục tiêu 2025: > 90").
    pub goal: Option<(f64, String)>,
}

/// Values beyond this are drawn at it: far past any figure entry accepts (±1e15), and far enough from
/// `f64::MAX` that an axis's headroom cannot overflow to infinity.
pub(crate) const DRAWABLE: f64 = 1e300;

fn drawable(v: f64) -> f64 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(-DRAWABLE, DRAWABLE)
    }
}

impl TargetBody {
    /// The same body with every value in the drawable range, so that every point lies inside the value axis
    /// (plotters neither clips nor bounds a line that runs off it; a value near `f64::MAX` once hung it).
    pub(crate) fn drawable(&self) -> TargetBody {
        let mut body = self.clone();
        match &mut body {
            TargetBody::Level {
                points,
                goal,
                goal_path,
                anticipated,
                ..
            } => {
                points.iter_mut().for_each(|p| p.value = drawable(p.value));
                if let Some(g) = goal {
                    g.0 = drawable(g.0);
                }
                goal_path.iter_mut().for_each(|p| p.1 = drawable(p.1));
                if let Some((a, b)) = anticipated {
                    a.1 = drawable(a.1);
                    b.1 = drawable(b.1);
                }
            }
            TargetBody::Bars { bars, goal, .. } => {
                bars.iter_mut()
                    .for_each(|b| b.value = b.value.map(drawable));
                *goal = drawable(*goal);
            }
            TargetBody::Terms { terms } => {
                for t in terms {
                    t.points
                        .iter_mut()
                        .for_each(|p| p.value = drawable(p.value));
                    if let Some(g) = &mut t.goal {
                        g.0 = drawable(g.0);
                    }
                }
            }
            TargetBody::Timeline { .. } => {}
        }
        body
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetChart {
    pub title: String,
    pub status_label: String,
    pub status_colour: Colour,
    /// Under the title: the goal in words ("Mục tiêu 2025: > 90 triệu đồng/người/năm").
    pub goal_label: String,
    /// Lines of numbers in words (anticipated value, growth needed, …).
    pub notes: Vec<String>,
    /// The y axis's unit.
    pub unit: String,
    pub first_year: i32,
    pub last_year: i32,
    pub body: TargetBody,
    /// Sources and the assessment year, at the foot.
    pub footnote: String,
    pub text: ChartText,
    pub size: Size,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverviewRow {
    pub label: String,
    pub progress_pct: f64,
    pub status_label: String,
    pub colour: Colour,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverviewGroup {
    pub title: String,
    pub rows: Vec<OverviewRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverviewChart {
    pub title: String,
    pub subtitle: String,
    pub groups: Vec<OverviewGroup>,
    /// The statuses and their colours, in order.
    pub legend: Vec<(String, Colour)>,
    pub footnote: String,
    pub decimal_comma: bool,
    pub size: Size,
}

/// One unit's bar: its figure on the chart's scale (none: not reported), the figure in words, the bar's colour.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitBar {
    pub label: String,
    pub value: Option<f64>,
    pub value_label: String,
    pub colour: Colour,
}

/// A roll-up target's units in one year: a bar per unit, with the goal and the area's figure as lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitsChart {
    pub title: String,
    pub subtitle: String,
    pub rows: Vec<UnitBar>,
    /// The scale's end (a bar of this value fills the track).
    pub max: f64,
    /// A vertical line for the goal and one for the area's figure, each with its words.
    pub goal: Option<(f64, String)>,
    pub area: Option<(f64, String)>,
    /// The value axis under the bars: each tick's value and words (none for yes/no answers).
    pub ticks: Vec<(f64, String)>,
    pub footnote: String,
    pub size: Size,
}

impl UnitsChart {
    /// The same chart with every number drawable (no NaN, no value past the scale).
    pub(crate) fn drawable(&self) -> UnitsChart {
        let mut c = self.clone();
        c.max = if c.max.is_finite() && c.max > 0.0 {
            c.max.min(DRAWABLE)
        } else {
            1.0
        };
        for r in &mut c.rows {
            r.value = r.value.map(drawable);
        }
        for line in [&mut c.goal, &mut c.area].into_iter().flatten() {
            line.0 = drawable(line.0);
        }
        c.ticks
            .retain(|t| t.0.is_finite() && (0.0..=c.max).contains(&t.0));
        c.ticks.truncate(12);
        c
    }
}

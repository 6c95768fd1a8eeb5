//! Yearly figures and the one validation every way of entering them (form, API, import) goes through.

use super::lang::{words, Explained, Lang};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::catalog::{Target, TargetKind};
use super::text::{clean_optional, forbidden_control};

/// An estimate comes first, late in the year ("ước thực hiện"); the official figure supersedes it.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Quality {
    Estimate,
    Official,
}

impl Quality {
    pub const ALL: [Quality; 2] = [Quality::Estimate, Quality::Official];

    pub fn as_str(self) -> &'static str {
        match self {
            Quality::Estimate => "estimate",
            Quality::Official => "official",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.as_str() == text)
    }
}

words!(Quality {
    Estimate => "ước thực hiện" / "estimate",
    Official => "chính thức" / "official",
});

/// Where a milestone stands in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneState {
    NotStarted,
    InProgress,
    Done,
}

impl MilestoneState {
    pub const ALL: [MilestoneState; 3] = [
        MilestoneState::NotStarted,
        MilestoneState::InProgress,
        MilestoneState::Done,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MilestoneState::NotStarted => "not_started",
            MilestoneState::InProgress => "in_progress",
            MilestoneState::Done => "done",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

words!(MilestoneState {
    NotStarted => "Chưa triển khai" / "Not started",
    InProgress => "Đang thực hiện" / "In progress",
    Done => "Hoàn thành" / "Done",
});

/// What was measured: a number, or a milestone's state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reading {
    Value(f64),
    State(MilestoneState),
}

impl Reading {
    pub fn value(self) -> Option<f64> {
        match self {
            Reading::Value(v) => Some(v),
            Reading::State(_) => None,
        }
    }

    pub fn state(self) -> Option<MilestoneState> {
        match self {
            Reading::State(s) => Some(s),
            Reading::Value(_) => None,
        }
    }
}

/// One target's figure for one year and quality: what the progress methodology reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    pub year: i32,
    pub quality: Quality,
    pub reading: Reading,
}

/// A stored figure with its provenance: the area's (`Measurement`) or a unit's (`Measurement<UnitFigure>`).
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement<F = Figure> {
    pub target_code: String,
    pub figure: F,
    pub source: Option<String>,
    pub note: Option<String>,
    /// Grows by one on every change; a writer must name the revision it saw.
    pub revision: i32,
    pub changed_by: String,
    pub changed_at: chrono::NaiveDateTime,
    /// Where it stands in the approval workflow, and why it was returned or reopened last.
    pub approval: super::approval::Approval,
    pub approval_note: Option<String>,
}

/// How a change came in, kept in the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Form,
    Api,
    Import,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Form => "form",
            Channel::Api => "api",
            Channel::Import => "import",
        }
    }
}

/// The limits of data entry that are settings, not catalog facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryPolicy {
    /// Official figures arrive late: entry stays open this many years after a target's goal year.
    pub years_after_goal: i32,
    /// The longest `source` or `note`, in characters.
    pub max_text_chars: usize,
}

impl Default for EntryPolicy {
    fn default() -> Self {
        EntryPolicy {
            years_after_goal: 1,
            max_text_chars: 2000,
        }
    }
}

/// A figure as someone typed it, after each channel has parsed its own syntax.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub year: i32,
    pub quality: Option<Quality>,
    pub value: Option<f64>,
    pub state: Option<MilestoneState>,
    pub source: Option<String>,
    pub note: Option<String>,
}

/// A figure that passed every check: safe to store. The area's figures are `Entry`; a unit's, `Entry<UnitFigure>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<F = Figure> {
    pub figure: F,
    pub source: Option<String>,
    pub note: Option<String>,
}

/// What is wrong with an entered field, in words a statistician can act on (English and Vietnamese).
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Missing,
    UnknownTarget(String),
    NotAYear(String),
    YearOutOfRange {
        first: i32,
        last: i32,
    },
    UnknownQuality(String),
    NotANumber(String),
    NotFinite,
    BelowMinimum(f64),
    AboveMaximum(f64),
    NotWhole,
    ValueForMilestone,
    StateForNumber,
    UnknownState(String),
    TooLong(usize),
    /// A control character other than tab and newline (shown as its code point, `U+0000`).
    ControlCharacter(char),
    /// A unit's figure for a target whose area figure is not built from units.
    NoRollup,
    UnknownUnit(String),
    /// A unit's figure for a year the unit did not exist in.
    UnitNotInYear {
        unit: String,
        starts: Option<chrono::NaiveDate>,
        ends: Option<chrono::NaiveDate>,
    },
    /// A yes/no figure for a unit of a kind the roll-up does not count.
    UnitKindNotCounted {
        unit: String,
        kind: String,
    },
    NumeratorAboveDenominator,
    ZeroDenominator,
    /// A numerator or denominator on a row of the area's own figure.
    NeedsUnit,
    /// A unit's yes/no that is neither.
    NotYesNo(String),
    /// A box the target's roll-up does not take (a value beside a ratio's counts, counts beside a yes/no):
    /// what it takes instead, in Vietnamese and English.
    NotTakenByRollup {
        takes_vi: &'static str,
        takes_en: &'static str,
    },
}

impl Problem {
    /// The problem in Vietnamese and in English, side by side so neither is forgotten.
    fn said(&self) -> (String, String) {
        let both = |vi: &str, en: &str| (vi.to_string(), en.to_string());
        match self {
            Problem::Missing => both("bắt buộc phải nhập", "is required"),
            Problem::UnknownTarget(code) => (
                format!("không có chỉ tiêu mã {code:?}"),
                format!("no target has the code {code:?}"),
            ),
            Problem::NotAYear(text) => (
                format!("{text:?} không phải là năm"),
                format!("{text:?} is not a year"),
            ),
            Problem::YearOutOfRange { first, last } => (
                format!("năm phải từ {first} đến {last}"),
                format!("must be a year from {first} to {last}"),
            ),
            Problem::UnknownQuality(text) => (
                format!("{text:?} không phải loại số liệu (estimate: ước thực hiện, official: chính thức)"),
                format!("{text:?} is not a quality (estimate or official)"),
            ),
            Problem::NotANumber(text) => (
                format!("{text:?} không phải là số"),
                format!("{text:?} is not a number"),
            ),
            Problem::NotFinite => both("phải là một số hữu hạn", "must be a finite number"),
            Problem::BelowMinimum(min) => (
                format!("không được nhỏ hơn {min}"),
                format!("must be at least {min}"),
            ),
            Problem::AboveMaximum(max) => (
                format!("không được lớn hơn {max}"),
                format!("must be at most {max}"),
            ),
            Problem::NotWhole => both(
                "phải là số nguyên (chỉ tiêu đếm số lượng)",
                "must be a whole number (this target counts)",
            ),
            Problem::ValueForMilestone => both(
                "chỉ tiêu mốc chỉ nhận trạng thái, không nhận số",
                "a milestone takes a state, not a value",
            ),
            Problem::StateForNumber => both(
                "chỉ tiêu định lượng chỉ nhận số, không nhận trạng thái",
                "a numeric target takes a value, not a state",
            ),
            Problem::UnknownState(text) => (
                format!("{text:?} không phải trạng thái (not_started, in_progress, done)"),
                format!("{text:?} is not a state (not_started, in_progress or done)"),
            ),
            Problem::TooLong(max) => (
                format!("dài quá {max} ký tự"),
                format!("is longer than {max} characters"),
            ),
            Problem::NoRollup => both(
                "chỉ tiêu này không tổng hợp từ đơn vị: hãy nhập số của cả huyện",
                "this target is not rolled up from units: enter the area's own figure",
            ),
            Problem::UnknownUnit(code) => (
                format!("không có đơn vị mã {code:?}"),
                format!("no unit has the code {code:?}"),
            ),
            Problem::UnitNotInYear { unit, starts, ends } => {
                let span = |d: &Option<chrono::NaiveDate>, open: &str| {
                    d.map_or(open.to_string(), |d| d.to_string())
                };
                (
                    format!(
                        "đơn vị {unit} không tồn tại trong năm này (từ {} đến {})",
                        span(starts, "trước nhiệm kỳ"),
                        span(ends, "nay")
                    ),
                    format!(
                        "the unit {unit} did not exist in this year (valid from {} to {})",
                        span(starts, "before the term"),
                        span(ends, "now")
                    ),
                )
            }
            Problem::UnitKindNotCounted { unit, kind } => (
                format!("đơn vị {unit} thuộc loại {kind}, loại không được tính trong chỉ tiêu này"),
                format!("the unit {unit} is of kind {kind}, which this target does not count"),
            ),
            Problem::NumeratorAboveDenominator => both(
                "tử số không được lớn hơn mẫu số",
                "the numerator must not be above the denominator",
            ),
            Problem::ZeroDenominator => both("mẫu số phải lớn hơn 0", "the denominator must be above 0"),
            Problem::NeedsUnit => both(
                "chỉ dòng của một đơn vị (có unit_code) mới có tử số và mẫu số",
                "only a unit's row (with a unit_code) has a numerator and a denominator",
            ),
            Problem::NotTakenByRollup { takes_vi, takes_en } => (
                format!("chỉ tiêu này tổng hợp từ {takes_vi} của đơn vị: để trống ô này"),
                format!("this target rolls up the units' {takes_en}: leave this empty"),
            ),
            Problem::NotYesNo(text) => (
                format!("{text:?} không phải có/không: ghi yes (có) hoặc no (không)"),
                format!("{text:?} is not yes or no: write yes or no"),
            ),
            Problem::ControlCharacter(c) => {
                let code = u32::from(*c);
                (
                    format!("chứa ký tự điều khiển U+{code:04X}: chỉ được dùng tab và xuống dòng"),
                    format!("holds the control character U+{code:04X}: only tab and line breaks are allowed"),
                )
            }
        }
    }
}

impl Explained for Problem {
    fn message_vi(&self) -> String {
        self.said().0
    }

    fn message_en(&self) -> String {
        self.said().1
    }
}

/// `-0` as `0`: the two backends store a negative zero differently (PostgreSQL keeps the sign, SQLite does not),
/// and nobody means one.
pub fn unsigned_zero(value: f64) -> f64 {
    if value == 0.0 {
        0.0
    } else {
        value
    }
}

/// A problem and the field it is in.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub problem: Problem,
}

impl FieldProblem {
    pub fn new(field: &'static str, problem: Problem) -> Self {
        FieldProblem { field, problem }
    }

    /// The field's name as the reader knows it (English readers see the API's names).
    pub fn field_label(field: &str, lang: Lang) -> &str {
        match (lang, field) {
            (Lang::Vi, "value") => "giá trị",
            (Lang::Vi, "state") => "trạng thái",
            (Lang::Vi, "year") => "năm",
            (Lang::Vi, "quality") => "loại số liệu",
            (Lang::Vi, "source") => "nguồn",
            (Lang::Vi, "note") => "ghi chú",
            (_, other) => other,
        }
    }

    /// Every problem in words, "field: problem; field: problem".
    pub fn describe(problems: &[FieldProblem], lang: Lang) -> String {
        problems
            .iter()
            .map(|p| {
                format!(
                    "{}: {}",
                    Self::field_label(p.field, lang),
                    p.problem.message(lang)
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem.message_en())
    }
}

/// The years figures may be entered for: from the baseline to `years_after_goal` past the target's goal year.
pub fn entry_years(target: &Target, baseline_year: i32, policy: &EntryPolicy) -> (i32, i32) {
    (baseline_year, target.goal_year + policy.years_after_goal)
}

/// A year outside the years the target takes figures for, as the problem of the field `year`.
pub fn year_problem(
    target: &Target,
    baseline_year: i32,
    policy: &EntryPolicy,
    year: i32,
) -> Option<FieldProblem> {
    let (first, last) = entry_years(target, baseline_year, policy);
    (year < first || year > last)
        .then(|| FieldProblem::new("year", Problem::YearOutOfRange { first, last }))
}

/// Checks a draft against its target; every problem is returned, each naming its field.
pub fn check(
    target: &Target,
    baseline_year: i32,
    policy: &EntryPolicy,
    draft: Draft,
) -> Result<Entry, Vec<FieldProblem>> {
    let mut problems: Vec<FieldProblem> = year_problem(target, baseline_year, policy, draft.year)
        .into_iter()
        .collect();
    if draft.quality.is_none() {
        problems.push(FieldProblem::new("quality", Problem::Missing));
    }
    let reading = if target.kind() == TargetKind::Milestone {
        if draft.value.is_some() {
            problems.push(FieldProblem::new("value", Problem::ValueForMilestone));
        }
        match draft.state {
            Some(state) => Some(Reading::State(state)),
            None => {
                problems.push(FieldProblem::new("state", Problem::Missing));
                None
            }
        }
    } else {
        if draft.state.is_some() {
            problems.push(FieldProblem::new("state", Problem::StateForNumber));
        }
        match draft.value {
            None => {
                problems.push(FieldProblem::new("value", Problem::Missing));
                None
            }
            Some(value) => match value_problem(target, value) {
                Some(problem) => {
                    problems.push(FieldProblem::new("value", problem));
                    None
                }
                None => Some(Reading::Value(unsigned_zero(value))),
            },
        }
    };
    let (source, note) = source_and_note(draft.source, draft.note, policy, &mut problems);
    match (problems.is_empty(), draft.quality, reading) {
        (true, Some(quality), Some(reading)) => Ok(Entry {
            figure: Figure {
                year: draft.year,
                quality,
                reading,
            },
            source,
            note,
        }),
        _ => Err(problems),
    }
}

/// A figure's source and note, cleaned; what is wrong with either is added to `problems`.
pub fn source_and_note(
    source: Option<String>,
    note: Option<String>,
    policy: &EntryPolicy,
    problems: &mut Vec<FieldProblem>,
) -> (Option<String>, Option<String>) {
    let source = clean_optional(source.as_deref());
    let note = clean_optional(note.as_deref());
    for (field, text) in [("source", &source), ("note", &note)] {
        if let Some(problem) = text.as_deref().and_then(|t| text_problem(t, policy)) {
            problems.push(FieldProblem::new(field, problem));
        }
    }
    (source, note)
}

/// What is wrong with a cleaned text field, if anything: too long, or a control character in it.
pub fn text_problem(text: &str, policy: &EntryPolicy) -> Option<Problem> {
    if text.chars().count() > policy.max_text_chars {
        return Some(Problem::TooLong(policy.max_text_chars));
    }
    forbidden_control(text).map(Problem::ControlCharacter)
}

/// A year as a path or a cell writes it: one to four digits, nothing else (no sign, no spaces).
pub fn parse_year(text: &str) -> Option<i32> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn value_problem(target: &Target, value: f64) -> Option<Problem> {
    if !value.is_finite() {
        return Some(Problem::NotFinite);
    }
    let (min, max) = target.bounds();
    if let Some(min) = min.filter(|&min| value < min) {
        return Some(Problem::BelowMinimum(min));
    }
    if let Some(max) = max.filter(|&max| value > max) {
        return Some(Problem::AboveMaximum(max));
    }
    if target.whole && value.fract() != 0.0 {
        return Some(Problem::NotWhole);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Catalog;

    fn catalog() -> Catalog {
        crate::domain::catalog::shipped_for_tests()
    }

    fn draft(year: i32, value: Option<f64>, state: Option<MilestoneState>) -> Draft {
        Draft {
            year,
            quality: Some(Quality::Official),
            value,
            state,
            ..Draft::default()
        }
    }

    fn fields(result: Result<Entry, Vec<FieldProblem>>) -> Vec<String> {
        crate::domain::lang::texts(result)
    }

    #[test]
    fn a_valid_percentage_passes_with_cleaned_text() {
        let c = catalog();
        let t05 = c.target("T05").expect("T05");
        let mut d = draft(2024, Some(93.5), None);
        d.source = Some("  Cục Thống kê ".into());
        let entry = check(t05, 2020, &EntryPolicy::default(), d).expect("valid");
        assert_eq!(entry.figure.reading, Reading::Value(93.5));
        assert_eq!(entry.source.as_deref(), Some("Cục Thống kê"));
    }

    #[test]
    fn a_negative_zero_is_stored_as_zero_on_either_backend() {
        let c = catalog();
        let t01 = c.target("T01").expect("T01");
        let entry = check(
            t01,
            2020,
            &EntryPolicy::default(),
            draft(2024, Some(-0.0), None),
        )
        .expect("valid");
        let stored = entry.figure.reading.value().expect("a value");
        assert!(stored == 0.0 && stored.is_sign_positive(), "{stored:?}");
    }

    #[test]
    fn each_bad_field_is_named() {
        let c = catalog();
        let policy = EntryPolicy::default();
        let t05 = c.target("T05").expect("T05");
        assert_eq!(
            fields(check(t05, 2020, &policy, draft(2027, Some(50.0), None))),
            ["year: must be a year from 2020 to 2026"]
        );
        assert_eq!(
            fields(check(t05, 2020, &policy, draft(2024, Some(101.0), None))),
            ["value: must be at most 100"]
        );
        assert_eq!(
            fields(check(t05, 2020, &policy, draft(2024, Some(f64::NAN), None))),
            ["value: must be a finite number"]
        );
        let t15 = c.target("T15").expect("T15");
        assert_eq!(
            fields(check(t15, 2020, &policy, draft(2024, Some(120.5), None))),
            ["value: must be a whole number (this target counts)"]
        );
        assert_eq!(
            fields(check(t15, 2020, &policy, draft(2024, Some(-1.0), None))),
            ["value: must be at least 0"]
        );
        let t11 = c.target("T11").expect("T11");
        assert_eq!(
            fields(check(t11, 2020, &policy, draft(2024, Some(1.0), None))),
            [
                "value: a milestone takes a state, not a value",
                "state: is required"
            ]
        );
        assert_eq!(
            fields(check(
                t05,
                2020,
                &policy,
                draft(2024, Some(90.0), Some(MilestoneState::Done))
            )),
            ["state: a numeric target takes a value, not a state"]
        );
    }

    #[test]
    fn control_characters_in_text_are_refused_naming_the_field() {
        let c = catalog();
        let mut d = draft(2024, Some(90.0), None);
        d.note = Some("ghi chú\u{0}".into());
        d.source = Some("Cục\tThống kê\r\nhuyện".into());
        let t05 = c.target("T05").expect("T05");
        assert_eq!(
            fields(check(t05, 2020, &EntryPolicy::default(), d)),
            ["note: holds the control character U+0000: only tab and line breaks are allowed"]
        );
    }

    #[test]
    fn huge_values_are_refused_for_every_numeric_target() {
        let c = catalog();
        let policy = EntryPolicy::default();
        for t in c
            .targets
            .iter()
            .filter(|t| t.kind() != TargetKind::Milestone)
        {
            for v in [f64::MAX, 1.65e308, -1.7e308, 1e16] {
                let problems = fields(check(t, 2020, &policy, draft(2024, Some(v), None)));
                assert_eq!(problems.len(), 1, "{} {v}: {problems:?}", t.code);
                assert!(problems[0].starts_with("value: must be at"), "{problems:?}");
            }
        }
    }

    #[test]
    fn years_are_digits_only() {
        assert_eq!(parse_year("2024"), Some(2024));
        for bad in ["+2024", "-2024", " 2024", "2024 ", "20245", "", "２０２４"] {
            assert_eq!(parse_year(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn long_notes_are_refused() {
        let c = catalog();
        let mut d = draft(2024, Some(90.0), None);
        d.note = Some("ư".repeat(2001));
        assert_eq!(
            fields(check(
                c.target("T05").expect("T05"),
                2020,
                &EntryPolicy::default(),
                d
            )),
            ["note: is longer than 2000 characters"]
        );
    }
}

//! A resolution's catalog: its targets and breakthrough tasks, read from TOML and checked before anything uses it.
//! The model is here; the file's shape in `file`, the checks in `checks`, editing by entry in `edits`.

mod checks;
mod edits;
mod file;

use std::fmt;

use serde::{Deserialize, Serialize};

use super::lang::{said, Lang, Said};
use super::units::{Area, Rollup, Unit, UnitChange};

/// What a target asks for (progress-methodology.md, "kinds").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    ReachByDeadline,
    EveryYear,
    AverageGrowth,
    Milestone,
}

impl TargetKind {
    pub const ALL: [TargetKind; 4] = [
        TargetKind::ReachByDeadline,
        TargetKind::EveryYear,
        TargetKind::AverageGrowth,
        TargetKind::Milestone,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::ReachByDeadline => "reach_by_deadline",
            TargetKind::EveryYear => "every_year",
            TargetKind::AverageGrowth => "average_growth",
            TargetKind::Milestone => "milestone",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// The comparison a figure must pass; its direction says whether higher or lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub enum Comparator {
    #[serde(rename = ">")]
    Greater,
    #[serde(rename = ">=")]
    GreaterOrEqual,
    #[serde(rename = "<")]
    Less,
    #[serde(rename = "<=")]
    LessOrEqual,
}

impl Comparator {
    pub const ALL: [Comparator; 4] = [
        Comparator::Greater,
        Comparator::GreaterOrEqual,
        Comparator::Less,
        Comparator::LessOrEqual,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::Greater => ">",
            Comparator::GreaterOrEqual => ">=",
            Comparator::Less => "<",
            Comparator::LessOrEqual => "<=",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// The form printed for people ("≥ 95").
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Greater => ">",
            Comparator::GreaterOrEqual => "≥",
            Comparator::Less => "<",
            Comparator::LessOrEqual => "≤",
        }
    }

    /// `value comparator goal`.
    pub fn meets(self, value: f64, goal: f64) -> bool {
        match self {
            Comparator::Greater => value > goal,
            Comparator::GreaterOrEqual => value >= goal,
            Comparator::Less => value < goal,
            Comparator::LessOrEqual => value <= goal,
        }
    }
}

/// A numeric goal: `value comparator goal`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Goal {
    pub comparator: Comparator,
    pub value: f64,
}

/// A target's kind with the goal it needs: a numeric kind always has one, a milestone never.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    ReachByDeadline(Goal),
    EveryYear(Goal),
    AverageGrowth(Goal),
    Milestone,
}

impl Rule {
    /// Builds the rule from the catalog's separate fields, saying what is missing or not allowed.
    pub fn from_parts(
        kind: TargetKind,
        comparator: Option<Comparator>,
        goal: Option<f64>,
    ) -> Result<Self, Said> {
        if kind == TargetKind::Milestone {
            return match (comparator, goal) {
                (None, None) => Ok(Rule::Milestone),
                (Some(_), _) => Err(said(
                    "comparator: mốc hoàn thành không có phép so sánh",
                    "a milestone takes no comparator",
                )),
                (None, Some(_)) => Err(said(
                    "goal: mốc hoàn thành không có giá trị mục tiêu",
                    "a milestone takes no goal",
                )),
            };
        }
        let k = kind.as_str();
        let comparator = comparator.ok_or_else(|| {
            said(
                format!("comparator: loại {k} cần phép so sánh"),
                format!("kind {k} needs a comparator"),
            )
        })?;
        let value = goal.ok_or_else(|| {
            said(
                format!("goal: loại {k} cần giá trị mục tiêu"),
                format!("kind {k} needs a goal"),
            )
        })?;
        if !value.is_finite() || value.abs() > MAX_MAGNITUDE {
            return Err(said(
                format!("goal phải là một số hữu hạn, độ lớn không quá {MAX_MAGNITUDE:e}"),
                format!("goal must be a finite number of at most {MAX_MAGNITUDE:e} in magnitude"),
            ));
        }
        let goal = Goal { comparator, value };
        Ok(match kind {
            TargetKind::ReachByDeadline => Rule::ReachByDeadline(goal),
            TargetKind::EveryYear => Rule::EveryYear(goal),
            TargetKind::AverageGrowth => Rule::AverageGrowth(goal),
            TargetKind::Milestone => Rule::Milestone,
        })
    }

    pub fn kind(&self) -> TargetKind {
        match self {
            Rule::ReachByDeadline(_) => TargetKind::ReachByDeadline,
            Rule::EveryYear(_) => TargetKind::EveryYear,
            Rule::AverageGrowth(_) => TargetKind::AverageGrowth,
            Rule::Milestone => TargetKind::Milestone,
        }
    }

    pub fn goal(&self) -> Option<Goal> {
        match *self {
            Rule::ReachByDeadline(g) | Rule::EveryYear(g) | Rule::AverageGrowth(g) => Some(g),
            Rule::Milestone => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    pub code: String,
    pub title_vi: String,
    pub title_en: String,
    pub baseline_year: i32,
    /// The default goal year of its targets.
    pub goal_year: i32,
    /// When each year's figures are due.
    pub calendar: crate::domain::calendar::Calendar,
    /// Which figures its dashboard counts: all (unapproved ones marked) or approved ones alone.
    pub counting: crate::domain::approval::Counting,
}

/// The shipped Cẩm Giàng catalog, for unit tests across the crate.
#[cfg(test)]
pub fn shipped_for_tests() -> Catalog {
    Catalog::from_toml(include_str!(
        "../../../assets/catalogs/cam-giang-2020-2025.toml"
    ))
    .expect("the shipped catalog is valid")
}

/// How far past the goal year a resolution may still be assessed (`as_of`): late official figures and the
/// review of the term come after it.
pub const YEARS_ASSESSABLE_AFTER_GOAL: i32 = 10;

impl Resolution {
    /// The years a reader may assess the resolution as of: the baseline year to ten years past the goal year.
    /// The API, the pages, the report pack and the CLI all check `as_of` against this one range.
    pub fn assessable_years(&self) -> std::ops::RangeInclusive<i32> {
        self.baseline_year..=self.goal_year + YEARS_ASSESSABLE_AFTER_GOAL
    }

    /// The year a resolution is assessed as of when none is asked for (methodology v2): this year, but never
    /// past the goal year, so a term that has ended opens on its final assessment.
    pub fn default_as_of(&self, this_year: i32) -> i32 {
        this_year.min(self.goal_year).max(self.baseline_year)
    }

    /// Whether a term is over as of a year (its final assessment).
    pub fn ended(&self, as_of: i32) -> bool {
        as_of >= self.goal_year
    }

    /// The years the dashboard offers to choose from: the term and the year after it, and the chosen year
    /// when it lies further on.
    pub fn year_choices(&self, as_of: i32) -> std::ops::RangeInclusive<i32> {
        let assessable = self.assessable_years();
        let last = (self.goal_year + 1).max(as_of).min(*assessable.end());
        *assessable.start()..=last
    }
}

/// A heading targets are grouped under (economy, society, ...).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub code: String,
    pub title_vi: String,
    pub title_en: String,
}

/// One of a resolution's breakthrough tasks (nhiệm vụ đột phá).
#[derive(Debug, Clone, PartialEq)]
pub struct Breakthrough {
    pub code: String,
    pub title_vi: String,
    pub title_en: String,
    pub source_text_vi: Option<String>,
}

/// One main target (mục tiêu chủ yếu).
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub code: String,
    pub group: String,
    pub title_vi: String,
    pub title_en: String,
    /// The resolution's own wording.
    pub source_text_vi: String,
    pub rule: Rule,
    pub goal_year: i32,
    pub unit_vi: String,
    pub unit_en: String,
    pub breakthrough: Option<String>,
    /// Bounds for entered values as the catalog gives them; see [`Target::bounds`].
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// A count: entered values must be whole numbers.
    pub whole: bool,
    /// How the area's figure is built from its units' figures.
    pub rollup: Rollup,
    /// The target of an earlier term this one continues: `resolution/target` ("cam-giang-2020-2025/T01").
    pub continues: Option<String>,
    /// What a unit's two counts are, for a `ratio` roll-up ("số hộ đạt gia đình văn hóa" / "tổng số hộ").
    pub counts: CountWords,
    /// Who answers for it: the lead agency and those that co-operate, by code.
    pub agencies: TargetAgencies,
}

/// A target's lead agency (cơ quan chủ trì) and co-operating ones, by code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TargetAgencies {
    pub lead: Option<String>,
    pub co: Vec<String>,
}

impl TargetAgencies {
    /// Whether the agency leads or co-operates on the target.
    pub fn includes(&self, agency: &str) -> bool {
        self.lead.as_deref() == Some(agency) || self.co.iter().any(|c| c == agency)
    }
}

/// An office that answers for targets: the statistics office, the finance office, …
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
}

/// The words for a ratio's numerator and denominator in both languages; empty when the catalog gives none (the
/// pages then say "tử số" and "mẫu số").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountWords {
    pub numerator_vi: String,
    pub numerator_en: String,
    pub denominator_vi: String,
    pub denominator_en: String,
}

impl CountWords {
    /// The numerator's words in `lang` (the other language's when one is missing), if the catalog gives any.
    pub fn numerator(&self, lang: Lang) -> Option<&str> {
        either(lang, &self.numerator_vi, &self.numerator_en)
    }

    /// The denominator's words in `lang` (the other language's when one is missing), if the catalog gives any.
    pub fn denominator(&self, lang: Lang) -> Option<&str> {
        either(lang, &self.denominator_vi, &self.denominator_en)
    }

    pub fn is_empty(&self) -> bool {
        self.fields().iter().all(|(_, t)| t.is_empty())
    }

    /// Each field's name (as in the catalog file) and text.
    pub fn fields(&self) -> [(&'static str, &str); 4] {
        [
            ("numerator_vi", &self.numerator_vi),
            ("numerator_en", &self.numerator_en),
            ("denominator_vi", &self.denominator_vi),
            ("denominator_en", &self.denominator_en),
        ]
    }
}

fn either<'a>(lang: Lang, vi: &'a str, en: &'a str) -> Option<&'a str> {
    let (first, second) = match lang {
        Lang::Vi => (vi, en),
        Lang::En => (en, vi),
    };
    [first, second].into_iter().find(|t| !t.is_empty())
}

impl Target {
    pub fn kind(&self) -> TargetKind {
        self.rule.kind()
    }

    /// The resolution and target this one continues, if any.
    pub fn continued(&self) -> Option<(&str, &str)> {
        self.continues.as_deref()?.split_once('/')
    }

    pub fn is_percent(&self) -> bool {
        self.unit_vi.trim_start().starts_with('%')
    }

    /// The bounds entered values must keep: the catalog's, else 0..100 for percentages, else 0.. for counts;
    /// and never past ±[`MAX_MAGNITUDE`], whatever the catalog says.
    pub fn bounds(&self) -> (Option<f64>, Option<f64>) {
        let (default_min, default_max) = if self.is_percent() {
            (Some(0.0), Some(100.0))
        } else if self.whole {
            (Some(0.0), None)
        } else {
            (None, None)
        };
        let min = self.min.or(default_min).unwrap_or(-MAX_MAGNITUDE);
        let max = self.max.or(default_max).unwrap_or(MAX_MAGNITUDE);
        (Some(min.max(-MAX_MAGNITUDE)), Some(max.min(MAX_MAGNITUDE)))
    }
}

const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// The largest magnitude any figure, goal or bound may have: a quadrillion, far past any district's or
/// country's figure in any unit, and far from where floating point stops resolving an axis (a value near
/// `f64::MAX` once made the chart renderer loop forever).
pub const MAX_MAGNITUDE: f64 = 1e15;

/// A whole resolution as loaded from one catalog file.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    pub resolution: Resolution,
    pub groups: Vec<Group>,
    pub breakthroughs: Vec<Breakthrough>,
    pub targets: Vec<Target>,
    /// The area the resolution covers, its units and how they changed (empty when the catalog has none).
    pub area: Option<Area>,
    pub units: Vec<Unit>,
    pub changes: Vec<UnitChange>,
    /// The offices that answer for targets.
    pub agencies: Vec<Agency>,
    /// What an administrator retired: kept with its figures and history, no longer shown, entered or counted.
    pub retired: Retired,
}

/// A catalog's retired groups, breakthroughs and targets (the file marks them `retired = true`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Retired {
    pub groups: Vec<Group>,
    pub breakthroughs: Vec<Breakthrough>,
    pub targets: Vec<Target>,
}

/// One thing wrong with a catalog, named by its entry ("target T03") so an administrator can find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogProblem {
    pub entry: String,
    /// What is wrong, in English (as `catalog load` prints it).
    pub message: String,
    /// The same in Vietnamese (as the catalog's pages show it).
    pub message_vi: String,
}

impl CatalogProblem {
    fn new(entry: String, said: Said) -> CatalogProblem {
        CatalogProblem {
            entry,
            message: said.en.into_owned(),
            message_vi: said.vi.into_owned(),
        }
    }

    /// What is wrong, in the reader's language.
    pub fn said(&self, lang: Lang) -> &str {
        lang.pick(&self.message_vi, &self.message)
    }
}

impl fmt::Display for CatalogProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.entry, self.message)
    }
}

/// Every problem found in a catalog; nothing is loaded while there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct CatalogErrors(pub Vec<CatalogProblem>);

impl fmt::Display for CatalogErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl Catalog {
    /// The years figures and assessments may be entered for: the baseline year to `years_after_goal` past the
    /// latest goal year (official figures arrive late).
    pub fn entry_years(&self, years_after_goal: i32) -> std::ops::RangeInclusive<i32> {
        let r = &self.resolution;
        let last_goal = self
            .targets
            .iter()
            .map(|t| t.goal_year)
            .max()
            .unwrap_or(r.goal_year);
        r.baseline_year..=last_goal + years_after_goal
    }

    pub fn target(&self, code: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.code == code)
    }

    /// The agency with this code, if the catalog has it.
    pub fn agency(&self, code: &str) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.code == code)
    }

    /// The targets a unit reports on: those rolled up from units, and from units of its kind.
    pub fn targets_of_unit(&self, unit: &Unit) -> Vec<&Target> {
        self.targets
            .iter()
            .filter(|t| t.rollup != Rollup::None)
            .filter(|t| {
                let kinds = t.rollup.counted_kinds();
                kinds.is_empty() || kinds.contains(&unit.kind)
            })
            .collect()
    }

    /// The unit with this code, if the area has it.
    pub fn unit(&self, code: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.code == code)
    }

    pub fn breakthrough(&self, code: &str) -> Option<&Breakthrough> {
        self.breakthroughs.iter().find(|b| b.code == code)
    }

    /// The group's title, or its code where the catalog lists no groups.
    pub fn group(&self, code: &str) -> Group {
        self.groups
            .iter()
            .find(|g| g.code == code)
            .cloned()
            .unwrap_or_else(|| Group {
                code: code.to_string(),
                title_vi: code.to_string(),
                title_en: code.to_string(),
            })
    }

    /// Group codes in catalog order: the listed groups first, then any others targets use.
    pub fn group_codes(&self) -> Vec<String> {
        let mut codes: Vec<String> = self.groups.iter().map(|g| g.code.clone()).collect();
        for t in &self.targets {
            if !codes.contains(&t.group) {
                codes.push(t.group.clone());
            }
        }
        codes
    }

    /// The targets linked to a breakthrough task, in catalog order.
    pub fn linked_targets<'a>(
        &'a self,
        breakthrough: &'a str,
    ) -> impl Iterator<Item = &'a Target> + 'a {
        self.targets
            .iter()
            .filter(move |t| t.breakthrough.as_deref() == Some(breakthrough))
    }
}

/// Entries each with whether it is retired, parted into those in use and those retired (each in its order):
/// the inverse of [`listed`].
pub fn parted<T>(entries: impl IntoIterator<Item = (T, bool)>) -> (Vec<T>, Vec<T>) {
    let (mut in_use, mut retired) = (Vec::new(), Vec::new());
    for (entry, is_retired) in entries {
        match is_retired {
            true => retired.push(entry),
            false => in_use.push(entry),
        }
    }
    (in_use, retired)
}

/// The entries in use, then the retired ones, each with whether it is retired.
pub fn listed<'a, T>(
    active: &'a [T],
    retired: &'a [T],
) -> impl Iterator<Item = (&'a T, bool)> + 'a {
    active
        .iter()
        .map(|x| (x, false))
        .chain(retired.iter().map(|x| (x, true)))
}

#[cfg(test)]
mod tests;

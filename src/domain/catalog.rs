//! A resolution's catalog: its targets and breakthrough tasks, read from TOML and checked before anything uses it.

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::entry_kind::EntryKind;
use super::lang::{said, Lang, Said};
use super::text::{clean, clean_optional, excerpt, forbidden_control, TEXT_CHARS};
use super::units::{unit_problems, Area, ChangeKind, Rollup, Unit, UnitChange};
use chrono::NaiveDate;

/// What a target asks for (progress-methodology.md, "kinds").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
}

/// The shipped Cẩm Giàng catalog, for unit tests across the crate.
#[cfg(test)]
pub fn shipped_for_tests() -> Catalog {
    Catalog::from_toml(include_str!(
        "../../assets/catalogs/cam-giang-2020-2025.toml"
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
}

impl Target {
    pub fn kind(&self) -> TargetKind {
        self.rule.kind()
    }

    /// A unit that starts with "%" is a percentage.
    /// The target as its catalog file entry (its goal year only when it is not the resolution's).
    fn entry(&self, resolution_goal_year: i32) -> TargetEntry {
        let goal = self.rule.goal();
        TargetEntry {
            code: self.code.clone(),
            group: self.group.clone(),
            title_vi: self.title_vi.clone(),
            title_en: self.title_en.clone(),
            source_text_vi: self.source_text_vi.clone(),
            kind: self.kind().as_str().to_string(),
            comparator: goal.map(|g| g.comparator.as_str().to_string()),
            goal: goal.map(|g| g.value),
            goal_year: (self.goal_year != resolution_goal_year).then_some(self.goal_year),
            unit_vi: self.unit_vi.clone(),
            unit_en: self.unit_en.clone(),
            breakthrough: self.breakthrough.clone(),
            min: self.min,
            max: self.max,
            whole: self.whole,
            rollup: (self.rollup != Rollup::None).then(|| self.rollup.as_str().to_string()),
            counted_kinds: self.rollup.counted_kinds().to_vec(),
            continues: self.continues.clone(),
            retired: false,
        }
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

// The file's shape, before checking. Unknown keys are refused so a typo ("gaol") is not silently ignored.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    resolution: ResolutionEntry,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    groups: Vec<GroupEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    breakthroughs: Vec<BreakthroughEntry>,
    #[serde(default)]
    targets: Vec<TargetEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    area: Option<AreaEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    units: Vec<UnitEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    changes: Vec<ChangeEntry>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct AreaEntry {
    code: String,
    name_vi: String,
    name_en: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    ends: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct UnitEntry {
    code: String,
    name_vi: String,
    name_en: String,
    kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    starts: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ends: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct ChangeEntry {
    date: String,
    kind: String,
    before: Vec<String>,
    after: Vec<String>,
    #[serde(default)]
    basis: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    date_is_reading: bool,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct ResolutionEntry {
    code: String,
    title_vi: String,
    title_en: String,
    baseline_year: i32,
    goal_year: i32,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct GroupEntry {
    code: String,
    title_vi: String,
    title_en: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    retired: bool,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct BreakthroughEntry {
    code: String,
    title_vi: String,
    title_en: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_text_vi: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    retired: bool,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct TargetEntry {
    code: String,
    group: String,
    title_vi: String,
    title_en: String,
    #[serde(default)]
    source_text_vi: String,
    kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    comparator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    goal: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    goal_year: Option<i32>,
    #[serde(default)]
    unit_vi: String,
    #[serde(default)]
    unit_en: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    breakthrough: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<f64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    whole: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    rollup: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    counted_kinds: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    continues: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    retired: bool,
}

const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

impl Catalog {
    /// Reads and checks a catalog file's text. Every problem is reported, not just the first.
    pub fn from_toml(text: &str) -> Result<Catalog, CatalogErrors> {
        let file: CatalogFile = toml::from_str(text).map_err(unreadable)?;
        Catalog::from_file(file)
    }

    /// Checks a catalog file's shape as `from_toml` does.
    fn from_file(file: CatalogFile) -> Result<Catalog, CatalogErrors> {
        let (groups, retired_groups) = parted(file.groups.into_iter().map(|g| {
            let group = Group {
                code: clean(&g.code),
                title_vi: clean(&g.title_vi),
                title_en: clean(&g.title_en),
            };
            (group, g.retired)
        }));
        let (breakthroughs, retired_breakthroughs) =
            parted(file.breakthroughs.into_iter().map(|b| {
                let breakthrough = Breakthrough {
                    code: clean(&b.code),
                    title_vi: clean(&b.title_vi),
                    title_en: clean(&b.title_en),
                    source_text_vi: clean_optional(b.source_text_vi.as_deref()),
                };
                (breakthrough, b.retired)
            }));
        let retired = Retired {
            groups: retired_groups,
            breakthroughs: retired_breakthroughs,
            targets: Vec::new(),
        };
        let catalog = Catalog {
            resolution: Resolution {
                code: clean(&file.resolution.code),
                title_vi: clean(&file.resolution.title_vi),
                title_en: clean(&file.resolution.title_en),
                baseline_year: file.resolution.baseline_year,
                goal_year: file.resolution.goal_year,
            },
            groups,
            breakthroughs,
            targets: Vec::new(),
            area: None,
            units: Vec::new(),
            changes: Vec::new(),
            retired,
        };
        let mut problems = Vec::new();
        let (area, units, changes) =
            units_from_file(file.area, file.units, file.changes, &mut problems);
        let catalog = Catalog {
            area,
            units,
            changes,
            ..catalog
        };
        let mut read = Vec::new();
        for entry in file.targets {
            let code = clean(&entry.code);
            let is_retired = entry.retired;
            match target_from_entry(entry, &catalog.resolution) {
                Ok(target) => read.push((target, is_retired)),
                Err(message) => {
                    problems.push(CatalogProblem::new(format!("target {code}"), message))
                }
            }
        }
        let (targets, retired_targets) = parted(read);
        let retired = Retired {
            targets: retired_targets,
            ..catalog.retired
        };
        let catalog = Catalog {
            targets,
            retired,
            ..catalog
        };
        problems.extend(catalog.problems());
        if problems.is_empty() {
            Ok(catalog)
        } else {
            Err(CatalogErrors(problems))
        }
    }

    /// A new resolution's catalog, from its entry as the file writes it (no groups or targets yet).
    pub fn new_resolution(entry: toml::Table) -> Result<Catalog, CatalogErrors> {
        let mut file = toml::Table::new();
        file.insert("resolution".into(), toml::Value::Table(entry));
        Catalog::from_table(file)
    }

    /// The entry of `kind` with `code`, as the catalog file writes it (`None` when there is none).
    pub fn entry_table(&self, kind: EntryKind, code: &str) -> Option<toml::Table> {
        let mut file = self.table().ok()?;
        if kind == EntryKind::Resolution {
            if code != self.resolution.code {
                return None;
            }
            return match file.remove("resolution") {
                Some(toml::Value::Table(t)) => Some(t),
                _ => None,
            };
        }
        let Some(toml::Value::Array(items)) = file.remove(kind.segment()) else {
            return None;
        };
        items.into_iter().find_map(|item| match item {
            toml::Value::Table(t) if code_of(&t) == Some(code) => Some(t),
            _ => None,
        })
    }

    /// The catalog with `entry` added (`adding`: its code must be new) or put in place of the entry with its
    /// code (which keeps its place and whether it is retired), checked as `catalog load` checks a file.
    pub fn with_entry(
        &self,
        kind: EntryKind,
        mut entry: toml::Table,
        adding: bool,
    ) -> Result<Catalog, CatalogErrors> {
        let mut file = self.table()?;
        let code = entry
            .get("code")
            .and_then(|c| c.as_str())
            .unwrap_or("")
            .to_string();
        if kind == EntryKind::Resolution {
            entry.insert("code".into(), self.resolution.code.clone().into());
            file.insert("resolution".into(), toml::Value::Table(entry));
            return Catalog::from_table(file);
        }
        let list = file
            .entry(kind.segment())
            .or_insert_with(|| toml::Value::Array(Vec::new()));
        let Some(items) = list.as_array_mut() else {
            return Err(entry_problem(
                kind,
                &code,
                "file",
                "không đọc được",
                "cannot be read",
            ));
        };
        let at = items
            .iter()
            .position(|item| item.as_table().and_then(code_of) == Some(code.as_str()));
        match (at, adding) {
            (Some(_), true) => {
                return Err(CatalogErrors(vec![CatalogProblem::new(
                    kind.entry(&code),
                    duplicate_code(),
                )]))
            }
            (None, false) => return Err(no_such_entry(kind, &code)),
            (None, true) => items.push(toml::Value::Table(entry)),
            (Some(i), false) => {
                if let Some(retired) = items[i].get("retired").cloned() {
                    entry.insert("retired".into(), retired);
                }
                items[i] = toml::Value::Table(entry);
            }
        }
        Catalog::from_table(file)
    }

    /// The catalog with the entry of `kind` and `code` retired (or restored), checked as `catalog load` checks a
    /// file: a group with targets in it, or a breakthrough with targets linked to it, is not retired.
    pub fn with_retired(
        &self,
        kind: EntryKind,
        code: &str,
        retired: bool,
    ) -> Result<Catalog, CatalogErrors> {
        let mut file = self.table()?;
        let items = match file.get_mut(kind.segment()) {
            Some(toml::Value::Array(items)) if kind.retires() => items,
            _ => return Err(no_such_entry(kind, code)),
        };
        let Some(at) = items
            .iter()
            .position(|item| item.as_table().and_then(code_of) == Some(code))
        else {
            return Err(no_such_entry(kind, code));
        };
        // Last of its list, as `file()` writes a newly retired entry and a restored one.
        let mut entry = items.remove(at);
        if let Some(table) = entry.as_table_mut() {
            match retired {
                true => table.insert("retired".into(), toml::Value::Boolean(true)),
                false => table.remove("retired"),
            };
        }
        items.push(entry);
        Catalog::from_table(file)
    }

    /// The catalog in its file's shape, as a TOML table.
    fn table(&self) -> Result<toml::Table, CatalogErrors> {
        toml::Table::try_from(self.file()).map_err(|e| {
            let e = e.to_string();
            CatalogErrors(vec![CatalogProblem::new("file".into(), said(e.clone(), e))])
        })
    }

    /// Reads and checks a catalog file's table, as [`Catalog::from_toml`] reads its text.
    fn from_table(table: toml::Table) -> Result<Catalog, CatalogErrors> {
        let file: CatalogFile = toml::Value::Table(table).try_into().map_err(unreadable)?;
        Catalog::from_file(file)
    }

    /// The catalog as a file `from_toml` reads back to the same catalog (`catalog export`).
    pub fn to_toml(&self) -> Result<String, String> {
        toml::to_string(&self.file()).map_err(|e| e.to_string())
    }

    /// The catalog in its file's shape.
    fn file(&self) -> CatalogFile {
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        let r = &self.resolution;
        CatalogFile {
            resolution: ResolutionEntry {
                code: r.code.clone(),
                title_vi: r.title_vi.clone(),
                title_en: r.title_en.clone(),
                baseline_year: r.baseline_year,
                goal_year: r.goal_year,
            },
            groups: listed(&self.groups, &self.retired.groups)
                .map(|(g, retired)| GroupEntry {
                    code: g.code.clone(),
                    title_vi: g.title_vi.clone(),
                    title_en: g.title_en.clone(),
                    retired,
                })
                .collect(),
            breakthroughs: listed(&self.breakthroughs, &self.retired.breakthroughs)
                .map(|(b, retired)| BreakthroughEntry {
                    code: b.code.clone(),
                    title_vi: b.title_vi.clone(),
                    title_en: b.title_en.clone(),
                    source_text_vi: b.source_text_vi.clone(),
                    retired,
                })
                .collect(),
            targets: listed(&self.targets, &self.retired.targets)
                .map(|(t, retired)| TargetEntry {
                    retired,
                    ..t.entry(r.goal_year)
                })
                .collect(),
            area: self.area.as_ref().map(|a| AreaEntry {
                code: a.code.clone(),
                name_vi: a.name_vi.clone(),
                name_en: a.name_en.clone(),
                ends: day(a.ends),
            }),
            units: self
                .units
                .iter()
                .map(|u| UnitEntry {
                    code: u.code.clone(),
                    name_vi: u.name_vi.clone(),
                    name_en: u.name_en.clone(),
                    kind: u.kind.clone(),
                    starts: day(u.starts),
                    ends: day(u.ends),
                })
                .collect(),
            changes: self
                .changes
                .iter()
                .map(|c| ChangeEntry {
                    date: c.date.to_string(),
                    kind: c.kind.as_str().to_string(),
                    before: c.before.clone(),
                    after: c.after.clone(),
                    basis: c.basis.clone(),
                    date_is_reading: c.date_is_reading,
                })
                .collect(),
        }
    }

    /// Every entry's fields as the catalog file writes them ("target T03" → [("title_vi", "…"), …]): what the
    /// catalog's history compares when a file changes the catalog.
    pub fn entry_texts(&self) -> Vec<(String, Vec<(String, String)>)> {
        fn texts(entry: &impl Serialize) -> Vec<(String, String)> {
            let Ok(toml::Value::Table(table)) = toml::Value::try_from(entry) else {
                return Vec::new();
            };
            table
                .into_iter()
                .map(|(k, v)| {
                    let text = match v {
                        toml::Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (k, text)
                })
                .collect()
        }
        let file = self.file();
        let mut out = vec![("resolution".to_string(), texts(&file.resolution))];
        out.extend(
            file.targets
                .iter()
                .map(|t| (format!("target {}", t.code), texts(t))),
        );
        out.extend(
            file.groups
                .iter()
                .map(|g| (format!("group {}", g.code), texts(g))),
        );
        out.extend(
            file.breakthroughs
                .iter()
                .map(|b| (format!("breakthrough {}", b.code), texts(b))),
        );
        out
    }

    /// Cross-entry checks: codes unique, references known, years in order.
    pub fn problems(&self) -> Vec<CatalogProblem> {
        let mut problems = Vec::new();
        let mut report =
            |entry: String, said: Said| problems.push(CatalogProblem::new(entry, said));
        let r = &self.resolution;
        if !is_code(&r.code) {
            let code = excerpt(&r.code, 40);
            report(
                "resolution".into(),
                said(
                    format!("code: mã {code:?} chỉ gồm chữ cái không dấu, chữ số, '-', '_' hoặc '.', tối đa 64 ký tự"),
                    format!("code {code:?} must be letters, digits, '-', '_' or '.'"),
                ),
            );
        }
        if r.title_vi.is_empty() || r.title_en.is_empty() {
            report("resolution".into(), empty_title());
        }
        if !YEARS.contains(&r.baseline_year) || !YEARS.contains(&r.goal_year) {
            report(
                "resolution".into(),
                said(
                    "baseline_year và goal_year phải là năm từ 1900 đến 2200",
                    "baseline_year and goal_year must be years between 1900 and 2200",
                ),
            );
        } else if r.goal_year <= r.baseline_year {
            report(
                "resolution".into(),
                goal_year_early(r.goal_year, r.baseline_year),
            );
        }

        let mut seen = HashSet::new();
        for (g, _) in listed(&self.groups, &self.retired.groups) {
            if !is_code(&g.code) {
                report(format!("group {}", g.code), bad_code());
            }
            if !seen.insert(g.code.to_lowercase()) {
                report(format!("group {}", g.code), duplicate_code());
            }
            if g.title_vi.is_empty() || g.title_en.is_empty() {
                report(format!("group {}", g.code), empty_title());
            }
        }
        let mut seen = HashSet::new();
        for (b, _) in listed(&self.breakthroughs, &self.retired.breakthroughs) {
            if !is_code(&b.code) {
                report(format!("breakthrough {}", b.code), bad_code());
            }
            if !seen.insert(b.code.to_lowercase()) {
                report(format!("breakthrough {}", b.code), duplicate_code());
            }
            if b.title_vi.is_empty() || b.title_en.is_empty() {
                report(format!("breakthrough {}", b.code), empty_title());
            }
        }
        for g in &self.retired.groups {
            let inside: Vec<&str> = self
                .targets
                .iter()
                .filter(|t| t.group == g.code)
                .map(|t| t.code.as_str())
                .collect();
            if !inside.is_empty() {
                let codes = inside.join(", ");
                report(
                    format!("group {}", g.code),
                    said(
                        format!("retired: nhóm còn các chỉ tiêu {codes}, hãy chuyển hoặc thôi theo dõi chúng trước"),
                        format!("retired: targets {codes} are still in the group; move or retire them first"),
                    ),
                );
            }
        }
        for b in &self.retired.breakthroughs {
            let linked: Vec<&str> = self
                .linked_targets(&b.code)
                .map(|t| t.code.as_str())
                .collect();
            if !linked.is_empty() {
                let codes = linked.join(", ");
                report(
                    format!("breakthrough {}", b.code),
                    said(
                        format!("retired: các chỉ tiêu {codes} còn gắn với nhiệm vụ này, hãy bỏ liên kết trước"),
                        format!("retired: targets {codes} are still linked to it; unlink them first"),
                    ),
                );
            }
        }
        let mut seen = HashSet::new();
        for t in &self.retired.targets {
            if !seen.insert(t.code.to_lowercase()) {
                report(format!("target {}", t.code), duplicate_code());
            }
        }
        let known_group =
            |code: &str| listed(&self.groups, &self.retired.groups).any(|(g, _)| g.code == code);
        for t in &self.targets {
            let entry = format!("target {}", t.code);
            if !seen.insert(t.code.to_lowercase()) {
                report(entry.clone(), duplicate_code());
            }
            if !self.groups.is_empty() && !known_group(&t.group) {
                let g = excerpt(&t.group, 40);
                report(
                    entry.clone(),
                    said(
                        format!("group: không có nhóm {g:?}"),
                        format!("unknown group {g:?}"),
                    ),
                );
            }
            if let Some(b) = &t.breakthrough {
                let known = listed(&self.breakthroughs, &self.retired.breakthroughs)
                    .any(|(x, _)| &x.code == b);
                if !known {
                    let b = excerpt(b, 40);
                    report(
                        entry.clone(),
                        said(
                            format!("breakthrough: không có nhiệm vụ đột phá {b:?}"),
                            format!("unknown breakthrough {b:?}"),
                        ),
                    );
                }
            }
            if t.goal_year <= r.baseline_year || !YEARS.contains(&t.goal_year) {
                report(entry.clone(), goal_year_early(t.goal_year, r.baseline_year));
            }
            for message in self.rollup_problems(t) {
                report(entry.clone(), message);
            }
        }
        for u in &self.units {
            if !is_code(&u.code) {
                report(format!("unit {}", u.code), bad_code());
            }
            let texts = [
                ("code", &u.code),
                ("name_vi", &u.name_vi),
                ("name_en", &u.name_en),
                ("kind", &u.kind),
            ];
            for problem in texts.iter().filter_map(|(f, t)| text_problem(f, t)) {
                report(format!("unit {}", u.code), problem);
            }
            if u.name_vi.is_empty() || u.name_en.is_empty() {
                report(
                    format!("unit {}", u.code),
                    said(
                        "name_vi và name_en không được để trống",
                        "name_vi and name_en must not be empty",
                    ),
                );
            }
        }
        for (entry, message) in unit_problems(&self.units, &self.changes) {
            report(entry, message);
        }
        // No text the catalog stores holds a control character (PostgreSQL refuses a NUL outright) or runs past
        // the one limit the pages keep too; the units' texts are checked above.
        for (entry, fields) in self.entry_texts() {
            for (field, text) in fields {
                if let Some(problem) = text_problem(&field, &text) {
                    report(entry.clone(), problem);
                }
            }
        }
        problems
    }

    /// What is wrong with a target's roll-up: none on a milestone, a percentage from a ratio or share, units to
    /// roll up from, and counted kinds that some unit has.
    fn rollup_problems(&self, t: &Target) -> Vec<Said> {
        let mut problems = Vec::new();
        if t.rollup == Rollup::None {
            return problems;
        }
        let name = t.rollup.as_str();
        if t.kind() == TargetKind::Milestone {
            problems.push(said(
                format!("rollup: mốc hoàn thành không tổng hợp từ đơn vị (không dùng {name})"),
                format!("a milestone has no roll-up, not {name}"),
            ));
        }
        if t.rollup.gives_percent() && !t.is_percent() {
            let unit = excerpt(&t.unit_en, 40);
            problems.push(said(
                format!("rollup: cách tổng hợp {name} cho ra tỉ lệ phần trăm, nhưng đơn vị tính là {unit:?}"),
                format!("a {name} roll-up gives a percentage, but the unit is {unit:?}"),
            ));
        }
        if self.units.is_empty() {
            problems.push(said(
                format!(
                    "rollup: cách tổng hợp {name} cần danh sách đơn vị [[units]] của nghị quyết"
                ),
                format!("a {name} roll-up needs the catalog's [[units]]"),
            ));
        }
        for kind in t.rollup.counted_kinds() {
            if !self.units.iter().any(|u| &u.kind == kind) {
                let kind = excerpt(kind, 40);
                problems.push(said(
                    format!("counted_kinds: không đơn vị nào thuộc loại {kind:?}"),
                    format!("counted_kinds names {kind:?}, which no unit has"),
                ));
            }
        }
        problems
    }

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

fn target_from_entry(entry: TargetEntry, resolution: &Resolution) -> Result<Target, Said> {
    let code = clean(&entry.code);
    if !is_code(&code) {
        return Err(bad_code());
    }
    let kind = TargetKind::parse(entry.kind.trim()).ok_or_else(|| {
        let k = excerpt(&entry.kind, 40);
        said(
            format!("kind: không có loại {k:?} (reach_by_deadline, every_year, average_growth, milestone)"),
            format!(
                "unknown kind {k:?} (expected one of: reach_by_deadline, every_year, average_growth, milestone)"
            ),
        )
    })?;
    let comparator = match entry.comparator.as_deref().map(str::trim) {
        None => None,
        Some(text) => Some(Comparator::parse(text).ok_or_else(|| {
            let text = excerpt(text, 40);
            said(
                format!("comparator: không có phép so sánh {text:?} (>, >=, < hoặc <=)"),
                format!("unknown comparator {text:?} (expected >, >=, < or <=)"),
            )
        })?),
    };
    let rule = Rule::from_parts(kind, comparator, entry.goal)?;
    let title_vi = clean(&entry.title_vi);
    let title_en = clean(&entry.title_en);
    if title_vi.is_empty() || title_en.is_empty() {
        return Err(empty_title());
    }
    for (name, bound) in [("min", entry.min), ("max", entry.max)] {
        if bound.is_some_and(|b| !b.is_finite() || b.abs() > MAX_MAGNITUDE) {
            return Err(said(
                format!("{name} phải là một số hữu hạn, độ lớn không quá {MAX_MAGNITUDE:e}"),
                format!("{name} must be a finite number of at most {MAX_MAGNITUDE:e} in magnitude"),
            ));
        }
    }
    if let (Some(min), Some(max)) = (entry.min, entry.max) {
        if min > max {
            return Err(said(
                format!("min {min} lớn hơn max {max}"),
                format!("min {min} is above max {max}"),
            ));
        }
    }
    let rollup = match entry.rollup.as_deref() {
        None => Rollup::None,
        Some(text) => Rollup::parse(text, entry.counted_kinds.iter().map(|k| clean(k)).collect())?,
    };
    let continues = clean_optional(entry.continues.as_deref());
    if let Some(link) = &continues {
        let parts = link.split_once('/');
        let fits = parts.is_some_and(|(r, t)| is_code(r) && is_code(t) && r != resolution.code);
        if !fits {
            let link = excerpt(link, 80);
            return Err(said(
                format!("continues: {link:?} phải là mã nghị quyết khác và mã chỉ tiêu, cách nhau bởi '/' (cam-giang-2020-2025/T01)"),
                format!("continues {link:?} must be another resolution's code and a target's code, joined by '/' (cam-giang-2020-2025/T01)"),
            ));
        }
    }
    let target = Target {
        code,
        group: clean(&entry.group),
        title_vi,
        title_en,
        source_text_vi: clean(&entry.source_text_vi),
        rule,
        goal_year: entry.goal_year.unwrap_or(resolution.goal_year),
        unit_vi: clean(&entry.unit_vi),
        unit_en: clean(&entry.unit_en),
        breakthrough: clean_optional(entry.breakthrough.as_deref()),
        min: entry.min,
        max: entry.max,
        whole: entry.whole,
        rollup,
        continues,
    };
    goal_within_bounds(&target)?;
    Ok(target)
}

/// A goal the target's own figures can reach: a level (reach by the deadline, every year) inside the bounds its
/// figures are kept in (a goal of 200 beside `max = 100` could never be met). A growth rate is not a level.
fn goal_within_bounds(target: &Target) -> Result<(), Said> {
    let goal = match target.rule {
        Rule::ReachByDeadline(g) | Rule::EveryYear(g) => g.value,
        Rule::AverageGrowth(_) | Rule::Milestone => return Ok(()),
    };
    let (min, max) = target.bounds();
    let (min, max) = (min.unwrap_or(-MAX_MAGNITUDE), max.unwrap_or(MAX_MAGNITUDE));
    if goal < min || goal > max {
        return Err(said(
            format!(
                "goal: mục tiêu {goal} nằm ngoài khoảng số liệu của chỉ tiêu ({min} đến {max})"
            ),
            format!("goal {goal} is outside the bounds of the target's figures ({min} to {max})"),
        ));
    }
    Ok(())
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

/// A catalog file's entry's code.
fn code_of(entry: &toml::Table) -> Option<&str> {
    entry.get("code").and_then(toml::Value::as_str)
}

/// A catalog file that cannot be read as one (bad TOML, or a misspelt key), with where and why.
fn unreadable(e: impl fmt::Display) -> CatalogErrors {
    let e = e.to_string().trim_end().to_string();
    CatalogErrors(vec![CatalogProblem::new(
        "file".into(),
        said(format!("tệp không đọc được: {e}"), e),
    )])
}

fn no_such_entry(kind: EntryKind, code: &str) -> CatalogErrors {
    entry_problem(
        kind,
        code,
        "code",
        "không có mục này",
        "there is no such entry",
    )
}

/// A text's control character, if it holds one, said for its field.
/// What is wrong with one text of the catalog: a control character, or more than [`TEXT_CHARS`] characters.
fn text_problem(field: &str, text: &str) -> Option<Said> {
    if super::text::too_long(text) {
        return Some(said(
            format!("{field}: dài quá {TEXT_CHARS} ký tự"),
            format!("{field} is longer than {TEXT_CHARS} characters"),
        ));
    }
    let c = forbidden_control(text)? as u32;
    Some(said(
        format!("{field}: chứa ký tự điều khiển U+{c:04X}"),
        format!("{field} contains the control character U+{c:04X}"),
    ))
}

/// One problem of one entry, its field named first (as the pages place it beside the box).
fn entry_problem(kind: EntryKind, code: &str, field: &str, vi: &str, en: &str) -> CatalogErrors {
    CatalogErrors(vec![CatalogProblem::new(
        kind.entry(code),
        said(format!("{field}: {vi}"), en.to_string()),
    )])
}

/// A code that is not one: codes appear in URLs and file names.
fn bad_code() -> Said {
    said(
        "code: mã chỉ gồm chữ cái không dấu, chữ số, '-', '_' hoặc '.', tối đa 64 ký tự",
        "code must be letters, digits, '-', '_' or '.'",
    )
}

/// Two entries of a kind whose codes differ at most in case (`t01` beside `T01`: a reader could not tell which a
/// file or an address means).
fn duplicate_code() -> Said {
    said("code: mã này đã có", "duplicate code")
}

fn empty_title() -> Said {
    said(
        "title_vi và title_en không được để trống",
        "title_vi and title_en must not be empty",
    )
}

fn goal_year_early(goal_year: i32, baseline_year: i32) -> Said {
    said(
        format!("goal_year {goal_year} phải sau năm gốc baseline_year {baseline_year}"),
        format!("goal_year {goal_year} must come after baseline_year {baseline_year}"),
    )
}

/// A date written `YYYY-MM-DD`.
/// A date of the catalog (a unit's start or end, a change's day), in the years a resolution may have.
fn date(text: &str, field: &str) -> Result<NaiveDate, Said> {
    use chrono::Datelike;
    let shown = excerpt(text, 40);
    let day = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        said(
            format!("{field}: {shown:?} không phải là ngày (YYYY-MM-DD)"),
            format!("{field} {shown:?} is not a date (YYYY-MM-DD)"),
        )
    })?;
    if !YEARS.contains(&day.year()) {
        let (first, last) = (YEARS.start(), YEARS.end());
        return Err(said(
            format!("{field}: ngày {day} phải trong các năm {first} đến {last}"),
            format!("{field} {day} must be in the years {first} to {last}"),
        ));
    }
    Ok(day)
}

fn optional_date(text: Option<&str>, field: &str) -> Result<Option<NaiveDate>, Said> {
    text.map(|t| date(t, field)).transpose()
}

/// The area, units and changes of a catalog file; what cannot be read is added to `problems`.
fn units_from_file(
    area: Option<AreaEntry>,
    units: Vec<UnitEntry>,
    changes: Vec<ChangeEntry>,
    problems: &mut Vec<CatalogProblem>,
) -> (Option<Area>, Vec<Unit>, Vec<UnitChange>) {
    let mut report = |entry: String, said: Said| problems.push(CatalogProblem::new(entry, said));
    let area = area.and_then(|a| {
        let ends = optional_date(a.ends.as_deref(), "ends")
            .map_err(|m| report("area".into(), m))
            .ok()?;
        Some(Area {
            code: clean(&a.code),
            name_vi: clean(&a.name_vi),
            name_en: clean(&a.name_en),
            ends,
        })
    });
    let units = units
        .into_iter()
        .filter_map(|u| {
            let code = clean(&u.code);
            let dates = optional_date(u.starts.as_deref(), "starts")
                .and_then(|s| Ok((s, optional_date(u.ends.as_deref(), "ends")?)));
            match dates {
                Ok((starts, ends)) => Some(Unit {
                    name_vi: clean(&u.name_vi),
                    name_en: clean(&u.name_en),
                    kind: clean(&u.kind),
                    code,
                    starts,
                    ends,
                }),
                Err(m) => {
                    report(format!("unit {code}"), m);
                    None
                }
            }
        })
        .collect();
    let changes = changes
        .into_iter()
        .filter_map(|c| {
            let entry = format!("change of {}", excerpt(&c.date, 40));
            let kind = ChangeKind::parse(&c.kind).ok_or_else(|| {
                let k = excerpt(&c.kind, 40);
                said(
                    format!("kind: không có loại thay đổi {k:?} (merge_into_new, merge_into_existing, rename, split)"),
                    format!("unknown kind {k:?} (merge_into_new, merge_into_existing, rename, split)"),
                )
            });
            match (date(&c.date, "date"), kind) {
                (Ok(date), Ok(kind)) => Some(UnitChange {
                    date,
                    kind,
                    before: c.before.iter().map(|s| clean(s)).collect(),
                    after: c.after.iter().map(|s| clean(s)).collect(),
                    basis: clean(&c.basis),
                    date_is_reading: c.date_is_reading,
                }),
                (Err(m), _) | (_, Err(m)) => {
                    report(entry, m);
                    None
                }
            }
        })
        .collect();
    (area, units, changes)
}

/// Codes appear in URLs and file names, so they keep to a safe alphabet.
fn is_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 64
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !code.starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../assets/catalogs/cam-giang-2020-2025.toml");

    fn minimal(targets: &str) -> String {
        format!(
            "[resolution]\ncode = \"r\"\ntitle_vi = \"Nghị quyết\"\ntitle_en = \"Resolution\"\nbaseline_year = 2020\n\
             goal_year = 2025\n\n[[breakthroughs]]\ncode = \"B1\"\ntitle_vi = \"Đột phá\"\ntitle_en = \"Breakthrough\"\n\
             {targets}"
        )
    }

    fn problems(text: &str) -> Vec<String> {
        match Catalog::from_toml(text) {
            Ok(_) => vec![],
            Err(e) => e.0.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn a_catalog_written_back_as_toml_reads_as_the_same_catalog() {
        let catalog = Catalog::from_toml(SHIPPED).expect("shipped");
        let text = catalog.to_toml().expect("written");
        let again = Catalog::from_toml(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        assert_eq!(again, catalog);
        assert!(
            text.contains("Hộ gia đình đạt gia đình văn hóa"),
            "Vietnamese as it is"
        );
        assert_eq!(
            again.to_toml().expect("again"),
            text,
            "a second round changes nothing"
        );
    }

    #[test]
    fn shipped_catalog_has_16_targets_and_3_breakthroughs() {
        let catalog = Catalog::from_toml(SHIPPED).expect("shipped catalog is valid");
        assert_eq!(catalog.targets.len(), 16);
        assert_eq!(catalog.breakthroughs.len(), 3);
        let income = catalog.target("T01").expect("T01");
        assert_eq!(
            income.rule,
            Rule::ReachByDeadline(Goal {
                comparator: Comparator::Greater,
                value: 90.0
            })
        );
        assert_eq!(income.goal_year, 2025);
        assert_eq!(catalog.target("T16").map(|t| t.goal_year), Some(2030));
        let b2: Vec<_> = catalog
            .linked_targets("B2")
            .map(|t| t.code.as_str())
            .collect();
        assert_eq!(b2, ["T02", "T11", "T12", "T13", "T16"]);
        assert!(catalog
            .target("T05")
            .expect("T05")
            .source_text_vi
            .contains("bảo hiểm y tế đạt 95% dân số"));
    }

    #[test]
    fn percentages_default_to_0_100_and_counts_to_non_negative() {
        let catalog = Catalog::from_toml(SHIPPED).expect("valid");
        assert_eq!(
            catalog.target("T05").map(Target::bounds),
            Some((Some(0.0), Some(100.0)))
        );
        assert_eq!(
            catalog.target("T15").map(Target::bounds),
            Some((Some(0.0), Some(MAX_MAGNITUDE)))
        );
        for t in &catalog.targets {
            let (min, max) = t.bounds();
            assert!(
                min.is_some_and(|m| m >= -MAX_MAGNITUDE) && max.is_some_and(|m| m <= MAX_MAGNITUDE),
                "no figure of any target is unbounded: {} {min:?} {max:?}",
                t.code
            );
        }
    }

    #[test]
    fn unknown_kind_is_named_with_its_target() {
        let text = minimal(
            "[[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\nkind = \"someday\"\n",
        );
        let found = problems(&text);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("target T1: unknown kind \"someday\""),
            "{found:?}"
        );
    }

    #[test]
    fn a_continues_link_names_another_resolutions_target() {
        let target = |link: &str| {
            minimal(&format!(
                "[[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\nkind = \"milestone\"\n\
                 continues = \"{link}\"\n"
            ))
        };
        assert_eq!(
            problems(&target("cam-giang-2020-2025/T16")),
            Vec::<String>::new()
        );
        for bad in ["T16", "r/T16", "cam giang/T16", "a/b/c"] {
            let found = problems(&target(bad));
            assert_eq!(found.len(), 1, "{bad}: {found:?}");
            assert!(found[0].starts_with("target T1: continues"), "{found:?}");
        }
    }

    #[test]
    fn numeric_target_without_goal_and_milestone_with_comparator_are_refused() {
        let text = minimal(
            "[[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\nkind = \"every_year\"\n\
             comparator = \">\"\n\
             [[targets]]\ncode = \"T2\"\ngroup = \"g\"\ntitle_vi = \"b\"\ntitle_en = \"b\"\nkind = \"milestone\"\n\
             comparator = \">\"\n",
        );
        assert_eq!(
            problems(&text),
            [
                "target T1: kind every_year needs a goal",
                "target T2: a milestone takes no comparator"
            ]
        );
    }

    #[test]
    fn duplicate_and_unknown_references_are_refused() {
        let text = minimal(
            "[[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\nkind = \"milestone\"\n\
             breakthrough = \"B9\"\n\
             [[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"b\"\ntitle_en = \"b\"\nkind = \"milestone\"\n",
        );
        assert_eq!(
            problems(&text),
            [
                "target T1: unknown breakthrough \"B9\"",
                "target T1: duplicate code"
            ]
        );
    }

    #[test]
    fn codes_differing_only_in_case_are_one_code() {
        let text = minimal(
            "[[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\nkind = \"milestone\"\n\
             [[targets]]\ncode = \"t1\"\ngroup = \"g\"\ntitle_vi = \"b\"\ntitle_en = \"b\"\nkind = \"milestone\"\n\
             [[units]]\ncode = \"xa-a\"\nname_vi = \"Xã A\"\nname_en = \"A\"\nkind = \"xa\"\n\
             [[units]]\ncode = \"Xa-A\"\nname_vi = \"Xã A\"\nname_en = \"A\"\nkind = \"xa\"\n",
        );
        assert_eq!(
            problems(&text),
            ["target t1: duplicate code", "unit Xa-A: is defined twice"]
        );
    }

    #[test]
    fn a_date_far_outside_any_term_is_refused() {
        let text = minimal(
            "[[units]]\ncode = \"a\"\nname_vi = \"A\"\nname_en = \"A\"\nkind = \"xa\"\nends = \"9998-12-31\"\n\
             [[units]]\ncode = \"b\"\nname_vi = \"B\"\nname_en = \"B\"\nkind = \"xa\"\nstarts = \"9999-01-01\"\n\
             [[changes]]\ndate = \"9999-01-01\"\nkind = \"rename\"\nbefore = [\"a\"]\nafter = [\"b\"]\n",
        );
        let found = problems(&text);
        assert!(
            found
                .iter()
                .any(|p| p.contains("9998-12-31 must be in the years 1900 to 2200")),
            "{found:?}"
        );
    }

    #[test]
    fn bad_toml_names_its_line() {
        let found = problems("[resolution]\ncode = \"r\"\ntitle_vi = \n");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("file: ") && found[0].contains("line 3"),
            "{found:?}"
        );
    }

    #[test]
    fn a_text_longer_than_the_pages_take_is_refused_in_a_file_too() {
        let long = "dài ".repeat(600);
        let file = minimal(&format!(
            "[[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"{long}\"\ntitle_en = \"x\"\n\
             kind = \"milestone\"\nunit_vi = \"\"\nunit_en = \"\"\n"
        ));
        assert_eq!(
            problems(&file),
            ["target T1: title_vi is longer than 2000 characters"]
        );
        let at_the_limit = file.replace(&long, &"x".repeat(2000));
        assert_eq!(problems(&at_the_limit), Vec::<String>::new());
    }

    #[test]
    fn a_goal_outside_its_targets_bounds_is_refused() {
        let target = |goal: &str, bounds: &str| {
            minimal(&format!(
                "[[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"Tỷ lệ\"\ntitle_en = \"Rate\"\n\
                 kind = \"reach_by_deadline\"\ncomparator = \">=\"\ngoal = {goal}\nunit_vi = \"%\"\nunit_en = \"%\"\n{bounds}"
            ))
        };
        assert_eq!(
            problems(&target("200", "max = 100\n")),
            ["target T1: goal 200 is outside the bounds of the target's figures (0 to 100)"]
        );
        assert_eq!(
            problems(&target("120", "")),
            ["target T1: goal 120 is outside the bounds of the target's figures (0 to 100)"],
            "a percentage is kept in 0..100 unless the catalog says otherwise"
        );
        assert!(problems(&target("120", "max = 150\n")).is_empty());
    }

    #[test]
    fn misspelt_key_is_refused() {
        let text = minimal(
            "[[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\nkind = \"milestone\"\n\
             gaol = 3\n",
        );
        let found = problems(&text);
        assert!(found[0].contains("unknown field `gaol`"), "{found:?}");
    }

    #[test]
    fn the_shipped_catalog_carries_the_units_their_merges_and_the_rollups() {
        let c = shipped_for_tests();
        assert_eq!(
            c.area.as_ref().map(|a| a.name_vi.as_str()),
            Some("Huyện Cẩm Giàng")
        );
        assert_eq!(
            c.units.len(),
            18,
            "17 units of 2020 and the commune made in 2024"
        );
        assert_eq!(c.changes.len(), 2);
        assert!(c.changes.iter().all(|ch| ch.date_is_reading));
        let counted = |year, kinds: &[String]| {
            crate::domain::units::units_counted(&c.units, c.area.as_ref(), year, kinds).len()
        };
        assert_eq!(counted(2020, &[]), 17);
        assert_eq!(counted(2023, &[]), 17);
        assert_eq!(counted(2024, &[]), 15, "after the merges of late 2024");
        assert_eq!(
            counted(2025, &["xa".to_string()]),
            13,
            "13 communes at the area's end"
        );
        let rollup = |code: &str| c.target(code).map(|t| t.rollup.clone());
        assert_eq!(rollup("T01"), Some(Rollup::None));
        assert_eq!(rollup("T06"), Some(Rollup::Ratio));
        assert_eq!(rollup("T09"), Some(Rollup::ShareOfUnits(vec!["xa".into()])));
        assert_eq!(rollup("T10"), Some(Rollup::CountOfUnits(vec!["xa".into()])));
        assert_eq!(rollup("T15"), Some(Rollup::Sum));
    }

    #[test]
    fn units_and_rollups_that_contradict_themselves_are_named() {
        let units = "\n[[units]]\ncode = \"a\"\nname_vi = \"Xã A\"\nname_en = \"A\"\nkind = \"xa\"\n\
                     starts = \"2022-01-01\"\nends = \"2021-01-01\"\n\
                     \n[[changes]]\ndate = \"2024-12-01\"\nkind = \"merge_into_new\"\nbefore = [\"a\"]\n\
                     after = [\"ghost\"]\n\
                     \n[[changes]]\ndate = \"1/12/2024\"\nkind = \"merge\"\nbefore = []\nafter = []\n";
        let targets = "[[targets]]\ncode = \"M\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\n\
                       kind = \"milestone\"\nrollup = \"sum\"\n\
                       [[targets]]\ncode = \"C\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\n\
                       kind = \"reach_by_deadline\"\ncomparator = \">=\"\ngoal = 5\nunit_en = \"communes\"\n\
                       rollup = \"share_of_units\"\ncounted_kinds = [\"phuong\"]\n";
        let found = problems(&format!("{}{units}", minimal(targets)));
        let has = |text: &str| found.iter().any(|p| p.contains(text));
        assert!(
            has("unit a: ends on 2021-01-01 before it starts on 2022-01-01"),
            "{found:?}"
        );
        assert!(
            has("change of 2024-12-01 (merge_into_new): unknown unit \"ghost\""),
            "{found:?}"
        );
        assert!(
            has("change of 1/12/2024: date \"1/12/2024\" is not a date"),
            "{found:?}"
        );
        assert!(
            has("target M: a milestone has no roll-up, not sum"),
            "{found:?}"
        );
        assert!(
            has("target C: a share_of_units roll-up gives a percentage"),
            "{found:?}"
        );
        assert!(
            has("target C: counted_kinds names \"phuong\", which no unit has"),
            "{found:?}"
        );
    }

    #[test]
    fn a_rollup_without_units_is_refused() {
        let text = minimal(
            "[[targets]]\ncode = \"S\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\n\
             kind = \"every_year\"\ncomparator = \">=\"\ngoal = 120\nrollup = \"sum\"\n",
        );
        let found = problems(&text);
        assert!(
            found
                .iter()
                .any(|p| p.contains("needs the catalog's [[units]]")),
            "{found:?}"
        );
    }
}

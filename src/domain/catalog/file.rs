//! The catalog file (TOML): its shape, read into a checked [`Catalog`] and written back.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::checks::*;
use super::*;
use crate::domain::approval::Counting;
use crate::domain::calendar::{Calendar, MonthDay};
use crate::domain::lang::{said, Said};
use crate::domain::text::{clean, clean_optional, excerpt};
use crate::domain::units::{Area, ChangeKind, Rollup, Unit, UnitChange};

// The file's shape, before checking. Unknown keys are refused so a typo ("gaol") is not silently ignored.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CatalogFile {
    pub(super) resolution: ResolutionEntry,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) groups: Vec<GroupEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) breakthroughs: Vec<BreakthroughEntry>,
    #[serde(default)]
    pub(super) targets: Vec<TargetEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) area: Option<AreaEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) units: Vec<UnitEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) changes: Vec<ChangeEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) agencies: Vec<AgencyEntry>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AgencyEntry {
    pub(super) code: String,
    pub(super) name_vi: String,
    pub(super) name_en: String,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AreaEntry {
    pub(super) code: String,
    pub(super) name_vi: String,
    pub(super) name_en: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) ends: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct UnitEntry {
    pub(super) code: String,
    pub(super) name_vi: String,
    pub(super) name_en: String,
    pub(super) kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) starts: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) ends: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ChangeEntry {
    pub(super) date: String,
    pub(super) kind: String,
    pub(super) before: Vec<String>,
    pub(super) after: Vec<String>,
    #[serde(default)]
    pub(super) basis: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) date_is_reading: bool,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ResolutionEntry {
    pub(super) code: String,
    pub(super) title_vi: String,
    pub(super) title_en: String,
    pub(super) baseline_year: i32,
    pub(super) goal_year: i32,
    /// `MM-DD`: each year's estimate is due by this day of the year (default 11-30).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) estimate_due: Option<String>,
    /// `MM-DD`: each year's official figure is due by this day of the next year (default 03-31).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) official_due: Option<String>,
    /// `all` (the default: every figure counts, unapproved ones marked) or `approved` (approved figures alone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) counts: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GroupEntry {
    pub(super) code: String,
    pub(super) title_vi: String,
    pub(super) title_en: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) retired: bool,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BreakthroughEntry {
    pub(super) code: String,
    pub(super) title_vi: String,
    pub(super) title_en: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) source_text_vi: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) retired: bool,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TargetEntry {
    pub(super) code: String,
    pub(super) group: String,
    pub(super) title_vi: String,
    pub(super) title_en: String,
    #[serde(default)]
    pub(super) source_text_vi: String,
    pub(super) kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) comparator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) goal: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) goal_year: Option<i32>,
    #[serde(default)]
    pub(super) unit_vi: String,
    #[serde(default)]
    pub(super) unit_en: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) breakthrough: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) max: Option<f64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) whole: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) rollup: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) counted_kinds: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) continues: Option<String>,
    /// A ratio roll-up's words for a unit's two counts.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(super) numerator_vi: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(super) numerator_en: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(super) denominator_vi: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(super) denominator_en: String,
    /// The lead agency's code, and the co-operating agencies' codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) agency: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) co_agencies: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) retired: bool,
}

impl Catalog {
    /// Reads and checks a catalog file's text. Every problem is reported, not just the first.
    pub fn from_toml(text: &str) -> Result<Catalog, CatalogErrors> {
        let file: CatalogFile = toml::from_str(text).map_err(unreadable)?;
        Catalog::from_file(file)
    }

    /// Checks a catalog file's shape as `from_toml` does.
    pub(super) fn from_file(file: CatalogFile) -> Result<Catalog, CatalogErrors> {
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
                calendar: Calendar::default(),
                counting: Default::default(),
            },
            groups,
            breakthroughs,
            targets: Vec::new(),
            area: None,
            units: Vec::new(),
            changes: Vec::new(),
            agencies: file
                .agencies
                .iter()
                .map(|a| Agency {
                    code: clean(&a.code),
                    name_vi: clean(&a.name_vi),
                    name_en: clean(&a.name_en),
                })
                .collect(),
            retired,
        };
        let mut problems = Vec::new();
        let calendar = calendar_from_file(&file.resolution, &mut problems);
        let counting = counting_from_file(&file.resolution, &mut problems);
        let catalog = Catalog {
            resolution: Resolution {
                calendar,
                counting,
                ..catalog.resolution
            },
            ..catalog
        };
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

    /// The catalog in its file's shape, as a TOML table.
    pub(super) fn table(&self) -> Result<toml::Table, CatalogErrors> {
        toml::Table::try_from(self.file()).map_err(|e| {
            let e = e.to_string();
            CatalogErrors(vec![CatalogProblem::new("file".into(), said(e.clone(), e))])
        })
    }

    /// Reads and checks a catalog file's table, as [`Catalog::from_toml`] reads its text.
    pub(super) fn from_table(table: toml::Table) -> Result<Catalog, CatalogErrors> {
        let file: CatalogFile = toml::Value::Table(table).try_into().map_err(unreadable)?;
        Catalog::from_file(file)
    }

    /// The catalog as a file `from_toml` reads back to the same catalog (`catalog export`).
    pub fn to_toml(&self) -> Result<String, String> {
        toml::to_string(&self.file()).map_err(|e| e.to_string())
    }

    /// The catalog in its file's shape.
    pub(super) fn file(&self) -> CatalogFile {
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        let r = &self.resolution;
        CatalogFile {
            resolution: ResolutionEntry {
                code: r.code.clone(),
                title_vi: r.title_vi.clone(),
                title_en: r.title_en.clone(),
                baseline_year: r.baseline_year,
                goal_year: r.goal_year,
                estimate_due: (r.calendar.estimate_due != Calendar::default().estimate_due)
                    .then(|| r.calendar.estimate_due.as_text()),
                official_due: (r.calendar.official_due != Calendar::default().official_due)
                    .then(|| r.calendar.official_due.as_text()),
                counts: (r.counting != Counting::default())
                    .then(|| r.counting.as_str().to_string()),
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
            agencies: self
                .agencies
                .iter()
                .map(|a| AgencyEntry {
                    code: a.code.clone(),
                    name_vi: a.name_vi.clone(),
                    name_en: a.name_en.clone(),
                })
                .collect(),
        }
    }
}

pub(super) fn target_from_entry(
    entry: TargetEntry,
    resolution: &Resolution,
) -> Result<Target, Said> {
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
        counts: CountWords {
            numerator_vi: clean(&entry.numerator_vi),
            numerator_en: clean(&entry.numerator_en),
            denominator_vi: clean(&entry.denominator_vi),
            denominator_en: clean(&entry.denominator_en),
        },
        agencies: TargetAgencies {
            lead: clean_optional(entry.agency.as_deref()),
            co: entry.co_agencies.iter().map(|c| clean(c)).collect(),
        },
    };
    goal_within_bounds(&target)?;
    Ok(target)
}

/// The resolution's reporting calendar from its file (a day left out takes the default); a day that is not a
/// `MM-DD` every year has is a problem, and the default is kept meanwhile.
fn calendar_from_file(r: &ResolutionEntry, problems: &mut Vec<CatalogProblem>) -> Calendar {
    let default = Calendar::default();
    let mut day = |field: &str, text: &Option<String>, fallback: MonthDay| {
        match text {
        None => fallback,
        Some(text) => MonthDay::parse(text).unwrap_or_else(|| {
            let shown = excerpt(text, 20);
            problems.push(CatalogProblem::new(
                format!("resolution {}", r.code),
                said(
                    format!("{field}: {shown:?} không phải ngày dạng MM-DD có trong mọi năm (ví dụ 11-30)"),
                    format!("{field} {shown:?} is not an MM-DD day every year has (such as 11-30)"),
                ),
            ));
            fallback
        }),
    }
    };
    Calendar {
        estimate_due: day("estimate_due", &r.estimate_due, default.estimate_due),
        official_due: day("official_due", &r.official_due, default.official_due),
    }
}

/// Which figures the resolution's dashboard counts (`counts`; left out: all); another word is a problem.
fn counting_from_file(r: &ResolutionEntry, problems: &mut Vec<CatalogProblem>) -> Counting {
    let Some(text) = r.counts.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        return Counting::default();
    };
    Counting::parse(text).unwrap_or_else(|| {
        let shown = excerpt(text, 20);
        problems.push(CatalogProblem::new(
            format!("resolution {}", r.code),
            said(
                format!("counts: {shown:?} phải là all (mọi số liệu) hoặc approved (chỉ số liệu đã duyệt)"),
                format!("counts {shown:?} must be all (every figure) or approved (approved figures alone)"),
            ),
        ));
        Counting::default()
    })
}

/// A catalog file that cannot be read as one (bad TOML, or a misspelt key), with where and why.
pub(super) fn unreadable(e: impl fmt::Display) -> CatalogErrors {
    let e = e.to_string().trim_end().to_string();
    CatalogErrors(vec![CatalogProblem::new(
        "file".into(),
        said(format!("tệp không đọc được: {e}"), e),
    )])
}

/// A date written `YYYY-MM-DD`.
/// A date of the catalog (a unit's start or end, a change's day), in the years a resolution may have.
pub(super) fn date(text: &str, field: &str) -> Result<NaiveDate, Said> {
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

pub(super) fn optional_date(text: Option<&str>, field: &str) -> Result<Option<NaiveDate>, Said> {
    text.map(|t| date(t, field)).transpose()
}

/// The area, units and changes of a catalog file; what cannot be read is added to `problems`.
pub(super) fn units_from_file(
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

impl Target {
    /// A unit that starts with "%" is a percentage.
    /// The target as its catalog file entry (its goal year only when it is not the resolution's).
    pub(super) fn entry(&self, resolution_goal_year: i32) -> TargetEntry {
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
            numerator_vi: self.counts.numerator_vi.clone(),
            numerator_en: self.counts.numerator_en.clone(),
            denominator_vi: self.counts.denominator_vi.clone(),
            denominator_en: self.counts.denominator_en.clone(),
            agency: self.agencies.lead.clone(),
            co_agencies: self.agencies.co.clone(),
            retired: false,
        }
    }
}

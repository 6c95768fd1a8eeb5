//! The checks every catalog passes, from a file or the pages: codes, references, years, bounds, texts, units
//! and roll-ups, each problem said in Vietnamese and English.

use std::collections::HashSet;

use super::*;
use crate::domain::entry_kind::EntryKind;
use crate::domain::lang::{said, Said};
use crate::domain::text::{excerpt, forbidden_control, TEXT_CHARS};
use crate::domain::units::{unit_problems, Rollup};

impl Catalog {
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
            if let Some(message) = unit_in_one_language(t) {
                report(entry.clone(), message);
            }
            let named = t.agencies.lead.iter().chain(&t.agencies.co);
            for code in named.filter(|c| self.agency(c).is_none()) {
                let code = excerpt(code, 40);
                report(
                    entry.clone(),
                    said(
                        format!("agency: không có cơ quan {code:?} trong [[agencies]]"),
                        format!("agency {code:?} is not in [[agencies]]"),
                    ),
                );
            }
        }
        let mut agencies = HashSet::new();
        for a in &self.agencies {
            let entry = format!("agency {}", a.code);
            if !is_code(&a.code) {
                report(entry.clone(), bad_code());
            }
            if !agencies.insert(a.code.to_lowercase()) {
                report(entry.clone(), duplicate_code());
            }
            if a.name_vi.is_empty() || a.name_en.is_empty() {
                report(
                    entry.clone(),
                    said(
                        "name_vi và name_en không được để trống",
                        "name_vi and name_en must not be empty",
                    ),
                );
            }
            for (f, t) in [("name_vi", &a.name_vi), ("name_en", &a.name_en)] {
                if let Some(problem) = text_problem(f, t) {
                    report(entry.clone(), problem);
                }
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
    pub(super) fn rollup_problems(&self, t: &Target) -> Vec<Said> {
        let mut problems = Vec::new();
        if t.rollup != Rollup::Ratio && !t.counts.is_empty() {
            problems.push(said(
                "numerator_vi: tên tử số và mẫu số chỉ dùng cho cách tổng hợp ratio",
                "the numerator's and denominator's words are for a ratio roll-up only",
            ));
        }
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
}

/// A unit of measure given in one language only: the other language's pages would show bare numbers ("< 1").
pub(super) fn unit_in_one_language(t: &Target) -> Option<Said> {
    match (t.unit_vi.is_empty(), t.unit_en.is_empty()) {
        (false, true) => Some(said(
            "unit_en: không được để trống khi có đơn vị tính tiếng Việt",
            "unit_en must not be empty when unit_vi is given",
        )),
        (true, false) => Some(said(
            "unit_vi: không được để trống khi có đơn vị tính tiếng Anh",
            "unit_vi must not be empty when unit_en is given",
        )),
        _ => None,
    }
}

/// A goal the target's own figures can reach: a level (reach by the deadline, every year) inside the bounds its
/// figures are kept in (a goal of 200 beside `max = 100` could never be met). A growth rate is not a level.
pub(super) fn goal_within_bounds(target: &Target) -> Result<(), Said> {
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

/// A text's control character, if it holds one, said for its field.
/// What is wrong with one text of the catalog: a control character, or more than [`TEXT_CHARS`] characters.
pub(super) fn text_problem(field: &str, text: &str) -> Option<Said> {
    if crate::domain::text::too_long(text) {
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
pub(super) fn entry_problem(
    kind: EntryKind,
    code: &str,
    field: &str,
    vi: &str,
    en: &str,
) -> CatalogErrors {
    CatalogErrors(vec![CatalogProblem::new(
        kind.entry(code),
        said(format!("{field}: {vi}"), en.to_string()),
    )])
}

/// A code that is not one: codes appear in URLs and file names.
pub(super) fn bad_code() -> Said {
    said(
        "code: mã chỉ gồm chữ cái không dấu, chữ số, '-', '_' hoặc '.', tối đa 64 ký tự",
        "code must be letters, digits, '-', '_' or '.'",
    )
}

/// Two entries of a kind whose codes differ at most in case (`t01` beside `T01`: a reader could not tell which a
/// file or an address means).
pub(super) fn duplicate_code() -> Said {
    said("code: mã này đã có", "duplicate code")
}

pub(super) fn empty_title() -> Said {
    said(
        "title_vi và title_en không được để trống",
        "title_vi and title_en must not be empty",
    )
}

pub(super) fn goal_year_early(goal_year: i32, baseline_year: i32) -> Said {
    said(
        format!("goal_year {goal_year} phải sau năm gốc baseline_year {baseline_year}"),
        format!("goal_year {goal_year} must come after baseline_year {baseline_year}"),
    )
}

/// Codes appear in URLs and file names, so they keep to a safe alphabet.
pub(super) fn is_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 64
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !code.starts_with('.')
}

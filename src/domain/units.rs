//! The units a resolution's area is made of (communes, towns), how they changed during the term, and how a
//! target's area figure is built from theirs (`Rollup`). A unit never disappears: a merged unit keeps its dates
//! and shows what it became. Pure: dates in, units out.

use chrono::NaiveDate;

use super::lang::{said, Said};

/// The area a resolution covers (a district), and the day it ended if it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub ends: Option<NaiveDate>,
}

/// A unit of the area, valid from `starts` (`None`: since before the term) through `ends` (`None`: current).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    /// `thi_tran`, `xa`, `phuong`, ...: data, not a fixed list.
    pub kind: String,
    pub starts: Option<NaiveDate>,
    pub ends: Option<NaiveDate>,
}

impl Unit {
    /// A unit with neither a start nor an end date: it counts in every year (when its kind does).
    pub fn never_changed(&self) -> bool {
        self.starts.is_none() && self.ends.is_none()
    }

    /// Whether the unit exists on `date` (both ends included).
    pub fn valid_on(&self, date: NaiveDate) -> bool {
        self.starts.is_none_or(|s| s <= date) && self.ends.is_none_or(|e| date <= e)
    }
}

/// What happened to units on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Units merged into a unit made for it (starting on the change's date).
    MergeIntoNew,
    /// Units merged into a unit that goes on.
    MergeIntoExisting,
    /// A unit goes on under a new code and name.
    Rename,
    /// A unit split into new units.
    Split,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 4] = [
        ChangeKind::MergeIntoNew,
        ChangeKind::MergeIntoExisting,
        ChangeKind::Rename,
        ChangeKind::Split,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::MergeIntoNew => "merge_into_new",
            ChangeKind::MergeIntoExisting => "merge_into_existing",
            ChangeKind::Rename => "rename",
            ChangeKind::Split => "split",
        }
    }

    pub fn parse(text: &str) -> Option<ChangeKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == text.trim())
    }
}

/// A change of the area's units, with its legal basis.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnitChange {
    pub date: NaiveDate,
    pub kind: ChangeKind,
    pub before: Vec<String>,
    pub after: Vec<String>,
    pub basis: String,
    /// The date is our reading of public reporting, for an administrator to confirm.
    pub date_is_reading: bool,
}

/// How a target's area figure is built from its units' figures (the methodology's "Roll-up from units").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Rollup {
    /// The area's own figure only.
    #[default]
    None,
    /// Each unit enters a value; the area's is their sum.
    Sum,
    /// Each unit enters a numerator and a denominator; the area's value is 100 · Σ numerators / Σ denominators.
    Ratio,
    /// Each unit of these kinds has a yes/no state; the value is 100 · units with yes / units counted.
    ShareOfUnits(Vec<String>),
    /// The number of units of these kinds with yes.
    CountOfUnits(Vec<String>),
}

impl Rollup {
    pub fn as_str(&self) -> &'static str {
        match self {
            Rollup::None => "none",
            Rollup::Sum => "sum",
            Rollup::Ratio => "ratio",
            Rollup::ShareOfUnits(_) => "share_of_units",
            Rollup::CountOfUnits(_) => "count_of_units",
        }
    }

    /// The roll-up a catalog names, with the unit kinds it counts (only the yes/no roll-ups count kinds).
    pub fn parse(text: &str, counted_kinds: Vec<String>) -> Result<Rollup, Said> {
        let counts = !counted_kinds.is_empty();
        let rollup = match text.trim() {
            "none" => Rollup::None,
            "sum" => Rollup::Sum,
            "ratio" => Rollup::Ratio,
            "share_of_units" => return Ok(Rollup::ShareOfUnits(counted_kinds)),
            "count_of_units" => return Ok(Rollup::CountOfUnits(counted_kinds)),
            other => {
                let other = super::text::excerpt(other, 40);
                return Err(said(
                    format!("rollup: không có cách tổng hợp {other:?} (none, sum, ratio, share_of_units, count_of_units)"),
                    format!("unknown rollup {other:?} (none, sum, ratio, share_of_units, count_of_units)"),
                ));
            }
        };
        if counts {
            let name = rollup.as_str();
            return Err(said(
                format!(
                    "counted_kinds chỉ dùng cho share_of_units và count_of_units, không cho {name}"
                ),
                format!("counted_kinds is only for share_of_units and count_of_units, not {name}"),
            ));
        }
        Ok(rollup)
    }

    /// The unit kinds a yes/no roll-up counts; empty for the others (and for "every kind").
    pub fn counted_kinds(&self) -> &[String] {
        match self {
            Rollup::ShareOfUnits(kinds) | Rollup::CountOfUnits(kinds) => kinds,
            _ => &[],
        }
    }

    /// Whether the area value is a percentage (so the target must be one).
    pub fn gives_percent(&self) -> bool {
        matches!(self, Rollup::Ratio | Rollup::ShareOfUnits(_))
    }
}

/// The day a year's units are counted on: its last day, or the area's end if that comes first.
pub fn counting_day(year: i32, area: Option<&Area>) -> Option<NaiveDate> {
    let last = NaiveDate::from_ymd_opt(year, 12, 31)?;
    Some(match area.and_then(|a| a.ends) {
        Some(end) if end < last => end,
        _ => last,
    })
}

/// The units counted in `year` (valid on its counting day), of the given kinds (all kinds when empty).
pub fn units_counted<'a>(
    units: &'a [Unit],
    area: Option<&Area>,
    year: i32,
    kinds: &[String],
) -> Vec<&'a Unit> {
    let Some(day) = counting_day(year, area) else {
        return Vec::new();
    };
    units
        .iter()
        .filter(|u| u.valid_on(day))
        .filter(|u| kinds.is_empty() || kinds.contains(&u.kind))
        .collect()
}

/// Whether the unit `code` is counted in `year` (valid on its counting day, of the given kinds).
pub fn is_counted(
    units: &[Unit],
    area: Option<&Area>,
    year: i32,
    kinds: &[String],
    code: &str,
) -> bool {
    units_counted(units, area, year, kinds)
        .iter()
        .any(|u| u.code == code)
}

/// The units a unit became (for a unit merged away or split): the changes that took it in and did not keep it.
pub fn became<'a>(unit: &Unit, changes: &'a [UnitChange]) -> Vec<&'a str> {
    changes
        .iter()
        .filter(|c| c.before.contains(&unit.code) && !c.after.contains(&unit.code))
        .flat_map(|c| c.after.iter().map(String::as_str))
        .collect()
}

/// The changes that formed or grew a unit (it is among their `after`, taking in units other than itself).
pub fn formed_by<'a>(unit: &Unit, changes: &'a [UnitChange]) -> Vec<&'a UnitChange> {
    changes
        .iter()
        .filter(|c| c.after.contains(&unit.code) && c.before.iter().any(|b| *b != unit.code))
        .collect()
}

/// What is wrong with the units and their changes, each problem naming its entry.
pub fn unit_problems(units: &[Unit], changes: &[UnitChange]) -> Vec<(String, Said)> {
    let mut problems = Vec::new();
    // By code, the first of each (a province has thousands of units: no walk of the list per unit).
    let mut by_code: std::collections::HashMap<&str, &Unit> =
        std::collections::HashMap::with_capacity(units.len());
    // Codes that differ only in case are the same code to a reader.
    let mut lowered = std::collections::HashSet::with_capacity(units.len());
    for u in units {
        let entry = format!("unit {}", u.code);
        let seen = by_code.entry(u.code.as_str());
        if !lowered.insert(u.code.to_lowercase()) {
            problems.push((
                entry.clone(),
                said("code: mã này đã có", "is defined twice"),
            ));
        }
        seen.or_insert(u);
        if let (Some(s), Some(e)) = (u.starts, u.ends) {
            if e < s {
                problems.push((
                    entry,
                    said(
                        format!("ends: ngày kết thúc {e} trước ngày bắt đầu {s}"),
                        format!("ends on {e} before it starts on {s}"),
                    ),
                ));
            }
        }
    }
    let find = |code: &str| by_code.get(code).copied();
    for c in changes {
        let entry = format!("change of {} ({})", c.date, c.kind.as_str());
        for code in c.before.iter().chain(&c.after) {
            if find(code).is_none() {
                let code = super::text::excerpt(code, 40);
                problems.push((
                    entry.clone(),
                    said(
                        format!("không có đơn vị {code:?}"),
                        format!("unknown unit {code:?}"),
                    ),
                ));
            }
        }
        problems.extend(
            change_shape(c, &find)
                .into_iter()
                .map(|message| (entry.clone(), message)),
        );
    }
    problems
}

/// A change's own rules: how many units before and after, and that the dates of the units agree with it (a unit
/// merged away ends before the change; a unit made by it starts on its day; a unit that goes on spans it).
fn change_shape<'a>(c: &UnitChange, find: &impl Fn(&str) -> Option<&'a Unit>) -> Vec<Said> {
    let (before, after) = (c.before.len(), c.after.len());
    let counts_ok = match c.kind {
        ChangeKind::MergeIntoNew | ChangeKind::MergeIntoExisting => before >= 1 && after == 1,
        ChangeKind::Rename => before == 1 && after == 1,
        ChangeKind::Split => before == 1 && after >= 2,
    };
    let mut problems = Vec::new();
    if !counts_ok {
        let (vi, en) = match c.kind {
            ChangeKind::MergeIntoNew | ChangeKind::MergeIntoExisting => (
                "một hay nhiều đơn vị trước và một đơn vị sau",
                "one or more units before and one after",
            ),
            ChangeKind::Rename => (
                "một đơn vị trước và một đơn vị sau",
                "one unit before and one after",
            ),
            ChangeKind::Split => (
                "một đơn vị trước và từ hai đơn vị sau",
                "one unit before and two or more after",
            ),
        };
        let kind = c.kind.as_str();
        problems.push(said(
            format!("{kind} cần {vi}; thay đổi này có {before} trước và {after} sau"),
            format!("a {kind} takes {en}; this one has {before} before and {after} after"),
        ));
    }
    let goes_on = c.kind == ChangeKind::MergeIntoExisting;
    for code in c.before.iter().filter(|code| !c.after.contains(code)) {
        if let Some(u) = find(code) {
            if u.ends.is_none_or(|e| e >= c.date) {
                problems.push(said(
                    format!("đơn vị {code} bị sáp nhập hay thay thế ngày {} nhưng khi đó vẫn còn hiệu lực (phải kết thúc trước đó)", c.date),
                    format!("unit {code} is merged or replaced on {} but is still valid then (it must end before)", c.date),
                ));
            }
        }
    }
    for code in &c.after {
        let Some(u) = find(code) else { continue };
        let day_before = c.date.pred_opt().unwrap_or(c.date);
        if goes_on && !(u.valid_on(day_before) && u.valid_on(c.date)) {
            problems.push(said(
                format!(
                    "đơn vị {code} tiếp tục tồn tại, nên phải có hiệu lực trước và vào ngày {}",
                    c.date
                ),
                format!(
                    "unit {code} goes on, so it must be valid before and on {}",
                    c.date
                ),
            ));
        }
        if !goes_on && u.starts != Some(c.date) {
            problems.push(said(
                format!(
                    "đơn vị {code} do thay đổi này lập ra, nên bắt đầu từ ngày {}",
                    c.date
                ),
                format!(
                    "unit {code} is made by this change, so it starts on {}",
                    c.date
                ),
            ));
        }
    }
    problems
}

/// A date for tests, `YYYY-MM-DD`.
#[cfg(test)]
pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
}

/// A unit for tests, named by its code.
#[cfg(test)]
pub fn unit(code: &str, kind: &str, starts: Option<&str>, ends: Option<&str>) -> Unit {
    Unit {
        code: code.into(),
        name_vi: code.into(),
        name_en: code.into(),
        kind: kind.into(),
        starts: starts.map(day),
        ends: ends.map(day),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merge(kind: ChangeKind, before: &[&str], after: &str) -> UnitChange {
        UnitChange {
            date: day("2024-12-01"),
            kind,
            before: before.iter().map(|s| s.to_string()).collect(),
            after: vec![after.to_string()],
            basis: "Nghị quyết".into(),
            date_is_reading: true,
        }
    }

    fn area() -> Area {
        Area {
            code: "cam-giang".into(),
            name_vi: "Huyện Cẩm Giàng".into(),
            name_en: "Cẩm Giàng district".into(),
            ends: Some(day("2025-06-30")),
        }
    }

    #[test]
    fn units_are_counted_on_the_last_day_of_the_year_or_the_area_end() {
        let units = vec![
            unit("town", "thi_tran", None, None),
            unit("a", "xa", None, Some("2024-11-30")),
            unit("b", "xa", None, Some("2024-11-30")),
            unit("ab", "xa", Some("2024-12-01"), None),
            unit("late", "xa", Some("2025-09-01"), None),
        ];
        let codes = |year, kinds: &[String]| -> Vec<String> {
            units_counted(&units, Some(&area()), year, kinds)
                .iter()
                .map(|u| u.code.clone())
                .collect()
        };
        assert_eq!(codes(2023, &[]), ["town", "a", "b"]);
        assert_eq!(
            codes(2024, &[]),
            ["town", "ab"],
            "a unit merged away during the year does not count"
        );
        assert_eq!(
            codes(2025, &["xa".to_string()]),
            ["ab"],
            "counted at the area's end"
        );
        assert_eq!(counting_day(2025, Some(&area())), Some(day("2025-06-30")));
    }

    #[test]
    fn a_consistent_merge_has_no_problem() {
        let units = vec![
            unit("a", "xa", None, Some("2024-11-30")),
            unit("b", "xa", None, Some("2024-11-30")),
            unit("ab", "xa", Some("2024-12-01"), None),
            unit("town", "thi_tran", None, None),
            unit("c", "xa", None, Some("2024-11-30")),
        ];
        let changes = vec![
            merge(ChangeKind::MergeIntoNew, &["a", "b"], "ab"),
            merge(ChangeKind::MergeIntoExisting, &["c"], "town"),
        ];
        assert_eq!(
            unit_problems(&units, &changes),
            Vec::<(String, Said)>::new()
        );
    }

    #[test]
    fn changes_that_contradict_the_units_are_named() {
        let units = vec![
            unit("a", "xa", None, None),
            unit("ab", "xa", Some("2024-11-01"), None),
            unit("bad", "xa", Some("2022-01-01"), Some("2021-01-01")),
        ];
        let changes = vec![merge(ChangeKind::MergeIntoNew, &["a", "ghost"], "ab")];
        let problems: Vec<String> = unit_problems(&units, &changes)
            .into_iter()
            .map(|(entry, message)| format!("{entry}: {message}"))
            .collect();
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("unit bad: ends on 2021-01-01 before")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("unknown unit \"ghost\"")),
            "{problems:?}"
        );
        assert!(problems
            .iter()
            .any(|p| p.contains("unit a is merged or replaced on 2024-12-01 but is still valid")));
        assert!(problems
            .iter()
            .any(|p| p.contains("unit ab is made by this change, so it starts on 2024-12-01")));
    }

    #[test]
    fn rollups_parse_with_their_counted_kinds() {
        assert_eq!(Rollup::parse("ratio", vec![]), Ok(Rollup::Ratio));
        assert_eq!(
            Rollup::parse("share_of_units", vec!["xa".into()]),
            Ok(Rollup::ShareOfUnits(vec!["xa".into()]))
        );
        assert!(Rollup::parse("sum", vec!["xa".into()]).is_err());
        assert!(Rollup::parse("average", vec![]).is_err());
        assert!(Rollup::Ratio.gives_percent() && !Rollup::Sum.gives_percent());
    }
}

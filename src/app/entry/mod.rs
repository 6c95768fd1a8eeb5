//! The entry forms of a year: the area's (every target, estimate and official) and a unit's (the boxes each
//! roll-up target asks a unit for). A save is parse → the domain's one check of every box → the figure
//! pipeline ([`super::figures`]): problems come back beside their boxes (nothing saved while one remains), and a
//! figure someone else changed meanwhile is kept and said.

pub mod area;
pub mod due;
pub mod remove;
pub mod unit;

use std::collections::HashMap;

use super::error::AppError;
use super::figures::{Change, Conflict};
use super::scope::Scope;
use super::words::labels;
use crate::domain::measurement::{Entry, Measurement};
use crate::domain::wording::Lang;
use crate::domain::{Quality, Target};
use crate::storage::figure_columns::StoredFigure;
use crate::storage::{DbConnection, StoredCatalog};

/// A form as sent: field name → text.
pub type Form = HashMap<String, String>;

/// A box's name: `v_T01_official`, `num_T06_estimate`, `r_T01_official` (the revision it was filled from).
pub fn field(prefix: &str, code: &str, quality: Quality) -> String {
    format!("{prefix}_{code}_{}", quality.as_str())
}

/// The resolution of a form, its entry years, and the form's year among them.
pub struct YearForm {
    pub stored: StoredCatalog,
    pub years: Vec<i32>,
    pub year: i32,
}

/// Opens the form of the year `year` (as the path writes it) of the scope's resolution: a year figures are not
/// entered for is no form (404).
pub fn open(
    conn: &mut DbConnection,
    scope: &Scope,
    year: &str,
    years_after_goal: i32,
) -> Result<YearForm, AppError> {
    let stored = scope.catalog(conn)?;
    let years: Vec<i32> = stored.catalog.entry_years(years_after_goal).collect();
    let year = crate::domain::measurement::parse_year(year)
        .filter(|y| years.contains(y))
        .ok_or_else(AppError::no_page)?;
    Ok(YearForm {
        stored,
        years,
        year,
    })
}

impl YearForm {
    /// The units that report in the year, for the area's form's choice of a unit's: (code, name).
    pub fn units(&self, lang: Lang) -> Vec<(String, String)> {
        self.stored
            .catalog
            .units
            .iter()
            .filter(|u| crate::domain::unit_figures::exists_in(u, self.year))
            .map(|u| {
                (
                    u.code.clone(),
                    lang.pick(&u.name_vi, &u.name_en).to_string(),
                )
            })
            .collect()
    }

    /// Refuses a form with a box for a target the form does not show (retired, or not in the resolution),
    /// naming it, rather than that box being dropped.
    pub fn refuse_other_targets(&self, form: &Form) -> Result<(), AppError> {
        let other = form
            .iter()
            .filter(|(_, value)| !value.trim().is_empty())
            .filter_map(|(key, _)| box_target(key))
            .find(|code| self.stored.catalog.target(code).is_none());
        match other {
            None => Ok(()),
            Some(code) => {
                let code = crate::domain::text::excerpt(code, 40);
                Err(AppError::invalid_value(
                    "target_code",
                    format!("chỉ tiêu {code} không có trong biểu mẫu (đã thôi theo dõi hoặc không thuộc nghị quyết này): chưa lưu gì"),
                    format!("target {code} is not on this form (retired, or not of this resolution): nothing was saved"),
                ))
            }
        }
    }
}

/// The target a box of an entry form is for (`v_T01_official`, `num_T06_estimate`, `s_T01`), if it is one.
fn box_target(key: &str) -> Option<&str> {
    let (prefix, rest) = key.split_once('_')?;
    match prefix {
        "s" | "n" => Some(rest),
        "v" | "r" | "num" | "den" | "yes" => rest
            .rsplit_once('_')
            .filter(|(_, q)| Quality::parse(q).is_some())
            .map(|(code, _)| code),
        _ => None,
    }
}

/// A row's source and note boxes: as typed when `form` is given, else the stored ones (the official figure's
/// first, else the estimate's).
pub fn source_and_note_boxes<F>(
    code: &str,
    form: Option<&Form>,
    official: Option<&Measurement<F>>,
    estimate: Option<&Measurement<F>>,
) -> (String, String) {
    let shown = |f: fn(&Measurement<F>) -> Option<&String>| -> String {
        official
            .and_then(f)
            .or_else(|| estimate.and_then(f))
            .cloned()
            .unwrap_or_default()
    };
    match form {
        Some(f) => (
            f.get(&format!("s_{code}")).cloned().unwrap_or_default(),
            f.get(&format!("n_{code}")).cloned().unwrap_or_default(),
        ),
        None => (shown(|m| m.source.as_ref()), shown(|m| m.note.as_ref())),
    }
}

/// An emptied box of a figure the form showed (its revision box is filled): not a removal, which is its own
/// action, so it is said beside the box and the form is not saved, never silently ignored.
pub fn emptied<T>(
    form: &Form,
    code: &str,
    quality: Quality,
    lang: Lang,
) -> Result<Option<T>, String> {
    let shown = form
        .get(&field("r", code, quality))
        .is_some_and(|r| !r.trim().is_empty());
    if shown {
        Err(labels(lang).cleared_box.to_string())
    } else {
        Ok(None)
    }
}

/// What a checked box asks for: the change to write, with the revision the form was filled from (its hidden
/// `r` box), none when the box was empty or says what is stored already, or the box's problem.
pub fn change_of<F: PartialEq>(
    checked: Result<Option<Entry<F>>, String>,
    (code, quality): (&str, Quality),
    current: &HashMap<(String, Quality), Measurement<F>>,
    form: &Form,
) -> Result<Option<Change<F>>, String> {
    let Some(entry) = checked? else {
        return Ok(None);
    };
    let same = current.get(&(code.to_string(), quality)).is_some_and(|m| {
        m.figure == entry.figure && m.source == entry.source && m.note == entry.note
    });
    if same {
        return Ok(None);
    }
    let seen = form
        .get(&field("r", code, quality))
        .and_then(|r| r.parse().ok());
    Ok(Some(Change {
        code: code.to_string(),
        entry,
        seen,
    }))
}

/// "Đã lưu 3 số liệu." in the reader's language.
pub fn saved_text(saved: usize, lang: Lang) -> String {
    labels(lang).entry_saved.replace("{n}", &saved.to_string())
}

/// How a save of a form went: saved (how many), or the rows again: with problems beside their boxes (nothing
/// saved), or as stored now after someone else's changes (theirs kept), with how many were saved and a line for
/// each conflict.
pub enum Saved<R> {
    Saved(usize),
    Invalid(Vec<R>),
    Conflicts {
        rows: Vec<R>,
        saved: usize,
        conflicts: Vec<String>,
    },
}

/// "T01 2024 (official): Người khác đã thay đổi số liệu này: 81,2 triệu đồng (thong.ke lúc 2024-12-01 08:30 UTC)";
/// `reading` says a stored figure in words.
pub fn conflict_line<F: StoredFigure>(
    c: &Conflict<F>,
    target: Option<&Target>,
    reading: impl Fn(&F, &Target) -> String,
    lang: Lang,
) -> String {
    let l = labels(lang);
    let theirs = match (&c.theirs, target) {
        (Some(m), Some(t)) => format!(
            "{} ({} {}, {})",
            reading(&m.figure, t),
            m.changed_by,
            l.at,
            m.changed_at.format("%Y-%m-%d %H:%M UTC")
        ),
        _ => l.deleted.to_string(),
    };
    let figure = &c.typed.figure;
    format!(
        "{} {} ({}): {}: {theirs}",
        c.code,
        figure.year(),
        figure.quality().as_str(),
        l.entry_conflict
    )
}

/// A form's row of boxes: its target, and the problem line of its box of a quality.
pub trait FormRow {
    fn code(&self) -> &str;
    fn error_of(&mut self, quality: &str) -> Option<&mut Option<String>>;
}

impl FormRow for area::EntryRow {
    fn code(&self) -> &str {
        &self.code
    }

    fn error_of(&mut self, quality: &str) -> Option<&mut Option<String>> {
        self.cells
            .iter_mut()
            .find(|c| c.quality == quality)
            .map(|c| &mut c.error)
    }
}

impl FormRow for unit::UnitEntryRow {
    fn code(&self) -> &str {
        &self.code
    }

    fn error_of(&mut self, quality: &str) -> Option<&mut Option<String>> {
        self.cells
            .iter_mut()
            .find(|c| c.quality == quality)
            .map(|c| &mut c.error)
    }
}

/// Puts what looks odd beside each box the checks warn about that has no note.
pub(super) fn mark_unexplained<R: FormRow>(
    rows: &mut [R],
    unexplained: &[super::figures::Unexplained],
) {
    for u in unexplained {
        let row = rows.iter_mut().find(|r| r.code() == u.code);
        if let Some(error) = row.and_then(|r| r.error_of(u.quality.as_str())) {
            *error = Some(u.message.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_names_its_target() {
        assert_eq!(box_target("v_T01_official"), Some("T01"));
        assert_eq!(box_target("num_T_06_estimate"), Some("T_06"));
        assert_eq!(box_target("s_T16"), Some("T16"));
        assert_eq!(box_target("csrf"), None);
        assert_eq!(box_target("v_T01_final"), None);
    }
}

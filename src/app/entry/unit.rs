//! A unit's form of a year: for every target rolled up from units of its kind, the boxes the target's roll-up
//! needs (a number for a sum, two counts for a ratio, yes/no for a share or a count of units), estimate and
//! official, with source and note; checked by the units' one check.

use std::collections::HashMap;

use super::{change_of, conflict_line, field, source_and_note_boxes, Form, Saved, YearForm};
use crate::app::error::AppError;
use crate::app::figures::{self, Change, Writer};
use crate::app::words::labels;
use crate::domain::lang::Explained;
use crate::domain::measurement::{Draft, EntryPolicy, FieldProblem, Measurement};
use crate::domain::number;
use crate::domain::rollup::{UnitFigure, UnitReading};
use crate::domain::unit_figures::{check_unit, exists_in, parse_yes_no, UnitDraft};
use crate::domain::units::{Rollup, Unit};
use crate::domain::wording::{self, Lang};
use crate::domain::{Quality, Target};
use crate::storage::{measurements, DbConnection};

/// What a target's roll-up asks a unit for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Boxes {
    Value,
    Counts,
    YesNo,
}

pub struct UnitCell {
    pub quality: &'static str,
    pub label: &'static str,
    pub value: String,
    pub numerator: String,
    pub denominator: String,
    pub revision: String,
    pub error: Option<String>,
    /// The stored figure's approval state: its name (a class) and its words.
    pub approval: Option<(&'static str, &'static str)>,
}

impl UnitCell {
    /// Whether its stored figure is approved: the box is shown but not edited (an approver reopens it first).
    pub fn approved(&self) -> bool {
        matches!(self.approval, Some((state, _)) if state == crate::domain::approval::Approval::Approved.as_str())
    }
}

pub struct UnitEntryRow {
    pub code: String,
    pub title: String,
    pub unit: String,
    pub boxes: Boxes,
    /// A ratio's two counts in the target's words (the catalog's), else "tử số" and "mẫu số".
    pub counts: (String, String),
    pub cells: Vec<UnitCell>,
    pub source: String,
    pub note: String,
}

impl UnitEntryRow {
    pub fn value_box(&self) -> bool {
        self.boxes == Boxes::Value
    }

    pub fn counts_box(&self) -> bool {
        self.boxes == Boxes::Counts
    }
}

/// Whether any box of the rows has a problem beside it.
pub fn has_errors(rows: &[UnitEntryRow]) -> bool {
    rows.iter()
        .any(|r| r.cells.iter().any(|c| c.error.is_some()))
}

/// The unit's stored figures of the year, by target code and quality.
type Stored = HashMap<(String, Quality), Measurement<UnitFigure>>;

/// The unit and year a form is for, with what it needs to draw and check it.
pub struct UnitSheet<'a> {
    pub form: &'a YearForm,
    pub unit: &'a Unit,
    pub policy: EntryPolicy,
    pub lang: Lang,
}

/// The unit `code` of the resolution, existing in the form's year: else a 404 saying why.
pub fn unit_of<'a>(form: &'a YearForm, code: &str) -> Result<&'a Unit, AppError> {
    let unit = form
        .stored
        .catalog
        .unit(code)
        .ok_or_else(AppError::no_page)?;
    if !exists_in(unit, form.year) {
        let problem = crate::domain::measurement::Problem::UnitNotInYear {
            unit: unit.code.clone(),
            starts: unit.starts,
            ends: unit.ends,
        };
        return Err(AppError::not_found(
            problem.message(Lang::Vi),
            problem.message(Lang::En),
        ));
    }
    Ok(unit)
}

/// The years of the resolution's term (baseline to goal year) the unit existed in: its form's year picker.
pub fn unit_years(form: &YearForm, unit: &Unit) -> Vec<i32> {
    let term_end = form.stored.catalog.resolution.goal_year;
    form.years
        .iter()
        .copied()
        .filter(|&y| y <= term_end && exists_in(unit, y))
        .collect()
}

/// The year the form of the unit `code` (of the scope's resolution) opens on; see [`opening_year`]. None for an
/// unknown unit or one that existed in no year of the term.
pub fn opening_year_of(
    conn: &mut DbConnection,
    scope: &crate::app::scope::Scope,
    code: &str,
    years_after_goal: i32,
) -> Result<Option<i32>, AppError> {
    let stored = scope.catalog(conn)?;
    let years: Vec<i32> = stored.catalog.entry_years(years_after_goal).collect();
    let form = YearForm {
        year: years.last().copied().unwrap_or_default(),
        years,
        stored,
    };
    match form.stored.catalog.unit(code).cloned() {
        Some(unit) => opening_year(conn, &form, &unit),
        None => Ok(None),
    }
}

/// The year a unit's form opens on: the latest year the unit existed in whose form has a gap (a target without
/// its official figure), else the latest year it existed in; none when it existed in no year of the term.
pub fn opening_year(
    conn: &mut DbConnection,
    form: &YearForm,
    unit: &Unit,
) -> Result<Option<i32>, AppError> {
    let years = unit_years(form, unit);
    let targets = targets_of(form, unit);
    for &year in years.iter().rev() {
        let stored = measurements::unit_year_measurements(conn, &form.stored, &unit.code, year)?;
        let has_official = |code: &str| {
            stored
                .iter()
                .any(|m| m.target_code == code && m.figure.quality == Quality::Official)
        };
        if targets.iter().any(|t| !has_official(&t.code)) {
            return Ok(Some(year));
        }
    }
    Ok(years.last().copied())
}

fn targets_of<'a>(form: &'a YearForm, unit: &Unit) -> Vec<&'a Target> {
    form.stored.catalog.targets_of_unit(unit)
}

fn boxes(t: &Target) -> Boxes {
    match t.rollup {
        Rollup::Ratio => Boxes::Counts,
        Rollup::ShareOfUnits(_) | Rollup::CountOfUnits(_) => Boxes::YesNo,
        _ => Boxes::Value,
    }
}

/// A stored number as the reader types it (no grouping).
fn typed(v: f64, lang: Lang) -> String {
    match lang {
        Lang::Vi => v.to_string().replace('.', ","),
        Lang::En => v.to_string(),
    }
}

/// One quality's boxes of a target: as stored, or as typed when `form` is given (the revision always as stored).
fn cell(
    t: &Target,
    q: Quality,
    stored: Option<&Measurement<UnitFigure>>,
    form: Option<&Form>,
    lang: Lang,
) -> UnitCell {
    let l = labels(lang);
    let (value, numerator, denominator) = match stored.map(|m| m.figure.reading) {
        Some(UnitReading::Value(v)) => (typed(v, lang), String::new(), String::new()),
        Some(UnitReading::Ratio {
            numerator,
            denominator,
        }) => (
            String::new(),
            typed(numerator, lang),
            typed(denominator, lang),
        ),
        Some(UnitReading::YesNo(yes)) => (
            if yes { "yes" } else { "no" }.to_string(),
            String::new(),
            String::new(),
        ),
        None => (String::new(), String::new(), String::new()),
    };
    let typed_or = |prefix: &str, stored: String| match form {
        Some(f) => f
            .get(&field(prefix, &t.code, q))
            .cloned()
            .unwrap_or_default(),
        None => stored,
    };
    UnitCell {
        quality: q.as_str(),
        label: if q == Quality::Estimate {
            l.estimate
        } else {
            l.official
        },
        value: typed_or("v", value),
        numerator: typed_or("num", numerator),
        denominator: typed_or("den", denominator),
        revision: stored.map(|m| m.revision.to_string()).unwrap_or_default(),
        error: None,
        approval: stored.map(|m| (m.approval.as_str(), m.approval.label(lang))),
    }
}

impl UnitSheet<'_> {
    fn lang(&self) -> Lang {
        self.lang
    }

    fn current(&self, conn: &mut DbConnection) -> Result<Stored, AppError> {
        let (stored, year) = (&self.form.stored, self.form.year);
        Ok(
            measurements::unit_year_measurements(conn, stored, &self.unit.code, year)?
                .into_iter()
                .map(|m| ((m.target_code.clone(), m.figure.quality), m))
                .collect(),
        )
    }

    /// The form's rows as stored.
    pub fn rows_as_stored(&self, conn: &mut DbConnection) -> Result<Vec<UnitEntryRow>, AppError> {
        let current = self.current(conn)?;
        Ok(self.rows(&current, None))
    }

    /// The rows as stored, or as typed when `form` is given (revisions always as stored).
    fn rows(&self, current: &Stored, form: Option<&Form>) -> Vec<UnitEntryRow> {
        let lang = self.lang();
        targets_of(self.form, self.unit)
            .into_iter()
            .map(|t| {
                let now = |q: Quality| current.get(&(t.code.clone(), q));
                let cells = Quality::ALL
                    .iter()
                    .map(|&q| cell(t, q, now(q), form, lang))
                    .collect();
                let (source, note) = source_and_note_boxes(
                    &t.code,
                    form,
                    now(Quality::Official),
                    now(Quality::Estimate),
                );
                UnitEntryRow {
                    code: t.code.clone(),
                    title: wording::title(t, lang).to_string(),
                    unit: wording::unit(t, lang).to_string(),
                    boxes: boxes(t),
                    counts: (
                        t.counts
                            .numerator(lang)
                            .unwrap_or(super::super::words::labels(lang).numerator)
                            .to_string(),
                        t.counts
                            .denominator(lang)
                            .unwrap_or(super::super::words::labels(lang).denominator)
                            .to_string(),
                    ),
                    cells,
                    source,
                    note,
                }
            })
            .collect()
    }

    /// Checks every box with the units' one check: the changes to write (with the revision each was typed on),
    /// and the rows as typed with each box's problem beside it.
    fn check(&self, current: &Stored, form: &Form) -> (Vec<Change<UnitFigure>>, Vec<UnitEntryRow>) {
        let lang = self.lang();
        let mut shown = self.rows(current, Some(form));
        let mut changes = Vec::new();
        let targets = targets_of(self.form, self.unit);
        let baseline = self.form.stored.catalog.resolution.baseline_year;
        let policy = self.policy;
        for (t, row) in targets.into_iter().zip(shown.iter_mut()) {
            for (&q, cell) in Quality::ALL.iter().zip(row.cells.iter_mut()) {
                let checked = self.draft(t, q, form).and_then(|draft| {
                    draft
                        .map(|d| check_unit(t, Some(self.unit), baseline, &policy, d))
                        .transpose()
                        .map_err(|problems| FieldProblem::describe(&problems, lang))
                });
                match change_of(checked, (&t.code, q), current, form) {
                    Ok(change) => changes.extend(change),
                    Err(message) => cell.error = Some(message),
                }
            }
        }
        (changes, shown)
    }

    /// What one quality's boxes ask for: none when they are empty (no change), else the draft or why not.
    fn draft(&self, t: &Target, q: Quality, form: &Form) -> Result<Option<UnitDraft>, String> {
        let (lang, l) = (self.lang(), labels(self.lang()));
        let text = |prefix: &str| {
            form.get(&field(prefix, &t.code, q))
                .map_or("", |s| s.trim())
        };
        let num = |text: &str| -> Result<Option<f64>, String> {
            if text.is_empty() {
                return Ok(None);
            }
            number::parse(text, lang.decimal())
                .map(Some)
                .ok_or_else(|| {
                    format!(
                        "{:?} {}",
                        crate::domain::text::excerpt(text, 40),
                        l.not_a_number
                    )
                })
        };
        let mut draft = UnitDraft {
            unit: self.unit.code.clone(),
            draft: Draft {
                year: self.form.year,
                quality: Some(q),
                source: form.get(&format!("s_{}", t.code)).cloned(),
                note: form.get(&format!("n_{}", t.code)).cloned(),
                ..Draft::default()
            },
            ..UnitDraft::default()
        };
        match boxes(t) {
            Boxes::Value => {
                let Some(v) = num(text("v"))? else {
                    return self.emptied(form, t, q, &["v"]);
                };
                draft.draft.value = Some(v);
            }
            Boxes::Counts => {
                let (n, d) = (num(text("num"))?, num(text("den"))?);
                if n.is_none() && d.is_none() {
                    return self.emptied(form, t, q, &["num", "den"]);
                }
                draft.numerator = n;
                draft.denominator = d;
            }
            Boxes::YesNo => {
                let answer = text("v");
                if answer.is_empty() {
                    return Ok(None);
                }
                draft.yes = Some(parse_yes_no(answer).map_err(|p| p.message(lang))?);
            }
        }
        Ok(Some(draft))
    }

    /// Empty number boxes: a figure the form showed and the boxes sent empty is said (see [`super::emptied`]); a
    /// form without these boxes asks nothing of them.
    fn emptied(
        &self,
        form: &Form,
        t: &Target,
        q: Quality,
        boxes: &[&str],
    ) -> Result<Option<UnitDraft>, String> {
        if boxes
            .iter()
            .any(|b| form.contains_key(&field(b, &t.code, q)))
        {
            super::emptied(form, &t.code, q, self.lang())
        } else {
            Ok(None)
        }
    }

    /// Checks the whole form, then writes it through the figure pipeline.
    pub fn save(
        &self,
        conn: &mut DbConnection,
        form: &Form,
        who: &Writer<'_>,
    ) -> Result<Saved<UnitEntryRow>, AppError> {
        let current = self.current(conn)?;
        let (changes, typed) = self.check(&current, form);
        if has_errors(&typed) {
            return Ok(Saved::Invalid(typed));
        }
        let stored = &self.form.stored;
        let written = figures::put_changes(conn, stored, changes, who, self.lang())?;
        if !written.unexplained.is_empty() {
            let mut typed = typed;
            super::mark_unexplained(&mut typed, &written.unexplained);
            return Ok(Saved::Invalid(typed));
        }
        if written.conflicts.is_empty() {
            return Ok(Saved::Saved(written.count));
        }
        let lang = self.lang();
        let conflicts = written
            .conflicts
            .iter()
            .map(|c| {
                let t = stored.catalog.target(&c.code);
                conflict_line(c, t, |f, t| reading_text(f.reading, t, lang), lang)
            })
            .collect();
        let now = self.current(conn)?;
        Ok(Saved::Conflicts {
            rows: self.rows(&now, Some(form)),
            saved: written.count,
            conflicts,
        })
    }
}

pub(super) fn reading_text(reading: UnitReading, t: &Target, lang: Lang) -> String {
    match reading {
        UnitReading::Value(v) => wording::with_unit(v, t, lang),
        UnitReading::Ratio {
            numerator,
            denominator,
        } => format!(
            "{}/{}",
            wording::number(numerator, lang),
            wording::number(denominator, lang)
        ),
        UnitReading::YesNo(yes) => crate::domain::lang::yes_no(yes, lang).to_string(),
    }
}

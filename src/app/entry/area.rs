//! The area's form of a year: every target, estimate and official, with source and note.

use std::collections::HashMap;

use super::{
    change_of, conflict_line, emptied, field, source_and_note_boxes, Form, Saved, YearForm,
};
use crate::app::error::AppError;
use crate::app::figures::{self, Change, Writer};
use crate::app::words::labels;
use crate::domain::measurement::{check, Draft, EntryPolicy, FieldProblem, Measurement};
use crate::domain::number;
use crate::domain::wording::{self, Lang};
use crate::domain::{MilestoneState, Quality, Reading, Target, TargetKind};
use crate::storage::{measurements, DbConnection};

/// One box of a row: a quality's figure, as stored or as typed, the revision it was filled from, its problem.
pub struct Cell {
    pub quality: &'static str,
    pub label: &'static str,
    pub value: String,
    pub revision: String,
    pub error: Option<String>,
    /// The stored figure's approval state: its name (a class) and its words.
    pub approval: Option<(&'static str, &'static str)>,
}

impl Cell {
    /// Whether its stored figure is approved: the box is shown but not edited (an approver reopens it first).
    pub fn approved(&self) -> bool {
        matches!(self.approval, Some((state, _)) if state == crate::domain::approval::Approval::Approved.as_str())
    }
}

/// One target's row of the form.
pub struct EntryRow {
    pub code: String,
    pub title: String,
    pub unit: String,
    pub milestone: bool,
    pub cells: Vec<Cell>,
    pub source: String,
    pub note: String,
}

/// Whether any box of the rows has a problem beside it.
pub fn has_errors(rows: &[EntryRow]) -> bool {
    rows.iter()
        .any(|r| r.cells.iter().any(|c| c.error.is_some()))
}

/// The stored figures of the year, by target code and quality.
type Stored = HashMap<(String, Quality), Measurement>;

/// The form's text for a stored figure: a number as the reader types it (no grouping), or a state's code.
fn typed(reading: Reading, lang: Lang) -> String {
    match reading {
        Reading::Value(v) if lang == Lang::Vi => v.to_string().replace('.', ","),
        Reading::Value(v) => v.to_string(),
        Reading::State(s) => s.as_str().to_string(),
    }
}

fn stored_for_year(conn: &mut DbConnection, form: &YearForm) -> Result<Stored, AppError> {
    Ok(measurements::all_measurements(conn, &form.stored)?
        .into_iter()
        .filter(|m| m.figure.year == form.year)
        .map(|m| ((m.target_code.clone(), m.figure.quality), m))
        .collect())
}

/// The form's rows as stored.
pub fn rows_as_stored(
    conn: &mut DbConnection,
    form: &YearForm,
    lang: Lang,
) -> Result<Vec<EntryRow>, AppError> {
    let current = stored_for_year(conn, form)?;
    Ok(rows(&form.stored.catalog.targets, &current, None, lang))
}

/// The rows as stored, or as typed when `form` is given (revisions always as stored).
fn rows(targets: &[Target], stored: &Stored, form: Option<&Form>, lang: Lang) -> Vec<EntryRow> {
    targets.iter().map(|t| row(t, stored, form, lang)).collect()
}

fn row(t: &Target, stored: &Stored, form: Option<&Form>, lang: Lang) -> EntryRow {
    let current = |q: Quality| stored.get(&(t.code.clone(), q));
    let l = labels(lang);
    let cells = Quality::ALL
        .iter()
        .map(|&q| Cell {
            quality: q.as_str(),
            label: if q == Quality::Estimate {
                l.estimate
            } else {
                l.official
            },
            value: match form {
                Some(f) => f.get(&field("v", &t.code, q)).cloned().unwrap_or_default(),
                None => current(q)
                    .map(|m| typed(m.figure.reading, lang))
                    .unwrap_or_default(),
            },
            revision: current(q)
                .map(|m| m.revision.to_string())
                .unwrap_or_default(),
            error: None,
            approval: current(q).map(|m| (m.approval.as_str(), m.approval.label(lang))),
        })
        .collect();
    let (source, note) = source_and_note_boxes(
        &t.code,
        form,
        current(Quality::Official),
        current(Quality::Estimate),
    );
    EntryRow {
        code: t.code.clone(),
        title: wording::title(t, lang).to_string(),
        unit: wording::unit(t, lang).to_string(),
        milestone: t.kind() == TargetKind::Milestone,
        cells,
        source,
        note,
    }
}

/// What one box asks for: `None` when it is empty (no change), else the draft or what is wrong with its text.
fn draft_for(
    t: &Target,
    q: Quality,
    year: i32,
    form: &Form,
    lang: Lang,
) -> Result<Option<Draft>, String> {
    let boxed = form.get(&field("v", &t.code, q));
    let text = boxed.map_or("", |s| s.trim());
    if text.is_empty() {
        // A milestone's empty choice says "unchanged"; an emptied number box is said.
        return match boxed {
            Some(_) if t.kind() != TargetKind::Milestone => emptied(form, &t.code, q, lang),
            _ => Ok(None),
        };
    }
    let l = labels(lang);
    let mut draft = Draft {
        year,
        quality: Some(q),
        source: form.get(&format!("s_{}", t.code)).cloned(),
        note: form.get(&format!("n_{}", t.code)).cloned(),
        ..Draft::default()
    };
    if t.kind() == TargetKind::Milestone {
        draft.state = Some(MilestoneState::parse(text).ok_or_else(|| l.not_a_state.to_string())?);
    } else {
        let value = number::parse(text, lang.decimal());
        draft.value = Some(value.ok_or_else(|| format!("{text:?} {}", l.not_a_number))?);
    }
    Ok(Some(draft))
}

/// Checks every box of the form with the domain's check: the changes to write, and the rows as typed with each
/// box's problem beside it.
fn check_form(
    year_form: &YearForm,
    current: &Stored,
    form: &Form,
    policy: &EntryPolicy,
    lang: Lang,
) -> (Vec<Change>, Vec<EntryRow>) {
    let catalog = &year_form.stored.catalog;
    let (targets, baseline_year) = (&catalog.targets, catalog.resolution.baseline_year);
    let mut shown = rows(targets, current, Some(form), lang);
    let mut changes = Vec::new();
    for (t, row) in targets.iter().zip(shown.iter_mut()) {
        for (&q, cell) in Quality::ALL.iter().zip(row.cells.iter_mut()) {
            let checked = draft_for(t, q, year_form.year, form, lang).and_then(|draft| {
                draft
                    .map(|d| check(t, baseline_year, policy, d))
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

/// A stored figure in words, for a conflict's line.
pub(super) fn in_words(figure: &crate::domain::Figure, t: &Target, lang: Lang) -> String {
    match figure.reading {
        Reading::Value(v) => wording::with_unit(v, t, lang),
        Reading::State(s) => s.label(lang).to_string(),
    }
}

/// Checks the whole form, then writes it through the figure pipeline.
pub fn save(
    conn: &mut DbConnection,
    year_form: &YearForm,
    form: &Form,
    policy: &EntryPolicy,
    who: &Writer<'_>,
    lang: Lang,
) -> Result<Saved<EntryRow>, AppError> {
    let current = stored_for_year(conn, year_form)?;
    let (changes, typed) = check_form(year_form, &current, form, policy, lang);
    if has_errors(&typed) {
        return Ok(Saved::Invalid(typed));
    }
    let stored = &year_form.stored;
    let written = figures::put_changes(conn, stored, changes, who, lang)?;
    if !written.unexplained.is_empty() {
        let mut typed = typed;
        super::mark_unexplained(&mut typed, &written.unexplained);
        return Ok(Saved::Invalid(typed));
    }
    if written.conflicts.is_empty() {
        return Ok(Saved::Saved(written.count));
    }
    let conflicts = written
        .conflicts
        .iter()
        .map(|c| {
            let t = stored.catalog.target(&c.code);
            conflict_line(c, t, |f, t| in_words(f, t, lang), lang)
        })
        .collect();
    // What is stored now (their figures, with their revisions), and what was typed.
    let now = stored_for_year(conn, year_form)?;
    Ok(Saved::Conflicts {
        rows: rows(&stored.catalog.targets, &now, Some(form), lang),
        saved: written.count,
        conflicts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::measurement::Problem;

    #[test]
    fn a_stored_number_is_typed_back_as_the_reader_writes_it() {
        assert_eq!(typed(Reading::Value(80.6), Lang::Vi), "80,6");
        assert_eq!(typed(Reading::Value(80.6), Lang::En), "80.6");
        assert_eq!(typed(Reading::Value(1200.0), Lang::En), "1200");
        assert_eq!(
            typed(Reading::State(MilestoneState::Done), Lang::Vi),
            "done"
        );
    }

    #[test]
    fn a_year_outside_a_target_term_is_the_domain_check_problem() {
        let problem = Problem::YearOutOfRange {
            first: 2020,
            last: 2026,
        };
        let text = FieldProblem::describe(&[FieldProblem::new("year", problem)], Lang::Vi);
        assert_eq!(text, "năm: năm phải từ 2020 đến 2026");
    }
}

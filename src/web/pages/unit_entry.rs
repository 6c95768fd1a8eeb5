//! `/entry/{year}?unit=CODE`: one unit's figures of a year, for every target rolled up from units of its kind:
//! the boxes each target's roll-up needs (a number for a sum, two counts for a ratio, yes/no for a share or a
//! count of units), estimate and official, with source and note. The same flow as the area's form: every box
//! checked by the units' one check, problems beside their boxes, nothing saved while one remains, a figure
//! someone else changed meanwhile kept and shown.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use askama::Template;

use crate::app::words::labels;
use crate::domain::lang::Explained;
use crate::domain::measurement::{Channel, Draft, FieldProblem, Measurement};
use crate::domain::number;
use crate::domain::rollup::{UnitFigure, UnitReading};
use crate::domain::unit_figures::{check_unit, exists_in, parse_yes_no, UnitDraft, UnitEntry};
use crate::domain::units::{Rollup, Unit};
use crate::domain::wording::{self, Lang};
use crate::domain::{Quality, Target};
use crate::storage::measurements::{self, WriteError, Written};
use crate::storage::{DbConnection, StoredCatalog};
use crate::web::frame::{render, Frame};
use crate::web::links::resolution_and;
use crate::web::visit::Desk;
use crate::web::AppError;

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
}

pub struct UnitEntryRow {
    pub code: String,
    pub title: String,
    pub unit: String,
    pub boxes: Boxes,
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

#[derive(Template)]
#[template(path = "unit_entry.html")]
struct UnitEntryPage {
    frame: Frame,
    csrf: String,
    action: String,
    area_href: String,
    unit_name: String,
    year: i32,
    rows: Vec<UnitEntryRow>,
    saved: Option<String>,
    has_errors: bool,
    conflicts: Vec<String>,
}

pub type Form = HashMap<String, String>;

/// A figure to write: its target's code, what it becomes, and the revision the form was filled from.
pub type UnitChange = (String, UnitEntry, Option<i32>);

/// The unit's stored figures of the year, by target code and quality.
type Stored = HashMap<(String, Quality), Measurement<UnitFigure>>;

/// The unit and year a form is for, with what it needs to draw and check it.
pub struct UnitSheet<'a> {
    pub desk: &'a Desk,
    pub stored: &'a StoredCatalog,
    pub unit: &'a Unit,
    pub year: i32,
    pub policy: crate::domain::measurement::EntryPolicy,
}

/// The unit of `?unit=` in the resolution, existing in the year: else a 404 page saying why.
pub fn unit_of<'a>(stored: &'a StoredCatalog, code: &str, year: i32) -> Result<&'a Unit, AppError> {
    let unit = stored
        .catalog
        .units
        .iter()
        .find(|u| u.code == code)
        .ok_or_else(AppError::no_page)?;
    if !exists_in(unit, year) {
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

/// The targets this unit reports on: rolled up from units, and from units of its kind.
fn targets_of<'a>(stored: &'a StoredCatalog, unit: &Unit) -> Vec<&'a Target> {
    stored
        .catalog
        .targets
        .iter()
        .filter(|t| t.rollup != Rollup::None)
        .filter(|t| {
            let kinds = t.rollup.counted_kinds();
            kinds.is_empty() || kinds.contains(&unit.kind)
        })
        .collect()
}

fn boxes(t: &Target) -> Boxes {
    match t.rollup {
        Rollup::Ratio => Boxes::Counts,
        Rollup::ShareOfUnits(_) | Rollup::CountOfUnits(_) => Boxes::YesNo,
        _ => Boxes::Value,
    }
}

fn name(prefix: &str, code: &str, q: Quality) -> String {
    format!("{prefix}_{code}_{}", q.as_str())
}

/// A stored number as the reader types it (no grouping).
fn typed(v: f64, lang: Lang) -> String {
    match lang {
        Lang::Vi => v.to_string().replace('.', ","),
        Lang::En => v.to_string(),
    }
}

impl UnitSheet<'_> {
    fn lang(&self) -> Lang {
        self.desk.reader.lang
    }

    pub fn current(&self, conn: &mut DbConnection) -> Result<Stored, AppError> {
        Ok(
            measurements::unit_year_measurements(conn, self.stored, &self.unit.code, self.year)?
                .into_iter()
                .map(|m| ((m.target_code.clone(), m.figure.quality), m))
                .collect(),
        )
    }

    /// The rows as stored, or as typed when `form` is given (revisions always as stored).
    pub fn rows(&self, current: &Stored, form: Option<&Form>) -> Vec<UnitEntryRow> {
        let (lang, l) = (self.lang(), labels(self.lang()));
        targets_of(self.stored, self.unit)
            .into_iter()
            .map(|t| {
                let now = |q: Quality| current.get(&(t.code.clone(), q));
                let cells = Quality::ALL
                    .iter()
                    .map(|&q| {
                        let reading = now(q).map(|m| m.figure.reading);
                        let (value, numerator, denominator) = match reading {
                            Some(UnitReading::Value(v)) => {
                                (typed(v, lang), String::new(), String::new())
                            }
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
                                .get(&name(prefix, &t.code, q))
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
                            revision: now(q).map(|m| m.revision.to_string()).unwrap_or_default(),
                            error: None,
                        }
                    })
                    .collect();
                let (source, note) = super::entry::source_and_note_boxes(
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
                    cells,
                    source,
                    note,
                }
            })
            .collect()
    }

    pub fn render(
        &self,
        rows: Vec<UnitEntryRow>,
        saved: Option<String>,
        conflicts: Vec<String>,
    ) -> Result<String, AppError> {
        let (lang, year, selection) = (self.lang(), self.year, &self.desk.selection);
        let unit_name = lang
            .pick(&self.unit.name_vi, &self.unit.name_en)
            .to_string();
        let path = format!("/entry/{year}");
        let with_unit = vec![format!("unit={}", self.unit.code)];
        render(&UnitEntryPage {
            frame: self.desk.frame(
                format!("{} {year} · {unit_name}", labels(lang).entry_title),
                &format!("{path}?unit={}", self.unit.code),
            ),
            csrf: self.desk.csrf(),
            action: resolution_and(&path, with_unit, selection),
            area_href: resolution_and(&path, Vec::new(), selection),
            unit_name,
            year,
            has_errors: rows
                .iter()
                .any(|r| r.cells.iter().any(|c| c.error.is_some())),
            rows,
            saved,
            conflicts,
        })
    }

    /// Checks every box with the units' one check: the changes to write (with the revision each was typed on),
    /// and the rows as typed with each box's problem beside it.
    pub fn check(&self, current: &Stored, form: &Form) -> (Vec<UnitChange>, Vec<UnitEntryRow>) {
        let lang = self.lang();
        let mut shown = self.rows(current, Some(form));
        let mut changes = Vec::new();
        let targets = targets_of(self.stored, self.unit);
        let baseline = self.stored.catalog.resolution.baseline_year;
        let policy = self.policy;
        for (t, row) in targets.into_iter().zip(shown.iter_mut()) {
            for (&q, cell) in Quality::ALL.iter().zip(row.cells.iter_mut()) {
                let checked = self.draft(t, q, form).and_then(|draft| {
                    draft
                        .map(|d| check_unit(t, Some(self.unit), baseline, &policy, d))
                        .transpose()
                        .map_err(|problems| FieldProblem::describe(&problems, lang))
                });
                match checked {
                    Ok(Some(entry)) => {
                        let stored = current.get(&(t.code.clone(), q));
                        let same = stored.is_some_and(|m| {
                            m.figure.reading == entry.figure.reading
                                && m.source == entry.source
                                && m.note == entry.note
                        });
                        if !same {
                            let seen = form
                                .get(&name("r", &t.code, q))
                                .and_then(|r| r.parse().ok());
                            changes.push((t.code.clone(), entry, seen));
                        }
                    }
                    Ok(None) => {}
                    Err(message) => cell.error = Some(message),
                }
            }
        }
        (changes, shown)
    }

    /// What one quality's boxes ask for: none when they are empty (no change), else the draft or why not.
    fn draft(&self, t: &Target, q: Quality, form: &Form) -> Result<Option<UnitDraft>, String> {
        let (lang, l) = (self.lang(), labels(self.lang()));
        let text = |prefix: &str| form.get(&name(prefix, &t.code, q)).map_or("", |s| s.trim());
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
                year: self.year,
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
                    return Ok(None);
                };
                draft.draft.value = Some(v);
            }
            Boxes::Counts => {
                let (n, d) = (num(text("num"))?, num(text("den"))?);
                if n.is_none() && d.is_none() {
                    return Ok(None);
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

    /// Writes each change on the revision it was typed on: how many were saved, and a line for each one someone
    /// else changed meanwhile (theirs is kept).
    pub fn write(
        &self,
        conn: &mut DbConnection,
        changes: &[UnitChange],
    ) -> Result<(usize, Vec<String>), AppError> {
        let (lang, l) = (self.lang(), labels(self.lang()));
        let mut saved = 0;
        let mut conflicts = Vec::new();
        for (code, entry, seen) in changes {
            match measurements::put_measurement(
                conn,
                self.stored,
                code,
                entry,
                *seen,
                &self.desk.me.name,
                Channel::Form,
            ) {
                Ok(Written::Created(_) | Written::Updated(_)) => saved += 1,
                Ok(Written::Unchanged(_)) => {}
                Err(WriteError::Stale { current }) => {
                    let target = self.stored.catalog.target(code);
                    let theirs = match (current.as_deref(), target) {
                        (Some(m), Some(t)) => format!(
                            "{} ({} {}, {})",
                            reading_text(m.figure.reading, t, lang),
                            m.changed_by,
                            l.at,
                            m.changed_at.format("%Y-%m-%d %H:%M UTC")
                        ),
                        _ => l.deleted.to_string(),
                    };
                    conflicts.push(format!(
                        "{code} {} ({}): {}: {theirs}",
                        entry.figure.year,
                        entry.figure.quality.as_str(),
                        l.entry_conflict
                    ));
                }
                Err(WriteError::NotFound) => return Err(AppError::no_page()),
                Err(WriteError::Storage(e)) => return Err(e.into()),
            }
        }
        Ok((saved, conflicts))
    }
}

fn reading_text(reading: UnitReading, t: &Target, lang: Lang) -> String {
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
        UnitReading::YesNo(yes) => lang
            .pick(
                if yes { "có" } else { "không" },
                if yes { "yes" } else { "no" },
            )
            .to_string(),
    }
}

/// A save of one unit's form: saved (how many), or the form again with its status.
pub enum UnitOutcome {
    Saved(usize),
    Again(StatusCode, String),
}

/// Checks the whole form, then writes it.
pub fn save_unit_year(
    conn: &mut DbConnection,
    sheet: &UnitSheet,
    form: &Form,
    saved_text: impl Fn(usize) -> String,
) -> Result<UnitOutcome, AppError> {
    let current = sheet.current(conn)?;
    let (changes, typed) = sheet.check(&current, form);
    if typed
        .iter()
        .any(|r| r.cells.iter().any(|c| c.error.is_some()))
    {
        let body = sheet.render(typed, None, Vec::new())?;
        return Ok(UnitOutcome::Again(StatusCode::UNPROCESSABLE_ENTITY, body));
    }
    let (saved, conflicts) = sheet.write(conn, &changes)?;
    if conflicts.is_empty() {
        return Ok(UnitOutcome::Saved(saved));
    }
    let now = sheet.current(conn)?;
    let shown = sheet.rows(&now, Some(form));
    let body = sheet.render(shown, (saved > 0).then(|| saved_text(saved)), conflicts)?;
    Ok(UnitOutcome::Again(StatusCode::CONFLICT, body))
}

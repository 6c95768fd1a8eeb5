//! `/entry/{year}`: one form with every target of the URL's resolution for a year: estimate and official
//! figures, source and note, filled with the stored values. A save is parse → check (the domain's one check,
//! every box) → write → page: errors show beside their boxes (nothing is saved while one remains) and what was
//! typed stays; a figure someone else changed meanwhile is not overwritten: their value is shown instead.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web;
use askama::Template;
use serde::Deserialize;

use crate::app::scope::Scope;
use crate::app::words::labels;
use crate::domain::measurement::{check, Channel, Draft, Entry, FieldProblem, Measurement};
use crate::domain::number;
use crate::domain::wording::{self, Lang};
use crate::domain::{MilestoneState, Quality, Reading, Target, TargetKind};
use crate::storage::measurements::{self, WriteError, Written};
use crate::storage::{DbConnection, StoredCatalog};
use crate::web::auth::check_form_csrf;
use crate::web::frame::{html, render, see_other, Frame};
use crate::web::links::{keeping_resolution, resolution_and};
use crate::web::visit::Desk;
use crate::web::{Answer, AppError, Chosen, Segment, State};

use super::unit_entry::{save_unit_year, unit_of, UnitOutcome, UnitSheet};

pub struct Cell {
    pub quality: &'static str,
    pub label: &'static str,
    pub value: String,
    pub revision: String,
    pub error: Option<String>,
}

pub struct EntryRow {
    pub code: String,
    pub title: String,
    pub unit: String,
    pub milestone: bool,
    pub cells: Vec<Cell>,
    pub source: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "entry.html")]
struct EntryPage {
    frame: Frame,
    csrf: String,
    action: String,
    year: i32,
    /// Each year of the term and its form's link.
    years: Vec<(i32, String)>,
    rows: Vec<EntryRow>,
    states: Vec<(&'static str, &'static str)>,
    saved: Option<String>,
    has_errors: bool,
    conflicts: Vec<String>,
    units: Vec<(String, String)>,
    /// The resolution of the URL, kept by the unit choice's GET form.
    resolution: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct EntryQuery {
    saved: Option<usize>,
    /// A unit's form instead of the area's (`/entry/{year}?unit=CODE`).
    unit: Option<String>,
}

/// The form as sent: field name → text.
type Form = HashMap<String, String>;

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

fn field(prefix: &str, code: &str, quality: Quality) -> String {
    format!("{prefix}_{code}_{}", quality.as_str())
}

/// Whether any box of the rows has a problem beside it.
fn has_errors(rows: &[EntryRow]) -> bool {
    rows.iter()
        .any(|r| r.cells.iter().any(|c| c.error.is_some()))
}

/// The page's frame of reference: who fills it in, for which resolution and year, among which years.
struct Sheet<'a> {
    desk: &'a Desk,
    years: Vec<i32>,
    year: i32,
    /// The units reporting this year (code, name), for opening one's form.
    units: Vec<(String, String)>,
}

impl Sheet<'_> {
    fn render(
        &self,
        rows: Vec<EntryRow>,
        saved: Option<String>,
        conflicts: Vec<String>,
    ) -> Result<String, AppError> {
        let (lang, year, selection) = (self.desk.reader.lang, self.year, &self.desk.selection);
        let path = format!("/entry/{year}");
        let title = format!("{} {year}", labels(lang).entry_title);
        render(&EntryPage {
            frame: self.desk.frame(title, &path),
            csrf: self.desk.csrf(),
            action: keeping_resolution(&path, selection),
            year,
            years: self
                .years
                .iter()
                .map(|&y| (y, keeping_resolution(&format!("/entry/{y}"), selection)))
                .collect(),
            has_errors: has_errors(&rows),
            rows,
            states: MilestoneState::ALL
                .iter()
                .map(|s| (s.as_str(), s.label(lang)))
                .collect(),
            saved,
            conflicts,
            units: self.units.clone(),
            resolution: selection.resolution.clone(),
        })
    }
}

/// The resolution of the URL, its entry years, and the year of the path if it is one of them (else 404).
fn open_year(
    conn: &mut DbConnection,
    selection: &Scope,
    year: &str,
    years_after_goal: i32,
) -> Result<(StoredCatalog, Vec<i32>, i32), AppError> {
    let stored = selection.catalog(conn)?;
    let years: Vec<i32> = stored.catalog.entry_years(years_after_goal).collect();
    let year = crate::domain::measurement::parse_year(year)
        .filter(|y| years.contains(y))
        .ok_or_else(AppError::no_page)?;
    Ok((stored, years, year))
}

fn stored_for_year(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    year: i32,
) -> Result<Stored, AppError> {
    Ok(measurements::all_measurements(conn, stored)?
        .into_iter()
        .filter(|m| m.figure.year == year)
        .map(|m| ((m.target_code.clone(), m.figure.quality), m))
        .collect())
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

/// What one box asks for: `None` when it is empty (no change), else the draft or what is wrong with its text.
fn draft_for(
    t: &Target,
    q: Quality,
    year: i32,
    form: &Form,
    lang: Lang,
) -> Result<Option<Draft>, String> {
    let text = form
        .get(&field("v", &t.code, q))
        .map(|s| s.trim())
        .unwrap_or("");
    if text.is_empty() {
        return Ok(None);
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

/// A figure to write: its target, what it becomes, and the revision the form was filled from.
struct Change {
    code: String,
    entry: Entry,
    seen: Option<i32>,
}

/// Checks every box of the form with the domain's check: the changes to write, and the rows as typed with each
/// box's problem beside it.
fn check_form(
    stored: &StoredCatalog,
    current: &Stored,
    form: &Form,
    year: i32,
    policy: &crate::domain::measurement::EntryPolicy,
    lang: Lang,
) -> (Vec<Change>, Vec<EntryRow>) {
    let targets = &stored.catalog.targets;
    let baseline_year = stored.catalog.resolution.baseline_year;
    let mut shown = rows(targets, current, Some(form), lang);
    let mut changes = Vec::new();
    for (t, row) in targets.iter().zip(shown.iter_mut()) {
        for (&q, cell) in Quality::ALL.iter().zip(row.cells.iter_mut()) {
            let checked = draft_for(t, q, year, form, lang).and_then(|draft| {
                draft
                    .map(|d| check(t, baseline_year, policy, d))
                    .transpose()
                    .map_err(|problems| FieldProblem::describe(&problems, lang))
            });
            match checked {
                Ok(Some(entry)) if !unchanged(current.get(&(t.code.clone(), q)), &entry) => {
                    let seen = form
                        .get(&field("r", &t.code, q))
                        .and_then(|r| r.parse().ok());
                    changes.push(Change {
                        code: t.code.clone(),
                        entry,
                        seen,
                    });
                }
                Ok(_) => {}
                Err(message) => cell.error = Some(message),
            }
        }
    }
    (changes, shown)
}

fn unchanged(current: Option<&Measurement>, entry: &Entry) -> bool {
    current.is_some_and(|m| {
        m.figure.reading == entry.figure.reading && m.source == entry.source && m.note == entry.note
    })
}

/// Writes each change with the revision it was based on: how many were saved, and a line for each one someone
/// else changed meanwhile (theirs is kept).
fn write(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    changes: &[Change],
    who: &str,
    lang: Lang,
) -> Result<(usize, Vec<String>), AppError> {
    let mut saved = 0;
    let mut conflicts = Vec::new();
    for c in changes {
        match measurements::put_measurement(
            conn,
            stored,
            &c.code,
            &c.entry,
            c.seen,
            who,
            Channel::Form,
        ) {
            Ok(Written::Created(_) | Written::Updated(_)) => saved += 1,
            Ok(Written::Unchanged(_)) => {}
            Err(WriteError::Stale { current }) => {
                let target = stored.catalog.target(&c.code);
                conflicts.push(conflict_line(c, current.as_deref(), target, lang));
            }
            Err(WriteError::NotFound) => return Err(AppError::no_page()),
            Err(WriteError::Storage(e)) => return Err(e.into()),
        }
    }
    Ok((saved, conflicts))
}

/// "T01 2024 (official): Người khác đã thay đổi số liệu này: 81,2 triệu đồng (thong.ke lúc 2024-12-01 08:30 UTC)".
fn conflict_line(
    c: &Change,
    theirs: Option<&Measurement>,
    t: Option<&Target>,
    lang: Lang,
) -> String {
    let l = labels(lang);
    let theirs = match (theirs, t) {
        (Some(m), Some(t)) => format!(
            "{} ({} {}, {})",
            match m.figure.reading {
                Reading::Value(v) => wording::with_unit(v, t, lang),
                Reading::State(s) => s.label(lang).to_string(),
            },
            m.changed_by,
            l.at,
            m.changed_at.format("%Y-%m-%d %H:%M UTC")
        ),
        _ => l.deleted.to_string(),
    };
    let figure = &c.entry.figure;
    format!(
        "{} {} ({}): {}: {theirs}",
        c.code,
        figure.year,
        figure.quality.as_str(),
        l.entry_conflict
    )
}

fn saved_text(saved: usize, lang: Lang) -> String {
    labels(lang).entry_saved.replace("{n}", &saved.to_string())
}

pub async fn form(
    state: State,
    desk: Desk,
    year: Segment,
    query: web::Query<EntryQuery>,
) -> Answer {
    let reader = desk.reader;
    let query = query.into_inner();
    let saved = query.saved.map(|n| saved_text(n, reader.lang));
    let policy = state.policy;
    let body = state
        .with_conn(move |conn| {
            let (stored, years, year) =
                open_year(conn, &desk.selection, &year, policy.years_after_goal)?;
            if let Some(code) = &query.unit {
                let sheet = UnitSheet {
                    desk: &desk,
                    stored: &stored,
                    unit: unit_of(&stored, code, year)?,
                    year,
                    policy,
                };
                let current = sheet.current(conn)?;
                return sheet.render(sheet.rows(&current, None), saved, Vec::new());
            }
            let current = stored_for_year(conn, &stored, year)?;
            let rows = rows(&stored.catalog.targets, &current, None, reader.lang);
            let sheet = Sheet {
                desk: &desk,
                years,
                year,
                units: units_of_year(&stored, year, reader.lang),
            };
            sheet.render(rows, saved, Vec::new())
        })
        .await?;
    Ok(html(StatusCode::OK, body, reader))
}

/// The units that report in a year, for the area form's choice of a unit's form: (code, name).
fn units_of_year(stored: &StoredCatalog, year: i32, lang: Lang) -> Vec<(String, String)> {
    stored
        .catalog
        .units
        .iter()
        .filter(|u| crate::domain::unit_figures::exists_in(u, year))
        .map(|u| {
            (
                u.code.clone(),
                lang.pick(&u.name_vi, &u.name_en).to_string(),
            )
        })
        .collect()
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

/// A form with a box for a target the form does not show (retired, or not in the resolution) is refused whole,
/// naming it, rather than that box being dropped.
fn boxes_of_other_targets(form: &Form, stored: &StoredCatalog) -> Result<(), AppError> {
    let other = form
        .iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .filter_map(|(key, _)| box_target(key))
        .find(|code| stored.catalog.target(code).is_none());
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

/// How a save went: every change saved (how many), or the form again with its status and why.
enum Outcome {
    Saved(usize),
    Again(StatusCode, String),
}

pub async fn save(
    state: State,
    desk: Desk,
    year: Segment,
    query: web::Query<EntryQuery>,
    form: web::Form<Form>,
) -> Answer {
    let (form, reader) = (form.into_inner(), desk.reader);
    check_form_csrf(&desk.me, form.get("csrf").map_or("", String::as_str))?;
    let policy = state.policy;
    let selection = desk.selection.clone();
    let unit = query.into_inner().unit;
    let for_unit = unit.clone();
    let (outcome, year) = state
        .with_conn(move |conn| {
            let (stored, years, year) =
                open_year(conn, &desk.selection, &year, policy.years_after_goal)?;
            boxes_of_other_targets(&form, &stored)?;
            if let Some(code) = &for_unit {
                let sheet = UnitSheet {
                    desk: &desk,
                    stored: &stored,
                    unit: unit_of(&stored, code, year)?,
                    year,
                    policy,
                };
                let lang = reader.lang;
                let outcome = match save_unit_year(conn, &sheet, &form, |n| saved_text(n, lang))? {
                    UnitOutcome::Saved(n) => Outcome::Saved(n),
                    UnitOutcome::Again(status, body) => Outcome::Again(status, body),
                };
                return Ok((outcome, year));
            }
            let sheet = Sheet {
                desk: &desk,
                years,
                year,
                units: units_of_year(&stored, year, reader.lang),
            };
            Ok((save_year(conn, &sheet, &stored, &form, &policy)?, year))
        })
        .await?;
    let _ = state.refresh_data_version().await;
    match outcome {
        Outcome::Saved(saved) => {
            let mut parts = vec![format!("saved={saved}")];
            if let Some(code) = unit {
                parts.push(format!("unit={}", crate::web::links::urlencode(&code)));
            }
            let path = format!("/entry/{year}");
            Ok(see_other(&resolution_and(&path, parts, &selection)))
        }
        Outcome::Again(status, body) => Ok(html(status, body, reader)),
    }
}

/// Checks the whole form, then writes it: saved, or the form again with its problems or conflicts.
fn save_year(
    conn: &mut DbConnection,
    sheet: &Sheet,
    stored: &StoredCatalog,
    form: &Form,
    policy: &crate::domain::measurement::EntryPolicy,
) -> Result<Outcome, AppError> {
    let (lang, year) = (sheet.desk.reader.lang, sheet.year);
    let current = stored_for_year(conn, stored, year)?;
    let (changes, typed) = check_form(stored, &current, form, year, policy, lang);
    if has_errors(&typed) {
        let body = sheet.render(typed, None, Vec::new())?;
        return Ok(Outcome::Again(StatusCode::UNPROCESSABLE_ENTITY, body));
    }
    let (saved, conflicts) = write(conn, stored, &changes, &sheet.desk.me.name, lang)?;
    if conflicts.is_empty() {
        return Ok(Outcome::Saved(saved));
    }
    // What is stored now (their figures, with their revisions), and what was typed.
    let now = stored_for_year(conn, stored, year)?;
    let shown = rows(&stored.catalog.targets, &now, Some(form), lang);
    let saved = (saved > 0).then(|| saved_text(saved, lang));
    let body = sheet.render(shown, saved, conflicts)?;
    Ok(Outcome::Again(StatusCode::CONFLICT, body))
}

/// `/entry?unit=CODE`: the unit whose form to open.
#[derive(Debug, Deserialize)]
pub struct UnitParam {
    unit: Option<String>,
}

/// `/entry`: the current year's form, or the term's last year once the term is over.
pub async fn current(
    state: State,
    selection: Chosen,
    unit: web::Query<UnitParam>,
    req: actix_web::HttpRequest,
) -> Answer {
    let mut selection = selection.into_inner();
    // A commune statistician's form is their unit's, in their resolution.
    let scope = crate::web::auth::signed_in(&req).and_then(|me| me.unit);
    if let (Some(scope), None) = (&scope, &selection.resolution) {
        selection.resolution = Some(scope.resolution.clone());
    }
    let year = super::current_entry_year(&state, &selection).await?;
    let unit = unit.into_inner().unit.or(scope.map(|s| s.unit));
    let parts = unit
        .map(|u| vec![format!("unit={}", crate::web::links::urlencode(&u))])
        .unwrap_or_default();
    Ok(see_other(&resolution_and(
        &format!("/entry/{year}"),
        parts,
        &selection,
    )))
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
    fn a_box_names_its_target() {
        assert_eq!(box_target("v_T01_official"), Some("T01"));
        assert_eq!(box_target("num_T_06_estimate"), Some("T_06"));
        assert_eq!(box_target("s_T16"), Some("T16"));
        assert_eq!(box_target("csrf"), None);
        assert_eq!(box_target("v_T01_final"), None);
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

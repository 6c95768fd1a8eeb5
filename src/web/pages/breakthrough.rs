//! `/breakthroughs/{code}`: a breakthrough task, its linked targets, its assessments over the years, and (for
//! statisticians) a form to record one.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web;
use askama::Template;
use serde::Deserialize;

use super::rows::Row;
use crate::app::assessments::{self, BreakthroughRead, Recorded};
use crate::app::figures::Writer;
use crate::app::scope::breakthrough_of;
use crate::app::words::labels;
use crate::app::DbConnection;
use crate::domain::account::Role;
use crate::domain::assessment::{check_text, parse_status, Assessment, ASSESSMENT_STATUSES};
use crate::domain::measurement::Channel;
use crate::domain::wording::Lang;
use crate::domain::Status;
use crate::web::auth::check_form_csrf;
use crate::web::frame::{html, page, render, see_other, Frame};
use crate::web::links::{keeping, keeping_resolution, resolution_and};
use crate::web::visit::{Desk, Visit};
use crate::web::{Answer, AppError, Segment, State};

pub struct AssessmentRow {
    pub year: i32,
    pub class: &'static str,
    pub status: &'static str,
    pub text: String,
    pub by: String,
}

#[derive(Template)]
#[template(path = "breakthrough.html")]
pub struct BreakthroughPage {
    pub frame: Frame,
    pub overview_href: String,
    pub code: String,
    pub title: String,
    pub source_text: Option<String>,
    pub as_of: i32,
    pub rows: Vec<Row>,
    pub assessments: Vec<AssessmentRow>,
    /// The form, for statisticians: years, statuses, revisions seen, what was typed.
    pub can_assess: bool,
    pub csrf: String,
    pub years: Vec<(i32, bool)>,
    pub statuses: Vec<(&'static str, &'static str, bool)>,
    pub revisions: Vec<(i32, i32)>,
    pub typed: String,
    pub message: Option<&'static str>,
    pub error: Option<String>,
    pub action: String,
}

#[derive(Debug, Default, Clone)]
struct FormState {
    year: Option<i32>,
    status: Option<String>,
    text: String,
    message: Option<&'static str>,
    error: Option<String>,
}

/// Who reads the page (about which resolution and year), and how far past the goal year assessments go.
struct Reading {
    visit: Visit,
    years_after_goal: i32,
}

/// Reads the task's page: 404 for a task the resolution does not have.
fn read(
    conn: &mut DbConnection,
    code: &str,
    reading: &Reading,
) -> Result<BreakthroughRead, AppError> {
    assessments::read(conn, &reading.visit.selection, code).map_err(|e| match e.code {
        crate::web::ErrorCode::NotFound => AppError::no_page(),
        _ => e,
    })
}

fn build(
    read: &BreakthroughRead,
    code: &str,
    reading: &Reading,
    form: FormState,
) -> Result<String, AppError> {
    let visit = &reading.visit;
    let (selection, lang) = (&visit.selection, visit.reader.lang);
    let (stored, as_of, board) = (&read.board.stored, read.board.as_of, &read.board.dashboard);
    let b = breakthrough_of(stored, code).map_err(|_| AppError::no_page())?;
    let c = &stored.catalog;
    let list = &read.assessments;
    let rows = board
        .targets
        .iter()
        .filter_map(|entry| Some((c.target(&entry.target.code)?, entry)))
        .filter(|(t, _)| t.breakthrough.as_deref() == Some(b.code.as_str()))
        .map(|(t, entry)| Row::of(t, entry, c.resolution.counting, (lang, selection)))
        .collect();
    let title = lang.pick(&b.title_vi, &b.title_en).to_string();
    let entry_years = c.entry_years(reading.years_after_goal);
    let chosen_year = form
        .year
        .unwrap_or_else(|| as_of.clamp(*entry_years.start(), *entry_years.end()));
    let path = format!("/breakthroughs/{}", b.code);
    render(&BreakthroughPage {
        frame: visit.frame(format!("{} · {title}", b.code), &path),
        overview_href: keeping("/", selection),
        code: b.code.clone(),
        title,
        source_text: b.source_text_vi.clone(),
        as_of,
        rows,
        assessments: list.iter().map(|a| assessment_row(a, lang)).collect(),
        can_assess: visit
            .user
            .as_ref()
            .is_some_and(|u| u.role >= Role::Statistician),
        csrf: visit
            .user
            .as_ref()
            .and_then(|u| u.csrf.clone())
            .unwrap_or_default(),
        years: entry_years.map(|y| (y, y == chosen_year)).collect(),
        statuses: status_choices(form.status.as_deref(), lang),
        revisions: list.iter().map(|a| (a.year, a.revision)).collect(),
        typed: form.text,
        message: form.message,
        error: form.error,
        action: keeping_resolution(&format!("{path}/assessments"), selection),
    })
}

fn assessment_row(a: &Assessment, lang: Lang) -> AssessmentRow {
    AssessmentRow {
        year: a.year,
        class: a.status.as_str(),
        status: a.status.label(lang),
        text: a.text.clone(),
        by: format!(
            "{} {} · {}",
            labels(lang).by,
            a.changed_by,
            crate::clock::shown_rfc3339(&a.changed_at)
        ),
    }
}

/// The statuses an assessment may take, the one typed before selected.
fn status_choices(typed: Option<&str>, lang: Lang) -> Vec<(&'static str, &'static str, bool)> {
    ASSESSMENT_STATUSES
        .iter()
        .map(|s| (s.as_str(), s.label(lang), typed == Some(s.as_str())))
        .collect()
}

#[derive(Debug, Deserialize, Default)]
pub struct Saved {
    saved: Option<String>,
}

pub async fn breakthrough(
    state: State,
    code: Segment,
    saved: web::Query<Saved>,
    visit: Visit,
) -> Answer {
    let (code, reader) = (code.into_inner(), visit.reader);
    let form = FormState {
        message: saved
            .saved
            .as_ref()
            .map(|_| labels(reader.lang).assessment_saved),
        ..FormState::default()
    };
    let reading = Reading {
        visit,
        years_after_goal: state.policy.years_after_goal,
    };
    let asked = code.clone();
    let (read, reading) = state
        .with_conn(move |conn| Ok((read(conn, &asked, &reading)?, reading)))
        .await?;
    let body = build(&read, &code, &reading, form)?;
    Ok(page(body, reader))
}

/// An assessment as the form sends it, checked: the year, status and text, or what is wrong in the reader's
/// language.
fn checked(form: &HashMap<String, String>, lang: Lang) -> Result<(i32, Status, String), String> {
    let l = labels(lang);
    let year = form
        .get("year")
        .and_then(|y| crate::domain::measurement::parse_year(y))
        .ok_or_else(|| l.bad_year.to_string())?;
    let status = form
        .get("status")
        .and_then(|s| parse_status(s))
        .ok_or_else(|| l.choose_status.to_string())?;
    let text = check_text(form.get("text").map_or("", String::as_str))
        .map_err(|said| format!("{}: {}", l.text_field, said.pick(lang)))?;
    Ok((year, status, text))
}

/// How a recorded assessment went: saved, or the page again with why not.
enum Outcome {
    Saved,
    Again(StatusCode, String),
}

/// What the form asks for: the checked assessment (or what is wrong), the revision seen, and what was typed.
struct Asked {
    checked: Result<(i32, Status, String), String>,
    seen: Option<i32>,
    typed: FormState,
}

impl Asked {
    fn read(form: &HashMap<String, String>, lang: Lang) -> Asked {
        let year = form
            .get("year")
            .and_then(|y| crate::domain::measurement::parse_year(y));
        Asked {
            checked: checked(form, lang),
            seen: year
                .and_then(|y| form.get(&format!("rev_{y}")))
                .and_then(|r| r.parse::<i32>().ok()),
            typed: FormState {
                year,
                status: form.get("status").cloned(),
                text: form.get("text").cloned().unwrap_or_default(),
                ..FormState::default()
            },
        }
    }
}

/// Writes the assessment if it is sound and based on the current revision; else the page again, saying why.
fn write(
    conn: &mut DbConnection,
    code: &str,
    reading: &Reading,
    asked: Asked,
) -> Result<Outcome, AppError> {
    let Asked {
        checked,
        seen,
        mut typed,
    } = asked;
    let me = reading.visit.user.as_ref();
    let status = match checked {
        Err(message) => {
            typed.error = Some(message);
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Ok((year, status, text)) => {
            let who = Writer {
                name: me.map_or("", |u| u.name.as_str()),
                scope: me.and_then(|u| u.unit.as_ref()),
                agency: me.and_then(|u| u.agency.as_ref()),
                channel: Channel::Form,
            };
            let what = Recorded {
                year,
                status,
                text: &text,
                revision: seen,
            };
            let (scope, n) = (&reading.visit.selection, reading.years_after_goal);
            match assessments::record(conn, scope, code, what, &who, n) {
                Ok(_) => return Ok(Outcome::Saved),
                Err(e) if e.code == crate::web::ErrorCode::StaleRevision => {
                    let lang = reading.visit.reader.lang;
                    typed.error = Some(labels(lang).assessment_stale.to_string());
                    StatusCode::CONFLICT
                }
                Err(e) if e.code == crate::web::ErrorCode::NotFound => {
                    return Err(AppError::no_page())
                }
                Err(e) => return Err(e),
            }
        }
    };
    Ok(Outcome::Again(
        status,
        build(&read(conn, code, reading)?, code, reading, typed)?,
    ))
}

pub async fn record(
    state: State,
    code: Segment,
    desk: Desk,
    form: web::Form<HashMap<String, String>>,
) -> Answer {
    let (form, code, reader) = (form.into_inner(), code.into_inner(), desk.reader);
    check_form_csrf(&desk.me, form.get("csrf").map_or("", String::as_str))?;
    let asked = Asked::read(&form, reader.lang);
    let saved = resolution_and(
        &format!("/breakthroughs/{code}"),
        vec!["saved=1".to_string()],
        &desk.selection,
    );
    let reading = Reading {
        visit: Visit::from(desk),
        years_after_goal: state.policy.years_after_goal,
    };
    let outcome = state
        .with_conn(move |conn| write(conn, &code, &reading, asked))
        .await?;
    match outcome {
        Outcome::Saved => {
            let _ = state.refresh_data_version().await;
            Ok(see_other(&saved))
        }
        Outcome::Again(status, body) => Ok(html(status, body, reader)),
    }
}

//! `/entry/{year}`: one form with every target for a year: estimate and official figures, source and note,
//! filled with the stored values. Errors show beside their boxes (nothing is saved while one remains) and what was
//! typed stays; a figure someone else changed meanwhile is not overwritten: their value is shown instead.

use std::collections::HashMap;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::frame::{page_conn, reader_lang, render, Frame, PageError, PageQuery};
use super::labels::labels;
use crate::domain::measurement::{check, entry_years, Channel, Draft, Entry, Measurement};
use crate::domain::number::{self, Decimal};
use crate::domain::wording::{self, Lang};
use crate::domain::{MilestoneState, Quality, Reading, Target, TargetKind};
use crate::storage::accounts::Identity;
use crate::storage::measurements::{self, WriteError, Written};
use crate::storage::StoredCatalog;
use crate::web::auth::{check_form_csrf, Caller};
use crate::web::AppState;

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
    year: i32,
    years: Vec<i32>,
    rows: Vec<EntryRow>,
    states: Vec<(&'static str, &'static str)>,
    saved: Option<String>,
    has_errors: bool,
    conflicts: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct EntryQuery {
    saved: Option<usize>,
}

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

fn years(stored: &StoredCatalog, years_after_goal: i32) -> Vec<i32> {
    stored.catalog.entry_years(years_after_goal).collect()
}

/// The rows as stored, or as typed when `form` is given.
fn rows(
    target_list: &[Target],
    stored: &HashMap<(String, Quality), Measurement>,
    form: Option<&HashMap<String, String>>,
    lang: Lang,
) -> Vec<EntryRow> {
    target_list
        .iter()
        .map(|t| {
            let current = |q: Quality| stored.get(&(t.code.clone(), q));
            let cells = Quality::ALL
                .iter()
                .map(|&q| {
                    let m = current(q);
                    let value = match form {
                        Some(f) => f.get(&field("v", &t.code, q)).cloned().unwrap_or_default(),
                        None => m.map(|m| typed(m.figure.reading, lang)).unwrap_or_default(),
                    };
                    Cell {
                        quality: q.as_str(),
                        label: lang.pick(
                            if q == Quality::Estimate {
                                "Ước thực hiện"
                            } else {
                                "Chính thức"
                            },
                            if q == Quality::Estimate {
                                "Estimate"
                            } else {
                                "Official"
                            },
                        ),
                        value,
                        revision: m.map(|m| m.revision.to_string()).unwrap_or_default(),
                        error: None,
                    }
                })
                .collect();
            let shown = |f: fn(&Measurement) -> Option<&String>| -> String {
                current(Quality::Official)
                    .and_then(f)
                    .or_else(|| current(Quality::Estimate).and_then(f))
                    .cloned()
                    .unwrap_or_default()
            };
            let (source, note) = match form {
                Some(f) => (
                    f.get(&format!("s_{}", t.code)).cloned().unwrap_or_default(),
                    f.get(&format!("n_{}", t.code)).cloned().unwrap_or_default(),
                ),
                None => (shown(|m| m.source.as_ref()), shown(|m| m.note.as_ref())),
            };
            EntryRow {
                code: t.code.clone(),
                title: wording::title(t, lang).to_string(),
                unit: wording::unit(t, lang).to_string(),
                milestone: t.kind() == TargetKind::Milestone,
                cells,
                source,
                note,
            }
        })
        .collect()
}

fn page(
    me: &Identity,
    lang: Lang,
    years: &[i32],
    year: i32,
    rows: Vec<EntryRow>,
    saved: Option<String>,
    conflicts: Vec<String>,
) -> Result<String, PageError> {
    let l = labels(lang);
    let has_errors = rows
        .iter()
        .any(|r| r.cells.iter().any(|c| c.error.is_some()));
    let page = EntryPage {
        frame: Frame::new(
            lang,
            format!("{} {year}", l.entry_title),
            &format!("/entry/{year}"),
            &PageQuery::default(),
        )
        .with_user(Some(me)),
        csrf: me.csrf.clone().unwrap_or_default(),
        year,
        years: years.to_vec(),
        rows,
        states: MilestoneState::ALL
            .iter()
            .map(|s| (s.as_str(), lang.pick(s.label_vi(), s.label_en())))
            .collect(),
        saved,
        has_errors,
        conflicts,
    };
    render(&page, lang)
}

fn stored_for_year(
    conn: &mut crate::storage::DbConnection,
    stored: &StoredCatalog,
    year: i32,
) -> Result<HashMap<(String, Quality), Measurement>, PageError> {
    Ok(measurements::all_measurements(conn, stored)?
        .into_iter()
        .filter(|m| m.figure.year == year)
        .map(|m| ((m.target_code.clone(), m.figure.quality), m))
        .collect())
}

fn parse_year(text: &str, years: &[i32], lang: Lang) -> Result<i32, PageError> {
    crate::domain::measurement::parse_year(text)
        .filter(|y| years.contains(y))
        .ok_or_else(|| PageError::not_found(lang))
}

pub async fn form(
    state: web::Data<AppState>,
    req: HttpRequest,
    year: web::Path<String>,
    query: web::Query<EntryQuery>,
    Caller(me): Caller,
) -> Result<HttpResponse, PageError> {
    let lang = reader_lang(&req);
    let saved = query
        .saved
        .map(|n| labels(lang).entry_saved.replace("{n}", &n.to_string()));
    let year = year.into_inner();
    let years_after_goal = state.policy.years_after_goal;
    let body = page_conn(&state, lang, move |conn| {
        let stored = crate::web::api::Selection::default()
            .catalog(conn)
            .map_err(|e| PageError::from_api(e, lang))?;
        let years = years(&stored, years_after_goal);
        let year = parse_year(&year, &years, lang)?;
        let current = stored_for_year(conn, &stored, year)?;
        page(
            &me,
            lang,
            &years,
            year,
            rows(&stored.catalog.targets, &current, None, lang),
            saved,
            Vec::new(),
        )
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body))
}

/// A field's name in the reader's language.
fn field_name(field: &str, lang: Lang) -> &str {
    match (lang, field) {
        (Lang::Vi, "value") => "giá trị",
        (Lang::Vi, "state") => "trạng thái",
        (Lang::Vi, "year") => "năm",
        (Lang::Vi, "quality") => "loại số liệu",
        (Lang::Vi, "source") => "nguồn",
        (Lang::Vi, "note") => "ghi chú",
        (_, other) => other,
    }
}

/// What one box asks for: `None` when it is empty (no change).
fn draft_for(
    t: &Target,
    q: Quality,
    year: i32,
    form: &HashMap<String, String>,
    lang: Lang,
) -> Result<Option<Draft>, String> {
    let text = form
        .get(&field("v", &t.code, q))
        .map(|s| s.trim())
        .unwrap_or("");
    if text.is_empty() {
        return Ok(None);
    }
    let source = form.get(&format!("s_{}", t.code)).cloned();
    let note = form.get(&format!("n_{}", t.code)).cloned();
    let mut draft = Draft {
        year,
        quality: Some(q),
        source,
        note,
        ..Draft::default()
    };
    if t.kind() == TargetKind::Milestone {
        draft.state = Some(MilestoneState::parse(text).ok_or_else(|| {
            lang.pick("trạng thái không hợp lệ", "not a state")
                .to_string()
        })?);
    } else {
        let decimal = if lang == Lang::Vi {
            Decimal::Comma
        } else {
            Decimal::Point
        };
        draft.value = Some(number::parse(text, decimal).ok_or_else(|| {
            format!(
                "{text:?} {}",
                lang.pick("không phải là số", "is not a number")
            )
        })?);
    }
    Ok(Some(draft))
}

pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    year: web::Path<String>,
    form: web::Form<HashMap<String, String>>,
    Caller(me): Caller,
) -> Result<HttpResponse, PageError> {
    let lang = reader_lang(&req);
    let l = labels(lang);
    let form = form.into_inner();
    check_form_csrf(&me, form.get("csrf").map(String::as_str).unwrap_or(""))
        .map_err(|_| PageError::new(StatusCode::FORBIDDEN, lang, l.stale_form))?;
    let year = year.into_inner();
    let policy = state.policy;
    let years_after_goal = policy.years_after_goal;
    let outcome = page_conn(
        &state,
        lang,
        move |conn| -> Result<Result<usize, (String, StatusCode)>, PageError> {
            let stored = crate::web::api::Selection::default()
                .catalog(conn)
                .map_err(|e| PageError::from_api(e, lang))?;
            let years = years(&stored, years_after_goal);
            let year = parse_year(&year, &years, lang)?;
            let current = stored_for_year(conn, &stored, year)?;
            let mut shown = rows(&stored.catalog.targets, &current, Some(&form), lang);
            let mut entries: Vec<(String, Entry, Option<i32>)> = Vec::new();
            for (t, row) in stored.catalog.targets.iter().zip(shown.iter_mut()) {
                let (first, last) =
                    entry_years(t, stored.catalog.resolution.baseline_year, &policy);
                for (&q, cell) in Quality::ALL.iter().zip(row.cells.iter_mut()) {
                    let draft = match draft_for(t, q, year, &form, lang) {
                        Ok(Some(d)) => d,
                        Ok(None) => continue,
                        Err(message) => {
                            cell.error = Some(message);
                            continue;
                        }
                    };
                    if year < first || year > last {
                        cell.error = Some(
                            lang.pick(
                                "năm này nằm ngoài thời hạn của chỉ tiêu",
                                "this year is outside the target's term",
                            )
                            .to_string(),
                        );
                        continue;
                    }
                    match check(t, stored.catalog.resolution.baseline_year, &policy, draft) {
                        Ok(entry) => {
                            let seen = form
                                .get(&field("r", &t.code, q))
                                .and_then(|r| r.parse::<i32>().ok());
                            let unchanged = current.get(&(t.code.clone(), q)).is_some_and(|m| {
                                m.figure.reading == entry.figure.reading
                                    && m.source == entry.source
                                    && m.note == entry.note
                            });
                            if !unchanged {
                                entries.push((t.code.clone(), entry, seen));
                            }
                        }
                        Err(problems) => {
                            let text = problems
                                .iter()
                                .map(|p| {
                                    format!(
                                        "{}: {}",
                                        field_name(p.field, lang),
                                        if lang == Lang::Vi {
                                            p.problem.message_vi()
                                        } else {
                                            p.problem.message_en()
                                        }
                                    )
                                })
                                .collect::<Vec<_>>()
                                .join("; ");
                            cell.error = Some(text);
                        }
                    }
                }
            }
            if shown
                .iter()
                .any(|r| r.cells.iter().any(|c| c.error.is_some()))
            {
                return Ok(Err((
                    page(&me, lang, &years, year, shown, None, Vec::new())?,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )));
            }
            let mut saved = 0;
            let mut conflicts = Vec::new();
            for (code, entry, seen) in &entries {
                match measurements::put_measurement(
                    conn,
                    &stored,
                    code,
                    entry,
                    *seen,
                    &me.name,
                    Channel::Form,
                ) {
                    Ok(Written::Created(_) | Written::Updated(_)) => saved += 1,
                    Ok(Written::Unchanged(_)) => {}
                    Err(WriteError::Stale { current }) => {
                        let t = stored.catalog.target(code);
                        let theirs = match (&current, t) {
                            (Some(m), Some(t)) => format!(
                                "{} ({} {}, {})",
                                match m.figure.reading {
                                    Reading::Value(v) => wording::with_unit(v, t, lang),
                                    Reading::State(s) =>
                                        lang.pick(s.label_vi(), s.label_en()).to_string(),
                                },
                                m.changed_by,
                                lang.pick("lúc", "at"),
                                m.changed_at.format("%Y-%m-%d %H:%M UTC")
                            ),
                            _ => lang.pick("đã bị xóa", "deleted").to_string(),
                        };
                        conflicts.push(format!(
                            "{code} {} ({}): {}: {theirs}",
                            year,
                            entry.figure.quality.as_str(),
                            l.entry_conflict
                        ));
                    }
                    Err(WriteError::NotFound) => return Err(PageError::not_found(lang)),
                    Err(WriteError::Storage(e)) => return Err(e.into()),
                }
            }
            if conflicts.is_empty() {
                return Ok(Ok(saved));
            }
            // Show what is stored now (their figures, with their revisions) and keep what was typed.
            let now = stored_for_year(conn, &stored, year)?;
            let mut shown = rows(&stored.catalog.targets, &now, Some(&form), lang);
            for row in &mut shown {
                for cell in &mut row.cells {
                    let q = Quality::parse(cell.quality).unwrap_or(Quality::Estimate);
                    cell.revision = now
                        .get(&(row.code.clone(), q))
                        .map(|m| m.revision.to_string())
                        .unwrap_or_default();
                }
            }
            let saved_text = (saved > 0).then(|| l.entry_saved.replace("{n}", &saved.to_string()));
            Ok(Err((
                page(&me, lang, &years, year, shown, saved_text, conflicts)?,
                StatusCode::CONFLICT,
            )))
        },
    )
    .await?;
    match outcome {
        Ok(saved) => {
            let _ = state.refresh_data_version().await;
            let year = req.match_info().get("year").unwrap_or("").to_string();
            Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, format!("/entry/{year}?saved={saved}")))
                .finish())
        }
        Err((body, status)) => {
            let _ = state.refresh_data_version().await;
            Ok(HttpResponse::build(status)
                .content_type("text/html; charset=utf-8")
                .body(body))
        }
    }
}

/// `/entry`: the current year's form, or the term's last year once the term is over.
pub async fn current(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let lang = reader_lang(&req);
    let years_after_goal = state.policy.years_after_goal;
    let years = state
        .with_conn(move |conn| {
            Ok(years(
                &crate::web::api::Selection::default().catalog(conn)?,
                years_after_goal,
            ))
        })
        .await
        .map_err(|e| PageError::from_api(e, lang))?;
    let now = crate::web::api::current_year();
    let year = if years.contains(&now) {
        now
    } else {
        years.last().copied().unwrap_or(now)
    };
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/entry/{year}")))
        .finish())
}

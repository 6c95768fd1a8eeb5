//! `/breakthroughs/{code}`: a breakthrough task, its linked targets, its assessments over the years, and (for
//! statisticians) a form to record one.

use std::collections::HashMap;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::frame::{
    html, page_as_of, page_conn, page_lang, reader_lang, render, with_as_of, Frame, PageError,
    PageQuery,
};
use super::labels::labels;
use super::rows::Row;
use crate::domain::assessment::{check_text, parse_status, Assessment, ASSESSMENT_STATUSES};
use crate::domain::wording::{self, Lang};
use crate::storage::accounts::Identity;
use crate::storage::assessments::{self, AssessmentWriteError};
use crate::storage::{catalog, DbConnection};
use crate::web::auth::{check_form_csrf, signed_in, Caller};
use crate::web::AppState;

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
}

#[derive(Debug, Default, Clone)]
struct FormState {
    year: Option<i32>,
    status: Option<String>,
    text: String,
    message: Option<&'static str>,
    error: Option<String>,
}

fn build(
    conn: &mut DbConnection,
    code: &str,
    query: &PageQuery,
    lang: Lang,
    user: Option<&Identity>,
    form: FormState,
    years_after_goal: i32,
) -> Result<String, PageError> {
    let stored = catalog::read_catalog(conn, query.resolution.as_deref())?
        .ok_or_else(|| PageError::not_found(lang))?;
    let as_of = page_as_of(query, &stored, lang)?;
    let c = &stored.catalog;
    let b = c
        .breakthrough(code)
        .ok_or_else(|| PageError::not_found(lang))?;
    let board = assessments::dashboard(conn, &stored, as_of)?;
    let list: Vec<Assessment> = assessments::list(conn, &stored, code)?;
    let rows = c
        .targets
        .iter()
        .zip(&board.targets)
        .filter(|(t, _)| t.breakthrough.as_deref() == Some(b.code.as_str()))
        .map(|(t, entry)| Row::new(t, &entry.progress.progress, lang, query))
        .collect();
    let title = lang.pick(&b.title_vi, &b.title_en).to_string();
    let entry_years = c.entry_years(years_after_goal);
    let chosen_year = form
        .year
        .unwrap_or_else(|| as_of.clamp(*entry_years.start(), *entry_years.end()));
    let page = BreakthroughPage {
        frame: Frame::new(
            lang,
            format!("{} · {title}", b.code),
            &format!("/breakthroughs/{}", b.code),
            query,
        )
        .with_user(user),
        overview_href: with_as_of("/", query),
        code: b.code.clone(),
        title,
        source_text: b.source_text_vi.clone(),
        as_of,
        rows,
        assessments: list
            .iter()
            .map(|a| AssessmentRow {
                year: a.year,
                class: a.status.as_str(),
                status: wording::status_label(a.status, lang),
                text: a.text.clone(),
                by: format!(
                    "{} {} · {}",
                    labels(lang).by,
                    a.changed_by,
                    a.changed_at.replace('T', " ").trim_end_matches('Z')
                ),
            })
            .collect(),
        can_assess: user.is_some_and(|u| u.role >= crate::domain::account::Role::Statistician),
        csrf: user.and_then(|u| u.csrf.clone()).unwrap_or_default(),
        years: entry_years.map(|y| (y, y == chosen_year)).collect(),
        statuses: ASSESSMENT_STATUSES
            .iter()
            .map(|s| {
                (
                    s.as_str(),
                    wording::status_label(*s, lang),
                    form.status.as_deref() == Some(s.as_str()),
                )
            })
            .collect(),
        revisions: list.iter().map(|a| (a.year, a.revision)).collect(),
        typed: form.text,
        message: form.message,
        error: form.error,
    };
    render(&page, lang)
}

#[derive(Debug, Deserialize, Default)]
pub struct BreakthroughQuery {
    #[serde(flatten)]
    page: PageQuery,
    saved: Option<String>,
}

pub async fn breakthrough(
    state: web::Data<AppState>,
    code: web::Path<String>,
    query: web::Query<BreakthroughQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let query = query.into_inner();
    let (lang, remember) = page_lang(&req, &query.page)?;
    let code = code.into_inner();
    let user = signed_in(&req);
    let years_after_goal = state.policy.years_after_goal;
    let form = FormState {
        message: query.saved.as_ref().map(|_| labels(lang).assessment_saved),
        ..FormState::default()
    };
    let body = page_conn(&state, lang, move |conn| {
        build(
            conn,
            &code,
            &query.page,
            lang,
            user.as_ref(),
            form,
            years_after_goal,
        )
    })
    .await?;
    Ok(html(body, lang, remember))
}

pub async fn record(
    state: web::Data<AppState>,
    code: web::Path<String>,
    req: HttpRequest,
    form: web::Form<HashMap<String, String>>,
    Caller(me): Caller,
) -> Result<HttpResponse, PageError> {
    let lang = reader_lang(&req);
    let l = labels(lang);
    let form = form.into_inner();
    check_form_csrf(&me, form.get("csrf").map(String::as_str).unwrap_or(""))
        .map_err(|_| PageError::new(StatusCode::FORBIDDEN, lang, l.stale_form))?;
    let code = code.into_inner();
    let year = form
        .get("year")
        .and_then(|y| crate::domain::measurement::parse_year(y));
    let status_text = form.get("status").cloned().unwrap_or_default();
    let text = form.get("text").cloned().unwrap_or_default();
    let seen = year
        .and_then(|y| form.get(&format!("rev_{y}")))
        .and_then(|r| r.parse::<i32>().ok());
    let mut state_of_form = FormState {
        year,
        status: Some(status_text.clone()),
        text: text.clone(),
        ..FormState::default()
    };
    let checked = match (year, parse_status(&status_text), check_text(&text)) {
        (None, _, _) => Err(lang
            .pick("năm: không hợp lệ", "year: not a year")
            .to_string()),
        (_, None, _) => Err(lang
            .pick(
                "đánh giá: hãy chọn một tình trạng",
                "status: choose a status",
            )
            .to_string()),
        (_, _, Err((en, vi))) => Err(format!(
            "{}: {}",
            lang.pick("nội dung", "text"),
            lang.pick(&vi, &en)
        )),
        (Some(y), Some(s), Ok(t)) => Ok((y, s, t)),
    };
    let who = me.name.clone();
    let years_after_goal = state.policy.years_after_goal;
    let user = Some(me);
    let outcome = page_conn(
        &state,
        lang,
        move |conn| -> Result<Result<(), (String, StatusCode)>, PageError> {
            let query = PageQuery::default();
            let (y, s, t) = match checked {
                Ok(v) => v,
                Err(message) => {
                    state_of_form.error = Some(message);
                    return Ok(Err((
                        build(
                            conn,
                            &code,
                            &query,
                            lang,
                            user.as_ref(),
                            state_of_form,
                            years_after_goal,
                        )?,
                        StatusCode::UNPROCESSABLE_ENTITY,
                    )));
                }
            };
            let stored = crate::web::api::Selection::default()
                .catalog(conn)
                .map_err(|e| PageError::from_api(e, lang))?;
            match assessments::put_assessment(conn, &stored, &code, y, s, &t, seen, &who) {
                Ok(_) => Ok(Ok(())),
                Err(AssessmentWriteError::Stale { .. }) => {
                    state_of_form.error = Some(labels(lang).assessment_stale.to_string());
                    Ok(Err((
                        build(
                            conn,
                            &code,
                            &query,
                            lang,
                            user.as_ref(),
                            state_of_form,
                            years_after_goal,
                        )?,
                        StatusCode::CONFLICT,
                    )))
                }
                Err(AssessmentWriteError::NotFound) => Err(PageError::not_found(lang)),
                Err(AssessmentWriteError::Storage(e)) => Err(e.into()),
            }
        },
    )
    .await?;
    match outcome {
        Ok(()) => {
            let _ = state.refresh_data_version().await;
            let path = req.match_info().get("code").unwrap_or("").to_string();
            Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, format!("/breakthroughs/{path}?saved=1")))
                .finish())
        }
        Err((body, status)) => Ok(HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(body)),
    }
}

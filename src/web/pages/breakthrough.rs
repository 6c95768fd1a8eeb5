//! `/breakthroughs/{code}`: a breakthrough task, its linked targets and its assessments.

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::frame::{html, page_as_of, page_lang, render, with_as_of, Frame, PageError, PageQuery};
use super::rows::Row;
use crate::domain::dashboard::dashboard;
use crate::storage::{catalog, measurements};
use crate::web::AppState;

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
}

pub async fn breakthrough(
    state: web::Data<AppState>,
    code: web::Path<String>,
    query: web::Query<PageQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let query = query.into_inner();
    let (lang, remember) = page_lang(&req, &query)?;
    let code = code.into_inner();
    let user = crate::web::auth::signed_in(&req);
    let body = state
        .with_conn(move |conn| {
            let result = (|| {
                let stored = catalog::read_catalog(conn, query.resolution.as_deref())?
                    .ok_or_else(|| PageError::not_found(lang))?;
                let as_of = page_as_of(&query, &stored, lang)?;
                let c = &stored.catalog;
                let b = c
                    .breakthrough(&code)
                    .ok_or_else(|| PageError::not_found(lang))?;
                let figures = measurements::figures_by_target(conn, &stored)?;
                let board = dashboard(c, &figures, as_of);
                let rows = c
                    .targets
                    .iter()
                    .zip(&board.targets)
                    .filter(|(t, _)| t.breakthrough.as_deref() == Some(b.code.as_str()))
                    .map(|(t, entry)| Row::new(t, &entry.progress.progress, lang, &query))
                    .collect();
                let title = lang.pick(&b.title_vi, &b.title_en).to_string();
                let page = BreakthroughPage {
                    frame: Frame::new(
                        lang,
                        format!("{} · {title}", b.code),
                        &format!("/breakthroughs/{}", b.code),
                        &query,
                    )
                    .with_user(user.as_ref()),
                    overview_href: with_as_of("/", &query),
                    code: b.code.clone(),
                    title,
                    source_text: b.source_text_vi.clone(),
                    as_of,
                    rows,
                };
                render(&page, lang)
            })();
            Ok(result)
        })
        .await
        .map_err(|e| PageError::from_api(e, lang))??;
    Ok(html(body, lang, remember))
}

//! `/history`: every change to the figures, newest first, with who and when.

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::frame::{html, page_conn, page_lang, render, Frame, PageError, PageQuery};
use super::labels::labels;
use super::rows::{history_rows, HistoryRow};
use crate::storage::{catalog, measurements};
use crate::web::AppState;

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    frame: Frame,
    rows: Vec<HistoryRow>,
}

pub async fn history(
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let query = query.into_inner();
    let (lang, remember) = page_lang(&req, &query)?;
    let user = crate::web::auth::signed_in(&req);
    let body = page_conn(&state, lang, move |conn| {
        let stored = catalog::read_catalog(conn, query.resolution.as_deref())?
            .ok_or_else(|| PageError::not_found(lang))?;
        let changes = measurements::history(conn, &stored, None, 500)?;
        let page = HistoryPage {
            frame: Frame::new(
                lang,
                labels(lang).history_all.to_string(),
                "/history",
                &query,
            )
            .with_user(user.as_ref()),
            rows: history_rows(&changes, lang, |code| stored.catalog.target(code)),
        };
        render(&page, lang)
    })
    .await?;
    Ok(html(body, lang, remember))
}

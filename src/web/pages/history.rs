//! `/history`: every change to the figures, newest first, with who and when.

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::rows::{history_rows, HistoryRow};
use crate::storage::measurements;
use crate::web::frame::{page, render, Frame};
use crate::web::lang::Reader;
use crate::web::selection::Selection;
use crate::web::words::labels;
use crate::web::{AppState, WebError};

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    frame: Frame,
    rows: Vec<HistoryRow>,
}

pub async fn history(
    state: web::Data<AppState>,
    selection: web::Query<Selection>,
    reader: Reader,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let selection = selection.into_inner();
    let user = crate::web::auth::signed_in(&req);
    let body = state
        .with_conn(move |conn| {
            let stored = selection.catalog(conn)?;
            let changes = measurements::history(conn, &stored, None, 500)?;
            let title = labels(reader.lang).history_all.to_string();
            render(&HistoryPage {
                frame: Frame::new(reader, title, "/history", &selection).with_user(user.as_ref()),
                rows: history_rows(&changes, reader.lang, |code| stored.catalog.target(code)),
            })
        })
        .await?;
    Ok(page(body, reader))
}

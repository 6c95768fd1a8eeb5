//! `/history`: every change to the figures, newest first, with who and when.

use askama::Template;

use super::rows::{history_rows, HistoryRow};
use crate::app::words::labels;
use crate::web::frame::{page, render, Frame};
use crate::web::visit::Visit;
use crate::web::{Answer, State};

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    frame: Frame,
    rows: Vec<HistoryRow>,
}

pub async fn history(state: State, visit: Visit) -> Answer {
    let reader = visit.reader;
    let scope = visit.selection.clone();
    let read = state
        .with_conn(move |conn| crate::app::history::read(conn, &scope, None, 500))
        .await?;
    let title = labels(reader.lang).history_all.to_string();
    let catalog = &read.stored.catalog;
    let body = render(&HistoryPage {
        frame: visit.frame(title, "/history"),
        rows: history_rows(&read.changes, reader.lang, |code| catalog.target(code)),
    })?;
    Ok(page(body, reader))
}

//! `/history`: every change to the figures, newest first, with who and when.

use askama::Template;

use super::rows::{history_rows, HistoryRow};
use crate::app::words::labels;
use crate::storage::measurements;
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
    let body = state
        .with_conn(move |conn| {
            let stored = visit.selection.catalog(conn)?;
            let changes = measurements::history(conn, &stored, None, 500)?;
            let title = labels(reader.lang).history_all.to_string();
            render(&HistoryPage {
                frame: visit.frame(title, "/history"),
                rows: history_rows(&changes, reader.lang, |code| stored.catalog.target(code)),
            })
        })
        .await?;
    Ok(page(body, reader))
}

//! `/history`: the changes to the figures, newest first, with whose figure, who and when (on the office's
//! clock), filtered by target, unit, person, year and kind of change, 100 a page.

use actix_web::web;
use askama::Template;

use crate::app::history::{history_rows, Choices, History, HistoryAsk, HistoryRow};
use crate::app::words::labels;
use crate::web::frame::{page, render, Frame};
use crate::web::links::{resolution_and, urlencode};
use crate::web::visit::Visit;
use crate::web::{Answer, State};

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    frame: Frame,
    rows: Vec<HistoryRow>,
    filtered: bool,
    choices: Choices,
    resolution: Option<String>,
    page_no: u32,
    prev: Option<String>,
    next: Option<String>,
}

const PER_PAGE: u32 = 100;

pub async fn history(state: State, visit: Visit, ask: web::Query<HistoryAsk>) -> Answer {
    let (reader, scope, ask) = (visit.reader, visit.selection.clone(), ask.into_inner());
    let read = state
        .with_conn(move |conn| crate::app::history::read(conn, &scope, &ask, PER_PAGE))
        .await?;
    let lang = reader.lang;
    let link = |n: u32| page_link(&read, &visit, n);
    let body = render(&HistoryPage {
        frame: visit.frame(labels(lang).history_all.to_string(), "/history"),
        rows: history_rows(&read.changes, &read.stored.catalog, lang),
        filtered: read.filter != Default::default(),
        choices: read.choices(lang),
        resolution: visit.selection.resolution.clone(),
        page_no: read.paging.page,
        prev: (read.paging.page > 1).then(|| link(read.paging.page - 1)),
        next: read.more.then(|| link(read.paging.page + 1)),
    })?;
    Ok(page(body, reader))
}

/// This filter's page `n`.
fn page_link(read: &History, visit: &Visit, n: u32) -> String {
    let parts = read
        .page_query(n)
        .into_iter()
        .map(|(k, v)| format!("{k}={}", urlencode(&v)))
        .collect();
    resolution_and("/history", parts, &visit.selection)
}

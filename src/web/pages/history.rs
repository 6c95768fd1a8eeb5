//! `/history`: the changes to the figures, newest first, with whose figure, who and when (on the office's
//! clock), filtered by target, unit, person, year and kind of change, 100 a page.

use actix_web::web;
use askama::Template;

use super::rows::{figure_of, history_rows, HistoryRow};
use crate::app::history::{History, HistoryAsk};
use crate::app::words::labels;
use crate::domain::history::Action;
use crate::domain::wording::{self, Lang};
use crate::web::frame::{page, render, Frame};
use crate::web::links::{resolution_and, urlencode};
use crate::web::visit::Visit;
use crate::web::{Answer, State};

/// One choice of a filter's list: its value, its words, whether it is the one chosen.
pub struct Choice {
    pub value: String,
    pub text: String,
    pub chosen: bool,
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    frame: Frame,
    rows: Vec<HistoryRow>,
    filtered: bool,
    targets: Vec<Choice>,
    units: Vec<Choice>,
    people: Vec<Choice>,
    years: Vec<Choice>,
    actions: Vec<Choice>,
    resolution: Option<String>,
    page_no: u32,
    prev: Option<String>,
    next: Option<String>,
}

const PER_PAGE: u32 = 100;

pub async fn history(state: State, visit: Visit, ask: web::Query<HistoryAsk>) -> Answer {
    let reader = visit.reader;
    let scope = visit.selection.clone();
    let ask = ask.into_inner();
    let asked = ask.clone();
    let read = state
        .with_conn(move |conn| crate::app::history::read(conn, &scope, &asked, PER_PAGE))
        .await?;
    let lang = reader.lang;
    let body = render(&HistoryPage {
        frame: visit.frame(labels(lang).history_all.to_string(), "/history"),
        rows: history_rows(&read.changes, &read.stored.catalog, lang),
        filtered: read.filter != Default::default(),
        targets: target_choices(&read, lang),
        units: unit_choices(&read, lang),
        people: choices(
            read.people.iter().map(|p| (p.clone(), p.clone())),
            read.filter.person.as_deref(),
            lang,
        ),
        years: year_choices(&read, lang),
        actions: choices(
            Action::ALL
                .iter()
                .map(|a| (a.as_str().to_string(), a.label(lang).to_string())),
            read.filter.action.map(Action::as_str),
            lang,
        ),
        resolution: visit.selection.resolution.clone(),
        page_no: read.paging.page,
        prev: (read.paging.page > 1).then(|| page_link(&read, &visit, read.paging.page - 1)),
        next: read
            .more
            .then(|| page_link(&read, &visit, read.paging.page + 1)),
    })?;
    Ok(page(body, reader))
}

/// "All", then each choice, the chosen one marked.
fn choices(
    list: impl Iterator<Item = (String, String)>,
    chosen: Option<&str>,
    lang: Lang,
) -> Vec<Choice> {
    let all = Choice {
        value: String::new(),
        text: labels(lang).any.to_string(),
        chosen: chosen.is_none(),
    };
    std::iter::once(all)
        .chain(list.map(|(value, text)| Choice {
            chosen: chosen == Some(value.as_str()),
            value,
            text,
        }))
        .collect()
}

fn target_choices(read: &History, lang: Lang) -> Vec<Choice> {
    let targets = read.stored.catalog.targets.iter().map(|t| {
        (
            t.code.clone(),
            format!("{} · {}", t.code, wording::title(t, lang)),
        )
    });
    choices(targets, read.filter.target.as_deref(), lang)
}

/// The area's own figures, then every unit the resolution has had.
fn unit_choices(read: &History, lang: Lang) -> Vec<Choice> {
    let catalog = &read.stored.catalog;
    let area = ("area".to_string(), figure_of(None, catalog, lang));
    let units = catalog.units.iter().map(|u| {
        (
            u.code.clone(),
            lang.pick(&u.name_vi, &u.name_en).to_string(),
        )
    });
    let chosen = read
        .filter
        .unit
        .as_deref()
        .map(|u| if u.is_empty() { "area" } else { u });
    choices(std::iter::once(area).chain(units), chosen, lang)
}

fn year_choices(read: &History, lang: Lang) -> Vec<Choice> {
    let years = read
        .stored
        .catalog
        .resolution
        .assessable_years()
        .map(|y| (y.to_string(), y.to_string()));
    let chosen = read.filter.year.map(|y| y.to_string());
    choices(years, chosen.as_deref(), lang)
}

/// This filter's page `n`.
fn page_link(read: &History, visit: &Visit, n: u32) -> String {
    let f = &read.filter;
    let mut parts = Vec::new();
    let mut keep = |name: &str, value: Option<&str>| {
        if let Some(v) = value {
            parts.push(format!("{name}={}", urlencode(v)));
        }
    };
    keep("target", f.target.as_deref());
    keep(
        "of",
        f.unit
            .as_deref()
            .map(|u| if u.is_empty() { "area" } else { u }),
    );
    keep("person", f.person.as_deref());
    keep("year", f.year.map(|y| y.to_string()).as_deref());
    keep("action", f.action.map(Action::as_str));
    parts.push(format!("page={n}"));
    resolution_and("/history", parts, &visit.selection)
}

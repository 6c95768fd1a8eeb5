//! `/`: the whole resolution at a glance.

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::frame::{
    html, page_as_of, page_conn, page_lang, render, with_as_of, Frame, PageError, PageQuery,
};
use super::rows::Row;
use crate::domain::wording::{self, Lang};
use crate::domain::Status;
use crate::storage::catalog;
use crate::web::AppState;

pub struct Tile {
    pub class: &'static str,
    pub label: &'static str,
    pub count: usize,
}

pub struct GroupRows {
    pub title: String,
    pub rows: Vec<Row>,
}

pub struct Linked {
    pub code: String,
    pub title: String,
    pub href: String,
    pub class: &'static str,
    pub status: &'static str,
}

pub struct Card {
    pub code: String,
    pub title: String,
    pub href: String,
    pub targets: Vec<Linked>,
    /// The latest assessment: year, status class, status label, text.
    pub assessment: Option<(i32, &'static str, &'static str, String)>,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
pub struct DashboardPage {
    pub frame: Frame,
    pub title: String,
    pub as_of: i32,
    pub years: Vec<(i32, bool)>,
    pub tiles: Vec<Tile>,
    pub groups: Vec<GroupRows>,
    pub breakthroughs: Vec<Card>,
}

pub async fn dashboard(
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let query = query.into_inner();
    let (lang, remember) = page_lang(&req, &query)?;
    // A signed-in reader's page shows them and their session's CSRF token: never cached.
    let user = crate::web::auth::signed_in(&req);
    let key = format!(
        "{}|{}|{}",
        lang.as_str(),
        query.resolution.as_deref().unwrap_or(""),
        query.as_of.as_deref().unwrap_or("")
    );
    if let Some(body) = state.pages.get(&key).filter(|_| user.is_none()) {
        return Ok(html(body, lang, remember));
    }
    let version = state.pages.version();
    let body = page_conn(&state, lang, {
        let user = user.clone();
        move |conn| dashboard_html(conn, &query, lang, user.as_ref())
    })
    .await?;
    let body = actix_web::web::Bytes::from(body);
    if user.is_none() {
        state.pages.put(key, version, body.clone());
    }
    Ok(html(body, lang, remember))
}

/// The dashboard page's HTML (also measured by the page benchmark).
pub fn dashboard_html(
    conn: &mut crate::storage::DbConnection,
    query: &PageQuery,
    lang: Lang,
    user: Option<&crate::storage::accounts::Identity>,
) -> Result<String, PageError> {
    let stored = catalog::read_catalog(conn, query.resolution.as_deref())
        .map_err(|e| PageError::from_api(e.into(), lang))?
        .ok_or_else(|| PageError::not_found(lang))?;
    let as_of = page_as_of(query, &stored, lang)?;
    let board = crate::storage::assessments::dashboard(conn, &stored, as_of)
        .map_err(|e| PageError::from_api(e.into(), lang))?;
    let c = &stored.catalog;
    let r = &c.resolution;
    let last_year = (r.goal_year + 1).max(as_of);
    let groups = c
        .group_codes()
        .into_iter()
        .map(|code| {
            let group = c.group(&code);
            GroupRows {
                title: lang.pick(&group.title_vi, &group.title_en).to_string(),
                rows: c
                    .targets
                    .iter()
                    .zip(&board.targets)
                    .filter(|(t, _)| t.group == code)
                    .map(|(t, entry)| Row::new(t, &entry.progress.progress, lang, query))
                    .collect(),
            }
        })
        .filter(|g| !g.rows.is_empty())
        .collect();
    let breakthroughs = board
        .breakthroughs
        .iter()
        .map(|b| Card {
            code: b.code.clone(),
            title: lang.pick(&b.title_vi, &b.title_en).to_string(),
            href: with_as_of(&format!("/breakthroughs/{}", b.code), query),
            assessment: b.assessment.as_ref().map(|a| {
                (
                    a.year,
                    a.status.as_str(),
                    wording::status_label(a.status, lang),
                    a.text.clone(),
                )
            }),
            targets: b
                .statuses
                .iter()
                .filter_map(|s| {
                    let t = c.target(&s.code)?;
                    Some(Linked {
                        code: s.code.clone(),
                        title: wording::title(t, lang).to_string(),
                        href: with_as_of(&format!("/targets/{}", s.code), query),
                        class: s.status.as_str(),
                        status: wording::status_label(s.status, lang),
                    })
                })
                .collect(),
        })
        .collect();
    let page = DashboardPage {
        frame: Frame::new(
            lang,
            lang.pick(&r.title_vi, &r.title_en).to_string(),
            "/",
            query,
        )
        .with_user(user),
        title: lang.pick(&r.title_vi, &r.title_en).to_string(),
        as_of,
        years: (r.baseline_year..=last_year)
            .map(|y| (y, y == as_of))
            .collect(),
        tiles: Status::ALL
            .iter()
            .map(|s| Tile {
                class: s.as_str(),
                label: wording::status_label(*s, lang),
                count: board.summary.count(*s),
            })
            .collect(),
        groups,
        breakthroughs,
    };
    render(&page, lang)
}

//! `/`: the whole resolution at a glance.

use askama::Template;

use super::rows::Row;
use crate::app::accounts::Identity;
use crate::app::scope::Scope;
use crate::app::words::labels;
use crate::domain::dashboard::Dashboard;
use crate::domain::wording::{self, Lang};
use crate::domain::{Catalog, Status};
use crate::web::frame::{page, render, Frame};
use crate::web::lang::Reader;
use crate::web::links::{keeping, pack_link, resolution_and};
use crate::web::visit::Visit;
use crate::web::{Answer, AppError, State};

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
    pub final_assessment: Option<FinalSection>,
    /// The year's report pack and the overview chart: (link, label).
    pub downloads: Vec<(String, String)>,
    /// The agency filter's choices: (code, name, chosen), "every agency" first; empty without agencies.
    pub agencies: Vec<(String, String, bool)>,
    /// The resolution the address names, kept by the year selector.
    pub resolution: Option<String>,
}

/// An ended term's final assessment on the dashboard: its heading, the tally, and what each target not yet
/// judged lacks (with a link to it).
pub struct FinalSection {
    pub heading: String,
    pub tally: String,
    pub missing: Vec<(String, String, String)>,
}

pub async fn dashboard(state: State, visit: Visit) -> Answer {
    let reader = visit.reader;
    let key = format!(
        "{}|{}|{}|{}",
        reader.lang.as_str(),
        visit.selection.resolution.as_deref().unwrap_or(""),
        visit.selection.as_of.as_deref().unwrap_or(""),
        visit.selection.agency.as_deref().unwrap_or("")
    );
    // A signed-in reader's page shows them and their session's CSRF token: never cached.
    let anonymous = visit.user.is_none();
    if let Some(body) = anonymous.then(|| state.pages.get(&key)).flatten() {
        return Ok(page(body, reader));
    }
    let version = state.pages.version();
    let scope = visit.selection.clone();
    let (board, all) = state
        .with_conn(move |conn| {
            let board = crate::app::dashboard::read(conn, &scope)?;
            Ok((board, crate::app::dashboard::resolutions(conn)?))
        })
        .await?;
    let body = dashboard_html(&board, &all, &visit.selection, reader, visit.user.as_ref())?;
    let body = actix_web::web::Bytes::from(body);
    if anonymous {
        state.pages.put(key, version, body.clone());
    }
    Ok(page(body, reader))
}

/// The dashboard page's HTML (also measured by the page benchmark), from the board read and the stored
/// resolutions (the header's switcher).
pub fn dashboard_html(
    read: &crate::app::dashboard::Board,
    all: &[crate::domain::Resolution],
    selection: &Scope,
    reader: Reader,
    user: Option<&Identity>,
) -> Result<String, AppError> {
    let (stored, as_of, board) = (&read.stored, read.as_of, &read.dashboard);
    let c = &stored.catalog;
    let r = &c.resolution;
    let lang = reader.lang;
    let title = lang.pick(&r.title_vi, &r.title_en).to_string();
    render(&DashboardPage {
        frame: Frame::new(reader, title.clone(), "/", selection)
            .with_user(user)
            .with_switcher(all, selection),
        title,
        as_of,
        years: r.year_choices(as_of).map(|y| (y, y == as_of)).collect(),
        tiles: Status::ALL
            .iter()
            .map(|s| Tile {
                class: s.as_str(),
                label: s.label(lang),
                count: board.summary.count(*s),
            })
            .collect(),
        groups: groups(c, board, reader, selection),
        breakthroughs: cards(c, board, reader, selection),
        resolution: selection.resolution.clone(),
        downloads: downloads(as_of, selection, lang),
        agencies: agency_choices(c, selection, lang),
        final_assessment: board.final_assessment.as_ref().map(|f| FinalSection {
            heading: f.heading(lang),
            tally: f.tally(lang),
            missing: f
                .missing
                .iter()
                .map(|m| {
                    let title = c
                        .target(&m.code)
                        .map(|t| wording::title(t, lang).to_string())
                        .unwrap_or_default();
                    (
                        keeping(&format!("/targets/{}", m.code), selection),
                        format!("{} · {title}", m.code),
                        lang.pick(&m.missing_vi, &m.missing_en).to_string(),
                    )
                })
                .collect(),
        }),
    })
}

/// The agency filter's choices, the chosen one marked.
fn agency_choices(c: &Catalog, selection: &Scope, lang: Lang) -> Vec<(String, String, bool)> {
    if c.agencies.is_empty() {
        return Vec::new();
    }
    let chosen = selection.agency.as_deref().unwrap_or("");
    std::iter::once((
        String::new(),
        labels(lang).all_agencies.to_string(),
        chosen.is_empty(),
    ))
    .chain(c.agencies.iter().map(|a| {
        let name = lang.pick(&a.name_vi, &a.name_en).to_string();
        (a.code.clone(), name, a.code == chosen)
    }))
    .collect()
}

/// The year's report pack and the overview chart, in the reader's language.
fn downloads(as_of: i32, selection: &Scope, lang: Lang) -> Vec<(String, String)> {
    let l = labels(lang);
    let overview = resolution_and(
        "/charts/overview.png",
        vec![format!("as_of={as_of}"), format!("lang={}", lang.as_str())],
        selection,
    );
    let report = |extension| crate::web::links::report_href(as_of, extension, selection, lang);
    let (document, workbook) = (report("docx"), report("xlsx"));
    vec![
        pack_link(as_of, selection, lang),
        (
            document,
            l.download_document.replace("{year}", &as_of.to_string()),
        ),
        (
            workbook,
            l.download_workbook.replace("{year}", &as_of.to_string()),
        ),
        (overview, l.download_overview.to_string()),
    ]
}

/// The targets under their group headings, groups without targets left out.
fn groups(c: &Catalog, board: &Dashboard, reader: Reader, selection: &Scope) -> Vec<GroupRows> {
    c.group_codes()
        .into_iter()
        .map(|code| {
            let group = c.group(&code);
            GroupRows {
                title: reader
                    .lang
                    .pick(&group.title_vi, &group.title_en)
                    .to_string(),
                // The board's targets (every target, or an agency's), each with its catalog entry.
                rows: board
                    .targets
                    .iter()
                    .filter_map(|entry| Some((c.target(&entry.target.code)?, entry)))
                    .filter(|(t, _)| t.group == code)
                    .map(|(t, entry)| {
                        Row::of(t, entry, c.resolution.counting, (reader.lang, selection))
                    })
                    .collect(),
            }
        })
        .filter(|g| !g.rows.is_empty())
        .collect()
}

/// A card per breakthrough task: its linked targets' statuses and its latest assessment.
fn cards(c: &Catalog, board: &Dashboard, reader: Reader, selection: &Scope) -> Vec<Card> {
    let lang = reader.lang;
    board
        .breakthroughs
        .iter()
        .map(|b| Card {
            code: b.code.clone(),
            title: lang.pick(&b.title_vi, &b.title_en).to_string(),
            href: keeping(&format!("/breakthroughs/{}", b.code), selection),
            assessment: b.assessment.as_ref().map(|a| {
                (
                    a.year,
                    a.status.as_str(),
                    a.status.label(lang),
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
                        href: keeping(&format!("/targets/{}", s.code), selection),
                        class: s.status.as_str(),
                        status: s.status.label(lang),
                    })
                })
                .collect(),
        })
        .collect()
}

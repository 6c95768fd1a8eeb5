//! `/entry/{year}`: the area's form of a year, and `/entry/{year}?unit=CODE`: a unit's (the forms themselves,
//! their checks and saves are `app::entry`'s). A save answers with the form again where a box has a problem
//! (422) or someone else changed a figure meanwhile (409), else goes back to the form saying how many were
//! saved.

use actix_web::http::StatusCode;
use actix_web::web;
use askama::Template;
use serde::Deserialize;

use crate::app::entry::area::{self, EntryRow};
use crate::app::entry::due::{form_notes, pending_years};
use crate::app::entry::unit::{self, UnitEntryRow, UnitSheet};
use crate::app::entry::{self as entry_forms, saved_text, Form, Saved, YearForm};
use crate::app::words::labels;
use crate::domain::wording::Lang;
use crate::domain::{Catalog, MilestoneState};
use crate::web::frame::{html, render, see_other, Frame};
use crate::web::links::{keeping_resolution, resolution_and, urlencode};
use crate::web::visit::Desk;
use crate::web::{Answer, AppError, Chosen, Segment, State};

#[derive(Template)]
#[template(path = "entry.html")]
struct EntryPage {
    frame: Frame,
    csrf: String,
    action: String,
    year: i32,
    /// Each year of the term and its form's link.
    years: Vec<(i32, String)>,
    rows: Vec<EntryRow>,
    states: Vec<(&'static str, &'static str)>,
    saved: Option<String>,
    has_errors: bool,
    conflicts: Vec<String>,
    units: Vec<(String, String)>,
    /// `/entry/{year}/remove?…&` for a figure's removal link (its target and quality follow).
    remove_base: String,
    /// The resolution of the URL, kept by the unit choice's GET form.
    resolution: Option<String>,
    /// The year's import template: (link, label).
    template: (String, String),
    /// Each quality's due day and how the form stands.
    due: Vec<String>,
    /// Other years with figures overdue or due soon: (form link, words).
    pending: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "unit_entry.html")]
struct UnitEntryPage {
    frame: Frame,
    csrf: String,
    action: String,
    /// The area's form, for those who may open it (not a commune statistician).
    area_href: Option<String>,
    unit_name: String,
    year: i32,
    /// Each year of the term the unit existed in and its form's link.
    years: Vec<(i32, String)>,
    rows: Vec<UnitEntryRow>,
    saved: Option<String>,
    has_errors: bool,
    conflicts: Vec<String>,
    yes_word: &'static str,
    no_word: &'static str,
    remove_base: String,
    /// The unit's import template of the year: (link, label).
    template: (String, String),
    /// Each quality's due day and how the form stands.
    due: Vec<String>,
    /// Other years with figures overdue or due soon: (form link, words).
    pending: Vec<(String, String)>,
}

#[derive(Debug, Deserialize, Default)]
pub struct EntryQuery {
    saved: Option<usize>,
    /// A figure just removed: its target and quality.
    removed: Option<String>,
    quality: Option<String>,
    /// A unit's form instead of the area's (`/entry/{year}?unit=CODE`).
    unit: Option<String>,
}

/// What a form page shows besides its rows: how many were just saved, and the conflicts of a save.
struct Notes {
    saved: Option<String>,
    conflicts: Vec<String>,
    /// Other years of the term with figures of this form's scope overdue or due soon: (form link, words).
    pending: Vec<(String, String)>,
}

impl Notes {
    fn saved(n: Option<usize>, lang: Lang) -> Notes {
        Notes {
            pending: Vec::new(),
            saved: n.map(|n| saved_text(n, lang)),
            conflicts: Vec::new(),
        }
    }

    /// What the form says on arrival: how many were saved, or which figure was removed.
    fn on_arrival(query: &EntryQuery, lang: Lang) -> Notes {
        let removed = query.removed.as_deref().map(|code| {
            let quality = query
                .quality
                .as_deref()
                .and_then(crate::domain::Quality::parse)
                .map_or("", |q| q.label(lang));
            let code = crate::domain::text::excerpt(code, 20);
            format!("{} {code} ({quality}).", labels(lang).removed)
        });
        Notes {
            pending: Vec::new(),
            saved: removed.or_else(|| query.saved.map(|n| saved_text(n, lang))),
            conflicts: Vec::new(),
        }
    }
}

/// The start of a figure's removal link on the form of `year` (and the unit the selection names).
fn remove_base(year: i32, unit: Option<&str>, selection: &crate::app::scope::Scope) -> String {
    let parts = unit
        .map(|u| vec![format!("unit={}", urlencode(u))])
        .unwrap_or_default();
    let link = resolution_and(&format!("/entry/{year}/remove"), parts, selection);
    let joint = if link.contains('?') { '&' } else { '?' };
    format!("{link}{joint}")
}

/// The rows an agency's statistician may see: the targets the agency answers for (every row for anyone else).
fn answered<R>(
    desk: &Desk,
    catalog: &Catalog,
    mut rows: Vec<R>,
    code: impl Fn(&R) -> &str,
) -> Vec<R> {
    if let Some(agency) = &desk.me.agency {
        let resolution = &catalog.resolution.code;
        rows.retain(|r| {
            catalog
                .target(code(r))
                .is_some_and(|t| agency.covers(resolution, t))
        });
    }
    rows
}

fn area_page(
    desk: &Desk,
    form: &YearForm,
    rows: Vec<EntryRow>,
    notes: Notes,
) -> Result<String, AppError> {
    let (lang, year, selection) = (desk.reader.lang, form.year, &desk.selection);
    let path = format!("/entry/{year}");
    let title = format!("{} {year}", labels(lang).entry_title);
    let rows = answered(desk, &form.stored.catalog, rows, |r| &r.code);
    let cells = rows.iter().flat_map(|r| r.cells.iter());
    let due = form_notes(
        form,
        cells.map(|c| (c.quality, c.revision.is_empty())),
        lang,
    );
    render(&EntryPage {
        frame: desk.frame(title, &path),
        csrf: desk.csrf(),
        action: keeping_resolution(&path, selection),
        year,
        years: form
            .years
            .iter()
            .map(|&y| (y, keeping_resolution(&format!("/entry/{y}"), selection)))
            .collect(),
        has_errors: area::has_errors(&rows),
        rows,
        states: MilestoneState::ALL
            .iter()
            .map(|s| (s.as_str(), s.label(lang)))
            .collect(),
        saved: notes.saved,
        conflicts: notes.conflicts,
        units: form.units(lang),
        remove_base: remove_base(year, None, selection),
        resolution: selection.resolution.clone(),
        template: super::import::template_link(desk, year, None),
        due,
        pending: notes.pending,
    })
}

fn unit_page(
    desk: &Desk,
    sheet: &UnitSheet,
    rows: Vec<UnitEntryRow>,
    notes: Notes,
) -> Result<String, AppError> {
    let (lang, year, selection) = (desk.reader.lang, sheet.form.year, &desk.selection);
    let unit_name = lang
        .pick(&sheet.unit.name_vi, &sheet.unit.name_en)
        .to_string();
    let path = format!("/entry/{year}");
    let code = urlencode(&sheet.unit.code);
    let rows = answered(desk, &sheet.form.stored.catalog, rows, |r| &r.code);
    let cells = rows.iter().flat_map(|r| r.cells.iter());
    let due = form_notes(
        sheet.form,
        cells.map(|c| (c.quality, c.revision.is_empty())),
        lang,
    );
    render(&UnitEntryPage {
        frame: desk.frame(
            format!("{} {year} · {unit_name}", labels(lang).entry_title),
            &format!("{path}?unit={code}"),
        ),
        csrf: desk.csrf(),
        action: resolution_and(&path, vec![format!("unit={code}")], selection),
        area_href: desk
            .me
            .unit
            .is_none()
            .then(|| resolution_and(&path, Vec::new(), selection)),
        unit_name,
        year,
        years: unit::unit_years(sheet.form, sheet.unit)
            .into_iter()
            .map(|y| {
                let link = format!("/entry/{y}");
                (
                    y,
                    resolution_and(&link, vec![format!("unit={code}")], selection),
                )
            })
            .collect(),
        remove_base: remove_base(year, Some(&sheet.unit.code), selection),
        template: super::import::template_link(desk, year, Some(&sheet.unit.code)),
        due,
        pending: notes.pending,
        yes_word: crate::domain::lang::yes_no(true, lang),
        no_word: crate::domain::lang::yes_no(false, lang),
        has_errors: unit::has_errors(&rows),
        rows,
        saved: notes.saved,
        conflicts: notes.conflicts,
    })
}

pub async fn form(
    state: State,
    desk: Desk,
    year: Segment,
    query: web::Query<EntryQuery>,
) -> Answer {
    let reader = desk.reader;
    let query = query.into_inner();
    let policy = state.policy;
    let body = state
        .with_conn(move |conn| {
            let form = entry_forms::open(conn, &desk.selection, &year, policy.years_after_goal)?;
            let mut notes = Notes::on_arrival(&query, reader.lang);
            let unit = match &query.unit {
                Some(code) => Some(unit::unit_of(&form, code)?),
                None => None,
            };
            let link = |y: i32| {
                let parts = unit.map(|u| vec![format!("unit={}", urlencode(&u.code))]);
                resolution_and(
                    &format!("/entry/{y}"),
                    parts.unwrap_or_default(),
                    &desk.selection,
                )
            };
            notes.pending = pending_years(conn, &form, unit, reader.lang)?
                .into_iter()
                .map(|p| (link(p.year), p.text))
                .collect();
            if let Some(unit) = unit {
                let sheet = UnitSheet {
                    form: &form,
                    unit,
                    policy,
                    lang: reader.lang,
                };
                let rows = sheet.rows_as_stored(conn)?;
                return unit_page(&desk, &sheet, rows, notes);
            }
            let rows = area::rows_as_stored(conn, &form, reader.lang)?;
            area_page(&desk, &form, rows, notes)
        })
        .await?;
    Ok(html(StatusCode::OK, body, reader))
}

/// How a save went: every change saved (how many), or the form again with its status.
enum Outcome {
    Saved(usize),
    Again(StatusCode, String),
}

/// A save's outcome as the page answers it, the form drawn by `page` when it comes back.
fn outcome<R>(
    saved: Saved<R>,
    lang: Lang,
    page: impl Fn(Vec<R>, Notes) -> Result<String, AppError>,
) -> Result<Outcome, AppError> {
    Ok(match saved {
        Saved::Saved(n) => Outcome::Saved(n),
        Saved::Invalid(rows) => {
            let notes = Notes::saved(None, lang);
            Outcome::Again(StatusCode::UNPROCESSABLE_ENTITY, page(rows, notes)?)
        }
        Saved::Conflicts {
            rows,
            saved,
            conflicts,
        } => {
            let notes = Notes {
                pending: Vec::new(),
                saved: (saved > 0).then(|| saved_text(saved, lang)),
                conflicts,
            };
            Outcome::Again(StatusCode::CONFLICT, page(rows, notes)?)
        }
    })
}

pub async fn save(
    state: State,
    desk: Desk,
    year: Segment,
    query: web::Query<EntryQuery>,
    form: web::Form<Form>,
) -> Answer {
    let (form, reader) = (desk.sent(form)?, desk.reader);
    let policy = state.policy;
    let selection = desk.selection.clone();
    let unit = query.into_inner().unit;
    let for_unit = unit.clone();
    let (outcome, year) = state
        .with_conn(move |conn| {
            let year_form =
                entry_forms::open(conn, &desk.selection, &year, policy.years_after_goal)?;
            year_form.refuse_other_targets(&form)?;
            let (lang, who) = (reader.lang, desk.writer());
            let outcome = match &for_unit {
                Some(code) => {
                    let sheet = UnitSheet {
                        form: &year_form,
                        unit: unit::unit_of(&year_form, code)?,
                        policy,
                        lang,
                    };
                    let saved = sheet.save(conn, &form, &who)?;
                    outcome(saved, lang, |rows, notes| {
                        unit_page(&desk, &sheet, rows, notes)
                    })?
                }
                None => {
                    let saved = area::save(conn, &year_form, &form, &policy, &who, lang)?;
                    outcome(saved, lang, |rows, notes| {
                        area_page(&desk, &year_form, rows, notes)
                    })?
                }
            };
            Ok((outcome, year_form.year))
        })
        .await?;
    let _ = state.refresh_data_version().await;
    match outcome {
        Outcome::Saved(saved) => {
            let mut parts = vec![format!("saved={saved}")];
            if let Some(code) = unit {
                parts.push(format!("unit={}", urlencode(&code)));
            }
            let path = format!("/entry/{year}");
            Ok(see_other(&resolution_and(&path, parts, &selection)))
        }
        Outcome::Again(status, body) => Ok(html(status, body, reader)),
    }
}

/// `/entry?unit=CODE`: the unit whose form to open.
#[derive(Debug, Deserialize)]
pub struct UnitParam {
    unit: Option<String>,
}

/// `/entry`: the current year's form, or the term's last year once the term is over.
pub async fn current(
    state: State,
    selection: Chosen,
    unit: web::Query<UnitParam>,
    req: actix_web::HttpRequest,
) -> Answer {
    let mut selection = selection.into_inner();
    // A commune statistician's form is their unit's, in their resolution.
    let scope = crate::web::auth::signed_in(&req).and_then(|me| me.unit);
    if let (Some(scope), None) = (&scope, &selection.resolution) {
        selection.resolution = Some(scope.resolution.clone());
    }
    let unit = unit.into_inner().unit.or(scope.map(|s| s.unit));
    // A unit's form opens on its latest year with a gap; the area's on the current year.
    let opening = match unit.clone() {
        Some(code) => {
            let (asked, after_goal) = (selection.clone(), state.policy.years_after_goal);
            state
                .with_conn(move |conn| unit::opening_year_of(conn, &asked, &code, after_goal))
                .await?
        }
        None => None,
    };
    let year = match opening {
        Some(year) => year,
        None => super::default_year(&state, &selection).await?,
    };
    let parts = unit
        .map(|u| vec![format!("unit={}", urlencode(&u))])
        .unwrap_or_default();
    Ok(see_other(&resolution_and(
        &format!("/entry/{year}"),
        parts,
        &selection,
    )))
}

//! `/admin/locks`: an administrator locks a year of the resolution once its report is adopted, or unlocks it
//! with a reason; every lock and unlock listed below.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web;
use askama::Template;

use crate::app::words::labels;
use crate::app::year_locks::{self, Locks};
use crate::domain::measurement::parse_year;
use crate::domain::year_lock::LockAction;
use crate::web::frame::{html, render, see_other};
use crate::web::links::{keeping_resolution, resolution_and};
use crate::web::visit::Desk;
use crate::web::{Answer, AppError, Segment, State};

/// A year's row: its state in words, and the form that locks or unlocks it.
struct YearRow {
    year: i32,
    locked: bool,
    state: String,
    action: String,
    button: String,
    reason_label: String,
}

#[derive(Template)]
#[template(path = "locks.html")]
struct LocksPage {
    frame: crate::web::frame::Frame,
    csrf: String,
    done: Option<String>,
    problem: Option<String>,
    years: Vec<YearRow>,
    /// When, who, year, lock or unlock, why.
    events: Vec<(String, String, i32, &'static str, String)>,
}

fn page(
    desk: &Desk,
    locks: Locks,
    done: Option<String>,
    problem: Option<String>,
) -> Result<String, AppError> {
    let (lang, l) = (desk.reader.lang, labels(desk.reader.lang));
    let said = |text: &str, year: i32| text.replace("{year}", &year.to_string());
    render(&LocksPage {
        frame: desk.frame(l.locks_heading.to_string(), "/admin/locks"),
        csrf: desk.csrf(),
        done,
        problem,
        years: locks
            .years
            .into_iter()
            .map(|y| YearRow {
                year: y.year,
                locked: y.lock.is_some(),
                state: y
                    .lock
                    .as_ref()
                    .map_or(l.lock_state_open.to_string(), |lock| {
                        l.lock_state_locked
                            .replace("{by}", &lock.by)
                            .replace("{at}", &crate::clock::shown(lock.at))
                    }),
                action: keeping_resolution(&format!("/admin/locks/{}", y.year), &desk.selection),
                button: said(
                    if y.lock.is_some() {
                        l.unlock_button
                    } else {
                        l.lock_button
                    },
                    y.year,
                ),
                reason_label: said(l.unlock_reason, y.year),
            })
            .collect(),
        events: locks
            .events
            .into_iter()
            .map(|e| {
                (
                    crate::clock::shown(e.at),
                    e.by,
                    e.year,
                    e.action.label(lang),
                    e.reason,
                )
            })
            .collect(),
    })
}

#[derive(Debug, serde::Deserialize)]
pub struct DoneQuery {
    locked: Option<String>,
    unlocked: Option<String>,
}

pub async fn locks(state: State, desk: Desk, query: web::Query<DoneQuery>) -> Answer {
    let l = labels(desk.reader.lang);
    let done = match (
        query.locked.as_deref().and_then(parse_year),
        query.unlocked.as_deref().and_then(parse_year),
    ) {
        (Some(y), _) => Some(l.locks_done_lock.replace("{year}", &y.to_string())),
        (_, Some(y)) => Some(l.locks_done_unlock.replace("{year}", &y.to_string())),
        _ => None,
    };
    let (reader, after_goal, scope) = (
        desk.reader,
        state.policy.years_after_goal,
        desk.selection.clone(),
    );
    let locks = state
        .with_conn(move |conn| year_locks::read(conn, &scope, after_goal))
        .await?;
    Ok(html(
        StatusCode::OK,
        page(&desk, locks, done, None)?,
        reader,
    ))
}

/// Locks or unlocks the year; a refusal (no reason, already locked) is said on the page again.
pub async fn change(
    state: State,
    desk: Desk,
    year: Segment,
    form: web::Form<HashMap<String, String>>,
) -> Answer {
    let form = desk.sent(form)?;
    let year = year.into_inner();
    let year = parse_year(&year).ok_or_else(|| AppError::bad_year("year", &year))?;
    let action = form
        .get("action")
        .and_then(|a| LockAction::parse(a))
        .ok_or_else(|| {
            AppError::bad_field(
                "action",
                "phải là lock hoặc unlock",
                "must be lock or unlock",
            )
        })?;
    let reason = form.get("reason").cloned().unwrap_or_default();
    let (reader, after_goal, scope, who) = (
        desk.reader,
        state.policy.years_after_goal,
        desk.selection.clone(),
        desk.me.name.clone(),
    );
    let outcome = state
        .with_conn(move |conn| {
            // The years and events are read again only to show a refusal beside them.
            Ok(
                match year_locks::set(conn, &scope, (year, after_goal), (action, &reason), &who) {
                    Ok(event) => Ok(event),
                    Err(e) => Err((e, year_locks::read(conn, &scope, after_goal)?)),
                },
            )
        })
        .await?;
    match outcome {
        Ok(event) => {
            let _ = state.refresh_data_version().await;
            // `locked=2024` or `unlocked=2024`: the list says what was done.
            let done = format!("{}ed={year}", event.action.as_str());
            Ok(see_other(&resolution_and(
                "/admin/locks",
                vec![done],
                &desk.selection,
            )))
        }
        Err((e, locks)) => {
            let said = e.message.pick(reader.lang).to_string();
            let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
            Ok(html(status, page(&desk, locks, None, Some(said))?, reader))
        }
    }
}

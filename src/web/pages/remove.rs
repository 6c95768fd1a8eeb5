//! `/entry/{year}/remove?target=CODE&quality=Q[&unit=CODE]`: one figure removed on purpose. GET shows the figure
//! and asks; POST removes it on the revision shown (a figure changed meanwhile is shown again, 409, not removed)
//! and goes back to the form, which says what was removed.

use actix_web::http::StatusCode;
use actix_web::web;
use askama::Template;

use crate::app::entry::remove::{self, RemoveAsk, ToRemove};
use crate::app::entry::Form;
use crate::web::frame::{html, render, see_other, Frame};
use crate::web::links::{resolution_and, urlencode};
use crate::web::visit::Desk;
use crate::web::{Answer, AppError, ErrorCode, Segment, State};

#[derive(Template)]
#[template(path = "remove.html")]
struct RemovePage {
    frame: Frame,
    csrf: String,
    item: ToRemove,
    quality: &'static str,
    action: String,
    back: String,
    /// The figure was changed by someone else since the confirmation was shown.
    changed: bool,
}

/// The form's address for this figure's unit (and resolution), with `more` query parts.
fn form_link(desk: &Desk, year: i32, more: Vec<String>) -> String {
    let mut parts = more;
    if let Some(unit) = desk.selection.unit() {
        parts.push(format!("unit={}", urlencode(unit)));
    }
    resolution_and(&format!("/entry/{year}"), parts, &desk.selection)
}

fn page(desk: &Desk, item: ToRemove, changed: bool) -> Result<String, AppError> {
    let lang = desk.reader.lang;
    let l = crate::app::words::labels(lang);
    let path = format!("/entry/{}/remove", item.year);
    let parts = vec![
        format!("target={}", urlencode(&item.code)),
        format!("quality={}", item.quality.as_str()),
    ];
    render(&RemovePage {
        frame: desk.frame(l.remove_title.to_string(), &path),
        csrf: desk.csrf(),
        action: form_link(desk, item.year, parts).replacen(
            &format!("/entry/{}", item.year),
            &path,
            1,
        ),
        back: form_link(desk, item.year, Vec::new()),
        quality: item.quality.label(lang),
        item,
        changed,
    })
}

pub async fn confirm(
    state: State,
    desk: Desk,
    year: Segment,
    ask: web::Query<RemoveAsk>,
) -> Answer {
    let reader = desk.reader;
    let years_after_goal = state.policy.years_after_goal;
    let body = state
        .with_conn(move |conn| {
            let item = remove::to_remove(
                conn,
                &desk.selection,
                (&year, years_after_goal),
                &ask,
                reader.lang,
            )?;
            page(&desk, item, false)
        })
        .await?;
    Ok(html(StatusCode::OK, body, reader))
}

pub async fn remove(
    state: State,
    desk: Desk,
    year: Segment,
    ask: web::Query<RemoveAsk>,
    form: web::Form<Form>,
) -> Answer {
    let (form, reader) = (desk.sent(form)?, desk.reader);
    let revision = form
        .get("revision")
        .and_then(|r| r.trim().parse::<i32>().ok())
        .ok_or_else(|| {
            AppError::bad_field("revision", "phải là số nguyên", "must be a whole number")
        })?;
    let years_after_goal = state.policy.years_after_goal;
    let (done, again) = state
        .with_conn(move |conn| {
            let who = desk.writer();
            let at = (year.as_str(), years_after_goal);
            match remove::remove(conn, &desk.selection, at, &ask, revision, &who) {
                Ok(()) => {
                    let item = (
                        ask.target.clone().unwrap_or_default(),
                        ask.quality.clone().unwrap_or_default(),
                    );
                    let year = crate::domain::measurement::parse_year(&year).unwrap_or_default();
                    let parts = vec![
                        format!("removed={}", urlencode(&item.0)),
                        format!("quality={}", urlencode(&item.1)),
                    ];
                    Ok((Some(form_link(&desk, year, parts)), None))
                }
                Err(e) if e.code == ErrorCode::StaleRevision => {
                    let item = remove::to_remove(conn, &desk.selection, at, &ask, reader.lang)?;
                    Ok((None, Some(page(&desk, item, true)?)))
                }
                Err(e) => Err(e),
            }
        })
        .await?;
    let _ = state.refresh_data_version().await;
    match (done, again) {
        (Some(location), _) => Ok(see_other(&location)),
        (None, Some(body)) => Ok(html(StatusCode::CONFLICT, body, reader)),
        (None, None) => Err(AppError::internal()),
    }
}

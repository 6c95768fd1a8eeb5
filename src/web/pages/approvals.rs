//! `/approvals`: a year's figures and where each stands in the approval workflow. A statistician submits their
//! drafts (one, or the whole year at once); an approver approves or returns what was submitted, and reopens an
//! approved figure, with a reason. Every step goes through `app::approval`, as the API's do.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web;
use askama::Template;

use crate::app::approval::{self, Asked, Queue};
use crate::app::scope::Scope;
use crate::app::views::{figure_of, MeasurementView};
use crate::app::words::labels;
use crate::domain::account::Role;
use crate::domain::approval::{Approval, Step};
use crate::domain::measurement::Channel;
use crate::domain::wording::{self, Lang};
use crate::domain::{MilestoneState, Quality};
use crate::web::frame::{html, render, see_other};
use crate::web::links::resolution_and;
use crate::web::visit::Desk;
use crate::web::{Answer, AppError, State};

/// One figure's row: what it is, where it stands, and the steps the reader may take on it.
struct FigureRow {
    target: String,
    of: String,
    unit: String,
    code: String,
    quality: &'static str,
    quality_label: &'static str,
    value: String,
    approval: &'static str,
    approval_label: &'static str,
    note: String,
    by: String,
    revision: i32,
    /// (step, button words, whether it needs a reason)
    steps: Vec<(&'static str, &'static str, bool)>,
}

#[derive(Template)]
#[template(path = "approvals.html")]
struct ApprovalsPage {
    frame: crate::web::frame::Frame,
    csrf: String,
    year: i32,
    years: Vec<(i32, bool)>,
    show: Vec<(&'static str, &'static str, bool)>,
    shown: &'static str,
    unit: String,
    agency: String,
    resolution: Option<String>,
    done: Option<String>,
    problem: Option<String>,
    rows: Vec<FigureRow>,
    /// (step, button words) for the whole year.
    bulk: Vec<(&'static str, String)>,
    action: String,
}

/// Which states a list shows: `submitted` (what waits on an approver, the default), `open` (drafts and
/// returned: what waits on a statistician), `approved`, or `all`.
fn states(show: &str) -> (&'static str, &'static [Approval]) {
    match show {
        "open" => ("open", &[Approval::Draft, Approval::Returned]),
        "approved" => ("approved", &[Approval::Approved]),
        "all" => ("all", &Approval::ALL),
        _ => ("submitted", &[Approval::Submitted]),
    }
}

/// A figure's value in words: a number with its unit, a unit's counts, a state.
fn value_text(f: &MeasurementView, target: &crate::domain::Target, lang: Lang) -> String {
    match (f.value, f.numerator, f.denominator, f.state) {
        (Some(v), Some(n), Some(d), _) => format!(
            "{}/{} ({}%)",
            wording::number(n, lang),
            wording::number(d, lang),
            wording::number(v, lang)
        ),
        (Some(v), ..) => wording::with_unit(v, target, lang),
        (None, _, _, Some("yes")) => crate::domain::lang::yes_no(true, lang).to_string(),
        (None, _, _, Some("no")) => crate::domain::lang::yes_no(false, lang).to_string(),
        (None, _, _, Some(state)) => {
            MilestoneState::parse(state).map_or(String::new(), |s| s.label(lang).to_string())
        }
        _ => "—".into(),
    }
}

/// The steps a reader of this role may take on a figure in this state.
fn steps_for(
    role: Role,
    approval: Approval,
    lang: Lang,
) -> Vec<(&'static str, &'static str, bool)> {
    Step::ALL
        .into_iter()
        .filter(|s| s.from(approval).is_some())
        .filter(|s| !s.needs_approver() || role >= Role::Approver)
        // An approver's own list offers no submit: they approve directly.
        .filter(|s| !(role >= Role::Approver && *s == Step::Submit))
        .map(|s| (s.as_str(), s.label(lang), s.needs_reason()))
        .collect()
}

/// The list's rows: each figure in words, with the steps the reader's role may take on it.
fn figure_rows(queue: &Queue, role: Role, lang: Lang) -> Vec<FigureRow> {
    let catalog = &queue.stored.catalog;
    queue
        .figures
        .iter()
        .filter_map(|f| {
            let target = catalog.target(&f.target_code)?;
            Some(FigureRow {
                target: format!("{} · {}", target.code, wording::title(target, lang)),
                of: figure_of(catalog, f.unit.as_deref(), lang),
                unit: f.unit.clone().unwrap_or_default(),
                code: target.code.clone(),
                quality: f.quality.as_str(),
                quality_label: f.quality.label(lang),
                value: value_text(f, target, lang),
                approval: f.approval.as_str(),
                approval_label: f.approval.label(lang),
                note: f.approval_note.clone().unwrap_or_default(),
                by: f.changed_by.clone(),
                revision: f.revision,
                steps: steps_for(role, f.approval, lang),
            })
        })
        .collect()
}

fn page(
    desk: &Desk,
    queue: Queue,
    (show, after_goal): (&str, i32),
    outcome: (Option<String>, Option<String>),
) -> Result<String, AppError> {
    let (lang, l) = (desk.reader.lang, labels(desk.reader.lang));
    let (shown, _) = states(show);
    let catalog = &queue.stored.catalog;
    let role = desk.me.role;
    let rows = figure_rows(&queue, role, lang);
    let year = queue.year;
    let bulk = match role >= Role::Approver {
        true => vec![(
            Step::Approve.as_str(),
            l.approve_year.replace("{year}", &year.to_string()),
        )],
        false => vec![(
            Step::Submit.as_str(),
            l.submit_year.replace("{year}", &year.to_string()),
        )],
    };
    let years = catalog
        .entry_years(after_goal)
        .map(|y| (y, y == year))
        .collect();
    render(&ApprovalsPage {
        frame: desk.frame(l.approvals_heading.to_string(), "/approvals"),
        csrf: desk.csrf(),
        year,
        years,
        show: [
            ("submitted", l.show_submitted),
            ("open", l.show_open),
            ("approved", l.show_approved),
            ("all", l.show_all),
        ]
        .into_iter()
        .map(|(v, t)| (v, t, v == shown))
        .collect(),
        shown,
        unit: desk.selection.unit().unwrap_or("").to_string(),
        agency: desk.selection.agency.clone().unwrap_or_default(),
        resolution: desk.selection.resolution.clone(),
        done: outcome.0,
        problem: outcome.1,
        rows,
        bulk,
        action: list_address(&desk.selection, Vec::new()),
    })
}

/// What the list shows beside the scope (`?year=`, read with it): which states, and how many the last step moved.
#[derive(Debug, serde::Deserialize)]
pub struct QueueQuery {
    show: Option<String>,
    moved: Option<String>,
}

/// The list's own address: the scope's resolution, unit and agency kept, so that a step taken from it (the
/// whole year's included) applies to the figures it shows.
fn list_address(scope: &Scope, more: Vec<String>) -> String {
    let mut asked = more;
    if let Some(unit) = scope.unit() {
        asked.push(format!("unit={}", crate::web::links::urlencode(unit)));
    }
    if let Some(agency) = scope.agency.as_deref().filter(|a| !a.is_empty()) {
        asked.push(format!("agency={}", crate::web::links::urlencode(agency)));
    }
    resolution_and("/approvals", asked, scope)
}

pub async fn queue(state: State, desk: Desk, query: web::Query<QueueQuery>) -> Answer {
    let show = query.show.clone().unwrap_or_default();
    let (shown, wanted) = states(&show);
    let l = labels(desk.reader.lang);
    let done = query
        .moved
        .as_deref()
        .and_then(|n| n.parse::<usize>().ok())
        .map(|n| l.approvals_done.replace("{n}", &n.to_string()));
    let scope = desk.selection.clone();
    let read = state
        .with_conn(move |conn| approval::queue(conn, &scope, wanted))
        .await?;
    let body = page(
        &desk,
        read,
        (shown, state.policy.years_after_goal),
        (done, None),
    )?;
    Ok(html(StatusCode::OK, body, desk.reader))
}

/// A form field's text (empty when absent).
fn field(form: &HashMap<String, String>, name: &str) -> String {
    form.get(name).map(String::as_str).unwrap_or("").to_string()
}

/// Takes the step a form asks for, in the scope's year: on one figure (`target`, `unit`, `quality`, `revision`)
/// or on the whole year.
fn take(
    conn: &mut crate::storage::DbConnection,
    form: &HashMap<String, String>,
    scope: &Scope,
    me: &crate::app::accounts::Identity,
) -> Result<usize, AppError> {
    let year = scope.default_year(conn)?;
    let reason = form.get("reason").map(String::as_str);
    let asked = Asked::parse(&field(form, "action"), reason)?;
    match form.get("target").filter(|t| !t.is_empty()) {
        Some(code) => {
            let quality = field(form, "quality");
            let quality =
                Quality::parse(&quality).ok_or_else(|| AppError::bad_quality(&quality))?;
            let revision = field(form, "revision").parse::<i32>().map_err(|_| {
                AppError::bad_field("revision", "phải là số nguyên", "must be a whole number")
            })?;
            let scope = Scope {
                unit: form.get("unit").cloned(),
                ..scope.clone()
            };
            approval::step_one(
                conn,
                &scope,
                (code, year, quality),
                revision,
                &asked,
                (me, Channel::Form),
            )
            .map(|_| 1)
        }
        None => approval::step_year(conn, scope, year, &asked, (me, Channel::Form)),
    }
}

/// Takes a step on one figure (`target`, `quality`, `revision`) or on the whole year (no `target`); a refusal
/// is said above the list again.
pub async fn step(state: State, desk: Desk, form: web::Form<HashMap<String, String>>) -> Answer {
    let form = desk.sent(form)?;
    let show = field(&form, "show");
    let year = field(&form, "year");
    // The year the form was for, in the scope (checked as every page's year is).
    let scope = Scope {
        year: Some(year.clone()).filter(|y| !y.trim().is_empty()),
        ..desk.selection.clone()
    };
    let (reader, me) = (desk.reader, desk.me.clone());
    let (shown, wanted) = states(&show);
    let outcome = state
        .with_conn(move |conn| {
            Ok(match take(conn, &form, &scope, &me) {
                Ok(n) => Ok(n),
                Err(e) => Err((e, approval::queue(conn, &scope, wanted)?)),
            })
        })
        .await?;
    match outcome {
        Ok(moved) => {
            let _ = state.refresh_data_version().await;
            let done = vec![
                format!("year={}", crate::web::links::urlencode(&year)),
                format!("moved={moved}"),
                format!("show={shown}"),
            ];
            Ok(see_other(&list_address(&desk.selection, done)))
        }
        Err((e, queue)) => {
            let said = e.message.pick(reader.lang).to_string();
            let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
            let body = page(
                &desk,
                queue,
                (shown, state.policy.years_after_goal),
                (None, Some(said)),
            )?;
            Ok(html(status, body, reader))
        }
    }
}

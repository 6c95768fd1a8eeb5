//! The committee's assessment of a target, recorded on the target's page by an approver (or an administrator):
//! the form below the target's status, and `POST /targets/{code}/assessments`, which writes through the same flow
//! as the API (`app::assessments::record_target`).

use std::collections::HashMap;

use actix_web::web;

use crate::app::assessments::{self, Recorded};
use crate::app::words::labels;
use crate::domain::account::Role;
use crate::domain::assessment::{check_text, status_among, Assessment, TARGET_STATUSES};
use crate::web::auth::check_form_csrf;
use crate::web::frame::see_other;
use crate::web::links::{resolution_and, urlencode};
use crate::web::visit::{Desk, Visit};
use crate::web::{Answer, AppError, Segment, State};

/// The form as the target page shows it to an approver: the year it records, the revision it was filled from,
/// the statuses (the recorded one chosen) and the recorded words.
pub struct CommitteeForm {
    pub action: String,
    pub csrf: String,
    pub year: i32,
    pub revision: String,
    pub statuses: Vec<(&'static str, &'static str, bool)>,
    pub text: String,
    pub heading: String,
}

/// The form for the year shown, for an approver or an administrator; none for anyone else.
pub fn form(
    code: &str,
    year: i32,
    recorded: Option<&Assessment>,
    visit: &Visit,
) -> Option<CommitteeForm> {
    let me = visit.user.as_ref().filter(|u| u.role >= Role::Approver)?;
    let lang = visit.reader.lang;
    let chosen = recorded.map(|a| a.status);
    Some(CommitteeForm {
        action: resolution_and(
            &format!("/targets/{}/assessments", urlencode(code)),
            Vec::new(),
            &visit.selection,
        ),
        csrf: me.csrf.clone().unwrap_or_default(),
        year,
        revision: recorded.map_or(String::new(), |a| a.revision.to_string()),
        statuses: TARGET_STATUSES
            .iter()
            .map(|s| (s.as_str(), s.label(lang), Some(*s) == chosen))
            .collect(),
        text: recorded.map_or(String::new(), |a| a.text.clone()),
        heading: labels(lang)
            .committee_form
            .replace("{year}", &year.to_string()),
    })
}

/// A form's field refused (the page says it in the reader's language).
fn refused(field: &str, vi: &str, en: &str) -> AppError {
    AppError::bad_field(field, vi.to_string(), en.to_string())
}

/// `POST /targets/{code}/assessments`: records the committee's assessment, then back to the target's page of
/// that year; a refusal is a page in the reader's language naming the field.
pub async fn record(
    state: State,
    code: Segment,
    desk: Desk,
    form: web::Form<HashMap<String, String>>,
) -> Answer {
    let (form, code) = (form.into_inner(), code.into_inner());
    check_form_csrf(&desk.me, form.get("csrf").map_or("", String::as_str))?;
    let field = |name: &str| form.get(name).map_or("", |v| v.trim());
    let year = crate::domain::measurement::parse_year(field("year"))
        .ok_or_else(|| refused("year", "năm không hợp lệ", "not a year"))?;
    let status = status_among(&TARGET_STATUSES, field("status"))
        .ok_or_else(|| refused("status", "hãy chọn một tình trạng", "choose a status"))?;
    let text = check_text(field("text")).map_err(|said| refused("text", &said.vi, &said.en))?;
    let revision = match field("revision") {
        "" => None,
        r => Some(
            r.parse::<i32>()
                .map_err(|_| refused("revision", "phiên bản không hợp lệ", "not a revision"))?,
        ),
    };
    let (scope, me) = (desk.selection.clone(), desk.me.clone());
    let years_after_goal = state.policy.years_after_goal;
    let asked = code.clone();
    state
        .with_conn(move |conn| {
            let what = Recorded {
                year,
                status,
                text: &text,
                revision,
            };
            assessments::record_target(conn, &scope, &asked, what, &me, years_after_goal)
        })
        .await?;
    let _ = state.refresh_data_version().await;
    Ok(see_other(&resolution_and(
        &format!("/targets/{}", urlencode(&code)),
        vec![format!("as_of={year}"), "assessed=1".to_string()],
        &desk.selection,
    )))
}

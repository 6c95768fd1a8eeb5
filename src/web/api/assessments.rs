//! Breakthrough assessments over the API: `PUT /api/v1/breakthroughs/{code}/assessments/{year}` (with the
//! revision seen, like figures) and `GET /api/v1/breakthroughs/{code}/assessments` (with their history).

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::app::assessments::{self, Recorded};
use crate::app::figures::Writer;
use crate::app::scope::Scope;
use crate::domain::assessment::Assessment;
use crate::domain::assessment::{check_text, status_among};
use crate::domain::measurement::parse_year;
use crate::domain::measurement::Channel;
use crate::domain::text::excerpt;
use crate::domain::Status;
use crate::web::auth::Caller;
use crate::web::error::ErrorBody;
use crate::web::{Answer, AppError, Chosen, Segment, State};

/// An assessment as sent: the status, the committee's words, and the revision last seen (none: a new one).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentBody {
    /// A progress status (`met`, `on_track`, `at_risk`, `off_track`, `not_met`, …) as the route allows.
    status: String,
    text: String,
    revision: Option<i32>,
}

/// A task's assessments and the history of their changes.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TaskAssessments {
    assessments: Vec<Assessment>,
    /// Every change of them, newest first.
    history: Vec<crate::domain::assessment::AssessmentChange>,
}

/// A status and text as the API sends them, checked; each problem names its field. `statuses` are those allowed.
fn checked(body: &AssessmentBody, statuses: &[Status]) -> Result<(Status, String), AppError> {
    let status = status_among(statuses, &body.status).ok_or_else(|| {
        let shown = excerpt(&body.status, 40);
        let names: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
        let names = names.join(", ");
        AppError::invalid_value(
            "status",
            format!("{shown:?} không phải là một trong {names}"),
            format!("{shown:?} is not one of {names}"),
        )
    })?;
    let text =
        check_text(&body.text).map_err(|said| AppError::invalid_value("text", said.vi, said.en))?;
    Ok((status, text))
}

/// What records an assessment: the scope, the task's or target's code, what was sent, the caller, the years after
/// the goal year that still take figures.
type Record = fn(
    &mut crate::storage::DbConnection,
    &crate::app::scope::Scope,
    &str,
    Recorded<'_>,
    &crate::app::accounts::Identity,
    i32,
) -> Result<(crate::domain::assessment::Assessment, bool), AppError>;

/// Checks an assessment's year and body, records it by `record`, and answers 201 (created) or 200 with it.
async fn recorded(
    (state, path, selection): (State, web::Path<(String, String)>, Chosen),
    (body, caller): (web::Json<AssessmentBody>, crate::app::accounts::Identity),
    statuses: &[Status],
    record: Record,
) -> Answer {
    let (code, year) = path.into_inner();
    let year = parse_year(&year).ok_or_else(|| AppError::bad_year("year", &year))?;
    let body = body.into_inner();
    let (status, text) = checked(&body, statuses)?;
    let years_after_goal = state.policy.years_after_goal;
    let (assessment, created) = state
        .with_conn(move |conn| {
            let what = Recorded {
                year,
                status,
                text: &text,
                revision: body.revision,
            };
            record(conn, &selection, &code, what, &caller, years_after_goal)
        })
        .await?;
    let _ = state.refresh_data_version().await;
    let status = match created {
        true => StatusCode::CREATED,
        false => StatusCode::OK,
    };
    Ok(HttpResponse::build(status).json(assessment))
}

/// A breakthrough task's assessment, by the caller as the API's writer.
fn record_task(
    conn: &mut crate::storage::DbConnection,
    scope: &crate::app::scope::Scope,
    code: &str,
    what: Recorded<'_>,
    caller: &crate::app::accounts::Identity,
    years_after_goal: i32,
) -> Result<(crate::domain::assessment::Assessment, bool), AppError> {
    let who = Writer::of(caller, Channel::Api);
    assessments::record(conn, scope, code, what, &who, years_after_goal)
}

/// `PUT /api/v1/breakthroughs/{code}/assessments/{year}`: the assessment of a breakthrough task for a year, on
/// the revision last seen.
#[utoipa::path(put, path = "/api/v1/breakthroughs/{code}/assessments/{year}", operation_id = "put_task_assessment", tag = "assessments",
    params(("code" = String, Path, description = "The task's code, e.g. D1."), ("year" = i32, Path), Scope),
    request_body = AssessmentBody,
    responses((status = 201, body = Assessment), (status = 200, body = Assessment),
        (status = 409, description = "A stale revision.", body = ErrorBody),
        (status = 422, description = "A status not allowed, or a text too long.", body = ErrorBody)),
    security(("token" = []), ("session" = [])))]
pub async fn put(
    state: State,
    path: web::Path<(String, String)>,
    selection: Chosen,
    body: web::Json<AssessmentBody>,
    Caller(caller): Caller,
) -> Answer {
    let statuses = &crate::domain::assessment::ASSESSMENT_STATUSES;
    recorded(
        (state, path, selection),
        (body, caller),
        statuses,
        record_task,
    )
    .await
}

/// A breakthrough task's assessments, with their history.
#[utoipa::path(get, path = "/api/v1/breakthroughs/{code}/assessments", operation_id = "task_assessments", tag = "assessments",
    params(("code" = String, Path, description = "The task's code."), Scope),
    responses((status = 200, body = TaskAssessments),
        (status = 404, description = "No such task.", body = ErrorBody)))]
pub async fn list(state: State, code: Segment, selection: Chosen) -> Answer {
    let code = code.into_inner();
    let (list, history) = state
        .with_conn(move |conn| assessments::list(conn, &selection, &code))
        .await?;
    Ok(HttpResponse::Ok().json(TaskAssessments {
        assessments: list,
        history,
    }))
}

/// `PUT /api/v1/targets/{code}/assessments/{year}`: the committee's assessment of a target for a year (an
/// approver's), with the revision seen.
#[utoipa::path(put, path = "/api/v1/targets/{code}/assessments/{year}", operation_id = "put_target_assessment", tag = "assessments",
    params(("code" = String, Path, description = "The target's code."), ("year" = i32, Path), Scope),
    request_body = AssessmentBody,
    responses((status = 201, body = Assessment), (status = 200, body = Assessment),
        (status = 409, description = "A stale revision.", body = ErrorBody),
        (status = 422, description = "A status not allowed, or a text too long.", body = ErrorBody)),
    security(("token" = []), ("session" = [])))]
pub async fn put_target(
    state: State,
    path: web::Path<(String, String)>,
    selection: Chosen,
    body: web::Json<AssessmentBody>,
    Caller(caller): Caller,
) -> Answer {
    let statuses = &crate::domain::assessment::TARGET_STATUSES;
    let record = assessments::record_target;
    recorded((state, path, selection), (body, caller), statuses, record).await
}

/// `GET /api/v1/targets/{code}/assessments`: the committee's assessments of a target, newest year first.
#[utoipa::path(get, path = "/api/v1/targets/{code}/assessments", operation_id = "target_assessments", tag = "assessments",
    params(("code" = String, Path, description = "The target's code."), Scope),
    responses((status = 200, body = Vec<Assessment>),
        (status = 404, description = "No such target.", body = ErrorBody)))]
pub async fn list_target(state: State, code: Segment, selection: Chosen) -> Answer {
    let code = code.into_inner();
    let list = state
        .with_conn(move |conn| assessments::of_target(conn, &selection, &code))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

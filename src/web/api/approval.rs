//! Approval through the API: a step on one figure (`POST …/measurements/{year}/{quality}/approval`) or on a
//! year's figures of a unit or an agency (`POST /api/v1/approvals`).

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::writes::parse_path;
use crate::app::approval::{self, Asked};
use crate::app::scope::Scope;
use crate::app::views::MeasurementView;
use crate::domain::measurement::{parse_year, Channel};
use crate::domain::Quality;
use crate::web::auth::Caller;
use crate::web::error::ErrorBody;
use crate::web::{Answer, AppError, Chosen, State};

/// A step's body: `action` (submit, approve, return, reopen), the `revision` last seen (one figure) or the
/// `year` (a year's figures), and the `reason` returning and reopening need.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StepBody {
    /// `submit`, `approve`, `return` or `reopen`.
    #[schema(example = "approve")]
    action: String,
    /// The figure's revision last seen (a step on one figure).
    revision: Option<i32>,
    /// The year whose figures move (a step on a year).
    #[schema(value_type = Option<i32>)]
    year: Option<serde_json::Value>,
    /// Why it is returned or reopened (required for those).
    reason: Option<String>,
}

/// What a step on a year moved.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Moved {
    year: i32,
    /// How many figures took the step.
    moved: usize,
}

/// `POST /api/v1/targets/{code}/measurements/{year}/{quality}/approval[?unit=CODE]`: a step in one figure's
/// approval, on the revision last seen.
#[utoipa::path(post, path = "/api/v1/targets/{code}/measurements/{year}/{quality}/approval", operation_id = "step_figure", tag = "approval",
    params(("code" = String, Path, description = "The target's code."), ("year" = i32, Path),
        ("quality" = Quality, Path), Scope),
    request_body = StepBody,
    responses((status = 200, description = "The figure after the step.", body = MeasurementView),
        (status = 403, description = "The caller's role may not take this step.", body = ErrorBody),
        (status = 409, description = "A stale revision, a step the figure's state does not allow, or a locked year.", body = ErrorBody)),
    security(("token" = []), ("session" = [])))]
pub async fn step_one(
    state: State,
    path: web::Path<(String, String, String)>,
    scope: Chosen,
    body: web::Json<StepBody>,
    Caller(caller): Caller,
) -> Answer {
    let (code, year, quality) = path.into_inner();
    let (year, quality) = parse_path(&year, &quality)?;
    let body = body.into_inner();
    let revision = body.revision.ok_or_else(|| {
        AppError::bad_field(
            "revision",
            "cần phiên bản (revision) bạn đã xem",
            "the revision you last saw is required",
        )
    })?;
    let figure = state
        .with_conn(move |conn| {
            let asked = Asked::parse(&body.action, body.reason.as_deref())?;
            let at = (code.as_str(), year, quality);
            approval::step_one(conn, &scope, at, revision, &asked, (&caller, Channel::Api))
        })
        .await?;
    let _ = state.refresh_data_version().await;
    Ok(HttpResponse::Ok().json(figure))
}

/// `POST /api/v1/approvals[?resolution=&unit=&agency=]`: a step on every figure of a year that it applies to
/// (approving: the submitted ones).
#[utoipa::path(post, path = "/api/v1/approvals", tag = "approval", params(Scope), request_body = StepBody,
    responses((status = 200, body = Moved),
        (status = 403, description = "The caller's role may not take this step.", body = ErrorBody)),
    security(("token" = []), ("session" = [])))]
pub async fn step_year(
    state: State,
    scope: Chosen,
    body: web::Json<StepBody>,
    Caller(caller): Caller,
) -> Answer {
    let body = body.into_inner();
    let year = body
        .year
        .as_ref()
        .and_then(|y| {
            y.as_i64()
                .map(|n| n.to_string())
                .or(y.as_str().map(str::to_string))
        })
        .and_then(|y| parse_year(&y))
        .ok_or_else(|| AppError::bad_field("year", "cần năm (year)", "a year is required"))?;
    let moved = state
        .with_conn(move |conn| {
            let asked = Asked::parse(&body.action, body.reason.as_deref())?;
            approval::step_year(conn, &scope, year, &asked, (&caller, Channel::Api))
        })
        .await?;
    let _ = state.refresh_data_version().await;
    Ok(HttpResponse::Ok().json(Moved { year, moved }))
}

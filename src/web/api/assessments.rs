//! Breakthrough assessments over the API: `PUT /api/v1/breakthroughs/{code}/assessments/{year}` (with the
//! revision seen, like figures) and `GET /api/v1/breakthroughs/{code}/assessments` (with their history).

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use super::selection::Selection;
use crate::domain::assessment::{check_text, parse_status};
use crate::storage::assessments::{self, AssessmentWriteError};
use crate::web::auth::Caller;
use crate::web::{ApiError, AppState};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentBody {
    status: String,
    text: String,
    revision: Option<i32>,
}

fn invalid(field: &str, message: impl Into<String>) -> ApiError {
    ApiError {
        field: Some(field.to_string()),
        ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_value", message)
    }
}

pub async fn put(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    selection: web::Query<Selection>,
    body: web::Json<AssessmentBody>,
    Caller(caller): Caller,
) -> Result<HttpResponse, ApiError> {
    let (code, year) = path.into_inner();
    let year = crate::domain::measurement::parse_year(&year).ok_or_else(|| {
        ApiError::bad_field(
            "year",
            format!(
                "{:?} is not a year",
                crate::domain::text::excerpt(&year, 40)
            ),
        )
    })?;
    let body = body.into_inner();
    let status = parse_status(&body.status).ok_or_else(|| {
        invalid(
            "status",
            format!(
                "{:?} is not one of achieved, on_track, needs_acceleration, off_track",
                crate::domain::text::excerpt(&body.status, 40)
            ),
        )
    })?;
    let text = check_text(&body.text).map_err(|(en, _)| invalid("text", en))?;
    let years_after_goal = state.policy.years_after_goal;
    let result = state
        .with_conn(move |conn| {
            let stored = selection.catalog(conn)?;
            stored.catalog.breakthrough(&code).ok_or_else(|| {
                ApiError::not_found(format!("no breakthrough task has the code {code:?}"))
            })?;
            let years = stored.catalog.entry_years(years_after_goal);
            if !years.contains(&year) {
                return Err(invalid(
                    "year",
                    format!("must be a year from {} to {}", years.start(), years.end()),
                ));
            }
            Ok(assessments::put_assessment(
                conn,
                &stored,
                &code,
                year,
                status,
                &text,
                body.revision,
                &caller.name,
            ))
        })
        .await?;
    match result {
        Ok((assessment, created)) => {
            let _ = state.refresh_data_version().await;
            let status = if created { StatusCode::CREATED } else { StatusCode::OK };
            Ok(HttpResponse::build(status).json(assessment))
        }
        Err(AssessmentWriteError::Stale { current }) => Ok(HttpResponse::Conflict().json(json!({
            "error": {"code": "stale_revision", "field": "revision", "message": match &current {
                Some(a) => format!("the assessment was changed by {} at {} (revision {})", a.changed_by, a.changed_at, a.revision),
                None => "the assessment does not exist yet: create it without a revision".to_string(),
            }},
            "current": current,
        }))),
        Err(AssessmentWriteError::NotFound) => Err(ApiError::not_found("no such breakthrough task")),
        Err(AssessmentWriteError::Storage(e)) => Err(e.into()),
    }
}

pub async fn list(
    state: web::Data<AppState>,
    code: web::Path<String>,
    selection: web::Query<Selection>,
) -> Result<HttpResponse, ApiError> {
    let code = code.into_inner();
    let (list, history) = state
        .with_conn(move |conn| {
            let stored = selection.catalog(conn)?;
            stored.catalog.breakthrough(&code).ok_or_else(|| {
                ApiError::not_found(format!("no breakthrough task has the code {code:?}"))
            })?;
            Ok((
                assessments::list(conn, &stored, &code)?,
                assessments::history(conn, &stored, &code)?,
            ))
        })
        .await?;
    Ok(HttpResponse::Ok().json(json!({"assessments": list, "history": history})))
}

//! Breakthrough assessments over the API: `PUT /api/v1/breakthroughs/{code}/assessments/{year}` (with the
//! revision seen, like figures) and `GET /api/v1/breakthroughs/{code}/assessments` (with their history).

use crate::domain::lang::Explained;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use crate::app::scope::breakthrough_of;
use crate::domain::assessment::{check_text, parse_status, Assessment};
use crate::domain::lang::Said;
use crate::domain::measurement::{parse_year, Problem};
use crate::domain::text::excerpt;
use crate::domain::Status;
use crate::storage::assessments::{self, AssessmentWriteError};
use crate::web::auth::Caller;
use crate::web::{Answer, AppError, Chosen, Segment, State};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentBody {
    status: String,
    text: String,
    revision: Option<i32>,
}

/// A status and text as the API sends them, checked; each problem names its field.
fn checked(body: &AssessmentBody) -> Result<(Status, String), AppError> {
    let status = parse_status(&body.status).ok_or_else(|| {
        let shown = excerpt(&body.status, 40);
        AppError::invalid_value(
            "status",
            format!("{shown:?} không phải là một trong achieved, on_track, needs_acceleration, off_track"),
            format!("{shown:?} is not one of achieved, on_track, needs_acceleration, off_track"),
        )
    })?;
    let text =
        check_text(&body.text).map_err(|(en, vi)| AppError::invalid_value("text", vi, en))?;
    Ok((status, text))
}

/// An assessment written over a revision someone else has replaced.
fn stale(current: Option<Box<Assessment>>) -> AppError {
    let message = match &current {
        Some(a) => Said::new(
            format!(
                "đánh giá đã được {} thay đổi lúc {} (phiên bản {})",
                a.changed_by, a.changed_at, a.revision
            ),
            format!(
                "the assessment was changed by {} at {} (revision {})",
                a.changed_by, a.changed_at, a.revision
            ),
        ),
        None => Said::new(
            "chưa có đánh giá này: hãy tạo mới, không kèm phiên bản",
            "the assessment does not exist yet: create it without a revision",
        ),
    };
    AppError::stale(message, json!(current))
}

pub async fn put(
    state: State,
    path: web::Path<(String, String)>,
    selection: Chosen,
    body: web::Json<AssessmentBody>,
    Caller(caller): Caller,
) -> Answer {
    let (code, year) = path.into_inner();
    let year = parse_year(&year).ok_or_else(|| AppError::bad_year("year", &year))?;
    let body = body.into_inner();
    let (status, text) = checked(&body)?;
    let years_after_goal = state.policy.years_after_goal;
    let result = state
        .with_conn({
            let code = code.clone();
            move |conn| {
                let stored = selection.catalog(conn)?;
                breakthrough_of(&stored, &code)?;
                let years = stored.catalog.entry_years(years_after_goal);
                if !years.contains(&year) {
                    let problem = Problem::YearOutOfRange {
                        first: *years.start(),
                        last: *years.end(),
                    };
                    return Err(AppError::invalid_value(
                        "year",
                        problem.message_vi(),
                        problem.message_en(),
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
            }
        })
        .await?;
    let (assessment, created) = result.map_err(|e| match e {
        AssessmentWriteError::Stale { current } => stale(current),
        AssessmentWriteError::NotFound => AppError::unknown_breakthrough(&code),
        AssessmentWriteError::Storage(e) => e.into(),
    })?;
    let _ = state.refresh_data_version().await;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(HttpResponse::build(status).json(assessment))
}

pub async fn list(state: State, code: Segment, selection: Chosen) -> Answer {
    let code = code.into_inner();
    let (list, history) = state
        .with_conn(move |conn| {
            let stored = selection.catalog(conn)?;
            breakthrough_of(&stored, &code)?;
            Ok((
                assessments::list(conn, &stored, &code)?,
                assessments::history(conn, &stored, &code)?,
            ))
        })
        .await?;
    Ok(HttpResponse::Ok().json(json!({"assessments": list, "history": history})))
}

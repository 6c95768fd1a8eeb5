//! Figures written through the API: one at a time with optimistic concurrency, or a whole file (import).

use crate::domain::lang::Explained;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use super::views::MeasurementView;
use crate::domain::measurement::{check, parse_year, Channel, Draft, Measurement, Problem};
use crate::domain::text::excerpt;
use crate::domain::{MilestoneState, Quality};
use crate::storage::measurements::{self, WriteError, Written};
use crate::web::auth::Caller;
use crate::web::error::Said;
use crate::web::import::import_file;
use crate::web::selection::{target_of, Selection};
use crate::web::{Answer, Chosen, Segment, State, WebError};

fn parse_path(year: &str, quality: &str) -> Result<(i32, Quality), WebError> {
    let year = parse_year(year).ok_or_else(|| WebError::bad_year("year", year))?;
    let quality = Quality::parse(quality).ok_or_else(|| {
        let problem = Problem::UnknownQuality(excerpt(quality, 40).to_string());
        WebError::bad_field("quality", problem.message_vi(), problem.message_en())
    })?;
    Ok((year, quality))
}

/// A write based on a revision that is no longer the figure's: what is stored now, and who changed it.
fn stale(current: Option<Box<Measurement>>) -> WebError {
    let message = match &current {
        Some(m) => {
            let at = m
                .changed_at
                .and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            Said::new(
                format!(
                    "số liệu đã được {} thay đổi lúc {at} (phiên bản {}): hãy tải lại rồi sửa lại",
                    m.changed_by, m.revision
                ),
                format!(
                    "the figure was changed by {} at {at} (revision {}): reload it and apply your change again",
                    m.changed_by, m.revision
                ),
            )
        }
        None => Said::new(
            "số liệu này không (còn) tồn tại: hãy tạo mới, không kèm phiên bản",
            "the figure does not exist (any more): create it without a revision",
        ),
    };
    let current = current.map(|m| MeasurementView::from(*m));
    WebError::stale(message, json!(current))
}

/// The outcome of a write as the API answers it.
fn written(result: Result<Written, WriteError>) -> Answer {
    match result {
        Ok(Written::Created(m)) => Ok(HttpResponse::Created().json(MeasurementView::from(m))),
        Ok(Written::Updated(m)) | Ok(Written::Unchanged(m)) => {
            Ok(HttpResponse::Ok().json(MeasurementView::from(m)))
        }
        Err(e) => Err(write_error(e)),
    }
}

fn write_error(e: WriteError) -> WebError {
    match e {
        WriteError::Stale { current } => stale(current),
        WriteError::NotFound => WebError::not_found("không có số liệu này", "no such figure"),
        WriteError::Storage(e) => e.into(),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PutBody {
    value: Option<Value>,
    state: Option<String>,
    source: Option<String>,
    note: Option<String>,
    revision: Option<i32>,
}

impl PutBody {
    /// The body as a draft of the figure at `year` and `quality`; a value that is not a JSON number, or a state
    /// that is not one, is refused naming its field.
    fn draft(self, year: i32, quality: Quality) -> Result<(Draft, Option<i32>), WebError> {
        let value = match self.value {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_f64(),
            Some(other) => {
                let problem = Problem::NotANumber(excerpt(&other.to_string(), 40).to_string());
                return Err(WebError::invalid_value(
                    "value",
                    problem.message_vi(),
                    problem.message_en(),
                ));
            }
        };
        let state = match self.state.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(MilestoneState::parse(text).ok_or_else(|| {
                let problem = Problem::UnknownState(excerpt(text, 40).to_string());
                WebError::invalid_value("state", problem.message_vi(), problem.message_en())
            })?),
        };
        let draft = Draft {
            year,
            quality: Some(quality),
            value,
            state,
            source: self.source,
            note: self.note,
        };
        Ok((draft, self.revision))
    }
}

pub async fn put_measurement(
    state: State,
    path: web::Path<(String, String, String)>,
    selection: Chosen,
    body: web::Json<PutBody>,
    Caller(caller): Caller,
) -> Answer {
    let (code, year, quality) = path.into_inner();
    let (year, quality) = parse_path(&year, &quality)?;
    let (draft, revision) = body.into_inner().draft(year, quality)?;
    let policy = state.policy;
    let result = state
        .with_conn(move |conn| {
            let stored = selection.catalog(conn)?;
            let target = target_of(&stored, &code)?;
            let baseline_year = stored.catalog.resolution.baseline_year;
            let entry =
                check(target, baseline_year, &policy, draft).map_err(|p| WebError::problems(&p))?;
            Ok(measurements::put_measurement(
                conn,
                &stored,
                &code,
                &entry,
                revision,
                &caller.name,
                Channel::Api,
            ))
        })
        .await?;
    let response = written(result)?;
    let _ = state.refresh_data_version().await;
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct DeleteQuery {
    #[serde(flatten)]
    selection: Selection,
    revision: Option<String>,
}

pub async fn delete_measurement(
    state: State,
    path: web::Path<(String, String, String)>,
    query: web::Query<DeleteQuery>,
    Caller(caller): Caller,
) -> Answer {
    let (code, year, quality) = path.into_inner();
    let (year, quality) = parse_path(&year, &quality)?;
    let query = query.into_inner();
    let revision = query
        .revision
        .as_deref()
        .ok_or_else(|| {
            WebError::bad_field(
                "revision",
                "cần phiên bản (revision) bạn đã xem mới xóa được",
                "the revision you last saw is required to delete",
            )
        })?
        .parse::<i32>()
        .map_err(|_| {
            WebError::bad_field("revision", "phải là số nguyên", "must be a whole number")
        })?;
    let result = state
        .with_conn(move |conn| {
            let stored = query.selection.catalog(conn)?;
            target_of(&stored, &code)?;
            Ok(measurements::delete_measurement(
                conn,
                &stored,
                &code,
                year,
                quality,
                revision,
                &caller.name,
                Channel::Api,
            ))
        })
        .await?;
    let deleted = result.map_err(write_error)?;
    let _ = state.refresh_data_version().await;
    Ok(HttpResponse::Ok().json(json!({"deleted": MeasurementView::from(deleted)})))
}

#[derive(Debug, Deserialize)]
pub struct ImportQuery {
    #[serde(flatten)]
    selection: Selection,
    dry_run: Option<String>,
}

/// `dry_run=true` or `false` (or absent or empty: false).
fn flag(text: Option<&str>) -> Result<bool, WebError> {
    match text.map(str::trim) {
        None | Some("") | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(_) => Err(WebError::bad_field(
            "dry_run",
            "phải là true hoặc false",
            "must be true or false",
        )),
    }
}

pub async fn import(
    state: State,
    query: web::Query<ImportQuery>,
    req: HttpRequest,
    payload: web::Payload,
    Caller(caller): Caller,
) -> Answer {
    let query = query.into_inner();
    let upload = crate::web::upload::read_upload(&req, payload).await?;
    // A form may ask for a dry run in a field of its own; asked for either way, nothing is written.
    let dry_run =
        flag(query.dry_run.as_deref())? || flag(upload.fields.get("dry_run").map(String::as_str))?;
    let policy = state.policy;
    let report = state
        .with_conn(move |conn| {
            let stored = query.selection.catalog(conn)?;
            import_file(conn, &stored, &policy, &upload, dry_run, &caller.name)
        })
        .await?;
    let status = if report.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    if status == StatusCode::OK && !dry_run {
        let _ = state.refresh_data_version().await;
    }
    Ok(HttpResponse::build(status).json(report))
}

pub async fn history(state: State, code: Segment, selection: Chosen) -> Answer {
    let code = code.into_inner();
    let changes = state
        .with_conn(move |conn| {
            let stored = selection.catalog(conn)?;
            target_of(&stored, &code)?;
            Ok(measurements::history(conn, &stored, Some(&code), 10_000)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(changes))
}

/// `GET /api/v1/session`: who is signed in, and the CSRF token a cookie-authenticated write sends as
/// `X-CSRF-Token` (null for an API token).
pub async fn session(Caller(caller): Caller) -> HttpResponse {
    HttpResponse::Ok().json(json!({"user": caller.name, "role": caller.role, "csrf": caller.csrf}))
}

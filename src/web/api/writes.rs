//! Figures written through the API: one at a time with optimistic concurrency, or a whole file (import).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::catalog::unknown_target;
use super::selection::Selection;
use super::views::MeasurementView;
use crate::domain::measurement::{check, parse_year, Channel, Draft};
use crate::domain::text::excerpt;
use crate::domain::{MilestoneState, Quality};
use crate::exchange::{self, check_rows};
use crate::storage::measurements::{self, WriteError, Written};
use crate::web::auth::Caller;
use crate::web::{ApiError, AppState};

fn invalid(field: &str, message: impl Into<String>) -> ApiError {
    ApiError {
        field: Some(field.to_string()),
        ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_value", message)
    }
}

fn parse_path(year: &str, quality: &str) -> Result<(i32, Quality), ApiError> {
    let year = parse_year(year).ok_or_else(|| {
        ApiError::bad_field("year", format!("{:?} is not a year", excerpt(year, 40)))
    })?;
    let quality = Quality::parse(quality).ok_or_else(|| {
        ApiError::bad_field(
            "quality",
            format!(
                "{:?} is not a quality (estimate or official)",
                excerpt(quality, 40)
            ),
        )
    })?;
    Ok((year, quality))
}

fn stale_response(current: Option<Box<crate::domain::measurement::Measurement>>) -> HttpResponse {
    let message = match &current {
        Some(m) => format!(
            "the figure was changed by {} at {} (revision {}): reload it and apply your change again",
            m.changed_by,
            m.changed_at.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            m.revision
        ),
        None => "the figure does not exist (any more): create it without a revision".to_string(),
    };
    HttpResponse::Conflict().json(json!({
        "error": {"code": "stale_revision", "message": message, "field": "revision"},
        "current": current.map(|m| MeasurementView::from(*m)),
    }))
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

pub async fn put_measurement(
    state: web::Data<AppState>,
    path: web::Path<(String, String, String)>,
    selection: web::Query<Selection>,
    body: web::Json<PutBody>,
    Caller(caller): Caller,
) -> Result<HttpResponse, ApiError> {
    let (code, year, quality) = path.into_inner();
    let (year, quality) = parse_path(&year, &quality)?;
    let body = body.into_inner();
    let value = match body.value {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => n.as_f64(),
        Some(other) => {
            let shown = excerpt(&other.to_string(), 40);
            return Err(invalid("value", format!("{shown} is not a number")));
        }
    };
    let milestone_state = match body.state.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(MilestoneState::parse(text).ok_or_else(|| {
            invalid(
                "state",
                format!(
                    "{:?} is not a state (not_started, in_progress or done)",
                    excerpt(text, 40)
                ),
            )
        })?),
    };
    let policy = state.policy;
    let result = state
        .with_conn(move |conn| {
            let stored = selection.catalog(conn)?;
            let target = stored
                .catalog
                .target(&code)
                .ok_or_else(|| unknown_target(&code))?;
            let draft = Draft {
                year,
                quality: Some(quality),
                value,
                state: milestone_state,
                source: body.source,
                note: body.note,
            };
            let entry = check(
                target,
                stored.catalog.resolution.baseline_year,
                &policy,
                draft,
            )
            .map_err(|problems| {
                let field = problems.first().map_or("value", |p| p.field);
                invalid(
                    field,
                    problems
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                )
            })?;
            Ok(measurements::put_measurement(
                conn,
                &stored,
                &code,
                &entry,
                body.revision,
                &caller.name,
                Channel::Api,
            ))
        })
        .await?;
    let response = match result {
        Ok(Written::Created(m)) => HttpResponse::Created().json(MeasurementView::from(m)),
        Ok(Written::Updated(m)) | Ok(Written::Unchanged(m)) => {
            HttpResponse::Ok().json(MeasurementView::from(m))
        }
        Err(WriteError::Stale { current }) => return Ok(stale_response(current)),
        Err(WriteError::NotFound) => return Err(ApiError::not_found("no such figure")),
        Err(WriteError::Storage(e)) => return Err(e.into()),
    };
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
    state: web::Data<AppState>,
    path: web::Path<(String, String, String)>,
    query: web::Query<DeleteQuery>,
    Caller(caller): Caller,
) -> Result<HttpResponse, ApiError> {
    let (code, year, quality) = path.into_inner();
    let (year, quality) = parse_path(&year, &quality)?;
    let query = query.into_inner();
    let revision = query
        .revision
        .as_deref()
        .ok_or_else(|| {
            ApiError::bad_field(
                "revision",
                "the revision you last saw is required to delete",
            )
        })?
        .parse::<i32>()
        .map_err(|_| ApiError::bad_field("revision", "must be a whole number"))?;
    let result = state
        .with_conn(move |conn| {
            let stored = query.selection.catalog(conn)?;
            stored
                .catalog
                .target(&code)
                .ok_or_else(|| unknown_target(&code))?;
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
    match result {
        Ok(m) => {
            let _ = state.refresh_data_version().await;
            Ok(HttpResponse::Ok().json(json!({"deleted": MeasurementView::from(m)})))
        }
        Err(WriteError::Stale { current }) => Ok(stale_response(current)),
        Err(WriteError::NotFound) => Err(ApiError::not_found("no such figure")),
        Err(WriteError::Storage(e)) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct ImportQuery {
    #[serde(flatten)]
    selection: Selection,
    dry_run: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ImportReport {
    pub accepted: usize,
    pub errors: Vec<exchange::RowProblem>,
    pub dry_run: bool,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Checks a file's rows and, unless it is a dry run, writes them all in one transaction.
pub fn import_file(
    conn: &mut crate::storage::DbConnection,
    stored: &crate::storage::StoredCatalog,
    policy: &crate::domain::measurement::EntryPolicy,
    upload: &crate::web::upload::Upload,
    dry_run: bool,
    who: &str,
) -> Result<ImportReport, ApiError> {
    let rejected = |errors: Vec<exchange::RowProblem>| ImportReport {
        accepted: 0,
        errors,
        dry_run,
        created: 0,
        updated: 0,
        unchanged: 0,
    };
    let sheet = match exchange::read(upload.kind, &upload.bytes) {
        Ok(sheet) => sheet,
        Err(errors) => return Ok(rejected(errors)),
    };
    let entries = match check_rows(&sheet, &stored.catalog, policy) {
        Ok(entries) => entries,
        Err(errors) => return Ok(rejected(errors)),
    };
    let counts = if dry_run {
        Default::default()
    } else {
        measurements::write_entries(conn, stored, &entries, who, Channel::Import).map_err(
            |e| match e {
                WriteError::Storage(e) => ApiError::from(e),
                WriteError::Stale { .. } | WriteError::NotFound => ApiError::new(
                    StatusCode::CONFLICT,
                    "stale_revision",
                    "a figure in the file was changed by someone else while it was imported: nothing was written; import the file again",
                ),
            },
        )?
    };
    Ok(ImportReport {
        accepted: entries.len(),
        errors: Vec::new(),
        dry_run,
        created: counts.created,
        updated: counts.updated,
        unchanged: counts.unchanged,
    })
}

pub async fn import(
    state: web::Data<AppState>,
    query: web::Query<ImportQuery>,
    req: HttpRequest,
    payload: web::Payload,
    Caller(caller): Caller,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let dry_run = match query.dry_run.as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(ApiError::bad_field("dry_run", "must be true or false")),
    };
    let upload = crate::web::upload::read_upload(&req, payload).await?;
    // A form may ask for a dry run in a field of its own; asked for either way, nothing is written.
    let dry_run = match upload.fields.get("dry_run").map(|v| v.trim()) {
        None | Some("") | Some("false") => dry_run,
        Some("true") => true,
        Some(_) => return Err(ApiError::bad_field("dry_run", "must be true or false")),
    };
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

pub async fn history(
    state: web::Data<AppState>,
    code: web::Path<String>,
    selection: web::Query<Selection>,
) -> Result<HttpResponse, ApiError> {
    let code = code.into_inner();
    let changes = state
        .with_conn(move |conn| {
            let stored = selection.catalog(conn)?;
            stored
                .catalog
                .target(&code)
                .ok_or_else(|| unknown_target(&code))?;
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

//! Figures written through the API: one at a time with optimistic concurrency, or a whole file (import).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::app::accounts::Identity;
use crate::app::figure_body::FigureBody;
use crate::app::figures::{self, Writer};
use crate::app::history::HistoryAsk;
use crate::app::import::ImportReport;
use crate::app::scope::Scope;
use crate::app::views::MeasurementView;
use crate::domain::account::Role;
use crate::domain::history::Change;
use crate::domain::measurement::{parse_year, Channel};
use crate::domain::Quality;
use crate::web::auth::Caller;
use crate::web::error::ErrorBody;
use crate::web::{Answer, AppError, Chosen, Segment, State};

pub(super) fn parse_path(year: &str, quality: &str) -> Result<(i32, Quality), AppError> {
    let year = parse_year(year).ok_or_else(|| AppError::bad_year("year", year))?;
    let quality = Quality::parse(quality).ok_or_else(|| AppError::bad_quality(quality))?;
    Ok((year, quality))
}

/// A figure route's query: its scope (the resolution; the unit whose figure it is, none: the area's own), and
/// for a deletion the revision last seen.
#[derive(Debug, Deserialize)]
pub struct FigureQuery {
    #[serde(flatten)]
    scope: Scope,
    revision: Option<String>,
}

/// The API's writer: the caller, by the API.
fn writer(caller: &Identity) -> Writer<'_> {
    Writer::of(caller, Channel::Api)
}

/// `PUT /api/v1/targets/{code}/measurements/{year}/{quality}[?unit=CODE]`: one figure, the area's own or a
/// unit's, created (no `revision`) or changed (the `revision` last seen).
#[utoipa::path(put, path = "/api/v1/targets/{code}/measurements/{year}/{quality}", tag = "figures",
    params(("code" = String, Path, description = "The target's code."),
        ("year" = i32, Path, description = "The year the figure is of."),
        ("quality" = Quality, Path, description = "An estimate first, the official figure later."), Scope),
    request_body = FigureBody,
    responses((status = 201, description = "Created.", body = MeasurementView),
        (status = 200, description = "Changed (or re-saved unchanged).", body = MeasurementView),
        (status = 409, description = "The revision sent is not the stored one (`current` holds the stored figure), or the year is locked.", body = ErrorBody),
        (status = 422, description = "A value out of bounds, or a figure the checks warn about sent without a note (`warnings`).", body = ErrorBody)),
    security(("token" = []), ("session" = [])))]
pub async fn put_measurement(
    state: State,
    path: web::Path<(String, String, String)>,
    query: web::Query<FigureQuery>,
    body: web::Json<FigureBody>,
    Caller(caller): Caller,
) -> Answer {
    let (code, year, quality) = path.into_inner();
    let at = parse_path(&year, &quality)?;
    let (scope, body, policy) = (query.into_inner().scope, body.into_inner(), state.policy);
    let put = state
        .with_conn(move |conn| body.put(conn, &scope, (&code, at), &writer(&caller), &policy))
        .await?;
    let _ = state.refresh_data_version().await;
    let status = match put.created {
        true => StatusCode::CREATED,
        false => StatusCode::OK,
    };
    Ok(HttpResponse::build(status).json(put.figure))
}

/// The revision a deletion names, required.
fn revision_of(query: &FigureQuery) -> Result<i32, AppError> {
    query
        .revision
        .as_deref()
        .ok_or_else(|| {
            AppError::bad_field(
                "revision",
                "cần phiên bản (revision) bạn đã xem mới xóa được",
                "the revision you last saw is required to delete",
            )
        })?
        .parse::<i32>()
        .map_err(|_| AppError::bad_field("revision", "phải là số nguyên", "must be a whole number"))
}

/// `DELETE /api/v1/targets/{code}/measurements/{year}/{quality}?revision=N[&unit=CODE]`: a figure removed, on the
/// revision last seen.
#[utoipa::path(delete, path = "/api/v1/targets/{code}/measurements/{year}/{quality}", tag = "figures",
    params(("code" = String, Path, description = "The target's code."),
        ("year" = i32, Path, description = "The year the figure is of."),
        ("quality" = Quality, Path), Scope,
        ("revision" = i32, Query, description = "The revision last seen.")),
    responses((status = 200, body = Deleted),
        (status = 409, description = "The revision is not the stored one, or the year is locked.", body = ErrorBody)),
    security(("token" = []), ("session" = [])))]
pub async fn delete_measurement(
    state: State,
    path: web::Path<(String, String, String)>,
    query: web::Query<FigureQuery>,
    Caller(caller): Caller,
) -> Answer {
    let (code, year, quality) = path.into_inner();
    let (year, quality) = parse_path(&year, &quality)?;
    let query = query.into_inner();
    let revision = revision_of(&query)?;
    let deleted = state
        .with_conn(move |conn| {
            let figure = (year, quality);
            figures::delete(
                conn,
                &query.scope,
                &code,
                figure,
                revision,
                &writer(&caller),
            )
        })
        .await?;
    let _ = state.refresh_data_version().await;
    Ok(HttpResponse::Ok().json(Deleted { deleted }))
}

/// The answer to a deletion: the figure as it was.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Deleted {
    deleted: MeasurementView,
}

#[derive(Debug, Deserialize)]
pub struct ImportQuery {
    #[serde(flatten)]
    selection: Scope,
    dry_run: Option<String>,
}

// Only described, never built: `web::upload` reads the form field by field.
/// The import's form: the file, and whether to check it only.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct ImportForm {
    /// The CSV or XLSX file, in the export's columns.
    file: crate::web::FileBody,
    /// `true`: check only, write nothing.
    dry_run: Option<bool>,
}

/// `dry_run=true` or `false` (or absent or empty: false).
fn flag(text: Option<&str>) -> Result<bool, AppError> {
    match text.map(str::trim) {
        None | Some("") | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(_) => Err(AppError::bad_field(
            "dry_run",
            "phải là true hoặc false",
            "must be true or false",
        )),
    }
}

/// A whole file of figures (CSV or XLSX, the export's columns): every row checked first; one bad row and nothing
/// is written (422, each row's problem listed). `dry_run=true` checks only.
#[utoipa::path(post, path = "/api/v1/imports", operation_id = "import_figures", tag = "files",
    params(Scope, ("dry_run" = Option<bool>, Query, description = "Check only, write nothing.")),
    request_body(description = "The file as the body, or a form's `file` field.",
        content((String = "text/csv"), (ImportForm = "multipart/form-data"),
            (crate::web::FileBody = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    responses((status = 200, description = "Every row accepted (written unless a dry run).", body = ImportReport),
        (status = 422, description = "Rows refused: nothing written; each row's problems.", body = ImportReport),
        (status = 413, description = "The file is larger than 20 MB.", body = ErrorBody)),
    security(("token" = []), ("session" = [])))]
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
            let file = upload.file(crate::exchange::Limits::UPLOAD);
            let who = Writer {
                channel: Channel::Import,
                ..writer(&caller)
            };
            crate::app::import::import(conn, &stored, &policy, file, dry_run, &who)
        })
        .await;
    state.metrics.import(report.as_ref().ok());
    let report = report?;
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

/// Every change of one target's figures, newest first.
#[utoipa::path(get, path = "/api/v1/targets/{code}/history", operation_id = "target_history", tag = "history",
    params(("code" = String, Path, description = "The target's code."), Scope),
    responses((status = 200, body = Vec<Change>),
        (status = 404, description = "No such target.", body = ErrorBody)))]
pub async fn history(state: State, code: Segment, selection: Chosen) -> Answer {
    let code = code.into_inner();
    let changes = state
        .with_conn(move |conn| {
            let stored = selection.catalog(conn)?;
            crate::app::history::of_target(conn, &stored, &code, 10_000)
        })
        .await?;
    Ok(HttpResponse::Ok().json(changes))
}

/// `GET /api/v1/history`: the resolution's changes, newest first, filtered (`target`, `of` a unit or `area`,
/// `person`, `year`, `action`) a page of 100 at a time (`page`).
#[utoipa::path(get, path = "/api/v1/history", operation_id = "history", tag = "history", params(Scope, HistoryAsk),
    responses((status = 200, body = HistoryPage)))]
pub async fn all_history(
    state: State,
    selection: Chosen,
    ask: web::Query<crate::app::history::HistoryAsk>,
) -> Answer {
    let read = state
        .with_conn(move |conn| crate::app::history::read(conn, &selection, &ask, 100))
        .await?;
    Ok(HttpResponse::Ok().json(HistoryPage {
        page: read.paging.page,
        per_page: read.paging.per_page,
        more: read.more,
        changes: read.changes,
    }))
}

/// A page of the history.
#[derive(Serialize, utoipa::ToSchema)]
pub struct HistoryPage {
    /// The page, from 1.
    page: u32,
    per_page: u32,
    /// Whether another page follows.
    more: bool,
    changes: Vec<Change>,
}

/// Who is signed in.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Session {
    user: String,
    role: Role,
    /// The token a cookie-signed write sends as `X-CSRF-Token` (null for an API token).
    csrf: Option<String>,
}

/// `GET /api/v1/session`: who is signed in, and the CSRF token a cookie-authenticated write sends as
/// `X-CSRF-Token` (null for an API token).
#[utoipa::path(get, path = "/api/v1/session", tag = "history",
    responses((status = 200, body = Session),
        (status = 401, description = "Not signed in.", body = ErrorBody)),
    security(("token" = []), ("session" = [])))]
pub async fn session(Caller(caller): Caller) -> HttpResponse {
    HttpResponse::Ok().json(Session {
        user: caller.name,
        role: caller.role,
        csrf: caller.csrf,
    })
}

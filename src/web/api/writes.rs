//! Figures written through the API: one at a time with optimistic concurrency, or a whole file (import).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use crate::app::accounts::Identity;
use crate::app::figure_body::FigureBody;
use crate::app::figures::{self, Writer};
use crate::app::scope::Scope;
use crate::domain::measurement::{parse_year, Channel};
use crate::domain::Quality;
use crate::web::auth::Caller;
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

/// `DELETE /api/v1/targets/{code}/measurements/{year}/{quality}?revision=N[&unit=CODE]`.
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
    Ok(HttpResponse::Ok().json(json!({"deleted": deleted})))
}

#[derive(Debug, Deserialize)]
pub struct ImportQuery {
    #[serde(flatten)]
    selection: Scope,
    dry_run: Option<String>,
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
pub async fn all_history(
    state: State,
    selection: Chosen,
    ask: web::Query<crate::app::history::HistoryAsk>,
) -> Answer {
    let read = state
        .with_conn(move |conn| crate::app::history::read(conn, &selection, &ask, 100))
        .await?;
    Ok(HttpResponse::Ok().json(json!({
        "page": read.paging.page,
        "per_page": read.paging.per_page,
        "more": read.more,
        "changes": read.changes,
    })))
}

/// `GET /api/v1/session`: who is signed in, and the CSRF token a cookie-authenticated write sends as
/// `X-CSRF-Token` (null for an API token).
pub async fn session(Caller(caller): Caller) -> HttpResponse {
    HttpResponse::Ok().json(json!({"user": caller.name, "role": caller.role, "csrf": caller.csrf}))
}

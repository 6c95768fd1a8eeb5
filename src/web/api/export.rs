//! `GET /api/v1/export.csv` and `/api/v1/export.xlsx`: every measurement (or one target's, `?target=CODE`) in the
//! import format; `GET /api/v1/template.xlsx`: the import template of a year (`?year=`), for a unit (`?unit=`).

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::app::scope::Scope;
use crate::domain::measurement::Measurement;
use crate::domain::rollup::UnitFigure;
use crate::exchange;
use crate::web::lang::Reader;
use crate::web::{Answer, AppError, AppState, State};

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    #[serde(flatten)]
    selection: Scope,
    target: Option<String>,
}

/// What an export holds: the file's name (the target's code or the resolution's), the area's figures and the
/// units'.
type Loaded = (String, Vec<Measurement>, Vec<Measurement<UnitFigure>>);

async fn load(state: &AppState, query: ExportQuery) -> Result<Loaded, AppError> {
    let target = query.target.clone();
    let read = state
        .with_conn(move |conn| {
            crate::app::report::figures(conn, &query.selection, query.target.as_deref())
        })
        .await?;
    let name = target.unwrap_or_else(|| read.stored.catalog.resolution.code.clone());
    Ok((name, read.area, read.units))
}

fn attachment(content_type: &str, name: &str, extension: &str, bytes: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}.{extension}\""),
        ))
        .body(bytes)
}

/// Every figure (or one target's, `target`) as CSV in the import's columns.
#[utoipa::path(get, path = "/api/v1/export.csv", operation_id = "import_template", tag = "files",
    params(Scope, ("target" = Option<String>, Query, description = "One target's figures only.")),
    responses((status = 200, description = "The CSV file (UTF-8).", content_type = "text/csv", body = String)))]
pub async fn export_csv(state: State, query: web::Query<ExportQuery>) -> Answer {
    let (name, area, units) = load(&state, query.into_inner()).await?;
    let figures = exchange::Figures {
        area: &area,
        units: &units,
    };
    let bytes = exchange::csv::write(figures).map_err(|e| {
        tracing::error!(error = %e, "CSV export");
        AppError::internal()
    })?;
    Ok(attachment("text/csv; charset=utf-8", &name, "csv", bytes))
}

/// Every figure (or one target's, `target`) as an Excel workbook in the import's columns.
#[utoipa::path(get, path = "/api/v1/export.xlsx", tag = "files",
    params(Scope, ("target" = Option<String>, Query, description = "One target's figures only.")),
    responses((status = 200, description = "The workbook.",
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = crate::web::FileBody)))]
pub async fn export_xlsx(state: State, query: web::Query<ExportQuery>) -> Answer {
    let (name, area, units) = load(&state, query.into_inner()).await?;
    let bytes = web::block(move || {
        exchange::xlsx::write(exchange::Figures {
            area: &area,
            units: &units,
        })
    })
    .await?
    .map_err(|e| {
        tracing::error!(error = %e, "XLSX export");
        AppError::internal()
    })?;
    Ok(attachment(
        exchange::xlsx::CONTENT_TYPE,
        &name,
        "xlsx",
        bytes,
    ))
}

/// The template's query: the scope (resolution, `year`, `unit`); `lang` is the reader's.
#[derive(Debug, Deserialize)]
pub struct TemplateQuery {
    #[serde(flatten)]
    selection: Scope,
}

/// The import template of a year (`year`) for the area or a unit (`unit`): the targets to fill, with what is
/// stored already, in the reader's language (`lang`).
#[utoipa::path(get, path = "/api/v1/template.xlsx", tag = "files",
    params(Scope, ("lang" = Option<String>, Query, description = "`vi` (the default) or `en`.")),
    responses((status = 200, description = "The workbook.",
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = crate::web::FileBody)))]
pub async fn template(state: State, query: web::Query<TemplateQuery>, reader: Reader) -> Answer {
    let (scope, lang) = (query.into_inner().selection, reader.lang);
    let made = state
        .with_conn(move |conn| crate::app::template::template(conn, &scope, lang))
        .await?;
    Ok(attachment(
        exchange::xlsx::CONTENT_TYPE,
        &made.name,
        "xlsx",
        made.bytes,
    ))
}

//! `GET /api/v1/export.csv`: every measurement (or one target's, `?target=CODE`) in the import format.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::catalog::unknown_target;
use super::selection::Selection;
use crate::exchange;
use crate::storage::measurements;
use crate::web::{ApiError, AppState};

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    #[serde(flatten)]
    selection: Selection,
    target: Option<String>,
}

pub async fn export_csv(
    state: web::Data<AppState>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let (name, all) = state
        .with_conn(move |conn| {
            let stored = query.selection.catalog(conn)?;
            let all = match &query.target {
                Some(code) => {
                    stored
                        .catalog
                        .target(code)
                        .ok_or_else(|| unknown_target(code))?;
                    measurements::target_measurements(conn, &stored, code)?
                }
                None => measurements::all_measurements(conn, &stored)?,
            };
            let name = query
                .target
                .clone()
                .unwrap_or_else(|| stored.catalog.resolution.code.clone());
            Ok((name, all))
        })
        .await?;
    let bytes = exchange::csv::write(&all).map_err(|e| {
        tracing::error!(error = %e, "CSV export");
        ApiError::internal()
    })?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}.csv\""),
        ))
        .body(bytes))
}

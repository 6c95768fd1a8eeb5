//! Progress routes: one target's progress, the dashboard, the breakthrough tasks.

use actix_web::{web, HttpResponse};

use crate::domain::dashboard::{Dashboard, ProgressView};
use crate::domain::progress::assess;
use crate::storage::measurements;
use crate::web::selection::{target_of, Selection};
use crate::web::{AppState, WebError};

pub async fn target_progress(
    state: web::Data<AppState>,
    code: web::Path<String>,
    selection: web::Query<Selection>,
) -> Result<HttpResponse, WebError> {
    let code = code.into_inner();
    let progress = state
        .with_conn(move |conn| {
            let stored = selection.catalog(conn)?;
            let as_of = selection.as_of(&stored)?;
            let target = target_of(&stored, &code)?;
            let figures: Vec<_> = measurements::target_measurements(conn, &stored, &code)?
                .into_iter()
                .map(|m| m.figure)
                .collect();
            Ok(ProgressView::from(assess(
                target,
                stored.catalog.resolution.baseline_year,
                &figures,
                as_of,
            )))
        })
        .await?;
    Ok(HttpResponse::Ok().json(progress))
}

async fn load_dashboard(state: &AppState, selection: Selection) -> Result<Dashboard, WebError> {
    state
        .with_conn(move |conn| {
            let stored = selection.catalog(conn)?;
            let as_of = selection.as_of(&stored)?;
            Ok(crate::storage::assessments::dashboard(
                conn, &stored, as_of,
            )?)
        })
        .await
}

pub async fn dashboard(
    state: web::Data<AppState>,
    selection: web::Query<Selection>,
) -> Result<HttpResponse, WebError> {
    Ok(HttpResponse::Ok().json(load_dashboard(&state, selection.into_inner()).await?))
}

pub async fn breakthroughs(
    state: web::Data<AppState>,
    selection: web::Query<Selection>,
) -> Result<HttpResponse, WebError> {
    Ok(HttpResponse::Ok().json(
        load_dashboard(&state, selection.into_inner())
            .await?
            .breakthroughs,
    ))
}

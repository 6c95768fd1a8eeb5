//! The catalog read routes: resolutions, targets, one target with its figures.

use actix_web::{web, HttpResponse};
use serde::Serialize;

use super::views::MeasurementView;
use crate::domain::dashboard::{ProgressView, ResolutionView, TargetView};
use crate::domain::progress::assess;
use crate::storage::{catalog, measurements};
use crate::web::selection::{target_of, Selection};
use crate::web::{AppState, WebError};

pub async fn resolutions(state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let list = state
        .with_conn(|conn| Ok(catalog::list_resolutions(conn)?))
        .await?;
    Ok(HttpResponse::Ok().json(list.iter().map(ResolutionView::from).collect::<Vec<_>>()))
}

pub async fn targets(
    state: web::Data<AppState>,
    selection: web::Query<Selection>,
) -> Result<HttpResponse, WebError> {
    let stored = state.with_conn(move |conn| selection.catalog(conn)).await?;
    let c = &stored.catalog;
    Ok(HttpResponse::Ok().json(
        c.targets
            .iter()
            .map(|t| TargetView::new(c, t))
            .collect::<Vec<_>>(),
    ))
}

#[derive(Serialize)]
struct TargetDetail {
    #[serde(flatten)]
    target: TargetView,
    measurements: Vec<MeasurementView>,
    progress: ProgressView,
}

pub async fn target(
    state: web::Data<AppState>,
    code: web::Path<String>,
    selection: web::Query<Selection>,
) -> Result<HttpResponse, WebError> {
    let code = code.into_inner();
    let detail = state
        .with_conn(move |conn| {
            let stored = selection.catalog(conn)?;
            let as_of = selection.as_of(&stored)?;
            let c = &stored.catalog;
            let target = target_of(&stored, &code)?;
            let list = measurements::target_measurements(conn, &stored, &code)?;
            let figures: Vec<_> = list.iter().map(|m| m.figure).collect();
            let progress = assess(target, c.resolution.baseline_year, &figures, as_of);
            Ok(TargetDetail {
                target: TargetView::new(c, target),
                measurements: list.into_iter().map(MeasurementView::from).collect(),
                progress: progress.into(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}

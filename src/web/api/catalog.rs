//! The catalog read routes: resolutions, targets, one target with its figures.

use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::app::scope::Scope;
use crate::app::target::AssessedTarget;
use crate::app::views::MeasurementView;
use crate::domain::dashboard::{ProgressView, ResolutionView, TargetView};
use crate::web::error::ErrorBody;
use crate::web::{Answer, AppState, Chosen, Segment, State};

/// The resolutions loaded, side by side.
#[utoipa::path(get, path = "/api/v1/resolutions", tag = "catalog",
    responses((status = 200, description = "Every resolution loaded, the first being the default.", body = Vec<ResolutionView>)))]
pub async fn resolutions(state: web::Data<AppState>) -> Answer {
    let list = state.with_conn(crate::app::dashboard::resolutions).await?;
    Ok(HttpResponse::Ok().json(list.iter().map(ResolutionView::from).collect::<Vec<_>>()))
}

/// The resolution's targets as its catalog defines them.
#[utoipa::path(get, path = "/api/v1/targets", tag = "catalog", params(Scope),
    responses((status = 200, description = "Every target, in the catalog's order.", body = Vec<TargetView>)))]
pub async fn targets(state: State, selection: Chosen) -> Answer {
    let stored = state.with_conn(move |conn| selection.catalog(conn)).await?;
    let c = &stored.catalog;
    Ok(HttpResponse::Ok().json(
        c.targets
            .iter()
            .map(|t| TargetView::new(c, t))
            .collect::<Vec<_>>(),
    ))
}

/// One target: its catalog fields, its figures and its progress.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TargetDetail {
    #[serde(flatten)]
    target: TargetView,
    measurements: Vec<MeasurementView>,
    progress: ProgressView,
}

/// One target with its figures and its progress.
#[utoipa::path(get, path = "/api/v1/targets/{code}", tag = "catalog",
    params(("code" = String, Path, description = "The target's code, e.g. T01."), Scope),
    responses((status = 200, body = TargetDetail),
        (status = 404, description = "No such target in the resolution.", body = ErrorBody)))]
pub async fn target(state: State, code: Segment, selection: Chosen) -> Answer {
    let read = state
        .with_conn(move |conn| AssessedTarget::read(conn, &selection, &code))
        .await?;
    let detail = TargetDetail {
        target: TargetView::new(&read.stored.catalog, read.target()),
        measurements: read
            .measurements
            .iter()
            .cloned()
            .map(MeasurementView::from)
            .collect(),
        progress: read.progress.clone(),
    };
    Ok(HttpResponse::Ok().json(detail))
}

//! The catalog read routes: resolutions, targets, one target with its figures.

use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::app::target::AssessedTarget;
use crate::app::views::MeasurementView;
use crate::domain::dashboard::{ProgressView, ResolutionView, TargetView};
use crate::web::{Answer, AppState, Chosen, Segment, State};

pub async fn resolutions(state: web::Data<AppState>) -> Answer {
    let list = state.with_conn(crate::app::dashboard::resolutions).await?;
    Ok(HttpResponse::Ok().json(list.iter().map(ResolutionView::from).collect::<Vec<_>>()))
}

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

#[derive(Serialize)]
struct TargetDetail {
    #[serde(flatten)]
    target: TargetView,
    measurements: Vec<MeasurementView>,
    progress: ProgressView,
}

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

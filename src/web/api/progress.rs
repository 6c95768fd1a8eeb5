//! Progress routes: one target's progress, the dashboard, the breakthrough tasks.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::app::scope::Scope;
use crate::app::target::AssessedTarget;
use crate::domain::dashboard::Dashboard;

use crate::web::{Answer, AppError, AppState, Chosen, Segment, State};

pub async fn target_progress(state: State, code: Segment, selection: Chosen) -> Answer {
    let progress = state
        .with_conn(move |conn| Ok(AssessedTarget::read(conn, &selection, &code)?.progress))
        .await?;
    Ok(HttpResponse::Ok().json(progress))
}

async fn load_dashboard(state: &AppState, selection: Scope) -> Result<Dashboard, AppError> {
    state
        .with_conn(move |conn| {
            let stored = selection.catalog(conn)?;
            let as_of = selection.year(&stored)?;
            Ok(crate::storage::assessments::dashboard(
                conn, &stored, as_of,
            )?)
        })
        .await
}

#[derive(Debug, Deserialize)]
pub struct DashboardQuery {
    #[serde(flatten)]
    selection: Scope,
    /// One unit's own dashboard instead of the area's.
    unit: Option<String>,
}

pub async fn dashboard(state: State, query: web::Query<DashboardQuery>) -> Answer {
    let DashboardQuery { selection, unit } = query.into_inner();
    match unit.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        Some(unit) => super::units::unit_dashboard(state, selection, unit.to_string()).await,
        None => Ok(HttpResponse::Ok().json(load_dashboard(&state, selection).await?)),
    }
}

pub async fn breakthroughs(state: State, selection: Chosen) -> Answer {
    Ok(HttpResponse::Ok().json(
        load_dashboard(&state, selection.into_inner())
            .await?
            .breakthroughs,
    ))
}

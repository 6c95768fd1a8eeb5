//! Progress routes: one target's progress, the dashboard (the area's, or with `?unit=` one unit's own), the
//! breakthrough tasks.

use actix_web::HttpResponse;

use crate::app::scope::Scope;
use crate::app::target::AssessedTarget;
use crate::app::unit_views::UnitDashboardView;
use crate::domain::dashboard::{BreakthroughView, Dashboard, ProgressView};
use crate::web::error::ErrorBody;
use serde::Serialize;

use crate::web::{Answer, AppError, AppState, Chosen, Segment, State};

/// One target's progress as of the year asked (v2 of the methodology).
#[utoipa::path(get, path = "/api/v1/targets/{code}/progress", tag = "progress",
    params(("code" = String, Path, description = "The target's code."), Scope),
    responses((status = 200, body = ProgressView),
        (status = 404, description = "No such target.", body = ErrorBody)))]
pub async fn target_progress(state: State, code: Segment, selection: Chosen) -> Answer {
    let progress = state
        .with_conn(move |conn| Ok(AssessedTarget::read(conn, &selection, &code)?.progress))
        .await?;
    Ok(HttpResponse::Ok().json(progress))
}

async fn load_dashboard(state: &AppState, scope: Scope) -> Result<Dashboard, AppError> {
    let board = state
        .with_conn(move |conn| crate::app::dashboard::read(conn, &scope))
        .await?;
    Ok(board.dashboard)
}

/// The dashboard's answer: the area's (every target, the counts, the breakthrough tasks), or with `unit` that
/// unit's own.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum DashboardAnswer<'a> {
    Area(Dashboard),
    Unit(UnitDashboardView<'a>),
}

/// `GET /api/v1/dashboard[?unit=CODE]`: the area's dashboard, or one unit's own.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "progress", params(Scope),
    responses((status = 200, description = "The area's dashboard, or with `unit` the unit's own.", body = DashboardAnswer),
        (status = 404, description = "No such resolution or unit.", body = ErrorBody)))]
pub async fn dashboard(state: State, scope: Chosen) -> Answer {
    let scope = scope.into_inner();
    match scope.unit().map(str::to_string) {
        Some(unit) => unit_dashboard(state, scope, unit).await,
        None => Ok(
            HttpResponse::Ok().json(DashboardAnswer::Area(load_dashboard(&state, scope).await?))
        ),
    }
}

/// The breakthrough tasks with their linked targets' statuses and their latest assessment.
#[utoipa::path(get, path = "/api/v1/breakthroughs", tag = "progress", params(Scope),
    responses((status = 200, body = Vec<BreakthroughView>)))]
pub async fn breakthroughs(state: State, selection: Chosen) -> Answer {
    Ok(HttpResponse::Ok().json(
        load_dashboard(&state, selection.into_inner())
            .await?
            .breakthroughs,
    ))
}

/// One unit's own dashboard (`?unit=`).
async fn unit_dashboard(state: State, scope: Scope, unit: String) -> Answer {
    let read = state
        .with_conn(move |conn| crate::app::units::read(conn, &scope, &unit))
        .await?;
    super::units::json_answer(&DashboardAnswer::Unit(UnitDashboardView::of(&read)))
}

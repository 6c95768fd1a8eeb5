//! Progress routes: one target's progress, the dashboard, the breakthrough tasks.

use actix_web::HttpResponse;

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

async fn load_dashboard(state: &AppState, scope: Scope) -> Result<Dashboard, AppError> {
    let board = state
        .with_conn(move |conn| crate::app::dashboard::read(conn, &scope))
        .await?;
    Ok(board.dashboard)
}

/// `GET /api/v1/dashboard[?unit=CODE]`: the area's dashboard, or one unit's own.
pub async fn dashboard(state: State, scope: Chosen) -> Answer {
    let scope = scope.into_inner();
    match scope.unit().map(str::to_string) {
        Some(unit) => super::units::unit_dashboard(state, scope, unit).await,
        None => Ok(HttpResponse::Ok().json(load_dashboard(&state, scope).await?)),
    }
}

pub async fn breakthroughs(state: State, selection: Chosen) -> Answer {
    Ok(HttpResponse::Ok().json(
        load_dashboard(&state, selection.into_inner())
            .await?
            .breakthroughs,
    ))
}

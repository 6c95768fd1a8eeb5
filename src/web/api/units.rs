//! The units' routes: `GET /api/v1/units` (the area, its units with their validity and what each became, the
//! changes), `GET /api/v1/targets/{code}/units?year=Y` (where each unit stands on a roll-up target in a year),
//! and `GET /api/v1/completeness?year=Y` (one unit's own dashboard, `?unit=` on the dashboard, is `progress`'s).
//! Each is read with a connection and written after it is back in the pool, straight from the app's typed views.

use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::app::scope::Scope;
use crate::app::unit_views::{completeness_view, CompletenessView, TargetUnitsView, UnitsView};
use crate::web::error::ErrorBody;
use crate::web::{Answer, AppError, Chosen, Segment, State};

/// A typed view written as the JSON answer.
pub(super) fn json_answer(view: &impl Serialize) -> Answer {
    let body = serde_json::to_vec(view).map_err(|e| {
        tracing::error!(error = %e, "writing a JSON answer");
        AppError::internal()
    })?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body))
}

/// The area, its units with their validity and what each became or came from, and the changes between them.
#[utoipa::path(get, path = "/api/v1/units", tag = "catalog", params(Scope),
    responses((status = 200, body = UnitsView)))]
pub async fn units(state: State, selection: Chosen) -> Answer {
    let stored = state.with_conn(move |conn| selection.catalog(conn)).await?;
    json_answer(&UnitsView::of(&stored.catalog))
}

/// Where each unit stands on a roll-up target in a year (`year`), and what the area's figure rolls up to.
#[utoipa::path(get, path = "/api/v1/targets/{code}/units", tag = "progress",
    params(("code" = String, Path, description = "The target's code."), Scope),
    responses((status = 200, body = TargetUnitsView),
        (status = 404, description = "No such target.", body = ErrorBody)))]
pub async fn target_units(state: State, code: Segment, scope: web::Query<Scope>) -> Answer {
    let scope = scope.into_inner();
    let read = state
        .with_conn(move |conn| crate::app::units::target_units(conn, &scope, &code))
        .await?;
    json_answer(&TargetUnitsView::of(&read))
}

/// A year's completeness (`year`): which figures each unit and the area entered, against the due days, and the
/// figures the checks warn about.
#[utoipa::path(get, path = "/api/v1/completeness", tag = "progress", params(Scope),
    responses((status = 200, body = CompletenessView)))]
pub async fn completeness(state: State, scope: web::Query<Scope>) -> Answer {
    let scope = scope.into_inner();
    let years_after_goal = state.policy.years_after_goal;
    let read = state
        .with_conn(move |conn| crate::app::completeness::read(conn, &scope, years_after_goal))
        .await?;
    completeness_view(&read, |view| json_answer(view))
}

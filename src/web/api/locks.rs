//! Locked years over the API: `GET /api/v1/locks` (each year's lock and every event), `PUT /api/v1/locks/{year}`
//! (an administrator locks it) and `DELETE /api/v1/locks/{year}` with `{"reason"}` (unlocks it).

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::app::scope::Scope;
use crate::app::year_locks;
use crate::app::year_locks::Locks;
use crate::domain::measurement::parse_year;
use crate::domain::year_lock::LockAction;
use crate::domain::year_lock::LockEvent;
use crate::web::auth::Caller;
use crate::web::error::ErrorBody;
use crate::web::{Answer, AppError, Chosen, State};

/// Why a locked year is opened again.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnlockBody {
    reason: String,
}

/// Each year's lock and every lock and unlock, newest first.
#[utoipa::path(get, path = "/api/v1/locks", operation_id = "locks", tag = "locks", params(Scope), responses((status = 200, body = Locks)))]
pub async fn list(state: State, selection: Chosen) -> Answer {
    let after_goal = state.policy.years_after_goal;
    let locks = state
        .with_conn(move |conn| year_locks::read(conn, &selection, after_goal))
        .await?;
    Ok(HttpResponse::Ok().json(locks))
}

async fn set(
    state: State,
    (year, selection): (String, Chosen),
    (action, reason): (LockAction, String),
    who: String,
) -> Answer {
    let year = parse_year(&year).ok_or_else(|| AppError::bad_year("year", &year))?;
    let after_goal = state.policy.years_after_goal;
    let event = state
        .with_conn(move |conn| {
            year_locks::set(
                conn,
                &selection,
                (year, after_goal),
                (action, &reason),
                &who,
            )
        })
        .await?;
    let _ = state.refresh_data_version().await;
    let status = match action {
        LockAction::Lock => StatusCode::CREATED,
        LockAction::Unlock => StatusCode::OK,
    };
    Ok(HttpResponse::build(status).json(event))
}

/// A year locked (an administrator's): no figure of it is written until it is unlocked.
#[utoipa::path(put, path = "/api/v1/locks/{year}", operation_id = "lock_year", tag = "locks",
    params(("year" = i32, Path, description = "The year to lock."), Scope),
    responses((status = 201, body = LockEvent),
        (status = 409, description = "Already locked.", body = ErrorBody)),
    security(("token" = []), ("session" = [])))]
pub async fn lock(
    state: State,
    year: web::Path<String>,
    selection: Chosen,
    Caller(me): Caller,
) -> Answer {
    let context = (year.into_inner(), selection);
    set(state, context, (LockAction::Lock, String::new()), me.name).await
}

/// A locked year opened again, with the reason (an administrator's).
#[utoipa::path(delete, path = "/api/v1/locks/{year}", operation_id = "unlock_year", tag = "locks",
    params(("year" = i32, Path, description = "The year to unlock."), Scope),
    request_body = UnlockBody,
    responses((status = 200, body = LockEvent),
        (status = 409, description = "Not locked.", body = ErrorBody)),
    security(("token" = []), ("session" = [])))]
pub async fn unlock(
    state: State,
    year: web::Path<String>,
    selection: Chosen,
    body: web::Json<UnlockBody>,
    Caller(me): Caller,
) -> Answer {
    let context = (year.into_inner(), selection);
    let reason = body.into_inner().reason;
    set(state, context, (LockAction::Unlock, reason), me.name).await
}

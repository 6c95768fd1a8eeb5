//! `GET /healthz`: the server answers and its database too.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use diesel::connection::SimpleConnection;
use serde::Serialize;

use crate::web::{Answer, AppState};

/// The server's health: it answers, and whether its database does.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` or `unavailable`.
    status: &'static str,
    /// `sqlite` or `postgres`.
    database: &'static str,
}

/// Whether the server and its database answer (503 when the database does not).
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn healthz(state: web::Data<AppState>) -> Answer {
    let backend = state.db.backend().as_str();
    let reachable = state
        .with_conn(|conn| Ok(conn.batch_execute("SELECT 1").is_ok()))
        .await
        .unwrap_or(false);
    if reachable {
        Ok(HttpResponse::Ok().json(Health {
            status: "ok",
            database: backend,
        }))
    } else {
        Ok(
            HttpResponse::build(StatusCode::SERVICE_UNAVAILABLE).json(Health {
                status: "unavailable",
                database: backend,
            }),
        )
    }
}

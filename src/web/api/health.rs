//! `GET /healthz`: the server answers and its database too.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use diesel::connection::SimpleConnection;
use serde_json::json;

use crate::web::{Answer, AppState};

pub async fn healthz(state: web::Data<AppState>) -> Answer {
    let backend = state.db.backend().as_str();
    let reachable = state
        .with_conn(|conn| Ok(conn.batch_execute("SELECT 1").is_ok()))
        .await
        .unwrap_or(false);
    if reachable {
        Ok(HttpResponse::Ok().json(json!({"status": "ok", "database": backend})))
    } else {
        Ok(HttpResponse::build(StatusCode::SERVICE_UNAVAILABLE)
            .json(json!({"status": "unavailable", "database": backend})))
    }
}

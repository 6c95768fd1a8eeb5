//! HTTP: the JSON API (and, later, the pages), over the storage and the domain.

pub mod api;
pub mod auth;
pub mod charts;
pub mod error;
pub mod pages;
pub mod upload;

use actix_web::http::StatusCode;
use actix_web::middleware::ErrorHandlers;
use actix_web::web;

pub use error::ApiError;

use crate::domain::measurement::EntryPolicy;
use crate::storage::{Database, DbConnection};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub db: Database,
    pub policy: EntryPolicy,
    pub pages: std::sync::Arc<pages::PageCache>,
    pub auth: std::sync::Arc<auth::AuthState>,
}

impl AppState {
    /// Re-reads the data version; pages rendered before a change are then rendered anew.
    pub async fn refresh_data_version(&self) -> Result<(), ApiError> {
        let version = self
            .with_conn(|conn| Ok(crate::storage::catalog::data_version(conn)?))
            .await?;
        self.pages.set_version(version);
        Ok(())
    }

    /// Runs blocking database work on the thread pool with a pooled connection.
    pub async fn with_conn<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    {
        let db = self.db.clone();
        web::block(move || {
            let mut conn = db.conn()?;
            work(&mut conn)
        })
        .await?
    }
}

/// The largest JSON body (one figure or assessment is well under a kilobyte).
const JSON_LIMIT: usize = 1 << 20;
/// The largest form (the entry form of a year, every note at its longest, percent-encoded).
const FORM_LIMIT: usize = 4 << 20;

fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        format!("the request body is larger than {} KB", limit / 1024),
    )
}

/// The routes, extractor settings and error shape; `startup` adds the state and the logging.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::QueryConfig::default().error_handler(|err, _req| {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", err.to_string()).into()
    }))
    .app_data(web::PathConfig::default().error_handler(|err, _req| {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", err.to_string()).into()
    }))
    .app_data(
        web::JsonConfig::default()
            .limit(JSON_LIMIT)
            .error_handler(|err, _req| {
                use actix_web::error::JsonPayloadError;
                match err {
                    JsonPayloadError::Overflow { .. }
                    | JsonPayloadError::OverflowKnownLength { .. } => too_large(JSON_LIMIT).into(),
                    err => ApiError::new(StatusCode::BAD_REQUEST, "invalid_json", err.to_string())
                        .into(),
                }
            }),
    )
    .app_data(
        web::FormConfig::default()
            .limit(FORM_LIMIT)
            .error_handler(|err, _req| {
                use actix_web::error::UrlencodedError;
                match err {
                    UrlencodedError::Overflow { .. } => too_large(FORM_LIMIT).into(),
                    err => ApiError::new(StatusCode::BAD_REQUEST, "invalid_form", err.to_string())
                        .into(),
                }
            }),
    )
    .configure(api::configure)
    .configure(charts::configure)
    .configure(pages::configure);
}

/// Every error response in the JSON error shape.
pub fn error_shape<B: actix_web::body::MessageBody + 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler(error::json_error_body)
}

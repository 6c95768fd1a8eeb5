//! HTTP over the application (`app`): the JSON API (`api`), charts and report packs (`charts`), the pages
//! (`pages`), who may do what (`auth`), and what they share: the errors shaped for their reader (`error`,
//! `reply`), the reader's language (`lang`), the page frame (`frame`), who is asking (`visit`), links (`links`)
//! and uploads (`upload`); each request's id, log line and metrics (`requests`, `metrics`).

pub mod api;
pub mod auth;
pub mod charts;
pub mod error;
pub mod frame;
pub mod lang;
pub mod links;
pub mod metrics;
pub mod pages;
pub mod reply;
pub mod requests;
pub mod upload;
pub mod visit;

use actix_web::middleware::ErrorHandlers;
use actix_web::web;

pub use error::{AppError, ErrorCode};

use crate::domain::measurement::EntryPolicy;
use crate::storage::{Database, DbConnection};

/// What a handler answers: a response, or the error `reply` shapes for its reader.
pub type Answer = Result<actix_web::HttpResponse, AppError>;

/// The shared state, as handlers take it.
pub type State = web::Data<AppState>;

/// One segment of the path (`{code}`, `{year}`, `{name}`), as text so a bad one gets a message naming it.
pub type Segment = web::Path<String>;

/// The resolution and year the query string chooses.
pub type Chosen = web::Query<crate::app::scope::Scope>;

/// A file's bytes as a body of its own type (a PNG chart, a ZIP pack, a workbook, a Word report, an uploaded
/// sheet), as the API's description names it: a binary string, not JSON.
pub struct FileBody;

impl utoipa::PartialSchema for FileBody {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .into()
    }
}

impl utoipa::ToSchema for FileBody {}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub db: Database,
    pub policy: EntryPolicy,
    pub pages: std::sync::Arc<pages::PageCache>,
    /// Every catalog, kept until one is loaded or corrected (the resolutions side by side).
    pub catalogs: std::sync::Arc<crate::app::dashboard::CatalogShelf>,
    pub auth: std::sync::Arc<auth::AuthState>,
    pub metrics: std::sync::Arc<metrics::Metrics>,
    /// Addresses that may read `/metrics` without signing in (`metrics.allow`).
    pub metrics_allow: std::sync::Arc<Vec<std::net::IpAddr>>,
}

impl AppState {
    /// Re-reads the data version; pages rendered before a change are then rendered anew, and catalogs loaded or
    /// corrected are read onto the shelf before a reader asks for them.
    pub async fn refresh_data_version(&self) -> Result<(), AppError> {
        let known = self.pages.version();
        let shelf = std::sync::Arc::clone(&self.catalogs);
        let (version, resolutions) = self
            // The header's list of resolutions is read again when the data moved (0: never read yet).
            .with_conn(move |conn| crate::app::dashboard::data_version(conn, known, &shelf))
            .await?;
        if let Some(resolutions) = resolutions {
            self.pages.set_resolutions(resolutions);
        }
        self.pages.set_version(version);
        Ok(())
    }

    /// Runs blocking database work on the thread pool with a pooled connection.
    pub async fn with_conn<T, F>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
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

/// The routes, extractor settings and error shape; `startup` adds the state and the logging.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(
        web::QueryConfig::default().error_handler(|err, _req| AppError::bad_query(&err).into()),
    )
    .app_data(web::PathConfig::default().error_handler(|err, _req| {
        AppError::not_found(
            "Không có trang này. Hãy quay lại trang tổng quan.",
            err.to_string(),
        )
        .into()
    }))
    .app_data(
        web::JsonConfig::default()
            .limit(JSON_LIMIT)
            .error_handler(|err, _req| {
                use actix_web::error::JsonPayloadError::{Overflow, OverflowKnownLength};
                let too_large = matches!(err, Overflow { .. } | OverflowKnownLength { .. });
                unreadable_body(too_large, JSON_LIMIT, ErrorCode::InvalidJson, "JSON", &err)
            }),
    )
    .app_data(
        web::FormConfig::default()
            .limit(FORM_LIMIT)
            .error_handler(|err, _req| {
                let too_large = matches!(err, actix_web::error::UrlencodedError::Overflow { .. });
                unreadable_body(
                    too_large,
                    FORM_LIMIT,
                    ErrorCode::InvalidForm,
                    "biểu mẫu",
                    &err,
                )
            }),
    )
    .configure(api::configure)
    .configure(charts::configure)
    .configure(pages::configure);
}

/// A body that could not be read: too large (413), or not what `code` expects (400, naming what it is).
fn unreadable_body(
    too_large: bool,
    limit: usize,
    code: ErrorCode,
    what_vi: &str,
    err: &dyn std::fmt::Display,
) -> actix_web::Error {
    if too_large {
        return AppError::too_large(limit / 1024).into();
    }
    AppError::new(
        code,
        format!("{what_vi} không hợp lệ: {err}"),
        err.to_string(),
    )
    .into()
}

/// Every error response shaped for its reader: JSON for the API, a page in the reader's language for people.
pub fn error_shape<B: actix_web::body::MessageBody + 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler(reply::finish)
}

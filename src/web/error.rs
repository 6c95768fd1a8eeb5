//! The application's error as HTTP answers it: the JSON error shape of the API's reference
//! (`{"error": {"code", "message", "field"}}`, English) for API clients; `reply` turns it into a page in the
//! reader's language where a person reads it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

pub use crate::app::error::{AppError, ErrorCode};

/// The API's error shape.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody<'a> {
    error: ErrorInner<'a>,
    /// On a stale write (409 `stale_revision`): the figure (or assessment) as stored now; null: deleted since.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    current: Option<&'a serde_json::Value>,
    /// On a figure the checks warn about sent without a note (422 `invalid_value` on `note`): what looks odd.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<crate::app::views::WarningView>>)]
    warnings: Option<&'a serde_json::Value>,
}

/// What went wrong.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorInner<'a> {
    /// A stable code (`invalid_value`, `stale_revision`, `not_found`, …); docs/api.md lists them.
    code: &'a str,
    /// In English.
    message: &'a str,
    /// The field, query parameter or path segment at fault, if any.
    field: Option<&'a str>,
}

impl AppError {
    /// The JSON error shape (English messages, as API clients read them).
    pub fn json(&self) -> HttpResponse {
        let mut answer = HttpResponse::build(self.status_code());
        if self.code == ErrorCode::Busy {
            answer.insert_header(("Retry-After", "30"));
        }
        answer.json(ErrorBody {
            error: ErrorInner {
                code: self.code.as_str(),
                message: &self.message.en,
                field: self.field.as_deref(),
            },
            current: self.current.as_ref(),
            warnings: self.warnings.as_deref(),
        })
    }
}

/// Handlers answer with the JSON shape; `reply::finish` turns it into a page where a person reads it.
impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        self.json()
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        tracing::error!(error = %e, "blocking task");
        AppError::internal()
    }
}

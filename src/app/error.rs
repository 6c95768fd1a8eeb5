//! The one error type of the application: a stable code (with the HTTP status it is answered with), the field
//! at fault and a message in both languages. Every flow returns it; `web` only renders it (the JSON error shape
//! for API clients, a page in the reader's language for people) and the command line prints its English.

use std::borrow::Cow;

use serde::Serialize;

use crate::domain::lang::Said;
use crate::domain::measurement::FieldProblem;
use crate::domain::text::excerpt;
use crate::domain::wording::Lang;
use crate::storage::StorageError;

/// What went wrong, as clients match on it: each code has one meaning and (but for `bad_request`, which keeps
/// the status it stands for) one status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadRequest,
    InvalidParameter,
    InvalidQuery,
    InvalidJson,
    InvalidForm,
    InvalidValue,
    NotSignedIn,
    InvalidToken,
    Forbidden,
    Csrf,
    NotFound,
    MethodNotAllowed,
    StaleRevision,
    YearLocked,
    FigureApproved,
    ApprovalStep,
    TooLarge,
    Busy,
    InternalError,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::InvalidParameter => "invalid_parameter",
            ErrorCode::InvalidQuery => "invalid_query",
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::InvalidForm => "invalid_form",
            ErrorCode::InvalidValue => "invalid_value",
            ErrorCode::NotSignedIn => "not_signed_in",
            ErrorCode::InvalidToken => "invalid_token",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::Csrf => "csrf",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::StaleRevision => "stale_revision",
            ErrorCode::YearLocked => "year_locked",
            ErrorCode::FigureApproved => "figure_approved",
            ErrorCode::ApprovalStep => "approval_step",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::Busy => "busy",
            ErrorCode::InternalError => "internal_error",
        }
    }

    /// The HTTP status a code is answered with.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest
            | ErrorCode::InvalidParameter
            | ErrorCode::InvalidQuery
            | ErrorCode::InvalidJson
            | ErrorCode::InvalidForm => 400,
            ErrorCode::InvalidValue => 422,
            ErrorCode::NotSignedIn | ErrorCode::InvalidToken => 401,
            ErrorCode::Forbidden | ErrorCode::Csrf => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::StaleRevision
            | ErrorCode::YearLocked
            | ErrorCode::FigureApproved
            | ErrorCode::ApprovalStep => 409,
            ErrorCode::TooLarge => 413,
            ErrorCode::Busy => 503,
            ErrorCode::InternalError => 500,
        }
    }
}

/// A message's text: written in the code, or made for the occasion.
pub type Text = Cow<'static, str>;

#[derive(Debug, Clone, PartialEq)]
pub struct AppError {
    /// The HTTP status it is answered with (its code's, but for a bodyless status it stands for).
    pub status: u16,
    pub code: ErrorCode,
    pub field: Option<String>,
    pub message: Said,
    /// What is stored now, for a stale write (`"current"` beside `"error"` in JSON).
    pub current: Option<serde_json::Value>,
    /// What looks odd about a figure saved without a note (`"warnings"` beside `"error"` in JSON).
    pub warnings: Option<Box<serde_json::Value>>,
}

impl AppError {
    pub fn new(code: ErrorCode, vi: impl Into<Text>, en: impl Into<Text>) -> Self {
        AppError {
            status: code.status(),
            code,
            field: None,
            message: Said::new(vi, en),
            current: None,
            warnings: None,
        }
    }

    /// The same error, about one field of the request.
    pub fn on(mut self, field: &str) -> Self {
        self.field = Some(field.to_string());
        self
    }

    /// A 400 about one parameter of the request (path, query, form field).
    pub fn bad_field(field: &str, vi: impl Into<Text>, en: impl Into<Text>) -> Self {
        Self::new(ErrorCode::InvalidParameter, vi, en).on(field)
    }

    /// A 422: the request is well formed but a value in it is not acceptable.
    pub fn invalid_value(field: &str, vi: impl Into<Text>, en: impl Into<Text>) -> Self {
        Self::new(ErrorCode::InvalidValue, vi, en).on(field)
    }

    /// A 422 for the problems the domain found in a figure, the first one's field named.
    pub fn problems(problems: &[FieldProblem]) -> Self {
        let field = problems.first().map_or("value", |p| p.field);
        Self::invalid_value(
            field,
            FieldProblem::describe(problems, Lang::Vi),
            FieldProblem::describe(problems, Lang::En),
        )
    }

    /// A query string that does not parse into what the route takes.
    pub fn bad_query(err: &dyn std::fmt::Display) -> Self {
        Self::new(
            ErrorCode::InvalidQuery,
            format!("tham số không hợp lệ: {err}"),
            err.to_string(),
        )
    }

    /// A bad year in a path.
    pub fn bad_year(field: &str, text: &str) -> Self {
        let shown = excerpt(text, 40);
        Self::bad_field(
            field,
            format!("{shown:?} không phải là một năm"),
            format!("{shown:?} is not a year"),
        )
    }

    /// A 400 for a quality that is neither `estimate` nor `official`, naming `quality`.
    pub fn bad_quality(text: &str) -> Self {
        use crate::domain::lang::Explained;
        let problem =
            crate::domain::measurement::Problem::UnknownQuality(excerpt(text, 40).to_string());
        Self::bad_field("quality", problem.message_vi(), problem.message_en())
    }

    pub fn not_found(vi: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorCode::NotFound, vi, en)
    }

    /// A page or thing that is not there, said to a reader.
    pub fn no_page() -> Self {
        Self::not_found(
            "Không có trang này. Hãy quay lại trang tổng quan.",
            "There is no such page. Go back to the overview.",
        )
    }

    pub fn unknown_target(code: &str) -> Self {
        let code = excerpt(code, 40);
        Self::not_found(
            format!("không có chỉ tiêu nào mã {code:?}"),
            format!("no target has the code {code:?}"),
        )
    }

    pub fn unknown_breakthrough(code: &str) -> Self {
        let code = excerpt(code, 40);
        Self::not_found(
            format!("không có nhiệm vụ đột phá nào mã {code:?}"),
            format!("no breakthrough task has the code {code:?}"),
        )
    }

    /// A form sent with a CSRF token that is not the session's.
    pub fn stale_form() -> Self {
        Self::new(
            ErrorCode::Csrf,
            "Biểu mẫu đã cũ hoặc không phải từ trang này: hãy tải lại trang rồi thử lại.",
            "The form is stale or not from this site: reload the page and try again.",
        )
    }

    /// A write that was based on a revision someone else has replaced; `current` is what is stored now.
    pub fn stale(message: Said, current: serde_json::Value) -> Self {
        AppError {
            current: Some(current),
            message,
            ..Self::new(ErrorCode::StaleRevision, "", "").on("revision")
        }
    }

    /// A figure the checks warn about, saved without a note: `warnings` lists what looks odd.
    pub fn note_needed(vi: String, en: String, warnings: serde_json::Value) -> Self {
        AppError {
            warnings: Some(Box::new(warnings)),
            ..Self::new(ErrorCode::InvalidValue, vi, en).on("note")
        }
    }

    /// A write into a locked year: who locked it and when (on the office's clock), and what to do.
    pub fn year_locked(lock: &crate::domain::year_lock::LockEvent) -> Self {
        let (year, by, at) = (lock.year, &lock.by, crate::clock::shown(lock.at));
        Self::new(
            ErrorCode::YearLocked,
            format!("năm {year} đã được {by} khóa lúc {at}: số liệu của năm này không sửa được; cần sửa thì quản trị viên mở khóa, ghi rõ lý do"),
            format!("the year {year} was locked by {by} at {at}: its figures cannot change; an administrator unlocks it, with a reason, if they must"),
        )
        .on("year")
    }

    /// A change refused because the figure (`what`: its target, unit, year and quality in words) is approved.
    pub fn figure_approved(what_vi: &str, what_en: &str) -> Self {
        Self::new(
            ErrorCode::FigureApproved,
            format!("số liệu {what_vi} đã được duyệt: không sửa, không xóa được; cần sửa thì người duyệt mở lại, ghi rõ lý do"),
            format!("the figure {what_en} is approved: it cannot be changed or deleted; an approver reopens it, with a reason, if it must"),
        )
    }

    /// An approval step that does not apply to the figure in its state.
    pub fn approval_step(
        step: crate::domain::approval::Step,
        from: crate::domain::approval::Approval,
    ) -> Self {
        let said = crate::domain::approval::refused(step, from);
        Self::new(ErrorCode::ApprovalStep, said.vi, said.en).on("action")
    }

    pub fn too_large(limit_kb: usize) -> Self {
        Self::new(
            ErrorCode::TooLarge,
            format!("nội dung gửi lên lớn hơn {limit_kb} KB"),
            format!("the request body is larger than {limit_kb} KB"),
        )
    }

    /// The database kept a writer (or a request for a connection) waiting past `database.wait_seconds`.
    pub fn busy() -> Self {
        Self::new(
            ErrorCode::Busy,
            "Cơ sở dữ liệu đang bận ghi một việc khác; không có gì thay đổi. Hãy thử lại sau ít phút.",
            "the database is busy with other writes; nothing was changed: try again in a minute",
        )
    }

    pub fn internal() -> Self {
        Self::new(
            ErrorCode::InternalError,
            "Máy chủ gặp lỗi; lỗi đã được ghi vào nhật ký.",
            "the server failed; the error is in its log",
        )
    }

    /// The error a response without a body of its own stands for (unknown route, wrong method, ...).
    pub fn for_status(status: u16, method: &str, path: &str) -> Self {
        let path = excerpt(path, 200);
        let error = match status {
            404 => Self::not_found(
                "Không có trang này. Hãy quay lại trang tổng quan.",
                format!("nothing at {method} {path}"),
            ),
            405 => Self::new(
                ErrorCode::MethodNotAllowed,
                format!("không dùng được {method} ở {path}"),
                format!("{method} is not allowed on {path}"),
            ),
            413 => Self::new(
                ErrorCode::TooLarge,
                "nội dung gửi lên quá lớn",
                "the request body is too large",
            ),
            400..=499 => Self::new(
                ErrorCode::BadRequest,
                "Yêu cầu không hợp lệ.",
                "the request is not valid",
            ),
            _ => Self::internal(),
        };
        AppError { status, ..error }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status,
            self.code.as_str(),
            self.message.en
        )
    }
}

impl From<StorageError> for AppError {
    fn from(e: StorageError) -> Self {
        if e.is_busy() {
            tracing::warn!(error = %e, "storage busy");
            return AppError::busy();
        }
        tracing::error!(error = %e, "storage");
        AppError::internal()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_snake_case_and_has_its_status() {
        let codes = [
            ErrorCode::BadRequest,
            ErrorCode::InvalidParameter,
            ErrorCode::InvalidQuery,
            ErrorCode::InvalidJson,
            ErrorCode::InvalidForm,
            ErrorCode::InvalidValue,
            ErrorCode::NotSignedIn,
            ErrorCode::InvalidToken,
            ErrorCode::Forbidden,
            ErrorCode::Csrf,
            ErrorCode::NotFound,
            ErrorCode::MethodNotAllowed,
            ErrorCode::StaleRevision,
            ErrorCode::YearLocked,
            ErrorCode::FigureApproved,
            ErrorCode::ApprovalStep,
            ErrorCode::TooLarge,
            ErrorCode::Busy,
            ErrorCode::InternalError,
        ];
        for code in codes {
            let serialized = serde_json::to_value(code).expect("serializes");
            assert_eq!(serialized, code.as_str());
            assert!(code
                .as_str()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_'));
            assert!((400..600).contains(&code.status()));
        }
    }

    #[test]
    fn a_bodyless_status_keeps_its_status_and_gets_both_languages() {
        let e = AppError::for_status(415, "POST", "/x");
        assert_eq!(e.status, 415);
        assert_eq!(e.code, ErrorCode::BadRequest);
        assert!(!e.message.vi.is_empty() && !e.message.en.is_empty());
        let e = AppError::for_status(502, "GET", "/");
        assert_eq!(e.code, ErrorCode::InternalError);
        assert_eq!(e.status, 502);
    }
}

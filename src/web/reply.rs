//! Who an answer is for, and errors shaped for them: JSON (the error shape of contract.md) under the API's
//! paths and wherever the request prefers `application/json`; elsewhere a page in the reader's language,
//! headed by what the status means.

use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::{header, StatusCode};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use askama::Template;

use super::error::AppError;
use super::frame::{html, render, Frame};
use super::lang::Reader;
use crate::app::scope::Scope;
use crate::app::words::labels;
use crate::domain::wording::Lang;

/// Paths that answer machines (JSON, PNG, ZIP); every other path is a page.
pub fn is_api_path(path: &str) -> bool {
    [
        "/api/",
        "/charts/",
        "/reports/",
        "/healthz",
        "/readyz",
        "/metrics",
    ]
    .iter()
    .any(|p| path.starts_with(p))
}

/// Whether an error is answered as JSON: on an API path, or when the request's `Accept` prefers JSON to HTML.
pub fn wants_json(req: &HttpRequest) -> bool {
    is_api_path(req.path()) || prefers_json(req)
}

/// The media type of `Accept` with the highest weight (the first of equals) is `application/json`.
fn prefers_json(req: &HttpRequest) -> bool {
    let Some(accept) = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mut best: Option<(f32, &str)> = None;
    for item in accept.split(',').take(32) {
        let mut parts = item.split(';').map(str::trim);
        let media = parts.next().unwrap_or("");
        let weight = parts
            .find_map(|p| p.strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        if best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, media));
        }
    }
    best.is_some_and(|(_, media)| media.eq_ignore_ascii_case("application/json"))
}

/// What an error status means, as a page's heading.
fn heading(status: StatusCode, lang: Lang) -> &'static str {
    let l = labels(lang);
    match status {
        StatusCode::NOT_FOUND => l.not_found,
        StatusCode::UNAUTHORIZED => l.error_unauthorized,
        StatusCode::FORBIDDEN => l.error_forbidden,
        StatusCode::METHOD_NOT_ALLOWED => l.error_method,
        StatusCode::CONFLICT => l.error_conflict,
        StatusCode::PAYLOAD_TOO_LARGE => l.error_too_large,
        StatusCode::UNPROCESSABLE_ENTITY => l.error_invalid,
        StatusCode::TOO_MANY_REQUESTS => l.error_too_many,
        s if s.is_client_error() => l.bad_request,
        _ => l.error_server,
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    frame: Frame,
    heading: &'static str,
    message: String,
}

/// An error as a page in the reader's language; its language switch shows the same page (`path`) in the other.
/// The header shows who is signed in (`user`), as on every other page.
pub fn error_page(
    error: &AppError,
    reader: Reader,
    path: &str,
    user: Option<&crate::app::accounts::Identity>,
) -> HttpResponse {
    let heading = heading(error.status_code(), reader.lang);
    let message = error.message.pick(reader.lang).to_string();
    let page = ErrorPage {
        frame: Frame::new(reader, heading.to_string(), path, &Scope::default()).with_user(user),
        heading,
        message: message.clone(),
    };
    let body = render(&page).unwrap_or(message);
    html(
        error.status_code(),
        body,
        Reader {
            chose: false,
            ..reader
        },
    )
}

/// An error answered the way the request wants it.
pub fn error_for(req: &HttpRequest, error: &AppError) -> HttpResponse {
    if wants_json(req) {
        error.json()
    } else {
        // The switch reads the page again in the other language: only a GET can be read again.
        let path = match *req.method() {
            actix_web::http::Method::GET => req.path(),
            _ => "/",
        };
        // Who is signed in, as the authentication middleware left it on the request.
        let user = actix_web::HttpMessage::extensions(req)
            .get::<crate::app::accounts::Identity>()
            .cloned();
        error_page(error, Reader::lenient(req), path, user.as_ref())
    }
}

/// The last step of every error response: an error a handler or extractor returned is shaped for its reader;
/// a bare error status (unknown route, wrong method) gets the error it stands for; a page that carries its own
/// body (a form shown again with its problems) is left as it is.
pub fn finish<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let carried = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
        .cloned();
    let error = match carried {
        Some(error) => error,
        None if has_body(res.response()) => {
            return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()))
        }
        None => AppError::for_status(
            res.status().as_u16(),
            res.request().method().as_str(),
            res.request().path(),
        ),
    };
    let response = error_for(res.request(), &error);
    let (req, _) = res.into_parts();
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, response).map_into_right_body(),
    ))
}

fn has_body<B>(response: &actix_web::HttpResponse<B>) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| {
            v.as_bytes().starts_with(b"application/json") || v.as_bytes().starts_with(b"text/html")
        })
}

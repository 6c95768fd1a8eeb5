//! Each request's id, log line and metrics. The id is the client's `X-Request-Id` when it is a short token
//! (a proxy's, so one id follows a request through both logs), else one made here; every log line written while
//! the request is answered carries it, and the answer's `X-Request-Id` gives it back.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use tracing::Instrument;

use super::AppState;
use crate::domain::text::excerpt;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest request id taken from a client.
const MAX_ID: usize = 64;

/// The client's id if it is 1 to 64 letters, digits, `-`, `_`, `.` or `:`; else a new random one.
fn request_id(headers: &HeaderMap) -> String {
    let given = headers
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|id| {
            (1..=MAX_ID).contains(&id.len())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        });
    match given {
        Some(id) => id.to_string(),
        None => crate::storage::accounts::random_hex(8).unwrap_or_else(|_| "-".to_string()),
    }
}

/// Answers the request inside a span holding its id, then logs it, counts it and returns the id.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let start = Instant::now();
    let id = request_id(req.headers());
    let method = req.method().clone();
    let path = excerpt(req.path(), 200);
    let metrics = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.metrics.clone());
    let span = tracing::info_span!("request", id = %id);
    // (The request is not kept here: routing needs it unshared.)
    let answered = next.call(req).instrument(span.clone()).await;
    let took = start.elapsed();
    let status = match &answered {
        Ok(response) => response.status(),
        Err(e) => e.as_response_error().status_code(),
    }
    .as_u16();
    span.in_scope(|| {
        tracing::info!(
            %method,
            %path,
            status,
            latency_ms = format!("{:.2}", took.as_secs_f64() * 1000.0),
            "request"
        );
    });
    // An error that no handler below turned into an answer is answered by actix; it is counted unrouted.
    if let Some(metrics) = metrics {
        let route = answered
            .as_ref()
            .ok()
            .and_then(|r| r.request().match_pattern());
        metrics.request(route.as_deref(), &method, status, took);
    }
    let mut response = answered?.map_into_boxed_body();
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(id: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(REQUEST_ID, HeaderValue::from_str(id).expect("a header"));
        headers
    }

    #[test]
    fn a_clients_short_token_is_kept_and_anything_else_replaced() {
        assert_eq!(request_id(&with("nginx-4f2a.1:7")), "nginx-4f2a.1:7");
        for bad in ["a b", "x\"y", &"a".repeat(65), ""] {
            let made = request_id(&with(bad));
            assert_ne!(made, bad);
            assert_eq!(made.len(), 16, "eight random bytes as hex");
        }
        assert_eq!(request_id(&HeaderMap::new()).len(), 16);
    }
}

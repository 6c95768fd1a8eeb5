//! What an operator scrapes: `GET /metrics` in the Prometheus text format (requests and their latency by route
//! template and status, the pool's use, import rows and failures, chart drawing time, the page cache's hits),
//! readable without sign-in from the addresses `metrics.allow` lists and by administrators from anywhere; and
//! `GET /readyz`, whether the database answers now.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};

use super::{Answer, AppError, State};
use crate::domain::account::Role;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// How long `/readyz` waits for a free connection before it says the database does not answer.
const READY_WAIT: Duration = Duration::from_secs(2);

/// Observations in buckets: how many fell at or under each bound, their count and their sum.
#[derive(Debug, Default, Clone)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        for (bound, n) in BUCKETS.iter().zip(self.buckets.iter_mut()) {
            if seconds <= *bound {
                *n += 1;
            }
        }
        self.count += 1;
        self.sum += seconds;
    }

    /// The histogram's lines, each labelled `labels` (without braces) and its bucket.
    fn write(&self, out: &mut String, name: &str, labels: &str) {
        let sep = if labels.is_empty() { "" } else { "," };
        for (bound, n) in BUCKETS.iter().zip(self.buckets) {
            let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"{bound}\"}} {n}");
        }
        let _ = writeln!(
            out,
            "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {}",
            self.count
        );
        let braces = if labels.is_empty() {
            String::new()
        } else {
            format!("{{{labels}}}")
        };
        let _ = writeln!(out, "{name}_sum{braces} {}", self.sum);
        let _ = writeln!(out, "{name}_count{braces} {}", self.count);
    }
}

/// A request's kind: the route's template (never the path itself, so the series stay few), its method and status.
type RequestKey = (String, &'static str, u16);

/// The process's counters since it started.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<RequestKey, Histogram>>,
    charts: Mutex<Histogram>,
    import_rows: AtomicU64,
    import_failures: AtomicU64,
}

/// A method as a label: the usual ones by name, anything else as `other`.
fn method_label(method: &actix_web::http::Method) -> &'static str {
    use actix_web::http::Method;
    [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
        Method::OPTIONS,
    ]
    .iter()
    .zip(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
    .find(|(m, _)| *m == method)
    .map_or("other", |(_, name)| name)
}

impl Metrics {
    /// A request answered: its route template (`None`: no route matched), method, status and how long it took.
    pub fn request(
        &self,
        route: Option<&str>,
        method: &actix_web::http::Method,
        status: u16,
        took: Duration,
    ) {
        let route = route.unwrap_or("unmatched").to_string();
        let key = (route, method_label(method), status);
        if let Ok(mut requests) = self.requests.lock() {
            requests.entry(key).or_default().observe(took.as_secs_f64());
        }
    }

    /// A chart drawn and encoded.
    pub fn chart(&self, took: Duration) {
        if let Ok(mut charts) = self.charts.lock() {
            charts.observe(took.as_secs_f64());
        }
    }

    /// An import's outcome: its rows written (or, dry, checked), or a failure (no report: the file could not be
    /// read or the write conflicted; a report with problems: its rows were refused).
    pub fn import(&self, report: Option<&crate::app::import::ImportReport>) {
        match report {
            Some(r) if r.errors.is_empty() => {
                let rows = u64::try_from(r.accepted).unwrap_or(u64::MAX);
                self.import_rows.fetch_add(rows, Ordering::Relaxed);
            }
            _ => {
                self.import_failures.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Every metric in the Prometheus text format (version 0.0.4), with the pool's use as it is now and the page
    /// cache's (hits, misses) so far.
    pub fn render(&self, pool: crate::storage::PoolUse, (hits, misses): (u64, u64)) -> String {
        let mut out = String::new();
        out.push_str("# HELP rt_http_requests_total Requests answered, by route template, method and status.\n");
        out.push_str("# TYPE rt_http_requests_total counter\n");
        let requests = self.requests.lock().map(|r| r.clone()).unwrap_or_default();
        let labelled: Vec<(String, &Histogram)> = requests
            .iter()
            .map(|((route, method, status), h)| {
                let route = escape(route);
                (
                    format!("route=\"{route}\",method=\"{method}\",status=\"{status}\""),
                    h,
                )
            })
            .collect();
        for (labels, h) in &labelled {
            let _ = writeln!(out, "rt_http_requests_total{{{labels}}} {}", h.count);
        }
        out.push_str("# HELP rt_http_request_duration_seconds Time to answer a request, by route template, method and status.\n");
        out.push_str("# TYPE rt_http_request_duration_seconds histogram\n");
        for (labels, h) in &labelled {
            h.write(&mut out, "rt_http_request_duration_seconds", labels);
        }
        out.push_str("# HELP rt_db_pool_connections The database pool's connections, by state.\n");
        out.push_str("# TYPE rt_db_pool_connections gauge\n");
        let _ = writeln!(
            out,
            "rt_db_pool_connections{{state=\"idle\"}} {}",
            pool.idle
        );
        let _ = writeln!(
            out,
            "rt_db_pool_connections{{state=\"in_use\"}} {}",
            pool.open.saturating_sub(pool.idle)
        );
        out.push_str("# HELP rt_db_pool_max_connections The most connections the pool opens.\n");
        out.push_str("# TYPE rt_db_pool_max_connections gauge\n");
        let _ = writeln!(out, "rt_db_pool_max_connections {}", pool.max);
        let counters = [
            (
                "rt_import_rows_total",
                "Rows of imported files written or checked (dry runs included).",
                self.import_rows.load(Ordering::Relaxed),
            ),
            (
                "rt_import_failures_total",
                "Imports refused: an unreadable file, a bad row, a conflict.",
                self.import_failures.load(Ordering::Relaxed),
            ),
            (
                "rt_page_cache_hits_total",
                "Pages served from the cache.",
                hits,
            ),
            (
                "rt_page_cache_misses_total",
                "Pages rendered anew (none cached at the current data version).",
                misses,
            ),
        ];
        for (name, help, value) in counters {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
            let _ = writeln!(out, "{name} {value}");
        }
        out.push_str("# HELP rt_chart_render_seconds Time to draw and encode a chart.\n");
        out.push_str("# TYPE rt_chart_render_seconds histogram\n");
        let charts = self.charts.lock().map(|c| c.clone()).unwrap_or_default();
        charts.write(&mut out, "rt_chart_render_seconds", "");
        out
    }
}

/// A label value as the text format wants it: backslash, quote and newline escaped.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// `GET /metrics`: from an address `metrics.allow` lists, or for a signed-in administrator; 403 otherwise.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus' text format (0.0.4).", content_type = "text/plain", body = String),
        (status = 403, description = "Neither an allowed address nor an administrator.", body = crate::web::error::ErrorBody)))]
pub async fn metrics(state: State, req: HttpRequest) -> Answer {
    let from = state.auth.client_address(&req);
    let allowed = from
        .parse::<std::net::IpAddr>()
        .is_ok_and(|a| state.metrics_allow.contains(&a));
    let admin = super::auth::signed_in(&req).is_some_and(|who| who.role == Role::Admin);
    if !(allowed || admin) {
        return Err(AppError::new(
            super::ErrorCode::Forbidden,
            "Chỉ đọc được số đo vận hành từ các địa chỉ trong metrics.allow, hoặc khi đăng nhập quản trị.",
            "metrics are readable from the addresses in metrics.allow, or signed in as an administrator",
        ));
    }
    let body = state
        .metrics
        .render(state.db.pool_use(), state.pages.hits_and_misses());
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(body))
}

/// `GET /readyz`: 200 when a connection is free within two seconds and the database answers it; 503 otherwise
/// (a load balancer then sends requests to another process).
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, body = Readiness), (status = 503, body = Readiness)))]
pub async fn readyz(state: State) -> Answer {
    let db = state.db.clone();
    let backend = db.backend().as_str();
    let ready = actix_web::web::block(move || {
        use diesel::connection::SimpleConnection;
        db.conn_within(READY_WAIT)
            .is_ok_and(|mut conn| conn.batch_execute("SELECT 1").is_ok())
    })
    .await
    .unwrap_or(false);
    let status = match ready {
        true => StatusCode::OK,
        false => StatusCode::SERVICE_UNAVAILABLE,
    };
    Ok(HttpResponse::build(status)
        .insert_header(("Cache-Control", "no-store"))
        .json(Readiness {
            ready,
            database: backend,
        }))
}

/// Whether this process can serve: a connection was free and the database answered it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Readiness {
    ready: bool,
    /// `sqlite` or `postgres`.
    database: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_histogram_counts_each_observation_in_every_bucket_at_or_above_it() {
        let mut h = Histogram::default();
        h.observe(0.003);
        h.observe(0.2);
        let mut out = String::new();
        h.write(&mut out, "x", "route=\"/a\"");
        // 0.003 s falls in 0.005 and above; 0.2 s in 0.25 and above.
        assert!(out.contains("x_bucket{route=\"/a\",le=\"0.0025\"} 0\n"));
        assert!(out.contains("x_bucket{route=\"/a\",le=\"0.005\"} 1\n"));
        assert!(out.contains("x_bucket{route=\"/a\",le=\"0.1\"} 1\n"));
        assert!(out.contains("x_bucket{route=\"/a\",le=\"0.25\"} 2\n"));
        assert!(out.contains("x_bucket{route=\"/a\",le=\"+Inf\"} 2\n"));
        assert!(out.contains("x_count{route=\"/a\"} 2\n"));
        assert!(out.contains("x_sum{route=\"/a\"} 0.203"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}

//! PNG charts and the report pack over HTTP, with an ETag derived from the data and parameters (304 when the
//! client has it already, without rendering).

use std::hash::{DefaultHasher, Hash, Hasher};

use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::{Answer, AppError, Segment, State};
use crate::app::{self, charts::Drawing, scope::Scope, DbConnection};
use crate::charts::{render_overview, render_target, render_units, Size, SIZES};
use crate::domain::wording::Lang;
use crate::reports::report_zip;
use crate::web::error::ErrorBody;

/// A chart's query string, as handlers take it.
type Query = web::Query<ChartQuery>;

/// The description names a chart's own parameters from here (the scope's come from `Scope`; a report's kind is
/// described on its one route).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChartQuery {
    #[serde(flatten)]
    #[param(ignore)]
    selection: Scope,
    /// `vi` (the default) or `en`.
    lang: Option<String>,
    /// In pixels (the chart's own width when absent).
    #[param(value_type = Option<u32>, minimum = 300, maximum = 4000)]
    width: Option<String>,
    /// In pixels (the chart's own height when absent).
    #[param(value_type = Option<u32>, minimum = 300, maximum = 4000)]
    height: Option<String>,
    /// A Word report's kind: yearly (the default), midterm or final.
    #[param(ignore)]
    kind: Option<String>,
}

impl ChartQuery {
    fn kind(&self) -> Result<crate::reports::ReportKind, AppError> {
        match self.kind.as_deref() {
            None | Some("") => Ok(crate::reports::ReportKind::Yearly),
            Some(text) => crate::reports::ReportKind::parse(text).ok_or_else(|| {
                AppError::bad_field(
                    "kind",
                    "phải là yearly, midterm hoặc final",
                    "must be yearly, midterm or final",
                )
            }),
        }
    }

    fn lang(&self) -> Result<Lang, AppError> {
        match self.lang.as_deref() {
            None => Ok(Lang::Vi),
            Some(text) => Lang::parse(text).ok_or_else(|| {
                AppError::bad_field("lang", "phải là vi hoặc en", "must be vi or en")
            }),
        }
    }

    fn size(&self, default: Size) -> Result<Size, AppError> {
        let side = |name: &str, text: Option<&str>, default: u32| -> Result<u32, AppError> {
            let Some(text) = text else { return Ok(default) };
            text.trim()
                .parse::<u32>()
                .ok()
                .filter(|v| SIZES.contains(v))
                .ok_or_else(|| {
                    let (first, last) = (SIZES.start(), SIZES.end());
                    AppError::bad_field(
                        name,
                        format!("phải là số điểm ảnh nguyên từ {first} đến {last}"),
                        format!("must be a whole number of pixels from {first} to {last}"),
                    )
                })
        };
        Ok(Size {
            width: side("width", self.width.as_deref(), default.width)?,
            height: side("height", self.height.as_deref(), default.height)?,
        })
    }
}

/// A strong ETag from what the response is made of; the version is in it so a new renderer is fetched anew.
fn etag(parts: &impl Serialize) -> String {
    let mut hasher = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    serde_json::to_string(parts)
        .unwrap_or_default()
        .hash(&mut hasher);
    format!("\"{:016x}\"", hasher.finish())
}

fn not_modified(req: &HttpRequest, tag: &str) -> bool {
    req.headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|v| v.trim().trim_start_matches("W/"))
        .any(|v| v == tag || v == "*")
}

fn respond(
    req: &HttpRequest,
    tag: &str,
    content_type: &'static str,
    body: Option<Vec<u8>>,
) -> HttpResponse {
    let mut response = match body {
        Some(bytes) if !not_modified(req, tag) => {
            let mut r = HttpResponse::Ok();
            r.content_type(content_type);
            r.body(bytes)
        }
        _ => HttpResponse::NotModified().finish(),
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(tag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

async fn render<T, F>(work: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, crate::charts::ChartError> + Send + 'static,
{
    web::block(work).await?.map_err(|e| {
        tracing::error!(error = %e, "rendering");
        AppError::internal()
    })
}

/// A chart as PNG: 304 when the client has this one already (same ETag), else drawn on the thread pool.
async fn png<C>(
    (state, req): (&State, &HttpRequest),
    chart: C,
    draw: fn(&C) -> Result<Vec<u8>, crate::charts::ChartError>,
) -> Result<HttpResponse, AppError>
where
    C: Serialize + Send + 'static,
{
    let tag = etag(&chart);
    if not_modified(req, &tag) {
        return Ok(respond(req, &tag, "image/png", None));
    }
    let started = std::time::Instant::now();
    let png = render(move || draw(&chart)).await?;
    state.metrics.chart(started.elapsed());
    Ok(respond(req, &tag, "image/png", Some(png)))
}

/// What builds a chart's description: the app's read for the scope and the path's code, at a language and size.
type Build<C> = fn(&mut DbConnection, &Scope, &str, Drawing) -> Result<C, AppError>;

/// A chart route: read the language and size (`default` when not asked), build the description in `app`,
/// then answer it as PNG (or 304).
async fn chart<C: Serialize + Send + 'static>(
    (state, req, query): (State, HttpRequest, ChartQuery),
    code: String,
    default: Size,
    build: Build<C>,
    draw: fn(&C) -> Result<Vec<u8>, crate::charts::ChartError>,
) -> Answer {
    let drawing = Drawing {
        lang: query.lang()?,
        size: query.size(default)?,
    };
    let scope = query.selection;
    let description = state
        .with_conn(move |conn| build(conn, &scope, &code, drawing))
        .await?;
    png((&state, &req), description, draw).await
}

/// `GET /charts/targets/{code}.png`: a target's series, goal, forecast and status (1200×700 by default).
#[utoipa::path(get, path = "/charts/targets/{code}.png", tag = "charts and reports", operation_id = "target_chart",
    params(("code" = String, Path, description = "The target's code."), Scope, ChartQuery),
    responses((status = 200, description = "The chart, a PNG; `ETag` set.", content_type = "image/png", body = crate::web::FileBody),
        (status = 304, description = "Not modified since the `If-None-Match` sent."),
        (status = 404, description = "No such target.", body = ErrorBody)))]
pub async fn target_png(state: State, code: Segment, query: Query, req: HttpRequest) -> Answer {
    let asked = (state, req, query.into_inner());
    chart(
        asked,
        code.into_inner(),
        Size::TARGET,
        app::charts::target,
        render_target,
    )
    .await
}

/// `GET /charts/targets/{code}/terms.png`: a target beside the earlier term's target it continues, both series
/// on one chart with each term's goal (1200×700 by default); 404 when the target continues none that is stored.
#[utoipa::path(get, path = "/charts/targets/{code}/terms.png", tag = "charts and reports", operation_id = "terms_chart",
    params(("code" = String, Path, description = "The target's code."), Scope, ChartQuery),
    responses((status = 200, description = "The chart, a PNG; `ETag` set.", content_type = "image/png", body = crate::web::FileBody),
        (status = 304, description = "Not modified since the `If-None-Match` sent."),
        (status = 404, description = "No such target.", body = ErrorBody)))]
pub async fn terms_png(state: State, code: Segment, query: Query, req: HttpRequest) -> Answer {
    let asked = (state, req, query.into_inner());
    chart(
        asked,
        code.into_inner(),
        Size::TARGET,
        app::charts::terms,
        render_target,
    )
    .await
}

/// `GET /charts/targets/{code}/units.png?year=`: a roll-up target's units in a year, laggards first (1200×700 by
/// default).
#[utoipa::path(get, path = "/charts/targets/{code}/units.png", tag = "charts and reports", operation_id = "units_chart",
    params(("code" = String, Path, description = "The target's code."), Scope, ChartQuery),
    responses((status = 200, description = "The chart, a PNG; `ETag` set.", content_type = "image/png", body = crate::web::FileBody),
        (status = 304, description = "Not modified since the `If-None-Match` sent."),
        (status = 404, description = "No such target.", body = ErrorBody)))]
pub async fn units_png(state: State, code: Segment, query: Query, req: HttpRequest) -> Answer {
    let asked = (state, req, query.into_inner());
    chart(
        asked,
        code.into_inner(),
        Size::TARGET,
        app::charts::units,
        render_units,
    )
    .await
}

/// `GET /charts/overview.png`: every target's status at a glance (1600×900 by default).
#[utoipa::path(get, path = "/charts/overview.png", tag = "charts and reports", operation_id = "overview_chart",
    params(Scope, ChartQuery),
    responses((status = 200, description = "The chart, a PNG; `ETag` set.", content_type = "image/png", body = crate::web::FileBody),
        (status = 304, description = "Not modified since the `If-None-Match` sent.")))]
pub async fn overview_png(state: State, query: Query, req: HttpRequest) -> Answer {
    let asked = (state, req, query.into_inner());
    chart(
        asked,
        String::new(),
        Size::OVERVIEW,
        app::charts::overview,
        render_overview,
    )
    .await
}

#[derive(Serialize)]
struct PackParts<'a> {
    resolution: &'a str,
    catalog: String,
    measurements: String,
    notes: String,
    year: i32,
    lang: &'static str,
}

/// What a report's download is made of: the pack's input, its ETag, and the reader's language.
struct Report {
    pack: crate::app::report::PackInput,
    tag: String,
    lang: Lang,
}

/// Reads a report's input for `year` in the query's scope and language, and tags it.
async fn report_of(state: &State, year: String, query: Query) -> Result<Report, AppError> {
    let lang = query.lang()?;
    let mut selection = query.into_inner().selection;
    selection.year = Some(year);
    let pack = state
        .with_conn(move |conn| crate::app::report::pack(conn, &selection, lang))
        .await?;
    let tag = etag(&PackParts {
        resolution: &pack.figures.stored.catalog.resolution.code,
        catalog: format!("{:?}", pack.figures.stored.catalog),
        measurements: format!("{:?}", (&pack.figures.area, &pack.figures.units)),
        notes: format!("{:?}", pack.notes),
        year: pack.year,
        lang: lang.as_str(),
    });
    Ok(Report { pack, tag, lang })
}

/// The file as a download named `name`.
fn download(
    req: &HttpRequest,
    tag: &str,
    media: &'static str,
    bytes: Vec<u8>,
    name: &str,
) -> HttpResponse {
    let mut response = respond(req, tag, media, Some(bytes));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// `GET /reports/{year}.zip`: the year's report pack: every chart, the Word report, the results workbook, the
/// figures as CSV and a README saying what each file is.
#[utoipa::path(get, path = "/reports/{year}.zip", tag = "charts and reports", operation_id = "report_pack",
    params(("year" = i32, Path, description = "The year reported on."), Scope,
        ("lang" = Option<String>, Query, description = "`vi` (the default) or `en`.")),
    responses((status = 200, description = "The pack, a ZIP; `ETag` set.", content_type = "application/zip", body = crate::web::FileBody),
        (status = 304, description = "Not modified since the `If-None-Match` sent."),
        (status = 404, description = "No such resolution.", body = ErrorBody)))]
pub async fn report_pack(state: State, year: Segment, query: Query, req: HttpRequest) -> Answer {
    let Report { pack, tag, lang } = report_of(&state, year.into_inner(), query).await?;
    if not_modified(&req, &tag) {
        return Ok(respond(&req, &tag, "application/zip", None));
    }
    let (stored, year, notes) = (pack.figures.stored, pack.year, pack.notes);
    let all = (pack.figures.area, pack.figures.units);
    let zip = web::block(move || report_zip(&stored.catalog, (&all.0, &all.1), notes, year, lang))
        .await?
        .map_err(|e| {
            tracing::error!(error = %e, "report pack");
            AppError::internal()
        })?;
    let name = format!("report-{year}-{}.zip", lang.as_str());
    Ok(download(&req, &tag, "application/zip", zip, &name))
}

/// `GET /reports/{year}.xlsx`: the year's results workbook (the table the office files, every figure with its
/// approval, a native chart a target).
#[utoipa::path(get, path = "/reports/{year}.xlsx", tag = "charts and reports", operation_id = "report_workbook",
    params(("year" = i32, Path, description = "The year reported on."), Scope,
        ("lang" = Option<String>, Query, description = "`vi` (the default) or `en`.")),
    responses((status = 200, description = "The workbook; `ETag` set.",
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = crate::web::FileBody),
        (status = 304, description = "Not modified since the `If-None-Match` sent."),
        (status = 404, description = "No such resolution.", body = ErrorBody)))]
pub async fn report_workbook(
    state: State,
    year: Segment,
    query: Query,
    req: HttpRequest,
) -> Answer {
    const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let Report { pack, tag, lang } = report_of(&state, year.into_inner(), query).await?;
    if not_modified(&req, &tag) {
        return Ok(respond(&req, &tag, XLSX, None));
    }
    let (stored, year, notes) = (pack.figures.stored, pack.year, pack.notes);
    let all = (pack.figures.area, pack.figures.units);
    let bytes = web::block(move || {
        crate::reports::results_workbook(&stored.catalog, (&all.0, &all.1), notes, year, lang)
    })
    .await?
    .map_err(|e| {
        tracing::error!(error = %e, "results workbook");
        AppError::internal()
    })?;
    Ok(download(
        &req,
        &tag,
        XLSX,
        bytes,
        &crate::reports::workbook_name(year, lang),
    ))
}

/// `GET /reports/{year}.docx?kind=yearly|midterm|final`: the Word report the office files.
#[utoipa::path(get, path = "/reports/{year}.docx", tag = "charts and reports", operation_id = "report_document",
    params(("year" = i32, Path, description = "The year reported on."), Scope,
        ("lang" = Option<String>, Query, description = "`vi` (the default) or `en`."), ("kind" = Option<String>, Query, description = "`yearly` (the default), `midterm` or `final`.")),
    responses((status = 200, description = "The report; `ETag` set.",
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = crate::web::FileBody),
        (status = 304, description = "Not modified since the `If-None-Match` sent."),
        (status = 404, description = "No such resolution.", body = ErrorBody)))]
pub async fn report_document(
    state: State,
    year: Segment,
    query: Query,
    req: HttpRequest,
) -> Answer {
    const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    let (lang, kind) = (query.lang()?, query.kind()?);
    let mut selection = query.into_inner().selection;
    selection.year = Some(year.into_inner());
    let pack = state
        .with_conn(move |conn| crate::app::report::document(conn, &selection, kind, lang))
        .await?;
    let tag = etag(&PackParts {
        resolution: &pack.figures.stored.catalog.resolution.code,
        catalog: format!("{:?} {}", pack.figures.stored.catalog, kind.as_str()),
        measurements: format!("{:?}", (&pack.figures.area, &pack.figures.units)),
        notes: format!("{:?}", pack.notes),
        year: pack.year,
        lang: lang.as_str(),
    });
    if not_modified(&req, &tag) {
        return Ok(respond(&req, &tag, DOCX, None));
    }
    let (stored, year, notes) = (pack.figures.stored, pack.year, pack.notes);
    let all = (pack.figures.area, pack.figures.units);
    let bytes = web::block(move || {
        let figures = (&all.0[..], &all.1[..]);
        crate::reports::report_document(&stored.catalog, figures, notes, (kind, year), lang)
    })
    .await?
    .map_err(|e| {
        tracing::error!(error = %e, "Word report");
        AppError::internal()
    })?;
    let name = crate::reports::document_name(kind, year, lang);
    Ok(download(&req, &tag, DOCX, bytes, &name))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/charts/targets/{code}.png").route(web::get().to(target_png)))
        .service(web::resource("/charts/targets/{code}/units.png").route(web::get().to(units_png)))
        .service(web::resource("/charts/targets/{code}/terms.png").route(web::get().to(terms_png)))
        .service(web::resource("/charts/overview.png").route(web::get().to(overview_png)))
        .service(web::resource("/reports/{year}.zip").route(web::get().to(report_pack)))
        .service(web::resource("/reports/{year}.xlsx").route(web::get().to(report_workbook)))
        .service(web::resource("/reports/{year}.docx").route(web::get().to(report_document)));
}

//! PNG charts and the report pack over HTTP, with an ETag derived from the data and parameters (304 when the
//! client has it already, without rendering).

use std::hash::{DefaultHasher, Hash, Hasher};

use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::{Answer, AppError, Segment, State};
use crate::app::scope::Scope;
use crate::app::target::{continued_target, AssessedTarget};
use crate::charts::{render_overview, render_target, render_units, Size, SIZES};
use crate::domain::unit_progress::{lagging_first, standings};
use crate::domain::wording::Lang;
use crate::reports::{
    overview_chart, report_zip, target_chart, terms_chart, units_chart, ChartFigures,
};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ChartQuery {
    #[serde(flatten)]
    selection: Scope,
    lang: Option<String>,
    width: Option<String>,
    height: Option<String>,
}

impl ChartQuery {
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
    req: &HttpRequest,
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
    let png = render(move || draw(&chart)).await?;
    Ok(respond(req, &tag, "image/png", Some(png)))
}

pub async fn target_png(
    state: State,
    code: Segment,
    query: web::Query<ChartQuery>,
    req: HttpRequest,
) -> Answer {
    let (lang, size) = (query.lang()?, query.size(Size::TARGET)?);
    let code = code.into_inner();
    let chart = state
        .with_conn(move |conn| {
            let read = AssessedTarget::read(conn, &query.selection, &code)?;
            let figures = ChartFigures {
                assessed: &read.assessed,
                entered: &read.measurements,
            };
            Ok(target_chart(
                &read.stored.catalog,
                read.target(),
                figures,
                &read.progress,
                lang,
                size,
            ))
        })
        .await?;
    png(&req, chart, render_target).await
}

/// `GET /charts/targets/{code}/terms.png`: a target beside the earlier term's target it continues, both series
/// on one chart with each term's goal; 404 when the target continues none that is stored.
pub async fn terms_png(
    state: State,
    code: Segment,
    query: web::Query<ChartQuery>,
    req: HttpRequest,
) -> Answer {
    let (lang, size) = (query.lang()?, query.size(Size::TARGET)?);
    let code = code.into_inner();
    let chart = state
        .with_conn(move |conn| {
            let current = AssessedTarget::read(conn, &query.selection, &code)?;
            let earlier = continued_target(conn, current.target())?.ok_or_else(|| {
                AppError::not_found(
                    format!("chỉ tiêu {code} không tiếp nối chỉ tiêu nào của nhiệm kỳ trước"),
                    format!("target {code} continues no target of an earlier term"),
                )
            })?;
            Ok(terms_chart(
                earlier.term(),
                current.term(),
                &current.progress,
                lang,
                size,
            ))
        })
        .await?;
    png(&req, chart, render_target).await
}

/// `GET /charts/targets/{code}/units.png?year=`: a roll-up target's units in a year, laggards first.
pub async fn units_png(
    state: State,
    code: Segment,
    query: web::Query<ChartQuery>,
    req: HttpRequest,
) -> Answer {
    let (lang, size) = (query.lang()?, query.size(Size::TARGET)?);
    let code = code.into_inner();
    let query = query.into_inner();
    let scope = query.selection;
    let read = state
        .with_conn(move |conn| crate::app::units::target_units(conn, &scope, &code))
        .await?;
    let (target, year) = (read.target(), read.year);
    let catalog = &read.stored.catalog;
    let area_year = read.units.year_view(year);
    let mut rows = standings(catalog, target, &read.units.figures, year);
    lagging_first(target, &mut rows);
    let chart = units_chart(target, &rows, area_year.as_ref(), year, lang, size);
    png(&req, chart, render_units).await
}

pub async fn overview_png(state: State, query: web::Query<ChartQuery>, req: HttpRequest) -> Answer {
    let (lang, size) = (query.lang()?, query.size(Size::OVERVIEW)?);
    let board = state
        .with_conn(move |conn| crate::app::dashboard::read(conn, &query.selection))
        .await?;
    let chart = overview_chart(&board.stored.catalog, &board.dashboard, lang, size);
    png(&req, chart, render_overview).await
}

#[derive(Serialize)]
struct PackParts<'a> {
    resolution: &'a str,
    catalog: String,
    measurements: String,
    year: i32,
    lang: &'static str,
}

pub async fn report_pack(
    state: State,
    year: Segment,
    query: web::Query<ChartQuery>,
    req: HttpRequest,
) -> Answer {
    let lang = query.lang()?;
    let mut selection = query.into_inner().selection;
    selection.year = Some(year.into_inner());
    let (read, year) = state
        .with_conn(move |conn| {
            let read = crate::app::report::figures(conn, &selection, None)?;
            let year = selection.year(&read.stored)?;
            Ok((read, year))
        })
        .await?;
    let (stored, all) = (read.stored, (read.area, read.units));
    let tag = etag(&PackParts {
        resolution: &stored.catalog.resolution.code,
        catalog: format!("{:?}", stored.catalog),
        measurements: format!("{all:?}"),
        year,
        lang: lang.as_str(),
    });
    if not_modified(&req, &tag) {
        return Ok(respond(&req, &tag, "application/zip", None));
    }
    let zip = web::block(move || report_zip(&stored.catalog, &all.0, &all.1, year, lang))
        .await?
        .map_err(|e| {
            tracing::error!(error = %e, "report pack");
            AppError::internal()
        })?;
    let mut response = respond(&req, &tag, "application/zip", Some(zip));
    let disposition = format!(
        "attachment; filename=\"report-{year}-{}.zip\"",
        lang.as_str()
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/charts/targets/{code}.png").route(web::get().to(target_png)))
        .service(web::resource("/charts/targets/{code}/units.png").route(web::get().to(units_png)))
        .service(web::resource("/charts/targets/{code}/terms.png").route(web::get().to(terms_png)))
        .service(web::resource("/charts/overview.png").route(web::get().to(overview_png)))
        .service(web::resource("/reports/{year}.zip").route(web::get().to(report_pack)));
}

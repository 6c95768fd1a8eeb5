//! The API described (OpenAPI 3.1), with the charts and reports beside it: made from the handlers' own `#[utoipa::path]` annotations and the types they
//! read and answer with, never written by hand. `GET /api/v1/openapi.json` serves it; `/api/docs` shows it in
//! Swagger UI, whose files are built into the binary (nothing is fetched at run time, the CSP stays as it is).

use std::sync::OnceLock;

use actix_web::HttpResponse;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{RefOr, Response};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::{Config, SwaggerUi};

use super::{approval, assessments, catalog, export, health, locks, progress, units, writes};
use crate::web::error::ErrorBody;

/// Where the document is served.
pub const DOCUMENT_PATH: &str = "/api/v1/openapi.json";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "resolution-tracker",
        description = "A congress resolution's targets year by year: the catalog, the figures (estimate and \
                       official, the area's own and its units'), progress, approval, locked years, assessments, \
                       history and files. Reads are open (unless the server sets `auth.public_read = false`); writes take `Authorization: Bearer <token>` (an API token \
                       from `/admin/tokens`), or the session cookie with its `X-CSRF-Token`. Every route takes \
                       `?resolution=CODE` (absent: the first resolution loaded). Errors answer \
                       `{\"error\": {\"code\", \"message\", \"field\"}}` in English.",
        license(name = "MIT"),
    ),
    paths(
        catalog::resolutions,
        catalog::targets,
        catalog::target,
        progress::target_progress,
        progress::dashboard,
        progress::breakthroughs,
        units::units,
        units::target_units,
        units::completeness,
        writes::put_measurement,
        writes::delete_measurement,
        writes::import,
        writes::history,
        writes::all_history,
        writes::session,
        approval::step_one,
        approval::step_year,
        assessments::list,
        assessments::put,
        assessments::list_target,
        assessments::put_target,
        locks::list,
        locks::lock,
        locks::unlock,
        export::export_csv,
        export::export_xlsx,
        export::template,
        health::healthz,
        crate::web::metrics::readyz,
        crate::web::metrics::metrics,
        crate::web::charts::target_png,
        crate::web::charts::terms_png,
        crate::web::charts::units_png,
        crate::web::charts::overview_png,
        crate::web::charts::report_pack,
        crate::web::charts::report_workbook,
        crate::web::charts::report_document,
    ),
    components(schemas(ErrorBody)),
    modifiers(&Access, &Errors),
    tags(
        (name = "catalog", description = "The resolutions, their targets and units."),
        (name = "progress", description = "Where each target stands, by the progress methodology (v2)."),
        (name = "figures", description = "Yearly figures: written with the revision last seen (compare-and-set)."),
        (name = "approval", description = "Submit, approve, return and reopen figures."),
        (name = "assessments", description = "The committee's assessments of targets and breakthrough tasks."),
        (name = "locks", description = "Years closed to writing."),
        (name = "files", description = "CSV and Excel: export, template, import."),
        (name = "history", description = "Every change, who made it and when."),
        (name = "charts and reports", description = "PNG charts, the year's Word report, workbook and pack."),
        (name = "operations", description = "Health, readiness and metrics."),
    )
)]
pub struct ApiDoc;

/// The two ways a caller signs: an API token as a bearer, or the pages' session cookie (with `X-CSRF-Token` on
/// writes).
struct Access;

impl Modify for Access {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token (`token create` or /admin/tokens)."))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::web::auth::SESSION_COOKIE,
                "The pages' session; a write sends the CSRF token of GET /api/v1/session as X-CSRF-Token.",
            ))),
        );
    }
}

/// Every operation may answer with the error shape; the operations name their own usual refusals beside it. A
/// response an operation does not describe in words is described by its status's name (OpenAPI requires one).
struct Errors;

impl Modify for Errors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let error = Response::builder()
            .description("An error: its code, an English message, and the field at fault if any.")
            .content(
                "application/json",
                utoipa::openapi::ContentBuilder::new()
                    .schema(Some(utoipa::openapi::Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build();
        for item in openapi.paths.paths.values_mut() {
            for operation in operations_of(item) {
                let responses = &mut operation.responses.responses;
                for (status, response) in responses.iter_mut() {
                    if let RefOr::T(response) = response {
                        if response.description.is_empty() {
                            response.description = status_name(status);
                        }
                    }
                }
                responses
                    .entry("default".to_string())
                    .or_insert_with(|| RefOr::T(error.clone()));
            }
        }
    }
}

/// "Created" for "201".
fn status_name(status: &str) -> String {
    status
        .parse::<u16>()
        .ok()
        .and_then(|code| actix_web::http::StatusCode::from_u16(code).ok())
        .and_then(|code| code.canonical_reason())
        .unwrap_or("An answer")
        .to_string()
}

fn operations_of(
    item: &mut utoipa::openapi::path::PathItem,
) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    [
        item.get.as_mut(),
        item.put.as_mut(),
        item.post.as_mut(),
        item.delete.as_mut(),
        item.patch.as_mut(),
    ]
    .into_iter()
    .flatten()
}

/// The document as served, made once.
pub fn document() -> &'static str {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        ApiDoc::openapi()
            .to_pretty_json()
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    })
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(document())
}

/// Swagger UI at `/api/docs/`, reading the document from its own route: no validator badge (it would call out),
/// and the base layout, whose page has no top bar (its logo is drawn with an inline style the CSP refuses).
pub fn browser() -> SwaggerUi {
    SwaggerUi::new("/api/docs/{_:.*}").config(
        Config::from(DOCUMENT_PATH)
            .validator_url("none")
            .use_base_layout()
            .try_it_out_enabled(true),
    )
}

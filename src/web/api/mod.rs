//! The JSON API of contract.md, under /api/v1 (and /healthz).

mod approval;
mod assessments;
mod catalog;
mod export;
mod health;
mod locks;
pub mod openapi;
mod progress;
mod units;
mod writes;

use actix_web::web;

/// A resource answering GET; other methods get 405.
fn get<F, Args>(path: &str, handler: F) -> actix_web::Resource
where
    F: actix_web::Handler<Args>,
    Args: actix_web::FromRequest + 'static,
    F::Output: actix_web::Responder + 'static,
{
    web::resource(path).route(web::get().to(handler))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(get("/healthz", health::healthz))
        .service(get("/readyz", crate::web::metrics::readyz))
        .service(get("/metrics", crate::web::metrics::metrics))
        .service(get("/api/v1/openapi.json", openapi::openapi_json))
        .service(web::resource("/api/docs").route(web::get().to(|| async {
            actix_web::HttpResponse::PermanentRedirect()
                .insert_header(("Location", "/api/docs/"))
                .finish()
        })))
        .service(openapi::browser())
        .service(
            web::scope("/api/v1")
                .service(get("/resolutions", catalog::resolutions))
                .service(get("/targets", catalog::targets))
                .service(get("/units", units::units))
                .service(get("/targets/{code}", catalog::target))
                .service(get("/targets/{code}/progress", progress::target_progress))
                .service(get("/targets/{code}/units", units::target_units))
                .service(get("/completeness", units::completeness))
                .service(get("/breakthroughs", progress::breakthroughs))
                .service(get("/dashboard", progress::dashboard))
                .service(get("/export.csv", export::export_csv))
                .service(get("/targets/{code}/history", writes::history))
                .service(get("/history", writes::all_history))
                .service(get("/session", writes::session))
                .service(get("/breakthroughs/{code}/assessments", assessments::list))
                .service(get("/targets/{code}/assessments", assessments::list_target))
                .service(
                    web::resource("/targets/{code}/assessments/{year}")
                        .route(web::put().to(assessments::put_target)),
                )
                .service(
                    web::resource("/breakthroughs/{code}/assessments/{year}")
                        .route(web::put().to(assessments::put)),
                )
                .service(
                    web::resource("/targets/{code}/measurements/{year}/{quality}")
                        .route(web::put().to(writes::put_measurement))
                        .route(web::delete().to(writes::delete_measurement)),
                )
                .service(
                    web::resource("/targets/{code}/measurements/{year}/{quality}/approval")
                        .route(web::post().to(approval::step_one)),
                )
                .service(web::resource("/approvals").route(web::post().to(approval::step_year)))
                .service(web::resource("/imports").route(web::post().to(writes::import)))
                .service(get("/export.xlsx", export::export_xlsx))
                .service(get("/template.xlsx", export::template))
                .service(get("/locks", locks::list))
                .service(
                    web::resource("/locks/{year}")
                        .route(web::put().to(locks::lock))
                        .route(web::delete().to(locks::unlock)),
                ),
        );
}

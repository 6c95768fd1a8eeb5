//! The HTML pages: the dashboard, a target, a breakthrough task, the history (for everyone); the yearly entry
//! form and the import (statisticians); users and tokens (administrators); sign-in. Server-rendered (askama),
//! no JavaScript needed, Vietnamese first. Every page acts on the resolution its URL names (`?resolution=`).

mod admin;
mod approvals;
mod breakthrough;
mod cache;
mod catalog_edit;
mod catalog_form;
mod catalog_retire;
mod committee;
mod completeness;
mod dashboard;
mod entry;
mod history;
mod import;
mod locks;
mod login;
mod remove;
mod resolutions;
mod rows;
mod stylesheet;
mod target;
mod units;

use actix_web::web;

pub use cache::PageCache;
pub use dashboard::dashboard_html;
pub use stylesheet::stylesheet_text;

/// The year a page opens on when its address names none (see `Scope::default_year`).
async fn default_year(
    state: &crate::web::AppState,
    selection: &crate::app::scope::Scope,
) -> Result<i32, crate::web::AppError> {
    let chosen = selection.clone();
    state.with_conn(move |conn| chosen.default_year(conn)).await
}

/// A resource answering GET with `read` and POST with `write`; other methods get 405.
fn page<R, W, RA, WA>(path: &str, read: R, write: W) -> actix_web::Resource
where
    R: actix_web::Handler<RA>,
    RA: actix_web::FromRequest + 'static,
    R::Output: actix_web::Responder + 'static,
    W: actix_web::Handler<WA>,
    WA: actix_web::FromRequest + 'static,
    W::Output: actix_web::Responder + 'static,
{
    web::resource(path)
        .route(web::get().to(read))
        .route(web::post().to(write))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    use web::{get, post, resource};
    cfg.service(resource("/").route(get().to(dashboard::dashboard)))
        .service(resource("/targets/{code}").route(get().to(target::target)))
        .service(resource("/resolutions").route(get().to(resolutions::resolutions)))
        .service(resource("/units").route(get().to(units::units)))
        .service(resource("/completeness").route(get().to(completeness::current)))
        .service(resource("/completeness/{year}").route(get().to(completeness::completeness_page)))
        .service(resource("/units/{code}").route(get().to(units::unit)))
        .service(resource("/targets/{code}/assessments").route(post().to(committee::record)))
        .service(resource("/breakthroughs/{code}").route(get().to(breakthrough::breakthrough)))
        .service(
            resource("/breakthroughs/{code}/assessments").route(post().to(breakthrough::record)),
        )
        .service(resource("/static/style.css").route(get().to(stylesheet::stylesheet)))
        .service(page("/login", login::login_form, login::login))
        .service(resource("/logout").route(post().to(login::logout)))
        .service(resource("/history").route(get().to(history::history)))
        .service(resource("/entry").route(get().to(entry::current)))
        .service(page("/entry/{year}", entry::form, entry::save))
        .service(page(
            "/entry/{year}/remove",
            remove::confirm,
            remove::remove,
        ))
        .service(page("/import", import::form, import::upload))
        .service(page("/approvals", approvals::queue, approvals::step))
        .service(page("/admin/users", admin::users, admin::add_user))
        .service(resource("/admin/locks").route(get().to(locks::locks)))
        .service(resource("/admin/locks/{year}").route(post().to(locks::change)))
        .service(resource("/admin/catalog").route(get().to(catalog_form::catalog)))
        .service(page(
            "/admin/catalog/new/{kind}",
            catalog_form::new_form,
            catalog_form::add,
        ))
        .service(page(
            "/admin/catalog/edit/{kind}/{code}",
            catalog_form::edit_form,
            catalog_form::correct,
        ))
        .service(
            resource("/admin/catalog/retire/{kind}/{code}")
                .route(post().to(catalog_retire::retire)),
        )
        .service(page(
            "/admin/catalog/targets/{code}",
            catalog_edit::target_form,
            catalog_edit::correct,
        ))
        .service(resource("/admin/users/{name}/role").route(post().to(admin::set_role)))
        .service(resource("/admin/users/{name}/disable").route(post().to(admin::disable)))
        .service(resource("/admin/users/{name}/enable").route(post().to(admin::enable)))
        .service(resource("/admin/users/{name}/password").route(post().to(admin::reset_password)))
        .service(resource("/admin/tokens").route(post().to(admin::create_token)))
        .service(resource("/admin/tokens/{id}/revoke").route(post().to(admin::revoke_token)));
}

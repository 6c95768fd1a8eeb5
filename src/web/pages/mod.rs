//! The HTML pages for leaders: the dashboard, a target, a breakthrough task. Server-rendered (askama), no
//! JavaScript needed, Vietnamese first.

mod admin;
mod breakthrough;
mod cache;
mod dashboard;
mod entry;
mod frame;
mod history;
mod import;
mod labels;
mod login;
mod rows;
mod target;

use actix_web::web;

pub use cache::PageCache;
pub use dashboard::dashboard_html;
pub use frame::{reader_lang, PageError, PageQuery, LANG_COOKIE};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/").route(web::get().to(dashboard::dashboard)))
        .service(web::resource("/targets/{code}").route(web::get().to(target::target)))
        .service(
            web::resource("/breakthroughs/{code}").route(web::get().to(breakthrough::breakthrough)),
        )
        .service(
            web::resource("/breakthroughs/{code}/assessments")
                .route(web::post().to(breakthrough::record)),
        )
        .service(web::resource("/static/style.css").route(web::get().to(frame::stylesheet)))
        .service(
            web::resource("/login")
                .route(web::get().to(login::login_form))
                .route(web::post().to(login::login)),
        )
        .service(web::resource("/logout").route(web::post().to(login::logout)))
        .service(web::resource("/history").route(web::get().to(history::history)))
        .service(web::resource("/entry").route(web::get().to(entry::current)))
        .service(
            web::resource("/entry/{year}")
                .route(web::get().to(entry::form))
                .route(web::post().to(entry::save)),
        )
        .service(
            web::resource("/import")
                .route(web::get().to(import::form))
                .route(web::post().to(import::upload)),
        )
        .service(
            web::resource("/admin/users")
                .route(web::get().to(admin::users))
                .route(web::post().to(admin::add_user)),
        )
        .service(web::resource("/admin/users/{name}/role").route(web::post().to(admin::set_role)))
        .service(web::resource("/admin/users/{name}/disable").route(web::post().to(admin::disable)))
        .service(web::resource("/admin/users/{name}/enable").route(web::post().to(admin::enable)))
        .service(
            web::resource("/admin/users/{name}/password")
                .route(web::post().to(admin::reset_password)),
        )
        .service(web::resource("/admin/tokens").route(web::post().to(admin::create_token)))
        .service(
            web::resource("/admin/tokens/{id}/revoke").route(web::post().to(admin::revoke_token)),
        );
}

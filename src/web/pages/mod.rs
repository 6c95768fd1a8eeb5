//! The HTML pages for leaders: the dashboard, a target, a breakthrough task. Server-rendered (askama), no
//! JavaScript needed, Vietnamese first.

mod breakthrough;
mod cache;
mod dashboard;
mod frame;
mod labels;
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
        .service(web::resource("/static/style.css").route(web::get().to(frame::stylesheet)));
}

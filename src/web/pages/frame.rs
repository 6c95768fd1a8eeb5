//! What every page shares: the reader's language (from `?lang=`, remembered in a cookie), the frame around the
//! content, HTML errors in that language, and the stylesheet.

use std::fmt;

use actix_web::cookie::{time::Duration, Cookie, SameSite};
use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use askama::Template;
use serde::Deserialize;

use super::labels::{labels, Labels};
use crate::domain::wording::Lang;
use crate::storage::StoredCatalog;
use crate::web::ApiError;

pub const LANG_COOKIE: &str = "lang";

/// The query every page takes.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PageQuery {
    pub lang: Option<String>,
    pub as_of: Option<String>,
    pub resolution: Option<String>,
}

/// The reader's language and whether the choice is new (then the cookie is set).
pub fn page_lang(req: &HttpRequest, query: &PageQuery) -> Result<(Lang, bool), PageError> {
    if let Some(text) = &query.lang {
        let lang = Lang::parse(text).ok_or_else(|| {
            PageError::new(
                StatusCode::BAD_REQUEST,
                Lang::Vi,
                "Ngôn ngữ phải là vi hoặc en (language must be vi or en).",
            )
        })?;
        return Ok((lang, true));
    }
    Ok((reader_lang(req), false))
}

/// The language the reader chose before (the cookie), else Vietnamese.
pub fn reader_lang(req: &HttpRequest) -> Lang {
    req.cookie(LANG_COOKIE)
        .and_then(|c| Lang::parse(c.value()))
        .unwrap_or_default()
}

/// The signed-in user, as the header shows them (with the session's CSRF token for the sign-out form).
pub struct SignedIn {
    pub name: String,
    pub is_admin: bool,
    pub can_enter: bool,
    pub csrf: String,
}

/// The frame around every page's content.
pub struct Frame {
    pub l: &'static Labels,
    pub page_title: String,
    /// This page in the other language.
    pub switch_href: String,
    pub user: Option<SignedIn>,
}

impl Frame {
    pub fn new(lang: Lang, page_title: String, path: &str, query: &PageQuery) -> Frame {
        let l = labels(lang);
        let mut href = format!("{path}?lang={}", l.other_lang);
        if let Some(as_of) = &query.as_of {
            href.push_str(&format!("&as_of={}", crate::web::auth::urlencode(as_of)));
        }
        Frame {
            l,
            page_title,
            switch_href: href,
            user: None,
        }
    }

    /// Shows who is signed in (pages with a user are never cached).
    pub fn with_user(mut self, identity: Option<&crate::storage::accounts::Identity>) -> Frame {
        self.user = identity.map(|i| SignedIn {
            name: i.name.clone(),
            is_admin: i.role == crate::domain::account::Role::Admin,
            can_enter: i.role >= crate::domain::account::Role::Statistician,
            csrf: i.csrf.clone().unwrap_or_default(),
        });
        self
    }
}

/// Keeps the reader's choice of year on links between pages.
pub fn with_as_of(path: &str, query: &PageQuery) -> String {
    match &query.as_of {
        Some(as_of) => format!("{path}?as_of={}", crate::web::auth::urlencode(as_of)),
        None => path.to_string(),
    }
}

/// The assessment year of a page: `?as_of=` checked against the resolution's term, in the reader's language.
pub fn page_as_of(query: &PageQuery, stored: &StoredCatalog, lang: Lang) -> Result<i32, PageError> {
    let r = &stored.catalog.resolution;
    let Some(text) = query.as_of.as_deref().map(str::trim) else {
        return Ok(crate::web::api::current_year());
    };
    let (first, last) = (r.baseline_year, r.goal_year + 10);
    match crate::domain::measurement::parse_year(text) {
        Some(year) if (first..=last).contains(&year) => Ok(year),
        _ => Err(PageError::new(
            StatusCode::BAD_REQUEST,
            lang,
            match lang {
                Lang::Vi => format!("Năm đánh giá (as_of) phải là một năm từ {first} đến {last}."),
                Lang::En => {
                    format!("The assessment year (as_of) must be a year from {first} to {last}.")
                }
            },
        )),
    }
}

/// Runs a page's database work on the pool; not reaching the database becomes an error page in the reader's
/// language.
pub async fn page_conn<T, F>(
    state: &crate::web::AppState,
    lang: Lang,
    work: F,
) -> Result<T, PageError>
where
    T: Send + 'static,
    F: FnOnce(&mut crate::storage::DbConnection) -> Result<T, PageError> + Send + 'static,
{
    state
        .with_conn(move |conn| Ok(work(conn)))
        .await
        .map_err(|e| PageError::from_api(e, lang))?
}

/// A finished page: HTML, and the language cookie when the reader just chose one.
pub fn html(body: impl Into<actix_web::web::Bytes>, lang: Lang, remember: bool) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response.content_type("text/html; charset=utf-8");
    if remember {
        let cookie = Cookie::build(LANG_COOKIE, lang.as_str())
            .path("/")
            .max_age(Duration::days(365))
            .same_site(SameSite::Lax)
            .http_only(true)
            .finish();
        response.cookie(cookie);
    }
    response.body(body.into())
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    frame: Frame,
    heading: &'static str,
    message: String,
}

/// An error shown as a page in the reader's language.
#[derive(Debug)]
pub struct PageError {
    pub status: StatusCode,
    pub lang: Lang,
    pub message: String,
}

impl PageError {
    pub fn new(status: StatusCode, lang: Lang, message: impl Into<String>) -> Self {
        PageError {
            status,
            lang,
            message: message.into(),
        }
    }

    /// The page for an error status that has no message of its own (unknown page, wrong method).
    pub fn for_status(status: StatusCode, lang: Lang) -> Self {
        let l = labels(lang);
        let message = if status == StatusCode::NOT_FOUND {
            l.not_found_text
        } else {
            l.bad_request
        };
        PageError::new(status, lang, message)
    }

    pub fn not_found(lang: Lang) -> Self {
        PageError::new(StatusCode::NOT_FOUND, lang, labels(lang).not_found_text)
    }

    /// An API-side failure on a page: its status, and a message in the reader's language where one is known.
    pub fn from_api(e: ApiError, lang: Lang) -> Self {
        let message = if e.status == StatusCode::NOT_FOUND {
            labels(lang).not_found_text.to_string()
        } else {
            e.message
        };
        PageError::new(e.status, lang, message)
    }
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.message)
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let l = labels(self.lang);
        let heading = match self.status {
            StatusCode::NOT_FOUND => l.not_found,
            s if s.is_client_error() => l.bad_request,
            _ => l.not_found,
        };
        let page = ErrorPage {
            frame: Frame {
                l,
                page_title: heading.to_string(),
                switch_href: format!("/?lang={}", l.other_lang),
                user: None,
            },
            heading,
            message: self.message.clone(),
        };
        let body = page.render().unwrap_or_else(|_| self.message.clone());
        HttpResponse::build(self.status)
            .content_type("text/html; charset=utf-8")
            .body(body)
    }
}

pub fn render(page: &impl Template, lang: Lang) -> Result<String, PageError> {
    page.render().map_err(|e| {
        tracing::error!(error = %e, "template");
        PageError::new(StatusCode::INTERNAL_SERVER_ERROR, lang, "internal error")
    })
}

const STYLE: &str = include_str!("../../../assets/static/style.css");

pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(STYLE)
}

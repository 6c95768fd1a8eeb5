//! The frame around every page (site name, language switch, navigation, who is signed in) and a finished
//! page as an HTTP response.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;

use super::error::AppError;
use super::lang::Reader;
use super::links::{keeping, keeping_resolution, selection_parts, with_query};
use crate::app::accounts::Identity;
use crate::app::scope::Scope;
use crate::app::words::{labels, Labels};
use crate::domain::account::Role;

/// The signed-in user, as the header shows them (with the session's CSRF token for the sign-out form).
pub struct SignedIn {
    pub name: String,
    pub is_admin: bool,
    pub can_enter: bool,
    pub csrf: String,
}

/// The site's links, each keeping the reader's resolution.
pub struct Nav {
    pub overview: String,
    pub history: String,
    pub units: String,
    pub completeness: String,
    pub resolutions: String,
    pub entry: String,
    pub import: String,
    pub approvals: String,
}

/// One resolution of the header's switcher.
pub struct SwitchChoice {
    pub code: String,
    pub title: String,
    pub selected: bool,
}

pub struct Frame {
    pub l: &'static Labels,
    /// The header's resolution switcher: shown when the database holds more than one resolution.
    pub switcher: Vec<SwitchChoice>,
    pub page_title: String,
    /// This page in the other language.
    pub switch_href: String,
    pub nav: Nav,
    pub user: Option<SignedIn>,
    /// The office's time zone, said under lists of times ("Asia/Ho_Chi_Minh, UTC+07:00").
    pub zone: String,
}

impl Frame {
    /// The frame of the page at `path`, read with the reader's `selection` (kept on the language switch and the
    /// site's links).
    pub fn new(reader: Reader, page_title: String, path: &str, selection: &Scope) -> Frame {
        let l = labels(reader.lang);
        let mut switch = vec![format!("lang={}", l.other_lang)];
        switch.extend(selection_parts(selection));
        Frame {
            l,
            zone: crate::clock::zone_note(),
            switcher: Vec::new(),
            page_title,
            switch_href: with_query(path, &switch),
            nav: Nav {
                overview: keeping("/", selection),
                history: keeping_resolution("/history", selection),
                units: keeping("/units", selection),
                completeness: keeping_resolution("/completeness", selection),
                resolutions: keeping_resolution("/resolutions", selection),
                entry: keeping_resolution("/entry", selection),
                import: keeping_resolution("/import", selection),
                approvals: keeping_resolution("/approvals", selection),
            },
            user: None,
        }
    }

    /// Offers the stored resolutions in the header (when there is more than one), the selected one chosen.
    pub fn with_switcher(
        mut self,
        resolutions: &[crate::domain::Resolution],
        selection: &Scope,
    ) -> Frame {
        if resolutions.len() < 2 {
            return self;
        }
        let chosen = selection
            .resolution
            .as_deref()
            .or(resolutions.first().map(|r| r.code.as_str()));
        let lang = crate::domain::lang::Lang::parse(self.l.lang).unwrap_or_default();
        self.switcher = resolutions
            .iter()
            .map(|r| SwitchChoice {
                code: r.code.clone(),
                title: lang.pick(&r.title_vi, &r.title_en).to_string(),
                selected: Some(r.code.as_str()) == chosen,
            })
            .collect();
        self
    }

    /// Shows who is signed in (pages with a user are never cached).
    pub fn with_user(mut self, identity: Option<&Identity>) -> Frame {
        // A commune statistician's entry link opens their unit's form, in their resolution.
        if let Some(scope) = identity.and_then(|i| i.unit.as_ref()) {
            self.nav.entry = format!(
                "/entry?resolution={}&unit={}",
                crate::web::links::urlencode(&scope.resolution),
                crate::web::links::urlencode(&scope.unit)
            );
        }
        self.user = identity.map(|i| SignedIn {
            name: i.name.clone(),
            is_admin: i.role == Role::Admin,
            can_enter: i.role >= Role::Statistician,
            csrf: i.csrf.clone().unwrap_or_default(),
        });
        self
    }
}

/// A template's HTML; a template that fails is logged and answered as a server error.
pub fn render(page: &impl Template) -> Result<String, AppError> {
    page.render().map_err(|e| {
        tracing::error!(error = %e, "template");
        AppError::internal()
    })
}

/// A page's response: HTML with its status, and the language cookie when the reader just chose one.
pub fn html(
    status: StatusCode,
    body: impl Into<actix_web::web::Bytes>,
    reader: Reader,
) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    response.content_type("text/html; charset=utf-8");
    if let Some(cookie) = reader.cookie() {
        response.cookie(cookie);
    }
    response.body(body.into())
}

/// A page's response with 200.
pub fn page(body: impl Into<actix_web::web::Bytes>, reader: Reader) -> HttpResponse {
    html(StatusCode::OK, body, reader)
}

/// Sends the browser on to `location` after a write (303 See Other).
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, location.to_string()))
        .finish()
}

//! Who is reading which page: the reader's language, the resolution and year chosen in the URL, and the user
//! signed in (if any) — one extractor for read pages (`Visit`) and one for the pages that change something
//! (`Desk`, signed in).

use actix_web::{FromRequest, HttpRequest};

use super::error::AppError;
use super::frame::Frame;
use super::lang::Reader;
use crate::app::accounts::Identity;
use crate::app::scope::Scope;

/// A read page's request.
pub struct Visit {
    pub reader: Reader,
    pub selection: Scope,
    pub user: Option<Identity>,
    resolutions: Resolutions,
}

/// A signed-in user's request on a page that changes something.
pub struct Desk {
    pub reader: Reader,
    pub selection: Scope,
    pub me: Identity,
    resolutions: Resolutions,
}

/// The stored resolutions, for the header's switcher.
type Resolutions = std::sync::Arc<Vec<crate::domain::Resolution>>;

fn resolutions(req: &HttpRequest) -> Resolutions {
    req.app_data::<super::State>()
        .map(|state| state.pages.resolutions())
        .unwrap_or_default()
}

fn selection(req: &HttpRequest) -> Result<Scope, AppError> {
    actix_web::web::Query::<Scope>::from_query(req.query_string())
        .map(actix_web::web::Query::into_inner)
        .map_err(|e| AppError::bad_query(&e))
}

impl Visit {
    fn of(req: &HttpRequest) -> Result<Visit, AppError> {
        Ok(Visit {
            reader: Reader::of(req)?,
            selection: selection(req)?,
            user: super::auth::signed_in(req),
            resolutions: resolutions(req),
        })
    }

    /// The frame of this page, showing who is signed in.
    pub fn frame(&self, title: String, path: &str) -> Frame {
        Frame::new(self.reader, title, path, &self.selection)
            .with_user(self.user.as_ref())
            .with_switcher(&self.resolutions, &self.selection)
    }
}

impl Desk {
    fn of(req: &HttpRequest) -> Result<Desk, AppError> {
        let me = super::auth::signed_in(req).ok_or_else(super::auth::unauthorized)?;
        Ok(Desk {
            reader: Reader::of(req)?,
            selection: selection(req)?,
            me,
            resolutions: resolutions(req),
        })
    }

    /// The frame of this page, showing who is signed in.
    pub fn frame(&self, title: String, path: &str) -> Frame {
        Frame::new(self.reader, title, path, &self.selection)
            .with_user(Some(&self.me))
            .with_switcher(&self.resolutions, &self.selection)
    }

    /// The session's CSRF token, for the page's forms.
    pub fn csrf(&self) -> String {
        self.me.csrf.clone().unwrap_or_default()
    }

    /// A form this user sent, once its CSRF token is the session's (else refused).
    pub fn sent(
        &self,
        form: actix_web::web::Form<std::collections::HashMap<String, String>>,
    ) -> Result<std::collections::HashMap<String, String>, AppError> {
        let form = form.into_inner();
        super::auth::check_form_csrf(&self.me, form.get("csrf").map_or("", String::as_str))?;
        Ok(form)
    }

    /// This user writing by a page's form.
    pub fn writer(&self) -> crate::app::figures::Writer<'_> {
        crate::app::figures::Writer::of(&self.me, crate::domain::measurement::Channel::Form)
    }
}

impl From<Desk> for Visit {
    /// A signed-in user's write, read back as the page it shows.
    fn from(desk: Desk) -> Visit {
        Visit {
            reader: desk.reader,
            selection: desk.selection,
            user: Some(desk.me),
            resolutions: desk.resolutions,
        }
    }
}

impl FromRequest for Visit {
    type Error = AppError;
    type Future = std::future::Ready<Result<Visit, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(Visit::of(req))
    }
}

impl FromRequest for Desk {
    type Error = AppError;
    type Future = std::future::Ready<Result<Desk, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(Desk::of(req))
    }
}

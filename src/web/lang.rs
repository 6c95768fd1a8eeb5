//! The reader's language: `?lang=` on any page (remembered in a cookie from then on), else the cookie, else
//! Vietnamese.

use actix_web::cookie::{time::Duration, Cookie, SameSite};
use actix_web::{FromRequest, HttpRequest};
use serde::Deserialize;

use super::error::AppError;
use crate::domain::wording::Lang;

pub const LANG_COOKIE: &str = "lang";

/// The language a request is answered in, and whether the reader chose it just now (then it is remembered).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader {
    pub lang: Lang,
    pub chose: bool,
}

#[derive(Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

impl Reader {
    /// The reader of a request; a `?lang=` that is neither vi nor en is refused.
    pub fn of(req: &HttpRequest) -> Result<Reader, AppError> {
        let asked = actix_web::web::Query::<LangQuery>::from_query(req.query_string())
            .ok()
            .and_then(|q| q.into_inner().lang);
        match asked {
            Some(text) => Lang::parse(&text)
                .map(|lang| Reader { lang, chose: true })
                .ok_or_else(|| {
                    AppError::bad_field(
                        "lang",
                        "Ngôn ngữ phải là vi hoặc en (language must be vi or en).",
                        "must be vi or en",
                    )
                }),
            None => Ok(Reader {
                lang: remembered(req),
                chose: false,
            }),
        }
    }

    /// The reader of a request whatever its `?lang=` says (for error pages, which must always render).
    pub fn lenient(req: &HttpRequest) -> Reader {
        Reader::of(req).unwrap_or(Reader {
            lang: remembered(req),
            chose: false,
        })
    }

    /// The cookie that remembers the choice, when the reader made one just now.
    pub fn cookie(&self) -> Option<Cookie<'static>> {
        self.chose.then(|| {
            Cookie::build(LANG_COOKIE, self.lang.as_str())
                .path("/")
                .max_age(Duration::days(365))
                .same_site(SameSite::Lax)
                .http_only(true)
                .finish()
        })
    }
}

/// The language the reader chose before (the cookie), else Vietnamese.
fn remembered(req: &HttpRequest) -> Lang {
    req.cookie(LANG_COOKIE)
        .and_then(|c| Lang::parse(c.value()))
        .unwrap_or_default()
}

impl FromRequest for Reader {
    type Error = AppError;
    type Future = std::future::Ready<Result<Reader, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(Reader::of(req))
    }
}

//! `/login` and `/logout`: sessions for people. Failures are throttled per user name and per address, and every
//! sign-in, failure and lock-out is logged (never the password).

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app::scope::Scope;
use crate::app::signin;
use crate::app::words::{labels, Labels};
use crate::web::auth::{check_form_csrf, signed_in, SESSION_COOKIE};
use crate::web::frame::{html, render, see_other, Frame};
use crate::web::lang::Reader;
use crate::web::links::urlencode;
use crate::web::{Answer, AppError, State};

const LOGIN_CSRF_COOKIE: &str = "rt_login_csrf";

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    frame: Frame,
    csrf: String,
    next: String,
    name: String,
    error: Option<&'static str>,
}

#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
    csrf: String,
    #[serde(default)]
    next: String,
}

/// Only a path of this site, so a sign-in link cannot send anyone elsewhere: one `/` followed by anything but
/// `/` or `\`, with no backslash and no control character anywhere (browsers drop a tab or a line break, so
/// `/\t/evil.com` would read as `//evil.com`), and nothing is removed to make it pass. Anything else is `/`.
fn safe_next(next: &str) -> String {
    let safe = next.len() <= 2000
        && next.starts_with('/')
        && !next[1..].starts_with(['/', '\\'])
        && !next.chars().any(|c| c == '\\' || c.is_control());
    if safe {
        next.to_string()
    } else {
        "/".to_string()
    }
}

/// The sign-in form, with what was typed and why it is shown again.
struct Shown {
    status: StatusCode,
    name: String,
    next: String,
    error: Option<fn(&Labels) -> &'static str>,
}

impl Shown {
    fn again(status: StatusCode, form: LoginForm, error: fn(&Labels) -> &'static str) -> Shown {
        Shown {
            status,
            name: form.name,
            next: form.next,
            error: Some(error),
        }
    }
}

fn form_page(reader: Reader, shown: Shown) -> Answer {
    let l = labels(reader.lang);
    let csrf = signin::form_token()?;
    let next = safe_next(&shown.next);
    // The language switch keeps where the reader is going after signing in.
    let path = match next.as_str() {
        "/" => "/login".to_string(),
        next => format!("/login?next={}", urlencode(next)),
    };
    let body = render(&LoginPage {
        frame: Frame::new(reader, l.sign_in.to_string(), &path, &Scope::default()),
        csrf: csrf.clone(),
        next,
        name: shown.name,
        error: shown.error.map(|e| e(l)),
    })?;
    let cookie = Cookie::build(LOGIN_CSRF_COOKIE, csrf)
        .path("/login")
        .http_only(true)
        .same_site(SameSite::Strict)
        .finish();
    let mut response = html(shown.status, body, reader);
    response.add_cookie(&cookie).map_err(|e| {
        tracing::error!(error = %e, "login cookie");
        AppError::internal()
    })?;
    Ok(response)
}

pub async fn login_form(reader: Reader, query: web::Query<LoginQuery>) -> Answer {
    let next = query.into_inner().next.unwrap_or_default();
    form_page(
        reader,
        Shown {
            status: StatusCode::OK,
            name: String::new(),
            next,
            error: None,
        },
    )
}

pub async fn login(
    state: State,
    req: HttpRequest,
    reader: Reader,
    form: web::Form<LoginForm>,
) -> Answer {
    let form = form.into_inner();
    let expected = req.cookie(LOGIN_CSRF_COOKIE).map(|c| c.value().to_string());
    if expected.as_deref() != Some(form.csrf.as_str()) {
        let shown = Shown::again(StatusCode::FORBIDDEN, form, |l| l.stale_form);
        return form_page(reader, shown);
    }
    let address = state.auth.client_address(&req);
    let (name, password) = (form.name.clone(), form.password.clone());
    let auth = state.auth.clone();
    let signed = state
        .with_conn(move |conn| {
            let hours = auth.session_hours;
            signin::sign_in(conn, &auth.throttle, (&name, &password), &address, hours)
        })
        .await?;
    let session = match signed {
        Ok(session) => session,
        Err(refused) => {
            let (status, words): (_, fn(&Labels) -> &'static str) = match refused {
                signin::Refused::LockedOut => (StatusCode::TOO_MANY_REQUESTS, |l| l.locked_out),
                signin::Refused::Wrong => (StatusCode::UNAUTHORIZED, |l| l.wrong_login),
            };
            return form_page(reader, Shown::again(status, form, words));
        }
    };
    let token = session.token;
    let mut response = see_other(&safe_next(&form.next));
    response
        .add_cookie(&state.auth.session_cookie(token))
        .map_err(|e| {
            tracing::error!(error = %e, "session cookie");
            AppError::internal()
        })?;
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct LogoutForm {
    csrf: String,
}

pub async fn logout(state: State, req: HttpRequest, form: web::Form<LogoutForm>) -> Answer {
    if let (Some(identity), Some(token)) = (signed_in(&req), state.auth.session_token(&req)) {
        check_form_csrf(&identity, &form.csrf)?;
        state
            .with_conn(move |conn| signin::sign_out(conn, &token))
            .await?;
        tracing::info!(user = %identity.name, "signed out");
    }
    let mut gone = Cookie::build(SESSION_COOKIE, "").path("/").finish();
    gone.make_removal();
    Ok(HttpResponse::SeeOther()
        .cookie(gone)
        .insert_header((header::LOCATION, "/"))
        .finish())
}

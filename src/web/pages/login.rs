//! `/login` and `/logout`: sessions for people. Failures are throttled per user name and per address, and every
//! sign-in, failure and lock-out is logged (never the password).

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::frame::{reader_lang, render, Frame, PageError, PageQuery};
use super::labels::labels;
use crate::domain::text::excerpt;
use crate::storage::accounts;
use crate::web::auth::throttle::SignInKeys;
use crate::web::auth::{check_form_csrf, signed_in, SESSION_COOKIE};
use crate::web::AppState;

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
    #[serde(flatten)]
    page: PageQuery,
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

fn form_page(
    req: &HttpRequest,
    status: StatusCode,
    name: String,
    next: String,
    error: Option<&'static str>,
) -> Result<HttpResponse, PageError> {
    let lang = reader_lang(req);
    let csrf = accounts::random_hex(16).map_err(|e| PageError::from_api(e.into(), lang))?;
    let page = LoginPage {
        frame: Frame::new(
            lang,
            labels(lang).sign_in.to_string(),
            "/login",
            &PageQuery::default(),
        ),
        csrf: csrf.clone(),
        next: safe_next(&next),
        name,
        error,
    };
    let body = render(&page, lang)?;
    let cookie = Cookie::build(LOGIN_CSRF_COOKIE, csrf)
        .path("/login")
        .http_only(true)
        .same_site(SameSite::Strict)
        .finish();
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .cookie(cookie)
        .body(body))
}

pub async fn login_form(
    req: HttpRequest,
    query: web::Query<LoginQuery>,
) -> Result<HttpResponse, PageError> {
    let query = query.into_inner();
    let _ = query.page;
    form_page(
        &req,
        StatusCode::OK,
        String::new(),
        query.next.unwrap_or_default(),
        None,
    )
}

pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, PageError> {
    let form = form.into_inner();
    let lang = reader_lang(&req);
    let l = labels(lang);
    let expected = req.cookie(LOGIN_CSRF_COOKIE).map(|c| c.value().to_string());
    if expected.as_deref() != Some(form.csrf.as_str()) {
        return form_page(
            &req,
            StatusCode::FORBIDDEN,
            form.name,
            form.next,
            Some(l.stale_form),
        );
    }
    let address = state.auth.client_address(&req);
    let keys = SignInKeys::new(&form.name, &address);
    // The name as typed goes to the log quoted and cut, so it can neither forge log lines nor fill the log.
    let user = excerpt(&form.name, 64);
    let throttle = &state.auth.throttle;
    if throttle.locked(&keys) {
        tracing::warn!(user = ?user, %address, "sign-in refused: locked out");
        return form_page(
            &req,
            StatusCode::TOO_MANY_REQUESTS,
            form.name,
            form.next,
            Some(l.locked_out),
        );
    }
    let (name, password) = (form.name.clone(), form.password);
    let hours = state.auth.session_hours;
    let session = state
        .with_conn(move |conn| {
            let Some(user) = accounts::verify_login(conn, &name, &password)? else {
                return Ok(None);
            };
            Ok(Some(accounts::create_session(conn, user.id, hours)?))
        })
        .await
        .map_err(|e| PageError::from_api(e, lang))?;
    let Some((token, _csrf)) = session else {
        let locked = throttle.fail(&keys);
        tracing::warn!(user = ?user, %address, "sign-in failed");
        if locked {
            tracing::warn!(user = ?user, %address, "sign-in locked out for 15 minutes");
        }
        return form_page(
            &req,
            StatusCode::UNAUTHORIZED,
            form.name,
            form.next,
            Some(l.wrong_login),
        );
    };
    throttle.succeed(&keys);
    tracing::info!(user = ?user, %address, "signed in");
    Ok(HttpResponse::SeeOther()
        .cookie(state.auth.session_cookie(token))
        .insert_header((header::LOCATION, safe_next(&form.next)))
        .finish())
}

#[derive(Debug, Deserialize)]
pub struct LogoutForm {
    csrf: String,
}

pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<LogoutForm>,
) -> Result<HttpResponse, PageError> {
    let lang = reader_lang(&req);
    if let (Some(identity), Some(token)) = (signed_in(&req), state.auth.session_token(&req)) {
        check_form_csrf(&identity, &form.csrf).map_err(|e| PageError::from_api(e, lang))?;
        state
            .with_conn(move |conn| Ok(accounts::end_session(conn, &token)?))
            .await
            .map_err(|e| PageError::from_api(e, lang))?;
        tracing::info!(user = %identity.name, "signed out");
    }
    let mut gone = Cookie::build(SESSION_COOKIE, "").path("/").finish();
    gone.make_removal();
    Ok(HttpResponse::SeeOther()
        .cookie(gone)
        .insert_header((header::LOCATION, "/"))
        .finish())
}

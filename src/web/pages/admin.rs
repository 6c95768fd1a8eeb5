//! `/admin/users`: users, roles, passwords and API tokens, for administrators. Every form carries the session's
//! CSRF token; a new API token is shown once.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::frame::{reader_lang, render, Frame, PageError, PageQuery};
use super::labels::{labels, Labels};
use crate::domain::account::Role;
use crate::domain::wording::Lang;
use crate::storage::accounts::{self, AccountError, Identity};
use crate::web::auth::{check_form_csrf, Caller};
use crate::web::AppState;

pub struct UserRow {
    pub name: String,
    pub role: &'static str,
    pub disabled: bool,
    pub is_me: bool,
}

pub struct TokenRow {
    pub id: i32,
    pub user: String,
    pub label: String,
    pub created: String,
    pub revoked: bool,
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    frame: Frame,
    csrf: String,
    users: Vec<UserRow>,
    tokens: Vec<TokenRow>,
    roles: Vec<(&'static str, &'static str)>,
    message: Option<&'static str>,
    error: Option<String>,
    new_token: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct AdminQuery {
    saved: Option<String>,
}

async fn page(
    state: &AppState,
    me: &Identity,
    lang: Lang,
    status: StatusCode,
    message: Option<&'static str>,
    error: Option<String>,
    new_token: Option<String>,
) -> Result<HttpResponse, PageError> {
    let (users, tokens) = state
        .with_conn(|conn| Ok((accounts::list_users(conn)?, accounts::list_tokens(conn)?)))
        .await
        .map_err(|e| PageError::from_api(e, lang))?;
    let l = labels(lang);
    let page = AdminPage {
        frame: Frame::new(
            lang,
            l.manage_users.to_string(),
            "/admin/users",
            &PageQuery::default(),
        )
        .with_user(Some(me)),
        csrf: me.csrf.clone().unwrap_or_default(),
        users: users
            .into_iter()
            .map(|u| UserRow {
                is_me: u.id == me.user_id,
                role: u.role.as_str(),
                disabled: u.disabled,
                name: u.name,
            })
            .collect(),
        tokens: tokens
            .into_iter()
            .map(|t| TokenRow {
                id: t.id,
                user: t.user,
                label: t.label,
                created: t.created_at.format("%Y-%m-%d %H:%M").to_string(),
                revoked: t.revoked,
            })
            .collect(),
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str(), lang.pick(r.label_vi(), r.label_en())))
            .collect(),
        message,
        error,
        new_token,
    };
    let body = render(&page, lang)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}

pub async fn users(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<AdminQuery>,
    Caller(me): Caller,
) -> Result<HttpResponse, PageError> {
    let lang = reader_lang(&req);
    let message = query.saved.as_ref().map(|_| labels(lang).saved);
    page(&state, &me, lang, StatusCode::OK, message, None, None).await
}

fn account_message(e: &AccountError, l: &Labels, lang: Lang) -> String {
    match e {
        AccountError::Invalid(problem) => match lang {
            Lang::Vi => problem.message_vi(),
            Lang::En => problem.message_en(),
        },
        AccountError::NameTaken(_) => l.name_taken.to_string(),
        AccountError::NoSuchUser(_) => l.no_such_user.to_string(),
        other => other.to_string(),
    }
}

fn saved() -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/admin/users?saved=1"))
        .finish()
}

/// Runs an account change and answers with the page: saved, or the problem in the reader's language.
async fn change<F>(
    state: &AppState,
    me: &Identity,
    req: &HttpRequest,
    csrf: &str,
    work: F,
) -> Result<HttpResponse, PageError>
where
    F: FnOnce(&mut crate::storage::DbConnection) -> Result<(), AccountError> + Send + 'static,
{
    let lang = reader_lang(req);
    check_form_csrf(me, csrf)
        .map_err(|_| PageError::new(StatusCode::FORBIDDEN, lang, labels(lang).stale_form))?;
    let result = state
        .with_conn(move |conn| Ok(work(conn)))
        .await
        .map_err(|e| PageError::from_api(e, lang))?;
    match result {
        Ok(()) => Ok(saved()),
        Err(e) => {
            let message = account_message(&e, labels(lang), lang);
            page(
                state,
                me,
                lang,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(message),
                None,
            )
            .await
        }
    }
}

fn parse_role(text: &str) -> Result<Role, AccountError> {
    Role::parse(text).ok_or(AccountError::Invalid(
        crate::domain::account::AccountProblem::BadName,
    ))
}

#[derive(Debug, Deserialize)]
pub struct AddUser {
    csrf: String,
    name: String,
    role: String,
    password: String,
}

pub async fn add_user(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<AddUser>,
    Caller(me): Caller,
) -> Result<HttpResponse, PageError> {
    let form = form.into_inner();
    let by = me.name.clone();
    change(&state, &me, &req, &form.csrf, move |conn| {
        let role = parse_role(&form.role)?;
        accounts::create_user(conn, form.name.trim(), &form.password, role)?;
        tracing::info!(user = %form.name, %role, by = %by, "user added");
        Ok(())
    })
    .await
}

#[derive(Debug, Deserialize)]
pub struct RoleForm {
    csrf: String,
    role: String,
}

pub async fn set_role(
    state: web::Data<AppState>,
    req: HttpRequest,
    name: web::Path<String>,
    form: web::Form<RoleForm>,
    Caller(me): Caller,
) -> Result<HttpResponse, PageError> {
    let (name, form) = (name.into_inner(), form.into_inner());
    let mine = name == me.name;
    change(&state, &me, &req, &form.csrf, move |conn| {
        let role = parse_role(&form.role)?;
        if mine && role != Role::Admin {
            return Err(AccountError::Invalid(
                crate::domain::account::AccountProblem::OwnAccount,
            ));
        }
        accounts::set_role(conn, &name, role)
    })
    .await
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn disable(
    state: web::Data<AppState>,
    req: HttpRequest,
    name: web::Path<String>,
    form: web::Form<CsrfForm>,
    Caller(me): Caller,
) -> Result<HttpResponse, PageError> {
    let name = name.into_inner();
    let mine = name == me.name;
    change(&state, &me, &req, &form.csrf, move |conn| {
        if mine {
            return Err(AccountError::Invalid(
                crate::domain::account::AccountProblem::OwnAccount,
            ));
        }
        accounts::set_disabled(conn, &name, true)
    })
    .await
}

pub async fn enable(
    state: web::Data<AppState>,
    req: HttpRequest,
    name: web::Path<String>,
    form: web::Form<CsrfForm>,
    Caller(me): Caller,
) -> Result<HttpResponse, PageError> {
    let name = name.into_inner();
    change(&state, &me, &req, &form.csrf, move |conn| {
        accounts::set_disabled(conn, &name, false)
    })
    .await
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    csrf: String,
    password: String,
}

pub async fn reset_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    name: web::Path<String>,
    form: web::Form<PasswordForm>,
    Caller(me): Caller,
) -> Result<HttpResponse, PageError> {
    let (name, form) = (name.into_inner(), form.into_inner());
    change(&state, &me, &req, &form.csrf, move |conn| {
        accounts::set_password(conn, &name, &form.password)
    })
    .await
}

#[derive(Debug, Deserialize)]
pub struct TokenForm {
    csrf: String,
    user: String,
    label: String,
}

pub async fn create_token(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<TokenForm>,
    Caller(me): Caller,
) -> Result<HttpResponse, PageError> {
    let lang = reader_lang(&req);
    let form = form.into_inner();
    check_form_csrf(&me, &form.csrf)
        .map_err(|_| PageError::new(StatusCode::FORBIDDEN, lang, labels(lang).stale_form))?;
    let label = if form.label.trim().is_empty() {
        "admin".to_string()
    } else {
        form.label.trim().to_string()
    };
    let user = form.user.clone();
    let result = state
        .with_conn(move |conn| Ok(accounts::create_token(conn, &user, &label)))
        .await
        .map_err(|e| PageError::from_api(e, lang))?;
    match result {
        Ok(token) => {
            tracing::info!(user = %form.user, by = %me.name, "API token created");
            page(&state, &me, lang, StatusCode::OK, None, None, Some(token)).await
        }
        Err(e) => {
            let message = account_message(&e, labels(lang), lang);
            page(
                &state,
                &me,
                lang,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(message),
                None,
            )
            .await
        }
    }
}

pub async fn revoke_token(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    form: web::Form<CsrfForm>,
    Caller(me): Caller,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    change(&state, &me, &req, &form.csrf, move |conn| {
        accounts::revoke_token(conn, id)?;
        Ok(())
    })
    .await
}

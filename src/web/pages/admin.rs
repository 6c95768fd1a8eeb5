//! `/admin/users`: users, roles, passwords and API tokens, for administrators. Every form carries the session's
//! CSRF token; a new API token is shown once.

use crate::domain::lang::Explained;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app::accounts::{self, AccountError};
use crate::app::words::labels;
use crate::domain::account::{AccountProblem, Role};
use crate::domain::wording::Lang;
use crate::web::auth::check_form_csrf;
use crate::web::frame::{html, render, see_other, Frame};
use crate::web::visit::Desk;
use crate::web::{Answer, AppError, AppState, Segment, State};

pub struct UserRow {
    pub name: String,
    pub role: &'static str,
    pub disabled: bool,
    pub is_me: bool,
    /// The unit a commune statistician writes for, empty for the whole area.
    pub unit: String,
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

/// What the page says above the lists: nothing, saved, a problem, or a new token (shown once).
enum Notice {
    None,
    Saved,
    Problem(String),
    NewToken(String),
}

async fn page(state: &AppState, desk: &Desk, notice: Notice) -> Answer {
    let (me, reader) = (&desk.me, desk.reader);
    let (users, tokens) = state.with_conn(accounts::users_and_tokens).await?;
    let (lang, l) = (reader.lang, labels(reader.lang));
    let status = match notice {
        Notice::Problem(_) => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::OK,
    };
    let (message, error, new_token) = match notice {
        Notice::None => (None, None, None),
        Notice::Saved => (Some(l.saved), None, None),
        Notice::Problem(text) => (None, Some(text), None),
        Notice::NewToken(token) => (None, None, Some(token)),
    };
    let title = l.manage_users.to_string();
    let body = render(&AdminPage {
        frame: desk.frame(title, "/admin/users"),
        csrf: desk.csrf(),
        users: users
            .into_iter()
            .map(|u| UserRow {
                is_me: u.id == me.user_id,
                role: u.role.as_str(),
                disabled: u.disabled,
                unit: match (u.unit, u.agency) {
                    (Some(unit), _) => unit.to_string(),
                    (None, Some(agency)) => format!("{}: {agency}", labels(lang).agency_word),
                    (None, None) => String::new(),
                },
                name: u.name,
            })
            .collect(),
        tokens: tokens
            .into_iter()
            .map(|t| TokenRow {
                id: t.id,
                user: t.user,
                label: t.label,
                created: crate::clock::shown(t.created_at),
                revoked: t.revoked,
            })
            .collect(),
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str(), r.label(lang)))
            .collect(),
        message,
        error,
        new_token,
    })?;
    Ok(html(status, body, reader))
}

pub async fn users(state: State, desk: Desk, query: web::Query<AdminQuery>) -> Answer {
    let notice = match query.saved {
        Some(_) => Notice::Saved,
        None => Notice::None,
    };
    page(&state, &desk, notice).await
}

/// An account problem in the reader's language; a failure of the database is the server's.
fn account_problem(e: AccountError, lang: Lang) -> Result<String, AppError> {
    let l = labels(lang);
    match e {
        AccountError::Invalid(problem) => Ok(problem.message(lang)),
        AccountError::NameTaken(_) => Ok(l.name_taken.to_string()),
        AccountError::NoSuchUser(_) => Ok(l.no_such_user.to_string()),
        AccountError::ScopeNeedsStatistician(_) => Ok(l.scope_needs_statistician.to_string()),
        AccountError::UnknownUnit(code) => Ok(format!("{}: {code}", l.unknown_unit_code)),
        AccountError::AmbiguousUnit { unit, resolutions } => {
            Ok(format!("{} ({unit}: {resolutions})", l.ambiguous_unit_code))
        }
        AccountError::UnknownAgency(code) => Ok(format!("{}: {code}", l.unknown_agency_code)),
        AccountError::TwoScopes => Ok(l.two_scopes.to_string()),
        AccountError::Storage(e) => Err(e.into()),
        AccountError::Hash(e) => {
            tracing::error!(error = %e, "password hashing");
            Err(AppError::internal())
        }
    }
}

/// Runs an account change and answers with the page: saved, or the problem in the reader's language.
async fn change<F>(
    state: &AppState,
    desk: &Desk,
    csrf: &str,
    work: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut crate::app::DbConnection) -> Result<(), AccountError> + Send + 'static,
{
    check_form_csrf(&desk.me, csrf)?;
    match state.with_conn(move |conn| Ok(work(conn))).await? {
        Ok(()) => Ok(see_other("/admin/users?saved=1")),
        Err(e) => {
            let problem = account_problem(e, desk.reader.lang)?;
            page(state, desk, Notice::Problem(problem)).await
        }
    }
}

fn parse_role(text: &str) -> Result<Role, AccountError> {
    Role::parse(text).ok_or(AccountError::Invalid(AccountProblem::UnknownRole))
}

#[derive(Debug, Deserialize)]
pub struct AddUser {
    csrf: String,
    name: String,
    role: String,
    password: String,
    /// A commune statistician's unit (empty: the whole area).
    #[serde(default)]
    unit: String,
    #[serde(default)]
    agency: String,
}

pub async fn add_user(state: State, desk: Desk, form: web::Form<AddUser>) -> Answer {
    let form = form.into_inner();
    let by = desk.me.name.clone();
    change(&state, &desk, &form.csrf, move |conn| {
        let role = parse_role(&form.role)?;
        let unit = Some(form.unit.trim()).filter(|u| !u.is_empty());
        let agency = Some(form.agency.trim()).filter(|a| !a.is_empty());
        accounts::add_user(conn, form.name.trim(), &form.password, role, (unit, agency))?;
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
    state: State,
    desk: Desk,
    name: Segment,
    form: web::Form<RoleForm>,
) -> Answer {
    let mine = not_mine(&desk, &name);
    let (name, form) = (name.into_inner(), form.into_inner());
    change(&state, &desk, &form.csrf, move |conn| {
        let role = parse_role(&form.role)?;
        if role != Role::Admin {
            mine?;
        }
        accounts::set_role(conn, &name, role)
    })
    .await
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

/// An administrator may not lock themselves out (nobody would be left to undo it).
fn not_mine(desk: &Desk, name: &str) -> Result<(), AccountError> {
    match name == desk.me.name {
        true => Err(AccountError::Invalid(AccountProblem::OwnAccount)),
        false => Ok(()),
    }
}

pub async fn disable(state: State, desk: Desk, name: Segment, form: web::Form<CsrfForm>) -> Answer {
    let mine = not_mine(&desk, &name);
    let name = name.into_inner();
    change(&state, &desk, &form.csrf, move |conn| {
        mine?;
        accounts::set_disabled(conn, &name, true)
    })
    .await
}

pub async fn enable(state: State, desk: Desk, name: Segment, form: web::Form<CsrfForm>) -> Answer {
    let name = name.into_inner();
    change(&state, &desk, &form.csrf, move |conn| {
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
    state: State,
    desk: Desk,
    name: Segment,
    form: web::Form<PasswordForm>,
) -> Answer {
    let (name, form) = (name.into_inner(), form.into_inner());
    change(&state, &desk, &form.csrf, move |conn| {
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

pub async fn create_token(state: State, desk: Desk, form: web::Form<TokenForm>) -> Answer {
    let form = form.into_inner();
    check_form_csrf(&desk.me, &form.csrf)?;
    let label = match form.label.trim() {
        "" => "admin".to_string(),
        label => label.to_string(),
    };
    let user = form.user.clone();
    let result = state
        .with_conn(move |conn| Ok(accounts::create_token(conn, &user, &label)))
        .await?;
    let notice = match result {
        Ok(token) => {
            tracing::info!(user = %form.user, by = %desk.me.name, "API token created");
            Notice::NewToken(token)
        }
        Err(e) => Notice::Problem(account_problem(e, desk.reader.lang)?),
    };
    page(&state, &desk, notice).await
}

pub async fn revoke_token(
    state: State,
    desk: Desk,
    id: web::Path<i32>,
    form: web::Form<CsrfForm>,
) -> Answer {
    let id = id.into_inner();
    change(&state, &desk, &form.csrf, move |conn| {
        accounts::revoke_token(conn, id)?;
        Ok(())
    })
    .await
}

//! Who is asking, and may they: sessions (signed cookie) and API tokens (`Authorization: Bearer`), one access
//! table for every route that changes something, security headers on every response.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::cookie::{Cookie, CookieJar, Key, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest, HttpResponse};

pub use crate::app::throttle::Throttle;

use crate::app::accounts::Identity;
use crate::app::signin;
use crate::domain::account::{Role, UnitScope};
use crate::web::links::urlencode;
use crate::web::reply::{is_api_path, wants_json};
use crate::web::{AppError, AppState, ErrorCode};

pub const SESSION_COOKIE: &str = "rt_session";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Who may call a route that changes something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Signing in and out.
    Anyone,
    /// A signed-in user with at least this role.
    AtLeast(Role),
}

/// Every route that changes something, by method and route pattern. A write to a route missing here is refused
/// with 405 (fail closed), so a new write route cannot go live without a rule; tests/api/access.rs checks each entry
/// as anonymous, viewer, statistician and admin, by session and by token.
pub const WRITE_RULES: &[(&str, &str, Access)] = &[
    ("POST", "/login", Access::Anyone),
    ("POST", "/logout", Access::Anyone),
    (
        "PUT",
        "/api/v1/targets/{code}/measurements/{year}/{quality}",
        Access::AtLeast(Role::Statistician),
    ),
    (
        "DELETE",
        "/api/v1/targets/{code}/measurements/{year}/{quality}",
        Access::AtLeast(Role::Statistician),
    ),
    (
        "POST",
        "/api/v1/imports",
        Access::AtLeast(Role::Statistician),
    ),
    (
        "POST",
        "/api/v1/targets/{code}/measurements/{year}/{quality}/approval",
        Access::AtLeast(Role::Statistician),
    ),
    (
        "POST",
        "/api/v1/approvals",
        Access::AtLeast(Role::Statistician),
    ),
    (
        "PUT",
        "/api/v1/breakthroughs/{code}/assessments/{year}",
        Access::AtLeast(Role::Statistician),
    ),
    (
        "PUT",
        "/api/v1/targets/{code}/assessments/{year}",
        Access::AtLeast(Role::Approver),
    ),
    (
        "POST",
        "/breakthroughs/{code}/assessments",
        Access::AtLeast(Role::Statistician),
    ),
    (
        "POST",
        "/targets/{code}/assessments",
        Access::AtLeast(Role::Approver),
    ),
    ("POST", "/import", Access::AtLeast(Role::Statistician)),
    ("POST", "/approvals", Access::AtLeast(Role::Statistician)),
    ("POST", "/entry/{year}", Access::AtLeast(Role::Statistician)),
    (
        "POST",
        "/entry/{year}/remove",
        Access::AtLeast(Role::Statistician),
    ),
    ("PUT", "/api/v1/locks/{year}", Access::AtLeast(Role::Admin)),
    (
        "DELETE",
        "/api/v1/locks/{year}",
        Access::AtLeast(Role::Admin),
    ),
    ("POST", "/admin/locks/{year}", Access::AtLeast(Role::Admin)),
    ("POST", "/admin/users", Access::AtLeast(Role::Admin)),
    (
        "POST",
        "/admin/catalog/targets/{code}",
        Access::AtLeast(Role::Admin),
    ),
    (
        "POST",
        "/admin/catalog/new/{kind}",
        Access::AtLeast(Role::Admin),
    ),
    (
        "POST",
        "/admin/catalog/edit/{kind}/{code}",
        Access::AtLeast(Role::Admin),
    ),
    (
        "POST",
        "/admin/catalog/retire/{kind}/{code}",
        Access::AtLeast(Role::Admin),
    ),
    (
        "POST",
        "/admin/users/{name}/role",
        Access::AtLeast(Role::Admin),
    ),
    (
        "POST",
        "/admin/users/{name}/disable",
        Access::AtLeast(Role::Admin),
    ),
    (
        "POST",
        "/admin/users/{name}/enable",
        Access::AtLeast(Role::Admin),
    ),
    (
        "POST",
        "/admin/users/{name}/password",
        Access::AtLeast(Role::Admin),
    ),
    ("POST", "/admin/tokens", Access::AtLeast(Role::Admin)),
    (
        "POST",
        "/admin/tokens/{id}/revoke",
        Access::AtLeast(Role::Admin),
    ),
];

/// What a statistician scoped to one unit (a commune statistician) may write, by method and route pattern:
/// the unit's figures (its `?unit=` must be theirs), and files (every row must be their unit's: checked where the
/// file is read). Every other write is refused to them, whatever their role.
enum ScopedWrite {
    /// The request's `?unit=` names their unit.
    OwnUnit,
    /// The handler checks each row of the file.
    FileRows,
}

const SCOPED_WRITES: &[(&str, &str, ScopedWrite)] = &[
    (
        "PUT",
        "/api/v1/targets/{code}/measurements/{year}/{quality}",
        ScopedWrite::OwnUnit,
    ),
    (
        "DELETE",
        "/api/v1/targets/{code}/measurements/{year}/{quality}",
        ScopedWrite::OwnUnit,
    ),
    ("POST", "/entry/{year}", ScopedWrite::OwnUnit),
    ("POST", "/entry/{year}/remove", ScopedWrite::OwnUnit),
    ("POST", "/api/v1/imports", ScopedWrite::FileRows),
    ("POST", "/import", ScopedWrite::FileRows),
    (
        "POST",
        "/api/v1/targets/{code}/measurements/{year}/{quality}/approval",
        ScopedWrite::OwnUnit,
    ),
    // A year's step: the application holds a scoped statistician to their own unit's figures.
    ("POST", "/api/v1/approvals", ScopedWrite::FileRows),
    ("POST", "/approvals", ScopedWrite::FileRows),
];

/// A query parameter of a request: `Ok(None)` when absent, `Err` when named twice (which a handler would read
/// one way and this check another).
fn asked(req: &ServiceRequest, key: &str) -> Result<Option<String>, ()> {
    let pairs = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .map_err(|_| ())?
        .into_inner();
    let mut found = pairs.into_iter().filter(|(k, _)| k == key).map(|(_, v)| v);
    match (found.next(), found.next()) {
        (first, None) => Ok(first),
        _ => Err(()),
    }
}

/// Whether a request's resolution is the scope's (`?resolution=` absent: the first stored, as every handler
/// reads it). Enough for files, whose rows name their units and are checked where the file is read.
async fn names_own_resolution(
    state: &AppState,
    req: &ServiceRequest,
    scope: &UnitScope,
) -> Result<bool, AppError> {
    let Ok(resolution) = asked(req, "resolution") else {
        return Ok(false);
    };
    let asked = crate::app::scope::Scope::of_resolution(resolution.as_deref());
    let resolution = state
        .with_conn(move |conn| asked.resolution_code(conn))
        .await?;
    Ok(resolution.as_deref() == Some(scope.resolution.as_str()))
}

/// Whether a request names the scope's own unit (`?unit=`) of the scope's own resolution.
async fn names_own_unit(
    state: &AppState,
    req: &ServiceRequest,
    scope: &UnitScope,
) -> Result<bool, AppError> {
    let own = matches!(asked(req, "unit"), Ok(Some(unit)) if unit.trim() == scope.unit);
    Ok(own && names_own_resolution(state, req, scope).await?)
}

/// The scope of a commune statistician's request: their own unit's figures, in their own resolution, only.
async fn check_scope(
    state: &AppState,
    req: &ServiceRequest,
    who: &Identity,
    writes: bool,
) -> Result<(), AppError> {
    let Some(scope) = &who.unit else {
        return Ok(());
    };
    let pattern = req.match_pattern();
    let pattern = pattern.as_deref();
    if writes {
        let rule = SCOPED_WRITES
            .iter()
            .find(|(m, p, _)| *m == req.method().as_str() && Some(*p) == pattern);
        let allowed = match rule {
            Some((.., ScopedWrite::FileRows)) => names_own_resolution(state, req, scope).await?,
            Some((.., ScopedWrite::OwnUnit)) => names_own_unit(state, req, scope).await?,
            None => write_rule(req.method(), pattern.unwrap_or("")) == Some(Access::Anyone),
        };
        return if allowed {
            Ok(())
        } else {
            Err(crate::app::accounts::outside_scope(scope))
        };
    }
    // The area's own form (or another unit's, or another resolution's) is not theirs to read.
    let a_form = matches!(pattern, Some("/entry/{year}" | "/entry/{year}/remove"));
    if a_form && !names_own_unit(state, req, scope).await? {
        return Err(crate::app::accounts::outside_scope(scope));
    }
    Ok(())
}

/// Reads that need more than a viewer.
const READ_RULES: &[(&str, Role)] = &[
    ("/admin/users", Role::Admin),
    ("/admin/locks", Role::Admin),
    ("/admin/catalog", Role::Admin),
    ("/admin/catalog/targets/{code}", Role::Admin),
    ("/admin/catalog/new/{kind}", Role::Admin),
    ("/admin/catalog/edit/{kind}/{code}", Role::Admin),
    ("/import", Role::Statistician),
    ("/approvals", Role::Statistician),
    ("/entry", Role::Statistician),
    ("/entry/{year}", Role::Statistician),
    ("/entry/{year}/remove", Role::Statistician),
];

/// Paths anyone may read even when `auth.public_read` is off.
fn always_public(path: &str) -> bool {
    // /metrics decides itself who may read it (`metrics.allow`, or an administrator).
    ["/healthz", "/readyz", "/metrics", "/login"].contains(&path) || path.starts_with("/static/")
}

pub fn write_rule(method: &Method, pattern: &str) -> Option<Access> {
    WRITE_RULES
        .iter()
        .find(|(m, p, _)| *m == method.as_str() && *p == pattern)
        .map(|(_, _, a)| *a)
}

/// The auth settings and state every request needs.
pub struct AuthState {
    pub key: Key,
    pub public_read: bool,
    pub secure_cookie: bool,
    pub session_hours: i64,
    pub throttle: Throttle,
    /// Proxies whose `X-Forwarded-For` is believed (`server.trusted_proxies`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl AuthState {
    /// The address a request comes from: the peer's, or, when the peer is a trusted proxy, the nearest address
    /// in `X-Forwarded-For` that is not one (anything further left could be written by the client itself).
    pub fn client_address(&self, req: &HttpRequest) -> String {
        let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
            return "unknown".to_string();
        };
        if !self.trusted_proxies.contains(&peer) {
            return peer.to_string();
        }
        let forwarded = req
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|a| a.trim().parse::<std::net::IpAddr>().ok())
            .collect::<Vec<_>>();
        for address in forwarded.into_iter().rev() {
            match address {
                Some(a) if self.trusted_proxies.contains(&a) => continue,
                Some(a) => return a.to_string(),
                None => break,
            }
        }
        peer.to_string()
    }

    /// The session cookie for a new session, signed.
    pub fn session_cookie(&self, token: String) -> Cookie<'static> {
        let cookie = Cookie::build(SESSION_COOKIE, token)
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.secure_cookie)
            .max_age(actix_web::cookie::time::Duration::hours(self.session_hours))
            .finish();
        let mut jar = CookieJar::new();
        jar.signed_mut(&self.key).add(cookie);
        jar.get(SESSION_COOKIE)
            .cloned()
            .unwrap_or_else(|| Cookie::new(SESSION_COOKIE, ""))
    }

    /// The session token of a request, if its cookie carries a valid signature.
    pub fn session_token(&self, req: &HttpRequest) -> Option<String> {
        let cookie = req.cookie(SESSION_COOKIE)?;
        let mut jar = CookieJar::new();
        jar.add_original(cookie);
        jar.signed(&self.key)
            .get(SESSION_COOKIE)
            .map(|c| c.value().to_string())
    }
}

/// Reads the identity of a request: a bearer token, else the session cookie.
async fn identify(state: &AppState, req: &HttpRequest) -> Result<Option<Identity>, AppError> {
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string());
    if let Some(token) = bearer {
        let found = state
            .with_conn(move |conn| signin::token_identity(conn, &token))
            .await?;
        return Ok(Some(found));
    }
    match state.auth.session_token(req) {
        Some(token) => {
            state
                .with_conn(move |conn| signin::session_identity(conn, &token))
                .await
        }
        None => Ok(None),
    }
}

/// Says no: a person on a page who is not signed in is sent to sign in; anyone else gets the error, shaped for
/// them by `reply`.
fn refuse(req: ServiceRequest, error: AppError) -> ServiceResponse<BoxBody> {
    let to_sign_in = error.status == StatusCode::UNAUTHORIZED
        && req.method() == Method::GET
        && !wants_json(req.request());
    if to_sign_in {
        let next = req
            .uri()
            .path_and_query()
            .map_or("/".to_string(), ToString::to_string);
        let response = HttpResponse::SeeOther()
            .insert_header((
                header::LOCATION,
                format!("/login?next={}", urlencode(&next)),
            ))
            .finish();
        return req.into_response(response);
    }
    // Not `req.into_response`: it would drop the error the response carries, which `reply` shapes.
    let (req, _) = req.into_parts();
    ServiceResponse::new(req, HttpResponse::from_error(error))
}

pub fn unauthorized() -> AppError {
    AppError::new(
        ErrorCode::NotSignedIn,
        "Hãy đăng nhập trước: cần một phiên đăng nhập hoặc mã truy cập API.",
        "sign in first: a session or an API token is needed",
    )
}

fn forbidden(role: Role, needed: Role) -> AppError {
    AppError::new(
        ErrorCode::Forbidden,
        format!(
            "Vai trò {} không được làm việc này; cần vai trò {} trở lên.",
            role.label(crate::domain::wording::Lang::Vi),
            needed.label(crate::domain::wording::Lang::Vi)
        ),
        format!("the role {role} may not do this; it needs {needed} or higher"),
    )
}

fn csrf_refused() -> AppError {
    AppError::new(
        ErrorCode::Csrf,
        "thiếu hoặc sai tiêu đề X-CSRF-Token",
        "the X-CSRF-Token header is missing or wrong",
    )
}

/// The rule of a write: who may make it; a cookie-authenticated API write must also carry the CSRF header (a
/// browser sends the cookie by itself; forms carry their token in a field, checked by the handler). Every
/// write route has a rule, so a write without one is a method this route does not take: 405, which also keeps
/// a new write route whose rule was forgotten closed (fail closed) until it gets one.
fn check_write(req: &ServiceRequest, identity: Option<&Identity>) -> Result<(), AppError> {
    let method = req.method();
    let pattern = req.match_pattern();
    match pattern.as_deref().and_then(|p| write_rule(method, p)) {
        Some(Access::Anyone) => Ok(()),
        Some(Access::AtLeast(needed)) => {
            let who = identity.ok_or_else(unauthorized)?;
            if who.role < needed {
                return Err(forbidden(who.role, needed));
            }
            if let (Some(csrf), true) = (&who.csrf, is_api_path(req.path())) {
                let sent = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok());
                if sent != Some(csrf.as_str()) {
                    return Err(csrf_refused());
                }
            }
            Ok(())
        }
        None if pattern.is_some() => Err(AppError::for_status(
            StatusCode::METHOD_NOT_ALLOWED.as_u16(),
            method.as_str(),
            req.path(),
        )),
        None => Ok(()),
    }
}

/// The rule of a read: some pages need a role; with `auth.public_read` off, everything but sign-in does.
fn check_read(
    req: &ServiceRequest,
    identity: Option<&Identity>,
    public_read: bool,
) -> Result<(), AppError> {
    let pattern = req.match_pattern();
    if let Some((_, needed)) = READ_RULES
        .iter()
        .find(|(p, _)| Some(*p) == pattern.as_deref())
    {
        let who = identity.ok_or_else(unauthorized)?;
        if who.role < *needed {
            return Err(forbidden(who.role, *needed));
        }
    }
    if !public_read && identity.is_none() && !always_public(req.path()) {
        return Err(unauthorized());
    }
    Ok(())
}

/// The middleware: identifies the caller, applies the access table and `auth.public_read`, checks the CSRF
/// header of cookie-authenticated API writes, and leaves the identity for handlers.
pub async fn authenticate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let identity = match identify(&state, req.request()).await {
        Ok(identity) => identity,
        Err(e) => return Ok(refuse(req, e)),
    };
    let writes = !matches!(
        req.method(),
        &Method::GET | &Method::HEAD | &Method::OPTIONS
    );
    let checked = if writes {
        check_write(&req, identity.as_ref())
    } else {
        check_read(&req, identity.as_ref(), state.auth.public_read)
    };
    let checked = match (checked, &identity) {
        (Ok(()), Some(who)) => check_scope(&state, &req, who, writes).await,
        (checked, _) => checked,
    };
    // Known before the answer, so that a refusal's page still shows who is signed in.
    if let Some(identity) = identity {
        req.extensions_mut().insert(identity);
    }
    if let Err(e) = checked {
        return Ok(refuse(req, e));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// The signed-in caller, for handlers; the middleware has checked the route's rule already.
pub struct Caller(pub Identity);

impl FromRequest for Caller {
    type Error = AppError;
    type Future = std::future::Ready<Result<Caller, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(
            req.extensions()
                .get::<Identity>()
                .cloned()
                .map(Caller)
                .ok_or_else(unauthorized),
        )
    }
}

/// The caller if signed in, for pages that show who is there.
pub fn signed_in(req: &HttpRequest) -> Option<Identity> {
    req.extensions().get::<Identity>().cloned()
}

/// Security headers on every response.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    // The API's page shows a chart or a file it fetched as a `blob:` address its own script made; every other
    // page loads images from the server alone.
    let policy = match req.path().starts_with("/api/docs/") {
        true => "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
        false => "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    };
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    let set = |name: &'static str, value: &'static str| {
        (
            header::HeaderName::from_static(name),
            header::HeaderValue::from_static(value),
        )
    };
    for (name, value) in [
        set("content-security-policy", policy),
        set("x-content-type-options", "nosniff"),
        set("x-frame-options", "DENY"),
        set("referrer-policy", "same-origin"),
    ] {
        headers.insert(name, value);
    }
    Ok(res)
}

/// Checks a form's CSRF field against the session's token.
pub fn check_form_csrf(identity: &Identity, sent: &str) -> Result<(), AppError> {
    match &identity.csrf {
        Some(expected) if expected == sent => Ok(()),
        Some(_) => Err(AppError::stale_form()),
        None => Ok(()),
    }
}

//! Signing in and out: a name and a password checked (argon2, as long for an unknown name), the throttle's
//! counts kept, a session made; and the identity behind a session or an API token.

use super::accounts::Identity;
use super::error::{AppError, ErrorCode};
use super::throttle::{SignInKeys, Throttle};
use crate::domain::text::excerpt;
use crate::storage::{accounts, DbConnection};

/// A new session: its token (for the signed cookie) and its CSRF token.
pub struct Session {
    pub token: String,
    pub csrf: String,
}

/// Why a sign-in did not make a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Too many failures for this name from this address, or from this address: wait out the window.
    LockedOut,
    /// The name or the password is wrong (which one is not said).
    Wrong,
}

/// Checks `name` and `password` from `address` against the throttle and the stored accounts; logs each attempt
/// (the name quoted and cut, never the password).
pub fn sign_in(
    conn: &mut DbConnection,
    throttle: &Throttle,
    (name, password): (&str, &str),
    address: &str,
    session_hours: i64,
) -> Result<Result<Session, Refused>, AppError> {
    let keys = SignInKeys::new(name, address);
    // The name as typed goes to the log quoted and cut, so it can neither forge log lines nor fill the log.
    let user = excerpt(name, 64);
    if throttle.locked_in(conn, &keys)? {
        tracing::warn!(user = ?user, %address, "sign-in refused: locked out");
        return Ok(Err(Refused::LockedOut));
    }
    let Some(account) = accounts::verify_login(conn, name, password)? else {
        let locked = throttle.fail_in(conn, &keys)?;
        tracing::warn!(user = ?user, %address, "sign-in failed");
        if locked {
            let seconds = throttle.window().as_secs();
            tracing::warn!(user = ?user, %address, seconds, "sign-in locked out");
        }
        return Ok(Err(Refused::Wrong));
    };
    let (token, csrf) = accounts::create_session(conn, account.id, session_hours)?;
    throttle.succeed_in(conn, &keys)?;
    tracing::info!(user = ?user, %address, "signed in");
    Ok(Ok(Session { token, csrf }))
}

/// Ends the session of this token.
pub fn sign_out(conn: &mut DbConnection, token: &str) -> Result<(), AppError> {
    Ok(accounts::end_session(conn, token)?)
}

/// Who a bearer token belongs to; an unknown or revoked token is refused.
pub fn token_identity(conn: &mut DbConnection, token: &str) -> Result<Identity, AppError> {
    accounts::token_identity(conn, token)?.ok_or_else(|| {
        AppError::new(
            ErrorCode::InvalidToken,
            "mã truy cập API không có hoặc đã bị thu hồi",
            "the API token is unknown or revoked",
        )
    })
}

/// Who a session token belongs to, if the session is live and its user enabled.
pub fn session_identity(
    conn: &mut DbConnection,
    token: &str,
) -> Result<Option<Identity>, AppError> {
    Ok(accounts::session_identity(conn, token)?)
}

/// A random token for the sign-in form's own CSRF cookie (before anyone is signed in).
pub fn form_token() -> Result<String, AppError> {
    Ok(accounts::random_hex(16)?)
}

//! Who is asking and what they may write: the identity behind a session or a token, and the scope of a commune
//! statistician.

use super::error::{AppError, ErrorCode};
use crate::domain::account::UnitScope;

pub use crate::storage::accounts::Identity;

/// A scoped statistician asking for something outside their unit.
pub fn outside_scope(scope: &UnitScope) -> AppError {
    let unit = &scope.unit;
    let resolution = &scope.resolution;
    AppError::new(
        ErrorCode::Forbidden,
        format!("Tài khoản này chỉ nhập số liệu của đơn vị {unit} thuộc nghị quyết {resolution}."),
        format!(
            "this account enters only the figures of the unit {unit} of the resolution {resolution}"
        ),
    )
}

pub use crate::storage::accounts::{AccountError, TokenInfo, User};

use crate::domain::account::Role;
use crate::storage::{accounts, DbConnection};

/// Every user, by name, and every API token (the administrators' page).
pub fn users_and_tokens(conn: &mut DbConnection) -> Result<(Vec<User>, Vec<TokenInfo>), AppError> {
    Ok((accounts::list_users(conn)?, accounts::list_tokens(conn)?))
}

/// Adds a user; `unit` scopes a statistician to one unit of one resolution (`RESOLUTION/UNIT`, or a unit code
/// only one resolution has), `agency` to the targets one agency answers for (`RESOLUTION/AGENCY`, likewise).
pub fn add_user(
    conn: &mut DbConnection,
    name: &str,
    password: &str,
    role: Role,
    scope: (Option<&str>, Option<&str>),
) -> Result<User, AccountError> {
    accounts::create_user(conn, name, password, role, scope)
}

/// A write of a target the caller's agency does not answer for.
/// Refuses a caller whose role is below `role` (403), saying what it takes that role to do (`doing`, in both
/// languages: "duyệt số liệu" / "approve a figure").
pub fn at_least(who: &Identity, role: Role, doing: (&str, &str)) -> Result<(), AppError> {
    if who.role >= role {
        return Ok(());
    }
    use crate::domain::lang::Lang;
    let (vi, en) = (role.label(Lang::Vi), role.label(Lang::En));
    Err(AppError::new(
        ErrorCode::Forbidden,
        format!("Cần vai trò {vi} (hoặc cao hơn) để {}.", doing.0),
        format!("the role {en} (or higher) is needed to {}", doing.1),
    ))
}

pub fn outside_agency(scope: &crate::domain::account::AgencyScope, target: &str) -> AppError {
    let agency = &scope.agency;
    AppError::new(
        ErrorCode::Forbidden,
        format!("Tài khoản này chỉ nhập số liệu các chỉ tiêu của cơ quan {agency}; chỉ tiêu {target} không thuộc cơ quan này."),
        format!("this account enters only the figures of the targets of the agency {agency}; {target} is not one of them"),
    )
}

pub fn set_role(conn: &mut DbConnection, name: &str, role: Role) -> Result<(), AccountError> {
    accounts::set_role(conn, name, role)
}

/// Disables a user (their sessions and tokens stop at once) or enables them again.
pub fn set_disabled(
    conn: &mut DbConnection,
    name: &str,
    disabled: bool,
) -> Result<(), AccountError> {
    accounts::set_disabled(conn, name, disabled)
}

/// Sets a new password (the user's sessions end).
pub fn set_password(
    conn: &mut DbConnection,
    name: &str,
    password: &str,
) -> Result<(), AccountError> {
    accounts::set_password(conn, name, password)
}

/// A new API token for a user, shown this once.
pub fn create_token(
    conn: &mut DbConnection,
    name: &str,
    label: &str,
) -> Result<String, AccountError> {
    accounts::create_token(conn, name, label)
}

/// Revokes a token; whether there was one to revoke.
pub fn revoke_token(conn: &mut DbConnection, id: i32) -> Result<bool, AccountError> {
    Ok(accounts::revoke_token(conn, id)?)
}

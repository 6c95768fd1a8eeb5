//! Users, sessions and API tokens. Passwords are stored as argon2 hashes; session and API tokens are random and
//! stored as SHA-256 hashes (they carry 256 bits of randomness, so a fast hash is enough).

use crate::domain::lang::Explained;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::schema::{api_tokens, app_secrets, resolutions, sessions, units, users};
use super::{DbConnection, StorageError};
use crate::domain::account::AgencyScope;
use crate::domain::account::{check_name, check_password, AccountProblem, Role, UnitScope};

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: i32,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: NaiveDateTime,
    /// The one unit of one resolution a commune statistician writes for (none: the whole area).
    pub unit: Option<UnitScope>,
    /// The one agency of one resolution whose targets an office's statistician writes, if scoped.
    pub agency: Option<AgencyScope>,
}

/// Who is making a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub user_id: i32,
    pub name: String,
    pub role: Role,
    /// The one unit of one resolution they write for (a commune statistician), if scoped.
    pub unit: Option<UnitScope>,
    /// The one agency of one resolution whose targets they write (an office's statistician), if scoped.
    pub agency: Option<AgencyScope>,
    /// The session's CSRF token; `None` for an API token, which no browser sends by itself.
    pub csrf: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TokenInfo {
    pub id: i32,
    pub user: String,
    pub label: String,
    pub created_at: NaiveDateTime,
    pub revoked: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{}", .0.message_en())]
    Invalid(AccountProblem),
    #[error("the user name {0:?} is taken")]
    NameTaken(String),
    #[error("only a statistician can be scoped to a unit (not the role {0})")]
    ScopeNeedsStatistician(Role),
    #[error("no resolution has a unit with the code {0:?}")]
    UnknownUnit(String),
    #[error("the unit code {unit:?} is in more than one resolution ({resolutions}): name one as RESOLUTION/{unit}")]
    AmbiguousUnit { unit: String, resolutions: String },
    #[error("no resolution has an agency with the code {0:?} (name it as RESOLUTION/AGENCY)")]
    UnknownAgency(String),
    #[error("a statistician is scoped to a unit or to an agency, not both")]
    TwoScopes,
    #[error("no user is named {0:?}")]
    NoSuchUser(String),
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<diesel::result::Error> for AccountError {
    fn from(e: diesel::result::Error) -> Self {
        AccountError::Storage(e.into())
    }
}

/// `n` random bytes as hex.
pub fn random_hex(n: usize) -> Result<String, StorageError> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes)
        .map_err(|e| StorageError::Corrupt(format!("no randomness: {e}")))?;
    Ok(hex(&bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

fn hash_password(password: &str) -> Result<String, AccountError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Hash(e.to_string()))
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = users)]
struct UserRow {
    id: i32,
    name: String,
    password_hash: String,
    role: String,
    disabled: bool,
    created_at: NaiveDateTime,
    unit: Option<String>,
    unit_resolution: Option<String>,
    agency: Option<String>,
    agency_resolution: Option<String>,
}

/// A scope as stored: both its columns, or none.
fn scope_of(unit: Option<String>, resolution: Option<String>) -> Option<UnitScope> {
    Some(UnitScope {
        unit: unit?,
        resolution: resolution?,
    })
}

impl UserRow {
    fn user(&self) -> Result<User, StorageError> {
        Ok(User {
            id: self.id,
            name: self.name.clone(),
            role: Role::parse(&self.role)
                .ok_or_else(|| StorageError::Corrupt(format!("user {}: role", self.name)))?,
            disabled: self.disabled,
            created_at: self.created_at,
            unit: scope_of(self.unit.clone(), self.unit_resolution.clone()),
            agency: match (&self.agency, &self.agency_resolution) {
                (Some(agency), Some(resolution)) => Some(AgencyScope {
                    resolution: resolution.clone(),
                    agency: agency.clone(),
                }),
                _ => None,
            },
        })
    }
}

/// The agency scope `text` names: `RESOLUTION/AGENCY`, or a bare agency code that exactly one resolution's
/// catalog lists.
pub fn find_agency(conn: &mut DbConnection, text: &str) -> Result<AgencyScope, AccountError> {
    let (resolution, agency) = UnitScope::split(text);
    let unknown = || AccountError::UnknownAgency(crate::domain::text::excerpt(text.trim(), 40));
    let mut found = Vec::new();
    for r in super::catalog::list_resolutions(conn)? {
        if resolution.is_some_and(|code| code != r.code) {
            continue;
        }
        let Some(stored) = super::catalog::read_catalog(conn, Some(&r.code))? else {
            continue;
        };
        if stored.catalog.agency(agency).is_some() {
            found.push(r.code);
        }
    }
    match found.as_slice() {
        [resolution] => Ok(AgencyScope {
            resolution: resolution.clone(),
            agency: agency.to_string(),
        }),
        _ => Err(unknown()),
    }
}

/// The scope `text` names (`RESOLUTION/UNIT`, or a bare unit code that exactly one resolution has), checked
/// against the stored units.
pub fn find_scope(conn: &mut DbConnection, text: &str) -> Result<UnitScope, AccountError> {
    let (resolution, unit) = UnitScope::split(text);
    let unknown = || AccountError::UnknownUnit(crate::domain::text::excerpt(text.trim(), 40));
    // Looked up only when it could be a code at all (a NUL would not reach PostgreSQL).
    let plausible = |code: &str| {
        !code.is_empty()
            && code.chars().count() <= 100
            && crate::domain::text::forbidden_control(code).is_none()
    };
    if !plausible(unit) || !resolution.is_none_or(plausible) {
        return Err(unknown());
    }
    let query = units::table
        .inner_join(resolutions::table)
        .filter(units::code.eq(unit))
        .select(resolutions::code)
        .order(resolutions::id)
        .into_boxed();
    let query = match resolution {
        Some(code) => query.filter(resolutions::code.eq(code)),
        None => query,
    };
    let found: Vec<String> = query.load(conn)?;
    match found.as_slice() {
        [] => Err(unknown()),
        [resolution] => Ok(UnitScope {
            resolution: resolution.clone(),
            unit: unit.to_string(),
        }),
        many => Err(AccountError::AmbiguousUnit {
            unit: crate::domain::text::excerpt(unit, 40),
            resolutions: many.join(", "),
        }),
    }
}

/// Adds a user; `unit` scopes a statistician to one unit's figures (a commune statistician): `RESOLUTION/UNIT`,
/// or a unit code that only one resolution has.
pub fn create_user(
    conn: &mut DbConnection,
    name: &str,
    password: &str,
    role: Role,
    (unit, agency): (Option<&str>, Option<&str>),
) -> Result<User, AccountError> {
    check_name(name).map_err(AccountError::Invalid)?;
    if (unit.is_some() || agency.is_some()) && role != Role::Statistician {
        return Err(AccountError::ScopeNeedsStatistician(role));
    }
    if unit.is_some() && agency.is_some() {
        return Err(AccountError::TwoScopes);
    }
    let scope = match unit {
        Some(text) => Some(find_scope(conn, text)?),
        None => None,
    };
    let agency = match agency {
        Some(text) => Some(find_agency(conn, text)?),
        None => None,
    };
    check_password(password).map_err(AccountError::Invalid)?;
    let hash = hash_password(password)?;
    conn.transaction(|conn| {
        let taken: i64 = users::table
            .filter(users::name.eq(name))
            .count()
            .get_result(conn)?;
        if taken > 0 {
            return Err(AccountError::NameTaken(name.to_string()));
        }
        let created_at = Utc::now().naive_utc();
        let id: i32 = diesel::insert_into(users::table)
            .values((
                users::name.eq(name),
                users::password_hash.eq(&hash),
                users::role.eq(role.as_str()),
                users::disabled.eq(false),
                users::created_at.eq(created_at),
                users::unit.eq(scope.as_ref().map(|s| s.unit.as_str())),
                users::unit_resolution.eq(scope.as_ref().map(|s| s.resolution.as_str())),
                users::agency.eq(agency.as_ref().map(|a| a.agency.as_str())),
                users::agency_resolution.eq(agency.as_ref().map(|a| a.resolution.as_str())),
            ))
            .returning(users::id)
            .get_result(conn)?;
        Ok(User {
            id,
            name: name.to_string(),
            role,
            disabled: false,
            created_at,
            unit: scope,
            agency,
        })
    })
}

pub fn list_users(conn: &mut DbConnection) -> Result<Vec<User>, StorageError> {
    let rows: Vec<UserRow> = users::table
        .order(users::name)
        .select(UserRow::as_select())
        .load(conn)?;
    rows.iter().map(UserRow::user).collect()
}

/// A hash of a random password, made once: a sign-in with an unknown name is checked against it, so that it
/// takes as long as one with a known name (argon2's time) and the answer's timing does not tell names apart.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let password = random_hex(16).unwrap_or_else(|_| "not a password of anyone".into());
        hash_password(&password).unwrap_or_default()
    })
}

/// The user if the name and password match an enabled account. Every attempt costs one argon2 verification,
/// whether the name exists or not.
pub fn verify_login(
    conn: &mut DbConnection,
    name: &str,
    password: &str,
) -> Result<Option<User>, StorageError> {
    // A name no account can have (a NUL, which PostgreSQL would refuse, or 10 KB of text) is not looked up.
    let row: Option<UserRow> = if check_name(name).is_ok() {
        users::table
            .filter(users::name.eq(name))
            .select(UserRow::as_select())
            .first(conn)
            .optional()?
    } else {
        None
    };
    let stored_hash: &str = match &row {
        Some(r) => &r.password_hash,
        None => dummy_hash(),
    };
    let Ok(parsed) = PasswordHash::new(stored_hash) else {
        return Err(StorageError::Corrupt(format!("user {name}: password hash")));
    };
    let matches = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    match row {
        Some(row) if matches && !row.disabled => Ok(Some(row.user()?)),
        _ => Ok(None),
    }
}

fn user_id(conn: &mut DbConnection, name: &str) -> Result<i32, AccountError> {
    if check_name(name).is_err() {
        return Err(AccountError::NoSuchUser(crate::domain::text::excerpt(
            name, 64,
        )));
    }
    users::table
        .filter(users::name.eq(name))
        .select(users::id)
        .first(conn)
        .optional()?
        .ok_or_else(|| AccountError::NoSuchUser(name.to_string()))
}

pub fn set_role(conn: &mut DbConnection, name: &str, role: Role) -> Result<(), AccountError> {
    let id = user_id(conn, name)?;
    diesel::update(users::table.find(id))
        .set(users::role.eq(role.as_str()))
        .execute(conn)?;
    Ok(())
}

/// Disables or enables a user; disabling ends their sessions at once (their tokens stop too: see the lookups).
pub fn set_disabled(
    conn: &mut DbConnection,
    name: &str,
    disabled: bool,
) -> Result<(), AccountError> {
    let id = user_id(conn, name)?;
    conn.transaction(|conn| {
        diesel::update(users::table.find(id))
            .set(users::disabled.eq(disabled))
            .execute(conn)?;
        if disabled {
            diesel::delete(sessions::table.filter(sessions::user_id.eq(id))).execute(conn)?;
        }
        Ok(())
    })
}

/// Sets a new password and ends the user's sessions.
pub fn set_password(
    conn: &mut DbConnection,
    name: &str,
    password: &str,
) -> Result<(), AccountError> {
    check_password(password).map_err(AccountError::Invalid)?;
    let id = user_id(conn, name)?;
    let hash = hash_password(password)?;
    conn.transaction(|conn| {
        diesel::update(users::table.find(id))
            .set(users::password_hash.eq(&hash))
            .execute(conn)?;
        diesel::delete(sessions::table.filter(sessions::user_id.eq(id))).execute(conn)?;
        Ok(())
    })
}

/// Starts a session; returns its token (for the cookie) and CSRF token.
pub fn create_session(
    conn: &mut DbConnection,
    user_id: i32,
    hours: i64,
) -> Result<(String, String), StorageError> {
    let token = random_hex(32)?;
    let csrf = random_hex(32)?;
    let now = Utc::now().naive_utc();
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(sha256_hex(&token)),
            sessions::user_id.eq(user_id),
            sessions::csrf_token.eq(&csrf),
            sessions::created_at.eq(now),
            sessions::expires_at.eq(now + chrono::Duration::hours(hours)),
        ))
        .execute(conn)?;
    Ok((token, csrf))
}

type IdentityRow = (
    i32,
    String,
    String,
    Option<String>,
    Option<String>,
    (Option<String>, Option<String>),
);

/// The columns of a user an identity is read from.
const IDENTITY_COLUMNS: (
    users::id,
    users::name,
    users::role,
    users::unit,
    users::unit_resolution,
    (users::agency, users::agency_resolution),
) = (
    users::id,
    users::name,
    users::role,
    users::unit,
    users::unit_resolution,
    (users::agency, users::agency_resolution),
);

fn identity(row: IdentityRow, csrf: Option<String>) -> Result<Identity, StorageError> {
    let role = Role::parse(&row.2)
        .ok_or_else(|| StorageError::Corrupt(format!("user {}: role", row.1)))?;
    Ok(Identity {
        user_id: row.0,
        name: row.1,
        role,
        unit: scope_of(row.3, row.4),
        agency: match row.5 {
            (Some(agency), Some(resolution)) => Some(AgencyScope { resolution, agency }),
            _ => None,
        },
        csrf,
    })
}

/// The identity behind a session cookie, if the session is live and its user enabled.
pub fn session_identity(
    conn: &mut DbConnection,
    token: &str,
) -> Result<Option<Identity>, StorageError> {
    let found: Option<(IdentityRow, String)> = sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(sha256_hex(token)))
        .filter(sessions::expires_at.gt(Utc::now().naive_utc()))
        .filter(users::disabled.eq(false))
        .select((IDENTITY_COLUMNS, sessions::csrf_token))
        .first(conn)
        .optional()?;
    found
        .map(|(user, csrf)| identity(user, Some(csrf)))
        .transpose()
}

pub fn end_session(conn: &mut DbConnection, token: &str) -> Result<(), StorageError> {
    diesel::delete(sessions::table.filter(sessions::token_hash.eq(sha256_hex(token))))
        .execute(conn)?;
    Ok(())
}

/// A new API token for the user; the token itself is returned once and only its hash is kept.
pub fn create_token(
    conn: &mut DbConnection,
    name: &str,
    label: &str,
) -> Result<String, AccountError> {
    let id = user_id(conn, name)?;
    // A label is only a reminder: control characters are dropped and it is cut to 100 characters.
    let label: String = label
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    let label = label.as_str();
    let token = format!("rt_{}", random_hex(32)?);
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::token_hash.eq(sha256_hex(&token)),
            api_tokens::user_id.eq(id),
            api_tokens::label.eq(label),
            api_tokens::created_at.eq(Utc::now().naive_utc()),
        ))
        .execute(conn)?;
    Ok(token)
}

/// The identity behind a bearer token, if it is not revoked and its user enabled.
pub fn token_identity(
    conn: &mut DbConnection,
    token: &str,
) -> Result<Option<Identity>, StorageError> {
    let found: Option<IdentityRow> = api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::token_hash.eq(sha256_hex(token)))
        .filter(api_tokens::revoked_at.is_null())
        .filter(users::disabled.eq(false))
        .select(IDENTITY_COLUMNS)
        .first(conn)
        .optional()?;
    found.map(|user| identity(user, None)).transpose()
}

pub fn list_tokens(conn: &mut DbConnection) -> Result<Vec<TokenInfo>, StorageError> {
    let rows: Vec<(i32, String, String, NaiveDateTime, Option<NaiveDateTime>)> = api_tokens::table
        .inner_join(users::table)
        .order(api_tokens::id)
        .select((
            api_tokens::id,
            users::name,
            api_tokens::label,
            api_tokens::created_at,
            api_tokens::revoked_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, user, label, created_at, revoked)| TokenInfo {
            id,
            user,
            label,
            created_at,
            revoked: revoked.is_some(),
        })
        .collect())
}

pub fn revoke_token(conn: &mut DbConnection, id: i32) -> Result<bool, StorageError> {
    let n = diesel::update(
        api_tokens::table
            .find(id)
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(Some(Utc::now().naive_utc())))
    .execute(conn)?;
    Ok(n == 1)
}

/// A secret of this install: read, or generated with `generate` and stored the first time.
pub fn install_secret(
    conn: &mut DbConnection,
    name: &str,
    generate: impl FnOnce() -> Result<String, StorageError>,
) -> Result<String, StorageError> {
    if let Some(value) = app_secrets::table
        .find(name)
        .select(app_secrets::value)
        .first::<String>(conn)
        .optional()?
    {
        return Ok(value);
    }
    let value = generate()?;
    // Two processes starting together may race: the first insert wins and both read it back.
    let _ = diesel::insert_into(app_secrets::table)
        .values((app_secrets::name.eq(name), app_secrets::value.eq(&value)))
        .execute(conn);
    Ok(app_secrets::table
        .find(name)
        .select(app_secrets::value)
        .first(conn)?)
}

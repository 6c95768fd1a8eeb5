//! Failed sign-ins kept in the database, so that server processes sharing one PostgreSQL database throttle as one:
//! a name locked out by one is locked out by all. Each key keeps its last failures within the window, no more.

use chrono::{NaiveDateTime, Utc};
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::schema::signin_failures;
use super::{DbConnection, StorageError};

/// The start of the window ending now.
fn since(window: std::time::Duration) -> NaiveDateTime {
    let window = chrono::Duration::from_std(window).unwrap_or(chrono::Duration::MAX);
    Utc::now()
        .naive_utc()
        .checked_sub_signed(window)
        .unwrap_or(NaiveDateTime::MIN)
}

/// How many failures `key` has had within `window`.
pub fn recent(
    conn: &mut DbConnection,
    key: &str,
    window: std::time::Duration,
) -> Result<i64, StorageError> {
    Ok(signin_failures::table
        .filter(signin_failures::key.eq(key))
        .filter(signin_failures::failed_at.gt(since(window)))
        .select(count_star())
        .first(conn)?)
}

/// Records a failure against each key, keeping each key's last `limit` at most and dropping every failure older
/// than the window; true when a key has reached its limit.
pub fn record(
    conn: &mut DbConnection,
    keys: &[(&str, usize)],
    window: std::time::Duration,
) -> Result<bool, StorageError> {
    conn.transaction(|conn| {
        let now = Utc::now().naive_utc();
        diesel::delete(signin_failures::table.filter(signin_failures::failed_at.le(since(window))))
            .execute(conn)?;
        let mut locked = false;
        for (key, limit) in keys {
            diesel::insert_into(signin_failures::table)
                .values((
                    signin_failures::key.eq(*key),
                    signin_failures::failed_at.eq(now),
                ))
                .execute(conn)?;
            let kept: Vec<i32> = signin_failures::table
                .filter(signin_failures::key.eq(*key))
                .order(signin_failures::id.desc())
                .limit(i64::try_from(*limit).unwrap_or(i64::MAX))
                .select(signin_failures::id)
                .load(conn)?;
            diesel::delete(
                signin_failures::table
                    .filter(signin_failures::key.eq(*key))
                    .filter(signin_failures::id.ne_all(&kept)),
            )
            .execute(conn)?;
            locked |= kept.len() >= *limit;
        }
        Ok(locked)
    })
}

/// Forgets `key`'s failures (a successful sign-in clears its name and address pair).
pub fn clear(conn: &mut DbConnection, key: &str) -> Result<(), StorageError> {
    diesel::delete(signin_failures::table.filter(signin_failures::key.eq(key))).execute(conn)?;
    Ok(())
}

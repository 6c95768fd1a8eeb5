//! Sign-in throttling, in two counts over a sliding window (15 minutes unless `auth.lockout_seconds` says
//! otherwise):
//!
//! - per (user name, address): 5 failures lock that pair out. Someone guessing a statistician's password from
//!   one address is stopped, while the statistician signing in from their own desk is not: an attacker elsewhere
//!   cannot lock a real user out.
//! - per address: 20 failures, whatever the names, lock the address out (one address trying many names).
//!
//! The address is the peer's, or what `X-Forwarded-For` says when the peer is a trusted proxy
//! ([`super::client_address`]).
//!
//! One SQLite process counts in memory; on PostgreSQL, where several processes may serve one database, the counts
//! live in the database ([`crate::storage::signin_failures`]), so that every process sees every failure.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::storage::{signin_failures, DbConnection, StorageError};

/// Failures of one name from one address before that pair is locked out.
pub const MAX_PAIR_FAILURES: usize = 5;
/// Failures from one address, any names, before the address is locked out.
pub const MAX_ADDRESS_FAILURES: usize = 20;
/// The window failures are counted over, and so how long a lock-out lasts, unless configured otherwise.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Keys kept at the most; past it, expired ones are dropped, then the oldest half.
const MAX_KEYS: usize = 100_000;

/// What one sign-in attempt counts against.
pub struct SignInKeys {
    pair: String,
    address: String,
}

impl SignInKeys {
    pub fn new(name: &str, address: &str) -> Self {
        // A name is only counted by its first 64 characters: a long one costs no more memory. Control characters
        // are counted as U+FFFD: PostgreSQL's text holds no NUL, and the counts may live there.
        let name: String = name
            .chars()
            .take(64)
            .map(|c| if c.is_control() { '\u{fffd}' } else { c })
            .collect();
        SignInKeys {
            pair: format!("{address}\u{1f}{name}"),
            address: address.to_string(),
        }
    }

    fn with_limits(&self) -> [(&str, usize); 2] {
        [
            (self.pair.as_str(), MAX_PAIR_FAILURES),
            (self.address.as_str(), MAX_ADDRESS_FAILURES),
        ]
    }
}

pub struct Throttle {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
    window: Duration,
    /// Counted in the database, shared by every process on it, rather than in this process's memory.
    shared: bool,
}

impl Default for Throttle {
    fn default() -> Self {
        Throttle::new(WINDOW)
    }
}

impl Throttle {
    /// Counting failures over `window`.
    pub fn new(window: Duration) -> Self {
        Throttle {
            failures: Mutex::default(),
            window,
            shared: false,
        }
    }

    /// Counting failures over `window` in the database, shared by every process on it.
    pub fn shared(window: Duration) -> Self {
        Throttle {
            shared: true,
            ..Throttle::new(window)
        }
    }

    /// Whether the pair or the address is locked out now.
    pub fn locked_in(
        &self,
        conn: &mut DbConnection,
        keys: &SignInKeys,
    ) -> Result<bool, StorageError> {
        if !self.shared {
            return Ok(self.locked(keys));
        }
        for (key, limit) in keys.with_limits() {
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            if signin_failures::recent(conn, key, self.window)? >= limit {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Records a failure; true when that locked the pair or the address out.
    pub fn fail_in(
        &self,
        conn: &mut DbConnection,
        keys: &SignInKeys,
    ) -> Result<bool, StorageError> {
        match self.shared {
            true => signin_failures::record(conn, &keys.with_limits(), self.window),
            false => Ok(self.fail(keys)),
        }
    }

    /// A successful sign-in clears the pair's failures (not the address's).
    pub fn succeed_in(
        &self,
        conn: &mut DbConnection,
        keys: &SignInKeys,
    ) -> Result<(), StorageError> {
        match self.shared {
            true => signin_failures::clear(conn, &keys.pair),
            false => {
                self.succeed(keys);
                Ok(())
            }
        }
    }

    /// How long failures are counted, and a lock-out lasts.
    pub fn window(&self) -> Duration {
        self.window
    }

    fn recent(&self, list: &mut Vec<Instant>, now: Instant) -> usize {
        list.retain(|t| now.duration_since(*t) < self.window);
        list.len()
    }

    /// Whether the pair or the address is locked out now, by this process's counts.
    fn locked(&self, keys: &SignInKeys) -> bool {
        let now = Instant::now();
        let Ok(mut map) = self.failures.lock() else {
            return true;
        };
        keys.with_limits().iter().any(|(key, limit)| {
            map.get_mut(*key)
                .is_some_and(|list| self.recent(list, now) >= *limit)
        })
    }

    /// Records a failure in this process's counts; true when that locked the pair or the address out.
    fn fail(&self, keys: &SignInKeys) -> bool {
        let now = Instant::now();
        let Ok(mut map) = self.failures.lock() else {
            return true;
        };
        if map.len() > MAX_KEYS {
            map.retain(|_, list| self.recent(list, now) > 0);
        }
        if map.len() > MAX_KEYS {
            let mut oldest: Vec<(Instant, String)> = map
                .iter()
                .map(|(k, list)| (list.last().copied().unwrap_or(now), k.clone()))
                .collect();
            oldest.sort();
            for (_, key) in oldest.into_iter().take(MAX_KEYS / 2) {
                map.remove(&key);
            }
        }
        let mut locked = false;
        for (key, limit) in keys.with_limits() {
            let list = map.entry(key.to_string()).or_default();
            list.push(now);
            // Only the last `limit` failures matter: a flood costs no more memory.
            if list.len() > limit {
                list.remove(0);
            }
            locked |= self.recent(list, now) >= limit;
        }
        locked
    }

    fn succeed(&self, keys: &SignInKeys) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(&keys.pair);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_the_pair_not_the_name_elsewhere() {
        let t = Throttle::default();
        let attacker = SignInKeys::new("thongke", "203.0.113.9");
        for _ in 0..4 {
            assert!(!t.fail(&attacker));
        }
        assert!(!t.locked(&attacker));
        assert!(t.fail(&attacker));
        assert!(t.locked(&attacker));
        assert!(
            !t.locked(&SignInKeys::new("thongke", "192.0.2.1")),
            "the real user at their own address can still sign in"
        );
        assert!(!t.locked(&SignInKeys::new("quantri", "203.0.113.9")));
    }

    #[test]
    fn twenty_failures_lock_the_address_for_every_name() {
        let t = Throttle::default();
        for i in 0..MAX_ADDRESS_FAILURES {
            t.fail(&SignInKeys::new(&format!("user{i}"), "198.51.100.7"));
        }
        assert!(t.locked(&SignInKeys::new("another", "198.51.100.7")));
        assert!(!t.locked(&SignInKeys::new("another", "198.51.100.8")));
    }
}

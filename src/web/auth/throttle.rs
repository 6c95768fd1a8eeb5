//! Sign-in throttling: after 5 failures for one user name or one address within 15 minutes, further attempts
//! are refused (429) until the window has passed.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MAX_FAILURES: usize = 5;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

#[derive(Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl Throttle {
    fn recent(list: &mut Vec<Instant>, now: Instant) -> usize {
        list.retain(|t| now.duration_since(*t) < WINDOW);
        list.len()
    }

    /// Whether any of the keys (`user:NAME`, `addr:IP`) is locked out now.
    pub fn locked(&self, keys: &[String]) -> bool {
        let now = Instant::now();
        let Ok(mut map) = self.failures.lock() else {
            return true;
        };
        keys.iter().any(|k| {
            map.get_mut(k)
                .is_some_and(|list| Self::recent(list, now) >= MAX_FAILURES)
        })
    }

    /// Records a failure for each key; true when that locked one of them out.
    pub fn fail(&self, keys: &[String]) -> bool {
        let now = Instant::now();
        let Ok(mut map) = self.failures.lock() else {
            return true;
        };
        if map.len() > 100_000 {
            map.retain(|_, list| Self::recent(list, now) > 0);
        }
        let mut locked = false;
        for key in keys {
            let list = map.entry(key.clone()).or_default();
            list.push(now);
            locked |= Self::recent(list, now) >= MAX_FAILURES;
        }
        locked
    }

    /// A successful sign-in clears the user name's failures (not the address's).
    pub fn succeed(&self, user_key: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(user_key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_the_name_and_the_address() {
        let t = Throttle::default();
        let keys = ["user:a".to_string(), "addr:1".to_string()];
        for _ in 0..4 {
            assert!(!t.fail(&keys));
        }
        assert!(!t.locked(&keys));
        assert!(t.fail(&keys));
        assert!(t.locked(&["user:a".into()]));
        assert!(
            t.locked(&["user:b".into(), "addr:1".into()]),
            "the address is locked for every name"
        );
        assert!(!t.locked(&["user:b".into(), "addr:2".into()]));
    }
}

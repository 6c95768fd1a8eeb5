//! Rendered pages kept in memory until the data changes: the dashboard is read far more often than figures are
//! entered. The data version is polled from the database (so changes made by another process, such as a CLI
//! import, show within the poll interval) and bumped at once by writes through this server.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use actix_web::web::Bytes;

/// At most this many pages are kept (languages × years × resolutions); past it the cache starts over.
const CAPACITY: usize = 256;

#[derive(Default)]
pub struct PageCache {
    version: AtomicU64,
    pages: Mutex<HashMap<String, (u64, Bytes)>>,
    /// The stored resolutions (for the header's switcher), read again whenever the version moves.
    resolutions: Mutex<std::sync::Arc<Vec<crate::domain::Resolution>>>,
    /// Pages asked for and found, and not found (for `/metrics`).
    hits: AtomicU64,
    misses: AtomicU64,
}

impl PageCache {
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::Acquire)
    }

    pub fn set_version(&self, version: u64) {
        self.version.store(version, Ordering::Release);
    }

    /// The stored resolutions, oldest first, as of the last version read.
    pub fn resolutions(&self) -> std::sync::Arc<Vec<crate::domain::Resolution>> {
        self.resolutions
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
    }

    pub fn set_resolutions(&self, resolutions: Vec<crate::domain::Resolution>) {
        if let Ok(mut r) = self.resolutions.lock() {
            *r = std::sync::Arc::new(resolutions);
        }
    }

    /// The page for `key` if it was rendered at the current data version.
    pub fn get(&self, key: &str) -> Option<Bytes> {
        let current = self.version();
        let found = self.pages.lock().ok().and_then(|pages| {
            pages
                .get(key)
                .filter(|(version, _)| *version == current)
                .map(|(_, body)| body.clone())
        });
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// How many pages were found in the cache, and how many were not, since the start.
    pub fn hits_and_misses(&self) -> (u64, u64) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }

    /// Keeps a page rendered from data read at `version` (read before the data, so a change during rendering
    /// leaves the page stale, never wrongly fresh).
    pub fn put(&self, key: String, version: u64, body: Bytes) {
        if let Ok(mut pages) = self.pages.lock() {
            if pages.len() >= CAPACITY && !pages.contains_key(&key) {
                pages.clear();
            }
            pages.insert(key, (version, body));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_served_until_the_version_moves() {
        let cache = PageCache::default();
        cache.set_version(1);
        cache.put("vi/2024".into(), 1, Bytes::from_static(b"trang"));
        assert_eq!(cache.get("vi/2024").as_deref(), Some(&b"trang"[..]));
        assert_eq!(cache.get("en/2024"), None);
        cache.set_version(2);
        assert_eq!(cache.get("vi/2024"), None);
    }

    #[test]
    fn the_cache_stays_bounded() {
        let cache = PageCache::default();
        for i in 0..(CAPACITY + 10) {
            cache.put(format!("k{i}"), 0, Bytes::new());
        }
        assert!(cache.pages.lock().map(|p| p.len()).unwrap_or(0) <= CAPACITY);
    }
}

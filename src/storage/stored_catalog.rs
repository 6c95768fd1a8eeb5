//! A resolution's catalog as stored: the catalog itself and the row ids its entries have.

use std::collections::HashMap;

use crate::domain::Catalog;

/// A catalog as stored, with the row ids queries need.
#[derive(Debug, Clone)]
pub struct StoredCatalog {
    pub id: i32,
    pub catalog: Catalog,
    pub target_ids: HashMap<String, i32>,
    pub breakthrough_ids: HashMap<String, i32>,
}

impl StoredCatalog {
    pub fn target_id(&self, code: &str) -> Option<i32> {
        self.target_ids.get(code).copied()
    }
}

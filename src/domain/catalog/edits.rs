//! Editing a catalog as its file's entries: an entry's table, a changed or retired entry, a new resolution,
//! and every entry's texts; each edit gives a whole catalog checked again.

use serde::Serialize;

use super::checks::*;
use super::*;
use crate::domain::entry_kind::EntryKind;

impl Catalog {
    /// A new resolution's catalog, from its entry as the file writes it (no groups or targets yet).
    pub fn new_resolution(entry: toml::Table) -> Result<Catalog, CatalogErrors> {
        let mut file = toml::Table::new();
        file.insert("resolution".into(), toml::Value::Table(entry));
        Catalog::from_table(file)
    }

    /// The entry of `kind` with `code`, as the catalog file writes it (`None` when there is none).
    pub fn entry_table(&self, kind: EntryKind, code: &str) -> Option<toml::Table> {
        let mut file = self.table().ok()?;
        if kind == EntryKind::Resolution {
            if code != self.resolution.code {
                return None;
            }
            return match file.remove("resolution") {
                Some(toml::Value::Table(t)) => Some(t),
                _ => None,
            };
        }
        let Some(toml::Value::Array(items)) = file.remove(kind.segment()) else {
            return None;
        };
        items.into_iter().find_map(|item| match item {
            toml::Value::Table(t) if code_of(&t) == Some(code) => Some(t),
            _ => None,
        })
    }

    /// The catalog with `entry` added (`adding`: its code must be new) or put in place of the entry with its
    /// code (which keeps its place and whether it is retired), checked as `catalog load` checks a file.
    pub fn with_entry(
        &self,
        kind: EntryKind,
        mut entry: toml::Table,
        adding: bool,
    ) -> Result<Catalog, CatalogErrors> {
        let mut file = self.table()?;
        let code = entry
            .get("code")
            .and_then(|c| c.as_str())
            .unwrap_or("")
            .to_string();
        if kind == EntryKind::Resolution {
            entry.insert("code".into(), self.resolution.code.clone().into());
            file.insert("resolution".into(), toml::Value::Table(entry));
            return Catalog::from_table(file);
        }
        let list = file
            .entry(kind.segment())
            .or_insert_with(|| toml::Value::Array(Vec::new()));
        let Some(items) = list.as_array_mut() else {
            return Err(entry_problem(
                kind,
                &code,
                "file",
                "không đọc được",
                "cannot be read",
            ));
        };
        let at = items
            .iter()
            .position(|item| item.as_table().and_then(code_of) == Some(code.as_str()));
        match (at, adding) {
            (Some(_), true) => {
                return Err(CatalogErrors(vec![CatalogProblem::new(
                    kind.entry(&code),
                    duplicate_code(),
                )]))
            }
            (None, false) => return Err(no_such_entry(kind, &code)),
            (None, true) => items.push(toml::Value::Table(entry)),
            (Some(i), false) => {
                if let Some(retired) = items[i].get("retired").cloned() {
                    entry.insert("retired".into(), retired);
                }
                items[i] = toml::Value::Table(entry);
            }
        }
        Catalog::from_table(file)
    }

    /// The catalog with the entry of `kind` and `code` retired (or restored), checked as `catalog load` checks a
    /// file: a group with targets in it, or a breakthrough with targets linked to it, is not retired.
    pub fn with_retired(
        &self,
        kind: EntryKind,
        code: &str,
        retired: bool,
    ) -> Result<Catalog, CatalogErrors> {
        let mut file = self.table()?;
        let items = match file.get_mut(kind.segment()) {
            Some(toml::Value::Array(items)) if kind.retires() => items,
            _ => return Err(no_such_entry(kind, code)),
        };
        let Some(at) = items
            .iter()
            .position(|item| item.as_table().and_then(code_of) == Some(code))
        else {
            return Err(no_such_entry(kind, code));
        };
        // Last of its list, as `file()` writes a newly retired entry and a restored one.
        let mut entry = items.remove(at);
        if let Some(table) = entry.as_table_mut() {
            match retired {
                true => table.insert("retired".into(), toml::Value::Boolean(true)),
                false => table.remove("retired"),
            };
        }
        items.push(entry);
        Catalog::from_table(file)
    }

    /// Every entry's fields as the catalog file writes them ("target T03" → [("title_vi", "…"), …]): what the
    /// catalog's history compares when a file changes the catalog.
    pub fn entry_texts(&self) -> Vec<(String, Vec<(String, String)>)> {
        fn texts(entry: &impl Serialize) -> Vec<(String, String)> {
            let Ok(toml::Value::Table(table)) = toml::Value::try_from(entry) else {
                return Vec::new();
            };
            table
                .into_iter()
                .map(|(k, v)| {
                    let text = match v {
                        toml::Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (k, text)
                })
                .collect()
        }
        let file = self.file();
        let mut out = vec![("resolution".to_string(), texts(&file.resolution))];
        out.extend(
            file.targets
                .iter()
                .map(|t| (format!("target {}", t.code), texts(t))),
        );
        out.extend(
            file.groups
                .iter()
                .map(|g| (format!("group {}", g.code), texts(g))),
        );
        out.extend(
            file.breakthroughs
                .iter()
                .map(|b| (format!("breakthrough {}", b.code), texts(b))),
        );
        out
    }
}

/// A catalog file's entry's code.
pub(super) fn code_of(entry: &toml::Table) -> Option<&str> {
    entry.get("code").and_then(toml::Value::as_str)
}

pub(super) fn no_such_entry(kind: EntryKind, code: &str) -> CatalogErrors {
    entry_problem(
        kind,
        code,
        "code",
        "không có mục này",
        "there is no such entry",
    )
}

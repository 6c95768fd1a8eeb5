//! What an import would change, figure by figure, against what is stored: new, changed (from what to what) or
//! unchanged. A dry run shows it before anything is written.

use std::collections::HashMap;

use serde::Serialize;

use super::error::AppError;
use super::history::snapshot_text;
use crate::domain::history::Snapshot;
use crate::domain::wording::{self, Lang};
use crate::domain::Catalog;
use crate::domain::Quality;
use crate::exchange::Entries;
use crate::storage::{measurements, DbConnection, StoredCatalog};

/// The most changes a plan lists (a file may have a million rows); the counts cover all of them.
pub const LISTED: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    New,
    Changed,
    Unchanged,
}

crate::domain::lang::words!(ChangeKind {
    New => "Mới" / "New",
    Changed => "Sửa" / "Changed",
    Unchanged => "Không đổi" / "Unchanged",
});

/// One figure of the file and what importing it would do.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedChange {
    pub target_code: String,
    /// The unit whose figure it is; none for the area's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub year: i32,
    pub quality: Quality,
    pub change: ChangeKind,
    /// The stored figure it replaces, if any.
    pub was: Option<Snapshot>,
    pub now: Snapshot,
}

/// The file's figures against the stored ones: the first [`LISTED`] changes in the file's order (the area's
/// figures, then the units'), and how many of each kind in all.
#[derive(Debug, Default, Serialize)]
pub struct Plan {
    pub changes: Vec<PlannedChange>,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

type Key = (String, String, i32, Quality);

pub fn plan(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    entries: &Entries,
) -> Result<Plan, AppError> {
    let area: HashMap<Key, Snapshot> = measurements::all_measurements(conn, stored)?
        .into_iter()
        .map(|m| {
            let key = (
                m.target_code,
                String::new(),
                m.figure.year,
                m.figure.quality,
            );
            (
                key,
                Snapshot::of_reading(m.figure.reading, m.source, m.note),
            )
        })
        .collect();
    let units: HashMap<Key, Snapshot> = measurements::all_unit_measurements(conn, stored)?
        .into_iter()
        .map(|m| {
            let f = m.figure;
            let key = (m.target_code, f.unit, f.year, f.quality);
            (key, Snapshot::of_unit_reading(f.reading, m.source, m.note))
        })
        .collect();
    let mut plan = Plan::default();
    for (code, e) in &entries.area {
        let now = Snapshot::of_reading(e.figure.reading, e.source.clone(), e.note.clone());
        let key = (code.clone(), String::new(), e.figure.year, e.figure.quality);
        let was = area.get(&key);
        plan.add(key, was, now);
    }
    for (code, e) in &entries.units {
        let f = &e.figure;
        let now = Snapshot::of_unit_reading(f.reading, e.source.clone(), e.note.clone());
        let key = (code.clone(), f.unit.clone(), f.year, f.quality);
        let was = units.get(&key);
        plan.add(key, was, now);
    }
    Ok(plan)
}

impl Plan {
    fn add(&mut self, (code, unit, year, quality): Key, was: Option<&Snapshot>, now: Snapshot) {
        let change = match was {
            None => ChangeKind::New,
            Some(was) if *was == now => ChangeKind::Unchanged,
            Some(_) => ChangeKind::Changed,
        };
        *match change {
            ChangeKind::New => &mut self.created,
            ChangeKind::Changed => &mut self.updated,
            ChangeKind::Unchanged => &mut self.unchanged,
        } += 1;
        if self.changes.len() < LISTED {
            self.changes.push(PlannedChange {
                target_code: code,
                unit: (!unit.is_empty()).then_some(unit),
                year,
                quality,
                change,
                was: was.cloned(),
                now,
            });
        }
    }
}

/// A planned change in words, for the page and the terminal.
pub struct PlannedRow {
    pub target: String,
    /// Whose figure: the unit's name or the area's.
    pub of: String,
    pub year: i32,
    pub quality: &'static str,
    /// `new`, `changed` or `unchanged`, for the page's style.
    pub class: &'static str,
    pub change: &'static str,
    /// "80,6 → 81,2 triệu đồng/người/năm", or the new figure alone.
    pub figure: String,
}

/// Each planned change in the reader's language.
pub fn planned_rows(changes: &[PlannedChange], catalog: &Catalog, lang: Lang) -> Vec<PlannedRow> {
    changes
        .iter()
        .filter_map(|c| {
            let target = catalog.target(&c.target_code)?;
            let now = snapshot_text(&c.now, target, lang);
            let figure = match (&c.was, c.change) {
                (Some(was), ChangeKind::Changed) => {
                    format!("{} → {now}", snapshot_text(was, target, lang))
                }
                _ => now,
            };
            Some(PlannedRow {
                target: format!("{} · {}", target.code, wording::title(target, lang)),
                of: super::views::figure_of(catalog, c.unit.as_deref(), lang),
                year: c.year,
                quality: c.quality.label(lang),
                class: match c.change {
                    ChangeKind::New => "new",
                    ChangeKind::Changed => "changed",
                    ChangeKind::Unchanged => "unchanged",
                },
                change: c.change.label(lang),
                figure,
            })
        })
        .collect()
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
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
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
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
    /// The rows that would change an approved figure: the import itself refuses them (409 `figure_approved`).
    #[serde(skip)]
    pub approved: crate::exchange::Problems,
}

type Key = (String, String, i32, Quality);

/// A stored figure as the plan compares it: what it holds, and whether it is approved.
type Held = (Snapshot, bool);

pub fn plan(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    entries: &Entries,
) -> Result<Plan, AppError> {
    use crate::domain::approval::Approval;
    let area: HashMap<Key, Held> = measurements::all_measurements(conn, stored)?
        .into_iter()
        .map(|m| {
            let key = (
                m.target_code,
                String::new(),
                m.figure.year,
                m.figure.quality,
            );
            let approved = m.approval == Approval::Approved;
            let held = Snapshot::of_reading(m.figure.reading, m.source, m.note);
            (key, (held, approved))
        })
        .collect();
    let units: HashMap<Key, Held> = measurements::all_unit_measurements(conn, stored)?
        .into_iter()
        .map(|m| {
            let f = m.figure;
            let key = (m.target_code, f.unit, f.year, f.quality);
            let approved = m.approval == Approval::Approved;
            (
                key,
                (
                    Snapshot::of_unit_reading(f.reading, m.source, m.note),
                    approved,
                ),
            )
        })
        .collect();
    let mut plan = Plan::default();
    for ((code, e), row) in entries.area.iter().zip(&entries.area_rows) {
        let now = Snapshot::of_reading(e.figure.reading, e.source.clone(), e.note.clone());
        let key = (code.clone(), String::new(), e.figure.year, e.figure.quality);
        let was = area.get(&key);
        plan.add(key, was, now, *row);
    }
    for ((code, e), row) in entries.units.iter().zip(&entries.unit_rows) {
        let f = &e.figure;
        let now = Snapshot::of_unit_reading(f.reading, e.source.clone(), e.note.clone());
        let key = (code.clone(), f.unit.clone(), f.year, f.quality);
        let was = units.get(&key);
        plan.add(key, was, now, *row);
    }
    Ok(plan)
}

impl Plan {
    fn add(&mut self, key: Key, held: Option<&Held>, now: Snapshot, row: usize) {
        let was = held.map(|(snapshot, _)| snapshot);
        let change = match was {
            None => ChangeKind::New,
            Some(was) if *was == now => ChangeKind::Unchanged,
            Some(_) => ChangeKind::Changed,
        };
        if change == ChangeKind::Changed && held.is_some_and(|(_, approved)| *approved) {
            self.approved.push(approved_row(row, &key));
        }
        let (code, unit, year, quality) = key;
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

/// A row that would change an approved figure, named as the import's refusal names it.
fn approved_row(row: usize, (code, unit, year, quality): &Key) -> crate::exchange::RowProblem {
    let error = super::figures::approved(code, unit, *year, *quality);
    crate::exchange::RowProblem::new(row, Some("value"), error.message.en.into_owned())
        .vi(error.message.vi.into_owned())
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

//! Figures written: the one pipeline every way of writing goes through (the API's PUT and DELETE, the area's and
//! a unit's entry forms; files go through [`super::import`], which ends in the same batch write). A figure is
//! checked by the domain's one check, its writer's scope is held to it, and it is written with a compare-and-set
//! on the revision the writer saw, under the resolution's write lock, its history and roll-up totals with it.

use serde_json::json;

use super::checks;
use super::error::AppError;
use super::scope::{target_of, Scope};
use super::views::MeasurementView;
use crate::domain::account::UnitScope;
use crate::domain::lang::Said;
use crate::domain::measurement::{Channel, Entry, FieldProblem, Measurement};
use crate::domain::rollup::UnitFigure;
use crate::domain::{Catalog, Figure, Quality, Target};
use crate::storage::figure_columns::StoredFigure;
use crate::storage::measurements::{self, FigureKey, WriteError, Written};
use crate::storage::{DbConnection, StoredCatalog};

/// Who writes: the name the history keeps, their scope if they write for one unit, and the way it came.
#[derive(Debug, Clone, Copy)]
pub struct Writer<'a> {
    pub name: &'a str,
    pub scope: Option<&'a UnitScope>,
    /// The agency whose targets alone they write, if scoped to one.
    pub agency: Option<&'a crate::domain::account::AgencyScope>,
    pub channel: Channel,
}

impl<'a> Writer<'a> {
    /// A signed-in caller writing by `channel`: their name, and the unit or agency they are scoped to.
    pub fn of(who: &'a super::accounts::Identity, channel: Channel) -> Writer<'a> {
        Writer {
            name: &who.name,
            scope: who.unit.as_ref(),
            agency: who.agency.as_ref(),
            channel,
        }
    }

    /// Refuses a figure outside the writer's scope (the area's, another unit's, another resolution's). The
    /// access table refuses such requests first; this holds the same rule wherever a write comes from.
    /// An agency's statistician writes only the figures of the targets it answers for (`target`; none for what
    /// is no target's, such as a breakthrough task's assessment).
    pub fn may_write(
        &self,
        stored: &StoredCatalog,
        target: Option<&str>,
        unit: &str,
    ) -> Result<(), AppError> {
        let resolution = &stored.catalog.resolution.code;
        if let Some(scope) = self.scope.filter(|s| !s.covers(resolution, unit)) {
            return Err(super::accounts::outside_scope(scope));
        }
        if let Some(agency) = self.agency {
            let answers = target
                .and_then(|code| stored.catalog.target(code))
                .is_some_and(|t| agency.covers(resolution, t));
            if !answers {
                return Err(super::accounts::outside_agency(
                    agency,
                    target.unwrap_or(""),
                ));
            }
        }
        Ok(())
    }
}

/// A figure written by one request: created (201) or changed or left as it was (200).
pub struct Put {
    pub created: bool,
    pub figure: MeasurementView,
}

/// Checks a figure against its target in the scope's resolution and writes it on the revision the writer saw
/// (none: it must not exist yet): the one write of the area's figures and the units'.
pub fn put<F: StoredFigure>(
    conn: &mut DbConnection,
    scope: &Scope,
    code: &str,
    revision: Option<i32>,
    who: &Writer<'_>,
    check: impl FnOnce(&Target, &Catalog) -> Result<Entry<F>, Vec<FieldProblem>>,
) -> Result<Put, AppError> {
    let stored = scope.catalog(conn)?;
    let target = target_of(&stored, code)?;
    let entry = check(target, &stored.catalog).map_err(|p| AppError::problems(&p))?;
    who.may_write(&stored, Some(code), entry.figure.unit())?;
    let warnings = checks::Figures::of_target(conn, &stored, code)?.warnings(
        &stored.catalog,
        code,
        &entry.figure,
    );
    if !warnings.is_empty() && !checks::has_note(&entry) {
        return Err(checks::note_needed(&warnings));
    }
    let written =
        measurements::put_measurement(conn, &stored, code, &entry, revision, who.name, who.channel);
    let (created, m) = match written {
        Ok(Written::Created(m)) => (true, m),
        Ok(Written::Updated(m) | Written::Unchanged(m)) => (false, m),
        Err(e) => return Err(write_error(e)),
    };
    let mut figure = MeasurementView::from(m);
    figure.warnings = warnings.iter().map(checks::WarningView::from).collect();
    Ok(Put { created, figure })
}

/// Deletes the figure of `unit` (none: the area's) at `year` and `quality`, on the revision the writer saw; kept
/// in the history as a deletion.
pub fn delete(
    conn: &mut DbConnection,
    scope: &Scope,
    code: &str,
    (year, quality): (i32, Quality),
    revision: i32,
    who: &Writer<'_>,
) -> Result<MeasurementView, AppError> {
    let stored = scope.catalog(conn)?;
    target_of(&stored, code)?;
    let unit = scope.unit_of(&stored).map_err(|e| AppError {
        status: 422,
        code: super::error::ErrorCode::InvalidValue,
        ..e
    })?;
    who.may_write(&stored, Some(code), unit.map_or("", |u| u.code.as_str()))?;
    let by = (who.name, who.channel);
    match unit {
        None => {
            let key = FigureKey::area(year, quality);
            measurements::delete_measurement::<Figure>(conn, &stored, code, key, revision, by)
                .map(MeasurementView::from)
                .map_err(write_error)
        }
        Some(unit) => {
            let key = FigureKey {
                unit: &unit.code,
                year,
                quality,
            };
            measurements::delete_measurement::<UnitFigure>(conn, &stored, code, key, revision, by)
                .map(MeasurementView::from)
                .map_err(write_error)
        }
    }
}

/// A box of a form to write: its target, what it becomes, and the revision the form was filled from.
pub struct Change<F = Figure> {
    pub code: String,
    pub entry: Entry<F>,
    pub seen: Option<i32>,
}

/// A box someone else changed after the form was filled: what was typed, and what is stored now (none: deleted).
pub struct Conflict<F = Figure> {
    pub code: String,
    pub typed: Entry<F>,
    pub theirs: Option<Measurement<F>>,
}

/// A box the checks warn about, typed without a note: nothing of the form is written until it has one.
pub struct Unexplained {
    pub code: String,
    pub quality: Quality,
    /// What looks odd, in the reader's language.
    pub message: String,
}

/// How a form's boxes were written: how many saved, those someone else changed meanwhile (theirs kept), and
/// the boxes that need a note (when any, nothing is written).
pub struct Saved<F = Figure> {
    pub count: usize,
    pub conflicts: Vec<Conflict<F>>,
    pub unexplained: Vec<Unexplained>,
}

/// Writes a form's changed boxes, each on the revision it was typed on; none when a box the checks warn about
/// has no note (those boxes are answered, with what looks odd in `lang`).
pub fn put_changes<F: StoredFigure>(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    changes: Vec<Change<F>>,
    who: &Writer<'_>,
    lang: crate::domain::lang::Lang,
) -> Result<Saved<F>, AppError> {
    let mut saved = Saved {
        count: 0,
        conflicts: Vec::new(),
        unexplained: unexplained(conn, stored, &changes, lang)?,
    };
    if !saved.unexplained.is_empty() {
        return Ok(saved);
    }
    for c in changes {
        who.may_write(stored, Some(&c.code), c.entry.figure.unit())?;
        let written = measurements::put_measurement(
            conn,
            stored,
            &c.code,
            &c.entry,
            c.seen,
            who.name,
            who.channel,
        );
        match written {
            Ok(Written::Created(_) | Written::Updated(_)) => saved.count += 1,
            Ok(Written::Unchanged(_)) => {}
            Err(WriteError::Stale { current }) => saved.conflicts.push(Conflict {
                code: c.code,
                typed: c.entry,
                theirs: current.map(|m| *m),
            }),
            Err(WriteError::NotFound) => return Err(AppError::no_page()),
            Err(e) => return Err(write_error(e)),
        }
    }
    Ok(saved)
}

/// The changes the checks warn about that have no note, in the reader's language.
fn unexplained<F: StoredFigure>(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    changes: &[Change<F>],
    lang: crate::domain::lang::Lang,
) -> Result<Vec<Unexplained>, AppError> {
    let mut figures = std::collections::HashMap::new();
    let mut found = Vec::new();
    for c in changes.iter().filter(|c| !checks::has_note(&c.entry)) {
        if !figures.contains_key(&c.code) {
            let of_target = checks::Figures::of_target(conn, stored, &c.code)?;
            figures.insert(c.code.clone(), of_target);
        }
        let warnings = figures[&c.code].warnings(&stored.catalog, &c.code, &c.entry.figure);
        if !warnings.is_empty() {
            found.push(Unexplained {
                code: c.code.clone(),
                quality: c.entry.figure.quality(),
                message: checks::asks_for_note(&warnings, lang),
            });
        }
    }
    Ok(found)
}

/// A write based on a revision that is no longer the figure's: what is stored now, and who changed it.
fn stale<F: StoredFigure>(current: Option<Box<Measurement<F>>>) -> AppError {
    let message = match &current {
        Some(m) => {
            let at = m
                .changed_at
                .and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            Said::new(
                format!(
                    "số liệu đã được {} thay đổi lúc {at} (phiên bản {}): hãy tải lại rồi sửa lại",
                    m.changed_by, m.revision
                ),
                format!(
                    "the figure was changed by {} at {at} (revision {}): reload it and apply your change again",
                    m.changed_by, m.revision
                ),
            )
        }
        None => Said::new(
            "số liệu này không (còn) tồn tại: hãy tạo mới, không kèm phiên bản",
            "the figure does not exist (any more): create it without a revision",
        ),
    };
    let current = current.map(|m| MeasurementView::from(*m));
    AppError::stale(message, json!(current))
}

pub(super) fn write_error<F: StoredFigure>(e: WriteError<F>) -> AppError {
    match e {
        WriteError::Stale { current } => stale(current),
        WriteError::NotFound => AppError::not_found("không có số liệu này", "no such figure"),
        WriteError::Locked(lock) => AppError::year_locked(&lock),
        WriteError::Approved(m) => approved(
            &m.target_code,
            m.figure.unit(),
            m.figure.year(),
            m.figure.quality(),
        ),
        WriteError::NotInStep { step, from } => AppError::approval_step(step, from),
        WriteError::Storage(e) => e.into(),
    }
}

/// The refusal of a change to an approved figure, naming it.
pub fn approved(code: &str, unit: &str, year: i32, quality: Quality) -> AppError {
    use crate::domain::lang::Lang;
    let of = |lang: Lang| {
        let unit = match unit {
            "" => String::new(),
            u => format!(" {u}"),
        };
        format!("{code}{unit} {year} ({})", quality.label(lang))
    };
    AppError::figure_approved(&of(Lang::Vi), &of(Lang::En))
}

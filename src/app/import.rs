//! A spreadsheet's figures imported: read within the limits of where the file came from, checked row by row as
//! every other way of entering a figure is, and, unless it is a dry run, written in one transaction. The one
//! import the API (`POST /api/v1/imports`), the `/import` page and the command line (`import FILE`) share.

use serde::Serialize;

use super::error::{AppError, ErrorCode};
use super::figures::Writer;
use super::import_plan::PlannedChange;
use crate::domain::measurement::EntryPolicy;
use crate::exchange::{self, check_rows, FileKind, Limits, Problems, RowProblem};
use crate::storage::measurements::{self, BatchError};
use crate::storage::{DbConnection, StoredCatalog};

/// A file to import, and the limits it is read within (an upload's, or a file of the operator's own).
pub struct ImportFile<'a> {
    pub kind: FileKind,
    pub bytes: &'a [u8],
    pub limits: Limits,
}

/// How an import went: refused (its first problems and how many more), checked (a dry run), or written.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub accepted: usize,
    // At most exchange::SHOWN_PROBLEMS.
    /// The file's first problems (100 at most), in the order found.
    pub errors: Vec<RowProblem>,
    /// How many more problems the file has past those named.
    pub more_errors: usize,
    pub dry_run: bool,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Rows with a target, year and quality but no figure (a template's rows left empty): skipped.
    pub blank: usize,
    // The first import_plan::LISTED.
    /// A dry run's figures and what importing each would do (the first 500; the counts cover all).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<PlannedChange>,
    /// The rows the checks warn about that carry a note (saved with it); those without one are `errors`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<RowProblem>,
    // Over super::checks::CHECKED_ROWS rows.
    /// Whether the file had more than 5,000 rows (a province's bulk load), too many to check for odd figures.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub checks_skipped: bool,
}

impl ImportReport {
    fn refused(problems: impl Into<Problems>, dry_run: bool) -> ImportReport {
        let problems = problems.into();
        ImportReport {
            accepted: 0,
            errors: problems.shown,
            more_errors: problems.more,
            dry_run,
            created: 0,
            updated: 0,
            unchanged: 0,
            blank: 0,
            changes: Vec::new(),
            warnings: Vec::new(),
            checks_skipped: false,
        }
    }

    /// A dry run's report: what importing the entries would do.
    fn planned(entries: &exchange::Entries, plan: super::import_plan::Plan) -> ImportReport {
        ImportReport {
            accepted: entries.len(),
            errors: Vec::new(),
            more_errors: 0,
            dry_run: true,
            created: plan.created,
            updated: plan.updated,
            unchanged: plan.unchanged,
            blank: entries.blank,
            changes: plan.changes,
            warnings: Vec::new(),
            checks_skipped: false,
        }
    }

    /// Whether the file was refused.
    pub fn is_refused(&self) -> bool {
        !self.errors.is_empty()
    }
}

/// Reads and checks a file's rows and, unless it is a dry run, writes them all in one transaction. A file with a
/// bad row is reported (nothing written); a commune statistician's file with a row of another unit, or sent to
/// another resolution, is refused; a figure changed meanwhile by someone else undoes the whole import (409).
pub fn import(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    policy: &EntryPolicy,
    file: ImportFile<'_>,
    dry_run: bool,
    who: &Writer<'_>,
) -> Result<ImportReport, AppError> {
    let sheet = match exchange::read(file.kind, file.bytes, file.limits) {
        Ok(sheet) => sheet,
        Err(errors) => return Ok(ImportReport::refused(errors, dry_run)),
    };
    if let Some(outside) = outside_scope(&sheet, stored, who)? {
        return Ok(ImportReport::refused(outside, dry_run));
    }
    let entries = match check_rows(&sheet, &stored.catalog, policy) {
        Ok(entries) => entries,
        Err(errors) => return Ok(ImportReport::refused(errors, dry_run)),
    };
    drop(sheet);
    let checks_skipped = entries.len() > super::checks::CHECKED_ROWS;
    let warned = match checks_skipped {
        true => Warned::default(),
        false => warned(conn, stored, &entries)?,
    };
    if !warned.unexplained.is_empty() {
        return Ok(ImportReport {
            warnings: warned.explained,
            ..ImportReport::refused(warned.unexplained, dry_run)
        });
    }
    if dry_run {
        let mut plan = super::import_plan::plan(conn, stored, &entries)?;
        if !plan.approved.shown.is_empty() {
            let approved = std::mem::take(&mut plan.approved);
            return Ok(ImportReport::refused(approved, true));
        }
        return Ok(ImportReport {
            warnings: warned.explained,
            checks_skipped,
            ..ImportReport::planned(&entries, plan)
        });
    }
    let counts = write(conn, stored, &entries, who)?;
    Ok(ImportReport {
        accepted: entries.len(),
        errors: Vec::new(),
        more_errors: 0,
        dry_run,
        created: counts.created,
        updated: counts.updated,
        unchanged: counts.unchanged,
        blank: entries.blank,
        changes: Vec::new(),
        warnings: warned.explained,
        checks_skipped,
    })
}

/// Writes a checked file's figures in one transaction, each refusal as the API words it.
fn write(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    entries: &exchange::Entries,
    who: &Writer<'_>,
) -> Result<measurements::WriteCounts, AppError> {
    let (area, units) = (&entries.area, &entries.units);
    measurements::write_both(conn, stored, area, units, who.name, who.channel).map_err(|e| match e {
        BatchError::Storage(e) => AppError::from(e),
        BatchError::Locked(lock) => AppError::year_locked(&lock),
        BatchError::Approved(f) => super::figures::approved(&f.target, &f.unit, f.year, f.quality),
        BatchError::Stale => AppError::new(
            ErrorCode::StaleRevision,
            "một số liệu trong tệp vừa được người khác thay đổi trong lúc nhập: chưa lưu gì; hãy nhập lại tệp",
            "a figure in the file was changed by someone else while it was imported: nothing was written; import the file again",
        ),
    })
}

/// A file's figures the checks warn about: with a note (saved with it), and without (the file is refused).
#[derive(Default)]
struct Warned {
    explained: Vec<RowProblem>,
    unexplained: Problems,
}

fn warned(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    entries: &exchange::Entries,
) -> Result<Warned, AppError> {
    let figures = super::checks::Figures::of_resolution(conn, stored)?;
    let catalog = &stored.catalog;
    let mut warned = Warned::default();
    let mut note = |row: usize, warnings: Vec<crate::domain::checks::Warning>, explained: bool| {
        if warnings.is_empty() {
            return;
        }
        let joined = |lang| super::checks::joined(&warnings, lang);
        use crate::domain::lang::Lang;
        if explained {
            let problem = RowProblem::new(row, Some("note"), joined(Lang::En)).vi(joined(Lang::Vi));
            if warned.explained.len() < exchange::SHOWN_PROBLEMS {
                warned.explained.push(problem);
            }
        } else {
            warned.unexplained.push(
                RowProblem::new(
                    row,
                    Some("note"),
                    super::checks::asks_for_note(&warnings, Lang::En),
                )
                .vi(super::checks::asks_for_note(&warnings, Lang::Vi)),
            );
        }
    };
    for ((code, entry), row) in entries.area.iter().zip(&entries.area_rows) {
        let found = figures.warnings(catalog, code, &entry.figure);
        note(*row, found, super::checks::has_note(entry));
    }
    for ((code, entry), row) in entries.units.iter().zip(&entries.unit_rows) {
        let found = figures.warnings(catalog, code, &entry.figure);
        note(*row, found, super::checks::has_note(entry));
    }
    Ok(warned)
}

/// The rows outside the importer's scope (another unit's, or a target their agency does not answer for), if any;
/// a file sent to another resolution than the commune statistician's is refused whole.
fn outside_scope(
    sheet: &exchange::Sheet,
    stored: &StoredCatalog,
    who: &Writer<'_>,
) -> Result<Option<Problems>, AppError> {
    let resolution = &stored.catalog.resolution.code;
    if let Some(scope) = who.scope {
        if &scope.resolution != resolution {
            return Err(super::accounts::outside_scope(scope));
        }
        let outside = exchange::outside_scope(sheet, &scope.unit);
        if !outside.is_empty() {
            return Ok(Some(outside));
        }
    }
    if let Some(agency) = who.agency {
        let answers = |code: &str| {
            stored
                .catalog
                .target(code)
                .is_some_and(|t| agency.covers(resolution, t))
        };
        let outside = exchange::outside_agency(sheet, answers, &agency.agency);
        if !outside.is_empty() {
            return Ok(Some(outside));
        }
    }
    Ok(None)
}

//! A spreadsheet's figures checked and, unless it is a dry run, written in one transaction: the one import the
//! API (`POST /api/v1/imports`) and the `/import` page share.

use serde::Serialize;

use super::error::{AppError, ErrorCode};
use super::upload::Upload;
use crate::domain::measurement::{Channel, EntryPolicy};
use crate::exchange::{self, check_rows};
use crate::storage::accounts::Identity;
use crate::storage::measurements::{self, BatchError};
use crate::storage::{DbConnection, StoredCatalog};

#[derive(Debug, Serialize)]
pub struct ImportReport {
    pub accepted: usize,
    /// The file's first problems ([`exchange::SHOWN_PROBLEMS`] at most), in the order found.
    pub errors: Vec<exchange::RowProblem>,
    /// How many more problems the file has past those named.
    pub more_errors: usize,
    pub dry_run: bool,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl ImportReport {
    fn rejected(problems: impl Into<exchange::Problems>, dry_run: bool) -> ImportReport {
        let problems = problems.into();
        ImportReport {
            accepted: 0,
            errors: problems.shown,
            more_errors: problems.more,
            dry_run,
            created: 0,
            updated: 0,
            unchanged: 0,
        }
    }
}

/// Checks a file's rows and, unless it is a dry run, writes them all in one transaction. A file with a bad row
/// is reported (nothing written); a figure changed meanwhile by someone else undoes the whole import (409).
pub fn import_file(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    policy: &EntryPolicy,
    upload: &Upload,
    dry_run: bool,
    who: &Identity,
) -> Result<ImportReport, AppError> {
    let sheet = match exchange::read(upload.kind, &upload.bytes, exchange::Limits::UPLOAD) {
        Ok(sheet) => sheet,
        Err(errors) => return Ok(ImportReport::rejected(errors, dry_run)),
    };
    // A commune statistician's file holds their unit's figures only: any other row refuses it whole.
    if let Some(scope) = &who.unit {
        if scope.resolution != stored.catalog.resolution.code {
            return Err(crate::web::auth::outside_unit(scope));
        }
        let outside = exchange::outside_scope(&sheet, &scope.unit);
        if !outside.is_empty() {
            return Ok(ImportReport::rejected(outside, dry_run));
        }
    }
    let who = who.name.as_str();
    let entries = match check_rows(&sheet, &stored.catalog, policy) {
        Ok(entries) => entries,
        Err(errors) => return Ok(ImportReport::rejected(errors, dry_run)),
    };
    let counts = if dry_run {
        Default::default()
    } else {
        let (area, units) = (&entries.area, &entries.units);
        measurements::write_both(conn, stored, area, units, who, Channel::Import).map_err(
            |e| match e {
                BatchError::Storage(e) => AppError::from(e),
                BatchError::Stale => AppError::new(
                    ErrorCode::StaleRevision,
                    "một số liệu trong tệp vừa được người khác thay đổi trong lúc nhập: chưa lưu gì; hãy nhập lại tệp",
                    "a figure in the file was changed by someone else while it was imported: nothing was written; import the file again",
                ),
            },
        )?
    };
    Ok(ImportReport {
        accepted: entries.len(),
        errors: Vec::new(),
        more_errors: 0,
        dry_run,
        created: counts.created,
        updated: counts.updated,
        unchanged: counts.unchanged,
    })
}

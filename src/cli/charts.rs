//! `export-charts DIR`: every target's chart and the overview, as PNG files.

use std::path::Path;

use super::{assessed, CliError};
use crate::app::scope::Scope;
use crate::config::Settings;
use crate::domain::wording::Lang;
use crate::reports::render_all;

pub fn export_charts(
    settings: &Settings,
    dir: &Path,
    as_of: Option<i32>,
    lang: Lang,
    resolution: Option<&str>,
) -> Result<(), CliError> {
    let (db, stored, as_of) = assessed(settings, resolution, as_of)?;
    let scope = Scope::of_resolution(Some(&stored.catalog.resolution.code));
    let read =
        crate::app::report::figures(&mut *db.conn()?, &scope, None).map_err(super::app_error)?;
    let (_, files) = render_all(&read.stored.catalog, &read.area, &read.units, as_of, lang)
        .map_err(anyhow::Error::from)?;
    std::fs::create_dir_all(dir).map_err(|e| CliError::Input(format!("{}: {e}", dir.display())))?;
    for (name, bytes) in &files {
        let path = dir.join(name);
        std::fs::write(&path, bytes)
            .map_err(|e| CliError::Input(format!("{}: {e}", path.display())))?;
    }
    println!(
        "{}: {} charts written (as of {as_of}, {})",
        dir.display(),
        files.len(),
        lang.as_str()
    );
    Ok(())
}

/// `export-report FILE`: the Word report, the same file as `/reports/{year}.docx`.
pub fn export_report(
    settings: &Settings,
    file: &Path,
    (year, kind): (Option<i32>, crate::reports::ReportKind),
    lang: Lang,
    resolution: Option<&str>,
) -> Result<(), CliError> {
    let (db, stored, year) = assessed(settings, resolution, year)?;
    let mut scope = Scope::of_resolution(Some(&stored.catalog.resolution.code));
    scope.year = Some(year.to_string());
    let pack = crate::app::report::document(&mut *db.conn()?, &scope, kind, lang)
        .map_err(super::app_error)?;
    let figures = (&pack.figures.area[..], &pack.figures.units[..]);
    let catalog = &pack.figures.stored.catalog;
    let bytes =
        crate::reports::report_document(catalog, figures, pack.notes, (kind, pack.year), lang)
            .map_err(anyhow::Error::from)?;
    std::fs::write(file, bytes).map_err(|e| CliError::Input(format!("{}: {e}", file.display())))?;
    println!(
        "{}: the {} report of {} written ({})",
        file.display(),
        kind.as_str(),
        pack.year,
        lang.as_str()
    );
    Ok(())
}

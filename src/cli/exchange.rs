//! `import FILE` and `export FILE`: measurements from and to the exchange format.

use std::path::Path;

use super::{open_migrated, stored_catalog, CliError};
use crate::config::Settings;
use crate::domain::measurement::Channel;
use crate::exchange::{self, check_rows};
use crate::storage::measurements;

pub fn import(
    settings: &Settings,
    file: &Path,
    dry_run: bool,
    user: Option<String>,
    resolution: Option<&str>,
) -> Result<(), CliError> {
    let unreadable = |e: std::io::Error| CliError::Input(format!("{}: {e}", file.display()));
    let size = std::fs::metadata(file).map_err(unreadable)?.len();
    if size > exchange::limits::FILE_BYTES_CLI {
        return Err(CliError::Input(format!(
            "{}: the file is larger than {} MB",
            file.display(),
            exchange::limits::FILE_BYTES_CLI / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(file).map_err(unreadable)?;
    let file_problems = |problems: exchange::Problems| {
        let mut lines: Vec<String> = problems
            .shown
            .iter()
            .map(|p| format!("{}: {p}", file.display()))
            .collect();
        if problems.more > 0 {
            lines.push(format!(
                "{}: and {} more problems",
                file.display(),
                problems.more
            ));
        }
        CliError::Input(lines.join("\n"))
    };
    let kind = exchange::FileKind::detect(file.to_str(), None, &bytes);
    let sheet = exchange::read(kind, &bytes, exchange::Limits::FILE)
        .map_err(|p| file_problems(p.into()))?;
    let db = open_migrated(settings)?;
    let stored = stored_catalog(&db, resolution)?;
    let entries =
        check_rows(&sheet, &stored.catalog, &settings.entry.policy()).map_err(file_problems)?;
    if dry_run {
        println!(
            "{}: {} rows are valid; nothing was written (--dry-run)",
            file.display(),
            entries.len()
        );
        return Ok(());
    }
    let who = user
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "cli".into());
    let (area, units) = (&entries.area, &entries.units);
    let counts =
        measurements::write_both(&mut *db.conn()?, &stored, area, units, &who, Channel::Import)
            .map_err(|e| match e {
                measurements::BatchError::Storage(e) => CliError::from(e),
                stale => CliError::Input(format!(
                    "{}: {stale}: someone changed a figure of the file during the import; nothing was written, import it again",
                    file.display()
                )),
            })?;
    println!(
        "{}: {} created, {} updated, {} unchanged",
        file.display(),
        counts.created,
        counts.updated,
        counts.unchanged
    );
    Ok(())
}

pub fn export(settings: &Settings, file: &Path, resolution: Option<&str>) -> Result<(), CliError> {
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(extension.as_deref(), Some("csv") | Some("xlsx")) {
        return Err(CliError::Input(format!(
            "{}: the file name must end in .csv or .xlsx",
            file.display()
        )));
    }
    let db = open_migrated(settings)?;
    let stored = stored_catalog(&db, resolution)?;
    let mut conn = db.conn()?;
    let area = measurements::all_measurements(&mut conn, &stored)?;
    let units = measurements::all_unit_measurements(&mut conn, &stored)?;
    let figures = exchange::Figures {
        area: &area,
        units: &units,
    };
    let bytes = if extension.as_deref() == Some("xlsx") {
        exchange::xlsx::write(figures).map_err(anyhow::Error::from)?
    } else {
        exchange::csv::write(figures).map_err(anyhow::Error::from)?
    };
    std::fs::write(file, bytes).map_err(|e| CliError::Input(format!("{}: {e}", file.display())))?;
    println!(
        "{}: {} measurements written",
        file.display(),
        area.len() + units.len()
    );
    Ok(())
}

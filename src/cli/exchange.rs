//! `import FILE` and `export FILE`: measurements from and to the exchange format.

use std::path::Path;

use super::{open_migrated, stored_catalog, CliError};
use crate::app::{self, figures::Writer, import::ImportFile};
use crate::config::Settings;
use crate::domain::measurement::Channel;
use crate::exchange;

/// The file's bytes, if it is within the command line's size limit.
fn read_file(file: &Path) -> Result<Vec<u8>, CliError> {
    let unreadable = |e: std::io::Error| CliError::Input(format!("{}: {e}", file.display()));
    let size = std::fs::metadata(file).map_err(unreadable)?.len();
    if size > exchange::limits::FILE_BYTES_CLI {
        return Err(CliError::Input(format!(
            "{}: the file is larger than {} MB",
            file.display(),
            exchange::limits::FILE_BYTES_CLI / (1024 * 1024)
        )));
    }
    std::fs::read(file).map_err(unreadable)
}

pub fn import(
    settings: &Settings,
    file: &Path,
    dry_run: bool,
    user: Option<String>,
    resolution: Option<&str>,
) -> Result<(), CliError> {
    let bytes = read_file(file)?;
    let db = open_migrated(settings)?;
    let stored = stored_catalog(&db, resolution)?;
    let name = user
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "cli".into());
    let who = Writer {
        name: &name,
        scope: None,
        agency: None,
        channel: Channel::Import,
    };
    let upload = ImportFile {
        kind: exchange::FileKind::detect(file.to_str(), None, &bytes),
        bytes: &bytes,
        limits: exchange::Limits::FILE,
    };
    let policy = settings.entry.policy();
    let report = app::import::import(&mut *db.conn()?, &stored, &policy, upload, dry_run, &who)
        .map_err(|e| match super::app_error(e) {
            CliError::Input(message) => CliError::Input(format!("{}: {message}", file.display())),
            other => other,
        })?;
    let shown = file.display();
    if report.is_refused() {
        let mut lines: Vec<String> = report
            .errors
            .iter()
            .map(|p| format!("{shown}: {p}"))
            .collect();
        if report.more_errors > 0 {
            lines.push(format!("{shown}: and {} more problems", report.more_errors));
        }
        return Err(CliError::Input(lines.join("\n")));
    }
    for w in &report.warnings {
        println!("{shown}: {w} (looks unusual; the row's note explains it)");
    }
    if report.checks_skipped {
        println!("{shown}: more than 5,000 rows: the figures were not checked for unusual ones");
    }
    match dry_run {
        true => println!(
            "{shown}: {} rows are valid ({} new, {} changed, {} unchanged; {} blank rows skipped); nothing was written (--dry-run)",
            report.accepted, report.created, report.updated, report.unchanged, report.blank
        ),
        false => println!(
            "{shown}: {} created, {} updated, {} unchanged",
            report.created, report.updated, report.unchanged
        ),
    }
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
    let scope = crate::app::scope::Scope::of_resolution(resolution);
    let read = app::report::figures(&mut *db.conn()?, &scope, None).map_err(super::app_error)?;
    let (area, units) = (read.area, read.units);
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

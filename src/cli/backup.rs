//! `backup FILE` and `restore FILE`: a consistent copy of a SQLite database, and bringing one back.

use std::path::Path;

use super::{open, open_migrated, CliError};
use crate::app::backup::{self, BackupError};
use crate::config::Settings;

fn input(e: BackupError) -> CliError {
    match e {
        BackupError::Storage(e) => CliError::from(e),
        other => CliError::Input(other.to_string()),
    }
}

pub fn backup(settings: &Settings, file: &Path) -> Result<(), CliError> {
    let db = open_migrated(settings)?;
    let bytes = backup::backup(&db, file).map_err(input)?;
    println!("{}: backup written ({bytes} bytes)", file.display());
    Ok(())
}

pub fn restore(settings: &Settings, file: &Path) -> Result<(), CliError> {
    let db = open(settings)?;
    let figures = backup::restore(&db, file).map_err(input)?;
    println!(
        "{}: restored ({figures} figures); restart the server if one is running",
        file.display()
    );
    Ok(())
}

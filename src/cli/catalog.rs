//! `catalog load FILE`: check a catalog file, then load or update it and print what changed.

use std::path::Path;

use super::{open_migrated, CliError};
use crate::assets::read_catalog_file;
use crate::config::Settings;
use crate::domain::Catalog;
use crate::storage::catalog::load_catalog;

pub fn load(settings: &Settings, file: &Path) -> Result<(), CliError> {
    let text =
        read_catalog_file(file).map_err(|e| CliError::Input(format!("{}: {e}", file.display())))?;
    let catalog = Catalog::from_toml(&text).map_err(|errors| {
        CliError::Input(
            errors
                .0
                .iter()
                .map(|p| format!("{}: {p}", file.display()))
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })?;
    let db = open_migrated(settings)?;
    let changes = load_catalog(&mut *db.conn()?, &catalog)?;
    if changes.is_empty() {
        println!(
            "{}: no changes ({} is already loaded as is)",
            file.display(),
            catalog.resolution.code
        );
    }
    for change in changes {
        println!("{change}");
    }
    Ok(())
}

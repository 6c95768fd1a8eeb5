//! `catalog load FILE`: check a catalog file, then load or update it and print what changed; `catalog export
//! FILE`: write the stored catalog back as such a file.

use std::path::Path;

use super::{open_migrated, stored_catalog, CliError};
use crate::assets::read_catalog_file;
use crate::config::Settings;
use crate::domain::Catalog;
use crate::storage::catalog::load_catalog_as;

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
    let who = format!(
        "catalog load ({})",
        std::env::var("USER").unwrap_or_else(|_| "cli".into())
    );
    let changes = load_catalog_as(&mut *db.conn()?, &catalog, &who)?;
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

pub fn export(settings: &Settings, file: &Path, resolution: Option<&str>) -> Result<(), CliError> {
    let db = open_migrated(settings)?;
    let stored = stored_catalog(&db, resolution)?;
    let text = stored
        .catalog
        .to_toml()
        .map_err(|e| CliError::Input(format!("writing the catalog: {e}")))?;
    std::fs::write(file, text).map_err(|e| CliError::Input(format!("{}: {e}", file.display())))?;
    println!(
        "{}: the catalog of {} written",
        file.display(),
        stored.catalog.resolution.code
    );
    Ok(())
}

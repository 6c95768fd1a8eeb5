//! `catalog load FILE`: check a catalog file, then load or update it and print what changed; `catalog export
//! FILE`: write the stored catalog back as such a file.

use std::path::Path;

use super::{open_migrated, stored_catalog, CliError};
use crate::app::catalog::EditError;
use crate::assets::read_catalog_file;
use crate::config::Settings;
use crate::domain::Catalog;

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
    let changes =
        crate::app::catalog::load(&mut *db.conn()?, &catalog, &who).map_err(|e| match e {
            EditError::Invalid(errors) => CliError::Input(
                errors
                    .0
                    .iter()
                    .map(|p| format!("{}: {p}", file.display()))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            EditError::Storage(e) => e.into(),
            EditError::Stale => CliError::Input(e.to_string()),
        })?;
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

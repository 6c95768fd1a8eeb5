//! Files built into the binary, so it runs from any folder and offline.

use std::path::Path;

/// The path of the shipped catalog, as `catalog.default` names it by default.
pub const DEFAULT_CATALOG_PATH: &str = "assets/catalogs/cam-giang-2020-2025.toml";

/// The Cẩm Giàng 2020-2025 catalog.
pub const CAM_GIANG_CATALOG: &str = include_str!("../assets/catalogs/cam-giang-2020-2025.toml");

/// Reads a catalog file; the shipped default is also found when the binary runs outside the project folder.
pub fn read_catalog_file(path: &Path) -> std::io::Result<String> {
    match std::fs::read_to_string(path) {
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                && path == Path::new(DEFAULT_CATALOG_PATH) =>
        {
            Ok(CAM_GIANG_CATALOG.to_string())
        }
        other => other,
    }
}

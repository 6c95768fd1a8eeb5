//! The import/export file format (contract.md): `target_code,year,quality,value,state,source,note`, and for
//! units' figures the optional trailing `unit_code,numerator,denominator`.
//!
//! A file is first read into a [`Sheet`] of text cells (CSV here; other readers produce the same), then every row
//! is checked against the catalog with the same validation as the forms and the API.

pub mod csv;
mod export_rows;
pub mod limits;
mod rows;
pub mod template;
pub mod xlsx;

#[cfg(test)]
mod hostile_tests;

pub use export_rows::{ExportRow, Figures};
pub use limits::Limits;
pub use rows::{
    check_rows, outside_agency, outside_scope, Entries, Problems, RowProblem, Sheet, SheetRow,
    ALL_COLUMNS, HEADER, HEADINGS_VI, SHOWN_PROBLEMS, UNIT_COLUMNS,
};

/// The kinds of file the import takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Xlsx,
}

impl FileKind {
    /// From the file's name or media type where given, else from its first bytes (an .xlsx is a zip archive).
    pub fn detect(name: Option<&str>, content_type: Option<&str>, bytes: &[u8]) -> FileKind {
        let by_name = name
            .map(|n| n.to_ascii_lowercase())
            .filter(|n| n.ends_with(".xlsx") || n.ends_with(".csv"));
        match (by_name, content_type) {
            (Some(n), _) if n.ends_with(".xlsx") => FileKind::Xlsx,
            (Some(_), _) => FileKind::Csv,
            (None, Some(t)) if t.starts_with(xlsx::CONTENT_TYPE) => FileKind::Xlsx,
            _ if bytes.starts_with(b"PK\x03\x04") => FileKind::Xlsx,
            _ => FileKind::Csv,
        }
    }
}

/// Reads a file of either kind into rows, within `limits`.
pub fn read(kind: FileKind, bytes: &[u8], limits: Limits) -> Result<Sheet, Vec<RowProblem>> {
    match kind {
        FileKind::Csv => csv::read(bytes, limits),
        FileKind::Xlsx => xlsx::read(bytes, limits),
    }
}

//! How much a file may hold and expand to, checked before anything is allocated for it. A file past a limit is
//! refused whole with a message naming the limit; none of these is near what a statistics office sends (a
//! district's whole term is a few hundred rows, a province's by commune a few hundred thousand).

/// The largest file the command line reads (the web's upload limit is `web::upload::UPLOAD_LIMIT`).
pub const FILE_BYTES_CLI: u64 = 256 * 1024 * 1024;

/// Data rows in one file: Excel's own limit of rows on a sheet.
pub const ROWS: usize = 1_048_576;

/// Columns read from a sheet; a cell further right is counted only to refuse its row ("more than N columns").
pub const COLUMNS: usize = 32;

/// Characters in one cell: Excel's own limit.
pub const CELL_CHARS: usize = 32_767;

/// Entries in an .xlsx archive (a workbook has about a dozen).
pub const XLSX_ENTRIES: usize = 1_000;

/// The bytes all entries of an .xlsx archive expand to together, counted as they are decompressed (the sizes an
/// archive declares can lie). A million-row sheet of this format is about 120 MB of XML.
pub const XLSX_EXPANDED_BYTES: u64 = 400 * 1024 * 1024;

/// Strings a workbook's shared-strings table may declare: one per cell at the most.
pub const XLSX_SHARED_STRINGS: u64 = (ROWS * 8) as u64;

//! How much a file may hold and expand to, checked while it is read, before anything is allocated for what lies
//! past a limit. A file past a limit is refused whole with a message naming the limit; none of these is near what
//! a statistics office sends (a district's whole term is a few hundred rows, a province's by commune for a term
//! about a hundred thousand).

/// The largest file the command line reads (the web's upload limit is `web::upload::UPLOAD_LIMIT`).
pub const FILE_BYTES_CLI: u64 = 256 * 1024 * 1024;

/// Columns read from a sheet; a cell further right is counted only to refuse its row ("more than N columns").
pub const COLUMNS: usize = 32;

/// Characters in one cell: Excel's own limit.
pub const CELL_CHARS: usize = 32_767;

/// Entries in an .xlsx archive (a workbook has about a dozen).
pub const XLSX_ENTRIES: usize = 1_000;

/// The longest stretch of a workbook's XML between two tag marks (`<` or `>`): a cell's text of
/// [`CELL_CHARS`] characters, each written as an entity of up to 8 bytes. A longer one (a 350 MB string in 350 KB
/// of zip) is refused before the reader would hold it.
pub const XLSX_RUN_BYTES: u64 = 8 * CELL_CHARS as u64;

/// What one read may take: the server's uploads take less than the command line's files, so that a server's
/// memory stays bounded for any upload it lets in, four at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Data rows in one file.
    pub rows: usize,
    /// The bytes of text all kept cells hold together.
    pub text_bytes: usize,
    /// The bytes all entries of an .xlsx archive expand to together, counted as they are decompressed (the sizes
    /// an archive declares can lie).
    pub xlsx_expanded_bytes: u64,
    /// Strings in a workbook's shared-strings table, counted as the table is decompressed (never the count it
    /// declares, which can lie).
    pub xlsx_shared_strings: u64,
    /// The bytes of text in a workbook's shared-strings table.
    pub xlsx_shared_text_bytes: u64,
}

impl Limits {
    /// An upload to the server: a province's term by commune (500 communes, 20 targets, 5 years, both
    /// qualities: 100,000 rows) twice over.
    pub const UPLOAD: Limits = Limits {
        rows: 200_000,
        text_bytes: 32 * 1024 * 1024,
        xlsx_expanded_bytes: 256 * 1024 * 1024,
        xlsx_shared_strings: 400_000,
        xlsx_shared_text_bytes: 16 * 1024 * 1024,
    };

    /// A file read by the command line on the operator's own machine: Excel's own limit of rows on a sheet.
    pub const FILE: Limits = Limits {
        rows: 1_048_576,
        text_bytes: 256 * 1024 * 1024,
        xlsx_expanded_bytes: 1024 * 1024 * 1024,
        xlsx_shared_strings: 2_097_152,
        xlsx_shared_text_bytes: 128 * 1024 * 1024,
    };
}

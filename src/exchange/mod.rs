//! The import/export file format (contract.md): `target_code,year,quality,value,state,source,note`.
//!
//! A file is first read into a [`Sheet`] of text cells (CSV here; other readers produce the same), then every row
//! is checked against the catalog with the same validation as the forms and the API.

pub mod csv;
mod rows;

pub use rows::{check_rows, RowProblem, Sheet, SheetRow, HEADER};

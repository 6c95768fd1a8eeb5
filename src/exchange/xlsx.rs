//! Excel workbooks (.xlsx): the import format on the first sheet, read with calamine and written with
//! rust_xlsxwriter.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use calamine::{open_workbook_from_rs, DataRef, Reader, Xlsx};

use super::export_rows::Figures;
use super::limits;
use super::rows::{column_name, expects_number, sheet_from_rows, RowProblem, Sheet, HEADER};
use crate::domain::number::{self, Decimal};

/// The media type of .xlsx files.
pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn unreadable(e: impl std::fmt::Display) -> Vec<RowProblem> {
    vec![
        RowProblem::new(1, None, format!("is not a readable .xlsx workbook: {e}"))
            .vi(format!("không phải tệp .xlsx đọc được: {e}")),
    ]
}

fn too_large(en: String, vi: String) -> Vec<RowProblem> {
    vec![RowProblem::new(1, None, en).vi(vi)]
}

/// Walks the archive before anything parses it: at most [`limits::XLSX_ENTRIES`] entries, which expand to at
/// most [`limits::XLSX_EXPANDED_BYTES`] together (counted while decompressing, not taken from the headers), and
/// a shared-strings table that declares no more strings than a sheet can hold (the reader reserves room for
/// as many as it declares).
fn check_archive(bytes: &[u8]) -> Result<(), Vec<RowProblem>> {
    check_archive_within(bytes, limits::XLSX_EXPANDED_BYTES)
}

/// [`check_archive`] with another expansion limit (tests use a small one).
pub(super) fn check_archive_within(
    bytes: &[u8],
    expanded_limit: u64,
) -> Result<(), Vec<RowProblem>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    if archive.len() > limits::XLSX_ENTRIES {
        return Err(too_large(
            format!("the workbook has more than {} parts", limits::XLSX_ENTRIES),
            format!("tệp có hơn {} thành phần", limits::XLSX_ENTRIES),
        ));
    }
    let mut left = expanded_limit;
    let over = || {
        let mb = expanded_limit / (1024 * 1024);
        too_large(
            format!("the workbook expands to more than {mb} MB"),
            format!("tệp giải nén ra hơn {mb} MB"),
        )
    };
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(unreadable)?;
        if entry.size() > left {
            return Err(over());
        }
        let shared_strings = entry
            .name()
            .map(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
            .unwrap_or(false);
        let mut head = Vec::new();
        if shared_strings {
            (&mut entry)
                .take(4096)
                .read_to_end(&mut head)
                .map_err(unreadable)?;
        }
        let rest = std::io::copy(&mut (&mut entry).take(left + 1), &mut std::io::sink())
            .map_err(unreadable)?;
        let expanded = head.len() as u64 + rest;
        if expanded > left {
            return Err(over());
        }
        left -= expanded;
        if declared_strings(&head).is_some_and(|n| n > limits::XLSX_SHARED_STRINGS) {
            return Err(too_large(
                format!(
                    "the workbook declares more than {} strings",
                    limits::XLSX_SHARED_STRINGS
                ),
                format!("tệp khai báo hơn {} chuỗi", limits::XLSX_SHARED_STRINGS),
            ));
        }
    }
    Ok(())
}

/// The `uniqueCount` a shared-strings table declares (`u64::MAX` when it is too large to read).
fn declared_strings(head: &[u8]) -> Option<u64> {
    let text = String::from_utf8_lossy(head);
    let at = text.find("uniqueCount=")? + "uniqueCount=".len();
    let digits: String = text[at..]
        .chars()
        .skip(1)
        .take_while(|c| c.is_ascii_digit())
        .collect();
    Some(digits.parse().unwrap_or(u64::MAX))
}

/// A cell as text for the row checks, or why it cannot be: a date, a TRUE/FALSE or an error where a number is
/// expected (a date's serial number would otherwise pass for a figure), an error cell anywhere, or more text
/// than a cell holds.
fn cell_text(cell: &DataRef<'_>, column: usize) -> Result<String, (String, String)> {
    let numeric = expects_number(column);
    let not_a_number = |what_en: &str, what_vi: &str| {
        Err((
            format!("is {what_en}, not a number"),
            format!("là {what_vi}, không phải số"),
        ))
    };
    let text = match cell {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(_) if numeric => return not_a_number("a TRUE/FALSE cell", "ô TRUE/FALSE"),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(_) | DataRef::DateTimeIso(_) | DataRef::DurationIso(_) if numeric => {
            return not_a_number("a date or time cell", "ô ngày giờ")
        }
        DataRef::DateTime(d) => d
            .as_datetime()
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_else(|| d.as_f64().to_string()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => {
            return Err((
                format!("is an error cell ({e})"),
                format!("là ô báo lỗi ({e})"),
            ))
        }
    };
    if text.chars().count() > limits::CELL_CHARS {
        return Err((
            format!("holds more than {} characters", limits::CELL_CHARS),
            format!("dài hơn {} ký tự", limits::CELL_CHARS),
        ));
    }
    Ok(text)
}

/// Reads the first sheet cell by cell (never as a grid as large as the sheet's extent: one cell at XFD1048576
/// would ask for 512 GiB). Numbers typed as text in a Vietnamese locale ("80,6") are read as numbers too.
pub fn read(bytes: &[u8]) -> Result<Sheet, Vec<RowProblem>> {
    check_archive(bytes)?;
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| unreadable(e))?;
    let first = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| unreadable("it has no sheet"))?;
    let mut reader = workbook
        .worksheet_cells_reader(&first)
        .map_err(unreadable)?;
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (row, column) = cell.get_position();
        if row as usize >= limits::ROWS {
            return Err(too_large(
                format!("the sheet has more than {} rows", limits::ROWS),
                format!("trang tính có hơn {} dòng", limits::ROWS),
            ));
        }
        let column = column as usize;
        let cells = rows.entry(row).or_default();
        if column >= limits::COLUMNS {
            // Too far right to keep; a mark past the format's columns makes the row checks refuse the row.
            if cell.get_value() != &DataRef::Empty && cells.len() <= HEADER.len() {
                cells.resize(HEADER.len() + 1, String::new());
                cells[HEADER.len()] = "…".to_string();
            }
            continue;
        }
        match cell_text(cell.get_value(), column) {
            Ok(text) => {
                if cells.len() <= column {
                    cells.resize(column + 1, String::new());
                }
                cells[column] = text;
            }
            Err((en, vi)) => {
                let name = column_name(column);
                problems.push(RowProblem::new(row as usize + 1, Some(&name), en).vi(vi));
            }
        }
    }
    let numbered = rows.into_iter().map(|(row, mut cells)| {
        // A number typed as text in a Vietnamese locale ("80,6") is read as a number.
        if let Some(value) = cells.get_mut(3).filter(|v| v.contains(',')) {
            if let Some(v) = number::parse(value, Decimal::Comma) {
                *value = v.to_string();
            }
        }
        (row as usize + 1, cells)
    });
    let mut sheet = sheet_from_rows(numbered, Decimal::Point)?;
    sheet.problems = problems;
    Ok(sheet)
}

/// Writes figures as a workbook in the import format: numbers as numbers, text as text cells (which a
/// spreadsheet never runs as a formula); the units' columns only when there are unit figures.
pub fn write(figures: Figures<'_>) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("measurements")?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (col, name) in figures.header().iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &bold)?;
    }
    for (i, r) in figures.rows().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, r.target_code)?;
        sheet.write_number(row, 1, f64::from(r.year))?;
        sheet.write_string(row, 2, r.quality)?;
        for (col, number) in [(3, r.value), (8, r.numerator), (9, r.denominator)] {
            if let Some(v) = number {
                sheet.write_number(row, col, v)?;
            }
        }
        for (col, text) in [
            (4, r.state.unwrap_or_default()),
            (5, r.source),
            (6, r.note),
            (7, r.unit_code),
        ] {
            if !text.is_empty() {
                sheet.write_string(row, col, text)?;
            }
        }
    }
    sheet.set_column_width(0, 12)?;
    sheet.set_column_width(5, 36)?;
    sheet.set_column_width(6, 36)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::measurement::Measurement;
    use crate::domain::rollup::{UnitFigure, UnitReading};
    use crate::domain::{Figure, Quality, Reading};

    #[test]
    fn a_workbook_round_trips_with_vietnamese_text() {
        let m = Measurement {
            target_code: "T01".into(),
            figure: Figure {
                year: 2024,
                quality: Quality::Official,
                reading: Reading::Value(80.6),
            },
            source: Some("Chi cục Thống kê huyện Cẩm Giàng".into()),
            note: Some("=1+1 không phải công thức".into()),
            revision: 1,
            changed_by: "t".into(),
            changed_at: chrono::NaiveDateTime::default(),
        };
        let unit = Measurement {
            target_code: "T06".into(),
            figure: UnitFigure {
                unit: "cam-phuc".into(),
                year: 2023,
                quality: Quality::Official,
                reading: UnitReading::Ratio {
                    numerator: 1890.0,
                    denominator: 2100.0,
                },
            },
            source: None,
            note: None,
            revision: 1,
            changed_by: "t".into(),
            changed_at: chrono::NaiveDateTime::default(),
        };
        let figures = Figures {
            area: std::slice::from_ref(&m),
            units: std::slice::from_ref(&unit),
        };
        let bytes = write(figures).expect("writes");
        let sheet = read(&bytes).expect("reads");
        assert!(sheet.with_units);
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[1].cells[7..10], ["cam-phuc", "1890", "2100"]);
        assert_eq!(sheet.rows[0].number, 2);
        assert_eq!(
            sheet.rows[0].cells[..4],
            ["T01", "2024", "official", "80.6"]
        );
        assert_eq!(sheet.rows[0].cells[5], "Chi cục Thống kê huyện Cẩm Giàng");
        assert_eq!(sheet.rows[0].cells[6], "=1+1 không phải công thức");
    }

    #[test]
    fn not_a_workbook_is_refused() {
        let problems = read(b"target_code,year").expect_err("refused");
        assert!(problems[0].message.contains("not a readable .xlsx"));
    }
}

//! Excel workbooks (.xlsx): the import format on the first sheet, read with calamine and written with
//! rust_xlsxwriter.

use std::io::{Cursor, Read};

use calamine::{open_workbook_from_rs, DataRef, Reader, Xlsx};

use super::export_rows::Figures;
use super::limits::{self, Limits};
use super::rows::{
    column_name, expects_number, Problems, RowProblem, Sheet, SheetBuilder, ALL_COLUMNS,
};
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

/// Walks the archive before anything parses it, keeping nothing of it: at most [`limits::XLSX_ENTRIES`] entries,
/// which expand to at most the limits' bytes together (counted while decompressing, not taken from the headers);
/// in every XML part no stretch between tag marks longer than [`limits::XLSX_RUN_BYTES`]; and a shared-strings
/// table of at most the limits' strings and text (counted, never the count the table declares). The reader that
/// parses the workbook afterwards holds at most that much.
pub(super) fn check_archive(bytes: &[u8], limits: &Limits) -> Result<(), Vec<RowProblem>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    if archive.len() > limits::XLSX_ENTRIES {
        return Err(too_large(
            format!("the workbook has more than {} parts", limits::XLSX_ENTRIES),
            format!("tệp có hơn {} thành phần", limits::XLSX_ENTRIES),
        ));
    }
    let mut left = limits.xlsx_expanded_bytes;
    let over = || {
        let mb = limits.xlsx_expanded_bytes / (1024 * 1024);
        too_large(
            format!("the workbook expands to more than {mb} MB"),
            format!("tệp giải nén ra hơn {mb} MB"),
        )
    };
    let mut chunk = vec![0u8; 64 * 1024];
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(unreadable)?;
        if entry.size() > left {
            return Err(over());
        }
        let name = entry.name().unwrap_or_default().to_ascii_lowercase();
        let mut scan = (name.ends_with(".xml") || name.ends_with(".rels")).then(XmlScan::default);
        let shared_strings = name.ends_with("sharedstrings.xml");
        loop {
            let n = entry.read(&mut chunk).map_err(unreadable)?;
            if n == 0 {
                break;
            }
            left = left.checked_sub(n as u64).ok_or_else(over)?;
            if let Some(scan) = &mut scan {
                scan.feed(&chunk[..n]).map_err(|e| e.problems())?;
                if shared_strings {
                    scan.check_shared(limits).map_err(|e| e.problems())?;
                }
            }
        }
    }
    Ok(())
}

/// What a workbook's XML holds, counted as it streams by: the longest stretch between tag marks, the `si`
/// elements (shared strings) and the text outside tags.
#[derive(Debug, Default)]
struct XmlScan {
    run: u64,
    in_tag: bool,
    /// The tag being read: its name's bytes so far (kept up to 16), and whether the name has ended.
    name: [u8; 16],
    name_len: usize,
    name_done: bool,
    strings: u64,
    text_bytes: u64,
    /// The largest `uniqueCount="N"` a tag declares (the reader reserves room for as many strings), and how far
    /// the text at hand matches that attribute.
    declared: u64,
    declaring: Declaring,
}

/// How far a tag's text matches `uniqueCount = "N"`.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
enum Declaring {
    /// This many letters of the name matched.
    #[default]
    Name0,
    Name(usize),
    /// The name, waiting for `=`.
    Equals,
    /// The `=`, waiting for the quote.
    Quote,
    /// Inside the quotes: the digits so far.
    Digits(u64),
}

const DECLARED: &[u8] = b"uniqueCount";

impl Declaring {
    /// The match after one more byte of a tag.
    fn next(self, b: u8) -> Declaring {
        let restart = || match b == DECLARED[0] {
            true => Declaring::Name(1),
            false => Declaring::Name0,
        };
        match self {
            Declaring::Name0 => restart(),
            Declaring::Name(n) if DECLARED.get(n) == Some(&b) => match n + 1 == DECLARED.len() {
                true => Declaring::Equals,
                false => Declaring::Name(n + 1),
            },
            Declaring::Equals if b.is_ascii_whitespace() => Declaring::Equals,
            Declaring::Equals if b == b'=' => Declaring::Quote,
            Declaring::Quote if b.is_ascii_whitespace() => Declaring::Quote,
            Declaring::Quote if b == b'"' || b == b'\'' => Declaring::Digits(0),
            Declaring::Digits(n) if b.is_ascii_digit() => {
                Declaring::Digits(n.saturating_mul(10).saturating_add(u64::from(b - b'0')))
            }
            Declaring::Digits(0) if b == b'+' => Declaring::Digits(0),
            _ => restart(),
        }
    }
}

/// A limit a workbook's XML passed.
#[derive(Debug, PartialEq)]
enum XmlExcess {
    Run,
    Strings(u64),
    Declared(u64),
    SharedText(u64),
}

impl XmlExcess {
    fn problems(&self) -> Vec<RowProblem> {
        match self {
            XmlExcess::Run => too_large(
                format!(
                    "a text or tag of the workbook is longer than {} characters",
                    limits::CELL_CHARS
                ),
                format!(
                    "tệp có một đoạn chữ hoặc thẻ dài hơn {} ký tự",
                    limits::CELL_CHARS
                ),
            ),
            XmlExcess::Strings(n) => too_large(
                format!("the workbook holds more than {n} shared strings"),
                format!("tệp chứa hơn {n} chuỗi dùng chung"),
            ),
            XmlExcess::Declared(n) => too_large(
                format!("the workbook declares more than {n} shared strings"),
                format!("tệp khai báo hơn {n} chuỗi dùng chung"),
            ),
            XmlExcess::SharedText(bytes) => {
                let mb = bytes / (1024 * 1024);
                too_large(
                    format!("the workbook's shared strings hold more than {mb} MB of text"),
                    format!("các chuỗi dùng chung của tệp chứa hơn {mb} MB chữ"),
                )
            }
        }
    }
}

impl XmlScan {
    fn feed(&mut self, bytes: &[u8]) -> Result<(), XmlExcess> {
        for &b in bytes {
            match b {
                b'<' => {
                    self.run = 0;
                    self.in_tag = true;
                    self.name_len = 0;
                    self.name_done = false;
                    self.declaring = Declaring::Name0;
                }
                b'>' => {
                    if self.in_tag && self.is_string_element() {
                        self.strings += 1;
                    }
                    self.run = 0;
                    self.in_tag = false;
                    self.declaring = Declaring::Name0;
                }
                _ => {
                    self.run += 1;
                    if self.run > limits::XLSX_RUN_BYTES {
                        return Err(XmlExcess::Run);
                    }
                    if !self.in_tag {
                        self.text_bytes += 1;
                        continue;
                    }
                    self.declaring = self.declaring.next(b);
                    if let Declaring::Digits(n) = self.declaring {
                        self.declared = self.declared.max(n);
                    }
                    if !self.name_done {
                        if b.is_ascii_whitespace() || (b == b'/' && self.name_len > 0) {
                            self.name_done = true;
                        } else if self.name_len < self.name.len() {
                            self.name[self.name_len] = b;
                            self.name_len += 1;
                        } else {
                            self.name_done = true;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether the tag just read opens a shared string (`<si>`, `<si/>`, `<x:si ...>`).
    fn is_string_element(&self) -> bool {
        let name = &self.name[..self.name_len];
        let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
        local == b"si"
    }

    fn check_shared(&self, limits: &Limits) -> Result<(), XmlExcess> {
        if self.declared > limits.xlsx_shared_strings {
            return Err(XmlExcess::Declared(limits.xlsx_shared_strings));
        }
        if self.strings > limits.xlsx_shared_strings {
            return Err(XmlExcess::Strings(limits.xlsx_shared_strings));
        }
        if self.text_bytes > limits.xlsx_shared_text_bytes {
            return Err(XmlExcess::SharedText(limits.xlsx_shared_text_bytes));
        }
        Ok(())
    }
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
/// would ask for 512 GiB), a row at a time: rows come in order, as every spreadsheet writes them. Numbers typed as
/// text in a Vietnamese locale ("80,6") are read as numbers too.
pub fn read(bytes: &[u8], limits: Limits) -> Result<Sheet, Vec<RowProblem>> {
    check_archive(bytes, &limits)?;
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
    let mut builder = SheetBuilder::new(Decimal::Point, limits);
    let mut problems = Problems::default();
    let mut row: Option<(u32, Vec<String>)> = None;
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (at, column) = cell.get_position();
        if at as usize > limits.rows {
            let row = at as usize + 1;
            return Err(vec![RowProblem::new(
                row,
                None,
                format!("the sheet has more than {} rows", limits.rows),
            )
            .vi(format!("trang tính có hơn {} dòng", limits.rows))]);
        }
        let cells = match &mut row {
            Some((number, cells)) if *number == at => cells,
            Some((number, _)) if *number > at => {
                return Err(unreadable(format!(
                    "row {} comes after row {} in the sheet's XML",
                    at + 1,
                    *number + 1
                )))
            }
            _ => {
                if let Some((number, cells)) = row.take() {
                    push_row(&mut builder, number, cells)?;
                }
                &mut row.insert((at, Vec::new())).1
            }
        };
        let column = column as usize;
        if column >= limits::COLUMNS {
            // Too far right to keep; a mark past the format's columns makes the row checks refuse the row.
            if cell.get_value() != &DataRef::Empty && cells.len() <= ALL_COLUMNS.len() {
                cells.resize(ALL_COLUMNS.len() + 1, String::new());
                cells[ALL_COLUMNS.len()] = "…".to_string();
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
                problems.push(RowProblem::new(at as usize + 1, Some(&name), en).vi(vi));
            }
        }
    }
    if let Some((number, cells)) = row.take() {
        push_row(&mut builder, number, cells)?;
    }
    builder.finish(problems)
}

/// One row of the sheet into the builder; a number typed as text in a Vietnamese locale ("80,6") is read as a
/// number.
fn push_row(
    builder: &mut SheetBuilder,
    number: u32,
    mut cells: Vec<String>,
) -> Result<(), Vec<RowProblem>> {
    if builder.has_header() {
        if let Some(value) = cells.get_mut(3).filter(|v| v.contains(',')) {
            if let Some(v) = number::parse(value, Decimal::Comma) {
                *value = v.to_string();
            }
        }
    }
    builder.push(number as usize + 1, cells.iter().map(String::as_str))
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
            approval: Default::default(),
            approval_note: None,
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
            approval: Default::default(),
            approval_note: None,
        };
        let figures = Figures {
            area: std::slice::from_ref(&m),
            units: std::slice::from_ref(&unit),
        };
        let bytes = write(figures).expect("writes");
        let sheet = read(&bytes, Limits::UPLOAD).expect("reads");
        assert!(sheet.with_units);
        let rows: Vec<Vec<&str>> = sheet.rows().map(|r| r.cells().collect()).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1][7..10], ["cam-phuc", "1890", "2100"]);
        assert_eq!(sheet.rows().next().map(|r| r.number()), Some(2));
        assert_eq!(rows[0][..4], ["T01", "2024", "official", "80.6"]);
        assert_eq!(rows[0][5], "Chi cục Thống kê huyện Cẩm Giàng");
        assert_eq!(rows[0][6], "=1+1 không phải công thức");
    }

    #[test]
    fn not_a_workbook_is_refused() {
        let problems = read(b"target_code,year", Limits::UPLOAD).expect_err("refused");
        assert!(problems[0].message.contains("not a readable .xlsx"));
    }
}

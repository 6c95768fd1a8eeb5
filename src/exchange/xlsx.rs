//! Excel workbooks (.xlsx): the import format on the first sheet, read with calamine and written with
//! rust_xlsxwriter.

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

use super::rows::{sheet_from_rows, RowProblem, Sheet, HEADER};
use crate::domain::measurement::Measurement;
use crate::domain::number::{self, Decimal};

/// The media type of .xlsx files.
pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Reads the first sheet. Numbers typed as text in a Vietnamese locale ("80,6") are read as numbers too.
pub fn read(bytes: &[u8]) -> Result<Sheet, Vec<RowProblem>> {
    let unreadable = |e: String| {
        vec![
            RowProblem::new(1, None, format!("is not a readable .xlsx workbook: {e}"))
                .vi(format!("không phải tệp .xlsx đọc được: {e}")),
        ]
    };
    let mut workbook: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| unreadable(e.to_string()))?;
    let range = match workbook.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(e)) => return Err(unreadable(e.to_string())),
        None => return Err(unreadable("it has no sheet".into())),
    };
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_col = range.start().map_or(0, |(_, col)| col as usize);
    let numbered = range.rows().enumerate().map(|(i, row)| {
        let mut cells: Vec<String> = std::iter::repeat_n(String::new(), first_col)
            .chain(row.iter().map(cell_text))
            .collect();
        // A number typed as text in a Vietnamese locale ("80,6") is read as a number.
        if let Some(value) = cells.get_mut(3).filter(|v| v.contains(',')) {
            if let Some(v) = number::parse(value, Decimal::Comma) {
                *value = v.to_string();
            }
        }
        (first_row + i + 1, cells)
    });
    sheet_from_rows(numbered, Decimal::Point)
}

/// Writes measurements as a workbook in the import format: numbers as numbers, text as text cells (which a
/// spreadsheet never runs as a formula).
pub fn write(measurements: &[Measurement]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("measurements")?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (col, name) in HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &bold)?;
    }
    for (i, m) in measurements.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &m.target_code)?;
        sheet.write_number(row, 1, f64::from(m.figure.year))?;
        sheet.write_string(row, 2, m.figure.quality.as_str())?;
        if let Some(v) = m.figure.reading.value() {
            sheet.write_number(row, 3, v)?;
        }
        if let Some(s) = m.figure.reading.state() {
            sheet.write_string(row, 4, s.as_str())?;
        }
        if let Some(source) = &m.source {
            sheet.write_string(row, 5, source)?;
        }
        if let Some(note) = &m.note {
            sheet.write_string(row, 6, note)?;
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
        let bytes = write(&[m]).expect("writes");
        let sheet = read(&bytes).expect("reads");
        assert_eq!(sheet.rows.len(), 1);
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

//! CSV files: UTF-8 with or without a BOM, `,` with a decimal point or `;` with a decimal comma (Excel in a
//! Vietnamese locale).

use crate::domain::number::Decimal;

use super::export_rows::Figures;
use super::limits::Limits;
use super::rows::{
    column_name, Problems, RowProblem, Sheet, SheetBuilder, HEADER, PROTECTED_STARTS,
};

/// Reads a CSV file into rows of text; a file that is not UTF-8, has no header or a wrong one, or is past the
/// limits, is refused.
pub fn read(bytes: &[u8], limits: Limits) -> Result<Sheet, Vec<RowProblem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let row = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        vec![RowProblem::new(
            row,
            None,
            "is not UTF-8 text: save the file as \"CSV UTF-8\"",
        )
        .vi("không phải văn bản UTF-8: hãy lưu tệp dạng \"CSV UTF-8\"")]
    })?;
    let first_line = text.lines().next().unwrap_or("");
    let (delimiter, decimal) = if first_line.matches(';').count() > first_line.matches(',').count()
    {
        (b';', Decimal::Comma)
    } else {
        (b',', Decimal::Point)
    };
    if let Some((row, column)) = unclosed_quote(text.as_bytes(), delimiter) {
        return Err(vec![RowProblem::new(
            row,
            Some(&column_name(column)),
            "unclosed quote: the quoted text runs to the end of the file",
        )
        .vi("dấu ngoặc kép chưa đóng: đoạn trích dẫn kéo dài đến hết tệp")]);
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut builder = SheetBuilder::new(decimal, limits);
    let mut swallowed = Problems::default();
    let mut record = ::csv::StringRecord::new();
    let mut count = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let row = e.position().map_or(0, |p| p.line() as usize);
                return Err(vec![RowProblem::new(
                    row,
                    None,
                    format!("cannot be read as CSV: {e}"),
                )
                .vi(format!("không đọc được dạng CSV: {e}"))]);
            }
        }
        count += 1;
        let number = record.position().map_or(count, |p| line_of(text, p));
        for (column, cell) in record.iter().enumerate() {
            if swallows_a_row(cell, delimiter) {
                swallowed.push(
                    RowProblem::new(
                        number,
                        Some(&column_name(column)),
                        "unclosed quote: the quoted text runs over a line break into what looks like another row",
                    )
                    .vi("dấu ngoặc kép chưa đóng: đoạn trích dẫn tràn qua dòng mới, sang một dòng trông như dòng số liệu khác"),
                );
            }
        }
        // Export put a `'` before text a spreadsheet would run; it comes off here, and only in CSV (an .xlsx
        // holds such text as a text cell, with nothing added).
        builder.push(number, record.iter().map(super::rows::unprotect))?;
    }
    builder.finish(swallowed)
}

/// Where a quoted field opens and never closes (row, column), read as the CSV reader reads: a quote opens a
/// field only at its start, and `""` inside one is a quote. The reader itself would take the rest of the file
/// into that one field, silently.
fn unclosed_quote(bytes: &[u8], delimiter: u8) -> Option<(usize, usize)> {
    let (mut line, mut record_line, mut column) = (1, 1, 0);
    let (mut in_quotes, mut field_start) = (false, true);
    let mut opened = (0, 0);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_quotes {
            match b {
                b'"' if bytes.get(i + 1) == Some(&b'"') => i += 1,
                b'"' => in_quotes = false,
                b'\n' => line += 1,
                _ => {}
            }
        } else if b == b'"' && field_start {
            in_quotes = true;
            opened = (record_line, column);
            field_start = false;
        } else if b == delimiter {
            column += 1;
            field_start = true;
        } else if b == b'\n' {
            line += 1;
            record_line = line;
            column = 0;
            field_start = true;
        } else if b != b'\r' {
            field_start = false;
        }
        i += 1;
    }
    in_quotes.then_some(opened)
}

/// Whether a cell's text, past its first line, holds a line shaped like a data row of this format (a code, a
/// year, a quality, ...): the sign of a quote left open that took the rows after it in. A note written over
/// several lines has no such line.
fn swallows_a_row(cell: &str, delimiter: u8) -> bool {
    let delimiter = char::from(delimiter);
    cell.lines().skip(1).any(|line| {
        let parts: Vec<&str> = line.split(delimiter).map(str::trim).collect();
        parts.len() >= 4
            && parts.len() <= HEADER.len() + 3
            && !parts[0].is_empty()
            && crate::domain::measurement::parse_year(parts[1]).is_some()
            && super::rows::parse_quality(parts[2]).is_some()
    })
}

/// The line a record starts on. After a CRLF record the reader's position still sits on the `\n` of the line
/// before, so that case counts one line more.
fn line_of(text: &str, position: &::csv::Position) -> usize {
    let on_newline = text.as_bytes().get(position.byte() as usize) == Some(&b'\n');
    position.line() as usize + usize::from(on_newline)
}

/// A text cell that a spreadsheet would run as a formula gets a leading `'`, and so does one that begins with `'`
/// itself; [`super::rows::unprotect`] takes off exactly that one.
pub fn protect(text: &str) -> String {
    if text.starts_with(PROTECTED_STARTS) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Writes figures in the import format: `,`-separated, decimal point, UTF-8 with a BOM so Excel reads the
/// Vietnamese text right; the units' columns only when there are unit figures.
pub fn write(figures: Figures<'_>) -> Result<Vec<u8>, ::csv::Error> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = ::csv::Writer::from_writer(&mut out);
        let header = figures.header();
        writer.write_record(header)?;
        let number = |n: Option<f64>| n.map(|v| v.to_string()).unwrap_or_default();
        for row in figures.rows() {
            let cells = [
                row.target_code.to_string(),
                row.year.to_string(),
                row.quality.to_string(),
                number(row.value),
                row.state.unwrap_or_default().to_string(),
                protect(row.source),
                protect(row.note),
                row.unit_code.to_string(),
                number(row.numerator),
                number(row.denominator),
            ];
            writer.write_record(&cells[..header.len()])?;
        }
        writer.flush()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_vietnamese_csv_with_bom_and_semicolons() {
        let file = "\u{FEFF}target_code;year;quality;value;state;source;note\r\nT01;2024;official;80,6;;Cục Thống kê;\"ghi chú; có dấu chấm phẩy\"\r\n\r\n";
        let sheet = read(file.as_bytes(), Limits::FILE).expect("reads");
        assert_eq!(sheet.decimal, Decimal::Comma);
        assert_eq!(sheet.len(), 1);
        assert_eq!(sheet.rows().next().expect("row").number(), 2);
        assert_eq!(sheet.rows().next().expect("row").cell(3), "80,6");
        assert_eq!(
            sheet.rows().next().expect("row").cell(6),
            "ghi chú; có dấu chấm phẩy"
        );
    }

    #[test]
    fn comma_csv_reads_with_decimal_point() {
        let sheet = read(
            b"target_code,year,quality,value,state,source,note\nT01,2024,official,80.6,,,\n",
            Limits::FILE,
        )
        .expect("reads");
        assert_eq!(sheet.decimal, Decimal::Point);
        assert_eq!(sheet.rows().next().expect("row").cell(3), "80.6");
        assert_eq!(sheet.rows().next().expect("row").number(), 2);
    }

    #[test]
    fn not_utf8_names_the_row() {
        let mut file =
            b"target_code,year,quality,value,state,source,note\nT01,2024,official,1,,".to_vec();
        file.extend_from_slice(b"C\xE1c\n");
        let problems = read(&file, Limits::FILE).expect_err("refused");
        assert_eq!(problems[0].row, 2);
        assert!(problems[0].message.contains("UTF-8"));
    }

    #[test]
    fn wrong_or_missing_header_is_refused() {
        assert!(read(b"code,year\nT01,2024\n", Limits::FILE).is_err());
        assert!(read(b"", Limits::FILE).is_err());
    }

    #[test]
    fn an_unclosed_quote_is_refused_not_swallowing_rows() {
        let header = "target_code,year,quality,value,state,source,note\n";
        let open_to_the_end =
            format!("{header}T05,2023,official,82,,src,\"open note\nT05,2024,official,83,,,\n");
        let problems = read(open_to_the_end.as_bytes(), Limits::FILE).expect_err("refused");
        assert_eq!(
            problems[0].to_string(),
            "row 2, column note: unclosed quote: the quoted text runs to the end of the file"
        );
        let closed_later =
            format!("{header}T05,2023,official,82,,src,\"open note\nT05,2024,official,83,,,\"\n");
        let sheet = read(closed_later.as_bytes(), Limits::FILE).expect("reads");
        assert_eq!(sheet.problems.total(), 1);
        assert!(sheet.problems.shown[0]
            .to_string()
            .starts_with("row 2, column note: unclosed quote"));
        let multi_line = format!(
            "{header}T05,2023,official,82,,src,\"dòng 1\ndòng 2, năm 2024\n\"\"trích\"\"\"\nT05,2024,official,83,,,\n"
        );
        let sheet = read(multi_line.as_bytes(), Limits::FILE).expect("reads");
        assert!(sheet.problems.is_empty());
        assert_eq!(sheet.len(), 2);
        assert_eq!(
            sheet.rows().next().expect("row").cell(6),
            "dòng 1\ndòng 2, năm 2024\n\"trích\""
        );
        assert_eq!(sheet.rows().nth(1).expect("row").number(), 5);
    }

    #[test]
    fn an_apostrophe_of_ones_own_survives_the_round_trip() {
        for text in ["'quoted", "''", "=SUM(A1)", "'=x", "\tx", "plain"] {
            assert_eq!(super::super::rows::unprotect(&protect(text)), text);
        }
        assert_eq!(super::super::rows::unprotect("'plain"), "'plain");
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(protect("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(protect("-5 so với kế hoạch"), "'-5 so với kế hoạch");
        assert_eq!(protect("Cục Thống kê"), "Cục Thống kê");
    }
}

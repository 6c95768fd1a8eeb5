//! CSV files: UTF-8 with or without a BOM, `,` with a decimal point or `;` with a decimal comma (Excel in a
//! Vietnamese locale).

use crate::domain::measurement::Measurement;
use crate::domain::number::Decimal;

use super::rows::{sheet_from_rows, RowProblem, Sheet, HEADER};

/// Reads a CSV file into rows of text; a file that is not UTF-8, has no header or a wrong one is refused.
pub fn read(bytes: &[u8]) -> Result<Sheet, Vec<RowProblem>> {
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
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut numbered = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let row = e.position().map_or(0, |p| p.line() as usize);
            vec![
                RowProblem::new(row, None, format!("cannot be read as CSV: {e}"))
                    .vi(format!("không đọc được dạng CSV: {e}")),
            ]
        })?;
        let number = record
            .position()
            .map_or(numbered.len() + 1, |p| line_of(text, p));
        numbered.push((number, record.iter().map(str::to_string).collect()));
    }
    sheet_from_rows(numbered, decimal)
}

/// The line a record starts on. After a CRLF record the reader's position still sits on the `\n` of the line
/// before, so that case counts one line more.
fn line_of(text: &str, position: &::csv::Position) -> usize {
    let on_newline = text.as_bytes().get(position.byte() as usize) == Some(&b'\n');
    position.line() as usize + usize::from(on_newline)
}

/// A text cell that a spreadsheet would run as a formula gets a leading `'`; [`super::rows::unprotect`] undoes it.
pub fn protect(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Writes measurements in the import format: `,`-separated, decimal point, UTF-8 with a BOM so Excel reads the
/// Vietnamese text right.
pub fn write(measurements: &[Measurement]) -> Result<Vec<u8>, ::csv::Error> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = ::csv::Writer::from_writer(&mut out);
        writer.write_record(HEADER)?;
        for m in measurements {
            let value = m
                .figure
                .reading
                .value()
                .map(|v| v.to_string())
                .unwrap_or_default();
            let state = m
                .figure
                .reading
                .state()
                .map(|s| s.as_str())
                .unwrap_or_default();
            writer.write_record([
                m.target_code.as_str(),
                &m.figure.year.to_string(),
                m.figure.quality.as_str(),
                &value,
                state,
                &protect(m.source.as_deref().unwrap_or("")),
                &protect(m.note.as_deref().unwrap_or("")),
            ])?;
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
        let sheet = read(file.as_bytes()).expect("reads");
        assert_eq!(sheet.decimal, Decimal::Comma);
        assert_eq!(sheet.rows.len(), 1);
        assert_eq!(sheet.rows[0].number, 2);
        assert_eq!(sheet.rows[0].cells[3], "80,6");
        assert_eq!(sheet.rows[0].cells[6], "ghi chú; có dấu chấm phẩy");
    }

    #[test]
    fn comma_csv_reads_with_decimal_point() {
        let sheet =
            read(b"target_code,year,quality,value,state,source,note\nT01,2024,official,80.6,,,\n")
                .expect("reads");
        assert_eq!(sheet.decimal, Decimal::Point);
        assert_eq!(sheet.rows[0].cells[3], "80.6");
        assert_eq!(sheet.rows[0].number, 2);
    }

    #[test]
    fn not_utf8_names_the_row() {
        let mut file =
            b"target_code,year,quality,value,state,source,note\nT01,2024,official,1,,".to_vec();
        file.extend_from_slice(b"C\xE1c\n");
        let problems = read(&file).expect_err("refused");
        assert_eq!(problems[0].row, 2);
        assert!(problems[0].message.contains("UTF-8"));
    }

    #[test]
    fn wrong_or_missing_header_is_refused() {
        assert!(read(b"code,year\nT01,2024\n").is_err());
        assert!(read(b"").is_err());
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(protect("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(protect("-5 so với kế hoạch"), "'-5 so với kế hoạch");
        assert_eq!(protect("Cục Thống kê"), "Cục Thống kê");
    }
}

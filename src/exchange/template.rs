//! The import template: a workbook in the import format for one year (and one unit), a row for each target and
//! quality with the stored figure filled in, headed in the reader's language, with a guide sheet saying what each
//! target takes. Filled in and imported back, its blank rows are skipped and its unchanged ones stay unchanged.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::rows::{ALL_COLUMNS, HEADER, HEADINGS_VI};
use crate::domain::wording::Lang;

/// One row of the template: a target's figure of one quality, filled in where one is stored.
#[derive(Debug, Clone, Default)]
pub struct TemplateRow {
    pub target_code: String,
    pub year: i32,
    /// The quality as the reader names it ("chính thức").
    pub quality: String,
    pub value: Option<f64>,
    /// A milestone's state or a unit's yes/no, in the reader's words.
    pub state: String,
    pub source: String,
    pub note: String,
    pub unit_code: String,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
}

/// A target on the guide sheet: its code, title, unit of measure and what its row takes.
#[derive(Debug, Clone)]
pub struct GuideRow {
    pub code: String,
    pub title: String,
    pub unit_of_measure: String,
    pub takes: String,
}

/// What the guide sheet says above its table, in the reader's language.
pub struct GuideText<'a> {
    pub sheet: &'a str,
    pub lines: &'a [String],
    pub columns: [&'a str; 4],
}

/// The workbook: the figures on the first sheet (the one the import reads), the guide on the second. The units'
/// columns are there when `of_unit`.
pub fn template(
    rows: &[TemplateRow],
    guide: &[GuideRow],
    text: &GuideText<'_>,
    of_unit: bool,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let head = Format::new().set_bold().set_text_wrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name(match lang {
        Lang::Vi => "so-lieu",
        Lang::En => "figures",
    })?;
    let columns = if of_unit {
        ALL_COLUMNS.len()
    } else {
        HEADER.len()
    };
    for col in 0..columns {
        let name = match lang {
            Lang::Vi => capitalised(HEADINGS_VI[col]),
            Lang::En => ALL_COLUMNS[col].to_string(),
        };
        sheet.write_string_with_format(0, col as u16, name, &head)?;
    }
    for (i, r) in rows.iter().enumerate() {
        write_row(sheet, i as u32 + 1, r, of_unit)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (col, width) in [(0, 12), (1, 8), (2, 16), (3, 12), (4, 16), (5, 36), (6, 36)] {
        sheet.set_column_width(col, width)?;
    }
    if of_unit {
        for col in 7..10 {
            sheet.set_column_width(col, 14)?;
        }
    }
    guide_sheet(workbook.add_worksheet(), guide, text)?;
    workbook.save_to_buffer()
}

fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    r: &TemplateRow,
    of_unit: bool,
) -> Result<(), XlsxError> {
    sheet.write_string(row, 0, &r.target_code)?;
    sheet.write_number(row, 1, f64::from(r.year))?;
    sheet.write_string(row, 2, &r.quality)?;
    let mut numbers = vec![(3, r.value)];
    if of_unit {
        sheet.write_string(row, 7, &r.unit_code)?;
        numbers.extend([(8, r.numerator), (9, r.denominator)]);
    }
    for (col, number) in numbers {
        if let Some(v) = number {
            sheet.write_number(row, col, v)?;
        }
    }
    // Entered text stays text: a string cell is never run as a formula.
    for (col, text) in [(4, &r.state), (5, &r.source), (6, &r.note)] {
        if !text.is_empty() {
            sheet.write_string(row, col, text)?;
        }
    }
    Ok(())
}

fn guide_sheet(
    sheet: &mut Worksheet,
    guide: &[GuideRow],
    text: &GuideText<'_>,
) -> Result<(), XlsxError> {
    sheet.set_name(text.sheet)?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (i, line) in text.lines.iter().enumerate() {
        sheet.write_string(i as u32, 0, line)?;
    }
    let top = text.lines.len() as u32 + 1;
    for (col, name) in text.columns.iter().enumerate() {
        sheet.write_string_with_format(top, col as u16, *name, &bold)?;
    }
    for (i, g) in guide.iter().enumerate() {
        let row = top + 1 + i as u32;
        for (col, cell) in [&g.code, &g.title, &g.unit_of_measure, &g.takes]
            .into_iter()
            .enumerate()
        {
            sheet.write_string_with_format(row, col as u16, cell, &wrap)?;
        }
    }
    for (col, width) in [(0, 10), (1, 48), (2, 24), (3, 48)] {
        sheet.set_column_width(col, width)?;
    }
    Ok(())
}

/// "mã chỉ tiêu" → "Mã chỉ tiêu".
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::{check_rows, read, FileKind, Limits};

    #[test]
    fn a_template_reads_back_with_its_blank_rows_skipped() {
        let rows = vec![
            TemplateRow {
                target_code: "T01".into(),
                year: 2024,
                quality: "chính thức".into(),
                value: Some(80.6),
                source: "Chi cục Thống kê".into(),
                ..TemplateRow::default()
            },
            TemplateRow {
                target_code: "T01".into(),
                year: 2024,
                quality: "ước thực hiện".into(),
                ..TemplateRow::default()
            },
        ];
        let text = GuideText {
            sheet: "Hướng dẫn",
            lines: &["Điền cột Giá trị.".to_string()],
            columns: ["Mã", "Chỉ tiêu", "Đơn vị tính", "Cần điền"],
        };
        let bytes = template(&rows, &[], &text, false, Lang::Vi).expect("a workbook");
        let sheet = read(FileKind::Xlsx, &bytes, Limits::UPLOAD).expect("it reads");
        let catalog = crate::domain::catalog::shipped_for_tests();
        let entries = check_rows(&sheet, &catalog, &Default::default()).expect("it checks");
        assert_eq!((entries.area.len(), entries.blank), (1, 1));
        assert_eq!(entries.area[0].1.figure.reading.value(), Some(80.6));
        assert_eq!(
            entries.area[0].1.source.as_deref(),
            Some("Chi cục Thống kê")
        );
    }
}

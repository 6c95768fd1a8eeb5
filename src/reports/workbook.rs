//! The office's Excel workbook of a year: the results table the district files ("Biểu kết quả thực hiện các chỉ
//! tiêu chủ yếu Nghị quyết Đại hội": each target's goal, its figures year by year with estimates marked, how far
//! it has come and its assessment, the committee's where recorded), every stored figure with its approval, and a
//! native Excel chart a target, drawn from the table's cells so the office can restyle it. Text is written as
//! text: nothing entered runs as a formula.

use rust_xlsxwriter::{
    Chart, ChartType, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::results::{result_rows, ReportOf, ResultRow};
use super::words::{words, WorkbookWords};
use crate::domain::measurement::Quality;
use crate::domain::wording::Lang;

/// The first row of the table's header (the title, the resolution and the year above it).
const HEADER_ROW: u32 = 3;
/// The table's fixed columns before the years: STT, target, unit, goal.
const YEARS_FROM: u16 = 4;

struct Formats {
    title: Format,
    header: Format,
    text: Format,
    number: Format,
    estimate: Format,
    percent: Format,
}

impl Formats {
    fn new(w: &WorkbookWords) -> Formats {
        let cell = Format::new()
            .set_font_name("Times New Roman")
            .set_font_size(12)
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        // An estimate is a number like any other (the chart draws it), shown with its mark.
        let estimate_format = format!("#,##0.##\" {}\"", w.estimate_mark.replace('"', ""));
        Formats {
            title: Format::new()
                .set_font_name("Times New Roman")
                .set_font_size(14)
                .set_bold(),
            header: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(0xE8EEF4),
            text: cell.clone(),
            number: cell.clone().set_num_format("#,##0.##"),
            estimate: cell.clone().set_italic().set_num_format(estimate_format),
            percent: cell.set_num_format("0%"),
        }
    }
}

/// The workbook's bytes.
pub fn write(of: &ReportOf<'_>) -> Result<Vec<u8>, XlsxError> {
    let w = &words(of.lang).workbook;
    let formats = Formats::new(w);
    let mut workbook = Workbook::new();
    let years: Vec<i32> =
        (of.catalog.resolution.baseline_year..=of.catalog.resolution.goal_year).collect();
    let table = workbook.add_worksheet().set_name(w.table_sheet)?;
    let rows = results_table(table, of, &years, &formats)?;
    let charts = workbook.add_worksheet().set_name(w.charts_sheet)?;
    charts_sheet(charts, &rows, years.len(), w.table_sheet)?;
    let figures = workbook.add_worksheet().set_name(w.figures_sheet)?;
    figures_sheet(figures, of, &formats)?;
    workbook.save_to_buffer()
}

/// A target's row of the table that has numbers to chart: its sheet row and its words.
struct Charted {
    row: u32,
    name: String,
}

fn results_table(
    sheet: &mut Worksheet,
    of: &ReportOf<'_>,
    years: &[i32],
    f: &Formats,
) -> Result<Vec<Charted>, XlsxError> {
    let (lang, catalog) = (of.lang, of.catalog);
    let w = &words(lang).workbook;
    let resolution = lang.pick(&catalog.resolution.title_vi, &catalog.resolution.title_en);
    sheet.write_string_with_format(0, 0, w.title, &f.title)?;
    sheet.write_string(1, 0, resolution)?;
    let heading = format!("{} {}", words(lang).report_heading, of.board.as_of);
    sheet.write_string(2, 0, heading)?;
    let mut header: Vec<String> = vec![
        w.number.into(),
        w.target.into(),
        w.unit.into(),
        w.goal.into(),
    ];
    header.extend(years.iter().map(i32::to_string));
    header.extend([
        w.against_goal.into(),
        w.assessment.into(),
        w.unapproved.into(),
    ]);
    for (col, text) in header.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, text, &f.header)?;
    }
    let mut charted = Vec::new();
    let rows = result_rows(catalog, of.board, of.figures, lang);
    for (i, target) in rows.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        result_row(sheet, (row, i + 1), target, years, f)?;
        let unapproved = unapproved(of, &target.code, lang);
        sheet.write_string_with_format(
            row,
            YEARS_FROM + years.len() as u16 + 2,
            unapproved,
            &f.text,
        )?;
        if !target.years.is_empty() {
            charted.push(Charted {
                row,
                name: target.title.clone(),
            });
        }
    }
    let legend_row = HEADER_ROW + 2 + rows.len() as u32;
    sheet.write_string(legend_row, 0, w.legend)?;
    lay_out(sheet, years.len())?;
    Ok(charted)
}

/// One target's row: its words, each year's figure (an estimate in its marked format), how far it has come
/// and its assessment.
fn result_row(
    sheet: &mut Worksheet,
    (row, number): (u32, usize),
    target: &ResultRow,
    years: &[i32],
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_number_with_format(row, 0, number as f64, &f.text)?;
    sheet.write_string_with_format(row, 1, &target.title, &f.text)?;
    sheet.write_string_with_format(row, 2, &target.unit, &f.text)?;
    sheet.write_string_with_format(row, 3, &target.goal, &f.text)?;
    for (j, year) in years.iter().enumerate() {
        let col = YEARS_FROM + j as u16;
        match target.years.get(year) {
            Some((v, Quality::Estimate)) => {
                sheet.write_number_with_format(row, col, *v, &f.estimate)?
            }
            Some((v, Quality::Official)) => {
                sheet.write_number_with_format(row, col, *v, &f.number)?
            }
            None => sheet.write_blank(row, col, &f.text)?,
        };
    }
    let col = YEARS_FROM + years.len() as u16;
    match target.progress {
        Some(pct) => sheet.write_number_with_format(row, col, pct / 100.0, &f.percent)?,
        None => sheet.write_blank(row, col, &f.text)?,
    };
    sheet.write_string_with_format(row, col + 1, &target.assessment, &f.text)?;
    Ok(())
}

/// The table's widths, frozen header and print setup (A4 landscape, one page wide).
fn lay_out(sheet: &mut Worksheet, years: usize) -> Result<(), XlsxError> {
    let last_year_col = YEARS_FROM + years as u16 - 1;
    for (col, width) in [(0, 5.0), (1, 42.0), (2, 14.0), (3, 22.0)] {
        sheet.set_column_width(col, width)?;
    }
    for col in YEARS_FROM..=last_year_col {
        sheet.set_column_width(col, 11)?;
    }
    sheet.set_column_width(last_year_col + 1, 11)?;
    sheet.set_column_width(last_year_col + 2, 18)?;
    sheet.set_column_width(last_year_col + 3, 20)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 2)?;
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// The target's figures up to the report's year that are not approved ("2024 chính thức, 2025 ước thực hiện"), the area's and its units'.
fn unapproved(of: &ReportOf<'_>, code: &str, lang: Lang) -> String {
    let left = of.unapproved(Some(code));
    let mut listed: Vec<String> = left
        .area
        .iter()
        .map(|m| format!("{} {}", m.figure.year, m.figure.quality.label(lang)))
        .collect();
    if left.units > 0 {
        listed.push(format!(
            "{} {}",
            left.units,
            lang.pick("số của đơn vị", "unit figures")
        ));
    }
    listed.join(", ")
}

/// A line chart a target, its values the table's cells of that target's row, its categories the years.
fn charts_sheet(
    sheet: &mut Worksheet,
    rows: &[Charted],
    years: usize,
    table: &str,
) -> Result<(), XlsxError> {
    let last = YEARS_FROM + years as u16 - 1;
    for (i, target) in rows.iter().enumerate() {
        let mut chart = Chart::new(ChartType::Line);
        chart.title().set_name(&target.name);
        chart
            .add_series()
            .set_name(&target.name)
            .set_categories((table, HEADER_ROW, YEARS_FROM, HEADER_ROW, last))
            .set_values((table, target.row, YEARS_FROM, target.row, last));
        chart.legend().set_hidden();
        chart.set_width(560).set_height(300);
        let (row, col) = ((i / 2) as u32 * 16, (i % 2) as u16 * 9);
        sheet.insert_chart(row, col, &chart)?;
    }
    Ok(())
}

/// Every stored figure: the area's and the units', with its quality and approval.
fn figures_sheet(sheet: &mut Worksheet, of: &ReportOf<'_>, f: &Formats) -> Result<(), XlsxError> {
    let (lang, w) = (of.lang, &words(of.lang).workbook);
    let header = [w.target, w.of, w.year, w.quality, w.value, w.approval];
    for (col, text) in header.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *text, &f.header)?;
    }
    let area_name = of.catalog.area.as_ref().map_or(String::new(), |a| {
        lang.pick(&a.name_vi, &a.name_en).to_string()
    });
    let area = of.measurements.iter().map(|m| {
        let value = m.figure.reading.value();
        (
            &m.target_code,
            area_name.clone(),
            m.figure.year,
            m.figure.quality,
            value,
            m.approval,
        )
    });
    let units = of.units.iter().map(|m| {
        let name = of
            .catalog
            .unit(&m.figure.unit)
            .map_or(m.figure.unit.clone(), |u| {
                lang.pick(&u.name_vi, &u.name_en).to_string()
            });
        let f = &m.figure;
        (
            &m.target_code,
            name,
            f.year,
            f.quality,
            f.reading.shown_value(),
            m.approval,
        )
    });
    for (i, (code, whose, year, quality, value, approval)) in area.chain(units).enumerate() {
        let row = 1 + i as u32;
        sheet.write_string(row, 0, code.as_str())?;
        sheet.write_string(row, 1, whose)?;
        sheet.write_number(row, 2, f64::from(year))?;
        sheet.write_string(row, 3, quality.label(lang))?;
        match value {
            Some(v) => sheet.write_number_with_format(row, 4, v, &f.number)?,
            None => sheet.write_blank(row, 4, &f.text)?,
        };
        sheet.write_string(row, 5, approval.label(lang))?;
    }
    sheet.set_column_width(1, 28)?;
    sheet.set_column_width(3, 16)?;
    sheet.set_column_width(5, 14)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

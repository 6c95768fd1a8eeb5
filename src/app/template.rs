//! The import template of a year, for the area or for one unit: a row for each target and quality, the stored
//! figures filled in, a guide sheet saying what each target takes; imported back unchanged it changes nothing.

use super::error::AppError;
use super::scope::Scope;
use crate::domain::catalog::TargetKind;
use crate::domain::lang::{yes_no, ByLang};
use crate::domain::rollup::UnitReading;
use crate::domain::units::{Rollup, Unit};
use crate::domain::wording::{self, Lang};
use crate::domain::{MilestoneState, Quality, Reading, Target};
use crate::exchange::template::{template as workbook, GuideRow, GuideText, TemplateRow};
use crate::storage::{measurements, DbConnection, StoredCatalog};

/// A template's file name without its extension (`mau-2024-cam-vu`) and bytes.
pub struct Template {
    pub name: String,
    pub bytes: Vec<u8>,
}

struct Words {
    sheet: &'static str,
    lines: [&'static str; 4],
    columns: [&'static str; 4],
    number: &'static str,
    counts: &'static str,
    yes_no: &'static str,
    state: &'static str,
}

const VI: Words = Words {
    sheet: "Hướng dẫn",
    lines: [
        "Mẫu nhập số liệu năm {year}: {whose}.",
        "Mỗi dòng một số liệu. Điền vào dòng của chỉ tiêu (số ước thực hiện và/hoặc số chính thức); dòng để trống được bỏ qua.",
        "Không sửa các cột Mã chỉ tiêu, Năm, Loại số liệu, Mã đơn vị. Số thập phân viết theo Excel của máy (80,6).",
        "Nhập lại tệp ở trang «Nhập từ tệp»: bấm «Kiểm tra» để xem từng thay đổi trước khi lưu.",
    ],
    columns: ["Mã", "Chỉ tiêu", "Đơn vị tính", "Cần điền"],
    number: "một số vào cột Giá trị",
    counts: "tử số và mẫu số vào cột Tử số, Mẫu số",
    yes_no: "có hoặc không vào cột Trạng thái",
    state: "vào cột Trạng thái: ",
};

const EN: Words = Words {
    sheet: "Guide",
    lines: [
        "Figures template for {year}: {whose}.",
        "One figure a row. Fill in the target's rows (the estimate and/or the official figure); rows left blank are skipped.",
        "Leave target_code, year, quality and unit_code as they are. Decimals as your Excel writes them.",
        "Import the file back on the «Import» page: «Check» shows each change before anything is saved.",
    ],
    columns: ["Code", "Target", "Unit of measure", "To fill in"],
    number: "a number in the value column",
    counts: "the numerator and denominator in their columns",
    yes_no: "yes or no in the state column",
    state: "in the state column: ",
};

const WORDS: ByLang<Words> = ByLang { vi: &VI, en: &EN };

/// The template of the scope's year (its default year when none is asked), for the scope's unit if it names one.
pub fn template(conn: &mut DbConnection, scope: &Scope, lang: Lang) -> Result<Template, AppError> {
    let stored = scope.catalog(conn)?;
    let year = scope.year(&stored)?;
    let catalog = &stored.catalog;
    let unit: Option<&Unit> = match scope.unit.as_deref().filter(|u| !u.is_empty()) {
        Some(code) => Some(catalog.unit(code).ok_or_else(|| {
            AppError::bad_field("unit", "không có đơn vị này", "there is no such unit")
        })?),
        None => None,
    };
    let w = WORDS.get(lang);
    let (rows, targets, whose) = match unit {
        None => (
            area_rows(conn, &stored, year, lang)?,
            catalog.targets.iter().collect::<Vec<_>>(),
            super::views::figure_of(catalog, None, lang),
        ),
        Some(unit) => (
            unit_rows(conn, &stored, unit, year, lang)?,
            catalog.targets_of_unit(unit),
            lang.pick(&unit.name_vi, &unit.name_en).to_string(),
        ),
    };
    let guide: Vec<GuideRow> = targets
        .iter()
        .map(|t| GuideRow {
            code: t.code.clone(),
            title: wording::title(t, lang).to_string(),
            unit_of_measure: wording::unit(t, lang).to_string(),
            takes: takes(t, unit.is_some(), w, lang),
        })
        .collect();
    let lines: Vec<String> = w
        .lines
        .iter()
        .map(|l| {
            l.replace("{year}", &year.to_string())
                .replace("{whose}", &whose)
        })
        .collect();
    let text = GuideText {
        sheet: w.sheet,
        lines: &lines,
        columns: w.columns,
    };
    let bytes = workbook(&rows, &guide, &text, unit.is_some(), lang).map_err(|e| {
        tracing::error!(error = %e, "import template");
        AppError::internal()
    })?;
    let name = match unit {
        Some(u) => format!("mau-{year}-{}", u.code),
        None => format!("mau-{year}"),
    };
    Ok(Template { name, bytes })
}

/// The area's rows: every target, both qualities, the year's stored figures filled in.
fn area_rows(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    year: i32,
    lang: Lang,
) -> Result<Vec<TemplateRow>, AppError> {
    let mut figures = measurements::all_measurements(conn, stored)?;
    figures.retain(|m| m.figure.year == year);
    let rows = stored.catalog.targets.iter().flat_map(|t| {
        Quality::ALL.map(|quality| {
            let mut row = blank_row(t, year, quality, lang);
            let m = figures
                .iter()
                .find(|m| m.target_code == t.code && m.figure.quality == quality);
            if let Some(m) = m {
                match m.figure.reading {
                    Reading::Value(v) => row.value = Some(v),
                    Reading::State(s) => row.state = s.label(lang).to_string(),
                }
                row.source = m.source.clone().unwrap_or_default();
                row.note = m.note.clone().unwrap_or_default();
            }
            row
        })
    });
    Ok(rows.collect())
}

/// A unit's rows: the targets it reports on, both qualities, its stored figures of the year filled in.
fn unit_rows(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    unit: &Unit,
    year: i32,
    lang: Lang,
) -> Result<Vec<TemplateRow>, AppError> {
    let figures = measurements::unit_year_measurements(conn, stored, &unit.code, year)?;
    let rows = stored
        .catalog
        .targets_of_unit(unit)
        .into_iter()
        .flat_map(|t| {
            Quality::ALL.map(|quality| {
                let mut row = blank_row(t, year, quality, lang);
                row.unit_code = unit.code.clone();
                let m = figures
                    .iter()
                    .find(|m| m.target_code == t.code && m.figure.quality == quality);
                if let Some(m) = m {
                    match m.figure.reading {
                        UnitReading::Value(v) => row.value = Some(v),
                        UnitReading::Ratio {
                            numerator,
                            denominator,
                        } => {
                            (row.numerator, row.denominator) = (Some(numerator), Some(denominator))
                        }
                        UnitReading::YesNo(yes) => row.state = yes_no(yes, lang).to_string(),
                    }
                    row.source = m.source.clone().unwrap_or_default();
                    row.note = m.note.clone().unwrap_or_default();
                }
                row
            })
        });
    Ok(rows.collect())
}

fn blank_row(t: &Target, year: i32, quality: Quality, lang: Lang) -> TemplateRow {
    TemplateRow {
        target_code: t.code.clone(),
        year,
        quality: quality.label(lang).to_string(),
        ..TemplateRow::default()
    }
}

/// What a target's row takes: the area's number or milestone state, or a unit's number, counts or yes/no.
fn takes(t: &Target, of_unit: bool, w: &Words, lang: Lang) -> String {
    match (of_unit, &t.rollup, t.kind()) {
        (true, Rollup::Ratio, _) => w.counts.to_string(),
        (true, Rollup::ShareOfUnits(_) | Rollup::CountOfUnits(_), _) => w.yes_no.to_string(),
        (false, _, TargetKind::Milestone) => {
            let states: Vec<&str> = MilestoneState::ALL.iter().map(|s| s.label(lang)).collect();
            format!("{}{}", w.state, states.join(" / "))
        }
        _ => w.number.to_string(),
    }
}

//! The results table both office documents hold (the Word report's appendix and the workbook's first sheet):
//! a row a target with its goal, each year's figure it is assessed on, how far it has come and its assessment.

use std::collections::BTreeMap;

use super::words::words;
use crate::domain::dashboard::{Dashboard, ResolutionFigures};
use crate::domain::measurement::{Figure, Quality};
use crate::domain::progress::Status;
use crate::domain::wording::{self, Lang};
use crate::domain::Catalog;

/// A file of the pack: its name and bytes.
pub type NamedFile = (String, Vec<u8>);

/// What an office document is made of: the catalog, the dashboard of its year (assessments attached), the
/// figures it was computed from, the stored figures (with their approval), the charts drawn, the language.
pub struct ReportOf<'a> {
    pub catalog: &'a Catalog,
    pub board: &'a Dashboard,
    pub figures: &'a ResolutionFigures,
    pub measurements: &'a [crate::domain::measurement::Measurement],
    pub units: &'a [crate::domain::measurement::Measurement<crate::domain::rollup::UnitFigure>],
    pub charts: &'a [NamedFile],
    pub lang: Lang,
}

impl ReportOf<'_> {
    /// The figures up to the report's year not yet approved (of one target, or of all): the area's, and how many
    /// of the units'. The chart legends, the Word report and the workbook all list these.
    pub fn unapproved(&self, code: Option<&str>) -> Unapproved<'_> {
        unapproved(self.measurements, self.units, code, self.board.as_of)
    }

    /// The figures not yet approved in a sentence ("Số liệu chưa được duyệt: T01 2024 chính thức, …; 3 số liệu
    /// của các đơn vị"), as the Word report and the pack's README say it; none when every figure is approved.
    pub fn unapproved_said(&self) -> Option<String> {
        let left = self.unapproved(None);
        if left.area.is_empty() && left.units == 0 {
            return None;
        }
        let area: Vec<String> = left
            .area
            .iter()
            .map(|m| {
                format!(
                    "{} {} {}",
                    m.target_code,
                    m.figure.year,
                    m.figure.quality.label(self.lang)
                )
            })
            .collect();
        let heading = self
            .lang
            .pick("Số liệu chưa được duyệt", "Figures not yet approved");
        let mut said = format!("{heading}: {}", area.join(", "));
        if left.units > 0 {
            said.push_str(&match self.lang {
                Lang::Vi => format!("; {} số liệu của các đơn vị", left.units),
                Lang::En => format!("; {} figures of the units", left.units),
            });
        }
        Some(said)
    }
}

/// The figures up to a year not yet approved: the area's, and how many of the units'.
pub struct Unapproved<'a> {
    pub area: Vec<&'a crate::domain::measurement::Measurement>,
    pub units: usize,
}

/// Which of `measurements` and `units` (of target `code`, or all) up to `as_of` are not approved.
pub fn unapproved<'a>(
    measurements: &'a [crate::domain::measurement::Measurement],
    units: &[crate::domain::measurement::Measurement<crate::domain::rollup::UnitFigure>],
    code: Option<&str>,
    as_of: i32,
) -> Unapproved<'a> {
    use crate::domain::approval::Approval;
    let counted = |target: &str, year: i32, approval: Approval| {
        code.is_none_or(|c| c == target) && year <= as_of && approval != Approval::Approved
    };
    Unapproved {
        area: measurements
            .iter()
            .filter(|m| counted(&m.target_code, m.figure.year, m.approval))
            .collect(),
        units: units
            .iter()
            .filter(|m| counted(&m.target_code, m.figure.year, m.approval))
            .count(),
    }
}

/// One target's row, in the reader's words.
pub struct ResultRow {
    pub code: String,
    /// "T01 · Thu nhập bình quân đầu người".
    pub title: String,
    pub unit: String,
    pub goal: String,
    /// Each year's figure: the official where there is one, else the estimate.
    pub years: BTreeMap<i32, (f64, Quality)>,
    /// How far along the way it has come, 0 to 100 (the dashboard's bar); none without a figure.
    pub progress: Option<f64>,
    /// Its status in words, the committee's (marked) where recorded.
    pub assessment: String,
}

/// Each year's figure a target is assessed on: the official where there is one, else the estimate.
fn yearly(figures: &[Figure]) -> BTreeMap<i32, (f64, Quality)> {
    let mut by_year = BTreeMap::new();
    for f in figures {
        let Some(v) = f.reading.value() else { continue };
        if f.quality == Quality::Official || !by_year.contains_key(&f.year) {
            by_year.insert(f.year, (v, f.quality));
        }
    }
    by_year
}

/// The table's rows, in catalog order.
pub fn result_rows(
    catalog: &Catalog,
    board: &Dashboard,
    figures: &ResolutionFigures,
    lang: Lang,
) -> Vec<ResultRow> {
    let mark = words(lang).workbook.committee_mark;
    catalog
        .targets
        .iter()
        .zip(&board.targets)
        .map(|(target, entry)| {
            let p = &entry.progress.progress;
            let assessed = figures.of_target(catalog, target, board.as_of).figures;
            ResultRow {
                code: target.code.clone(),
                title: format!("{} · {}", target.code, wording::title(target, lang)),
                unit: lang.pick(&target.unit_vi, &target.unit_en).to_string(),
                goal: wording::goal(target, lang),
                years: yearly(&assessed),
                progress: (p.status != Status::NoData).then_some(p.progress_pct),
                assessment: match &entry.committee {
                    Some(c) => format!("{} {mark}", c.status.label(lang)),
                    None => p.status.label(lang).to_string(),
                },
            }
        })
        .collect()
}

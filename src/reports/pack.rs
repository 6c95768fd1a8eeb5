//! Every chart of a resolution for a year, and the report pack: the PNGs, the CSV export and a README.txt.

use crate::reports::words::words;
use std::collections::HashMap;
use std::io::Write;

use zip::write::SimpleFileOptions;

use super::chart_input::{overview_chart, target_chart, units_chart, ChartFigures};
use super::results::ReportOf;
use crate::charts::{render_overview, render_target, render_units, ChartError, Size};
use crate::domain::assessment::Assessment;
use crate::domain::dashboard::{dashboard, Dashboard, ResolutionFigures};
use crate::domain::measurement::Measurement;
use crate::domain::progress::Status;
use crate::domain::rollup::{UnitFigure, UnitInputs};
use crate::domain::unit_progress::lagging_standings;
use crate::domain::units::Rollup;
use crate::domain::wording::{self, Lang};
use crate::domain::Catalog;
use crate::exchange;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Chart(#[from] ChartError),
    #[error("writing the zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("writing the zip: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing the CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

pub use super::results::NamedFile;

/// The area's figures by target code.
fn by_target(measurements: &[Measurement]) -> HashMap<&str, Vec<Measurement>> {
    let mut by_target: HashMap<&str, Vec<Measurement>> = HashMap::new();
    for m in measurements {
        by_target
            .entry(m.target_code.as_str())
            .or_default()
            .push(m.clone());
    }
    by_target
}

/// The figures the methodology reads, from the stored ones: the area's by target, the units' as roll-up inputs.
pub fn resolution_figures(
    catalog: &Catalog,
    measurements: &[Measurement],
    units: &[Measurement<UnitFigure>],
) -> ResolutionFigures {
    let mut figures = ResolutionFigures {
        area: HashMap::new(),
        units: HashMap::new(),
    };
    for m in measurements {
        figures
            .area
            .entry(m.target_code.clone())
            .or_default()
            .push(m.figure);
    }
    let mut unit_figures: HashMap<&str, Vec<UnitFigure>> = HashMap::new();
    for m in units {
        unit_figures
            .entry(m.target_code.as_str())
            .or_default()
            .push(m.figure.clone());
    }
    for (code, list) in &unit_figures {
        let inputs = UnitInputs::from_figures(&catalog.units, list);
        figures.units.insert((*code).to_string(), inputs);
    }
    figures
}

/// Every target's chart (`<code>.png`, catalog order) and `overview.png`, with the dashboard they show.
pub fn render_all(
    catalog: &Catalog,
    measurements: &[Measurement],
    units: &[Measurement<UnitFigure>],
    as_of: i32,
    lang: Lang,
) -> Result<(Dashboard, Vec<NamedFile>), ReportError> {
    let figures = resolution_figures(catalog, measurements, units);
    let board = dashboard(catalog, &figures, as_of);
    let stored = (measurements, units);
    let files = draw_charts(catalog, (&board, &figures), stored, Vec::new(), lang)?;
    Ok((board, files))
}

/// Draws every chart of the dashboard `board` (computed from `figures`, which the stored figures gave).
fn draw_charts(
    catalog: &Catalog,
    (board, figures): (&Dashboard, &ResolutionFigures),
    (measurements, units): (&[Measurement], &[Measurement<UnitFigure>]),
    terms: Vec<(String, crate::charts::TargetChart)>,
    lang: Lang,
) -> Result<Vec<NamedFile>, ReportError> {
    let as_of = board.as_of;
    let by_target = by_target(measurements);
    let mut unit_figures: HashMap<&str, Vec<UnitFigure>> = HashMap::new();
    for m in units {
        unit_figures
            .entry(m.target_code.as_str())
            .or_default()
            .push(m.figure.clone());
    }
    // What each chart shows is worked out here; drawing and encoding them, the costly part, is shared out below.
    let mut charts = Vec::with_capacity(catalog.targets.len() * 2 + 1);
    for (target, entry) in catalog.targets.iter().zip(&board.targets) {
        let list = by_target
            .get(target.code.as_str())
            .map_or(&[][..], Vec::as_slice);
        let assessed = figures.of_target(catalog, target, as_of).figures;
        let figures = ChartFigures {
            assessed: &assessed,
            entered: list,
        };
        let chart = target_chart(
            catalog,
            target,
            figures,
            &entry.progress,
            lang,
            Size::TARGET,
        );
        charts.push((
            format!("{}.png", target.code),
            Chart::Target(Box::new(chart)),
        ));
        if target.rollup != Rollup::None {
            // Its units in the assessed year, laggards first.
            let list = unit_figures
                .get(target.code.as_str())
                .map_or(&[][..], Vec::as_slice);
            let rows = lagging_standings(catalog, target, list, as_of);
            let area = entry.progress.rollup_years.iter().find(|y| y.year == as_of);
            let chart = units_chart(target, &rows, area, as_of, lang, Size::TARGET);
            charts.push((format!("{}-units.png", target.code), Chart::Units(chart)));
        }
        let prefix = format!("{}-terms-", target.code);
        for (name, chart) in terms.iter().filter(|(name, _)| name.starts_with(&prefix)) {
            charts.push((name.clone(), Chart::Target(Box::new(chart.clone()))));
        }
    }
    let overview = overview_chart(catalog, board, lang, Size::OVERVIEW);
    charts.push(("overview.png".to_string(), Chart::Overview(overview)));
    Ok(draw_all(charts)?)
}

/// A year as the office documents show it: the dashboard with the committee's and the tasks' assessments
/// attached, the figures it was computed from, and every chart (when asked for).
struct Prepared {
    board: Dashboard,
    figures: ResolutionFigures,
    charts: Vec<NamedFile>,
    /// The agency whose targets alone it holds.
    agency: Option<String>,
}

fn prepare(
    catalog: &Catalog,
    stored: (&[Measurement], &[Measurement<UnitFigure>]),
    notes: PackNotes,
    (as_of, lang): (i32, Lang),
    with_charts: bool,
) -> Result<Prepared, ReportError> {
    let figures = resolution_figures(catalog, stored.0, stored.1);
    let board = dashboard(catalog, &figures, as_of);
    let charts = match with_charts {
        true => draw_charts(catalog, (&board, &figures), stored, notes.terms, lang)?,
        false => Vec::new(),
    };
    let board = board
        .with_committee(notes.committee)
        .with_assessments(notes.breakthroughs);
    Ok(Prepared {
        board,
        figures,
        charts,
        agency: notes.agency,
    })
}

impl Prepared {
    fn of<'a>(
        &'a self,
        catalog: &'a Catalog,
        (measurements, units): (&'a [Measurement], &'a [Measurement<UnitFigure>]),
        lang: Lang,
    ) -> ReportOf<'a> {
        ReportOf {
            catalog,
            board: &self.board,
            figures: &self.figures,
            measurements,
            units,
            charts: &self.charts,
            lang,
        }
    }
}

/// A chart to draw.
enum Chart {
    Target(Box<crate::charts::TargetChart>),
    Units(crate::charts::UnitsChart),
    Overview(crate::charts::OverviewChart),
}

impl Chart {
    fn draw(&self) -> Result<Vec<u8>, ChartError> {
        match self {
            Chart::Target(c) => render_target(c),
            Chart::Units(c) => render_units(c),
            Chart::Overview(c) => render_overview(c),
        }
    }
}

/// Draws the charts on every core the machine has, each thread a share of them; the files keep their order.
fn draw_all(charts: Vec<(String, Chart)>) -> Result<Vec<NamedFile>, ChartError> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let share = charts.len().div_ceil(cores.max(1)).max(1);
    let drawn: Vec<Result<Vec<NamedFile>, ChartError>> = std::thread::scope(|scope| {
        let threads: Vec<_> = charts
            .chunks(share)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(name, chart)| Ok((name.clone(), chart.draw()?)))
                        .collect()
                })
            })
            .collect();
        threads
            .into_iter()
            .map(|t| {
                t.join()
                    .unwrap_or_else(|_| Err(ChartError("a chart's drawing panicked".into())))
            })
            .collect()
    });
    let mut files = Vec::with_capacity(charts.len());
    for part in drawn {
        files.extend(part?);
    }
    Ok(files)
}

/// What a pack says beside the figures: the committee's assessment of each target for the year (by code), and the
/// agency whose targets alone it holds (the catalog given is already theirs alone).
#[derive(Debug, Default)]
pub struct PackNotes {
    pub committee: HashMap<String, Assessment>,
    pub agency: Option<String>,
    /// Each breakthrough task's latest assessment as of the year (by code).
    pub breakthroughs: HashMap<String, Assessment>,
    /// The two-terms charts (file name, what it shows): a target beside the earlier or later term's.
    pub terms: Vec<(String, crate::charts::TargetChart)>,
}

/// The report pack for a year: every PNG, all figures as `measurements.xlsx` (for Excel, in any locale) and
/// `measurements.csv` (the import format), and `README.txt` explaining the pack in the reader's language, each
/// target's status the committee's where it assessed the target.
pub fn report_zip(
    catalog: &Catalog,
    (measurements, units): (&[Measurement], &[Measurement<UnitFigure>]),
    notes: PackNotes,
    as_of: i32,
    lang: Lang,
) -> Result<Vec<u8>, ReportError> {
    let stored = (measurements, units);
    let prepared = prepare(catalog, stored, notes, (as_of, lang), true)?;
    let of = prepared.of(catalog, stored, lang);
    let (board, files) = (&prepared.board, &prepared.charts);
    let kind = super::ReportKind::Yearly;
    let (document, workbook) = (
        super::document::write(kind, &of)?,
        super::workbook::write(&of)?,
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // PNGs are compressed already; text is deflated.
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated =
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("README.txt", deflated)?;
    let notes = (prepared.agency.as_deref(), unapproved_line(&of));
    zip.write_all(readme(catalog, board, files, notes, lang).as_bytes())?;
    for (name, bytes) in files {
        zip.start_file(name.as_str(), stored)?;
        zip.write_all(bytes)?;
    }
    let figures = || exchange::Figures {
        area: measurements,
        units,
    };
    zip.start_file(document_name(kind, as_of, lang), stored)?;
    zip.write_all(&document)?;
    zip.start_file(workbook_name(as_of, lang), stored)?;
    zip.write_all(&workbook)?;
    zip.start_file("measurements.xlsx", stored)?;
    zip.write_all(&exchange::xlsx::write(figures())?)?;
    zip.start_file("measurements.csv", deflated)?;
    zip.write_all(&exchange::csv::write(figures())?)?;
    Ok(zip.finish()?.into_inner())
}

/// The results workbook's file name in the pack.
pub fn workbook_name(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("bieu-ket-qua-{year}.xlsx"),
        Lang::En => format!("results-{year}.xlsx"),
    }
}

/// The results workbook of a year on its own (`/reports/{year}.xlsx`): the pack's, without the rest.
pub fn results_workbook(
    catalog: &Catalog,
    (measurements, units): (&[Measurement], &[Measurement<UnitFigure>]),
    notes: PackNotes,
    as_of: i32,
    lang: Lang,
) -> Result<Vec<u8>, ReportError> {
    let stored = (measurements, units);
    let prepared = prepare(catalog, stored, notes, (as_of, lang), false)?;
    Ok(super::workbook::write(&prepared.of(catalog, stored, lang))?)
}

/// The Word report of a year (its kind decides the year assessed: the caller reads `notes` for that year).
pub fn report_document(
    catalog: &Catalog,
    (measurements, units): (&[Measurement], &[Measurement<UnitFigure>]),
    notes: PackNotes,
    (kind, as_of): (super::ReportKind, i32),
    lang: Lang,
) -> Result<Vec<u8>, ReportError> {
    let stored = (measurements, units);
    let prepared = prepare(catalog, stored, notes, (as_of, lang), true)?;
    Ok(super::document::write(
        kind,
        &prepared.of(catalog, stored, lang),
    )?)
}

/// The Word report's file name.
pub fn document_name(kind: super::ReportKind, as_of: i32, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("bao-cao-{}-{as_of}.docx", kind.as_str()),
        Lang::En => format!("report-{}-{as_of}.docx", kind.as_str()),
    }
}

/// Which figures up to the pack's year are not approved (as the Word report and the workbook say), or that all are.
fn unapproved_line(of: &ReportOf<'_>) -> String {
    of.unapproved_said().unwrap_or_else(|| {
        of.lang
            .pick(
                "Mọi số liệu trong gói đã được duyệt.",
                "Every figure in the pack is approved.",
            )
            .to_string()
    })
}

/// The README's list of the pack's files, each with what it is.
fn files_said(files: &[NamedFile], as_of: i32, lang: Lang) -> String {
    let w = words(lang);
    let mut out = format!("\n{}\n", w.files);
    for (name, _) in files {
        out.push_str(&format!("  {name}\n"));
    }
    let document = lang.pick(
        "báo cáo (Word) để hoàn thiện và trình ký",
        "the report (Word), to complete and sign",
    );
    let described = [
        (
            document_name(super::ReportKind::Yearly, as_of, lang),
            document,
        ),
        (workbook_name(as_of, lang), w.workbook.title),
        ("measurements.xlsx".to_string(), w.measurements_xlsx),
        ("measurements.csv".to_string(), w.measurements_file),
    ];
    for (name, what) in described {
        out.push_str(&format!("  {name}: {what}\n"));
    }
    if files.iter().any(|(name, _)| name.contains("-terms-")) {
        out.push_str(lang.pick(
            "  <mã>-terms-<nghị quyết>.png: chỉ tiêu bên cạnh chỉ tiêu tiếp nối nó ở nhiệm kỳ kia\n",
            "  <code>-terms-<resolution>.png: the target beside the target that continues it in the other term\n",
        ));
    }
    out
}

/// The pack's README: whose targets (an agency's alone, when `agency` names one), each target's status, which
/// figures are not approved (`unapproved`, said in full), the statuses and the method explained, the files.
fn readme(
    catalog: &Catalog,
    board: &Dashboard,
    files: &[NamedFile],
    (agency, unapproved): (Option<&str>, String),
    lang: Lang,
) -> String {
    let w = words(lang);
    let mut out = String::new();
    out.push_str(lang.pick(&catalog.resolution.title_vi, &catalog.resolution.title_en));
    out.push_str(&format!("\n{} {}\n", w.report_heading, board.as_of));
    if let Some(a) = agency.and_then(|code| catalog.agency(code)) {
        let name = lang.pick(&a.name_vi, &a.name_en);
        out.push_str(&w.agency_line.replace("{agency}", name));
        out.push('\n');
    }
    out.push('\n');
    for (target, entry) in catalog.targets.iter().zip(&board.targets) {
        let p = &entry.progress.progress;
        let status = match &entry.committee {
            Some(c) => w
                .committee_status
                .replace("{committee}", c.status.label(lang))
                .replace("{computed}", p.status.label(lang)),
            None => p.status.label(lang).to_string(),
        };
        out.push_str(&format!(
            "{}  {} | {}: {} | {}: {} | {}: {}\n",
            target.code,
            wording::title(target, lang),
            words(lang).latest_figure,
            wording::latest(p, target, lang),
            words(lang).goal,
            wording::goal(target, lang),
            words(lang).status,
            status,
        ));
    }
    out.push_str(&format!("\n{unapproved}\n"));
    if board.targets.iter().any(|t| t.committee.is_some()) {
        out.push_str(&format!("\n{}\n", w.committee_note));
    }
    out.push_str(&format!("\n{}\n", w.statuses_heading));
    for (status, meaning) in Status::ALL.iter().zip(w.status_meanings) {
        out.push_str(&format!("  {}: {meaning}\n", status.label(lang)));
    }
    out.push_str(&format!("\n{}\n", w.methodology_heading));
    for paragraph in w.methodology_brief {
        out.push_str(&format!("  {paragraph}\n"));
    }
    out.push_str(&files_said(files, board.as_of, lang));
    out.replace('\n', "\r\n")
}

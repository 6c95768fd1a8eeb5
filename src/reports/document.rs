//! The Word report the office files: a yearly, mid-term or final report on the resolution, laid out by the rules
//! for administrative documents (Decree 30/2020/NĐ-CP: A4, Times New Roman 14 pt, margins 20 mm top and bottom,
//! 30 mm left, 15 mm right; the issuing body, the national motto, the place and date as fields the office fills),
//! with a summary, the appendix table of the main targets (estimates marked, the committee's assessment where
//! recorded), an annex by commune for the roll-up targets, a chart a target and the overview, and the
//! breakthrough tasks with their assessments. It says which figures are not approved.

use std::collections::BTreeMap;

use docx_rs::{
    AlignmentType, Docx, PageMargin, Paragraph, Pic, Run, RunFonts, Table, TableCell, TableRow,
    WidthType,
};

use super::results::{result_rows, ReportOf};
use super::words::words;
use crate::domain::measurement::{Measurement, Quality};
use crate::domain::progress::Status;
use crate::domain::rollup::UnitFigure;
use crate::domain::units::Rollup;
use crate::domain::wording::{self, Lang};
use crate::domain::Catalog;

/// Which report: a year's, the term's middle (its first three years), or the whole term's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    Yearly,
    Midterm,
    Final,
}

impl ReportKind {
    pub fn parse(text: &str) -> Option<ReportKind> {
        match text {
            "yearly" => Some(ReportKind::Yearly),
            "midterm" => Some(ReportKind::Midterm),
            "final" => Some(ReportKind::Final),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Yearly => "yearly",
            ReportKind::Midterm => "midterm",
            ReportKind::Final => "final",
        }
    }

    /// The year the report assesses: the year asked for, the term's third year, or its goal year.
    pub fn as_of(self, catalog: &Catalog, year: i32) -> i32 {
        let r = &catalog.resolution;
        match self {
            ReportKind::Yearly => year,
            ReportKind::Midterm => (r.baseline_year + 2).min(r.goal_year),
            ReportKind::Final => r.goal_year,
        }
    }
}

/// A4 in twentieths of a point, and the margins (20, 20, 30, 15 mm).
const A4: (u32, u32) = (11_906, 16_838);
const MARGINS: (i32, i32, i32, i32) = (1_134, 1_134, 1_701, 850);
/// The text's width on the page, in EMU (210 − 30 − 15 mm): what a chart is scaled to.
const TEXT_WIDTH_EMU: u32 = 165 * 36_000;

fn text(t: impl Into<String>) -> Run {
    Run::new().add_text(t)
}

fn para(t: impl Into<String>) -> Paragraph {
    Paragraph::new().add_run(text(t))
}

fn centred(run: Run) -> Paragraph {
    Paragraph::new().add_run(run).align(AlignmentType::Center)
}

fn heading(t: impl Into<String>) -> Paragraph {
    Paragraph::new().add_run(text(t).bold())
}

/// A table cell of one paragraph at 11 pt (tables are set smaller than the text).
fn cell(t: impl Into<String>, bold: bool) -> TableCell {
    let run = text(t).size(22);
    TableCell::new().add_paragraph(Paragraph::new().add_run(if bold { run.bold() } else { run }))
}

/// The report's bytes.
pub fn write(kind: ReportKind, of: &ReportOf<'_>) -> Result<Vec<u8>, std::io::Error> {
    let fonts = RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .cs("Times New Roman")
        .east_asia("Times New Roman");
    let (top, bottom, left, right) = MARGINS;
    let mut doc = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(top)
                .bottom(bottom)
                .left(left)
                .right(right),
        )
        .default_fonts(fonts)
        .default_size(28)
        .add_table(letterhead(of.lang));
    for p in title(kind, of) {
        doc = doc.add_paragraph(p);
    }
    doc = doc.add_paragraph(summary(kind, of));
    for p in approval_lines(of) {
        doc = doc.add_paragraph(p);
    }
    doc = doc
        .add_paragraph(heading(appendix_title(of.lang)))
        .add_table(appendix(of));
    doc = doc.add_paragraph(para(words(of.lang).workbook.legend));
    doc = breakthroughs(doc, of);
    doc = annexes(doc, of);
    doc = charts(doc, kind, of);
    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut bytes)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes.into_inner())
}

/// The issuing body and the national motto side by side, and the place and date: fields the office fills (in
/// English, the state's own translation of the motto).
fn letterhead(lang: Lang) -> Table {
    let (body, motto, freedom, date) = match lang {
        Lang::Vi => (
            "[TÊN CƠ QUAN BAN HÀNH]",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "[Địa danh], ngày ... tháng ... năm ...",
        ),
        Lang::En => (
            "[ISSUING BODY]",
            "SOCIALIST REPUBLIC OF VIET NAM",
            "Independence - Freedom - Happiness",
            "[Place], [date]",
        ),
    };
    let left = TableCell::new()
        .add_paragraph(centred(text(body).size(26).bold()))
        .add_paragraph(centred(text(lang.pick("Số: ...", "No.: ...")).size(26)))
        .width(3_600, WidthType::Dxa);
    let right = TableCell::new()
        .add_paragraph(centred(text(motto).size(26).bold()))
        .add_paragraph(centred(text(freedom).size(28).bold()))
        .add_paragraph(centred(text(date).size(28).italic()))
        .width(5_900, WidthType::Dxa);
    Table::without_borders(vec![TableRow::new(vec![left, right])])
}

fn title(kind: ReportKind, of: &ReportOf<'_>) -> Vec<Paragraph> {
    let r = &of.catalog.resolution;
    let resolution = of.lang.pick(&r.title_vi, &r.title_en);
    let what = match (kind, of.lang) {
        (ReportKind::Yearly, Lang::Vi) => format!("Kết quả thực hiện năm {}", of.board.as_of),
        (ReportKind::Midterm, Lang::Vi) => format!(
            "Kết quả thực hiện giữa nhiệm kỳ ({}-{})",
            r.baseline_year, of.board.as_of
        ),
        (ReportKind::Final, Lang::Vi) => {
            format!(
                "Kết quả thực hiện nhiệm kỳ {}-{}",
                r.baseline_year, r.goal_year
            )
        }
        (ReportKind::Yearly, Lang::En) => format!("Results of {}", of.board.as_of),
        (ReportKind::Midterm, Lang::En) => {
            format!("Mid-term results ({}-{})", r.baseline_year, of.board.as_of)
        }
        (ReportKind::Final, Lang::En) => {
            format!("Results of the term {}-{}", r.baseline_year, r.goal_year)
        }
    };
    vec![
        centred(text(of.lang.pick("BÁO CÁO", "REPORT")).bold()),
        centred(text(what).bold()),
        centred(text(resolution).bold()),
    ]
}

/// "Đánh giá đến năm 2024, trong 16 chỉ tiêu chủ yếu: Đã đạt 1; Cần đẩy nhanh 3; …" (the committee's assessment
/// counted where recorded), and for a finished term its final tally.
fn summary(kind: ReportKind, of: &ReportOf<'_>) -> Paragraph {
    let mut counts: BTreeMap<usize, (Status, usize)> = BTreeMap::new();
    for t in &of.board.targets {
        let status = t
            .committee
            .as_ref()
            .map_or(t.progress.progress.status, |c| c.status);
        let at = Status::ALL.iter().position(|s| *s == status).unwrap_or(0);
        counts.entry(at).or_insert((status, 0)).1 += 1;
    }
    let listed: Vec<String> = counts
        .values()
        .map(|(status, n)| format!("{} {n}", status.label(of.lang)))
        .collect();
    let n = of.board.targets.len();
    let mut said = match of.lang {
        Lang::Vi => format!(
            "Đánh giá đến năm {}, trong {n} chỉ tiêu chủ yếu: {}.",
            of.board.as_of,
            listed.join("; ")
        ),
        Lang::En => format!(
            "As of {}, of the {n} main targets: {}.",
            of.board.as_of,
            listed.join("; ")
        ),
    };
    if let (ReportKind::Final, Some(f)) = (kind, &of.board.final_assessment) {
        said.push(' ');
        said.push_str(&match of.lang {
            Lang::Vi => format!(
                "Kết thúc nhiệm kỳ {}: đạt {}/{} chỉ tiêu, không đạt {}, chưa đánh giá được {}.",
                f.term, f.achieved, f.targets, f.missed, f.not_judged
            ),
            Lang::En => format!(
                "At the end of the term {}: {} of {} targets achieved, {} missed, {} not judged.",
                f.term, f.achieved, f.targets, f.missed, f.not_judged
            ),
        });
    }
    para(said)
}

/// Which figures up to the report's year are not approved, or that all are.
fn approval_lines(of: &ReportOf<'_>) -> Vec<Paragraph> {
    match of.unapproved_said() {
        Some(said) => vec![Paragraph::new().add_run(text(format!("{said}.")).italic())],
        None => vec![para(of.lang.pick(
            "Mọi số liệu trong báo cáo đã được duyệt.",
            "Every figure in the report is approved.",
        ))],
    }
}

fn appendix_title(lang: Lang) -> &'static str {
    lang.pick(
        "Biểu kết quả thực hiện các chỉ tiêu chủ yếu Nghị quyết Đại hội",
        "Results of the resolution's main targets",
    )
}

/// The appendix table: STT, target, unit, goal, each year to the report's with estimates marked, how far it has
/// come, its assessment (the committee's marked).
fn appendix(of: &ReportOf<'_>) -> Table {
    let (lang, w) = (of.lang, &words(of.lang).workbook);
    let years: Vec<i32> = (of.catalog.resolution.baseline_year..=of.board.as_of).collect();
    let mut header = vec![
        cell(w.number, true),
        cell(w.target, true),
        cell(w.unit, true),
        cell(w.goal, true),
    ];
    header.extend(years.iter().map(|y| cell(y.to_string(), true)));
    header.push(cell(w.against_goal, true));
    header.push(cell(w.assessment, true));
    let mut rows = vec![TableRow::new(header)];
    let results = result_rows(of.catalog, of.board, of.figures, lang);
    for (i, target) in results.into_iter().enumerate() {
        let mut cells = vec![
            cell((i + 1).to_string(), false),
            cell(target.title, false),
            cell(target.unit, false),
            cell(target.goal, false),
        ];
        cells.extend(years.iter().map(|y| {
            let written = match target.years.get(y) {
                Some((v, Quality::Estimate)) => {
                    format!("{} {}", wording::number(*v, lang), w.estimate_mark)
                }
                Some((v, Quality::Official)) => wording::number(*v, lang),
                None => String::new(),
            };
            cell(written, false)
        }));
        let progress = target.progress.map_or(String::new(), |pct| {
            format!("{}%", wording::number(pct.round(), lang))
        });
        cells.push(cell(progress, false));
        cells.push(cell(target.assessment, false));
        rows.push(TableRow::new(cells));
    }
    Table::new(rows)
}

/// The breakthrough tasks, each with its latest assessment.
fn breakthroughs(mut doc: Docx, of: &ReportOf<'_>) -> Docx {
    let lang = of.lang;
    doc = doc.add_paragraph(heading(
        lang.pick("Các nhiệm vụ đột phá", "Breakthrough tasks"),
    ));
    for b in &of.board.breakthroughs {
        let title = lang.pick(&b.title_vi, &b.title_en);
        doc = doc
            .add_paragraph(Paragraph::new().add_run(text(format!("{} · {title}", b.code)).bold()));
        let said = match &b.assessment {
            Some(a) => format!("{} ({}): {}", a.status.label(lang), a.year, a.text),
            None => lang
                .pick("Chưa có đánh giá.", "Not assessed yet.")
                .to_string(),
        };
        doc = doc.add_paragraph(para(said));
    }
    doc
}

/// For each roll-up target, its units' figures of the report's year.
fn annexes(mut doc: Docx, of: &ReportOf<'_>) -> Docx {
    let (lang, as_of) = (of.lang, of.board.as_of);
    doc = doc.add_paragraph(heading(
        lang.pick("Phụ lục: số liệu theo đơn vị", "Annex: figures by unit"),
    ));
    for target in of
        .catalog
        .targets
        .iter()
        .filter(|t| t.rollup != Rollup::None)
    {
        let mut figures: Vec<&Measurement<UnitFigure>> = of
            .units
            .iter()
            .filter(|m| m.target_code == target.code && m.figure.year == as_of)
            .collect();
        if figures.is_empty() {
            continue;
        }
        figures.sort_by_key(|m| (m.figure.unit.clone(), m.figure.quality == Quality::Official));
        let title = format!(
            "{} · {} ({as_of})",
            target.code,
            wording::title(target, lang)
        );
        doc = doc.add_paragraph(Paragraph::new().add_run(text(title).italic()));
        let mut rows = vec![TableRow::new(vec![
            cell(lang.pick("Đơn vị", "Unit"), true),
            cell(lang.pick("Loại số liệu", "Quality"), true),
            cell(lang.pick("Số liệu", "Figure"), true),
        ])];
        for m in figures {
            let name = of
                .catalog
                .unit(&m.figure.unit)
                .map_or(m.figure.unit.clone(), |u| {
                    lang.pick(&u.name_vi, &u.name_en).to_string()
                });
            let value = m.figure.reading.shown_value().map_or_else(
                || yes_no(m.figure.reading, lang),
                |v| wording::number(v, lang),
            );
            rows.push(TableRow::new(vec![
                cell(name, false),
                cell(m.figure.quality.label(lang), false),
                cell(value, false),
            ]));
        }
        doc = doc.add_table(Table::new(rows));
    }
    doc
}

fn yes_no(reading: crate::domain::rollup::UnitReading, lang: Lang) -> String {
    reading.yes().map_or(String::new(), |y| {
        crate::domain::lang::yes_no(y, lang).to_string()
    })
}

/// The overview and each target's chart, scaled to the text's width; the final report adds each two-terms chart
/// after its target's.
fn charts(mut doc: Docx, kind: ReportKind, of: &ReportOf<'_>) -> Docx {
    doc = doc.add_paragraph(heading(of.lang.pick("Biểu đồ", "Charts")));
    let overview = of.charts.iter().filter(|(name, _)| name == "overview.png");
    let targets = of.charts.iter().filter(|(name, _)| {
        let terms = kind == ReportKind::Final && name.contains("-terms-");
        name != "overview.png" && (terms || !name.contains('-'))
    });
    for (_, png) in overview.chain(targets) {
        let Some((w, h)) = png_size(png) else {
            continue;
        };
        let height = (u64::from(TEXT_WIDTH_EMU) * u64::from(h) / u64::from(w.max(1))) as u32;
        let pic = Pic::new_with_dimensions(png.clone(), w, h).size(TEXT_WIDTH_EMU, height);
        doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_image(pic)));
    }
    doc
}

/// A PNG's width and height, from its header.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    let header = png.get(16..24)?;
    let w = u32::from_be_bytes(header[0..4].try_into().ok()?);
    let h = u32::from_be_bytes(header[4..8].try_into().ok()?);
    Some((w, h))
}

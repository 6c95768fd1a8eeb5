//! `/targets/{code}`: one target's chart, figures, numbers in words and history.

use std::collections::BTreeMap;

use askama::Template;

use crate::app::history::{history_rows, HistoryRow};
use crate::app::words::labels;
use crate::domain::dashboard::ProgressView;
use crate::domain::history::Change;
use crate::domain::measurement::Measurement;
use crate::domain::rollup::UnitFigure;
use crate::domain::unit_progress::{lagging_standings, Lag};
use crate::domain::wording::{self, Lang};
use crate::domain::{Catalog, Progress, Quality, Reading, Status, Target};
use crate::web::frame::{page, render, Frame};
use crate::web::links::{keeping, pack_link, resolution_and};
use crate::web::visit::Visit;
use crate::web::{Answer, AppError, Segment, State};

pub struct YearRow {
    pub year: i32,
    pub estimate: String,
    pub official: String,
    pub source: String,
    pub note: String,
}

/// The width a chart is drawn at for a phone's screen.
const PHONE_WIDTH: &str = "width=400";

/// One unit's line in a roll-up target's "By unit" table.
pub struct UnitRow {
    pub name: String,
    pub href: String,
    pub figure: String,
    pub status: String,
    /// The status class for the badge (`s-…`), empty for none.
    pub class: &'static str,
    pub note: String,
}

/// A roll-up target's units in the assessed year: coverage in words, the laggards first.
pub struct UnitsSection {
    pub year: i32,
    pub png_href: String,
    pub phone_png_href: String,
    pub chart_alt: String,
    pub coverage: String,
    pub rows: Vec<UnitRow>,
}

#[derive(Template)]
#[template(path = "target.html")]
pub struct TargetPage {
    pub frame: Frame,
    pub overview_href: String,
    /// The year's report pack: (link, label).
    pub pack: (String, String),
    /// Who answers for it: "Cơ quan chủ trì: … · phối hợp: …", with the lead agency's targets on the dashboard.
    pub agencies: Option<(String, String)>,
    /// "Đánh giá chính thức năm 2024: Đã đạt (khác với đánh giá theo số liệu)" and the committee's words.
    pub committee: Option<(String, String)>,
    /// The form recording it, for an approver.
    pub committee_form: Option<super::committee::CommitteeForm>,
    /// "Đã ghi đánh giá chính thức.", after recording it.
    pub assessed: Option<&'static str>,
    pub code: String,
    pub title: String,
    pub class: &'static str,
    pub status: &'static str,
    pub goal: String,
    pub source_text: String,
    pub as_of: i32,
    pub png_href: String,
    /// The chart laid out for a phone's width (shown below 700 CSS pixels).
    pub phone_png_href: String,
    pub csv_href: String,
    pub chart_alt: String,
    pub numbers: Vec<(String, String)>,
    pub years: Vec<YearRow>,
    pub history: Vec<HistoryRow>,
    pub units: Option<UnitsSection>,
    pub terms: Terms,
}

/// A target's place among terms: the earlier term's target it continues (with the chart of both), and the later
/// terms' targets that continue it.
#[derive(Default)]
pub struct Terms {
    pub earlier: Option<EarlierTerm>,
    /// (link, "X01 · Nghị quyết … 2025-2030").
    pub later: Vec<(String, String)>,
}

pub struct EarlierTerm {
    pub png_href: String,
    pub phone_png_href: String,
    pub alt: String,
    pub href: String,
    pub label: String,
}

/// The target's earlier and later terms, as links (and the chart of both terms when there is an earlier one).
fn terms(whole: &crate::app::target::TargetRead, visit: &Visit) -> Terms {
    let read = &whole.read;
    let (target, lang) = (read.target(), visit.reader.lang);
    let link = |resolution: &str, code: &str, title: String| {
        let theirs = crate::app::scope::Scope::of_resolution(Some(resolution));
        let path = format!("/targets/{}", crate::web::links::urlencode(code));
        let href = crate::web::links::keeping_resolution(&path, &theirs);
        (href, format!("{code} · {title}"))
    };
    let earlier = whole.earlier.as_ref().map(|e| {
        let r = &e.stored.catalog.resolution;
        let title = lang.pick(&r.title_vi, &r.title_en).to_string();
        let (href, label) = link(&r.code, &e.target().code, title);
        let png = |size: &[&str]| {
            let mut query = vec![
                format!("lang={}", lang.as_str()),
                format!("as_of={}", read.progress.progress.as_of),
            ];
            query.extend(size.iter().map(ToString::to_string));
            resolution_and(
                &format!("/charts/targets/{}/terms.png", target.code),
                query,
                &visit.selection,
            )
        };
        EarlierTerm {
            png_href: png(&[]),
            phone_png_href: png(&[PHONE_WIDTH, "height=600"]),
            alt: format!(
                "{}: {} · {}",
                labels(lang).terms_chart_alt,
                target.code,
                label
            ),
            href,
            label,
        }
    });
    let later = whole
        .later
        .iter()
        .map(|(resolution, title_vi, title_en, code)| {
            link(resolution, code, lang.pick(title_vi, title_en).to_string())
        })
        .collect();
    Terms { earlier, later }
}

/// `?assessed=1`: the page follows a recorded assessment.
#[derive(Debug, Default, serde::Deserialize)]
pub struct AfterAssessing {
    assessed: Option<String>,
}

pub async fn target(
    state: State,
    code: Segment,
    after: actix_web::web::Query<AfterAssessing>,
    visit: Visit,
) -> Answer {
    let (code, reader) = (code.into_inner(), visit.reader);
    let scope = visit.selection.clone();
    let whole = state
        .with_conn(move |conn| crate::app::target::read_whole(conn, &scope, &code))
        .await
        .map_err(|e| match e.code {
            crate::web::ErrorCode::NotFound => AppError::no_page(),
            _ => e,
        })?;
    let read = &whole.read;
    let (target, baseline_year) = (read.target(), read.stored.catalog.resolution.baseline_year);
    let shown = Shown {
        assessed: after.assessed.is_some(),
        committee: whole
            .committee
            .iter()
            .find(|c| c.year == read.progress.progress.as_of),
        catalog: &read.stored.catalog,
        target,
        progress: &read.progress.progress,
        visit: &visit,
    };
    let years = year_rows(target, &read.measurements, baseline_year, reader.lang);
    let units = whole.unit_figures.as_ref().map(|figures| {
        units_section(
            &read.stored.catalog,
            target,
            &read.progress,
            figures,
            &visit,
        )
    });
    let terms = terms(&whole, &visit);
    let body = target_page(&shown, years, &whole.changes, units, terms)?;
    Ok(page(body, reader))
}

/// What the page is about and for whom.
struct Shown<'a> {
    /// The committee's assessment of the year shown, if recorded.
    committee: Option<&'a crate::domain::assessment::Assessment>,
    /// Whether the page follows a recorded assessment.
    assessed: bool,
    target: &'a Target,
    progress: &'a Progress,
    visit: &'a Visit,
    catalog: &'a Catalog,
}

fn reading_text(reading: Reading, target: &Target, lang: Lang) -> String {
    match reading {
        Reading::Value(v) => wording::with_unit(v, target, lang),
        Reading::State(s) => s.label(lang).to_string(),
    }
}

fn year_rows(
    target: &Target,
    list: &[Measurement],
    baseline_year: i32,
    lang: Lang,
) -> Vec<YearRow> {
    let mut by_year: BTreeMap<i32, (Option<&Measurement>, Option<&Measurement>)> = BTreeMap::new();
    for year in baseline_year..=target.goal_year {
        by_year.insert(year, (None, None));
    }
    for m in list {
        let entry = by_year.entry(m.figure.year).or_default();
        match m.figure.quality {
            Quality::Estimate => entry.0 = Some(m),
            Quality::Official => entry.1 = Some(m),
        }
    }
    by_year
        .into_iter()
        .map(|(year, (estimate, official))| {
            let show = |m: Option<&Measurement>| {
                m.map_or("—".to_string(), |m| {
                    reading_text(m.figure.reading, target, lang)
                })
            };
            let text = |f: fn(&Measurement) -> Option<&String>| -> String {
                let parts: Vec<&str> = [official, estimate]
                    .into_iter()
                    .flatten()
                    .filter_map(|m| f(m).map(String::as_str))
                    .collect();
                let mut unique: Vec<&str> = Vec::new();
                for p in parts {
                    if !unique.contains(&p) {
                        unique.push(p);
                    }
                }
                unique.join(" / ")
            };
            YearRow {
                year,
                estimate: show(estimate),
                official: show(official),
                source: text(|m| m.source.as_ref()),
                note: text(|m| m.note.as_ref()),
            }
        })
        .collect()
}

/// The "By unit" section: every unit of the assessed year, laggards first, with the year's coverage.
fn units_section(
    catalog: &Catalog,
    target: &Target,
    progress: &ProgressView,
    figures: &[UnitFigure],
    visit: &Visit,
) -> UnitsSection {
    let lang = visit.reader.lang;
    let l = labels(lang);
    let year = progress.progress.as_of;
    let rows = lagging_standings(catalog, target, figures, year);
    let coverage = progress
        .rollup_years
        .iter()
        .find(|y| y.year == year)
        .map(|y| coverage_text(y, target, lang))
        .unwrap_or_default();
    let rows = rows.iter().map(|r| unit_row(r, target, visit)).collect();
    let chart = |size: &[&str]| {
        let mut query = vec![format!("lang={}", lang.as_str()), format!("year={year}")];
        query.extend(size.iter().map(ToString::to_string));
        resolution_and(
            &format!("/charts/targets/{}/units.png", target.code),
            query,
            &visit.selection,
        )
    };
    UnitsSection {
        year,
        png_href: chart(&[]),
        phone_png_href: chart(&[PHONE_WIDTH, "height=700"]),
        chart_alt: format!(
            "{} {}, {} {year}: {coverage}",
            l.units_chart_alt, target.code, l.in_year
        ),
        coverage,
        rows,
    }
}

/// "Năm 2023: 16/17 đơn vị đã báo cáo (94%) · tổng hợp 90,8 % hộ · chưa đủ".
fn coverage_text(
    y: &crate::domain::dashboard::RollupYearView,
    target: &Target,
    lang: Lang,
) -> String {
    let l = labels(lang);
    let mut text = format!(
        "{} {}: {}/{} {} ({}%)",
        l.col_year,
        y.year,
        y.units_reported,
        y.units_counted,
        l.units_reported,
        wording::number((y.coverage * 100.0).round(), lang)
    );
    if let Some(v) = y.rollup_value {
        text.push_str(&format!(
            " · {} {}",
            l.rollup_word,
            wording::with_unit(v, target, lang)
        ));
    }
    text.push_str(" · ");
    text.push_str(if y.complete {
        l.rollup_complete
    } else {
        l.rollup_partial
    });
    text
}

/// One unit's line: its figure, its own status (or whether it meets, or that it has not reported).
fn unit_row(
    r: &crate::domain::unit_progress::UnitStanding<'_>,
    target: &Target,
    visit: &Visit,
) -> UnitRow {
    let lang = visit.reader.lang;
    let l = labels(lang);
    let figure = r
        .figure
        .as_ref()
        .map_or("—".to_string(), |f| wording::unit_figure(f, target, lang));
    let (status, class) = match (r.lag(), &r.status, r.figure.as_ref().and_then(|f| f.yes)) {
        (Lag::NotReported, ..) => (l.not_reported.to_string(), Status::NoData.as_str()),
        (_, Some(p), _) => (p.status.label(lang).to_string(), p.status.as_str()),
        (_, None, Some(true)) => (l.meets.to_string(), Status::Achieved.as_str()),
        (_, None, Some(false)) => (l.does_not_meet.to_string(), Status::OffTrack.as_str()),
        _ => (String::new(), ""),
    };
    UnitRow {
        name: lang.pick(&r.unit.name_vi, &r.unit.name_en).to_string(),
        href: keeping(
            &format!("/units/{}", crate::web::links::urlencode(&r.unit.code)),
            &visit.selection,
        ),
        figure,
        status,
        class,
        note: if r.counted {
            String::new()
        } else {
            l.not_counted.to_string()
        },
    }
}

fn target_page(
    shown: &Shown,
    years: Vec<YearRow>,
    changes: &[Change],
    units: Option<UnitsSection>,
    terms: Terms,
) -> Result<String, AppError> {
    let (target, progress, lang) = (shown.target, shown.progress, shown.visit.reader.lang);
    let selection = &shown.visit.selection;
    let l = labels(lang);
    let title = wording::title(target, lang).to_string();
    let status = progress.status.label(lang);
    let chart_query = vec![
        format!("lang={}", lang.as_str()),
        format!("as_of={}", progress.as_of),
    ];
    let path = format!("/targets/{}", target.code);
    let png = |size: &[&str]| {
        let mut query = chart_query.clone();
        query.extend(size.iter().map(ToString::to_string));
        resolution_and(
            &format!("/charts/targets/{}.png", target.code),
            query,
            selection,
        )
    };
    let frame_title = format!("{} · {title}", target.code);
    render(&TargetPage {
        frame: shown.visit.frame(frame_title, &path),
        overview_href: keeping("/", selection),
        pack: pack_link(progress.as_of, selection, lang),
        agencies: agencies_line(shown.catalog, target, selection, lang),
        committee: shown
            .committee
            .map(|c| committee_line(c, progress.status, lang)),
        committee_form: super::committee::form(
            &target.code,
            progress.as_of,
            shown.committee,
            shown.visit,
        ),
        assessed: shown.assessed.then_some(l.committee_saved),
        code: target.code.clone(),
        title: title.clone(),
        class: progress.status.as_str(),
        status,
        goal: wording::goal_with_year(target, lang),
        source_text: target.source_text_vi.clone(),
        as_of: progress.as_of,
        png_href: png(&[]),
        phone_png_href: png(&[PHONE_WIDTH, "height=600"]),
        csv_href: resolution_and(
            "/api/v1/export.csv",
            vec![format!("target={}", target.code)],
            selection,
        ),
        chart_alt: format!(
            "{} {}: {title}. {}: {status}.",
            l.chart_alt, target.code, l.col_status
        ),
        numbers: crate::app::target::numbers(target, progress, lang),
        years,
        history: history_rows(changes, shown.catalog, lang),
        units,
        terms,
    })
}

/// "Cơ quan chủ trì: Phòng Tài chính - Kế hoạch · phối hợp: …" and the dashboard of the lead agency's targets.
fn agencies_line(
    catalog: &Catalog,
    target: &Target,
    selection: &crate::app::scope::Scope,
    lang: Lang,
) -> Option<(String, String)> {
    let l = labels(lang);
    let name = |code: &str| {
        catalog.agency(code).map_or(code.to_string(), |a| {
            lang.pick(&a.name_vi, &a.name_en).to_string()
        })
    };
    let lead = target.agencies.lead.as_deref()?;
    let mut text = format!("{}: {}", l.lead_agency, name(lead));
    if !target.agencies.co.is_empty() {
        let co: Vec<String> = target.agencies.co.iter().map(|c| name(c)).collect();
        text.push_str(&format!(" · {}: {}", l.co_agencies_word, co.join(", ")));
    }
    let href = resolution_and(
        "/",
        vec![format!("agency={}", crate::web::links::urlencode(lead))],
        selection,
    );
    Some((href, text))
}

/// "Đánh giá chính thức 2024: Không đạt (khác với đánh giá theo số liệu)" and the committee's words.
fn committee_line(
    c: &crate::domain::assessment::Assessment,
    computed: crate::domain::Status,
    lang: Lang,
) -> (String, String) {
    let l = labels(lang);
    let mut said = format!(
        "{} {}: {}",
        l.committee_assessment,
        c.year,
        c.status.label(lang)
    );
    if c.status != computed {
        said = format!("{said} ({})", l.committee_differs);
    }
    (said, c.text.clone())
}

//! `/completeness/{year}`: which figures are in for the year, per target and unit, with counts and a link to the
//! entry form for each gap; the units that have reported nothing at all first.

use askama::Template;

use crate::app::completeness::YearKeys;
use crate::app::words::labels;
use crate::domain::completeness::{Filled, TargetCount, TimelinessCount, UnitRow};
use crate::domain::wording::Lang;
use crate::web::frame::{page, render, Frame};
use crate::web::links::{resolution_and, urlencode};
use crate::web::visit::Visit;
use crate::web::{Answer, AppError, Segment, State};

pub struct Gap {
    pub text: &'static str,
    /// The entry form to fill it, for a gap.
    pub href: Option<String>,
    pub class: &'static str,
}

pub struct UnitLine {
    pub code: String,
    pub name: String,
    pub cells: Vec<Option<Gap>>,
    pub count: String,
    /// Its figures against the calendar: "1 đúng hạn · 1 trễ hạn · 18 quá hạn chưa có".
    pub timely: String,
}

pub struct Column {
    pub code: String,
    pub title: String,
    pub count: String,
}

pub struct AreaLine {
    pub code: String,
    pub title: String,
    pub cell: Gap,
}

#[derive(Template)]
#[template(path = "completeness.html")]
struct CompletenessPage {
    frame: Frame,
    year: i32,
    years: Vec<(i32, String)>,
    silent: Vec<(String, String)>,
    columns: Vec<Column>,
    units: Vec<UnitLine>,
    area: Vec<AreaLine>,
    /// The year's due days, and the area's own figures against them.
    due: String,
    area_timely: String,
    /// The year's figures the checks warn about (none: not checked).
    flagged: Option<Vec<FlaggedLine>>,
}

/// A figure the checks warn about, in words.
pub struct FlaggedLine {
    pub target: String,
    pub of: String,
    pub quality: &'static str,
    pub warnings: String,
    pub note: Option<String>,
}

fn flagged_lines(read: &YearKeys, lang: Lang) -> Option<Vec<FlaggedLine>> {
    let catalog = &read.stored.catalog;
    let lines = read.flagged.as_ref()?.iter().map(|f| FlaggedLine {
        target: f.target_code.clone(),
        of: crate::app::views::figure_of(catalog, f.unit.as_deref(), lang),
        quality: f.quality.label(lang),
        warnings: f
            .said
            .iter()
            .map(|s| s.pick(lang).to_string())
            .collect::<Vec<_>>()
            .join("; "),
        note: f.note.clone(),
    });
    Some(lines.collect())
}

fn gap(filled: Filled, href: String, lang: Lang) -> Gap {
    let l = labels(lang);
    match (filled.official, filled.estimate) {
        (true, _) => Gap {
            text: l.official,
            href: None,
            class: "achieved",
        },
        (false, true) => Gap {
            text: l.estimate,
            href: Some(href),
            class: "needs_acceleration",
        },
        (false, false) => Gap {
            text: l.missing_figure,
            href: Some(href),
            class: "no_data",
        },
    }
}

pub async fn completeness_page(state: State, year: Segment, visit: Visit) -> Answer {
    let reader = visit.reader;
    let mut scope = visit.selection.clone();
    scope.year = Some(year.into_inner());
    let years_after_goal = state.policy.years_after_goal;
    let read = state
        .with_conn(move |conn| crate::app::completeness::read(conn, &scope, years_after_goal))
        .await?;
    let body = render(&page_of(&read, &visit)?)?;
    Ok(page(body, reader))
}

/// The grid as the page shows it: units that have reported nothing first, each gap a link to its form.
fn page_of(read: &YearKeys, visit: &Visit) -> Result<CompletenessPage, AppError> {
    let (lang, selection, year) = (visit.reader.lang, &visit.selection, read.year);
    let grid = read.grid();
    let form = |unit: Option<&str>| {
        let parts = unit
            .map(|u| vec![format!("unit={}", urlencode(u))])
            .unwrap_or_default();
        resolution_and(&format!("/entry/{year}"), parts, selection)
    };
    let title_of = |code: &str| {
        read.stored
            .catalog
            .target(code)
            .map(|t| lang.pick(&t.title_vi, &t.title_en).to_string())
            .unwrap_or_default()
    };
    let rolled: Vec<_> = grid.targets.iter().filter(|t| t.rollup).collect();
    let columns = rolled
        .iter()
        .map(|t| Column {
            code: t.code.clone(),
            title: title_of(&t.code),
            count: format!("{}/{}", t.officials, t.units_counted),
        })
        .collect();
    let name = |u: &UnitRow| lang.pick(&u.unit.name_vi, &u.unit.name_en).to_string();
    let silent = grid
        .units
        .iter()
        .filter(|u| u.silent())
        .map(|u| (name(u), form(Some(u.code))))
        .collect();
    let area = area_lines(&grid.targets, &title_of, &form, lang);
    let l = labels(lang);
    let mut units = unit_lines(&grid.units, &rolled, |u| form(Some(u)), lang);
    let (due, area_timely) = timely_lines(read, &grid, &mut units, lang);
    Ok(CompletenessPage {
        frame: visit.frame(
            format!("{} {year}", l.completeness_title),
            &format!("/completeness/{year}"),
        ),
        year,
        years: read
            .years
            .iter()
            .map(|&y| {
                (
                    y,
                    resolution_and(&format!("/completeness/{y}"), Vec::new(), selection),
                )
            })
            .collect(),
        silent,
        columns,
        units,
        area,
        due,
        area_timely,
        flagged: flagged_lines(read, lang),
    })
}

/// The year's due days in words and the area's own figures against them; each unit's line gets its own count.
fn timely_lines(
    read: &YearKeys,
    grid: &crate::domain::completeness::Completeness<'_>,
    units: &mut [UnitLine],
    lang: Lang,
) -> (String, String) {
    let l = labels(lang);
    let timely = read.timeliness(grid);
    let counts = |c: &TimelinessCount| {
        l.timely_counts
            .replace("{a}", &c.on_time.to_string())
            .replace("{b}", &c.late.to_string())
            .replace("{c}", &c.overdue.to_string())
    };
    for line in units.iter_mut() {
        if let Some((_, c)) = timely.units.iter().find(|(code, _)| *code == line.code) {
            line.timely = counts(c);
        }
    }
    let day = |d: Option<chrono::NaiveDate>| {
        d.map_or(String::new(), |d| d.format("%d/%m/%Y").to_string())
    };
    let due = l
        .due_line
        .replace("{year}", &read.year.to_string())
        .replace("{e}", &day(timely.estimate_due))
        .replace("{o}", &day(timely.official_due));
    (
        due,
        l.area_timely.replace("{counts}", &counts(&timely.area)),
    )
}

/// The area's own figures of the targets not rolled up from units.
fn area_lines(
    targets: &[TargetCount],
    title_of: &impl Fn(&str) -> String,
    form: &impl Fn(Option<&str>) -> String,
    lang: Lang,
) -> Vec<AreaLine> {
    targets
        .iter()
        .filter(|t| !t.rollup)
        .map(|t| AreaLine {
            code: t.code.clone(),
            title: title_of(&t.code),
            cell: gap(t.area, form(None), lang),
        })
        .collect()
}

/// Each unit's line of the grid, those that reported nothing first: a cell per roll-up target it is counted in.
fn unit_lines(
    units: &[UnitRow],
    rolled: &[&TargetCount],
    form: impl Fn(&str) -> String,
    lang: Lang,
) -> Vec<UnitLine> {
    let mut rows: Vec<_> = units.iter().collect();
    rows.sort_by_key(|u| (!u.silent(), u.officials));
    rows.iter()
        .map(|u| UnitLine {
            code: u.code.to_string(),
            timely: String::new(),
            name: lang.pick(&u.unit.name_vi, &u.unit.name_en).to_string(),
            cells: rolled
                .iter()
                .map(|t| {
                    u.figures
                        .iter()
                        .find(|(code, _)| *code == t.code)
                        .map(|(_, f)| gap(*f, form(u.code), lang))
                })
                .collect(),
            count: format!("{}/{}", u.officials, u.asked),
        })
        .collect()
}

/// `/completeness`: the grid of the resolution's default year (the dashboard's).
pub async fn current(state: State, selection: crate::web::Chosen) -> Answer {
    let selection = selection.into_inner();
    let year = super::default_year(&state, &selection).await?;
    Ok(crate::web::frame::see_other(&resolution_and(
        &format!("/completeness/{year}"),
        Vec::new(),
        &selection,
    )))
}

//! `/completeness/{year}`: which figures are in for the year, per target and unit, with counts and a link to the
//! entry form for each gap; the units that have reported nothing at all first.

use askama::Template;

use crate::app::words::labels;
use crate::domain::completeness::{completeness, Filled};
use crate::domain::wording::Lang;
use crate::storage::measurements;
use crate::web::frame::{page, render, Frame};
use crate::web::links::resolution_and;
use crate::web::visit::Visit;
use crate::web::{Answer, AppError, Segment, State};

pub struct Gap {
    pub text: &'static str,
    /// The entry form to fill it, for a gap.
    pub href: Option<String>,
    pub class: &'static str,
}

pub struct UnitLine {
    pub name: String,
    pub cells: Vec<Option<Gap>>,
    pub count: String,
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
    let (year, reader) = (year.into_inner(), visit.reader);
    let years_after_goal = state.policy.years_after_goal;
    let body = state
        .with_conn(move |conn| {
            let stored = visit.selection.catalog(conn)?;
            let c = &stored.catalog;
            let years: Vec<i32> = c.entry_years(years_after_goal).collect();
            let year = crate::domain::measurement::parse_year(&year)
                .filter(|y| years.contains(y))
                .ok_or_else(AppError::no_page)?;
            let keys = measurements::figure_keys_of_year(conn, &stored, year)?;
            let borrowed: Vec<_> = keys
                .iter()
                .map(|(t, u, q)| (t.as_str(), u.as_str(), *q))
                .collect();
            let grid = completeness(c, year, &borrowed);
            let (lang, selection) = (reader.lang, &visit.selection);
            let form = |unit: Option<&str>| {
                let parts = unit.map(|u| vec![format!("unit={u}")]).unwrap_or_default();
                resolution_and(&format!("/entry/{year}"), parts, selection)
            };
            let title_of = |code: &str| {
                c.target(code)
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
            let mut rows: Vec<_> = grid.units.iter().collect();
            rows.sort_by_key(|u| (!u.silent(), u.officials));
            let units = rows
                .iter()
                .map(|u| UnitLine {
                    name: lang.pick(&u.unit.name_vi, &u.unit.name_en).to_string(),
                    cells: rolled
                        .iter()
                        .map(|t| {
                            u.figures
                                .iter()
                                .find(|(code, _)| *code == t.code)
                                .map(|(_, f)| gap(*f, form(Some(u.code)), lang))
                        })
                        .collect(),
                    count: format!("{}/{}", u.officials, u.asked),
                })
                .collect();
            let silent = grid
                .units
                .iter()
                .filter(|u| u.silent())
                .map(|u| {
                    (
                        lang.pick(&u.unit.name_vi, &u.unit.name_en).to_string(),
                        form(Some(u.code)),
                    )
                })
                .collect();
            let area = grid
                .targets
                .iter()
                .filter(|t| !t.rollup)
                .map(|t| AreaLine {
                    code: t.code.clone(),
                    title: title_of(&t.code),
                    cell: gap(t.area, form(None), lang),
                })
                .collect();
            let l = labels(lang);
            render(&CompletenessPage {
                frame: visit.frame(
                    format!("{} {year}", l.completeness_title),
                    &format!("/completeness/{year}"),
                ),
                year,
                years: years
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
            })
        })
        .await?;
    Ok(page(body, reader))
}

/// `/completeness`: the current year's grid, or the term's last year once the term is over.
pub async fn current(state: State, selection: crate::web::Chosen) -> Answer {
    let selection = selection.into_inner();
    let year = super::current_entry_year(&state, &selection).await?;
    Ok(crate::web::frame::see_other(&resolution_and(
        &format!("/completeness/{year}"),
        Vec::new(),
        &selection,
    )))
}

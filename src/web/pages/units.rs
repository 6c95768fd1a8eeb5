//! `/units`: every unit of the area with its kind, dates and what it became or came from, in words; and
//! `/units/{code}`: one unit's own figures and statuses on every roll-up target, with its history.

use askama::Template;

use crate::app::words::labels;
use crate::domain::lineage::{day, kind_label, lineage};
use crate::domain::units::Unit;
use crate::domain::wording::{self, Lang};
use crate::web::frame::{page, render, Frame};
use crate::web::links::{keeping, urlencode};
use crate::web::visit::Visit;
use crate::web::{Answer, AppError, Segment, State};

pub struct UnitLine {
    pub name: String,
    pub href: String,
    pub kind: String,
    pub valid: String,
    pub changes: String,
}

#[derive(Template)]
#[template(path = "units.html")]
struct UnitsPage {
    frame: Frame,
    area: String,
    units: Vec<UnitLine>,
}

/// When a unit was valid, in words: "từ 01/12/2024", "đến 30/11/2024", or the whole term.
fn validity(unit: &Unit, lang: Lang) -> String {
    let l = labels(lang);
    let mut parts = Vec::new();
    if let Some(s) = unit.starts {
        parts.push(format!("{} {}", l.valid_from, day(s, lang)));
    }
    if let Some(e) = unit.ends {
        parts.push(format!("{} {}", l.valid_until, day(e, lang)));
    }
    if parts.is_empty() {
        l.valid_always.to_string()
    } else {
        parts.join(" ")
    }
}

pub async fn units(state: State, visit: Visit) -> Answer {
    let reader = visit.reader;
    let scope = visit.selection.clone();
    let stored = state.with_conn(move |conn| scope.catalog(conn)).await?;
    let (c, lang) = (&stored.catalog, reader.lang);
    let units = c
        .units
        .iter()
        .map(|u| UnitLine {
            name: lang.pick(&u.name_vi, &u.name_en).to_string(),
            href: keeping(&format!("/units/{}", urlencode(&u.code)), &visit.selection),
            kind: kind_label(&u.kind, lang).to_string(),
            valid: validity(u, lang),
            changes: lineage(u, c, lang).join("; "),
        })
        .collect();
    let area = c
        .area
        .as_ref()
        .map(|a| lang.pick(&a.name_vi, &a.name_en).to_string())
        .unwrap_or_default();
    let body = render(&UnitsPage {
        frame: visit.frame(labels(lang).units_heading.to_string(), "/units"),
        area,
        units,
    })?;
    Ok(page(body, reader))
}

pub struct UnitTargetRow {
    pub code: String,
    pub title: String,
    pub href: String,
    /// The figure of each year shown (baseline to `as_of`); comparable ones end in "*".
    pub years: Vec<String>,
    pub status: String,
    pub class: &'static str,
    pub counted: bool,
}

#[derive(Template)]
#[template(path = "unit.html")]
struct UnitPage {
    frame: Frame,
    units_href: String,
    name: String,
    kind: String,
    valid: String,
    changes: Vec<String>,
    as_of: i32,
    years: Vec<i32>,
    targets: Vec<UnitTargetRow>,
    any_comparable: bool,
}

pub async fn unit(state: State, code: Segment, visit: Visit) -> Answer {
    let (code, reader) = (code.into_inner(), visit.reader);
    let scope = visit.selection.clone();
    let read = state
        .with_conn(move |conn| crate::app::units::read(conn, &scope, &code))
        .await
        .map_err(|e| match e.code {
            crate::app::error::ErrorCode::NotFound => AppError::no_page(),
            _ => e,
        })?;
    let body = render(&unit_page(&read, &visit))?;
    Ok(page(body, reader))
}

/// A unit's page: its figures year by year on each roll-up target (comparable ones marked *), its statuses.
fn unit_page(read: &crate::app::units::UnitRead, visit: &Visit) -> UnitPage {
    let (c, unit, as_of, lang) = (
        &read.stored.catalog,
        read.unit(),
        read.as_of,
        visit.reader.lang,
    );
    let years: Vec<i32> = (c.resolution.baseline_year..=as_of).collect();
    let mut any_comparable = false;
    let targets = read
        .targets()
        .into_iter()
        .map(|on| {
            let t = on.target;
            let shown = years
                .iter()
                .map(|y| {
                    on.series
                        .iter()
                        .find(|s| s.year == *y)
                        .map_or("—".to_string(), |s| {
                            let text = wording::unit_figure(s, t, lang);
                            any_comparable |= s.comparable;
                            if s.comparable {
                                text + "*"
                            } else {
                                text
                            }
                        })
                })
                .collect();
            UnitTargetRow {
                code: t.code.clone(),
                title: wording::title(t, lang).to_string(),
                href: keeping(&format!("/targets/{}", t.code), &visit.selection),
                years: shown,
                status: on
                    .status
                    .as_ref()
                    .map_or(String::new(), |p| p.status.label(lang).to_string()),
                class: on.status.as_ref().map_or("", |p| p.status.as_str()),
                counted: on.counted,
            }
        })
        .collect();
    let name = lang.pick(&unit.name_vi, &unit.name_en).to_string();
    UnitPage {
        frame: visit.frame(name.clone(), &format!("/units/{}", urlencode(&unit.code))),
        units_href: keeping("/units", &visit.selection),
        name,
        kind: kind_label(&unit.kind, lang).to_string(),
        valid: validity(unit, lang),
        changes: lineage(unit, c, lang),
        as_of,
        years,
        targets,
        any_comparable,
    }
}

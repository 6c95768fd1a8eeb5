//! `/targets/{code}`: one target's chart, figures, numbers in words and history.

use std::collections::BTreeMap;

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::frame::{
    html, page_as_of, page_conn, page_lang, render, with_as_of, Frame, PageError, PageQuery,
};
use super::labels::labels;
use super::rows::{history_rows, HistoryRow};
use crate::domain::history::Change;
use crate::domain::measurement::Measurement;
use crate::domain::progress::assess;
use crate::domain::wording::{self, Lang};
use crate::domain::{Progress, Quality, Reading, Target};
use crate::storage::{catalog, measurements};
use crate::web::AppState;

pub struct YearRow {
    pub year: i32,
    pub estimate: String,
    pub official: String,
    pub source: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "target.html")]
pub struct TargetPage {
    pub frame: Frame,
    pub overview_href: String,
    pub code: String,
    pub title: String,
    pub class: &'static str,
    pub status: &'static str,
    pub goal: String,
    pub source_text: String,
    pub as_of: i32,
    pub png_href: String,
    pub csv_href: String,
    pub chart_alt: String,
    pub numbers: Vec<(String, String)>,
    pub years: Vec<YearRow>,
    pub history: Vec<HistoryRow>,
}

pub async fn target(
    state: web::Data<AppState>,
    code: web::Path<String>,
    query: web::Query<PageQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let query = query.into_inner();
    let (lang, remember) = page_lang(&req, &query)?;
    let code = code.into_inner();
    let user = crate::web::auth::signed_in(&req);
    let body = page_conn(&state, lang, move |conn| {
        let stored = catalog::read_catalog(conn, query.resolution.as_deref())?
            .ok_or_else(|| PageError::not_found(lang))?;
        let as_of = page_as_of(&query, &stored, lang)?;
        let target = stored
            .catalog
            .target(&code)
            .ok_or_else(|| PageError::not_found(lang))?;
        let list = measurements::target_measurements(conn, &stored, &code)?;
        let changes = measurements::history(conn, &stored, Some(&code), 200)?;
        let figures: Vec<_> = list.iter().map(|m| m.figure).collect();
        let progress = assess(
            target,
            stored.catalog.resolution.baseline_year,
            &figures,
            as_of,
        );
        let years = year_rows(target, &list, stored.catalog.resolution.baseline_year, lang);
        page(
            target,
            &progress,
            years,
            &changes,
            lang,
            &query,
            user.as_ref(),
        )
    })
    .await?;
    Ok(html(body, lang, remember))
}

impl From<crate::storage::StorageError> for PageError {
    fn from(e: crate::storage::StorageError) -> Self {
        PageError::from_api(e.into(), Lang::Vi)
    }
}

fn reading_text(reading: Reading, target: &Target, lang: Lang) -> String {
    match reading {
        Reading::Value(v) => wording::with_unit(v, target, lang),
        Reading::State(s) => lang.pick(s.label_vi(), s.label_en()).to_string(),
    }
}

fn percent_a_year(g: f64, lang: Lang) -> String {
    format!(
        "{}%{}",
        wording::number(g * 100.0, lang),
        labels(lang).a_year
    )
}

fn years_list(list: &Option<Vec<i32>>) -> Option<String> {
    list.as_ref().filter(|l| !l.is_empty()).map(|l| {
        l.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// The methodology's numbers, each in words, only those it defines.
fn numbers(target: &Target, p: &Progress, lang: Lang) -> Vec<(String, String)> {
    let l = labels(lang);
    let mut out = vec![(l.latest.to_string(), wording::latest(p, target, lang))];
    if let (Some(year), Some(value)) = (p.baseline_year, p.baseline_value) {
        out.push((
            l.baseline.to_string(),
            format!("{} ({year})", wording::with_unit(value, target, lang)),
        ));
    }
    if let Some(e) = p.anticipated_value {
        out.push((
            format!("{} {}", l.anticipated_in, target.goal_year),
            wording::with_unit(e, target, lang),
        ));
    }
    if let Some(g) = p.actual_annual_growth {
        out.push((l.actual_growth.to_string(), percent_a_year(g, lang)));
    }
    if let Some(g) = p.required_annual_growth {
        out.push((l.required_growth.to_string(), percent_a_year(g, lang)));
    }
    if let Some(level) = p.goal_level {
        out.push((
            format!("{} {}", l.goal_level_in, target.goal_year),
            wording::with_unit(level, target, lang),
        ));
    }
    for (label, list) in [
        (l.years_met, &p.years_met),
        (l.years_missed, &p.years_missed),
        (l.years_missing, &p.years_missing),
    ] {
        if let Some(text) = years_list(list) {
            out.push((label.to_string(), text));
        }
    }
    if let Some(year) = p.achieved_year {
        out.push((l.achieved_year.to_string(), year.to_string()));
    }
    out.push((
        l.progress.to_string(),
        format!("{}%", wording::number(p.progress_pct.round(), lang)),
    ));
    out
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

fn page(
    target: &Target,
    progress: &Progress,
    years: Vec<YearRow>,
    changes: &[Change],
    lang: Lang,
    query: &PageQuery,
    user: Option<&crate::storage::accounts::Identity>,
) -> Result<String, PageError> {
    let l = labels(lang);
    let title = wording::title(target, lang).to_string();
    let status = wording::status_label(progress.status, lang);
    let chart_query = format!("lang={}&as_of={}", lang.as_str(), progress.as_of);
    let page = TargetPage {
        frame: Frame::new(
            lang,
            format!("{} · {title}", target.code),
            &format!("/targets/{}", target.code),
            query,
        )
        .with_user(user),
        overview_href: with_as_of("/", query),
        code: target.code.clone(),
        title: title.clone(),
        class: progress.status.as_str(),
        status,
        goal: wording::goal_with_year(target, lang),
        source_text: target.source_text_vi.clone(),
        as_of: progress.as_of,
        png_href: format!("/charts/targets/{}.png?{chart_query}", target.code),
        csv_href: format!("/api/v1/export.csv?target={}", target.code),
        chart_alt: format!(
            "{} {}: {title}. {}: {status}.",
            l.chart_alt, target.code, l.col_status
        ),
        numbers: numbers(target, progress, lang),
        years,
        history: history_rows(changes, lang, |_| Some(target)),
    };
    render(&page, lang)
}

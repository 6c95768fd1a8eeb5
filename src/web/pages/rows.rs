//! A target as a row of a page's table: its latest figure, goal, progress and status in the reader's language.

use crate::app::scope::Scope;
use crate::app::words::labels;
use crate::domain::history::{Action, Change, Snapshot};
use crate::domain::lang::yes_no;
use crate::domain::wording::{self, Lang};
use crate::domain::{Catalog, Progress, Quality, Target};
use crate::web::links::keeping;

pub struct Row {
    pub code: String,
    pub title: String,
    pub href: String,
    pub latest: String,
    pub estimate: bool,
    pub goal: String,
    /// For `<progress value>`: a plain number.
    pub pct: String,
    pub pct_text: String,
    pub class: &'static str,
    pub status: &'static str,
}

impl Row {
    pub fn new(target: &Target, progress: &Progress, lang: Lang, selection: &Scope) -> Row {
        let latest = match (
            progress.latest_year,
            progress.latest_value,
            progress.latest_state,
        ) {
            (Some(year), _, Some(state)) => {
                format!("{} ({year})", state.label(lang))
            }
            (Some(year), Some(value), None) => {
                format!("{} ({year})", wording::with_unit(value, target, lang))
            }
            _ => "—".to_string(),
        };
        Row {
            code: target.code.clone(),
            title: wording::title(target, lang).to_string(),
            href: keeping(&format!("/targets/{}", target.code), selection),
            latest,
            estimate: progress.latest_quality == Some(Quality::Estimate),
            goal: format!("{} ({})", wording::goal(target, lang), target.goal_year),
            pct: format!("{:.1}", progress.progress_pct),
            pct_text: format!("{}%", wording::number(progress.progress_pct.round(), lang)),
            class: progress.status.as_str(),
            status: progress.status.label(lang),
        }
    }
}

pub struct HistoryRow {
    pub target: String,
    /// Whose figure: a unit's name, or the area's.
    pub of: String,
    pub when: String,
    pub who: String,
    pub what: String,
}

/// A figure before or after a change, in words: a value with its unit, a unit's counts with their percentage, a
/// yes/no, or a milestone's state.
fn snapshot_text(s: &Snapshot, target: &Target, lang: Lang) -> String {
    match (s.value, s.state, s.yes, s.numerator.zip(s.denominator)) {
        (_, _, Some(yes), _) => yes_no(yes, lang).to_string(),
        (Some(v), _, _, Some((n, d))) => format!(
            "{}/{} ({})",
            wording::number(n, lang),
            wording::number(d, lang),
            wording::with_unit(v, target, lang)
        ),
        (Some(v), _, _, None) => wording::with_unit(v, target, lang),
        (None, Some(state), _, _) => state.label(lang).to_string(),
        _ => "—".into(),
    }
}

/// Whose figure a change is: the unit's name, or the area's ("Huyện Cẩm Giàng"; the words for the area's own
/// figures when the catalog names no area).
pub fn figure_of(unit: Option<&str>, catalog: &Catalog, lang: Lang) -> String {
    match unit {
        Some(code) => catalog.unit(code).map_or_else(
            || code.to_string(),
            |u| lang.pick(&u.name_vi, &u.name_en).to_string(),
        ),
        None => catalog.area.as_ref().map_or_else(
            || labels(lang).area_own.to_string(),
            |a| lang.pick(&a.name_vi, &a.name_en).to_string(),
        ),
    }
}

/// Each change in words: "Sửa 2024 chính thức: 80,6 → 81,2 (nhập từ tệp)", whose figure it is, and when on the
/// office's clock.
pub fn history_rows(changes: &[Change], catalog: &Catalog, lang: Lang) -> Vec<HistoryRow> {
    changes
        .iter()
        .filter_map(|c| {
            let target = catalog.target(&c.target_code)?;
            let quality = c.quality.label(lang);
            let action = c.action.label(lang);
            let values = match (c.action, &c.old, &c.new) {
                (Action::Update, Some(old), Some(new)) => {
                    format!(
                        "{} → {}",
                        snapshot_text(old, target, lang),
                        snapshot_text(new, target, lang)
                    )
                }
                (_, _, Some(new)) => snapshot_text(new, target, lang),
                (_, Some(old), None) => snapshot_text(old, target, lang),
                _ => String::new(),
            };
            let channel = match c.channel.as_str() {
                "import" => labels(lang).by_import,
                "form" => labels(lang).by_form,
                "api" => " (API)",
                _ => "",
            };
            Some(HistoryRow {
                when: crate::clock::shown_rfc3339(&c.changed_at),
                who: c.changed_by.clone(),
                target: format!("{} · {}", target.code, wording::title(target, lang)),
                of: figure_of(c.unit.as_deref(), catalog, lang),
                what: format!("{action} {} {quality}: {values}{channel}", c.year),
            })
        })
        .collect()
}

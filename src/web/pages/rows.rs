//! A target as a row of a page's table: its latest figure, goal, progress and status in the reader's language.

use crate::app::scope::Scope;
use crate::app::words::labels;
use crate::domain::history::{Action, Change, Snapshot};
use crate::domain::wording::{self, Lang};
use crate::domain::{Progress, Quality, Target};
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
    pub when: String,
    pub who: String,
    pub what: String,
}

fn snapshot_text(s: &Snapshot, target: &Target, lang: Lang) -> String {
    match (s.value, s.state) {
        (Some(v), _) => wording::with_unit(v, target, lang),
        (None, Some(state)) => state.label(lang).to_string(),
        (None, None) => "—".into(),
    }
}

/// Each change in words: "Sửa 2024 chính thức: 80,6 → 81,2 (nhập từ tệp)"; `target_of` finds each change's target.
pub fn history_rows<'a>(
    changes: &[Change],
    lang: Lang,
    target_of: impl Fn(&str) -> Option<&'a Target>,
) -> Vec<HistoryRow> {
    changes
        .iter()
        .filter_map(|c| {
            let target = target_of(&c.target_code)?;
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
                when: when(&c.changed_at),
                who: c.changed_by.clone(),
                target: format!("{} · {}", target.code, wording::title(target, lang)),
                what: format!("{action} {} {quality}: {values}{channel}", c.year),
            })
        })
        .collect()
}

/// A stored UTC time as the pages show it: "2024-12-01 08:30:00".
pub fn when(changed_at: &str) -> String {
    changed_at
        .replace('T', " ")
        .trim_end_matches('Z')
        .to_string()
}

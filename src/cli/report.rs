//! `report`: the dashboard in the terminal (an aligned table, coloured on a terminal) or as its JSON.

use crate::reports::words::words;
use std::io::IsTerminal;

use super::{assessed, CliError};
use crate::config::Settings;
use crate::domain::dashboard::Dashboard;
use crate::domain::wording::{self, Lang};
use crate::domain::Status;

pub fn report(
    settings: &Settings,
    as_of: Option<i32>,
    json: bool,
    lang: Lang,
    resolution: Option<&str>,
) -> Result<(), CliError> {
    let (db, stored, as_of) = assessed(settings, resolution, as_of)?;
    let board = crate::app::dashboard::read_as_of(&mut *db.conn()?, stored, as_of)
        .map_err(super::app_error)?;
    let (d, stored) = (board.dashboard, board.stored);
    if json {
        println!(
            "{}",
            serde_json::to_string(&d).map_err(anyhow::Error::from)?
        );
    } else {
        print!(
            "{}",
            table(&d, &stored.catalog, lang, std::io::stdout().is_terminal())
        );
    }
    Ok(())
}

fn colour(status: Status) -> &'static str {
    match status {
        Status::Achieved | Status::OnTrack => "\x1b[32m",
        Status::NeedsAcceleration => "\x1b[33m",
        Status::OffTrack | Status::Regressing | Status::Missed => "\x1b[31m",
        Status::InProgress => "\x1b[36m",
        Status::NotStarted | Status::InsufficientData | Status::NoData => "\x1b[2m",
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        text.chars()
            .take(max - 1)
            .chain(std::iter::once('…'))
            .collect()
    }
}

fn pad(text: &str, width: usize) -> String {
    let len = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(len)))
}

/// Each target's cells (code, title, latest figure, goal, status) and its status.
fn rows(d: &Dashboard, catalog: &crate::domain::Catalog, lang: Lang) -> Vec<([String; 5], Status)> {
    d.targets
        .iter()
        .filter_map(|t| {
            let target = catalog.target(&t.target.code)?;
            let progress = &t.progress.progress;
            Some((
                [
                    target.code.clone(),
                    shorten(wording::title(target, lang), 48),
                    wording::latest(progress, target, lang),
                    format!("{} ({})", wording::goal(target, lang), target.goal_year),
                    progress.status.label(lang).to_string(),
                ],
                progress.status,
            ))
        })
        .collect()
}

/// The table as text; `colours` adds ANSI colours to the status column.
pub fn table(d: &Dashboard, catalog: &crate::domain::Catalog, lang: Lang, colours: bool) -> String {
    let l = crate::app::words::labels(lang);
    let headings = [
        l.col_code,
        l.col_target,
        l.col_latest,
        l.col_goal,
        l.col_status,
    ];
    let rows = rows(d, catalog, lang);
    let mut widths = headings.map(|h| h.chars().count());
    for (cells, _) in &rows {
        for (w, c) in widths.iter_mut().zip(cells) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let title = lang.pick(&d.resolution.title_vi, &d.resolution.title_en);
    out.push_str(&format!(
        "{title}\n{} {}\n\n",
        words(lang).assessed_as_of,
        d.as_of
    ));
    let line = |cells: &[String; 5]| -> String {
        let mut l: Vec<String> = cells.iter().zip(widths).map(|(c, w)| pad(c, w)).collect();
        if let Some(last) = l.last_mut() {
            *last = last.trim_end().to_string();
        }
        l.join("  ")
    };
    out.push_str(&line(&headings.map(str::to_string)));
    out.push('\n');
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    out.push_str(&rule.join("  "));
    out.push('\n');
    for (cells, status) in &rows {
        let text = line(cells);
        if colours {
            let status_text = &cells[4];
            let plain = text.strip_suffix(status_text.as_str()).unwrap_or(&text);
            out.push_str(&format!("{plain}{}{status_text}\x1b[0m\n", colour(*status)));
        } else {
            out.push_str(&text);
            out.push('\n');
        }
    }
    out.push('\n');
    let counts: Vec<String> = Status::ALL
        .iter()
        .filter(|s| d.summary.count(**s) > 0)
        .map(|s| format!("{}: {}", s.label(lang), d.summary.count(*s)))
        .collect();
    out.push_str(&counts.join(" · "));
    out.push('\n');
    out
}

//! A target as a row of a page's table: its latest figure, goal, progress and status in the reader's language.

use crate::app::scope::Scope;
use crate::domain::wording::{self, Lang};
use crate::domain::{Progress, Quality, Status, Target};
use crate::web::links::keeping;

pub struct Row {
    pub code: String,
    pub title: String,
    pub href: String,
    pub latest: String,
    pub estimate: bool,
    pub goal: String,
    /// For `<progress value>`: a plain number; none when the target has no figure (no bar is drawn, not 0%).
    pub pct: Option<String>,
    pub pct_text: String,
    pub class: &'static str,
    pub status: &'static str,
    /// "2 số liệu chưa duyệt" (counted, or left out when the resolution counts approved figures alone).
    pub unapproved: Option<String>,
    /// The committee's assessment of the year, in words, said to differ from the figures' status where it does.
    pub committee: Option<String>,
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
            pct: (progress.status != Status::NoData)
                .then(|| format!("{:.1}", progress.progress_pct)),
            pct_text: format!("{}%", wording::number(progress.progress_pct.round(), lang)),
            class: progress.status.as_str(),
            status: progress.status.label(lang),
            unapproved: None,
            committee: None,
        }
    }

    /// The row of a dashboard's target, marked with its figures that are not approved.
    pub fn of(
        target: &Target,
        entry: &crate::domain::dashboard::DashboardTarget,
        counting: crate::domain::approval::Counting,
        (lang, selection): (Lang, &Scope),
    ) -> Row {
        let l = crate::app::words::labels(lang);
        let unapproved = (entry.unapproved > 0).then(|| {
            let said = match counting {
                crate::domain::approval::Counting::All => l.unapproved_counted,
                crate::domain::approval::Counting::Approved => l.unapproved_left_out,
            };
            said.replace("{n}", &entry.unapproved.to_string())
        });
        let committee = entry.committee.as_ref().map(|c| {
            let said = format!("{}: {}", l.committee_assessment, c.status.label(lang));
            match entry.differs {
                true => format!("{said} ({})", l.committee_differs),
                false => said,
            }
        });
        Row {
            unapproved,
            committee,
            ..Row::new(target, &entry.progress.progress, lang, selection)
        }
    }
}

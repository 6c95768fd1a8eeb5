//! `/resolutions`: every resolution the database holds, side by side: title, term, area and the count of its
//! targets by status as of its default year, each a link to its own dashboard.

use askama::Template;

use crate::app::words::labels;
use crate::domain::wording::Lang;
use crate::domain::Status;
use crate::storage::catalog;
use crate::web::frame::{page, render, Frame};
use crate::web::links::urlencode;
use crate::web::visit::Visit;
use crate::web::{Answer, State};

pub struct ResolutionCard {
    pub title: String,
    pub href: String,
    pub term: String,
    pub area: String,
    pub as_of: i32,
    /// (status class, label, count), statuses with targets only.
    pub counts: Vec<(&'static str, &'static str, usize)>,
    pub ended: Option<String>,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "resolutions.html")]
struct ResolutionsPage {
    frame: Frame,
    cards: Vec<ResolutionCard>,
}

pub async fn resolutions(state: State, visit: Visit) -> Answer {
    let reader = visit.reader;
    let body = state
        .with_conn(move |conn| {
            let lang: Lang = reader.lang;
            let chosen = visit.selection.resolution.clone();
            let mut cards = Vec::new();
            for (i, r) in catalog::list_resolutions(conn)?.into_iter().enumerate() {
                let Some(stored) = catalog::read_catalog(conn, Some(&r.code))? else {
                    continue;
                };
                let res = &stored.catalog.resolution;
                let as_of = res.default_as_of(crate::clock::current_year());
                let board = crate::storage::assessments::dashboard(conn, &stored, as_of)?;
                cards.push(ResolutionCard {
                    title: lang.pick(&res.title_vi, &res.title_en).to_string(),
                    href: format!(
                        "/?resolution={}&lang={}",
                        urlencode(&res.code),
                        lang.as_str()
                    ),
                    term: format!("{}-{}", res.baseline_year, res.goal_year),
                    area: stored
                        .catalog
                        .area
                        .as_ref()
                        .map(|a| lang.pick(&a.name_vi, &a.name_en).to_string())
                        .unwrap_or_default(),
                    as_of,
                    counts: Status::ALL
                        .iter()
                        .map(|s| (s.as_str(), s.label(lang), board.summary.count(*s)))
                        .filter(|(_, _, n)| *n > 0)
                        .collect(),
                    ended: board.final_assessment.as_ref().map(|f| f.tally(lang)),
                    current: chosen.as_deref().map_or(i == 0, |c| c == res.code),
                });
            }
            render(&ResolutionsPage {
                frame: visit.frame(labels(lang).resolutions_heading.to_string(), "/resolutions"),
                cards,
            })
        })
        .await?;
    Ok(page(body, reader))
}

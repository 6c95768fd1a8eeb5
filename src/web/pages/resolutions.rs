//! `/resolutions`: every resolution the database holds, side by side: title, term, area and the count of its
//! targets by status as of its default year, each a link to its own dashboard.

use askama::Template;

use crate::app::words::labels;
use crate::domain::wording::Lang;
use crate::domain::Status;
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
    // Kept, as the dashboard is, for anonymous readers until the data moves: reading every resolution is the
    // costly part (a province's hundreds of communes).
    let key = format!(
        "resolutions|{}|{}|{}",
        reader.lang.as_str(),
        visit.selection.resolution.as_deref().unwrap_or(""),
        visit.selection.as_of.as_deref().unwrap_or("")
    );
    let anonymous = visit.user.is_none();
    if let Some(body) = anonymous.then(|| state.pages.get(&key)).flatten() {
        return Ok(page(body, reader));
    }
    let version = state.pages.version();
    let shelf = std::sync::Arc::clone(&state.catalogs);
    let glances = state
        .with_conn(move |conn| crate::app::dashboard::side_by_side(conn, &shelf))
        .await?;
    let lang: Lang = reader.lang;
    let chosen = visit.selection.resolution.clone();
    let cards = glances
        .iter()
        .enumerate()
        .map(|(i, glance)| {
            let current = chosen
                .as_deref()
                .map_or(i == 0, |c| c == glance.resolution.code);
            card(glance, lang, current)
        })
        .collect();
    let body = render(&ResolutionsPage {
        frame: visit.frame(labels(lang).resolutions_heading.to_string(), "/resolutions"),
        cards,
    })?;
    let body = actix_web::web::Bytes::from(body);
    if anonymous {
        state.pages.put(key, version, body.clone());
    }
    Ok(page(body, reader))
}

/// One resolution's card: its title, term and area, its targets by status, an ended term's tally.
fn card(glance: &crate::app::dashboard::Glance, lang: Lang, current: bool) -> ResolutionCard {
    let res = &glance.resolution;
    ResolutionCard {
        title: lang.pick(&res.title_vi, &res.title_en).to_string(),
        href: format!(
            "/?resolution={}&lang={}",
            urlencode(&res.code),
            lang.as_str()
        ),
        term: format!("{}-{}", res.baseline_year, res.goal_year),
        area: glance
            .area
            .as_ref()
            .map(|a| lang.pick(&a.name_vi, &a.name_en).to_string())
            .unwrap_or_default(),
        as_of: glance.as_of,
        counts: Status::ALL
            .iter()
            .map(|s| (s.as_str(), s.label(lang), glance.summary.count(*s)))
            .filter(|(_, _, n)| *n > 0)
            .collect(),
        ended: glance.final_assessment.as_ref().map(|f| f.tally(lang)),
        current,
    }
}

//! What changed: the changes to a resolution's figures, newest first, with who, when and by which way, filtered
//! by target, unit, person, year and kind of change, a page at a time.

use serde::Deserialize;

use super::error::AppError;
use super::scope::{target_of, Scope};
use crate::domain::history::{Action, Change, HistoryFilter, Paging};
use crate::domain::text::{clean, excerpt};
use crate::storage::{measurements, DbConnection, StoredCatalog};

/// What the history is asked for, as the page's filter and the API send it (text, so a bad value is named).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct HistoryAsk {
    /// A target's code; empty: every target.
    pub target: Option<String>,
    /// A unit's code, or `area` for the area's own figures; empty: every figure.
    pub of: Option<String>,
    /// Who made the change; empty: anyone.
    pub person: Option<String>,
    /// `create`, `update` or `delete`; empty: every kind.
    pub action: Option<String>,
    /// Which page, from 1.
    pub page: Option<String>,
}

/// A page of changes, with the catalog that names their targets and units and what the filter can offer.
pub struct History {
    pub stored: StoredCatalog,
    pub changes: Vec<Change>,
    /// Whether another page follows.
    pub more: bool,
    pub filter: HistoryFilter,
    pub paging: Paging,
    /// Everyone who has changed a figure of the resolution.
    pub people: Vec<String>,
}

/// The changes the scope (its resolution; its year when one is named) and `ask` select, `per_page` a page.
pub fn read(
    conn: &mut DbConnection,
    scope: &Scope,
    ask: &HistoryAsk,
    per_page: u32,
) -> Result<History, AppError> {
    let stored = scope.catalog(conn)?;
    let filter = filter(&stored, scope, ask)?;
    let paging = Paging {
        page: page(ask.page.as_deref())?,
        per_page,
    };
    let (changes, more) = measurements::history(conn, &stored, &filter, paging)?;
    let people = measurements::history_people(conn, &stored)?;
    Ok(History {
        stored,
        changes,
        more,
        filter,
        paging,
        people,
    })
}

/// Every change of one target (404 naming an unknown one), newest first, at most `limit`.
pub fn of_target(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
    limit: u32,
) -> Result<Vec<Change>, AppError> {
    target_of(stored, code)?;
    let filter = HistoryFilter {
        target: Some(code.to_string()),
        ..HistoryFilter::default()
    };
    let paging = Paging {
        page: 1,
        per_page: limit,
    };
    Ok(measurements::history(conn, stored, &filter, paging)?.0)
}

/// A filter's text: trimmed and composed; none when empty.
fn given(text: Option<&str>) -> Option<String> {
    text.map(clean).filter(|t| !t.is_empty())
}

fn filter(
    stored: &StoredCatalog,
    scope: &Scope,
    ask: &HistoryAsk,
) -> Result<HistoryFilter, AppError> {
    let target = given(ask.target.as_deref());
    if let Some(code) = &target {
        target_of(stored, code)?;
    }
    let unit = match given(ask.of.as_deref()) {
        None => None,
        Some(area) if area == "area" => Some(String::new()),
        Some(code) if stored.catalog.unit(&code).is_some() => Some(code),
        Some(code) => {
            return Err(AppError::bad_field(
                "of",
                format!("không có đơn vị {:?}", excerpt(&code, 40)),
                format!("there is no unit {:?}", excerpt(&code, 40)),
            ))
        }
    };
    let action = match given(ask.action.as_deref()) {
        None => None,
        Some(text) => Some(Action::parse(&text).ok_or_else(|| {
            AppError::bad_field(
                "action",
                "phải là create, update hoặc delete",
                "must be create, update or delete",
            )
        })?),
    };
    let year = match scope.year {
        Some(_) => Some(scope.year(stored)?),
        None => None,
    };
    Ok(HistoryFilter {
        target,
        unit,
        person: given(ask.person.as_deref()).map(|p| excerpt(&p, 200)),
        year,
        action,
    })
}

/// Which page: 1 when not asked; a number from 1 to [`Paging::LAST`].
fn page(text: Option<&str>) -> Result<u32, AppError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(1),
        Some(t) => t
            .parse::<u32>()
            .ok()
            .filter(|p| (1..=Paging::LAST).contains(p))
            .ok_or_else(|| {
                AppError::bad_field(
                    "page",
                    format!("phải là số trang từ 1 đến {}", Paging::LAST),
                    format!("must be a page number from 1 to {}", Paging::LAST),
                )
            }),
    }
}

//! What changed: the changes to a resolution's figures, newest first, with who, when and by which way, filtered
//! by target, unit, person, year and kind of change, a page at a time.

use serde::Deserialize;

use super::error::AppError;
use super::scope::{target_of, Scope};
use super::words::labels;
use crate::domain::history::{Action, Change, HistoryFilter, Paging, Snapshot};
use crate::domain::lang::{yes_no, Lang};
use crate::domain::text::{clean, excerpt};
use crate::domain::wording;
use crate::domain::{Catalog, Target};
use crate::storage::{measurements, DbConnection, StoredCatalog};

/// What the history is asked for, as the page's filter and the API send it (text, so a bad value is named).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
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
pub fn snapshot_text(s: &Snapshot, target: &Target, lang: Lang) -> String {
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
            let reason = c
                .reason
                .as_ref()
                .map(|r| format!(" — {}: {r}", labels(lang).col_reason))
                .unwrap_or_default();
            Some(HistoryRow {
                when: crate::clock::shown_rfc3339(&c.changed_at),
                who: c.changed_by.clone(),
                target: format!("{} · {}", target.code, wording::title(target, lang)),
                of: super::views::figure_of(catalog, c.unit.as_deref(), lang),
                what: format!("{action} {} {quality}: {values}{channel}{reason}", c.year),
            })
        })
        .collect()
}

/// One choice of a filter's list: its value, its words, whether it is the one chosen.
pub struct Choice {
    pub value: String,
    pub text: String,
    pub chosen: bool,
}

/// The filter's lists, each with "all" first and the chosen entry marked.
pub struct Choices {
    pub targets: Vec<Choice>,
    pub units: Vec<Choice>,
    pub people: Vec<Choice>,
    pub years: Vec<Choice>,
    pub actions: Vec<Choice>,
}

impl History {
    /// What the filter offers, in the reader's language.
    pub fn choices(&self, lang: Lang) -> Choices {
        Choices {
            targets: target_choices(self, lang),
            units: unit_choices(self, lang),
            people: choices(
                self.people.iter().map(|p| (p.clone(), p.clone())),
                self.filter.person.as_deref(),
                lang,
            ),
            years: year_choices(self, lang),
            actions: choices(
                Action::ALL
                    .iter()
                    .map(|a| (a.as_str().to_string(), a.label(lang).to_string())),
                self.filter.action.map(Action::as_str),
                lang,
            ),
        }
    }

    /// The query of this filter's page `n` (`target=…&of=…&page=n`), as a link keeps it.
    pub fn page_query(&self, n: u32) -> Vec<(&'static str, String)> {
        let f = &self.filter;
        let of = f
            .unit
            .as_deref()
            .map(|u| if u.is_empty() { "area" } else { u });
        [
            ("target", f.target.clone()),
            ("of", of.map(str::to_string)),
            ("person", f.person.clone()),
            ("year", f.year.map(|y| y.to_string())),
            ("action", f.action.map(|a| a.as_str().to_string())),
            ("page", Some(n.to_string())),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
    }
}

/// "All", then each choice, the chosen one marked.
fn choices(
    list: impl Iterator<Item = (String, String)>,
    chosen: Option<&str>,
    lang: Lang,
) -> Vec<Choice> {
    let all = Choice {
        value: String::new(),
        text: labels(lang).any.to_string(),
        chosen: chosen.is_none(),
    };
    std::iter::once(all)
        .chain(list.map(|(value, text)| Choice {
            chosen: chosen == Some(value.as_str()),
            value,
            text,
        }))
        .collect()
}

fn target_choices(read: &History, lang: Lang) -> Vec<Choice> {
    let targets = read.stored.catalog.targets.iter().map(|t| {
        (
            t.code.clone(),
            format!("{} · {}", t.code, wording::title(t, lang)),
        )
    });
    choices(targets, read.filter.target.as_deref(), lang)
}

/// The area's own figures, then every unit the resolution has had.
fn unit_choices(read: &History, lang: Lang) -> Vec<Choice> {
    let catalog = &read.stored.catalog;
    let area = (
        "area".to_string(),
        super::views::figure_of(catalog, None, lang),
    );
    let units = catalog.units.iter().map(|u| {
        (
            u.code.clone(),
            lang.pick(&u.name_vi, &u.name_en).to_string(),
        )
    });
    let chosen = read
        .filter
        .unit
        .as_deref()
        .map(|u| if u.is_empty() { "area" } else { u });
    choices(std::iter::once(area).chain(units), chosen, lang)
}

fn year_choices(read: &History, lang: Lang) -> Vec<Choice> {
    let years = read
        .stored
        .catalog
        .resolution
        .assessable_years()
        .map(|y| (y.to_string(), y.to_string()));
    let chosen = read.filter.year.map(|y| y.to_string());
    choices(years, chosen.as_deref(), lang)
}

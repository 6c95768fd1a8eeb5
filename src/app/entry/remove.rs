//! Removing one figure from a form, on purpose: what is about to go (the confirmation shows it, with the revision
//! it was read at), then the removal through the figure pipeline: a compare-and-set on that revision under the
//! write lock, kept in the history as a deletion. A figure changed meanwhile is not removed; it is shown again.

use super::area::in_words;
use super::open;
use super::unit::reading_text;
use crate::app::error::AppError;
use crate::app::figures::{self, Writer};
use crate::app::scope::{target_of, Scope};
use crate::domain::lang::Lang;
use crate::domain::wording;
use crate::domain::Quality;
use crate::storage::{measurements, DbConnection};

/// A stored figure as the confirmation shows it.
pub struct ToRemove {
    pub year: i32,
    pub code: String,
    pub title: String,
    /// Whose figure: the unit's name, or the area's.
    pub of: String,
    pub quality: Quality,
    /// The figure in words ("80,6 triệu đồng/người/năm", "1.890/2.140 (88,32% hộ)", "Có").
    pub figure: String,
    pub revision: i32,
}

/// What `/entry/{year}/remove` asks about: the target and quality (text, so a bad one is named).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RemoveAsk {
    pub target: Option<String>,
    pub quality: Option<String>,
}

impl RemoveAsk {
    fn quality(&self) -> Result<Quality, AppError> {
        self.quality
            .as_deref()
            .and_then(Quality::parse)
            .ok_or_else(|| {
                AppError::bad_field(
                    "quality",
                    "phải là estimate hoặc official",
                    "must be estimate or official",
                )
            })
    }

    fn target(&self) -> Result<&str, AppError> {
        self.target
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                AppError::bad_field(
                    "target",
                    "thiếu mã chỉ tiêu",
                    "the target's code is missing",
                )
            })
    }
}

/// The figure the scope (its resolution and unit), the year and `ask` name, as stored now; 404 when there is
/// none.
pub fn to_remove(
    conn: &mut DbConnection,
    scope: &Scope,
    (year, years_after_goal): (&str, i32),
    ask: &RemoveAsk,
    lang: Lang,
) -> Result<ToRemove, AppError> {
    let form = open(conn, scope, year, years_after_goal)?;
    let (code, quality) = (ask.target()?, ask.quality()?);
    let target = target_of(&form.stored, code)?;
    let unit = match scope.unit() {
        Some(u) => Some(super::unit::unit_of(&form, u)?),
        None => None,
    };
    let found = match unit {
        None => measurements::target_measurements(conn, &form.stored, code)?
            .into_iter()
            .find(|m| m.figure.year == form.year && m.figure.quality == quality)
            .map(|m| (in_words(&m.figure, target, lang), m.revision)),
        Some(u) => measurements::target_unit_measurements(conn, &form.stored, code)?
            .into_iter()
            .find(|m| {
                m.figure.unit == u.code && m.figure.year == form.year && m.figure.quality == quality
            })
            .map(|m| (reading_text(m.figure.reading, target, lang), m.revision)),
    };
    let (figure, revision) = found.ok_or_else(AppError::no_page)?;
    Ok(ToRemove {
        year: form.year,
        code: target.code.clone(),
        title: wording::title(target, lang).to_string(),
        of: crate::app::views::figure_of(&form.stored.catalog, unit.map(|u| u.code.as_str()), lang),
        quality,
        figure,
        revision,
    })
}

/// Removes the figure on the revision the confirmation showed.
pub fn remove(
    conn: &mut DbConnection,
    scope: &Scope,
    (year, years_after_goal): (&str, i32),
    ask: &RemoveAsk,
    revision: i32,
    who: &Writer<'_>,
) -> Result<(), AppError> {
    let form = open(conn, scope, year, years_after_goal)?;
    figures::delete(
        conn,
        scope,
        ask.target()?,
        (form.year, ask.quality()?),
        revision,
        who,
    )?;
    Ok(())
}

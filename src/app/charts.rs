//! What each chart shows, read once for the chart routes: the description `charts` draws, from the same reads
//! as the pages (a target with its assessment, the earlier term's target, a roll-up target's units, the
//! dashboard).

use super::error::AppError;
use super::scope::Scope;
use super::target::{continued_target, AssessedTarget};
use super::DbConnection;
use crate::charts::{OverviewChart, Size, TargetChart, UnitsChart};
use crate::domain::unit_progress::lagging_standings;
use crate::domain::wording::Lang;
use crate::reports::{overview_chart, target_chart, terms_chart, units_chart, ChartFigures};

/// How a chart is asked for: the reader's language and the picture's size.
#[derive(Debug, Clone, Copy)]
pub struct Drawing {
    pub lang: Lang,
    pub size: Size,
}

/// A target's chart: its series, goal, forecast and status.
pub fn target(
    conn: &mut DbConnection,
    scope: &Scope,
    code: &str,
    drawing: Drawing,
) -> Result<TargetChart, AppError> {
    let read = AssessedTarget::read(conn, scope, code)?;
    let figures = ChartFigures {
        assessed: &read.assessed,
        entered: &read.measurements,
    };
    Ok(target_chart(
        &read.stored.catalog,
        read.target(),
        figures,
        &read.progress,
        drawing.lang,
        drawing.size,
    ))
}

/// A target beside the earlier term's target it continues; 404 when it continues none that is stored.
pub fn terms(
    conn: &mut DbConnection,
    scope: &Scope,
    code: &str,
    drawing: Drawing,
) -> Result<TargetChart, AppError> {
    let current = AssessedTarget::read(conn, scope, code)?;
    let earlier = continued_target(conn, current.target())?.ok_or_else(|| {
        AppError::not_found(
            format!("chỉ tiêu {code} không tiếp nối chỉ tiêu nào của nhiệm kỳ trước"),
            format!("target {code} continues no target of an earlier term"),
        )
    })?;
    Ok(terms_chart(
        earlier.term(),
        current.term(),
        &current.progress,
        drawing.lang,
        drawing.size,
    ))
}

/// A roll-up target's units in the scope's year, laggards first; 404 for a target not built from units.
pub fn units(
    conn: &mut DbConnection,
    scope: &Scope,
    code: &str,
    drawing: Drawing,
) -> Result<UnitsChart, AppError> {
    let read = super::units::target_units(conn, scope, code)?;
    let (target, year) = (read.target(), read.year);
    let area_year = read.units.year_view(year);
    let rows = lagging_standings(&read.stored.catalog, target, &read.units.figures, year);
    Ok(units_chart(
        target,
        &rows,
        area_year.as_ref(),
        year,
        drawing.lang,
        drawing.size,
    ))
}

/// Every target's status at a glance (`code` is not asked: the overview is the whole resolution's).
pub fn overview(
    conn: &mut DbConnection,
    scope: &Scope,
    _code: &str,
    drawing: Drawing,
) -> Result<OverviewChart, AppError> {
    let board = super::dashboard::read(conn, scope)?;
    Ok(overview_chart(
        &board.stored.catalog,
        &board.dashboard,
        drawing.lang,
        drawing.size,
    ))
}

//! The units' routes: `GET /api/v1/units` (the area, its units with their validity and what each became, the
//! changes), `GET /api/v1/targets/{code}/units?year=Y` (where each unit stands on a roll-up target in a year) and
//! `GET /api/v1/dashboard?unit=CODE` (one unit's own dashboard).

use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::app::scope::Scope;
use crate::domain::catalog::Catalog;
use crate::domain::dashboard::ResolutionView;
use crate::domain::lang::Lang;
use crate::domain::unit_progress::{standings, UnitYear};
use crate::domain::units::{became, formed_by, Unit};
use crate::domain::Progress;
use crate::web::{Answer, AppError, Chosen, Segment, State};

#[derive(Serialize)]
struct AreaView<'a> {
    code: &'a str,
    name_vi: &'a str,
    name_en: &'a str,
    ends: Option<String>,
}

#[derive(Serialize)]
pub struct UnitView<'a> {
    code: &'a str,
    name_vi: &'a str,
    name_en: &'a str,
    kind: &'a str,
    starts: Option<String>,
    ends: Option<String>,
    /// The units it became, for a unit merged away or split.
    became: Vec<&'a str>,
    /// The units merged into it (for a unit formed or grown by a merge).
    formed_from: Vec<&'a str>,
}

impl<'a> UnitView<'a> {
    fn new(u: &'a Unit, catalog: &'a Catalog) -> Self {
        UnitView {
            code: &u.code,
            name_vi: &u.name_vi,
            name_en: &u.name_en,
            kind: &u.kind,
            starts: u.starts.map(|d| d.to_string()),
            ends: u.ends.map(|d| d.to_string()),
            became: became(u, &catalog.changes),
            formed_from: formed_by(u, &catalog.changes)
                .into_iter()
                .flat_map(|c| c.before.iter().map(String::as_str))
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct ChangeView<'a> {
    date: String,
    kind: &'static str,
    before: &'a [String],
    after: &'a [String],
    basis: &'a str,
    date_is_reading: bool,
}

pub async fn units(state: State, selection: Chosen) -> Answer {
    let stored = state.with_conn(move |conn| selection.catalog(conn)).await?;
    let c = &stored.catalog;
    let area = c.area.as_ref().map(|a| AreaView {
        code: &a.code,
        name_vi: &a.name_vi,
        name_en: &a.name_en,
        ends: a.ends.map(|d| d.to_string()),
    });
    let units: Vec<UnitView> = c.units.iter().map(|u| UnitView::new(u, c)).collect();
    let changes: Vec<ChangeView> = c
        .changes
        .iter()
        .map(|ch| ChangeView {
            date: ch.date.to_string(),
            kind: ch.kind.as_str(),
            before: &ch.before,
            after: &ch.after,
            basis: &ch.basis,
            date_is_reading: ch.date_is_reading,
        })
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "area": area,
        "units": units,
        "changes": changes,
    })))
}

/// A unit's own status in the API's words (ratio targets only).
#[derive(Serialize)]
struct StatusView {
    status: crate::domain::Status,
    status_label_vi: &'static str,
    status_label_en: &'static str,
    progress: Progress,
}

impl From<Progress> for StatusView {
    fn from(progress: Progress) -> Self {
        StatusView {
            status: progress.status,
            status_label_vi: progress.status.label(Lang::Vi),
            status_label_en: progress.status.label(Lang::En),
            progress,
        }
    }
}

#[derive(Serialize)]
struct Standing<'a> {
    #[serde(flatten)]
    unit: UnitView<'a>,
    /// Counted in the year's roll-up.
    counted: bool,
    figure: Option<UnitYear>,
    own_status: Option<StatusView>,
}

/// The answer of `GET /api/v1/targets/{code}/units`.
#[derive(Serialize)]
struct TargetUnitsView<'a> {
    target: &'a str,
    year: i32,
    rollup: &'static str,
    counted_kinds: &'a [String],
    area: Option<crate::domain::dashboard::RollupYearView>,
    units: Vec<Standing<'a>>,
}

/// `GET /api/v1/targets/{code}/units?year=Y`: each unit's figure and own status, the roll-up and its coverage.
/// Read with a connection; the answer is made and written after it is back in the pool, straight from typed
/// views (a province's 100,000 units make tens of megabytes).
pub async fn target_units(state: State, code: Segment, scope: web::Query<Scope>) -> Answer {
    let scope = scope.into_inner();
    let read = state
        .with_conn(move |conn| crate::app::units::target_units(conn, &scope, &code))
        .await?;
    let (target, year) = (read.target(), read.year);
    let (catalog, figures) = (&read.stored.catalog, &read.units.figures);
    let units: Vec<Standing> = standings(catalog, target, figures, year)
        .into_iter()
        .map(|s| Standing {
            unit: UnitView::new(s.unit, catalog),
            counted: s.counted,
            figure: s.figure,
            own_status: s.status.map(StatusView::from),
        })
        .collect();
    json_answer(&TargetUnitsView {
        target: &target.code,
        year,
        rollup: target.rollup.as_str(),
        counted_kinds: target.rollup.counted_kinds(),
        area: read.units.year_view(year),
        units,
    })
}

/// A typed view written as the JSON answer.
fn json_answer(view: &impl Serialize) -> Answer {
    let body = serde_json::to_vec(view).map_err(|e| {
        tracing::error!(error = %e, "writing a JSON answer");
        AppError::internal()
    })?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body))
}

#[derive(Serialize)]
struct UnitTarget<'a> {
    code: &'a str,
    title_vi: &'a str,
    title_en: &'a str,
    unit_vi: &'a str,
    unit_en: &'a str,
    rollup: &'static str,
    /// Counted in the roll-up of the `as_of` year.
    counted: bool,
    /// Its own figures, and comparable ones from before a merge that formed it.
    series: Vec<UnitYear>,
    /// The latest own figure up to `as_of`.
    latest: Option<UnitYear>,
    own_status: Option<StatusView>,
}

/// `GET /api/v1/dashboard?unit=CODE`: one unit's figures and own statuses on every roll-up target.
pub async fn unit_dashboard(state: State, scope: Scope, unit: String) -> Answer {
    let read = state
        .with_conn(move |conn| crate::app::units::read(conn, &scope, &unit))
        .await?;
    let catalog = &read.stored.catalog;
    let targets: Vec<UnitTarget> = read
        .targets()
        .into_iter()
        .map(|on| {
            let t = on.target;
            UnitTarget {
                code: &t.code,
                title_vi: &t.title_vi,
                title_en: &t.title_en,
                unit_vi: &t.unit_vi,
                unit_en: &t.unit_en,
                rollup: t.rollup.as_str(),
                counted: on.counted,
                latest: on.latest,
                own_status: on.status.map(StatusView::from),
                series: on.series,
            }
        })
        .collect();
    json_answer(&UnitDashboardView {
        as_of: read.as_of,
        resolution: ResolutionView::from(&catalog.resolution),
        unit: UnitView::new(read.unit(), catalog),
        targets,
    })
}

#[derive(Serialize)]
struct UnitDashboardView<'a> {
    as_of: i32,
    resolution: ResolutionView,
    unit: UnitView<'a>,
    targets: Vec<UnitTarget<'a>>,
}

/// One unit's row of the completeness answer.
#[derive(Serialize)]
struct CompletenessUnit<'a> {
    code: &'a str,
    name_vi: &'a str,
    name_en: &'a str,
    asked: usize,
    estimates: usize,
    officials: usize,
    reported: bool,
    figures: std::collections::BTreeMap<&'a str, crate::domain::completeness::Filled>,
}

#[derive(Serialize)]
struct CompletenessView<'a> {
    year: i32,
    targets: &'a [crate::domain::completeness::TargetCount],
    units: Vec<CompletenessUnit<'a>>,
}

/// `GET /api/v1/completeness?year=Y`: which figures are in for the year, per target and unit.
pub async fn completeness(state: State, scope: web::Query<Scope>) -> Answer {
    let scope = scope.into_inner();
    let years_after_goal = state.policy.years_after_goal;
    let read = state
        .with_conn(move |conn| crate::app::completeness::read(conn, &scope, years_after_goal))
        .await?;
    let grid = read.grid();
    let units = grid
        .units
        .iter()
        .map(|u| CompletenessUnit {
            code: u.code,
            name_vi: &u.unit.name_vi,
            name_en: &u.unit.name_en,
            asked: u.asked,
            estimates: u.estimates,
            officials: u.officials,
            reported: !u.silent(),
            figures: u.figures.iter().copied().collect(),
        })
        .collect();
    json_answer(&CompletenessView {
        year: grid.year,
        targets: &grid.targets,
        units,
    })
}

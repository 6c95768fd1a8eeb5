//! The units' answers as the API gives them: the area with its units and their changes, where each unit stands
//! on a roll-up target in a year, one unit's own dashboard, and a year's completeness. Views the application
//! owns, made from what it read (borrowing it: a province's answer runs to tens of megabytes).

use serde::Serialize;

use super::completeness::YearKeys;
use super::units::{TargetUnitsRead, UnitRead};
use crate::domain::catalog::Catalog;
use crate::domain::dashboard::ResolutionView;
use crate::domain::lang::Lang;
use crate::domain::unit_progress::{standings, UnitYear};
use crate::domain::units::{became, formed_by, Unit};
use crate::domain::Progress;

#[derive(Serialize, utoipa::ToSchema)]
pub struct AreaView<'a> {
    code: &'a str,
    name_vi: &'a str,
    name_en: &'a str,
    ends: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
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
    pub fn new(u: &'a Unit, catalog: &'a Catalog) -> Self {
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

#[derive(Serialize, utoipa::ToSchema)]
pub struct ChangeView<'a> {
    date: String,
    kind: &'static str,
    before: &'a [String],
    after: &'a [String],
    basis: &'a str,
    date_is_reading: bool,
}

/// A unit's own status in the API's words (ratio targets only).
#[derive(Serialize, utoipa::ToSchema)]
pub struct StatusView {
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

#[derive(Serialize, utoipa::ToSchema)]
pub struct Standing<'a> {
    #[serde(flatten)]
    unit: UnitView<'a>,
    /// Counted in the year's roll-up.
    counted: bool,
    figure: Option<UnitYear>,
    own_status: Option<StatusView>,
}

/// The answer of `GET /api/v1/targets/{code}/units`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TargetUnitsView<'a> {
    target: &'a str,
    year: i32,
    rollup: &'static str,
    counted_kinds: &'a [String],
    area: Option<crate::domain::dashboard::RollupYearView>,
    units: Vec<Standing<'a>>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct UnitTarget<'a> {
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

#[derive(Serialize, utoipa::ToSchema)]
pub struct UnitDashboardView<'a> {
    as_of: i32,
    resolution: ResolutionView,
    unit: UnitView<'a>,
    targets: Vec<UnitTarget<'a>>,
}

/// One unit's row of the completeness answer.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CompletenessUnit<'a> {
    code: &'a str,
    name_vi: &'a str,
    name_en: &'a str,
    asked: usize,
    estimates: usize,
    officials: usize,
    reported: bool,
    figures: std::collections::BTreeMap<&'a str, crate::domain::completeness::Filled>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CompletenessView<'a> {
    year: i32,
    targets: &'a [crate::domain::completeness::TargetCount],
    units: Vec<CompletenessUnit<'a>>,
    /// The year's due days, and the area's and each unit's figures against them.
    timeliness: crate::domain::completeness::YearTimeliness,
    /// The year's figures the checks warn about, with their notes (null: too many figures to check).
    flagged: Option<&'a [super::checks::Flagged]>,
}

/// The area, every unit with its validity and what it became or came from, and the changes.
#[derive(Serialize, utoipa::ToSchema)]
pub struct UnitsView<'a> {
    area: Option<AreaView<'a>>,
    units: Vec<UnitView<'a>>,
    changes: Vec<ChangeView<'a>>,
}

impl<'a> UnitsView<'a> {
    pub fn of(c: &'a Catalog) -> Self {
        UnitsView {
            area: c.area.as_ref().map(|a| AreaView {
                code: &a.code,
                name_vi: &a.name_vi,
                name_en: &a.name_en,
                ends: a.ends.map(|d| d.to_string()),
            }),
            units: c.units.iter().map(|u| UnitView::new(u, c)).collect(),
            changes: c
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
                .collect(),
        }
    }
}

impl<'a> TargetUnitsView<'a> {
    /// Each unit of the year on the target: its figure, whether counted, its own status; and the roll-up.
    pub fn of(read: &'a TargetUnitsRead) -> Self {
        let (target, year) = (read.target(), read.year);
        let (catalog, figures) = (&read.stored.catalog, &read.units.figures);
        TargetUnitsView {
            target: &target.code,
            year,
            rollup: target.rollup.as_str(),
            counted_kinds: target.rollup.counted_kinds(),
            area: read.units.year_view(year),
            units: standings(catalog, target, figures, year)
                .into_iter()
                .map(|s| Standing {
                    unit: UnitView::new(s.unit, catalog),
                    counted: s.counted,
                    figure: s.figure,
                    own_status: s.status.map(StatusView::from),
                })
                .collect(),
        }
    }
}

impl<'a> UnitDashboardView<'a> {
    /// One unit's figures and own statuses on every roll-up target.
    pub fn of(read: &'a UnitRead) -> Self {
        let catalog = &read.stored.catalog;
        UnitDashboardView {
            as_of: read.as_of,
            resolution: ResolutionView::from(&catalog.resolution),
            unit: UnitView::new(read.unit(), catalog),
            targets: read
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
                .collect(),
        }
    }
}

/// A year's completeness as the API gives it, made from the year's keys.
pub fn completeness_view<T>(read: &YearKeys, answer: impl FnOnce(&CompletenessView<'_>) -> T) -> T {
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
    let timeliness = read.timeliness(&grid);
    answer(&CompletenessView {
        year: grid.year,
        targets: &grid.targets,
        units,
        timeliness,
        flagged: read.flagged.as_deref(),
    })
}

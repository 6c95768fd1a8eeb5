//! The approval of figures, each way it comes (the API, the approvals page, the entry forms' "submit the year"):
//! a step on one figure on the revision its taker saw, or on a year's figures of a unit or an agency at once.
//! Statisticians submit what they may write; approvers (and administrators) approve, return and reopen.

use super::accounts::Identity;
use super::error::AppError;
use super::figures::Writer;
use super::scope::{target_of, Scope};
use super::views::MeasurementView;
use crate::domain::account::Role;
use crate::domain::approval::{check_reason, Step};
use crate::domain::lang::Lang;
use crate::domain::measurement::Channel;
use crate::domain::rollup::UnitFigure;
use crate::domain::{Figure, Quality};
use crate::storage::measurements::{self, FigureKey, StepBy, YearFigures};
use crate::storage::{DbConnection, StoredCatalog};

/// A step asked for: which, and why (required to return or reopen).
pub struct Asked<'a> {
    pub step: Step,
    pub reason: Option<&'a str>,
}

impl<'a> Asked<'a> {
    /// Reads a step's name (`action`) and reason as a request sent them.
    pub fn parse(action: &str, reason: Option<&'a str>) -> Result<Asked<'a>, AppError> {
        let step = Step::parse(action).ok_or_else(|| {
            AppError::bad_field(
                "action",
                "phải là submit, approve, return hoặc reopen",
                "must be submit, approve, return or reopen",
            )
        })?;
        Ok(Asked { step, reason })
    }
}

/// Refuses a step the caller's role does not take.
fn may_take(who: &Identity, step: Step) -> Result<(), AppError> {
    let needed = match step.needs_approver() {
        true => Role::Approver,
        false => Role::Statistician,
    };
    let vi = format!("{} số liệu", step.label(Lang::Vi).to_lowercase());
    let en = format!("{} a figure", step.label(Lang::En).to_lowercase());
    super::accounts::at_least(who, needed, (&vi, &en))
}

/// The reason, checked for the step (a 422 naming `reason`).
fn reason(asked: &Asked<'_>) -> Result<Option<String>, AppError> {
    check_reason(asked.step, asked.reason)
        .map_err(|said| AppError::invalid_value("reason", said.vi, said.en))
}

/// Takes a step on one figure of the scope's unit (none: the area's) on the revision its taker saw.
pub fn step_one(
    conn: &mut DbConnection,
    scope: &Scope,
    (code, year, quality): (&str, i32, Quality),
    revision: i32,
    asked: &Asked<'_>,
    (who, channel): (&Identity, Channel),
) -> Result<MeasurementView, AppError> {
    may_take(who, asked.step)?;
    let stored = scope.catalog(conn)?;
    target_of(&stored, code)?;
    let unit = scope.unit_of(&stored)?;
    let unit_code = unit.map_or("", |u| u.code.as_str());
    Writer::of(who, channel).may_write(&stored, Some(code), unit_code)?;
    let reason = reason(asked)?;
    let by = StepBy {
        step: asked.step,
        reason: reason.as_deref(),
        who: &who.name,
        channel,
    };
    let key = FigureKey {
        unit: unit_code,
        year,
        quality,
    };
    match unit {
        None => measurements::step_measurement::<Figure>(conn, &stored, code, key, revision, by)
            .map(MeasurementView::from)
            .map_err(super::figures::write_error),
        Some(_) => {
            measurements::step_measurement::<UnitFigure>(conn, &stored, code, key, revision, by)
                .map(MeasurementView::from)
                .map_err(super::figures::write_error)
        }
    }
}

/// Takes a step on a year's figures at once: of the scope's unit (none: the area's and every unit's) and of the
/// scope's agency's targets (none: every target). A statistician scoped to a unit or an agency takes it on their
/// own figures alone. Returns how many figures moved.
pub fn step_year(
    conn: &mut DbConnection,
    scope: &Scope,
    year: i32,
    asked: &Asked<'_>,
    (who, channel): (&Identity, Channel),
) -> Result<usize, AppError> {
    may_take(who, asked.step)?;
    let stored = scope.catalog(conn)?;
    let unit = scope.unit_of(&stored)?.map(|u| u.code.clone());
    let agency = scope.agency_in(&stored)?;
    let resolution = &stored.catalog.resolution.code;
    // A scoped statistician takes a year's step on their own figures alone.
    let unit = match &who.unit {
        Some(own) if &own.resolution == resolution => Some(own.unit.clone()),
        Some(own) => return Err(super::accounts::outside_scope(own)),
        None => unit,
    };
    let agency = match &who.agency {
        Some(own) if &own.resolution == resolution => Some(own.agency.clone()),
        Some(own) => return Err(super::accounts::outside_agency(own, "")),
        None => agency,
    };
    let targets = agency.map(|code| targets_of_agency(&stored, &code));
    let reason = reason(asked)?;
    let which = YearFigures {
        year,
        unit: unit.as_deref(),
        targets: targets.as_deref(),
    };
    let by = StepBy {
        step: asked.step,
        reason: reason.as_deref(),
        who: &who.name,
        channel,
    };
    measurements::step_year(conn, &stored, which, by).map_err(super::figures::write_error)
}

fn targets_of_agency(stored: &StoredCatalog, agency: &str) -> Vec<String> {
    stored
        .catalog
        .targets
        .iter()
        .filter(|t| t.agencies.includes(agency))
        .map(|t| t.code.clone())
        .collect()
}

/// The figures of a year waiting on a step (or in any state asked for), of the scope's unit and agency.
pub struct Queue {
    pub stored: StoredCatalog,
    pub year: i32,
    pub figures: Vec<MeasurementView>,
}

/// A year's figures in `states`: the area's and the units' (the scope's unit alone when it names one), of the
/// scope's agency's targets when it names one.
pub fn queue(
    conn: &mut DbConnection,
    scope: &Scope,
    states: &[crate::domain::approval::Approval],
) -> Result<Queue, AppError> {
    let stored = scope.catalog(conn)?;
    let year = scope.year(&stored)?;
    let unit = scope.unit_of(&stored)?.map(|u| u.code.clone());
    let agency = scope.agency_in(&stored)?;
    // A unit's list holds its own figures alone; otherwise the area's come first, then every unit's.
    let area = match unit {
        Some(_) => Vec::new(),
        None => measurements::year_in_states::<Figure>(conn, &stored, (year, None), states)?,
    };
    let which = (year, unit.as_deref());
    let units = measurements::year_in_states::<UnitFigure>(conn, &stored, which, states)?;
    let figures = area
        .into_iter()
        .map(MeasurementView::from)
        .chain(units.into_iter().map(MeasurementView::from))
        .filter(|f| {
            agency.as_deref().is_none_or(|a| {
                stored
                    .catalog
                    .target(&f.target_code)
                    .is_some_and(|t| t.agencies.includes(a))
            })
        })
        .collect();
    Ok(Queue {
        stored,
        year,
        figures,
    })
}

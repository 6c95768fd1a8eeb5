//! One target of a resolution with its figures, assessed as of a year; a roll-up target's units; the earlier
//! term's target it continues.

use super::error::AppError;
use super::scope::Scope;
use super::words::labels;
use crate::domain::dashboard::{assess_target, ProgressView};
use crate::domain::measurement::Measurement;
use crate::domain::rollup::{target_figures, UnitInputs};
use crate::domain::units::Rollup;
use crate::domain::wording::{self, Lang};
use crate::domain::{Figure, Progress, Target};
use crate::storage::{self, catalog, DbConnection};

/// A resolution's catalog as stored, with its row ids.
pub use crate::storage::StoredCatalog;

/// One target of the selected resolution with its figures, assessed as of the selected year.
pub struct AssessedTarget {
    pub stored: StoredCatalog,
    /// The target's place in the catalog's list (found when read).
    index: usize,
    pub measurements: Vec<Measurement>,
    /// The figures its progress is assessed on: the entered ones, and the complete roll-ups of years without one.
    pub assessed: Vec<Figure>,
    /// Its progress (for a roll-up target, on its area figures and its units' roll-ups, with each year's).
    pub progress: ProgressView,
}

impl AssessedTarget {
    /// Reads the target of a path's `{code}` (404 naming it if there is none), its figures, and its progress.
    pub fn read(
        conn: &mut DbConnection,
        scope: &Scope,
        code: &str,
    ) -> Result<AssessedTarget, AppError> {
        let stored = scope.catalog(conn)?;
        let as_of = scope.year(&stored)?;
        let index = stored
            .catalog
            .targets
            .iter()
            .position(|t| t.code == code)
            .ok_or_else(|| AppError::unknown_target(code))?;
        let target = &stored.catalog.targets[index];
        let measurements = storage::measurements::target_measurements(conn, &stored, code)?;
        let area: Vec<_> = measurements.iter().map(|m| m.figure).collect();
        let units = match target.rollup {
            Rollup::None => UnitInputs::default(),
            _ => storage::rollup_totals::target_inputs(conn, &stored, code)?,
        };
        let figures = target_figures(&stored.catalog, target, &area, &units, as_of);
        let progress = assess_target(&stored.catalog, target, &figures, as_of);
        Ok(AssessedTarget {
            index,
            stored,
            measurements,
            assessed: figures.figures,
            progress,
        })
    }

    pub fn target(&self) -> &Target {
        &self.stored.catalog.targets[self.index]
    }

    /// The target as one term of a chart comparing terms.
    pub fn term(&self) -> crate::reports::TermFigures<'_> {
        crate::reports::TermFigures {
            catalog: &self.stored.catalog,
            target: self.target(),
            assessed: &self.assessed,
        }
    }
}

/// The earlier term's target a target continues (its `continues` link), read as that term's own pages read it
/// (as of its final year when the term has ended); `None` when there is no link or the link's resolution or
/// target is not stored.
pub fn continued_target(
    conn: &mut DbConnection,
    target: &Target,
) -> Result<Option<AssessedTarget>, AppError> {
    let Some((resolution, code)) = target.continued() else {
        return Ok(None);
    };
    let Some(stored) = catalog::read_catalog(conn, Some(resolution))? else {
        return Ok(None);
    };
    if stored.catalog.target(code).is_none() {
        return Ok(None);
    }
    AssessedTarget::read(conn, &Scope::of_resolution(Some(resolution)), code).map(Some)
}

/// A roll-up target's unit figures, and its figures as the methodology takes them as of a year.
pub struct TargetUnits {
    pub figures: Vec<crate::domain::rollup::UnitFigure>,
    pub rolled: crate::domain::rollup::TargetFigures,
}

impl TargetUnits {
    pub fn read(
        conn: &mut DbConnection,
        stored: &StoredCatalog,
        target: &Target,
        year: i32,
    ) -> Result<TargetUnits, AppError> {
        let code = &target.code;
        let figures: Vec<_> = storage::measurements::target_unit_measurements(conn, stored, code)?
            .into_iter()
            .map(|m| m.figure)
            .collect();
        let area: Vec<_> = storage::measurements::target_measurements(conn, stored, code)?
            .into_iter()
            .map(|m| m.figure)
            .collect();
        let catalog = &stored.catalog;
        let inputs = UnitInputs::from_figures(&catalog.units, &figures);
        let rolled = target_figures(catalog, target, &area, &inputs, year);
        Ok(TargetUnits { figures, rolled })
    }

    /// The year's roll-up entry (coverage, value, source).
    pub fn year_view(&self, year: i32) -> Option<crate::domain::dashboard::RollupYearView> {
        self.rolled
            .years
            .iter()
            .find(|y| y.year == year)
            .map(crate::domain::dashboard::RollupYearView::from)
    }
}

/// A target with all its page shows: its assessment, its latest changes, its units' figures (a roll-up target),
/// and the terms it continues and is continued by.
pub struct TargetRead {
    pub read: AssessedTarget,
    pub changes: Vec<crate::domain::history::Change>,
    pub unit_figures: Option<Vec<crate::domain::rollup::UnitFigure>>,
    pub earlier: Option<AssessedTarget>,
    /// The later terms' targets that continue it: (resolution, its titles vi/en, target code).
    pub later: Vec<(String, String, String, String)>,
    /// The committee's assessments of it, newest year first.
    pub committee: Vec<crate::domain::assessment::Assessment>,
}

/// The target `code` of the scope's resolution as its page shows it; 404 naming an unknown one.
pub fn read_whole(
    conn: &mut DbConnection,
    scope: &Scope,
    code: &str,
) -> Result<TargetRead, AppError> {
    let read = AssessedTarget::read(conn, scope, code)?;
    let changes = super::history::of_target(conn, &read.stored, code, 200)?;
    let unit_figures = match read.target().rollup {
        Rollup::None => None,
        _ => Some(
            storage::measurements::target_unit_measurements(conn, &read.stored, code)?
                .into_iter()
                .map(|m| m.figure)
                .collect(),
        ),
    };
    let earlier = continued_target(conn, read.target())?;
    let own = format!(
        "{}/{}",
        read.stored.catalog.resolution.code,
        read.target().code
    );
    let later = catalog::continued_by(conn, &own)?;
    let committee = storage::target_assessments::list(conn, &read.stored, code)?;
    Ok(TargetRead {
        committee,
        read,
        changes,
        unit_figures,
        earlier,
        later,
    })
}

fn percent_a_year(g: f64, lang: Lang) -> String {
    format!(
        "{}%{}",
        wording::number(g * 100.0, lang),
        labels(lang).a_year
    )
}

fn years_list(list: &Option<Vec<i32>>) -> Option<String> {
    list.as_ref().filter(|l| !l.is_empty()).map(|l| {
        l.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// The methodology's numbers, each in words, only those it defines: (what, how much).
pub fn numbers(target: &Target, p: &Progress, lang: Lang) -> Vec<(String, String)> {
    let l = labels(lang);
    let mut out = vec![(l.latest.to_string(), wording::latest(p, target, lang))];
    if let (Some(year), Some(value)) = (p.baseline_year, p.baseline_value) {
        out.push((
            l.baseline.to_string(),
            format!("{} ({year})", wording::with_unit(value, target, lang)),
        ));
    }
    if let Some(e) = p.anticipated_value {
        out.push((
            format!("{} {}", l.anticipated_in, target.goal_year),
            wording::with_unit(e, target, lang),
        ));
    }
    if let Some(g) = p.actual_annual_growth {
        out.push((l.actual_growth.to_string(), percent_a_year(g, lang)));
    }
    if let Some(g) = p.required_annual_growth {
        out.push((l.required_growth.to_string(), percent_a_year(g, lang)));
    }
    if let Some(level) = p.goal_level {
        out.push((
            format!("{} {}", l.goal_level_in, target.goal_year),
            wording::with_unit(level, target, lang),
        ));
    }
    for (label, list) in [
        (l.years_met, &p.years_met),
        (l.years_missed, &p.years_missed),
        (l.years_missing, &p.years_missing),
    ] {
        if let Some(text) = years_list(list) {
            out.push((label.to_string(), text));
        }
    }
    if let Some(year) = p.achieved_year {
        out.push((l.achieved_year.to_string(), year.to_string()));
    }
    out.push((
        l.progress.to_string(),
        format!("{}%", wording::number(p.progress_pct.round(), lang)),
    ));
    out
}

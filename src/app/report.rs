//! A resolution's figures as a whole, for what is made of all of them: the export files, the charts written to a
//! folder, the report pack.

use super::error::AppError;
use super::scope::{target_of, Scope};
use super::target::{continued_target, AssessedTarget};
use crate::charts::{Size, TargetChart};
use crate::domain::measurement::Measurement;
use crate::domain::rollup::UnitFigure;
use crate::domain::wording::Lang;
use crate::reports::terms_chart;
use crate::storage::{measurements, DbConnection, StoredCatalog};

/// Every figure of a resolution (or of one target): the area's and the units', with the catalog.
pub struct AllFigures {
    pub stored: StoredCatalog,
    pub area: Vec<Measurement>,
    pub units: Vec<Measurement<UnitFigure>>,
}

/// The scope's figures: all of them, or `target`'s (404 naming an unknown one).
pub fn figures(
    conn: &mut DbConnection,
    scope: &Scope,
    target: Option<&str>,
) -> Result<AllFigures, AppError> {
    let stored = scope.catalog(conn)?;
    let (area, units) = match target {
        Some(code) => {
            target_of(&stored, code)?;
            (
                measurements::target_measurements(conn, &stored, code)?,
                measurements::target_unit_measurements(conn, &stored, code)?,
            )
        }
        None => (
            measurements::all_measurements(conn, &stored)?,
            measurements::all_unit_measurements(conn, &stored)?,
        ),
    };
    Ok(AllFigures {
        stored,
        area,
        units,
    })
}

/// What a year's report pack is made of: the scope's figures (of its agency's targets alone, when it names one,
/// with the catalog held to them), the year, and the committee's assessment of each target that year.
pub struct PackInput {
    pub figures: AllFigures,
    pub year: i32,
    pub notes: crate::reports::PackNotes,
}

/// A year's pack input, its two-terms charts described in `lang`.
pub fn pack(conn: &mut DbConnection, scope: &Scope, lang: Lang) -> Result<PackInput, AppError> {
    pack_of(conn, scope, None, lang)
}

/// A Word report's input: as [`pack`]'s, for the year the report's kind assesses (the year asked for, the term's
/// third year, or its goal year).
pub fn document(
    conn: &mut DbConnection,
    scope: &Scope,
    kind: crate::reports::ReportKind,
    lang: Lang,
) -> Result<PackInput, AppError> {
    pack_of(conn, scope, Some(kind), lang)
}

fn pack_of(
    conn: &mut DbConnection,
    scope: &Scope,
    kind: Option<crate::reports::ReportKind>,
    lang: Lang,
) -> Result<PackInput, AppError> {
    let mut figures = figures(conn, scope, None)?;
    let asked = scope.year(&figures.stored)?;
    let year = kind.map_or(asked, |k| k.as_of(&figures.stored.catalog, asked));
    let agency = scope.agency_in(&figures.stored)?;
    let committee = crate::storage::target_assessments::of_year(conn, &figures.stored, year)?;
    let breakthroughs = crate::storage::assessments::latest(conn, &figures.stored, year)?;
    if let Some(code) = &agency {
        let catalog = &mut figures.stored.catalog;
        catalog.targets.retain(|t| t.agencies.includes(code));
        let kept: std::collections::HashSet<String> =
            catalog.targets.iter().map(|t| t.code.clone()).collect();
        figures.area.retain(|m| kept.contains(&m.target_code));
        figures.units.retain(|m| kept.contains(&m.target_code));
    }
    let terms = terms_charts(conn, &figures.stored, year, lang)?;
    Ok(PackInput {
        figures,
        year,
        notes: crate::reports::PackNotes {
            committee,
            agency,
            breakthroughs,
            terms,
        },
    })
}

/// The pack's two-terms charts: each of its targets beside the earlier term's target it continues (as of the
/// pack's year), and beside each later term's target that continues it (as that term's pages show it). Each is
/// named `<code>-terms-<the other resolution>.png`.
fn terms_charts(
    conn: &mut DbConnection,
    stored: &crate::storage::StoredCatalog,
    year: i32,
    lang: Lang,
) -> Result<Vec<(String, TargetChart)>, AppError> {
    let resolution = &stored.catalog.resolution.code;
    let this = Scope {
        resolution: Some(resolution.clone()),
        as_of: Some(year.to_string()),
        ..Scope::default()
    };
    let mut charts = Vec::new();
    for target in &stored.catalog.targets {
        let later =
            crate::storage::catalog::continued_by(conn, &format!("{resolution}/{}", target.code))?;
        if target.continued().is_none() && later.is_empty() {
            continue;
        }
        let current = AssessedTarget::read(conn, &this, &target.code)?;
        if let Some(earlier) = continued_target(conn, target)? {
            let name = format!(
                "{}-terms-{}.png",
                target.code, earlier.stored.catalog.resolution.code
            );
            let chart = terms_chart(
                earlier.term(),
                current.term(),
                &current.progress,
                lang,
                Size::TARGET,
            );
            charts.push((name, chart));
        }
        for (other, _, _, code) in later {
            let next = AssessedTarget::read(conn, &Scope::of_resolution(Some(&other)), &code)?;
            let name = format!("{}-terms-{other}.png", target.code);
            charts.push((
                name,
                terms_chart(
                    current.term(),
                    next.term(),
                    &next.progress,
                    lang,
                    Size::TARGET,
                ),
            ));
        }
    }
    Ok(charts)
}

//! The checks that warn, run where a figure is written: a figure that looks odd against the target's stored
//! figures (`domain::checks`) is saved only with a note that explains it. One rule for the API, the forms and
//! the imports; a figure saved as it is stored is not checked again.

use std::collections::HashMap;

use serde::Serialize;

use super::error::AppError;
pub use super::views::WarningView;
use crate::domain::checks::{self, Checked, Stored, Warning};
use crate::domain::lang::{Lang, Said};
use crate::domain::measurement::{Entry, Figure, Measurement};
use crate::domain::rollup::UnitFigure;
use crate::domain::Catalog;
use crate::storage::figure_columns::StoredFigure;
use crate::storage::{measurements, DbConnection, StoredCatalog};

/// The most rows a file may have for its figures to be checked for odd ones: a district's year is a few hundred.
pub const CHECKED_ROWS: usize = 5_000;

/// The stored figures of some targets (one, or a whole resolution), by target code.
#[derive(Default)]
pub struct Figures {
    area: HashMap<String, Vec<Figure>>,
    units: HashMap<String, Vec<UnitFigure>>,
}

impl Figures {
    /// One target's stored figures.
    pub fn of_target(
        conn: &mut DbConnection,
        stored: &StoredCatalog,
        code: &str,
    ) -> Result<Figures, AppError> {
        let area = measurements::target_measurements(conn, stored, code)?;
        let units = measurements::target_unit_measurements(conn, stored, code)?;
        Ok(Figures::from_measurements(area, units))
    }

    /// Every stored figure of a resolution.
    pub fn of_resolution(
        conn: &mut DbConnection,
        stored: &StoredCatalog,
    ) -> Result<Figures, AppError> {
        let area = measurements::all_measurements(conn, stored)?;
        let units = measurements::all_unit_measurements(conn, stored)?;
        Ok(Figures::from_measurements(area, units))
    }

    fn from_measurements(area: Vec<Measurement>, units: Vec<Measurement<UnitFigure>>) -> Figures {
        let mut figures = Figures::default();
        for m in area {
            figures
                .area
                .entry(m.target_code)
                .or_default()
                .push(m.figure);
        }
        for m in units {
            figures
                .units
                .entry(m.target_code)
                .or_default()
                .push(m.figure);
        }
        figures
    }

    /// Whether this very figure is stored already.
    fn stored_as(&self, code: &str, figure: Checked<'_>) -> bool {
        match figure {
            Checked::Area(f) => self.area.get(code).is_some_and(|all| all.contains(f)),
            Checked::Unit(f) => self.units.get(code).is_some_and(|all| all.contains(f)),
        }
    }

    /// What looks odd about `figure` of target `code` (nothing for a figure saved as it is stored).
    pub fn warnings<F: StoredFigure>(
        &self,
        catalog: &Catalog,
        code: &str,
        figure: &F,
    ) -> Vec<Warning> {
        let Some(target) = catalog.target(code) else {
            return Vec::new();
        };
        if self.stored_as(code, figure.checked()) {
            return Vec::new();
        }
        let stored = Stored {
            area: self.area.get(code).map_or(&[], Vec::as_slice),
            units: self.units.get(code).map_or(&[], Vec::as_slice),
        };
        checks::warnings(catalog, target, stored, figure.checked())
    }
}

/// Whether an entry explains itself: a note with more than blanks.
pub fn has_note<F>(entry: &Entry<F>) -> bool {
    entry.note.as_deref().is_some_and(|n| !n.trim().is_empty())
}

/// The warnings joined in one line.
pub fn joined(warnings: &[Warning], lang: Lang) -> String {
    let said: Vec<Said> = warnings.iter().map(Warning::said).collect();
    said.iter()
        .map(|s| s.pick(lang).to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// What a box the checks warn about says beside it: what looks odd, and that a note is needed.
pub fn asks_for_note(warnings: &[Warning], lang: Lang) -> String {
    let ask = lang.pick(
        "Số liệu có điểm bất thường: {w}. Hãy ghi chú giải thích rồi lưu lại.",
        "The figure looks unusual: {w}. Add a note that explains it and save again.",
    );
    ask.replace("{w}", &joined(warnings, lang))
}

/// The refusal of a warned figure saved without a note: what looks odd, and what to do.
pub fn note_needed(warnings: &[Warning]) -> AppError {
    let views: Vec<WarningView> = warnings.iter().map(WarningView::from).collect();
    AppError::note_needed(
        format!(
            "số liệu này có điểm bất thường ({}): hãy ghi chú giải thích rồi lưu lại",
            joined(warnings, Lang::Vi)
        ),
        format!(
            "the figure looks unusual ({}): add a note that explains it and save again",
            joined(warnings, Lang::En)
        ),
        serde_json::json!(views),
    )
}

/// A stored figure of a year the checks warn about, with the note it was saved with.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Flagged {
    pub target_code: String,
    /// The unit whose figure it is; none for the area's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub quality: crate::domain::Quality,
    pub warnings: Vec<WarningView>,
    pub note: Option<String>,
    #[serde(skip)]
    pub said: Vec<Said>,
}

/// The stored figures of `year` the checks warn about (each checked against all the others, as if it were saved
/// again), in catalog order; none read past [`CHECKED_ROWS`] figures in the year (`None`: not
/// checked). `agency` keeps the targets it answers for.
pub fn flagged(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    year: i32,
    agency: Option<&str>,
) -> Result<Option<Vec<Flagged>>, AppError> {
    let area = measurements::all_measurements(conn, stored)?;
    let units = measurements::all_unit_measurements(conn, stored)?;
    let in_year = area.iter().filter(|m| m.figure.year == year).count()
        + units.iter().filter(|m| m.figure.year == year).count();
    if in_year > CHECKED_ROWS {
        return Ok(None);
    }
    let notes = notes_of_year(&area, &units, year);
    let figures = Figures::from_measurements(area, units);
    let catalog = &stored.catalog;
    let mut found = Vec::new();
    for target in &catalog.targets {
        if agency.is_some_and(|a| !target.agencies.includes(a)) {
            continue;
        }
        let code = target.code.as_str();
        let of = Stored {
            area: figures.area.get(code).map_or(&[], Vec::as_slice),
            units: figures.units.get(code).map_or(&[], Vec::as_slice),
        };
        let checked = of
            .area
            .iter()
            .filter(|f| f.year == year)
            .map(Checked::Area)
            .chain(
                of.units
                    .iter()
                    .filter(|f| f.year == year)
                    .map(Checked::Unit),
            );
        for figure in checked {
            let warnings = checks::warnings(catalog, target, of, figure);
            if !warnings.is_empty() {
                found.push(Flagged::of(code, figure, warnings, &notes));
            }
        }
    }
    Ok(Some(found))
}

/// The notes of a year's figures, by (target, unit or "" for the area's, quality).
type Notes = HashMap<(String, String, crate::domain::Quality), Option<String>>;

fn notes_of_year(area: &[Measurement], units: &[Measurement<UnitFigure>], year: i32) -> Notes {
    let area = area.iter().filter(|m| m.figure.year == year).map(|m| {
        let key = (m.target_code.clone(), String::new(), m.figure.quality);
        (key, m.note.clone())
    });
    let units = units.iter().filter(|m| m.figure.year == year).map(|m| {
        let key = (
            m.target_code.clone(),
            m.figure.unit.clone(),
            m.figure.quality,
        );
        (key, m.note.clone())
    });
    area.chain(units).collect()
}

impl Flagged {
    fn of(code: &str, figure: Checked<'_>, warnings: Vec<Warning>, notes: &Notes) -> Flagged {
        let (unit, quality) = match figure {
            Checked::Area(f) => (String::new(), f.quality),
            Checked::Unit(f) => (f.unit.clone(), f.quality),
        };
        let note = notes
            .get(&(code.to_string(), unit.clone(), quality))
            .cloned()
            .flatten();
        Flagged {
            target_code: code.to_string(),
            unit: (!unit.is_empty()).then_some(unit),
            quality,
            warnings: warnings.iter().map(WarningView::from).collect(),
            note,
            said: warnings.iter().map(Warning::said).collect(),
        }
    }
}

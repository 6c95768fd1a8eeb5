//! How a figure sits in the `measurements` table: the area's own figures and its units' figures share the table,
//! the write path and the history, told apart by the `unit` column ('' for the area).

use crate::domain::rollup::{UnitFigure, UnitReading};
use crate::domain::{Figure, MilestoneState, Quality, Reading};

/// The reading columns of one stored figure.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Columns<'a> {
    pub value: Option<f64>,
    pub state: Option<&'a str>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
}

/// A figure the one write path stores: its key (unit, year, quality) and its reading as columns.
pub trait StoredFigure: Clone + PartialEq + Sized {
    /// Unit figures (true) or the area's (false): which rows a read takes.
    const OF_UNITS: bool;
    fn unit(&self) -> &str;
    fn year(&self) -> i32;
    fn quality(&self) -> Quality;
    fn columns(&self) -> Columns<'static>;
    /// The figure of a row's columns; none when they do not make one (a corrupt row).
    fn from_columns(unit: &str, year: i32, quality: Quality, columns: Columns<'_>) -> Option<Self>;
    /// The figure as a unit's (none for the area's own).
    fn as_unit(&self) -> Option<&UnitFigure>;
    /// The figure as the checks that warn take it.
    fn checked(&self) -> crate::domain::checks::Checked<'_>;
}

impl StoredFigure for Figure {
    const OF_UNITS: bool = false;

    fn unit(&self) -> &str {
        ""
    }

    fn year(&self) -> i32 {
        self.year
    }

    fn quality(&self) -> Quality {
        self.quality
    }

    fn columns(&self) -> Columns<'static> {
        Columns {
            value: self.reading.value(),
            state: self.reading.state().map(MilestoneState::as_str),
            ..Columns::default()
        }
    }

    fn from_columns(unit: &str, year: i32, quality: Quality, c: Columns<'_>) -> Option<Self> {
        let reading = match (c.value, c.state, c.numerator) {
            (Some(v), None, None) => Reading::Value(v),
            (None, Some(s), None) => Reading::State(MilestoneState::parse(s)?),
            _ => return None,
        };
        unit.is_empty().then_some(Figure {
            year,
            quality,
            reading,
        })
    }

    fn as_unit(&self) -> Option<&UnitFigure> {
        None
    }

    fn checked(&self) -> crate::domain::checks::Checked<'_> {
        crate::domain::checks::Checked::Area(self)
    }
}

impl StoredFigure for UnitFigure {
    const OF_UNITS: bool = true;

    fn unit(&self) -> &str {
        &self.unit
    }

    fn year(&self) -> i32 {
        self.year
    }

    fn quality(&self) -> Quality {
        self.quality
    }

    /// A ratio keeps its percentage as `value` too (the unit's own figure, shown and judged).
    fn columns(&self) -> Columns<'static> {
        let reading = self.reading;
        let counts = reading.counts();
        Columns {
            value: reading.shown_value(),
            state: reading.yes().map(|yes| if yes { "yes" } else { "no" }),
            numerator: counts.map(|c| c.0),
            denominator: counts.map(|c| c.1),
        }
    }

    fn from_columns(unit: &str, year: i32, quality: Quality, c: Columns<'_>) -> Option<Self> {
        let reading = match (c.value, c.state, c.numerator, c.denominator) {
            (Some(_), None, Some(numerator), Some(denominator)) => UnitReading::Ratio {
                numerator,
                denominator,
            },
            (Some(v), None, None, None) => UnitReading::Value(v),
            (None, Some("yes"), None, None) => UnitReading::YesNo(true),
            (None, Some("no"), None, None) => UnitReading::YesNo(false),
            _ => return None,
        };
        (!unit.is_empty()).then(|| UnitFigure {
            unit: unit.to_string(),
            year,
            quality,
            reading,
        })
    }

    fn as_unit(&self) -> Option<&UnitFigure> {
        Some(self)
    }

    fn checked(&self) -> crate::domain::checks::Checked<'_> {
        crate::domain::checks::Checked::Unit(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<F: StoredFigure + std::fmt::Debug>(figure: F) {
        let back = F::from_columns(
            figure.unit(),
            figure.year(),
            figure.quality(),
            figure.columns(),
        );
        assert_eq!(back, Some(figure));
    }

    #[test]
    fn every_reading_comes_back_from_its_columns() {
        for reading in [
            UnitReading::Value(1234.0),
            UnitReading::Ratio {
                numerator: 3.0,
                denominator: 4.0,
            },
            UnitReading::YesNo(true),
            UnitReading::YesNo(false),
        ] {
            round_trip(UnitFigure {
                unit: "tt-lai-cach".into(),
                year: 2023,
                quality: Quality::Official,
                reading,
            });
        }
        round_trip(Figure {
            year: 2023,
            quality: Quality::Estimate,
            reading: Reading::State(MilestoneState::Done),
        });
        assert_eq!(
            UnitFigure::from_columns("", 2023, Quality::Official, Columns::default()),
            None
        );
        let ratio = UnitFigure {
            unit: "x".into(),
            year: 2023,
            quality: Quality::Official,
            reading: UnitReading::Ratio {
                numerator: 1.0,
                denominator: 8.0,
            },
        };
        assert_eq!(ratio.columns().value, Some(12.5));
    }
}

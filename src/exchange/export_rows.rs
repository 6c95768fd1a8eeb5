//! What an export writes for each figure: the contract's seven columns, and for units' figures the three after
//! them (`unit_code,numerator,denominator`). A file with no unit figure has the seven only, exactly as before.

use super::rows::{ALL_COLUMNS, HEADER};
use crate::domain::measurement::Measurement;
use crate::domain::rollup::{UnitFigure, UnitReading};

/// The figures of an export: the area's own, then its units'.
#[derive(Debug, Clone, Copy, Default)]
pub struct Figures<'a> {
    pub area: &'a [Measurement],
    pub units: &'a [Measurement<UnitFigure>],
}

impl Figures<'_> {
    /// The header: the seven columns, and the units' three when there is a unit figure.
    pub fn header(&self) -> &'static [&'static str] {
        if self.units.is_empty() {
            &HEADER
        } else {
            &ALL_COLUMNS
        }
    }

    /// Every figure as a row, the area's first.
    pub fn rows(&self) -> impl Iterator<Item = ExportRow<'_>> {
        self.area
            .iter()
            .map(ExportRow::area)
            .chain(self.units.iter().map(ExportRow::unit))
    }
}

/// One figure's cells.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRow<'a> {
    pub target_code: &'a str,
    pub year: i32,
    pub quality: &'static str,
    pub value: Option<f64>,
    pub state: Option<&'static str>,
    pub source: &'a str,
    pub note: &'a str,
    pub unit_code: &'a str,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
}

impl<'a> ExportRow<'a> {
    fn area(m: &'a Measurement) -> Self {
        ExportRow {
            target_code: &m.target_code,
            year: m.figure.year,
            quality: m.figure.quality.as_str(),
            value: m.figure.reading.value(),
            state: m.figure.reading.state().map(|s| s.as_str()),
            source: m.source.as_deref().unwrap_or(""),
            note: m.note.as_deref().unwrap_or(""),
            unit_code: "",
            numerator: None,
            denominator: None,
        }
    }

    fn unit(m: &'a Measurement<UnitFigure>) -> Self {
        let (value, state, numerator, denominator) = match m.figure.reading {
            UnitReading::Value(v) => (Some(v), None, None, None),
            UnitReading::Ratio {
                numerator,
                denominator,
            } => (None, None, Some(numerator), Some(denominator)),
            UnitReading::YesNo(yes) => (None, Some(if yes { "yes" } else { "no" }), None, None),
        };
        ExportRow {
            target_code: &m.target_code,
            year: m.figure.year,
            quality: m.figure.quality.as_str(),
            value,
            state,
            source: m.source.as_deref().unwrap_or(""),
            note: m.note.as_deref().unwrap_or(""),
            unit_code: &m.figure.unit,
            numerator,
            denominator,
        }
    }
}

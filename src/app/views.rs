//! The application's own views of what is stored, kept apart from storage rows and domain structs (as the API
//! and the pages show them).

use serde::Serialize;

use crate::domain::lang::Lang;
use crate::domain::measurement::Measurement;
use crate::domain::Quality;
use crate::storage::figure_columns::StoredFigure;

/// A stored figure as the API shows it: the area's own (no `unit`) or a unit's (`unit`, and for a ratio its
/// `numerator` and `denominator`, with `value` their percentage; for yes/no, `state` `yes` or `no`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MeasurementView {
    pub target_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub year: i32,
    pub quality: Quality,
    pub value: Option<f64>,
    pub state: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numerator: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator: Option<f64>,
    pub source: Option<String>,
    pub note: Option<String>,
    pub revision: i32,
    pub changed_by: String,
    /// RFC 3339, UTC.
    pub changed_at: String,
    /// draft, submitted, approved or returned.
    pub approval: crate::domain::approval::Approval,
    /// Why it was last returned or reopened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approval_note: Option<String>,
    /// What looked odd about the figure when it was just written (with the note that explains it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<WarningView>,
}

impl<F: StoredFigure> From<Measurement<F>> for MeasurementView {
    fn from(m: Measurement<F>) -> Self {
        let columns = m.figure.columns();
        let unit = m.figure.unit();
        MeasurementView {
            target_code: m.target_code,
            unit: (!unit.is_empty()).then(|| unit.to_string()),
            year: m.figure.year(),
            quality: m.figure.quality(),
            value: columns.value,
            state: columns.state,
            numerator: columns.numerator,
            denominator: columns.denominator,
            source: m.source,
            note: m.note,
            revision: m.revision,
            changed_by: m.changed_by,
            changed_at: m
                .changed_at
                .and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            approval: m.approval,
            approval_note: m.approval_note,
            warnings: Vec::new(),
        }
    }
}

/// Whose figure it is, in words: the unit's name, or the area's ("Huyện Cẩm Giàng"; the words for the area's own
/// figures when the catalog names no area).
pub fn figure_of(catalog: &crate::domain::Catalog, unit: Option<&str>, lang: Lang) -> String {
    match unit {
        Some(code) => catalog.unit(code).map_or_else(
            || code.to_string(),
            |u| lang.pick(&u.name_vi, &u.name_en).to_string(),
        ),
        None => catalog.area.as_ref().map_or_else(
            || super::words::labels(lang).area_own.to_string(),
            |a| lang.pick(&a.name_vi, &a.name_en).to_string(),
        ),
    }
}

/// A warning as the API gives it: which check, its numbers, and what it says (in English).
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct WarningView {
    #[serde(flatten)]
    pub warning: crate::domain::checks::Warning,
    pub message: String,
}

impl From<&crate::domain::checks::Warning> for WarningView {
    fn from(w: &crate::domain::checks::Warning) -> Self {
        WarningView {
            warning: w.clone(),
            message: w.said().en.into_owned(),
        }
    }
}

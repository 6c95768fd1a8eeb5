//! JSON shapes the API adds to the domain's own views.

use serde::Serialize;

use crate::domain::measurement::Measurement;
use crate::domain::{MilestoneState, Quality};

#[derive(Debug, Clone, Serialize)]
pub struct MeasurementView {
    pub target_code: String,
    pub year: i32,
    pub quality: Quality,
    pub value: Option<f64>,
    pub state: Option<MilestoneState>,
    pub source: Option<String>,
    pub note: Option<String>,
    pub revision: i32,
    pub changed_by: String,
    /// RFC 3339, UTC.
    pub changed_at: String,
}

impl From<Measurement> for MeasurementView {
    fn from(m: Measurement) -> Self {
        MeasurementView {
            target_code: m.target_code,
            year: m.figure.year,
            quality: m.figure.quality,
            value: m.figure.reading.value(),
            state: m.figure.reading.state(),
            source: m.source,
            note: m.note,
            revision: m.revision,
            changed_by: m.changed_by,
            changed_at: m
                .changed_at
                .and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }
}

//! Assessments for a year, of a breakthrough task or (the committee's) of a target: a status in the progress
//! vocabulary and a narrative text.

use crate::domain::lang::{Explained, Said};
use serde::Serialize;

use super::progress::Status;
use super::text::{clean, forbidden_control};

/// The statuses an assessment may give (a task is judged, not computed).
pub const ASSESSMENT_STATUSES: [Status; 4] = [
    Status::Achieved,
    Status::OnTrack,
    Status::NeedsAcceleration,
    Status::OffTrack,
];

/// The longest narrative text, in characters.
pub const TEXT_MAX: usize = 5000;

/// What an assessment judges, by code: a breakthrough task, or a target (the committee's official assessment
/// beside the computed status). Shown in JSON as `"breakthrough": CODE` or `"target": CODE`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Assessed {
    Breakthrough(String),
    Target(String),
}

/// A judgement of a task or a target for a year: a status in the progress vocabulary and a narrative text.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Assessment {
    #[serde(flatten)]
    pub of: Assessed,
    pub year: i32,
    pub status: Status,
    pub status_label_vi: &'static str,
    pub status_label_en: &'static str,
    pub text: String,
    pub revision: i32,
    pub changed_by: String,
    /// RFC 3339, UTC.
    pub changed_at: String,
}

/// One change of a task's assessment, as its history keeps it: the year, the revision it made, what it replaced
/// (nothing for the first) and what it wrote, who and when.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AssessmentChange {
    pub year: i32,
    pub revision: i32,
    pub old_status: Option<String>,
    pub old_text: Option<String>,
    pub new_status: String,
    pub new_text: String,
    pub changed_by: String,
    /// RFC 3339, UTC.
    pub changed_at: String,
}

impl Assessment {
    pub fn new(
        of: Assessed,
        (year, status, text): (i32, Status, String),
        (revision, changed_by, at): (i32, String, chrono::NaiveDateTime),
    ) -> Assessment {
        Assessment {
            of,
            year,
            status,
            status_label_vi: status.label(crate::domain::lang::Lang::Vi),
            status_label_en: status.label(crate::domain::lang::Lang::En),
            text,
            revision,
            changed_by,
            changed_at: at
                .and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }
}

/// The statuses the committee gives a target for a year: the tasks' and, once the term is judged, missed.
pub const TARGET_STATUSES: [Status; 5] = [
    Status::Achieved,
    Status::OnTrack,
    Status::NeedsAcceleration,
    Status::OffTrack,
    Status::Missed,
];

/// The status `text` names, if it is one of `statuses`.
pub fn status_among(statuses: &[Status], text: &str) -> Option<Status> {
    statuses.iter().copied().find(|s| s.as_str() == text.trim())
}

/// A task's status.
pub fn parse_status(text: &str) -> Option<Status> {
    status_among(&ASSESSMENT_STATUSES, text)
}

/// The narrative, cleaned; what is wrong with it when it is empty, too long or holds a control character.
pub fn check_text(text: &str) -> Result<String, Said> {
    let text = clean(text);
    if text.is_empty() {
        Err(Said::new("bắt buộc phải nhập", "is required"))
    } else if text.chars().count() > TEXT_MAX {
        Err(Said::new(
            format!("dài quá {TEXT_MAX} ký tự"),
            format!("is longer than {TEXT_MAX} characters"),
        ))
    } else if let Some(c) = forbidden_control(&text) {
        let problem = crate::domain::measurement::Problem::ControlCharacter(c);
        Err(Said::new(problem.message_vi(), problem.message_en()))
    } else {
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_texts() {
        assert_eq!(parse_status("on_track"), Some(Status::OnTrack));
        assert_eq!(
            parse_status("no_data"),
            None,
            "only judgements, not data states"
        );
        assert_eq!(
            check_text("  Đã hoàn thành quy hoạch vùng sản xuất  ").as_deref(),
            Ok("Đã hoàn thành quy hoạch vùng sản xuất")
        );
        assert!(check_text("   ").is_err());
        assert!(check_text(&"ư".repeat(5001)).is_err());
    }
}

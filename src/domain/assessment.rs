//! A breakthrough task's assessment for a year: a status in the progress vocabulary and a narrative text.

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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub breakthrough: String,
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

/// The statuses the committee gives a target for a year: the tasks' and, once the term is judged, missed.
pub const TARGET_STATUSES: [Status; 5] = [
    Status::Achieved,
    Status::OnTrack,
    Status::NeedsAcceleration,
    Status::OffTrack,
    Status::Missed,
];

pub fn parse_target_status(text: &str) -> Option<Status> {
    TARGET_STATUSES
        .into_iter()
        .find(|s| s.as_str() == text.trim())
}

/// The committee's assessment of a target for a year: an official status beside the computed one, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetAssessment {
    pub target: String,
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

impl TargetAssessment {
    pub fn new(
        target: &str,
        (year, status, text): (i32, Status, String),
        (revision, changed_by, at): (i32, String, chrono::NaiveDateTime),
    ) -> TargetAssessment {
        TargetAssessment {
            target: target.to_string(),
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

pub fn parse_status(text: &str) -> Option<Status> {
    ASSESSMENT_STATUSES
        .into_iter()
        .find(|s| s.as_str() == text.trim())
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

//! The change history of figures: every creation, update and deletion, with who and when.

use super::lang::Lang;
use serde::Serialize;

use super::measurement::{MilestoneState, Quality};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    Delete,
}

impl Action {
    pub fn parse(text: &str) -> Option<Action> {
        match text {
            "create" => Some(Action::Create),
            "update" => Some(Action::Update),
            "delete" => Some(Action::Delete),
            _ => None,
        }
    }

    /// How people read it, in their language.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.label_vi(), self.label_en())
    }

    fn label_vi(self) -> &'static str {
        match self {
            Action::Create => "Nhập mới",
            Action::Update => "Sửa",
            Action::Delete => "Xóa",
        }
    }

    fn label_en(self) -> &'static str {
        match self {
            Action::Create => "Entered",
            Action::Update => "Changed",
            Action::Delete => "Deleted",
        }
    }
}

/// A figure as it was before or after a change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    pub value: Option<f64>,
    pub state: Option<MilestoneState>,
    pub source: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub target_code: String,
    pub year: i32,
    pub quality: Quality,
    pub action: Action,
    /// form, api or import.
    pub channel: String,
    pub revision: i32,
    pub old: Option<Snapshot>,
    pub new: Option<Snapshot>,
    pub changed_by: String,
    /// RFC 3339, UTC.
    pub changed_at: String,
}

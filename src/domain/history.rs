//! The change history of figures: every creation, update and deletion, with who and when.

use super::lang::words;
use serde::Serialize;

use super::measurement::{MilestoneState, Quality, Reading};
use super::rollup::UnitReading;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    Delete,
    /// Steps of the approval workflow: the figure's values are as before.
    Submit,
    Approve,
    Return,
    Reopen,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Create,
        Action::Update,
        Action::Delete,
        Action::Submit,
        Action::Approve,
        Action::Return,
        Action::Reopen,
    ];

    /// Its name in the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Submit => "submit",
            Action::Approve => "approve",
            Action::Return => "return",
            Action::Reopen => "reopen",
        }
    }

    pub fn parse(text: &str) -> Option<Action> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

words!(Action {
    Create => "Nhập mới" / "Entered",
    Update => "Sửa" / "Changed",
    Delete => "Xóa" / "Deleted",
    Submit => "Gửi duyệt" / "Submitted",
    Approve => "Duyệt" / "Approved",
    Return => "Trả lại" / "Returned",
    Reopen => "Mở lại" / "Reopened",
});

/// A figure as it was before or after a change.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Snapshot {
    pub value: Option<f64>,
    pub state: Option<MilestoneState>,
    /// A unit's yes/no (for `share_of_units` and `count_of_units` targets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yes: Option<bool>,
    /// A unit's counts (for `ratio` targets; `value` is then their percentage).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numerator: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator: Option<f64>,
    pub source: Option<String>,
    pub note: Option<String>,
}

impl Snapshot {
    /// An area figure's reading, with its source and note.
    pub fn of_reading(reading: Reading, source: Option<String>, note: Option<String>) -> Snapshot {
        let (value, state) = match reading {
            Reading::Value(v) => (Some(v), None),
            Reading::State(s) => (None, Some(s)),
        };
        Snapshot {
            value,
            state,
            yes: None,
            numerator: None,
            denominator: None,
            source,
            note,
        }
    }

    /// A unit's reading (a ratio's value is its percentage), with its source and note.
    pub fn of_unit_reading(
        reading: UnitReading,
        source: Option<String>,
        note: Option<String>,
    ) -> Snapshot {
        let counts = reading.counts();
        Snapshot {
            value: reading.shown_value(),
            state: None,
            yes: match reading {
                UnitReading::YesNo(yes) => Some(yes),
                _ => None,
            },
            numerator: counts.map(|c| c.0),
            denominator: counts.map(|c| c.1),
            source,
            note,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Change {
    pub target_code: String,
    /// The unit whose figure changed; none for the area's own figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
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
    /// Why it was returned or reopened (or a note on another step).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Which changes a reader asks for; each part optional, all of them together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryFilter {
    pub target: Option<String>,
    /// A unit's code, or `""` for the area's own figures.
    pub unit: Option<String>,
    /// Who made the change (a user name, exactly).
    pub person: Option<String>,
    pub year: Option<i32>,
    pub action: Option<Action>,
}

/// A page of a long list: which one (from 1) and how many a page holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u32,
    pub per_page: u32,
}

impl Paging {
    /// The most pages a list is read to (a page past it is refused): 100,000 × 100 changes.
    pub const LAST: u32 = 100_000;

    pub fn offset(self) -> i64 {
        i64::from(self.page.saturating_sub(1)) * i64::from(self.per_page)
    }
}

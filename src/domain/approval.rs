//! Approval of figures: a figure is a draft until its statistician submits it; an approver then approves it or
//! returns it with a reason; an approved figure is not edited until an approver reopens it, again with a reason.
//! Editing a submitted or returned figure makes it a draft again. Pure rules: who may take a step is the
//! application's, where it is kept the storage's.

use serde::{Deserialize, Serialize};

use super::lang::{words, Lang, Said};
use super::text::{clean, forbidden_control};

/// Where a figure stands in the approval workflow.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Approval {
    #[default]
    Draft,
    Submitted,
    Approved,
    Returned,
}

impl Approval {
    pub const ALL: [Approval; 4] = [
        Approval::Draft,
        Approval::Submitted,
        Approval::Approved,
        Approval::Returned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Approval::Draft => "draft",
            Approval::Submitted => "submitted",
            Approval::Approved => "approved",
            Approval::Returned => "returned",
        }
    }

    pub fn parse(text: &str) -> Option<Approval> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }

    /// The state a figure is in after its values were edited: a draft again (an approved one is never edited).
    pub fn after_edit(self) -> Approval {
        match self {
            Approval::Approved => Approval::Approved,
            _ => Approval::Draft,
        }
    }
}

words!(Approval {
    Draft => "Nháp" / "Draft",
    Submitted => "Chờ duyệt" / "Submitted",
    Approved => "Đã duyệt" / "Approved",
    Returned => "Bị trả lại" / "Returned",
});

/// A step of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The statistician sends the figure for approval.
    Submit,
    /// An approver accepts it: it is no longer edited.
    Approve,
    /// An approver sends it back with a reason.
    Return,
    /// An approver opens an approved figure for editing again, with a reason.
    Reopen,
}

impl Step {
    pub const ALL: [Step; 4] = [Step::Submit, Step::Approve, Step::Return, Step::Reopen];

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Submit => "submit",
            Step::Approve => "approve",
            Step::Return => "return",
            Step::Reopen => "reopen",
        }
    }

    pub fn parse(text: &str) -> Option<Step> {
        Self::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }

    /// Whether only an approver (or an administrator) may take it.
    pub fn needs_approver(self) -> bool {
        !matches!(self, Step::Submit)
    }

    /// Whether it must say why.
    pub fn needs_reason(self) -> bool {
        matches!(self, Step::Return | Step::Reopen)
    }

    /// Where a figure in `from` goes by this step; `None` when the step does not apply to it.
    pub fn from(self, from: Approval) -> Option<Approval> {
        use Approval::*;
        match (self, from) {
            (Step::Submit, Draft | Returned) => Some(Submitted),
            (Step::Approve, Draft | Submitted | Returned) => Some(Approved),
            (Step::Return, Submitted | Draft) => Some(Returned),
            (Step::Reopen, Approved) => Some(Draft),
            _ => None,
        }
    }

    /// The state a whole year's step moves figures from: a year approved at once approves what was submitted,
    /// not the drafts nobody sent.
    pub fn bulk_from(self) -> &'static [Approval] {
        match self {
            Step::Submit => &[Approval::Draft, Approval::Returned],
            Step::Approve | Step::Return => &[Approval::Submitted],
            Step::Reopen => &[Approval::Approved],
        }
    }
}

words!(Step {
    Submit => "Gửi duyệt" / "Submit",
    Approve => "Duyệt" / "Approve",
    Return => "Trả lại" / "Return",
    Reopen => "Mở lại" / "Reopen",
});

/// Why a step cannot be taken.
pub fn refused(step: Step, from: Approval) -> Said {
    Said::new(
        format!(
            "không thể {} số liệu đang ở trạng thái “{}”",
            step.label(Lang::Vi).to_lowercase(),
            from.label(Lang::Vi).to_lowercase()
        ),
        format!(
            "cannot {} a figure that is {}",
            step.label(Lang::En).to_lowercase(),
            from.label(Lang::En).to_lowercase()
        ),
    )
}

/// The longest reason, in characters.
pub const REASON_MAX: usize = 1000;

/// A step's reason, cleaned: required for returning and reopening, bounded, no control characters.
pub fn check_reason(step: Step, reason: Option<&str>) -> Result<Option<String>, Said> {
    let reason = reason.map(clean).filter(|r| !r.is_empty());
    match &reason {
        None if step.needs_reason() => {
            Err(Said::new("bắt buộc phải nêu lý do", "a reason is required"))
        }
        Some(r) if r.chars().count() > REASON_MAX => Err(Said::new(
            format!("dài quá {REASON_MAX} ký tự"),
            format!("is longer than {REASON_MAX} characters"),
        )),
        Some(r) if forbidden_control(r).is_some() => Err(Said::new(
            "chứa ký tự điều khiển",
            "holds a control character",
        )),
        _ => Ok(reason),
    }
}

/// Which figures the dashboard counts: all of them (unapproved ones marked), or only approved ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    #[default]
    All,
    Approved,
}

impl Counting {
    pub fn as_str(self) -> &'static str {
        match self {
            Counting::All => "all",
            Counting::Approved => "approved",
        }
    }

    pub fn parse(text: &str) -> Option<Counting> {
        [Counting::All, Counting::Approved]
            .into_iter()
            .find(|c| c.as_str() == text)
    }

    /// Whether a figure in `approval` counts.
    pub fn counts(self, approval: Approval) -> bool {
        self == Counting::All || approval == Approval::Approved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workflow_goes_draft_submitted_approved_and_back_only_by_reopening() {
        assert_eq!(
            Step::Submit.from(Approval::Draft),
            Some(Approval::Submitted)
        );
        assert_eq!(
            Step::Approve.from(Approval::Submitted),
            Some(Approval::Approved)
        );
        assert_eq!(
            Step::Return.from(Approval::Submitted),
            Some(Approval::Returned)
        );
        assert_eq!(
            Step::Submit.from(Approval::Returned),
            Some(Approval::Submitted)
        );
        assert_eq!(Step::Reopen.from(Approval::Approved), Some(Approval::Draft));
        // Nothing but reopening moves an approved figure; nothing reopens what was not approved.
        assert_eq!(Step::Submit.from(Approval::Approved), None);
        assert_eq!(Step::Return.from(Approval::Approved), None);
        assert_eq!(Step::Approve.from(Approval::Approved), None);
        assert_eq!(Step::Reopen.from(Approval::Submitted), None);
        assert_eq!(Approval::Returned.after_edit(), Approval::Draft);
        assert_eq!(Approval::Submitted.after_edit(), Approval::Draft);
    }

    #[test]
    fn returning_and_reopening_need_a_reason() {
        assert!(check_reason(Step::Return, None).is_err());
        assert!(check_reason(Step::Reopen, Some("  ")).is_err());
        assert_eq!(check_reason(Step::Submit, None), Ok(None));
        assert_eq!(
            check_reason(Step::Return, Some(" sai mẫu số ")),
            Ok(Some("sai mẫu số".to_string()))
        );
        assert!(check_reason(Step::Reopen, Some(&"x".repeat(1001))).is_err());
    }

    #[test]
    fn counting_approved_only_leaves_out_every_other_state() {
        assert!(Counting::Approved.counts(Approval::Approved));
        assert!(!Counting::Approved.counts(Approval::Submitted));
        assert!(Counting::All.counts(Approval::Draft));
    }
}

//! Locking a year of a resolution once its report is adopted: while locked, no figure or assessment of that year
//! changes, by any path. Unlocking needs a reason; every lock and unlock is kept. Pure.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::lang::Said;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LockAction {
    Lock,
    Unlock,
}

impl LockAction {
    pub fn as_str(self) -> &'static str {
        match self {
            LockAction::Lock => "lock",
            LockAction::Unlock => "unlock",
        }
    }

    pub fn parse(text: &str) -> Option<LockAction> {
        [LockAction::Lock, LockAction::Unlock]
            .into_iter()
            .find(|a| a.as_str() == text)
    }
}

super::lang::words!(LockAction {
    Lock => "Khóa" / "Locked",
    Unlock => "Mở khóa" / "Unlocked",
});

/// One lock or unlock of a year: who, when, and (for an unlock) why.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct LockEvent {
    pub year: i32,
    pub action: LockAction,
    pub reason: String,
    pub by: String,
    /// UTC.
    pub at: NaiveDateTime,
}

/// The longest reason an unlock takes, in characters.
pub const REASON_CHARS: usize = 500;

/// What is wrong with an unlock's reason: none given, too long, or a control character.
pub fn reason_problem(reason: &str) -> Option<Said> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Some(super::lang::said(
            "cần ghi lý do mở khóa",
            "an unlock needs a reason",
        ));
    }
    if reason.chars().count() > REASON_CHARS {
        return Some(super::lang::said(
            format!("lý do dài quá {REASON_CHARS} ký tự"),
            format!("the reason is longer than {REASON_CHARS} characters"),
        ));
    }
    super::text::forbidden_control(reason).map(|c| {
        super::lang::said(
            format!("lý do có ký tự điều khiển U+{:04X}", u32::from(c)),
            format!(
                "the reason holds the control character U+{:04X}",
                u32::from(c)
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unlock_needs_a_short_plain_reason() {
        assert!(reason_problem("  ").is_some());
        assert!(reason_problem("Sửa số liệu theo niên giám 2025").is_none());
        assert!(reason_problem(&"x".repeat(REASON_CHARS + 1)).is_some());
        assert!(reason_problem("a\u{0}b").is_some());
    }
}

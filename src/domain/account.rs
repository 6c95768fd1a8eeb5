//! Accounts: who may do what, and what a name and a password must be.

use super::lang::{words, Explained};
use std::fmt;

use serde::Serialize;

/// One role each; each includes what the one before it may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads everything.
    Viewer,
    /// Also enters and changes figures.
    Statistician,
    /// Also approves or returns figures, reopens approved ones and records the committee's assessments (the
    /// statistics office's head).
    Approver,
    /// Also manages users and tokens.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Viewer,
        Role::Statistician,
        Role::Approver,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Statistician => "statistician",
            Role::Approver => "approver",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|r| r.as_str() == text.trim())
    }
}

words!(Role {
    Viewer => "Người xem" / "Viewer",
    Statistician => "Thống kê viên" / "Statistician",
    Approver => "Người duyệt" / "Approver",
    Admin => "Quản trị" / "Administrator",
});

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The one unit a commune statistician writes for: a unit of one resolution (two resolutions may each have a
/// unit of the same code, and a scope names which).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitScope {
    pub resolution: String,
    pub unit: String,
}

impl UnitScope {
    /// `RESOLUTION/UNIT`, or a bare `UNIT` (its resolution then found by who reads it): the parts, trimmed.
    pub fn split(text: &str) -> (Option<&str>, &str) {
        match text.trim().split_once('/') {
            Some((resolution, unit)) => (Some(resolution.trim()), unit.trim()),
            None => (None, text.trim()),
        }
    }

    /// Whether a request for `unit` of `resolution` is within this scope.
    pub fn covers(&self, resolution: &str, unit: &str) -> bool {
        self.resolution == resolution && self.unit == unit
    }
}

impl fmt::Display for UnitScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.resolution, self.unit)
    }
}

/// The one agency of one resolution a statistician writes for (the finance office: the targets it leads or
/// co-operates on).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgencyScope {
    pub resolution: String,
    pub agency: String,
}

impl AgencyScope {
    /// Whether a write of `target` of `resolution` is within this scope.
    pub fn covers(&self, resolution: &str, target: &super::catalog::Target) -> bool {
        self.resolution == resolution && target.agencies.includes(&self.agency)
    }
}

impl fmt::Display for AgencyScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.resolution, self.agency)
    }
}

/// The shortest password accepted; passphrases are welcome up to [`PASSWORD_MAX`].
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountProblem {
    BadName,
    /// A role that is none of viewer, statistician, admin.
    UnknownRole,
    /// An administrator may not disable or demote their own account (nobody would be left to undo it).
    OwnAccount,
    PasswordTooShort,
    PasswordTooLong,
}

impl Explained for AccountProblem {
    fn message_en(&self) -> String {
        match self {
            AccountProblem::BadName => {
                "a user name is 1 to 64 characters: lowercase letters, digits, '.', '_' or '-'"
                    .into()
            }
            AccountProblem::UnknownRole => "a role is viewer, statistician or admin".into(),
            AccountProblem::OwnAccount => "you cannot disable or demote your own account".into(),
            AccountProblem::PasswordTooShort => {
                format!("a password has at least {PASSWORD_MIN} characters")
            }
            AccountProblem::PasswordTooLong => {
                format!("a password has at most {PASSWORD_MAX} characters")
            }
        }
    }

    fn message_vi(&self) -> String {
        match self {
            AccountProblem::BadName => {
                "tên đăng nhập dài 1 đến 64 ký tự: chữ thường không dấu, chữ số, '.', '_' hoặc '-'"
                    .into()
            }
            AccountProblem::UnknownRole => {
                "vai trò phải là người xem (viewer), thống kê viên (statistician) hoặc quản trị (admin)"
                    .into()
            }
            AccountProblem::OwnAccount => {
                "không thể tự khóa hoặc hạ vai trò tài khoản của chính mình".into()
            }
            AccountProblem::PasswordTooShort => {
                format!("mật khẩu phải có ít nhất {PASSWORD_MIN} ký tự")
            }
            AccountProblem::PasswordTooLong => format!("mật khẩu dài tối đa {PASSWORD_MAX} ký tự"),
        }
    }
}

pub fn check_name(name: &str) -> Result<(), AccountProblem> {
    let ok = (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(AccountProblem::BadName)
    }
}

pub fn check_password(password: &str) -> Result<(), AccountProblem> {
    let n = password.chars().count();
    if n < PASSWORD_MIN {
        Err(AccountProblem::PasswordTooShort)
    } else if n > PASSWORD_MAX {
        Err(AccountProblem::PasswordTooLong)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_and_parsed() {
        assert!(Role::Admin > Role::Statistician && Role::Statistician > Role::Viewer);
        assert_eq!(Role::parse("statistician"), Some(Role::Statistician));
        assert_eq!(Role::parse("boss"), None);
    }

    #[test]
    fn a_scope_names_its_resolution_or_leaves_it_to_be_found() {
        assert_eq!(
            UnitScope::split(" res-b / cam-doai "),
            (Some("res-b"), "cam-doai")
        );
        assert_eq!(UnitScope::split("cam-doai"), (None, "cam-doai"));
        let scope = UnitScope {
            resolution: "cam-giang".into(),
            unit: "cam-doai".into(),
        };
        assert!(scope.covers("cam-giang", "cam-doai"));
        assert!(!scope.covers("res-b", "cam-doai"));
        assert!(!scope.covers("cam-giang", "cam-dien"));
        assert_eq!(scope.to_string(), "cam-giang/cam-doai");
    }

    #[test]
    fn names_and_passwords() {
        assert!(check_name("nguyen.van-a_2").is_ok());
        assert_eq!(check_name("Nguyễn"), Err(AccountProblem::BadName));
        assert_eq!(check_name(""), Err(AccountProblem::BadName));
        assert_eq!(
            check_password("ngắn"),
            Err(AccountProblem::PasswordTooShort)
        );
        assert!(check_password(&"mật khẩu dài ".repeat(5)).is_ok());
        assert!(check_password(&"x".repeat(64)).is_ok());
        assert_eq!(
            check_password(&"x".repeat(1025)),
            Err(AccountProblem::PasswordTooLong)
        );
    }
}

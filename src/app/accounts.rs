//! Who is asking and what they may write: the identity behind a session or a token, and the scope of a commune
//! statistician.

use super::error::{AppError, ErrorCode};
use crate::domain::account::UnitScope;

pub use crate::storage::accounts::Identity;

/// A scoped statistician asking for something outside their unit.
pub fn outside_scope(scope: &UnitScope) -> AppError {
    let unit = &scope.unit;
    let resolution = &scope.resolution;
    AppError::new(
        ErrorCode::Forbidden,
        format!("Tài khoản này chỉ nhập số liệu của đơn vị {unit} thuộc nghị quyết {resolution}."),
        format!(
            "this account enters only the figures of the unit {unit} of the resolution {resolution}"
        ),
    )
}

//! The one place the current date is read: the default `as_of` and the entry form's default year.

/// The calendar year now (UTC).
pub fn current_year() -> i32 {
    use chrono::Datelike;
    chrono::Utc::now().year()
}

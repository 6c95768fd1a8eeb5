//! Writing a catalog entry's row: updated when the resolution has one of that code, else inserted.

/// Updates the row of a resolution's entry with this code, or inserts it when there is none (the catalog's
/// entries are keyed by resolution and code).
macro_rules! upsert {
    ($conn:expr, $table:ident, $rid:expr, $code:expr, $values:expr) => {{
        let updated = diesel::update($table::table)
            .filter($table::resolution_id.eq($rid).and($table::code.eq($code)))
            .set($values)
            .execute($conn)?;
        if updated == 0 {
            diesel::insert_into($table::table)
                .values((
                    $table::resolution_id.eq($rid),
                    $table::code.eq($code),
                    $values,
                ))
                .execute($conn)?;
        }
    }};
}
pub(super) use upsert;

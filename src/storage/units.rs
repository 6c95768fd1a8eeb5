//! The area's units and their changes as stored with a catalog: read back with it, and written when a catalog is
//! loaded. A unit stored but missing from the file is kept (figures may hang on it); the list of changes is the
//! file's, kept as JSON on the resolution (it is read whole, never queried).

use diesel::prelude::*;

use super::schema::units;
use super::{DbConnection, StorageError};
use crate::domain::units::{Rollup, Unit, UnitChange};

#[derive(Queryable, Selectable)]
#[diesel(table_name = units)]
struct UnitRow {
    code: String,
    name_vi: String,
    name_en: String,
    kind: String,
    starts: Option<chrono::NaiveDate>,
    ends: Option<chrono::NaiveDate>,
}

fn codes(list: &str) -> Vec<String> {
    list.split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// A roll-up as stored: its name and the kinds it counts.
pub fn rollup_from_row(name: &str, counted_kinds: &str) -> Result<Rollup, StorageError> {
    Rollup::parse(name, codes(counted_kinds))
        .map_err(|e| StorageError::Corrupt(format!("a target's roll-up: {e}")))
}

/// A roll-up's kinds as stored.
pub fn counted_kinds_text(rollup: &Rollup) -> String {
    rollup.counted_kinds().join(",")
}

/// The changes of the units, as stored.
pub fn changes_from_json(text: &str) -> Result<Vec<UnitChange>, StorageError> {
    serde_json::from_str(text)
        .map_err(|e| StorageError::Corrupt(format!("the changes of the units: {e}")))
}

/// The changes of the units, to store.
pub fn changes_to_json(changes: &[UnitChange]) -> String {
    serde_json::to_string(changes).unwrap_or_else(|_| "[]".to_string())
}

/// The units of a resolution, in the file's order.
pub fn read_units(conn: &mut DbConnection, resolution_id: i32) -> Result<Vec<Unit>, StorageError> {
    let rows: Vec<UnitRow> = units::table
        .filter(units::resolution_id.eq(resolution_id))
        .order(units::position)
        .select(UnitRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(UnitRow::into_unit).collect())
}

/// Every resolution's units in one query, by resolution id, each list in its catalog's order.
pub fn read_all_units(
    conn: &mut DbConnection,
) -> Result<std::collections::HashMap<i32, Vec<Unit>>, StorageError> {
    let rows: Vec<(i32, UnitRow)> = units::table
        .order((units::resolution_id, units::position))
        .select((units::resolution_id, UnitRow::as_select()))
        .load(conn)?;
    let mut by_resolution: std::collections::HashMap<i32, Vec<Unit>> = Default::default();
    for (resolution_id, row) in rows {
        by_resolution
            .entry(resolution_id)
            .or_default()
            .push(row.into_unit());
    }
    Ok(by_resolution)
}

impl UnitRow {
    fn into_unit(self) -> Unit {
        Unit {
            code: self.code,
            name_vi: self.name_vi,
            name_en: self.name_en,
            kind: self.kind,
            starts: self.starts,
            ends: self.ends,
        }
    }
}

/// Writes a catalog's units: updating those stored, adding the others.
pub fn write_units(
    conn: &mut DbConnection,
    resolution_id: i32,
    new: &[Unit],
) -> Result<(), StorageError> {
    for (i, u) in new.iter().enumerate() {
        let position = i32::try_from(i).unwrap_or(i32::MAX);
        let values = (
            units::name_vi.eq(&u.name_vi),
            units::name_en.eq(&u.name_en),
            units::kind.eq(&u.kind),
            units::starts.eq(u.starts),
            units::ends.eq(u.ends),
            units::position.eq(position),
        );
        super::upsert::upsert!(conn, units, resolution_id, &u.code, values);
    }
    Ok(())
}

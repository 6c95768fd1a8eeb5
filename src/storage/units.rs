//! The area's units and their changes as stored with a catalog: read back with it, and written when a catalog is
//! loaded. A unit stored but missing from the file is kept (figures may hang on it); the list of changes is the
//! file's.

use diesel::prelude::*;

use super::schema::{unit_changes, units};
use super::{DbConnection, StorageError};
use crate::domain::units::{ChangeKind, Rollup, Unit, UnitChange};

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

#[derive(Queryable, Selectable)]
#[diesel(table_name = unit_changes)]
struct ChangeRow {
    changed_on: chrono::NaiveDate,
    kind: String,
    before_units: String,
    after_units: String,
    basis: String,
    date_is_reading: bool,
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

/// The units and changes of a resolution, in the file's order.
pub fn read_units(
    conn: &mut DbConnection,
    resolution_id: i32,
) -> Result<(Vec<Unit>, Vec<UnitChange>), StorageError> {
    let unit_rows: Vec<UnitRow> = units::table
        .filter(units::resolution_id.eq(resolution_id))
        .order(units::position)
        .select(UnitRow::as_select())
        .load(conn)?;
    let change_rows: Vec<ChangeRow> = unit_changes::table
        .filter(unit_changes::resolution_id.eq(resolution_id))
        .order(unit_changes::position)
        .select(ChangeRow::as_select())
        .load(conn)?;
    let units = unit_rows
        .into_iter()
        .map(|u| Unit {
            code: u.code,
            name_vi: u.name_vi,
            name_en: u.name_en,
            kind: u.kind,
            starts: u.starts,
            ends: u.ends,
        })
        .collect();
    let changes = change_rows
        .into_iter()
        .map(|c| {
            let kind = ChangeKind::parse(&c.kind)
                .ok_or_else(|| StorageError::Corrupt(format!("unit change kind {:?}", c.kind)))?;
            Ok(UnitChange {
                date: c.changed_on,
                kind,
                before: codes(&c.before_units),
                after: codes(&c.after_units),
                basis: c.basis,
                date_is_reading: c.date_is_reading,
            })
        })
        .collect::<Result<_, StorageError>>()?;
    Ok((units, changes))
}

/// Writes a catalog's units (updating those stored, adding the others) and replaces its list of changes.
pub fn write_units(
    conn: &mut DbConnection,
    resolution_id: i32,
    new: &[Unit],
    changes: &[UnitChange],
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
        let updated = diesel::update(units::table)
            .filter(
                units::resolution_id
                    .eq(resolution_id)
                    .and(units::code.eq(&u.code)),
            )
            .set(values)
            .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(units::table)
                .values((
                    units::resolution_id.eq(resolution_id),
                    units::code.eq(&u.code),
                    values,
                ))
                .execute(conn)?;
        }
    }
    diesel::delete(unit_changes::table.filter(unit_changes::resolution_id.eq(resolution_id)))
        .execute(conn)?;
    for (i, c) in changes.iter().enumerate() {
        diesel::insert_into(unit_changes::table)
            .values((
                unit_changes::resolution_id.eq(resolution_id),
                unit_changes::position.eq(i32::try_from(i).unwrap_or(i32::MAX)),
                unit_changes::changed_on.eq(c.date),
                unit_changes::kind.eq(c.kind.as_str()),
                unit_changes::before_units.eq(c.before.join(",")),
                unit_changes::after_units.eq(c.after.join(",")),
                unit_changes::basis.eq(&c.basis),
                unit_changes::date_is_reading.eq(c.date_is_reading),
            ))
            .execute(conn)?;
    }
    Ok(())
}

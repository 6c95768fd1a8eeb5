//! The roll-up totals the database keeps (`rollup_totals`): for each (target, year, unit kind), the effective
//! figures (official over estimate) of the units that never changed, added up. They are the cheapest place for
//! the aggregation: a write of unit figures changes a handful of (target, year) pairs, and re-adding one pair
//! reads that pair's figures through an index inside the write's own transaction; a dashboard then reads a few
//! hundred rows instead of every unit's figure (3,000,000 at 10,000 communes × 30 targets × 10 years). A unit
//! that started or ended (a handful: merges) has rows of its own, which the domain counts in the years the unit
//! is valid at the counting day.

use std::collections::HashMap;

use diesel::prelude::*;

use super::schema::{rollup_totals, targets};
use super::{DbConnection, StorageError, StoredCatalog};
use crate::domain::approval::Counting;
use crate::domain::rollup::{KindTotals, Totals, UnitInputs};

/// The unit inputs of a resolution that counts approved figures alone: added up here from its approved unit
/// figures (the kept totals count every figure). Reads the unit figures of the target asked for (none: of every
/// target), which the kept totals spare the default setting.
fn approved_inputs(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    only: Option<i32>,
) -> Result<HashMap<String, UnitInputs>, StorageError> {
    let code_of = |id: i32| stored.target_ids.iter().find(|(_, i)| **i == id);
    let figures = match only.map(code_of) {
        Some(None) => HashMap::new(),
        Some(Some((code, _))) => {
            let approved = super::measurements::target_unit_measurements(conn, stored, code)?
                .into_iter()
                .filter(|m| Counting::Approved.counts(m.approval))
                .map(|m| m.figure)
                .collect();
            HashMap::from([(code.clone(), approved)])
        }
        None => super::measurements::unit_figures_by_target(conn, stored)?,
    };
    Ok(figures
        .into_iter()
        .map(|(code, list)| {
            let inputs = UnitInputs::from_figures(&stored.catalog.units, &list);
            (code, inputs)
        })
        .collect())
}

/// The sums over the (target, year, kind)s of the units that never changed, of the figures `{FILTER}` selects
/// (`m` the measurements, `t` their targets): first each unit's effective figure of a year (official over
/// estimate, by conditional sums in one pass, no correlated subquery, so both databases plan it the same way on
/// fresh tables), then their totals per kind. The same statement fills the table in migration 8.
const ADD_UP: &str = "INSERT INTO rollup_totals (target_id, year, kind, unit, reported, estimates, value_sum, numerator_sum, denominator_sum, \
    yes_count) \
    SELECT f.target_id, f.year, u.kind, \
    CASE WHEN u.starts IS NULL AND u.ends IS NULL THEN '' ELSE u.code END AS one_unit, COUNT(*), SUM(1 - f.official), \
    COALESCE(SUM(CASE WHEN f.official = 1 THEN f.official_value ELSE f.estimate_value END), 0), \
    COALESCE(SUM(CASE WHEN f.official = 1 THEN f.official_numerator ELSE f.estimate_numerator END), 0), \
    COALESCE(SUM(CASE WHEN f.official = 1 THEN f.official_denominator ELSE f.estimate_denominator END), 0), \
    SUM(CASE WHEN f.official = 1 THEN f.official_yes ELSE f.estimate_yes END) \
    FROM ( \
    SELECT t.resolution_id, m.target_id, m.year, m.unit, \
    MAX(CASE WHEN m.quality = 'official' THEN 1 ELSE 0 END) AS official, \
    SUM(CASE WHEN m.quality = 'official' AND m.numerator IS NULL THEN m.value END) AS official_value, \
    SUM(CASE WHEN m.quality = 'estimate' AND m.numerator IS NULL THEN m.value END) AS estimate_value, \
    SUM(CASE WHEN m.quality = 'official' THEN m.numerator END) AS official_numerator, \
    SUM(CASE WHEN m.quality = 'estimate' THEN m.numerator END) AS estimate_numerator, \
    SUM(CASE WHEN m.quality = 'official' THEN m.denominator END) AS official_denominator, \
    SUM(CASE WHEN m.quality = 'estimate' THEN m.denominator END) AS estimate_denominator, \
    SUM(CASE WHEN m.quality = 'official' AND m.state = 'yes' THEN 1 ELSE 0 END) AS official_yes, \
    SUM(CASE WHEN m.quality = 'estimate' AND m.state = 'yes' THEN 1 ELSE 0 END) AS estimate_yes \
    FROM measurements m JOIN targets t ON t.id = m.target_id \
    WHERE m.unit <> ''{FILTER} \
    GROUP BY t.resolution_id, m.target_id, m.year, m.unit \
    ) f \
    JOIN units u ON u.resolution_id = f.resolution_id AND u.code = f.unit \
    GROUP BY f.target_id, f.year, u.kind, one_unit";

/// Re-adds the totals of one (target id, year) after a single figure's write (PUT or DELETE); call it inside the
/// write's transaction. (A batch adds up its own: [`replace`].)
pub fn refresh(conn: &mut DbConnection, target_id: i32, year: i32) -> Result<(), StorageError> {
    readd(
        conn,
        &format!("target_id = {target_id} AND year = {year}"),
        &format!("m.target_id = {target_id} AND m.year = {year}"),
    )
}

/// PostgreSQL plans a statement on the statistics of before the transaction: right after a load filled an
/// empty table it takes the figures for a handful and joins them by nested loops (minutes for 100,000 rows).
/// Adding up a whole resolution is a scan of all its figures, which hash joins do in one pass, so nested loops
/// are turned off for the rest of the transaction.
fn plan_for_a_whole_scan(conn: &mut DbConnection) -> Result<(), StorageError> {
    if let DbConnection::Postgres(_) = conn {
        diesel::sql_query("SET LOCAL enable_nestloop = off").execute(conn)?;
    }
    Ok(())
}

/// Re-adds every total of a resolution (after a catalog load, which may change which units never changed).
pub fn refresh_all(conn: &mut DbConnection, resolution_id: i32) -> Result<(), StorageError> {
    plan_for_a_whole_scan(conn)?;
    readd(
        conn,
        &format!("target_id IN (SELECT id FROM targets WHERE resolution_id = {resolution_id})"),
        &format!("t.resolution_id = {resolution_id}"),
    )
}

/// Deletes the totals `which` selects and adds them up again from the figures `figures` selects. Both are made
/// of the database's own integer ids and years, never of text a user sent.
fn readd(conn: &mut DbConnection, which: &str, figures: &str) -> Result<(), StorageError> {
    diesel::sql_query(format!("DELETE FROM rollup_totals WHERE {which}")).execute(conn)?;
    diesel::sql_query(ADD_UP.replace("{FILTER}", &format!(" AND {figures}"))).execute(conn)?;
    Ok(())
}

/// Replaces the totals of some targets (none: every target of the resolution) in some years with those of the
/// unit figures they have after a batch write (`figures`, by target id: every unit figure of those targets and
/// years). Added up here, from figures the batch has read anyway, instead of re-reading them from the table.
pub fn replace(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    targets: Option<&[i32]>,
    years: &[i32],
    figures: &HashMap<i32, Vec<crate::domain::rollup::UnitFigure>>,
) -> Result<(), StorageError> {
    let in_years = rollup_totals::year.eq_any(years);
    match targets {
        Some(ids) => {
            diesel::delete(
                rollup_totals::table
                    .filter(rollup_totals::target_id.eq_any(ids))
                    .filter(in_years),
            )
            .execute(conn)?;
        }
        None => {
            let of_resolution = targets::table
                .filter(targets::resolution_id.eq(stored.id))
                .select(targets::id);
            diesel::delete(
                rollup_totals::table
                    .filter(rollup_totals::target_id.eq_any(of_resolution))
                    .filter(in_years),
            )
            .execute(conn)?;
        }
    }
    let rows: Vec<TotalsRow> = figures
        .iter()
        .flat_map(|(id, list)| {
            UnitInputs::from_figures(&stored.catalog.units, list)
                .totals
                .into_iter()
                .map(|k| TotalsRow::of(*id, k))
        })
        .collect();
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        match conn {
            DbConnection::Postgres(c) => diesel::insert_into(rollup_totals::table)
                .values(chunk)
                .execute(c)?,
            DbConnection::Sqlite(c) => diesel::insert_into(rollup_totals::table)
                .values(chunk)
                .execute(c)?,
        };
    }
    Ok(())
}

/// Totals rows to one INSERT (10 columns each: under SQLite's 32,766 parameters).
const ROWS_PER_INSERT: usize = 1000;

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = rollup_totals)]
struct TotalsRow {
    target_id: i32,
    year: i32,
    kind: String,
    unit: String,
    reported: i32,
    estimates: i32,
    value_sum: f64,
    numerator_sum: f64,
    denominator_sum: f64,
    yes_count: i32,
}

impl TotalsRow {
    fn of(target_id: i32, k: KindTotals) -> TotalsRow {
        let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
        TotalsRow {
            target_id,
            year: k.year,
            kind: k.kind,
            unit: k.unit.unwrap_or_default(),
            reported: count(k.totals.reported),
            estimates: count(k.totals.estimates),
            value_sum: k.totals.value_sum,
            numerator_sum: k.totals.numerator_sum,
            denominator_sum: k.totals.denominator_sum,
            yes_count: count(k.totals.yes_count),
        }
    }

    fn into_kind_totals(self) -> KindTotals {
        let count = |n: i32| usize::try_from(n).unwrap_or(0);
        KindTotals {
            year: self.year,
            kind: self.kind,
            unit: (!self.unit.is_empty()).then_some(self.unit),
            totals: Totals {
                reported: count(self.reported),
                estimates: count(self.estimates),
                value_sum: self.value_sum,
                numerator_sum: self.numerator_sum,
                denominator_sum: self.denominator_sum,
                yes_count: count(self.yes_count),
            },
        }
    }
}

/// Every roll-up target's unit inputs: the kept totals (of the units that never changed by kind, and of each
/// unit that started or ended on its own).
pub fn unit_inputs(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
) -> Result<HashMap<String, UnitInputs>, StorageError> {
    inputs(conn, stored, None)
}

/// One target's unit inputs.
pub fn target_inputs(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    code: &str,
) -> Result<UnitInputs, StorageError> {
    let Some(id) = stored.target_id(code) else {
        return Ok(UnitInputs::default());
    };
    Ok(inputs(conn, stored, Some(id))?
        .remove(code)
        .unwrap_or_default())
}

fn inputs(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    only: Option<i32>,
) -> Result<HashMap<String, UnitInputs>, StorageError> {
    if stored.catalog.resolution.counting == Counting::Approved {
        return approved_inputs(conn, stored, only);
    }
    let codes: HashMap<i32, &str> = stored
        .target_ids
        .iter()
        .map(|(code, id)| (*id, code.as_str()))
        .collect();
    let mut totals = rollup_totals::table
        .inner_join(targets::table)
        .filter(targets::resolution_id.eq(stored.id))
        .select(TotalsRow::as_select())
        .into_boxed();
    if let Some(id) = only {
        totals = totals.filter(rollup_totals::target_id.eq(id));
    }
    let mut by_code: HashMap<String, UnitInputs> = HashMap::new();
    for row in totals.load::<TotalsRow>(conn)? {
        if let Some(code) = codes.get(&row.target_id) {
            let entry = by_code.entry((*code).to_string()).or_default();
            entry.totals.push(row.into_kind_totals());
        }
    }
    Ok(by_code)
}

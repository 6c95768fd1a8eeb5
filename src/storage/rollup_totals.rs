//! The roll-up totals the database keeps (`rollup_totals`): for each (target, year, unit kind), the effective
//! figures (official over estimate) of the units that never changed, added up. They are the cheapest place for
//! the aggregation: a write of unit figures changes a handful of (target, year) pairs, and re-adding one pair
//! reads that pair's figures through an index inside the write's own transaction; a dashboard then reads a few
//! hundred rows instead of every unit's figure (3,000,000 at 10,000 communes × 30 targets × 10 years). Units that
//! started or ended (a handful: merges) are read one by one and judged year by year in the domain.

use std::collections::{BTreeSet, HashMap};

use diesel::prelude::*;

use super::figure_columns::StoredFigure;
use super::schema::{measurements, rollup_totals, targets, units};
use super::{DbConnection, StorageError, StoredCatalog};
use crate::domain::rollup::{KindTotals, Totals, UnitFigure, UnitInputs};
use crate::domain::Quality;

/// The sums over one (target, year, kind) of the units that never changed: the same statement fills the table
/// in migration 8.
const ADD_UP: &str = "INSERT INTO rollup_totals (target_id, year, kind, reported, estimates, value_sum, \
    numerator_sum, denominator_sum, yes_count) \
    SELECT m.target_id, m.year, u.kind, COUNT(*), \
    SUM(CASE WHEN m.quality = 'estimate' THEN 1 ELSE 0 END), \
    COALESCE(SUM(CASE WHEN m.numerator IS NULL THEN m.value END), 0), \
    COALESCE(SUM(m.numerator), 0), COALESCE(SUM(m.denominator), 0), \
    SUM(CASE WHEN m.state = 'yes' THEN 1 ELSE 0 END) \
    FROM measurements m \
    JOIN targets t ON t.id = m.target_id \
    JOIN units u ON u.resolution_id = t.resolution_id AND u.code = m.unit \
    WHERE m.unit <> '' AND u.starts IS NULL AND u.ends IS NULL \
    AND (m.quality = 'official' OR NOT EXISTS (SELECT 1 FROM measurements o \
    WHERE o.target_id = m.target_id AND o.unit = m.unit AND o.year = m.year AND o.quality = 'official'))";

/// Above this many (target, year) pairs a write re-adds the whole resolution in one statement instead.
const PAIRS_ONE_BY_ONE: usize = 64;

/// Re-adds the totals of the (target id, year) pairs a write touched; call it inside the write's transaction.
pub fn refresh(
    conn: &mut DbConnection,
    resolution_id: i32,
    pairs: &BTreeSet<(i32, i32)>,
) -> Result<(), StorageError> {
    if pairs.len() > PAIRS_ONE_BY_ONE {
        return refresh_all(conn, resolution_id);
    }
    for (target_id, year) in pairs {
        readd(
            conn,
            &format!("target_id = {target_id} AND year = {year}"),
            &format!("m.target_id = {target_id} AND m.year = {year}"),
        )?;
    }
    Ok(())
}

/// Re-adds every total of a resolution (after a catalog load, which may change which units never changed).
pub fn refresh_all(conn: &mut DbConnection, resolution_id: i32) -> Result<(), StorageError> {
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
    diesel::sql_query(format!(
        "{ADD_UP} AND {figures} GROUP BY m.target_id, m.year, u.kind"
    ))
    .execute(conn)?;
    Ok(())
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = rollup_totals)]
struct TotalsRow {
    target_id: i32,
    year: i32,
    kind: String,
    reported: i32,
    estimates: i32,
    value_sum: f64,
    numerator_sum: f64,
    denominator_sum: f64,
    yes_count: i32,
}

impl TotalsRow {
    fn into_kind_totals(self) -> KindTotals {
        let count = |n: i32| usize::try_from(n).unwrap_or(0);
        KindTotals {
            year: self.year,
            kind: self.kind,
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

/// The (target id, unit, year, quality, columns) of a changing unit's figure.
type ChangingRow = (
    i32,
    String,
    i32,
    String,
    Option<f64>,
    Option<String>,
    Option<f64>,
    Option<f64>,
);

/// Every roll-up target's unit inputs: the kept totals, and the figures of the units that started or ended.
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
    let mut changing = measurements::table
        .inner_join(targets::table)
        .inner_join(
            units::table.on(units::resolution_id
                .eq(targets::resolution_id)
                .and(units::code.eq(measurements::unit))),
        )
        .filter(targets::resolution_id.eq(stored.id))
        .filter(units::starts.is_not_null().or(units::ends.is_not_null()))
        .select((
            measurements::target_id,
            measurements::unit,
            measurements::year,
            measurements::quality,
            measurements::value,
            measurements::state,
            measurements::numerator,
            measurements::denominator,
        ))
        .into_boxed();
    if let Some(id) = only {
        totals = totals.filter(rollup_totals::target_id.eq(id));
        changing = changing.filter(measurements::target_id.eq(id));
    }
    let mut by_code: HashMap<String, UnitInputs> = HashMap::new();
    for row in totals.load::<TotalsRow>(conn)? {
        if let Some(code) = codes.get(&row.target_id) {
            let entry = by_code.entry((*code).to_string()).or_default();
            entry.stable.push(row.into_kind_totals());
        }
    }
    for (target_id, unit, year, quality, value, state, numerator, denominator) in
        changing.load::<ChangingRow>(conn)?
    {
        let Some(code) = codes.get(&target_id) else {
            continue;
        };
        let columns = super::figure_columns::Columns {
            value,
            state: state.as_deref(),
            numerator,
            denominator,
        };
        let figure = Quality::parse(&quality)
            .and_then(|q| UnitFigure::from_columns(&unit, year, q, columns))
            .ok_or_else(|| {
                StorageError::Corrupt(format!("figure of unit {unit} for {code} in {year}"))
            })?;
        by_code
            .entry((*code).to_string())
            .or_default()
            .changing
            .push(figure);
    }
    Ok(by_code)
}

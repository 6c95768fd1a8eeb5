//! Resolutions, groups, breakthroughs and targets: loading a catalog file into the database and reading it back.

use chrono::Utc;
use diesel::prelude::*;

use super::schema::{breakthroughs, resolutions, target_groups, targets};
use super::stored_catalog::StoredCatalog;
use super::{DbConnection, StorageError};
use crate::domain::calendar::{Calendar, MonthDay};
use crate::domain::catalog::{listed, parted, CountWords, TargetAgencies};
use crate::domain::catalog_changes::{catalog_changes, CatalogChange};
use crate::domain::units::Area;
use crate::domain::{
    Breakthrough, Catalog, Comparator, Group, Resolution, Retired, Rule, Target, TargetKind,
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = resolutions)]
struct ResolutionRow {
    id: i32,
    code: String,
    title_vi: String,
    title_en: String,
    baseline_year: i32,
    goal_year: i32,
    area_code: Option<String>,
    area_name_vi: Option<String>,
    area_name_en: Option<String>,
    area_ends: Option<chrono::NaiveDate>,
    unit_changes: String,
    estimate_due: String,
    official_due: String,
    agencies: String,
    counting: String,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = target_groups)]
struct GroupRow {
    code: String,
    title_vi: String,
    title_en: String,
    retired: bool,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = breakthroughs)]
struct BreakthroughRow {
    id: i32,
    code: String,
    title_vi: String,
    title_en: String,
    source_text_vi: Option<String>,
    retired: bool,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = targets)]
struct TargetRow {
    id: i32,
    code: String,
    group_code: String,
    title_vi: String,
    title_en: String,
    source_text_vi: String,
    kind: String,
    comparator: Option<String>,
    goal: Option<f64>,
    goal_year: i32,
    unit_vi: String,
    unit_en: String,
    breakthrough_code: Option<String>,
    min_value: Option<f64>,
    max_value: Option<f64>,
    whole: bool,
    rollup: String,
    counted_kinds: String,
    retired: bool,
    continues: Option<String>,
    numerator_vi: String,
    numerator_en: String,
    denominator_vi: String,
    denominator_en: String,
    agency: Option<String>,
    co_agencies: String,
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = targets)]
#[diesel(treat_none_as_null = true)]
struct TargetValues<'a> {
    resolution_id: i32,
    code: &'a str,
    group_code: &'a str,
    title_vi: &'a str,
    title_en: &'a str,
    source_text_vi: &'a str,
    kind: &'a str,
    comparator: Option<&'a str>,
    goal: Option<f64>,
    goal_year: i32,
    unit_vi: &'a str,
    unit_en: &'a str,
    breakthrough_code: Option<&'a str>,
    min_value: Option<f64>,
    max_value: Option<f64>,
    whole: bool,
    position: i32,
    rollup: &'a str,
    counted_kinds: String,
    retired: bool,
    continues: Option<&'a str>,
    numerator_vi: &'a str,
    numerator_en: &'a str,
    denominator_vi: &'a str,
    denominator_en: &'a str,
    agency: Option<&'a str>,
    co_agencies: String,
}

impl TargetRow {
    fn into_target(self) -> Result<Target, StorageError> {
        let corrupt = |what: String| StorageError::Corrupt(format!("target {}: {what}", self.code));
        let kind = TargetKind::parse(&self.kind)
            .ok_or_else(|| corrupt(format!("unknown kind {:?}", self.kind)))?;
        let comparator = match self.comparator.as_deref() {
            None => None,
            Some(c) => Some(
                Comparator::parse(c).ok_or_else(|| corrupt(format!("unknown comparator {c:?}")))?,
            ),
        };
        let rule = Rule::from_parts(kind, comparator, self.goal)
            .map_err(|s| corrupt(s.en.into_owned()))?;
        Ok(Target {
            code: self.code,
            group: self.group_code,
            title_vi: self.title_vi,
            title_en: self.title_en,
            source_text_vi: self.source_text_vi,
            rule,
            goal_year: self.goal_year,
            unit_vi: self.unit_vi,
            unit_en: self.unit_en,
            breakthrough: self.breakthrough_code,
            min: self.min_value,
            max: self.max_value,
            whole: self.whole,
            rollup: super::units::rollup_from_row(&self.rollup, &self.counted_kinds)?,
            continues: self.continues,
            counts: CountWords {
                numerator_vi: self.numerator_vi,
                numerator_en: self.numerator_en,
                denominator_vi: self.denominator_vi,
                denominator_en: self.denominator_en,
            },
            agencies: TargetAgencies {
                lead: self.agency,
                co: self
                    .co_agencies
                    .split(',')
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect(),
            },
        })
    }
}

/// The stored resolutions, oldest first.
pub fn list_resolutions(conn: &mut DbConnection) -> Result<Vec<Resolution>, StorageError> {
    let rows: Vec<ResolutionRow> = resolutions::table
        .select(ResolutionRow::as_select())
        .order(resolutions::id)
        .load(conn)?;
    Ok(rows.into_iter().map(|r| r.into_resolution()).collect())
}

impl ResolutionRow {
    fn area(&self) -> Option<Area> {
        Some(Area {
            code: self.area_code.clone()?,
            name_vi: self.area_name_vi.clone().unwrap_or_default(),
            name_en: self.area_name_en.clone().unwrap_or_default(),
            ends: self.area_ends,
        })
    }

    fn into_resolution(self) -> Resolution {
        Resolution {
            code: self.code,
            title_vi: self.title_vi,
            title_en: self.title_en,
            baseline_year: self.baseline_year,
            goal_year: self.goal_year,
            // Checked when written; a day no year has falls back to the default calendar's.
            calendar: {
                let default = Calendar::default();
                Calendar {
                    estimate_due: MonthDay::parse(&self.estimate_due)
                        .unwrap_or(default.estimate_due),
                    official_due: MonthDay::parse(&self.official_due)
                        .unwrap_or(default.official_due),
                }
            },
            counting: crate::domain::approval::Counting::parse(&self.counting).unwrap_or_default(),
        }
    }
}

/// The code of the first loaded resolution (the one a request without `?resolution=` is about), if any.
pub fn first_resolution_code(conn: &mut DbConnection) -> Result<Option<String>, StorageError> {
    Ok(resolutions::table
        .select(resolutions::code)
        .order(resolutions::id)
        .first(conn)
        .optional()?)
}

/// Reads a resolution's whole catalog: the one with `code`, or the first loaded when `code` is `None`.
pub fn read_catalog(
    conn: &mut DbConnection,
    code: Option<&str>,
) -> Result<Option<StoredCatalog>, StorageError> {
    // A code no resolution can have (a NUL, which PostgreSQL would refuse) is not looked up.
    if code.is_some_and(|c| c.len() > 200 || crate::domain::text::forbidden_control(c).is_some()) {
        return Ok(None);
    }
    let query = resolutions::table
        .select(ResolutionRow::as_select())
        .order(resolutions::id)
        .into_boxed();
    let query = match code {
        Some(code) => query.filter(resolutions::code.eq(code.to_string())),
        None => query,
    };
    let Some(row) = query.first::<ResolutionRow>(conn).optional()? else {
        return Ok(None);
    };
    let id = row.id;
    let rows = CatalogRows {
        units: super::units::read_units(conn, id)?,
        groups: target_groups::table
            .filter(target_groups::resolution_id.eq(id))
            .order(target_groups::position)
            .select(GroupRow::as_select())
            .load(conn)?,
        breakthroughs: breakthroughs::table
            .filter(breakthroughs::resolution_id.eq(id))
            .order(breakthroughs::position)
            .select(BreakthroughRow::as_select())
            .load(conn)?,
        targets: targets::table
            .filter(targets::resolution_id.eq(id))
            .order(targets::position)
            .select(TargetRow::as_select())
            .load(conn)?,
    };
    Ok(Some(rows.assemble(row)?))
}

/// Every stored resolution's catalog, oldest first, in one query a table whatever their number (a province's
/// hundreds of commune resolutions side by side).
pub fn read_all_catalogs(conn: &mut DbConnection) -> Result<Vec<StoredCatalog>, StorageError> {
    let resolutions: Vec<ResolutionRow> = resolutions::table
        .select(ResolutionRow::as_select())
        .order(resolutions::id)
        .load(conn)?;
    let mut units = super::units::read_all_units(conn)?;
    let mut groups = by_resolution(
        target_groups::table
            .order((target_groups::resolution_id, target_groups::position))
            .select((target_groups::resolution_id, GroupRow::as_select()))
            .load(conn)?,
    );
    let mut tasks = by_resolution(
        breakthroughs::table
            .order((breakthroughs::resolution_id, breakthroughs::position))
            .select((breakthroughs::resolution_id, BreakthroughRow::as_select()))
            .load(conn)?,
    );
    let mut targets_of = by_resolution(
        targets::table
            .order((targets::resolution_id, targets::position))
            .select((targets::resolution_id, TargetRow::as_select()))
            .load(conn)?,
    );
    resolutions
        .into_iter()
        .map(|row| {
            let id = row.id;
            CatalogRows {
                units: units.remove(&id).unwrap_or_default(),
                groups: groups.remove(&id).unwrap_or_default(),
                breakthroughs: tasks.remove(&id).unwrap_or_default(),
                targets: targets_of.remove(&id).unwrap_or_default(),
            }
            .assemble(row)
        })
        .collect()
}

/// Rows tagged with their resolution's id, gathered by it (each list keeping the rows' order).
fn by_resolution<T>(rows: Vec<(i32, T)>) -> std::collections::HashMap<i32, Vec<T>> {
    let mut gathered: std::collections::HashMap<i32, Vec<T>> = Default::default();
    for (id, row) in rows {
        gathered.entry(id).or_default().push(row);
    }
    gathered
}

/// A resolution's rows besides its own, each list in its catalog's order.
struct CatalogRows {
    units: Vec<crate::domain::units::Unit>,
    groups: Vec<GroupRow>,
    breakthroughs: Vec<BreakthroughRow>,
    targets: Vec<TargetRow>,
}

impl CatalogRows {
    /// The resolution `row`'s catalog from its rows.
    fn assemble(self, row: ResolutionRow) -> Result<StoredCatalog, StorageError> {
        let CatalogRows {
            units,
            groups,
            breakthroughs: breakthrough_rows,
            targets: target_rows,
        } = self;
        let id = row.id;
        let area = row.area();
        let changes = super::units::changes_from_json(&row.unit_changes)?;
        let target_ids = target_rows.iter().map(|t| (t.code.clone(), t.id)).collect();
        let breakthrough_ids = breakthrough_rows
            .iter()
            .map(|b| (b.code.clone(), b.id))
            .collect();
        let (groups, retired_groups) = parted(groups.into_iter().map(|g| {
            let group = Group {
                code: g.code,
                title_vi: g.title_vi,
                title_en: g.title_en,
            };
            (group, g.retired)
        }));
        let (breakthroughs, retired_breakthroughs) =
            parted(breakthrough_rows.into_iter().map(|b| {
                let breakthrough = Breakthrough {
                    code: b.code,
                    title_vi: b.title_vi,
                    title_en: b.title_en,
                    source_text_vi: b.source_text_vi,
                };
                (breakthrough, b.retired)
            }));
        let target_rows = target_rows
            .into_iter()
            .map(|t| {
                let is_retired = t.retired;
                Ok((t.into_target()?, is_retired))
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        let (targets, retired_targets) = parted(target_rows);
        let retired = Retired {
            groups: retired_groups,
            breakthroughs: retired_breakthroughs,
            targets: retired_targets,
        };
        let agencies = serde_json::from_str(&row.agencies)
            .map_err(|e| StorageError::Corrupt(format!("the resolution's agencies: {e}")))?;
        let catalog = Catalog {
            resolution: row.into_resolution(),
            groups,
            breakthroughs,
            targets,
            area,
            units,
            changes,
            agencies,
            retired,
        };
        Ok(StoredCatalog {
            id,
            catalog,
            target_ids,
            breakthrough_ids,
        })
    }
}

/// Loads or updates a catalog in one transaction and returns what changed (nothing when it is already stored as
/// is). Entries stored but missing from the file are kept: figures and history may refer to them.
pub fn load_catalog(
    conn: &mut DbConnection,
    catalog: &Catalog,
) -> Result<Vec<CatalogChange>, StorageError> {
    load_catalog_as(conn, catalog, "catalog load")
}

/// [`load_catalog`], recording what the file changed in the catalog's history as `who`.
pub fn load_catalog_as(
    conn: &mut DbConnection,
    catalog: &Catalog,
    who: &str,
) -> Result<Vec<CatalogChange>, StorageError> {
    conn.transaction(|conn| {
        // Imports into the resolution, and other loads of it, wait for this one (and this one for them).
        super::write_lock::lock_resolution_code(conn, &catalog.resolution.code)?;
        let existing = read_catalog(conn, Some(&catalog.resolution.code))?;
        if let Some(stored) = &existing {
            // Created meanwhile by another load (the lock taken was that of creating one): its own lock too.
            super::write_lock::lock_resolution(conn, stored.id)?;
        }
        check_continues(conn, catalog)?;
        let changes = catalog_changes(existing.as_ref().map(|s| &s.catalog), catalog);
        if changes.is_empty()
            && existing
                .as_ref()
                .is_some_and(|s| same_order(&s.catalog, catalog))
        {
            return Ok(changes);
        }
        let r = &catalog.resolution;
        let area = catalog.area.as_ref();
        let unit_changes = super::units::changes_to_json(&catalog.changes);
        let values = (
            resolutions::title_vi.eq(&r.title_vi),
            resolutions::title_en.eq(&r.title_en),
            resolutions::baseline_year.eq(r.baseline_year),
            resolutions::goal_year.eq(r.goal_year),
            resolutions::loaded_at.eq(Utc::now().naive_utc()),
            resolutions::area_code.eq(area.map(|a| a.code.as_str())),
            resolutions::area_name_vi.eq(area.map(|a| a.name_vi.as_str())),
            resolutions::area_name_en.eq(area.map(|a| a.name_en.as_str())),
            resolutions::area_ends.eq(area.and_then(|a| a.ends)),
            resolutions::unit_changes.eq(&unit_changes),
            resolutions::estimate_due.eq(r.calendar.estimate_due.as_text()),
            resolutions::official_due.eq(r.calendar.official_due.as_text()),
            resolutions::counting.eq(r.counting.as_str()),
            resolutions::agencies
                .eq(serde_json::to_string(&catalog.agencies).unwrap_or_else(|_| "[]".into())),
        );
        let resolution_id = match &existing {
            Some(stored) => {
                diesel::update(resolutions::table.find(stored.id))
                    .set(values)
                    .execute(conn)?;
                stored.id
            }
            None => diesel::insert_into(resolutions::table)
                .values((resolutions::code.eq(&r.code), values))
                .returning(resolutions::id)
                .get_result(conn)?,
        };
        let stored = existing.map(|s| s.catalog);
        if let Some(before) = &stored {
            super::catalog_history::record_file_changes(conn, resolution_id, before, catalog, who)?;
        }
        write_groups(conn, resolution_id, catalog)?;
        write_breakthroughs(conn, resolution_id, catalog)?;
        write_targets(conn, resolution_id, catalog, stored.as_ref())?;
        super::units::write_units(conn, resolution_id, &catalog.units)?;
        // Which units never changed may be different now: their totals are added up again.
        super::rollup_totals::refresh_all(conn, resolution_id)?;
        Ok(changes)
    })
}

/// Refuses a catalog whose `continues` links, followed through the stored resolutions, come back to one of its
/// own targets (T01 → other/X01 → T01): a term cannot continue itself.
fn check_continues(conn: &mut DbConnection, catalog: &Catalog) -> Result<(), StorageError> {
    use std::collections::HashMap;
    let own = &catalog.resolution.code;
    if catalog.targets.iter().all(|t| t.continues.is_none()) {
        return Ok(());
    }
    let stored: Vec<(String, String, Option<String>)> = targets::table
        .inner_join(resolutions::table)
        .filter(targets::continues.is_not_null())
        .filter(resolutions::code.ne(own))
        .select((resolutions::code, targets::code, targets::continues))
        .load(conn)?;
    let mut links: HashMap<String, String> = stored
        .into_iter()
        .filter_map(|(r, t, c)| c.map(|c| (format!("{r}/{t}"), c)))
        .collect();
    for t in &catalog.targets {
        if let Some(c) = &t.continues {
            links.insert(format!("{own}/{}", t.code), c.clone());
        }
    }
    let mut problems = Vec::new();
    for t in catalog.targets.iter().filter(|t| t.continues.is_some()) {
        let start = format!("{own}/{}", t.code);
        let mut chain = vec![start.clone()];
        let mut at = start.clone();
        while let Some(next) = links.get(&at) {
            chain.push(next.clone());
            if *next == start {
                let path = chain.join(" → ");
                problems.push(crate::domain::catalog::CatalogProblem {
                    entry: format!("target {}", t.code),
                    message: format!("continues: the links come back to this target ({path})"),
                    message_vi: format!(
                        "continues: chuỗi tiếp nối quay lại chính chỉ tiêu này ({path})"
                    ),
                });
                break;
            }
            if chain.len() > links.len() + 1 {
                break;
            }
            at = next.clone();
        }
    }
    match problems.is_empty() {
        true => Ok(()),
        false => Err(StorageError::Catalog(
            crate::domain::catalog::CatalogErrors(problems),
        )),
    }
}

/// Loads a catalog (as `load_catalog`) and reads it back as stored, with its row ids.
pub fn load_and_read(
    conn: &mut DbConnection,
    catalog: &Catalog,
) -> Result<StoredCatalog, StorageError> {
    load_catalog(conn, catalog)?;
    read_catalog(conn, Some(&catalog.resolution.code))?.ok_or_else(|| {
        StorageError::Corrupt(format!(
            "resolution {} was loaded but is not there",
            catalog.resolution.code
        ))
    })
}

/// Whether the file lists its entries in the stored order (entries only stored are left out of the comparison).
fn same_order(stored: &Catalog, file: &Catalog) -> bool {
    fn codes(c: &Catalog) -> Vec<&str> {
        c.groups
            .iter()
            .map(|g| g.code.as_str())
            .chain(c.breakthroughs.iter().map(|b| b.code.as_str()))
            .chain(c.targets.iter().map(|t| t.code.as_str()))
            .chain(c.units.iter().map(|u| u.code.as_str()))
            .collect()
    }
    let in_file = codes(file);
    let stored: Vec<&str> = codes(stored)
        .into_iter()
        .filter(|c| in_file.contains(c))
        .collect();
    stored == in_file
}

fn position(i: usize) -> i32 {
    i32::try_from(i).unwrap_or(i32::MAX)
}

fn write_groups(conn: &mut DbConnection, rid: i32, new: &Catalog) -> Result<(), StorageError> {
    for (i, (g, retired)) in listed(&new.groups, &new.retired.groups).enumerate() {
        let values = (
            target_groups::title_vi.eq(&g.title_vi),
            target_groups::title_en.eq(&g.title_en),
            target_groups::position.eq(position(i)),
            target_groups::retired.eq(retired),
        );
        super::upsert::upsert!(conn, target_groups, rid, &g.code, values);
    }
    Ok(())
}

fn write_breakthroughs(
    conn: &mut DbConnection,
    rid: i32,
    new: &Catalog,
) -> Result<(), StorageError> {
    for (i, (b, retired)) in listed(&new.breakthroughs, &new.retired.breakthroughs).enumerate() {
        let values = (
            breakthroughs::title_vi.eq(&b.title_vi),
            breakthroughs::title_en.eq(&b.title_en),
            breakthroughs::source_text_vi.eq(b.source_text_vi.as_deref()),
            breakthroughs::position.eq(position(i)),
            breakthroughs::retired.eq(retired),
        );
        super::upsert::upsert!(conn, breakthroughs, rid, &b.code, values);
    }
    Ok(())
}

fn write_targets(
    conn: &mut DbConnection,
    rid: i32,
    new: &Catalog,
    old: Option<&Catalog>,
) -> Result<(), StorageError> {
    for (i, (t, retired)) in listed(&new.targets, &new.retired.targets).enumerate() {
        let goal = t.rule.goal();
        let values = TargetValues {
            resolution_id: rid,
            code: &t.code,
            group_code: &t.group,
            title_vi: &t.title_vi,
            title_en: &t.title_en,
            source_text_vi: &t.source_text_vi,
            kind: t.kind().as_str(),
            comparator: goal.map(|g| g.comparator.as_str()),
            goal: goal.map(|g| g.value),
            goal_year: t.goal_year,
            unit_vi: &t.unit_vi,
            unit_en: &t.unit_en,
            breakthrough_code: t.breakthrough.as_deref(),
            min_value: t.min,
            max_value: t.max,
            whole: t.whole,
            position: position(i),
            rollup: t.rollup.as_str(),
            counted_kinds: super::units::counted_kinds_text(&t.rollup),
            retired,
            continues: t.continues.as_deref(),
            numerator_vi: &t.counts.numerator_vi,
            numerator_en: &t.counts.numerator_en,
            denominator_vi: &t.counts.denominator_vi,
            denominator_en: &t.counts.denominator_en,
            agency: t.agencies.lead.as_deref(),
            co_agencies: t.agencies.co.join(","),
        };
        let stored = old.is_some_and(|old| {
            listed(&old.targets, &old.retired.targets).any(|(o, _)| o.code == t.code)
        });
        if stored {
            diesel::update(targets::table)
                .filter(
                    targets::resolution_id
                        .eq(rid)
                        .and(targets::code.eq(&t.code)),
                )
                .set(&values)
                .execute(conn)?;
        } else {
            diesel::insert_into(targets::table)
                .values(&values)
                .execute(conn)?;
        }
    }
    Ok(())
}

/// The targets of other resolutions that continue this one (`link`: "resolution/target"), in use: (their
/// resolution's code and titles, their code).
pub fn continued_by(
    conn: &mut DbConnection,
    link: &str,
) -> Result<Vec<(String, String, String, String)>, StorageError> {
    Ok(targets::table
        .inner_join(resolutions::table)
        .filter(targets::continues.eq(link))
        .filter(targets::retired.eq(false))
        .order((resolutions::id, targets::position))
        .select((
            resolutions::code,
            resolutions::title_vi,
            resolutions::title_en,
            targets::code,
        ))
        .load(conn)?)
}

/// Fingerprints of what is stored: of everything pages show, and of the catalogs alone (part of the first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataVersions {
    pub all: u64,
    pub catalogs: u64,
}

/// A fingerprint of everything pages show: it changes whenever a figure, an assessment or a catalog's words change
/// (their histories only grow) or a catalog is loaded with changes; and the catalogs' own ([`catalog_version`]).
/// Cheap enough to poll.
pub fn data_version(conn: &mut DbConnection) -> Result<DataVersions, StorageError> {
    use diesel::dsl::max;
    use std::hash::{DefaultHasher, Hash, Hasher};

    use super::schema::measurement_history;
    let last_change: Option<i32> = measurement_history::table
        .select(max(measurement_history::id))
        .first(conn)?;
    let catalogs = catalog_version(conn)?;
    let last_assessment: Option<i32> = super::schema::assessment_history::table
        .select(max(super::schema::assessment_history::id))
        .first(conn)?;
    let mut hasher = DefaultHasher::new();
    (last_change, catalogs, last_assessment).hash(&mut hasher);
    Ok(DataVersions {
        all: hasher.finish(),
        catalogs,
    })
}

/// A fingerprint of the catalogs alone: it changes when one is loaded with changes, corrected on its page, or
/// added.
pub fn catalog_version(conn: &mut DbConnection) -> Result<u64, StorageError> {
    use diesel::dsl::{count_star, max};
    use std::hash::{DefaultHasher, Hash, Hasher};

    let last_load: Option<chrono::NaiveDateTime> = resolutions::table
        .select(max(resolutions::loaded_at))
        .first(conn)?;
    let resolutions: i64 = resolutions::table.select(count_star()).first(conn)?;
    // A correction of a target's words on its page changes no load time: its history row moves the version.
    let last_correction: Option<i32> = super::schema::catalog_history::table
        .select(max(super::schema::catalog_history::id))
        .first(conn)?;
    let mut hasher = DefaultHasher::new();
    (last_load, resolutions, last_correction).hash(&mut hasher);
    Ok(hasher.finish())
}

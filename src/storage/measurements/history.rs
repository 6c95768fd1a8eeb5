//! The history of the figures: what each change wrote, and reading it back as changes.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::domain::history::{Action, Change, HistoryFilter, Paging, Snapshot};
use crate::domain::measurement::{Channel, Entry};
use crate::domain::{MilestoneState, Quality};
use crate::storage::figure_columns::StoredFigure;
use crate::storage::schema::{measurement_history, targets};
use crate::storage::{DbConnection, StorageError, StoredCatalog};

use super::*;

#[derive(Insertable)]
#[diesel(table_name = measurement_history, treat_none_as_default_value = false)]
pub(super) struct HistoryValues<'a> {
    pub(super) target_id: i32,
    pub(super) unit: &'a str,
    pub(super) year: i32,
    pub(super) quality: &'a str,
    pub(super) action: &'a str,
    pub(super) channel: &'a str,
    pub(super) revision: i32,
    pub(super) old_value: Option<f64>,
    pub(super) old_state: Option<&'a str>,
    pub(super) old_source: Option<&'a str>,
    pub(super) old_note: Option<&'a str>,
    pub(super) new_value: Option<f64>,
    pub(super) new_state: Option<&'a str>,
    pub(super) new_source: Option<&'a str>,
    pub(super) new_note: Option<&'a str>,
    pub(super) old_numerator: Option<f64>,
    pub(super) old_denominator: Option<f64>,
    pub(super) new_numerator: Option<f64>,
    pub(super) new_denominator: Option<f64>,
    pub(super) changed_by: &'a str,
    pub(super) changed_at: NaiveDateTime,
    pub(super) reason: Option<&'a str>,
}

impl<'a> HistoryValues<'a> {
    /// The history row of one change: the figure before (`old`, none when created) and after (`new`, none when
    /// deleted).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn change<F: StoredFigure>(
        target_id: i32,
        key: FigureKey<'a>,
        action: &'a str,
        revision: i32,
        old: Option<&'a MeasurementRow>,
        new: Option<&'a Entry<F>>,
        who: &'a str,
        channel: Channel,
        at: NaiveDateTime,
    ) -> Self {
        let new_columns = new.map(|n| n.figure.columns()).unwrap_or_default();
        HistoryValues {
            target_id,
            unit: key.unit,
            year: key.year,
            quality: key.quality.as_str(),
            action,
            channel: channel.as_str(),
            revision,
            old_value: old.and_then(|o| o.value),
            old_state: old.and_then(|o| o.state.as_deref()),
            old_source: old.and_then(|o| o.source.as_deref()),
            old_note: old.and_then(|o| o.note.as_deref()),
            old_numerator: old.and_then(|o| o.numerator),
            old_denominator: old.and_then(|o| o.denominator),
            new_value: new_columns.value,
            new_state: new_columns.state,
            new_source: new.and_then(|n| n.source.as_deref()),
            new_note: new.and_then(|n| n.note.as_deref()),
            new_numerator: new_columns.numerator,
            new_denominator: new_columns.denominator,
            changed_by: who,
            changed_at: at,
            reason: None,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = measurement_history)]
pub(super) struct HistoryRow {
    pub(super) target_id: i32,
    pub(super) unit: String,
    pub(super) year: i32,
    pub(super) quality: String,
    pub(super) action: String,
    pub(super) channel: String,
    pub(super) revision: i32,
    pub(super) old_value: Option<f64>,
    pub(super) old_state: Option<String>,
    pub(super) old_numerator: Option<f64>,
    pub(super) old_denominator: Option<f64>,
    pub(super) old_source: Option<String>,
    pub(super) old_note: Option<String>,
    pub(super) new_value: Option<f64>,
    pub(super) new_state: Option<String>,
    pub(super) new_numerator: Option<f64>,
    pub(super) new_denominator: Option<f64>,
    pub(super) new_source: Option<String>,
    pub(super) new_note: Option<String>,
    pub(super) changed_by: String,
    pub(super) changed_at: NaiveDateTime,
    pub(super) reason: Option<String>,
}

/// A figure before or after a change, from its history columns; none when there was no figure.
pub(super) fn snapshot(
    value: Option<f64>,
    state: Option<String>,
    (numerator, denominator): (Option<f64>, Option<f64>),
    source: Option<String>,
    note: Option<String>,
) -> Option<Snapshot> {
    let yes = match state.as_deref() {
        Some("yes") => Some(true),
        Some("no") => Some(false),
        _ => None,
    };
    let state = state.as_deref().and_then(MilestoneState::parse);
    (value.is_some() || state.is_some() || yes.is_some()).then_some(Snapshot {
        value,
        state,
        yes,
        numerator,
        denominator,
        source,
        note,
    })
}

impl HistoryRow {
    pub(super) fn into_change(self, target_code: String) -> Result<Change, StorageError> {
        let corrupt = |what: &str| {
            StorageError::Corrupt(format!("history of {target_code} {}: {what}", self.year))
        };
        Ok(Change {
            unit: (!self.unit.is_empty()).then_some(self.unit),
            year: self.year,
            quality: Quality::parse(&self.quality).ok_or_else(|| corrupt("unknown quality"))?,
            action: Action::parse(&self.action).ok_or_else(|| corrupt("unknown action"))?,
            channel: self.channel,
            revision: self.revision,
            old: snapshot(
                self.old_value,
                self.old_state,
                (self.old_numerator, self.old_denominator),
                self.old_source,
                self.old_note,
            ),
            new: snapshot(
                self.new_value,
                self.new_state,
                (self.new_numerator, self.new_denominator),
                self.new_source,
                self.new_note,
            ),
            changed_by: self.changed_by,
            changed_at: self
                .changed_at
                .and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            reason: self.reason,
            target_code,
        })
    }
}

/// The changes of a resolution's figures that `filter` asks for, newest first: a page of them, and whether more
/// follow.
pub fn history(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
    filter: &HistoryFilter,
    paging: Paging,
) -> Result<(Vec<Change>, bool), StorageError> {
    let mut query = measurement_history::table
        .inner_join(targets::table)
        .filter(targets::resolution_id.eq(stored.id))
        .order(measurement_history::id.desc())
        .offset(paging.offset())
        .limit(i64::from(paging.per_page) + 1)
        .select(HistoryRow::as_select())
        .into_boxed();
    if let Some(code) = &filter.target {
        let Some(id) = stored.target_id(code) else {
            return Ok((Vec::new(), false));
        };
        query = query.filter(measurement_history::target_id.eq(id));
    }
    if let Some(unit) = &filter.unit {
        query = query.filter(measurement_history::unit.eq(unit.clone()));
    }
    if let Some(person) = &filter.person {
        query = query.filter(measurement_history::changed_by.eq(person.clone()));
    }
    if let Some(year) = filter.year {
        query = query.filter(measurement_history::year.eq(year));
    }
    if let Some(action) = filter.action {
        query = query.filter(measurement_history::action.eq(action.as_str()));
    }
    let codes: HashMap<i32, &str> = stored
        .target_ids
        .iter()
        .map(|(code, id)| (*id, code.as_str()))
        .collect();
    let mut changes = query
        .load::<HistoryRow>(conn)?
        .into_iter()
        .map(|row| {
            let code = codes
                .get(&row.target_id)
                .copied()
                .unwrap_or("?")
                .to_string();
            row.into_change(code)
        })
        .collect::<Result<Vec<Change>, StorageError>>()?;
    let more = changes.len() > paging.per_page as usize;
    changes.truncate(paging.per_page as usize);
    Ok((changes, more))
}

/// Everyone who has changed a figure of the resolution, by name: what the history's filter offers.
pub fn history_people(
    conn: &mut DbConnection,
    stored: &StoredCatalog,
) -> Result<Vec<String>, StorageError> {
    Ok(measurement_history::table
        .inner_join(targets::table)
        .filter(targets::resolution_id.eq(stored.id))
        .select(measurement_history::changed_by)
        .distinct()
        .order(measurement_history::changed_by)
        .load::<String>(conn)?)
}

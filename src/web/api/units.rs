//! `GET /api/v1/units`: the area a resolution covers, its units with their validity and what each became, and
//! the changes of the units, as the catalog describes them.

use actix_web::HttpResponse;
use serde::Serialize;

use crate::domain::units::{Unit, UnitChange};
use crate::web::{Answer, Chosen, State};

#[derive(Serialize)]
struct AreaView<'a> {
    code: &'a str,
    name_vi: &'a str,
    name_en: &'a str,
    ends: Option<String>,
}

#[derive(Serialize)]
struct UnitView<'a> {
    code: &'a str,
    name_vi: &'a str,
    name_en: &'a str,
    kind: &'a str,
    starts: Option<String>,
    ends: Option<String>,
    /// The units it became, for a unit merged away or split.
    became: Vec<&'a str>,
}

#[derive(Serialize)]
struct ChangeView<'a> {
    date: String,
    kind: &'static str,
    before: &'a [String],
    after: &'a [String],
    basis: &'a str,
    date_is_reading: bool,
}

fn became<'a>(unit: &Unit, changes: &'a [UnitChange]) -> Vec<&'a str> {
    changes
        .iter()
        .filter(|c| c.before.contains(&unit.code) && !c.after.contains(&unit.code))
        .flat_map(|c| c.after.iter().map(String::as_str))
        .collect()
}

pub async fn units(state: State, selection: Chosen) -> Answer {
    let stored = state.with_conn(move |conn| selection.catalog(conn)).await?;
    let c = &stored.catalog;
    let area = c.area.as_ref().map(|a| AreaView {
        code: &a.code,
        name_vi: &a.name_vi,
        name_en: &a.name_en,
        ends: a.ends.map(|d| d.to_string()),
    });
    let units: Vec<UnitView> = c
        .units
        .iter()
        .map(|u| UnitView {
            code: &u.code,
            name_vi: &u.name_vi,
            name_en: &u.name_en,
            kind: &u.kind,
            starts: u.starts.map(|d| d.to_string()),
            ends: u.ends.map(|d| d.to_string()),
            became: became(u, &c.changes),
        })
        .collect();
    let changes: Vec<ChangeView> = c
        .changes
        .iter()
        .map(|ch| ChangeView {
            date: ch.date.to_string(),
            kind: ch.kind.as_str(),
            before: &ch.before,
            after: &ch.after,
            basis: &ch.basis,
            date_is_reading: ch.date_is_reading,
        })
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "area": area,
        "units": units,
        "changes": changes,
    })))
}

//! A unit's history in words: what it became ("sáp nhập vào xã Phúc Điền từ 01/12/2024"), what it was formed
//! from, when it started and ended. Pure: the catalog's units and changes in, sentences out.

use chrono::NaiveDate;

use super::catalog::Catalog;
use super::lang::Lang;
use super::units::{ChangeKind, Unit, UnitChange};

/// A date as the reader writes it: 01/12/2024 in Vietnamese, 2024-12-01 in English.
pub fn day(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Vi => date.format("%d/%m/%Y").to_string(),
        Lang::En => date.format("%Y-%m-%d").to_string(),
    }
}

/// A unit's name inside a sentence: "xã Phúc Điền" (the catalog's "Xã Phúc Điền" starts a line).
fn name_in_sentence(unit: &Unit, lang: Lang) -> String {
    let name = lang.pick(&unit.name_vi, &unit.name_en);
    match lang {
        Lang::Vi => {
            let mut chars = name.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_lowercase().chain(chars).collect()
            })
        }
        Lang::En => name.to_string(),
    }
}

fn names(codes: &[String], catalog: &Catalog, lang: Lang) -> String {
    codes
        .iter()
        .map(|code| {
            catalog
                .units
                .iter()
                .find(|u| &u.code == code)
                .map_or_else(|| code.clone(), |u| name_in_sentence(u, lang))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One change as it reads for this unit, if the unit took part in it.
fn sentence(unit: &Unit, change: &UnitChange, catalog: &Catalog, lang: Lang) -> Option<String> {
    let (before, after) = (
        change.before.contains(&unit.code),
        change.after.contains(&unit.code),
    );
    let when = day(change.date, lang);
    let text = match (change.kind, before, after) {
        (ChangeKind::Rename, true, _) => {
            let to = names(&change.after, catalog, lang);
            lang.pick(
                &format!("đổi tên thành {to} từ {when}"),
                &format!("renamed {to} on {when}"),
            )
            .to_string()
        }
        (ChangeKind::Rename, _, true) => {
            let from = names(&change.before, catalog, lang);
            lang.pick(
                &format!("đổi tên từ {from} từ {when}"),
                &format!("renamed from {from} on {when}"),
            )
            .to_string()
        }
        (ChangeKind::Split, true, false) => {
            let to = names(&change.after, catalog, lang);
            lang.pick(
                &format!("chia thành {to} từ {when}"),
                &format!("split into {to} on {when}"),
            )
            .to_string()
        }
        (_, true, false) => {
            let to = names(&change.after, catalog, lang);
            lang.pick(
                &format!("sáp nhập vào {to} từ {when}"),
                &format!("merged into {to} on {when}"),
            )
            .to_string()
        }
        (ChangeKind::MergeIntoExisting, _, true) => {
            let others: Vec<String> = change
                .before
                .iter()
                .filter(|c| **c != unit.code)
                .cloned()
                .collect();
            let from = names(&others, catalog, lang);
            lang.pick(
                &format!("nhận sáp nhập {from} từ {when}"),
                &format!("took in {from} on {when}"),
            )
            .to_string()
        }
        (_, false, true) => {
            let from = names(&change.before, catalog, lang);
            lang.pick(
                &format!("thành lập từ {from} từ {when}"),
                &format!("formed from {from} on {when}"),
            )
            .to_string()
        }
        _ => return None,
    };
    let reading = lang.pick(
        " (ngày theo cách đọc nguồn)",
        " (the date is our reading of the source)",
    );
    Some(if change.date_is_reading {
        text + reading
    } else {
        text
    })
}

/// Every change the unit took part in, in date order, as sentences (lower-case first: they follow its name).
pub fn lineage(unit: &Unit, catalog: &Catalog, lang: Lang) -> Vec<String> {
    let mut changes: Vec<&UnitChange> = catalog.changes.iter().collect();
    changes.sort_by_key(|c| c.date);
    changes
        .into_iter()
        .filter_map(|c| sentence(unit, c, catalog, lang))
        .collect()
}

/// A unit's kind in words, for the kinds Vietnamese administration has (else the catalog's own code).
pub fn kind_label(kind: &str, lang: Lang) -> &str {
    match (kind, lang) {
        ("xa", Lang::Vi) => "Xã",
        ("xa", Lang::En) => "Commune",
        ("thi_tran", Lang::Vi) => "Thị trấn",
        ("thi_tran", Lang::En) => "Town",
        ("phuong", Lang::Vi) => "Phường",
        ("phuong", Lang::En) => "Ward",
        _ => kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::shipped_for_tests;

    fn unit<'a>(catalog: &'a Catalog, code: &str) -> &'a Unit {
        catalog
            .units
            .iter()
            .find(|u| u.code == code)
            .expect("shipped")
    }

    #[test]
    fn merged_communes_say_what_they_became_and_the_new_one_what_it_came_from() {
        let catalog = shipped_for_tests();
        assert_eq!(
            lineage(unit(&catalog, "cam-dien"), &catalog, Lang::Vi),
            ["sáp nhập vào xã Phúc Điền từ 01/12/2024 (ngày theo cách đọc nguồn)"]
        );
        assert_eq!(
            lineage(unit(&catalog, "phuc-dien"), &catalog, Lang::En),
            ["formed from Cẩm Điền commune, Cẩm Phúc commune on 2024-12-01 (the date is our reading of the source)"]
        );
        let town = lineage(unit(&catalog, "cam-giang-tt"), &catalog, Lang::Vi);
        assert_eq!(town.len(), 1);
        assert!(
            town[0].starts_with("nhận sáp nhập xã Thạch Lỗi từ 01/12/2024"),
            "{town:?}"
        );
        assert!(lineage(unit(&catalog, "cao-an"), &catalog, Lang::Vi).is_empty());
        assert_eq!(kind_label("thi_tran", Lang::Vi), "Thị trấn");
    }
}

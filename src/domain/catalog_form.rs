//! The catalog's entries as forms on the pages: an administrator adds, corrects, retires and restores groups,
//! breakthroughs, targets and units, and creates a resolution. Which boxes each kind of entry has, a filled form
//! read into the entry as the catalog file writes it (the catalog is then checked by the very checks of `catalog
//! load`, see [`Catalog::with_entry`]), and which box a problem belongs beside. Pure.

use std::collections::HashMap;

use super::catalog::{Catalog, CatalogProblem};
use super::lang::{said, Said};
use super::number::{self, Decimal};
use super::text::{clean, excerpt};

pub use super::entry_kind::{EntryKind, Field, Input, Options};

/// The longest text a box takes, in characters (a code is checked by the catalog's own, shorter rule).
pub use super::text::TEXT_CHARS as LONGEST;

/// A box's problem, in both languages.
pub type FieldProblem = (&'static str, Said);

/// Reads a filled form into the entry as the catalog file writes it. Empty optional boxes are left out; numbers
/// are read as the reader writes them (`decimal`); a box that is not what it must be is named.
pub fn entry_from_form(
    kind: EntryKind,
    form: &HashMap<String, String>,
    decimal: Decimal,
) -> Result<toml::Table, Vec<FieldProblem>> {
    let mut entry = toml::Table::new();
    let mut problems = Vec::new();
    for f in kind.fields() {
        let raw = form.get(f.name).map(String::as_str).unwrap_or("");
        if super::text::too_long(raw) {
            problems.push((
                f.name,
                said(
                    format!("dài quá {LONGEST} ký tự"),
                    format!("is longer than {LONGEST} characters"),
                ),
            ));
            continue;
        }
        let text = clean(raw);
        if text.is_empty() && f.input != Input::Flag {
            if f.required {
                match f.input {
                    Input::Year | Input::Number => problems.push((f.name, not_filled())),
                    _ => {
                        entry.insert(f.name.into(), toml::Value::String(String::new()));
                    }
                }
            }
            continue;
        }
        let value = match f.input {
            Input::Number => match number::parse(&text, decimal) {
                Some(v) => toml::Value::Float(v),
                None => {
                    problems.push((f.name, not_a(&text, "một số", "a number")));
                    continue;
                }
            },
            Input::Year => match text.parse::<i64>() {
                Ok(year) if (1..=9999).contains(&year) => toml::Value::Integer(year),
                _ => {
                    problems.push((f.name, not_a(&text, "một năm", "a year")));
                    continue;
                }
            },
            Input::Flag => {
                if !matches!(text.as_str(), "on" | "true" | "1") {
                    continue;
                }
                toml::Value::Boolean(true)
            }
            Input::List => toml::Value::Array(
                text.split(',')
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(|k| toml::Value::String(k.to_string()))
                    .collect(),
            ),
            Input::Code | Input::Text | Input::Long | Input::Date | Input::Choice(_) => {
                toml::Value::String(text)
            }
        };
        entry.insert(f.name.into(), value);
    }
    match problems.is_empty() {
        true => Ok(entry),
        false => Err(problems),
    }
}

fn not_filled() -> Said {
    said("chưa điền", "is not filled in")
}

fn not_a(text: &str, vi: &str, en: &str) -> Said {
    let text = excerpt(text, 40);
    said(
        format!("{text:?} không phải là {vi}"),
        format!("{text:?} is not {en}"),
    )
}

/// The boxes' texts for an entry as the catalog file writes it (a form filled from what is stored).
pub fn form_from_entry(entry: &toml::Table, decimal: Decimal) -> HashMap<String, String> {
    entry
        .iter()
        .map(|(name, value)| {
            let text = match value {
                toml::Value::String(s) => s.clone(),
                toml::Value::Float(v) => {
                    let plain = format!("{v}");
                    match decimal {
                        Decimal::Comma => plain.replace('.', ","),
                        Decimal::Point => plain,
                    }
                }
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Boolean(b) => if *b { "on" } else { "" }.to_string(),
                toml::Value::Array(items) => items
                    .iter()
                    .filter_map(toml::Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.to_string(),
            };
            (name.clone(), text)
        })
        .collect()
}

/// Which box of `kind`'s form a problem belongs beside: the field its Vietnamese text starts with (the catalog's
/// checks name the field first), if the form has it.
pub fn field_of(kind: EntryKind, problem: &CatalogProblem) -> Option<&'static str> {
    let lead: String = problem
        .message_vi
        .chars()
        .take_while(|c| c.is_ascii_lowercase() || *c == '_')
        .collect();
    kind.fields()
        .iter()
        .map(|f| f.name)
        .find(|name| *name == lead)
}

/// The problem's text beside its box: without the field's name it starts with.
pub fn beside_box(problem: &CatalogProblem, field: &str) -> String {
    let text = problem.message_vi.as_str();
    text.strip_prefix(field)
        .and_then(|rest| rest.strip_prefix(": "))
        .unwrap_or(text)
        .to_string()
}

/// A fingerprint of a whole catalog as stored: a form carries the one it was filled from, and a save is refused
/// when the catalog changed meanwhile (compare-and-set on the catalog).
pub fn fingerprint(catalog: &Catalog) -> String {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut hasher = DefaultHasher::new();
    catalog.to_toml().unwrap_or_default().hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::shipped_for_tests;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_new_target_is_checked_as_catalog_load_checks_a_file() {
        let catalog = shipped_for_tests();
        let filled = form(&[
            ("code", "T17"),
            ("group", "economy"),
            ("title_vi", "Tỷ lệ hộ dùng nước sạch"),
            ("title_en", "Households with clean water"),
            ("kind", "reach_by_deadline"),
            ("comparator", ">="),
            ("goal", "99,5"),
            ("unit_vi", "% số hộ"),
            ("unit_en", "% of households"),
        ]);
        let entry = entry_from_form(EntryKind::Target, &filled, Decimal::Comma).expect("reads");
        assert_eq!(entry.get("goal"), Some(&toml::Value::Float(99.5)));
        let next = catalog
            .with_entry(EntryKind::Target, entry, true)
            .expect("a valid target");
        assert_eq!(next.targets.len(), catalog.targets.len() + 1);
        assert_eq!(next.target("T17").map(|t| t.goal_year), Some(2025));

        // The same code again is refused, beside the code's box, in Vietnamese.
        let again = entry_from_form(EntryKind::Target, &filled, Decimal::Comma).expect("reads");
        let errors = next
            .with_entry(EntryKind::Target, again, true)
            .expect_err("a duplicate");
        let problem = &errors.0[0];
        assert_eq!(field_of(EntryKind::Target, problem), Some("code"));
        assert_eq!(beside_box(problem, "code"), "mã này đã có");
    }

    #[test]
    fn each_box_problem_is_named() {
        let filled = form(&[("code", "T18"), ("goal", "nhiều"), ("goal_year", "năm sau")]);
        let problems =
            entry_from_form(EntryKind::Target, &filled, Decimal::Comma).expect_err("not numbers");
        let fields: Vec<_> = problems.iter().map(|p| p.0).collect();
        assert_eq!(fields, vec!["goal", "goal_year"]);
        assert_eq!(problems[0].1.vi, "\"nhiều\" không phải là một số");

        // A kind that needs a comparator says so beside that box.
        let catalog = shipped_for_tests();
        let filled = form(&[
            ("code", "T18"),
            ("group", "economy"),
            ("title_vi", "Chỉ tiêu"),
            ("title_en", "Target"),
            ("kind", "every_year"),
            ("goal", "5"),
        ]);
        let entry = entry_from_form(EntryKind::Target, &filled, Decimal::Point).expect("reads");
        let errors = catalog
            .with_entry(EntryKind::Target, entry, true)
            .expect_err("no comparator");
        assert_eq!(
            field_of(EntryKind::Target, &errors.0[0]),
            Some("comparator")
        );
    }

    #[test]
    fn a_retired_target_keeps_its_place_out_of_the_counts_and_comes_back() {
        let catalog = shipped_for_tests();
        let retired = catalog
            .with_retired(EntryKind::Target, "T16", true)
            .expect("retires");
        assert_eq!(retired.targets.len(), catalog.targets.len() - 1);
        assert_eq!(retired.retired.targets[0].code, "T16");
        let text = retired.to_toml().expect("writes");
        assert!(text.contains("retired = true"));
        assert_eq!(Catalog::from_toml(&text).as_ref(), Ok(&retired));
        let restored = retired
            .with_retired(EntryKind::Target, "T16", false)
            .expect("restores");
        assert_eq!(restored.targets.len(), catalog.targets.len());
        // A group that still has targets is not retired.
        let errors = catalog
            .with_retired(EntryKind::Group, "economy", true)
            .expect_err("has targets");
        assert_eq!(field_of(EntryKind::Group, &errors.0[0]), None);
        assert!(errors.0[0].message_vi.contains("T01"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Whatever a form holds, reading it and checking the catalog with it answers (an entry, or problems),
        /// never panics, and a catalog that passes writes back to the same catalog.
        #[test]
        fn any_form_is_read_or_refused(
            values in proptest::collection::vec("\\PC{0,12}|[0-9.,-]{0,8}|\u{0}", 17),
            kind in 0usize..4,
        ) {
            let kind = EntryKind::LISTED[kind];
            let filled: HashMap<String, String> = kind
                .fields()
                .iter()
                .zip(&values)
                .map(|(f, v)| (f.name.to_string(), v.clone()))
                .collect();
            let catalog = shipped_for_tests();
            if let Ok(entry) = entry_from_form(kind, &filled, Decimal::Comma) {
                if let Ok(next) = catalog.with_entry(kind, entry, true) {
                    let text = next.to_toml().expect("writes");
                    proptest::prop_assert_eq!(Catalog::from_toml(&text), Ok(next));
                }
            }
        }
    }

    /// The boxes of a valid new entry of each kind: fresh codes, titles of Vietnamese words, a target's goal in
    /// its bounds, a unit's dates in order.
    fn valid_form(
    ) -> impl proptest::strategy::Strategy<Value = (EntryKind, Vec<(&'static str, String)>)> {
        use proptest::prelude::*;
        let title = "[A-Za-zĂÂÊÔƠƯăâêôơưáàảãạếềểễệốồổỗộớờởỡợ]{1,12}( [a-zàáảãạăâđêôơư]{1,8}){0,4}";
        let code = "[A-Z][A-Za-z0-9_-]{1,10}";
        let group = (code, title, title).prop_map(|(c, vi, en)| {
            (
                EntryKind::Group,
                vec![
                    ("code", format!("N{c}")),
                    ("title_vi", vi),
                    ("title_en", en),
                ],
            )
        });
        let breakthrough = (code, title, title, title).prop_map(|(c, vi, en, src)| {
            (
                EntryKind::Breakthrough,
                vec![
                    ("code", format!("N{c}")),
                    ("title_vi", vi),
                    ("title_en", en),
                    ("source_text_vi", src),
                ],
            )
        });
        let target = (
            code,
            title,
            title,
            0usize..4,
            0u32..=1000,
            0usize..2,
            proptest::option::of(0usize..3),
        )
            .prop_map(|(c, vi, en, kind, goal, comparator, breakthrough)| {
                let kinds = [
                    "reach_by_deadline",
                    "every_year",
                    "average_growth",
                    "milestone",
                ];
                let mut boxes = vec![
                    ("code", format!("N{c}")),
                    ("group", "economy".to_string()),
                    ("title_vi", vi),
                    ("title_en", en),
                    ("kind", kinds[kind].to_string()),
                    ("unit_vi", "%".to_string()),
                    ("unit_en", "%".to_string()),
                ];
                if kinds[kind] != "milestone" {
                    // A percentage's goal, in tenths, within 0..100 (written with the reader's decimal comma).
                    let goal = f64::from(goal) / 10.0;
                    boxes.push(("comparator", [">=", "<"][comparator].to_string()));
                    boxes.push(("goal", goal.to_string().replace('.', ",")));
                }
                if let Some(b) = breakthrough {
                    boxes.push(("breakthrough", format!("B{}", b + 1)));
                }
                (EntryKind::Target, boxes)
            });
        let unit = (
            code,
            title,
            title,
            proptest::option::of((2000i32..2030, 0i32..5)),
        )
            .prop_map(|(c, vi, en, span)| {
                let mut boxes = vec![
                    ("code", format!("n-{}", c.to_lowercase())),
                    ("name_vi", vi),
                    ("name_en", en),
                    ("kind", "xa".to_string()),
                ];
                if let Some((start, years)) = span {
                    boxes.push(("starts", format!("{start}-01-01")));
                    boxes.push(("ends", format!("{}-12-31", start + years)));
                }
                (EntryKind::Unit, boxes)
            });
        prop_oneof![group, breakthrough, target, unit]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// A valid form of any kind is saved, found in the catalog under its code with its words, and the catalog
        /// with it writes back to itself.
        #[test]
        fn a_valid_form_is_saved_and_read_back((kind, boxes) in valid_form()) {
            let filled: HashMap<String, String> =
                boxes.iter().map(|(k, v)| ((*k).to_string(), v.clone())).collect();
            let entry = entry_from_form(kind, &filled, Decimal::Comma);
            proptest::prop_assert!(entry.is_ok(), "{:?} of {boxes:?}", entry.err());
            let next = shipped_for_tests().with_entry(kind, entry.expect("read"), true);
            proptest::prop_assert!(next.is_ok(), "{:?} of {boxes:?}", next.err());
            let next = next.expect("checked");
            let code = &filled["code"];
            let stored = next.entry_table(kind, code);
            proptest::prop_assert!(stored.is_some(), "{code} is in the catalog");
            let stored = stored.expect("stored");
            let title = if kind == EntryKind::Unit { "name_vi" } else { "title_vi" };
            proptest::prop_assert_eq!(
                stored.get(title).and_then(|v| v.as_str()),
                Some(filled[title].as_str())
            );
            let text = next.to_toml().expect("writes");
            proptest::prop_assert_eq!(Catalog::from_toml(&text), Ok(next));
        }
    }

    #[test]
    fn a_form_is_filled_from_the_stored_entry() {
        let catalog = shipped_for_tests();
        let entry = catalog.entry_table(EntryKind::Target, "T01").expect("T01");
        let filled = form_from_entry(&entry, Decimal::Comma);
        assert_eq!(filled.get("goal").map(String::as_str), Some("90"));
        let read = entry_from_form(EntryKind::Target, &filled, Decimal::Comma).expect("reads");
        let same = catalog
            .with_entry(EntryKind::Target, read, false)
            .expect("the same");
        assert_eq!(same, catalog);
    }
}

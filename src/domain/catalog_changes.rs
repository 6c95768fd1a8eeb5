//! What loading a catalog file changes compared with what is stored: so `catalog load` can say so, and do nothing
//! when nothing changed.

use std::fmt;

use super::catalog::{listed, Breakthrough, Catalog, Group, Target};
use super::units::{Area, Unit};

/// The names of the fields that differ between `o` and `n`.
macro_rules! differing {
    ($o:ident, $n:ident: $($field:ident),+) => {
        changed([$((stringify!($field), $o.$field != $n.$field)),+])
    };
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogChange {
    Added {
        entry: String,
    },
    Updated {
        entry: String,
        fields: Vec<&'static str>,
    },
    /// Stored but absent from the file: kept, because figures and history may hang on it.
    NotInFile {
        entry: String,
    },
}

impl fmt::Display for CatalogChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogChange::Added { entry } => write!(f, "{entry}: added"),
            CatalogChange::Updated { entry, fields } => {
                write!(f, "{entry}: updated {}", fields.join(", "))
            }
            CatalogChange::NotInFile { entry } => {
                write!(f, "{entry}: not in the file, kept as stored")
            }
        }
    }
}

/// The changes from `old` (stored, if any) to `new` (the file).
pub fn catalog_changes(old: Option<&Catalog>, new: &Catalog) -> Vec<CatalogChange> {
    let Some(old) = old else {
        let mut changes = vec![CatalogChange::Added {
            entry: format!("resolution {}", new.resolution.code),
        }];
        changes.extend(new.groups.iter().map(|g| CatalogChange::Added {
            entry: format!("group {}", g.code),
        }));
        changes.extend(new.breakthroughs.iter().map(|b| CatalogChange::Added {
            entry: format!("breakthrough {}", b.code),
        }));
        changes.extend(listed(&new.targets, &new.retired.targets).map(|(t, _)| {
            CatalogChange::Added {
                entry: format!("target {}", t.code),
            }
        }));
        changes.extend(new.units.iter().map(|u| CatalogChange::Added {
            entry: format!("unit {}", u.code),
        }));
        if new.area.is_some() {
            changes.push(CatalogChange::Added {
                entry: "area".into(),
            });
        }
        if !new.changes.is_empty() {
            changes.push(CatalogChange::Added {
                entry: "changes of the units".into(),
            });
        }
        return changes;
    };
    let mut changes = Vec::new();
    let (o, n) = (&old.resolution, &new.resolution);
    let mut fields =
        differing!(o, n: title_vi, title_en, baseline_year, goal_year, calendar, counting);
    if old.agencies != new.agencies {
        fields.push("agencies");
    }
    if !fields.is_empty() {
        changes.push(CatalogChange::Updated {
            entry: format!("resolution {}", n.code),
            fields,
        });
    }
    compare_listed(
        &mut changes,
        "group",
        (&old.groups, &old.retired.groups),
        (&new.groups, &new.retired.groups),
        |g| &g.code,
        group_fields,
    );
    compare_listed(
        &mut changes,
        "breakthrough",
        (&old.breakthroughs, &old.retired.breakthroughs),
        (&new.breakthroughs, &new.retired.breakthroughs),
        |b| &b.code,
        breakthrough_fields,
    );
    compare_listed(
        &mut changes,
        "target",
        (&old.targets, &old.retired.targets),
        (&new.targets, &new.retired.targets),
        |t| &t.code,
        target_fields,
    );
    compare(
        &mut changes,
        "unit",
        &old.units,
        &new.units,
        |u| &u.code,
        unit_fields,
    );
    if old.area != new.area {
        changes.push(CatalogChange::Updated {
            entry: "area".into(),
            fields: area_fields(old.area.as_ref(), new.area.as_ref()),
        });
    }
    if old.changes != new.changes {
        changes.push(CatalogChange::Updated {
            entry: "changes of the units".into(),
            fields: vec!["date, kind, units or basis"],
        });
    }
    changes
}

fn unit_fields(o: &Unit, n: &Unit) -> Vec<&'static str> {
    differing!(o, n: name_vi, name_en, kind, starts, ends)
}

fn area_fields(o: Option<&Area>, n: Option<&Area>) -> Vec<&'static str> {
    match (o, n) {
        (Some(o), Some(n)) => differing!(o, n: code, name_vi, name_en, ends),
        _ => vec!["code, names, ends"],
    }
}

fn compare<T>(
    changes: &mut Vec<CatalogChange>,
    what: &str,
    old: &[T],
    new: &[T],
    code: impl Fn(&T) -> &String,
    fields: impl Fn(&T, &T) -> Vec<&'static str>,
) {
    for n in new {
        let entry = format!("{what} {}", code(n));
        match old.iter().find(|o| code(o) == code(n)) {
            None => changes.push(CatalogChange::Added { entry }),
            Some(o) => {
                let fields = fields(o, n);
                if !fields.is_empty() {
                    changes.push(CatalogChange::Updated { entry, fields });
                }
            }
        }
    }
    for o in old
        .iter()
        .filter(|o| !new.iter().any(|n| code(n) == code(o)))
    {
        changes.push(CatalogChange::NotInFile {
            entry: format!("{what} {}", code(o)),
        });
    }
}

/// [`compare`] over the entries in use and the retired ones together: retiring or restoring one is a change
/// of its `retired` field.
fn compare_listed<T>(
    changes: &mut Vec<CatalogChange>,
    what: &str,
    old: (&[T], &[T]),
    new: (&[T], &[T]),
    code: impl Fn(&T) -> &String,
    fields: impl Fn(&T, &T) -> Vec<&'static str>,
) {
    let old: Vec<(&T, bool)> = listed(old.0, old.1).collect();
    let new: Vec<(&T, bool)> = listed(new.0, new.1).collect();
    compare(
        changes,
        what,
        &old,
        &new,
        |x| code(x.0),
        |o, n| {
            let mut differing = fields(o.0, n.0);
            if o.1 != n.1 {
                differing.push("retired");
            }
            differing
        },
    );
}

fn changed<const N: usize>(checks: [(&'static str, bool); N]) -> Vec<&'static str> {
    checks
        .into_iter()
        .filter(|(_, differs)| *differs)
        .map(|(name, _)| name)
        .collect()
}

fn group_fields(o: &Group, n: &Group) -> Vec<&'static str> {
    differing!(o, n: title_vi, title_en)
}

fn breakthrough_fields(o: &Breakthrough, n: &Breakthrough) -> Vec<&'static str> {
    differing!(o, n: title_vi, title_en, source_text_vi)
}

fn target_fields(o: &Target, n: &Target) -> Vec<&'static str> {
    let goal = |t: &Target| t.rule.goal().map(|g| (g.comparator, g.value));
    let (og, ng) = (goal(o), goal(n));
    let mut fields = differing!(o, n: group, title_vi, title_en, source_text_vi);
    fields.extend(changed([
        ("kind", o.kind() != n.kind()),
        ("comparator", og.map(|g| g.0) != ng.map(|g| g.0)),
        ("goal", og.map(|g| g.1) != ng.map(|g| g.1)),
    ]));
    fields.extend(
        differing!(o, n: goal_year, unit_vi, unit_en, breakthrough, min, max, whole, rollup, continues),
    );
    if o.agencies != n.agencies {
        fields.push("agency");
    }
    fields.extend(
        o.counts
            .fields()
            .into_iter()
            .zip(n.counts.fields())
            .filter(|((_, old), (_, new))| old != new)
            .map(|((field, _), _)| field),
    );
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Catalog {
        crate::domain::catalog::shipped_for_tests()
    }

    #[test]
    fn same_catalog_changes_nothing() {
        let c = shipped();
        assert_eq!(catalog_changes(Some(&c), &c), vec![]);
    }

    #[test]
    fn a_changed_wording_updates_that_target_only() {
        let old = shipped();
        let mut new = old.clone();
        new.targets[2].source_text_vi = "giá trị sản phẩm thu hoạch ... nuôi trồng thủy sản".into();
        new.targets.pop();
        let changes: Vec<String> = catalog_changes(Some(&old), &new)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            changes,
            [
                "target T03: updated source_text_vi",
                "target T16: not in the file, kept as stored"
            ]
        );
    }

    #[test]
    fn first_load_adds_everything() {
        let c = shipped();
        let changes = catalog_changes(None, &c);
        // The resolution, 5 groups, 3 breakthroughs, 16 targets, 18 units, the area and the changes of the units.
        assert_eq!(changes.len(), 1 + 5 + 3 + 16 + 18 + 1 + 1);
    }
}

//! The catalog's reading, checks and edits, on the shipped file and on small hand-written ones.

use super::*;

const SHIPPED: &str = include_str!("../../../assets/catalogs/cam-giang-2020-2025.toml");

fn minimal(targets: &str) -> String {
    format!(
        "[resolution]\ncode = \"r\"\ntitle_vi = \"Nghị quyết\"\ntitle_en = \"Resolution\"\nbaseline_year = 2020\n\
         goal_year = 2025\n\n[[breakthroughs]]\ncode = \"B1\"\ntitle_vi = \"Đột phá\"\ntitle_en = \"Breakthrough\"\n\
         {targets}"
    )
}

fn problems(text: &str) -> Vec<String> {
    match Catalog::from_toml(text) {
        Ok(_) => vec![],
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_catalog_written_back_as_toml_reads_as_the_same_catalog() {
    let catalog = Catalog::from_toml(SHIPPED).expect("shipped");
    let text = catalog.to_toml().expect("written");
    let again = Catalog::from_toml(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    assert_eq!(again, catalog);
    assert!(
        text.contains("Hộ gia đình đạt gia đình văn hóa"),
        "Vietnamese as it is"
    );
    assert_eq!(
        again.to_toml().expect("again"),
        text,
        "a second round changes nothing"
    );
}

#[test]
fn shipped_catalog_has_16_targets_and_3_breakthroughs() {
    let catalog = Catalog::from_toml(SHIPPED).expect("shipped catalog is valid");
    assert_eq!(catalog.targets.len(), 16);
    assert_eq!(catalog.breakthroughs.len(), 3);
    let income = catalog.target("T01").expect("T01");
    assert_eq!(
        income.rule,
        Rule::ReachByDeadline(Goal {
            comparator: Comparator::Greater,
            value: 90.0
        })
    );
    assert_eq!(income.goal_year, 2025);
    assert_eq!(catalog.target("T16").map(|t| t.goal_year), Some(2030));
    let b2: Vec<_> = catalog
        .linked_targets("B2")
        .map(|t| t.code.as_str())
        .collect();
    assert_eq!(b2, ["T02", "T11", "T12", "T13", "T16"]);
    assert!(catalog
        .target("T05")
        .expect("T05")
        .source_text_vi
        .contains("bảo hiểm y tế đạt 95% dân số"));
}

#[test]
fn percentages_default_to_0_100_and_counts_to_non_negative() {
    let catalog = Catalog::from_toml(SHIPPED).expect("valid");
    assert_eq!(
        catalog.target("T05").map(Target::bounds),
        Some((Some(0.0), Some(100.0)))
    );
    assert_eq!(
        catalog.target("T15").map(Target::bounds),
        Some((Some(0.0), Some(MAX_MAGNITUDE)))
    );
    for t in &catalog.targets {
        let (min, max) = t.bounds();
        assert!(
            min.is_some_and(|m| m >= -MAX_MAGNITUDE) && max.is_some_and(|m| m <= MAX_MAGNITUDE),
            "no figure of any target is unbounded: {} {min:?} {max:?}",
            t.code
        );
    }
}

#[test]
fn unknown_kind_is_named_with_its_target() {
    let text = minimal(
        "[[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\nkind = \"someday\"\n",
    );
    let found = problems(&text);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with("target T1: unknown kind \"someday\""),
        "{found:?}"
    );
}

#[test]
fn a_continues_link_names_another_resolutions_target() {
    let target = |link: &str| {
        minimal(&format!(
            "[[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\nkind = \"milestone\"\n\
             continues = \"{link}\"\n"
        ))
    };
    assert_eq!(
        problems(&target("cam-giang-2020-2025/T16")),
        Vec::<String>::new()
    );
    for bad in ["T16", "r/T16", "cam giang/T16", "a/b/c"] {
        let found = problems(&target(bad));
        assert_eq!(found.len(), 1, "{bad}: {found:?}");
        assert!(found[0].starts_with("target T1: continues"), "{found:?}");
    }
}

#[test]
fn numeric_target_without_goal_and_milestone_with_comparator_are_refused() {
    let text = minimal(
        "[[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\nkind = \"every_year\"\n\
         comparator = \">\"\n\
         [[targets]]\ncode = \"T2\"\ngroup = \"g\"\ntitle_vi = \"b\"\ntitle_en = \"b\"\nkind = \"milestone\"\n\
         comparator = \">\"\n",
    );
    assert_eq!(
        problems(&text),
        [
            "target T1: kind every_year needs a goal",
            "target T2: a milestone takes no comparator"
        ]
    );
}

#[test]
fn duplicate_and_unknown_references_are_refused() {
    let text = minimal(
        "[[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\nkind = \"milestone\"\n\
         breakthrough = \"B9\"\n\
         [[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"b\"\ntitle_en = \"b\"\nkind = \"milestone\"\n",
    );
    assert_eq!(
        problems(&text),
        [
            "target T1: unknown breakthrough \"B9\"",
            "target T1: duplicate code"
        ]
    );
}

#[test]
fn codes_differing_only_in_case_are_one_code() {
    let text = minimal(
        "[[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\nkind = \"milestone\"\n\
         [[targets]]\ncode = \"t1\"\ngroup = \"g\"\ntitle_vi = \"b\"\ntitle_en = \"b\"\nkind = \"milestone\"\n\
         [[units]]\ncode = \"xa-a\"\nname_vi = \"Xã A\"\nname_en = \"A\"\nkind = \"xa\"\n\
         [[units]]\ncode = \"Xa-A\"\nname_vi = \"Xã A\"\nname_en = \"A\"\nkind = \"xa\"\n",
    );
    assert_eq!(
        problems(&text),
        ["target t1: duplicate code", "unit Xa-A: is defined twice"]
    );
}

#[test]
fn a_date_far_outside_any_term_is_refused() {
    let text = minimal(
        "[[units]]\ncode = \"a\"\nname_vi = \"A\"\nname_en = \"A\"\nkind = \"xa\"\nends = \"9998-12-31\"\n\
         [[units]]\ncode = \"b\"\nname_vi = \"B\"\nname_en = \"B\"\nkind = \"xa\"\nstarts = \"9999-01-01\"\n\
         [[changes]]\ndate = \"9999-01-01\"\nkind = \"rename\"\nbefore = [\"a\"]\nafter = [\"b\"]\n",
    );
    let found = problems(&text);
    assert!(
        found
            .iter()
            .any(|p| p.contains("9998-12-31 must be in the years 1900 to 2200")),
        "{found:?}"
    );
}

#[test]
fn bad_toml_names_its_line() {
    let found = problems("[resolution]\ncode = \"r\"\ntitle_vi = \n");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with("file: ") && found[0].contains("line 3"),
        "{found:?}"
    );
}

#[test]
fn a_text_longer_than_the_pages_take_is_refused_in_a_file_too() {
    let long = "dài ".repeat(600);
    let file = minimal(&format!(
        "[[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"{long}\"\ntitle_en = \"x\"\n\
         kind = \"milestone\"\nunit_vi = \"\"\nunit_en = \"\"\n"
    ));
    assert_eq!(
        problems(&file),
        ["target T1: title_vi is longer than 2000 characters"]
    );
    let at_the_limit = file.replace(&long, &"x".repeat(2000));
    assert_eq!(problems(&at_the_limit), Vec::<String>::new());
}

#[test]
fn a_goal_outside_its_targets_bounds_is_refused() {
    let target = |goal: &str, bounds: &str| {
        minimal(&format!(
            "[[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"Tỷ lệ\"\ntitle_en = \"Rate\"\n\
             kind = \"reach_by_deadline\"\ncomparator = \">=\"\ngoal = {goal}\nunit_vi = \"%\"\nunit_en = \"%\"\n{bounds}"
        ))
    };
    assert_eq!(
        problems(&target("200", "max = 100\n")),
        ["target T1: goal 200 is outside the bounds of the target's figures (0 to 100)"]
    );
    assert_eq!(
        problems(&target("120", "")),
        ["target T1: goal 120 is outside the bounds of the target's figures (0 to 100)"],
        "a percentage is kept in 0..100 unless the catalog says otherwise"
    );
    assert!(problems(&target("120", "max = 150\n")).is_empty());
}

#[test]
fn misspelt_key_is_refused() {
    let text = minimal(
        "[[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\nkind = \"milestone\"\n\
         gaol = 3\n",
    );
    let found = problems(&text);
    assert!(found[0].contains("unknown field `gaol`"), "{found:?}");
}

#[test]
fn the_shipped_catalog_carries_the_units_their_merges_and_the_rollups() {
    let c = shipped_for_tests();
    assert_eq!(
        c.area.as_ref().map(|a| a.name_vi.as_str()),
        Some("Huyện Cẩm Giàng")
    );
    assert_eq!(
        c.units.len(),
        18,
        "17 units of 2020 and the commune made in 2024"
    );
    assert_eq!(c.changes.len(), 2);
    assert!(c.changes.iter().all(|ch| ch.date_is_reading));
    let counted = |year, kinds: &[String]| {
        crate::domain::units::units_counted(&c.units, c.area.as_ref(), year, kinds).len()
    };
    assert_eq!(counted(2020, &[]), 17);
    assert_eq!(counted(2023, &[]), 17);
    assert_eq!(counted(2024, &[]), 15, "after the merges of late 2024");
    assert_eq!(
        counted(2025, &["xa".to_string()]),
        13,
        "13 communes at the area's end"
    );
    let rollup = |code: &str| c.target(code).map(|t| t.rollup.clone());
    assert_eq!(rollup("T01"), Some(Rollup::None));
    assert_eq!(rollup("T06"), Some(Rollup::Ratio));
    assert_eq!(rollup("T09"), Some(Rollup::ShareOfUnits(vec!["xa".into()])));
    assert_eq!(rollup("T10"), Some(Rollup::CountOfUnits(vec!["xa".into()])));
    assert_eq!(rollup("T15"), Some(Rollup::Sum));
}

#[test]
fn units_and_rollups_that_contradict_themselves_are_named() {
    let units = "\n[[units]]\ncode = \"a\"\nname_vi = \"Xã A\"\nname_en = \"A\"\nkind = \"xa\"\n\
                 starts = \"2022-01-01\"\nends = \"2021-01-01\"\n\
                 \n[[changes]]\ndate = \"2024-12-01\"\nkind = \"merge_into_new\"\nbefore = [\"a\"]\n\
                 after = [\"ghost\"]\n\
                 \n[[changes]]\ndate = \"1/12/2024\"\nkind = \"merge\"\nbefore = []\nafter = []\n";
    let targets = "[[targets]]\ncode = \"M\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\n\
                   kind = \"milestone\"\nrollup = \"sum\"\n\
                   [[targets]]\ncode = \"C\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\n\
                   kind = \"reach_by_deadline\"\ncomparator = \">=\"\ngoal = 5\nunit_en = \"communes\"\n\
                   rollup = \"share_of_units\"\ncounted_kinds = [\"phuong\"]\n";
    let found = problems(&format!("{}{units}", minimal(targets)));
    let has = |text: &str| found.iter().any(|p| p.contains(text));
    assert!(
        has("unit a: ends on 2021-01-01 before it starts on 2022-01-01"),
        "{found:?}"
    );
    assert!(
        has("change of 2024-12-01 (merge_into_new): unknown unit \"ghost\""),
        "{found:?}"
    );
    assert!(
        has("change of 1/12/2024: date \"1/12/2024\" is not a date"),
        "{found:?}"
    );
    assert!(
        has("target M: a milestone has no roll-up, not sum"),
        "{found:?}"
    );
    assert!(
        has("target C: a share_of_units roll-up gives a percentage"),
        "{found:?}"
    );
    assert!(
        has("target C: counted_kinds names \"phuong\", which no unit has"),
        "{found:?}"
    );
}

#[test]
fn a_rollup_without_units_is_refused() {
    let text = minimal(
        "[[targets]]\ncode = \"S\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\n\
         kind = \"every_year\"\ncomparator = \">=\"\ngoal = 120\nrollup = \"sum\"\n",
    );
    let found = problems(&text);
    assert!(
        found
            .iter()
            .any(|p| p.contains("needs the catalog's [[units]]")),
        "{found:?}"
    );
}

#[test]
fn a_ratios_count_words_are_read_and_kept_for_ratios_only() {
    let catalog = Catalog::from_toml(SHIPPED).expect("shipped");
    let t06 = catalog.target("T06").expect("T06");
    assert_eq!(
        t06.counts.numerator(Lang::Vi),
        Some("số hộ đạt gia đình văn hóa")
    );
    assert_eq!(t06.counts.denominator(Lang::En), Some("all households"));
    assert!(catalog.target("T01").expect("T01").counts.is_empty());
    // Words for counts on a target that is not a ratio roll-up are refused, naming it.
    let text = minimal(
        "[[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\nkind = \"reach_by_deadline\"\n\
         comparator = \">=\"\ngoal = 5\nnumerator_vi = \"số hộ\"\n",
    );
    let found = problems(&text);
    assert!(
        found.iter().any(|p| p.contains("for a ratio roll-up only")),
        "{found:?}"
    );
}

#[test]
fn a_unit_of_measure_in_one_language_only_is_refused() {
    let text = minimal(
        "[[targets]]\ncode = \"T1\"\ngroup = \"g\"\ntitle_vi = \"a\"\ntitle_en = \"a\"\nkind = \"reach_by_deadline\"\n\
         comparator = \"<\"\ngoal = 1\nunit_vi = \"%\"\n",
    );
    let found = problems(&text);
    assert!(
        found
            .iter()
            .any(|p| p.contains("unit_en must not be empty when unit_vi is given")),
        "{found:?}"
    );
}

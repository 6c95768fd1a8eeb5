//! The area's figure from its units' figures, by the methodology's "Roll-up from units": which units count in a
//! year, how much of them reported (coverage), the roll-up when complete, the entered area figure winning over
//! it, and a flag when the two disagree. Pure: figures in, yearly area figures out; the progress methodology then
//! runs on them unchanged.

use std::collections::BTreeMap;

use super::catalog::{Catalog, Target};
use super::measurement::{Figure, Quality, Reading};
use super::units::{counting_day, Area, Rollup, Unit};

/// What a unit enters for a roll-up target in a year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum UnitReading {
    /// `sum`: a value.
    Value(f64),
    /// `ratio`: a numerator and a denominator.
    Ratio { numerator: f64, denominator: f64 },
    /// `share_of_units`, `count_of_units`: yes or no.
    YesNo(bool),
}

impl UnitReading {
    /// The number a unit's figure shows: its value, or for a ratio the percentage; none for yes/no.
    pub fn shown_value(self) -> Option<f64> {
        match self {
            UnitReading::Value(v) => Some(v),
            UnitReading::Ratio {
                numerator,
                denominator,
            } => Some(100.0 * numerator / denominator),
            UnitReading::YesNo(_) => None,
        }
    }

    /// A ratio's numerator and denominator.
    pub fn counts(self) -> Option<(f64, f64)> {
        match self {
            UnitReading::Ratio {
                numerator,
                denominator,
            } => Some((numerator, denominator)),
            _ => None,
        }
    }

    /// A yes/no answer.
    pub fn yes(self) -> Option<bool> {
        match self {
            UnitReading::YesNo(yes) => Some(yes),
            _ => None,
        }
    }
}

/// One unit's figure for one target, year and quality.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitFigure {
    pub unit: String,
    pub year: i32,
    pub quality: Quality,
    pub reading: UnitReading,
}

/// Where a year's area value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ValueSource {
    /// The area's own entered figure (an office's reported statistic wins).
    Entered,
    /// The complete roll-up of its units.
    Rollup,
}

/// How many units a year counts, and how many of them have a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    pub counted: usize,
    pub reported: usize,
}

impl Coverage {
    /// Reported units over counted units, 0 to 1 (1 when no unit is counted, so nothing is missing).
    pub fn share(self) -> f64 {
        if self.counted == 0 {
            1.0
        } else {
            self.reported as f64 / self.counted as f64
        }
    }

    /// Every counted unit has a figure (and some unit is counted).
    pub fn complete(self) -> bool {
        self.counted > 0 && self.reported == self.counted
    }
}

/// One year of a roll-up target: its coverage, the roll-up, and the area's figure with where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct RolledYear {
    pub year: i32,
    pub coverage: Coverage,
    /// The roll-up of the units that reported (shown with its coverage; used only when complete).
    pub rollup: Option<f64>,
    /// The area's figure for the methodology: entered, else the complete roll-up, else none.
    pub figure: Option<Figure>,
    pub source: Option<ValueSource>,
    /// An entered figure and a complete roll-up differ by more than the tolerance.
    pub mismatch: bool,
}

/// The effective figures of some units of one year, added up: all the roll-up needs from them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Totals {
    pub reported: usize,
    /// How many of the figures are estimates (the roll-up is official only when none is).
    pub estimates: usize,
    pub value_sum: f64,
    pub numerator_sum: f64,
    pub denominator_sum: f64,
    pub yes_count: usize,
}

impl Totals {
    pub fn add(&mut self, figure: &UnitFigure) {
        self.reported += 1;
        self.estimates += usize::from(figure.quality == Quality::Estimate);
        match figure.reading {
            UnitReading::Value(v) => self.value_sum += v,
            UnitReading::Ratio {
                numerator,
                denominator,
            } => {
                self.numerator_sum += numerator;
                self.denominator_sum += denominator;
            }
            UnitReading::YesNo(yes) => self.yes_count += usize::from(yes),
        }
    }

    pub fn merge(&mut self, other: &Totals) {
        self.reported += other.reported;
        self.estimates += other.estimates;
        self.value_sum += other.value_sum;
        self.numerator_sum += other.numerator_sum;
        self.denominator_sum += other.denominator_sum;
        self.yes_count += other.yes_count;
    }
}

/// A year's totals of the units of one kind that never changed (no start, no end date; `unit` none): such a
/// unit counts in every year when its kind does, so its figures need not be read one by one. Or the totals of
/// one unit that started or ended (`unit` its code), counted in the years it is valid at the counting day. The
/// database keeps these (`rollup_totals`), and a dashboard reads them instead of every unit's figure.
#[derive(Debug, Clone, PartialEq)]
pub struct KindTotals {
    pub year: i32,
    pub kind: String,
    pub unit: Option<String>,
    pub totals: Totals,
}

/// A target's unit figures as the roll-up takes them: per year, the totals of the units of each kind that never
/// changed and of each unit that did. The same shape whether the database kept them or the domain added them up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitInputs {
    pub totals: Vec<KindTotals>,
}

impl UnitInputs {
    /// Adds up a target's unit figures as the database does: the effective figure (official over estimate) of
    /// each unit and year, per year and kind for units that never changed, per unit for the others. Figures of
    /// units the catalog does not have are left out.
    pub fn from_figures(units: &[Unit], figures: &[UnitFigure]) -> UnitInputs {
        let by_code: std::collections::HashMap<&str, &Unit> =
            units.iter().map(|u| (u.code.as_str(), u)).collect();
        // By unit and year (figures come from storage in that order already: the sort then only checks it).
        let mut sorted: Vec<&UnitFigure> = figures.iter().collect();
        sorted.sort_by(|a, b| (a.unit.as_str(), a.year).cmp(&(b.unit.as_str(), b.year)));
        let mut totals: BTreeMap<(i32, &str, Option<&str>), Totals> = BTreeMap::new();
        let mut unit: Option<&Unit> = None;
        for group in sorted.chunk_by(|a, b| a.unit == b.unit && a.year == b.year) {
            let first = group[0];
            if unit.is_none_or(|u| u.code != first.unit) {
                unit = by_code.get(first.unit.as_str()).copied();
            }
            let Some(u) = unit else {
                continue;
            };
            // Official over estimate.
            let best = group.iter().max_by_key(|f| f.quality).unwrap_or(&first);
            let one = (!u.never_changed()).then_some(u.code.as_str());
            totals
                .entry((first.year, u.kind.as_str(), one))
                .or_default()
                .add(best);
        }
        UnitInputs {
            totals: totals
                .into_iter()
                .map(|((year, kind, unit), totals)| KindTotals {
                    year,
                    kind: kind.to_string(),
                    unit: unit.map(str::to_string),
                    totals,
                })
                .collect(),
        }
    }
}

/// The roll-up of the reporting units' totals, `counted` units being counted.
fn combine(rollup: &Rollup, totals: &Totals, counted: usize) -> Option<f64> {
    if totals.reported == 0 {
        // Nobody reported: there is nothing to add up (not a zero).
        return None;
    }
    match rollup {
        Rollup::None => None,
        Rollup::Sum => Some(totals.value_sum),
        Rollup::Ratio => (totals.denominator_sum > 0.0)
            .then(|| 100.0 * totals.numerator_sum / totals.denominator_sum),
        Rollup::ShareOfUnits(_) => {
            (counted > 0).then(|| 100.0 * totals.yes_count as f64 / counted as f64)
        }
        Rollup::CountOfUnits(_) => Some(totals.yes_count as f64),
    }
}

/// Whether an entered value and a complete roll-up disagree: by more than 0.5 percentage points for percentages,
/// else by more than 0.5% of the entered value.
fn disagree(entered: f64, rolled: f64, percent: bool) -> bool {
    let tolerance = if percent { 0.5 } else { 0.005 * entered.abs() };
    (entered - rolled).abs() > tolerance
}

/// What a roll-up year needs to know about the target and its area.
pub struct RollupOf<'a> {
    rollup: &'a Rollup,
    percent: bool,
    units: &'a [Unit],
    area: Option<&'a Area>,
    /// The units that started or ended, of the counted kinds: checked year by year.
    changing: Vec<&'a Unit>,
    /// How many units that never changed are of the counted kinds (counted every year).
    stable_counted: usize,
}

impl<'a> RollupOf<'a> {
    pub fn new(
        rollup: &'a Rollup,
        percent: bool,
        units: &'a [Unit],
        area: Option<&'a Area>,
    ) -> Self {
        let kinds = rollup.counted_kinds();
        let of_kind = |u: &&Unit| kinds.is_empty() || kinds.contains(&u.kind);
        let (stable, changing): (Vec<&Unit>, Vec<&Unit>) = units
            .iter()
            .filter(of_kind)
            .partition(|u| u.never_changed());
        RollupOf {
            rollup,
            percent,
            units,
            area,
            changing,
            stable_counted: stable.len(),
        }
    }

    /// Whether a kind is counted by this roll-up.
    fn counts(&self, kind: &str) -> bool {
        let kinds = self.rollup.counted_kinds();
        kinds.is_empty() || kinds.iter().any(|k| k == kind)
    }

    /// One year: the units counted that year (of the counted kinds), their effective figures, the roll-up, and
    /// the area's figure (`entered` is the area's own effective figure of the year, if any).
    pub fn year(
        &self,
        year: i32,
        unit_figures: &[UnitFigure],
        entered: Option<Figure>,
    ) -> RolledYear {
        let of_year: Vec<UnitFigure> = unit_figures
            .iter()
            .filter(|f| f.year == year)
            .cloned()
            .collect();
        let inputs = UnitInputs::from_figures(self.units, &of_year);
        self.rolled(year, inputs.totals.iter(), entered)
    }

    /// One year from its totals: those of the units of a counted kind that never changed, and those of each
    /// changed unit valid at the year's counting day.
    fn rolled<'f>(
        &self,
        year: i32,
        of_year: impl Iterator<Item = &'f KindTotals>,
        entered: Option<Figure>,
    ) -> RolledYear {
        let day = counting_day(year, self.area);
        let counted_changing: std::collections::HashSet<&str> = self
            .changing
            .iter()
            .filter(|u| day.is_some_and(|d| u.valid_on(d)))
            .map(|u| u.code.as_str())
            .collect();
        let counted = match day {
            Some(_) => self.stable_counted + counted_changing.len(),
            None => 0,
        };
        let mut totals = Totals::default();
        for k in of_year {
            let counted = match &k.unit {
                None => self.counts(&k.kind),
                Some(code) => counted_changing.contains(code.as_str()),
            };
            if counted {
                totals.merge(&k.totals);
            }
        }
        let rollup = combine(self.rollup, &totals, counted);
        let coverage = Coverage {
            counted,
            reported: totals.reported,
        };
        // The roll-up's quality: official only when every unit's figure is.
        let quality = match totals.estimates {
            0 => Quality::Official,
            _ => Quality::Estimate,
        };
        let rolled = rollup.filter(|_| coverage.complete()).map(|v| Figure {
            year,
            quality,
            reading: Reading::Value(v),
        });
        let mismatch = match (entered.and_then(|f| f.reading.value()), rolled) {
            (Some(e), Some(r)) => r
                .reading
                .value()
                .is_some_and(|r| disagree(e, r, self.percent)),
            _ => false,
        };
        let (figure, source) = match (entered, rolled) {
            (Some(e), _) => (Some(e), Some(ValueSource::Entered)),
            (None, Some(r)) => (Some(r), Some(ValueSource::Rollup)),
            (None, None) => (None, None),
        };
        RolledYear {
            year,
            coverage,
            rollup,
            figure,
            source,
            mismatch,
        }
    }
}

/// One year's effective area figure among a target's area figures: official over estimate.
fn entered_in(area: &[Figure], year: i32) -> Option<Figure> {
    area.iter()
        .filter(|f| f.year == year)
        .max_by_key(|f| f.quality == Quality::Official)
        .copied()
}

/// A target's figures as the methodology takes them, and, for a roll-up target, each year's roll-up.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TargetFigures {
    /// The area's own figures, and the complete roll-up of each year that has none.
    pub figures: Vec<Figure>,
    /// Every year from the baseline to `as_of` (none for a target without a roll-up).
    pub years: Vec<RolledYear>,
}

/// The figures the methodology assesses a target on: its area figures, with each year that has none filled by
/// the complete roll-up of its units' figures (years from the baseline to `as_of`).
pub fn target_figures(
    catalog: &Catalog,
    target: &Target,
    area: &[Figure],
    units: &UnitInputs,
    as_of: i32,
) -> TargetFigures {
    if target.rollup == Rollup::None {
        return TargetFigures {
            figures: area.to_vec(),
            years: Vec::new(),
        };
    }
    let rolling = RollupOf::new(
        &target.rollup,
        target.is_percent(),
        &catalog.units,
        catalog.area.as_ref(),
    );
    let mut by_year: BTreeMap<i32, Vec<&KindTotals>> = BTreeMap::new();
    for k in &units.totals {
        by_year.entry(k.year).or_default().push(k);
    }
    let mut figures = area.to_vec();
    let years: Vec<RolledYear> = (catalog.resolution.baseline_year..=as_of)
        .map(|year| {
            let rolled = rolling.rolled(
                year,
                by_year.get(&year).into_iter().flatten().copied(),
                entered_in(area, year),
            );
            if let (Some(figure), Some(ValueSource::Rollup)) = (rolled.figure, rolled.source) {
                figures.push(figure);
            }
            rolled
        })
        .collect();
    TargetFigures { figures, years }
}

/// An official ratio figure of a unit (for tests).
#[cfg(test)]
pub fn official_ratio(unit: &str, year: i32, numerator: f64, denominator: f64) -> UnitFigure {
    UnitFigure {
        unit: unit.into(),
        year,
        quality: Quality::Official,
        reading: UnitReading::Ratio {
            numerator,
            denominator,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::units::unit;
    use proptest::prelude::*;

    fn of<'a>(rollup: &'a Rollup, percent: bool, units: &'a [Unit]) -> RollupOf<'a> {
        RollupOf::new(rollup, percent, units, None)
    }

    /// A town and three communes; two of them merge into a new one on 2024-12-01.
    fn area_units() -> Vec<Unit> {
        vec![
            unit("town", "thi_tran", None, None),
            unit("a", "xa", None, Some("2024-11-30")),
            unit("b", "xa", None, Some("2024-11-30")),
            unit("c", "xa", None, None),
            unit("ab", "xa", Some("2024-12-01"), None),
        ]
    }

    use super::official_ratio as ratio;

    fn yes(unit: &str, year: i32, yes: bool) -> UnitFigure {
        UnitFigure {
            unit: unit.into(),
            year,
            quality: Quality::Official,
            reading: UnitReading::YesNo(yes),
        }
    }

    #[test]
    fn a_complete_ratio_is_the_area_figure_and_a_partial_one_is_shown_not_judged() {
        let units = area_units();
        let rolling = of(&Rollup::Ratio, true, &units);
        // 2023: town 900/1000, a 400/500, b 300/500, c 200/250: 1800 / 2250 = 80%.
        let mut figures = vec![
            ratio("town", 2023, 900.0, 1000.0),
            ratio("a", 2023, 400.0, 500.0),
            ratio("b", 2023, 300.0, 500.0),
            ratio("c", 2023, 200.0, 250.0),
        ];
        let y = rolling.year(2023, &figures, None);
        assert_eq!(
            y.coverage,
            Coverage {
                counted: 4,
                reported: 4
            }
        );
        assert_eq!(
            (y.rollup, y.source),
            (Some(80.0), Some(ValueSource::Rollup))
        );
        assert_eq!(y.figure.and_then(|f| f.reading.value()), Some(80.0));
        // Two communes missing: half the units reported; the roll-up is shown, the year is not judged.
        figures.truncate(2);
        let y = rolling.year(2023, &figures, None);
        assert_eq!(
            y.coverage,
            Coverage {
                counted: 4,
                reported: 2
            }
        );
        assert!((y.coverage.share() - 0.5).abs() < 1e-12 && !y.coverage.complete());
        assert!(y.rollup.is_some(), "shown with its coverage");
        assert_eq!(y.figure, None, "never judged");
    }

    #[test]
    fn a_year_nobody_reported_has_no_rollup_not_a_zero() {
        let units = area_units();
        let kinds = vec!["xa".to_string()];
        for rollup in [
            Rollup::Sum,
            Rollup::Ratio,
            Rollup::ShareOfUnits(kinds.clone()),
            Rollup::CountOfUnits(kinds.clone()),
        ] {
            let y = of(&rollup, rollup.gives_percent(), &units).year(2023, &[], None);
            assert_eq!(y.coverage.reported, 0, "{rollup:?}");
            assert_eq!(y.rollup, None, "{rollup:?}: nobody reported");
            assert_eq!((y.figure, y.source), (None, None), "{rollup:?}");
        }
        // One commune's "no" is a real zero of the count, shown (partial) with its coverage.
        let count = Rollup::CountOfUnits(kinds);
        let y = of(&count, false, &units).year(2023, &[yes("c", 2023, false)], None);
        assert_eq!((y.rollup, y.coverage.reported), (Some(0.0), 1));
    }

    #[test]
    fn in_the_year_of_a_merge_only_the_units_valid_at_its_end_count() {
        let units = area_units();
        let share = Rollup::ShareOfUnits(vec!["xa".into()]);
        let rolling = of(&share, true, &units);
        // 2024: the communes at the year's end are c and ab (a and b merged away): one yes of two = 50%.
        let figures = vec![
            yes("a", 2024, true),
            yes("c", 2024, false),
            yes("ab", 2024, true),
        ];
        let y = rolling.year(2024, &figures, None);
        assert_eq!(
            y.coverage,
            Coverage {
                counted: 2,
                reported: 2
            }
        );
        assert_eq!(y.rollup, Some(50.0));
        let count = Rollup::CountOfUnits(vec!["xa".into()]);
        let counting = of(&count, false, &units);
        assert_eq!(counting.year(2024, &figures, None).rollup, Some(1.0));
    }

    #[test]
    fn an_entered_area_figure_wins_and_a_disagreeing_rollup_is_flagged() {
        let units = area_units();
        let rolling = of(&Rollup::Sum, false, &units);
        let value = |unit: &str, v| UnitFigure {
            unit: unit.into(),
            year: 2022,
            quality: Quality::Official,
            reading: UnitReading::Value(v),
        };
        let figures = vec![
            value("town", 40.0),
            value("a", 30.0),
            value("b", 30.0),
            value("c", 20.0),
        ];
        let entered = |v| {
            Some(Figure {
                year: 2022,
                quality: Quality::Official,
                reading: Reading::Value(v),
            })
        };
        let y = rolling.year(2022, &figures, entered(118.0));
        assert_eq!(y.source, Some(ValueSource::Entered));
        assert_eq!(y.figure.and_then(|f| f.reading.value()), Some(118.0));
        assert!(
            y.mismatch,
            "120 rolled up against 118 entered: more than 0.5%"
        );
        assert!(
            !rolling.year(2022, &figures, entered(120.4)).mismatch,
            "within 0.5% of 120.4"
        );
    }

    #[test]
    fn an_estimate_of_one_unit_makes_the_rollup_an_estimate_and_official_wins_per_unit() {
        let units = vec![unit("x", "xa", None, None), unit("y", "xa", None, None)];
        let rolling = of(&Rollup::Sum, false, &units);
        let f = |unit: &str, quality, v| UnitFigure {
            unit: unit.into(),
            year: 2021,
            quality,
            reading: UnitReading::Value(v),
        };
        let figures = vec![
            f("x", Quality::Estimate, 10.0),
            f("x", Quality::Official, 12.0),
            f("y", Quality::Estimate, 5.0),
        ];
        let y = rolling.year(2021, &figures, None);
        assert_eq!(
            y.rollup,
            Some(17.0),
            "x's official 12 over its estimate 10, plus y's 5"
        );
        assert_eq!(y.figure.map(|f| f.quality), Some(Quality::Estimate));
    }

    proptest! {
        /// The roll-up of a complete year is the hand sum (sum) and the ratio of the hand sums (ratio).
        #[test]
        fn a_complete_year_rolls_up_to_the_hand_computation(
            values in proptest::collection::vec((0u32..10_000, 1u32..10_000), 1..40)
        ) {
            let units: Vec<Unit> = (0..values.len()).map(|i| unit(&format!("u{i}"), "xa", None, None)).collect();
            let sums: Vec<UnitFigure> = values.iter().enumerate().map(|(i, (v, _))| UnitFigure {
                unit: format!("u{i}"),
                year: 2023,
                quality: Quality::Official,
                reading: UnitReading::Value(f64::from(*v)),
            }).collect();
            let ratios: Vec<UnitFigure> = values.iter().enumerate().map(|(i, (n, d))| {
                ratio(&format!("u{i}"), 2023, f64::from(*n.min(d)), f64::from(*d))
            }).collect();
            let summing = of(&Rollup::Sum, false, &units);
            let hand: f64 = values.iter().map(|(v, _)| f64::from(*v)).sum();
            prop_assert_eq!(summing.year(2023, &sums, None).rollup, Some(hand));
            let dividing = of(&Rollup::Ratio, true, &units);
            let (n, d) = values.iter().fold((0.0, 0.0), |(n, d), (a, b)| (n + f64::from(*a.min(b)), d + f64::from(*b)));
            let rolled = dividing.year(2023, &ratios, None).rollup.expect("a ratio");
            prop_assert!((rolled - 100.0 * n / d).abs() < 1e-9);
        }
    }
}

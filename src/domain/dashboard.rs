//! The whole resolution at a glance: every target's progress, counts per status, the breakthrough tasks. Its
//! serialised form is the `/api/v1/dashboard` body (and `report --json`).

use std::collections::HashMap;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::assessment::Assessment;
use super::catalog::{Breakthrough, Catalog, Comparator, Resolution, Target, TargetKind};
use super::measurement::Figure;
use super::progress::{assess, Progress, Status};
use super::rollup::{target_figures, RolledYear, TargetFigures, UnitInputs, ValueSource};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ResolutionView {
    pub code: String,
    pub title_vi: String,
    pub title_en: String,
    pub baseline_year: i32,
    pub goal_year: i32,
}

impl From<&Resolution> for ResolutionView {
    fn from(r: &Resolution) -> Self {
        ResolutionView {
            code: r.code.clone(),
            title_vi: r.title_vi.clone(),
            title_en: r.title_en.clone(),
            baseline_year: r.baseline_year,
            goal_year: r.goal_year,
        }
    }
}

/// A target's catalog fields as the API shows them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TargetView {
    pub code: String,
    pub group: String,
    pub group_title_vi: String,
    pub group_title_en: String,
    pub title_vi: String,
    pub title_en: String,
    pub source_text_vi: String,
    pub kind: TargetKind,
    pub comparator: Option<Comparator>,
    pub goal: Option<f64>,
    pub goal_year: i32,
    pub unit_vi: String,
    pub unit_en: String,
    pub breakthrough: Option<String>,
    /// The bounds entered values must keep (the catalog's, or the defaults for percentages and counts).
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub whole: bool,
    /// How the area's figure is built from its units' (`none`, `sum`, `ratio`, `share_of_units`,
    /// `count_of_units`), and the unit kinds a yes/no roll-up counts.
    pub rollup: &'static str,
    pub counted_kinds: Vec<String>,
    /// Who answers for it: the lead agency's code, and the co-operating agencies'.
    pub agency: Option<String>,
    pub co_agencies: Vec<String>,
}

impl TargetView {
    pub fn new(catalog: &Catalog, t: &Target) -> Self {
        let group = catalog.group(&t.group);
        let (min, max) = t.bounds();
        TargetView {
            code: t.code.clone(),
            group: t.group.clone(),
            group_title_vi: group.title_vi,
            group_title_en: group.title_en,
            title_vi: t.title_vi.clone(),
            title_en: t.title_en.clone(),
            source_text_vi: t.source_text_vi.clone(),
            kind: t.kind(),
            comparator: t.rule.goal().map(|g| g.comparator),
            goal: t.rule.goal().map(|g| g.value),
            goal_year: t.goal_year,
            unit_vi: t.unit_vi.clone(),
            unit_en: t.unit_en.clone(),
            breakthrough: t.breakthrough.clone(),
            min,
            max,
            whole: t.whole,
            rollup: t.rollup.as_str(),
            counted_kinds: t.rollup.counted_kinds().to_vec(),
            agency: t.agencies.lead.clone(),
            co_agencies: t.agencies.co.clone(),
        }
    }
}

/// One year of a roll-up target as the API shows it: how many units count and reported, the roll-up, and where
/// the area's value comes from.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RollupYearView {
    pub year: i32,
    pub units_counted: usize,
    pub units_reported: usize,
    /// Reported over counted, 0 to 1.
    pub coverage: f64,
    pub complete: bool,
    /// The roll-up of the units that reported (partial when not complete: shown, never judged).
    pub rollup_value: Option<f64>,
    /// `entered` (the area's own figure), `rollup` (the complete roll-up), or none.
    pub source_of_value: Option<ValueSource>,
    /// The area's value of the year, as the methodology takes it.
    pub value: Option<f64>,
    pub rollup_mismatch: bool,
}

impl From<&RolledYear> for RollupYearView {
    fn from(y: &RolledYear) -> Self {
        RollupYearView {
            year: y.year,
            units_counted: y.coverage.counted,
            units_reported: y.coverage.reported,
            coverage: y.coverage.share(),
            complete: y.coverage.complete(),
            rollup_value: y.rollup,
            source_of_value: y.source,
            value: y.figure.and_then(|f| f.reading.value()),
            rollup_mismatch: y.mismatch,
        }
    }
}

/// The methodology's progress object, with the status in words, and for a roll-up target its years' coverage.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProgressView {
    #[serde(flatten)]
    pub progress: Progress,
    pub status_label_vi: &'static str,
    pub status_label_en: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rollup_years: Vec<RollupYearView>,
}

impl From<Progress> for ProgressView {
    fn from(progress: Progress) -> Self {
        let status = progress.status;
        ProgressView {
            progress,
            status_label_vi: status.label(crate::domain::wording::Lang::Vi),
            status_label_en: status.label(crate::domain::wording::Lang::En),
            rollup_years: Vec::new(),
        }
    }
}

/// Every figure of a resolution by target code: the area's own and its units' (as the roll-up takes them).
#[derive(Debug, Clone, Default)]
pub struct ResolutionFigures {
    pub area: HashMap<String, Vec<Figure>>,
    pub units: HashMap<String, UnitInputs>,
}

impl ResolutionFigures {
    /// One target's figures as the methodology takes them (roll-ups filled in), as of `as_of`.
    pub fn of_target(&self, catalog: &Catalog, target: &Target, as_of: i32) -> TargetFigures {
        let none = UnitInputs::default();
        target_figures(
            catalog,
            target,
            self.area.get(&target.code).map_or(&[][..], Vec::as_slice),
            self.units.get(&target.code).unwrap_or(&none),
            as_of,
        )
    }
}

/// Assesses one target on its figures (roll-ups filled in), with its roll-up years.
pub fn assess_target(
    catalog: &Catalog,
    target: &Target,
    figures: &TargetFigures,
    as_of: i32,
) -> ProgressView {
    let progress = assess(
        target,
        catalog.resolution.baseline_year,
        &figures.figures,
        as_of,
    );
    ProgressView {
        rollup_years: figures.years.iter().map(RollupYearView::from).collect(),
        ..progress.into()
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DashboardTarget {
    #[serde(flatten)]
    pub target: TargetView,
    pub progress: ProgressView,
    /// How many of its figures up to the year assessed (the area's and its units') are not approved: counted
    /// but marked, or left out when the resolution counts approved figures alone.
    pub unapproved: usize,
    /// The committee's assessment of the year shown, if recorded, and whether it differs from the computed status.
    pub committee: Option<crate::domain::assessment::Assessment>,
    pub differs: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LinkedStatus {
    pub code: String,
    pub status: Status,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BreakthroughView {
    pub code: String,
    pub title_vi: String,
    pub title_en: String,
    pub source_text_vi: Option<String>,
    /// The linked targets' codes.
    pub targets: Vec<String>,
    pub statuses: Vec<LinkedStatus>,
    /// The latest assessment entered for it, if any.
    pub assessment: Option<Assessment>,
}

impl BreakthroughView {
    pub fn new(catalog: &Catalog, b: &Breakthrough, progress: &HashMap<&str, Status>) -> Self {
        let linked: Vec<&Target> = catalog.linked_targets(&b.code).collect();
        BreakthroughView {
            code: b.code.clone(),
            title_vi: b.title_vi.clone(),
            title_en: b.title_en.clone(),
            source_text_vi: b.source_text_vi.clone(),
            targets: linked.iter().map(|t| t.code.clone()).collect(),
            statuses: linked
                .iter()
                .map(|t| LinkedStatus {
                    code: t.code.clone(),
                    status: progress
                        .get(t.code.as_str())
                        .copied()
                        .unwrap_or(Status::NoData),
                })
                .collect(),
            assessment: None,
        }
    }
}

/// Counts per status, every status present, in the methodology's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary(pub [usize; Status::ALL.len()]);

impl Summary {
    pub fn count(&self, status: Status) -> usize {
        self.0[status as usize]
    }
}

/// Described as it is written: an object with every status's count.
impl utoipa::PartialSchema for Summary {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        let mut object =
            ObjectBuilder::new().description(Some("How many targets have each status."));
        for status in Status::ALL {
            let count = ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(0));
            object = object
                .property(status.as_str(), count)
                .required(status.as_str());
        }
        object.into()
    }
}

impl utoipa::ToSchema for Summary {}

impl Serialize for Summary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(Status::ALL.len()))?;
        for status in Status::ALL {
            map.serialize_entry(status.as_str(), &self.count(status))?;
        }
        map.end()
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Dashboard {
    pub as_of: i32,
    pub resolution: ResolutionView,
    pub summary: Summary,
    pub targets: Vec<DashboardTarget>,
    pub breakthroughs: Vec<BreakthroughView>,
    /// Once the goal year is reached: the term's final tally and what it still lacks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub final_assessment: Option<super::final_assessment::FinalAssessment>,
}

impl Dashboard {
    /// Only the targets the agency leads or co-operates on, the status counts theirs (the term's tally and the
    /// breakthrough tasks stay the resolution's).
    pub fn of_agency(mut self, catalog: &Catalog, agency: &str) -> Dashboard {
        let answers = |code: &str| {
            catalog
                .target(code)
                .is_some_and(|t| t.agencies.includes(agency))
        };
        self.targets.retain(|t| answers(&t.target.code));
        let mut summary = Summary::default();
        for t in &self.targets {
            summary.0[t.progress.progress.status as usize] += 1;
        }
        self.summary = summary;
        self
    }

    /// Marks each target with how many of its figures are not approved (by code).
    pub fn with_unapproved(mut self, counts: &HashMap<String, usize>) -> Dashboard {
        for t in &mut self.targets {
            t.unapproved = counts.get(&t.target.code).copied().unwrap_or(0);
        }
        self
    }

    /// Attaches the committee's assessment of each target (by code), flagging where it differs from the status
    /// the figures give.
    pub fn with_committee(
        mut self,
        mut found: HashMap<String, crate::domain::assessment::Assessment>,
    ) -> Dashboard {
        for t in &mut self.targets {
            t.committee = found.remove(&t.target.code);
            t.differs = t
                .committee
                .as_ref()
                .is_some_and(|c| c.status != t.progress.progress.status);
        }
        self
    }

    /// Attaches each breakthrough task's latest assessment (by code).
    pub fn with_assessments(mut self, mut latest: HashMap<String, Assessment>) -> Dashboard {
        for b in &mut self.breakthroughs {
            b.assessment = latest.remove(&b.code);
        }
        self
    }
}

/// Assesses every target of the catalog as of `as_of`, on the area's figures and its units' roll-ups.
pub fn dashboard(catalog: &Catalog, figures: &ResolutionFigures, as_of: i32) -> Dashboard {
    let mut summary = Summary::default();
    let targets: Vec<DashboardTarget> = catalog
        .targets
        .iter()
        .map(|t| {
            let progress = assess_target(catalog, t, &figures.of_target(catalog, t, as_of), as_of);
            summary.0[progress.progress.status as usize] += 1;
            DashboardTarget {
                target: TargetView::new(catalog, t),
                progress,
                unapproved: 0,
                committee: None,
                differs: false,
            }
        })
        .collect();
    let statuses: HashMap<&str, Status> = targets
        .iter()
        .map(|t| (t.target.code.as_str(), t.progress.progress.status))
        .collect();
    let breakthroughs = catalog
        .breakthroughs
        .iter()
        .map(|b| BreakthroughView::new(catalog, b, &statuses))
        .collect();
    Dashboard {
        as_of,
        resolution: (&catalog.resolution).into(),
        summary,
        final_assessment: {
            let progress: Vec<(&str, &Progress)> = targets
                .iter()
                .map(|t| (t.target.code.as_str(), &t.progress.progress))
                .collect();
            super::final_assessment::final_assessment(catalog, &progress, as_of)
        },
        targets,
        breakthroughs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::measurement::{Quality, Reading};

    #[test]
    fn dashboard_counts_every_status_and_links_breakthroughs() {
        let catalog = crate::domain::catalog::shipped_for_tests();
        let official = |year, value| Figure {
            year,
            quality: Quality::Official,
            reading: Reading::Value(value),
        };
        let figures = HashMap::from([
            (
                "T01".to_string(),
                vec![official(2020, 58.5), official(2024, 80.6)],
            ),
            (
                "T15".to_string(),
                vec![
                    official(2021, 131.0),
                    official(2022, 118.0),
                    official(2023, 125.0),
                ],
            ),
        ]);
        let figures = ResolutionFigures {
            area: figures,
            units: HashMap::new(),
        };
        let d = dashboard(&catalog, &figures, 2023);
        assert_eq!(d.summary.count(Status::NoData), 14);
        assert_eq!(d.summary.count(Status::NeedsAcceleration), 1);
        // as_of 2023 hides the 2024 income figure: one point left.
        assert_eq!(d.summary.count(Status::InsufficientData), 1);
        let json = serde_json::to_value(&d).expect("serialises");
        assert_eq!(json["summary"].as_object().map(|m| m.len()), Some(10));
        assert_eq!(json["targets"][0]["code"], "T01");
        assert_eq!(
            json["targets"][0]["progress"]["status_label_vi"],
            "Chưa đủ dữ liệu"
        );
        assert_eq!(
            json["breakthroughs"][2]["targets"],
            serde_json::json!(["T14", "T15"])
        );
        assert_eq!(
            json["breakthroughs"][2]["statuses"][1]["status"],
            "needs_acceleration"
        );
    }
}

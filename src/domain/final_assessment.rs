//! The term's final assessment (methodology v2): once the goal year is reached, the dashboard's tally of targets
//! met ("đạt và vượt"), not met, and without enough data, and what is still missing for each of the last.

use serde::Serialize;

use super::catalog::{Catalog, Rule};
use super::lang::Lang;
use super::progress::Progress;
use super::progress::Status;

/// A target the final assessment cannot judge yet, and what it lacks.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Missing {
    pub code: String,
    pub missing_vi: String,
    pub missing_en: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FinalAssessment {
    /// "2020-2025".
    pub term: String,
    pub targets: usize,
    pub achieved: usize,
    pub missed: usize,
    pub not_judged: usize,
    pub missing: Vec<Missing>,
}

impl FinalAssessment {
    /// "Tổng kết nhiệm kỳ 2020-2025" / "Final assessment of the 2020-2025 term".
    pub fn heading(&self, lang: Lang) -> String {
        match lang {
            Lang::Vi => format!("Tổng kết nhiệm kỳ {}", self.term),
            Lang::En => format!("Final assessment of the {} term", self.term),
        }
    }

    /// "đạt và vượt 9/16 chỉ tiêu · không đạt 3 · chưa đủ dữ liệu 4".
    pub fn tally(&self, lang: Lang) -> String {
        match lang {
            Lang::Vi => format!(
                "đạt và vượt {}/{} chỉ tiêu · không đạt {} · chưa đủ dữ liệu {}",
                self.achieved, self.targets, self.missed, self.not_judged
            ),
            Lang::En => format!(
                "{} of {} targets met or exceeded · {} not met · {} without enough data",
                self.achieved, self.targets, self.missed, self.not_judged
            ),
        }
    }
}

/// The final assessment of a term that has ended as of the dashboard's year; none while it runs. `targets` are
/// the dashboard's targets: each one's code and progress.
pub fn final_assessment(
    catalog: &Catalog,
    targets: &[(&str, &Progress)],
    as_of: i32,
) -> Option<FinalAssessment> {
    let r = &catalog.resolution;
    if !r.ended(as_of) {
        return None;
    }
    let status = |t: &&(&str, &Progress)| t.1.status;
    let achieved = targets
        .iter()
        .filter(|t| status(t) == Status::Achieved)
        .count();
    let missed = targets
        .iter()
        .filter(|t| status(t) == Status::Missed)
        .count();
    let missing = targets
        .iter()
        .filter(|t| !matches!(status(t), Status::Achieved | Status::Missed))
        .filter_map(|t| {
            let target = catalog.target(t.0)?;
            let p = t.1;
            let years = p.years_missing.as_ref().filter(|y| !y.is_empty()).map(|y| {
                y.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            });
            let (vi, en) = match (&target.rule, years, p.latest_year) {
                (Rule::EveryYear(_), Some(years), _) => (
                    format!("chưa có số liệu các năm {years}"),
                    format!("no figure for {years}"),
                ),
                (_, _, None) => (
                    "chưa có số liệu nào".to_string(),
                    "no figure at all".to_string(),
                ),
                _ => (
                    format!("chưa có số liệu năm {}", target.goal_year),
                    format!("no figure for {}", target.goal_year),
                ),
            };
            Some(Missing {
                code: t.0.to_string(),
                missing_vi: vi,
                missing_en: en,
            })
        })
        .collect::<Vec<_>>();
    Some(FinalAssessment {
        term: format!("{}-{}", r.baseline_year, r.goal_year),
        targets: targets.len(),
        achieved,
        missed,
        not_judged: missing.len(),
        missing,
    })
}

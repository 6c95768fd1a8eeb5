//! The field's model: resolutions, targets, measurements and the progress methodology. Pure Rust, no IO.

pub mod account;
pub mod approval;
pub mod assessment;
pub mod calendar;
pub mod catalog;
pub mod catalog_changes;
pub mod catalog_edit;
pub mod catalog_form;
pub mod checks;
pub mod completeness;
pub mod dashboard;
pub mod entry_kind;
pub mod final_assessment;
pub mod history;
pub mod lang;
pub mod lineage;
pub mod measurement;
pub mod number;
pub mod progress;
pub mod rollup;
pub mod text;
pub mod unit_figures;
pub mod unit_progress;
pub mod units;
pub mod wording;
pub mod year_lock;

pub use catalog::{
    Breakthrough, Catalog, CatalogProblem, Comparator, Goal, Group, Resolution, Retired, Rule,
    Target, TargetKind,
};
pub use measurement::{Figure, MilestoneState, Quality, Reading};
pub use progress::{Progress, Status};

//! The application's flows, each written once and used by the pages, the API and the command line alike: they
//! take plain requests (a scope, a caller, what was sent), never a web type, and return views of their own or
//! the one [`error::AppError`].

pub mod accounts;
pub mod approval;
pub mod assessments;
pub mod checks;
pub mod completeness;
pub mod dashboard;
pub mod error;
pub mod figure_body;
pub mod figures;
pub mod history;
pub mod import;
pub mod import_plan;
pub mod report;
pub mod scope;
pub mod signin;
pub mod target;
pub mod template;
pub mod throttle;
pub mod units;
pub mod views;
pub mod words;
pub mod year_locks;

/// The connection a flow runs on (the pages, the API and the command line each take one from their pool).
pub use crate::storage::DbConnection;
pub mod backup;
pub mod catalog;
pub mod catalog_boxes;
pub mod charts;
pub mod entry;
pub mod unit_views;

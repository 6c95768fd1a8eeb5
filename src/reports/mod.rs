//! Reports: the domain's progress turned into chart descriptions, and the pack of every chart with the data.

mod chart_input;
mod document;
mod pack;
pub mod palette;
mod results;
pub mod words;
mod workbook;

pub use chart_input::{
    overview_chart, target_chart, terms_chart, units_chart, ChartFigures, TermFigures,
};
pub use document::ReportKind;
pub use pack::{
    document_name, render_all, report_document, report_zip, resolution_figures, results_workbook,
    workbook_name, PackNotes, ReportError,
};
pub use palette::status_colour;

//! Reports: the domain's progress turned into chart descriptions, and the pack of every chart with the data.

mod chart_input;
mod pack;
pub mod palette;
pub mod words;

pub use chart_input::{
    overview_chart, target_chart, terms_chart, units_chart, ChartFigures, TermFigures,
};
pub use pack::{render_all, report_zip, PackNotes, ReportError};
pub use palette::status_colour;

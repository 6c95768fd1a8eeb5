//! PNG charts for reports: a plain description in, PNG bytes out. Knows nothing of storage, HTTP or the
//! methodology; of the domain it uses only the pure number formatting, so figures read the same everywhere.

mod draw;
mod encode;
mod input;
mod overview;
mod target;
mod text;
mod units;

pub use encode::{decode_png, encode_png, DecodedPng};
pub use input::{
    Bar, ChartText, Colour, LevelPoint, MilestoneStep, OverviewChart, OverviewGroup, OverviewRow,
    Size, TargetBody, TargetChart, TermSeries, UnitBar, UnitsChart,
};

use std::sync::OnceLock;

use plotters::style::FontStyle;

/// The smallest text drawn, in pixels: below it a phone's screen shows no letters.
pub const SMALLEST_TEXT: f64 = 11.0;

/// Chart sizes accepted from users, in pixels, each side.
pub const SIZES: std::ops::RangeInclusive<u32> = 300..=4000;

#[derive(Debug, thiserror::Error)]
#[error("chart: {0}")]
pub struct ChartError(pub String);

impl ChartError {
    fn from_display(e: impl std::fmt::Display) -> Self {
        ChartError(e.to_string())
    }
}

/// Registers the bundled DejaVu Sans (it covers Vietnamese) as "sans-serif", once; no system font is needed.
fn fonts() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            plotters::style::register_font(
                "sans-serif",
                FontStyle::Normal,
                dejavu::sans::regular(),
            )
            .map_err(|_| "the bundled regular font did not load".to_string())?;
            plotters::style::register_font("sans-serif", FontStyle::Bold, dejavu::sans::bold())
                .map_err(|_| "the bundled bold font did not load".to_string())
        })
        .clone()
        .map_err(ChartError)
}

/// Draws on a white canvas of this size and encodes it as PNG.
fn render(
    size: Size,
    draw: impl FnOnce(&mut [u8]) -> Result<(), ChartError>,
) -> Result<Vec<u8>, ChartError> {
    fonts()?;
    let mut rgb = vec![255u8; size.width as usize * size.height as usize * 3];
    draw(&mut rgb)?;
    encode_png(&rgb, size.width, size.height)
}

/// Renders a target's chart to PNG.
pub fn render_target(chart: &TargetChart) -> Result<Vec<u8>, ChartError> {
    render(chart.size, |rgb| target::draw(rgb, chart))
}

/// Renders the overview of every target to PNG.
pub fn render_overview(chart: &OverviewChart) -> Result<Vec<u8>, ChartError> {
    render(chart.size, |rgb| overview::draw(rgb, chart))
}

/// Renders a roll-up target's units in a year to PNG.
pub fn render_units(chart: &UnitsChart) -> Result<Vec<u8>, ChartError> {
    render(chart.size, |rgb| units::draw(rgb, chart))
}

#[cfg(test)]
mod tests;

//! What both chart types draw the same way: text that fits, the header with its status badge, the footer.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use unicode_normalization::UnicodeNormalization;

use super::input::Colour;
pub use super::text::TextFont;
use super::ChartError;
use crate::domain::number::Decimal;

/// The smallest scale a chart is laid out at: its 15-pixel text stays at 11 pixels, legible on a phone, and
/// what no longer fits a small canvas is cut (ellipsis) or left out rather than shrunk.
pub const SMALLEST_SCALE: f64 = super::SMALLEST_TEXT / 15.0;

pub use super::text::Area;

pub fn rgb(c: Colour) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

pub fn fail(e: impl std::fmt::Display) -> ChartError {
    ChartError(e.to_string())
}

/// Text goes in as NFC: one code point a Vietnamese letter, as the font's precomposed glyphs draw it best.
pub fn nfc(text: &str) -> String {
    text.nfc().collect()
}

pub fn font(size: f64, bold: bool) -> TextFont {
    TextFont {
        size: size.max(6.0),
        bold,
    }
}

pub fn text_width(text: &str, font: &TextFont) -> u32 {
    super::text::width(text, *font)
}

/// Cuts `text` to fit `width`, ending in "…" when it had to cut.
pub fn ellipsis(text: &str, width: u32, font: &TextFont) -> String {
    if text_width(text, font) <= width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_string()
            + "…";
        if text_width(&candidate, font) <= width {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    chars[..lo]
        .iter()
        .collect::<String>()
        .trim_end()
        .to_string()
        + "…"
}

/// Wraps `text` at spaces into at most `max_lines` lines of `width`; the last line ends in "…" if text is left.
pub fn wrap(text: &str, width: u32, max_lines: usize, font: &TextFont) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, word) in words.iter().enumerate() {
        let candidate = if current.is_empty() {
            (*word).to_string()
        } else {
            format!("{current} {word}")
        };
        if text_width(&candidate, font) <= width || current.is_empty() {
            current = candidate;
            continue;
        }
        if lines.len() + 1 == max_lines {
            let rest = words[i..].join(" ");
            lines.push(ellipsis(&format!("{current} {rest}"), width, font));
            return lines;
        }
        lines.push(std::mem::take(&mut current));
        current = (*word).to_string();
    }
    if !current.is_empty() {
        lines.push(ellipsis(&current, width, font));
    }
    lines
}

/// Draws one line of text with its anchor at `pos`, shaped (see [`super::text`]).
pub fn label(
    area: &Area<'_>,
    text: &str,
    pos: (i32, i32),
    font: &TextFont,
    colour: Colour,
    anchor: (HPos, VPos),
) -> Result<(), ChartError> {
    super::text::draw(area, text, pos, *font, colour, anchor)
}

/// A horizontal bar: its grey track from `x0` to `x1`, filled in `colour` from `x0` to `fill_x`, centred on `cy`.
pub fn track_bar(
    area: &Area<'_>,
    (x0, x1): (i32, i32),
    fill_x: i32,
    (cy, height): (i32, i32),
    colour: Colour,
) -> Result<(), ChartError> {
    let (top, bottom) = (cy - height / 2, cy + height / 2);
    area.draw(&Rectangle::new(
        [(x0, top), (x1, bottom)],
        rgb(Colour::TRACK).filled(),
    ))
    .map_err(fail)?;
    if fill_x > x0 {
        area.draw(&Rectangle::new(
            [(x0, top), (fill_x, bottom)],
            rgb(colour).filled(),
        ))
        .map_err(fail)?;
    }
    Ok(())
}

/// Scale factor from the design size to the actual one: fonts and strokes follow it.
pub fn scale(width: u32, height: u32, design: (u32, u32)) -> f64 {
    (f64::from(width) / f64::from(design.0))
        .min(f64::from(height) / f64::from(design.1))
        .max(SMALLEST_SCALE)
}

/// The title (wrapped, two lines at most) on the left and the status badge on the right; returns the height used.
pub fn header(
    area: &Area<'_>,
    title: &str,
    badge: Option<(&str, Colour)>,
    subtitle: &[String],
    s: f64,
) -> Result<u32, ChartError> {
    let (w, _) = area.dim_in_pixel();
    let pad = (20.0 * s) as i32;
    let title_font = font(28.0 * s, true);
    let badge_font = font(22.0 * s, true);
    let badge_w = badge.map_or(0, |(text, _)| {
        text_width(text, &badge_font) + (28.0 * s) as u32
    });
    let title_w = w.saturating_sub(badge_w + 3 * pad as u32);
    let lines = wrap(title, title_w, 2, &title_font);
    let line_h = (36.0 * s) as i32;
    let mut y = pad;
    for line in &lines {
        label(
            area,
            line,
            (pad, y),
            &title_font,
            Colour::TEXT,
            (HPos::Left, VPos::Top),
        )?;
        y += line_h;
    }
    if let Some((text, colour)) = badge {
        let bh = (40.0 * s) as i32;
        let x1 = w as i32 - pad;
        let x0 = x1 - badge_w as i32;
        area.draw(&Rectangle::new(
            [(x0, pad), (x1, pad + bh)],
            rgb(colour).filled(),
        ))
        .map_err(fail)?;
        label(
            area,
            text,
            ((x0 + x1) / 2, pad + bh / 2),
            &badge_font,
            colour.text_on(),
            (HPos::Center, VPos::Center),
        )?;
    }
    let sub_font = font(19.0 * s, false);
    for line in subtitle {
        let text = ellipsis(line, w.saturating_sub(2 * pad as u32), &sub_font);
        label(
            area,
            &text,
            (pad, y + (4.0 * s) as i32),
            &sub_font,
            Colour::MUTED,
            (HPos::Left, VPos::Top),
        )?;
        y += (27.0 * s) as i32;
    }
    Ok((y + (8.0 * s) as i32).max(0) as u32)
}

/// The footnote at the bottom-left, one line, cut to fit.
pub fn footer(area: &Area<'_>, text: &str, s: f64) -> Result<(), ChartError> {
    let (w, h) = area.dim_in_pixel();
    let pad = (20.0 * s) as i32;
    let f = font(15.0 * s, false);
    let text = ellipsis(text, w.saturating_sub(2 * pad as u32), &f);
    label(
        area,
        &text,
        (pad, h as i32 - (12.0 * s) as i32),
        &f,
        Colour::MUTED,
        (HPos::Left, VPos::Bottom),
    )
}

/// A number as the chart's language writes it, with at most `decimals` places.
pub fn number(value: f64, decimals: usize, decimal_comma: bool) -> String {
    let decimal = if decimal_comma {
        Decimal::Comma
    } else {
        Decimal::Point
    };
    crate::domain::number::format(value, decimals, decimal)
}

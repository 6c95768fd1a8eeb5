//! A roll-up target's units in one year: a bar per unit on one scale, the goal and the area's figure as
//! vertical lines, the figure in words at each bar's end. Text keeps a legible size on a small canvas; rows that
//! do not fit are left out and counted in the footnote.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw::{
    ellipsis, fail, font, footer, header, label, nfc, rgb, scale, text_width, track_bar,
};
use super::input::{Colour, UnitsChart};
use super::{ChartError, SMALLEST_TEXT};

pub fn draw(buf: &mut [u8], chart: &UnitsChart) -> Result<(), ChartError> {
    let c = chart.drawable();
    let (w, h) = (c.size.width, c.size.height);
    let root = BitMapBackend::with_buffer(buf, (w, h)).into_drawing_area();
    let s = scale(w, h, (1200, 700));
    let top = header(&root, &nfc(&c.title), None, &[nfc(&c.subtitle)], s)?;
    let pad = (20.0 * s) as i32;
    let footer_h = (34.0 * s) as i32;
    let lines_h = (28.0 * s) as i32;
    let plot_top = top as i32 + lines_h;
    let text_size = (15.0 * s).max(SMALLEST_TEXT);
    // Room under the bars for the value axis and its numbers.
    let axis_h = if c.ticks.is_empty() {
        0
    } else {
        (text_size * 1.8) as i32
    };
    let plot_bottom = h as i32 - footer_h - (6.0 * s) as i32 - axis_h;
    let row_h_min = text_size * 1.35;
    let available = f64::from((plot_bottom - plot_top).max(1));
    let fits = ((available / row_h_min).floor() as usize).max(1);
    let shown = c.rows.len().min(fits);
    let row_h = (available / shown.max(1) as f64).min(34.0 * s);
    let row_font = font(text_size, false);
    // Labels take at most a third of a narrow chart, else 30%.
    let label_w = (f64::from(w) * if w < 700 { 0.34 } else { 0.30 }) as i32;
    let value_w = (f64::from(w) * if w < 700 { 0.27 } else { 0.16 }) as i32;
    let bar_x0 = pad + label_w + (8.0 * s) as i32;
    let bar_x1 = (w as i32 - pad - value_w).max(bar_x0 + 1);
    let x_of = |v: f64| bar_x0 + (f64::from(bar_x1 - bar_x0) * (v / c.max).clamp(0.0, 1.0)) as i32;
    let bar_h = (row_h * 0.6).max(3.0) as i32;
    let rows_bottom = plot_top + (row_h * shown as f64) as i32;

    for (i, row) in c.rows.iter().take(shown).enumerate() {
        let cy = plot_top + (row_h * (i as f64 + 0.5)) as i32;
        let text = ellipsis(&nfc(&row.label), label_w as u32, &row_font);
        label(
            &root,
            &text,
            (pad, cy),
            &row_font,
            Colour::TEXT,
            (HPos::Left, VPos::Center),
        )?;
        let end = row.value.map_or(bar_x0, x_of);
        track_bar(&root, (bar_x0, bar_x1), end, (cy, bar_h), row.colour)?;
        let value = ellipsis(&nfc(&row.value_label), value_w as u32, &row_font);
        label(
            &root,
            &value,
            (bar_x1 + (8.0 * s) as i32, cy),
            &row_font,
            Colour::TEXT,
            (HPos::Left, VPos::Center),
        )?;
    }

    // The goal and the area's figure: lines over the bars, their words above the plot.
    let line_font = font(text_size, true);
    let mut words_end = i32::MIN;
    for (line, colour) in [(&c.goal, Colour::GOAL), (&c.area, Colour::SERIES)] {
        let Some((value, words)) = line else {
            continue;
        };
        let x = x_of(*value);
        let width = (2.0 * s).max(2.0) as i32;
        root.draw(&Rectangle::new(
            [
                (x - width / 2, plot_top - (4.0 * s) as i32),
                (x + width / 2, rows_bottom),
            ],
            rgb(colour).filled(),
        ))
        .map_err(fail)?;
        let text = nfc(words);
        let tw = text_width(&text, &line_font) as i32;
        // Right of the line if it fits, else left of it; never over the other line's words.
        let mut left = if x + tw + pad <= w as i32 {
            x + (4.0 * s) as i32
        } else {
            x - tw - (4.0 * s) as i32
        };
        if left < words_end {
            left = words_end + (10.0 * s) as i32;
        }
        if left + tw <= w as i32 {
            label(
                &root,
                &text,
                (left, plot_top - (8.0 * s) as i32),
                &line_font,
                colour,
                (HPos::Left, VPos::Bottom),
            )?;
            words_end = left + tw;
        }
    }

    if !c.ticks.is_empty() {
        value_axis(&root, &c, (bar_x0, bar_x1), rows_bottom, text_size, s)?;
    }

    let mut foot = nfc(&c.footnote);
    if shown < c.rows.len() {
        foot = format!("+{} · {foot}", c.rows.len() - shown);
    }
    let (_, area) = root.split_vertically((h as i32 - footer_h).max(0) as u32);
    footer(&area, &foot, s)?;
    root.present().map_err(fail)
}

/// The value axis under the bars: a line on the bars' scale, a mark and the number at each tick.
fn value_axis(
    root: &DrawingArea<BitMapBackend<'_>, plotters::coord::Shift>,
    c: &UnitsChart,
    (x0, x1): (i32, i32),
    y: i32,
    text_size: f64,
    s: f64,
) -> Result<(), ChartError> {
    let y = y + (3.0 * s) as i32;
    let ink = rgb(Colour::MUTED);
    root.draw(&PathElement::new(vec![(x0, y), (x1, y)], ink))
        .map_err(fail)?;
    let tick_font = font(text_size * 0.85, false);
    let x_of = |v: f64| x0 + (f64::from(x1 - x0) * (v / c.max).clamp(0.0, 1.0)) as i32;
    let mut last_end = i32::MIN;
    for (value, words) in &c.ticks {
        let x = x_of(*value);
        root.draw(&PathElement::new(
            vec![(x, y), (x, y + (4.0 * s) as i32)],
            ink,
        ))
        .map_err(fail)?;
        let text = nfc(words);
        let half = text_width(&text, &tick_font) as i32 / 2;
        // A number that would touch the previous one is left out.
        if x - half > last_end + (6.0 * s) as i32 {
            label(
                root,
                &text,
                (x, y + (5.0 * s) as i32),
                &tick_font,
                Colour::MUTED,
                (HPos::Center, VPos::Top),
            )?;
            last_end = x + half;
        }
    }
    Ok(())
}

//! Every target's progress in one picture: a bar per target coloured by status, grouped, with a legend.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw::{
    ellipsis, fail, font, footer, header, label, nfc, number, rgb, scale, text_width, track_bar,
};
use super::input::{Colour, OverviewChart};
use super::ChartError;
use super::SMALLEST_TEXT;

pub fn draw(buf: &mut [u8], c: &OverviewChart) -> Result<(), ChartError> {
    let (w, h) = (c.size.width, c.size.height);
    let root = BitMapBackend::with_buffer(buf, (w, h)).into_drawing_area();
    let s = scale(w, h, (1600, 900));
    let top = header(&root, &nfc(&c.title), None, &[nfc(&c.subtitle)], s)?;
    let pad = (24.0 * s) as i32;

    // Legend rows at the bottom, above the footnote.
    let legend_font = font(15.0 * s, false);
    let swatch = (14.0 * s) as i32;
    let mut legend_rows: Vec<Vec<(String, Colour, i32)>> = vec![Vec::new()];
    let mut x = pad;
    for (text, colour) in &c.legend {
        let text = nfc(text);
        let item_w =
            swatch + (8.0 * s) as i32 + text_width(&text, &legend_font) as i32 + (22.0 * s) as i32;
        if x + item_w > w as i32 - pad && x > pad {
            legend_rows.push(Vec::new());
            x = pad;
        }
        if let Some(row) = legend_rows.last_mut() {
            row.push((text, *colour, x));
        }
        x += item_w;
    }
    let legend_line = (24.0 * s) as i32;
    let footer_h = (36.0 * s) as i32;
    let legend_top = h as i32 - footer_h - legend_line * legend_rows.len() as i32;
    for (i, row) in legend_rows.iter().enumerate() {
        let y = legend_top + legend_line * i as i32 + legend_line / 2;
        for (text, colour, x) in row {
            root.draw(&Rectangle::new(
                [(*x, y - swatch / 2), (*x + swatch, y + swatch / 2)],
                rgb(*colour).filled(),
            ))
            .map_err(fail)?;
            label(
                &root,
                text,
                (*x + swatch + (8.0 * s) as i32, y),
                &legend_font,
                Colour::MUTED,
                (HPos::Left, VPos::Center),
            )?;
        }
    }

    // The rows: group headings and one bar per target, sized to what fits.
    let rows: usize = c.groups.iter().map(|g| g.rows.len()).sum();
    let headings = c.groups.len();
    let available = (legend_top - (10.0 * s) as i32 - top as i32).max(1) as f64;
    let row_h = (available / (rows as f64 + headings as f64 * 1.3).max(1.0)).min(40.0 * s);
    // Never below a phone's legible size, never above the design's (the bounds stay ordered at any scale).
    let text_size = (row_h * 0.52).min(19.0 * s).max(SMALLEST_TEXT);
    let row_font = font(text_size, false);
    let head_font = font((text_size * 1.05).min(20.0 * s), true);
    // A narrow chart (a phone) keeps the labels readable and shows the status by its swatch alone: the legend
    // below says which colour is which.
    let narrow = w < 700;
    let label_w = (w as f64 * if narrow { 0.46 } else { 0.38 }) as i32;
    let bar_x0 = pad + label_w + (12.0 * s) as i32;
    let status_w = if narrow {
        (42.0 * s) as i32
    } else {
        (w as f64 * 0.17) as i32
    };
    let bar_x1 = w as i32 - pad - status_w;
    let bar_h = (row_h * 0.58).max(3.0) as i32;
    let mut y = top as f64;
    for group in &c.groups {
        let hy = (y + row_h * 0.65) as i32;
        label(
            &root,
            &ellipsis(&nfc(&group.title), (w as i32 - 2 * pad) as u32, &head_font),
            (pad, hy),
            &head_font,
            Colour::TEXT,
            (HPos::Left, VPos::Center),
        )?;
        y += row_h * 1.3;
        for row in &group.rows {
            let cy = (y + row_h / 2.0) as i32;
            let text = ellipsis(&nfc(&row.label), label_w as u32, &row_font);
            label(
                &root,
                &text,
                (pad + (10.0 * s) as i32, cy),
                &row_font,
                Colour::TEXT,
                (HPos::Left, VPos::Center),
            )?;
            let pct = row.progress_pct.clamp(0.0, 100.0);
            let fill_x = bar_x0 + ((bar_x1 - bar_x0) as f64 * pct / 100.0) as i32;
            track_bar(&root, (bar_x0, bar_x1), fill_x, (cy, bar_h), row.colour)?;
            let pct_text = format!("{}%", number(pct, 0, c.decimal_comma));
            let inside =
                fill_x - bar_x0 > text_width(&pct_text, &row_font) as i32 + (12.0 * s) as i32;
            // Inside the bar's end in the bar's text colour, or just after it in the page's.
            let (x, colour, anchor) = if inside {
                (fill_x - (6.0 * s) as i32, row.colour.text_on(), HPos::Right)
            } else {
                (fill_x + (6.0 * s) as i32, Colour::TEXT, HPos::Left)
            };
            label(
                &root,
                &pct_text,
                (x, cy),
                &row_font,
                colour,
                (anchor, VPos::Center),
            )?;
            // The status in words, dark for contrast, after a swatch of its colour.
            let sw = (bar_h / 2).max(3);
            let sx = bar_x1 + (14.0 * s) as i32;
            root.draw(&Rectangle::new(
                [(sx, cy - sw), (sx + 2 * sw, cy + sw)],
                rgb(row.colour).filled(),
            ))
            .map_err(fail)?;
            if !narrow {
                let status_font = font(text_size, true);
                let room = (status_w - (24.0 * s) as i32 - 2 * sw).max(10) as u32;
                let status = ellipsis(&nfc(&row.status_label), room, &status_font);
                label(
                    &root,
                    &status,
                    (sx + 2 * sw + (8.0 * s) as i32, cy),
                    &status_font,
                    Colour::TEXT,
                    (HPos::Left, VPos::Center),
                )?;
            }
            y += row_h;
        }
    }
    let (_, foot) = root.split_vertically((h as i32 - footer_h).max(0) as u32);
    footer(&foot, &nfc(&c.footnote), s)?;
    root.present().map_err(fail)
}

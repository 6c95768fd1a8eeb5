//! One target's chart: a level series with its goal line or path and the anticipated path, bars for each-year
//! targets, or a milestone's timeline.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw::{fail, font, footer, header, label, nfc, number, rgb, scale, Area};
use super::input::{Bar, Colour, LevelPoint, MilestoneStep, TargetBody, TargetChart, TermSeries};
use super::ChartError;

pub fn draw(buf: &mut [u8], c: &TargetChart) -> Result<(), ChartError> {
    let (w, h) = (c.size.width, c.size.height);
    let root = BitMapBackend::with_buffer(buf, (w, h)).into_drawing_area();
    let s = scale(w, h, (1200, 700));
    let mut subtitle = vec![nfc(&c.goal_label)];
    subtitle.extend(c.notes.iter().map(|n| nfc(n)));
    let top = header(
        &root,
        &nfc(&c.title),
        Some((&nfc(&c.status_label), c.status_colour)),
        &subtitle,
        s,
    )?;
    let footer_h = (40.0 * s) as u32;
    let (_, rest) = root.split_vertically(top.min(h / 2));
    let rest_h = rest.dim_in_pixel().1;
    let (plot, foot) = rest.split_vertically(rest_h.saturating_sub(footer_h));
    footer(&foot, &nfc(&c.footnote), s)?;
    match &c.body.drawable() {
        TargetBody::Level {
            points,
            goal,
            goal_path,
            goal_path_label,
            anticipated,
        } => level(
            &plot,
            c,
            points,
            goal.as_ref(),
            goal_path,
            goal_path_label,
            *anticipated,
            s,
        )?,
        TargetBody::Bars {
            bars,
            goal,
            goal_label,
        } => bars_chart(&plot, c, bars, *goal, goal_label, s)?,
        TargetBody::Timeline {
            steps,
            deadline,
            deadline_label,
        } => timeline(&plot, c, steps, *deadline, deadline_label, s)?,
        TargetBody::Terms { terms } => terms_chart(&plot, c, terms, s)?,
    }
    root.present().map_err(fail)
}

/// The value axis: from zero when that keeps the data readable, else from just under the lowest value. Always
/// finite and wide enough for floating point to tell its ticks apart for values already made drawable
/// ([`TargetBody::drawable`], which `draw` applies first).
fn value_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    // A span below a millionth of the values' size would leave no room between ticks.
    let span = (hi - lo)
        .max(hi.abs().max(lo.abs()) * 1e-6)
        .max(if hi > lo {
            0.0
        } else {
            hi.abs().max(1.0) * 0.2
        });
    let bottom = if lo >= 0.0 && lo - span * 0.6 <= 0.0 {
        0.0
    } else {
        lo - span * 0.15
    };
    // Headroom above the highest value for its label, in proportion to the axis actually shown.
    (bottom, hi + (hi - bottom).max(span) * 0.15)
}

fn decimals_for(span: f64) -> usize {
    if span < 5.0 {
        2
    } else if span < 50.0 {
        1
    } else {
        0
    }
}

fn stroke(c: Colour, width: f64) -> ShapeStyle {
    ShapeStyle {
        color: rgb(c).to_rgba(),
        filled: false,
        stroke_width: width.max(1.0) as u32,
    }
}

/// Year labels: whole years only (the axis may place its ticks between them), every `step`th year from `first`
/// (a narrow chart of many years cannot fit them all).
fn year_label(x: f64, first: i32, step: i32) -> String {
    let whole = (x - x.round()).abs() < 1e-6;
    if whole && (x.round() as i32 - first).rem_euclid(step.max(1)) == 0 {
        format!("{x:.0}")
    } else {
        String::new()
    }
}

/// The years under the axis, every `step`th from `first`, shaped as every other text (plotters draws the ticks).
fn year_numbers(
    area: &Area<'_>,
    chart: &LevelChart<'_, '_>,
    (first, last, step): (i32, i32, i32),
    s: f64,
) -> Result<(), ChartError> {
    let base = area.get_base_pixel();
    let spec = chart.as_coord_spec();
    let bottom = spec.y_spec().range().start;
    for x in spec.x_spec().key_points(year_ticks(first, last) * 2 + 1) {
        let text = year_label(x, first, step);
        if text.is_empty() {
            continue;
        }
        let (px, py) = chart.backend_coord(&(x, bottom));
        let pos = (px - base.0, py - base.1 + (10.0 * s) as i32);
        let anchor = (HPos::Center, VPos::Top);
        label(
            area,
            &text,
            pos,
            &font(16.0 * s, false),
            Colour::MUTED,
            anchor,
        )?;
    }
    Ok(())
}

/// How many numbers the value axis is given (plotters picks round ones, at most this many).
const Y_LABELS: usize = 6;

fn year_ticks(first: i32, last: i32) -> usize {
    usize::try_from(last - first + 1).unwrap_or(1).clamp(1, 30)
}

/// A chart with years across and values up: light horizontal grid, unit on the value axis, numbers in the chart's
/// language, room at the top for the legend.
fn value_axes<'a, 'b>(
    area: &'a Area<'b>,
    c: &TargetChart,
    x_range: std::ops::Range<f64>,
    (y0, y1): (f64, f64),
    (first, last): (i32, i32),
    s: f64,
) -> Result<LevelChart<'a, 'b>, ChartError> {
    // plotters loops for ever on an infinite or empty range: refuse it rather than hang the server.
    if !(y0.is_finite() && y1.is_finite() && y1 - y0 > (y0.abs().max(y1.abs())) * 1e-9) {
        return Err(ChartError(format!(
            "the value axis {y0}..{y1} cannot be drawn"
        )));
    }
    let decimals = decimals_for(y1 - y0);
    let comma = c.text.decimal_comma;
    // Every year's label when they fit side by side on the plot (the area less the value axis and margins).
    // (Four digits of DejaVu Sans are 2.55 em; measuring the text instead cost a millisecond a chart.)
    let label_w = 2.55 * (16.0 * s).max(6.0) + 12.0;
    let plot_w = f64::from(area.dim_in_pixel().0) - 150.0 * s;
    let per_year = plot_w.max(1.0) / f64::from((last - first + 1).max(1));
    let step = (label_w / per_year).ceil().max(1.0) as i32;
    let mut chart = ChartBuilder::on(area)
        .margin_left((20.0 * s) as u32)
        .margin_right((40.0 * s) as u32)
        .margin_top((36.0 * s) as u32)
        .x_label_area_size((40.0 * s) as u32)
        .y_label_area_size((90.0 * s) as u32)
        .build_cartesian_2d(x_range, y0..y1)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(rgb(Colour::GRID))
        .max_light_lines(0)
        .y_labels(Y_LABELS)
        .x_labels(year_ticks(first, last) * 2 + 1)
        // plotters draws the ticks; their numbers are drawn below, shaped as every other text.
        .x_label_formatter(&|_| String::new())
        .y_label_formatter(&|_| String::new())
        .axis_style(rgb(Colour::MUTED))
        .draw()
        .map_err(fail)?;
    let numbers = font(16.0 * s, false);
    let base = area.get_base_pixel();
    let at = |x: f64, y: f64| {
        let (px, py) = chart.backend_coord(&(x, y));
        (px - base.0, py - base.1)
    };
    let gap = (10.0 * s) as i32;
    let spec = chart.as_coord_spec();
    for y in spec.y_spec().key_points(Y_LABELS) {
        let (px, py) = at(spec.x_spec().range().start, y);
        let text = number(y, decimals, comma);
        let anchor = (HPos::Right, VPos::Center);
        label(area, &text, (px - gap, py), &numbers, Colour::MUTED, anchor)?;
    }
    year_numbers(area, &chart, (first, last, step), s)?;
    // The unit reads upwards beside the value axis, shaped as every other text.
    let (_, rows) = chart.plotting_area().get_pixel_range();
    let centre_y = (rows.start + rows.end) / 2 - area.get_base_pixel().1;
    let centre = ((34.0 * s) as i32, centre_y);
    let unit_font = font(16.0 * s, false);
    super::text::draw_upwards(area, &nfc(&c.unit), centre, unit_font, Colour::MUTED)?;
    Ok(chart)
}

#[allow(clippy::too_many_arguments)]
fn level(
    area: &Area<'_>,
    c: &TargetChart,
    points: &[LevelPoint],
    goal: Option<&(f64, String)>,
    goal_path: &[(i32, f64)],
    goal_path_label: &str,
    anticipated: Option<((i32, f64), (i32, f64))>,
    s: f64,
) -> Result<(), ChartError> {
    let first = points
        .iter()
        .map(|p| p.year)
        .chain([c.first_year])
        .min()
        .unwrap_or(c.first_year);
    let last = points
        .iter()
        .map(|p| p.year)
        .chain([c.last_year])
        .max()
        .unwrap_or(c.last_year);
    let values = points
        .iter()
        .map(|p| p.value)
        .chain(goal.map(|g| g.0))
        .chain(goal_path.iter().map(|p| p.1))
        .chain(anticipated.map(|a| a.1 .1));
    let (y0, y1) = value_range(values);
    // plotters loops for ever on an infinite or empty range: refuse it rather than hang the server.
    if !(y0.is_finite() && y1.is_finite() && y1 - y0 > (y0.abs().max(y1.abs())) * 1e-9) {
        return Err(ChartError(format!(
            "the value axis {y0}..{y1} cannot be drawn"
        )));
    }
    let decimals = decimals_for(y1 - y0);
    let comma = c.text.decimal_comma;
    let x_range = f64::from(first) - 0.5..f64::from(last) + 0.5;
    let mut chart = value_axes(area, c, x_range, (y0, y1), (first, last), s)?;

    if let Some((g, text)) = goal {
        let x0 = f64::from(first) - 0.5;
        let x1 = f64::from(last) + 0.5;
        chart
            .draw_series(DashedLineSeries::new(
                [(x0, *g), (x1, *g)],
                (12.0 * s) as u32,
                (6.0 * s) as u32,
                stroke(Colour::GOAL, 2.0 * s),
            ))
            .map_err(fail)?;
        let (px, py) = chart.backend_coord(&(x1, *g));
        plot_label(
            area,
            text,
            (px - (8.0 * s) as i32, py - (6.0 * s) as i32),
            s,
            Colour::GOAL,
            (HPos::Right, VPos::Bottom),
        )?;
    }
    if goal_path.len() >= 2 {
        let path: Vec<(f64, f64)> = goal_path.iter().map(|(y, v)| (f64::from(*y), *v)).collect();
        chart
            .draw_series(DashedLineSeries::new(
                path.clone(),
                (12.0 * s) as u32,
                (6.0 * s) as u32,
                stroke(Colour::GOAL, 2.0 * s),
            ))
            .map_err(fail)?;
        if let Some(end) = path.last() {
            let (px, py) = chart.backend_coord(end);
            plot_label(
                area,
                goal_path_label,
                (px, py - (10.0 * s) as i32),
                s,
                Colour::GOAL,
                (HPos::Right, VPos::Bottom),
            )?;
        }
    }
    let effective: Vec<(f64, f64)> = points
        .iter()
        .filter(|p| p.effective)
        .map(|p| (f64::from(p.year), p.value))
        .collect();
    chart
        .draw_series(LineSeries::new(
            effective.clone(),
            stroke(Colour::SERIES, 3.0 * s),
        ))
        .map_err(fail)?;
    if let Some(((ay, av), (ty, tv))) = anticipated {
        chart
            .draw_series(DashedLineSeries::new(
                [(f64::from(ay), av), (f64::from(ty), tv)],
                (4.0 * s) as u32,
                (5.0 * s) as u32,
                stroke(c.status_colour, 3.0 * s),
            ))
            .map_err(fail)?;
        let r = (7.0 * s) as i32;
        chart
            .draw_series([Circle::new(
                (f64::from(ty), tv),
                r,
                stroke(c.status_colour, 2.5 * s),
            )])
            .map_err(fail)?;
        // Only the number beside the point (the legend and the notes say what it is): short enough to stay clear
        // of the goal line or path above it and of the dotted line coming up from the lower left.
        let text = number(tv, decimals.max(1), comma);
        let (px, py) = chart.backend_coord(&(f64::from(ty), tv));
        plot_label(
            area,
            &text,
            (px - r - (6.0 * s) as i32, py - (4.0 * s) as i32),
            s,
            Colour::TEXT,
            (HPos::Right, VPos::Bottom),
        )?;
    }
    markers(
        area,
        &chart,
        points,
        (decimals, comma),
        s,
        (Colour::SERIES, &[]),
    )?;
    legend(area, c, s)
}

/// Each term's series and goal in its colour on one axis of years, a dashed line where a later term begins,
/// and the terms named at the top.
fn terms_chart(
    area: &Area<'_>,
    c: &TargetChart,
    terms: &[TermSeries],
    s: f64,
) -> Result<(), ChartError> {
    let years = terms.iter().flat_map(|t| {
        [t.first_year, t.last_year]
            .into_iter()
            .chain(t.points.iter().map(|p| p.year))
    });
    let first = years.clone().min().unwrap_or(c.first_year);
    let last = years.max().unwrap_or(c.last_year);
    let values = terms.iter().flat_map(|t| {
        t.points
            .iter()
            .map(|p| p.value)
            .chain(t.goal.as_ref().map(|g| g.0))
    });
    let (y0, y1) = value_range(values);
    let decimals = decimals_for(y1 - y0);
    let x_range = f64::from(first) - 0.5..f64::from(last) + 0.5;
    let mut chart = value_axes(area, c, x_range, (y0, y1), (first, last), s)?;
    for (i, t) in terms.iter().enumerate() {
        if i > 0 {
            let x = f64::from(t.first_year);
            chart
                .draw_series(DashedLineSeries::new(
                    [(x, y0), (x, y1)],
                    (6.0 * s) as u32,
                    (6.0 * s) as u32,
                    stroke(Colour::GRID, 2.0 * s),
                ))
                .map_err(fail)?;
        }
        if let Some((g, text)) = &t.goal {
            let (x0, x1) = (f64::from(t.first_year), f64::from(t.last_year) + 0.4);
            chart
                .draw_series(DashedLineSeries::new(
                    [(x0, *g), (x1, *g)],
                    (12.0 * s) as u32,
                    (6.0 * s) as u32,
                    stroke(t.colour, 2.0 * s),
                ))
                .map_err(fail)?;
            let (px, py) = chart.backend_coord(&(x1, *g));
            plot_label(
                area,
                text,
                (px, py - (6.0 * s) as i32),
                s,
                t.colour,
                (HPos::Right, VPos::Bottom),
            )?;
        }
        let effective: Vec<(f64, f64)> = t
            .points
            .iter()
            .filter(|p| p.effective)
            .map(|p| (f64::from(p.year), p.value))
            .collect();
        chart
            .draw_series(LineSeries::new(effective, stroke(t.colour, 3.0 * s)))
            .map_err(fail)?;
        // Where the next term has a figure of the same year (its baseline), this term's number goes below.
        let shared: Vec<i32> = terms
            .get(i + 1)
            .map(|next| next.points.iter().map(|p| p.year).collect())
            .unwrap_or_default();
        let style = (t.colour, &shared[..]);
        markers(
            area,
            &chart,
            &t.points,
            (decimals, c.text.decimal_comma),
            s,
            style,
        )?;
    }
    // The terms' names, each after a dot of its colour.
    let f = font(15.0 * s, false);
    let (r, gap, y) = ((6.0 * s) as i32, (24.0 * s) as i32, (18.0 * s) as i32);
    let mut x = (130.0 * s) as i32;
    for t in terms {
        area.draw(&Circle::new((x, y), r, rgb(t.colour).filled()))
            .map_err(fail)?;
        let text = nfc(&t.label);
        label(
            area,
            &text,
            (x + 2 * r, y),
            &f,
            Colour::MUTED,
            (HPos::Left, VPos::Center),
        )?;
        x += 2 * r + super::draw::text_width(&text, &f) as i32 + gap;
    }
    Ok(())
}

type LevelChart<'a, 'b> = ChartContext<
    'a,
    BitMapBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Bold text at a position given in the picture's pixels (as `backend_coord` returns them).
fn plot_label(
    area: &Area<'_>,
    text: &str,
    pos: (i32, i32),
    s: f64,
    colour: Colour,
    anchor: (HPos, VPos),
) -> Result<(), ChartError> {
    let (ox, oy) = area.get_base_pixel();
    label(
        area,
        &nfc(text),
        (pos.0 - ox, pos.1 - oy),
        &font(16.0 * s, true),
        colour,
        anchor,
    )
}

/// Official figures filled, estimates hollow, each with its value above it.
fn markers(
    area: &Area<'_>,
    chart: &LevelChart<'_, '_>,
    points: &[LevelPoint],
    (decimals, comma): (usize, bool),
    s: f64,
    (colour, below): (Colour, &[i32]),
) -> Result<(), ChartError> {
    let r = (7.0 * s) as i32;
    let (ox, oy) = area.get_base_pixel();
    let at = |p: &LevelPoint| {
        let (px, py) = chart.backend_coord(&(f64::from(p.year), p.value));
        (px - ox, py - oy)
    };
    for (i, p) in points.iter().enumerate() {
        let (x, y) = at(p);
        if p.official {
            area.draw(&Circle::new((x, y), r, rgb(colour).filled()))
                .map_err(fail)?;
        } else {
            area.draw(&Circle::new((x, y), r, rgb(Colour::WHITE).filled()))
                .map_err(fail)?;
            area.draw(&Circle::new((x, y), r, stroke(colour, 2.5 * s)))
                .map_err(fail)?;
        }
        if p.effective {
            let text = number(p.value, decimals.max(1), comma);
            // The number goes where the line is not: above, to the side the line leaves downwards; below a valley.
            let higher = |q: Option<&LevelPoint>| q.is_some_and(|q| at(q).1 < y);
            let (from_left, to_right) = (
                higher(i.checked_sub(1).and_then(|j| points.get(j))),
                higher(points.get(i + 1)),
            );
            let gap = (4.0 * s) as i32;
            let (dx, dy, hpos, vpos) = match (below.contains(&p.year), from_left, to_right) {
                (true, ..) | (false, true, true) => (0, r + gap, HPos::Center, VPos::Top),
                (false, false, true) => (-r / 2, -r - gap, HPos::Right, VPos::Bottom),
                (false, true, false) => (r / 2, -r - gap, HPos::Left, VPos::Bottom),
                (false, false, false) => (0, -r - gap, HPos::Center, VPos::Bottom),
            };
            label(
                area,
                &text,
                (x + dx, y + dy),
                &font(15.0 * s, false),
                Colour::TEXT,
                (hpos, vpos),
            )?;
        }
    }
    Ok(())
}

/// "● số chính thức  ○ số ước thực hiện  ┈ dự báo" at the plot's top-left.
fn legend(area: &Area<'_>, c: &TargetChart, s: f64) -> Result<(), ChartError> {
    let f = font(15.0 * s, false);
    let r = (6.0 * s) as i32;
    let gap = (24.0 * s) as i32;
    let y = (18.0 * s) as i32;
    let mut x = (130.0 * s) as i32;
    area.draw(&Circle::new((x, y), r, rgb(Colour::SERIES).filled()))
        .map_err(fail)?;
    let official = nfc(&c.text.official);
    label(
        area,
        &official,
        (x + 2 * r, y),
        &f,
        Colour::MUTED,
        (HPos::Left, VPos::Center),
    )?;
    x += 2 * r + super::draw::text_width(&official, &f) as i32 + gap;
    area.draw(&Circle::new((x, y), r, stroke(Colour::SERIES, 2.5 * s)))
        .map_err(fail)?;
    let estimate = nfc(&c.text.estimate);
    label(
        area,
        &estimate,
        (x + 2 * r, y),
        &f,
        Colour::MUTED,
        (HPos::Left, VPos::Center),
    )?;
    let has_forecast = matches!(
        c.body,
        TargetBody::Level {
            anticipated: Some(_),
            ..
        }
    );
    if has_forecast {
        x += 2 * r + super::draw::text_width(&estimate, &f) as i32 + gap;
        let dash = (4.0 * s) as i32;
        for i in 0..3 {
            let x0 = x - r + i * 2 * dash;
            area.draw(&Rectangle::new(
                [(x0, y - 1), (x0 + dash, y + 1)],
                rgb(c.status_colour).filled(),
            ))
            .map_err(fail)?;
        }
        label(
            area,
            &nfc(&c.text.anticipated),
            (x + 2 * r + dash, y),
            &f,
            Colour::MUTED,
            (HPos::Left, VPos::Center),
        )?;
    }
    unapproved_legend(area, c, s)
}

/// "* chưa duyệt: 2024 chính thức" under the legend, when some figure shown is not approved.
fn unapproved_legend(area: &Area<'_>, c: &TargetChart, s: f64) -> Result<(), ChartError> {
    let Some(text) = &c.text.unapproved else {
        return Ok(());
    };
    label(
        area,
        &nfc(&format!("* {text}")),
        ((130.0 * s) as i32, (40.0 * s) as i32),
        &font(14.0 * s, false),
        Colour::MUTED,
        (HPos::Left, VPos::Center),
    )
}

fn bars_chart(
    area: &Area<'_>,
    c: &TargetChart,
    bars: &[Bar],
    goal: f64,
    goal_label: &str,
    s: f64,
) -> Result<(), ChartError> {
    let first = bars
        .iter()
        .map(|b| b.year)
        .chain([c.first_year + 1])
        .min()
        .unwrap_or(c.first_year + 1);
    let last = bars
        .iter()
        .map(|b| b.year)
        .chain([c.last_year])
        .max()
        .unwrap_or(c.last_year);
    // Bars start at zero (when nothing is negative) so their heights compare honestly.
    let (y0, y1) = value_range(bars.iter().filter_map(|b| b.value).chain([goal, 0.0]));
    // plotters loops for ever on an infinite or empty range: refuse it rather than hang the server.
    if !(y0.is_finite() && y1.is_finite() && y1 - y0 > (y0.abs().max(y1.abs())) * 1e-9) {
        return Err(ChartError(format!(
            "the value axis {y0}..{y1} cannot be drawn"
        )));
    }
    let decimals = decimals_for(y1 - y0);
    let comma = c.text.decimal_comma;
    let x_range = f64::from(first) - 0.6..f64::from(last) + 0.6;
    let mut chart = value_axes(area, c, x_range, (y0, y1), (first, last), s)?;
    let half = 0.3;
    let (ox, oy) = area.get_base_pixel();
    for b in bars {
        let x = f64::from(b.year);
        match b.value {
            Some(v) => {
                let rect = [(x - half, y0), (x + half, v)];
                if b.official {
                    chart
                        .draw_series([Rectangle::new(rect, rgb(b.colour).filled())])
                        .map_err(fail)?;
                } else {
                    chart
                        .draw_series([Rectangle::new(rect, stroke(b.colour, 3.0 * s))])
                        .map_err(fail)?;
                }
                let (px, py) = chart.backend_coord(&(x, v));
                let text = number(v, decimals.max(1), comma);
                label(
                    area,
                    &text,
                    (px - ox, py - oy - (6.0 * s) as i32),
                    &font(16.0 * s, true),
                    Colour::TEXT,
                    (HPos::Center, VPos::Bottom),
                )?;
            }
            None => {
                let (px, py) = chart.backend_coord(&(x, y0));
                label(
                    area,
                    &nfc(&c.text.no_figure),
                    (px - ox, py - oy - (8.0 * s) as i32),
                    &font(14.0 * s, false),
                    Colour::MUTED,
                    (HPos::Center, VPos::Bottom),
                )?;
            }
        }
    }
    let x0 = f64::from(first) - 0.6;
    let x1 = f64::from(last) + 0.6;
    chart
        .draw_series(DashedLineSeries::new(
            [(x0, goal), (x1, goal)],
            (12.0 * s) as u32,
            (6.0 * s) as u32,
            stroke(Colour::GOAL, 2.5 * s),
        ))
        .map_err(fail)?;
    let (px, py) = chart.backend_coord(&(x1, goal));
    label(
        area,
        &nfc(goal_label),
        (px - ox - (6.0 * s) as i32, py - oy - (6.0 * s) as i32),
        &font(16.0 * s, true),
        Colour::GOAL,
        (HPos::Right, VPos::Bottom),
    )?;
    legend_bars(area, c, s)
}

fn legend_bars(area: &Area<'_>, c: &TargetChart, s: f64) -> Result<(), ChartError> {
    let f = font(15.0 * s, false);
    let (x, y, side) = ((130.0 * s) as i32, (18.0 * s) as i32, (12.0 * s) as i32);
    area.draw(&Rectangle::new(
        [(x - side / 2, y - side / 2), (x + side / 2, y + side / 2)],
        rgb(Colour::MUTED).filled(),
    ))
    .map_err(fail)?;
    let official = nfc(&c.text.official);
    label(
        area,
        &official,
        (x + side, y),
        &f,
        Colour::MUTED,
        (HPos::Left, VPos::Center),
    )?;
    let x2 = x + side + super::draw::text_width(&official, &f) as i32 + (24.0 * s) as i32;
    area.draw(&Rectangle::new(
        [(x2 - side / 2, y - side / 2), (x2 + side / 2, y + side / 2)],
        stroke(Colour::MUTED, 2.0 * s),
    ))
    .map_err(fail)?;
    label(
        area,
        &nfc(&c.text.estimate),
        (x2 + side, y),
        &f,
        Colour::MUTED,
        (HPos::Left, VPos::Center),
    )?;
    unapproved_legend(area, c, s)
}

fn timeline(
    area: &Area<'_>,
    c: &TargetChart,
    steps: &[MilestoneStep],
    deadline: i32,
    deadline_label: &str,
    s: f64,
) -> Result<(), ChartError> {
    let first = steps
        .iter()
        .map(|p| p.year)
        .chain([c.first_year])
        .min()
        .unwrap_or(c.first_year);
    let last = steps
        .iter()
        .map(|p| p.year)
        .chain([deadline, c.last_year])
        .max()
        .unwrap_or(deadline);
    let x_range = f64::from(first) - 0.5..f64::from(last) + 0.5;
    let mut chart = ChartBuilder::on(area)
        .margin_left((40.0 * s) as u32)
        .margin_right((40.0 * s) as u32)
        .x_label_area_size((40.0 * s) as u32)
        .build_cartesian_2d(x_range, 0.0..1.0)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_y_axis()
        .x_labels(year_ticks(first, last) * 2 + 1)
        .x_label_formatter(&|_| String::new())
        .axis_style(rgb(Colour::MUTED))
        .draw()
        .map_err(fail)?;
    year_numbers(area, &chart, (first, last, 1), s)?;
    let mid = 0.5;
    chart
        .draw_series(LineSeries::new(
            [(f64::from(first) - 0.3, mid), (f64::from(deadline), mid)],
            stroke(Colour::MUTED, 3.0 * s),
        ))
        .map_err(fail)?;
    chart
        .draw_series(DashedLineSeries::new(
            [(f64::from(deadline), 0.1), (f64::from(deadline), 0.9)],
            (10.0 * s) as u32,
            (6.0 * s) as u32,
            stroke(Colour::GOAL, 2.5 * s),
        ))
        .map_err(fail)?;
    let (ox, oy) = area.get_base_pixel();
    let (dx, dy) = chart.backend_coord(&(f64::from(deadline), 0.9));
    label(
        area,
        &nfc(deadline_label),
        (dx - ox, dy - oy - (6.0 * s) as i32),
        &font(17.0 * s, true),
        Colour::GOAL,
        (HPos::Center, VPos::Bottom),
    )?;
    let r = (16.0 * s) as i32;
    for (i, step) in steps.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(f64::from(step.year), mid));
        let (x, y) = (px - ox, py - oy);
        if step.official {
            area.draw(&Circle::new((x, y), r, rgb(step.colour).filled()))
                .map_err(fail)?;
        } else {
            area.draw(&Circle::new((x, y), r, rgb(Colour::WHITE).filled()))
                .map_err(fail)?;
            area.draw(&Circle::new((x, y), r, stroke(step.colour, 4.0 * s)))
                .map_err(fail)?;
        }
        let below = i % 2 == 0;
        let ty = if below {
            y + r + (10.0 * s) as i32
        } else {
            y - r - (10.0 * s) as i32
        };
        let v = if below { VPos::Top } else { VPos::Bottom };
        label(
            area,
            &nfc(&step.label),
            (x, ty),
            &font(16.0 * s, true),
            step.colour,
            (HPos::Center, v),
        )?;
    }
    legend(area, c, s)
}

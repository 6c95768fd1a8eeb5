//! Chart text set like print: each line shaped by rustybuzz (the font's advances, its kerning and the placing of
//! Vietnamese marks), then each glyph drawn by ab_glyph at its shaped place, its left side bearing included.
//! plotters' own text drew every glyph's ink at the pen, so a letter whose mark reaches left ("ì", "ờ") pushed the
//! rest of the word away from the letter before it ("b ình", "ng ười").

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBAColor;

use super::input::Colour;
use super::ChartError;

/// A chart's canvas.
pub type Area<'a> =
    plotters::drawing::DrawingArea<plotters::prelude::BitMapBackend<'a>, plotters::coord::Shift>;

fn fail(e: impl std::fmt::Display) -> ChartError {
    ChartError(e.to_string())
}

/// A text's face and size: DejaVu Sans, regular or bold, at `size` pixels (as plotters sized it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextFont {
    pub size: f64,
    pub bold: bool,
}

/// One face, for shaping and for drawing.
struct Face {
    shaping: rustybuzz::Face<'static>,
    drawing: FontRef<'static>,
}

struct Faces {
    regular: Face,
    bold: Face,
}

fn face(bytes: &'static [u8]) -> Option<Face> {
    Some(Face {
        shaping: rustybuzz::Face::from_slice(bytes, 0)?,
        drawing: FontRef::try_from_slice(bytes).ok()?,
    })
}

fn faces() -> Result<&'static Faces, ChartError> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Some(Faces {
                regular: face(dejavu::sans::regular())?,
                bold: face(dejavu::sans::bold())?,
            })
        })
        .as_ref()
        .ok_or_else(|| ChartError("the bundled fonts did not load".into()))
}

/// A glyph placed on the line: its id and where its origin is, in pixels from the line's start and baseline.
struct Placed {
    glyph: GlyphId,
    x: f32,
    y: f32,
}

/// A shaped line: its glyphs in place and how far its pen went.
struct Line {
    glyphs: Vec<Placed>,
    advance: f32,
}

fn shape(text: &str, font: TextFont) -> Result<(Line, &'static Face), ChartError> {
    let faces = faces()?;
    let face = if font.bold {
        &faces.bold
    } else {
        &faces.regular
    };
    let scale = face.drawing.as_scaled(PxScale::from(font.size as f32));
    let (per_unit_x, per_unit_y) = (scale.h_scale_factor(), scale.v_scale_factor());
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let shaped = rustybuzz::shape(&face.shaping, &[], buffer);
    let mut pen = 0.0f32;
    let glyphs = shaped
        .glyph_infos()
        .iter()
        .zip(shaped.glyph_positions())
        .map(|(info, at)| {
            let placed = Placed {
                glyph: GlyphId(u16::try_from(info.glyph_id).unwrap_or(0)),
                x: pen + at.x_offset as f32 * per_unit_x,
                y: -(at.y_offset as f32) * per_unit_y,
            };
            pen += at.x_advance as f32 * per_unit_x;
            placed
        })
        .collect();
    Ok((
        Line {
            glyphs,
            advance: pen,
        },
        face,
    ))
}

/// How wide a line of text is set, in whole pixels.
pub fn width(text: &str, font: TextFont) -> u32 {
    shape(text, font).map_or(0, |(line, _)| line.advance.round().max(0.0) as u32)
}

/// Draws one line with its anchor at `pos`: the same box as plotters gave a line (its set width; 1/1.24 of the
/// size high, the baseline half the size below its top), so layouts keep their places.
pub fn draw(
    area: &Area<'_>,
    text: &str,
    pos: (i32, i32),
    font: TextFont,
    colour: Colour,
    (h, v): (HPos, VPos),
) -> Result<(), ChartError> {
    let (line, face) = shape(text, font)?;
    let width = line.advance.round() as i32;
    let height = (font.size / 1.24) as i32;
    let left = match h {
        HPos::Left => 0,
        HPos::Center => -width / 2,
        HPos::Right => -width,
    };
    let top = match v {
        VPos::Top => 0,
        VPos::Center => -height / 2,
        VPos::Bottom => -height,
    };
    ink(&line, face, font, (left, top), |(x, y), coverage| {
        area.draw_pixel((pos.0 + x, pos.1 + y), &ink_of(colour, coverage))
            .map_err(fail)
    })
}

/// Draws one line reading upwards (a value axis's unit), centred on `centre`.
pub fn draw_upwards(
    area: &Area<'_>,
    text: &str,
    centre: (i32, i32),
    font: TextFont,
    colour: Colour,
) -> Result<(), ChartError> {
    let (line, face) = shape(text, font)?;
    let width = line.advance.round() as i32;
    let height = (font.size / 1.24) as i32;
    // Laid out level around the centre, then turned a quarter left: (x, y) goes to (y, −x).
    ink(
        &line,
        face,
        font,
        (-width / 2, -height / 2),
        |(x, y), coverage| {
            area.draw_pixel((centre.0 + y, centre.1 - x), &ink_of(colour, coverage))
                .map_err(fail)
        },
    )
}

fn ink_of(colour: Colour, coverage: f32) -> RGBAColor {
    RGBAColor(colour.0, colour.1, colour.2, f64::from(coverage.min(1.0)))
}

/// Each inked pixel of a shaped line whose box's top left is at `(left, top)`, with its coverage.
fn ink(
    line: &Line,
    face: &Face,
    font: TextFont,
    (left, top): (i32, i32),
    mut put: impl FnMut((i32, i32), f32) -> Result<(), ChartError>,
) -> Result<(), ChartError> {
    let baseline = top as f32 + (font.size / 2.0) as f32;
    let scale = PxScale::from(font.size as f32);
    for placed in &line.glyphs {
        let origin = ab_glyph::point(left as f32 + placed.x, baseline + placed.y);
        let glyph = placed.glyph.with_scale_and_position(scale, origin);
        let Some(outline) = face.drawing.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outline.px_bounds();
        let mut pixels = Vec::new();
        outline.draw(|x, y, coverage| pixels.push((x, y, coverage)));
        for (x, y, coverage) in pixels.into_iter().filter(|p| p.2 > 0.0) {
            put(
                (
                    bounds.min.x as i32 + x as i32,
                    bounds.min.y as i32 + y as i32,
                ),
                coverage,
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    /// The word drawn black at (10, 10), 40 pixels, on a white 300 × 70 canvas: its RGB bytes.
    fn drawn(word: &str) -> Vec<u8> {
        let (w, h) = (300u32, 70u32);
        let mut pixels = vec![255u8; (w * h * 3) as usize];
        {
            let area = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
            let font = TextFont {
                size: 40.0,
                bold: false,
            };
            let anchor = (HPos::Left, VPos::Top);
            draw(&area, word, (10, 10), font, Colour(0, 0, 0), anchor).expect("drawn");
            area.present().expect("presented");
        }
        pixels
    }

    /// Which pixels are more ink than paper, in the rows between the x-height and the baseline (the baseline is
    /// 20 pixels below the top, at 30; DejaVu's x-height is 0.47 of 40 pixels, 19): where marks above and below a
    /// letter never reach. (A marked letter's outline is its own glyph, so its edges' grey may differ by a shade.)
    fn middle(pixels: &[u8]) -> Vec<bool> {
        let row = 300 * 3;
        pixels[13 * row..29 * row]
            .chunks(3)
            .map(|rgb| rgb[0] < 128)
            .collect()
    }

    #[test]
    fn a_mark_leaves_its_letter_and_the_next_ones_where_they_were() {
        // "bình" is "binh" with a grave accent over the i, "huyện" "huyen" with a circumflex and a dot: set right,
        // the words are the same pixels between the x-height and the baseline. Drawn without the glyphs' side
        // bearings, the marked letter moved right (the accent reaches further left than the stem) and so did the
        // letters after it: "b ình".
        assert!(middle(&drawn("bình")) == middle(&drawn("binh")));
        assert!(middle(&drawn("huyện")) == middle(&drawn("huyen")));
        assert!(
            middle(&drawn("bình")) != middle(&drawn("bxnh")),
            "another word differs"
        );
        // The accent is drawn: the words differ above the x-height.
        assert!(drawn("bình") != drawn("binh"));
    }

    #[test]
    fn kerning_pulls_a_pair_together() {
        // DejaVu Sans kerns "AV": the pair is set narrower than A and V apart.
        let font = TextFont {
            size: 40.0,
            bold: false,
        };
        assert!(width("AV", font) < width("A", font) + width("V", font));
        assert_eq!(width("", font), 0);
    }
}

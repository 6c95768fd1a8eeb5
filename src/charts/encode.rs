//! RGB pixels to PNG. Charts are a few flat colours plus antialiased edges, so each channel is snapped to one of
//! 16 levels (multiples of 0x11: chart colours are chosen on that grid and come through exactly, and an edge moves
//! by at most 8/255) and the picture is written as an indexed (palette) image: a third of the bytes to compress,
//! and small files. A picture with more than 256 colours even then is written as RGB.

use super::draw::fail;
use super::ChartError;

/// Encodes `rgb` (width × height × 3 bytes).
pub fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ChartError> {
    if rgb.len() != width as usize * height as usize * 3 {
        return Err(ChartError(format!(
            "{} bytes are not a {width}×{height} RGB image",
            rgb.len()
        )));
    }
    let indexed = palette(rgb);
    let mut out = Vec::with_capacity(64 * 1024);
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        match &indexed {
            Some((colours, _)) => {
                encoder.set_color(png::ColorType::Indexed);
                encoder.set_palette(colours.clone());
                // The fast deflater shortens runs of zero bytes; Paeth turns flat areas and repeated rows of
                // palette indices into such runs (measured: a target chart 110 KB unfiltered, 31 KB with Paeth).
                encoder.set_filter(png::Filter::Paeth);
            }
            None => {
                encoder.set_color(png::ColorType::Rgb);
                encoder.set_filter(png::Filter::Sub);
            }
        }
        let mut writer = encoder.write_header().map_err(ChartError::from_display)?;
        let data = indexed
            .as_ref()
            .map_or(rgb, |(_, indices)| indices.as_slice());
        writer
            .write_image_data(data)
            .map_err(ChartError::from_display)?;
        writer.finish().map_err(ChartError::from_display)?;
    }
    Ok(out)
}

/// A channel's level, 0..=15: the nearest multiple of 0x11.
const LEVEL: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut v = 0;
    while v < 256 {
        table[v] = ((v + 8) / 17) as u8;
        v += 1;
    }
    table
};

/// The palette (3 bytes a colour) and one index a pixel, or `None` past 256 colours.
fn palette(rgb: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    // 16 levels a channel make 4096 possible colours: a direct table from colour to index, no hashing.
    let mut slots = [u16::MAX; 4096];
    let mut colours: Vec<u8> = Vec::with_capacity(256 * 3);
    let mut indices = Vec::with_capacity(rgb.len() / 3);
    let mut last_pixel = u32::MAX;
    let mut last_index = 0u8;
    for px in rgb.chunks_exact(3) {
        let pixel = u32::from(px[0]) << 16 | u32::from(px[1]) << 8 | u32::from(px[2]);
        if pixel != last_pixel {
            let (r, g, b) = (
                LEVEL[px[0] as usize],
                LEVEL[px[1] as usize],
                LEVEL[px[2] as usize],
            );
            let slot = usize::from(r) << 8 | usize::from(g) << 4 | usize::from(b);
            if slots[slot] == u16::MAX {
                if colours.len() == 256 * 3 {
                    return None;
                }
                slots[slot] = (colours.len() / 3) as u16;
                colours.extend_from_slice(&[r * 17, g * 17, b * 17]);
            }
            last_pixel = pixel;
            last_index = slots[slot] as u8;
        }
        indices.push(last_index);
    }
    Some((colours, indices))
}

/// A PNG read back: its size and its pixels as RGB (an indexed image expanded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedPng {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

/// Reads a PNG this module wrote (8-bit RGB or indexed RGB) back into RGB pixels, for checking what was drawn.
pub fn decode_png(bytes: &[u8]) -> Result<DecodedPng, ChartError> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().map_err(fail)?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| fail("the PNG is too large to read back"))?;
    let mut rgb = vec![0; size];
    let info = reader.next_frame(&mut rgb).map_err(fail)?;
    if info.color_type != png::ColorType::Rgb {
        return Err(fail(format!("the PNG is {:?}, not RGB", info.color_type)));
    }
    rgb.truncate(info.buffer_size());
    Ok(DecodedPng {
        width: info.width,
        height: info.height,
        rgb,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (DecodedPng, Vec<u8>) {
        let png = decode_png(bytes).expect("decodes");
        (png.clone(), png.rgb)
    }

    #[test]
    fn few_colours_round_trip_exactly_as_an_indexed_png() {
        let mut rgb = vec![255u8; 20 * 10 * 3];
        rgb[0..3].copy_from_slice(&[0x11, 0x77, 0x33]);
        let png = encode_png(&rgb, 20, 10).expect("encodes");
        let (info, pixels) = decode(&png);
        assert_eq!((info.width, info.height), (20, 10));
        assert_eq!(pixels, rgb);
    }

    #[test]
    fn many_colours_are_snapped_and_chart_colours_survive() {
        let mut rgb = Vec::new();
        for i in 0..4096u32 {
            rgb.extend_from_slice(&[(i % 256) as u8, (i / 16 % 256) as u8, (i * 7 % 256) as u8]);
        }
        rgb.extend_from_slice(&[0x11, 0x77, 0x33]);
        let png = encode_png(&rgb, 4097, 1).expect("encodes");
        let (_, pixels) = decode(&png);
        assert_eq!(&pixels[pixels.len() - 3..], &[0x11, 0x77, 0x33]);
        assert!(pixels
            .iter()
            .zip(&rgb)
            .all(|(a, b)| (i16::from(*a) - i16::from(*b)).abs() <= 8));
    }

    #[test]
    fn a_wrong_buffer_size_is_an_error() {
        assert!(encode_png(&[0; 5], 2, 1).is_err());
    }
}

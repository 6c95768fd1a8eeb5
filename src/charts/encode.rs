//! RGB pixels to PNG: an indexed (palette) image, which is small and quick to compress, whenever the picture has
//! at most 256 colours, after snapping channels to multiples of 0x11 if it has more (antialiased text in several
//! colours). RGB only as a last resort.

use super::ChartError;

/// Encodes `rgb` (width × height × 3 bytes).
pub fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ChartError> {
    if rgb.len() != width as usize * height as usize * 3 {
        return Err(ChartError(format!(
            "{} bytes are not a {width}×{height} RGB image",
            rgb.len()
        )));
    }
    let indexed = palette(rgb, false).or_else(|| palette(rgb, true));
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

fn snap(v: u8) -> u8 {
    ((u16::from(v) + 8) / 17 * 17) as u8
}

/// The palette (3 bytes a colour) and one index a pixel, or `None` past 256 colours.
fn palette(rgb: &[u8], snapped: bool) -> Option<(Vec<u8>, Vec<u8>)> {
    const SLOTS: usize = 1 << 12;
    let mut colours: Vec<[u8; 3]> = Vec::with_capacity(256);
    // A direct-mapped cache from a colour's hash to its index; a miss searches the (short) palette.
    let mut slots = [u16::MAX; SLOTS];
    let mut indices = Vec::with_capacity(rgb.len() / 3);
    let mut last = [0u8; 3];
    let mut last_index = u8::MAX;
    let mut have_last = false;
    for px in rgb.chunks_exact(3) {
        let c = if snapped {
            [snap(px[0]), snap(px[1]), snap(px[2])]
        } else {
            [px[0], px[1], px[2]]
        };
        if have_last && c == last {
            indices.push(last_index);
            continue;
        }
        let slot = ((usize::from(c[0]) * 31 + usize::from(c[1])) * 31 + usize::from(c[2])) % SLOTS;
        let cached = slots[slot];
        let index = if cached != u16::MAX && colours[cached as usize] == c {
            cached as u8
        } else if let Some(i) = colours.iter().position(|k| *k == c) {
            slots[slot] = i as u16;
            i as u8
        } else {
            if colours.len() == 256 {
                return None;
            }
            colours.push(c);
            slots[slot] = (colours.len() - 1) as u16;
            (colours.len() - 1) as u8
        };
        indices.push(index);
        last = c;
        last_index = index;
        have_last = true;
    }
    Some((colours.concat(), indices))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (png::OutputInfo, Vec<u8>) {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().expect("header");
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut buf).expect("frame");
        buf.truncate(info.buffer_size());
        (info, buf)
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

//! `/static/style.css`: the site's stylesheet, with the status colours generated from the one palette the
//! charts draw with, so a badge on a page and on a chart are the same colour.

use std::sync::OnceLock;

use actix_web::http::header;
use actix_web::HttpResponse;

use crate::charts::Colour;
use crate::domain::Status;
use crate::reports::palette::status_colour;

const STYLE: &str = include_str!("../../../assets/static/style.css");

fn hex(c: Colour) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// WCAG relative luminance of an sRGB colour.
fn luminance(c: Colour) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
}

/// The text colour that reads best on a background: white or near-black, whichever contrasts more.
pub fn ink(background: Colour) -> Colour {
    let (white, dark) = (Colour(0xFF, 0xFF, 0xFF), Colour(0x11, 0x11, 0x11));
    let contrast = |a: Colour, b: Colour| {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    };
    if contrast(background, white) >= contrast(background, dark) {
        white
    } else {
        dark
    }
}

/// The rules of every status: badge (with its readable text colour), tile edge, progress bar.
fn status_rules() -> String {
    let mut css = String::from("\n/* Generated from the status palette. */\n");
    for status in Status::ALL {
        let (class, colour) = (status.as_str(), status_colour(status));
        let (c, text) = (hex(colour), hex(ink(colour)));
        css.push_str(&format!(
            ".badge.s-{class} {{ background: {c}; color: {text}; }}\n\
             .tile.s-{class} {{ border-left-color: {c}; }}\n\
             progress.s-{class}::-webkit-progress-value {{ background: {c}; }}\n\
             progress.s-{class}::-moz-progress-bar {{ background: {c}; }}\n"
        ));
    }
    css
}

/// The stylesheet as served: the file, then the status rules.
pub fn stylesheet_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| format!("{STYLE}{}", status_rules()))
}

pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(stylesheet_text())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_colour_comes_from_the_palette_and_nowhere_else() {
        let css = stylesheet_text();
        for status in Status::ALL {
            let rule = format!(
                ".badge.s-{} {{ background: {};",
                status.as_str(),
                hex(status_colour(status))
            );
            assert!(css.contains(&rule), "{rule}");
            assert!(
                !STYLE.contains(&format!(".tile.s-{}", status.as_str())),
                "style.css repeats the colour of {}",
                status.as_str()
            );
        }
    }

    #[test]
    fn badge_text_is_readable_on_its_colour() {
        assert_eq!(ink(Colour(0x11, 0x77, 0x33)), Colour(0xFF, 0xFF, 0xFF));
        assert_eq!(ink(Colour(0xDD, 0xAA, 0x33)), Colour(0x11, 0x11, 0x11));
        assert_eq!(ink(Colour(0x00, 0x77, 0xBB)), Colour(0xFF, 0xFF, 0xFF));
    }
}

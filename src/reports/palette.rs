//! The status colours, shared by charts and pages. Each channel is a multiple of 0x11 (see charts::encode), and
//! each colour is distinct for common colour-vision deficiencies (after Paul Tol's palettes); status is always
//! also written in words.

use crate::charts::Colour;
use crate::domain::Status;

pub fn status_colour(status: Status) -> Colour {
    match status {
        Status::Achieved => Colour(0x11, 0x77, 0x33),
        Status::OnTrack => Colour(0x44, 0xAA, 0x99),
        Status::NeedsAcceleration => Colour(0xDD, 0xAA, 0x33),
        Status::OffTrack => Colour(0xEE, 0x77, 0x33),
        Status::Regressing => Colour(0xCC, 0x33, 0x11),
        Status::Missed => Colour(0x88, 0x22, 0x55),
        Status::InProgress => Colour(0x00, 0x77, 0xBB),
        Status::NotStarted => Colour(0x88, 0x88, 0x88),
        Status::InsufficientData => Colour(0xAA, 0xAA, 0xAA),
        Status::NoData => Colour(0xCC, 0xCC, 0xCC),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_its_own_colour() {
        let colours: std::collections::HashSet<_> =
            Status::ALL.iter().map(|s| status_colour(*s)).collect();
        assert_eq!(colours.len(), Status::ALL.len());
    }
}

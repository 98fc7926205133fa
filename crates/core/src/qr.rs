//! A link as a QR code another phone can scan: error correction level M, the smallest version
//! that holds the link (crate `qrcode`), drawn as one SVG path of its dark modules.

use qrcode::{Color, EcLevel, QrCode, Version};
use thiserror::Error;

/// The largest version drawn (97×97 modules). Shown full width on a phone (about 320 CSS px)
/// or printed 5 cm wide, a module is then still 3 px on screen and 0.5 mm on paper: what
/// WeChat's scanner and phone cameras read at arm's length. A link that needs more is offered
/// as text instead.
pub const MAX_VERSION: i16 = 20;

/// The light margin around the code, in modules, that the standard asks for (and scanners
/// need to find it).
pub const QUIET_ZONE: usize = 4;

/// A QR code ready to draw: `<svg viewBox="0 0 {size} {size}">` with a light background and
/// `<path d="{path}">` in a dark colour.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrImage {
    /// The side, in modules, the quiet zone included.
    pub size: usize,
    /// The dark modules, one `M x y h n v1 h-n z` rectangle per horizontal run.
    pub path: String,
    /// The QR version chosen (1–[`MAX_VERSION`]).
    pub version: i16,
}

/// Why a link has no QR code.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum QrError {
    /// Scannable only as a larger code than phones read reliably (or none at all).
    #[error("这个链接太长（{length} 个字符），做成二维码手机扫不出来。请复制下面的链接发送。")]
    TooLong { length: usize },
}

impl QrImage {
    /// The QR code of `text` (level M, the smallest version that holds it), or why there is
    /// none.
    pub fn of(text: &str) -> Result<QrImage, QrError> {
        let too_long = QrError::TooLong {
            length: text.chars().count(),
        };
        let code =
            QrCode::with_error_correction_level(text, EcLevel::M).map_err(|_| too_long.clone())?;
        let version = match code.version() {
            Version::Normal(v) if v <= MAX_VERSION => v,
            _ => return Err(too_long),
        };
        let width = code.width();
        let colors = code.to_colors();
        let mut path = String::new();
        for (y, row) in colors.chunks(width).enumerate() {
            let mut x = 0;
            while x < width {
                if row[x] == Color::Light {
                    x += 1;
                    continue;
                }
                let run = row[x..].iter().take_while(|c| **c == Color::Dark).count();
                path.push_str(&format!(
                    "M{} {}h{run}v1h-{run}z",
                    x + QUIET_ZONE,
                    y + QUIET_ZONE
                ));
                x += run;
            }
        }
        Ok(QrImage {
            size: width + 2 * QUIET_ZONE,
            path,
            version,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dark modules the path draws, as (x, y) in the code (quiet zone taken off).
    fn drawn(image: &QrImage) -> Vec<(usize, usize)> {
        let mut dark = Vec::new();
        for rect in image.path.split('z').filter(|r| !r.is_empty()) {
            let (start, run) = rect.trim_start_matches('M').split_once('h').unwrap();
            let (x, y) = start.split_once(' ').unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            let run: usize = run.split_once('v').unwrap().0.parse().unwrap();
            assert_eq!(
                rect,
                format!("M{x} {y}h{run}v1h-{run}"),
                "one rectangle per run"
            );
            for i in 0..run {
                dark.push((x + i - QUIET_ZONE, y - QUIET_ZONE));
            }
        }
        dark.sort_unstable();
        dark
    }

    #[test]
    fn the_path_draws_exactly_the_dark_modules_of_the_code() {
        let link = "https://example.cn/yubei/?plan=s60731c05,s71418e15,sa5e071eb";
        let image = QrImage::of(link).unwrap();
        let code = QrCode::with_error_correction_level(link, EcLevel::M).unwrap();
        let width = code.width();
        let mut dark: Vec<(usize, usize)> = (0..width * width)
            .map(|i| (i % width, i / width))
            .filter(|&(x, y)| code[(x, y)] == Color::Dark)
            .collect();
        dark.sort_unstable();
        assert_eq!(drawn(&image), dark);
        assert_eq!(image.size, width + 2 * QUIET_ZONE);
        assert_eq!(code.error_correction_level(), EcLevel::M);
    }

    #[test]
    fn the_smallest_version_that_holds_the_link_is_chosen() {
        // Version 1 at level M holds 14 bytes; version 2, 26.
        assert_eq!(QrImage::of("https://a.cn/").unwrap().version, 1);
        assert_eq!(QrImage::of("https://example.cn/?q=x").unwrap().version, 2);
        let plan = format!(
            "https://example.cn/?plan={}",
            vec!["s60731c05"; 24].join(",")
        );
        let image = QrImage::of(&plan).unwrap();
        assert!(
            image.version > 2 && image.version <= MAX_VERSION,
            "{}",
            image.version
        );
        assert_eq!(image.size, 17 + 4 * image.version as usize + 2 * QUIET_ZONE);
    }

    #[test]
    fn a_link_too_long_to_scan_is_refused_with_its_length() {
        // Version 20 at level M holds 666 bytes.
        let long = format!("https://example.cn/?q={}", "x".repeat(700));
        assert_eq!(
            QrImage::of(&long),
            Err(QrError::TooLong { length: long.len() })
        );
        let huge = "x".repeat(5000);
        assert!(matches!(
            QrImage::of(&huge),
            Err(QrError::TooLong { length: 5000 })
        ));
        let fits = format!("https://example.cn/?q={}", "x".repeat(640));
        assert_eq!(QrImage::of(&fits).unwrap().version, MAX_VERSION);
    }
}

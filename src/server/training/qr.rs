//! QR codes as SVG, generated on the server: nothing is fetched from another host.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An SVG QR code (medium error correction, black on white, with the quiet zone) that encodes
/// `url`, ready to sit inside HTML (no XML declaration, hidden from screen readers: the
/// surrounding element names it). `None` when the text is too long for a QR code.
pub fn svg(url: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(144, 144)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    let start = image.find("<svg")?;
    let rest = image.get(start + "<svg".len()..)?;
    Some(format!(
        "<svg aria-hidden=\"true\" focusable=\"false\"{rest}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_codes_are_inline_and_differ_per_url() {
        let a = svg("https://vagvisaren.example/utbildning/intyg/7K3M-Q9TX-2HCR-W4PN-8FJD")
            .expect("qr");
        assert!(a.starts_with("<svg aria-hidden=\"true\""), "{a}");
        assert!(a.trim_end().ends_with("</svg>"));
        assert!(!a.contains("<?xml"));
        let b = svg("https://vagvisaren.example/utbildning/intyg/AAAA-Q9TX-2HCR-W4PN-8FJD")
            .expect("qr");
        assert_ne!(a, b);
        assert_eq!(
            svg("https://vagvisaren.example/utbildning/intyg/7K3M-Q9TX-2HCR-W4PN-8FJD"),
            Some(a)
        );
        assert_eq!(svg(&"x".repeat(5000)), None, "too long for a QR code");
    }
}

//! Brand colours: parsing `#rrggbb` (once, when vouch.yml is read) and checking WCAG
//! contrast (when the site is rendered), so a brand colour that
//! makes links unreadable is caught at build time.

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// Parses `#rrggbb` or `#rgb`.
pub fn parse_hex(text: &str) -> Option<Rgb> {
    let hex = text.trim().strip_prefix('#')?;
    let digit = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        6 => Some(Rgb(
            digit(&hex[0..2])?,
            digit(&hex[2..4])?,
            digit(&hex[4..6])?,
        )),
        3 => {
            let d = |i: usize| digit(&hex[i..i + 1]).map(|v| v * 17);
            Some(Rgb(d(0)?, d(1)?, d(2)?))
        }
        _ => None,
    }
}

fn luminance(c: Rgb) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.03928 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
}

/// The WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

impl Rgb {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// White, the page's background.
pub const WHITE: Rgb = Rgb(255, 255, 255);

/// The contrast WCAG AA asks of text (4.5:1).
pub const READABLE: f64 = 4.5;

/// `c` itself when text in it is readable on white, else the lightest darker shade of
/// the same hue that is (each channel scaled down together): a brand orange stays
/// orange, only deep enough for links and buttons.
pub fn readable_on_white(c: Rgb) -> Rgb {
    (0..=100)
        .map(|step| {
            let keep = 1.0 - f64::from(step) / 100.0;
            let scale = |v: u8| (f64::from(v) * keep).round() as u8;
            Rgb(scale(c.0), scale(c.1), scale(c.2))
        })
        .find(|shade| contrast(*shade, WHITE) >= READABLE)
        .unwrap_or(Rgb(0, 0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_measures() {
        assert_eq!(parse_hex("#fff"), Some(Rgb(255, 255, 255)));
        assert_eq!(parse_hex("#4f3cc9"), Some(Rgb(0x4f, 0x3c, 0xc9)));
        assert_eq!(parse_hex("red"), None);
        let ratio = contrast(Rgb(0, 0, 0), Rgb(255, 255, 255));
        assert!((ratio - 21.0).abs() < 0.01);
        assert!(contrast(parse_hex("#4f3cc9").unwrap(), Rgb(255, 255, 255)) > 4.5);
        assert!(contrast(parse_hex("#ffdd00").unwrap(), Rgb(255, 255, 255)) < 4.5);
    }

    #[test]
    fn a_light_brand_colour_gets_a_readable_shade_of_its_hue() {
        let orange = parse_hex("#f07328").unwrap();
        let shade = readable_on_white(orange);
        assert!(contrast(shade, WHITE) >= READABLE, "{}", shade.hex());
        assert!(contrast(Rgb(shade.0.saturating_add(3), shade.1, shade.2), WHITE) < READABLE + 0.2);
        assert!(
            shade.0 > shade.1 && shade.1 > shade.2,
            "still orange: {}",
            shade.hex()
        );
        let green = parse_hex("#0b6e4f").unwrap();
        assert_eq!(readable_on_white(green), green);
    }
}

//! Where the words go on a share image: wrapped to the text box, in the largest size
//! that fits them all, down to a smallest size; past that, shortened at a word
//! boundary with an ellipsis. A word wider than the box at the smallest size (a long
//! URL, a 60-letter compound) is broken where the box ends, as CSS's
//! `overflow-wrap: anywhere` does: the words stay inside the canvas whatever they are.

/// The canvas: what LinkedIn, X and Facebook show without cropping (1.91:1).
pub const WIDTH: u32 = 1200;
/// The canvas height.
pub const HEIGHT: u32 = 630;

/// The box the words are set in, in canvas pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// The words' box of the default card: 96 px margins left and right, under the quote
/// mark or the kicker, above the line of who said them.
pub const WORDS: Area = Area {
    x: 96.0,
    y: 140.0,
    width: 1008.0,
    height: 320.0,
};

/// The font sizes tried, largest first: short words are set large.
pub const SIZES: [f32; 8] = [64.0, 58.0, 52.0, 46.0, 42.0, 38.0, 34.0, 30.0];

/// Line height, in ems.
pub const LEADING: f32 = 1.28;

/// The words set: lines, size, and whether they were shortened.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The lines, each within the box's width.
    pub lines: Vec<String>,
    /// The font size, in pixels.
    pub size: f32,
    /// Whether words were left out (the last line ends with `…`).
    pub shortened: bool,
}

/// Sets `words` in `area`; `width` measures text at a font size of 1.
pub fn fit(words: &str, area: Area, width: &dyn Fn(&str) -> f32) -> Block {
    let words: Vec<&str> = words.split_whitespace().collect();
    for &size in &SIZES {
        let max_lines = lines_in(area, size);
        let fits = |t: &str| width(t) * size <= area.width;
        if words.iter().all(|w| fits(w)) {
            let lines = wrap(&words, &fits);
            if lines.len() <= max_lines {
                return Block {
                    lines,
                    size,
                    shortened: false,
                };
            }
        }
    }
    fit_at(&words.join(" "), area, SIZES[SIZES.len() - 1], width)
}

/// Sets `words` in `area` at `size`: words wider than the box broken where it ends,
/// lines past its height left out and the last kept line ended with `…`.
pub fn fit_at(words: &str, area: Area, size: f32, width: &dyn Fn(&str) -> f32) -> Block {
    let fits = |t: &str| width(t) * size <= area.width;
    let pieces: Vec<String> = (words.split_whitespace())
        .flat_map(|w| break_word(w, &fits))
        .collect();
    let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
    let mut lines = wrap(&pieces, &fits);
    let max_lines = lines_in(area, size).max(1);
    let shortened = lines.len() > max_lines;
    if shortened {
        lines.truncate(max_lines);
        let last = lines.pop().unwrap_or_default();
        lines.push(with_ellipsis(&last, &fits));
    }
    Block {
        lines,
        size,
        shortened,
    }
}

/// How many lines of `size` fit in `area`.
fn lines_in(area: Area, size: f32) -> usize {
    // The first line needs its ascent only; each further line a whole line height.
    ((area.height - size) / (size * LEADING)).floor().max(0.0) as usize + 1
}

/// Greedy wrapping: as many words on each line as fit.
fn wrap(words: &[&str], fits: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in words {
        let longer = match line.is_empty() {
            true => word.to_string(),
            false => format!("{line} {word}"),
        };
        if fits(&longer) || line.is_empty() {
            line = longer;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A word cut into pieces that each fit (the word itself when it fits).
fn break_word(word: &str, fits: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    for c in word.chars() {
        piece.push(c);
        if !fits(&piece) && piece.chars().count() > 1 {
            piece.pop();
            pieces.push(std::mem::take(&mut piece));
            piece.push(c);
        }
    }
    pieces.push(piece);
    pieces
}

/// `line` with `…` at its end, dropping whole words from its end until it fits.
fn with_ellipsis(line: &str, fits: &dyn Fn(&str) -> bool) -> String {
    let mut words: Vec<&str> = line.split(' ').collect();
    loop {
        let kept = words.join(" ");
        let kept = kept.trim_end_matches([',', '.', ';', ':', '-', '–', '—']);
        let candidate = format!("{kept}…");
        if fits(&candidate) || words.len() <= 1 {
            return match words.is_empty() {
                true => "…".into(),
                false => candidate,
            };
        }
        words.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character 0.5 em wide.
    fn width(text: &str) -> f32 {
        text.chars().count() as f32 * 0.5
    }

    #[test]
    fn two_words_are_set_large_on_one_line() {
        let block = fit("Simply brilliant.", WORDS, &width);
        assert_eq!(block.lines, ["Simply brilliant."]);
        assert_eq!(block.size, SIZES[0]);
        assert!(!block.shortened);
    }

    #[test]
    fn long_words_are_shortened_at_a_word_boundary() {
        let words = "alpha beta gamma delta ".repeat(40);
        let block = fit(&words, WORDS, &width);
        assert!(block.shortened);
        assert_eq!(block.size, SIZES[SIZES.len() - 1]);
        let last = block.lines.last().unwrap();
        assert!(last.ends_with('…'), "{last}");
        let kept = last.trim_end_matches('…');
        for word in kept.split(' ') {
            assert!(
                ["alpha", "beta", "gamma", "delta"].contains(&word),
                "{word}"
            );
        }
        for line in &block.lines {
            assert!(width(line) * block.size <= WORDS.width, "{line}");
        }
    }

    #[test]
    fn an_unbroken_word_wider_than_the_box_is_broken_where_the_box_ends() {
        let word = "x".repeat(200);
        let block = fit(&word, WORDS, &width);
        assert!(block.lines.len() > 1);
        assert_eq!(block.lines.concat(), word);
        for line in &block.lines {
            assert!(width(line) * block.size <= WORDS.width, "{line}");
        }
    }

    #[test]
    fn lines_fit_the_box_height() {
        let block = fit(&"word ".repeat(400), WORDS, &width);
        let height = block.size + (block.lines.len() - 1) as f32 * block.size * LEADING;
        assert!(height <= WORDS.height, "{height}");
    }
}

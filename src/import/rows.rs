//! Reading a spreadsheet export or a JSON array into rows of text cells, each cell with
//! its place in the file, so a bad value can be shown where it is.

use crate::diagnostics::Diagnostic;
use std::path::Path;

/// A file of rows: the column names and the rows under them.
#[derive(Debug, Clone)]
pub struct Table {
    /// The column names (a CSV header row, or a JSON array's keys in order of first use).
    pub columns: Vec<String>,
    /// The rows, in file order.
    pub rows: Vec<Row>,
    /// What the file was read as.
    pub format: Format,
}

/// What a file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV with this delimiter (a spreadsheet's comma, semicolon, tab or bar).
    Csv(u8),
    /// A JSON array of objects.
    Json,
}

/// One row, numbered as its spreadsheet shows it (the header is row 1) or, in JSON,
/// as its place in the array (the first record is 1).
#[derive(Debug, Clone)]
pub struct Row {
    /// The row's number.
    pub number: usize,
    /// One cell per column (missing cells are empty).
    pub cells: Vec<Cell>,
    /// The file line the row starts on, when known.
    pub line: Option<usize>,
}

/// A cell's text and place in the file.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// The text as written (quotes removed).
    pub text: String,
    /// File line and column of the cell, when known.
    pub at: Option<(usize, usize)>,
}

/// Reads `source`; `shown` is how messages name it.
pub fn read(source: &Path, shown: &Path) -> Result<Table, Diagnostic> {
    let bytes = std::fs::read(source).map_err(|e| {
        Diagnostic::error(shown, format!("cannot read the file: {e}"))
            .hint("check the path; vouch import reads a CSV export or a JSON array")
    })?;
    let text = decode(&bytes, shown)?;
    let is_json = source
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('[');
    if is_json {
        read_json(&text, shown)
    } else {
        read_csv(&text, shown)
    }
}

/// The text of a file in UTF-8 (with or without a byte-order mark) or UTF-16 with one
/// (Excel's "Unicode text").
fn decode(bytes: &[u8], shown: &Path) -> Result<String, Diagnostic> {
    let utf16 = |bytes: &[u8], from: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = bytes.chunks_exact(2).map(|c| from([c[0], c[1]])).collect();
        String::from_utf16(&units).ok()
    };
    let decoded = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => std::str::from_utf8(rest).map(str::to_string).ok(),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => std::str::from_utf8(bytes).map(str::to_string).ok(),
    };
    decoded.ok_or_else(|| {
        let at = std::str::from_utf8(bytes).err().map_or(0, |e| e.valid_up_to());
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        Diagnostic::error(shown, "the file is not UTF-8 text")
            .at(line, 1)
            .hint("export it again as \"CSV UTF-8\" (Excel) or with UTF-8 encoding (Google Sheets and Numbers do by default)")
    })
}

/// The delimiter a spreadsheet used: whichever of `,` `;` tab `|` the header row has
/// most of, outside quotes (a comma when it has none).
fn sniff(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [0usize; 4];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = candidates.iter().position(|c| *c == b) {
                counts[i] += 1;
            }
        }
    }
    let best = (0..4).max_by_key(|&i| (counts[i], std::cmp::Reverse(i)));
    best.filter(|&i| counts[i] > 0)
        .map_or(b',', |i| candidates[i])
}

fn read_csv(text: &str, shown: &Path) -> Result<Table, Diagnostic> {
    let delimiter = sniff(text);
    if let Some((row, line, column)) = unclosed_quote(text, delimiter) {
        return Err(Diagnostic::error(
            shown,
            format!("row {row}: the quote opened on line {line} is never closed, so every row after it would be read into this one cell"),
        )
        .at(line, column)
        .hint("close the cell with \" (and double every \" inside it), then import again; nothing was written"));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for result in reader.records() {
        let record = result.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            Diagnostic::error(shown, format!("the file is not readable CSV: {e}"))
                .at_line(line)
                .hint("a cell with a line break or a \" must be in double quotes, with each \" inside it doubled")
        })?;
        records.push(record);
    }
    let mut records = records.into_iter();
    let Some(header) = records.next() else {
        return Err(Diagnostic::error(shown, "the file is empty")
            .hint("export the sheet with its header row (author, text, rating…)"));
    };
    let columns: Vec<String> = header.iter().map(|c| c.trim().to_string()).collect();
    let rows = records
        .enumerate()
        .map(|(i, record)| {
            let position = record.position().cloned();
            let places = position
                .as_ref()
                .map(|p| cell_places(text, p.byte() as usize, p.line() as usize, delimiter));
            let cells = (0..columns.len().max(record.len()))
                .map(|c| Cell {
                    text: record.get(c).unwrap_or("").to_string(),
                    at: places.as_ref().and_then(|p| p.get(c).copied()),
                })
                .collect();
            Row {
                number: i + 2,
                cells,
                line: position.map(|p| p.line() as usize),
            }
        })
        .collect();
    Ok(Table {
        columns,
        rows,
        format: Format::Csv(delimiter),
    })
}

/// Where a quoted cell opens and never closes: its row (the header is row 1), line and
/// column. A CSV reader would read the rest of the file into that cell, merging every
/// later row into one person's words. Quotes open a cell only at its start, as CSV
/// readers read them; `""` inside a quoted cell is a quote.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<(usize, usize, usize)> {
    let (mut row, mut line, mut column) = (1, 1, 0);
    let (mut quoted, mut at_start, mut row_has_text) = (None, true, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        match (quoted, c) {
            (Some(_), '"') if chars.peek() == Some(&'"') => {
                chars.next();
                column += 1;
            }
            (Some(_), '"') => quoted = None,
            (None, '"') if at_start => quoted = Some((row, line, column)),
            (None, '\n') => {
                if row_has_text {
                    row += 1;
                }
                row_has_text = false;
                at_start = true;
            }
            (None, c) if c.is_ascii() && c as u8 == delimiter => at_start = true,
            (None, '\r') => {}
            (None, _) => at_start = false,
            _ => {}
        }
        if c != '\n' && c != '\r' {
            row_has_text = true;
        }
        if c == '\n' {
            line += 1;
            column = 0;
        }
        if quoted.is_some() {
            at_start = false;
        }
    }
    quoted
}

/// Line and column of each cell of the record starting at byte `start` on `line`.
fn cell_places(text: &str, start: usize, line: usize, delimiter: u8) -> Vec<(usize, usize)> {
    let mut places = vec![(line, 1)];
    let (mut line, mut column) = (line, 1);
    let mut quoted = false;
    for c in text.get(start..).unwrap_or("").chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            '\n' => {
                line += 1;
                column = 0;
            }
            c if !quoted && c.is_ascii() && c as u8 == delimiter => {
                places.push((line, column + 1));
            }
            _ => {}
        }
        column += 1;
    }
    places
}

fn read_json(text: &str, shown: &Path) -> Result<Table, Diagnostic> {
    let records: Vec<serde_json::Map<String, serde_json::Value>> = serde_json::from_str(text)
        .map_err(|e| {
            Diagnostic::error(shown, format!("the file is not a JSON array of records: {e}"))
                .at(e.line().max(1), e.column().max(1))
                .hint("write [ {\"author\": \"…\", \"text\": \"…\"}, … ]: one object per testimonial or quote")
        })?;
    let mut columns: Vec<String> = Vec::new();
    for record in &records {
        for key in record.keys() {
            if !columns.contains(key) {
                columns.push(key.clone());
            }
        }
    }
    let lines = record_lines(text);
    let rows = records
        .iter()
        .enumerate()
        .map(|(i, record)| {
            let line = lines.get(i).copied();
            let cells = columns
                .iter()
                .map(|key| Cell {
                    text: record.get(key).map_or(String::new(), json_text),
                    at: line.map(|l| (l, 1)),
                })
                .collect();
            Row {
                number: i + 1,
                cells,
                line,
            }
        })
        .collect();
    Ok(Table {
        columns,
        rows,
        format: Format::Json,
    })
}

/// A JSON value as cell text: strings as they are, numbers and booleans written out, a
/// list of strings joined with commas (tags), anything else as JSON.
fn json_text(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// The line each object of a top-level JSON array starts on.
fn record_lines(text: &str) -> Vec<usize> {
    let (mut lines, mut line, mut depth) = (Vec::new(), 1, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else {
            match c {
                '"' => in_string = true,
                '{' | '[' => {
                    if depth == 1 && c == '{' {
                        lines.push(line);
                    }
                    depth += 1;
                }
                '}' | ']' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if c == '\n' {
            line += 1;
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_what_the_header_uses() {
        assert_eq!(sniff("author;text;rating\n"), b';');
        assert_eq!(sniff("author\ttext\n"), b'\t');
        assert_eq!(sniff("\"a;b\",text,rating\n"), b',');
        assert_eq!(sniff("author\n"), b',');
    }

    #[test]
    fn an_unclosed_quote_is_found_where_it_opens() {
        assert_eq!(unclosed_quote("a,b\nx,\"y\nz,w\n", b','), Some((2, 2, 3)));
        assert_eq!(unclosed_quote("a,b\nx,\"y\"\"\nz\",w\n", b','), None);
        assert_eq!(
            unclosed_quote("a,b\n\nx,y\"\n\"z,w\n", b','),
            Some((3, 4, 1))
        );
    }

    #[test]
    fn cells_know_their_column() {
        let text = "a,b,c\nx,\"y, z\",w\n";
        assert_eq!(cell_places(text, 6, 2, b','), vec![(2, 1), (2, 3), (2, 10)]);
    }

    #[test]
    fn json_records_know_their_line() {
        let text = "[\n  {\"a\": \"{\"},\n  {\"a\": [\"x\"]}\n]";
        assert_eq!(record_lines(text), vec![2, 3]);
    }

    #[test]
    fn byte_order_marks_are_read() {
        let p = Path::new("x.csv");
        assert_eq!(decode(b"\xEF\xBB\xBFa,b", p).unwrap(), "a,b");
        assert_eq!(decode(b"\xFF\xFEa\0,\0b\0", p).unwrap(), "a,b");
        assert!(decode(b"a\n\xFF", p).is_err());
    }
}

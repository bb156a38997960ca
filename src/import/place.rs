//! Where a row and its cells are, for messages: "row 4, column C (Rating)" in a
//! spreadsheet's own numbering, or "record 3, field 'rating'" in JSON.

use super::fields::Field;
use super::rows::{self, Row, Table};
use crate::diagnostics::Diagnostic;
use std::path::Path;

/// Where a row is, for messages.
pub(super) struct Place<'a> {
    pub(super) table: &'a Table,
    pub(super) row: &'a Row,
    pub(super) file: &'a Path,
}

impl Place<'_> {
    /// "row 4" (a spreadsheet's numbering) or "record 3" (JSON).
    pub(super) fn row_name(&self) -> String {
        match self.table.format {
            rows::Format::Json => format!("record {}", self.row.number),
            rows::Format::Csv(_) => format!("row {}", self.row.number),
        }
    }

    /// A problem in the cell of column `at`.
    pub(super) fn error(
        &self,
        at: usize,
        message: String,
        hint: impl Into<String>,
        field: Field,
    ) -> Diagnostic {
        let name = &self.table.columns[at];
        let column = match self.table.format {
            rows::Format::Json => format!("field '{name}'"),
            rows::Format::Csv(_) => format!("column {} ({name})", column_letters(at)),
        };
        let cell = self.row.cells.get(at);
        let d = Diagnostic::error(
            self.file,
            format!("{}, {column}: {message}", self.row_name()),
        )
        .field(field.name())
        .hint(hint);
        match cell.and_then(|c| c.at) {
            Some((line, col)) => d.at(line, col),
            None => d.at_line(self.row.line),
        }
    }

    /// A problem with the row as a whole (a column it lacks).
    pub(super) fn row_error(&self, message: String, hint: &str, field: Field) -> Diagnostic {
        Diagnostic::error(self.file, format!("{}: {message}", self.row_name()))
            .field(field.name())
            .at_line(self.row.line)
            .hint(hint)
    }
}

/// A spreadsheet's column letters: A, B, … Z, AA, AB…
fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_columns_are_lettered() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
    }
}

//! `vouch report --cross a,b`: how many items of each kind carry both terms. The counts
//! are made from the pairs items carry (an item with one industry and two stages adds
//! to two cells), never by trying every term against every other, so two taxonomies of
//! hundreds of free terms cross as fast as the site builds.

use super::{carries, Cross, CrossCell, KINDS};
use crate::site::{ItemId, Site};
use rustc_hash::FxHashMap as HashMap;

/// Every pair of terms of `rows` × `columns` that items carry, per kind carrying both;
/// when both taxonomies declare their terms, every declared pair too, zero counts
/// included (a gap in a declared grid is something to ask customers for, while free
/// terms would make a grid of mostly nothing).
pub(super) fn crossed(site: &Site, rows: &'static str, columns: &'static str) -> Cross {
    let taxonomy = |name: &str| site.taxonomies.iter().find(|t| t.name == name);
    let declared = |name: &str| site.config.taxonomy(name).1.is_some();
    let every_pair = declared(rows) && declared(columns);
    let mut cells = Vec::new();
    if let (Some(r), Some(c)) = (taxonomy(rows), taxonomy(columns)) {
        let kinds = KINDS
            .into_iter()
            .filter(|k| carries(*k, rows) && carries(*k, columns));
        for kind in kinds {
            let of_kind = |id: &ItemId| site.items[*id].kind() == kind;
            let mut row_terms: HashMap<ItemId, Vec<usize>> = HashMap::default();
            for (at, term) in r.terms.iter().enumerate() {
                for id in term.items.iter().filter(|id| of_kind(id)) {
                    row_terms.entry(*id).or_default().push(at);
                }
            }
            let mut counts: HashMap<(usize, usize), usize> = HashMap::default();
            for (column, term) in c.terms.iter().enumerate() {
                for id in term.items.iter().filter(|id| of_kind(id)) {
                    for &row in row_terms.get(id).map_or(&[][..], Vec::as_slice) {
                        *counts.entry((row, column)).or_default() += 1;
                    }
                }
            }
            let mut pairs: Vec<(usize, usize)> = if every_pair {
                (0..r.terms.len())
                    .flat_map(|row| (0..c.terms.len()).map(move |column| (row, column)))
                    .collect()
            } else {
                counts.keys().copied().collect()
            };
            pairs.sort_unstable();
            cells.extend(pairs.into_iter().map(|(row, column)| CrossCell {
                kind: kind.name(),
                row: r.terms[row].label.clone(),
                column: c.terms[column].label.clone(),
                count: counts.get(&(row, column)).copied().unwrap_or(0),
                column_at: column,
            }));
        }
    }
    Cross {
        rows,
        columns,
        cells,
    }
}

/// One kind's cells of a cross laid out as a grid: its rows and columns in the
/// taxonomies' order and the count of each (zero where no cell is listed), found by
/// lookup rather than by searching the cells for every square.
pub struct Grid<'a> {
    /// The row terms.
    pub rows: Vec<&'a str>,
    /// The column terms.
    pub columns: Vec<&'a str>,
    counts: HashMap<(&'a str, &'a str), usize>,
}

impl<'a> Grid<'a> {
    /// The grid of `kind`'s cells.
    pub fn of(cross: &'a Cross, kind: &str) -> Grid<'a> {
        let cells = cross.cells.iter().filter(|c| c.kind == kind);
        let mut grid = Grid {
            rows: Vec::new(),
            columns: Vec::new(),
            counts: HashMap::default(),
        };
        let mut seen_columns = rustc_hash::FxHashSet::default();
        for cell in cells {
            if grid.rows.last() != Some(&cell.row.as_str()) {
                grid.rows.push(&cell.row);
            }
            if seen_columns.insert(cell.column.as_str()) {
                grid.columns.push(&cell.column);
            }
            grid.counts
                .insert((cell.row.as_str(), cell.column.as_str()), cell.count);
        }
        // Sparse crosses meet their columns row by row; show them in the taxonomy's
        // order, which is the order a declared cross lists them in.
        let place: HashMap<&str, usize> = cross
            .cells
            .iter()
            .map(|c| (c.column.as_str(), c.column_at))
            .collect();
        grid.columns
            .sort_by_key(|c| place.get(c).copied().unwrap_or(0));
        grid
    }

    /// The count of one square.
    pub fn count(&self, row: &str, column: &str) -> usize {
        self.counts.get(&(row, column)).copied().unwrap_or(0)
    }
}

//! The human tables of every command: columns padded by terminal display width (a CJK
//! character or an emoji takes two cells, a combining mark none), so that tables of any
//! names line up, with colour added after the padding, so that escape codes never count as
//! width. What goes in a cell, escaped for the terminal, is the caller's.

use unicode_width::UnicodeWidthStr;

use super::style::{paint, Tone};

/// How a column lines its cells up.
#[derive(Clone, Copy)]
pub(super) enum Align {
    /// Text starts at the column's left edge.
    Left,
    /// Text ends at the column's right edge (numbers).
    Right,
}

/// One column: its header, its alignment and the least width it takes.
pub(super) struct Column {
    header: String,
    align: Align,
    least: usize,
}

impl Column {
    /// A left-aligned column headed `header` (empty for a table without a header row).
    pub(super) fn left(header: impl Into<String>) -> Column {
        Column {
            header: header.into(),
            align: Align::Left,
            least: 0,
        }
    }

    /// A right-aligned column headed `header`.
    pub(super) fn right(header: impl Into<String>) -> Column {
        Column {
            align: Align::Right,
            ..Column::left(header)
        }
    }

    /// The column is at least `width` cells wide, however narrow its header and cells.
    pub(super) fn at_least(self, width: usize) -> Column {
        Column {
            least: width,
            ..self
        }
    }
}

/// One cell: pieces of text, each with its colour if any. The padding takes the colour of
/// the last piece, so that a painted cell is one coloured block.
pub(super) struct Cell {
    pieces: Vec<(String, Option<Tone>)>,
}

impl Cell {
    /// A cell without colour.
    pub(super) fn plain(text: impl Into<String>) -> Cell {
        Cell {
            pieces: vec![(text.into(), None)],
        }
    }

    /// A cell painted in `tone` when colour is on.
    pub(super) fn painted(text: impl Into<String>, tone: Tone) -> Cell {
        Cell {
            pieces: vec![(text.into(), Some(tone))],
        }
    }

    /// The cell followed by `text` without colour.
    pub(super) fn then(mut self, text: impl Into<String>) -> Cell {
        self.pieces.push((text.into(), None));
        self
    }

    fn width(&self) -> usize {
        self.pieces.iter().map(|(text, _)| text.width()).sum()
    }
}

enum Entry {
    Cells(Vec<Cell>),
    Line(String),
}

/// A table: a header row (unless every header is empty) and rows of cells, columns two
/// spaces apart, with free lines between rows; a left-aligned last column is not padded,
/// and trailing spaces are trimmed from every line.
pub(super) struct Table {
    indent: &'static str,
    columns: Vec<Column>,
    entries: Vec<Entry>,
}

impl Table {
    /// A table of `columns`, each line starting with `indent`.
    pub(super) fn new(indent: &'static str, columns: Vec<Column>) -> Table {
        Table {
            indent,
            columns,
            entries: Vec::new(),
        }
    }

    /// Adds a row; a row shorter than the header leaves its last columns empty.
    pub(super) fn row(&mut self, cells: Vec<Cell>) {
        self.entries.push(Entry::Cells(cells));
    }

    /// Adds a line of its own below the last row (a note, a problem), as it is: it counts
    /// towards no column's width.
    pub(super) fn line(&mut self, text: impl Into<String>) {
        self.entries.push(Entry::Line(text.into()));
    }

    /// The table as lines, each ending in a newline.
    pub(super) fn render(&self, colour: bool) -> String {
        let rows = || {
            self.entries.iter().filter_map(|entry| match entry {
                Entry::Cells(cells) => Some(cells),
                Entry::Line(_) => None,
            })
        };
        let widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(index, column)| {
                rows()
                    .filter_map(|cells| cells.get(index))
                    .map(Cell::width)
                    .fold(column.least.max(column.header.width()), usize::max)
            })
            .collect();
        let mut out = String::new();
        if self.columns.iter().any(|column| !column.header.is_empty()) {
            let header: Vec<Cell> = self
                .columns
                .iter()
                .map(|column| Cell::plain(column.header.as_str()))
                .collect();
            self.render_row(&mut out, &header, &widths, colour);
        }
        for entry in &self.entries {
            match entry {
                Entry::Cells(cells) => self.render_row(&mut out, cells, &widths, colour),
                Entry::Line(text) => {
                    out.push_str(text);
                    out.push('\n');
                }
            }
        }
        out
    }

    fn render_row(&self, out: &mut String, cells: &[Cell], widths: &[usize], colour: bool) {
        let last = self.columns.len().saturating_sub(1);
        let mut line = String::from(self.indent);
        for (index, (column, width)) in self.columns.iter().zip(widths).enumerate() {
            if index > 0 {
                line.push_str("  ");
            }
            let Some(cell) = cells.get(index) else {
                line.push_str(&" ".repeat(*width));
                continue;
            };
            let padding = if index == last && matches!(column.align, Align::Left) {
                String::new()
            } else {
                " ".repeat(width.saturating_sub(cell.width()))
            };
            if matches!(column.align, Align::Right) {
                line.push_str(&padding);
            }
            let count = cell.pieces.len();
            for (position, (text, tone)) in cell.pieces.iter().enumerate() {
                let text = if position + 1 == count && matches!(column.align, Align::Left) {
                    format!("{text}{padding}")
                } else {
                    text.clone()
                };
                match tone {
                    Some(tone) => line.push_str(&paint(&text, *tone, colour)),
                    None => line.push_str(&text),
                }
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_by_display_width() {
        let mut table = Table::new("", vec![Column::left("NAME"), Column::right("N")]);
        table.row(vec![Cell::plain("ボブ"), Cell::plain("1")]);
        table.row(vec![Cell::plain("alice"), Cell::plain("22")]);
        table.row(vec![Cell::plain("😀x"), Cell::plain("3")]);
        assert_eq!(
            table.render(false),
            "NAME    N\nボブ    1\nalice  22\n😀x     3\n"
        );
    }

    #[test]
    fn colour_wraps_the_padded_cell_and_counts_no_width() {
        let mut table = Table::new("  ", vec![Column::left("V").at_least(4), Column::left("M")]);
        table.row(vec![Cell::painted("AC", Tone::Passed), Cell::plain("")]);
        assert_eq!(table.render(true), "  V     M\n  \x1b[32mAC  \x1b[0m\n");
    }

    #[test]
    fn free_lines_and_no_header() {
        let mut table = Table::new("", vec![Column::left(""), Column::left("")]);
        table.row(vec![
            Cell::plain("二倍"),
            Cell::plain("FAILED").then("  (x)"),
        ]);
        table.line("    - why");
        table.row(vec![Cell::plain("squares-long"), Cell::plain("OK")]);
        assert_eq!(
            table.render(false),
            "二倍          FAILED  (x)\n    - why\nsquares-long  OK\n"
        );
    }
}

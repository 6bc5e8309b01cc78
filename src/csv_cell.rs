//! Cells of the CSV files simpul writes and reads: no cell opens in a
//! spreadsheet as a formula.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and,
//! in some, a tab or carriage return) as a formula: a client's name
//! `=HYPERLINK("http://…", "klik")` imported from a partner's file would
//! become a live link, or worse, in the office's spreadsheet. Every CSV
//! writer writes its records through [`write_record`], which puts one `'`
//! before such a cell: spreadsheets read `'=…` as the text `=…`. A cell
//! that starts with `'` gets one too, so that reading back is unambiguous:
//! [`unescape`] takes off exactly one `'` where [`escape`] would have put
//! one, and [`unescape`]`(`[`escape`]`(s)) == s` for every text.
//!
//! Negative numbers and `+62…` telephone numbers are escaped like
//! anything else: the layouts have no negative numbers, phones are stored
//! in their national form (`08…`), and an import reads `'+62…` as
//! `+62…`, so nothing is lost either way.

use std::borrow::Cow;
use std::io::Write;

/// The first characters that make a cell a formula, and `'` itself.
fn needs_quote(s: &str) -> bool {
    matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\''))
}

/// A cell as written to a CSV file: with one `'` before it when it starts
/// with `=`, `+`, `-`, `@`, a tab, a carriage return or `'`.
pub fn escape(s: &str) -> Cow<'_, str> {
    if needs_quote(s) { Cow::Owned(format!("'{s}")) } else { Cow::Borrowed(s) }
}

/// A cell as read from a CSV file: without the one `'` that [`escape`]
/// would have put before it. A `'` before anything else is kept.
pub fn unescape(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if needs_quote(rest) => rest,
        _ => s,
    }
}

/// Writes one record, each cell [`escape`]d. Every CSV writer of simpul
/// writes through this (a test looks for any other `write_record`).
pub fn write_record<W: Write, I, S>(w: &mut csv::Writer<W>, cells: I) -> csv::Result<()>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    // field by field: a cell needs no copy of its own unless escaped
    for c in cells {
        w.write_field(escape(c.as_ref()).as_bytes())?;
    }
    w.write_record(None::<&[u8]>)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_are_quoted_and_other_cells_kept() {
        for (cell, written) in [
            ("=1+1", "'=1+1"),
            ("+62812", "'+62812"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("'abc", "''abc"),
            ("'", "''"),
            ("Budi", "Budi"),
            ("081234567890", "081234567890"),
            (" =x", " =x"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(escape(cell), written, "{cell:?}");
            assert_eq!(unescape(written), cell, "{written:?}");
        }
    }

    #[test]
    fn a_quote_before_anything_else_is_read_as_it_is() {
        assert_eq!(unescape("'abc"), "'abc");
        assert_eq!(unescape("'"), "'");
        assert_eq!(unescape("''=x"), "'=x", "exactly one");
        assert_eq!(unescape("=x"), "=x");
    }

    #[test]
    fn records_are_written_escaped() {
        let mut w = csv::Writer::from_writer(Vec::new());
        write_record(&mut w, ["=cmd|' /C calc'!A0", "Siti", "-1"]).unwrap();
        let bytes = w.into_inner().unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), "'=cmd|' /C calc'!A0,Siti,'-1\n");
    }

    /// Every `write_record` of a CSV writer in `src/` goes through [`write_record`].
    #[test]
    fn every_csv_writer_escapes() {
        fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("csv_cell.rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for (i, line) in text.lines().enumerate() {
                        if line.contains(".write_record(") || line.contains(".write_field(") {
                            found.push(format!("{}:{}", path.display(), i + 1));
                        }
                    }
                }
            }
        }
        let mut found = Vec::new();
        walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut found);
        assert!(found.is_empty(), "write through csv_cell::write_record: {found:?}");
    }

    proptest! {
        #[test]
        fn unescape_undoes_escape(s in any::<String>()) {
            let written = escape(&s);
            prop_assert_eq!(unescape(&written), s.as_str());
        }

        /// Through a real CSV file: written, read back, unescaped.
        #[test]
        fn a_written_record_reads_back_the_same(cells in proptest::collection::vec(any::<String>(), 1..6)) {
            let mut w = csv::Writer::from_writer(Vec::new());
            write_record(&mut w, &cells).unwrap();
            let bytes = w.into_inner().unwrap();
            let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes.as_slice());
            let rec = r.records().next().unwrap().unwrap();
            let back: Vec<&str> = rec.iter().map(unescape).collect();
            prop_assert_eq!(back, cells.iter().map(String::as_str).collect::<Vec<_>>());
        }

        #[test]
        fn an_escaped_cell_never_starts_a_formula(s in "[=+@\t\r'-]?\\PC*") {
            let e = escape(&s);
            prop_assert!(!matches!(e.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r')), "{:?}", e);
        }
    }
}

//! Word wrapping of the details, shared by `update` (scrolling, keeping
//! the selected link visible) and `view` (drawing), so both count the same
//! rows: a long session summary is shown whole, over several rows, never
//! cut off at the border.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::app::App;
use super::data::{Detail, DetailLine, Edit};
use super::sanitize::sanitize;

/// Splits `text` into rows of at most `width` display columns, breaking at
/// spaces where it can and inside a word only when the word is wider than
/// a row. Always at least one row.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut row = String::new();
    let mut row_w = 0;
    for word in text.split(' ') {
        let w = word.width();
        let gap = usize::from(!row.is_empty());
        if row_w + gap + w <= width {
            if gap == 1 {
                row.push(' ');
            }
            row.push_str(word);
            row_w += gap + w;
            continue;
        }
        if !row.is_empty() {
            rows.push(std::mem::take(&mut row));
            row_w = 0;
        }
        // a word wider than the row is cut into pieces
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if row_w + cw > width && !row.is_empty() {
                rows.push(std::mem::take(&mut row));
                row_w = 0;
            }
            row.push(c);
            row_w += cw;
        }
    }
    if !row.is_empty() || rows.is_empty() {
        rows.push(row);
    }
    rows
}

/// [`wrap`] for a line of styled spans: each row keeps the styles of its
/// characters (the highlighted matches of a palette entry stay highlighted).
pub fn wrap_line(line: &ratatui::text::Line<'_>, width: usize) -> Vec<ratatui::text::Line<'static>> {
    use ratatui::text::{Line, Span};
    let chars: Vec<(char, ratatui::style::Style)> =
        line.spans.iter().flat_map(|s| s.content.chars().map(move |c| (c, s.style))).collect();
    let plain: String = chars.iter().map(|(c, _)| *c).collect();
    let mut at = 0;
    let mut out = Vec::new();
    for row in wrap(&plain, width) {
        let n = row.chars().count();
        let mut spans: Vec<Span<'static>> = Vec::new();
        for &(c, style) in chars.iter().skip(at).take(n) {
            match spans.last_mut() {
                Some(last) if last.style == style => last.content.to_mut().push(c),
                _ => spans.push(Span::styled(c.to_string(), style)),
            }
        }
        at += n;
        // the space the row broke at
        if chars.get(at).is_some_and(|(c, _)| *c == ' ') {
            at += 1;
        }
        out.push(Line::from(spans).style(line.style));
    }
    out
}

/// Stored text made safe, and under `--ascii` the punctuation the details
/// add (· – — →) in ASCII too.
pub fn text<'a>(app: &App, s: &'a str) -> Cow<'a, str> {
    let safe = sanitize(s);
    if app.theme.ascii && !safe.is_ascii() {
        Cow::Owned(safe.replace('·', "-").replace(['–', '—'], "-").replace('→', "->").replace('…', "..."))
    } else {
        safe
    }
}

/// A field's value as rows: each of its own lines (notes keep theirs, an
/// empty one too) made safe and wrapped on its own.
fn value_rows(app: &App, value: &str, width: usize) -> Vec<String> {
    value.trim_end().lines().flat_map(|line| wrap(&text(app, line), width)).collect()
}

/// One row of the details as drawn: a lead (label or indent) and a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Label (first row of a field), marker and arrow (first row of a link), or indent.
    pub lead: String,
    /// The text.
    pub body: String,
    /// Index of the logical detail line this row belongs to.
    pub line: usize,
    /// The row starts its line (a field's label, a link's marker).
    pub first: bool,
}

/// Width of the label column of a detail.
pub fn label_width(app: &App, d: &Detail) -> usize {
    d.lines
        .iter()
        .filter_map(|l| match l {
            DetailLine::Field(label, _) => Some(label.text(app.lang).width()),
            DetailLine::Entry(label, _) => Some(label.text(app.lang).width()),
            _ => None,
        })
        .max()
        .unwrap_or(0)
        .min(22)
}

/// Every row of a detail at an inner width. Link rows carry a blank marker
/// slot; the view puts the selection marker there.
pub fn rows(app: &App, d: &Detail, width: usize) -> Vec<Row> {
    let label_w = label_width(app, d);
    let mut out = Vec::with_capacity(d.lines.len() + 8);
    let mut push = |lead: String, body_rows: Vec<String>, cont: usize, line: usize| {
        for (i, body) in body_rows.into_iter().enumerate() {
            let lead = if i == 0 { lead.clone() } else { " ".repeat(cont) };
            out.push(Row { lead, body, line, first: i == 0 });
        }
    };
    for (i, l) in d.lines.iter().enumerate() {
        match l {
            DetailLine::Heading(h) => push(String::new(), vec![h.text(app.lang).to_string()], 0, i),
            DetailLine::Blank => push(String::new(), vec![String::new()], 0, i),
            DetailLine::Field(_, value) | DetailLine::Entry(_, value) => {
                let label = match l {
                    DetailLine::Entry(label, _) => label.text(app.lang),
                    DetailLine::Field(label, _) => label.text(app.lang),
                    _ => "",
                };
                let lead = format!("{label}{} ", " ".repeat(label_w.saturating_sub(label.width())));
                let value = if value.trim().is_empty() { "–" } else { value.as_str() };
                push(lead, value_rows(app, value, width.saturating_sub(label_w + 1)), label_w + 1, i);
            }
            DetailLine::Item(t) => push("  ".into(), wrap(&text(app, t), width.saturating_sub(2)), 2, i),
            DetailLine::Link(t, sel) => {
                // marker slot (one column), space, arrow (or bullet for a part), space
                let sign = match sel.edit {
                    Some(Edit::Flag(_)) => app.theme.flag(),
                    _ if sel.link.is_some() => app.theme.link(),
                    Some(Edit::Referral(None)) => app.theme.add(),
                    Some(Edit::Part(p)) if p.index.is_none() => app.theme.add(),
                    _ => app.theme.bullet(),
                };
                let lead = format!("  {sign} ");
                let lead_w = lead.width();
                push(lead, wrap(&text(app, t), width.saturating_sub(lead_w)), lead_w, i);
            }
        }
    }
    out
}

/// For each link of a detail, the index of its first row.
pub fn link_rows(rows: &[Row], d: &Detail) -> Vec<usize> {
    rows.iter()
        .enumerate()
        .filter(|(_, r)| r.first && matches!(d.lines.get(r.line), Some(DetailLine::Link(..))))
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_cuts_only_long_words() {
        assert_eq!(wrap("satu dua tiga empat", 9), vec!["satu dua", "tiga", "empat"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 10), vec![""]);
        assert_eq!(wrap("Pembinaan wawasan", 100), vec!["Pembinaan wawasan"]);
        assert_eq!(wrap("日本語テキスト", 6), vec!["日本語", "テキス", "ト"], "wide characters count two columns");
        for row in wrap("a b c d e f g h i j k l m n o p", 5) {
            assert!(row.width() <= 5, "{row}");
        }
    }
}

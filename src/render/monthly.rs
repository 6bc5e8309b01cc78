//! The monthly report as a plain text table to print: what
//! `casework::monthly` counts, with the headings and notes of
//! `i18n::report`, columns lined up by their width on a terminal; and
//! the report in the format asked ([`write()`]: this table, or the CSV).

use chrono::NaiveDate;
use unicode_width::UnicodeWidthStr;

use crate::casework::monthly::{Counts, Report, ReportFormat, csv, figures};
use crate::i18n::report::ReportMsg as M;
use crate::i18n::{self, Lang, fill};
use crate::sanitize::sanitize;

/// The report as bytes in a format, made on `made`.
pub fn write(r: &Report, format: ReportFormat, made: NaiveDate, lang: Lang) -> std::io::Result<Vec<u8>> {
    match format {
        ReportFormat::Table => Ok(table(r, made, lang).into_bytes()),
        ReportFormat::Csv => {
            let mut out = Vec::new();
            csv(r, &mut out)?;
            Ok(out)
        }
    }
}

/// How a column lines up.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
}

/// One line of stored text for the printed table: control characters
/// neutralised, line breaks as spaces, at most `max` columns wide.
fn cell(s: &str, max: usize) -> String {
    let s = sanitize(&s.replace(['\n', '\r'], " ").split_whitespace().collect::<Vec<_>>().join(" ")).into_owned();
    if s.width() <= max {
        return s;
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) + 1 > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A paragraph broken into lines of at most `width` columns, between words.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// A table of text: headings, then rows, columns two spaces apart.
fn grid(out: &mut String, head: &[(&str, Align)], rows: &[Vec<String>]) {
    let mut w: Vec<usize> = head.iter().map(|(h, _)| h.width()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(x) = w.get_mut(i) {
                *x = (*x).max(c.width());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = " ".repeat(w.get(i).copied().unwrap_or(0).saturating_sub(c.width()));
                match head.get(i).map(|(_, a)| *a) {
                    Some(Align::Right) => format!("{pad}{c}"),
                    _ => format!("{c}{pad}"),
                }
            })
            .collect::<Vec<_>>()
            .join("  ");
        s.truncate(s.trim_end().len());
        s.push('\n');
        s
    };
    out.push_str(&line(head.iter().map(|(h, _)| *h).collect()));
    out.push_str(&line(w.iter().map(|n| "-".repeat(*n)).collect::<Vec<_>>().iter().map(String::as_str).collect()));
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
}

/// The report as a plain text table to print: a title, the period, the
/// clients, the officers and the total, and what the columns count.
pub fn table(r: &Report, made: NaiveDate, lang: Lang) -> String {
    let mut out = String::new();
    let title = fill(M::Title.text(lang), &[("month", &r.month.label(lang))]);
    out.push_str(&format!("{title}\n{}\n", "=".repeat(title.width())));
    out.push_str(&wrap(M::Office.text(lang), 78));
    out.push('\n');
    let mut period = format!(
        "{}: {} – {}",
        M::Period.text(lang),
        i18n::date(lang, r.month.first()),
        i18n::date(lang, r.month.last())
    );
    if r.until < r.month.last() {
        period.push_str(&format!(" ({} {})", M::Counted.text(lang), i18n::date(lang, r.until)));
    }
    out.push_str(&format!("{period}\n"));
    if let Some(o) = &r.officer {
        out.push_str(&format!("{}: {}\n", M::OfficerFilter.text(lang), cell(o, 60)));
    }
    out.push_str(&format!("{}: {}\n\n", M::Made.text(lang), i18n::date(lang, made)));
    if r.clients.is_empty() {
        out.push_str(&format!("{}\n", M::NoClients.text(lang)));
        return out;
    }
    let officer_name = |n: &str| if n.is_empty() { M::NoOfficer.text(lang).to_string() } else { cell(n, 24) };
    let nums = [
        (M::ColSessions.text(lang), Align::Right),
        (M::ColDays.text(lang), Align::Right),
        (M::ColAttended.text(lang), Align::Right),
        (M::ColMissed.text(lang), Align::Right),
        (M::ColExcused.text(lang), Align::Right),
        (M::ColCompliance.text(lang), Align::Right),
        (M::ColEvents.text(lang), Align::Right),
    ];
    let shown = |c: &Counts| {
        let mut f = figures(c);
        f[5] = c.compliance().map_or_else(|| "–".to_string(), |p| format!("{p}%"));
        f
    };
    for (heading, per_client) in [(M::PerClient, true), (M::PerOfficer, false)] {
        let h = heading.text(lang);
        out.push_str(&format!("{h}\n{}\n", "-".repeat(h.width())));
        let mut head: Vec<(&str, Align)> = vec![(M::ColOfficer.text(lang), Align::Left)];
        let mut rows: Vec<Vec<String>> = Vec::new();
        if per_client {
            head.extend([(M::ColClient.text(lang), Align::Left), (M::ColRegister.text(lang), Align::Left)]);
            head.extend(nums);
            for l in &r.clients {
                // a register number is an identifier: whole, however long it is written
                let mut row = vec![officer_name(&l.officer), cell(&l.name, 40), cell(&l.register_no, 64)];
                row.extend(shown(&l.counts));
                rows.push(row);
            }
        } else {
            head.push((M::ColClients.text(lang), Align::Right));
            head.extend(nums);
            for (name, c) in r
                .officers
                .iter()
                .map(|(n, c)| (officer_name(n), c))
                .chain([(M::Total.text(lang).to_string(), &r.total)])
            {
                let mut row = vec![name, c.clients.to_string()];
                row.extend(shown(c));
                rows.push(row);
            }
        }
        grid(&mut out, &head, &rows);
        out.push('\n');
    }
    out.push_str(&wrap(M::Notes.text(lang), 78));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::monthly::tests::{OPEN, d, nov, office};
    use crate::casework::monthly::{Month, build};

    #[test]
    fn the_printed_table_lines_up_and_says_what_it_counts() {
        let (mut clients, events) = office();
        clients[1].full_name = "Dewi \u{1b}[2J Lestari".into();
        let r = build(&clients, &events, &OPEN, nov(), None, d(11, 16));
        let t = table(&r, d(11, 16), Lang::En);
        assert!(!t.contains('\u{1b}'), "stored text is made harmless: {t}");
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!("monthly_report_en", t);
            insta::assert_snapshot!("monthly_report_id", table(&build(&clients, &events, &OPEN, nov(), Some("Rina Wulandari"), d(12, 6)), d(12, 6), Lang::Id));
        });
        // a register number is whole, however long
        clients[0].register_no = "PAS.3/2022/000004/BAPAS-MALANG".into();
        let long = table(&build(&clients, &events, &OPEN, nov(), None, d(11, 16)), d(11, 16), Lang::En);
        assert!(long.contains("PAS.3/2022/000004/BAPAS-MALANG  "), "{long}");
        let empty = build(&clients, &events, &OPEN, Month { year: 2025, month: 1 }, None, d(11, 16));
        assert!(table(&empty, d(11, 16), Lang::En).contains("No client was under supervision"), "nothing to list");
    }
}

//! Drawing the agenda and the dashboard. Bars are drawn as characters
//! (`█`, or `#` under `--ascii`) with their number beside them, so the
//! figures read the same without colour.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{AgendaRow, agenda_rows, figures_current};
use crate::action::{Action, Context};
use crate::casework::agenda::{Item, Rule};
use crate::casework::dashboard::{Figures, Month};
use crate::i18n::ui::Ui;
use crate::i18n::{self, Lang, fill};
use crate::model::{ClientStatus, RecordKind, RecordRef, ReferralStatus, RiskCategory};
use crate::ui::app::App;
use crate::ui::data::UiData;
use crate::ui::keys;
use crate::ui::layout;
use crate::ui::wrap::text;

/// Months shown in the figures per month (the most recent).
const MONTHS: usize = 12;
/// Partners listed in the referral figures (most referrals first).
const PARTNERS: usize = 10;

fn block<'a>(app: &App, title: impl Into<Line<'a>>) -> Block<'a> {
    Block::bordered().border_set(app.theme.border()).title(title).border_style(app.theme.header())
}

/// `s` cut or padded to exactly `w` display columns.
fn fit(s: &str, w: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    let cut = s.width() > w;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw + usize::from(cut) > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    if cut && w > 0 {
        out.push('…');
        used += 1;
    }
    out.push_str(&" ".repeat(w.saturating_sub(used)));
    out
}

/// A month as "Okt 2023".
fn month(lang: Lang, (y, m): Month) -> String {
    chrono::NaiveDate::from_ymd_opt(y, m, 1)
        .map(|d| i18n::date(lang, d).split_once(' ').map(|(_, rest)| rest.to_string()).unwrap_or_default())
        .unwrap_or_default()
}

/// The detail of an agenda line in words.
fn item_detail(app: &App, i: &Item) -> String {
    match i.rule {
        Rule::NoRecentSession => match i.detail.parse::<u64>() {
            Ok(n) => i18n::count(app.lang, n, i18n::Noun::Day),
            Err(_) => i.detail.clone(),
        },
        // "2×": the times missed
        Rule::ReportingMissed if app.theme.ascii => i.detail.replace('×', "x"),
        _ => i18n::agenda_detail(app.lang, i),
    }
}

/// The agenda: each rule's items under its translated name, most urgent first.
pub fn draw_agenda(app: &App, data: &UiData, frame: &mut Frame, area: Rect) {
    let items = data.casework.items();
    // an officer's own agenda says so: the whole office's is one key away
    let mine = match crate::ui::caseload::agenda_officer(app) {
        Some(_) => format!(" · {}", app.t(Ui::AgendaMine)),
        None => String::new(),
    };
    let title = format!(
        " {} · {}{mine} ({}) ",
        app.t(Ui::TabAgenda),
        i18n::date(app.lang, app.today),
        if data.casework.agenda.is_some() { items.len().to_string() } else { "…".into() }
    );
    let b = block(app, text(app, &title).into_owned());
    let inner = b.inner(area);
    frame.render_widget(b, area);
    if data.casework.agenda.is_none() {
        frame.render_widget(Paragraph::new(app.t(Ui::AgendaLoading)), inner);
        return;
    }
    if items.is_empty() {
        frame.render_widget(Paragraph::new(app.t(Ui::AgendaNothing)), inner);
        return;
    }
    let w = usize::from(inner.width);
    let wide = w >= 100;
    // marker 2, date 12, record 9, then name and detail share the rest
    let rest = w.saturating_sub(2 + 12 + 9);
    let detail_w = if wide { rest * 2 / 5 } else { rest / 3 };
    let name_w = rest.saturating_sub(detail_w + 1);
    let rows = agenda_rows(items);
    let page = usize::from(inner.height);
    let offset = app.agenda.offset.min(rows.len().saturating_sub(page));
    let mut lines = Vec::with_capacity(page);
    for row in rows.iter().skip(offset).take(page) {
        match *row {
            AgendaRow::Heading(rule, n) => {
                let late = if rule.is_late() { app.theme.error() } else { app.theme.header() };
                lines.push(Line::from(Span::styled(format!("{} ({n})", i18n::agenda_rule(app.lang, rule)), late)));
            }
            AgendaRow::Item(k) => {
                let Some(i) = items.get(k) else { continue };
                let selected = k == app.agenda.selected;
                let marker = if selected { app.theme.marker() } else { " " };
                let line = format!(
                    "{marker} {} {} {} {}",
                    fit(&i18n::date(app.lang, i.date), 11),
                    fit(&i.record.to_string(), 8),
                    fit(
                        &text(
                            app,
                            &if i.record.kind == crate::model::RecordKind::Client && data.flagged.contains(&i.record.id)
                            {
                                format!("{} {}", app.theme.flag(), i.name)
                            } else {
                                i.name.clone()
                            }
                        ),
                        name_w
                    ),
                    fit(&text(app, &item_detail(app, i)), detail_w),
                );
                let l = Line::from(line);
                lines.push(if selected { l.style(app.theme.selected()) } else { l });
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The agenda's counts for the status line: "2 lapor terlewat · 1 terlambat …".
pub fn agenda_status(app: &App, data: &UiData) -> String {
    let Some(items) = &data.casework.agenda else { return app.t(Ui::AgendaLoading).to_string() };
    let parts: Vec<String> = crate::casework::agenda::counts(items)
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(r, n)| format!("{n} {}", i18n::agenda_rule_short(app.lang, r)))
        .collect();
    if parts.is_empty() { app.t(Ui::AgendaNothing).to_string() } else { parts.join(app.theme.dot()) }
}

/// Items already late (missed reporting, overdue follow-ups), for the tab bar.
pub fn late_count(data: &UiData) -> usize {
    data.casework.items().iter().filter(|i| i.rule.is_late()).count()
}

/// One bar: label, the bar scaled to `max` over `width` cells, the number.
fn bar<'a>(app: &App, label: &str, label_w: usize, n: usize, max: usize, width: usize, style: Style) -> Line<'a> {
    let cells = if n == 0 || max == 0 { 0 } else { (n * width).div_ceil(max).clamp(1, width) };
    let ch = if app.theme.ascii { "#" } else { "█" };
    Line::from(vec![
        // labels may be stored text (a partner's, an office's name)
        Span::raw(format!("  {} ", fit(&crate::sanitize::sanitize(label), label_w))),
        Span::styled(ch.repeat(cells), style),
        Span::raw(format!(" {n}")),
    ])
}

fn heading<'a>(app: &App, m: Ui) -> Line<'a> {
    Line::from(Span::styled(app.t(m).to_string(), app.theme.header()))
}

fn none<'a>(app: &App) -> Line<'a> {
    Line::from(Span::styled(format!("  {}", app.t(Ui::DashNone)), app.theme.dim()))
}

fn withheld<'a>(app: &App) -> Line<'a> {
    Line::from(Span::styled(format!("  [{}]", app.t(Ui::Withheld)), app.theme.dim()))
}

/// Clients by risk category and by status.
fn clients_sections(app: &App, data: &UiData, f: &Figures, width: usize) -> Vec<Line<'static>> {
    let lang = app.lang;
    let label_w = 15;
    let bar_w = width.saturating_sub(label_w + 3 + 6).max(1);
    let mut out = vec![heading(app, Ui::DashRisk)];
    if data.withheld.contains(&"assessments") {
        out.push(withheld(app));
    } else if f.by_risk.is_empty() {
        out.push(none(app));
    } else {
        let max = f.by_risk.values().copied().max().unwrap_or(0);
        for r in [Some(RiskCategory::Merah), Some(RiskCategory::Kuning), Some(RiskCategory::Hijau), None] {
            let n = f.by_risk.get(&r).copied().unwrap_or(0);
            let (label, style) = match r {
                Some(r) => (app.risk_names.label(lang, r).to_string(), app.theme.risk(r)),
                None => (app.t(Ui::DashNotAssessed).to_string(), app.theme.dim()),
            };
            out.push(bar(app, &label, label_w, n, max, bar_w, style));
        }
    }
    out.push(Line::from(""));
    out.push(heading(app, Ui::DashStatus));
    if f.by_status.is_empty() {
        out.push(none(app));
    } else {
        let max = f.by_status.values().copied().max().unwrap_or(0);
        for s in ClientStatus::ALL {
            let n = f.by_status.get(s).copied().unwrap_or(0);
            out.push(bar(app, i18n::client_status(lang, *s), label_w, n, max, bar_w, Style::new()));
        }
    }
    out
}

/// Changes of category per month, and every change counted.
fn movement_section(app: &App, data: &UiData, f: &Figures, width: usize) -> Vec<Line<'static>> {
    let lang = app.lang;
    let mut out = vec![heading(app, Ui::DashMovement)];
    if data.withheld.contains(&"assessments") {
        out.push(withheld(app));
        return out;
    }
    if f.movement.is_empty() {
        out.push(none(app));
        return out;
    }
    let (up, down) = if app.theme.ascii { ("^", "v") } else { ("▲", "▼") };
    out.push(Line::from(Span::styled(
        format!("  {up} {}   {down} {}", app.t(Ui::DashToGreen), app.t(Ui::DashToRed)),
        app.theme.dim(),
    )));
    let recent: Vec<_> = f.movement.iter().rev().take(MONTHS).collect();
    let max = recent.iter().map(|(_, (g, r))| (*g).max(*r)).max().unwrap_or(0);
    let label_w = 9;
    let bar_w = (width.saturating_sub(label_w + 2 + 2 * 8) / 2).max(1);
    let ch = if app.theme.ascii { "#" } else { "█" };
    let green = app.theme.risk(RiskCategory::Hijau);
    let red = app.theme.risk(RiskCategory::Merah);
    for (m, (g, r)) in recent.into_iter().rev() {
        let cells = |n: usize| if n == 0 || max == 0 { 0 } else { (n * bar_w).div_ceil(max).clamp(1, bar_w) };
        out.push(Line::from(vec![
            Span::raw(format!("  {} {up} ", fit(&month(lang, *m), label_w))),
            Span::styled(ch.repeat(cells(*g)), green),
            Span::raw(format!(" {g:<3}{}{down} ", " ".repeat(bar_w - cells(*g)))),
            Span::styled(ch.repeat(cells(*r)), red),
            Span::raw(format!(" {r}")),
        ]));
    }
    let arrow = if app.theme.ascii { "->" } else { "→" };
    let mut changes: Vec<_> = f.transitions.iter().collect();
    changes.sort_by_key(|(_, n)| std::cmp::Reverse(**n));
    out.push(Line::from(Span::styled(format!("  {}", app.t(Ui::DashChanges)), app.theme.dim())));
    for ((a, b), n) in changes {
        let change = format!("{} {arrow} {}", app.risk_names.label(lang, *a), app.risk_names.label(lang, *b));
        out.push(Line::from(format!("  {} {n:>5}", fit(&change, 18))));
    }
    out
}

/// Referrals by partner, then by status.
fn referrals_section(app: &App, data: &UiData, f: &Figures, width: usize) -> Vec<Line<'static>> {
    let lang = app.lang;
    let mut out = vec![heading(app, Ui::DashReferrals)];
    if f.referrals.is_empty() {
        out.push(none(app));
        return out;
    }
    let mut partners: Vec<(String, usize, Vec<String>)> = f
        .referrals
        .iter()
        .map(|(s, by)| {
            let name = data
                .position(RecordRef::new(RecordKind::Stakeholder, s.0))
                .and_then(|p| data.stakeholders.get(p))
                .map_or_else(|| s.to_string(), |r| r.short.clone());
            let total = by.values().sum();
            let parts: Vec<String> = ReferralStatus::ALL
                .iter()
                .filter_map(|st| by.get(st).map(|n| format!("{} {n}", i18n::referral_status(lang, *st))))
                .collect();
            (name, total, parts)
        })
        .collect();
    partners.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let name_w = 18.min(width / 3);
    let lead = 2 + name_w + 1 + 4 + 2;
    for (name, total, parts) in partners.iter().take(PARTNERS) {
        // the counts by status wrap under themselves rather than being cut
        let rows = pack(parts, app.theme.dot(), width.saturating_sub(lead).max(10));
        for (k, row) in rows.into_iter().enumerate() {
            let head =
                if k == 0 { format!("  {} {total:>4}  ", fit(&text(app, name), name_w)) } else { " ".repeat(lead) };
            out.push(Line::from(format!("{head}{row}")));
        }
    }
    if partners.len() > PARTNERS {
        out.push(Line::from(format!(
            "  {}",
            fill(app.t(Ui::More), &[("n", &(partners.len() - PARTNERS).to_string())])
        )));
    }
    out
}

/// Parts joined by `sep` into rows of at most `width` columns, a part never split.
fn pack(parts: &[String], sep: &str, width: usize) -> Vec<String> {
    let mut rows: Vec<String> = Vec::new();
    for p in parts {
        match rows.last_mut() {
            Some(row) if row.width() + sep.width() + p.width() <= width => {
                row.push_str(sep);
                row.push_str(p);
            }
            _ => rows.push(p.clone()),
        }
    }
    rows
}

/// Events per month.
fn events_section(app: &App, f: &Figures, width: usize) -> Vec<Line<'static>> {
    let mut out = vec![heading(app, Ui::DashEvents)];
    if f.events_per_month.is_empty() {
        out.push(none(app));
        return out;
    }
    let recent: Vec<_> = f.events_per_month.iter().rev().take(MONTHS).collect();
    let max = recent.iter().map(|(_, n)| **n).max().unwrap_or(0);
    let label_w = 9;
    let bar_w = width.saturating_sub(label_w + 3 + 6).max(1);
    for (m, n) in recent.into_iter().rev() {
        out.push(bar(app, &month(app.lang, *m), label_w, *n, max, bar_w, Style::new()));
    }
    out
}

/// Reporting compliance per office and per officer, as bars of percent.
fn compliance_section(app: &App, f: &Figures, width: usize) -> Vec<Line<'static>> {
    let mut out = vec![heading(app, Ui::DashCompliance)];
    if f.compliance_by_office.is_empty() {
        out.push(none(app));
        return out;
    }
    let label_w = 16;
    let bar_w = width.saturating_sub(label_w + 3 + 6).max(1);
    let rows = |map: &std::collections::BTreeMap<String, (usize, usize)>, out: &mut Vec<Line<'static>>| {
        for (name, pair) in map {
            let rate = Figures::rate(*pair).unwrap_or(0);
            let mut line = bar(app, name, label_w, rate, 100, bar_w, Style::new());
            // the number after the bar is a percentage here
            line.spans.push(Span::raw("%"));
            out.push(line);
        }
    };
    out.push(Line::from(Span::styled(format!("  {}", app.t(Ui::DashByOffice)), app.theme.dim())));
    rows(&f.compliance_by_office, &mut out);
    out.push(Line::from(Span::styled(format!("  {}", app.t(Ui::DashByOfficer)), app.theme.dim())));
    rows(&f.compliance_by_officer, &mut out);
    out
}

/// The dashboard's lines: two columns when wide, else one.
fn columns(app: &App, data: &UiData, width: usize) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
    let Some(f) = &data.casework.figures else {
        return (vec![Line::from(app.t(Ui::Computing))], Vec::new());
    };
    let two = layout::is_wide(app.width);
    let col_w = if two { width.saturating_sub(2) / 2 } else { width };
    let mut left = clients_sections(app, data, f, col_w);
    left.push(Line::from(""));
    left.extend(events_section(app, f, col_w));
    let mut right = movement_section(app, data, f, col_w);
    right.push(Line::from(""));
    right.extend(referrals_section(app, data, f, col_w));
    right.push(Line::from(""));
    right.extend(compliance_section(app, f, col_w));
    if two {
        (left, right)
    } else {
        left.push(Line::from(""));
        left.extend(right);
        (left, Vec::new())
    }
}

/// Inner width of the dashboard's box.
fn inner_width(app: &App) -> usize {
    usize::from(app.width.saturating_sub(2))
}

/// Lines the dashboard has (the taller column), for scrolling.
pub fn dashboard_len(app: &App, data: &UiData) -> usize {
    let (l, r) = columns(app, data, inner_width(app));
    l.len().max(r.len())
}

/// The filter in words: "kantor: semua · PK: Rina Wulandari".
pub fn filter_text(app: &App) -> String {
    let all = app.t(Ui::DashAll);
    let f = &app.dashboard.filter;
    format!(
        "{}: {}{}{}: {}",
        app.t(Ui::ColOffice),
        f.office.as_deref().unwrap_or(all),
        app.theme.dot(),
        app.t(Ui::ColOfficer),
        f.officer.as_deref().unwrap_or(all)
    )
}

/// The dashboard: the filter, then every figure under it.
pub fn draw_dashboard(app: &App, data: &UiData, frame: &mut Frame, area: Rect) {
    let b = block(app, format!(" {} ", app.t(Ui::TabDashboard)));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let [filter_area, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let key = |a: Action| keys::first_key(&app.keymap, a, Context::List).unwrap_or_default();
    let mut spans = vec![Span::styled(text(app, &filter_text(app)).into_owned(), app.theme.header())];
    if !figures_current(app, data) && data.casework.figures.is_some() {
        spans.push(Span::styled(format!(" ({})", app.t(Ui::Computing)), app.theme.dim()));
    }
    spans.push(Span::styled(
        format!(
            "   {} {}  {} {}  {} {}",
            key(Action::CycleOffice),
            app.t(Ui::AOffice),
            key(Action::CycleOfficer),
            app.t(Ui::AOfficer),
            key(Action::ClearFilter),
            app.t(Ui::DashAll)
        ),
        app.theme.dim(),
    ));
    frame.render_widget(Line::from(spans), filter_area);
    let (left, right) = columns(app, data, usize::from(inner.width));
    let scroll = app.dashboard.scroll;
    let take = |lines: Vec<Line<'static>>| -> Vec<Line<'static>> {
        lines.into_iter().skip(scroll).take(usize::from(body.height)).collect()
    };
    if right.is_empty() {
        frame.render_widget(Paragraph::new(take(left)), body);
    } else {
        let [l, r] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).spacing(2).areas(body);
        frame.render_widget(Paragraph::new(take(left)), l);
        frame.render_widget(Paragraph::new(take(right)), r);
    }
}

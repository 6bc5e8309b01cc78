//! Drawing a form: a label column, the values, each problem on the line
//! under its field, the way a date was understood beside it. Pure: the
//! scroll position follows from the focus.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{Ask, Conflict, FieldKind, Form};
use crate::action::{Action, Context};
use crate::i18n::form::FormMsg;
use crate::i18n::{self, Lang, fill};
use crate::model::input::{parse_date, parse_date_time};
use crate::ui::app::App;
use crate::ui::keys;
use crate::ui::sanitize;

/// Width of the label column at least.
const LABEL_W: usize = 22;

/// The conflict message: who saved, when, and that the edits are kept.
pub fn conflict_text(lang: Lang, zone: crate::clock::Zone, c: &Conflict) -> String {
    let at = zone.local(c.at);
    let at = format!("{} {}", i18n::date(lang, at.date()), at.format("%H:%M"));
    let m = if c.live { FormMsg::ConflictLive } else { FormMsg::ConflictBanner };
    fill(m.text(lang), &[("by", &c.by), ("at", &at)])
}

/// One drawn row: which field it belongs to, and the line.
struct Row {
    field: usize,
    line: Line<'static>,
}

/// Text typed by the user, made safe to draw and cut to `width` cells
/// around the cursor; the cursor's cell offset comes back too.
fn visible(s: &str, cursor: usize, width: usize) -> (String, usize) {
    let chars: Vec<char> = s.chars().collect();
    let cursor = cursor.min(chars.len());
    let mut start = 0;
    let cell = |a: usize, b: usize| chars[a..b].iter().collect::<String>().width();
    while cell(start, cursor) >= width.max(1) && start < cursor {
        start += 1;
    }
    let mut end = start;
    while end < chars.len() && cell(start, end + 1) <= width {
        end += 1;
    }
    let text: String = chars[start..end].iter().collect();
    (sanitize(&text).into_owned(), cell(start, cursor))
}

/// Draws the open form over the screen between the tab bar and the status line.
pub fn draw(app: &App, form: &Form, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let main = Rect::new(area.x, area.y + 1, area.width, area.height.saturating_sub(3));
    frame.render_widget(Clear, main);
    let title = format!(" {} ", sanitize(&form.title(lang)));
    let mut b = Block::bordered().border_set(app.theme.border()).title(title).border_style(app.theme.header());
    if form.state.is_changed() {
        b = b.title_top(Line::from(" * ").right_aligned());
    }
    let inner = b.inner(main);
    frame.render_widget(b, main);
    let width = usize::from(inner.width);
    // as wide as the longest label (marker and required mark included), so
    // every value starts in one column; at most half the row
    let longest = form.state.fields.iter().map(|f| f.label.text(lang).width() + 2).max().unwrap_or(0);
    let label_w = longest.clamp(LABEL_W, (width / 2).max(LABEL_W));
    let value_w = width.saturating_sub(label_w + 2).max(8);
    let mut rows: Vec<Row> = Vec::new();
    let mut cursor: Option<(usize, usize)> = None; // row index, column
    if let Some(c) = &form.state.conflict {
        let text = format!("{} {}", app.theme.error_symbol(), conflict_text(lang, app.zone, c));
        for chunk in wrap_text(&text, width) {
            rows.push(Row { field: usize::MAX, line: Line::from(Span::styled(chunk, app.theme.error())) });
        }
    }
    for (i, f) in form.state.fields.iter().enumerate() {
        if !form.state.is_shown(i) {
            continue;
        }
        let focused = i == form.state.focus;
        let marker = if focused { app.theme.marker() } else { " " };
        let req = if f.required { "*" } else { "" };
        let mut label = format!("{marker}{}{req}", f.label.text(lang));
        // a label wider than half the row is cut, so the values stay in their column
        while label.width() > label_w {
            label.pop();
        }
        let pad = label_w.saturating_sub(label.width());
        let lstyle = if focused { Style::new().add_modifier(Modifier::BOLD) } else { app.theme.dim() };
        let mut spans = vec![Span::styled(format!("{label}{} ", " ".repeat(pad)), lstyle)];
        let vstyle = if focused { app.theme.selected() } else { Style::new() };
        let mut extra: Vec<Line<'static>> = Vec::new();
        match &f.kind {
            FieldKind::Text(t) | FieldKind::List(t) => {
                let (s, col) = visible(&t.value, t.cursor, value_w);
                if focused {
                    cursor = Some((rows.len(), label_w + 1 + col));
                }
                spans.push(Span::styled(s, vstyle));
                if focused && matches!(f.kind, FieldKind::List(_)) && t.value.is_empty() {
                    spans.push(Span::styled(format!(" ({})", FormMsg::ListHint.text(lang)), app.theme.dim()));
                }
            }
            FieldKind::Date { input, time } => {
                let w = value_w.min(22);
                let (s, col) = visible(&input.value, input.cursor, w);
                if focused {
                    cursor = Some((rows.len(), label_w + 1 + col));
                }
                spans.push(Span::styled(format!("{s:<w$}"), vstyle));
                let understood = if *time {
                    parse_date_time(&input.value, form.today).ok().map(|(d, t)| {
                        let day = i18n::date(lang, d);
                        t.map_or(day.clone(), |t| format!("{day} {}", t.format("%H:%M")))
                    })
                } else {
                    parse_date(&input.value, form.today).ok().map(|d| i18n::date(lang, d))
                };
                if let Some(u) = understood {
                    let u = fill(FormMsg::Understood.text(lang), &[("value", &u)]);
                    spans.push(Span::styled(format!(" {}", crate::ui::wrap::text(app, &u)), app.theme.dim()));
                }
            }
            FieldKind::Choice { options, selected, label } => {
                let l = options.get(*selected).map_or("", |o| label.of(lang, &app.risk_names, o));
                let (a, z) = if app.theme.ascii { ("<", ">") } else { ("‹", "›") };
                spans.push(if focused {
                    Span::styled(format!("{a} {l} {z}"), vstyle)
                } else {
                    Span::raw(format!("  {l}"))
                });
            }
            FieldKind::Set { options, chosen, cursor: at, label } => {
                if focused {
                    // every option, wrapped over as many lines as needed
                    let mut line: Vec<Span<'static>> = Vec::new();
                    let mut used = 0;
                    let mut first = true;
                    for (k, o) in options.iter().enumerate() {
                        let mark = if chosen.get(k).copied().unwrap_or(false) { "[x]" } else { "[ ]" };
                        let item = format!("{mark} {}", label.of(lang, &app.risk_names, o));
                        if used > 0 && used + item.width() + 2 > value_w {
                            if first {
                                spans.append(&mut line);
                                first = false;
                            } else {
                                let mut l = vec![Span::raw(" ".repeat(label_w + 1))];
                                l.append(&mut line);
                                extra.push(Line::from(l));
                            }
                            used = 0;
                        }
                        if used > 0 {
                            line.push(Span::raw("  "));
                            used += 2;
                        }
                        used += item.width();
                        let st = if k == *at { vstyle } else { Style::new() };
                        line.push(Span::styled(item, st));
                    }
                    if first {
                        spans.append(&mut line);
                    } else {
                        let mut l = vec![Span::raw(" ".repeat(label_w + 1))];
                        l.append(&mut line);
                        extra.push(Line::from(l));
                    }
                } else {
                    let on: Vec<&str> = options
                        .iter()
                        .zip(chosen)
                        .filter(|(_, c)| **c)
                        .map(|(o, _)| label.of(lang, &app.risk_names, o))
                        .collect();
                    spans.push(Span::raw(if on.is_empty() { "–".to_string() } else { on.join(", ") }));
                }
            }
            FieldKind::Link { input, picked, hits, highlight, .. } => {
                let (s, col) = visible(&input.value, input.cursor, value_w);
                if focused {
                    cursor = Some((rows.len(), label_w + 1 + col));
                }
                let st = if picked.is_some() { vstyle.add_modifier(Modifier::UNDERLINED) } else { vstyle };
                spans.push(Span::styled(s, st));
                if focused {
                    for (k, (id, name)) in hits.iter().enumerate() {
                        let mark = if k == *highlight { app.theme.marker() } else { " " };
                        let kind = match f.kind {
                            FieldKind::Link { kind, .. } => kind,
                            _ => crate::model::RecordKind::Client,
                        };
                        let text = format!(
                            "{}{mark} {} {}",
                            " ".repeat(label_w + 1),
                            crate::model::RecordRef::new(kind, *id),
                            sanitize(name)
                        );
                        let style = if k == *highlight { app.theme.selected() } else { app.theme.dim() };
                        extra.push(Line::from(Span::styled(text, style)));
                    }
                }
            }
            FieldKind::Links { kind, input, picked, hits, highlight } => {
                // the picked names first, then the box for the next one
                let names: Vec<String> = picked.iter().map(|p| sanitize(&p.1).into_owned()).collect();
                let lead = if names.is_empty() { String::new() } else { format!("{}, ", names.join(", ")) };
                let lead_w = lead.width().min(value_w.saturating_sub(8));
                let lead: String = if lead.width() > lead_w {
                    format!(
                        "…{}",
                        lead.chars()
                            .rev()
                            .take(lead_w.saturating_sub(1))
                            .collect::<Vec<_>>()
                            .into_iter()
                            .rev()
                            .collect::<String>()
                    )
                } else {
                    lead
                };
                let (s, col) = visible(&input.value, input.cursor, value_w.saturating_sub(lead.width()));
                if focused {
                    cursor = Some((rows.len(), label_w + 1 + lead.width() + col));
                }
                spans.push(Span::styled(lead.clone(), vstyle.add_modifier(Modifier::UNDERLINED)));
                spans.push(Span::styled(s, vstyle));
                if focused {
                    for (k, (id, name)) in hits.iter().enumerate() {
                        let mark = if k == *highlight { app.theme.marker() } else { " " };
                        let text = format!(
                            "{}{mark} {} {}",
                            " ".repeat(label_w + 1),
                            crate::model::RecordRef::new(*kind, *id),
                            sanitize(name)
                        );
                        let style = if k == *highlight { app.theme.selected() } else { app.theme.dim() };
                        extra.push(Line::from(Span::styled(text, style)));
                    }
                }
            }
            FieldKind::Multiline(t) => {
                let lines: Vec<&str> = t.value.split('\n').collect();
                if focused {
                    let (line_no, col) = t.line_col();
                    let first = line_no.saturating_sub(3);
                    for (k, l) in lines.iter().enumerate().skip(first).take(4) {
                        let c = if k == line_no { col } else { 0 };
                        let (s, cc) = visible(l, c, value_w);
                        if k == line_no {
                            // the first shown line is the field's row, the others follow it
                            cursor = Some((rows.len() + (k - first), label_w + 1 + cc));
                        }
                        if k == first {
                            spans.push(Span::styled(s, vstyle));
                        } else {
                            extra.push(Line::from(vec![Span::raw(" ".repeat(label_w + 1)), Span::styled(s, vstyle)]));
                        }
                    }
                } else {
                    let (s, _) = visible(lines.first().copied().unwrap_or(""), 0, value_w.saturating_sub(2));
                    let more = if lines.len() > 1 { " …" } else { "" };
                    spans.push(Span::raw(format!("{s}{more}")));
                }
            }
        }
        rows.push(Row { field: i, line: Line::from(spans) });
        for l in extra {
            rows.push(Row { field: i, line: l });
        }
        for issue in form.state.problems_of(i) {
            let text = format!("{} {}", app.theme.error_symbol(), form.issue_text_named(lang, &app.risk_names, issue));
            for chunk in wrap_text(&text, value_w) {
                rows.push(Row {
                    field: i,
                    line: Line::from(vec![Span::raw(" ".repeat(label_w + 1)), Span::styled(chunk, app.theme.error())]),
                });
            }
        }
    }
    // scroll so that the focused field and its messages are on screen
    let h = usize::from(inner.height);
    let first = rows.iter().position(|r| r.field == form.state.focus).unwrap_or(0);
    let last = rows.iter().rposition(|r| r.field == form.state.focus).unwrap_or(0);
    let mut top = 0;
    if last >= h {
        top = last + 1 - h;
    }
    if first < top {
        top = first;
    }
    let shown: Vec<Line> = rows.iter().skip(top).take(h).map(|r| r.line.clone()).collect();
    frame.render_widget(Paragraph::new(shown), inner);
    if form.ask.is_none()
        && let Some((r, c)) = cursor
        && r >= top
        && r < top + h
    {
        let x = inner.x + u16::try_from(c).unwrap_or(0).min(inner.width.saturating_sub(1));
        let y = inner.y + u16::try_from(r - top).unwrap_or(0);
        frame.set_cursor_position(Position::new(x, y));
    }
    if app.status.is_none() && form.ask.is_none() && area.height > 0 {
        hints(app, form, frame, Rect::new(area.x, area.y + area.height - 1, area.width, 1));
    }
    match &form.ask {
        Some(Ask::Discard) => ask_box(app, frame, area, FormMsg::ConfirmDiscard.text(lang).to_string(), Vec::new()),
        Some(Ask::Capacity { name, used, total }) => ask_box(
            app,
            frame,
            area,
            fill(
                FormMsg::CapacityFull.text(lang),
                &[
                    ("name", &sanitize(name)),
                    ("used", &used.to_string()),
                    ("places", &i18n::count(lang, *total, i18n::Noun::Place)),
                ],
            ),
            Vec::new(),
        ),
        Some(Ask::Clash { by, fields }) => {
            let mut lines = Vec::new();
            for (i, theirs, mine) in fields {
                let label = form.state.fields.get(*i).map_or("", |f| f.label.text(lang));
                lines.push(Line::from(format!("{label}:")).style(app.theme.selected()));
                let theirs = if theirs.is_empty() { "–".to_string() } else { sanitize(theirs).to_string() };
                let mine = if mine.is_empty() { "–".to_string() } else { sanitize(mine).to_string() };
                lines.push(Line::from(format!(
                    "  {} {theirs}",
                    fill(FormMsg::ClashTheirs.text(lang), &[("by", &sanitize(by))])
                )));
                lines.push(Line::from(format!("  {} {mine}", FormMsg::ClashMine.text(lang))));
            }
            ask_box(app, frame, area, fill(FormMsg::Clash.text(lang), &[("by", &sanitize(by))]), lines);
        }
        Some(Ask::Duplicates { kind, candidates, selected }) => {
            let lines = candidates
                .iter()
                .enumerate()
                .map(|(k, (_, c))| {
                    let mark = if k == *selected { app.theme.marker() } else { " " };
                    let l = Line::from(format!("{mark} {}", sanitize(c)));
                    if k == *selected { l.style(app.theme.selected()) } else { l }
                })
                .collect();
            let title = if *kind == crate::model::RecordKind::Stakeholder {
                FormMsg::DuplicateStakeholders
            } else {
                FormMsg::Duplicates
            };
            ask_box(app, frame, area, title.text(lang).to_string(), lines);
        }
        None => {}
    }
}

pub(crate) fn wrap_text(s: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        if !line.is_empty() && line.width() + 1 + word.width() > width.max(10) {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

fn ask_box(app: &App, frame: &mut Frame, area: Rect, question: String, mut lines: Vec<Line<'static>>) {
    let w = 64.min(area.width);
    let mut text = vec![Line::from(question)];
    if !lines.is_empty() {
        text.push(Line::from(""));
        text.append(&mut lines);
        text.push(Line::from(""));
        text.push(Line::from(Span::styled(FormMsg::DuplicatesHelp.text(app.lang), app.theme.dim())));
    }
    let body: usize = text.iter().map(|l| l.width().div_ceil(usize::from(w.saturating_sub(2)).max(1)).max(1)).sum();
    let h = u16::try_from(body + 2).unwrap_or(u16::MAX).min(area.height);
    let r = Rect::new(area.x + (area.width - w) / 2, area.y + (area.height.saturating_sub(h)) / 2, w, h);
    frame.render_widget(Clear, r);
    let title = format!(" {} ", crate::i18n::ui::Ui::ConfirmTitle.text(app.lang));
    let p = Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .block(Block::bordered().border_set(app.theme.border()).title(title).border_style(app.theme.error()));
    frame.render_widget(p, r);
}

/// The keys that break a line in a notes field (see `FormState::key`).
pub const NEWLINE_KEYS: &str = "alt-enter/ctrl-j";
/// One of them, for a narrow hint bar.
const NEWLINE_KEY: &str = "alt-enter";

fn hints(app: &App, form: &Form, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let key = |a: Action| keys::first_key(&app.keymap, a, Context::Form).unwrap_or_default();
    let mut items: Vec<(String, String)> = vec![
        (key(Action::NextField), FormMsg::HintNext.text(lang).to_string()),
        (key(Action::Save), FormMsg::HintSave.text(lang).to_string()),
        (key(Action::Cancel), FormMsg::HintCancel.text(lang).to_string()),
    ];
    match form.state.fields.get(form.state.focus).map(|f| &f.kind) {
        Some(FieldKind::Choice { .. }) => items.push((String::new(), FormMsg::HintChoice.text(lang).to_string())),
        Some(FieldKind::Set { .. }) => items.push((String::new(), FormMsg::HintSet.text(lang).to_string())),
        Some(FieldKind::Link { .. }) => items.push((String::new(), FormMsg::HintPick.text(lang).to_string())),
        Some(FieldKind::Links { .. }) => items.push((String::new(), FormMsg::HintPickMany.text(lang).to_string())),
        Some(FieldKind::Multiline(_)) => {
            // the two keys the field itself reads (no keymap binds them), over SSH too
            let newline = items.len();
            items.push((NEWLINE_KEYS.to_string(), FormMsg::HintNewline.text(lang).to_string()));
            // an outside editor runs only where the session has a terminal of its own
            if app.editor
                && let Some(k) = keys::first_key(&app.keymap, Action::ExternalEditor, Context::Form)
            {
                items.push((k, FormMsg::HintEditorShort.text(lang).to_string()));
            }
            // a bar too narrow for every hint names one of the two keys, so the editor's still shows
            let width: usize = items.iter().map(|(k, d)| k.width() + d.width() + usize::from(!k.is_empty()) + 2).sum();
            if width > usize::from(area.width) + 2 {
                items[newline].0 = NEWLINE_KEY.to_string();
            }
        }
        _ => {}
    }
    let mut spans = Vec::new();
    let mut used = 0;
    for (k, d) in items {
        let gap = if spans.is_empty() { 0 } else { 2 };
        let w = k.width() + d.width() + usize::from(!k.is_empty());
        if used + gap + w > usize::from(area.width) {
            break;
        }
        used += gap + w;
        if gap > 0 {
            spans.push(Span::raw("  "));
        }
        if !k.is_empty() {
            spans.push(Span::styled(format!("{k} "), Style::new().add_modifier(Modifier::BOLD)));
        }
        spans.push(Span::styled(d, app.theme.dim()));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Line::from(spans), area);
}

/// "Archive K-000001 Ahmad Fauzi?": the question names the record.
pub fn archive_question(app: &App, data: &crate::ui::UiData, r: crate::model::RecordRef) -> String {
    let name = super::row_name(data, r).unwrap_or_default();
    let question =
        fill(FormMsg::ConfirmArchive.text(app.lang), &[("record", &r.to_string()), ("name", &sanitize(&name))]);
    match app.archive_ties.filter(|(of, ties)| *of == r && !ties.is_empty()) {
        Some((_, ties)) => {
            let n = |v: usize, noun| i18n::count(app.lang, v, noun);
            let ties = fill(
                FormMsg::ArchiveTies.text(app.lang),
                &[
                    ("referrals", &n(ties.referrals, i18n::Noun::OpenReferral)),
                    ("placements", &n(ties.placements, i18n::Noun::Placement)),
                    ("agreements", &n(ties.agreements, i18n::Noun::Agreement)),
                    ("users", &n(ties.users, i18n::Noun::PartnerUser)),
                ],
            );
            format!("{ties} {question}")
        }
        None => question,
    }
}

/// "Remove the assessment from K-000001 Ahmad Fauzi: 4 Oct 2023 red …?": the
/// question names the record and the part as the details show it.
pub fn remove_question(
    app: &App,
    data: &crate::ui::UiData,
    r: crate::model::RecordRef,
    part: super::parts::PartRef,
) -> String {
    let name = super::row_name(data, r).unwrap_or_default();
    let item = data
        .detail
        .as_ref()
        .filter(|d| d.target == r)
        .and_then(|d| {
            d.selectables().find(|(_, s)| s.edit == Some(crate::ui::data::Edit::Part(part))).map(|(t, _)| t.to_string())
        })
        .unwrap_or_default();
    fill(
        FormMsg::ConfirmRemove.text(app.lang),
        &[
            ("part", part.kind.noun(app.lang)),
            ("record", &format!("{r} {}", sanitize(&name))),
            ("item", &sanitize(&item).split_whitespace().collect::<Vec<_>>().join(" ")),
        ],
    )
}

/// "Revert this change of K-000001: 28 Nov 10:03 rina — officer: … → …?"
pub fn revert_question(app: &App, data: &crate::ui::UiData, r: crate::model::RecordRef, seq: u64) -> String {
    let item = data
        .detail
        .as_ref()
        .filter(|d| d.target == r)
        .and_then(|d| {
            d.selectables()
                .find(|(_, s)| s.edit == Some(crate::ui::data::Edit::Change(seq)))
                .map(|(t, _)| t.to_string())
        })
        .unwrap_or_default();
    fill(
        FormMsg::ConfirmRevert.text(app.lang),
        &[("record", &r.to_string()), ("item", &sanitize(&item).split_whitespace().collect::<Vec<_>>().join(" "))],
    )
}

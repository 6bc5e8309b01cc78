//! Drawing (The Elm Architecture's view): a frame is a pure function of the
//! state and the loaded data. Lists build widgets for the visible rows only,
//! and every text that comes from the database goes through [`sanitize`].

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Cell, Clear, Paragraph, Row, Table, Wrap};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Focus, Listed, MsgKind, Overlay, Screen, TabName};
use super::data::{DetailLine, UiData};
use super::keys;
use super::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use super::sanitize::sanitize;
use super::update::selected_ref;
use super::{filter, global_search};
use crate::action::{Action, Context};
use crate::i18n::ui::Ui;
use crate::i18n::{self, fill};
use crate::model::RecordKind;
use crate::model::RecordRef;

/// Draws the whole screen.
pub fn view(app: &App, data: &UiData, frame: &mut Frame) {
    let area = frame.area();
    if layout::too_small(area.width, area.height) {
        too_small(app, frame, area);
        return;
    }
    if data.is_empty() {
        welcome(app, data, frame, area);
    } else {
        let a = layout::areas(area, app.focus);
        tab_bar(app, data, frame, a.tabs);
        match app.screen {
            Screen::Records => {
                if let Some(r) = a.list {
                    list(app, data, frame, r);
                }
                if let Some(r) = a.detail {
                    detail(app, data, frame, r);
                }
            }
            Screen::Agenda => super::casework::view::draw_agenda(app, data, frame, layout::main_area(area)),
            Screen::Dashboard => super::casework::view::draw_dashboard(app, data, frame, layout::main_area(area)),
            Screen::Audit => super::audit::draw(app, data, frame, layout::main_area(area)),
        }
        status_line(app, data, frame, a.status);
        hints(app, data, frame, a.hints);
    }
    if let Some(form) = &app.form {
        super::form::view::draw(app, form, frame, area);
    }
    match app.overlay {
        Some(Overlay::Help) => help(app, data, frame, area),
        Some(Overlay::ConfirmQuit) => confirm(app, frame, area, app.t(Ui::ConfirmQuitDirty).to_string()),
        Some(Overlay::ConfirmArchive(r)) => {
            confirm(app, frame, area, super::form::view::archive_question(app, data, r))
        }
        Some(Overlay::ConfirmRevert(r, seq)) => {
            confirm(app, frame, area, super::form::view::revert_question(app, data, r, seq))
        }
        Some(Overlay::ConfirmRemove(r, p, _)) => {
            confirm(app, frame, area, super::form::view::remove_question(app, data, r, p))
        }
        None => {}
    }
    if !data.is_empty() && !layout::too_small(area.width, area.height) {
        filter::draw_picker(app, frame, area);
        global_search::draw(app, data, frame, area);
    }
    super::palette::draw(app, frame, area);
    draw_prompt(app, data, frame, area);
    super::merge::draw(app, frame, area);
}

/// The one-line question (a flag's message, a reason) with its answer.
fn draw_prompt(app: &App, data: &UiData, frame: &mut Frame, area: Rect) {
    let Some(p) = &app.prompt else { return };
    let question = match p.kind {
        super::app::PromptKind::Flag(id) => fill(
            app.t(Ui::PromptFlag),
            &[("record", &RecordRef::new(crate::model::RecordKind::Client, id).to_string())],
        ),
        super::app::PromptKind::Request(_, part) => {
            let what = data
                .detail
                .as_ref()
                .and_then(|d| match part {
                    Some(p) => d
                        .selectables()
                        .find(|(_, s)| s.edit == Some(super::data::Edit::Part(p)))
                        .map(|(t, _)| t.to_string()),
                    None => Some(d.title.clone()),
                })
                .unwrap_or_default();
            fill(
                app.t(Ui::PromptRequest),
                &[("what", &sanitize(&what).split_whitespace().collect::<Vec<_>>().join(" "))],
            )
        }
        super::app::PromptKind::Export(_) if p.first.is_some() => app.t(Ui::PromptPassphraseAgain).to_string(),
        super::app::PromptKind::Export(_) => app.t(Ui::PromptPassphrase).to_string(),
        super::app::PromptKind::ReportMonth(_) => {
            crate::i18n::report::ReportMsg::PromptMonth.text(app.lang).to_string()
        }
        kind @ super::app::PromptKind::Purge { .. } => sanitize(&super::purge::question(app, data, kind)).into_owned(),
        super::app::PromptKind::Bulk(what) => {
            let m = match what {
                crate::action::BulkWhat::Officer => Ui::PromptBulkOfficer,
                crate::action::BulkWhat::Flag => Ui::PromptBulkFlag,
                crate::action::BulkWhat::Event => Ui::PromptBulkEvent,
            };
            fill(app.t(m), &[("clients", &i18n::count(app.lang, app.marked.len(), i18n::Noun::Client))])
        }
        super::app::PromptKind::Decide(_, id, approve) => fill(
            app.t(Ui::PromptDecide),
            &[
                ("verdict", app.t(if approve { Ui::VerdictApprove } else { Ui::VerdictReject })),
                ("id", &id.to_string()),
            ],
        ),
        super::app::PromptKind::Unflag(_, i) => {
            let flag = data
                .detail
                .as_ref()
                .and_then(|d| d.selectables().find(|(_, s)| s.edit == Some(super::data::Edit::Flag(i))))
                .map(|(t, _)| t.to_string())
                .unwrap_or_default();
            fill(app.t(Ui::PromptUnflag), &[("flag", &sanitize(&flag))])
        }
    };
    // the question wraps over as many rows as it needs; the answer is the last row
    let question_rows = super::wrap::wrap(&text(app, &question), 66);
    let height = u16::try_from(question_rows.len() + 3).unwrap_or(u16::MAX);
    let r = centered(area, 70, height);
    frame.render_widget(Clear, r);
    let flag = matches!(p.kind, super::app::PromptKind::Flag(_) | super::app::PromptKind::Unflag(..));
    let title = if flag { format!(" {} ", app.theme.flag()) } else { String::new() };
    let b = block(app, title);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    // a passphrase is not shown
    let answer = if matches!(p.kind, super::app::PromptKind::Export(_)) {
        app.theme.hidden_char().repeat(p.line.value.chars().count())
    } else {
        sanitize(&p.line.value).into_owned()
    };
    let mut lines: Vec<Line> = question_rows.into_iter().map(Line::from).collect();
    let answer_row = u16::try_from(lines.len()).unwrap_or(0);
    lines.push(Line::from(Span::styled(format!("> {answer}"), app.theme.selected())));
    frame.render_widget(Paragraph::new(lines), inner);
    let col = unicode_width::UnicodeWidthStr::width(p.line.before_cursor());
    let x = inner.x.saturating_add(u16::try_from(col + 2).unwrap_or(u16::MAX)).min(inner.right().saturating_sub(1));
    let y = inner.y.saturating_add(answer_row).min(inner.bottom().saturating_sub(1));
    frame.set_cursor_position((x, y));
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h)
}

use super::wrap::{self, text};

fn block<'a>(app: &App, title: impl Into<Line<'a>>) -> Block<'a> {
    Block::bordered().border_set(app.theme.border()).title(title)
}

fn too_small(app: &App, frame: &mut Frame, area: Rect) {
    let x = if app.theme.ascii { "x" } else { "×" };
    let have = format!("{}{x}{}", area.width, area.height);
    let need = format!("{MIN_WIDTH}{x}{MIN_HEIGHT}");
    let text = Text::from(vec![
        Line::from(fill(app.t(Ui::TooSmall), &[("have", &have), ("need", &need)])),
        Line::from(""),
        Line::from(app.t(Ui::TooSmallHint)),
    ]);
    let lines = 5.min(area.height);
    let r = Rect::new(area.x, area.y + area.height.saturating_sub(lines) / 2, area.width, lines);
    frame.render_widget(Paragraph::new(text).centered().wrap(Wrap { trim: true }), r);
}

fn welcome(app: &App, data: &UiData, frame: &mut Frame, area: Rect) {
    let [main, status, hint_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let demo_key = keys::first_key(&app.keymap, Action::LoadDemo, Context::List).unwrap_or_default();
    let quit_key = keys::first_key(&app.keymap, Action::Quit, Context::List).unwrap_or_default();
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let text = Text::from(vec![
        Line::from(Span::styled(app.t(Ui::WelcomeTitle), app.theme.header())),
        Line::from(""),
        Line::from(app.t(Ui::WelcomeBody)),
        Line::from(""),
        Line::from(app.t(Ui::WelcomeEmpty)),
        Line::from(""),
        Line::from(Span::styled(fill(app.t(Ui::WelcomeDemo), &[("key", &demo_key)]), bold)),
        Line::from(fill(app.t(Ui::WelcomeQuit), &[("key", &quit_key)])),
    ]);
    let r = centered(main, 70, 14);
    frame.render_widget(Clear, r);
    let p = Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .block(block(app, " simpul ").padding(ratatui::widgets::Padding::horizontal(2)));
    frame.render_widget(p, r);
    status_line(app, data, frame, status);
    hints(app, data, frame, hint_area);
}

fn tab_bar(app: &App, data: &UiData, frame: &mut Frame, area: Rect) {
    let late = super::casework::view::late_count(data);
    // full labels when they fit; else short ones; else the inactive tabs by number only
    let build = |mode: u8| {
        let mut spans = Vec::new();
        for page in super::app::visible_tabs(app.is_admin) {
            spans.push(Span::raw(app.theme.sep().trim_end().to_string()));
            let active = page == app.page();
            let style = if active { app.theme.tab_active() } else { Style::new() };
            let label = match mode {
                0 => app.t(super::app::tab_label(page)),
                _ if mode == 1 || active => app.t(super::app::tab_short_label(page)),
                _ => "",
            };
            let text = if label.is_empty() {
                format!(" {} ", page.index() + 1)
            } else {
                format!(" {} {label} ", page.index() + 1)
            };
            spans.push(Span::styled(text, style));
            // what is already late shows from every tab
            if page == TabName::Agenda && late > 0 {
                spans.push(Span::styled(format!("{}{late} ", app.theme.warn_symbol()), app.theme.error()));
            }
        }
        spans
    };
    let width = |spans: &[Span]| spans.iter().map(Span::width).sum::<usize>();
    let mut spans = build(0);
    for mode in 1..=2 {
        if width(&spans) <= usize::from(area.width) {
            break;
        }
        spans = build(mode);
    }
    let tabs_w = width(&spans);
    let brand = " simpul ";
    // the name goes first when the tabs need its room
    if tabs_w + brand.len() <= usize::from(area.width) {
        spans.insert(0, Span::styled(brand, app.theme.header()));
    } else if let Some(first) = spans.first_mut() {
        *first = Span::raw("");
    }
    frame.render_widget(Line::from(spans), area);
}

/// The cells of one row of a list: stored text sanitised, vocabulary translated.
fn row_cells<'a>(app: &App, data: &'a UiData, tab: RecordKind, pos: usize) -> Vec<Cell<'a>> {
    let lang = app.lang;
    let archived = |a: bool, s: Cow<'a, str>| -> Cell<'a> {
        if a {
            Cell::from(Line::from(vec![
                Span::raw(s),
                Span::styled(format!(" [{}]", Ui::ArchivedMark.text(lang)), app.theme.dim()),
            ]))
        } else {
            Cell::from(s)
        }
    };
    match tab {
        RecordKind::Client => {
            let Some(r) = data.clients.get(pos) else { return Vec::new() };
            let risk = match r.risk {
                _ if crate::schema::is_withheld(&data.withheld, "assessments") => {
                    Cell::from(Span::styled(Ui::WithheldShort.text(lang), app.theme.dim()))
                }
                Some(k) => Cell::from(Span::styled(i18n::risk(lang, k), app.theme.risk(k))),
                None => Cell::from("–"),
            };
            // a flagged client is marked wherever the client is listed
            let name = if data.flagged.contains(&r.id) {
                let mut spans = vec![flag_mark(app), Span::raw(sanitize(r.name()))];
                if r.archived {
                    spans.push(Span::styled(format!(" [{}]", Ui::ArchivedMark.text(lang)), app.theme.dim()));
                }
                Cell::from(Line::from(spans))
            } else {
                archived(r.archived, sanitize(r.name()))
            };
            let id = RecordRef::new(tab, r.id).to_string();
            let id = if app.marked.contains(&r.id) {
                Cell::from(Span::styled(format!("{} {id}", app.theme.check()), app.theme.selected()))
            } else {
                Cell::from(id)
            };
            vec![
                id,
                name,
                if crate::schema::is_withheld(&data.withheld, "register_no") {
                    Cell::from(Span::styled(Ui::WithheldShort.text(lang), app.theme.dim()))
                } else {
                    Cell::from(sanitize(r.register_no()))
                },
                Cell::from(sanitize(r.office())),
                Cell::from(sanitize(r.officer())),
                risk,
                Cell::from(i18n::client_status(lang, r.status)),
            ]
        }
        RecordKind::Stakeholder => {
            let Some(r) = data.stakeholders.get(pos) else { return Vec::new() };
            vec![
                Cell::from(RecordRef::new(tab, r.id).to_string()),
                archived(r.archived, sanitize(&r.short)),
                Cell::from(i18n::stakeholder_kind(lang, r.kind)),
                Cell::from(sanitize(&r.region)),
                Cell::from(i18n::stakeholder_status(lang, r.status)),
            ]
        }
        RecordKind::Event => {
            let Some(r) = data.events.get(pos) else { return Vec::new() };
            vec![
                Cell::from(RecordRef::new(tab, r.id).to_string()),
                Cell::from(i18n::date(lang, r.start)),
                archived(r.archived, sanitize(&r.title)),
                Cell::from(i18n::event_kind(lang, r.kind)),
                Cell::from(sanitize(&r.location)),
                Cell::from(r.participants.to_string()),
            ]
        }
        RecordKind::Referral | RecordKind::User => Vec::new(),
    }
}

fn list(app: &App, data: &UiData, frame: &mut Frame, area: Rect) {
    let tab = app.tab;
    let l = app.list();
    let title = format!(" {} ({}) ", app.t(tab.label()), filter::count_text(app, tab));
    let focused = app.focus == Focus::List || !layout::is_wide(app.width);
    let mut b = block(app, title);
    if focused {
        b = b.border_style(app.theme.header());
    }
    // the query box sits inside the list's border, above the table
    let wide = area.width >= layout::WIDE_LIST;
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let area = filter::draw_box(app, data, frame, inner);
    if l.order.is_empty() {
        let msg = if data.loading { Ui::Loading } else { Ui::EmptyList };
        frame.render_widget(Paragraph::new(app.t(msg)), area);
        return;
    }
    let shown: Vec<usize> = (0..tab.columns().len()).filter(|&i| wide || !tab.columns()[i].wide_only).collect();
    let mut widths = vec![Constraint::Length(1)];
    let mut header = vec![Cell::from("")];
    for &i in &shown {
        let c = tab.columns()[i];
        widths.push(if c.width == 0 { Constraint::Fill(1) } else { Constraint::Length(c.width) });
        let mut t = app.t(c.title).to_string();
        if l.sort.column == i {
            t.push(' ');
            t.push_str(app.theme.arrow(l.sort.descending));
        }
        header.push(Cell::from(t));
    }
    let page = area.height.saturating_sub(1).max(1) as usize;
    // the box takes lines: keep the selection on screen
    let offset = l.offset.max((l.selected + 1).saturating_sub(page));
    // Only the visible slice of the order becomes widgets.
    let end = (offset + page).min(l.order.len());
    let rows: Vec<Row> = (offset..end)
        .filter_map(|i| l.order.get(i).map(|&p| (i, p as usize)))
        .map(|(i, pos)| {
            let mut cells = row_cells(app, data, tab, pos);
            if let Some((c, cell)) = filter::name_cell(app, data, tab, pos)
                && let Some(slot) = cells.get_mut(c)
            {
                *slot = cell;
            }
            let selected = i == l.selected;
            let mut picked = vec![Cell::from(if selected { app.theme.marker() } else { " " })];
            for &c in &shown {
                picked.push(std::mem::take(&mut cells[c]));
            }
            Row::new(picked)
        })
        .collect();
    let table = Table::new(rows, widths.clone()).header(Row::new(header).style(app.theme.header())).column_spacing(1);
    frame.render_widget(table, area);
    // The selection bar covers the marker, the id and the name (who is
    // selected), not the whole row: a move then rewrites about half of two
    // rows instead of all of them (issue 11: ≤ 200 bytes at 80×24 over slow
    // SSH links). One style for the whole bar, so it costs one SGR change.
    if let Some(rank) = l.selected.checked_sub(offset).filter(|_| l.selected < end)
        && let Some(name) = shown.iter().position(|&c| tab.columns()[c].width == 0)
    {
        // the table's own column layout (Table::new uses Flex::Start)
        let cols = Layout::horizontal(widths).flex(Flex::Start).spacing(1).split(area);
        let y = area.y.saturating_add(1).saturating_add(u16::try_from(rank).unwrap_or(u16::MAX));
        // +1: the marker's column comes first
        if let Some(c) = cols.get(name + 1)
            && y < area.bottom()
        {
            let style = if focused { app.theme.selected() } else { app.theme.selected_unfocused() };
            frame.buffer_mut().set_style(Rect::new(area.x, y, c.right().saturating_sub(area.x), 1), style);
        }
    }
}

/// The mark before a flagged client's name, in every list that names one.
pub(crate) fn flag_mark(app: &App) -> Span<'static> {
    Span::styled(format!("{} ", app.theme.flag()), app.theme.error())
}

fn detail(app: &App, data: &UiData, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::Detail;
    let target = selected_ref(app, data);
    let d = data.detail.as_ref().filter(|d| Some(d.target) == target && d.lang == app.lang);
    let Some(d) = d else {
        let msg = if target.is_some() { Ui::Loading } else { Ui::NoSelection };
        frame.render_widget(Paragraph::new(app.t(msg)).block(block(app, "")), area);
        return;
    };
    let mut title = text(app, &format!(" {} · {} ", d.target, sanitize(&d.title))).into_owned();
    if d.archived {
        title.push_str(&format!("[{}] ", app.t(Ui::ArchivedMark)));
    }
    let mut b = block(app, title);
    if focused {
        b = b.border_style(app.theme.header());
    }
    let inner_h = area.height.saturating_sub(2) as usize;
    let rows = wrap::rows(app, d, area.width.saturating_sub(2) as usize);
    let links = wrap::link_rows(&rows, d);
    let selected_row = app.line().and_then(|i| links.get(i)).copied();
    let scroll = app.detail_scroll.min(rows.len().saturating_sub(inner_h));
    let mut lines = Vec::with_capacity(inner_h);
    for (n, row) in rows.iter().enumerate().skip(scroll).take(inner_h) {
        let line = &d.lines[row.line];
        lines.push(match line {
            DetailLine::Heading(_) => Line::from(Span::styled(row.body.clone(), app.theme.header())),
            DetailLine::Field(..) | DetailLine::Entry(..) if row.first => {
                Line::from(vec![Span::styled(row.lead.clone(), app.theme.dim()), Span::raw(row.body.clone())])
            }
            DetailLine::Link(_, sel) => {
                let first_row = links.iter().rposition(|&r| r <= n).and_then(|k| links.get(k)).copied();
                let selected = focused && first_row.is_some() && first_row == selected_row;
                let lead = if selected && row.first {
                    format!("{}{}", app.theme.marker(), row.lead.chars().skip(1).collect::<String>())
                } else {
                    row.lead.clone()
                };
                let l = Line::from(format!("{lead}{}", row.body));
                // a flag is a warning nobody may miss
                let flag = matches!(sel.edit, Some(super::data::Edit::Flag(_)));
                match (selected, flag) {
                    (true, _) => l.style(app.theme.selected()),
                    (false, true) => l.style(app.theme.error().add_modifier(Modifier::BOLD)),
                    (false, false) => l,
                }
            }
            _ => Line::from(format!("{}{}", row.lead, row.body)),
        });
    }
    frame.render_widget(Paragraph::new(lines).block(b), area);
}

fn short_path(s: &str, max: usize) -> String {
    let s = sanitize(s);
    let n = s.chars().count();
    if n <= max { s.into_owned() } else { format!("…{}", s.chars().skip(n + 1 - max).collect::<String>()) }
}

fn status_line(app: &App, data: &UiData, frame: &mut Frame, area: Rect) {
    let sep = app.theme.sep();
    let style = if app.theme.color { app.theme.dim() } else { Style::new() };
    if app.screen != Screen::Records && !data.is_empty() {
        // the counts of what is due, or the figures' filter, matter here more than the database's path
        let what = match app.screen {
            Screen::Agenda => super::casework::view::agenda_status(app, data),
            Screen::Audit => super::audit::status(app, data),
            _ => super::casework::view::filter_text(app),
        };
        let line = format!("{} {}{sep}{}", app.t(Ui::StatusUser), sanitize(&app.user), what);
        let line = text(app, &line).into_owned();
        frame.render_widget(Line::from(line).style(style.add_modifier(Modifier::REVERSED)), area);
        return;
    }
    let parts = [
        format!("{} {}", app.t(Ui::StatusDb), short_path(&app.db_label, 28)),
        format!("{} {}", app.t(Ui::StatusUser), sanitize(&app.user)),
        format!("K {} · S {} · E {}", data.clients.len(), data.stakeholders.len(), data.events.len())
            .replace(" · ", if app.theme.ascii { ", " } else { " · " }),
    ];
    let mut spans = vec![Span::raw(parts.join(sep))];
    if !app.marked.is_empty() {
        spans.push(Span::raw(sep));
        spans
            .push(Span::styled(fill(app.t(Ui::Marked), &[("n", &app.marked.len().to_string())]), app.theme.selected()));
    }
    if data.damaged > 0 {
        spans.push(Span::raw(sep));
        spans.push(Span::styled(
            format!(
                "{} {}",
                app.theme.warn_symbol(),
                fill(app.t(Ui::StatusDamaged), &[("n", &data.damaged.to_string())])
            ),
            app.theme.error(),
        ));
    }
    if !data.is_empty() {
        let l = app.list();
        let mut filter = filter::status_text(app).map(|f| f + sep).unwrap_or_default();
        filter.push_str(app.t(if l.show_archived { Ui::ArchivedShown } else { Ui::ArchivedHidden }));
        // the header arrow shows the sort, unless that column is hidden at this width
        let list_w = layout::areas(Rect::new(0, 0, app.width, app.height), Focus::List).list.map_or(0, |r| r.width);
        if let Some(c) = app.tab.columns().get(l.sort.column)
            && c.wide_only
            && list_w < layout::WIDE_LIST
        {
            filter.push_str(sep);
            filter.push_str(&fill(app.t(Ui::SortBy), &[("col", app.t(c.title))]));
            filter.push(' ');
            filter.push_str(app.theme.arrow(l.sort.descending));
        }
        spans.push(Span::raw(sep));
        spans.push(Span::raw(filter));
    }
    frame.render_widget(Line::from(spans).style(style.add_modifier(Modifier::REVERSED)), area);
}

fn hints(app: &App, data: &UiData, frame: &mut Frame, area: Rect) {
    if let Some(msg) = &app.status {
        let line = match msg.kind {
            MsgKind::Info => Line::from(sanitize(&msg.text).into_owned()),
            MsgKind::Error => Line::from(vec![
                Span::styled(format!("{} {}: ", app.theme.error_symbol(), app.t(Ui::ErrorWord)), app.theme.error()),
                Span::raw(sanitize(&msg.text).into_owned()),
            ]),
        };
        // a message longer than the line takes the status line above too,
        // rather than losing its end (where the way out usually is)
        let r = if line.width() > usize::from(area.width) && area.y > 0 {
            Rect::new(area.x, area.y - 1, area.width, 2)
        } else {
            area
        };
        frame.render_widget(Clear, r);
        frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), r);
        return;
    }
    if let Some(p) = &app.pending {
        frame.render_widget(Line::from(fill(app.t(Ui::Pending), &[("keys", p)])), area);
        return;
    }
    if app.overlay == Some(Overlay::Help) {
        frame.render_widget(Line::from(app.t(Ui::HelpClose)), area);
        return;
    }
    let stack = super::layer::stack(app, data);
    let ctx = super::layer::context_of(&stack);
    let wanted = stack.first().map_or(&[][..], |l| l.hints());
    let mut spans = Vec::new();
    let mut used = 0;
    for a in wanted.iter().filter(|a| keys::allowed(app, **a, data)) {
        let key = keys::first_key(&app.keymap, *a, ctx);
        if let (Some(key), Some(label)) = (key, keys::hint_label(*a)) {
            let desc = format!(" {}", app.t(label));
            let gap = if spans.is_empty() { 0 } else { 2 };
            // whole hints only: a cut-off one reads as a different key
            if used + gap + key.width() + desc.width() > area.width as usize {
                break;
            }
            used += gap + key.width() + desc.width();
            if gap > 0 {
                spans.push(Span::raw("  "));
            }
            spans.push(Span::styled(key, Style::new().add_modifier(Modifier::BOLD)));
            spans.push(Span::styled(desc, app.theme.dim()));
        }
    }
    frame.render_widget(Line::from(spans), area);
}

fn help_lines(app: &App, data: &UiData, context: Context) -> Vec<Line<'static>> {
    let entries = keys::help_entries(app, context, data);
    let key_w = entries.iter().map(|(k, _)| k.width()).max().unwrap_or(0).min(12);
    entries
        .into_iter()
        .map(|(keys, desc)| {
            let pad = key_w.saturating_sub(keys.width());
            Line::from(vec![
                Span::styled(format!("{keys}{} ", " ".repeat(pad)), Style::new().add_modifier(Modifier::BOLD)),
                Span::raw(desc),
            ])
        })
        .collect()
}

fn help(app: &App, data: &UiData, frame: &mut Frame, area: Rect) {
    let here = keys::context(app, data);
    let mut lines = vec![Line::from(Span::styled(
        format!("{} ({})", app.t(Ui::HelpHere), here.label(app.lang)),
        app.theme.header(),
    ))];
    lines.extend(help_lines(app, data, here));
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(app.t(Ui::HelpGlobal), app.theme.header())));
    lines.extend(help_lines(app, data, Context::Global));
    let widest = lines.iter().map(Line::width).max().unwrap_or(0);
    let r = centered(area, 120, u16::try_from(lines.len() + 2).unwrap_or(u16::MAX));
    let inner_w = usize::from(r.width.saturating_sub(2));
    let inner_h = usize::from(r.height.saturating_sub(2)).max(1);
    // As many columns as the height needs, if every line still fits its
    // column; otherwise one column that scrolls, so nothing is cut off.
    let cols = lines.len().div_ceil(inner_h).max(1);
    let fits = cols == 1 || widest + 2 <= inner_w.saturating_sub(2 * (cols - 1)) / cols;
    let scrolls = !fits && lines.len() > inner_h;
    let r = if fits { r } else { centered(area, 120, area.height) };
    frame.render_widget(Clear, r);
    let hint = if scrolls { app.t(Ui::HelpScroll) } else { app.t(Ui::HelpClose) };
    let b = block(app, format!(" {} — {} ", app.t(Ui::HelpTitle), hint));
    let inner = b.inner(r);
    frame.render_widget(b, r);
    if fits {
        let col_h = usize::from(inner.height.max(1));
        let areas = Layout::horizontal(vec![Constraint::Fill(1); cols]).spacing(2).split(inner);
        for (chunk, a) in lines.chunks(col_h).zip(areas.iter()) {
            frame.render_widget(Paragraph::new(chunk.to_vec()), *a);
        }
    } else {
        let max_scroll = lines.len().saturating_sub(usize::from(inner.height));
        let top = app.help_scroll.min(max_scroll);
        let shown: Vec<Line> = lines.into_iter().skip(top).take(usize::from(inner.height)).collect();
        frame.render_widget(Paragraph::new(shown), inner);
    }
}

fn confirm(app: &App, frame: &mut Frame, area: Rect, question: String) {
    // as tall as the question wraps to, so its (y/n) is always on screen
    let width = area.width.min(60);
    let lines = super::form::view::wrap_text(&question, usize::from(width.saturating_sub(2))).len();
    let height = u16::try_from(lines).unwrap_or(u16::MAX).saturating_add(2).clamp(4, area.height.max(4));
    let r = centered(area, width, height);
    frame.render_widget(Clear, r);
    let p = Paragraph::new(question)
        .wrap(Wrap { trim: true })
        .block(block(app, format!(" {} ", app.t(Ui::ConfirmTitle))).border_style(app.theme.error()));
    frame.render_widget(p, r);
}

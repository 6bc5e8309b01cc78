//! Drawing (The Elm Architecture's view): a frame is a pure function of the
//! state and the loaded data. Lists build widgets for the visible rows only,
//! and every text that comes from the database goes through [`sanitize`].

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
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
        if app.theme.ascii {
            super::theme::asciify(frame.buffer_mut());
        }
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
            Screen::Users => super::users::draw(app, data, frame, layout::main_area(area)),
        }
        let took_hints = status_line(app, data, frame, a.status);
        hints(app, data, frame, a.hints, took_hints);
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
        Some(Overlay::ConfirmDisable(id)) => confirm(app, frame, area, super::users::disable_question(app, data, id)),
        None => {}
    }
    if !data.is_empty() && !layout::too_small(area.width, area.height) {
        filter::draw_picker(app, frame, area);
        global_search::draw(app, data, frame, area);
    }
    super::palette::draw(app, frame, area);
    super::checkin::draw(app, frame, area);
    draw_prompt(app, data, frame, area);
    super::merge::draw(app, frame, area);
    // the message of the last action, on top of whatever it answers
    if let Some(msg) = &app.status {
        let last = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1.min(area.height));
        message(app, frame, last, msg);
    }
    if app.theme.ascii {
        super::theme::asciify(frame.buffer_mut());
    }
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
        super::app::PromptKind::User(ask) => super::users::question(app, data, ask),
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
        super::app::PromptKind::AttachPath(r) => fill(app.t(Ui::PromptAttachPath), &[("record", &r.to_string())]),
        super::app::PromptKind::AttachTitle(_) => {
            let path = p.first.as_deref().unwrap_or_default();
            fill(app.t(Ui::PromptAttachTitle), &[("path", &sanitize(path))])
        }
        super::app::PromptKind::RemoveDocument(id) => fill(app.t(Ui::PromptRemoveDocument), &[("id", &id.to_string())]),
        super::app::PromptKind::EditMeeting(e, n) => fill(
            app.t(Ui::PromptEditMeeting),
            &[("number", &n.to_string()), ("record", &RecordRef::new(crate::model::RecordKind::Event, e).to_string())],
        ),
        super::app::PromptKind::PurgeDocument(id) => fill(app.t(Ui::PromptPurgeDocument), &[("id", &id.to_string())]),
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

/// The first screen of an empty database: what simpul is, and every way
/// in: the demo data, the first client, a spreadsheet to import, the keys
/// and the palette, a shared server. The keys are the keymap's.
fn welcome(app: &App, data: &UiData, frame: &mut Frame, area: Rect) {
    let [main, status, hint_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let key = |a: Action, ctx: Context| keys::first_key(&app.keymap, a, ctx).unwrap_or_default();
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let r = centered(main, 80, main.height);
    let width = usize::from(r.width.saturating_sub(4)).max(20);
    // (lead, text): a key or a command's name beside what it does
    let ways: Vec<(String, String)> = vec![
        (key(Action::LoadDemo, Context::List), app.t(Ui::WelcomeDemo).to_string()),
        (key(Action::NewRecord, Context::List), app.t(Ui::WelcomeNew).to_string()),
        (key(Action::Help, Context::Global), {
            let palette = key(Action::Palette, Context::Global);
            fill(app.t(Ui::WelcomeKeys), &[("palette", &palette)])
        }),
        (key(Action::Quit, Context::List), app.t(Ui::WelcomeQuit).to_string()),
    ];
    let lead_w = ways.iter().map(|(k, _)| k.width()).max().unwrap_or(0) + 2;
    let mut lines = vec![Line::from(Span::styled(app.t(Ui::WelcomeTitle), app.theme.header())), Line::from("")];
    lines.extend(wrap::wrap(app.t(Ui::WelcomeBody), width).into_iter().map(Line::from));
    lines.push(Line::from(""));
    lines.push(Line::from(app.t(Ui::WelcomeEmpty)));
    for (k, what) in &ways {
        for (i, row) in wrap::wrap(&text(app, what), width.saturating_sub(lead_w + 2)).into_iter().enumerate() {
            let lead = if i == 0 { k.as_str() } else { "" };
            let pad = " ".repeat(lead_w.saturating_sub(lead.width()));
            lines.push(Line::from(vec![Span::raw("  "), Span::styled(format!("{lead}{pad}"), bold), Span::raw(row)]));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(app.t(Ui::WelcomeOther)));
    let bullet = app.theme.bullet().trim_end();
    for what in [Ui::WelcomeImport, Ui::WelcomeServer] {
        for (i, row) in wrap::wrap(&text(app, app.t(what)), width.saturating_sub(4)).into_iter().enumerate() {
            let lead = if i == 0 { format!("  {bullet} ") } else { "    ".to_string() };
            lines.push(Line::from(format!("{lead}{row}")));
        }
    }
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX).min(main.height);
    let r = centered(main, r.width, height);
    frame.render_widget(Clear, r);
    let p = Paragraph::new(lines).block(block(app, " simpul ").padding(ratatui::widgets::Padding::horizontal(1)));
    frame.render_widget(p, r);
    let took_hints = status_line(app, data, frame, status);
    hints(app, data, frame, hint_area, took_hints);
}

fn tab_bar(app: &App, data: &UiData, frame: &mut Frame, area: Rect) {
    let late = super::casework::view::late_count(data);
    // every tab by the name its screen's title gives; when the names do not
    // fit, the inactive ones from the last by number only, as few as will do
    let build = |numbered: usize| {
        let mut spans = Vec::new();
        let pages: Vec<TabName> = super::app::visible_tabs(app.is_admin).collect();
        let inactive = pages.iter().filter(|p| **p != app.page()).count();
        let mut seen = 0;
        for page in pages {
            spans.push(Span::raw(app.theme.sep().trim().to_string()));
            let active = page == app.page();
            let style = if active { app.theme.tab_active() } else { Style::new() };
            if !active {
                seen += 1;
            }
            let numbers_only = !active && seen + numbered > inactive;
            let label = if numbers_only { "" } else { app.t(super::app::tab_label(page)) };
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
    let mut numbered = 0;
    while width(&spans) > usize::from(area.width) && numbered < TabName::ALL.len() {
        numbered += 1;
        spans = build(numbered);
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
fn row_cells<'a>(app: &App, data: &'a UiData, tab: RecordKind, pos: usize) -> Vec<Line<'a>> {
    let lang = app.lang;
    let archived = |a: bool, s: Cow<'a, str>| -> Line<'a> {
        if a {
            Line::from(vec![Span::raw(s), Span::styled(format!(" [{}]", Ui::ArchivedMark.text(lang)), app.theme.dim())])
        } else {
            Line::from(s)
        }
    };
    match tab {
        RecordKind::Client => {
            let Some(r) = data.clients.get(pos) else { return Vec::new() };
            let risk = match r.risk {
                _ if crate::schema::is_withheld(&data.withheld, "assessments") => {
                    Line::from(Span::styled(Ui::WithheldShort.text(lang), app.theme.dim()))
                }
                Some(k) => Line::from(Span::styled(app.risk_names.label(lang, k).to_string(), app.theme.risk(k))),
                None => Line::from(app.theme.none()),
            };
            // a flagged client is marked wherever the client is listed
            let name = if data.flagged.contains(&r.id) {
                let mut spans = vec![flag_mark(app), Span::raw(sanitize(r.name()))];
                if r.archived {
                    spans.push(Span::styled(format!(" [{}]", Ui::ArchivedMark.text(lang)), app.theme.dim()));
                }
                Line::from(spans)
            } else {
                archived(r.archived, sanitize(r.name()))
            };
            let id = RecordRef::new(tab, r.id).to_string();
            let id = if app.marked.contains(&r.id) {
                Line::from(Span::styled(format!("{} {id}", app.theme.check()), app.theme.selected()))
            } else {
                Line::from(id)
            };
            vec![
                id,
                name,
                if crate::schema::is_withheld(&data.withheld, "register_no") {
                    Line::from(Span::styled(Ui::WithheldShort.text(lang), app.theme.dim()))
                } else {
                    Line::from(sanitize(r.register_no()))
                },
                Line::from(sanitize(r.office())),
                Line::from(sanitize(r.officer())),
                risk,
                Line::from(i18n::client_status(lang, r.status)),
            ]
        }
        RecordKind::Stakeholder => {
            let Some(r) = data.stakeholders.get(pos) else { return Vec::new() };
            vec![
                Line::from(RecordRef::new(tab, r.id).to_string()),
                archived(r.archived, sanitize(&r.short)),
                Line::from(i18n::stakeholder_kind(lang, r.kind)),
                Line::from(sanitize(&r.region)),
                Line::from(i18n::stakeholder_status(lang, r.status)),
            ]
        }
        RecordKind::Event => {
            let Some(r) = data.events.get(pos) else { return Vec::new() };
            vec![
                Line::from(RecordRef::new(tab, r.id).to_string()),
                Line::from(i18n::date(lang, r.start)),
                archived(r.archived, sanitize(&r.title)),
                Line::from(i18n::event_kind(lang, r.kind)),
                Line::from(sanitize(&r.location)),
                Line::from(r.participants.to_string()),
            ]
        }
        RecordKind::Referral | RecordKind::User => Vec::new(),
    }
}

/// The narrowest the name (or title) column gets before the columns of
/// stored text shown only on a wide list narrow too.
const NAME_MIN: u16 = 16;

/// The widest value a column can hold, whatever rows are on screen: every
/// label of its vocabulary in the language, or the widest stored value
/// (measured when the rows were read). 0 for the name, which takes the rest.
fn content_width(app: &App, data: &UiData, tab: RecordKind, title: Ui) -> usize {
    let lang = app.lang;
    let widest = |labels: &mut dyn Iterator<Item = &str>| labels.map(UnicodeWidthStr::width).max().unwrap_or(0);
    let w = &data.widths;
    match title {
        Ui::ColId => {
            let last = data.len(tab).checked_sub(1).and_then(|p| data.id_at(tab, p)).unwrap_or(0);
            let id = RecordRef::new(tab, last).to_string().width();
            // a marked client's id carries the mark
            if tab == RecordKind::Client && !app.marked.is_empty() { id + 2 } else { id }
        }
        Ui::ColRegister => usize::from(w.register),
        Ui::ColOffice => usize::from(w.office),
        Ui::ColOfficer => usize::from(w.officer),
        Ui::ColRegion => usize::from(w.region),
        Ui::ColLocation => usize::from(w.location),
        Ui::ColRisk => widest(
            &mut crate::model::RiskCategory::ALL
                .iter()
                .map(|r| app.risk_names.label(lang, *r))
                .chain([Ui::WithheldShort.text(lang), app.theme.none()]),
        ),
        Ui::ColStatus if tab == RecordKind::Client => {
            widest(&mut crate::model::ClientStatus::ALL.iter().map(|s| i18n::client_status(lang, *s)))
        }
        Ui::ColStatus => {
            widest(&mut crate::model::StakeholderStatus::ALL.iter().map(|s| i18n::stakeholder_status(lang, *s)))
        }
        Ui::ColKind if tab == RecordKind::Event => {
            widest(&mut crate::model::EventKind::ALL.iter().map(|k| i18n::event_kind(lang, *k)))
        }
        Ui::ColKind => widest(&mut crate::model::StakeholderKind::ALL.iter().map(|k| i18n::stakeholder_kind(lang, *k))),
        _ => 0,
    }
}

/// The widths of a list's shown columns, the marker's first: each column
/// as wide as its widest value ([`content_width`], and the rows on screen)
/// and its header, the name taking what is left. When that is less than
/// [`NAME_MIN`], the columns of stored text shown only on a wide list
/// (office, officer, region, location) narrow, the widest first; an id, a
/// register number, a date and the vocabulary columns are never cut.
fn column_widths(
    app: &App,
    data: &UiData,
    shown: &[usize],
    header: &[String],
    rows: &[Vec<Line>],
    width: u16,
) -> Vec<u16> {
    let tab = app.tab;
    let cols = tab.columns();
    let mut widths: Vec<u16> = shown
        .iter()
        .zip(header)
        .map(|(&c, head)| {
            let col = cols[c];
            if col.fill {
                return 0;
            }
            let on_screen = rows.iter().filter_map(|r| r.get(c)).map(Line::width).max().unwrap_or(0);
            let w = content_width(app, data, tab, col.title).max(on_screen).max(head.width());
            u16::try_from(w).unwrap_or(u16::MAX)
        })
        .collect();
    // the marker, the columns and a space after each but the last
    let used = |w: &[u16]| 1 + w.iter().map(|&x| u32::from(x) + 1).sum::<u32>();
    let room = u32::from(width);
    while used(&widths) + u32::from(NAME_MIN) > room {
        // one cell off the widest column of stored text that may narrow
        let spare = |i: usize| widths[i].saturating_sub(u16::try_from(header[i].width()).unwrap_or(0));
        let Some((i, _)) = shown
            .iter()
            .enumerate()
            .filter(|(_, c)| cols[**c].wide_only && !cols[**c].fill)
            .map(|(i, _)| (i, spare(i)))
            .filter(|(_, spare)| *spare > 0)
            .max_by_key(|(i, spare)| (*spare, std::cmp::Reverse(*i)))
        else {
            break;
        };
        widths[i] -= 1;
    }
    let name = u16::try_from(room.saturating_sub(used(&widths))).unwrap_or(0);
    let mut out = vec![1];
    out.extend(widths.into_iter().map(|w| if w == 0 { name } else { w }));
    out
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
        let msg = if data.loading { app.t(Ui::Loading).to_string() } else { filter::empty_text(app, tab) };
        frame.render_widget(Paragraph::new(msg), area);
        return;
    }
    let shown: Vec<usize> = (0..tab.columns().len()).filter(|&i| wide || !tab.columns()[i].wide_only).collect();
    // hits come best first: the name column says so, and no column's arrow claims the order
    let by_relevance = filter::by_relevance(app, tab);
    let header: Vec<String> = shown
        .iter()
        .map(|&i| {
            let c = tab.columns()[i];
            let mut t = app.t(c.title).to_string();
            if by_relevance {
                if c.fill {
                    t = fill(app.t(Ui::ByRelevance), &[("col", &t)]);
                }
            } else if l.sort.column == i {
                t.push(' ');
                t.push_str(app.theme.arrow(l.sort.descending));
            }
            t
        })
        .collect();
    let page = area.height.saturating_sub(1).max(1) as usize;
    // the box takes lines: keep the selection on screen
    let offset = l.offset.max((l.selected + 1).saturating_sub(page));
    // Only the visible slice of the order becomes widgets.
    let end = (offset + page).min(l.order.len());
    let visible: Vec<(usize, usize)> = (offset..end).filter_map(|i| l.order.get(i).map(|&p| (i, p as usize))).collect();
    let lines: Vec<Vec<Line>> = visible.iter().map(|&(_, pos)| row_cells(app, data, tab, pos)).collect();
    let widths = column_widths(app, data, &shown, &header, &lines, area.width);
    let rows: Vec<Row> = visible
        .iter()
        .zip(lines)
        .map(|(&(i, pos), lines)| {
            let mut cells: Vec<Cell> = lines.into_iter().map(Cell::from).collect();
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
    let mut head = vec![Cell::from("")];
    head.extend(header.into_iter().map(Cell::from));
    let table = Table::new(rows, widths.iter().map(|&w| Constraint::Length(w)))
        .header(Row::new(head).style(app.theme.header()))
        .column_spacing(1);
    frame.render_widget(table, area);
    // The selection bar covers the marker and the id: the marker says which
    // row it is by its character, the bar by reverse video, with or without
    // colour. A move then rewrites those few cells of two rows and nothing
    // else (at most 100 bytes at 80×24, for officers on slow SSH links); one
    // style for the whole bar, so it costs one SGR change.
    if let Some(rank) = l.selected.checked_sub(offset).filter(|_| l.selected < end) {
        let y = area.y.saturating_add(1).saturating_add(u16::try_from(rank).unwrap_or(u16::MAX));
        // the marker, the space after it, the id
        let bar = widths.iter().take(2).sum::<u16>().saturating_add(1).min(area.width);
        if y < area.bottom() {
            let style = if focused { app.theme.selected() } else { app.theme.selected_unfocused() };
            frame.buffer_mut().set_style(Rect::new(area.x, y, bar, 1), style);
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

/// The status line: what the screen shows (filter, archived records, sort),
/// marks and damage, how many records there are, the user and the database.
/// Parts that do not fit give way from the last (the database first, then
/// the user, then the counts); what still does not fit wraps over the key
/// hints' row below, so the end of the line is never cut off. True when it
/// took that row.
fn status_line(app: &App, data: &UiData, frame: &mut Frame, area: Rect) -> bool {
    let sep = app.theme.sep();
    let style = if app.theme.color { app.theme.dim() } else { Style::new() };
    // (spans, may give way), in the order shown
    let mut parts: Vec<(Vec<Span>, bool)> = Vec::new();
    let user = format!("{} {}", app.t(Ui::StatusUser), sanitize(&app.user));
    if app.screen != Screen::Records && !data.is_empty() {
        // the counts of what is due, or the figures' filter, matter here more than the database's path
        let what = match app.screen {
            Screen::Agenda => super::casework::view::agenda_status(app, data),
            Screen::Audit => super::audit::status(app, data),
            Screen::Users => super::users::status(app, data),
            _ => super::casework::view::filter_text(app),
        };
        parts.push((vec![Span::raw(text(app, &user).into_owned())], true));
        parts.push((vec![Span::raw(text(app, &what).into_owned())], false));
    } else {
        parts.push((vec![Span::raw(format!("{} {}", app.t(Ui::StatusDb), short_path(&app.db_label, 28)))], true));
        parts.push((vec![Span::raw(user)], true));
        parts.push((vec![Span::raw(counts_text(app, data))], true));
    }
    if app.screen == Screen::Records && !app.marked.is_empty() {
        let marked = fill(app.t(Ui::Marked), &[("n", &app.marked.len().to_string())]);
        parts.push((vec![Span::styled(marked, app.theme.selected())], false));
    }
    if app.screen == Screen::Records && data.damaged > 0 {
        let damaged = fill(app.t(Ui::StatusDamaged), &[("n", &data.damaged.to_string())]);
        parts.push((vec![Span::styled(format!("{} {damaged}", app.theme.warn_symbol()), app.theme.error())], false));
    }
    if app.screen == Screen::Records && !data.is_empty() {
        let l = app.list();
        let mut filter = filter::status_text(app).map(|f| f + sep).unwrap_or_default();
        filter.push_str(app.t(if l.show_archived { Ui::ArchivedShown } else { Ui::ArchivedHidden }));
        // the header arrow shows the sort, unless that column is hidden at this width
        let list_w = layout::areas(Rect::new(0, 0, app.width, app.height), Focus::List).list.map_or(0, |r| r.width);
        if let Some(c) = app.tab.columns().get(l.sort.column)
            && !filter::by_relevance(app, app.tab)
            && c.wide_only
            && list_w < layout::WIDE_LIST
        {
            filter.push_str(sep);
            filter.push_str(&fill(app.t(Ui::SortBy), &[("col", app.t(c.title))]));
            filter.push(' ');
            filter.push_str(app.theme.arrow(l.sort.descending));
        }
        parts.push((vec![Span::raw(filter)], false));
    }
    let width = |parts: &[(Vec<Span>, bool)]| {
        let sum: usize = parts.iter().flat_map(|(s, _)| s).map(Span::width).sum();
        sum + sep.width() * parts.len().saturating_sub(1)
    };
    // the database's path shortens (from its start) before it goes
    if app.screen == Screen::Records || data.is_empty() {
        let over = width(&parts).saturating_sub(usize::from(area.width));
        let db = format!("{} ", app.t(Ui::StatusDb));
        let path_w =
            parts.first().map_or(0, |(s, _)| s.iter().map(Span::width).sum::<usize>()).saturating_sub(db.width());
        if over > 0 && path_w > over && path_w - over >= 12 {
            parts[0].0 = vec![Span::raw(format!("{db}{}", short_path(&app.db_label, path_w - over)))];
        }
    }
    while width(&parts) > usize::from(area.width)
        && let Some(i) = parts.iter().position(|(_, may_go)| *may_go)
    {
        parts.remove(i);
    }
    let mut spans = Vec::new();
    for (i, (part, _)) in parts.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(sep));
        }
        spans.extend(part);
    }
    let line = Line::from(spans).style(style.add_modifier(Modifier::REVERSED));
    let wraps = line.width() > usize::from(area.width);
    let r = if wraps { Rect::new(area.x, area.y, area.width, area.height.saturating_add(1)) } else { area };
    frame.render_widget(
        Paragraph::new(line).wrap(Wrap { trim: false }).style(style.add_modifier(Modifier::REVERSED)),
        r,
    );
    wraps
}

/// How many records of each kind there are, each with its noun: "200 klien
/// · 15 mitra · 57 kegiatan".
fn counts_text(app: &App, data: &UiData) -> String {
    let n = |count: usize, noun| i18n::count(app.lang, count, noun);
    [
        n(data.clients.len(), i18n::Noun::Client),
        n(data.stakeholders.len(), i18n::Noun::Partner),
        n(data.events.len(), i18n::Noun::Event),
    ]
    .join(app.theme.dot())
}

/// The message of the last action, over as many rows as it wraps to,
/// upwards from the hints' row (over the status line and the screen above
/// it when it must), so that its end, where the way out usually is, shows.
fn message(app: &App, frame: &mut Frame, area: Rect, msg: &super::app::StatusMsg) {
    let width = usize::from(area.width).max(1);
    let prefix = match msg.kind {
        MsgKind::Info => String::new(),
        MsgKind::Error => format!("{} {}: ", app.theme.error_symbol(), app.t(Ui::ErrorWord)),
    };
    let whole = format!("{prefix}{}", text(app, &msg.text));
    let mut rows: Vec<String> = whole.split('\n').flat_map(|l| wrap::wrap(l, width)).collect();
    let room = usize::from(area.y.saturating_add(area.height)).min(usize::from(app.height / 2).max(1));
    if rows.len() > room {
        // more than half the screen: the end stays, the start gives way
        rows.drain(..rows.len() - room);
    }
    let n = u16::try_from(rows.len()).unwrap_or(1).max(1);
    let r = Rect::new(area.x, area.y.saturating_add(area.height).saturating_sub(n), area.width, n);
    let lines: Vec<Line> = rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| match row.strip_prefix(prefix.as_str()) {
            Some(rest) if i == 0 && !prefix.is_empty() => {
                Line::from(vec![Span::styled(prefix.clone(), app.theme.error()), Span::raw(rest.to_string())])
            }
            _ => Line::from(row),
        })
        .collect();
    frame.render_widget(Clear, r);
    frame.render_widget(Paragraph::new(lines), r);
}

/// The keys of what can be done here (unless the status line took their
/// row), or the keys of a sequence being typed; the message of the last
/// action, if there is one, is drawn over them at the end of [`view`].
fn hints(app: &App, data: &UiData, frame: &mut Frame, area: Rect, taken: bool) {
    if app.status.is_some() {
        // drawn over everything else, last (see `view`)
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
    if taken {
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

/// The help's lines: for the context in force and then for everywhere, a
/// heading and each action's keys and description. The keys stand in one
/// column as wide as the widest keys of both; with `width`, a description
/// too long for its row wraps under itself instead of being cut.
pub(crate) fn help_lines(app: &App, data: &UiData, width: Option<usize>) -> Vec<Line<'static>> {
    let here = keys::context(app, data);
    let mut sections = vec![(format!("{} ({})", app.t(Ui::HelpHere), here.label(app.lang)), here, None)];
    // a screen whose keys extend the list's lists those too, less the ones it rebinds
    if let Some(parent) = here.parent() {
        sections.push((format!("{} ({})", app.t(Ui::HelpHere), parent.label(app.lang)), parent, Some(here)));
    }
    sections.push((app.t(Ui::HelpGlobal).to_string(), Context::Global, None));
    let entries: Vec<Vec<(String, String)>> =
        sections.iter().map(|(_, ctx, above)| keys::help_entries_beneath(app, *ctx, *above, data)).collect();
    // keys wider than a third of the row take a row of their own
    let cap = width.map_or(usize::MAX, |w| w / 3);
    let key_w = entries.iter().flatten().map(|(k, _)| k.width()).filter(|w| *w <= cap).max().unwrap_or(0);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut lines = Vec::new();
    for (i, ((heading, ..), entries)) in sections.iter().zip(entries).enumerate() {
        if i > 0 {
            lines.push(Line::from(""));
        }
        lines.push(Line::from(Span::styled(heading.clone(), app.theme.header())));
        for (keys, desc) in entries {
            let indent = " ".repeat(key_w + 1);
            let desc_rows = match width {
                Some(w) => wrap::wrap(&desc, w.saturating_sub(key_w + 1)),
                None => vec![desc],
            };
            let mut rows = desc_rows.into_iter();
            if keys.width() > key_w {
                lines.push(Line::from(Span::styled(keys, bold)));
            } else {
                let pad = " ".repeat(key_w - keys.width());
                let first = rows.next().unwrap_or_default();
                lines.push(Line::from(vec![Span::styled(format!("{keys}{pad} "), bold), Span::raw(first)]));
            }
            lines.extend(rows.map(|r| Line::from(format!("{indent}{r}"))));
        }
    }
    lines
}

/// Where the help goes on a screen of this size.
fn help_area(area: Rect, lines: usize) -> Rect {
    centered(area, 120, u16::try_from(lines + 2).unwrap_or(u16::MAX))
}

/// The rows of the help when it scrolls, one column as wide as the screen
/// allows: what the help's scrolling goes through to reach its end.
pub fn help_rows(app: &App, data: &UiData) -> usize {
    let area = Rect::new(0, 0, app.width, app.height);
    let inner_w = usize::from(help_area(area, 0).width.saturating_sub(2));
    help_lines(app, data, Some(inner_w)).len()
}

fn help(app: &App, data: &UiData, frame: &mut Frame, area: Rect) {
    let lines = help_lines(app, data, None);
    let widest = lines.iter().map(Line::width).max().unwrap_or(0);
    let r = help_area(area, lines.len());
    let inner_w = usize::from(r.width.saturating_sub(2));
    let inner_h = usize::from(r.height.saturating_sub(2)).max(1);
    // As many columns as the height needs, if every line still fits its
    // column; otherwise one column that wraps and scrolls, so nothing is cut off.
    let cols = lines.len().div_ceil(inner_h).max(1);
    let fits = widest <= inner_w.saturating_sub(2 * (cols - 1)) / cols;
    let lines = if fits { lines } else { help_lines(app, data, Some(inner_w)) };
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

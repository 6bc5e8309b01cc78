//! The audit tab (admins): the log newest first, narrowed by a query
//! (`user:siti record:K-000001 action:update since:2026-11-01 words`),
//! each line leading to its record. Read only: the app offers no way to
//! change or delete an entry.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::App;
use super::data::UiData;
use super::filter::LineEdit;
use super::sanitize::sanitize;
use super::update::{self, Effect};
use crate::action::Action;
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::keymap::Key;
use crate::ui::data::{AuditEntry, AuditFilter, AuditQueryError};

/// Entries shown at most; a narrower query finds older ones.
pub const LIMIT: usize = 500;

/// The state of the audit tab.
#[derive(Debug, Clone, Default)]
pub struct AuditView {
    /// The query box while it is open.
    pub editing: Option<LineEdit>,
    /// The query in effect.
    pub applied: String,
    /// What is wrong with the text in the box, if anything.
    pub error: Option<String>,
    /// The selected entry.
    pub selected: usize,
    /// The first entry drawn.
    pub offset: usize,
}

/// The entries on screen, as last read.
#[derive(Debug, Clone, Default)]
pub struct AuditRows {
    /// Newest first.
    pub entries: Vec<AuditEntry>,
    /// More entries passed the query than are shown.
    pub more: bool,
    /// The store generation and query they were read for.
    pub of: (u64, String),
}

/// The query's problem in words.
pub fn error_text(app: &App, e: &AuditQueryError) -> String {
    match e {
        AuditQueryError::Record(t) => fill(app.t(Ui::AuditBadRecord), &[("text", t)]),
        AuditQueryError::Date(t) => fill(app.t(Ui::AuditBadDate), &[("text", t)]),
        AuditQueryError::Action(t) => fill(app.t(Ui::AuditBadAction), &[("text", t)]),
    }
}

/// Parses a query as of `today`.
pub fn parse(text: &str, today: NaiveDate) -> Result<AuditFilter, AuditQueryError> {
    AuditFilter::parse(text, today)
}

/// Rows of entries drawn at once (inside the border, below the query line).
fn page(app: &App) -> usize {
    super::layout::screen_rows(app.height).saturating_sub(1).max(1)
}

/// Keeps the selected entry drawn (after a resize).
pub fn keep_shown(app: &mut App, data: &UiData) {
    keep_visible(app, data.audit.as_ref().map_or(0, |r| r.entries.len()));
}

fn keep_visible(app: &mut App, n: usize) {
    let page = page(app);
    let a = &mut app.audit;
    a.selected = a.selected.min(n.saturating_sub(1));
    a.offset = super::cursor::scroll(a.offset, a.selected, n, page);
}

/// Applies an action on the audit tab; `None` for what works the same everywhere.
pub fn update(app: &mut App, action: Action, data: &UiData) -> Option<Effect> {
    if let Some(line) = &app.audit.editing {
        match action {
            Action::Accept => match parse(&line.value, app.today) {
                Ok(_) => {
                    app.audit.applied = line.value.trim().to_string();
                    app.audit.editing = None;
                    app.audit.error = None;
                    app.audit.selected = 0;
                    app.audit.offset = 0;
                }
                Err(e) => app.audit.error = Some(error_text(app, &e)),
            },
            Action::Cancel | Action::ClearFilter => {
                app.audit.editing = None;
                app.audit.error = None;
            }
            Action::ForceQuit | Action::Quit => return None,
            _ => {}
        }
        return Some(Effect::None);
    }
    let n = data.audit.as_ref().map_or(0, |r| r.entries.len());
    let page = page(app);
    let a = &mut app.audit;
    let moving = match action {
        // half pages move a page here, as they always did
        Action::HalfPageUp => Action::PageUp,
        Action::HalfPageDown => Action::PageDown,
        other => other,
    };
    if let Some(to) = super::cursor::step(a.selected, moving, n, page) {
        a.selected = to;
        keep_visible(app, n);
        return Some(Effect::None);
    }
    match action {
        Action::Search => a.editing = Some(LineEdit::new(&a.applied)),
        Action::ClearFilter => {
            a.applied.clear();
            a.selected = 0;
        }
        Action::Open | Action::Right => {
            let target = data.audit.as_ref().and_then(|r| r.entries.get(app.audit.selected)).and_then(|e| e.record);
            match target {
                Some(r) if data.position(r).is_some() => update::jump(app, data, r),
                Some(r) => app.info(fill(app.t(Ui::LinkMissing), &[("record", &r.to_string())])),
                None => app.info(app.t(Ui::NoLink)),
            }
            return Some(Effect::None);
        }
        Action::NewRecord | Action::EditRecord | Action::Archive | Action::Restore | Action::Purge => {
            app.info(app.t(Ui::AuditReadOnly));
            return Some(Effect::None);
        }
        Action::Export(what) if what.is_report() => return Some(Effect::Export(what)),
        Action::Export(_)
        | Action::SortNextColumn
        | Action::SortReverse
        | Action::ToggleArchived
        | Action::SaveSearch
        | Action::SavedSearches
        | Action::SearchNext
        | Action::SearchPrev
        | Action::CycleOffice
        | Action::CycleOfficer
        | Action::MyClients => return super::casework::list_only(app, action),
        Action::Left | Action::FocusNext | Action::FocusPrev | Action::NextLink | Action::PrevLink => {}
        _ => return None,
    }
    keep_visible(app, n);
    Some(Effect::None)
}

/// A key typed into the query box; the problem, if any, shows as it is typed.
pub fn text_key(app: &mut App, key: Key) {
    let Some(line) = app.audit.editing.as_mut() else { return };
    if line.key(key) == Some(true) {
        let text = line.value.clone();
        app.audit.error = parse(&text, app.today).err().map(|e| error_text(app, &e));
    }
}

/// Pasted text, typed into the query box.
pub fn paste(app: &mut App, text: &str) {
    let Some(line) = app.audit.editing.as_mut() else { return };
    line.insert(text);
    let text = line.value.clone();
    app.audit.error = parse(&text, app.today).err().map(|e| error_text(app, &e));
}

/// One entry as a line: local time, user, action, record and its name, fields, note.
fn entry_line(app: &App, data: &UiData, e: &AuditEntry) -> String {
    let at = app.zone.local(e.at);
    let record = e
        .record
        .map(|r| match super::form::row_name(data, r) {
            Some(name) => format!("{r} {name}"),
            None => r.to_string(),
        })
        .unwrap_or_default();
    let action = crate::i18n::audit_action(app.lang, e.action);
    let mut s = format!(
        "{} {}  {:<10} {action:<14} {}",
        crate::i18n::date(app.lang, at.date()),
        at.format("%H:%M"),
        e.actor,
        record
    );
    if !e.fields.is_empty() {
        // the fields by the names the forms and details give them
        let names: Vec<String> = match e.record {
            Some(r) => e.fields.iter().map(|f| super::data::field_label(r.kind, f, app.lang)).collect(),
            None => e.fields.clone(),
        };
        s.push_str(&format!("  [{}]", names.join(", ")));
    }
    if !e.note.is_empty() {
        s.push_str(&format!("  {}", e.note));
    }
    sanitize(&s).into_owned()
}

/// The status line's part on the audit tab.
pub fn status(app: &App, data: &UiData) -> String {
    let n = data.audit.as_ref().map_or(0, |r| r.entries.len());
    let mut s =
        fill(app.t(Ui::AuditStatus), &[("entries", &crate::i18n::count(app.lang, n, crate::i18n::Noun::Entry))]);
    if !app.audit.applied.is_empty() {
        s.push_str(&format!(" · {}", fill(app.t(Ui::AuditQuery), &[("query", &app.audit.applied)])));
    }
    s
}

/// Draws the audit tab.
pub fn draw(app: &App, data: &UiData, frame: &mut Frame, area: Rect) {
    let rows = data.audit.as_ref();
    let n = rows.map_or(0, |r| r.entries.len());
    let title = format!(" {} ", fill(app.t(Ui::AuditTitle), &[("n", &n.to_string())]));
    let block = ratatui::widgets::Block::bordered().border_set(app.theme.border()).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    // the query line: the box while typing, else the query in effect or how to filter
    lines.push(match (&app.audit.editing, &app.audit.error) {
        (Some(l), Some(err)) => Line::from(vec![
            Span::styled(format!("/ {}", sanitize(&l.value)), app.theme.selected()),
            Span::styled(format!("  {} {err}", app.theme.error_symbol()), app.theme.error()),
        ]),
        (Some(l), None) => Line::from(Span::styled(format!("/ {}", sanitize(&l.value)), app.theme.selected())),
        (None, _) if !app.audit.applied.is_empty() => {
            Line::from(fill(app.t(Ui::AuditQuery), &[("query", &sanitize(&app.audit.applied))]))
        }
        (None, _) => Line::from(Span::styled(app.t(Ui::AuditHelp), app.theme.dim())),
    });
    let page = page(app);
    match rows {
        Some(r) if r.entries.is_empty() => lines.push(Line::from(app.t(Ui::AuditNone))),
        Some(r) => {
            for (i, e) in r.entries.iter().enumerate().skip(app.audit.offset).take(page) {
                let selected = i == app.audit.selected;
                let marker = if selected { app.theme.marker() } else { " " };
                let text: String = format!("{marker} {}", entry_line(app, data, e)).chars().take(width).collect();
                let line = Line::from(text);
                lines.push(if selected { line.style(app.theme.selected()) } else { line });
            }
            if r.more && app.audit.offset + page >= r.entries.len() {
                lines.push(Line::from(Span::styled(app.t(Ui::AuditMore), app.theme.dim())));
            }
        }
        None => {}
    }
    frame.render_widget(Paragraph::new(lines), inner);
    // the cursor sits in the query box while typing
    if let Some(l) = &app.audit.editing {
        let col = unicode_width::UnicodeWidthStr::width(l.before_cursor());
        let x = inner.x.saturating_add(u16::try_from(col + 2).unwrap_or(u16::MAX)).min(inner.right().saturating_sub(1));
        frame.set_cursor_position((x, inner.y));
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use crate::i18n::Lang;
    use crate::model::{Client, RecordKind, RecordRef, Role};
    use crate::ui::Session;
    use crate::ui::app::{Focus, Screen};
    use crate::ui::data::Actor;
    use crate::ui::tests::{fixture, opts, render, snap};

    fn admin_session(lang: Lang, role: Role) -> (tempfile::TempDir, Session) {
        let (dir, store) = crate::store::temp_store();
        fixture(&store);
        // a later change by another user (entries carry the store's clock)
        store.clock().advance(chrono::Duration::minutes(75));
        let mut c: Client = store.fetch(2).unwrap();
        c.phone = "081234567890".into();
        store.update(&Actor::new("rina", Role::Officer), c).unwrap();
        let mut o = opts(lang);
        o.actor = Actor::new("ana", role);
        let mut s = Session::new(store, &o, 80, 24);
        s.wait_for_index();
        s.wait_for_casework();
        s.app.db_label = "/data/simpul.db".into();
        (dir, s)
    }

    use super::super::tests::{press as key, type_text as typed};

    #[test]
    fn admins_read_the_log_newest_first_filter_it_and_follow_a_line() {
        let (_d, mut s) = admin_session(Lang::En, Role::Admin);
        key(&mut s, KeyCode::Char('6'));
        assert_eq!(s.app.screen, Screen::Audit);
        let rows = s.data.audit.as_ref().unwrap();
        assert_eq!(rows.entries[0].actor, "rina", "newest first");
        assert!(rows.entries.windows(2).all(|w| w[0].seq > w[1].seq));
        let screen = render(&s, 80, 24);
        assert!(screen.contains("6 Audit"), "{screen}");
        assert!(screen.contains("rina       update         K-000002 Budi Santoso  [Phone]"), "{screen}");
        // narrow to one user, as typed
        key(&mut s, KeyCode::Char('/'));
        typed(&mut s, "user:rina action:upd");
        assert!(render(&s, 80, 24).contains("unknown action: action:upd"), "{}", render(&s, 80, 24));
        typed(&mut s, "ate");
        key(&mut s, KeyCode::Enter);
        let rows = s.data.audit.as_ref().unwrap();
        assert_eq!(rows.entries.len(), 1);
        assert!(render(&s, 80, 24).contains("filter: user:rina action:update"));
        // Enter leads to the record
        key(&mut s, KeyCode::Enter);
        assert_eq!(s.app.screen, Screen::Records);
        assert_eq!(s.app.focus, Focus::Detail);
        assert_eq!(crate::ui::update::selected_ref(&s.app, &s.data), Some(RecordRef::new(RecordKind::Client, 2)));
        // and back returns to the log, at the entry it was left on
        key(&mut s, KeyCode::Char('['));
        assert_eq!(s.app.screen, Screen::Audit);
        assert!(render(&s, 80, 24).contains("filter: user:rina action:update"));
        // the log cannot be changed from here
        key(&mut s, KeyCode::Char('6'));
        key(&mut s, KeyCode::Char('a'));
        assert_eq!(s.app.status.clone().unwrap().text, "The audit log cannot be changed or deleted from the app.");
    }

    #[test]
    fn others_have_no_audit_tab_and_the_store_refuses_them() {
        for role in [Role::Officer, Role::Viewer] {
            let (_d, mut s) = admin_session(Lang::En, role);
            assert!(!render(&s, 80, 24).contains("Audit"));
            key(&mut s, KeyCode::Char('6'));
            assert_eq!(s.app.screen, Screen::Records);
            let said = s.app.status.clone().unwrap().text;
            assert!(said.starts_with("Go to the audit log tab — your role ("), "{said}");
            let filter = crate::store::AuditFilter::default();
            assert!(matches!(s.scoped().audit(&filter, 10), Err(crate::ui::data::StoreError::Forbidden { .. })));
        }
    }

    #[test]
    fn snapshots_of_the_audit_tab() {
        for lang in Lang::ALL {
            let (_d, mut s) = admin_session(lang, Role::Admin);
            key(&mut s, KeyCode::Char('6'));
            snap(&format!("audit_{}_80x24", lang.code()), render(&s, 80, 24));
        }
    }
}

//! The users tab (admins): who may log in to `simpul serve`, with their
//! role, keys and language; adding a user, a key, removing one, disabling
//! and enabling, setting the language. Every change is made by
//! [`crate::users`] as the admin (through [`super::data::write_user`]), so
//! the store checks the role and audits it, whatever the interface.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::app::{App, Overlay, Prompt, PromptKind};
use super::data::UiData;
use super::sanitize::sanitize;
use super::update::Effect;
use crate::action::{Action, Context};
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::model::{RecordKind, RecordRef, Role, User};
use crate::users::NewUser;

/// The state of the users tab.
#[derive(Debug, Clone, Default)]
pub struct UsersView {
    /// The selected user.
    pub selected: usize,
    /// The first user drawn.
    pub offset: usize,
    /// A user being added, one question at a time.
    pub draft: Option<NewUser>,
    /// The store refused the new user and one answer is asked again: the
    /// user is added once it is given, the later questions already answered.
    pub fixing: bool,
}

/// The users as last read.
#[derive(Debug, Clone, Default)]
pub struct UserRows {
    /// By login name.
    pub users: Vec<User>,
    /// The store generation they were read at.
    pub of: u64,
}

/// A question of the users tab; the user asked about by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// A new user's login name.
    Name,
    /// A new user's role.
    Role,
    /// A new partner's stakeholder (`S-000006`).
    Stakeholder,
    /// A new user's public key.
    Key,
    /// A new user's full name (may be left empty).
    FullName,
    /// Whether a new user is a supervisor (empty: no).
    Supervisor,
    /// A key to add to a user.
    AddKey(u64),
    /// Which of a user's keys to remove (its number).
    RemoveKey(u64),
    /// A user's language (`id`, `en`, `default`).
    Language(u64),
}

impl Ask {
    /// Whether an empty answer is an answer (the rest are asked again).
    pub fn may_be_empty(self) -> bool {
        matches!(self, Ask::FullName | Ask::Supervisor | Ask::Stakeholder)
    }
}

/// A change to the users, made by [`super::data::write_user`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserOp {
    /// Add a user.
    Add(NewUser),
    /// Add a key to the user so named.
    AddKey(String, String),
    /// Remove a key (its number, 1-based) from the user so named.
    RemoveKey(String, String),
    /// Disable (`true`) or enable the user so named.
    Disabled(String, bool),
    /// Set the language of the user so named.
    Language(String, String),
}

/// The users read, if any.
fn users(data: &UiData) -> &[User] {
    data.users.as_ref().map_or(&[], |r| r.users.as_slice())
}

/// The selected user.
pub fn selected<'a>(app: &App, data: &'a UiData) -> Option<&'a User> {
    users(data).get(app.users.selected)
}

/// A user by id.
pub fn by_id(data: &UiData, id: u64) -> Option<&User> {
    users(data).iter().find(|u| u.meta.id == id)
}

/// Rows of users drawn at once (inside the border, below the header).
fn page(app: &App) -> usize {
    super::layout::screen_rows(app.height).saturating_sub(1).max(1)
}

/// Keeps the selected user drawn (after a resize or a reload).
pub fn keep_shown(app: &mut App, data: &UiData) {
    let n = users(data).len();
    let page = page(app);
    let v = &mut app.users;
    v.selected = v.selected.min(n.saturating_sub(1));
    v.offset = super::cursor::scroll(v.offset, v.selected, n, page);
}

/// Asks a question of the users tab.
fn ask(app: &mut App, ask: Ask) {
    app.prompt = Some(Prompt::new(PromptKind::User(ask)));
}

/// Applies an action on the users tab; `None` for what works the same everywhere.
pub fn update(app: &mut App, action: Action, data: &UiData) -> Option<Effect> {
    let n = users(data).len();
    if let Some(to) = super::cursor::step(app.users.selected, action, n, page(app)) {
        app.users.selected = to;
        keep_shown(app, data);
        return Some(Effect::None);
    }
    let chosen = selected(app, data).map(|u| (u.meta.id, u.name.clone(), u.disabled, u.keys.len()));
    match (action, chosen) {
        (Action::UserAdd | Action::NewRecord, _) => {
            app.users.draft = Some(NewUser {
                name: String::new(),
                role: Role::Officer,
                stakeholder: None,
                keys: Vec::new(),
                full_name: String::new(),
                supervisor: false,
                officer: String::new(),
            });
            app.users.fixing = false;
            ask(app, Ask::Name);
        }
        (Action::UserKeyAdd, Some((id, ..))) => ask(app, Ask::AddKey(id)),
        (Action::UserKeyRemove, Some((_, name, _, 0))) => {
            app.info(fill(app.t(Ui::UserNoKeys), &[("name", &sanitize(&name))]));
        }
        (Action::UserKeyRemove, Some((id, ..))) => ask(app, Ask::RemoveKey(id)),
        (Action::UserDisable | Action::Archive, Some((_, name, true, _))) => {
            app.info(fill(app.t(Ui::UserAlreadyDisabled), &[("name", &sanitize(&name))]));
        }
        // an admin locked out by their own hand would need another to let them in
        (Action::UserDisable | Action::Archive, Some((_, name, ..))) if name == app.user => {
            app.info(app.t(Ui::UserNotSelf));
        }
        (Action::UserDisable | Action::Archive, Some((id, ..))) => app.overlay = Some(Overlay::ConfirmDisable(id)),
        (Action::UserEnable | Action::Restore, Some((_, name, false, _))) => {
            app.info(fill(app.t(Ui::UserNotDisabled), &[("name", &sanitize(&name))]));
        }
        (Action::UserEnable | Action::Restore, Some((_, name, true, _))) => {
            return Some(Effect::Users(UserOp::Disabled(name, false)));
        }
        (Action::UserLanguage, Some((id, ..))) => ask(app, Ask::Language(id)),
        (
            Action::UserKeyAdd
            | Action::UserKeyRemove
            | Action::UserDisable
            | Action::UserEnable
            | Action::UserLanguage
            | Action::Archive
            | Action::Restore,
            None,
        ) => app.info(app.t(Ui::UserNoneSelected)),
        (
            Action::EditRecord
            | Action::Purge
            | Action::Flag
            | Action::Report(_)
            | Action::Export(_)
            | Action::SortNextColumn
            | Action::SortReverse
            | Action::ToggleArchived
            | Action::Search
            | Action::SaveSearch
            | Action::SavedSearches
            | Action::SearchNext
            | Action::SearchPrev
            | Action::CycleOffice
            | Action::CycleOfficer
            | Action::MyClients
            | Action::Mark
            | Action::MarkAll
            | Action::Bulk(_)
            | Action::MergeMark
            | Action::Merge,
            _,
        ) => return super::casework::list_only(app, action),
        (
            Action::Open
            | Action::Right
            | Action::Left
            | Action::FocusNext
            | Action::FocusPrev
            | Action::NextLink
            | Action::PrevLink
            | Action::ClearFilter,
            _,
        ) => {}
        _ => return None,
    }
    Some(Effect::None)
}

/// The question a prompt of the users tab asks.
pub fn question(app: &App, data: &UiData, ask: Ask) -> String {
    let name = |id: u64| by_id(data, id).map(|u| sanitize(&u.name).into_owned()).unwrap_or_default();
    let draft = app.users.draft.as_ref().map(|d| sanitize(&d.name).into_owned()).unwrap_or_default();
    match ask {
        Ask::Name => app.t(Ui::UserAskName).to_string(),
        Ask::Role => fill(app.t(Ui::UserAskRole), &[("name", &draft), ("roles", &role_choices(app.lang))]),
        Ask::Stakeholder => fill(app.t(Ui::UserAskStakeholder), &[("name", &draft)]),
        Ask::Key => fill(app.t(Ui::UserAskKey), &[("name", &draft)]),
        Ask::FullName => fill(app.t(Ui::UserAskFullName), &[("name", &draft)]),
        Ask::Supervisor => fill(app.t(Ui::UserAskSupervisor), &[("name", &draft)]),
        Ask::AddKey(id) => fill(app.t(Ui::UserAskAddKey), &[("name", &name(id))]),
        Ask::RemoveKey(id) => {
            // the keys by number, as `describe_key` gives them (safe to show)
            let keys: Vec<String> = by_id(data, id)
                .map(|u| {
                    u.keys
                        .iter()
                        .enumerate()
                        .map(|(i, k)| format!("{}. {}", i + 1, crate::users::describe_key(k)))
                        .collect()
                })
                .unwrap_or_default();
            fill(app.t(Ui::UserAskRemoveKey), &[("name", &name(id)), ("keys", &keys.join("; "))])
        }
        Ask::Language(id) => {
            let now = by_id(data, id).and_then(|u| u.language.clone()).unwrap_or_else(|| "default".into());
            fill(app.t(Ui::UserAskLanguage), &[("name", &name(id)), ("now", &sanitize(&now))])
        }
    }
}

/// "Disable siti (Siti Rahmawati)? They can no longer log in."
pub fn disable_question(app: &App, data: &UiData, id: u64) -> String {
    let (name, full) = by_id(data, id).map(|u| (u.name.clone(), u.full_name.clone())).unwrap_or_default();
    fill(app.t(Ui::UserConfirmDisable), &[("name", &sanitize(&name)), ("full_name", &sanitize(&full))])
}

/// Answers the disable question.
pub fn confirm_update(app: &mut App, action: Action, data: &UiData) -> Option<Effect> {
    let Some(Overlay::ConfirmDisable(id)) = app.overlay else { return None };
    match action {
        Action::ConfirmYes => {
            app.overlay = None;
            match by_id(data, id) {
                Some(u) => Some(Effect::Users(UserOp::Disabled(u.name.clone(), true))),
                None => Some(Effect::None),
            }
        }
        Action::ForceQuit => None,
        _ => {
            app.overlay = None;
            Some(Effect::None)
        }
    }
}

/// What an answer to a question of the users tab does: the next question
/// of a user being added (a bad answer is said and asked again), or the
/// change to make.
pub fn answer(app: &mut App, data: &UiData, store: &crate::ui::data::Store, ask: Ask, p: Prompt) -> Option<UserOp> {
    let text = p.line.value.trim().to_string();
    let lang = app.lang;
    let name = |id: u64| by_id(data, id).map(|u| u.name.clone());
    let again = |app: &mut App, p: Prompt, e: crate::users::UserError| {
        app.prompt = Some(p);
        app.error(e.message(lang));
    };
    match ask {
        Ask::AddKey(id) => return name(id).map(|n| UserOp::AddKey(n, text)),
        Ask::RemoveKey(id) => {
            let count = by_id(data, id).map_or(0, |u| u.keys.len());
            // only a key's number is an answer here: a comment could name two
            if !text.parse::<usize>().is_ok_and(|n| (1..=count).contains(&n)) {
                let e = crate::users::UserError::NoSuchKey(name(id).unwrap_or_default());
                again(app, p, e);
                return None;
            }
            return name(id).map(|n| UserOp::RemoveKey(n, text));
        }
        Ask::Language(id) => return name(id).map(|n| UserOp::Language(n, text)),
        _ => {}
    }
    let mut draft = app.users.draft.take()?;
    let checked = |draft: &NewUser, fields: &[&str]| crate::users::check(store, draft, fields);
    let next = match ask {
        Ask::Name => {
            draft.name = text;
            checked(&draft, &["name"]).map(|()| Some(Ask::Role))
        }
        Ask::Role => crate::users::parse_role(role_code(&text)).map(|role| {
            draft.role = role;
            Some(if role == Role::Partner { Ask::Stakeholder } else { Ask::Key })
        }),
        Ask::Stakeholder => match text.as_str() {
            // the store says what a partner without one is
            "" => Ok(Some(Ask::Key)),
            t => match RecordRef::parse(t).filter(|r| r.kind == RecordKind::Stakeholder) {
                Some(r) => {
                    draft.stakeholder = Some(crate::model::StakeholderId(r.id));
                    Ok(Some(Ask::Key))
                }
                None => {
                    app.users.draft = Some(draft);
                    app.prompt = Some(p);
                    app.error(fill(app.t(Ui::UserBadStakeholder), &[("text", &sanitize(t))]));
                    return None;
                }
            },
        },
        Ask::Key => {
            draft.keys = vec![text];
            checked(&draft, &["keys"]).map(|()| Some(Ask::FullName))
        }
        Ask::FullName => {
            draft.full_name = text;
            // only an officer or an admin decides approval requests
            let next = matches!(draft.role, Role::Officer | Role::Admin).then_some(Ask::Supervisor);
            checked(&draft, &["full_name"]).map(|()| next)
        }
        Ask::Supervisor => match yes_no(&text) {
            Some(yes) => {
                draft.supervisor = yes;
                Ok(None)
            }
            None => {
                app.users.draft = Some(draft);
                app.prompt = Some(p);
                app.error(app.t(Ui::UserBadYesNo));
                return None;
            }
        },
        Ask::AddKey(_) | Ask::RemoveKey(_) | Ask::Language(_) => Ok(None),
    };
    match next {
        Err(e) => {
            app.users.draft = Some(draft);
            again(app, p, e);
            None
        }
        Ok(Some(_)) if std::mem::take(&mut app.users.fixing) => Some(UserOp::Add(draft)),
        Ok(Some(next)) => {
            app.users.draft = Some(draft);
            self::ask(app, next);
            None
        }
        Ok(None) => Some(UserOp::Add(draft)),
    }
}

/// The question of a new user the store's refusal is about.
pub fn step_of(e: &crate::users::UserError) -> Ask {
    use crate::ui::data::StoreError;
    use crate::users::UserError;
    match e {
        UserError::Store(StoreError::Dangling { .. }) => Ask::Stakeholder,
        UserError::Store(StoreError::Invalid(_, problems)) => {
            match problems.first().map(|p| p.field.as_str()).unwrap_or_default() {
                f if f.starts_with("stakeholder") => Ask::Stakeholder,
                f if f.starts_with("keys") => Ask::Key,
                f if f.starts_with("full_name") => Ask::FullName,
                _ => Ask::Name,
            }
        }
        _ => Ask::Name,
    }
}

/// The roles to choose from: each code, with its name in `lang` where
/// that is another word (`officer/petugas`).
fn role_choices(lang: crate::i18n::Lang) -> String {
    let named = |r: Role| crate::i18n::role(lang, r).split_whitespace().next().unwrap_or_default().to_lowercase();
    let each: Vec<String> = Role::ALL
        .iter()
        .map(|r| match named(*r) {
            n if n == r.code() => n,
            n => format!("{}/{n}", r.code()),
        })
        .collect();
    each.join(", ")
}

/// The code of a role answered by its code or by its name in either
/// language (`petugas`); anything else as it is, for the store's message.
fn role_code(text: &str) -> &str {
    let t = text.trim();
    for r in Role::ALL {
        for lang in crate::i18n::Lang::ALL {
            let name = crate::i18n::role(lang, *r).split_whitespace().next().unwrap_or_default();
            if t.eq_ignore_ascii_case(r.code()) || t.eq_ignore_ascii_case(name) {
                return r.code();
            }
        }
    }
    t
}

/// Yes or no in either language; empty is no.
fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "" | "n" | "no" | "t" | "tidak" => Some(false),
        "y" | "yes" | "ya" => Some(true),
        _ => None,
    }
}

/// What a done change says.
pub fn done(app: &App, op: &UserOp, u: &User) -> String {
    let name = sanitize(&u.name).into_owned();
    match op {
        UserOp::Add(_) => fill(
            crate::i18n::users::UserMsg::Added.text(app.lang),
            &[("name", &name), ("id", &crate::users::reference(u)), ("role", crate::i18n::role(app.lang, u.role))],
        ),
        UserOp::Disabled(_, true) => fill(app.t(Ui::UserDisabledDone), &[("name", &name)]),
        UserOp::Disabled(_, false) => fill(app.t(Ui::UserEnabledDone), &[("name", &name)]),
        UserOp::AddKey(..) | UserOp::RemoveKey(..) | UserOp::Language(..) => {
            fill(crate::i18n::users::UserMsg::Updated.text(app.lang), &[("name", &name)])
        }
    }
}

/// The role as the list shows it: a partner's with its stakeholder's name.
fn role_text(app: &App, data: &UiData, u: &User) -> String {
    let role = crate::i18n::role(app.lang, u.role).to_string();
    match u.stakeholder {
        Some(s) => {
            let r = RecordRef::new(RecordKind::Stakeholder, s.0);
            let who = data
                .position(r)
                .and_then(|p| data.stakeholders.get(p))
                .map_or_else(|| r.to_string(), |row| sanitize(&row.short).into_owned());
            format!("{role} · {who}")
        }
        None => role,
    }
}

/// `text` cut or padded to `width` columns.
fn cell(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push_str(&" ".repeat(width - used));
    out
}

/// The users tab's columns: login, full name, role, keys, language, marks.
fn rows(app: &App, data: &UiData) -> Vec<[String; 6]> {
    users(data)
        .iter()
        .map(|u| {
            let mut marks = Vec::new();
            if u.supervisor {
                marks.push(app.t(Ui::UserSupervisorMark));
            }
            if u.disabled {
                marks.push(app.t(Ui::UserDisabledMark));
            }
            [
                sanitize(&u.name).into_owned(),
                sanitize(&u.full_name).split_whitespace().collect::<Vec<_>>().join(" "),
                role_text(app, data, u),
                u.keys.len().to_string(),
                u.language.as_deref().map_or_else(|| "—".to_string(), |l| sanitize(l).into_owned()),
                marks.join(", "),
            ]
        })
        .collect()
}

/// The status line's part on the users tab.
pub fn status(app: &App, data: &UiData) -> String {
    let n = crate::i18n::count(app.lang, users(data).len(), crate::i18n::Noun::User);
    fill(app.t(Ui::UsersStatus), &[("users", &n)])
}

/// Draws the users tab.
pub fn draw(app: &App, data: &UiData, frame: &mut Frame, area: Rect) {
    let n = users(data).len();
    let title = format!(" {} ", fill(app.t(Ui::UsersTitle), &[("n", &n.to_string())]));
    let block = ratatui::widgets::Block::bordered().border_set(app.theme.border()).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let header = [
        app.t(Ui::UserColLogin),
        app.t(Ui::UserColFullName),
        app.t(Ui::UserColRole),
        app.t(Ui::UserColKeys),
        app.t(Ui::UserColLanguage),
        app.t(Ui::UserColMarks),
    ]
    .map(String::from);
    let rows = rows(app, data);
    // every column as wide as its widest cell (some capped), the full name taking what is left
    let caps = [16, usize::MAX, 26, 5, 8, 22];
    let mut w = [0usize; 6];
    for r in rows.iter().chain(std::iter::once(&header)) {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(c.width()).min(caps[i]);
        }
    }
    let fixed: usize = 2 + w.iter().enumerate().filter(|(i, _)| *i != 1).map(|(_, x)| x + 1).sum::<usize>();
    w[1] = width.saturating_sub(fixed + 1);
    let line = |marker: &str, r: &[String; 6]| -> String {
        let cells: Vec<String> = r.iter().enumerate().map(|(i, c)| cell(c, w[i])).collect();
        let text = format!("{marker} {}", cells.join(" "));
        cell(text.trim_end(), width).trim_end().to_string()
    };
    let mut lines: Vec<Line> = vec![Line::from(Span::styled(line(" ", &header), app.theme.header()))];
    if rows.is_empty() {
        let key = super::keys::first_key(&app.keymap, Action::UserAdd, Context::Users).unwrap_or_default();
        lines.push(Line::from(fill(app.t(Ui::UsersNone), &[("key", &key)])));
    }
    for (i, r) in rows.iter().enumerate().skip(app.users.offset).take(page(app)) {
        let selected = i == app.users.selected;
        let marker = if selected { app.theme.marker() } else { " " };
        let l = Line::from(line(marker, r));
        let disabled = users(data).get(i).is_some_and(|u| u.disabled);
        lines.push(if selected {
            l.style(app.theme.selected())
        } else if disabled {
            l.style(app.theme.dim())
        } else {
            l
        });
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use crate::action::Action;
    use crate::i18n::Lang;
    use crate::model::{RecordKind, Role, User};
    use crate::store::{Actor, AuditFilter, StoreError};
    use crate::ui::Session;
    use crate::ui::app::{Overlay, Screen};
    use crate::ui::tests::{fixture, opts, render, snap};
    use crate::users::NewUser;

    const KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKexampleexampleexampleexampleexamplexx siti@laptop";
    const KEY2: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIsecondsecondsecondsecondsecond siti@hp";

    fn new(name: &str, role: Role, full_name: &str) -> NewUser {
        NewUser {
            name: name.into(),
            role,
            stakeholder: None,
            keys: vec![KEY.into()],
            full_name: full_name.into(),
            supervisor: false,
            officer: String::new(),
        }
    }

    /// A store with the fixture's records and four users; a session of `role`.
    fn session(lang: Lang, role: Role) -> (tempfile::TempDir, Session) {
        let (dir, store) = crate::store::temp_store();
        fixture(&store);
        let a = Actor::new("ana", Role::Admin);
        let siti = NewUser {
            supervisor: true,
            keys: vec![KEY.into(), KEY2.into()],
            ..new("siti", Role::Officer, "Siti Rahmawati, S.Sos.")
        };
        crate::users::add(&store, &a, siti).unwrap();
        crate::users::set(
            &store,
            &a,
            "siti",
            &crate::users::Settings { language: Some("en".into()), ..Default::default() },
        )
        .unwrap();
        let laz =
            NewUser { stakeholder: Some(crate::model::StakeholderId(1)), ..new("laz", Role::Partner, "Nur Hidayah") };
        crate::users::add(&store, &a, laz).unwrap();
        crate::users::add(&store, &a, new("ana", Role::Admin, "Ana Lestari")).unwrap();
        crate::users::add(&store, &a, new("vera", Role::Viewer, "Vera Yuliana")).unwrap();
        crate::users::set_disabled(&store, &a, "vera", true).unwrap();
        let mut o = opts(lang);
        o.actor = Actor::new("ana", role);
        let mut s = Session::new(store, &o, 80, 24);
        s.wait_for_index();
        s.wait_for_casework();
        s.app.db_label = "/data/simpul.db".into();
        (dir, s)
    }

    use super::super::tests::{press as key, type_text as typed};

    /// Types an answer and sends it.
    fn answer(s: &mut Session, text: &str) {
        typed(s, text);
        key(s, KeyCode::Enter);
    }

    fn said(s: &Session) -> String {
        s.app.status.clone().map(|m| m.text).unwrap_or_default()
    }

    fn user(s: &Session, name: &str) -> Option<User> {
        s.store().user_by_name(name).unwrap()
    }

    fn asked(s: &Session) -> Option<super::Ask> {
        match s.app.prompt.as_ref().map(|p| p.kind) {
            Some(crate::ui::app::PromptKind::User(a)) => Some(a),
            _ => None,
        }
    }

    #[test]
    fn admins_list_the_users_and_move_through_them() {
        let (_d, mut s) = session(Lang::En, Role::Admin);
        key(&mut s, KeyCode::Char('7'));
        assert_eq!(s.app.screen, Screen::Users);
        let screen = render(&s, 80, 24);
        assert!(screen.contains("7 Users"), "{screen}");
        assert!(screen.contains("▶ ana "), "sorted by login name: {screen}");
        assert!(screen.contains("partner · LAZISMU Jatim"), "{screen}");
        assert!(screen.contains("supervisor") && screen.contains("disabled"), "{screen}");

        key(&mut s, KeyCode::End);
        assert_eq!(super::selected(&s.app, &s.data).map(|u| u.name.as_str()), Some("vera"));
        assert!(render(&s, 80, 24).contains("▶ vera"));
        key(&mut s, KeyCode::Up);
        assert_eq!(super::selected(&s.app, &s.data).map(|u| u.name.as_str()), Some("siti"));
        // the help lists the tab's keys and the list's beneath them
        key(&mut s, KeyCode::F(1));
        let help = crate::ui::view::help_lines(&s.app, &s.data, None);
        let help: Vec<String> = help.iter().map(|l| l.to_string()).collect();
        assert!(help.iter().any(|l| l.starts_with("n insert") && l.contains("Add a user")), "{help:?}");
        assert!(help.iter().any(|l| l.starts_with("down ") && l.contains("Move down one row")), "{help:?}");
        // the list's n (a new record) is the users' own here
        assert!(!help.iter().any(|l| l.starts_with("n ") && l.contains("record")), "{help:?}");
    }

    #[test]
    fn an_admin_adds_a_user_one_question_at_a_time_and_bad_answers_are_asked_again() {
        let (_d, mut s) = session(Lang::En, Role::Admin);
        key(&mut s, KeyCode::Char('7'));
        key(&mut s, KeyCode::Char('n'));
        assert_eq!(asked(&s), Some(super::Ask::Name));
        // a taken name and a bad one are refused in the CLI's words
        answer(&mut s, "siti");
        assert_eq!(said(&s), "the login name siti is taken");
        assert_eq!(asked(&s), Some(super::Ask::Name));
        key(&mut s, KeyCode::Home);
        for _ in 0..4 {
            key(&mut s, KeyCode::Delete);
        }
        answer(&mut s, "Rina Baru");
        assert!(said(&s).contains("name"), "{}", said(&s));
        for _ in 0..9 {
            key(&mut s, KeyCode::Backspace);
        }
        answer(&mut s, "rina");
        assert_eq!(asked(&s), Some(super::Ask::Role));
        assert!(render(&s, 80, 24).contains("Role of rina (admin, officer, partner, viewer):"));
        answer(&mut s, "boss");
        assert_eq!(said(&s), "unknown role boss: choose one of admin, officer, partner, viewer");
        for _ in 0..4 {
            key(&mut s, KeyCode::Backspace);
        }
        answer(&mut s, "partner");
        assert_eq!(asked(&s), Some(super::Ask::Stakeholder));
        // a partner without its stakeholder: the store's words, at the end
        key(&mut s, KeyCode::Enter);
        assert_eq!(asked(&s), Some(super::Ask::Key));
        answer(&mut s, "not a key");
        assert!(said(&s).contains("SSH"), "{}", said(&s));
        assert_eq!(asked(&s), Some(super::Ask::Key));
        for _ in 0..9 {
            key(&mut s, KeyCode::Backspace);
        }
        answer(&mut s, KEY2);
        assert_eq!(asked(&s), Some(super::Ask::FullName));
        // a partner decides no approvals: not asked whether a supervisor
        answer(&mut s, "Rina Wulandari");
        assert!(said(&s).contains("stakeholder"), "{}", said(&s));
        assert!(user(&s, "rina").is_none(), "nothing is stored");
        assert_eq!(asked(&s), Some(super::Ask::Stakeholder), "asked again where the store found fault");
        answer(&mut s, "S-000099");
        assert!(said(&s).contains("S-000099"), "{}", said(&s));
        assert!(user(&s, "rina").is_none(), "nothing is stored");
        // Esc lets the user go; a fresh start as an officer succeeds
        key(&mut s, KeyCode::Esc);
        key(&mut s, KeyCode::Char('n'));
        answer(&mut s, "rina");
        answer(&mut s, "petugas");
        answer(&mut s, KEY2);
        answer(&mut s, "Rina Wulandari");
        assert_eq!(asked(&s), Some(super::Ask::Supervisor));
        answer(&mut s, "maybe");
        assert_eq!(said(&s), "answer yes or no");
        for _ in 0..5 {
            key(&mut s, KeyCode::Backspace);
        }
        answer(&mut s, "ya");
        assert_eq!(s.app.prompt, None);
        let rina = user(&s, "rina").unwrap();
        assert!(rina.supervisor && rina.role == Role::Officer && rina.keys == [KEY2.to_string()]);
        assert_eq!(rina.full_name, "Rina Wulandari");
        assert!(said(&s).starts_with("User rina (U-"), "{}", said(&s));
        assert_eq!(super::selected(&s.app, &s.data).map(|u| u.name.as_str()), Some("rina"));
        // the store audits it under the admin's name
        let f = AuditFilter::parse("user:ana action:create", s.app.today).unwrap();
        let (entries, _) = s.scoped().audit(&f, 10).unwrap();
        assert!(entries.iter().any(|e| e.record.is_some_and(|r| r.kind == RecordKind::User && r.id == rina.meta.id)));
    }

    #[test]
    fn keys_are_added_and_removed_users_disabled_after_a_question_enabled_and_given_a_language() {
        let (_d, mut s) = session(Lang::En, Role::Admin);
        key(&mut s, KeyCode::Char('7'));
        key(&mut s, KeyCode::Down);
        key(&mut s, KeyCode::Down);
        assert_eq!(super::selected(&s.app, &s.data).map(|u| u.name.as_str()), Some("siti"));
        // removing: the keys are offered by number, described safely
        key(&mut s, KeyCode::Char('K'));
        let screen = render(&s, 80, 24);
        assert!(screen.contains("Remove which key of siti? Type its number — 1. ssh-ed25519"), "{screen}");
        assert!(screen.contains("…xamplexx siti@laptop; 2. ssh-ed25519 …ndsecond siti@hp"), "{screen}");
        answer(&mut s, "3");
        assert_eq!(said(&s), "siti has no such key; see the key numbers in `simpul user list`");
        key(&mut s, KeyCode::Backspace);
        answer(&mut s, "1");
        assert_eq!(user(&s, "siti").unwrap().keys, vec![KEY2.to_string()]);
        assert_eq!(said(&s), "User siti updated.");
        // adding: a malformed key changes nothing
        key(&mut s, KeyCode::Char('k'));
        answer(&mut s, "ssh-ed25519 short");
        assert!(said(&s).contains("SSH"), "{}", said(&s));
        key(&mut s, KeyCode::Esc);
        assert_eq!(user(&s, "siti").unwrap().keys.len(), 1);
        key(&mut s, KeyCode::Char('k'));
        answer(&mut s, KEY);
        assert_eq!(user(&s, "siti").unwrap().keys.len(), 2);
        // not oneself
        key(&mut s, KeyCode::Home);
        key(&mut s, KeyCode::Char('d'));
        assert_eq!(said(&s), "You cannot disable yourself: another admin can.");
        assert_eq!(s.app.overlay, None);
        key(&mut s, KeyCode::Down);
        key(&mut s, KeyCode::Down);
        // disabling asks first; no keeps them
        key(&mut s, KeyCode::Char('d'));
        assert!(matches!(s.app.overlay, Some(Overlay::ConfirmDisable(_))));
        assert!(render(&s, 80, 24).contains("Disable siti (Siti Rahmawati, S.Sos.)?"), "{}", render(&s, 80, 24));
        key(&mut s, KeyCode::Char('n'));
        assert!(!user(&s, "siti").unwrap().disabled);
        key(&mut s, KeyCode::Char('d'));
        key(&mut s, KeyCode::Char('y'));
        assert!(user(&s, "siti").unwrap().disabled);
        assert_eq!(said(&s), "User siti disabled.");
        key(&mut s, KeyCode::Char('e'));
        assert!(!user(&s, "siti").unwrap().disabled);
        // the language: a bad one in the CLI's words
        key(&mut s, KeyCode::Char('L'));
        answer(&mut s, "fr");
        assert_eq!(said(&s), "unknown language fr: choose id or en, or `default` for the server's language");
        key(&mut s, KeyCode::Backspace);
        key(&mut s, KeyCode::Backspace);
        answer(&mut s, "id");
        assert_eq!(user(&s, "siti").unwrap().language.as_deref(), Some("id"));
    }

    #[test]
    fn others_have_no_users_tab_no_user_actions_and_the_store_refuses_them() {
        for role in [Role::Officer, Role::Partner, Role::Viewer] {
            let (_d, mut s) = session(Lang::En, role);
            assert!(!render(&s, 80, 24).contains("Users"), "{role:?}");
            key(&mut s, KeyCode::Char('7'));
            assert_ne!(s.app.screen, Screen::Users, "{role:?}");
            for a in [
                Action::Tab(crate::action::TabName::Users),
                Action::UserAdd,
                Action::UserKeyAdd,
                Action::UserKeyRemove,
                Action::UserDisable,
                Action::UserEnable,
                Action::UserLanguage,
            ] {
                assert!(!crate::ui::keys::allowed(&s.app, a, &s.data), "{role:?} {a}");
                crate::ui::update::update(&mut s.app, a, &s.data);
                assert!(s.app.prompt.is_none() && s.app.screen != Screen::Users, "{role:?} {a}");
            }
            // and whatever the interface, the store says no
            let me = Actor::new("ana", role);
            let refused = |r: Result<User, crate::users::UserError>| {
                matches!(r, Err(crate::users::UserError::Store(StoreError::Forbidden { .. })))
            };
            assert!(refused(crate::users::add(s.store(), &me, new("baru", Role::Admin, ""))), "{role:?}");
            assert!(refused(crate::users::set_disabled(s.store(), &me, "siti", true)), "{role:?}");
            assert!(refused(crate::users::add_key(s.store(), &me, "siti", KEY2)), "{role:?}");
            assert!(crate::ui::data::load_users(&s.scoped()).is_err(), "{role:?}");
            assert!(!user(&s, "siti").unwrap().disabled);
        }
    }

    #[test]
    fn snapshots_of_the_users_tab() {
        for lang in Lang::ALL {
            let (_d, mut s) = session(lang, Role::Admin);
            key(&mut s, KeyCode::Char('7'));
            snap(&format!("users_{}_80x24", lang.code()), render(&s, 80, 24));
            key(&mut s, KeyCode::Down);
            key(&mut s, KeyCode::Down);
            key(&mut s, KeyCode::Char('d'));
            snap(&format!("users_disable_{}_80x24", lang.code()), render(&s, 80, 24));
        }
    }
}

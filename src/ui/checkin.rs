//! Check-in at the door: a meeting of a series on screen, its
//! participants (those the user's view holds) filtered by the letters
//! typed; Enter marks the one selected as attended, a name nobody has is
//! added as a guest after a question, and leaving asks whether those not
//! checked in are absent (the meeting is then held).

use crate::action::Action;
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::model::{Attendance, Event, PartId, ParticipantRole, Who};

use super::app::App;
use super::data;
use super::filter::LineEdit;
use super::update::Effect;

/// One participant at the door.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Their id in the event.
    pub id: PartId,
    /// The name shown.
    pub name: String,
    /// What it is folded to, for matching.
    folded: String,
    /// Their attendance at this meeting.
    pub attendance: Attendance,
    /// Their role.
    pub role: ParticipantRole,
}

/// A question of the check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// "Add … as a guest?"
    Guest,
    /// "Mark the rest absent and close the meeting?"
    Close,
}

/// A meeting's check-in, open on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckIn {
    /// The event.
    pub event: u64,
    /// The meeting's number.
    pub number: u32,
    /// "Kelas barista — #3, 19 Jan 2027".
    pub title: String,
    /// Everyone the view holds, in the event's order.
    pub rows: Vec<Row>,
    /// The letters typed.
    pub query: LineEdit,
    /// The selected row among those shown.
    pub selected: usize,
    /// A question asked.
    pub ask: Option<Ask>,
}

/// What the check-in asks the session to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckInOp {
    /// Open the check-in of meeting `.1` of event `.0`.
    Open(u64, u32),
    /// Mark a participant attended.
    Mark(u64, u32, PartId),
    /// Add a guest who attended.
    Guest(u64, u32, String),
    /// The rest absent, the meeting held.
    Close(u64, u32),
}

fn fold(s: &str) -> String {
    crate::search::normalize::fold(s)
}

impl CheckIn {
    /// The check-in of meeting `number` of `e` as the view holds it
    /// (`name` names a client); `None` when there is no such meeting.
    pub fn of(e: &Event, number: u32, name: &dyn Fn(u64) -> String, lang: crate::i18n::Lang) -> Option<CheckIn> {
        let m = e.meetings.iter().find(|m| m.number == number)?;
        let rows = e
            .participants
            .iter()
            .map(|p| {
                let name = match &p.who {
                    Who::Client { client, .. } => name(client.0),
                    Who::Stakeholder { representative, .. } => representative.clone(),
                    Who::Officer { name } => name.clone(),
                };
                Row { id: p.id, folded: fold(&name), name, attendance: m.of(p.id), role: e.role(p.id) }
            })
            .collect();
        let title = format!("{} — #{}, {}", e.title, number, crate::i18n::date(lang, m.when.date()));
        Some(CheckIn { event: e.meta.id, number, title, rows, query: LineEdit::default(), selected: 0, ask: None })
    }

    /// The rows the letters typed match (every word of them), by
    /// position: those not yet checked in first, so that the first match
    /// is the person at the door even when two share a name.
    pub fn shown(&self) -> Vec<usize> {
        let q = fold(&self.query.value);
        let words: Vec<&str> = q.split_whitespace().collect();
        let mut shown: Vec<usize> =
            (0..self.rows.len()).filter(|&i| words.iter().all(|w| self.rows[i].folded.contains(w))).collect();
        shown.sort_by_key(|&i| self.rows[i].attendance == Attendance::Attended);
        shown
    }

    /// How many are checked in, of how many.
    pub fn here(&self) -> (usize, usize) {
        (self.rows.iter().filter(|r| r.attendance == Attendance::Attended).count(), self.rows.len())
    }

    /// Takes the rows of a fresh read of the event, keeping what is typed.
    pub fn refresh(&mut self, fresh: CheckIn) {
        self.rows = fresh.rows;
        self.title = fresh.title;
        self.selected = self.selected.min(self.shown().len().saturating_sub(1));
    }
}

/// A check-in takes Enter, Esc, the moving keys and its questions' answers.
pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    let c = app.checkin.as_deref_mut()?;
    let (event, number) = (c.event, c.number);
    if let Some(ask) = c.ask {
        match (ask, action) {
            (Ask::Guest, Action::ConfirmYes) => {
                let name = c.query.value.trim().to_string();
                c.ask = None;
                c.query = LineEdit::default();
                return Some(Effect::CheckIn(CheckInOp::Guest(event, number, name)));
            }
            (Ask::Close, Action::ConfirmYes) => {
                return Some(Effect::CheckIn(CheckInOp::Close(event, number)));
            }
            // left open: the meeting is not closed
            (Ask::Close, Action::ConfirmNo) => app.checkin = None,
            (_, Action::ForceQuit) => return None,
            _ => c.ask = None,
        }
        return Some(Effect::None);
    }
    let shown = c.shown();
    match action {
        Action::Accept => match shown.get(c.selected) {
            Some(&i) => {
                let id = c.rows[i].id;
                c.query = LineEdit::default();
                c.selected = 0;
                return Some(Effect::CheckIn(CheckInOp::Mark(event, number, id)));
            }
            None if !c.query.value.trim().is_empty() => c.ask = Some(Ask::Guest),
            None => {}
        },
        Action::Up => c.selected = c.selected.saturating_sub(1),
        Action::Down => c.selected = (c.selected + 1).min(shown.len().saturating_sub(1)),
        Action::PageUp | Action::First => c.selected = 0,
        Action::PageDown | Action::Last => c.selected = shown.len().saturating_sub(1),
        Action::Cancel | Action::ClearFilter if !c.query.value.is_empty() => {
            c.query = LineEdit::default();
            c.selected = 0;
        }
        Action::Cancel | Action::ClearFilter | Action::Back => c.ask = Some(Ask::Close),
        Action::ForceQuit => return None,
        _ => {}
    }
    Some(Effect::None)
}

/// A key typed into the check-in: the letters of a name.
pub fn text_key(app: &mut App, key: crate::keymap::Key) {
    if let Some(c) = app.checkin.as_deref_mut()
        && c.ask.is_none()
    {
        c.query.key(key);
        c.selected = 0;
    }
}

/// Pasted text: a name.
pub fn paste(app: &mut App, text: &str) {
    if let Some(c) = app.checkin.as_deref_mut()
        && c.ask.is_none()
    {
        c.query.insert(text);
        c.selected = 0;
    }
}

/// The question asked, in words.
pub fn question(app: &App) -> Option<String> {
    let c = app.checkin.as_deref()?;
    Some(match c.ask? {
        Ask::Guest => fill(app.t(Ui::CheckInGuest), &[("name", &crate::sanitize::sanitize(c.query.value.trim()))]),
        Ask::Close => {
            let open = c.rows.iter().filter(|r| r.attendance == Attendance::Invited).count();
            fill(app.t(Ui::CheckInClose), &[("n", &open.to_string())])
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClientId, EventKind, Participant, Recurrence, When};

    fn event() -> Event {
        let d = chrono::NaiveDate::from_ymd_opt(2027, 1, 5).unwrap_or_default();
        let mut e = Event::new("Kelas barista", EventKind::Training, When::Date(d));
        e.meta.id = 4;
        e.recurrence = Some(Recurrence::parse("weekly tue x3", d).unwrap());
        for i in 1..=3 {
            let mut p = Participant::client(ClientId(i), Attendance::Invited);
            p.id = PartId(u32::try_from(i).unwrap_or(0));
            e.participants.push(p);
        }
        e.plan_meetings();
        e.meetings[0].set(PartId(2), Attendance::Attended);
        e
    }

    fn names(id: u64) -> String {
        ["", "Ahmad Fauzi", "Siti Aminah", "Ahmad Dahlan"][id as usize].to_string()
    }

    #[test]
    fn letters_typed_narrow_the_list_and_accents_and_case_do_not_matter() {
        let mut c = CheckIn::of(&event(), 1, &names, crate::i18n::Lang::En).unwrap();
        assert_eq!(c.here(), (1, 3));
        assert_eq!(c.shown(), vec![0, 2, 1], "who is here already comes last");
        c.query = LineEdit::new("AHM");
        assert_eq!(c.shown(), vec![0, 2]);
        c.query = LineEdit::new("ahm dah");
        assert_eq!(c.shown(), vec![2]);
        c.query = LineEdit::new("zz");
        assert!(c.shown().is_empty());
        assert!(CheckIn::of(&event(), 9, &names, crate::i18n::Lang::En).is_none());
    }
}

/// Draws the check-in over the screen: who is here, the letters typed,
/// the list they narrow, and a question when one is asked.
pub fn draw(app: &App, frame: &mut ratatui::Frame, area: ratatui::layout::Rect) {
    use ratatui::layout::Rect;
    use ratatui::text::{Line, Span};
    use ratatui::widgets::{Block, Clear, Paragraph};
    let Some(c) = app.checkin.as_deref() else { return };
    if area.height < 6 || area.width < 20 {
        return;
    }
    let r = Rect::new(area.x, area.y + 1, area.width, area.height.saturating_sub(2));
    frame.render_widget(Clear, r);
    let (here, of) = c.here();
    let title = fill(
        app.t(Ui::CheckInTitle),
        &[("title", &crate::sanitize::sanitize(&c.title)), ("here", &here.to_string()), ("of", &of.to_string())],
    );
    let b = Block::bordered().border_set(app.theme.border()).title(format!(" {title} "));
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let width = usize::from(inner.width);
    let mut lines = vec![Line::from(Span::styled(
        format!("> {}", crate::sanitize::sanitize(&c.query.value)),
        app.theme.selected(),
    ))];
    // the question, when one is asked, where the hint is: it is read before the list
    let (said, style) = match question(app) {
        Some(q) => (q, app.theme.selected()),
        None => (super::wrap::text(app, app.t(Ui::CheckInHint)).into_owned(), app.theme.dim()),
    };
    for row in super::wrap::wrap(&said, width.max(1)) {
        lines.push(Line::from(Span::styled(row, style)));
    }
    let shown = c.shown();
    let rows = usize::from(inner.height).saturating_sub(lines.len());
    let first = c.selected.saturating_sub(rows.saturating_sub(1));
    for (k, &i) in shown.iter().enumerate().skip(first).take(rows) {
        let row = &c.rows[i];
        let mark = match (row.attendance, app.theme.ascii) {
            (Attendance::Attended, false) => "✓",
            (Attendance::Attended, true) => "+",
            (Attendance::Absent, _) => "x",
            (Attendance::Excused, _) => "~",
            (Attendance::Invited, _) => " ",
        };
        let role = match row.role {
            ParticipantRole::Participant => String::new(),
            r => format!(" · {}", crate::i18n::participant_role(app.lang, r)),
        };
        // the selection shows without colour too
        let sel = if k == c.selected { app.theme.marker() } else { " " };
        let text = format!("{sel}{mark} {}{role}", crate::sanitize::sanitize(&row.name));
        let text: String = text.chars().take(width).collect();
        let style = if k == c.selected { app.theme.selected() } else { ratatui::style::Style::default() };
        lines.push(Line::from(Span::styled(text, style)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if c.ask.is_none() {
        let col = unicode_width::UnicodeWidthStr::width(c.query.before_cursor());
        let x = inner.x.saturating_add(u16::try_from(col + 2).unwrap_or(u16::MAX)).min(inner.right().saturating_sub(1));
        frame.set_cursor_position((x, inner.y));
    }
}

impl super::Session {
    /// Acts on the answer about a meeting (see [`crate::ui::app::PromptKind::EditMeeting`]).
    pub fn answer_meeting_prompt(&mut self, p: super::app::Prompt) -> Result<(), super::app::Prompt> {
        let super::app::PromptKind::EditMeeting(event, number) = p.kind else { return Err(p) };
        let lang = self.app.lang;
        let text = p.line.value.trim().to_lowercase();
        let (store, actor) = (self.store().clone(), self.actor().clone());
        let today = self.app.today;
        let n = number.to_string();
        let result = if matches!(text.as_str(), "cancel" | "batal" | "batalkan") {
            data::cancel_meeting(&store, &actor, event, number)
                .map(|()| fill(Ui::MeetingCancelled.text(lang), &[("number", &n)]))
        } else if let Ok(day) = crate::model::input::parse_date(&text, today) {
            data::move_meeting(&store, &actor, event, number, day)
                .map(|()| fill(Ui::MeetingMoved.text(lang), &[("number", &n), ("date", &crate::i18n::date(lang, day))]))
        } else if let Ok(rule) = crate::model::Recurrence::parse(&text, today) {
            data::split_series(&store, &actor, event, number, rule).map(|new| {
                let args = [("number", n.clone()), ("record", new.id().to_string()), ("rule", rule.text())];
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                fill(Ui::SeriesSplit.text(lang), &args)
            })
        } else {
            self.app.prompt = Some(p);
            self.app.error(self.app.t(Ui::MeetingNotUnderstood));
            return Ok(());
        };
        self.answered(p, result);
        Ok(())
    }

    /// Opens a meeting's check-in, or records what it took and reads the
    /// meeting again (through the user's view).
    pub fn check_in(&mut self, op: CheckInOp) {
        let lang = self.app.lang;
        let (store, actor) = (self.store().clone(), self.actor().clone());
        let (event, number) = match &op {
            CheckInOp::Open(e, n) | CheckInOp::Mark(e, n, _) | CheckInOp::Guest(e, n, _) | CheckInOp::Close(e, n) => {
                (*e, *n)
            }
        };
        if !self.app.may(crate::ui::data::Op::Edit(crate::model::RecordKind::Event)) {
            return self.app.info(self.app.t(Ui::CheckInNotAllowed));
        }
        let name_of = |id: PartId| {
            self.app.checkin.as_deref().and_then(|c| c.rows.iter().find(|r| r.id == id)).map(|r| r.name.clone())
        };
        let done = match op {
            CheckInOp::Open(..) => Ok(None),
            CheckInOp::Mark(e, n, id) => {
                let name = crate::sanitize::sanitize(&name_of(id).unwrap_or_default()).into_owned();
                data::mark_attended(&store, &actor, e, n, id)
                    .map(|()| Some(fill(Ui::CheckedIn.text(lang), &[("name", &name)])))
            }
            CheckInOp::Guest(e, n, name) => data::add_guest(&store, &actor, e, n, &name)
                .map(|()| Some(fill(Ui::GuestAdded.text(lang), &[("name", &crate::sanitize::sanitize(&name))]))),
            CheckInOp::Close(e, n) => match data::close_meeting(&store, &actor, e, n) {
                Ok(absent) => {
                    self.app.checkin = None;
                    self.refresh();
                    return self.app.info(fill(Ui::MeetingClosed.text(lang), &[("n", &absent.to_string())]));
                }
                Err(e) => Err(e),
            },
        };
        let said = match done {
            Ok(said) => said,
            Err(e) => return self.app.error(e.message(lang)),
        };
        let scoped = self.scoped();
        let fresh = data::fetch::<Event>(&scoped, event).map(|e| {
            let data = &self.data;
            let name = |id: u64| data.client_name(id).unwrap_or("?").to_string();
            CheckIn::of(&e, number, &name, lang)
        });
        match fresh {
            Ok(Some(fresh)) => match self.app.checkin.as_deref_mut() {
                Some(c) if c.event == event && c.number == number => c.refresh(fresh),
                _ => self.app.checkin = Some(Box::new(fresh)),
            },
            Ok(None) => {
                let r = crate::model::RecordRef::new(crate::model::RecordKind::Event, event);
                return self.app.error(crate::ui::data::StoreError::NoMeeting { record: r, number }.message(lang));
            }
            Err(e) => return self.app.error(e.message(lang)),
        }
        if let Some(said) = said {
            self.refresh();
            self.app.info(said);
        }
    }
}

#[cfg(test)]
mod session_tests {
    use crossterm::event::KeyCode;

    use crate::i18n::Lang;
    use crate::model::{Attendance, Event, EventKind, Participant, Recurrence, Role, When};
    use crate::ui::data::Actor;
    use crate::ui::tests::{press, render, session, type_text};

    #[test]
    fn a_meeting_is_checked_in_at_the_door_with_a_guest_and_closed() {
        let mut fx = session(Lang::En, 100, 30, true);
        let s = &mut fx.session;
        let a = Actor::new("budi", Role::Officer);
        let day = crate::ui::tests::clock().today();
        let mut e = Event::new("Kelas barista", EventKind::Training, When::Date(day));
        e.recurrence = Some(Recurrence::parse("weekly x12", day).unwrap());
        for id in 1..=5 {
            e.participants.push(Participant::client(crate::model::ClientId(id), Attendance::Invited));
        }
        let e = s.store().create(&a, e).unwrap();
        assert_eq!(e.meetings.len(), 12);
        s.refresh();
        crate::ui::update::jump(&mut s.app, &s.data, e.id().to_ref());
        s.refresh();
        press(s, KeyCode::Enter);
        let lines: Vec<String> = s.data.detail.as_ref().unwrap().selectables().map(|(t, _)| t.to_string()).collect();
        let first = lines.iter().position(|l| l.starts_with("#1  ")).expect("the meetings are listed");
        for _ in 0..=first {
            press(s, KeyCode::Tab);
        }
        press(s, KeyCode::Enter);
        let screen = render(s, 100, 30);
        assert!(screen.contains("Check-in: Kelas barista — #1"), "{screen}");
        assert!(screen.contains("0 of 5 here"), "{screen}");
        // a few letters, Enter
        type_text(s, "ahm");
        press(s, KeyCode::Enter);
        assert_eq!(s.app.status.clone().map(|m| m.text), Some("Ahmad Fauzi: attended.".into()));
        assert!(render(s, 100, 30).contains("1 of 5 here"));
        // someone not on the list comes in: a guest, after a question
        type_text(s, "Pak Harun");
        press(s, KeyCode::Enter);
        assert!(render(s, 100, 30).contains("Add Pak Harun as a guest who attended?"), "{}", render(s, 100, 30));
        press(s, KeyCode::Char('y'));
        assert_eq!(s.app.status.clone().map(|m| m.text), Some("Pak Harun added as a guest.".into()));
        let screen = render(s, 100, 30);
        assert!(screen.contains("2 of 6 here") && screen.contains("Pak Harun · guest"), "{screen}");
        // done: the rest absent, after a question
        press(s, KeyCode::Esc);
        assert!(render(s, 100, 30).contains("Mark the 4 not checked in as absent"), "{}", render(s, 100, 30));
        press(s, KeyCode::Char('y'));
        assert!(s.app.checkin.is_none());
        assert_eq!(s.app.status.clone().map(|m| m.text), Some("Meeting closed: 4 marked absent.".into()));
        let stored: Event = s.store().fetch(e.meta.id).unwrap();
        assert_eq!(stored.meetings[0].status, crate::model::MeetingStatus::Held);
        let absent = stored.meetings[0].attendance.iter().filter(|(_, a)| *a == Attendance::Absent).count();
        assert_eq!(absent, 4);
        // the client's case file says it in one line
        crate::ui::update::jump(&mut s.app, &s.data, crate::model::ClientId(1).to_ref());
        s.refresh();
        let lines: Vec<String> = s.data.detail.as_ref().unwrap().selectables().map(|(t, _)| t.to_string()).collect();
        assert!(lines.iter().any(|l| l.ends_with("Kelas barista, weekly: 1 of 1 attended")), "{lines:?}");
        let c: crate::model::Client = s.store().fetch(1).unwrap();
        let kept = crate::casework::timeline::Kept {
            flags: &[],
            changes: &[],
            approvals: &[],
            zone: crate::ui::tests::clock().zone(),
        };
        let t = crate::casework::timeline::timeline(&c, &[], &[stored], &kept, day, &Default::default());
        assert!(t.iter().any(|x| matches!(
            x.kind,
            crate::casework::timeline::EntryKind::Series { attended: 1, held: 1, of: 12, .. }
        )));
    }

    #[test]
    fn a_meeting_is_moved_cancelled_or_changed_with_the_following_from_its_line() {
        let mut fx = session(Lang::En, 100, 30, true);
        let s = &mut fx.session;
        let a = Actor::new("budi", Role::Officer);
        let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
        let mut e = Event::new("Konseling kelompok", EventKind::Meeting, When::Date(day));
        e.recurrence = Some(Recurrence::parse("weekly tue x6", day).unwrap());
        e.participants.push(Participant::client(crate::model::ClientId(1), Attendance::Invited));
        let e = s.store().create(&a, e).unwrap();
        s.refresh();
        crate::ui::update::jump(&mut s.app, &s.data, e.id().to_ref());
        s.refresh();
        press(s, KeyCode::Enter);
        let select = |s: &mut crate::ui::Session, start: &str| {
            let lines: Vec<String> =
                s.data.detail.as_ref().unwrap().selectables().map(|(t, _)| t.to_string()).collect();
            let at = lines.iter().position(|l| l.starts_with(start)).expect(start);
            while s.app.line() != Some(at) {
                press(s, KeyCode::Tab);
            }
        };
        select(s, "#2  ");
        press(s, KeyCode::Char('e'));
        assert!(render(s, 100, 30).contains("Meeting #2 of E-000003"), "{}", render(s, 100, 30));
        type_text(s, "batal");
        press(s, KeyCode::Enter);
        assert_eq!(s.app.status.clone().map(|m| m.text), Some("Meeting #2 cancelled.".into()));
        select(s, "#3  ");
        press(s, KeyCode::Char('e'));
        type_text(s, "2027-01-21");
        press(s, KeyCode::Enter);
        assert_eq!(s.app.status.clone().map(|m| m.text), Some("Meeting #3 moved to 21 Jan 2027.".into()));
        select(s, "#4  ");
        press(s, KeyCode::Char('e'));
        type_text(s, "every 2 weeks thu x2");
        press(s, KeyCode::Enter);
        let msg = s.app.status.clone().map(|m| m.text).unwrap_or_default();
        assert_eq!(msg, "From meeting #4 on: the new series E-000004 (every 2 weeks thu x2).");
        let old: Event = s.store().fetch(e.meta.id).unwrap();
        assert_eq!(old.counted_meetings().count(), 2, "#1 and #3 moved; #2 cancelled");
        let new: Event = s.store().fetch(4).unwrap();
        assert_eq!(new.meetings.len(), 2);
        // an answer that is none of these is said so, and asked again
        select(s, "#1  ");
        press(s, KeyCode::Char('e'));
        type_text(s, "besok pagi");
        press(s, KeyCode::Enter);
        assert!(s.app.prompt.is_some());
        assert!(s.app.status.clone().is_some_and(|m| m.text.starts_with("Not understood")));
    }
}

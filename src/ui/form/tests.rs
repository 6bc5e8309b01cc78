//! Tests of the form engine (pure) and of the forms in a real session over
//! a store: typing, validation next to the field, saving, conflicts,
//! archiving, referral moves, duplicates, and snapshots.

use chrono::NaiveDate;
use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::action::Action;
use crate::i18n::Lang;
use crate::keymap::Key;
use crate::model::*;
use crate::store::{Actor, AuditAction, OpenOptions, Store};
use crate::ui::app::Overlay;
use crate::ui::update::update;
use crate::ui::{Options, Session, Theme};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 10, 20).unwrap()
}

/// Finds nothing: for tests of fields without links.
struct NoLookup;
impl Lookup for NoLookup {
    fn find(&self, _: RecordKind, _: &str, _: usize) -> Vec<(u64, String)> {
        Vec::new()
    }
}

/// Two partners to link to.
struct Partners;
impl Lookup for Partners {
    fn find(&self, _: RecordKind, q: &str, _: usize) -> Vec<(u64, String)> {
        [(1, "LAZISMU Jatim"), (2, "Pokmas Barista")]
            .into_iter()
            .filter(|(_, n)| n.to_lowercase().contains(&q.to_lowercase()))
            .map(|(i, n)| (i, n.to_string()))
            .collect()
    }
}

fn client_form() -> Form {
    Form::new(Target::Client(Box::new(Client::new(""))), &|_, _| None, today())
}

fn typed(f: &mut Form, s: &str) {
    for c in s.chars() {
        f.state.key(Key::char(c), &NoLookup);
    }
}

fn k(code: KeyCode) -> Key {
    Key::plain(code)
}

#[test]
fn focus_moves_and_wraps() {
    let mut f = client_form();
    assert_eq!(f.state.focus, 0);
    f.state.prev_field();
    assert_eq!(f.state.focus, f.state.fields.len() - 1);
    f.state.next_field();
    f.state.next_field();
    assert_eq!(f.state.fields[f.state.focus].key, "aliases");
    // up/down in a one-line field move between fields too
    f.state.key(k(KeyCode::Down), &NoLookup);
    assert_eq!(f.state.fields[f.state.focus].key, "nik");
    f.state.focus_key("birth_date");
    assert_eq!(f.state.fields[f.state.focus].key, "birth_date");
}

#[test]
fn editing_keys_and_dirty() {
    let mut f = client_form();
    assert!(!f.state.dirty);
    typed(&mut f, "Ahmd Fauzi");
    assert!(f.state.dirty);
    for code in [KeyCode::Home, KeyCode::Right, KeyCode::Right, KeyCode::Right] {
        f.state.key(k(code), &NoLookup);
    }
    typed(&mut f, "a");
    assert_eq!(f.state.value("full_name"), "Ahmad Fauzi");
    f.state.key(Key::new(KeyCode::Char('k'), KeyModifiers::CONTROL), &NoLookup);
    assert_eq!(f.state.value("full_name"), "Ahma");
    f.state.key(k(KeyCode::Backspace), &NoLookup);
    f.state.key(Key::new(KeyCode::Char('u'), KeyModifiers::CONTROL), &NoLookup);
    assert_eq!(f.state.value("full_name"), "");
}

#[test]
fn problems_show_next_to_their_field_and_save_goes_to_the_first() {
    let mut f = client_form();
    f.state.focus_key("nik");
    typed(&mut f, "12345");
    f.state.next_field();
    f.check();
    // only the field the user touched shows its problem before a save
    let nik = f.state.index("nik").unwrap();
    assert_eq!(f.state.problems, vec![(nik, Issue::Problem(ProblemKind::NikLength { len: 5 }))]);
    f.state.focus_key("phone");
    typed(&mut f, "12345");
    assert!(f.prepare_save().is_none(), "a bad form is not saved");
    let name = f.state.index("full_name").unwrap();
    assert_eq!(f.state.focus, name, "the cursor goes to the first problem");
    let fields: Vec<&str> = f.state.problems.iter().map(|(i, _)| f.state.fields[*i].key).collect();
    assert_eq!(fields, ["full_name", "nik", "phone"]);
    assert_eq!(f.issue_text(Lang::En, &f.state.problems[0].1), "is required");
    assert_eq!(f.issue_text(Lang::Id, &f.state.problems[0].1), "wajib diisi");
}

#[test]
fn editing_a_field_clears_its_problem_until_it_is_left() {
    let mut f = client_form();
    assert!(f.prepare_save().is_none());
    assert!(!f.state.problems.is_empty());
    typed(&mut f, "Budi");
    assert!(f.state.problems_of(0).next().is_none());
    f.state.next_field();
    assert!(f.check(), "{:?}", f.state.problems);
}

#[test]
fn a_good_form_builds_the_record() {
    let mut f = client_form();
    typed(&mut f, "Nur'aini Siti");
    f.state.set_value("aliases", "Nuraini, Siti Nur Aini, nuraini");
    f.state.set_value("nik", "3507 1254 1088 0001");
    f.state.set_value("birth_date", "14/10/1988");
    f.state.set_choice("gender", "p");
    f.state.set_value("phone", "+62 812-3456-7890");
    f.state.set_value("supervision_start", "2023-01-01");
    f.state.set_value("supervision_end", "+1y");
    f.state.focus_key("needs");
    f.state.key(k(KeyCode::Right), &NoLookup);
    f.state.key(Key::char(' '), &NoLookup);
    let Some(Target::Client(c)) = f.prepare_save() else { panic!("{:?}", f.state.problems) };
    assert_eq!(c.full_name, "Nur'aini Siti");
    assert_eq!(c.aliases, ["Nuraini", "Siti Nur Aini"], "duplicates ignoring case go");
    assert_eq!(c.nik.as_deref(), Some("3507125410880001"));
    assert_eq!(c.phone, "081234567890", "stored in the national form");
    assert_eq!(c.supervision_end, NaiveDate::from_ymd_opt(2024, 10, 20));
    assert_eq!(c.needs, [Need::Capital]);
    assert_eq!(c.gender, Gender::Female);
}

#[test]
fn dates_are_read_as_people_write_them() {
    let mut f = client_form();
    f.state.set_value("full_name", "Budi");
    for (input, ok) in [
        ("2023-10-04", true),
        ("04/10/2023", true),
        ("4-10-2023", true),
        ("today", true),
        ("hari ini", true),
        ("-7d", true),
        ("31/02/2023", false),
        ("kemarin lusa", false),
    ] {
        f.state.set_value("supervision_start", input);
        let (_, issues) = f.build();
        assert_eq!(issues.is_empty(), ok, "{input}: {issues:?}");
    }
    f.state.set_value("supervision_start", "31/02/2023");
    let (_, issues) = f.build();
    assert_eq!(f.issue_text(Lang::En, &issues[0].1), "there is no such day in the calendar");
}

#[test]
fn pasted_escape_sequences_and_control_characters_are_refused() {
    let mut f = client_form();
    assert!(!f.state.insert("Budi\x1b[31m", &NoLookup));
    assert_eq!(f.state.value("full_name"), "", "nothing is inserted");
    assert_eq!(f.state.problems, vec![(0, Issue::Pasted)]);
    assert!(f.issue_text(Lang::En, &Issue::Pasted).contains("escape codes"));
    assert!(!f.state.insert("a\u{202e}b", &NoLookup), "bidirectional overrides too");
    assert!(!f.state.key(Key::char('\u{7}'), &NoLookup), "a typed bell");
    // line breaks of a paste into one line become spaces; tricky letters are welcome
    assert!(f.state.insert("Ma'ruf\r\nAmin", &NoLookup));
    assert_eq!(f.state.value("full_name"), "Ma'ruf Amin");
    f.state.set_value("full_name", "Ñoño Çağrı O\u{301}la");
    f.state.next_field();
    assert!(f.check(), "{:?}", f.state.problems);
    f.state.set_value("full_name", "R2-D2");
    let (_, issues) = f.build();
    assert_eq!(issues, vec![(0, Issue::Problem(ProblemKind::NameCharacters))]);
    // notes keep their line breaks
    f.state.focus_key("notes");
    assert!(f.state.insert("baris satu\nbaris dua", &NoLookup));
    assert_eq!(f.state.value("notes"), "baris satu\nbaris dua");
}

#[test]
fn selectors_links_and_sets() {
    let mut f = client_form();
    f.state.focus_key("gender");
    f.state.key(k(KeyCode::Right), &NoLookup);
    assert_eq!(f.state.choice("gender"), Some("p"));
    f.state.key(Key::char('l'), &NoLookup);
    assert_eq!(f.state.choice("gender"), Some("l"), "a letter picks the option starting with it");
    let mut r = Form::new(
        Target::Referral(Box::new(Referral::new(ClientId(7), StakeholderId(0), "", today()))),
        &|_, _| Some("Ahmad Fauzi".into()),
        today(),
    );
    assert_eq!(r.state.value("client"), "Ahmad Fauzi");
    r.state.focus_key("stakeholder");
    for c in "bar".chars() {
        r.state.key(Key::char(c), &Partners);
    }
    r.state.next_field();
    assert_eq!(r.state.picked("stakeholder"), Some(2), "typing part of a name picks it");
    assert_eq!(r.state.value("stakeholder"), "Pokmas Barista");
    r.state.focus_key("stakeholder");
    r.state.key(Key::new(KeyCode::Char('u'), KeyModifiers::CONTROL), &Partners);
    for c in "zzz".chars() {
        r.state.key(Key::char(c), &Partners);
    }
    r.state.next_field();
    let (_, issues) = r.build();
    assert!(issues.contains(&(1, Issue::NoMatch("zzz".into()))), "{issues:?}");
}

#[test]
fn referral_moves_follow_the_flow() {
    let mut r = Referral::new(ClientId(1), StakeholderId(2), "modal usaha", today());
    r.meta.id = 3;
    let mut f = Form::new(Target::Referral(Box::new(r)), &|_, _| Some("x".into()), today());
    f.state.set_choice("status", "completed");
    let (_, issues) = f.build();
    let status = f.state.index("status").unwrap();
    let (i, issue) = &issues[0];
    assert_eq!(*i, status);
    assert_eq!(
        f.issue_text(Lang::En, issue),
        "a referral cannot move from proposed to completed; possible: accepted, declined, withdrawn"
    );
    f.state.set_choice("status", "accepted");
    f.state.set_value("status_note", "disetujui LAZISMU");
    let Some(Target::Referral(r)) = f.prepare_save() else { panic!("{:?}", f.state.problems) };
    assert_eq!(r.status, ReferralStatus::Accepted);
    assert_eq!(r.history.last().map(|h| h.note.as_str()), Some("disetujui LAZISMU"));
}

// ---- in a session over a store ----

struct Fx {
    _dir: tempfile::TempDir,
    s: Session,
}

fn opts(lang: Lang) -> Options {
    Options {
        lang,
        theme: Theme { color: true, ascii: false },
        actor: Actor::new("budi", Role::Officer),
        keymap: std::sync::Arc::new(crate::keymap::Keymap::preset("default").unwrap()),
        demo_clients: 10,
        demo_seed: 1,
    }
}

fn fx(lang: Lang) -> Fx {
    let (dir, store) = crate::store::temp_store_at(crate::ui::tests::clock());
    crate::ui::tests::fixture(&store);
    let mut s = Session::new(store, &opts(lang), 80, 24);
    s.app.db_label = "/data/simpul.db".into();
    Fx { _dir: dir, s }
}

fn press(s: &mut Session, code: KeyCode, mods: KeyModifiers) {
    s.handle(&TermEvent::Key(KeyEvent::new(code, mods)));
    s.refresh();
}

fn key(s: &mut Session, code: KeyCode) {
    press(s, code, KeyModifiers::NONE);
}

fn type_text(s: &mut Session, text: &str) {
    for c in text.chars() {
        key(s, KeyCode::Char(c));
    }
}

fn save(s: &mut Session) {
    press(s, KeyCode::Char('s'), KeyModifiers::CONTROL);
}

fn render(s: &Session) -> String {
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    s.draw(&mut term).unwrap();
    term.backend().to_string()
}

fn clients(s: &Session) -> u64 {
    s.store().count(RecordKind::Client)
}

/// Opens a new client form with a name typed, the focus on `field`.
fn new_client_at(s: &mut Session, name: &str, field: &str) {
    key(s, KeyCode::Char('n'));
    assert!(s.app.form.is_some());
    type_text(s, name);
    if let Some(f) = s.app.form.as_mut() {
        f.state.focus_key(field);
    }
}

#[test]
fn bad_values_typed_into_the_client_form_show_their_message_and_store_nothing() {
    let table: &[(&str, &str, &str)] = &[
        ("nik", "12345", "a NIK has exactly 16 digits (this has 5)"),
        ("nik", "35071234567890ab", "a NIK holds only the digits 0–9"),
        ("nik", "3507129913880001", "digits 7–12 of a NIK are not a birth date"),
        ("nik", "3507125410880001", "this NIK is a woman's (day + 40); check the gender"),
        ("phone", "12345", "is not an Indonesian phone number"),
        ("phone", "+1 555 1234", "is not an Indonesian phone number"),
        ("birth_date", "2030-01-01", "cannot be in the future"),
        ("birth_date", "1850-01-01", "is too far in the past"),
        ("birth_date", "31/02/1990", "there is no such day in the calendar"),
        ("birth_date", "kemarin lusa", "not a date: write 2023-10-04"),
        ("supervision_end", "2000-01-01", "cannot be before supervision start"),
        ("aliases", "Budi, R2D2", "may only hold letters, spaces, apostrophes"),
        ("register_no", &"x".repeat(41), "is too long: at most 40 characters"),
        ("consent.date", "+3d", "cannot be in the future"),
    ];
    for (field, value, message) in table {
        let mut fx = fx(Lang::En);
        let s = &mut fx.s;
        let before = clients(s);
        new_client_at(s, "Budi Santoso", "supervision_start");
        type_text(s, "2022-06-01");
        if let Some(f) = s.app.form.as_mut() {
            f.state.focus_key(field);
        }
        type_text(s, value);
        save(s);
        let screen = render(s);
        // whole, though it may wrap under its field
        let flat = |t: &str| t.chars().filter(|c| !c.is_whitespace() && !matches!(c, '"' | '│')).collect::<String>();
        assert!(flat(&screen).contains(&flat(message)), "{field} = {value:?}: {message:?} not shown:\n{screen}");
        let form = s.app.form.as_ref().expect("the form stays open");
        assert_eq!(form.state.fields[form.state.focus].key, *field, "{field}: the cursor is on the problem");
        assert_eq!(clients(s), before, "{field} = {value:?}: nothing stored");
        assert!(screen.contains("Not saved"), "{screen}");
    }
}

#[test]
fn create_then_reopen_shows_the_values_and_saved_comes_after_the_store() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    let before = clients(s);
    new_client_at(s, "Rahmat Hidayat", "nik");
    type_text(s, "3507121503900002");
    if let Some(f) = s.app.form.as_mut() {
        f.state.focus_key("birth_date");
    }
    type_text(s, "15/03/1990");
    assert!(render(s).contains("→ 15 Mar 1990"), "how the date was understood");
    assert!(s.app.dirty, "quitting would ask");
    save(s);
    assert!(s.app.form.is_none());
    assert_eq!(clients(s), before + 1);
    let msg = s.app.status.clone().unwrap().text;
    assert!(msg.starts_with("Saved: K-000006 Rahmat Hidayat"), "{msg}");
    assert!(!s.app.dirty);
    // the new client is selected: e opens it again with its values
    key(s, KeyCode::Char('e'));
    let f = s.app.form.as_ref().unwrap();
    assert_eq!(f.state.value("full_name"), "Rahmat Hidayat");
    assert_eq!(f.state.value("nik"), "3507121503900002");
    assert_eq!(f.state.value("birth_date"), "1990-03-15");
    assert!(!f.state.dirty);
    // unchanged: saving just closes
    save(s);
    assert!(s.app.form.is_none());
}

#[test]
fn esc_on_a_form_nobody_changed_closes_it_without_asking() {
    let mut fx = fx(Lang::Id);
    let s = &mut fx.s;
    // a new guidance session starts with its usual values: savable as it is, but not changed
    select_part(s, parts::PartKind::Session);
    key(s, KeyCode::Char('n'));
    assert!(s.app.form.as_ref().is_some_and(|f| f.state.dirty && !f.state.is_changed()));
    assert!(!render(s).contains(" * "), "no mark of changes: {}", render(s));
    key(s, KeyCode::Esc);
    assert!(s.app.form.is_none(), "closed without a question: {}", render(s));
    // a Litmas report with its author filled in for the user is unchanged too
    select_part(s, parts::PartKind::Litmas);
    key(s, KeyCode::Char('n'));
    assert_eq!(s.app.form.as_ref().map(|f| f.state.value("authors").to_string()), Some("budi".into()));
    key(s, KeyCode::Esc);
    assert!(s.app.form.is_none(), "closed without a question: {}", render(s));
    // typed and taken back: unchanged again
    key(s, KeyCode::Esc); // to the list
    key(s, KeyCode::Char('e'));
    assert!(render(s).contains("Ubah K-000001"), "{}", render(s));
    type_text(s, "xy");
    assert!(s.app.dirty);
    key(s, KeyCode::Backspace);
    key(s, KeyCode::Backspace);
    assert!(!s.app.dirty, "quitting would not ask either");
    key(s, KeyCode::Esc);
    assert!(s.app.form.is_none(), "closed without a question: {}", render(s));
    // a change is asked about, in Indonesian with its own keys: t is no
    key(s, KeyCode::Char('e'));
    type_text(s, " Jr");
    key(s, KeyCode::Esc);
    assert!(render(s).contains("Buang perubahan pada form ini? (y/t)"), "{}", render(s));
    key(s, KeyCode::Char('t'));
    assert!(s.app.form.as_ref().is_some_and(|f| f.ask.is_none()), "t answers no: back to the form");
    assert!(render(s).contains("Fauzi Jr"), "{}", render(s));
}

#[test]
fn every_value_of_a_form_starts_in_one_column_however_long_its_label() {
    let mut fx = fx(Lang::Id);
    let s = &mut fx.s;
    key(s, KeyCode::Char('e'));
    s.app.form.as_mut().unwrap().state.set_value("reporting.from", "2023-01-02");
    s.app.form.as_mut().unwrap().state.focus_key("reporting.from");
    let screen = render(s);
    let column = |label: &str, value: &str| {
        let line = screen.lines().find(|l| l.contains(label)).unwrap_or_default();
        line.find(value).map(|b| line[..b].chars().count())
    };
    let name = column("Nama lengkap", "Ahmad Fauzi");
    assert!(name.is_some(), "{screen}");
    assert_eq!(column("Wajib lapor dihitung sejak", "2023-01-02"), name, "{screen}");
    // the cursor is at the end of the value typed there
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    s.draw(&mut term).unwrap();
    let at = term.get_cursor_position().unwrap();
    let row = screen.lines().nth(usize::from(at.y)).unwrap_or_default();
    assert!(row.contains("Wajib lapor dihitung sejak"), "{at:?} {screen}");
    // (the lines of the screen begin with a quote)
    assert_eq!(Some(usize::from(at.x) - "2023-01-02".len()), name.map(|n| n - 1), "{at:?} {screen}");
}

#[test]
fn a_field_error_goes_as_soon_as_the_field_is_valid_again() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    key(s, KeyCode::Char('e'));
    // an end before the start: said when the end is left
    s.app.form.as_mut().unwrap().state.focus_key("supervision_end");
    press(s, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(s, "2020-01-01");
    key(s, KeyCode::Tab);
    assert!(render(s).contains("cannot be before supervision start"), "{}", render(s));
    // back on the end, then up to the start with an arrow (which checks as Tab does)
    press(s, KeyCode::BackTab, KeyModifiers::SHIFT);
    key(s, KeyCode::Up);
    assert_eq!(s.app.form.as_ref().map(|f| f.state.fields[f.state.focus].key), Some("supervision_start"));
    assert!(render(s).contains("cannot be before supervision start"), "{}", render(s));
    press(s, KeyCode::Char('u'), KeyModifiers::CONTROL);
    // the start typed before the end: the end's error goes at once, before the start is left
    type_text(s, "2019-06-01");
    assert!(!render(s).contains("cannot be before"), "{}", render(s));
    assert!(s.app.form.as_ref().is_some_and(|f| f.state.problems.is_empty()));
}

#[test]
fn esc_on_a_changed_form_asks_before_discarding() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    key(s, KeyCode::Char('n'));
    key(s, KeyCode::Esc);
    assert!(s.app.form.is_none(), "an untouched form just closes");
    key(s, KeyCode::Char('e'));
    type_text(s, " Jr");
    key(s, KeyCode::Esc);
    assert!(render(s).contains("Discard the changes in this form? (y/n)"));
    key(s, KeyCode::Char('n'));
    assert_eq!(s.app.form.as_ref().map(|f| f.state.value("full_name").to_string()), Some("Ahmad Fauzi Jr".into()));
    key(s, KeyCode::Esc);
    key(s, KeyCode::Char('y'));
    assert!(s.app.form.is_none());
    assert!(!s.app.dirty);
    let c: Client = s.store().fetch(1).unwrap();
    assert_eq!(c.full_name, "Ahmad Fauzi", "nothing was stored");
}

#[test]
fn a_conflicting_save_says_who_and_keeps_the_edits() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    key(s, KeyCode::Char('e'));
    if let Some(f) = s.app.form.as_mut() {
        f.state.focus_key("officer");
    }
    press(s, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(s, "Siti Aminah");
    // another session saves the same client meanwhile
    let other = Actor::new("rina", Role::Officer);
    let mut c: Client = s.store().fetch(1).unwrap();
    c.phone = "081234567890".into();
    s.store().update(&other, c).unwrap();
    // different fields: merged at once, and said so
    save(s);
    assert!(s.app.form.is_none(), "{:?}", s.app.status);
    let said = s.app.status.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert_eq!(said, "Saved: K-000001 Ahmad Fauzi, together with the changes rina saved meanwhile");
    let c: Client = s.store().fetch(1).unwrap();
    assert_eq!((c.officer.as_str(), c.phone.as_str()), ("Siti Aminah", "081234567890"));
}

/// The same field saved by someone else while the form was open: both
/// values are shown and nothing is overwritten until the officer chooses.
#[test]
fn a_field_both_changed_is_asked_about_with_both_values() {
    for (answer, officer) in [('m', "Siti Aminah"), ('t', "Agus Salim")] {
        let mut fx = fx(Lang::En);
        let s = &mut fx.s;
        key(s, KeyCode::Char('e'));
        s.app.form.as_mut().unwrap().state.focus_key("officer");
        press(s, KeyCode::Char('u'), KeyModifiers::CONTROL);
        type_text(s, "Siti Aminah");
        s.app.form.as_mut().unwrap().state.focus_key("phone");
        press(s, KeyCode::Char('u'), KeyModifiers::CONTROL);
        type_text(s, "0812 9988 7766");
        let mut c: Client = s.store().fetch(1).unwrap();
        c.officer = "Agus Salim".into();
        s.store().update(&Actor::new("rina", Role::Officer), c).unwrap();
        save(s);
        let screen = render(s);
        assert!(screen.contains("rina saved the same fields while this form was open"), "{screen}");
        assert!(screen.contains("rina: Agus Salim") && screen.contains("mine: Siti Aminah"), "{screen}");
        assert!(!screen.contains("9988"), "a field only I changed is not asked about: {screen}");
        assert_eq!(s.store().fetch::<Client>(1).unwrap().officer, "Agus Salim", "nothing overwritten yet");
        key(s, KeyCode::Char(answer));
        assert!(s.app.form.is_none(), "{:?}", s.app.status);
        let c: Client = s.store().fetch(1).unwrap();
        assert_eq!(c.officer, officer, "answer {answer}");
        assert!(c.phone.contains("9988"), "my other change is saved: {}", c.phone);
    }
}

/// Two officers each adding a guidance session keep both; one editing a
/// session edits that session, by its id, though the list moved.
#[test]
fn sub_records_merge_item_by_item_by_their_ids() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    select_part(s, parts::PartKind::Session);
    key(s, KeyCode::Char('n'));
    s.app.form.as_mut().unwrap().state.focus_key("summary");
    type_text(s, "kunjungan kedua");
    // meanwhile another officer adds one too
    let rina = Actor::new("rina", Role::Officer);
    let mut c: Client = s.store().fetch(1).unwrap();
    let mut theirs = c.sessions[0].clone();
    theirs.id = crate::model::PartId::NEW;
    theirs.summary = "telepon".into();
    c.sessions.push(theirs);
    s.store().update(&rina, c).unwrap();
    save(s);
    assert!(s.app.form.is_none(), "{:?}", s.app.status);
    let c: Client = s.store().fetch(1).unwrap();
    let summaries: Vec<&str> = c.sessions.iter().map(|x| x.summary.as_str()).collect();
    assert_eq!(summaries, vec!["latihan meracik kopi", "telepon", "kunjungan kedua"], "both kept");

    // edit "telepon" while the session before it is removed
    let telepon = c.sessions[1].id;
    s.refresh();
    let d = s.data.detail.as_ref().unwrap();
    let line = d.selectables().position(|(t, _)| t.contains("telepon")).expect("the session's line");
    key(s, KeyCode::Home);
    for _ in 0..=line {
        key(s, KeyCode::Tab);
    }
    key(s, KeyCode::Char('e'));
    s.app.form.as_mut().unwrap().state.focus_key("summary");
    type_text(s, " (dijawab)");
    let mut c: Client = s.store().fetch(1).unwrap();
    c.sessions.remove(0);
    s.store().update(&rina, c).unwrap();
    save(s);
    assert!(s.app.form.is_none(), "{:?}", s.app.status);
    let c: Client = s.store().fetch(1).unwrap();
    let edited = c.sessions.iter().find(|x| x.id == telepon).unwrap();
    assert_eq!(edited.summary, "telepon (dijawab)");
    assert_eq!(c.sessions.len(), 2);
    assert!(c.sessions.iter().any(|x| x.summary == "kunjungan kedua"), "the other is untouched");
}

#[test]
fn archive_asks_naming_the_record_then_restore() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    key(s, KeyCode::Char('a'));
    assert_eq!(s.app.overlay, Some(Overlay::ConfirmArchive(RecordRef::new(RecordKind::Client, 1))));
    let screen = render(s);
    assert!(screen.contains("Archive K-000001 Ahmad"), "{screen}");
    key(s, KeyCode::Char('n'));
    assert!(!s.store().fetch::<Client>(1).unwrap().meta.archived);
    key(s, KeyCode::Char('a'));
    key(s, KeyCode::Char('y'));
    assert!(s.store().fetch::<Client>(1).unwrap().meta.archived);
    assert_eq!(s.app.status.as_ref().map(|m| m.text.as_str()), Some("Archived: K-000001 Ahmad Fauzi"));
    assert!(!s.app.list().order.iter().any(|&p| s.data.clients[p as usize].id == 1), "hidden by default");
    update(&mut s.app, Action::ToggleArchived, &s.data);
    update(&mut s.app, Action::First, &s.data);
    for _ in 0..10 {
        if crate::ui::update::selected_ref(&s.app, &s.data).map(|r| r.id) == Some(1) {
            break;
        }
        update(&mut s.app, Action::Down, &s.data);
    }
    key(s, KeyCode::Char('r'));
    assert!(!s.store().fetch::<Client>(1).unwrap().meta.archived);
    assert_eq!(s.app.status.as_ref().map(|m| m.text.as_str()), Some("Restored: K-000001 Ahmad Fauzi"));
}

#[test]
fn a_referral_is_added_from_the_client_and_moved_through_its_statuses() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    // Budi Santoso (K-000002) has no referral yet
    key(s, KeyCode::Down);
    key(s, KeyCode::Enter);
    key(s, KeyCode::Char('n'));
    assert_eq!(s.app.form.as_ref().map(|f| f.state.value("client").to_string()), Some("Budi Santoso".into()));
    key(s, KeyCode::Tab);
    type_text(s, "lazis");
    key(s, KeyCode::Tab);
    key(s, KeyCode::Tab);
    type_text(s, "modal usaha");
    save(s);
    // Budi has not consented: refused, saying what would allow it
    let said = s.app.status.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(said.contains("K-000002 has not consented to sharing with partners"), "{said}");
    assert!(said.contains("give the legal basis"), "{said}");
    assert!(s.app.form.is_some(), "the form stays, to fix");
    s.app.form.as_mut().unwrap().state.focus_key("legal_basis");
    type_text(s, "Putusan PN Malang No. 12/Pid.Sus/2024");
    save(s);
    assert!(s.app.form.is_none(), "{:?}", s.app.status);
    let refs = s.store().referrals_of_client(ClientId(2)).unwrap();
    assert_eq!(refs.len(), 1);
    let created = s.store().audit_log().filter_map(Result::ok).find(|e| e.record == Some(refs[0].record_ref()));
    assert_eq!(
        created.map(|e| e.note),
        Some("shared without consent; legal basis: Putusan PN Malang No. 12/Pid.Sus/2024".to_string()),
        "the legal basis is audited"
    );
    let laz = s.data.stakeholders.iter().find(|r| r.short == "LAZISMU Jatim").unwrap().id;
    assert_eq!(refs[0].stakeholder, StakeholderId(laz));
    // the referral's line in the details: e edits it
    key(s, KeyCode::Tab);
    for (to, keys) in [("accepted", 1), ("active", 1), ("completed", 1)] {
        key(s, KeyCode::Char('e'));
        let f = s.app.form.as_mut().unwrap();
        f.state.focus_key("status");
        for _ in 0..keys {
            key(s, KeyCode::Right);
        }
        assert_eq!(s.app.form.as_ref().unwrap().state.choice("status"), Some(to));
        save(s);
        assert!(s.app.form.is_none(), "{to}: {:?}", s.app.status);
    }
    let r = &s.store().referrals_of_client(ClientId(2)).unwrap()[0];
    assert_eq!(r.status, ReferralStatus::Completed);
    assert_eq!(r.history.len(), 4);
    // completed is final: nothing further, and the form says why
    key(s, KeyCode::Char('e'));
    s.app.form.as_mut().unwrap().state.focus_key("status");
    key(s, KeyCode::Home);
    save(s);
    assert!(render(s).contains("possible: none (a final status)"), "{}", render(s));
}

#[test]
fn same_nik_is_refused_and_look_alikes_are_listed() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    let mut c: Client = s.store().fetch(1).unwrap();
    c.nik = Some("3507121403880001".into());
    c.aliases = vec!["Achmad Fauzy".into()];
    s.store().update(&Actor::new("budi", Role::Officer), c).unwrap();
    s.refresh();
    let before = clients(s);
    new_client_at(s, "Fauzi Ahmad", "nik");
    type_text(s, "3507121403880001");
    if let Some(f) = s.app.form.as_mut() {
        f.state.focus_key("birth_date");
    }
    type_text(s, "1988-03-14");
    save(s);
    assert!(render(s).contains("this NIK is already used by K-000001 Ahmad Fauzi"), "{}", render(s));
    assert_eq!(clients(s), before);
    s.app.form.as_mut().unwrap().state.set_value("nik", "");
    s.app.form.as_mut().unwrap().state.set_value("full_name", "Achmad Fauzy");
    save(s);
    let screen = render(s);
    assert!(screen.contains("Possibly already recorded"), "{screen}");
    assert!(screen.contains("K-000001 · Ahmad Fauzi (Achmad Fauzy)"), "{screen}");
    // Enter opens the one found; the new form is set aside
    key(s, KeyCode::Enter);
    assert!(s.app.form.is_none());
    assert_eq!(crate::ui::update::selected_ref(&s.app, &s.data), Some(RecordRef::new(RecordKind::Client, 1)));
    assert_eq!(clients(s), before);
    // or the officer continues: y saves a new client anyway
    key(s, KeyCode::Esc); // from the details back to the list
    new_client_at(s, "Achmad Fauzy", "birth_date");
    type_text(s, "1988-03-14");
    save(s);
    key(s, KeyCode::Char('y'));
    assert_eq!(clients(s), before + 1, "{:?}", s.app.status);
}

/// One set of rules: the form saves what import takes, a client with a
/// name (titles, degrees and all) and no register number, NIK or birth
/// date, and says it is incomplete; the phone typed as people type it is
/// stored normalised and shown grouped.
#[test]
fn a_client_known_only_by_name_is_saved_incomplete_and_the_phone_normalised() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    let before = clients(s);
    new_client_at(s, "Dr. H. Ahmad Fauzi, M.Si.", "phone");
    type_text(s, "+62 (0821) 993-5181");
    save(s);
    assert!(s.app.form.is_none(), "{}", render(s));
    assert_eq!(clients(s), before + 1);
    let msg = s.app.status.clone().unwrap().text;
    assert_eq!(
        msg,
        "Saved: K-000006 Dr. H. Ahmad Fauzi, M.Si. — incomplete: Register no., NIK, Birth date; \
         the agenda lists it until they are filled in."
    );
    let c: Client = s.store().fetch(6).unwrap();
    assert_eq!(c.phone, "08219935181");
    let detail = format!("{:?}", s.data.detail.as_ref().map(|d| &d.lines));
    assert!(detail.contains("0821-9935-181"), "{detail}");
    assert!(detail.contains("incomplete: Register no., NIK, Birth date"), "{detail}");
    // a client with all three is not
    key(s, KeyCode::Char('e'));
    let f = s.app.form.as_mut().unwrap();
    f.state.set_value("register_no", "PAS.50/2023");
    f.state.set_value("nik", "3507161208850001");
    f.state.set_value("birth_date", "12/08/1985");
    save(s);
    let msg = s.app.status.clone().unwrap().text;
    assert_eq!(msg, "Saved: K-000006 Dr. H. Ahmad Fauzi, M.Si.");
    assert!(!format!("{:?}", s.data.detail.as_ref().map(|d| &d.lines)).contains("incomplete"));
}

/// The form compares names as import does: a nickname in brackets is a
/// name the client is known by.
#[test]
fn a_client_known_by_the_nickname_of_one_born_the_same_day_is_asked_about() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    let mut baros = Client::new("Achmad (Ucok) Baros");
    baros.birth_date = NaiveDate::from_ymd_opt(1975, 5, 5);
    s.store().create(&Actor::new("budi", Role::Officer), baros).unwrap();
    s.refresh();
    let before = clients(s);
    new_client_at(s, "Ucok", "birth_date");
    type_text(s, "05/05/1975");
    save(s);
    let screen = render(s);
    assert!(screen.contains("Possibly already recorded"), "{screen}");
    assert!(screen.contains("K-000006 · Achmad (Ucok) Baros"), "{screen}");
    assert_eq!(clients(s), before);
}

#[test]
fn a_new_stakeholder_like_a_stored_one_is_asked_about_first() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    key(s, KeyCode::Char('2'));
    let before = s.store().count(RecordKind::Stakeholder);
    // the same short name, with a zero-width space pasted in from a web page
    key(s, KeyCode::Char('n'));
    type_text(s, "Lazismu Jawa Timur");
    s.app.form.as_mut().unwrap().state.set_value("short_name", "LAZIS\u{200B}MU Jatim");
    save(s);
    let screen = render(s);
    assert!(screen.contains("Possibly already recorded: the same or a similar name"), "{screen}");
    assert!(screen.contains("S-000001 · Lembaga Amil Zakat Muhammadiyah Jawa Timur"), "{screen}");
    assert_eq!(s.store().count(RecordKind::Stakeholder), before);
    // Enter opens the one found
    key(s, KeyCode::Enter);
    assert!(s.app.form.is_none());
    assert_eq!(crate::ui::update::selected_ref(&s.app, &s.data), Some(RecordRef::new(RecordKind::Stakeholder, 1)));
    // a name of nobody stored is saved at once; y saves a look-alike anyway
    key(s, KeyCode::Esc);
    key(s, KeyCode::Char('n'));
    type_text(s, "Yayasan Lingkar Perdamaian");
    save(s);
    assert_eq!(s.store().count(RecordKind::Stakeholder), before + 1, "{:?}", s.app.status);
    key(s, KeyCode::Char('n'));
    type_text(s, "Pokmas  Barista");
    save(s);
    assert!(render(s).contains("S-000002 · Pokmas Barista"), "{}", render(s));
    key(s, KeyCode::Char('y'));
    assert_eq!(s.store().count(RecordKind::Stakeholder), before + 2, "{:?}", s.app.status);
}

// ---- snapshots ----

fn snap(name: &str, screen: String) {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(name, screen);
    });
}

#[test]
fn snapshots_of_the_client_form_with_a_problem() {
    for lang in Lang::ALL {
        let mut fx = fx(lang);
        let s = &mut fx.s;
        new_client_at(s, "Rahmat Hidayat", "aliases");
        type_text(s, "Rachmat");
        key(s, KeyCode::Tab);
        type_text(s, "35071215039");
        key(s, KeyCode::Tab);
        type_text(s, "Malang");
        key(s, KeyCode::Tab);
        type_text(s, "15/03/1990");
        save(s);
        snap(&format!("client_form_problem_{}_80x24", lang.code()), render(s));
    }
}

// ---- sub-forms: the parts of a record ----

/// Types each value into a field, Tab after each.
fn fields(s: &mut Session, values: &[&str]) {
    for v in values {
        type_text(s, v);
        key(s, KeyCode::Tab);
    }
}

/// Opens the details of the selected row and selects the first line of
/// `kind` (a new one's "add" line when the section is empty).
fn select_part(s: &mut Session, kind: parts::PartKind) {
    if s.app.focus != crate::ui::app::Focus::Detail {
        key(s, KeyCode::Enter);
    }
    let d = s.data.detail.as_ref().expect("details loaded");
    let i = d
        .selectables()
        .position(|(_, sel)| matches!(sel.edit, Some(crate::ui::data::Edit::Part(p)) if p.kind == kind))
        .expect("a line of that kind");
    key(s, KeyCode::Home);
    for _ in 0..=i {
        key(s, KeyCode::Tab);
    }
}

#[test]
fn the_assessment_form_offers_the_colour_categories_by_the_office_s_names() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    s.app.risk_names = crate::words::RiskNames::new([
        (RiskCategory::Merah, Lang::En, "crimson".to_string()),
        (RiskCategory::Kuning, Lang::En, "orange".to_string()),
    ]);
    key(s, KeyCode::Down); // Budi Santoso: merah in force
    select_part(s, parts::PartKind::Assessment);
    key(s, KeyCode::Char('n'));
    key(s, KeyCode::Tab); // category, from the one in force
    let screen = render(s);
    assert!(screen.contains("‹ crimson ›"), "{screen}");
    key(s, KeyCode::Right); // merah → kuning
    let screen = render(s);
    assert!(screen.contains("‹ orange ›"), "{screen}");
    assert!(!screen.contains("yellow"), "{screen}");
}

#[test]
fn an_assessment_is_added_edited_and_removed_from_the_details() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    key(s, KeyCode::Down); // Budi Santoso: two assessments, merah then merah
    select_part(s, parts::PartKind::Assessment);
    key(s, KeyCode::Char('n'));
    let screen = render(s);
    assert!(screen.contains("New assessment · K-000002 · Budi Santoso"), "{screen}");
    assert!(screen.contains("→ 20 Oct 2023"), "today, as understood: {screen}");
    key(s, KeyCode::Tab); // category, from the one in force
    key(s, KeyCode::Right); // merah → kuning
    key(s, KeyCode::Right); // kuning → hijau
    key(s, KeyCode::Tab); // rri, from the one in force
    key(s, KeyCode::Left); // sedang → rendah
    key(s, KeyCode::Tab); // assessor (the client's officer)
    key(s, KeyCode::Tab); // reason
    type_text(s, "bekerja tetap");
    save(s);
    assert!(s.app.form.is_none(), "{:?}", s.app.status);
    let said = s.app.status.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(said.starts_with("Saved: K-000002 Budi Santoso — the closure or category change waits"), "{said}");
    let c: Client = s.store().fetch(2).unwrap();
    assert_eq!(c.assessments.len(), 3);
    let a = &c.assessments[2];
    assert_eq!(
        (a.category, a.rri, a.date, a.reason.as_str()),
        (RiskCategory::Hijau, Some(Rri::Rendah), today(), "bekerja tetap")
    );
    assert_eq!(c.risk(), Some(RiskCategory::Merah), "a category changed waits for a supervisor");
    assert_eq!(c.held.assessment(a.id), Some(crate::model::HeldPart { id: a.id, rejected: false }));
    let asked = s.store().approvals(2).unwrap();
    assert_eq!(asked.len(), 1);
    assert_eq!(
        asked[0].subject,
        crate::store::approvals::Subject::Category { assessment: a.id, to: RiskCategory::Hijau }
    );
    assert_eq!(asked[0].comment, "bekerja tetap", "the reason goes with the request");

    // the newest is listed first: edit it
    select_part(s, parts::PartKind::Assessment);
    key(s, KeyCode::Char('e'));
    assert!(render(s).contains("Edit assessment · K-000002 · Budi Santoso"));
    assert_eq!(s.app.form.as_ref().unwrap().state.value("reason"), "bekerja tetap");
    s.app.form.as_mut().unwrap().state.focus_key("date");
    press(s, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(s, "+3d");
    save(s);
    assert!(render(s).contains("in the future"), "a date after today is refused next to the field: {}", render(s));
    assert_eq!(s.store().fetch::<Client>(2).unwrap().assessments[2].date, today(), "nothing stored");
    let id_before = s.store().fetch::<Client>(2).unwrap().assessments[2].id;
    press(s, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(s, "18/10/2023");
    save(s);
    assert!(s.app.form.is_none(), "{:?}", s.app.status);
    let edited = &s.store().fetch::<Client>(2).unwrap().assessments[2];
    assert_eq!(edited.date, NaiveDate::from_ymd_opt(2023, 10, 18).unwrap());
    assert_eq!(edited.id, id_before, "an edited assessment stays the same assessment");

    // remove it: the question names the record and the line
    select_part(s, parts::PartKind::Assessment);
    key(s, KeyCode::Char('a'));
    let screen = render(s);
    assert!(screen.contains("Remove the assessment from K-000002 Budi Santoso: 18 Oct"), "{screen}");
    assert!(screen.contains("2023 green, RRI low [awaiting approval] — Agus Salim"), "{screen}");
    assert!(screen.contains("(bekerja tetap)? (y/n)"), "{screen}");
    key(s, KeyCode::Char('n'));
    assert_eq!(s.store().fetch::<Client>(2).unwrap().assessments.len(), 3, "no keeps it");
    key(s, KeyCode::Char('a'));
    key(s, KeyCode::Char('y'));
    let c: Client = s.store().fetch(2).unwrap();
    assert_eq!(c.assessments.len(), 2);
    assert!(c.assessments.iter().all(|a| a.category == RiskCategory::Merah), "the others stay");
    assert!(c.held.is_empty(), "nothing waits for an assessment that is gone");
    assert_eq!(s.app.status.as_ref().map(|m| m.text.as_str()), Some("Removed: assessment from K-000002"));
}

#[test]
fn a_removal_is_refused_when_the_record_changed_since_it_was_shown() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    select_part(s, parts::PartKind::Assessment);
    key(s, KeyCode::Char('a'));
    assert!(matches!(s.app.overlay, Some(Overlay::ConfirmRemove(..))));
    // someone adds an assessment meanwhile: the line asked about may have moved
    let mut c: Client = s.store().fetch(1).unwrap();
    let n = c.assessments.len();
    c.assessments.insert(0, c.assessments[0].clone());
    s.store().update(&Actor::new("rina", Role::Officer), c).unwrap();
    key(s, KeyCode::Char('y'));
    let msg = s.app.status.clone().unwrap();
    assert_eq!(msg.kind, crate::ui::app::MsgKind::Error);
    assert!(msg.text.contains("was changed by rina"), "{}", msg.text);
    assert_eq!(s.store().fetch::<Client>(1).unwrap().assessments.len(), n + 1, "nothing removed");
}

#[test]
fn sessions_contacts_participants_and_follow_ups_have_sub_forms() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    // a guidance session for Ahmad: the summary is required
    select_part(s, parts::PartKind::Session);
    key(s, KeyCode::Char('n'));
    save(s);
    assert!(render(s).contains("required"), "{}", render(s));
    s.app.form.as_mut().unwrap().state.focus_key("summary");
    type_text(s, "membahas rencana usaha");
    save(s);
    assert!(s.app.form.is_none(), "{:?}", s.app.status);
    let c: Client = s.store().fetch(1).unwrap();
    assert_eq!(
        c.sessions.last().map(|x| (x.summary.as_str(), x.officer.as_str())),
        Some(("membahas rencana usaha", "Rina Wulandari"))
    );

    // a contact of LAZISMU Jatim
    key(s, KeyCode::Char('2'));
    select_part(s, parts::PartKind::Contact);
    key(s, KeyCode::Char('n'));
    fields(s, &["Siti Aminah", "Bendahara", "0812-3456-7891", "siti@"]);
    save(s);
    assert!(render(s).contains("not an e-mail"), "{}", render(s));
    press(s, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(s, "siti@contoh.id");
    save(s);
    assert!(s.app.form.is_none(), "{:?}", s.app.status);
    let st: Stakeholder = s.store().fetch(1).unwrap();
    assert_eq!(st.contacts.last().map(|c| c.name.as_str()), Some("Siti Aminah"));

    // Budi's attendance at the workshop: absent → attended
    key(s, KeyCode::Char('3'));
    key(s, KeyCode::Enter);
    let d = s.data.detail.as_ref().unwrap();
    let i = d.selectables().position(|(t, _)| t.starts_with("Budi Santoso")).unwrap();
    for _ in 0..=i {
        key(s, KeyCode::Tab);
    }
    key(s, KeyCode::Char('e'));
    assert!(render(s).contains("Edit participant"), "{}", render(s));
    s.app.form.as_mut().unwrap().state.focus_key("attendance");
    key(s, KeyCode::Left); // absent → attended
    save(s);
    assert!(s.app.form.is_none(), "{:?}", s.app.status);
    let e: Event = s.store().fetch(1).unwrap();
    assert!(e.client_participants().any(|(c, a)| c == ClientId(2) && a == Attendance::Attended));
    // the same client twice is refused
    key(s, KeyCode::Char('n'));
    fields(s, &["", "Dewi"]);
    save(s);
    assert!(s.app.form.is_none(), "{:?}", s.app.status);
    key(s, KeyCode::Char('n'));
    fields(s, &["", "Dewi"]);
    save(s);
    assert!(render(s).contains("already listed"), "{}", render(s));
    key(s, KeyCode::Esc);
    key(s, KeyCode::Char('y'));

    // a follow-up with a due date
    select_part(s, parts::PartKind::FollowUp);
    key(s, KeyCode::Enter); // the add line: Enter adds
    fields(s, &["Kirim notulen", "Rina", "+7d"]);
    save(s);
    assert!(s.app.form.is_none(), "{:?}", s.app.status);
    let e: Event = s.store().fetch(1).unwrap();
    assert_eq!(e.follow_ups.last().and_then(|f| f.due), NaiveDate::from_ymd_opt(2023, 10, 27));
}

#[test]
fn a_part_saved_over_a_concurrent_change_keeps_both() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    select_part(s, parts::PartKind::Session);
    key(s, KeyCode::Char('n'));
    s.app.form.as_mut().unwrap().state.focus_key("summary");
    type_text(s, "sesi kedua");
    let mut c: Client = s.store().fetch(1).unwrap();
    c.phone = "081234567890".into();
    s.store().update(&Actor::new("rina", Role::Officer), c).unwrap();
    // merged at once: their change and my part both kept
    save(s);
    assert!(s.app.form.is_none(), "{:?}", s.app.status);
    let c: Client = s.store().fetch(1).unwrap();
    assert_eq!(c.phone, "081234567890");
    assert_eq!(c.sessions.last().map(|x| x.summary.as_str()), Some("sesi kedua"));
}

#[test]
fn a_form_is_told_at_once_when_someone_else_saves_its_record() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    key(s, KeyCode::Char('e'));
    s.app.form.as_mut().unwrap().state.focus_key("officer");
    press(s, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(s, "Siti Aminah");
    let mut c: Client = s.store().fetch(1).unwrap();
    c.phone = "081234567890".into();
    s.store().update(&Actor::new("rina", Role::Officer), c).unwrap();
    // no key pressed: the loop's refresh notices
    s.refresh();
    let screen = render(s);
    assert!(screen.contains("rina saved this record at"), "{screen}");
    assert!(screen.contains("while this form was open"), "{screen}");
    save(s);
    assert!(s.app.form.is_none(), "{:?}", s.app.status);
    let c: Client = s.store().fetch(1).unwrap();
    assert_eq!((c.officer.as_str(), c.phone.as_str()), ("Siti Aminah", "081234567890"), "both kept");
}

#[test]
fn a_viewer_gets_no_form() {
    let (_dir, store) = crate::store::temp_store_at(crate::ui::tests::clock());
    crate::ui::tests::fixture(&store);
    let mut o = opts(Lang::En);
    o.actor = Actor::new("vera", Role::Viewer);
    let mut s = Session::new(store, &o, 80, 24);
    for (c, what) in [('e', "Edit the record"), ('n', "New record"), ('a', "Archive")] {
        key(&mut s, KeyCode::Char(c));
        assert!(s.app.form.is_none() && s.app.overlay.is_none());
        let msg = s.app.status.clone().unwrap().text;
        assert!(msg.starts_with(what) && msg.ends_with("your role (viewer) does not allow it."), "{msg}");
    }
}

#[test]
fn reporting_is_recorded_in_two_keys_and_counted() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    // Budi (K-000002) reports weekly from Monday 2 Oct 2023; today is Friday 20 Oct
    let mut c: Client = s.store().fetch(2).unwrap();
    c.supervision_start = NaiveDate::from_ymd_opt(2023, 10, 2);
    c.reporting.frequency = ReportingFrequency::Weekly;
    // the register counts from the start (the officer says so; else from today)
    c.reporting.from = c.supervision_start;
    s.store().update(&Actor::new("rina", Role::Officer), c).unwrap();
    s.refresh();
    key(s, KeyCode::Down);
    // the last expected day not yet recorded is Monday 16 Oct
    type_text(s, "wh");
    let msg = s.app.status.clone().unwrap().text;
    assert!(msg.starts_with("Recorded: attended on 16 Oct 2023 for K-000002 Budi Santoso"), "{msg}");
    type_text(s, "wt");
    type_text(s, "wi");
    let c: Client = s.store().fetch(2).unwrap();
    let days: Vec<(NaiveDate, ReportingStatus, &str)> =
        c.reporting_register.iter().map(|e| (e.date, e.status, e.recorded_by.as_str())).collect();
    let d = |day| NaiveDate::from_ymd_opt(2023, 10, day).unwrap();
    assert_eq!(
        days,
        vec![
            (d(2), ReportingStatus::Excused, "budi"),
            (d(9), ReportingStatus::Missed, "budi"),
            (d(16), ReportingStatus::Attended, "budi")
        ]
    );
    let msg = s.app.status.clone().unwrap().text;
    assert!(msg.ends_with("1 attended, 1 missed, 1 excused; compliance 66%"), "{msg}");
    // the details show the standing and the register
    key(s, KeyCode::Enter);
    let screen = render(s);
    s.app.detail_scroll = 0;
    let d_lines: Vec<String> = s.data.detail.as_ref().unwrap().selectables().map(|(t, _)| t.to_string()).collect();
    assert!(d_lines.iter().any(|l| l.starts_with("16 Oct 2023  attended")), "{d_lines:?}\n{screen}");
    // a viewer cannot record
    let (_dir, store) = crate::store::temp_store_at(crate::ui::tests::clock());
    crate::ui::tests::fixture(&store);
    let mut o = opts(Lang::En);
    o.actor = Actor::new("vera", Role::Viewer);
    let mut v = Session::new(store, &o, 80, 24);
    type_text(&mut v, "wh");
    assert!(v.app.status.clone().unwrap().text.ends_with("your role (viewer) does not allow it."));
    assert!(v.store().fetch::<Client>(1).unwrap().reporting_register.is_empty());
}

#[test]
fn a_group_session_is_recorded_for_every_client_at_once() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    select_part(s, parts::PartKind::Session); // Ahmad
    key(s, KeyCode::Char('n'));
    let f = s.app.form.as_mut().unwrap();
    f.state.focus_key("mode");
    key(s, KeyCode::Right); // one-to-one → group: the group field shows
    key(s, KeyCode::Tab); // place
    key(s, KeyCode::Tab); // officer
    key(s, KeyCode::Tab); // group
    assert_eq!(s.app.form.as_ref().unwrap().state.fields[s.app.form.as_ref().unwrap().state.focus].key, "group");
    type_text(s, "budi");
    key(s, KeyCode::Tab); // adds Budi, stays
    type_text(s, "dewi");
    key(s, KeyCode::Tab); // adds Dewi, stays
    key(s, KeyCode::Tab); // empty box: on to the summary
    assert!(render(s).contains("Budi Santoso, Dewi Lestari"), "{}", render(s));
    type_text(s, "diskusi kelompok");
    save(s);
    assert!(s.app.form.is_none(), "{:?}", s.app.status);
    for (id, others) in [(1u64, vec![2u64, 3]), (2, vec![1, 3]), (3, vec![1, 2])] {
        let c: Client = s.store().fetch(id).unwrap();
        let last = c.sessions.last().unwrap();
        assert_eq!(last.summary, "diskusi kelompok", "client {id}");
        assert_eq!(last.mode, GuidanceMode::Kelompok);
        let mut g: Vec<u64> = last.group.iter().map(|c| c.0).collect();
        g.sort();
        assert_eq!(g, others, "client {id} names the others");
    }
}

#[test]
fn referring_to_a_full_partner_asks_first() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    let laz = s.data.stakeholders.iter().find(|r| r.short == "LAZISMU Jatim").unwrap().id;
    let mut st: Stakeholder = s.store().fetch(laz).unwrap();
    st.capacity = Some(1); // one active referral already
    s.store().update(&Actor::new("rina", Role::Officer), st).unwrap();
    let mut budi: Client = s.store().fetch(2).unwrap();
    budi.consent.given = true;
    s.store().update(&Actor::new("rina", Role::Officer), budi).unwrap();
    s.refresh();
    key(s, KeyCode::Down); // Budi
    key(s, KeyCode::Enter);
    key(s, KeyCode::Char('n'));
    key(s, KeyCode::Tab);
    type_text(s, "lazis");
    key(s, KeyCode::Tab);
    key(s, KeyCode::Tab);
    type_text(s, "modal usaha");
    let before = s.store().referrals_to(StakeholderId(laz)).unwrap().len();
    save(s);
    assert!(render(s).contains("LAZISMU Jatim is full: 1 of 1 place in use."), "{}", render(s));
    key(s, KeyCode::Char('n'));
    assert!(s.app.form.as_ref().is_some_and(|f| f.ask.is_none()), "back to the form, edits kept");
    assert_eq!(s.store().referrals_to(StakeholderId(laz)).unwrap().len(), before);
    save(s);
    key(s, KeyCode::Char('y'));
    assert!(s.app.form.is_none(), "{:?}", s.app.status);
    assert_eq!(s.store().referrals_to(StakeholderId(laz)).unwrap().len(), before + 1);
}

#[test]
fn a_litmas_is_written_then_exported_from_the_details() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    let out = tempfile::tempdir().unwrap();
    s.set_casework(crate::ui::casework::CaseworkOptions {
        export_dir: Some(out.path().to_path_buf()),
        ..Default::default()
    });
    select_part(s, parts::PartKind::Litmas);
    key(s, KeyCode::Char('n'));
    assert!(render(s).contains("New Litmas · K-000001 · Ahmad Fauzi"), "{}", render(s));
    assert_eq!(s.app.form.as_ref().unwrap().state.value("authors"), "budi", "written by the user who starts it");
    save(s);
    assert!(render(s).contains("required"), "findings and recommendation are required");
    s.app.form.as_mut().unwrap().state.focus_key("findings");
    type_text(s, "keluarga mendukung");
    s.app.form.as_mut().unwrap().state.focus_key("recommendation");
    type_text(s, "lanjutkan pembimbingan");
    save(s);
    assert!(s.app.form.is_none(), "{:?}", s.app.status);
    assert!(render(s).contains("Litmas initial [draft] — lanjutkan pembimbingan (budi)"), "{}", render(s));
    select_part(s, parts::PartKind::Litmas);
    type_text(s, "xl");
    assert!(render(s).contains("This file holds sensitive data"), "a passphrase is asked for first");
    key(s, KeyCode::Enter); // in the clear, by choice
    let msg = s.app.status.clone().unwrap().text;
    let file = std::fs::read_dir(out.path()).unwrap().next().unwrap().unwrap().path();
    assert!(msg.contains(&file.display().to_string()), "{msg}");
    let doc = std::fs::read_to_string(&file).unwrap();
    assert!(doc.starts_with("# Litmas initial — Ahmad Fauzi"), "{doc}");
    assert!(doc.contains("lanjutkan pembimbingan"));
    let c: Client = s.store().fetch(1).unwrap();
    assert_eq!(c.litmas[0].authors, ["budi"]);
    assert!(doc.contains("- **Author(s)**: budi\n") && doc.ends_with("\n\n\nbudi\n"), "signed by its author: {doc}");
    assert!(!doc.contains("Rina Wulandari"), "not by the client's officer: {doc}");

    // approved by a supervisor; the client moves to another officer: the
    // document still names its author, and prints the approval
    let agus = Actor { supervisor: true, ..Actor::new("agus", Role::Officer) };
    let subject = crate::store::approvals::Subject::Litmas { litmas: c.litmas[0].id };
    let id = s.store().write(&Actor::new("budi", Role::Officer), |b| b.request_approval(1, subject, "")).unwrap();
    s.store().write(&agus, |b| b.decide(1, id, true, "layak diteruskan")).unwrap();
    let mut moved = c.clone();
    moved.officer = "Siti Aminah".into();
    s.store().update(&agus, moved).unwrap();
    s.refresh();
    std::fs::remove_file(&file).unwrap();
    select_part(s, parts::PartKind::Litmas);
    type_text(s, "xl");
    key(s, KeyCode::Enter);
    let file = std::fs::read_dir(out.path()).unwrap().next().unwrap().unwrap().path();
    let doc = std::fs::read_to_string(&file).unwrap();
    assert!(doc.ends_with("\n\n\nbudi\n") && !doc.contains("Siti Aminah"), "{doc}");
    for line in
        ["## Approval", "- **Approved by**: agus", "- **Approved on**: 20 Oct 2023", "- **Comment**: layak diteruskan"]
    {
        assert!(doc.contains(line), "{line:?} in {doc}");
    }
}

#[test]
fn a_full_disk_during_a_save_keeps_the_form_says_so_and_leaves_the_database_clean() {
    use crate::store::Fault;
    for (lang, fault) in [(Lang::En, Fault::WriteAt(2)), (Lang::Id, Fault::WriteAt(0)), (Lang::En, Fault::Flush)] {
        let Fx { _dir: dir, mut s } = fx(lang);
        let (before, audit) = (clients(&s), s.store().audit_len());
        new_client_at(&mut s, "Rahmat Hidayat", "nik");
        type_text(&mut s, "3507121503900002");
        s.store().inject_fault(Some(fault));
        save(&mut s);
        let status = s.app.status.clone().unwrap().text;
        if fault == Fault::Flush {
            // the transaction was applied, only the flush failed: the record
            // is saved (not yet confirmed on disk), the form is done with, and
            // nothing invites saving it twice (which found its own NIK taken)
            assert!(status.starts_with("Saved, but not yet confirmed on disk: K-"), "{status}");
            assert!(status.contains("Rahmat Hidayat") && status.contains("disk is full"), "{status}");
            assert!(s.app.form.is_none(), "the form is closed: the record exists");
            assert!(!s.app.dirty, "quitting need not ask");
            assert_eq!(clients(&s), before + 1);
            assert_eq!(
                s.store().clients_by(crate::store::IndexId::ClientNik, "3507121503900002").unwrap().len(),
                1,
                "one record, indexed once"
            );
            let selected = selected_ref(&s.app, &s.data).unwrap();
            assert_eq!(s.data.clients[s.data.position(selected).unwrap()].name(), "Rahmat Hidayat");
            // the next write flushes it with its own
            s.store().flush().unwrap();
        } else {
            assert_eq!(status, crate::i18n::Msg::DiskFull.text(lang), "{fault:?}: the message says what happened");
            let f = s.app.form.as_ref().expect("the form stays open");
            assert_eq!(f.state.value("full_name"), "Rahmat Hidayat", "{fault:?}: nothing typed is lost");
            assert_eq!(f.state.value("nik"), "3507121503900002");
            assert!(s.app.dirty, "quitting would still ask");
            // the transaction was rolled back: no record, index entry or audit entry
            assert_eq!((clients(&s), s.store().audit_len()), (before, audit), "{fault:?}");
            assert!(s.store().clients_by(crate::store::IndexId::ClientNik, "3507121503900002").unwrap().is_empty());
            // space freed: the same form saves
            save(&mut s);
            assert!(s.app.form.is_none(), "{:?}", s.app.status);
            assert_eq!(clients(&s), before + 1);
        }
        // the database opens clean afterwards
        drop(s);
        // (the session's indexing thread lets go of its handle when done)
        let mut reopened = Store::open(&dir.path().join("db"), &OpenOptions::default());
        for _ in 0..100 {
            if !matches!(reopened, Err(crate::ui::data::StoreError::Locked { .. })) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
            reopened = Store::open(&dir.path().join("db"), &OpenOptions::default());
        }
        let store = reopened.unwrap();
        let report = store.check().unwrap();
        assert!(report.is_clean(), "{fault:?}: {:?}", report.problems);
    }
}

#[test]
fn a_change_is_reverted_from_the_details_after_a_question() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    let mut c: Client = s.store().fetch(1).unwrap();
    c.officer = "Siti Aminah".into();
    s.store().update(&Actor::new("rina", Role::Officer), c).unwrap();
    s.refresh();
    key(s, KeyCode::Enter);
    let d = s.data.detail.as_ref().unwrap();
    let i = d.selectables().position(|(_, sel)| matches!(sel.edit, Some(crate::ui::data::Edit::Change(_)))).unwrap();
    let (text, _) = d.selectables().nth(i).unwrap();
    assert!(text.contains("rina — Officer (PK): Rina Wulandari → Siti Aminah"), "{text}");
    for _ in 0..=i {
        key(s, KeyCode::Tab);
    }
    key(s, KeyCode::Char('e'));
    assert!(s.app.status.clone().unwrap().text.contains("u reverts it"));
    key(s, KeyCode::Char('u'));
    assert!(render(s).contains("Revert this change of K-000001"), "{}", render(s));
    key(s, KeyCode::Char('y'));
    assert_eq!(s.store().fetch::<Client>(1).unwrap().officer, "Rina Wulandari");
    assert!(s.app.status.clone().unwrap().text.starts_with("Reverted: K-000001"));
    // the revert is itself in the history, noted
    let d = s.data.detail.as_ref().unwrap();
    assert!(
        d.selectables().any(|(t, _)| t.contains("budi (revert #")),
        "{:?}",
        d.selectables().map(|x| x.0).collect::<Vec<_>>()
    );
}

#[test]
fn a_client_is_flagged_shown_everywhere_and_unflagged_with_a_reason() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    key(s, KeyCode::Char('!'));
    assert!(render(s).contains("Warning for K-000001"), "{}", render(s));
    key(s, KeyCode::Enter);
    assert!(s.app.status.clone().unwrap().text.contains("Write something first"));
    type_text(s, "Jangan berkunjung sendirian");
    key(s, KeyCode::Enter);
    assert!(s.app.prompt.is_none());
    assert_eq!(s.app.status.clone().unwrap().text, "Flagged: K-000001 — Jangan berkunjung sendirian");
    assert!(render(s).contains("⚑ Ahmad Fauzi"), "marked in the list: {}", render(s));
    key(s, KeyCode::Enter);
    let screen = render(s);
    assert!(screen.contains("WARNING: Jangan berkunjung sendirian (budi,"), "first in the details: {screen}");
    // opening the case file was logged
    assert_eq!(s.store().views(1, 5).unwrap()[0].user, "budi");
    // and the workshop's participants say it too
    key(s, KeyCode::Esc);
    key(s, KeyCode::Char('3'));
    key(s, KeyCode::Enter);
    assert!(
        s.data.detail.as_ref().unwrap().selectables().any(|(t, _)| t.starts_with("Ahmad Fauzi [WARNING]")),
        "{}",
        render(s)
    );
    key(s, KeyCode::Esc);
    key(s, KeyCode::Char('1'));
    key(s, KeyCode::Enter);
    // take it off: select the warning, a, a reason
    key(s, KeyCode::Tab);
    key(s, KeyCode::Char('a'));
    assert!(render(s).contains("Why take off the warning"), "{}", render(s));
    type_text(s, "situasi aman");
    key(s, KeyCode::Enter);
    assert_eq!(s.app.status.clone().unwrap().text, "Warning taken off: K-000001");
    assert!(s.store().active_flags(1).unwrap().is_empty());
    assert!(!render(s).contains("WARNING:"));
    let log: Vec<AuditAction> = s.store().audit_log().filter_map(Result::ok).map(|e| e.action).rev().take(2).collect();
    assert_eq!(log, vec![AuditAction::Unflag, AuditAction::Flag]);
}

#[test]
fn a_colour_change_is_asked_for_then_approved_by_a_supervisor() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    key(s, KeyCode::Down); // Budi: red, then red
    select_part(s, parts::PartKind::Assessment);
    key(s, KeyCode::Char('A'));
    assert!(render(s).contains("Ask for approval of"), "{}", render(s));
    type_text(s, "mohon persetujuan");
    key(s, KeyCode::Enter);
    let msg = s.app.status.clone().unwrap().text;
    assert!(msg.starts_with("Approval request #") && msg.ends_with("sent for K-000002"), "{msg}");
    let pending = s.store().pending_approvals().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].requested_by, "budi");
    // budi, no supervisor, is told so before typing a comment
    let mut o = opts(Lang::En);
    o.actor = Actor::new("budi", Role::Officer);
    let mut own = Session::new(s.store().clone(), &o, 80, 24);
    key(&mut own, KeyCode::Down);
    key(&mut own, KeyCode::Enter);
    let d = own.data.detail.as_ref().unwrap();
    let i = d.selectables().position(|(_, sel)| matches!(sel.edit, Some(crate::ui::data::Edit::Approval(..)))).unwrap();
    for _ in 0..=i {
        key(&mut own, KeyCode::Tab);
    }
    key(&mut own, KeyCode::Char('+'));
    assert!(own.app.prompt.is_none(), "no comment asked for");
    let said = own.app.status.clone().unwrap().text;
    assert_eq!(said, "Approve the selected request (supervisor) — your role (officer) does not allow it.");
    // nor would a supervisor who asked it himself: the store's rule, said beforehand
    let sup_budi = Actor { supervisor: true, ..Actor::new("budi", Role::Officer) };
    assert_eq!(
        crate::store::approvals::why_not_decide(&sup_budi, &pending[0]),
        Some(crate::ui::data::ApprovalProblem::OwnRequest)
    );
    // a supervisor in another session can
    let mut o = opts(Lang::En);
    o.actor = Actor { supervisor: true, ..Actor::new("agus", Role::Officer) };
    let mut sup = Session::new(s.store().clone(), &o, 80, 24);
    key(&mut sup, KeyCode::Down);
    key(&mut sup, KeyCode::Enter);
    let d = sup.data.detail.as_ref().unwrap();
    let i = d.selectables().position(|(_, sel)| matches!(sel.edit, Some(crate::ui::data::Edit::Approval(..)))).unwrap();
    assert!(d.selectables().nth(i).unwrap().0.contains("waiting — budi"));
    for _ in 0..=i {
        key(&mut sup, KeyCode::Tab);
    }
    key(&mut sup, KeyCode::Char('+'));
    type_text(&mut sup, "sesuai asesmen");
    key(&mut sup, KeyCode::Enter);
    assert!(sup.app.status.clone().unwrap().text.ends_with("approved"), "{:?}", sup.app.status);
    assert!(s.store().pending_approvals().unwrap().is_empty());
    // the approved assessment is locked: changing it is refused with the reason
    s.refresh();
    select_part(s, parts::PartKind::Assessment);
    // the newest line is the approved one (both are from the fixture; the request named the first shown)
    key(s, KeyCode::Char('e'));
    s.app.form.as_mut().unwrap().state.set_value("reason", "membaik");
    s.app.form.as_mut().unwrap().state.focus_key("category");
    key(s, KeyCode::Right);
    save(s);
    let msg = s.app.status.clone().unwrap().text;
    assert!(msg.contains("was approved and cannot change without a new approval request"), "{msg}");
    assert!(s.app.form.is_some(), "the edits are kept");
}

#[test]
fn two_duplicates_are_merged_side_by_side_and_the_merge_undone() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    // Dewi Lestari (K-000003) is the duplicate of Ahmad? no: a new look-alike of Ahmad is made
    let mut dup = Client::new("Achmad Fauzi");
    dup.phone = "081298765432".into();
    let dup = s.store().create(&Actor::new("rina", Role::Officer), dup).unwrap();
    s.refresh();
    let pos = |s: &Session, name: &str| {
        let l = s.app.list();
        l.order.iter().position(|p| s.data.clients[*p as usize].name() == name).unwrap()
    };
    let i = pos(s, "Achmad Fauzi");
    s.app.list_mut().selected = i;
    key(s, KeyCode::Char('m'));
    assert!(s.app.status.clone().unwrap().text.contains("is marked as the duplicate"));
    let i = pos(s, "Ahmad Fauzi");
    s.app.list_mut().selected = i;
    key(s, KeyCode::Char('M'));
    let screen = render(s);
    assert!(screen.contains(&format!("Merge {} into K-000001", dup.record_ref())), "{screen}");
    assert!(screen.contains("Full name") && screen.contains("Achmad Fauzi"), "{screen}");
    // take the duplicate's phone
    let row = s.app.merge.as_ref().unwrap().rows.iter().position(|r| r.0 == "phone").unwrap();
    for _ in 0..row {
        key(s, KeyCode::Down);
    }
    key(s, KeyCode::Right);
    key(s, KeyCode::Enter);
    assert!(render(s).contains("is archived; it can be undone from the"), "{}", render(s));
    key(s, KeyCode::Char('y'));
    assert!(s.app.status.clone().unwrap().text.starts_with("Merged:"), "{:?}", s.app.status);
    let m: Client = s.store().fetch(1).unwrap();
    assert_eq!(m.phone, "081298765432");
    assert!(m.aliases.contains(&"Achmad Fauzi".to_string()));
    assert!(s.store().fetch::<Client>(dup.meta.id).unwrap().meta.archived);
    // undo from the history: the merge's line, then u
    s.app.list_mut().selected = pos(s, "Ahmad Fauzi");
    key(s, KeyCode::Enter);
    let d = s.data.detail.as_ref().unwrap();
    let i = d
        .selectables()
        .position(|(t, sel)| matches!(sel.edit, Some(crate::ui::data::Edit::Change(_))) && t.contains("(merge of"))
        .unwrap();
    for _ in 0..=i {
        key(s, KeyCode::Tab);
    }
    key(s, KeyCode::Char('u'));
    key(s, KeyCode::Char('y'));
    assert!(s.app.status.clone().unwrap().text.contains("undone"), "{:?}", s.app.status);
    let back: Client = s.store().fetch(1).unwrap();
    assert_ne!(back.phone, "081298765432");
    assert!(!s.store().fetch::<Client>(dup.meta.id).unwrap().meta.archived);
}

#[test]
fn marked_clients_get_a_new_officer_at_once_and_a_viewer_exports_no_sensitive_values() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    key(s, KeyCode::Char(' ')); // Ahmad, then down
    key(s, KeyCode::Char(' ')); // Budi
    assert_eq!(s.app.marked.len(), 2);
    assert!(render(s).contains("2 marked"), "{}", render(s));
    type_text(s, "bo");
    assert!(render(s).contains("New officer for the 2 clients marked"), "{}", render(s));
    type_text(s, "Siti Aminah");
    key(s, KeyCode::Enter);
    assert_eq!(
        s.app.status.clone().unwrap().text,
        "Done for 2 clients (reassign the officer); they stay marked, esc clears the marks."
    );
    // the marks stay for the next bulk action, until esc
    assert_eq!(s.app.marked.len(), 2);
    key(s, KeyCode::Esc);
    assert!(s.app.marked.is_empty());
    for id in [1, 2] {
        assert_eq!(s.store().fetch::<Client>(id).unwrap().officer, "Siti Aminah");
    }
    assert_ne!(s.store().fetch::<Client>(3).unwrap().officer, "Siti Aminah", "unmarked clients stay");
    // a viewer: no bulk changes; an export of marked clients withholds the sensitive values
    let mut c: Client = s.store().fetch(1).unwrap();
    c.nik = Some("3507121403880001".into());
    s.store().update(&Actor::new("rina", Role::Officer), c).unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut o = opts(Lang::En);
    o.actor = Actor::new("vera", Role::Viewer);
    let mut v = Session::new(s.store().clone(), &o, 80, 24);
    v.set_casework(crate::ui::casework::CaseworkOptions {
        export_dir: Some(out.path().to_path_buf()),
        ..Default::default()
    });
    key(&mut v, KeyCode::Char(' '));
    type_text(&mut v, "bo");
    let said = v.app.status.clone().unwrap().text;
    assert!(said.starts_with("Marked clients") && said.ends_with("your role (viewer) does not allow it."), "{said}");
    type_text(&mut v, "xc");
    let file = std::fs::read_dir(out.path()).unwrap().next().unwrap().unwrap().path();
    let csv = std::fs::read_to_string(file).unwrap();
    assert_eq!(csv.lines().count(), 2, "the header and the one marked client: {csv}");
    assert!(!csv.contains("3507121403880001"), "no NIK for a viewer: {csv}");
}

#[test]
fn partners_and_viewers_get_no_merge_view() {
    let fx = fx(Lang::En);
    for actor in [
        Actor::new("vera", Role::Viewer),
        Actor { stakeholder: Some(StakeholderId(1)), ..Actor::new("laz", Role::Partner) },
    ] {
        let mut o = opts(Lang::En);
        o.actor = actor;
        let mut v = Session::new(fx.s.store().clone(), &o, 80, 24);
        for c in ['m', 'M'] {
            key(&mut v, KeyCode::Char(c));
            assert!(v.app.merge.is_none());
            let said = v.app.status.clone().unwrap().text;
            assert!(said.contains("erge") && said.contains("your role ("), "{said}");
        }
    }
}

#[test]
fn the_selected_line_stays_selected_when_lines_move_in_a_reload() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    select_part(s, parts::PartKind::Session); // Ahmad's session line
    let before = s.data.detail.as_ref().unwrap().selected(s.app.line().unwrap()).unwrap();
    // another session adds a referral: a line appears above
    let laz = s.data.stakeholders.iter().find(|r| r.short == "Pokmas Barista").unwrap().id;
    let f = Referral {
        legal_basis: Some("Penetapan PN Malang".into()),
        ..Referral::new(ClientId(1), StakeholderId(laz), "pelatihan lanjutan", today())
    };
    s.store().create(&Actor::new("rina", Role::Officer), f).unwrap();
    s.refresh();
    let after = s.data.detail.as_ref().unwrap().selected(s.app.line().unwrap()).unwrap();
    assert_eq!(before, after, "still the session line");
}

// ---- purging (administrators) ----

fn admin_fx(lang: Lang) -> Fx {
    let (dir, store) = crate::store::temp_store_at(crate::ui::tests::clock());
    crate::ui::tests::fixture(&store);
    let mut s = Session::new(store, &Options { actor: Actor::new("agus", Role::Admin), ..opts(lang) }, 80, 24);
    s.app.db_label = "/data/simpul.db".into();
    Fx { _dir: dir, s }
}

fn purge_question(s: &Session) -> String {
    let kind = s.app.prompt.as_ref().map(|p| p.kind).expect("the question is open");
    crate::ui::purge::question(&s.app, &s.data, kind)
}

#[test]
fn an_administrator_purges_a_client_from_the_list_with_a_reason() {
    let mut fx = admin_fx(Lang::En);
    let s = &mut fx.s;
    key(s, KeyCode::Char('X')); // Ahmad Fauzi: two referrals, the workshop
    let q = purge_question(s);
    assert!(q.starts_with("Purge K-000001 Ahmad Fauzi for good?"), "{q}");
    assert!(q.contains("Also erased: its referrals (2). Taken out of the records that name it (1: events,"), "{q}");
    assert!(render(s).contains("Purge K-000001 Ahmad Fauzi for good?"), "{}", render(s));
    snap("purge_question_en_80x24", render(s));
    key(s, KeyCode::Enter);
    assert!(s.app.status.clone().unwrap().text.contains("Write something first"));
    type_text(s, "atas permintaan Ahmad Fauzi");
    key(s, KeyCode::Enter);
    let status = s.app.status.clone().unwrap();
    assert!(status.text.contains("may not contain its name"), "{status:?}");
    assert!(s.app.prompt.is_some(), "the answer stays, to fix");
    assert!(s.store().get::<Client>(1).unwrap().is_some());
    press(s, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(s, "masa retensi habis");
    key(s, KeyCode::Enter);
    assert!(s.app.prompt.is_none());
    assert_eq!(
        s.app.status.clone().unwrap().text,
        "K-000001 Ahmad Fauzi purged; the audit log keeps who, when and the reason."
    );
    assert_eq!(s.store().get::<Client>(1).unwrap(), None);
    assert_eq!(s.store().count(RecordKind::Referral), 1, "its two referrals went with it");
    assert!(s.data.clients.iter().all(|c| c.name() != "Ahmad Fauzi"), "gone from the list");
    let last = s.store().audit_log().last().unwrap().unwrap();
    assert_eq!(
        (last.action, last.actor.as_str(), last.note.as_str()),
        (AuditAction::Purge, "agus", "masa retensi habis")
    );
    assert!(s.store().check().unwrap().is_clean());
    // purged from its details: they close instead of opening the next case file
    key(s, KeyCode::Enter);
    assert_eq!(s.data.detail.as_ref().map(|d| d.title.as_str()), Some("Budi Santoso"));
    let views = s.store().views(2, 10).unwrap().len();
    key(s, KeyCode::Char('X'));
    type_text(s, "salah input");
    key(s, KeyCode::Enter);
    assert_eq!(s.app.focus, crate::ui::app::Focus::List, "{:?}", s.app.status);
    assert_eq!(s.store().views(3, 10).unwrap().len(), 0, "the next client was not opened");
    assert_eq!(views, 1);
}

#[test]
fn a_line_of_the_details_is_purged_alone_and_esc_purges_nothing() {
    let mut fx = admin_fx(Lang::En);
    let s = &mut fx.s;
    select_part(s, parts::PartKind::Session);
    key(s, KeyCode::Char('X'));
    let q = purge_question(s);
    assert!(
        q.starts_with("Purge the ") && q.contains("latihan meracik kopi") && q.contains("of K-000001 Ahmad Fauzi"),
        "{q}"
    );
    assert!(!q.contains("Also erased"), "{q}");
    key(s, KeyCode::Esc);
    assert!(s.app.prompt.is_none());
    assert_eq!(s.store().fetch::<Client>(1).unwrap().sessions.len(), 1, "Esc purges nothing");
    key(s, KeyCode::Char('X'));
    type_text(s, "dicatat pada klien yang salah");
    key(s, KeyCode::Enter);
    assert!(s.app.status.clone().unwrap().text.contains("purged"), "{:?}", s.app.status);
    let c: Client = s.store().fetch(1).unwrap();
    assert!(c.sessions.is_empty() && c.assessments.len() == 2, "only the session: {c:?}");
    // a line that is no data of its own
    key(s, KeyCode::Home);
    key(s, KeyCode::Char('X'));
    assert!(s.app.prompt.is_some(), "no line chosen: the record itself");
    key(s, KeyCode::Esc);
}

#[test]
fn purging_is_offered_to_administrators_only_and_refused_with_the_reason_when_it_cannot_be() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    key(s, KeyCode::Char('X'));
    assert!(s.app.prompt.is_none());
    assert_eq!(
        s.app.status.clone().unwrap().text,
        "Purge the record or the selected line for good, with a reason (admin) — your role (officer) does not allow it."
    );
    crate::ui::palette::open(&mut s.app, &s.data);
    assert!(!s.app.popups.palette.take().unwrap().offered.contains(&Action::Purge));
    s.app.role = crate::model::Role::Admin;
    crate::ui::palette::open(&mut s.app, &s.data);
    assert!(s.app.popups.palette.take().unwrap().offered.contains(&Action::Purge));
    s.app.role = crate::model::Role::Officer;
    // the store refuses an officer whatever the interface offers
    let r = RecordRef::new(RecordKind::Client, 1);
    s.ask_purge(r, None);
    assert!(s.app.prompt.is_none());
    assert!(s.app.status.clone().unwrap().text.contains("may not change K-000001"), "{:?}", s.app.status);
    // a stakeholder that referrals point at: said at once, naming them
    let mut fx = admin_fx(Lang::En);
    let s = &mut fx.s;
    key(s, KeyCode::Char('2'));
    let st = crate::ui::update::selected_ref(&s.app, &s.data).unwrap();
    assert_eq!(s.store().referrals_to(StakeholderId(st.id)).unwrap().len(), 2, "{st}");
    key(s, KeyCode::Char('X'));
    assert!(s.app.prompt.is_none());
    let text = s.app.status.clone().unwrap().text;
    assert!(text.starts_with(&format!("{st} cannot be purged: R-")), "{text}");
}

/// Archiving a partner with open referrals asks first and says what
/// happens to them; archived, its users see no client.
#[test]
fn archiving_a_partner_says_what_happens_to_its_referrals_agreements_and_users() {
    let mut fx = fx(Lang::En);
    let s = &mut fx.s;
    let laz = s.data.stakeholders.iter().find(|r| r.short == "LAZISMU Jatim").unwrap().id;
    let admin = Actor::new("admin", Role::Admin);
    crate::users::add(
        s.store(),
        &admin,
        crate::users::NewUser {
            name: "laz".into(),
            role: Role::Partner,
            stakeholder: Some(StakeholderId(laz)),
            keys: Vec::new(),
            full_name: String::new(),
            supervisor: false,
            officer: String::new(),
        },
    )
    .unwrap();
    // Ahmad consents: the partner sees him
    let mut ahmad: Client = s.store().fetch(1).unwrap();
    ahmad.consent.given = true;
    s.store().update(&admin, ahmad).unwrap();
    let partner = Actor { stakeholder: Some(StakeholderId(laz)), ..Actor::new("laz", Role::Partner) };
    assert_eq!(s.store().scoped(&partner).unwrap().scan::<Client>().count(), 1);

    key(s, KeyCode::Char('2'));
    while crate::ui::update::selected_ref(&s.app, &s.data).map(|r| r.id) != Some(laz) {
        key(s, KeyCode::Down);
    }
    key(s, KeyCode::Char('a'));
    let screen = render(s);
    assert!(screen.contains("This partner has 2 open referrals (0 placements)"), "{screen}");
    assert!(screen.contains("1 partner user."), "one user, in the singular: {screen}");
    assert!(screen.contains("its users see no client any more"), "{screen}");
    assert!(screen.contains("(y/n)"), "the whole question is on screen: {screen}");
    key(s, KeyCode::Char('y'));
    assert!(s.store().fetch::<Stakeholder>(laz).unwrap().meta.archived);
    assert_eq!(s.store().scoped(&partner).unwrap().scan::<Client>().count(), 0, "an archived partner sees nothing");
    // the referrals stay as they were, in the clients' case files
    assert_eq!(s.store().referrals_to(StakeholderId(laz)).unwrap().iter().filter(|r| !r.status.is_final()).count(), 2);
}

// ---- line breaks in the notes ----

/// A session with each preset keymap, the client form open on the notes.
fn notes_form(keymap: &str) -> Fx {
    let (dir, store) = crate::store::temp_store_at(crate::ui::tests::clock());
    crate::ui::tests::fixture(&store);
    let o = Options { keymap: std::sync::Arc::new(crate::keymap::Keymap::preset(keymap).unwrap()), ..opts(Lang::En) };
    let mut s = Session::new(store, &o, 80, 24);
    s.app.db_label = "/data/simpul.db".into();
    s.form_op(FormOp::Edit(RecordRef::new(RecordKind::Client, 1)));
    s.app.form.as_mut().expect("the form opened").state.focus_key("notes");
    Fx { _dir: dir, s }
}

/// Alt-enter and ctrl-j break a line in the notes whatever the keymap:
/// as crossterm reads them from the local terminal, and as the server
/// parses what an SSH client sends (ESC CR and LF), where no outside
/// editor can run.
#[test]
fn alt_enter_and_ctrl_j_break_a_line_in_the_notes() {
    for keymap in crate::keymap::preset_names() {
        let mut fx = notes_form(keymap);
        let s = &mut fx.s;
        type_text(s, "satu");
        press(s, KeyCode::Enter, KeyModifiers::ALT);
        type_text(s, "dua");
        press(s, KeyCode::Char('j'), KeyModifiers::CONTROL);
        type_text(s, "tiga");
        let f = s.app.form.as_ref().unwrap();
        assert_eq!(f.state.value("notes"), "satu\ndua\ntiga", "{keymap}, local");
        assert_eq!(f.state.fields[f.state.focus].key, "notes", "{keymap}: still in the notes");

        let mut fx = notes_form(keymap);
        let s = &mut fx.s;
        let mut parser = crate::server::input::InputParser::new();
        for ev in parser.feed(b"satu\x1b\rdua\ntiga") {
            s.handle(&ev);
        }
        s.refresh();
        assert_eq!(s.app.form.as_ref().unwrap().state.value("notes"), "satu\ndua\ntiga", "{keymap}, over SSH");
        // the keymap's own save key (emacs: ctrl-x ctrl-s)
        let keys = crate::ui::keys::first_key(&s.app.keymap, Action::Save, crate::action::Context::Form).unwrap();
        for k in keys.split(' ') {
            let k = Key::parse(k).unwrap();
            press(s, k.code, k.mods);
        }
        let c: Client = s.store().fetch(1).unwrap();
        assert_eq!(c.notes, "satu\ndua\ntiga", "{keymap}: stored with its lines");
    }
}

/// The notes field's hint says how to break a line; it offers the outside
/// editor only where one can run (not over SSH).
#[test]
fn the_notes_hint_shows_the_line_keys_and_the_editor_only_where_it_runs() {
    let mut fx = notes_form("default");
    let screen = render(&fx.s);
    let hint = screen.lines().last().unwrap().to_string();
    assert!(hint.contains("alt-enter/ctrl-j new line"), "{screen}");
    assert!(!hint.contains("editor"), "no outside editor in this session: {hint}");
    // F4 says so, and how to break a line instead
    press(&mut fx.s, KeyCode::F(4), KeyModifiers::NONE);
    let said = fx.s.app.status.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(said.contains("not available in this session; alt-enter or ctrl-j adds a line"), "{said}");
    fx.s.app.status = None;
    fx.s.set_editor(Box::new(|text: &str| Ok(text.to_string())));
    let hint = render(&fx.s).lines().last().unwrap().to_string();
    assert!(hint.contains("alt-enter/ctrl-j new line") && hint.contains("f4 editor"), "{hint}");
    // a narrower bar (Indonesian's words are longer) names one of the two keys, keeping the editor's
    fx.s.app.lang = Lang::Id;
    let hint = render(&fx.s).lines().last().unwrap().to_string();
    assert!(hint.contains("alt-enter baris baru") && hint.contains("f4 editor"), "{hint}");
}

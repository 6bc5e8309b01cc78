//! Writes through a partial view touch only what the view holds: a model
//! of the participants a partner sees is edited at random (add, remove,
//! change attendance or a name, try to add someone it may not see), each
//! edit saved through the partner's view, with the office's officers
//! adding people in between. After every step the participants the
//! partner cannot see are exactly as they were, and what it sees is what
//! the model says it saved.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use chrono::NaiveDate;
use proptest::prelude::*;
use simpul::clock::Clock;
use simpul::model::*;
use simpul::store::{Actor, OpenOptions, Store, StoreError};

/// The clients: the first three are referred to the partner (stakeholder
/// number 1) and consent; the next three are another partner's; the last
/// is referred to the partner but does not consent.
const NAMES: [&str; 7] =
    ["Ahmad Fauzi", "Budi Santoso", "Citra Dewi", "Dedi Kurnia", "Eko Prasetyo", "Fajar Nugroho", "Gita Sari"];
const OFFICERS: [&str; 3] = ["Rina", "Dewi", "Hadi"];

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
}

struct World {
    _dir: tempfile::TempDir,
    store: Store,
    partner: Actor,
    officer: Actor,
    event: u64,
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let opts = OpenOptions { clock: Clock::at(2026, 11, 28, 9, 0, 7), ..OpenOptions::default() };
    let store = Store::open(&dir.path().join("db"), &opts).unwrap();
    let officer = Actor::new("siti", Role::Officer);
    let own = store.create(&officer, Stakeholder::new("Lazismu Jatim", StakeholderKind::Zakat)).unwrap().id();
    let other = store.create(&officer, Stakeholder::new("Baznas Jatim", StakeholderKind::Zakat)).unwrap().id();
    for (i, name) in NAMES.iter().enumerate() {
        let mut c = Client::new(*name);
        c.consent.given = true;
        let id = store.create(&officer, c).unwrap().id();
        let to = if (3..6).contains(&i) { other } else { own };
        store.create(&officer, Referral::new(id, to, "modal usaha", day())).unwrap();
        // the seventh withdrew consent after the referral
        if i == 6 {
            let mut c: Client = store.fetch(id.0).unwrap();
            c.consent.given = false;
            store.update(&officer, c).unwrap();
        }
    }
    let mut e = Event::new("Pertemuan koordinasi", EventKind::Meeting, When::Date(day()));
    e.organisers.push(own);
    let event = store.create(&officer, e).unwrap().meta.id;
    let mut partner = Actor::new("laz", Role::Partner);
    partner.stakeholder = Some(own);
    World { _dir: dir, store, partner, officer, event }
}

fn client(i: usize) -> ClientId {
    ClientId(i as u64 + 1)
}

/// Whether the partner sees a participant.
fn sees(who: &Who) -> bool {
    match who {
        Who::Client { client: c, .. } => c.0 <= 3,
        Who::Stakeholder { stakeholder, .. } => stakeholder.0 == 1,
        Who::Officer { .. } => true,
    }
}

#[derive(Debug, Clone)]
enum Step {
    /// The partner adds a client (any of the seven), its representative
    /// or an officer.
    Add(Who),
    /// The partner removes the n-th participant it sees.
    Remove(usize),
    /// The partner sets the attendance of the n-th participant it sees.
    Attend(usize, Attendance),
    /// The partner renames the n-th participant it sees (a representative or officer).
    Rename(usize, usize),
    /// An officer adds someone (whom the partner may or may not see).
    OfficeAdds(Who),
    /// An officer removes the n-th participant of the whole list.
    OfficeRemoves(usize),
}

fn who() -> impl Strategy<Value = Who> {
    let attendance = prop::sample::select(vec![Attendance::Invited, Attendance::Attended, Attendance::Absent]);
    prop_oneof![
        (0..7usize, attendance).prop_map(|(i, attendance)| Who::Client { client: client(i), attendance }),
        (1..3u64, 0..3usize)
            .prop_map(|(s, n)| Who::Stakeholder { stakeholder: StakeholderId(s), representative: OFFICERS[n].into() }),
        (0..3usize).prop_map(|n| Who::Officer { name: OFFICERS[n].into() }),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    let attendance = prop::sample::select(vec![Attendance::Invited, Attendance::Attended, Attendance::Absent]);
    prop_oneof![
        3 => who().prop_map(Step::Add),
        2 => (0..8usize).prop_map(Step::Remove),
        2 => (0..8usize, attendance).prop_map(|(n, a)| Step::Attend(n, a)),
        1 => (0..8usize, 0..3usize).prop_map(|(n, k)| Step::Rename(n, k)),
        2 => who().prop_map(Step::OfficeAdds),
        1 => (0..12usize).prop_map(Step::OfficeRemoves),
    ]
}

/// The participants the partner cannot see, in order, ids included.
fn hidden(e: &Event) -> Vec<Participant> {
    e.participants.iter().filter(|p| !sees(&p.who)).cloned().collect()
}

fn seen(e: &Event) -> Vec<Who> {
    e.participants.iter().filter(|p| sees(&p.who)).map(|p| p.who.clone()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_partners_edits_never_change_a_participant_it_cannot_see(steps in prop::collection::vec(step(), 1..24)) {
        let w = world();
        for step in steps {
            let before: Event = w.store.fetch(w.event).unwrap();
            let view = w.store.scoped(&w.partner).unwrap();
            let mut mine: Event = view.fetch(w.event).unwrap();
            prop_assert_eq!(seen(&before), mine.participants.iter().map(|p| p.who.clone()).collect::<Vec<_>>());
            // what the partner means to save, as the model keeps it
            let mut model = seen(&before);
            let by_partner = match step.clone() {
                Step::Add(who) => {
                    model.push(who.clone());
                    mine.participants.push(Participant::new(who));
                    true
                }
                Step::Remove(n) if n < model.len() => {
                    model.remove(n);
                    mine.participants.remove(n);
                    true
                }
                Step::Attend(n, a) if n < model.len() => {
                    if let Who::Client { attendance, .. } = &mut model[n] {
                        *attendance = a;
                    }
                    if let Who::Client { attendance, .. } = &mut mine.participants[n].who {
                        *attendance = a;
                    }
                    true
                }
                Step::Rename(n, k) if n < model.len() => {
                    for who in [&mut model[n], &mut mine.participants[n].who] {
                        match who {
                            Who::Stakeholder { representative: name, .. } | Who::Officer { name } => {
                                *name = OFFICERS[k].into()
                            }
                            Who::Client { .. } => {}
                        }
                    }
                    true
                }
                Step::OfficeAdds(who) => {
                    let mut e = before.clone();
                    e.participants.push(Participant::new(who));
                    // a duplicate is refused, and changes nothing
                    let _ = w.store.update(&w.officer, e);
                    false
                }
                Step::OfficeRemoves(n) => {
                    let mut e = before.clone();
                    if n < e.participants.len() {
                        e.participants.remove(n);
                        w.store.update(&w.officer, e).unwrap();
                    }
                    false
                }
                _ => false,
            };
            if !by_partner {
                continue;
            }
            let result = w.store.update(&w.partner, mine);
            let after: Event = w.store.fetch(w.event).unwrap();
            // whatever happened, nothing hidden changed
            prop_assert_eq!(hidden(&before), hidden(&after), "{:?} gave {:?}", step, result);
            match result {
                Ok(_) => prop_assert_eq!(seen(&after), model, "{:?}", step),
                Err(StoreError::Forbidden { .. }) => {
                    // only for adding someone it may not see
                    prop_assert!(matches!(&step, Step::Add(who) if !sees(who)), "{:?}", step);
                    prop_assert_eq!(&after, &before);
                }
                Err(StoreError::Invalid(..)) => {
                    // a duplicate: refused whole
                    prop_assert_eq!(&after, &before);
                }
                Err(e) => prop_assert!(false, "{:?}: {}", step, e),
            }
        }
    }
}

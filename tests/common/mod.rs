//! Shared helpers of the integration tests: proptest strategies for records.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report
#![allow(dead_code)]

pub mod pty;

use chrono::NaiveDate;
use proptest::prelude::*;
use simpul::model::*;

/// Runs a test whose records are laid out around today and then read by
/// the real binary, which takes today from its own clock: if midnight
/// passed while the test ran and it failed, it runs once more, wholly on
/// the new day. A failure on one day is still a failure.
pub fn on_one_day(test: impl Fn()) {
    let day = simpul::clock::Clock::system().today();
    if let Err(failure) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(&test)) {
        if simpul::clock::Clock::system().today() == day {
            std::panic::resume_unwind(failure);
        }
        test();
    }
}

/// Any date in a plausible range.
pub fn date() -> impl Strategy<Value = NaiveDate> {
    (1950i32..2026, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

/// Any text, including control characters and escapes (the codec must not care).
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![".{0,12}", "[a-zA-Z '.-]{0,20}", Just("\u{1b}]0;pwned\u{7}".to_string()), Just(String::new())]
}

fn pick<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(all)
}

/// Any metadata.
pub fn meta() -> impl Strategy<Value = Meta> {
    (any::<u64>(), any::<u64>(), text(), any::<bool>(), 0i64..4_000_000_000).prop_map(
        |(id, version, by, archived, secs)| {
            let at = chrono::DateTime::from_timestamp(secs, 0).unwrap();
            Meta {
                id,
                version,
                created_at: at,
                created_by: by.clone(),
                updated_at: at,
                updated_by: by,
                archived,
                ..Meta::default()
            }
        },
    )
}

/// Any client, every field varied.
pub fn client() -> impl Strategy<Value = Client> {
    let a = (meta(), text(), text(), prop::collection::vec(text(), 0..3), prop::option::of("[0-9]{16}"), date());
    let b = (
        pick(Gender::ALL),
        text(),
        pick(SupervisionProgramme::ALL),
        prop::option::of(date()),
        pick(ClientStatus::ALL),
        prop::option::of(date()),
    );
    let c = (
        prop::collection::vec(
            (date(), pick(RiskCategory::ALL), prop::option::of(pick(Rri::ALL)), text(), text()),
            0..4,
        ),
        prop::collection::vec(
            (date(), pick(GuidanceStream::ALL), pick(GuidanceMode::ALL), pick(SessionPlace::ALL), text()),
            0..3,
        ),
        prop::collection::vec(pick(Need::ALL), 0..3),
        prop::collection::vec((date(), pick(ReportingStatus::ALL), text()), 0..3),
        (pick(ReportingFrequency::ALL), pick(GuidancePhase::ALL), any::<bool>()),
        prop::collection::vec((pick(LitmasKind::ALL), date(), prop::collection::vec(text(), 0..3), text()), 0..3),
    );
    (a, b, c).prop_map(
        |(
            (meta, name, reg, aliases, nik, birth),
            (gender, office, programme, end, status, reporting_from),
            (assess, sessions, needs, register, (freq, phase, consent), litmas),
        )| {
            let mut cl = Client::new(name);
            cl.meta = meta;
            cl.register_no = reg;
            cl.aliases = aliases;
            cl.nik = nik;
            cl.birth_date = Some(birth);
            cl.gender = gender;
            cl.office = office.clone();
            cl.officer = office;
            cl.programme = programme;
            cl.supervision_end = end;
            cl.status = status;
            cl.assessments = assess
                .into_iter()
                .map(|(date, category, rri, assessor, reason)| Assessment {
                    id: simpul::model::PartId::NEW,
                    date,
                    category,
                    rri,
                    assessor,
                    reason,
                })
                .collect();
            cl.sessions = sessions
                .into_iter()
                .map(|(date, stream, mode, place, summary)| GuidanceSession {
                    id: simpul::model::PartId::NEW,
                    date,
                    stream,
                    mode,
                    place,
                    officer: String::new(),
                    summary,
                    next_step: String::new(),
                    group: Vec::new(),
                })
                .collect();
            cl.needs = needs;
            cl.reporting_register = register
                .into_iter()
                .map(|(date, status, note)| ReportingEntry {
                    id: simpul::model::PartId::NEW,
                    date,
                    status,
                    note,
                    recorded_by: String::new(),
                })
                .collect();
            cl.reporting.frequency = freq;
            cl.reporting.from = reporting_from;
            cl.phase = phase;
            cl.consent.given = consent;
            cl.litmas = litmas
                .into_iter()
                .map(|(kind, date, authors, findings)| Litmas {
                    id: simpul::model::PartId::NEW,
                    kind,
                    date,
                    authors,
                    methods: String::new(),
                    sources: String::new(),
                    findings,
                    recommendation: String::new(),
                })
                .collect();
            cl
        },
    )
}

/// Any stakeholder.
pub fn stakeholder() -> impl Strategy<Value = Stakeholder> {
    (
        meta(),
        text(),
        pick(StakeholderKind::ALL),
        prop::option::of(any::<u32>()),
        prop::collection::vec((text(), text()), 0..3),
        prop::option::of(date()),
    )
        .prop_map(|(meta, name, kind, capacity, contacts, expires)| {
            let mut s = Stakeholder::new(name, kind);
            s.meta = meta;
            s.capacity = capacity;
            s.contacts = contacts
                .into_iter()
                .map(|(name, phone)| Contact {
                    id: simpul::model::PartId::NEW,
                    name,
                    role: String::new(),
                    phone,
                    email: String::new(),
                })
                .collect();
            if let Some(e) = expires {
                s.agreements.push(Agreement {
                    id: simpul::model::PartId::NEW,
                    kind: AgreementKind::Mou,
                    title: String::new(),
                    signed: e,
                    expires: Some(e),
                    report_every_months: 6,
                    reports_received: vec![e],
                });
            }
            s
        })
}

/// Any event.
pub fn event() -> impl Strategy<Value = Event> {
    (
        meta(),
        text(),
        pick(EventKind::ALL),
        date(),
        any::<bool>(),
        prop::collection::vec((any::<u64>(), pick(Attendance::ALL)), 0..4),
        prop::collection::vec(any::<u64>(), 0..3),
    )
        .prop_map(|(meta, title, kind, d, timed, clients, orgs)| {
            let start = if timed { When::DateTime(d.and_hms_opt(9, 30, 0).unwrap()) } else { When::Date(d) };
            let mut e = Event::new(title, kind, start);
            e.meta = meta;
            e.participants = clients
                .into_iter()
                .map(|(id, attendance)| Participant::new(Who::Client { client: ClientId(id), attendance }))
                .collect();
            e.participants.push(Participant::new(Who::Officer { name: "PK".into() }));
            e.organisers = orgs.into_iter().map(StakeholderId).collect();
            e.follow_ups.push(FollowUp {
                id: simpul::model::PartId::NEW,
                what: "x".into(),
                owner: String::new(),
                due: Some(d),
                done: timed,
            });
            e
        })
}

/// Any referral.
pub fn referral() -> impl Strategy<Value = Referral> {
    (meta(), any::<u64>(), any::<u64>(), text(), date(), pick(ReferralKind::ALL), 0usize..4).prop_map(
        |(meta, c, s, service, d, kind, steps)| {
            let mut r = Referral::new(ClientId(c), StakeholderId(s), service, d);
            r.meta = meta;
            r.kind = kind;
            let path = [ReferralStatus::Accepted, ReferralStatus::Active, ReferralStatus::Completed];
            for st in path.iter().take(steps) {
                let _ = r.move_to(*st, d, "");
            }
            r
        },
    )
}

/// Any user.
pub fn user() -> impl Strategy<Value = User> {
    (meta(), "[a-z]{1,8}", pick(Role::ALL), prop::collection::vec(text(), 0..2)).prop_map(|(meta, name, role, keys)| {
        let mut u = User::new(name, role);
        u.meta = meta;
        u.keys = keys;
        u
    })
}

//! What a role may not see cannot be learnt through search: for random
//! databases and random queries, a partner's or viewer's results (which
//! records, how many, in which order) are those of the same query on a
//! database that holds only their view; a query on a field the role may not
//! read is refused, whatever the database holds.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use std::collections::HashMap;

use chrono::NaiveDate;
use proptest::prelude::*;
use simpul::clock::Clock;
use simpul::model::*;
use simpul::search::SearchIndex;
use simpul::search::query::{QueryErrorKind, parse_as};
use simpul::store::{Actor, OpenOptions, Scoped, Store};

const SYLLABLES: [&str; 10] = ["bu", "di", "sa", "to", "ah", "mad", "fau", "zi", "sri", "wa"];
const OFFICES: [&str; 2] = ["Bapas Malang", "Bapas Batu"];

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap() - chrono::Duration::days(n)
}

fn store(dir: &tempfile::TempDir, name: &str) -> Store {
    let opts = OpenOptions { clock: Clock::at(2026, 11, 28, 9, 0, 7), ..OpenOptions::default() };
    Store::open(&dir.path().join(name), &opts).unwrap()
}

/// A client as the strategy draws it, before it is stored.
#[derive(Debug, Clone)]
struct Drawn {
    name: (usize, usize),
    alias: Option<(usize, usize)>,
    nik: u64,
    risk: Option<RiskCategory>,
    consent: bool,
    office: usize,
    gender: Gender,
    /// Referrals: stakeholder (0..3), status, a legal basis.
    referrals: Vec<(usize, ReferralStatus, bool)>,
}

fn drawn() -> impl Strategy<Value = Drawn> {
    let status = prop::sample::select(ReferralStatus::ALL.to_vec());
    let risk = prop::option::of(prop::sample::select(RiskCategory::ALL.to_vec()));
    (
        (0..10usize, 0..10usize),
        prop::option::of((0..10usize, 0..10usize)),
        any::<u64>(),
        risk,
        any::<bool>(),
        0..2usize,
        prop::sample::select(vec![Gender::Male, Gender::Female]),
        prop::collection::vec((0..3usize, status, prop::bool::weighted(0.2)), 0..3),
    )
        .prop_map(|(name, alias, nik, risk, consent, office, gender, referrals)| Drawn {
            name,
            alias,
            nik,
            risk,
            consent,
            office,
            gender,
            referrals,
        })
}

fn word((a, b): (usize, usize)) -> String {
    let w = format!("{}{}", SYLLABLES[a], SYLLABLES[b]);
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Writes the drawn clients, three stakeholders and the referrals.
fn fill(store: &Store, clients: &[Drawn]) {
    let admin = Actor::new("admin", Role::Admin);
    let names = ["Lazismu Jatim", "Baznas Jatim", "Pokmas Barista"];
    let stakeholders: Vec<StakeholderId> = names
        .iter()
        .map(|n| store.create(&admin, Stakeholder::new(*n, StakeholderKind::Zakat)).unwrap().id())
        .collect();
    for d in clients {
        let mut c = Client::new(format!("{} {}", word(d.name), word((d.name.1, d.name.0))));
        c.aliases = d.alias.map(word).into_iter().collect();
        // a NIK whose birth date (12 Aug 1985, +40 for women) fits the gender
        let dd = if d.gender == Gender::Female { 52 } else { 12 };
        c.nik = Some(format!("35{:04}{dd}0885{:04}", d.nik % 10_000, (d.nik / 10_000) % 9_999 + 1));
        c.register_no = format!("PAS.{}/2024", d.nik % 97);
        c.office = OFFICES[d.office].into();
        c.gender = d.gender;
        // referred with consent; one who refused withdrew it afterwards
        c.consent.given = true;
        c.supervision_start = Some(day(400));
        if let Some(category) = d.risk {
            c.assessments.push(Assessment {
                id: PartId::NEW,
                date: day(30),
                category,
                rri: Some(Rri::Sedang),
                assessor: "Rina".into(),
                reason: String::new(),
            });
        }
        let c = store.create(&admin, c).unwrap();
        for (s, status, basis) in &d.referrals {
            let mut r = Referral::new(c.id(), stakeholders[*s], "modal usaha", day(60));
            let path: &[ReferralStatus] = match status {
                ReferralStatus::Proposed => &[],
                ReferralStatus::Accepted => &[ReferralStatus::Accepted],
                ReferralStatus::Active => &[ReferralStatus::Accepted, ReferralStatus::Active],
                ReferralStatus::Completed => {
                    &[ReferralStatus::Accepted, ReferralStatus::Active, ReferralStatus::Completed]
                }
                ReferralStatus::Declined => &[ReferralStatus::Declined],
                ReferralStatus::Withdrawn => &[ReferralStatus::Withdrawn],
            };
            for s in path {
                r.move_to(*s, day(10), "").unwrap();
            }
            if *basis {
                r.legal_basis = Some("Putusan PN Malang".into());
            }
            store.create(&admin, r).unwrap();
        }
        if !d.consent {
            let mut c: Client = store.fetch(c.meta.id).unwrap();
            c.consent.given = false;
            store.update(&admin, c).unwrap();
        }
    }
}

/// A database holding only what `view` sees, as it sees it; and, for each
/// of its clients, the id it had in the whole database.
fn only_the_view(view: &Scoped, into: &Store) -> HashMap<u64, u64> {
    let admin = Actor::new("admin", Role::Admin);
    let mut stakeholders = HashMap::new();
    for s in view.scan::<Stakeholder>().map(Result::unwrap) {
        let old = s.meta.id;
        let mut s = s;
        s.meta = Meta::default();
        stakeholders.insert(old, into.create(&admin, s).unwrap().meta.id);
    }
    let mut clients = HashMap::new();
    let mut back = HashMap::new();
    // in id order: ties in ranking keep the same order in both databases
    // referred with consent, as the store requires; withdrawn after where it was
    let mut withdrawn = Vec::new();
    for c in view.scan::<Client>().map(Result::unwrap) {
        let old = c.meta.id;
        let mut c = c;
        c.meta = Meta::default();
        if !c.consent.given {
            c.consent.given = true;
            withdrawn.push(old);
        }
        let new = into.create(&admin, c).unwrap().meta.id;
        clients.insert(old, new);
        back.insert(new, old);
    }
    for r in view.scan::<Referral>().map(Result::unwrap) {
        let mut r = r;
        r.meta = Meta::default();
        r.client = ClientId(clients[&r.client.0]);
        r.stakeholder = StakeholderId(stakeholders[&r.stakeholder.0]);
        into.create(&admin, r).unwrap();
    }
    for old in withdrawn {
        let mut c: Client = into.fetch(clients[&old]).unwrap();
        c.consent.given = false;
        into.update(&admin, c).unwrap();
    }
    back
}

fn query() -> impl Strategy<Value = String> {
    let free = (0..10usize, 0..10usize).prop_map(|(a, b)| format!("{}{}", SYLLABLES[a], SYLLABLES[b]));
    let prefix = (0..10usize).prop_map(|a| SYLLABLES[a].to_string());
    let digits = (0..1000u32).prop_map(|n| format!("35{n}"));
    let qualifier = prop_oneof![
        prop::sample::select(vec!["merah", "kuning", "hijau"]).prop_map(|r| format!("risk:{r}")),
        Just("rri:sedang".to_string()),
        (0..1000u32).prop_map(|n| format!("nik:35{n}")),
        prop::sample::select(vec!["lazismu", "baznas", "barista"]).prop_map(|s| format!("stakeholder:{s}")),
        prop::sample::select(vec!["malang", "batu"]).prop_map(|o| format!("office:{o}")),
        prop::sample::select(vec!["l", "p"]).prop_map(|g| format!("gender:{g}")),
        Just("status:active".to_string()),
        Just("date:2026".to_string()),
        (0..100u32).prop_map(|n| format!("pas{n}")),
    ];
    let term = prop_oneof![free, prefix, digits, qualifier];
    prop::collection::vec((term, prop::bool::weighted(0.15)), 1..3).prop_map(|ts| {
        ts.into_iter().map(|(t, neg)| if neg { format!("-{t}") } else { t }).collect::<Vec<_>>().join(" ")
    })
}

fn ids(index: &SearchIndex, q: &simpul::search::Query) -> Vec<u64> {
    index.search(RecordKind::Client, q, None).into_iter().map(|h| h.record.id).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_role_finds_what_a_database_of_its_view_alone_gives(
        clients in prop::collection::vec(drawn(), 1..10),
        partner in prop::bool::ANY,
        text in query(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let whole = store(&dir, "whole");
        fill(&whole, &clients);
        let mut actor = Actor::new("u", if partner { Role::Partner } else { Role::Viewer });
        actor.stakeholder = partner.then_some(StakeholderId(1));
        let today = whole.clock().today();
        // what the role may not read may not be asked: risk, RRI and NIK of
        // everyone outside the office; a partner, the supervision dates too
        let withheld = ["risk:", "rri:", "nik:"].iter().any(|w| text.contains(w))
            || (partner && text.contains("date:"));
        prop_assert_eq!(parse_as(&text, &[RecordKind::Client], actor.role, None).is_err(), withheld, "{}", text);
        match parse_as(&text, &[RecordKind::Client], actor.role, None) {
            Err(errors) => {
                // refused for what it asks, not for what the database holds: an empty one refuses it too
                prop_assert!(errors.iter().all(|e| matches!(e.kind, QueryErrorKind::NotShown { .. })), "{errors:?}");
                let empty = store(&dir, "empty");
                prop_assert!(parse_as(&text, &[RecordKind::Client], actor.role, None).is_err());
                prop_assert!(SearchIndex::build_view(&empty.scoped(&actor).unwrap(), today).unwrap().is_empty());
                prop_assert!(parse_as(&text, &[RecordKind::Client], Role::Officer, None).is_ok(), "an officer may ask it");
            }
            Ok(q) => {
                let view = whole.scoped(&actor).unwrap();
                let seen = ids(&SearchIndex::build_view(&view, today).unwrap(), &q);
                let alone = store(&dir, "alone");
                let back = only_the_view(&view, &alone);
                let officer = Actor::new("o", Role::Officer);
                let there = ids(&SearchIndex::build_view(&alone.scoped(&officer).unwrap(), today).unwrap(), &q);
                let there: Vec<u64> = there.iter().map(|id| back[id]).collect();
                prop_assert_eq!(seen, there, "{:?} as {:?}", text, actor.role);
            }
        }
    }
}

/// An id typed finds its record only where the role sees it: a partner
/// typing the id of a client not referred to it finds nothing, as for an
/// id that does not exist.
#[test]
fn an_id_finds_only_a_record_the_role_sees() {
    let dir = tempfile::tempdir().unwrap();
    let whole = store(&dir, "whole");
    let admin = Actor::new("admin", Role::Admin);
    let lazismu = whole.create(&admin, Stakeholder::new("Lazismu Jatim", StakeholderKind::Zakat)).unwrap().id();
    let mut clients = Vec::new();
    for name in ["Budi Santoso", "Siti Aminah"] {
        let mut c = Client::new(name);
        c.consent.given = true;
        clients.push(whole.create(&admin, c).unwrap().id());
    }
    whole.create(&admin, Referral::new(clients[0], lazismu, "modal usaha", day(60))).unwrap();
    let mut partner = Actor::new("p", Role::Partner);
    partner.stakeholder = Some(lazismu);
    let today = whole.clock().today();
    let index = SearchIndex::build_view(&whole.scoped(&partner).unwrap(), today).unwrap();
    let found = |text: &str| ids(&index, &parse_as(text, &[RecordKind::Client], Role::Partner, None).unwrap());
    assert_eq!(found(&clients[0].to_string()), vec![clients[0].0], "referred to it");
    for typed in
        [clients[1].to_string(), format!("k{}", clients[1].0), clients[1].0.to_string(), "K-000999".to_string()]
    {
        assert!(found(&typed).is_empty(), "{typed}");
    }
    let officer = SearchIndex::build_view(&whole.scoped(&Actor::new("o", Role::Officer)).unwrap(), today).unwrap();
    let q = parse_as(&clients[1].to_string(), &[RecordKind::Client], Role::Officer, None).unwrap();
    assert_eq!(ids(&officer, &q), vec![clients[1].0], "an officer sees it");
}

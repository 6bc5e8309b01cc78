//! Model-based test: random sequences of create / update / archive / delete
//! run against the store and against a plain in-memory model must agree on
//! every record, every index query and every count afterwards.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use std::collections::BTreeMap;

use chrono::NaiveDate;
use proptest::prelude::*;
use simpul::model::*;
use simpul::store::engine::EngineKind;
use simpul::store::{Actor, IndexId, OpenOptions, Store, StoreError};

const OFFICES: [&str; 3] = ["Bapas Malang", "Bapas Surabaya", "Bapas Kediri"];
const OFFICERS: [&str; 3] = ["Hartono", "Sri Wahyuni", "Agus"];

#[derive(Debug, Clone)]
enum Op {
    CreateClient { office: usize, officer: usize, risk: Option<RiskCategory>, status: ClientStatus },
    UpdateClient { pick: usize, office: usize, risk: Option<RiskCategory>, status: ClientStatus, stale: bool },
    ArchiveClient { pick: usize, archived: bool },
    DeleteClient { pick: usize },
    CreateStakeholder,
    CreateReferral { client: usize, stakeholder: usize },
    MoveReferral { pick: usize, to: ReferralStatus },
    DeleteReferral { pick: usize },
    DeleteStakeholder { pick: usize },
}

fn op() -> impl Strategy<Value = Op> {
    let risk = prop::option::of(prop::sample::select(RiskCategory::ALL));
    let status = prop::sample::select(ClientStatus::ALL);
    prop_oneof![
        4 => (0..3usize, 0..3usize, risk.clone(), status.clone()).prop_map(|(office, officer, risk, status)| Op::CreateClient { office, officer, risk, status }),
        4 => (any::<usize>(), 0..3usize, risk, status, prop::bool::weighted(0.2)).prop_map(|(pick, office, risk, status, stale)| Op::UpdateClient { pick, office, risk, status, stale }),
        2 => (any::<usize>(), any::<bool>()).prop_map(|(pick, archived)| Op::ArchiveClient { pick, archived }),
        1 => any::<usize>().prop_map(|pick| Op::DeleteClient { pick }),
        1 => Just(Op::CreateStakeholder),
        3 => (any::<usize>(), any::<usize>()).prop_map(|(client, stakeholder)| Op::CreateReferral { client, stakeholder }),
        2 => (any::<usize>(), prop::sample::select(ReferralStatus::ALL)).prop_map(|(pick, to)| Op::MoveReferral { pick, to }),
        1 => any::<usize>().prop_map(|pick| Op::DeleteReferral { pick }),
        1 => any::<usize>().prop_map(|pick| Op::DeleteStakeholder { pick }),
    ]
}

#[derive(Default)]
struct Model {
    clients: BTreeMap<u64, Client>,
    stakeholders: BTreeMap<u64, Stakeholder>,
    referrals: BTreeMap<u64, Referral>,
    next: [u64; 3],
}

fn nth<T>(map: &BTreeMap<u64, T>, pick: usize) -> Option<u64> {
    if map.is_empty() { None } else { map.keys().nth(pick % map.len()).copied() }
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
}

/// The client's one assessment gives `risk`: the one it has when it does
/// (kept with its id), else a new one.
fn with_risk(c: &mut Client, risk: Option<RiskCategory>) {
    if c.risk() == risk {
        return;
    }
    c.assessments.clear();
    if let Some(category) = risk {
        c.assessments.push(Assessment {
            id: simpul::model::PartId::NEW,
            date: day(),
            category,
            rri: None,
            assessor: "PK".into(),
            reason: String::new(),
        });
    }
}

/// What a save holds back for a supervisor, as the README says: a status
/// that closes the case stays what it was; an assessment setting another
/// category than the one in force is not in force; what was held stays
/// held while its assessment keeps its category.
fn held_back(before: &Client, c: &mut Client) {
    c.held = before.held.clone();
    if c.status != before.status && matches!(c.status, ClientStatus::Completed | ClientStatus::Revoked) {
        c.held.closure = Some(c.status);
        c.status = before.status;
    }
    let category = |x: &Client, id| x.assessments.iter().find(|a| a.id == id).map(|a| a.category);
    let mut held: Vec<_> = c
        .held
        .assessments
        .iter()
        .copied()
        .filter(|h| category(c, h.id).is_some() && category(c, h.id) == category(before, h.id))
        .collect();
    let in_force = before.risk();
    for a in &c.assessments {
        let new_category = category(before, a.id) != Some(a.category);
        if in_force.is_some_and(|f| f != a.category) && new_category {
            held.push(simpul::model::HeldPart { id: a.id, rejected: false });
        }
    }
    c.held.assessments = held;
}

/// Compares what the user sees: every field but timestamps.
fn same<R: Record>(a: &R, b: &R) -> bool {
    let mut a = a.clone();
    let mut b = b.clone();
    for m in [a.meta_mut(), b.meta_mut()] {
        m.created_at = chrono::DateTime::UNIX_EPOCH;
        m.updated_at = chrono::DateTime::UNIX_EPOCH;
    }
    a == b
}

fn run(ops: Vec<Op>, engine: EngineKind) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db"), &OpenOptions { engine, ..OpenOptions::default() }).unwrap();
    let actor = Actor::new("tester", Role::Officer);
    let mut m = Model { next: [1, 1, 1], ..Model::default() };

    for op in ops {
        match op {
            Op::CreateClient { office, officer, risk, status } => {
                let mut c = Client::new("Klien Uji");
                c.consent.given = true;
                c.office = OFFICES[office].into();
                c.officer = OFFICERS[officer].into();
                c.status = status;
                with_risk(&mut c, risk);
                let saved = store.create(&actor, c.clone()).unwrap();
                // new sub-records get ids 1, 2, … (compared with the store's below)
                c.assign_part_ids();
                prop_assert_eq!(saved.meta.next_part, c.meta.next_part);
                c.meta = saved.meta.clone();
                prop_assert_eq!(saved.meta.id, m.next[0]);
                prop_assert_eq!(saved.meta.version, 1);
                m.next[0] += 1;
                m.clients.insert(saved.meta.id, c);
            }
            Op::UpdateClient { pick, office, risk, status, stale } => {
                let Some(id) = nth(&m.clients, pick) else { continue };
                let mut c = m.clients[&id].clone();
                c.office = OFFICES[office].into();
                c.status = status;
                with_risk(&mut c, risk);
                if stale {
                    c.meta.version -= 1;
                    let res = store.update(&actor, c);
                    prop_assert!(
                        matches!(res, Err(StoreError::Conflict { .. })),
                        "stale write must conflict: {:?}",
                        res
                    );
                    continue;
                }
                let saved = store.update(&actor, c.clone()).unwrap();
                // a new assessment gets the next id; a kept one keeps its own
                c.assign_part_ids();
                held_back(&m.clients[&id], &mut c);
                let changed = !same(&c, &m.clients[&id]);
                let expected_version = m.clients[&id].meta.version + u64::from(changed);
                prop_assert_eq!(saved.meta.version, expected_version);
                prop_assert_eq!(saved.meta.next_part, c.meta.next_part);
                c.meta = saved.meta.clone();
                m.clients.insert(id, c);
            }
            Op::ArchiveClient { pick, archived } => {
                let Some(id) = nth(&m.clients, pick) else { continue };
                let saved: Client = if archived {
                    store.archive(&actor, id, None).unwrap()
                } else {
                    store.restore(&actor, id, None).unwrap()
                };
                prop_assert_eq!(saved.meta.archived, archived);
                m.clients.get_mut(&id).unwrap().meta = saved.meta;
            }
            Op::DeleteClient { pick } => {
                let Some(id) = nth(&m.clients, pick) else { continue };
                let referenced = m.referrals.values().any(|r| r.client.0 == id);
                match store.delete::<Client>(&actor, id) {
                    Ok(()) => {
                        prop_assert!(!referenced);
                        m.clients.remove(&id);
                    }
                    Err(StoreError::Referenced { by, .. }) => {
                        prop_assert!(referenced);
                        let expected: Vec<RecordRef> =
                            m.referrals.values().filter(|r| r.client.0 == id).map(|r| r.record_ref()).collect();
                        prop_assert_eq!(by, expected);
                    }
                    Err(e) => return Err(TestCaseError::fail(e.to_string())),
                }
            }
            Op::CreateStakeholder => {
                let saved = store.create(&actor, Stakeholder::new("Pokmas Barista", StakeholderKind::Pokmas)).unwrap();
                prop_assert_eq!(saved.meta.id, m.next[1]);
                m.next[1] += 1;
                m.stakeholders.insert(saved.meta.id, saved);
            }
            Op::CreateReferral { client, stakeholder } => {
                let (Some(c), Some(s)) = (nth(&m.clients, client), nth(&m.stakeholders, stakeholder)) else { continue };
                let saved =
                    store.create(&actor, Referral::new(ClientId(c), StakeholderId(s), "pelatihan", day())).unwrap();
                prop_assert_eq!(saved.meta.id, m.next[2]);
                m.next[2] += 1;
                m.referrals.insert(saved.meta.id, saved);
            }
            Op::MoveReferral { pick, to } => {
                let Some(id) = nth(&m.referrals, pick) else { continue };
                let mut r = m.referrals[&id].clone();
                if r.move_to(to, day(), "").is_err() {
                    continue;
                }
                let saved = store.update(&actor, r).unwrap();
                m.referrals.insert(id, saved);
            }
            Op::DeleteReferral { pick } => {
                let Some(id) = nth(&m.referrals, pick) else { continue };
                store.delete::<Referral>(&actor, id).unwrap();
                m.referrals.remove(&id);
            }
            Op::DeleteStakeholder { pick } => {
                let Some(id) = nth(&m.stakeholders, pick) else { continue };
                let referenced = m.referrals.values().any(|r| r.stakeholder.0 == id);
                let res = store.delete::<Stakeholder>(&actor, id);
                prop_assert_eq!(res.is_ok(), !referenced);
                if !referenced {
                    m.stakeholders.remove(&id);
                }
            }
        }
    }

    // records
    let stored: Vec<Client> = store.scan::<Client>().map(Result::unwrap).collect();
    prop_assert_eq!(stored.len(), m.clients.len());
    for c in &stored {
        prop_assert!(same(c, &m.clients[&c.meta.id]), "client {} differs", c.meta.id);
    }
    let stored: Vec<Referral> = store.scan::<Referral>().map(Result::unwrap).collect();
    prop_assert_eq!(stored.len(), m.referrals.len());
    for r in &stored {
        prop_assert!(same(r, &m.referrals[&r.meta.id]));
    }
    prop_assert_eq!(store.count(RecordKind::Client), m.clients.len() as u64);
    prop_assert_eq!(store.count(RecordKind::Stakeholder), m.stakeholders.len() as u64);
    prop_assert_eq!(store.count(RecordKind::Referral), m.referrals.len() as u64);

    // indexes
    let ids = |f: &dyn Fn(&Client) -> bool| m.clients.values().filter(|c| f(c)).map(|c| c.id()).collect::<Vec<_>>();
    for office in OFFICES {
        prop_assert_eq!(store.clients_by(IndexId::ClientOffice, office).unwrap(), ids(&|c| c.office == office));
    }
    for officer in OFFICERS {
        prop_assert_eq!(store.clients_by(IndexId::ClientOfficer, officer).unwrap(), ids(&|c| c.officer == officer));
    }
    for status in ClientStatus::ALL {
        prop_assert_eq!(store.clients_by(IndexId::ClientStatus, status.code()).unwrap(), ids(&|c| c.status == *status));
    }
    for risk in RiskCategory::ALL {
        prop_assert_eq!(store.clients_by(IndexId::ClientRisk, risk.code()).unwrap(), ids(&|c| c.risk() == Some(*risk)));
    }
    for c in m.clients.values() {
        let expected: Vec<u64> = m.referrals.values().filter(|r| r.client == c.id()).map(|r| r.meta.id).collect();
        let got: Vec<u64> = store.referrals_of_client(c.id()).unwrap().iter().map(|r| r.meta.id).collect();
        prop_assert_eq!(got, expected);
    }
    for s in m.stakeholders.values() {
        let expected: Vec<u64> = m.referrals.values().filter(|r| r.stakeholder == s.id()).map(|r| r.meta.id).collect();
        let got: Vec<u64> = store.referrals_to(s.id()).unwrap().iter().map(|r| r.meta.id).collect();
        prop_assert_eq!(got, expected);
    }
    let report = store.check().unwrap();
    prop_assert!(report.is_clean(), "check: {:?}", report.problems);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn store_agrees_with_model(ops in prop::collection::vec(op(), 1..60)) {
        run(ops, EngineKind::Sled)?;
    }

    /// The same operations on the in-memory engine: the store means the
    /// same whatever keeps its trees.
    #[test]
    fn store_in_memory_agrees_with_model(ops in prop::collection::vec(op(), 1..60)) {
        run(ops, EngineKind::Memory)?;
    }
}

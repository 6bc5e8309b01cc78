//! The dashboard's figures, each filterable by office and officer.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};

use crate::model::*;

/// Which clients the figures count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only clients of this office (case and spacing ignored).
    pub office: Option<String>,
    /// Only clients of this officer (case and spacing ignored).
    pub officer: Option<String>,
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

impl Filter {
    /// Whether a client is counted.
    pub fn admits(&self, c: &Client) -> bool {
        !c.meta.archived
            && self.office.as_deref().is_none_or(|o| norm(&c.office) == norm(o))
            && self.officer.as_deref().is_none_or(|o| norm(&c.officer) == norm(o))
    }

    /// True when nothing is filtered.
    pub fn is_empty(&self) -> bool {
        self.office.is_none() && self.officer.is_none()
    }
}

/// A calendar month.
pub type Month = (i32, u32);

fn month(d: NaiveDate) -> Month {
    (d.year(), d.month())
}

/// Every figure of the dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// Active clients by current colour category (`None`: never assessed).
    pub by_risk: BTreeMap<Option<RiskCategory>, usize>,
    /// Clients by case status.
    pub by_status: BTreeMap<ClientStatus, usize>,
    /// Per month, category changes towards hijau (`.0`) and towards merah (`.1`).
    pub movement: BTreeMap<Month, (usize, usize)>,
    /// Every change between categories, `from → to`, counted.
    pub transitions: BTreeMap<(RiskCategory, RiskCategory), usize>,
    /// Referrals by stakeholder, then by status.
    pub referrals: BTreeMap<StakeholderId, BTreeMap<ReferralStatus, usize>>,
    /// Events per month of their start (events with a counted client or, unfiltered, all).
    pub events_per_month: BTreeMap<Month, usize>,
    /// Reporting compliance of active clients per office: days attended or excused, days counted.
    pub compliance_by_office: BTreeMap<String, (usize, usize)>,
    /// The same per officer.
    pub compliance_by_officer: BTreeMap<String, (usize, usize)>,
}

impl Figures {
    /// A compliance pair as a percentage (`None` when nothing was counted).
    pub fn rate((ok, counted): (usize, usize)) -> Option<usize> {
        (counted > 0).then(|| ok * 100 / counted)
    }
}

/// Computes the figures over the records (clients and referrals borrowed
/// or owned, so a store scan need not be collected first: the referrals
/// are read after the clients, one at a time).
pub fn figures<C: std::borrow::Borrow<Client>, R: std::borrow::Borrow<Referral>>(
    clients: impl IntoIterator<Item = C>,
    referrals: impl IntoIterator<Item = R>,
    events: &[Event],
    filter: &Filter,
    today: NaiveDate,
    calendar: &crate::model::Calendar,
) -> Figures {
    let mut f = Figures::default();
    let mut counted: HashMap<ClientId, ()> = HashMap::new();
    for c in clients {
        let c = c.borrow();
        if !filter.admits(c) {
            continue;
        }
        counted.insert(c.id(), ());
        *f.by_status.entry(c.status).or_default() += 1;
        if c.status == ClientStatus::Active {
            *f.by_risk.entry(c.risk()).or_default() += 1;
            let s = super::reporting::standing(c, calendar, today);
            let counted = s.attended + s.missed + s.excused;
            if counted > 0 {
                // offices and officers as people write them, spacing tidied
                let tidy = |v: &str| v.split_whitespace().collect::<Vec<_>>().join(" ");
                for (map, key) in
                    [(&mut f.compliance_by_office, tidy(&c.office)), (&mut f.compliance_by_officer, tidy(&c.officer))]
                {
                    let e = map.entry(key).or_default();
                    e.0 += s.attended + s.excused;
                    e.1 += counted;
                }
            }
        }
        let mut a: Vec<&Assessment> = c.assessments.iter().collect();
        a.sort_by_key(|x| x.date);
        for w in a.windows(2) {
            let (from, to) = (w[0].category, w[1].category);
            if from == to {
                continue;
            }
            *f.transitions.entry((from, to)).or_default() += 1;
            let m = f.movement.entry(month(w[1].date)).or_default();
            if to.level() > from.level() {
                m.0 += 1;
            } else {
                m.1 += 1;
            }
        }
    }
    for r in referrals {
        let r = r.borrow();
        if r.meta.archived || !counted.contains_key(&r.client) {
            continue;
        }
        *f.referrals.entry(r.stakeholder).or_default().entry(r.status).or_default() += 1;
    }
    for e in events.iter().filter(|e| !e.meta.archived) {
        if filter.is_empty() || e.client_participants().any(|(c, _)| counted.contains_key(&c)) {
            *f.events_per_month.entry(month(e.start.date())).or_default() += 1;
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, 1).unwrap()
    }

    fn client(id: u64, office: &str, officer: &str, path: &[(NaiveDate, RiskCategory)]) -> Client {
        let mut c = Client::new("X");
        c.meta.id = id;
        c.office = office.into();
        c.officer = officer.into();
        c.assessments = path
            .iter()
            .map(|(date, category)| Assessment {
                id: crate::model::PartId::NEW,
                date: *date,
                category: *category,
                rri: None,
                assessor: String::new(),
                reason: String::new(),
            })
            .collect();
        c
    }

    #[test]
    fn figures_on_a_known_office() {
        use RiskCategory::*;
        let a = client(1, "Bapas Malang", "Hartono", &[(d(2023, 1), Merah), (d(2023, 4), Kuning), (d(2023, 9), Hijau)]);
        let b = client(2, "Bapas Malang", "Sri", &[(d(2023, 2), Kuning), (d(2023, 9), Merah)]);
        let mut c = client(3, "Bapas Surabaya", "Agus", &[(d(2023, 3), Hijau)]);
        c.status = ClientStatus::Completed;
        let none = client(4, "bapas  MALANG", "Hartono", &[]);
        let mut archived = client(5, "Bapas Malang", "Hartono", &[(d(2023, 1), Merah)]);
        archived.meta.archived = true;
        let clients = [a, b, c, none, archived];
        let mut r1 = Referral::new(ClientId(1), StakeholderId(6), "modal", d(2023, 5));
        r1.move_to(ReferralStatus::Accepted, d(2023, 6), "").unwrap();
        let r2 = Referral::new(ClientId(2), StakeholderId(6), "modal", d(2023, 5));
        let r3 = Referral::new(ClientId(3), StakeholderId(14), "barista", d(2023, 5));
        let referrals = [r1, r2, r3];
        let mut e1 =
            Event::new("Lokakarya", EventKind::Workshop, When::Date(NaiveDate::from_ymd_opt(2023, 10, 1).unwrap()));
        e1.participants.push(Participant::new(Who::Client { client: ClientId(3), attendance: Attendance::Attended }));
        let e2 = Event::new("Rapat", EventKind::Meeting, When::Date(NaiveDate::from_ymd_opt(2023, 10, 15).unwrap()));
        let e3 = Event::new("Kunjungan", EventKind::Visit, When::Date(NaiveDate::from_ymd_opt(2023, 4, 12).unwrap()));
        let events = [e1, e2, e3];

        let all =
            figures(&clients, &referrals, &events, &Filter::default(), d(2024, 1), &crate::model::Calendar::default());
        assert_eq!(all.by_risk, BTreeMap::from([(None, 1), (Some(Merah), 1), (Some(Hijau), 1)]));
        assert_eq!(all.by_status, BTreeMap::from([(ClientStatus::Active, 3), (ClientStatus::Completed, 1)]));
        assert_eq!(all.movement, BTreeMap::from([((2023, 4), (1, 0)), ((2023, 9), (1, 1))]));
        assert_eq!(all.transitions, BTreeMap::from([((Merah, Kuning), 1), ((Kuning, Hijau), 1), ((Kuning, Merah), 1)]));
        assert_eq!(
            all.referrals[&StakeholderId(6)],
            BTreeMap::from([(ReferralStatus::Proposed, 1), (ReferralStatus::Accepted, 1)])
        );
        assert_eq!(all.events_per_month, BTreeMap::from([((2023, 4), 1), ((2023, 10), 2)]));

        let malang = figures(
            &clients,
            &referrals,
            &events,
            &Filter { office: Some("Bapas Malang".into()), officer: None },
            d(2024, 1),
            &crate::model::Calendar::default(),
        );
        assert_eq!(malang.by_status, BTreeMap::from([(ClientStatus::Active, 3)]));
        assert!(!malang.referrals.contains_key(&StakeholderId(14)), "Surabaya's referral is not counted");
        assert!(malang.events_per_month.is_empty(), "no Malang client took part in an event");

        let hartono = figures(
            &clients,
            &referrals,
            &events,
            &Filter { office: None, officer: Some("hartono".into()) },
            d(2024, 1),
            &crate::model::Calendar::default(),
        );
        assert_eq!(hartono.by_risk, BTreeMap::from([(None, 1), (Some(Hijau), 1)]));
        let surabaya = figures(
            &clients,
            &referrals,
            &events,
            &Filter { office: Some("Bapas Surabaya".into()), officer: None },
            d(2024, 1),
            &crate::model::Calendar::default(),
        );
        assert_eq!(surabaya.events_per_month, BTreeMap::from([((2023, 10), 1)]));
    }
}

#[cfg(test)]
mod compliance_tests {
    use super::*;

    #[test]
    fn compliance_per_office_and_officer() {
        let d = |m, day| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
        let mut clients = Vec::new();
        // two weekly reporters of Hartono, one of Sri; Mondays from 1 Jan, today 22 Jan (four days)
        for (id, officer, missed) in [(1, "Hartono", 1), (2, "Hartono", 0), (3, "Sri", 2)] {
            let mut c = Client::new("X");
            c.meta.id = id;
            c.office = "Bapas Malang".into();
            c.officer = officer.into();
            c.supervision_start = Some(d(1, 1));
            c.reporting.frequency = ReportingFrequency::Weekly;
            for (k, day) in [1, 8, 15, 22].into_iter().enumerate() {
                let status = if k < missed { ReportingStatus::Missed } else { ReportingStatus::Attended };
                crate::casework::reporting::record(&mut c, d(1, day), status, "", "");
            }
            clients.push(c);
        }
        let f = figures(&clients, &[], &[], &Filter::default(), d(1, 22), &crate::model::Calendar::default());
        assert_eq!(f.compliance_by_officer["Hartono"], (7, 8));
        assert_eq!(f.compliance_by_officer["Sri"], (2, 4));
        assert_eq!(f.compliance_by_office["Bapas Malang"], (9, 12));
        assert_eq!(Figures::rate(f.compliance_by_office["Bapas Malang"]), Some(75));
        let sri = figures(
            &clients,
            &[],
            &[],
            &Filter { office: None, officer: Some("sri".into()) },
            d(1, 22),
            &crate::model::Calendar::default(),
        );
        assert_eq!(sri.compliance_by_office["Bapas Malang"], (2, 4), "the filter applies to compliance too");
    }
}

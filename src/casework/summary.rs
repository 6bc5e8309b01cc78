//! What the printed documents of a client need that is not text: their
//! format, who a Litmas report's author is and its approval (laid out as
//! documents by `render::summary`), and an event's attendance list as CSV.

use chrono::NaiveDate;

use crate::clock::Zone;
use crate::model::*;
use crate::store::approvals::{Approval, State, Subject};
use crate::store::history::Change;

/// Document format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocFormat {
    /// Markdown.
    Markdown,
    /// Plain text.
    Text,
}

impl std::str::FromStr for DocFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<DocFormat, String> {
        match s.trim().to_lowercase().as_str() {
            "md" | "markdown" => Ok(DocFormat::Markdown),
            "text" | "txt" | "plain" => Ok(DocFormat::Text),
            _ => Err("markdown, text".into()),
        }
    }
}

/// Who a Litmas report's document names as its author: never the client's
/// officer of the day, who may not have written it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authorship {
    /// The authors the report records.
    Recorded(Vec<String>),
    /// No author was recorded with the report (one stored before they
    /// were): the user who recorded it, as the client's history says, and when.
    FromHistory {
        /// Who recorded it.
        by: String,
        /// On which day.
        on: NaiveDate,
    },
    /// Neither the report nor the history says.
    NotRecorded,
}

/// A Litmas report's author: those it records, else the user the client's
/// history (`changes`, any order; a creation is the record's own) names as
/// having recorded it: the first plain change (not a revert or a merge)
/// that added a report of its kind and date, or the client's creator when
/// the report was there from the start; else not recorded.
pub fn litmas_authorship(c: &Client, l: &Litmas, changes: &[Change], zone: Zone) -> Authorship {
    if !l.authors.is_empty() {
        return Authorship::Recorded(l.authors.clone());
    }
    let (kind, date) = (serde_json::to_value(l.kind).ok(), serde_json::to_value(l.date).ok());
    // how many reports of its kind and date a list of the history holds
    let alike = |json: &str| match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::Array(items)) => {
            items.iter().filter(|i| i.get("kind") == kind.as_ref() && i.get("date") == date.as_ref()).count()
        }
        _ => 0,
    };
    let mut lists: Vec<(&Change, &crate::store::history::FieldChange)> = changes
        .iter()
        .flat_map(|ch| ch.fields.iter().filter(|f| f.field == "litmas" && !f.withheld).map(move |f| (ch, f)))
        .collect();
    lists.sort_by_key(|(ch, _)| ch.seq);
    if let Some((ch, _)) = lists.iter().find(|(ch, f)| ch.note.is_empty() && alike(&f.after) > alike(&f.before)) {
        return Authorship::FromHistory { by: ch.actor.clone(), on: zone.date(ch.at) };
    }
    // in the record as it was made: before its first change of the list, or never changed
    let from_the_start = lists.first().is_none_or(|(_, f)| alike(&f.before) > 0);
    if from_the_start && !c.meta.created_by.is_empty() {
        return Authorship::FromHistory { by: c.meta.created_by.clone(), on: zone.date(c.meta.created_at) };
    }
    Authorship::NotRecorded
}

/// A supervisor's approval of a Litmas report, as its document prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approved {
    /// Who approved.
    pub by: String,
    /// On which day.
    pub on: NaiveDate,
    /// What they said.
    pub comment: String,
}

/// The newest approval of a Litmas report among a client's requests, if
/// one was approved (this shows it; whether it is in force is the store's).
pub fn litmas_approval(l: &Litmas, approvals: &[Approval], zone: Zone) -> Option<Approved> {
    approvals
        .iter()
        .filter(|a| a.subject == Subject::Litmas { litmas: l.id } && a.state == State::Approved)
        .filter_map(|a| a.decision.as_ref())
        .max_by_key(|d| d.at)
        .map(|d| Approved { by: d.by.clone(), on: zone.date(d.at), comment: d.comment.clone() })
}

/// An event's attendance list as CSV: every participant with their role;
/// for a series, a column per meeting that counts (its day, and its
/// number when a day has two) and the meetings attended, or only the
/// meeting on `meeting`'s day. Writes the rows, returns how many; a
/// series without a meeting on that day is an error of kind `NotFound`.
pub fn attendance_csv(
    e: &Event,
    client: &dyn Fn(ClientId) -> Option<Client>,
    meeting: Option<chrono::NaiveDate>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<usize> {
    use crate::model::{Attendance, Who};
    let meetings: Vec<&crate::model::Meeting> = match meeting {
        Some(day) => {
            let found: Vec<_> = e.counted_meetings().filter(|m| m.when.date() == day).collect();
            if found.is_empty() {
                return Err(std::io::Error::new(std::io::ErrorKind::NotFound, day.format("%Y-%m-%d").to_string()));
            }
            found
        }
        None => e.counted_meetings().collect(),
    };
    let series = e.recurrence.is_some() || !e.meetings.is_empty();
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<String> =
        ["participant", "register_no", "full_name", "office", "role"].iter().map(|s| s.to_string()).collect();
    if series && meeting.is_none() {
        for m in &meetings {
            let day = m.when.date();
            let twice = meetings.iter().filter(|o| o.when.date() == day).count() > 1;
            let mut h = day.format("%Y-%m-%d").to_string();
            if twice {
                h.push_str(&format!(" #{}", m.number));
            }
            header.push(h);
        }
        header.push("attended".into());
    } else {
        header.push("attendance".into());
    }
    crate::csv_cell::write_record(&mut w, header)?;
    let mut n = 0;
    for p in &e.participants {
        let (id, c, name) = match &p.who {
            Who::Client { client: id, .. } => {
                let c = client(*id);
                let name = c.as_ref().map(|c| c.full_name.clone()).unwrap_or_default();
                (id.to_string(), c, name)
            }
            Who::Stakeholder { stakeholder, representative } => (stakeholder.to_string(), None, representative.clone()),
            Who::Officer { name } => (String::new(), None, name.clone()),
        };
        let mut row = vec![
            id,
            c.as_ref().map(|c| c.register_no.clone()).unwrap_or_default(),
            name,
            c.as_ref().map(|c| c.office.clone()).unwrap_or_default(),
            e.role(p.id).code().to_string(),
        ];
        if series {
            for m in &meetings {
                row.push(m.of(p.id).code().to_string());
            }
            if meeting.is_none() {
                let held = meetings.iter().filter(|m| m.status == crate::model::MeetingStatus::Held).count();
                let came = meetings.iter().filter(|m| m.of(p.id) == Attendance::Attended).count();
                row.push(format!("{came}/{held}"));
            }
        } else {
            let a = match &p.who {
                Who::Client { attendance, .. } => attendance.code(),
                _ => "",
            };
            row.push(a.to_string());
        }
        crate::csv_cell::write_record(&mut w, row)?;
        n += 1;
    }
    w.flush()?;
    Ok(n)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn d(m: u32, day: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2023, m, day).unwrap()
    }

    pub(crate) fn sample() -> (Client, Vec<Referral>, Vec<Event>) {
        let mut c = Client::new("Joko Susilo");
        c.meta.id = 7;
        c.office = "Bapas Malang".into();
        c.officer = "Rina Wulandari".into();
        c.notes = "rahasia".into();
        c.assessments = vec![
            Assessment {
                id: crate::model::PartId::NEW,
                date: d(1, 5),
                category: RiskCategory::Merah,
                rri: Some(Rri::Tinggi),
                assessor: "Rina".into(),
                reason: "awal".into(),
            },
            Assessment {
                id: crate::model::PartId::NEW,
                date: d(6, 5),
                category: RiskCategory::Kuning,
                rri: Some(Rri::Sedang),
                assessor: "Rina".into(),
                reason: "kooperatif | rutin".into(),
            },
        ];
        let mut r = Referral::new(ClientId(7), StakeholderId(14), "pelatihan barista", d(7, 1));
        r.move_to(ReferralStatus::Accepted, d(7, 5), "").unwrap();
        let mut e = Event::new("Lokakarya", EventKind::Workshop, When::Date(d(10, 1)));
        e.participants.push(Participant::new(Who::Client { client: ClientId(7), attendance: Attendance::Attended }));
        e.participants.push(Participant::new(Who::Client { client: ClientId(8), attendance: Attendance::Absent }));
        (c, vec![r], vec![e])
    }

    #[test]
    fn attendance_list() {
        let (mut c, _, e) = sample();
        c.register_no = "=1+1".into();
        let mut out = Vec::new();
        let n = attendance_csv(&e[0], &|id| (id == c.id()).then(|| c.clone()), None, &mut out).unwrap();
        assert_eq!(n, 2);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "participant,register_no,full_name,office,role,attendance\nK-000007,'=1+1,Joko Susilo,Bapas Malang,participant,attended\nK-000008,,,,participant,absent\n"
        );
    }

    #[test]
    fn a_series_has_a_column_per_meeting_and_one_meeting_its_own() {
        use crate::model::{Attendance, MeetingStatus, PartId, Participant, ParticipantRole, Recurrence, When};
        let (c, _, _) = sample();
        let mut e = Event::new("Kelas barista", crate::model::EventKind::Training, When::Date(d(1, 3)));
        e.recurrence = Some(Recurrence::parse("weekly tue x3", d(1, 1)).unwrap());
        e.participants.push(Participant::client(c.id(), Attendance::Invited));
        e.participants.push(Participant::officer("Pak Harun"));
        e.participants[0].id = PartId(1);
        e.participants[1].id = PartId(2);
        e.set_role(PartId(2), ParticipantRole::Facilitator);
        e.plan_meetings();
        e.meetings[0].set(PartId(1), Attendance::Attended);
        e.meetings[0].status = MeetingStatus::Held;
        e.meetings[1].set(PartId(1), Attendance::Absent);
        e.meetings[1].status = MeetingStatus::Held;
        let client = |id| (id == c.id()).then(|| c.clone());
        let mut out = Vec::new();
        attendance_csv(&e, &client, None, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "participant,register_no,full_name,office,role,2023-01-03,2023-01-10,2023-01-17,attended\n\
             K-000007,,Joko Susilo,Bapas Malang,participant,attended,absent,invited,1/2\n\
             ,,Pak Harun,,facilitator,invited,invited,invited,0/2\n"
        );
        let mut out = Vec::new();
        attendance_csv(&e, &client, Some(d(1, 10)), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "participant,register_no,full_name,office,role,attendance\n\
             K-000007,,Joko Susilo,Bapas Malang,participant,absent\n,,Pak Harun,,facilitator,invited\n"
        );
        let r = attendance_csv(&e, &client, Some(d(1, 11)), &mut Vec::new());
        assert!(r.is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound));
    }
}

#[cfg(test)]
mod litmas_author_tests {
    use super::*;
    use crate::model::Lang;
    use crate::model::{PartId, Record, Role};
    use crate::render::summary::litmas_document;
    use crate::store::{Actor, Store};

    fn report(kind: LitmasKind, day: u32, authors: &[&str]) -> Litmas {
        Litmas {
            id: PartId::NEW,
            kind,
            date: NaiveDate::from_ymd_opt(2024, 3, day).unwrap(),
            authors: authors.iter().map(|a| a.to_string()).collect(),
            methods: String::new(),
            sources: String::new(),
            findings: "keluarga mendukung".into(),
            recommendation: "lanjutkan".into(),
        }
    }

    fn days(store: &Store, n: i64) {
        store.clock().advance(chrono::Duration::days(n));
    }

    /// A report stored before authors were recorded names the user its
    /// history says recorded it (the client's creator when it was in the
    /// record from the start), never the client's officer of the day; one
    /// the history does not account for is "author not recorded". A
    /// report's recorded authors sign it, whoever the officer is now.
    #[test]
    fn a_report_is_signed_by_its_author_never_by_the_officer_of_the_day() {
        let (_dir, store) = crate::store::temp_store_at(crate::clock::Clock::at(2024, 3, 1, 9, 0, 7));
        let zone = store.clock().zone();
        let mut c = Client::new("Ahmad Fauzi");
        c.officer = "Rina Wulandari".into();
        c.litmas.push(report(LitmasKind::Initial, 1, &[]));
        let c = store.create(&Actor::new("siti", Role::Officer), c).unwrap();
        days(&store, 2);
        let mut c2 = c.clone();
        c2.litmas.push(report(LitmasKind::FollowUp, 3, &[]));
        c2.litmas.push(report(LitmasKind::Integration, 3, &["Dewi Anggraini", "budi"]));
        let c2 = store.update(&Actor::new("budi", Role::Officer), c2).unwrap();
        days(&store, 5);
        let mut moved = c2.clone();
        moved.officer = "Agus Salim".into();
        store.update(&Actor::new("agus", Role::Officer), moved).unwrap();

        let c: Client = store.fetch(c.meta.id).unwrap();
        let h = store.history(c.record_ref()).unwrap();
        let on = |day| NaiveDate::from_ymd_opt(2024, 3, day).unwrap();
        let of = |i: usize| litmas_authorship(&c, &c.litmas[i], &h, zone);
        assert_eq!(of(0), Authorship::FromHistory { by: "siti".into(), on: on(1) }, "in the record as it was made");
        assert_eq!(of(1), Authorship::FromHistory { by: "budi".into(), on: on(3) }, "added by budi's change");
        assert_eq!(of(2), Authorship::Recorded(vec!["Dewi Anggraini".into(), "budi".into()]));
        for (i, signed) in [
            (0, "siti (no author was recorded with the report; its history says siti recorded it on 1 Mar 2024)"),
            (1, "budi (no author was recorded with the report; its history says budi recorded it on 3 Mar 2024)"),
            (2, "\n\n\nDewi Anggraini\n\n\n\nbudi\n"),
        ] {
            let doc = litmas_document(&c, &c.litmas[i], &of(i), None, Lang::En, DocFormat::Text);
            assert!(doc.contains(signed), "{signed:?} in\n{doc}");
            assert!(!doc.contains("Agus Salim") && !doc.contains("Rina Wulandari"), "no officer signs:\n{doc}");
        }
        // a report a merge brought in: this record's history does not say who wrote it
        let merged: Vec<Change> = h
            .iter()
            .cloned()
            .map(|mut ch| {
                if ch.fields.iter().any(|f| f.field == "litmas") {
                    ch.note = "merge of K-000002".into();
                }
                ch
            })
            .collect();
        assert_eq!(litmas_authorship(&c, &c.litmas[1], &merged, zone), Authorship::NotRecorded);
        let doc = litmas_document(&c, &c.litmas[1], &Authorship::NotRecorded, None, Lang::Id, DocFormat::Markdown);
        assert!(doc.contains("- **Penyusun**: (penyusun tidak tercatat)\n"), "{doc}");
        assert!(doc.ends_with("(………………………)  \n(penyusun tidak tercatat)\n"), "{doc}");
    }

    /// The document prints its report's approval (who, when, why), and
    /// nothing for a report whose request is waiting or was rejected.
    #[test]
    fn the_document_prints_the_approval_of_its_report() {
        use crate::store::approvals::Subject;
        let (_dir, store) = crate::store::temp_store_at(crate::clock::Clock::at(2024, 3, 4, 9, 0, 7));
        let zone = store.clock().zone();
        let siti = Actor::new("siti", Role::Officer);
        let agus = Actor { supervisor: true, ..Actor::new("agus", Role::Officer) };
        let mut c = Client::new("Ahmad Fauzi");
        c.litmas = vec![report(LitmasKind::Initial, 1, &["siti"]), report(LitmasKind::FollowUp, 2, &["siti"])];
        let c = store.create(&siti, c).unwrap();
        let ask = |i: usize| {
            let subject = Subject::Litmas { litmas: c.litmas[i].id };
            store.write(&siti, |b| b.request_approval(c.meta.id, subject, "mohon diperiksa")).unwrap()
        };
        let (first, second) = (ask(0), ask(1));
        days(&store, 1);
        store.write(&agus, |b| b.decide(c.meta.id, first, true, "sesuai | lengkap")).unwrap();
        store.write(&agus, |b| b.decide(c.meta.id, second, false, "lengkapi sumber")).unwrap();
        let approvals = store.approvals(c.meta.id).unwrap();
        let approved = litmas_approval(&c.litmas[0], &approvals, zone);
        let on = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
        assert_eq!(approved, Some(Approved { by: "agus".into(), on, comment: "sesuai | lengkap".into() }));
        assert_eq!(litmas_approval(&c.litmas[1], &approvals, zone), None, "rejected");
        let author = Authorship::Recorded(vec!["siti".into()]);
        let md = litmas_document(&c, &c.litmas[0], &author, approved.as_ref(), Lang::En, DocFormat::Markdown);
        assert!(
            md.contains(
                "## Approval\n\n- **Approved by**: agus\n- **Approved on**: 5 Mar 2024\n- **Comment**: sesuai \\| lengkap\n"
            ),
            "{md}"
        );
        let txt = litmas_document(&c, &c.litmas[0], &author, approved.as_ref(), Lang::Id, DocFormat::Text);
        assert!(txt.contains("Persetujuan\n-----------\nDisetujui oleh       agus\n"), "{txt}");
        let none = litmas_document(&c, &c.litmas[1], &author, None, Lang::En, DocFormat::Markdown);
        assert!(!none.contains("Approved by"), "{none}");
        assert!(
            none.contains("## Approval\n\nNot yet approved by a supervisor: this report is a draft, not final."),
            "{none}"
        );
    }
}

//! Events (kegiatan): workshops, meetings, visits that tie the network together.

use chrono::{NaiveDate, NaiveDateTime};

use super::vocab::{Attendance, MeetingStatus, ParticipantRole};
use serde::{Deserialize, Serialize};

use super::ids::{ClientId, EventId, Meta, PartId, StakeholderId};
use super::vocab::*;

/// When an event starts or ends: a whole day or a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum When {
    /// A calendar day.
    Date(NaiveDate),
    /// A day and time (local time of the office).
    DateTime(NaiveDateTime),
}

impl Default for When {
    /// 1 January 1970 (a field emptied for a role that may not see it).
    fn default() -> Self {
        When::Date(NaiveDate::default())
    }
}

impl When {
    /// The calendar day.
    pub fn date(self) -> NaiveDate {
        match self {
            When::Date(d) => d,
            When::DateTime(dt) => dt.date(),
        }
    }
}

/// Someone who took part in an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Participant {
    /// Stable id within the event (see [`PartId`]).
    #[serde(skip)]
    pub id: PartId,
    /// Who it is.
    pub who: Who,
}

impl Participant {
    /// A new participant (its id is given when the event is written).
    pub fn new(who: Who) -> Participant {
        Participant { id: PartId::NEW, who }
    }

    /// A client taking part, with attendance.
    pub fn client(client: ClientId, attendance: Attendance) -> Participant {
        Participant::new(Who::Client { client, attendance })
    }

    /// A stakeholder taking part, with its representative.
    pub fn stakeholder(stakeholder: StakeholderId, representative: impl Into<String>) -> Participant {
        Participant::new(Who::Stakeholder { stakeholder, representative: representative.into() })
    }

    /// A member of staff taking part.
    pub fn officer(name: impl Into<String>) -> Participant {
        Participant::new(Who::Officer { name: name.into() })
    }
}

/// Who a participant is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Who {
    /// A client, with attendance.
    Client {
        /// Which client.
        client: ClientId,
        /// Whether they came.
        attendance: Attendance,
    },
    /// A stakeholder, with the person who represented it.
    Stakeholder {
        /// Which stakeholder.
        stakeholder: StakeholderId,
        /// Who came on its behalf.
        representative: String,
    },
    /// A probation officer or other staff member.
    Officer {
        /// Name.
        name: String,
    },
}

/// A follow-up action agreed at an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    /// Stable id within the event (see [`PartId`]).
    #[serde(skip)]
    pub id: PartId,
    /// What is to be done.
    pub what: String,
    /// Who is to do it.
    pub owner: String,
    /// By when.
    pub due: Option<NaiveDate>,
    /// Whether it is done.
    pub done: bool,
}

/// An event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Id, version, timestamps, archived flag.
    pub meta: Meta,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: EventKind,
    /// Start.
    pub start: When,
    /// End, for events over several days or hours.
    pub end: Option<When>,
    /// Where.
    pub location: String,
    /// Organising stakeholders.
    pub organisers: Vec<StakeholderId>,
    /// Participants.
    pub participants: Vec<Participant>,
    /// Total participants when larger than the list (e.g. 35 at a workshop).
    pub participant_count: Option<u32>,
    /// What happened.
    pub summary: String,
    /// What came out of it.
    pub outcomes: String,
    /// Actions agreed.
    pub follow_ups: Vec<FollowUp>,
    /// The rule of a series (weekly classes, monthly counselling): the
    /// event is then its meetings. Stored in the extension area.
    #[serde(skip)]
    pub recurrence: Option<super::series::Recurrence>,
    /// The meetings of a series, each with its day, status and attendance.
    /// Stored in the extension area.
    #[serde(skip)]
    pub meetings: Vec<super::series::Meeting>,
    /// What participants are (facilitator, speaker, guest …), by their id;
    /// one not listed is a participant. Stored in the extension area.
    #[serde(skip)]
    pub roles: Vec<(PartId, ParticipantRole)>,
    /// The agreement (MoU, PKS) with a partner the event belongs to.
    /// Stored in the extension area.
    #[serde(skip)]
    pub agreement: Option<AgreementLink>,
}

/// An agreement of a stakeholder, by the stakeholder and the agreement's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AgreementLink {
    /// The stakeholder.
    pub stakeholder: StakeholderId,
    /// Its agreement.
    pub agreement: PartId,
}

impl AgreementLink {
    /// Parses `S-000006/2` (the stakeholder's agreement number 2).
    pub fn parse(text: &str) -> Option<AgreementLink> {
        let (s, a) = text.trim().split_once('/')?;
        let r = super::RecordRef::parse(s).filter(|r| r.kind == super::RecordKind::Stakeholder)?;
        let a: u32 = a.trim().parse().ok().filter(|n| *n > 0)?;
        Some(AgreementLink { stakeholder: StakeholderId(r.id), agreement: PartId(a) })
    }
}

impl std::fmt::Display for AgreementLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.stakeholder, self.agreement.0)
    }
}

impl Event {
    /// A blank event.
    pub fn new(title: impl Into<String>, kind: EventKind, start: When) -> Event {
        Event { title: title.into(), kind, start, ..Event::default() }
    }

    /// The typed id.
    pub fn id(&self) -> EventId {
        EventId(self.meta.id)
    }

    /// Clients listed as participants.
    pub fn client_participants(&self) -> impl Iterator<Item = (ClientId, Attendance)> + '_ {
        self.participants.iter().filter_map(|p| match &p.who {
            Who::Client { client, attendance } => Some((*client, *attendance)),
            _ => None,
        })
    }

    /// Stakeholders listed as participants.
    pub fn stakeholder_participants(&self) -> impl Iterator<Item = StakeholderId> + '_ {
        self.participants.iter().filter_map(|p| match &p.who {
            Who::Stakeholder { stakeholder, .. } => Some(*stakeholder),
            _ => None,
        })
    }

    /// Each client's attendance on each day the event met: its own day,
    /// or, for a series, each meeting held or to come (cancelled and moved
    /// ones not counted).
    pub fn client_occasions(&self) -> Vec<(ClientId, NaiveDate, Attendance)> {
        let mut out = Vec::new();
        for p in &self.participants {
            let Who::Client { client, attendance } = p.who else { continue };
            if self.recurrence.is_none() && self.meetings.is_empty() {
                out.push((client, self.start.date(), attendance));
            } else {
                out.extend(self.counted_meetings().map(|m| (client, m.when.date(), m.of(p.id))));
            }
        }
        out
    }

    /// Whether the event is a series (it has a rule, or meetings).
    pub fn is_series(&self) -> bool {
        self.recurrence.is_some() || !self.meetings.is_empty()
    }

    /// A participant's role (participant when none is recorded).
    pub fn role(&self, p: PartId) -> ParticipantRole {
        self.roles.iter().find(|(id, _)| *id == p).map_or(ParticipantRole::Participant, |(_, r)| *r)
    }

    /// Sets a participant's role (a participant's is not stored).
    pub fn set_role(&mut self, p: PartId, role: ParticipantRole) {
        self.roles.retain(|(id, _)| *id != p);
        if role != ParticipantRole::Participant {
            self.roles.push((p, role));
        }
    }

    /// The meetings that count (held or to come), in order.
    pub fn counted_meetings(&self) -> impl Iterator<Item = &super::series::Meeting> + '_ {
        self.meetings.iter().filter(|m| m.counts())
    }

    /// A client's attendance across a series: meetings attended, and
    /// meetings held (cancelled and moved ones not counted); `None` for
    /// an event that is no series or a client not taking part.
    pub fn series_attendance(&self, client: ClientId, today: NaiveDate) -> Option<(usize, usize)> {
        self.recurrence?;
        let p = self.participants.iter().find(|p| matches!(p.who, Who::Client { client: c, .. } if c == client))?;
        let held: Vec<&super::series::Meeting> =
            self.counted_meetings().filter(|m| m.status == MeetingStatus::Held || m.when.date() < today).collect();
        let attended = held.iter().filter(|m| m.of(p.id) == Attendance::Attended).count();
        Some((attended, held.len()))
    }

    /// The last day a client attended a meeting of this series.
    pub fn last_attended(&self, client: ClientId) -> Option<NaiveDate> {
        let p = self.participants.iter().find(|p| matches!(p.who, Who::Client { client: c, .. } if c == client))?;
        self.meetings.iter().filter(|m| m.of(p.id) == Attendance::Attended).map(|m| m.when.date()).max()
    }

    /// Lays out the meetings of a series from its rule and start: the
    /// meetings already held, cancelled or moved, or with attendance
    /// recorded, are kept as they are; the others are replaced by the days
    /// the rule gives after the last one kept. Nothing for an event that is
    /// no series (its meetings go).
    pub fn plan_meetings(&mut self) {
        let Some(rule) = self.recurrence else {
            self.meetings.clear();
            return;
        };
        let first = self.start.date();
        let keep = |m: &super::series::Meeting| {
            m.status != MeetingStatus::Planned || !m.attendance.is_empty() || m.moved_from.is_some()
        };
        // a day laid out again keeps its meeting's number
        let numbers: Vec<(NaiveDate, u32)> =
            self.meetings.iter().filter(|m| !keep(m)).map(|m| (m.when.date(), m.number)).collect();
        self.meetings.retain(keep);
        let next = self.meetings.iter().map(|m| m.number).max().unwrap_or(0) + 1;
        let kept_days: Vec<NaiveDate> = self.meetings.iter().map(|m| m.when.date()).collect();
        let after = self.meetings.iter().filter(|m| m.status != MeetingStatus::Moved).map(|m| m.when.date()).max();
        let counted = self.meetings.iter().filter(|m| m.status != MeetingStatus::Moved).count();
        let time = match self.start {
            When::DateTime(dt) => Some(dt.time()),
            When::Date(_) => None,
        };
        let mut rule_days = rule.dates(first);
        if let super::series::End::Count(n) = rule.end {
            // a count counts every meeting, those kept too
            rule_days.truncate(n as usize);
        }
        let new: Vec<NaiveDate> = rule_days
            .into_iter()
            .enumerate()
            .filter(|(i, d)| *i >= counted && after.is_none_or(|a| *d > a) && !kept_days.contains(d))
            .map(|(_, d)| d)
            .collect();
        let mut fresh = next..;
        for d in new {
            let number = match numbers.iter().find(|(day, _)| *day == d) {
                Some((_, n)) => *n,
                None => fresh.next().unwrap_or(next),
            };
            let when = match time {
                Some(t) => When::DateTime(d.and_time(t)),
                None => When::Date(d),
            };
            self.meetings.push(super::series::Meeting {
                number,
                when,
                status: MeetingStatus::Planned,
                attendance: Vec::new(),
                moved_from: None,
            });
        }
        self.meetings.sort_by_key(|m| (m.when, m.number));
    }

    /// Participant count: the stated total, else the length of the list.
    pub fn count(&self) -> u32 {
        self.participant_count.unwrap_or(u32::try_from(self.participants.len()).unwrap_or(u32::MAX))
    }
}

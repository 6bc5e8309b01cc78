//! Events (kegiatan): workshops, meetings, visits that tie the network together.

use chrono::{NaiveDate, NaiveDateTime};
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

    /// Participant count: the stated total, else the length of the list.
    pub fn count(&self) -> u32 {
        self.participant_count.unwrap_or(u32::try_from(self.participants.len()).unwrap_or(u32::MAX))
    }
}

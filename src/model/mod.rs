//! The domain: records, their parts, closed vocabularies and validation.
//!
//! No I/O and no UI here: the store persists these types, the UI shows
//! them, and both call the validators so that a form and a CSV import apply
//! exactly the same rules.

pub mod calendar;
pub mod client;
pub mod document;
pub mod event;
pub mod fold;
pub mod holidays;
pub mod ids;
pub mod input;
mod lang;
pub mod names;
mod parts;
pub mod referral;
pub mod reporting;
pub mod series;
pub mod stakeholder;
pub mod user;
pub mod validate;
pub mod vocab;

pub use calendar::{Calendar, Closed, DayOff};
pub use client::{
    Address, Assessment, Client, Consent, GuidanceSession, Held, HeldPart, Litmas, PhaseChange, ReportingEntry,
    ReportingSchedule,
};
pub use document::{DocProblem, Document, DocumentId, Holder, Removal, Sharing};
pub use event::{AgreementLink, Event, FollowUp, Participant, When, Who};
pub use ids::{ClientId, EventId, Meta, PartId, RecordKind, RecordRef, ReferralId, StakeholderId, UserId};
pub use lang::Lang;
pub(crate) use lang::keys;
pub use parts::{HasParts, Part, legacy_id};
pub use referral::{Ground, Referral, StatusChange, TransitionError};
pub use series::{End, Meeting, Recurrence, Repeat, SeriesProblem};
pub use stakeholder::{Agreement, Contact, Stakeholder};
pub use user::User;
pub use validate::{Problem, ProblemKind};
pub use vocab::*;

use chrono::NaiveDate;
use serde::{Serialize, de::DeserializeOwned};

/// What every stored record kind offers the layers above the model.
pub trait Record: Clone + std::fmt::Debug + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The kind of record.
    const KIND: RecordKind;

    /// Id, version, timestamps, archived flag.
    fn meta(&self) -> &Meta;

    /// Mutable metadata (the store assigns id and version).
    fn meta_mut(&mut self) -> &mut Meta;

    /// The name a person knows the record by.
    fn title(&self) -> &str;

    /// Other records this one points at (for integrity checks and delete refusal).
    fn references(&self) -> Vec<RecordRef>;

    /// Every problem with the record as it stands.
    fn validate(&self, today: NaiveDate) -> Vec<Problem>;

    /// Completes what a save sets by itself on `today`, `before` being the
    /// record as stored (none when it is created); see [`Client::settle`].
    fn settle(&mut self, before: Option<&Self>, today: NaiveDate) {
        let _ = (before, today);
    }

    /// This record's reference.
    fn record_ref(&self) -> RecordRef {
        RecordRef::new(Self::KIND, self.meta().id)
    }
}

/// The `meta` accessors every record implements the same way.
macro_rules! meta_accessors {
    () => {
        fn meta(&self) -> &Meta {
            &self.meta
        }
        fn meta_mut(&mut self) -> &mut Meta {
            &mut self.meta
        }
    };
}

impl Record for Client {
    const KIND: RecordKind = RecordKind::Client;
    meta_accessors!();
    fn title(&self) -> &str {
        &self.full_name
    }
    fn references(&self) -> Vec<RecordRef> {
        Vec::new()
    }
    fn validate(&self, today: NaiveDate) -> Vec<Problem> {
        validate::client(self, today)
    }
    fn settle(&mut self, before: Option<&Self>, today: NaiveDate) {
        Client::settle(self, before, today)
    }
}

impl Record for Stakeholder {
    const KIND: RecordKind = RecordKind::Stakeholder;
    meta_accessors!();
    fn title(&self) -> &str {
        &self.name
    }
    fn references(&self) -> Vec<RecordRef> {
        Vec::new()
    }
    fn validate(&self, today: NaiveDate) -> Vec<Problem> {
        validate::stakeholder(self, today)
    }
}

impl Record for Event {
    const KIND: RecordKind = RecordKind::Event;
    meta_accessors!();
    fn title(&self) -> &str {
        &self.title
    }
    fn references(&self) -> Vec<RecordRef> {
        let mut refs: Vec<RecordRef> = self.organisers.iter().map(|s| s.to_ref()).collect();
        refs.extend(self.agreement.map(|a| a.stakeholder.to_ref()));
        for p in &self.participants {
            match p {
                Participant { who: Who::Client { client, .. }, .. } => refs.push(client.to_ref()),
                Participant { who: Who::Stakeholder { stakeholder, .. }, .. } => refs.push(stakeholder.to_ref()),
                Participant { who: Who::Officer { .. }, .. } => {}
            }
        }
        refs.sort();
        refs.dedup();
        refs
    }
    fn validate(&self, today: NaiveDate) -> Vec<Problem> {
        validate::event(self, today)
    }
    /// A series' meetings follow its rule and start.
    fn settle(&mut self, before: Option<&Self>, _today: NaiveDate) {
        // a new rule or first day lays the series out again, unless the
        // save changed the meetings itself (a series split in two)
        let changed = before
            .is_none_or(|b| (b.recurrence != self.recurrence || b.start != self.start) && b.meetings == self.meetings);
        if changed || (self.recurrence.is_some() && self.meetings.is_empty()) {
            self.plan_meetings();
        }
        // roles of participants no longer listed go with them
        let ids: Vec<PartId> = self.participants.iter().map(|p| p.id).collect();
        self.roles.retain(|(id, _)| ids.contains(id));
    }
}

impl Record for Referral {
    const KIND: RecordKind = RecordKind::Referral;
    meta_accessors!();
    fn title(&self) -> &str {
        &self.service
    }
    fn references(&self) -> Vec<RecordRef> {
        vec![self.client.to_ref(), self.stakeholder.to_ref()]
    }
    fn validate(&self, today: NaiveDate) -> Vec<Problem> {
        validate::referral(self, today)
    }
}

impl Record for User {
    const KIND: RecordKind = RecordKind::User;
    meta_accessors!();
    fn title(&self) -> &str {
        &self.name
    }
    fn references(&self) -> Vec<RecordRef> {
        self.stakeholder.iter().map(|s| s.to_ref()).collect()
    }
    fn validate(&self, _today: NaiveDate) -> Vec<Problem> {
        validate::user(self)
    }
}

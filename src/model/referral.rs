//! Referrals: a client sent to a stakeholder for a service or a placement.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ids::{ClientId, Meta, ReferralId, StakeholderId};
use super::vocab::*;

/// One step of a referral's status history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    /// The status entered.
    pub status: ReferralStatus,
    /// On which day.
    pub date: NaiveDate,
    /// Why, or what was agreed.
    pub note: String,
}

/// A client referred to a stakeholder. Partner access is scoped by these.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    /// Id, version, timestamps, archived flag.
    pub meta: Meta,
    /// Who is referred.
    pub client: ClientId,
    /// To whom.
    pub stakeholder: StakeholderId,
    /// Service or Griya Abhipraya placement.
    pub kind: ReferralKind,
    /// The service asked for (training, business capital …).
    pub service: String,
    /// Current status.
    pub status: ReferralStatus,
    /// Every status entered, oldest first.
    pub history: Vec<StatusChange>,
    /// Start of the service or placement.
    pub start: Option<NaiveDate>,
    /// End of the service or placement.
    pub end: Option<NaiveDate>,
    /// What came of it.
    pub outcome: String,
    /// Free notes.
    pub notes: String,
    /// The legal basis on which the client is shared with the partner
    /// without the client's consent (a court order, a regulation); empty
    /// when the sharing rests on consent.
    #[serde(skip)]
    pub legal_basis: Option<String>,
}

/// On what ground a referral shares its client with the partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ground<'a> {
    /// The client consented.
    Consent,
    /// Without consent, on this legal basis.
    LegalBasis(&'a str),
    /// None: the client has not consented (or withdrew consent) and no
    /// legal basis is recorded; nothing is shared.
    None,
}

impl Referral {
    /// The legal basis recorded, if any (blank is none).
    pub fn legal_basis(&self) -> Option<&str> {
        self.legal_basis.as_deref().map(str::trim).filter(|b| !b.is_empty())
    }

    /// On what ground the referral may share the client, whose consent
    /// stands as `consent`: consent first, else the legal basis.
    pub fn ground<'a>(&'a self, consent: &super::Consent) -> Ground<'a> {
        match self.legal_basis() {
            _ if consent.given => Ground::Consent,
            Some(basis) => Ground::LegalBasis(basis),
            None => Ground::None,
        }
    }

    /// Whether the referral shares its client with the partner on `today`:
    /// while it is proposed, accepted or active, and for `grace_days` after
    /// it was completed, declined or withdrawn; never while archived.
    pub fn shares(&self, today: NaiveDate, grace_days: u32) -> bool {
        if self.meta.archived {
            return false;
        }
        if !self.status.is_final() {
            return true;
        }
        let ended = self.history.iter().rev().find(|h| h.status == self.status).map(|h| h.date).or(self.end);
        ended.is_some_and(|d| today <= d + chrono::Duration::days(i64::from(grace_days)))
    }

    /// A new proposed referral.
    pub fn new(client: ClientId, stakeholder: StakeholderId, service: impl Into<String>, on: NaiveDate) -> Referral {
        Referral {
            client,
            stakeholder,
            service: service.into(),
            status: ReferralStatus::Proposed,
            history: vec![StatusChange { status: ReferralStatus::Proposed, date: on, note: String::new() }],
            ..Referral::default()
        }
    }

    /// The typed id.
    pub fn id(&self) -> ReferralId {
        ReferralId(self.meta.id)
    }

    /// The day it was proposed (first history entry).
    pub fn proposed_on(&self) -> Option<NaiveDate> {
        self.history.first().map(|h| h.date)
    }

    /// Moves the referral to `to`, recording the change; refuses transitions
    /// the flow does not allow and says which ones it does.
    pub fn move_to(
        &mut self,
        to: ReferralStatus,
        on: NaiveDate,
        note: impl Into<String>,
    ) -> Result<(), TransitionError> {
        if self.status == to {
            return Ok(());
        }
        if !self.status.can_move_to(to) {
            return Err(TransitionError { from: self.status, to });
        }
        self.status = to;
        self.history.push(StatusChange { status: to, date: on, note: note.into() });
        if to == ReferralStatus::Active && self.start.is_none() {
            self.start = Some(on);
        }
        if to.is_final() && self.end.is_none() && self.start.is_some() {
            self.end = Some(on);
        }
        Ok(())
    }
}

/// A status change the referral flow does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a referral cannot move from {from} to {to}")]
pub struct TransitionError {
    /// Where it was.
    pub from: ReferralStatus,
    /// Where it was asked to go.
    pub to: ReferralStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, 10, n).unwrap_or_default()
    }

    #[test]
    fn flow_records_history_and_dates() {
        let mut r = Referral::new(ClientId(1), StakeholderId(2), "modal usaha", day(1));
        r.move_to(ReferralStatus::Accepted, day(2), "").unwrap();
        r.move_to(ReferralStatus::Active, day(3), "").unwrap();
        r.move_to(ReferralStatus::Completed, day(20), "usaha berjalan").unwrap();
        assert_eq!(r.history.len(), 4);
        assert_eq!(r.start, Some(day(3)));
        assert_eq!(r.end, Some(day(20)));
    }

    #[test]
    fn impossible_transitions_are_refused() {
        let mut r = Referral::new(ClientId(1), StakeholderId(2), "", day(1));
        let err = r.move_to(ReferralStatus::Completed, day(2), "").unwrap_err();
        assert_eq!(err.to_string(), "a referral cannot move from proposed to completed");
        assert_eq!(r.status, ReferralStatus::Proposed);
        assert_eq!(r.history.len(), 1);
        r.move_to(ReferralStatus::Declined, day(2), "").unwrap();
        assert!(r.move_to(ReferralStatus::Accepted, day(3), "").is_err());
    }
}

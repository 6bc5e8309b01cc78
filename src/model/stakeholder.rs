//! Stakeholders (pemangku kepentingan): the partner institutions.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::client::Address;
use super::ids::{Meta, PartId, StakeholderId};
use super::vocab::*;

/// A contact person at a stakeholder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Stable id within the stakeholder (see [`PartId`]).
    #[serde(skip)]
    pub id: PartId,
    /// Name.
    pub name: String,
    /// Role or position.
    pub role: String,
    /// Telephone.
    pub phone: String,
    /// E-mail.
    pub email: String,
}

/// A partnership agreement (MoU or PKS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    /// Stable id within the stakeholder (see [`PartId`]).
    #[serde(skip)]
    pub id: PartId,
    /// MoU or PKS.
    pub kind: AgreementKind,
    /// Title or number.
    pub title: String,
    /// Date signed.
    pub signed: NaiveDate,
    /// Date it expires, if it does.
    pub expires: Option<NaiveDate>,
    /// Reporting is due every this many months (0: no reporting).
    pub report_every_months: u16,
    /// Dates on which reports were received.
    pub reports_received: Vec<NaiveDate>,
}

/// A partner institution.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stakeholder {
    /// Id, version, timestamps, archived flag.
    pub meta: Meta,
    /// Full name.
    pub name: String,
    /// Short name (LAZISMU, KADIN).
    pub short_name: String,
    /// Kind of institution.
    pub kind: StakeholderKind,
    /// Services or programme pillars offered.
    pub services: Vec<String>,
    /// Places it can offer at once, if limited.
    pub capacity: Option<u32>,
    /// Region it works in.
    pub region: String,
    /// Address.
    pub address: Address,
    /// Contact people.
    pub contacts: Vec<Contact>,
    /// Agreements.
    pub agreements: Vec<Agreement>,
    /// Whether it is a working partner.
    pub status: StakeholderStatus,
    /// Free notes.
    pub notes: String,
}

impl Stakeholder {
    /// A blank stakeholder of a kind.
    pub fn new(name: impl Into<String>, kind: StakeholderKind) -> Stakeholder {
        Stakeholder { name: name.into(), kind, ..Stakeholder::default() }
    }

    /// The typed id.
    pub fn id(&self) -> StakeholderId {
        StakeholderId(self.meta.id)
    }

    /// The short name where there is one, else the name.
    pub fn display_name(&self) -> &str {
        if self.short_name.trim().is_empty() { &self.name } else { &self.short_name }
    }
}

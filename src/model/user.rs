//! Users of the program and their roles.

use serde::{Deserialize, Serialize};

use super::ids::{Meta, StakeholderId, UserId};
use super::vocab::Role;
use crate::clock::Zone;

/// A person who uses simpul (locally or over SSH).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Id, version, timestamps, archived flag.
    pub meta: Meta,
    /// Login name (unique).
    pub name: String,
    /// Full name, for display.
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// The stakeholder a partner user belongs to.
    pub stakeholder: Option<StakeholderId>,
    /// May approve requests (supervisor).
    pub supervisor: bool,
    /// SSH public keys (OpenSSH format).
    pub keys: Vec<String>,
    /// Preferred language code (`id` or `en`).
    pub language: Option<String>,
    /// Preferred keymap (preset name or path).
    pub keymap: Option<String>,
    /// Disabled users cannot log in.
    pub disabled: bool,
    /// The user's own time zone, where it is not the office's (a WITA
    /// officer on a WIB server): their days begin at their midnight.
    pub zone: Option<Zone>,
    /// The name under which the case files of this user's clients name
    /// their officer (a client's `officer`, free text): what `officer:me`
    /// and "my clients" match. Empty: the full name stands for it. Stored
    /// in the extension area (tag 18).
    #[serde(skip)]
    pub officer: String,
}

impl User {
    /// A new enabled user.
    pub fn new(name: impl Into<String>, role: Role) -> User {
        User {
            meta: Meta::default(),
            name: name.into(),
            full_name: String::new(),
            role,
            stakeholder: None,
            supervisor: false,
            keys: Vec::new(),
            language: None,
            keymap: None,
            disabled: false,
            zone: None,
            officer: String::new(),
        }
    }

    /// The typed id.
    pub fn id(&self) -> UserId {
        UserId(self.meta.id)
    }

    /// The name the case files of this user's clients give as their
    /// officer: the officer name set for them, else their full name;
    /// `None` when neither is set, or for a partner or viewer (who is no
    /// probation officer).
    pub fn officer_name(&self) -> Option<&str> {
        if !matches!(self.role, Role::Officer | Role::Admin) {
            return None;
        }
        [self.officer.trim(), self.full_name.trim()].into_iter().find(|n| !n.is_empty())
    }
}

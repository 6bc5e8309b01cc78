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
        }
    }

    /// The typed id.
    pub fn id(&self) -> UserId {
        UserId(self.meta.id)
    }
}

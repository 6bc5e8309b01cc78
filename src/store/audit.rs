//! The audit log: who did what to which record, appended in the same
//! transaction as the change itself. The app offers no way to edit or
//! delete entries.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{RecordRef, Role, StakeholderId};

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    /// A record was created.
    Create,
    /// A record was changed.
    Update,
    /// A record was archived.
    Archive,
    /// An archived record was restored.
    Restore,
    /// A record was deleted for good.
    Delete,
    /// The database was migrated to a newer schema.
    Migrate,
    /// A user logged in.
    Login,
    /// A login was refused.
    LoginFailed,
    /// Data was exported.
    Export,
}

impl AuditAction {
    /// Stable lowercase name.
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Archive => "archive",
            AuditAction::Restore => "restore",
            AuditAction::Delete => "delete",
            AuditAction::Migrate => "migrate",
            AuditAction::Login => "login",
            AuditAction::LoginFailed => "login_failed",
            AuditAction::Export => "export",
        }
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Position in the log (1, 2, …).
    pub seq: u64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who (login or operating-system user).
    pub actor: String,
    /// What was done.
    pub action: AuditAction,
    /// To which record, if any.
    pub record: Option<RecordRef>,
    /// Which fields changed (top-level field names).
    pub fields: Vec<String>,
    /// Free detail (session, address, export target).
    pub note: String,
}

/// Who is acting: every write names one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Login or operating-system user name.
    pub name: String,
    /// Role, which later decides what the store lets them do.
    pub role: Role,
    /// For partner users, their stakeholder.
    pub stakeholder: Option<StakeholderId>,
}

impl Actor {
    /// The operating-system user running a local `simpul`.
    pub fn local() -> Actor {
        let name = ["USER", "LOGNAME", "USERNAME"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
            .unwrap_or_else(|| "local".to_string());
        Actor { name: sanitize_name(&name), role: Role::Admin, stakeholder: None }
    }

    /// An actor with a name and role (the SSH server builds these from users).
    pub fn new(name: &str, role: Role) -> Actor {
        Actor { name: sanitize_name(name), role, stakeholder: None }
    }
}

/// Names come from the environment or the network: keep them printable and short.
fn sanitize_name(s: &str) -> String {
    let cleaned: String = s.chars().filter(|c| !c.is_control()).take(64).collect();
    if cleaned.trim().is_empty() { "unknown".to_string() } else { cleaned }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_names_are_cleaned() {
        assert_eq!(Actor::new("budi\x1b[2J", Role::Officer).name, "budi[2J");
        assert_eq!(Actor::new("\x07", Role::Officer).name, "unknown");
        assert_eq!(Actor::new(&"x".repeat(100), Role::Officer).name.len(), 64);
    }
}

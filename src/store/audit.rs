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
    /// A client was flagged (the message in the note).
    Flag,
    /// A flag was taken off (the reason in the note).
    Unflag,
    /// An approval was asked for.
    Request,
    /// An approval request was decided.
    Decide,
    /// A record or sub-record was erased for good by an administrator
    /// (the reason in the note; never the data).
    Purge,
    /// A day the office is closed was entered, changed or taken out (what
    /// and which day in the note).
    Calendar,
    /// A document was added to a record (its number in the note).
    Attach,
}

impl AuditAction {
    /// Every action, in declaration order.
    pub const ALL: [AuditAction; 16] = [
        AuditAction::Create,
        AuditAction::Update,
        AuditAction::Archive,
        AuditAction::Restore,
        AuditAction::Delete,
        AuditAction::Migrate,
        AuditAction::Login,
        AuditAction::LoginFailed,
        AuditAction::Export,
        AuditAction::Flag,
        AuditAction::Unflag,
        AuditAction::Request,
        AuditAction::Decide,
        AuditAction::Purge,
        AuditAction::Calendar,
        AuditAction::Attach,
    ];

    /// The action with this code.
    pub fn from_code(s: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == s)
    }

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
            AuditAction::Flag => "flag",
            AuditAction::Unflag => "unflag",
            AuditAction::Request => "request",
            AuditAction::Decide => "decide",
            AuditAction::Purge => "purge",
            AuditAction::Calendar => "calendar",
            AuditAction::Attach => "attach",
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
    /// May decide approval requests (a supervisor; admins may too).
    pub supervisor: bool,
    /// The user's own time zone, where it is not the office's: their
    /// today decides which dates are still to come.
    pub zone: Option<crate::clock::Zone>,
    /// The name their clients' case files give as officer
    /// ([`crate::model::User::officer_name`]): what `officer:me` and "my
    /// clients" match. `None` for the local user and for those who are no
    /// officer.
    pub officer: Option<String>,
}

impl Actor {
    /// Whether they decide approval requests: supervisors among officers, and admins.
    pub fn may_decide(&self) -> bool {
        self.may(super::rules::Op::Decide)
    }
}

impl Actor {
    /// The operating-system user running a local `simpul`.
    pub fn local() -> Actor {
        let name = ["USER", "LOGNAME", "USERNAME"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
            .unwrap_or_else(|| "local".to_string());
        Actor {
            name: sanitize_name(&name),
            role: Role::Admin,
            stakeholder: None,
            supervisor: false,
            zone: None,
            officer: None,
        }
    }

    /// An actor with a name and role.
    pub fn new(name: &str, role: Role) -> Actor {
        Actor { name: sanitize_name(name), role, stakeholder: None, supervisor: false, zone: None, officer: None }
    }

    /// A user of the database at work: their role, stakeholder, whether
    /// they supervise, their time zone and their officer name.
    pub fn of_user(user: &crate::model::User) -> Actor {
        Actor {
            stakeholder: user.stakeholder,
            supervisor: user.supervisor,
            zone: user.zone,
            officer: user.officer_name().map(str::to_string),
            ..Actor::new(&user.name, user.role)
        }
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

/// Which audit entries to show: every part given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only this user's.
    pub user: Option<String>,
    /// Only about this record.
    pub record: Option<RecordRef>,
    /// Only of this kind of action.
    pub action: Option<AuditAction>,
    /// On or after this day (UTC).
    pub since: Option<chrono::NaiveDate>,
    /// On or before this day (UTC).
    pub until: Option<chrono::NaiveDate>,
    /// Words that must all appear in the user, fields or note (case folded).
    pub words: Vec<String>,
}

/// Why an audit query was not understood: the piece, and what it should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditQueryError {
    /// `record:` with something that is not a record id.
    Record(String),
    /// `since:`/`until:` with something that is not a date.
    Date(String),
    /// `action:` with an unknown action.
    Action(String),
}

impl AuditFilter {
    /// Reads `user:siti record:K-000001 action:update since:2026-11-01 until:today words…`
    /// (`pengguna:`, `data:`, `aksi:`, `sejak:`, `sampai:` in Indonesian).
    /// `action:` takes an action's code, or a name `named` knows.
    pub fn parse_with(
        text: &str,
        today: chrono::NaiveDate,
        named: impl Fn(&str) -> Option<AuditAction>,
    ) -> Result<AuditFilter, AuditQueryError> {
        let mut f = AuditFilter::default();
        for word in text.split_whitespace() {
            let (name, value) = match word.split_once(':') {
                Some((n, v)) if !v.is_empty() => (n.to_lowercase(), v),
                _ => {
                    f.words.push(crate::model::fold::fold(word));
                    continue;
                }
            };
            let date = |v: &str| {
                crate::model::input::parse_date(v, today).map_err(|_| AuditQueryError::Date(word.to_string()))
            };
            match name.as_str() {
                "user" | "pengguna" => f.user = Some(value.to_string()),
                "record" | "data" | "id" => {
                    f.record = Some(RecordRef::parse(value).ok_or_else(|| AuditQueryError::Record(word.to_string()))?)
                }
                "action" | "aksi" => {
                    let value = value.to_lowercase();
                    f.action = Some(
                        AuditAction::from_code(&value)
                            .or_else(|| named(&value))
                            .ok_or_else(|| AuditQueryError::Action(word.to_string()))?,
                    )
                }
                "since" | "sejak" => f.since = Some(date(value)?),
                "until" | "sampai" => f.until = Some(date(value)?),
                _ => f.words.push(crate::model::fold::fold(word)),
            }
        }
        Ok(f)
    }

    /// Whether an entry passes.
    pub fn matches(&self, e: &AuditEntry) -> bool {
        let day = e.at.date_naive();
        if self.user.as_deref().is_some_and(|u| e.actor != u)
            || self.record.is_some_and(|r| e.record != Some(r))
            || self.action.is_some_and(|a| e.action != a)
            || self.since.is_some_and(|d| day < d)
            || self.until.is_some_and(|d| day > d)
        {
            return false;
        }
        if self.words.is_empty() {
            return true;
        }
        let hay = crate::model::fold::fold(&format!(
            "{} {} {} {} {}",
            e.actor,
            e.action.code(),
            e.record.map(|r| r.to_string()).unwrap_or_default(),
            e.fields.join(" "),
            e.note
        ));
        self.words.iter().all(|w| hay.contains(w.as_str()))
    }

    /// True when entries older than `since` can stop a newest-first scan.
    pub fn past(&self, e: &AuditEntry) -> bool {
        self.since.is_some_and(|d| e.at.date_naive() < d)
    }
}

#[cfg(test)]
mod filter_tests {
    use super::*;

    fn entry(actor: &str, action: AuditAction, record: Option<RecordRef>, day: u32, note: &str) -> AuditEntry {
        AuditEntry {
            seq: 1,
            at: chrono::NaiveDate::from_ymd_opt(2026, 11, day)
                .and_then(|d| d.and_hms_opt(9, 0, 0))
                .map(|t| t.and_utc())
                .unwrap_or_default(),
            actor: actor.into(),
            action,
            record,
            fields: vec!["officer".into()],
            note: note.into(),
        }
    }

    #[test]
    fn queries_filter_by_user_record_action_dates_and_words() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let k1 = RecordRef::parse("K-000001");
        let e = entry("siti", AuditAction::Update, k1, 20, "Ubah PK");
        let ok = |q: &str| AuditFilter::parse(q, today).unwrap().matches(&e);
        assert!(ok(""));
        assert!(ok("user:siti record:K-000001 action:update"));
        assert!(ok("pengguna:siti aksi:update sejak:2026-11-01 sampai:20/11/2026"));
        assert!(ok("officer"), "fields are searched");
        assert!(ok("ubah pk"), "and the note, case folded");
        assert!(!ok("user:rina"));
        assert!(!ok("record:K-000002"));
        assert!(!ok("action:export"));
        assert!(!ok("since:2026-11-21"));
        assert!(!ok("until:2026-11-19"));
        assert!(!ok("officer nik"));
        assert_eq!(AuditFilter::parse("record:X", today), Err(AuditQueryError::Record("record:X".into())));
        assert_eq!(
            AuditFilter::parse("since:kemarin-lusa", today),
            Err(AuditQueryError::Date("since:kemarin-lusa".into()))
        );
        assert_eq!(AuditFilter::parse("action:hapuss", today), Err(AuditQueryError::Action("action:hapuss".into())));
        // an action by its Indonesian name, as the interface shows it
        assert_eq!(AuditFilter::parse("aksi:hapus", today).map(|f| f.action), Ok(Some(AuditAction::Delete)));
        assert_eq!(AuditFilter::parse("aksi:ubah", today).map(|f| f.action), Ok(Some(AuditAction::Update)));
        assert!(AuditFilter::parse("since:2026-11-21", today).unwrap().past(&e));
    }
}

//! `simpul user …`: the people who may log in to `simpul serve`.
//!
//! Users are records like any other (audited, versioned); login names are
//! unique and public keys are what they log in with.

use crate::model::{Record, Role, StakeholderId, User};
use crate::store::{Actor, Store, StoreError};

/// Why a user command failed.
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    /// No user has that login name.
    #[error("no user is called {0}")]
    Unknown(String),
    /// The login name is taken.
    #[error("the login name {0} is taken")]
    Taken(String),
    /// The key is not one of the user's.
    #[error("{0} has no such key")]
    NoSuchKey(String),
    /// A time zone that is not known.
    #[error("unknown time zone {0}")]
    BadZone(String),
    /// A language that is not offered.
    #[error("unknown language {0}")]
    BadLang(String),
    /// A keymap that is not a preset.
    #[error("unknown keymap {0}")]
    BadKeymap(String),
    /// A role that is not one of the four.
    #[error("unknown role {0}")]
    BadRole(String),
    /// The store refused (validation problems, missing stakeholder …).
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// What a new user is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// The partner's stakeholder (partners only).
    pub stakeholder: Option<StakeholderId>,
    /// Public keys.
    pub keys: Vec<String>,
    /// Full name.
    pub full_name: String,
    /// May approve requests.
    pub supervisor: bool,
    /// The name their clients' case files give as officer (empty: the full name).
    pub officer: String,
}

/// Adds a user; the login name must be free.
pub fn add(store: &Store, actor: &Actor, new: NewUser) -> Result<User, UserError> {
    if store.user_by_name(&new.name)?.is_some() {
        return Err(UserError::Taken(new.name));
    }
    let mut u = User::new(new.name, new.role);
    u.stakeholder = new.stakeholder;
    u.keys = new.keys.iter().map(|k| k.trim().to_string()).collect();
    u.full_name = new.full_name;
    u.supervisor = new.supervisor;
    u.officer = new.officer.split_whitespace().collect::<Vec<_>>().join(" ");
    Ok(store.create(actor, u)?)
}

/// The role with this code (`admin`, `officer`, `partner`, `viewer`).
pub fn parse_role(code: &str) -> Result<Role, UserError> {
    Role::from_code(code.trim()).ok_or_else(|| UserError::BadRole(code.trim().to_string()))
}

/// What the store would say of the fields of `new` whose names start
/// with one of `fields` (`name`, `keys`, …), and whether the login name is
/// free when `name` is among them: an interface asking one field at a
/// time refuses a bad answer when it is given, with the store's words.
pub fn check(store: &Store, new: &NewUser, fields: &[&str]) -> Result<(), UserError> {
    if fields.contains(&"name") && store.user_by_name(new.name.trim())?.is_some() {
        return Err(UserError::Taken(new.name.trim().to_string()));
    }
    let mut u = User::new(new.name.trim(), new.role);
    u.stakeholder = new.stakeholder;
    u.keys = new.keys.iter().map(|k| k.trim().to_string()).collect();
    u.full_name = new.full_name.clone();
    let problems: Vec<_> = crate::model::validate::user(&u)
        .into_iter()
        .filter(|p| fields.iter().any(|f| p.field.starts_with(f)))
        .collect();
    if problems.is_empty() {
        return Ok(());
    }
    Err(UserError::Store(StoreError::Invalid(u.record_ref(), problems)))
}

fn find(store: &Store, name: &str) -> Result<User, UserError> {
    store.user_by_name(name)?.ok_or_else(|| UserError::Unknown(name.to_string()))
}

/// Adds a public key to a user.
pub fn add_key(store: &Store, actor: &Actor, name: &str, key: &str) -> Result<User, UserError> {
    let mut u = find(store, name)?;
    let key = key.trim().to_string();
    if !u.keys.contains(&key) {
        u.keys.push(key);
    }
    Ok(store.update(actor, u)?)
}

/// Removes a key, given whole, by its comment, or by its number in `user list` (1-based).
pub fn remove_key(store: &Store, actor: &Actor, name: &str, which: &str) -> Result<User, UserError> {
    let mut u = find(store, name)?;
    let which = which.trim();
    let pos = u.keys.iter().position(|k| {
        k == which || k.split_whitespace().nth(2) == Some(which) || k.split_whitespace().nth(1) == Some(which)
    });
    let pos = pos.or_else(|| which.parse::<usize>().ok().filter(|n| *n >= 1 && *n <= u.keys.len()).map(|n| n - 1));
    let Some(pos) = pos else { return Err(UserError::NoSuchKey(name.to_string())) };
    u.keys.remove(pos);
    Ok(store.update(actor, u)?)
}

/// A user's own settings to change; `None` leaves one as it is.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Time zone: an IANA name, WIB/WITA/WIT, an offset, or `office`
    /// (their days are the office's again).
    pub zone: Option<String>,
    /// Language: `id`, `en`, or `default` (the server's).
    pub language: Option<String>,
    /// Keymap preset, or `default`.
    pub keymap: Option<String>,
    /// The name their clients' case files give as officer (what
    /// `officer:me` and "my clients" match); empty: their full name again.
    pub officer: Option<String>,
}

impl Settings {
    /// Whether nothing is to be changed.
    pub fn is_empty(&self) -> bool {
        self.zone.is_none() && self.language.is_none() && self.keymap.is_none() && self.officer.is_none()
    }
}

/// Changes a user's time zone, language, keymap or officer name; a bad
/// value changes nothing.
pub fn set(store: &Store, actor: &Actor, name: &str, settings: &Settings) -> Result<User, UserError> {
    let mut u = find(store, name)?;
    if let Some(z) = &settings.zone {
        u.zone = match z.trim() {
            t if t.eq_ignore_ascii_case("office") => None,
            t => Some(t.parse::<crate::clock::Zone>().map_err(|_| UserError::BadZone(t.to_string()))?),
        };
    }
    if let Some(l) = &settings.language {
        u.language = match l.trim() {
            t if t.eq_ignore_ascii_case("default") => None,
            t => {
                Some(crate::model::Lang::parse(t).ok_or_else(|| UserError::BadLang(t.to_string()))?.code().to_string())
            }
        };
    }
    if let Some(k) = &settings.keymap {
        let k = k.trim();
        if crate::keymap::Keymap::preset(k).is_err() {
            return Err(UserError::BadKeymap(k.to_string()));
        }
        u.keymap = (k != crate::keymap::DEFAULT_PRESET).then(|| k.to_string());
    }
    if let Some(o) = &settings.officer {
        u.officer = o.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    Ok(store.update(actor, u)?)
}

/// Disables (or enables again) a user.
pub fn set_disabled(store: &Store, actor: &Actor, name: &str, disabled: bool) -> Result<User, UserError> {
    let mut u = find(store, name)?;
    u.disabled = disabled;
    Ok(store.update(actor, u)?)
}

/// Every user, by login name.
pub fn list(store: &Store) -> Result<Vec<User>, StoreError> {
    let mut users: Vec<User> = store.scan::<User>().collect::<Result<_, _>>()?;
    users.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(users)
}

/// A short, safe description of a key: algorithm, start of the key, comment.
pub fn describe_key(key: &str) -> String {
    let mut parts = key.split_whitespace();
    let algo = parts.next().unwrap_or("?");
    let body = parts.next().unwrap_or("");
    let comment: String = parts.collect::<Vec<_>>().join(" ");
    let tail: String = body.chars().rev().take(8).collect::<Vec<_>>().into_iter().rev().collect();
    crate::sanitize::sanitize(&format!("{algo} …{tail} {comment}")).trim().to_string()
}

/// The reference of a user record, for messages.
pub fn reference(u: &User) -> String {
    u.record_ref().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Stakeholder, StakeholderKind};

    const KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKexampleexampleexampleexampleexamplexx siti@laptop";

    #[test]
    fn users_are_added_keyed_and_disabled() {
        let (_dir, s) = crate::store::temp_store();
        let a = Actor::new("admin", Role::Admin);
        let laz = s.create(&a, Stakeholder::new("LAZISMU Jatim", StakeholderKind::Zakat)).unwrap();
        let new = |name: &str, role, stakeholder| NewUser {
            name: name.into(),
            role,
            stakeholder,
            keys: vec![KEY.into()],
            full_name: String::new(),
            supervisor: false,
            officer: String::new(),
        };
        add(&s, &a, new("siti", Role::Officer, None)).unwrap();
        assert!(matches!(add(&s, &a, new("siti", Role::Viewer, None)), Err(UserError::Taken(_))));
        // a partner needs its stakeholder, and it must exist
        assert!(matches!(add(&s, &a, new("laz", Role::Partner, None)), Err(UserError::Store(StoreError::Invalid(..)))));
        assert!(matches!(
            add(&s, &a, new("laz", Role::Partner, Some(StakeholderId(99)))),
            Err(UserError::Store(StoreError::Dangling { .. }))
        ));
        add(&s, &a, new("laz", Role::Partner, Some(laz.id()))).unwrap();
        let u = add_key(&s, &a, "siti", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIsecondsecondsecondsecondsecond siti@hp")
            .unwrap();
        assert_eq!(u.keys.len(), 2);
        let u = remove_key(&s, &a, "siti", "siti@laptop").unwrap();
        assert_eq!(u.keys.len(), 1);
        assert!(matches!(remove_key(&s, &a, "siti", "nope"), Err(UserError::NoSuchKey(_))));
        let u = set_disabled(&s, &a, "siti", true).unwrap();
        assert!(u.disabled);
        assert_eq!(list(&s).unwrap().iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), vec!["laz", "siti"]);
        assert_eq!(describe_key(KEY), "ssh-ed25519 …xamplexx siti@laptop");
        assert!(matches!(set_disabled(&s, &a, "budi", true), Err(UserError::Unknown(_))));
    }

    /// The officer name links a user to the case files that name them as
    /// officer: stored in the extension area, it survives the store being
    /// opened again, and the session's actor carries it (the full name
    /// standing in when none is set; partners and viewers have none).
    #[test]
    fn the_officer_name_is_set_kept_and_carried_by_the_actor() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let a = Actor::new("admin", Role::Admin);
        {
            let s = Store::open(&path, &crate::store::OpenOptions::default()).unwrap();
            let new = |name: &str, role, full_name: &str, officer: &str| NewUser {
                name: name.into(),
                role,
                stakeholder: None,
                keys: vec![KEY.into()],
                full_name: full_name.into(),
                supervisor: false,
                officer: officer.into(),
            };
            add(&s, &a, new("rina", Role::Officer, "Rina Wulandari, S.Sos.", "  Rina   Wulandari ")).unwrap();
            add(&s, &a, new("agus", Role::Officer, "Agus Salim", "")).unwrap();
            add(&s, &a, new("vera", Role::Viewer, "Vera", "Vera")).unwrap();
            add(&s, &a, new("anon", Role::Officer, "", "")).unwrap();
        }
        let s = Store::open(&path, &crate::store::OpenOptions::default()).unwrap();
        let actor = |name: &str| Actor::of_user(&s.user_by_name(name).unwrap().unwrap());
        assert_eq!(s.user_by_name("rina").unwrap().unwrap().officer, "Rina Wulandari", "spacing tidied, kept");
        assert_eq!(actor("rina").officer.as_deref(), Some("Rina Wulandari"));
        assert_eq!(actor("agus").officer.as_deref(), Some("Agus Salim"), "the full name stands in");
        assert_eq!(actor("vera").officer, None, "a viewer is no officer");
        assert_eq!(actor("anon").officer, None);
        assert_eq!(Actor::local().officer, None);

        let set_officer = |name: &str, officer: &str| {
            set(&s, &a, name, &Settings { officer: Some(officer.into()), ..Settings::default() })
        };
        set_officer("anon", "Dwi Hartono").unwrap();
        assert_eq!(actor("anon").officer.as_deref(), Some("Dwi Hartono"));
        set_officer("rina", "").unwrap();
        assert_eq!(actor("rina").officer.as_deref(), Some("Rina Wulandari, S.Sos."), "the full name again");
        assert!(
            Settings::default().is_empty()
                && !Settings { officer: Some(String::new()), ..Settings::default() }.is_empty()
        );
        let long = "x".repeat(500);
        assert!(matches!(set_officer("anon", &long), Err(UserError::Store(StoreError::Invalid(..)))));
        assert_eq!(actor("anon").officer.as_deref(), Some("Dwi Hartono"), "a bad name changes nothing");
    }
}
